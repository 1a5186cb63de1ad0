//! Storage: the only module that knows sled and bincode.
//! One sled database holds a typed tree per record kind, index trees, and a `meta`
//! tree with the schema version. Values are versioned envelopes (see [`codec`]);
//! keys are big-endian ids, index keys are composite (`family ‖ date ‖ …`, `staff ‖ family`).
//! The visits and their indexes are packed into buckets ([`packed`]).
//! A lock file of our own ([`lock`]) keeps a second process out before sled is opened.

pub mod audit;
pub mod backup;
pub mod check;
pub mod codec;
pub mod days;
pub mod digest_file;
pub mod drafts;
pub mod keys;
pub mod legacy;
pub mod lock;
mod packed;
pub mod start_file;
pub mod summaries;

use std::collections::BTreeMap;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use sled::transaction::{
    ConflictableTransactionError, ConflictableTransactionResult, TransactionError,
    TransactionalTree,
};
use sled::{IVec, Transactional, Tree};
use thiserror::Error;

use codec::Record;
use keys::Index;
use lock::DirLock;
use packed::{Packing, Table, TxTrees};

use crate::domain::{
    Assessment, Cooperation, CourtRequest, Dataset, Family, Id, Member, Staff, Visit, WorkPlan,
};

/// Schema version of the database as a whole, kept in the `meta` tree.
pub const SCHEMA_VERSION: u32 = 10;

/// Everything that can go wrong in the store, each with what the user needs to know.
/// Serializable so that the server can send it to a client (an IO error as its text).
#[derive(Debug, Error, Serialize, Deserialize)]
pub enum StoreError {
    /// Another process holds the lock file.
    #[error(
        "database {path} is in use by another asystent process (pid {pid}, user {user}, since {since})"
    )]
    Locked {
        /// Database directory.
        path: PathBuf,
        /// Process id written in the lock file ("?" if unreadable).
        pid: String,
        /// User written in the lock file ("?" if unreadable).
        user: String,
        /// Start time written in the lock file ("?" if unreadable).
        since: String,
    },
    /// The database was written by a newer program.
    #[error("database {path} has schema version {found}; this program knows up to {supported}")]
    NewerSchema {
        /// Database directory.
        path: PathBuf,
        /// Version found in the `meta` tree.
        found: u32,
        /// Newest version this program knows.
        supported: u32,
    },
    /// The directory could not be created, opened or locked.
    #[error("cannot use database directory {path}: {source}")]
    Directory {
        /// Database directory.
        path: PathBuf,
        /// Underlying error.
        #[serde(with = "io_error_text")]
        source: std::io::Error,
    },
    /// A stored value does not decode.
    #[error("record {key} in {tree} is damaged: {reason}")]
    Corrupt {
        /// Tree name.
        tree: String,
        /// Key, printed as hex.
        key: String,
        /// What the decoder said.
        reason: String,
    },
    /// A save over a record that changed since it was read.
    #[error(
        "{tree} record {id} was changed by someone else (revision {found}, expected {expected})"
    )]
    Conflict {
        /// Tree name.
        tree: String,
        /// Record id.
        id: Id,
        /// Revision found.
        found: u64,
        /// Revision the caller read.
        expected: u64,
    },
    /// The disk is full.
    #[error("the disk is full: nothing was saved")]
    DiskFull,
    /// Any other IO error from sled or the file system.
    #[error("storage error: {0}")]
    Io(String),
}

/// An IO error crosses the socket as its text and comes back as an `Other` error.
mod io_error_text {
    use serde::{Deserialize, Deserializer, Serializer};

    /// Writes the error's text.
    pub fn serialize<S: Serializer>(error: &std::io::Error, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&error.to_string())
    }

    /// Reads the text back as an error.
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<std::io::Error, D::Error> {
        String::deserialize(d).map(std::io::Error::other)
    }
}

/// Result of a store call.
pub type Result<T> = std::result::Result<T, StoreError>;

/// A record with the revision it was read at; saves compare it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Versioned<T> {
    /// Revision, 1 for a new record, +1 per save.
    pub rev: u64,
    /// The record.
    pub value: T,
}

/// Records of one kind that decoded, and the keys of those that did not.
#[derive(Debug)]
pub struct Loaded<T> {
    /// Decoded records with their revisions.
    pub records: Vec<Versioned<T>>,
    /// Records that failed to decode (tree, key as hex, reason); never fatal for a list.
    pub damaged: Vec<StoreError>,
}

/// The open database.
pub struct Store {
    /// Every tree, in the order of [`RECORD_TREES`], then [`Index::ALL`], then `meta`.
    trees: Vec<Tree>,
    drafts: drafts::Drafts,
    /// The audit log (see [`audit`]).
    audit: Tree,
    /// The audit log's entries by family.
    audit_by_family: Tree,
    db: sled::Db,
    path: PathBuf,
    /// The token of the digest file that `meta` held when the store was opened (taken
    /// out then, see [`digest_file`]).
    digest_file_token: Option<u128>,
    /// True once a family digest was written after the opening: the digest file no
    /// longer says what the register says.
    digests_changed: AtomicBool,
    /// The digest buckets as last decoded, by bucket key, in a store that keeps them
    /// ([`Store::keep_digests_decoded`]).
    decoded_digests: Option<summaries::DecodedDigests>,
    /// The day and the visits a day of the start file that a drop leaves beside a kept
    /// digest file ([`Store::leave_start_file_at_drop`]).
    start_at_drop: Option<(NaiveDate, u32)>,
    /// Declared last so that it is dropped last: sled is closed before the lock goes.
    _lock: DirLock,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store")
            .field("path", &self.path)
            .finish_non_exhaustive()
    }
}

/// Names of the sled trees of the records; a kind's position here is its [`Stored::POS`].
/// The packed kinds' trees are not named after their kind ([`Record::TREE`], the name
/// reported): schema 8 packed them into new trees, and its migration reads each old
/// tree while it writes the new one.
const RECORD_TREES: [&str; 8] = [
    Staff::TREE,
    Family::TREE,
    "family_members",
    "family_plans",
    VISIT_RECORDS,
    "family_assessments",
    "family_court_requests",
    "family_cooperation",
];

/// The kinds' own names ([`Record::TREE`]), by position, as lists and `check` report them.
const RECORD_KINDS: [&str; 8] = [
    Staff::TREE,
    Family::TREE,
    Member::TREE,
    WorkPlan::TREE,
    Visit::TREE,
    Assessment::TREE,
    CourtRequest::TREE,
    Cooperation::TREE,
];

/// The sled tree of the visits since schema 8, packed by `date ‖ shard`.
const VISIT_RECORDS: &str = "visit_records";

/// How the trees are packed ([`packed`]), by position in `Store::trees`: the visits by
/// day and shard (about 15 visits a bucket at a country's scale), where each is by
/// their id's first 7 bytes (up to 256 ids), a family's visits in one bucket, and the
/// records keyed `family_id ‖ id` (members, plans, assessments, court requests,
/// cooperation) one bucket per family and kind.
fn packing(pos: usize) -> Option<Packing> {
    match pos {
        p if p == Visit::POS => Some(Packing { prefix: 5 }),
        p if FAMILY_PACKED.contains(&p) => Some(Packing { prefix: 8 }),
        p if p == INDEX_BASE + Index::VisitsById.position() => Some(Packing { prefix: 7 }),
        p if p == INDEX_BASE + Index::VisitsOfFamily.position() => Some(Packing { prefix: 8 }),
        // 256 ids a bucket: a country's families in a few hundred keys.
        DIGEST_POS => Some(Packing { prefix: 7 }),
        _ => None,
    }
}

/// Positions of the records keyed `family_id ‖ id`, packed per family since schema 8.
const FAMILY_PACKED: [usize; 5] = [
    Member::POS,
    WorkPlan::POS,
    Assessment::POS,
    CourtRequest::POS,
    Cooperation::POS,
];

/// The name reported for the tree at `pos`: the record kind or index it holds.
fn reported_name(pos: usize) -> &'static str {
    match pos {
        p if p < INDEX_BASE => RECORD_KINDS[p],
        p if p < META_POS => Index::ALL[p - INDEX_BASE].tree_name(),
        DIGEST_POS => summaries::DIGESTS,
        _ => "",
    }
}

/// The trees schema 8 replaced by packed ones (the visits, by id, and their two indexes).
const UNPACKED_VISIT_TREES: [&str; 3] = ["visits", "visits_by_date", "visits_by_family"];

/// A `meta` key present while the visits' indexes wait for a rebuild after the
/// migration to schema 8 (kept until the rebuild is done, so a crash repeats it).
const REBUILD_PENDING_KEY: &[u8] = b"rebuild_pending";

/// Position of the first index tree in `Store::trees`.
const INDEX_BASE: usize = RECORD_TREES.len();

/// Number of index trees.
const INDEXES: usize = Index::ALL.len();

/// Position of the `meta` tree in `Store::trees`.
const META_POS: usize = INDEX_BASE + Index::ALL.len();

/// The planned-visits index tree of schemas 2 to 4, dropped by the migration to 5.
const RETIRED_PLANNED_VISITS: &str = "planned_visits";

/// Position of the family summaries tree in `Store::trees`.
const SUMMARY_POS: usize = META_POS + 1;

/// Position of the tree of families whose summary is out of date.
const DIRTY_POS: usize = META_POS + 2;

/// Position of the tree of visits per day and hour.
const DAYS_POS: usize = META_POS + 3;

/// Position of the tree of family digests (schema 9), the last of `Store::trees`.
const DIGEST_POS: usize = META_POS + 4;

/// Cache of sled for a workstation or a command, modest: the registers of a centre are
/// small, and a workstation's memory is counted.
pub const CACHE_CAPACITY: u64 = 16 * 1024 * 1024;

/// Cache of sled for `asystent serve`: one long-lived process for the whole office, whose
/// supervisors' snapshots read every family again; at 60 000 families it halves a
/// snapshot (every family and summary stays cached) for about 80 MiB more.
pub const SERVER_CACHE_CAPACITY: u64 = 128 * 1024 * 1024;

/// How long [`open_sled`] waits for sled's own file lock in total.
const SLED_LOCK_WAIT: Duration = Duration::from_secs(3);

/// Pause between attempts to take sled's own file lock. sled's threads let go of it a
/// few milliseconds after a drop; a longer pause was most of a reopening's time.
const SLED_LOCK_RETRY: Duration = Duration::from_millis(2);

/// The size of sled's segments: sled 0.34.7's default, which every register was created
/// with (sled keeps it in `db/conf` and refuses to open with another).
const SLED_SEGMENT_BYTES: u64 = 512 * 1024;

/// Reads of records found through an index that [`Store::get_all`] makes one after
/// the other before it judges whether the cache is cold.
const FIRST_READS: usize = 8;

/// How long the first [`FIRST_READS`] reads of [`Store::get_all`] take when the cache is
/// cold: warm, eight take tens of microseconds; from the disk, milliseconds.
const COLD_AFTER: Duration = Duration::from_millis(1);

/// Reads left after the first from which a cold [`Store::get_all`] reads them on
/// several threads.
const MANY_READS: usize = 16;

/// Threads that [`Store::get_all`] reads on: more than the cores, since they mostly
/// wait for the disk (the 32 families of a country's busiest assistant, each read
/// once from a dropped page cache: medians of 28.7 ms one after the other, 19.5 on 4
/// threads, 16.0 on 8).
const READ_RUNS: usize = 8;

/// Records per transaction in an import or a restore, and index changes per batch in a
/// rebuild: enough to spread the cost of a transaction, few enough that its write set,
/// which sled keeps in memory until the commit, stays at a few megabytes.
const WRITE_CHUNK: usize = 2048;

/// A record kind with its place among the store's trees.
trait Stored: Record {
    /// Position of the kind's tree in `Store::trees` and in a transaction's views.
    const POS: usize;
}

macro_rules! stored {
    ($($ty:ty => $pos:expr),+ $(,)?) => {
        $(impl Stored for $ty {
            const POS: usize = $pos;
        })+
    };
}

stored! {
    Staff => 0,
    Family => 1,
    Member => 2,
    WorkPlan => 3,
    Visit => 4,
    Assessment => 5,
    CourtRequest => 6,
    Cooperation => 7,
}

/// How a write treats the revision already stored.
#[derive(Debug, Clone, Copy)]
enum Check {
    /// A save: the stored revision must equal this one (`None`: no record stored).
    Expect(Option<u64>),
    /// An import: overwrite whatever is stored, one revision above it.
    Overwrite,
    /// A restore: overwrite whatever is stored, at exactly this revision.
    Keep(u64),
}

type TxResult<T> = ConflictableTransactionResult<T, StoreError>;

impl Store {
    /// Opens (creating with mode 0700 if missing) the database at `path`, taking the lock
    /// file first and checking the schema version before anything is written.
    pub fn open(path: &Path) -> Result<Store> {
        Store::open_with_cache(path, CACHE_CAPACITY)
    }

    /// [`Store::open`] with a cache of `cache_bytes` (see [`SERVER_CACHE_CAPACITY`]).
    pub fn open_with_cache(path: &Path, cache_bytes: u64) -> Result<Store> {
        Store::open_under(Store::lock(path)?, path, cache_bytes)
    }

    /// Creates the directory `path` if missing (mode 0700) and takes its lock file, as
    /// the first step of [`Store::open`], for a caller that reads beside the database
    /// before sled opens it ([`Store::open_under`]).
    pub fn lock(path: &Path) -> Result<DirLock> {
        lock::create_dir(path)?;
        DirLock::acquire(path)
    }

    /// Opens the database at `path`, whose lock [`Store::lock`] gave, with a cache of
    /// `cache_bytes`.
    pub fn open_under(lock: DirLock, path: &Path, cache_bytes: u64) -> Result<Store> {
        // Before sled writes anything: from here on the start file may go stale, and a
        // run that does not close cleanly must leave none.
        start_file::remove(path)?;
        let db = open_sled(&path.join("db"), cache_bytes)?;
        let meta = db.open_tree(keys::META).map_err(sled_error)?;
        let found = match meta.get(keys::SCHEMA_VERSION_KEY).map_err(sled_error)? {
            None => None,
            Some(bytes) => Some(
                <[u8; 4]>::try_from(bytes.as_ref())
                    .map(u32::from_be_bytes)
                    .map_err(|_| {
                        corrupt(keys::META, keys::SCHEMA_VERSION_KEY, "not a u32 big-endian")
                    })?,
            ),
        };
        if let Some(found) = found
            && found > SCHEMA_VERSION
        {
            return Err(StoreError::NewerSchema {
                path: path.to_path_buf(),
                found,
                supported: SCHEMA_VERSION,
            });
        }
        // Before anything else is written: from here on the digest file may go stale.
        let digest_file_token = take_digest_file_token(&meta)?;
        match found {
            None => {
                meta.insert(keys::SCHEMA_VERSION_KEY, &SCHEMA_VERSION.to_be_bytes())
                    .map_err(sled_error)?;
            }
            Some(found) if found < SCHEMA_VERSION => migrate(&db, found)?,
            Some(_) => {}
        }
        let mut trees = Vec::with_capacity(DIGEST_POS + 1);
        let names = RECORD_TREES
            .iter()
            .copied()
            .chain(Index::ALL.iter().map(|index| index.tree_name()));
        for name in names {
            trees.push(db.open_tree(name).map_err(sled_error)?);
        }
        trees.push(meta);
        for name in [
            summaries::SUMMARIES,
            summaries::DIRTY,
            days::DAYS,
            summaries::DIGESTS,
        ] {
            trees.push(db.open_tree(name).map_err(sled_error)?);
        }
        let store = Store {
            trees,
            drafts: drafts::Drafts::open(&db)?,
            audit: db.open_tree(audit::AUDIT).map_err(sled_error)?,
            audit_by_family: db.open_tree(audit::AUDIT_BY_FAMILY).map_err(sled_error)?,
            db,
            path: path.to_path_buf(),
            digest_file_token,
            digests_changed: AtomicBool::new(false),
            decoded_digests: None,
            start_at_drop: None,
            _lock: lock,
        };
        store.check_id_counter()?;
        if store.trees[META_POS]
            .contains_key(REBUILD_PENDING_KEY)
            .map_err(sled_error)?
        {
            // The migration to schema 8 moved the visits, or a bulk write stopped
            // part-way: the indexes and counts follow from the records.
            store.finish_pending_rebuild()?;
        }
        // Summaries left marked by a save that did not finish, or by a migration. A
        // damaged bucket of digests keeps its marks (reads derive those families anew,
        // `check` reports the bucket): it must not keep the register from opening.
        match store.refresh_summaries() {
            Err(StoreError::Corrupt { .. }) | Ok(()) => {}
            Err(e) => return Err(e),
        }
        store.flush()?;
        // What the opening derived for families marked before the file was written is
        // what the file holds: `each_digest` derived them the same way.
        store.digests_changed.store(false, Ordering::SeqCst);
        Ok(store)
    }

    /// The drafts of unsaved forms (a handle that may go to another thread).
    pub fn drafts(&self) -> &drafts::Drafts {
        &self.drafts
    }

    /// True if `path` holds a database (without opening or creating anything).
    pub fn exists(path: &Path) -> bool {
        path.join("db").is_dir()
    }

    /// Directory of the database.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// True if the database holds no staff and no families.
    pub fn is_empty(&self) -> Result<bool> {
        Ok(self.records::<Staff>().is_empty() && self.records::<Family>().is_empty())
    }

    /// A fresh unique id for a new record.
    pub fn new_id(&self) -> Result<Id> {
        // Not flushed: an id matters only once a record carries it, and every save
        // raises the counter to its record's id inside the save's own transaction.
        self.trees[META_POS]
            .transaction(|meta| {
                let next = read_last_id(meta)?
                    .checked_add(1)
                    .ok_or_else(|| abort(StoreError::Io("record ids are exhausted".into())))?;
                meta.insert(keys::LAST_ID_KEY, &next.to_be_bytes())?;
                Ok(next)
            })
            .map_err(tx_error)
    }

    /// Writes every record of `data` (insert or overwrite), then its index entries and
    /// counts, then flushes (a bulk write, see [`Store::write_bulk`]). Records go in
    /// chunks of [`WRITE_CHUNK`], one transaction each, so memory stays bounded; the
    /// visits in the order of their keys, so that each bucket is written about once.
    /// An import that fails part-way leaves the chunks written before the failure, and
    /// the next opening completes their indexes; importing the same data again finishes
    /// it (revisions of the records already written go up by one). Ids must be unique
    /// within `data`, as in any register.
    pub fn import(&self, data: &Dataset) -> Result<()> {
        fn overwrite<R>(records: &[R]) -> impl Iterator<Item = (&R, Check)> {
            records.iter().map(|r| (r, Check::Overwrite))
        }
        let mut visits: Vec<&Visit> = data.visits.iter().collect();
        visits.sort_by_cached_key(|v| v.key());
        self.write_bulk(|store| {
            store.write_chunked(overwrite(&data.staff))?;
            store.write_chunked(overwrite(&data.families))?;
            store.write_chunked(overwrite(&data.members))?;
            store.write_chunked(overwrite(&data.plans))?;
            store.write_chunked(visits.iter().map(|v| (*v, Check::Overwrite)))?;
            store.write_chunked(overwrite(&data.assessments))?;
            store.write_chunked(overwrite(&data.court_requests))?;
            store.write_chunked(overwrite(&data.cooperation))
        })?;
        self.refresh_summaries()
    }

    /// Runs `write`, whose records go through [`Store::write_chunked`] without their
    /// index entries and counts, then brings the indexes and counts to what the records
    /// say (each bucket written once, not once per record) and flushes. A marker in
    /// `meta`, written first, makes the next opening finish the indexes of a bulk write
    /// that did not get that far.
    fn write_bulk(&self, write: impl FnOnce(&Self) -> Result<()>) -> Result<()> {
        self.trees[META_POS]
            .insert(REBUILD_PENDING_KEY, &[])
            .map_err(sled_error)?;
        write(self)?;
        self.finish_pending_rebuild()
    }

    /// Brings the indexes and the counts to what the records say, flushes, and removes
    /// the marker of a pending rebuild. Summaries are left to their own marks.
    fn finish_pending_rebuild(&self) -> Result<()> {
        let expected = self.expected_indexes()?;
        let days = self.day_diff(&expected)?;
        summaries::apply_value_diff(&self.trees[DAYS_POS], days)?;
        self.rebuild_index_trees(expected)?;
        self.flush()?;
        self.trees[META_POS]
            .remove(REBUILD_PENDING_KEY)
            .map_err(sled_error)?;
        self.flush()
    }

    /// Reads every record into a [`Dataset`], skipping damaged ones (returned beside it).
    pub fn export(&self) -> Result<(Dataset, Vec<StoreError>)> {
        let mut damaged = Vec::new();
        let data = Dataset {
            staff: values(self.staff()?, &mut damaged),
            families: values(self.families()?, &mut damaged),
            members: values(self.load_all()?, &mut damaged),
            plans: values(self.plans()?, &mut damaged),
            visits: by_id(values(self.load_all()?, &mut damaged)),
            assessments: values(self.assessments()?, &mut damaged),
            court_requests: values(self.court_requests()?, &mut damaged),
            cooperation: values(self.load_all()?, &mut damaged),
        };
        Ok((data, damaged))
    }

    /// All staff accounts.
    pub fn staff(&self) -> Result<Loaded<Staff>> {
        self.load_all()
    }

    /// All families.
    pub fn families(&self) -> Result<Loaded<Family>> {
        self.load_all()
    }

    /// One family.
    pub fn family(&self, id: Id) -> Result<Option<Versioned<Family>>> {
        let key = keys::id_bytes(id);
        match self.records::<Family>().get(&key)? {
            None => Ok(None),
            Some(bytes) => decode_versioned(&key, &bytes).map(Some),
        }
    }

    /// The ids of the families whose case number has the key of `case_number` (trimmed,
    /// letter case and Polish letters ignored), through `families_by_case_number`.
    pub fn families_with_case_number(&self, case_number: &str) -> Result<Vec<Id>> {
        let index = self.index(Index::FamiliesByCaseNumber);
        index
            .scan_prefix(&keys::case_number_prefix(case_number))
            .map(|entry| entry.map(|(k, _)| keys::trailing_id(&k).unwrap_or(0)))
            .collect()
    }

    /// The highest number of a case-number series such as `AR/2026/` (compared as the
    /// uniqueness check compares; see [`crate::domain::lifecycle::case_number_suffix`]):
    /// the series' last key in `families_by_case_sequence`, whatever the register's size.
    pub fn highest_case_number(&self, series: &str) -> Result<Option<u32>> {
        let prefix = keys::case_series_prefix(series);
        // Not packed: the raw tree walks backwards.
        let last = self
            .index(Index::FamiliesByCaseSequence)
            .tree
            .scan_prefix(&prefix)
            .keys()
            .next_back()
            .transpose()
            .map_err(sled_error)?;
        Ok(last.and_then(|key| keys::case_sequence_number(&key, &prefix)))
    }

    /// Families assigned to an assistant, through the `families_by_assistant` index.
    pub fn families_of_assistant(&self, assistant: Id) -> Result<Loaded<Family>> {
        let index = Index::FamiliesByAssistant;
        self.load_via_index(
            index,
            self.index(index).scan_prefix(&keys::id_bytes(assistant)),
        )
    }

    /// Members of a family.
    pub fn members_of(&self, family: Id) -> Result<Loaded<Member>> {
        self.load_family(family)
    }

    /// Work plans of a family, every version, oldest first.
    pub fn plans_of(&self, family: Id) -> Result<Loaded<WorkPlan>> {
        let mut loaded: Loaded<WorkPlan> = self.load_family(family)?;
        loaded
            .records
            .sort_by_key(|p| (p.value.version, p.value.id));
        Ok(loaded)
    }

    /// Visits of a family, by date and time.
    pub fn visits_of(&self, family: Id) -> Result<Loaded<Visit>> {
        let index = Index::VisitsOfFamily;
        self.load_via_index(
            index,
            self.index(index).scan_prefix(&keys::id_bytes(family)),
        )
    }

    /// Visits of a family from `from` to `to` inclusive, through `visits_of_family`, by
    /// date and time.
    pub fn family_visits_between(
        &self,
        family: Id,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Loaded<Visit>> {
        let bound = |day| {
            let mut key = keys::id_bytes(family).to_vec();
            key.extend_from_slice(&keys::date_bytes(day));
            key
        };
        let (start, last) = (bound(from), bound(to));
        let index = Index::VisitsOfFamily;
        // Keys are `family ‖ date ‖ time ‖ id`: stop after the last day's prefix.
        let entries = self.index(index).range_from(&start).take_while(|e| {
            e.as_ref()
                .map_or(true, |(k, _)| k.get(..12).is_some_and(|p| p <= &last[..]))
        });
        self.load_via_index(index, entries)
    }

    /// Visits from `from` to `to` inclusive, by date and time.
    pub fn visits_between(&self, from: NaiveDate, to: NaiveDate) -> Result<Loaded<Visit>> {
        self.first_visits_between(from, to, usize::MAX)
    }

    /// The first `limit` visits from `from` to `to` inclusive, by date and time. The
    /// visits are stored by day and shard, so a day is read whole (its keys sorted by
    /// time), and only the records that are kept are decoded.
    pub fn first_visits_between(
        &self,
        from: NaiveDate,
        to: NaiveDate,
        limit: usize,
    ) -> Result<Loaded<Visit>> {
        let mut loaded = Loaded {
            records: Vec::new(),
            damaged: Vec::new(),
        };
        let last = keys::date_bytes(to);
        let mut day: Vec<(IVec, IVec)> = Vec::new();
        let mut entries = self
            .records::<Visit>()
            .range_from(&keys::date_bytes(from))
            .peekable();
        while loaded.records.len() < limit {
            let Some(entry) = entries.next() else { break };
            // A damaged bucket loses its own visits, not the day's others.
            let Some((key, bytes)) = readable(entry, &mut loaded.damaged)? else {
                continue;
            };
            let date = key.get(..4).unwrap_or_default();
            if date > &last[..] {
                break;
            }
            day.push((key, bytes));
            let day_ends = match entries.peek() {
                Some(Ok((next, _))) => next.get(..4) != day[0].0.get(..4),
                _ => true,
            };
            if day_ends {
                day.sort_by(|a, b| {
                    keys::visit_key_time_and_id(&a.0).cmp(keys::visit_key_time_and_id(&b.0))
                });
                for (key, bytes) in day.drain(..) {
                    if loaded.records.len() == limit {
                        break;
                    }
                    match decode_versioned(&key, &bytes) {
                        Ok(record) => loaded.records.push(record),
                        Err(e) => loaded.damaged.push(e),
                    }
                }
            }
        }
        Ok(loaded)
    }

    /// Number of visits per day of one family from `from` to `to` inclusive, read from
    /// the `visits_of_family` index keys alone.
    pub fn family_visit_counts_between(
        &self,
        family: Id,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<BTreeMap<NaiveDate, u32>> {
        let mut start = keys::id_bytes(family).to_vec();
        start.extend_from_slice(&keys::date_bytes(from));
        let mut last = keys::id_bytes(family).to_vec();
        last.extend_from_slice(&keys::date_bytes(to));
        let mut counts = BTreeMap::new();
        for entry in self.index(Index::VisitsOfFamily).range_from(&start) {
            let (key, _) = entry?;
            if key.get(..12).is_none_or(|k| k > &last[..]) {
                break;
            }
            if let Some(date) = key.get(8..).and_then(keys::date_from_bytes) {
                *counts.entry(date).or_insert(0) += 1;
            }
        }
        Ok(counts)
    }

    /// Assessments of a family, oldest first.
    pub fn assessments_of(&self, family: Id) -> Result<Loaded<Assessment>> {
        let mut loaded: Loaded<Assessment> = self.load_family(family)?;
        loaded.records.sort_by_key(|a| (a.value.date, a.value.id));
        Ok(loaded)
    }

    /// All assessments (for the alert rules).
    pub fn assessments(&self) -> Result<Loaded<Assessment>> {
        self.load_all()
    }

    /// Court requests of a family.
    pub fn court_requests_of(&self, family: Id) -> Result<Loaded<CourtRequest>> {
        let mut loaded: Loaded<CourtRequest> = self.load_family(family)?;
        loaded
            .records
            .sort_by_key(|r| (r.value.received, r.value.id));
        Ok(loaded)
    }

    /// All court requests.
    pub fn court_requests(&self) -> Result<Loaded<CourtRequest>> {
        self.load_all()
    }

    /// All family members (one scan, for the whole register).
    pub fn members(&self) -> Result<Loaded<Member>> {
        self.load_all()
    }

    /// All work plans.
    pub fn plans(&self) -> Result<Loaded<WorkPlan>> {
        self.load_all()
    }

    /// One visit by id, found through `visit_places`.
    pub fn visit(&self, id: Id) -> Result<Option<Versioned<Visit>>> {
        let index = Index::VisitsById;
        let entries = self.index(index).scan_prefix(&keys::id_bytes(id));
        let loaded = self.load_via_index(index, entries)?;
        match (
            loaded.records.into_iter().next(),
            loaded.damaged.into_iter().next(),
        ) {
            (Some(visit), _) => Ok(Some(visit)),
            (None, Some(damage)) => Err(damage),
            (None, None) => Ok(None),
        }
    }

    /// Cooperation entries of a family, by date.
    pub fn cooperation_of(&self, family: Id) -> Result<Loaded<Cooperation>> {
        let mut loaded: Loaded<Cooperation> = self.load_family(family)?;
        loaded.records.sort_by_key(|c| (c.value.date, c.value.id));
        Ok(loaded)
    }

    /// Saves a staff account; `expected_rev` is the revision read (None for a new record).
    pub fn put_staff(&self, staff: &Staff, expected_rev: Option<u64>) -> Result<u64> {
        self.put(staff, expected_rev)
    }

    /// Saves a family and its index entries, flushed before returning the new revision.
    pub fn put_family(&self, family: &Family, expected_rev: Option<u64>) -> Result<u64> {
        self.put(family, expected_rev)
    }

    /// Saves a member.
    pub fn put_member(&self, member: &Member, expected_rev: Option<u64>) -> Result<u64> {
        self.put(member, expected_rev)
    }

    /// Saves a work plan.
    pub fn put_plan(&self, plan: &WorkPlan, expected_rev: Option<u64>) -> Result<u64> {
        self.put(plan, expected_rev)
    }

    /// Saves a visit and its date index entry.
    pub fn put_visit(&self, visit: &Visit, expected_rev: Option<u64>) -> Result<u64> {
        self.put(visit, expected_rev)
    }

    /// Saves an assessment.
    pub fn put_assessment(
        &self,
        assessment: &Assessment,
        expected_rev: Option<u64>,
    ) -> Result<u64> {
        self.put(assessment, expected_rev)
    }

    /// Saves a court request.
    pub fn put_court_request(
        &self,
        request: &CourtRequest,
        expected_rev: Option<u64>,
    ) -> Result<u64> {
        self.put(request, expected_rev)
    }

    /// Saves a cooperation entry.
    pub fn put_cooperation(&self, entry: &Cooperation, expected_rev: Option<u64>) -> Result<u64> {
        self.put(entry, expected_rev)
    }

    /// Saves several plans in one transaction (a new version and the one it
    /// supersedes), each checked against its expected revision; returns the revisions.
    pub fn put_plans(&self, plans: &[(&WorkPlan, Option<u64>)]) -> Result<Vec<u64>> {
        let encoded = plans
            .iter()
            .map(|(p, rev)| Ok((*p, encode_payload(*p)?, Check::Expect(*rev))))
            .collect::<Result<Vec<_>>>()?;
        let revs = self
            .trees
            .as_slice()
            .transaction(|views| {
                let tx = tx_trees(views);
                let mut revs = Vec::with_capacity(encoded.len());
                for (record, payload, check) in &encoded {
                    revs.push(stage(&tx, *record, payload, *check, Indexing::Now)?);
                }
                tx.finish()?;
                Ok(revs)
            })
            .map_err(tx_error)?;
        self.flush()?;
        self.settle_summaries();
        Ok(revs)
    }

    /// Deletes a member registered by mistake, if it is still at revision `rev`.
    pub fn delete_member(&self, member: &Member, rev: u64) -> Result<()> {
        self.trees
            .as_slice()
            .transaction(|views| {
                let tx = tx_trees(views);
                unstage(&tx, member, rev)?;
                tx.finish()
            })
            .map_err(tx_error)?;
        self.flush()?;
        self.settle_summaries();
        Ok(())
    }

    /// Deletes a family registered by mistake together with its members, all at the
    /// revisions given, in one transaction.
    pub fn delete_family(
        &self,
        family: &Family,
        rev: u64,
        members: &[(Member, u64)],
    ) -> Result<()> {
        self.trees
            .as_slice()
            .transaction(|views| {
                let tx = tx_trees(views);
                for (member, member_rev) in members {
                    unstage(&tx, member, *member_rev)?;
                }
                unstage(&tx, family, rev)?;
                tx.finish()
            })
            .map_err(tx_error)?;
        self.flush()?;
        self.settle_summaries();
        Ok(())
    }

    /// True if every index tree and the family summaries equal what
    /// [`Store::rebuild_indexes`] would write.
    pub fn indexes_match_rebuild(&self) -> Result<bool> {
        let expected = self.expected_indexes()?;
        let days_match = self.day_diff(&expected)?.is_empty();
        Ok(self.index_diffs(expected)?.iter().all(IndexDiff::is_empty)
            && days_match
            && self.summaries_match_rebuild()?)
    }

    /// Brings every index tree to what the record trees say it should hold, then flushes.
    /// Only the differences are written, in batches of [`WRITE_CHUNK`] per index tree,
    /// so a sound index costs a read and a national register needs no giant transaction.
    /// A reader in this process could see an index half repaired; nothing reads while
    /// `check --repair` or an import runs, and an entry that points to the wrong record
    /// is reported by the index lookups, never followed.
    pub fn rebuild_indexes(&self) -> Result<()> {
        let expected = self.expected_indexes()?;
        summaries::apply_value_diff(&self.trees[DAYS_POS], self.day_diff(&expected)?)?;
        self.rebuild_index_trees(expected)?;
        // Flushes.
        self.rebuild_summaries()
    }

    /// Brings every index tree to `expected`, writing only the differences.
    fn rebuild_index_trees(&self, expected: ExpectedIndexes) -> Result<()> {
        let diffs = self.index_diffs(expected)?;
        for (index, diff) in Index::ALL.into_iter().zip(diffs) {
            let table = self.index(index);
            // A damaged bucket goes whole; every entry it should hold is missing.
            table.remove_buckets(&diff.damaged_buckets)?;
            let mut changes: Vec<(Vec<u8>, Option<Vec<u8>>)> = diff
                .stray
                .into_iter()
                .map(|key| (key, None))
                .chain(
                    diff.missing
                        .into_iter()
                        .chain(diff.wrong_value)
                        .map(|key| (key, Some(Vec::new()))),
                )
                .collect();
            changes.sort_unstable();
            table.apply(changes, true)?;
        }
        Ok(())
    }

    /// Flushes everything to disk.
    pub fn flush(&self) -> Result<()> {
        self.db.flush().map(|_| ()).map_err(sled_error)
    }

    /// Writes `version` as the schema version, for tests of the newer-schema refusal.
    #[doc(hidden)]
    pub fn set_schema_version_for_tests(&self, version: u32) -> Result<()> {
        self.trees[META_POS]
            .insert(keys::SCHEMA_VERSION_KEY, &version.to_be_bytes())
            .map_err(sled_error)?;
        self.flush()
    }

    /// Writes raw bytes under `key` in any tree (an entry of a packed one), for tests
    /// of damaged records and indexes.
    #[doc(hidden)]
    pub fn raw_insert_for_tests(&self, tree: &str, key: &[u8], value: &[u8]) -> Result<()> {
        self.raw_change_for_tests(tree, key, Some(value))
    }

    /// Removes `key` from any tree (an entry of a packed one), for tests of damaged indexes.
    #[doc(hidden)]
    pub fn raw_remove_for_tests(&self, tree: &str, key: &[u8]) -> Result<()> {
        self.raw_change_for_tests(tree, key, None)
    }

    fn raw_change_for_tests(&self, tree: &str, key: &[u8], value: Option<&[u8]>) -> Result<()> {
        self.digests_changed.store(true, Ordering::SeqCst);
        let sled_tree = self.db.open_tree(tree).map_err(sled_error)?;
        let packing = (0..META_POS)
            .find(|&pos| {
                RECORD_TREES
                    .get(pos)
                    .copied()
                    .unwrap_or_else(|| reported_name(pos))
                    == tree
            })
            .and_then(packing);
        let table = Table {
            tree: &sled_tree,
            packing,
            name: "",
        };
        table.apply([(key.to_vec(), value.map(<[u8]>::to_vec))], false)?;
        self.flush()
    }

    /// The tree at `pos` in `Store::trees`, read and written by entry keys.
    fn table(&self, pos: usize) -> Table<'_> {
        Table {
            tree: &self.trees[pos],
            packing: packing(pos),
            name: reported_name(pos),
        }
    }

    /// The record tree of a kind.
    fn records<R: Stored>(&self) -> Table<'_> {
        self.table(R::POS)
    }

    /// The families' sled tree, which is not packed, for walks that need sled's own API.
    fn family_tree(&self) -> &Tree {
        &self.trees[Family::POS]
    }

    /// An index tree.
    fn index(&self, index: Index) -> Table<'_> {
        self.table(INDEX_BASE + index.position())
    }

    /// Saves one record with its index entries in one transaction, then flushes.
    fn put<R: Stored>(&self, record: &R, expected_rev: Option<u64>) -> Result<u64> {
        let payload = encode_payload(record)?;
        let rev = self
            .trees
            .as_slice()
            .transaction(|views| {
                let tx = tx_trees(views);
                let staged = stage(
                    &tx,
                    record,
                    &payload,
                    Check::Expect(expected_rev),
                    Indexing::Now,
                )?;
                tx.finish()?;
                Ok(staged)
            })
            .map_err(tx_error)?;
        self.flush()?;
        self.settle_summaries();
        Ok(rev)
    }

    /// Every record of a kind, in key order.
    fn load_all<R: Stored>(&self) -> Result<Loaded<R>> {
        collect(self.records::<R>().iter())
    }

    /// The records of a kind keyed by `family_id ‖ id` that belong to `family`, by id.
    fn load_family<R: Stored>(&self, family: Id) -> Result<Loaded<R>> {
        collect(self.records::<R>().scan_prefix(&keys::id_bytes(family)))
    }

    /// Records of a kind found through index `entries` and in their order.
    /// An entry that points to a missing record, or to a record that would not write
    /// this entry any more, is reported as damaged: the index needs a rebuild.
    fn load_via_index<R: Stored>(
        &self,
        index: Index,
        entries: impl Iterator<Item = packed::Entry>,
    ) -> Result<Loaded<R>> {
        let mut loaded = Loaded {
            records: Vec::new(),
            damaged: Vec::new(),
        };
        let mut wanted = Vec::new();
        for entry in entries {
            let Some((index_key, _)) = readable(entry, &mut loaded.damaged)? else {
                continue;
            };
            match index.record_key(&index_key) {
                Some(key) => wanted.push((index_key, key)),
                None => loaded.damaged.push(corrupt(
                    index.tree_name(),
                    &index_key,
                    "index key too short",
                )),
            }
        }
        for ((index_key, key), stored) in wanted.iter().zip(self.get_all::<R>(&wanted)?) {
            let Some(bytes) = stored else {
                loaded.damaged.push(corrupt(
                    index.tree_name(),
                    index_key,
                    "index entry points to a missing record",
                ));
                continue;
            };
            match decode_versioned::<R>(key, &bytes) {
                Ok(record)
                    if record
                        .value
                        .index_entries()
                        .iter()
                        .any(|(i, k)| *i == index && k[..] == index_key[..]) =>
                {
                    loaded.records.push(record)
                }
                Ok(_) => {
                    loaded
                        .damaged
                        .push(corrupt(index.tree_name(), index_key, "stale index entry"))
                }
                Err(e) => loaded.damaged.push(e),
            }
        }
        Ok(loaded)
    }

    /// The stored values of `wanted` (index key, record key), in their order. The first
    /// [`FIRST_READS`] are read one after the other; if they took [`COLD_AFTER`] or
    /// more, the cache is cold and the rest, when they are [`MANY_READS`] or more, are
    /// read in [`READ_RUNS`] runs on threads of their own. A family's visits lie in as
    /// many buckets as days, and opening a country's family with 90 of them took 20 to
    /// 40 ms when read one after the other from a cold cache, mostly waiting for the
    /// disk; from a warm one they take a fraction of a millisecond, which threads only
    /// lengthen (a server answering 30 clients at once halved its throughput).
    fn get_all<R: Stored>(&self, wanted: &[(IVec, Vec<u8>)]) -> Result<Vec<Option<IVec>>> {
        self.get_all_cold_after::<R>(wanted, COLD_AFTER)
    }

    /// [`Store::get_all`], the cache taken for cold after `cold_after`.
    fn get_all_cold_after<R: Stored>(
        &self,
        wanted: &[(IVec, Vec<u8>)],
        cold_after: Duration,
    ) -> Result<Vec<Option<IVec>>> {
        let table = self.records::<R>();
        let started = std::time::Instant::now();
        let (first, rest) = wanted.split_at(wanted.len().min(FIRST_READS));
        let mut found: Vec<Result<Option<IVec>>> =
            first.iter().map(|(_, key)| table.get(key)).collect();
        if rest.len() < MANY_READS || started.elapsed() < cold_after {
            found.extend(rest.iter().map(|(_, key)| table.get(key)));
        } else {
            let mut runs: [Vec<Result<Option<IVec>>>; READ_RUNS] = Default::default();
            crate::runs::in_runs(rest, &mut runs, |found, (_, key)| {
                found.push(table.get(key));
                true
            });
            // The runs are cut in order, so their results one after the other are too.
            found.extend(runs.into_iter().flatten());
        }
        found.into_iter().collect()
    }

    /// Writes records, without their index entries and counts, in transactions of
    /// [`WRITE_CHUNK`] records; only inside [`Store::write_bulk`], which writes those
    /// afterwards. Payloads are encoded one chunk at a time, before its transaction
    /// starts. Does not flush.
    fn write_chunked<'a, R: Stored + 'a>(
        &self,
        records: impl Iterator<Item = (&'a R, Check)>,
    ) -> Result<()> {
        let mut records = records.peekable();
        let mut chunk = Vec::with_capacity(WRITE_CHUNK);
        while records.peek().is_some() {
            chunk.clear();
            for (record, check) in records.by_ref().take(WRITE_CHUNK) {
                chunk.push((record, encode_payload(record)?, check));
            }
            self.trees
                .as_slice()
                .transaction(|views| {
                    let tx = tx_trees(views);
                    for (record, payload, check) in &chunk {
                        stage(&tx, *record, payload, *check, Indexing::Later)?;
                    }
                    tx.finish()
                })
                .map_err(tx_error)?;
        }
        Ok(())
    }

    /// Decodes every record of a kind in key order, handing each one that decodes to
    /// `each`; returns the damaged ones. A sled error ends the scan.
    fn scan<R: Stored>(&self, mut each: impl FnMut(Versioned<R>)) -> Result<Vec<StoreError>> {
        let mut damaged = Vec::new();
        for entry in self.records::<R>().iter() {
            let Some((key, bytes)) = readable(entry, &mut damaged)? else {
                continue;
            };
            match decode_versioned(&key, &bytes) {
                Ok(record) => each(record),
                Err(e) => damaged.push(e),
            }
        }
        Ok(damaged)
    }

    /// What every index tree should hold, from the records that decode: sorted, unique.
    fn expected_indexes(&self) -> Result<ExpectedIndexes> {
        let mut expected = ExpectedIndexes::default();
        self.scan::<Family>(|f| expected.add(&f.value))?;
        self.scan::<Visit>(|v| expected.add(&v.value))?;
        expected.finish();
        Ok(expected)
    }

    /// Compares every index tree with `expected`, walking both in key order.
    fn index_diffs(&self, expected: ExpectedIndexes) -> Result<[IndexDiff; INDEXES]> {
        let mut diffs: [IndexDiff; INDEXES] = Default::default();
        for (index, expected) in Index::ALL.into_iter().zip(expected.keys) {
            let diff = &mut diffs[index.position()];
            let mut expected = expected.into_iter().peekable();
            // A damaged bucket's entries count as missing; the walk keeps its key.
            let mut damaged = Vec::new();
            let mut entries = self.index(index).iter();
            for entry in entries.by_ref() {
                let Some((key, value)) = readable(entry, &mut damaged)? else {
                    continue;
                };
                diff.entries += 1;
                // Expected keys below the stored one are not stored.
                while let Some(missing) = expected.next_if(|e| e.as_slice() < key.as_ref()) {
                    diff.missing.push(missing);
                }
                if expected.next_if(|e| e.as_slice() == key.as_ref()).is_some() {
                    if !value.is_empty() {
                        diff.wrong_value.push(key.to_vec());
                    }
                } else {
                    diff.stray.push(key.to_vec());
                }
            }
            diff.missing.extend(expected);
            diff.damaged_buckets = entries.damaged_buckets();
        }
        Ok(diffs)
    }

    /// The highest id among the keys of the record trees (damaged records included).
    fn highest_stored_id(&self) -> Result<u64> {
        let mut highest = 0;
        // A damaged bucket's ids cannot be read; `check` reports it.
        let mut damaged = Vec::new();
        for pos in 0..INDEX_BASE {
            for entry in self.table(pos).iter() {
                if let Some((key, _)) = readable(entry, &mut damaged)? {
                    highest = highest.max(keys::trailing_id(&key).unwrap_or(0));
                }
            }
        }
        Ok(highest)
    }

    /// Makes sure the id counter is readable and not below any stored id.
    fn check_id_counter(&self) -> Result<()> {
        let meta = &self.trees[META_POS];
        let stored = meta.get(keys::LAST_ID_KEY).map_err(sled_error)?;
        if stored.is_some_and(|bytes| bytes.len() == 8) {
            return Ok(());
        }
        // Missing or damaged: start above every id stored so far.
        let last = self.highest_stored_id()?;
        meta.insert(keys::LAST_ID_KEY, &last.to_be_bytes())
            .map_err(sled_error)?;
        Ok(())
    }
}

/// Opens sled, its segment headers asked for meanwhile ([`prefetch_segment_headers`]).
fn open_sled(dir: &Path, cache_bytes: u64) -> Result<sled::Db> {
    // Every save flushes before it is acknowledged, so sled's own timer flush (every
    // 500 ms by default) would only wake an idle workstation for nothing.
    let config = sled::Config::new()
        .path(dir)
        .cache_capacity(cache_bytes)
        .flush_every_ms(None);
    let prefetch = prefetch_segment_headers(&dir.join("db"));
    let opened = open_sled_waiting(&config);
    if let Some(prefetch) = prefetch {
        let _ = prefetch.join();
    }
    opened
}

/// [`sled::Config::open`], waiting a little if a previous [`Store`] of this process is
/// still closing. sled locks its own data file too, and after a `Store` is dropped its
/// background write tasks may hold that file for a moment. Our lock file is already
/// ours here, so no other asystent process can be the holder: a short wait is all that
/// is needed.
fn open_sled_waiting(config: &sled::Config) -> Result<sled::Db> {
    let mut waited = Duration::ZERO;
    loop {
        match config.open() {
            // sled =0.34.7 reports its lock as an io::Error of kind Other with this text.
            Err(sled::Error::Io(e))
                if waited < SLED_LOCK_WAIT && e.to_string().contains("could not acquire lock") =>
            {
                std::thread::sleep(SLED_LOCK_RETRY);
                waited += SLED_LOCK_RETRY;
            }
            other => return other.map_err(sled_error),
        }
    }
}

/// Asks the kernel, from a thread of its own, for the first page of every segment of
/// sled's data file `file`, all at once. sled's opening reads the header of every
/// segment (3 900 at a country's scale), eight at a time; when the page cache is cold
/// the disk serves them sooner asked at once: a country's register opened in 87 to 99
/// ms instead of 129 to 135 (4 cold openings each). Nothing is asked when a sample of
/// them is cached ([`headers_cached`]). None if there is nothing to ask for.
#[cfg(target_os = "linux")]
fn prefetch_segment_headers(file: &Path) -> Option<std::thread::JoinHandle<()>> {
    use std::os::unix::io::AsRawFd;
    let file = std::fs::File::open(file).ok()?;
    let len = file.metadata().ok()?.len();
    std::thread::Builder::new()
        .name("sled-headers".into())
        .spawn(move || {
            if headers_cached(&file, len) {
                return;
            }
            for offset in segment_header_offsets(len) {
                let Ok(offset) = libc::off_t::try_from(offset) else {
                    return;
                };
                // SAFETY: the descriptor is open for the whole loop; the call only
                // advises the kernel and reads nothing into our memory.
                unsafe {
                    libc::posix_fadvise(file.as_raw_fd(), offset, 4096, libc::POSIX_FADV_WILLNEED);
                }
            }
        })
        .ok()
}

/// True if a sample of the segment headers of `file` (`len` bytes) is in the page
/// cache already: then asking for them all would only cost system calls (2 to 4 ms
/// beside the opening). A read that would wait for the disk is refused (RWF_NOWAIT).
#[cfg(target_os = "linux")]
fn headers_cached(file: &std::fs::File, len: u64) -> bool {
    use std::os::unix::io::AsRawFd;
    let offsets: Vec<u64> = segment_header_offsets(len).collect();
    let step = (offsets.len() / HEADER_SAMPLE).max(1);
    offsets.iter().step_by(step).all(|&offset| {
        let Ok(offset) = libc::off_t::try_from(offset) else {
            return false;
        };
        let mut byte = 0u8;
        let iov = libc::iovec {
            iov_base: (&raw mut byte).cast(),
            iov_len: 1,
        };
        // SAFETY: `iov` describes one byte of this frame, valid for the call.
        let read = unsafe { libc::preadv2(file.as_raw_fd(), &iov, 1, offset, libc::RWF_NOWAIT) };
        read == 1
    })
}

/// How many segment headers [`headers_cached`] looks at.
#[cfg(target_os = "linux")]
const HEADER_SAMPLE: usize = 16;

/// Elsewhere sled reads its segment headers by itself.
#[cfg(not(target_os = "linux"))]
fn prefetch_segment_headers(_file: &Path) -> Option<std::thread::JoinHandle<()>> {
    None
}

/// Where the segments of a sled data file of `len` bytes begin.
fn segment_header_offsets(len: u64) -> impl Iterator<Item = u64> {
    (0..len.div_ceil(SLED_SEGMENT_BYTES)).map(|i| i * SLED_SEGMENT_BYTES)
}

/// The digest file's token in `meta`, removed from it (flushed with the rest of
/// [`Store::open`]'s writes, before any save): the file is trusted by this opening
/// only, and any later writer finds no token.
fn take_digest_file_token(meta: &Tree) -> Result<Option<u128>> {
    // sled writes nothing when there is nothing to remove.
    let Some(bytes) = meta.remove(keys::DIGEST_FILE_KEY).map_err(sled_error)? else {
        return Ok(None);
    };
    Ok(<[u8; 16]>::try_from(bytes.as_ref())
        .ok()
        .map(u128::from_be_bytes))
}

/// Brings a database at an older schema version up to [`SCHEMA_VERSION`].
/// One step per older version; each step is idempotent (it can be run again after a
/// crash) and ends by writing the next version into `meta`, flushed.
fn migrate(db: &sled::Db, from: u32) -> Result<()> {
    let meta = db.open_tree(keys::META).map_err(sled_error)?;
    for version in from..SCHEMA_VERSION {
        match version {
            // 1 → 2 built a planned-visits index, which 4 → 5 retires: nothing to do.
            1 => {}
            // 4 → 5: the planned-visits index is gone; each family's summary holds its
            // earliest planned visit instead.
            4 => {
                db.drop_tree(RETIRED_PLANNED_VISITS).map_err(sled_error)?;
            }
            // 3 → 4: the case-number index, built from the families.
            3 => index_families(db, Index::FamiliesByCaseNumber, |f| {
                Some(keys::family_by_case_number(f))
            })?,
            // 5 → 6: the case-number series index, built from the families.
            5 => index_families(
                db,
                Index::FamiliesByCaseSequence,
                keys::family_by_case_sequence,
            )?,
            // 6 → 7: the visits per day and hour, counted from the date index.
            6 => days::count_from_index(db)?,
            // 7 → 8: the visits packed by day and shard, their indexes rebuilt; the
            // records kept per family packed per family.
            7 => {
                pack_visits(db, &meta)?;
                for pos in FAMILY_PACKED {
                    pack_family_records(db, pos)?;
                }
            }
            // 8 → 9: the family digests, from the families and their summaries.
            8 => summaries::digest_families(db)?,
            // 9 → 10: the digest file's token in `meta`; no register of 9 has one, and
            // a build of 9 would not take it out when it writes.
            9 => {}
            // 2 → 3: family summaries. Every family is marked; `Store::open` computes
            // the summaries of the marked families once the store is up.
            2 => {
                let families = db.open_tree(Family::TREE).map_err(sled_error)?;
                let dirty = db.open_tree(summaries::DIRTY).map_err(sled_error)?;
                let mut batch = sled::Batch::default();
                for key in families.iter().keys() {
                    batch.insert(key.map_err(sled_error)?, b"migration".as_slice());
                }
                dirty.apply_batch(batch).map_err(sled_error)?;
            }
            other => {
                return Err(corrupt(
                    keys::META,
                    keys::SCHEMA_VERSION_KEY,
                    format!("no migration from schema version {other}"),
                ));
            }
        }
        meta.insert(keys::SCHEMA_VERSION_KEY, &(version + 1).to_be_bytes())
            .map_err(sled_error)?;
        db.flush().map_err(sled_error)?;
    }
    Ok(())
}

/// Number of visits the migration to schema 8 moves per write.
const PACK_CHUNK: usize = 64 * 1024;

/// The migration to schema 8: copies every visit from the tree keyed by id into the
/// tree packed by day and shard, sorted first so that each bucket is written once,
/// then marks the visits' indexes for a rebuild (done by [`Store::open`]) and drops the
/// old trees. Memory: the new key and id of every visit (about 32 bytes each). A visit
/// that does not decode keeps its bytes under day zero, where `check` reports it.
fn pack_visits(db: &sled::Db, meta: &Tree) -> Result<()> {
    let old = db.open_tree(UNPACKED_VISIT_TREES[0]).map_err(sled_error)?;
    let mut places: Vec<([u8; keys::VISIT_KEY_LEN], u64)> = Vec::with_capacity(old.len());
    for entry in old.iter() {
        let (id_key, bytes) = entry.map_err(sled_error)?;
        let id = keys::trailing_id(&id_key).unwrap_or(0);
        let mut place = [0; keys::VISIT_KEY_LEN];
        if let Ok((_, visit)) = codec::decode::<Visit>(&bytes) {
            place.copy_from_slice(&keys::visit_key(&visit));
        } else {
            place[keys::VISIT_KEY_LEN - 8..].copy_from_slice(&keys::id_bytes(id));
        }
        places.push((place, id));
    }
    places.sort_unstable();
    let new = db.open_tree(VISIT_RECORDS).map_err(sled_error)?;
    let table = Table {
        tree: &new,
        packing: packing(Visit::POS),
        name: Visit::TREE,
    };
    for chunk in places.chunks(PACK_CHUNK) {
        let mut changes = Vec::with_capacity(chunk.len());
        for (place, id) in chunk {
            if let Some(bytes) = old.get(keys::id_bytes(*id)).map_err(sled_error)? {
                changes.push((place.to_vec(), Some(bytes.to_vec())));
            }
        }
        table.apply(changes, false)?;
    }
    meta.insert(REBUILD_PENDING_KEY, &[]).map_err(sled_error)?;
    db.flush().map_err(sled_error)?;
    for name in UNPACKED_VISIT_TREES {
        db.drop_tree(name).map_err(sled_error)?;
    }
    Ok(())
}

/// Part of the migration to schema 8: copies the records of a kind keyed `family_id ‖
/// id` from the tree named after the kind into its tree packed per family (the keys do
/// not change, so the walk in key order writes each bucket once), then drops the old
/// tree. Run again after a crash, it copies what is left.
fn pack_family_records(db: &sled::Db, pos: usize) -> Result<()> {
    let old_name = RECORD_KINDS[pos];
    let old = db.open_tree(old_name).map_err(sled_error)?;
    let new = db.open_tree(RECORD_TREES[pos]).map_err(sled_error)?;
    let table = Table {
        tree: &new,
        packing: packing(pos),
        name: old_name,
    };
    let mut entries = old.iter().peekable();
    while entries.peek().is_some() {
        let chunk = entries
            .by_ref()
            .take(PACK_CHUNK)
            .map(|entry| entry.map(|(k, v)| (k.to_vec(), Some(v.to_vec()))))
            .collect::<sled::Result<Vec<_>>>()
            .map_err(sled_error)?;
        table.apply(chunk, false)?;
    }
    db.flush().map_err(sled_error)?;
    db.drop_tree(old_name).map_err(sled_error)?;
    Ok(())
}

/// Writes the entries of a family index that a migration adds, from the stored families.
fn index_families(
    db: &sled::Db,
    index: Index,
    key: impl Fn(&Family) -> Option<Vec<u8>>,
) -> Result<()> {
    let families = db.open_tree(Family::TREE).map_err(sled_error)?;
    let tree = db.open_tree(index.tree_name()).map_err(sled_error)?;
    let mut batch = sled::Batch::default();
    for entry in families.iter() {
        let (id, bytes) = entry.map_err(sled_error)?;
        // A damaged family is left for `check` to report; it has no entry.
        if let Some(key) = decode_versioned::<Family>(&id, &bytes)
            .ok()
            .and_then(|f| key(&f.value))
        {
            batch.insert(key, &[]);
        }
    }
    tree.apply_batch(batch).map_err(sled_error)
}

/// Whether a write updates the index entries and counts of its records itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Indexing {
    /// In the same transaction (a save).
    Now,
    /// Not at all: a bulk write rebuilds them afterwards ([`Store::write_bulk`]).
    Later,
}

/// Writes one record inside a transaction over all trees, with its index entries and
/// counts unless `indexing` leaves them for later; returns the new revision. An old
/// value that does not decode may be overwritten only by an import or a restore, whose
/// rebuild then removes its entries. No side effects: sled may run this more than once.
fn stage<R: Stored>(
    tx: &TxTrees,
    record: &R,
    payload: &[u8],
    check: Check,
    indexing: Indexing,
) -> TxResult<u64> {
    let key = record.key();
    // Where the record is stored now, which for a visit moved to another day or time
    // is not where it goes.
    let old_key = locate(tx, record)?.unwrap_or_else(|| key.clone());
    let mut old_entries = Vec::new();
    let mut old_slot = None;
    let old_rev = match tx.get(R::POS, &old_key)? {
        None => None,
        Some(bytes) => match codec::decode::<R>(&bytes) {
            Ok((rev, old)) => {
                old_entries = old.index_entries();
                old_slot = old.counted_slot();
                Some(rev)
            }
            Err(e) => match check {
                Check::Expect(_) => return Err(abort(corrupt(R::TREE, &old_key, e))),
                Check::Overwrite | Check::Keep(_) => Some(codec::revision(&bytes).unwrap_or(0)),
            },
        },
    };
    if let Check::Expect(expected) = check
        && expected != old_rev
    {
        return Err(abort(StoreError::Conflict {
            tree: R::TREE.to_string(),
            id: record.id(),
            found: old_rev.unwrap_or(0),
            expected: expected.unwrap_or(0),
        }));
    }
    let rev = match (check, old_rev) {
        (Check::Keep(rev), _) => rev,
        (_, None) => 1,
        (_, Some(old)) => old
            .checked_add(1)
            .ok_or_else(|| abort(StoreError::Io("revision counter overflow".into())))?,
    };
    if old_key != key && old_rev.is_some() {
        tx.set(R::POS, &old_key, None)?;
    }
    tx.set(R::POS, &key, Some(&codec::wrap::<R>(rev, payload)))?;
    if let Some(family) = record.family() {
        tx.views[DIRTY_POS].insert(
            &keys::id_bytes(family),
            summaries::mark(R::POS, record, rev),
        )?;
    }
    // Keep new_id above every stored id, also for ids that did not come from it.
    let meta = &tx.views[META_POS];
    if read_last_id(meta)? < record.id() {
        meta.insert(keys::LAST_ID_KEY, &record.id().to_be_bytes())?;
    }
    if indexing == Indexing::Later {
        return Ok(rev);
    }
    for (index, index_key) in old_entries {
        tx.set(INDEX_BASE + index.position(), &index_key, None)?;
    }
    for (index, index_key) in record.index_entries() {
        tx.set(INDEX_BASE + index.position(), &index_key, Some(&[]))?;
    }
    let new_slot = record.counted_slot();
    if old_slot != new_slot {
        if let Some(slot) = old_slot {
            days::adjust(tx.views, slot, -1)?;
        }
        if let Some(slot) = new_slot {
            days::adjust(tx.views, slot, 1)?;
        }
    }
    Ok(rev)
}

/// Removes one record and its index entries inside a transaction, if it is stored at
/// revision `rev` (else a conflict). No side effects: sled may run this more than once.
fn unstage<R: Stored>(tx: &TxTrees, record: &R, rev: u64) -> TxResult<()> {
    let key = locate(tx, record)?.unwrap_or_else(|| record.key());
    let conflict = |found| {
        abort(StoreError::Conflict {
            tree: R::TREE.to_string(),
            id: record.id(),
            found,
            expected: rev,
        })
    };
    let Some(bytes) = tx.get(R::POS, &key)? else {
        return Err(conflict(0));
    };
    let (found, stored) =
        codec::decode::<R>(&bytes).map_err(|e| abort(corrupt(R::TREE, &key, e)))?;
    if found != rev {
        return Err(conflict(found));
    }
    tx.set(R::POS, &key, None)?;
    for (index, index_key) in stored.index_entries() {
        tx.set(INDEX_BASE + index.position(), &index_key, None)?;
    }
    if let Some(slot) = stored.counted_slot() {
        days::adjust(tx.views, slot, -1)?;
    }
    if let Some(family) = record.family() {
        // The revision after the last one marks a removal.
        let mark = summaries::mark(R::POS, record, rev.saturating_add(1));
        tx.views[DIRTY_POS].insert(&keys::id_bytes(family), mark)?;
    }
    Ok(())
}

/// The trees of a transaction over `Store::trees`, packed as [`packing`] says.
fn tx_trees(views: &[TransactionalTree]) -> TxTrees<'_> {
    TxTrees::new(views, packing, reported_name)
}

/// Where a record of a kind with [`Record::LOCATED_BY`] is stored now (`None`: not
/// stored, or a kind whose key never changes), read from that index inside a transaction.
fn locate<R: Stored>(tx: &TxTrees, record: &R) -> TxResult<Option<Vec<u8>>> {
    let Some(index) = R::LOCATED_BY else {
        return Ok(None);
    };
    let id = keys::id_bytes(record.id());
    let entries = tx.scan_prefix(INDEX_BASE + index.position(), &id)?;
    // More than one place is a damaged index: the one the record says wins, if stored.
    let mut places = entries.iter().filter_map(|entry| index.record_key(entry));
    let own = record.key();
    let first = places.next();
    Ok(match first {
        Some(place) if place == own => Some(place),
        Some(place) => Some(places.find(|p| *p == own).unwrap_or(place)),
        None => None,
    })
}

/// The keys every index tree should hold, one sorted list per index in [`Index::ALL`] order.
#[derive(Debug, Default)]
pub(crate) struct ExpectedIndexes {
    keys: [Vec<Vec<u8>>; INDEXES],
    /// The day and hour of every visit, for the counts of [`days`].
    slots: Vec<(NaiveDate, u8)>,
}

impl ExpectedIndexes {
    /// Adds the entries of one record.
    fn add<R: Record>(&mut self, record: &R) {
        for (index, key) in record.index_entries() {
            self.keys[index.position()].push(key);
        }
        self.slots.extend(record.counted_slot());
    }

    /// Sorts the keys in sled's (byte) order and drops duplicates; sorts the slots.
    fn finish(&mut self) {
        for keys in &mut self.keys {
            keys.sort_unstable();
            keys.dedup();
        }
        self.slots.sort_unstable();
    }
}

/// How one index tree differs from a rebuild.
#[derive(Debug, Default)]
struct IndexDiff {
    /// Entries stored.
    entries: usize,
    /// Keys a rebuild writes that are not stored.
    missing: Vec<Vec<u8>>,
    /// Stored keys a rebuild removes.
    stray: Vec<Vec<u8>>,
    /// Keys a rebuild keeps but whose stored value is not empty.
    wrong_value: Vec<Vec<u8>>,
    /// Buckets of a packed index that do not parse (their entries count as missing).
    damaged_buckets: Vec<Vec<u8>>,
}

impl IndexDiff {
    /// True if the index equals a rebuild.
    fn is_empty(&self) -> bool {
        self.missing.is_empty()
            && self.stray.is_empty()
            && self.wrong_value.is_empty()
            && self.damaged_buckets.is_empty()
    }
}

/// The id counter inside a transaction.
fn read_last_id(meta: &TransactionalTree) -> TxResult<u64> {
    match meta.get(keys::LAST_ID_KEY)? {
        None => Ok(0),
        Some(bytes) => <[u8; 8]>::try_from(bytes.as_ref())
            .map(u64::from_be_bytes)
            .map_err(|_| {
                abort(corrupt(
                    keys::META,
                    keys::LAST_ID_KEY,
                    "not a u64 big-endian",
                ))
            }),
    }
}

fn encode_payload<R: Record>(record: &R) -> Result<Vec<u8>> {
    codec::encode_payload(record)
        .map_err(|e| StoreError::Io(format!("{} record {}: {e}", R::TREE, record.id())))
}

/// Decodes a stored value, checking that it belongs under `key`.
fn decode_versioned<R: Record>(key: &[u8], bytes: &[u8]) -> Result<Versioned<R>> {
    let (rev, value) = codec::decode::<R>(bytes).map_err(|e| corrupt(R::TREE, key, e))?;
    if value.key() != key {
        return Err(corrupt(
            R::TREE,
            key,
            "record does not belong under its key",
        ));
    }
    Ok(Versioned { rev, value })
}

/// Decodes every entry; damaged values and buckets are collected, sled errors end the list.
fn collect<R: Record>(entries: impl Iterator<Item = packed::Entry>) -> Result<Loaded<R>> {
    let mut loaded = Loaded {
        records: Vec::new(),
        damaged: Vec::new(),
    };
    for entry in entries {
        let Some((key, bytes)) = readable(entry, &mut loaded.damaged)? else {
            continue;
        };
        match decode_versioned(&key, &bytes) {
            Ok(record) => loaded.records.push(record),
            Err(e) => loaded.damaged.push(e),
        }
    }
    Ok(loaded)
}

/// An entry of a walk over a tree: `None` for a bucket that does not parse, whose
/// damage goes to `damaged` (like a record that does not decode); a sled error ends
/// the walk.
fn readable(entry: packed::Entry, damaged: &mut Vec<StoreError>) -> Result<Option<(IVec, IVec)>> {
    match entry {
        Ok(pair) => Ok(Some(pair)),
        Err(e @ StoreError::Corrupt { .. }) => {
            damaged.push(e);
            Ok(None)
        }
        Err(e) => Err(e),
    }
}

/// Visits in the order of their ids, as every other kind is exported (they are stored by day).
fn by_id(mut visits: Vec<Visit>) -> Vec<Visit> {
    visits.sort_by_key(|v| v.id);
    visits
}

/// The values of a list, moving its damaged entries to `damaged`.
fn values<T>(loaded: Loaded<T>, damaged: &mut Vec<StoreError>) -> Vec<T> {
    damaged.extend(loaded.damaged);
    loaded.records.into_iter().map(|v| v.value).collect()
}

fn corrupt(tree: &str, key: &[u8], reason: impl std::fmt::Display) -> StoreError {
    StoreError::Corrupt {
        tree: tree.to_string(),
        key: keys::hex(key),
        reason: reason.to_string(),
    }
}

fn abort(e: StoreError) -> ConflictableTransactionError<StoreError> {
    ConflictableTransactionError::Abort(e)
}

/// True for "no space left on device".
fn is_disk_full(e: &io::Error) -> bool {
    e.kind() == io::ErrorKind::StorageFull || e.raw_os_error() == Some(28)
}

fn io_error(e: io::Error) -> StoreError {
    if is_disk_full(&e) {
        StoreError::DiskFull
    } else {
        StoreError::Io(e.to_string())
    }
}

fn sled_error(e: sled::Error) -> StoreError {
    match e {
        sled::Error::Io(e) => io_error(e),
        other => StoreError::Io(other.to_string()),
    }
}

fn tx_error(e: TransactionError<StoreError>) -> StoreError {
    match e {
        TransactionError::Abort(e) => e,
        TransactionError::Storage(e) => sled_error(e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_match_tree_names() {
        fn kind_at<R: Stored>() -> &'static str {
            RECORD_KINDS[R::POS]
        }
        assert_eq!(kind_at::<Staff>(), Staff::TREE);
        assert_eq!(kind_at::<Family>(), Family::TREE);
        assert_eq!(kind_at::<Member>(), Member::TREE);
        assert_eq!(kind_at::<WorkPlan>(), WorkPlan::TREE);
        assert_eq!(kind_at::<Visit>(), Visit::TREE);
        assert_eq!(kind_at::<Assessment>(), Assessment::TREE);
        assert_eq!(kind_at::<CourtRequest>(), CourtRequest::TREE);
        assert_eq!(kind_at::<Cooperation>(), Cooperation::TREE);
        // The unpacked kinds' trees are named after them; the packed ones' are not.
        for pos in 0..INDEX_BASE {
            assert_eq!(
                RECORD_TREES[pos] == RECORD_KINDS[pos],
                packing(pos).is_none()
            );
        }
        for index in Index::ALL {
            assert_eq!(Index::ALL[index.position()], index);
        }
    }

    #[test]
    fn every_segment_header_is_asked_for_once() {
        assert_eq!(segment_header_offsets(0).count(), 0);
        let len = 3 * SLED_SEGMENT_BYTES + 10;
        let offsets: Vec<u64> = segment_header_offsets(len).collect();
        assert_eq!(offsets, [0, 1, 2, 3].map(|i| i * SLED_SEGMENT_BYTES));
        assert_eq!(segment_header_offsets(SLED_SEGMENT_BYTES).count(), 1);
    }

    #[test]
    #[cfg(target_os = "linux")]
    fn headers_just_written_are_found_cached() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("db");
        let len = 40 * SLED_SEGMENT_BYTES;
        std::fs::write(&path, vec![7u8; len as usize]).unwrap();
        let file = std::fs::File::open(&path).unwrap();
        assert!(headers_cached(&file, len), "pages written a moment ago");
        // Past the end there is nothing to read, so nothing is taken for cached.
        assert!(!headers_cached(&file, 2 * len));
    }

    #[test]
    fn records_read_on_threads_come_in_order_with_the_missing() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("db")).unwrap();
        let staff: Vec<Staff> = (1..=60)
            .map(|id| Staff {
                id,
                login: format!("osoba{id}"),
                name: format!("Osoba {id}"),
                role: crate::domain::Role::Assistant,
                active: true,
                stand_ins: Vec::new(),
            })
            .collect();
        for s in &staff {
            store.put_staff(s, None).unwrap();
        }
        // Ids 61 to 90 are asked for too, and missing; the order asked for is not the
        // keys' order.
        let wanted: Vec<(IVec, Vec<u8>)> = (1..=90u64)
            .rev()
            .map(|id| (IVec::from(&b"i"[..]), keys::id_bytes(id).to_vec()))
            .collect();
        let serial = store
            .get_all_cold_after::<Staff>(&wanted, Duration::MAX)
            .unwrap();
        let threaded = store
            .get_all_cold_after::<Staff>(&wanted, Duration::ZERO)
            .unwrap();
        assert_eq!(serial, threaded);
        let ids: Vec<Option<Id>> = threaded
            .iter()
            .zip(&wanted)
            .map(|(bytes, (_, key))| {
                bytes
                    .as_ref()
                    .map(|b| decode_versioned::<Staff>(key, b).unwrap().value.id)
            })
            .collect();
        let expected: Vec<Option<Id>> = (1..=90u64)
            .rev()
            .map(|id| (id <= 60).then_some(id))
            .collect();
        assert_eq!(ids, expected);
    }

    #[test]
    fn store_is_send() {
        fn send<T: Send>() {}
        send::<Store>();
    }

    #[test]
    fn disk_full_is_recognised() {
        assert!(matches!(
            io_error(io::Error::from_raw_os_error(28)),
            StoreError::DiskFull
        ));
        assert!(matches!(
            io_error(io::Error::other("boom")),
            StoreError::Io(_)
        ));
    }
}
