//! The digest file: every family's digest, written beside the database when the
//! workstation ends cleanly (`q`, SIGTERM, a hang-up; also when a server stops
//! cleanly, when a demo is generated, and after a restore or a repair), so that the
//! next start can judge the Overview's alerts while sled opens the register. The file
//! is trusted only while the register's `meta` holds the same token: opening the
//! register takes the token out before anything is written, and only a clean close
//! puts one back: a new one after a new file is on disk, or the same one when the
//! opening changed no digest (a command that only read, such as `alerts` from cron,
//! keeps the file when its store is dropped).
//! A damaged, stale or missing file only means the digests are read from the register.

use std::fs;
use std::io::Write;
use std::os::unix::fs::OpenOptionsExt;
use std::path::Path;
use std::sync::atomic::Ordering;

use super::summaries::{DIGEST_FORMAT, decode, encode};
use super::{DIRTY_POS, META_POS, Result, SCHEMA_VERSION, Store, StoreError, keys, sled_error};
use crate::domain::digest::FamilyDigest;

/// The file's name in the database directory (beside `db/` and the lock file).
pub const FILE_NAME: &str = "overview-digests";

/// The file's first bytes: what it is and the version of this layout.
const MAGIC: &[u8; 8] = b"asydgst1";

/// Magic, schema version (u32), token (u128) and the number of digests (u32).
const HEADER_LEN: usize = 8 + 4 + 16 + 4;

/// The CRC-32 of everything before it, at the end of the file.
const TRAILER_LEN: usize = 4;

/// A larger file is not read: a country's 60 000 families take 5 MB, so this is room
/// for millions, and a stray huge file cannot fill the memory.
pub const MAX_FILE_BYTES: u64 = 256 * 1024 * 1024;

/// A digest file that was read whole, passed its checksum, and is of this schema.
#[derive(Debug)]
pub struct DigestFile {
    token: u128,
    count: usize,
    /// The whole file.
    bytes: Vec<u8>,
}

impl DigestFile {
    /// The file of the database at `dir`, or None if it is missing, damaged, larger than
    /// [`MAX_FILE_BYTES`], or of another layout or schema.
    pub fn read(dir: &Path) -> Option<DigestFile> {
        DigestFile::read_within(dir, MAX_FILE_BYTES)
    }

    /// [`DigestFile::read`], a file larger than `max_bytes` left unread.
    pub fn read_within(dir: &Path, max_bytes: u64) -> Option<DigestFile> {
        let path = dir.join(FILE_NAME);
        if fs::metadata(&path).ok()?.len() > max_bytes {
            return None;
        }
        DigestFile::parse(fs::read(path).ok()?)
    }

    /// The file in `bytes`, if they are one (see [`DigestFile::read`]).
    pub fn parse(bytes: Vec<u8>) -> Option<DigestFile> {
        let rest = unseal(&bytes, MAGIC)?;
        let token = u128::from_be_bytes(rest.get(..16)?.try_into().ok()?);
        let count = usize::try_from(u32::from_be_bytes(rest.get(16..20)?.try_into().ok()?)).ok()?;
        Some(DigestFile {
            token,
            count,
            bytes,
        })
    }

    /// The token the register's `meta` must hold for this file to be trusted.
    pub fn token(&self) -> u128 {
        self.token
    }

    /// The stored bytes of every digest, in the order written; None if the entries do
    /// not fill the file exactly.
    pub fn entries(&self) -> Option<Vec<&[u8]>> {
        let mut rest = &self.bytes[HEADER_LEN..self.bytes.len() - TRAILER_LEN];
        // The count is not trusted for the allocation: each entry takes 4 bytes at least.
        let mut entries = Vec::with_capacity(self.count.min(rest.len() / 4));
        for _ in 0..self.count {
            let (len, after) = rest.split_first_chunk::<4>()?;
            let len = u32::from_be_bytes(*len) as usize;
            if after.len() < len {
                return None;
            }
            let (entry, after) = after.split_at(len);
            entries.push(entry);
            rest = after;
        }
        rest.is_empty().then_some(entries)
    }

    /// Gives every digest to `each`, in the order written; false if one does not read
    /// (what was given before then must be thrown away).
    pub fn for_each(&self, mut each: impl FnMut(FamilyDigest)) -> bool {
        let Some(entries) = self.entries() else {
            return false;
        };
        for entry in entries {
            match read_entry(entry) {
                Some(digest) => each(digest),
                None => return false,
            }
        }
        true
    }
}

/// One digest of [`DigestFile::entries`], if it reads.
pub fn read_entry(entry: &[u8]) -> Option<FamilyDigest> {
    decode(DIGEST_FORMAT, entry)
}

impl Store {
    /// The token of the digest file that this store's opening found in `meta`, while
    /// no digest was written since: the file is trusted if it carries the same one.
    pub fn digest_file_token(&self) -> Option<u128> {
        self.digest_file_token
            .filter(|_| !self.digests_changed.load(Ordering::SeqCst))
    }

    /// Notes that a family digest is about to be written.
    pub(super) fn note_digests_changed(&self) {
        self.digests_changed.store(true, Ordering::SeqCst);
    }

    /// Closes the register leaving a digest file for the next opening: the file this
    /// opening found, vouched for again if nothing has made it stale (see
    /// [`Store::keep_digest_file`]), else a new one, then its token into `meta`, flushed.
    /// False if a digest bucket is damaged (no file is written). It takes the store
    /// because any later write would leave the file stale.
    pub fn close_with_digest_file(mut self) -> Result<bool> {
        Ok(self.leave_digest_file()?.is_some())
    }

    /// What [`Store::close_with_digest_file`] does, the store kept: the token of the
    /// file left, or None if a digest bucket is damaged. No write may follow but of
    /// drafts, which no Overview shows.
    pub(super) fn leave_digest_file(&mut self) -> Result<Option<u128>> {
        let found = self.digest_file_token();
        if self.keep_digest_file()? {
            return Ok(found);
        }
        let mut digests = Vec::new();
        if !self.each_digest(|digest| digests.push(digest))? {
            return Ok(None);
        }
        let token = new_token()?;
        write(&self.path, &to_bytes(token, &digests)?)?;
        self.trees[META_POS]
            .insert(keys::DIGEST_FILE_KEY, &token.to_be_bytes())
            .map_err(sled_error)?;
        self.flush()?;
        Ok(Some(token))
    }

    /// Puts the token of the digest file this opening found back into `meta`, flushed,
    /// if nothing since can have made the file stale: no digest written, no save left
    /// unsettled, and the file still whole under that token. So a run that only read
    /// (`alerts` from cron, a backup) leaves the next start its Overview from the file.
    /// True if the token is back. Once per opening: a later call does nothing.
    pub(super) fn keep_digest_file(&mut self) -> Result<bool> {
        let Some(token) = self.digest_file_token() else {
            return Ok(false);
        };
        self.digest_file_token = None;
        // A save whose summaries are not settled yet wrote no digest, but will.
        if !self.trees[DIRTY_POS].is_empty() {
            return Ok(false);
        }
        // Deleted or damaged since the opening: a new file is better than none.
        if DigestFile::read(&self.path).map(|file| file.token()) != Some(token) {
            return Ok(false);
        }
        self.trees[META_POS]
            .insert(keys::DIGEST_FILE_KEY, &token.to_be_bytes())
            .map_err(sled_error)?;
        self.flush()?;
        Ok(true)
    }
}

impl Drop for Store {
    /// A run that opened the register and ends without [`Store::close_with_digest_file`]
    /// (a command, a panic) keeps the digest file if it can, and with it leaves a start
    /// file if it was asked to ([`Store::leave_start_file_at_drop`]); an error only
    /// means that the next start reads its Overview from the register.
    fn drop(&mut self) {
        let token = self.digest_file_token();
        if let (Ok(true), Some(token), Some((today, per_day))) =
            (self.keep_digest_file(), token, self.start_at_drop)
        {
            let _ = self.write_start_file(token, today, per_day);
        }
    }
}

/// The bytes of a digest file holding `digests` under `token`.
pub fn to_bytes(token: u128, digests: &[FamilyDigest]) -> Result<Vec<u8>> {
    let count = u32::try_from(digests.len())
        .map_err(|_| StoreError::Io("too many families for the digest file".into()))?;
    let mut out = Vec::with_capacity(HEADER_LEN + digests.len() * 96 + TRAILER_LEN);
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&SCHEMA_VERSION.to_be_bytes());
    out.extend_from_slice(&token.to_be_bytes());
    out.extend_from_slice(&count.to_be_bytes());
    for digest in digests {
        let entry = encode(DIGEST_FORMAT, digest)?;
        let len = u32::try_from(entry.len())
            .map_err(|_| StoreError::Io("a digest too large for the digest file".into()))?;
        out.extend_from_slice(&len.to_be_bytes());
        out.extend_from_slice(&entry);
    }
    let crc = crc32fast::hash(&out);
    out.extend_from_slice(&crc.to_be_bytes());
    Ok(out)
}

/// Writes `bytes` as the digest file of the database at `dir`: to a temporary file,
/// synced, then renamed over the old one, so a reader sees a whole file or none.
pub fn write(dir: &Path, bytes: &[u8]) -> Result<()> {
    write_beside(dir, FILE_NAME, bytes)
}

/// Writes `bytes` as the file `name` in the database directory `dir`, as [`write`]
/// writes the digest file.
pub(super) fn write_beside(dir: &Path, name: &str, bytes: &[u8]) -> Result<()> {
    let io = |e: std::io::Error| StoreError::Io(format!("{}: {e}", dir.join(name).display()));
    let temporary = dir.join(format!("{name}.new"));
    let mut file = fs::OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        // It holds names and case numbers, like the register itself.
        .mode(0o600)
        .open(&temporary)
        .map_err(io)?;
    file.write_all(bytes).map_err(io)?;
    file.sync_all().map_err(io)?;
    fs::rename(&temporary, dir.join(name)).map_err(io)
}

/// What follows the magic and the schema version in the file `bytes`, its checksum
/// left off: None unless they start with `magic`, are of this schema, and end in the
/// CRC-32 of everything before it (the framing of the files beside the register).
pub(super) fn unseal<'b>(bytes: &'b [u8], magic: &[u8; 8]) -> Option<&'b [u8]> {
    let body_len = bytes.len().checked_sub(TRAILER_LEN)?;
    if body_len < 12 || !bytes.starts_with(magic) {
        return None;
    }
    let (body, trailer) = bytes.split_at(body_len);
    if crc32fast::hash(body).to_be_bytes() != *trailer {
        return None;
    }
    let schema = u32::from_be_bytes(body[8..12].try_into().ok()?);
    (schema == SCHEMA_VERSION).then_some(&body[12..])
}

/// A token no other digest file of this or another register carries.
pub fn new_token() -> Result<u128> {
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes).map_err(|e| StoreError::Io(format!("no random token: {e}")))?;
    Ok(u128::from_be_bytes(bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_save_left_unsettled_keeps_no_file() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("db");
        assert!(Store::open(&db).unwrap().close_with_digest_file().unwrap());
        // What a save leaves when its summaries could not be settled: its mark only,
        // no digest written (so no change noted).
        let store = Store::open(&db).unwrap();
        assert!(store.digest_file_token().is_some());
        store.trees[DIRTY_POS]
            .insert(keys::id_bytes(7), &b"mark"[..])
            .unwrap();
        drop(store);
        let store = Store::open(&db).unwrap();
        assert_eq!(
            store.digest_file_token(),
            None,
            "the mark's family may change"
        );
        // With nothing pending, the drop of a run that only read keeps the file.
        drop(store);
        assert!(Store::open(&db).unwrap().close_with_digest_file().unwrap());
        drop(Store::open(&db).unwrap());
        assert!(Store::open(&db).unwrap().digest_file_token().is_some());
    }
}
