//! The start file: what the first Overview of a supervisor needs besides the family
//! digests (every staff account, and the first visits and the visit count of each of
//! the days ahead), written beside the database by a clean close right after the
//! digest file, and removed by every opening before sled opens the register. While it
//! is there, nothing has opened the register since it was written, so a workstation
//! may draw that Overview from it and the digest file while sled is still opening the
//! register (`Service::start_workstation`). A damaged, stale or missing file only
//! means that the Overview waits for the opening.

use std::fs;
use std::path::Path;

use chrono::{Days, NaiveDate};
use serde::{Deserialize, Serialize};

use super::digest_file::{unseal, write_beside};
use super::{Result, SCHEMA_VERSION, Store, StoreError, codec};
use crate::domain::{Staff, Visit};

/// The file's name in the database directory (beside `db/` and the digest file).
pub const FILE_NAME: &str = "overview-start";

/// The file's first bytes: what it is and the version of this layout.
const MAGIC: &[u8; 8] = b"asystrt1";

/// Magic and schema version (u32).
const HEADER_LEN: usize = 8 + 4;

/// The CRC-32 of everything before it, at the end of the file.
const TRAILER_LEN: usize = 4;

/// A larger file is not read: a country's takes about 1 MB.
const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

/// Days after the closing day that the file covers: a start within two weeks of the
/// last clean close finds its today and tomorrow in it.
pub const DAYS_AHEAD: u64 = 14;

/// One of the days ahead: how many visits it has, and the first of them by time.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StartDay {
    /// The day.
    pub date: NaiveDate,
    /// Its visits in all, as the visits per day count them.
    pub count: u32,
    /// Its first visits by time, at most [`StartFile::per_day`], the damaged left out.
    pub first: Vec<Visit>,
}

/// What a start file holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StartFile {
    /// The token of the digest file written with it.
    pub digest_token: u128,
    /// Every staff account that reads.
    pub staff: Vec<Staff>,
    /// What could not be read of the staff accounts, as text.
    pub damaged_staff: Vec<String>,
    /// The most visits kept of one day.
    pub per_day: u32,
    /// The closing day and the days after it, in order.
    pub days: Vec<StartDay>,
}

impl StartFile {
    /// The file of the database at `dir`, or None if it is missing, damaged, too large,
    /// or of another layout or schema.
    pub fn read(dir: &Path) -> Option<StartFile> {
        let path = dir.join(FILE_NAME);
        if fs::metadata(&path).ok()?.len() > MAX_FILE_BYTES {
            return None;
        }
        StartFile::parse(&fs::read(path).ok()?)
    }

    /// The file in `bytes`, if they are one (see [`StartFile::read`]).
    pub fn parse(bytes: &[u8]) -> Option<StartFile> {
        codec::decode_payload(unseal(bytes, MAGIC)?).ok()
    }

    /// The bytes of this file.
    pub fn to_bytes(&self) -> Result<Vec<u8>> {
        let payload = codec::encode_payload(self).map_err(|e| StoreError::Io(e.to_string()))?;
        let mut out = Vec::with_capacity(HEADER_LEN + payload.len() + TRAILER_LEN);
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&SCHEMA_VERSION.to_be_bytes());
        out.extend_from_slice(&payload);
        let crc = crc32fast::hash(&out);
        out.extend_from_slice(&crc.to_be_bytes());
        Ok(out)
    }

    /// The first `limit` visits of `today` and tomorrow by date and time, and how many
    /// more there are when `limit` were found, as the register would give them; None if
    /// the file does not cover both days or keeps fewer than `limit` visits a day.
    pub fn upcoming(&self, today: NaiveDate, limit: usize) -> Option<(Vec<Visit>, usize)> {
        if usize::try_from(self.per_day).ok()? < limit {
            return None;
        }
        let tomorrow = today.succ_opt()?;
        let day = |date| self.days.iter().find(|d: &&StartDay| d.date == date);
        let (first, second) = (day(today)?, day(tomorrow)?);
        let visits: Vec<Visit> = first
            .first
            .iter()
            .chain(&second.first)
            .take(limit)
            .cloned()
            .collect();
        let more = match visits.len() == limit {
            true => (first.count as usize + second.count as usize).saturating_sub(limit),
            false => 0,
        };
        Some((visits, more))
    }
}

/// Removes the start file of the database at `dir`, if there is one.
pub fn remove(dir: &Path) -> Result<()> {
    match fs::remove_file(dir.join(FILE_NAME)) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(StoreError::Io(format!(
            "{}: {e}",
            dir.join(FILE_NAME).display()
        ))),
        _ => Ok(()),
    }
}

impl Store {
    /// What a start file written now would hold for a start on `today` or within
    /// [`DAYS_AHEAD`] after it, with up to `per_day` visits a day (its token is the
    /// digest file's, set when it is written).
    pub fn start_file(&self, today: NaiveDate, per_day: u32) -> Result<StartFile> {
        let staff = self.staff()?;
        let last = today
            .checked_add_days(Days::new(DAYS_AHEAD))
            .unwrap_or(today);
        let counts = self.visit_counts_between(today, last)?;
        let limit = usize::try_from(per_day).unwrap_or(usize::MAX);
        let mut days = Vec::new();
        for date in today.iter_days().take_while(|d| *d <= last) {
            let first = self.first_visits_between(date, date, limit)?;
            days.push(StartDay {
                date,
                count: counts.get(&date).copied().unwrap_or(0),
                first: first.records.into_iter().map(|v| v.value).collect(),
            });
        }
        Ok(StartFile {
            digest_token: 0,
            damaged_staff: staff.damaged.iter().map(|e| e.to_string()).collect(),
            staff: staff.records.into_iter().map(|v| v.value).collect(),
            per_day,
            days,
        })
    }

    /// Makes the drop of this store leave a start file for a start on `today` or within
    /// [`DAYS_AHEAD`] after it, with up to `per_day` visits a day, when it keeps the
    /// digest file: so a command that only read (`alerts` from cron) leaves the next
    /// workstation its first Overview from the files, as a workstation's quit does.
    pub fn leave_start_file_at_drop(&mut self, today: NaiveDate, per_day: u32) {
        self.start_at_drop = Some((today, per_day));
    }

    /// Writes the start file for `today` under the digest file's `token`.
    pub(super) fn write_start_file(
        &self,
        token: u128,
        today: NaiveDate,
        per_day: u32,
    ) -> Result<()> {
        let mut start = self.start_file(today, per_day)?;
        start.digest_token = token;
        write_beside(&self.path, FILE_NAME, &start.to_bytes()?)
    }

    /// Closes the register as [`Store::close_with_digest_file`] does and then writes
    /// the start file for `today` beside it (see [`Store::start_file`]); false if no
    /// digest file could be left (then no start file either).
    pub fn close_for_next_start(mut self, today: NaiveDate, per_day: u32) -> Result<bool> {
        let Some(token) = self.leave_digest_file()? else {
            return Ok(false);
        };
        self.write_start_file(token, today, per_day)?;
        Ok(true)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_opening_removes_the_file_that_a_clean_close_wrote() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("db");
        let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        let store = Store::open(&db).unwrap();
        assert_eq!(
            store.start_file(today, 4).unwrap().days.len(),
            DAYS_AHEAD as usize + 1
        );
        assert!(store.close_for_next_start(today, 4).unwrap());
        let read = StartFile::read(&db).expect("written whole");
        assert_eq!(
            Some(read.digest_token),
            super::super::digest_file::DigestFile::read(&db).map(|f| f.token())
        );
        let store = Store::open(&db).unwrap();
        assert!(
            StartFile::read(&db).is_none(),
            "gone once the register opens"
        );
        // A run that only read keeps the digest file, but leaves no start file.
        drop(store);
        assert!(StartFile::read(&db).is_none());
        assert!(Store::open(&db).unwrap().digest_file_token().is_some());
    }

    #[test]
    fn a_drop_that_keeps_the_digest_file_leaves_a_start_file_if_asked() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("db");
        let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        assert!(Store::open(&db).unwrap().close_with_digest_file().unwrap());
        let mut store = Store::open(&db).unwrap();
        store.leave_start_file_at_drop(today, 4);
        drop(store);
        let start = StartFile::read(&db).expect("left by the drop");
        assert_eq!(start.days[0].date, today);
        assert_eq!(
            Store::open(&db).unwrap().digest_file_token(),
            Some(start.digest_token)
        );
        // That opening's drop kept the file but was not asked for a start file.
        assert!(StartFile::read(&db).is_none());
        // A run whose writes changed a digest leaves neither.
        let mut store = Store::open(&db).unwrap();
        store.leave_start_file_at_drop(today, 4);
        store.note_digests_changed();
        drop(store);
        assert!(StartFile::read(&db).is_none());
    }

    #[test]
    fn a_damaged_or_foreign_file_is_not_read() {
        let start = StartFile {
            digest_token: 7,
            staff: Vec::new(),
            damaged_staff: vec!["staff 01: bad".into()],
            per_day: 2,
            days: Vec::new(),
        };
        let bytes = start.to_bytes().unwrap();
        assert_eq!(StartFile::parse(&bytes), Some(start));
        for at in [0, 9, HEADER_LEN, bytes.len() - 1] {
            let mut damaged = bytes.clone();
            damaged[at] ^= 1;
            assert_eq!(StartFile::parse(&damaged), None, "byte {at} changed");
        }
        assert_eq!(StartFile::parse(&bytes[..bytes.len() - 1]), None);
        // Whole, but of another schema.
        let mut other = bytes[..bytes.len() - TRAILER_LEN].to_vec();
        other[8..HEADER_LEN].copy_from_slice(&(SCHEMA_VERSION + 1).to_be_bytes());
        let crc = crc32fast::hash(&other);
        other.extend_from_slice(&crc.to_be_bytes());
        assert_eq!(StartFile::parse(&other), None);
        assert_eq!(StartFile::parse(&[]), None);
    }
}
