//! Backup and restore as JSON Lines: a header line, then one line per record.
//! ```text
//! {"format":"asystent-backup","version":2,"schema":1,"created":"2026-11-22T08:00:00+01:00","counts":{"staff":12,…}}
//! {"kind":"staff","rev":1,"record":{"id":1,"login":"anowak",…}}
//! {"kind":"family","rev":3,"record":{…}}
//! {"kind":"audit","entry":{"at":"2026-11-22T08:01:00","login":"anowak",…}}
//! ```
//! The audit log comes last, oldest entry first (version 3); a restore appends it to
//! the log of the database restored into, in the same order.
//! The records are serde's JSON of the domain structs, so a backup can be read by a
//! person and by any JSON tool. A restore file is untrusted input: every line is
//! parsed and checked before anything is written, and a bad one is refused with its
//! line number. Revisions are kept, so a restored register continues where it was.

use std::collections::HashMap;
use std::fs::{File, OpenOptions};
use std::io::{self, BufRead, BufReader, BufWriter, Read, Write};
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use thiserror::Error;

use super::keys::{self, Index};
use super::{
    Check, DAYS_POS, DIGEST_POS, DIRTY_POS, INDEX_BASE, META_POS, SCHEMA_VERSION, SUMMARY_POS,
    Store, StoreError, Stored, Versioned,
};
use super::{decode_versioned, readable, sled_error};
use crate::domain::audit::AuditEntry;
use crate::domain::{
    Assessment, Cooperation, CourtRequest, Family, Member, Staff, Visit, WorkPlan,
};

/// The `format` of a backup header.
pub const BACKUP_FORMAT: &str = "asystent-backup";

/// The newest backup format version this program reads, and the one it writes.
/// Version 2 has the records of family version 2, cooperation version 2 and visit
/// version 2; a version 1 file (or a version 2 file from before visits kept their
/// history) still restores, its records taking defaults for the new fields. Version 3
/// adds the audit log; an older file restores without one.
pub const BACKUP_VERSION: u32 = 3;

/// Longest line a restore reads, so that a file without newlines cannot exhaust memory.
pub const MAX_LINE_BYTES: usize = 16 * 1024 * 1024;

/// Records per kind, as in a backup header.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Counts {
    /// Staff accounts.
    pub staff: u64,
    /// Families.
    pub family: u64,
    /// Family members.
    pub member: u64,
    /// Work plans.
    pub plan: u64,
    /// Visits.
    pub visit: u64,
    /// Periodic assessments.
    pub assessment: u64,
    /// Court requests.
    pub court_request: u64,
    /// Cooperation entries.
    pub cooperation: u64,
    /// Entries of the audit log (not records: not in [`Counts::by_kind`] nor in
    /// [`Counts::total`]; none in a file older than version 3).
    #[serde(default)]
    pub audit: u64,
}

impl Counts {
    /// (kind, count) in the order of a backup file.
    pub fn by_kind(&self) -> [(&'static str, u64); 8] {
        [
            (Staff::KIND, self.staff),
            (Family::KIND, self.family),
            (Member::KIND, self.member),
            (WorkPlan::KIND, self.plan),
            (Visit::KIND, self.visit),
            (Assessment::KIND, self.assessment),
            (CourtRequest::KIND, self.court_request),
            (Cooperation::KIND, self.cooperation),
        ]
    }

    /// Records over every kind.
    pub fn total(&self) -> u64 {
        self.by_kind().iter().map(|(_, n)| n).sum()
    }
}

/// What a backup wrote, and the damaged records it could not write.
#[derive(Debug)]
pub struct BackupSummary {
    /// Records written, per kind (also in the header).
    pub counts: Counts,
    /// Records left out because they do not decode ([`StoreError::Corrupt`]).
    pub damaged: Vec<StoreError>,
}

/// Why a line of a restore file was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LineProblem {
    /// The file has no lines at all.
    EmptyFile,
    /// The line is empty.
    EmptyLine,
    /// The line is longer than [`MAX_LINE_BYTES`].
    TooLong,
    /// The line is not valid JSON, or not the JSON expected (with serde's message).
    BadJson(String),
    /// The first line is not an asystent backup header.
    NotABackup,
    /// The backup was written in a newer format version.
    NewerVersion {
        /// Version in the header.
        found: u64,
        /// Newest version this program reads.
        known: u32,
    },
    /// The backup comes from a database with another schema version.
    OtherSchema {
        /// Schema in the header.
        found: u64,
        /// Schema of this program.
        known: u32,
    },
    /// The header is not complete or not valid (with what is wrong).
    BadHeader(String),
    /// The record kind is not one this program knows.
    UnknownKind(String),
    /// The record does not fit its kind (with serde's message).
    BadRecord {
        /// Kind named on the line.
        kind: String,
        /// What is wrong.
        reason: String,
    },
    /// Revision 0; revisions start at 1.
    BadRevision,
    /// A record line without a revision.
    NoRevision,
    /// An audit line with a revision (entries of the audit log have none).
    AuditRevision,
    /// The same record appears on an earlier line.
    Duplicate {
        /// Kind of the record.
        kind: &'static str,
        /// Record id.
        id: u64,
        /// The earlier line.
        first_line: usize,
    },
}

/// Everything that can go wrong in a backup or a restore.
#[derive(Debug, Error)]
pub enum BackupError {
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// A backup would overwrite an existing file.
    #[error("{path} already exists")]
    Exists {
        /// Target file.
        path: PathBuf,
    },
    /// The backup file could not be written.
    #[error("cannot write {path}: {source}")]
    Write {
        /// Target file.
        path: PathBuf,
        /// Underlying error.
        source: io::Error,
    },
    /// The restore file could not be read.
    #[error("cannot read {path}: {source}")]
    Read {
        /// Source file.
        path: PathBuf,
        /// Underlying error.
        source: io::Error,
    },
    /// A restore into a database that holds records.
    #[error("database {path} is not empty")]
    NotEmpty {
        /// Database directory.
        path: PathBuf,
    },
    /// A line of the restore file was refused.
    #[error("line {line}: {problem:?}")]
    Line {
        /// Line number, from 1.
        line: usize,
        /// What is wrong with it.
        problem: LineProblem,
    },
    /// The file holds another number of records of a kind than its header announces.
    #[error("the header announces {announced} {kind} records, the file holds {found}")]
    CountMismatch {
        /// Record kind.
        kind: &'static str,
        /// Count in the header.
        announced: u64,
        /// Records found.
        found: u64,
    },
}

/// A record kind as it is named in a backup.
trait Kind: Stored + Sized {
    /// The `kind` of its lines.
    const KIND: &'static str;
    /// Its count in a [`Counts`].
    fn count(counts: &mut Counts) -> &mut u64;
    /// Its list in a [`Records`].
    fn list(records: &mut Records) -> &mut Vec<(Versioned<Self>, usize)>;
}

macro_rules! kinds {
    ($($ty:ty => $kind:ident, $list:ident;)+) => {
        $(impl Kind for $ty {
            const KIND: &'static str = stringify!($kind);
            fn count(counts: &mut Counts) -> &mut u64 {
                &mut counts.$kind
            }
            fn list(records: &mut Records) -> &mut Vec<(Versioned<Self>, usize)> {
                &mut records.$list
            }
        })+

        /// Every record of a parsed restore file, with its revision and line number.
        #[derive(Debug, Default)]
        struct Records {
            $($list: Vec<(Versioned<$ty>, usize)>,)+
        }

        impl Records {
            /// Records per kind.
            fn counts(&self) -> Counts {
                Counts {
                    $($kind: self.$list.len() as u64,)+
                    audit: 0,
                }
            }
        }

        /// Parses the `record` of a line of kind `kind` into its list; returns its identity.
        fn parse_record(
            records: &mut Records,
            kind: &str,
            rev: u64,
            line: &[u8],
            number: usize,
        ) -> Result<RecordKey, LineProblem> {
            match kind {
                $(stringify!($kind) => parse_into::<$ty>(records, rev, line, number),)+
                other => Err(LineProblem::UnknownKind(clip(other, 40))),
            }
        }

        impl Store {
            /// Writes the line of every record that decodes, checking them against `counts`.
            fn write_records(
                &self,
                out: &mut impl Write,
                counts: &Counts,
            ) -> Result<(), WriteError> {
                let mut written = Counts::default();
                $(self.write_kind::<$ty>(out, &mut written)?;)+
                if written != (Counts { audit: 0, ..*counts }) {
                    // Impossible while we hold the store exclusively; refuse rather than
                    // leave a backup whose header does not match its lines.
                    return Err(WriteError::Store(StoreError::Io(
                        "the database changed during the backup".into(),
                    )));
                }
                Ok(())
            }

            /// Counts the records that decode, per kind, and collects the damaged ones.
            fn count_records(&self) -> Result<(Counts, Vec<StoreError>), StoreError> {
                let mut counts = Counts::default();
                let mut damaged = Vec::new();
                $(damaged.extend(self.scan::<$ty>(|_| *<$ty>::count(&mut counts) += 1)?);)+
                Ok((counts, damaged))
            }

            /// Writes every parsed record, keeping its revision, without index entries
            /// (inside [`Store::write_bulk`]).
            fn write_parsed(&self, records: &Records) -> Result<(), StoreError> {
                $(self.write_chunked(
                    records.$list.iter().map(|(v, _)| (&v.value, Check::Keep(v.rev))),
                )?;)+
                Ok(())
            }
        }
    };
}

kinds! {
    Staff => staff, staff;
    Family => family, families;
    Member => member, members;
    WorkPlan => plan, plans;
    Visit => visit, visits;
    Assessment => assessment, assessments;
    CourtRequest => court_request, court_requests;
    Cooperation => cooperation, cooperation;
}

/// The first line of a backup.
#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Header {
    format: String,
    version: u32,
    schema: u32,
    created: String,
    counts: Counts,
}

/// A record line as written.
#[derive(Serialize)]
struct LineOut<'a, T> {
    kind: &'static str,
    rev: u64,
    record: &'a T,
}

/// The kind and revision of a line, read before its record (an audit line has no
/// revision).
#[derive(Deserialize)]
struct LineHead {
    kind: String,
    rev: Option<u64>,
}

/// The `kind` of an audit line.
const AUDIT_KIND: &str = "audit";

/// An audit line as written.
#[derive(Serialize)]
struct AuditOut<'a> {
    kind: &'static str,
    entry: &'a AuditEntry,
}

/// The entry of an audit line.
#[derive(Deserialize)]
struct AuditIn {
    entry: AuditEntry,
}

/// The record of a record line, once its kind is known.
#[derive(Deserialize)]
struct LineRecord<T> {
    record: T,
}

/// A failed write of backup lines: the store or the output.
enum WriteError {
    Store(StoreError),
    Io(io::Error),
}

impl From<StoreError> for WriteError {
    fn from(e: StoreError) -> Self {
        WriteError::Store(e)
    }
}

impl From<io::Error> for WriteError {
    fn from(e: io::Error) -> Self {
        WriteError::Io(e)
    }
}

impl From<serde_json::Error> for WriteError {
    fn from(e: serde_json::Error) -> Self {
        WriteError::Io(e.into())
    }
}

impl Store {
    /// Writes a backup of every record that decodes to `out`; returns what it wrote.
    /// `&mut self` is the consistency guarantee: nothing can save through this store
    /// while the backup reads it, and the lock file keeps every other process out, so
    /// the header's counts and the lines come from one unchanged database. Damaged
    /// records cannot be written; they are returned so that the caller can say so.
    pub fn backup(&mut self, out: &mut impl Write) -> Result<BackupSummary, BackupError> {
        self.backup_to(out).map_err(|e| match e {
            WriteError::Store(e) => BackupError::Store(e),
            WriteError::Io(source) => BackupError::Write {
                path: PathBuf::from("-"),
                source,
            },
        })
    }

    /// Writes a backup to a new file `path` (mode 0600), never over an existing one.
    /// The lines go to a temporary file beside it, which is synced and then renamed, so
    /// `path` appears only complete.
    pub fn backup_to_file(&mut self, path: &Path) -> Result<BackupSummary, BackupError> {
        if path.exists() {
            return Err(BackupError::Exists {
                path: path.to_path_buf(),
            });
        }
        let write_error = |source| BackupError::Write {
            path: path.to_path_buf(),
            source,
        };
        let name = path
            .file_name()
            .ok_or_else(|| write_error(io::Error::other("not a file name")))?;
        let mut tmp_name = std::ffi::OsString::from(".");
        tmp_name.push(name);
        tmp_name.push(".partial");
        let tmp = path.with_file_name(tmp_name);
        let result = (|| {
            // Only ours: a leftover of an earlier failed backup may go.
            let _ = std::fs::remove_file(&tmp);
            let file = OpenOptions::new()
                .write(true)
                .create_new(true)
                .mode(0o600)
                .open(&tmp)
                .map_err(WriteError::Io)?;
            let mut out = BufWriter::new(file);
            let summary = self.backup_to(&mut out)?;
            let file = out
                .into_inner()
                .map_err(|e| WriteError::Io(e.into_error()))?;
            file.sync_all()?;
            std::fs::rename(&tmp, path)?;
            // The rename is durable once the directory is synced; best effort.
            if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
                let _ = File::open(dir).and_then(|d| d.sync_all());
            }
            Ok(summary)
        })();
        result.map_err(|e| {
            let _ = std::fs::remove_file(&tmp);
            match e {
                WriteError::Store(e) => BackupError::Store(e),
                WriteError::Io(source) => write_error(source),
            }
        })
    }

    /// Restores a backup into this database, which must hold no records.
    /// The whole input is parsed and checked first (header, every line, the counts,
    /// no record twice); only then is anything written, with the revisions of the
    /// backup. A write that fails part-way (a full disk) clears what it wrote.
    pub fn restore(&self, input: impl BufRead) -> Result<Counts, BackupError> {
        self.restore_from(input, Path::new("-"))
    }

    /// Restores the backup file at `path` (see [`Store::restore`]).
    pub fn restore_from_file(&self, path: &Path) -> Result<Counts, BackupError> {
        // Refused before the file is even read: no half-merged registers.
        self.ensure_empty()?;
        let file = File::open(path).map_err(|source| BackupError::Read {
            path: path.to_path_buf(),
            source,
        })?;
        self.restore_from(BufReader::new(file), path)
    }

    fn restore_from(&self, mut input: impl BufRead, path: &Path) -> Result<Counts, BackupError> {
        self.ensure_empty()?;
        let (records, audit, counts) = parse(&mut input).map_err(|e| match e {
            ParseError::Io(source) => BackupError::Read {
                path: path.to_path_buf(),
                source,
            },
            ParseError::Backup(e) => e,
        })?;
        let written = self
            .write_bulk(|store| store.write_parsed(&records))
            .and_then(|()| self.refresh_summaries())
            .and_then(|()| self.append_audit_entries(&audit));
        if let Err(e) = written {
            // The database was empty: put it back that way, as far as it goes.
            let _ = self.clear_records();
            return Err(e.into());
        }
        Ok(counts)
    }

    fn backup_to(&mut self, out: &mut impl Write) -> Result<BackupSummary, WriteError> {
        let (mut counts, mut damaged) = self.count_records()?;
        // Counted here and written below, one entry at a time: years of a large
        // office's log need not be held in memory.
        let (_, damaged_audit) = self.audit_entries(|_| {
            counts.audit += 1;
            false
        })?;
        damaged.extend(damaged_audit);
        let header = Header {
            format: BACKUP_FORMAT.into(),
            version: BACKUP_VERSION,
            schema: SCHEMA_VERSION,
            created: chrono::Local::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, false),
            counts,
        };
        serde_json::to_writer(&mut *out, &header)?;
        out.write_all(b"\n")?;
        self.write_records(out, &counts)?;
        let (mut written, mut failed) = (0, None);
        self.audit_entries(|entry| {
            if failed.is_none() {
                let line = AuditOut {
                    kind: AUDIT_KIND,
                    entry,
                };
                match serde_json::to_writer(&mut *out, &line)
                    .map_err(WriteError::from)
                    .and_then(|()| Ok(out.write_all(b"\n")?))
                {
                    Ok(()) => written += 1,
                    Err(e) => failed = Some(e),
                }
            }
            false
        })?;
        if let Some(e) = failed {
            return Err(e);
        }
        if written != counts.audit {
            // As for the records: refuse rather than leave a header that lies.
            return Err(WriteError::Store(StoreError::Io(
                "the database changed during the backup".into(),
            )));
        }
        out.flush()?;
        Ok(BackupSummary { counts, damaged })
    }

    /// Writes the lines of one kind in key order, skipping damaged records.
    fn write_kind<R: Kind>(
        &self,
        out: &mut impl Write,
        written: &mut Counts,
    ) -> Result<(), WriteError> {
        for entry in self.records::<R>().iter() {
            // A damaged bucket was counted out in the first pass, like a record.
            let Some((key, bytes)) = readable(entry, &mut Vec::new())? else {
                continue;
            };
            // Damaged records were counted out in the first pass.
            let Ok(record) = decode_versioned::<R>(&key, &bytes) else {
                continue;
            };
            let line = LineOut {
                kind: R::KIND,
                rev: record.rev,
                record: &record.value,
            };
            serde_json::to_writer(&mut *out, &line)?;
            out.write_all(b"\n")?;
            *R::count(written) += 1;
        }
        Ok(())
    }

    /// Refuses a database that holds any record or index entry.
    fn ensure_empty(&self) -> Result<(), BackupError> {
        for tree in &self.trees[..META_POS] {
            if tree.first().map_err(sled_error)?.is_some() {
                return Err(BackupError::NotEmpty {
                    path: self.path.clone(),
                });
            }
        }
        Ok(())
    }

    /// Empties every record, index, summary, digest and day-count tree, then flushes.
    fn clear_records(&self) -> Result<(), StoreError> {
        self.note_digests_changed();
        let derived = [
            &self.trees[SUMMARY_POS],
            &self.trees[DIRTY_POS],
            &self.trees[DAYS_POS],
            &self.trees[DIGEST_POS],
        ];
        for tree in self.trees[..INDEX_BASE + Index::ALL.len()]
            .iter()
            .chain(derived)
        {
            tree.clear().map_err(sled_error)?;
        }
        self.flush()
    }
}

/// A failed parse: the input could not be read, or it is not a valid backup.
enum ParseError {
    Io(io::Error),
    Backup(BackupError),
}

impl From<io::Error> for ParseError {
    fn from(e: io::Error) -> Self {
        ParseError::Io(e)
    }
}

fn line_error(line: usize, problem: LineProblem) -> ParseError {
    ParseError::Backup(BackupError::Line { line, problem })
}

/// Reads and checks a whole backup without writing anything, as a restore does before
/// it writes: the counts it holds, or why it would be refused.
pub fn validate(mut input: impl BufRead) -> Result<Counts, BackupError> {
    parse(&mut input)
        .map(|(_, _, counts)| counts)
        .map_err(|e| match e {
            ParseError::Io(source) => BackupError::Read {
                path: Path::new("-").to_path_buf(),
                source,
            },
            ParseError::Backup(e) => e,
        })
}

/// Parses a whole backup: header, every line, and the counts against the header.
fn parse(input: &mut impl BufRead) -> Result<(Records, Vec<AuditEntry>, Counts), ParseError> {
    let mut buf = Vec::new();
    if !read_line(input, &mut buf).map_err(|e| too_long_or_io(e, 1))? {
        return Err(line_error(1, LineProblem::EmptyFile));
    }
    let header = parse_header(&buf).map_err(|p| line_error(1, p))?;
    let mut records = Records::default();
    let mut audit = Vec::new();
    // The line of every record so far, to name both lines of a duplicate.
    let mut seen: HashMap<RecordKey, usize> = HashMap::new();
    let mut number = 1;
    loop {
        number += 1;
        if !read_line(input, &mut buf).map_err(|e| too_long_or_io(e, number))? {
            break;
        }
        if buf.iter().all(u8::is_ascii_whitespace) {
            return Err(line_error(number, LineProblem::EmptyLine));
        }
        let head: LineHead =
            serde_json::from_slice(&buf).map_err(|e| line_error(number, bad_json(&e)))?;
        if head.kind == AUDIT_KIND {
            if head.rev.is_some() {
                return Err(line_error(number, LineProblem::AuditRevision));
            }
            let line: AuditIn =
                serde_json::from_slice(&buf).map_err(|e| line_error(number, bad_audit(&e)))?;
            audit.push(line.entry);
            continue;
        }
        let rev = match head.rev {
            Some(0) => return Err(line_error(number, LineProblem::BadRevision)),
            Some(rev) => rev,
            None => return Err(line_error(number, LineProblem::NoRevision)),
        };
        let key = parse_record(&mut records, &head.kind, rev, &buf, number)
            .map_err(|p| line_error(number, p))?;
        if let Some(first_line) = seen.insert(key, number) {
            return Err(line_error(
                number,
                LineProblem::Duplicate {
                    kind: key.0,
                    id: key.2,
                    first_line,
                },
            ));
        }
    }
    let found = Counts {
        audit: audit.len() as u64,
        ..records.counts()
    };
    let audit_counts = [(AUDIT_KIND, header.counts.audit)]
        .into_iter()
        .zip([(AUDIT_KIND, found.audit)]);
    for ((kind, announced), (_, found)) in header
        .counts
        .by_kind()
        .into_iter()
        .zip(found.by_kind())
        .chain(audit_counts)
    {
        if announced != found {
            return Err(ParseError::Backup(BackupError::CountMismatch {
                kind,
                announced,
                found,
            }));
        }
    }
    Ok((records, audit, found))
}

/// Reads one line without its newline into `buf`; false at the end of the input.
/// A line longer than [`MAX_LINE_BYTES`] is an error of kind `InvalidData`.
fn read_line(input: &mut impl BufRead, buf: &mut Vec<u8>) -> io::Result<bool> {
    buf.clear();
    let limit = MAX_LINE_BYTES as u64 + 1;
    let read = input.by_ref().take(limit).read_until(b'\n', buf)?;
    if read == 0 {
        return Ok(false);
    }
    if buf.last() == Some(&b'\n') {
        buf.pop();
    } else if buf.len() > MAX_LINE_BYTES {
        return Err(io::Error::new(io::ErrorKind::InvalidData, TooLong));
    }
    Ok(true)
}

/// Marker of a line over [`MAX_LINE_BYTES`] inside an `io::Error`.
#[derive(Debug, Error)]
#[error("line too long")]
struct TooLong;

fn too_long_or_io(e: io::Error, line: usize) -> ParseError {
    if e.get_ref().is_some_and(|inner| inner.is::<TooLong>()) {
        line_error(line, LineProblem::TooLong)
    } else {
        ParseError::Io(e)
    }
}

/// Checks the header line: format first, then versions, then the whole shape.
fn parse_header(line: &[u8]) -> Result<Header, LineProblem> {
    let value: serde_json::Value = serde_json::from_slice(line).map_err(|e| bad_json(&e))?;
    if value.get("format").and_then(|f| f.as_str()) != Some(BACKUP_FORMAT) {
        return Err(LineProblem::NotABackup);
    }
    match value.get("version").and_then(|v| v.as_u64()) {
        Some(found) if found > u64::from(BACKUP_VERSION) => {
            return Err(LineProblem::NewerVersion {
                found,
                known: BACKUP_VERSION,
            });
        }
        Some(found) if found >= 1 => {}
        _ => return Err(LineProblem::BadHeader("version".into())),
    }
    match value.get("schema").and_then(|v| v.as_u64()) {
        // Older schemas differ only in index trees and summaries, which a restore writes anew.
        Some(found) if (1..=u64::from(SCHEMA_VERSION)).contains(&found) => {}
        Some(found) => {
            return Err(LineProblem::OtherSchema {
                found,
                known: SCHEMA_VERSION,
            });
        }
        None => return Err(LineProblem::BadHeader("schema".into())),
    }
    let header: Header =
        serde_json::from_value(value).map_err(|e| LineProblem::BadHeader(e.to_string()))?;
    if chrono::DateTime::parse_from_rfc3339(&header.created).is_err() {
        return Err(LineProblem::BadHeader("created".into()));
    }
    Ok(header)
}

/// What makes a record one record: its kind and its key (`family_id` or 0, `id`).
type RecordKey = (&'static str, u64, u64);

/// Parses the record of a line of kind `R` and appends it to its list.
fn parse_into<R: Kind>(
    records: &mut Records,
    rev: u64,
    line: &[u8],
    number: usize,
) -> Result<RecordKey, LineProblem> {
    let parsed: LineRecord<R> =
        serde_json::from_slice(line).map_err(|e| LineProblem::BadRecord {
            kind: R::KIND.into(),
            reason: json_message(&e),
        })?;
    let key = parsed.record.key();
    // Keys are `id` or `family_id ‖ id`, both big-endian.
    let family = match key.len() {
        16 => keys::trailing_id(&key[..8]).unwrap_or(0),
        _ => 0,
    };
    let identity = (R::KIND, family, parsed.record.id());
    R::list(records).push((
        Versioned {
            rev,
            value: parsed.record,
        },
        number,
    ));
    Ok(identity)
}

/// An audit line that does not hold an entry, as a line problem.
fn bad_audit(e: &serde_json::Error) -> LineProblem {
    LineProblem::BadRecord {
        kind: AUDIT_KIND.into(),
        reason: json_message(e),
    }
}

/// A JSON error as a line problem.
fn bad_json(e: &serde_json::Error) -> LineProblem {
    LineProblem::BadJson(json_message(e))
}

/// serde_json's message with the column, without its "line 1" (a line is parsed alone).
fn json_message(e: &serde_json::Error) -> String {
    let text = e.to_string();
    let suffix = format!(" at line {} column {}", e.line(), e.column());
    // The message may quote the file: no control characters reach the terminal.
    match text.strip_suffix(&suffix) {
        Some(message) if e.line() > 0 => format!("{} (column {})", clip(message, 200), e.column()),
        _ => clip(&text, 200),
    }
}

/// At most `max` characters of text taken from a file, without control characters.
fn clip(text: &str, max: usize) -> String {
    text.chars().filter(|c| !c.is_control()).take(max).collect()
}
