//! Key layouts: big-endian ids, sortable dates and times, composite index keys.
//! Record trees are keyed by `id` (staff, families) or by `family_id ‖ id` (members,
//! plans, assessments, court requests, cooperation), so that the records of one family
//! are a prefix scan; visits by `date ‖ shard ‖ time ‖ id`, so that a day is a range.
//! Index trees hold empty values under composite keys that always end with the id of
//! the record they point to.

use chrono::{Datelike, NaiveDate, NaiveTime, Timelike};

use crate::domain::{Family, Id, Visit};

/// Name of the tree with the database-wide settings (schema version, id counter).
pub const META: &str = "meta";
/// Key of the schema version in [`META`], a u32 big-endian.
pub const SCHEMA_VERSION_KEY: &[u8] = b"schema_version";
/// Key of the highest id handed out or stored, in [`META`], a u64 big-endian.
pub const LAST_ID_KEY: &[u8] = b"last_id";
/// Key of the digest file's token in [`META`], a u128 big-endian (schema version 10).
pub const DIGEST_FILE_KEY: &[u8] = b"digest_file";

/// The rebuildable index trees.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Index {
    /// `visit_id ‖ visit key`: where a visit is stored (schema version 8).
    VisitsById,
    /// `family_id ‖ date ‖ time ‖ visit_id`: the visits of a family in calendar order
    /// (schema version 8).
    VisitsOfFamily,
    /// `assistant_id ‖ family_id`: the caseload of an assistant.
    FamiliesByAssistant,
    /// `case_number_key ‖ 0 ‖ family_id`: a case number's family without reading every
    /// family, for the uniqueness check (schema version 4).
    FamiliesByCaseNumber,
    /// `series ‖ 0 ‖ number (u32) ‖ family_id` for case numbers that end in a number
    /// after their last `/`: the highest number of a series is the series' last key,
    /// for the next free case number (schema version 6).
    FamiliesByCaseSequence,
}

impl Index {
    /// Every index, in a fixed order.
    pub const ALL: [Index; 5] = [
        Index::VisitsById,
        Index::VisitsOfFamily,
        Index::FamiliesByAssistant,
        Index::FamiliesByCaseNumber,
        Index::FamiliesByCaseSequence,
    ];

    /// Name of the sled tree holding the index.
    pub fn tree_name(self) -> &'static str {
        match self {
            Index::VisitsById => "visit_places",
            Index::VisitsOfFamily => "visits_of_family",
            Index::FamiliesByAssistant => "families_by_assistant",
            Index::FamiliesByCaseNumber => "families_by_case_number",
            Index::FamiliesByCaseSequence => "families_by_case_sequence",
        }
    }

    /// Position in [`Index::ALL`].
    pub fn position(self) -> usize {
        match self {
            Index::VisitsById => 0,
            Index::VisitsOfFamily => 1,
            Index::FamiliesByAssistant => 2,
            Index::FamiliesByCaseNumber => 3,
            Index::FamiliesByCaseSequence => 4,
        }
    }

    /// The key of the record an entry of this index points to.
    pub fn record_key(self, index_key: &[u8]) -> Option<Vec<u8>> {
        match self {
            // `visit_id ‖ visit key`.
            Index::VisitsById => index_key.get(8..).map(<[u8]>::to_vec),
            // `family_id ‖ date ‖ time ‖ visit_id` → `date ‖ shard ‖ time ‖ visit_id`.
            Index::VisitsOfFamily => {
                let family = index_key.get(..8)?;
                let rest = index_key.get(8..).filter(|rest| rest.len() == 16)?;
                let mut key = Vec::with_capacity(VISIT_KEY_LEN);
                key.extend_from_slice(&rest[..4]);
                key.push(family[7]);
                key.extend_from_slice(&rest[4..]);
                Some(key)
            }
            Index::FamiliesByAssistant
            | Index::FamiliesByCaseNumber
            | Index::FamiliesByCaseSequence => {
                trailing_id(index_key).map(|id| id_bytes(id).to_vec())
            }
        }
    }
}

/// An id as 8 big-endian bytes, so that keys sort numerically.
pub fn id_bytes(id: Id) -> [u8; 8] {
    id.to_be_bytes()
}

/// Key of a record that belongs to a family: `family_id ‖ id`.
pub fn family_child_key(family: Id, id: Id) -> Vec<u8> {
    let mut key = Vec::with_capacity(16);
    key.extend_from_slice(&family.to_be_bytes());
    key.extend_from_slice(&id.to_be_bytes());
    key
}

/// A date as 4 bytes that sort like the dates: days from the Common Era as an i32
/// big-endian with the sign bit flipped (so negative years sort before positive ones).
pub fn date_bytes(date: NaiveDate) -> [u8; 4] {
    ((date.num_days_from_ce() as u32) ^ 0x8000_0000).to_be_bytes()
}

/// The date that [`date_bytes`] wrote, if the bytes are one.
pub fn date_from_bytes(bytes: &[u8]) -> Option<NaiveDate> {
    let raw: [u8; 4] = bytes.get(..4)?.try_into().ok()?;
    let days = (u32::from_be_bytes(raw) ^ 0x8000_0000) as i32;
    NaiveDate::from_num_days_from_ce_opt(days)
}

/// A time of day as seconds from midnight, u32 big-endian (leap-second nanos ignored).
pub fn time_bytes(time: NaiveTime) -> [u8; 4] {
    time.num_seconds_from_midnight().to_be_bytes()
}

/// Length of a visit's key.
pub const VISIT_KEY_LEN: usize = 17;

/// The shard of a family's visits within a day: the last byte of the family's id, so
/// that a day of a whole country is a few hundred buckets of a few kilobytes.
pub fn visit_shard(family: Id) -> u8 {
    family.to_be_bytes()[7]
}

/// Key of a visit: `date ‖ shard ‖ time ‖ visit_id` (17 bytes); the visits tree is
/// packed by `date ‖ shard`, so a day is one range and a save rewrites a small bucket.
pub fn visit_key(visit: &Visit) -> Vec<u8> {
    let mut key = Vec::with_capacity(VISIT_KEY_LEN);
    key.extend_from_slice(&date_bytes(visit.date));
    key.push(visit_shard(visit.family_id));
    key.extend_from_slice(&time_bytes(visit.time));
    key.extend_from_slice(&visit.id.to_be_bytes());
    key
}

/// The time and id of a visit key (`time ‖ visit_id`), by which a day's visits sort.
pub fn visit_key_time_and_id(key: &[u8]) -> &[u8] {
    key.get(5..).unwrap_or_default()
}

/// `visit_places` key of a visit: `visit_id ‖ visit key` (25 bytes).
pub fn visit_by_id(visit: &Visit) -> Vec<u8> {
    let mut key = Vec::with_capacity(8 + VISIT_KEY_LEN);
    key.extend_from_slice(&visit.id.to_be_bytes());
    key.extend_from_slice(&visit_key(visit));
    key
}

/// `visits_of_family` key of a visit: `family_id ‖ date ‖ time ‖ visit_id` (24 bytes).
pub fn visit_of_family(visit: &Visit) -> Vec<u8> {
    let mut key = Vec::with_capacity(24);
    key.extend_from_slice(&visit.family_id.to_be_bytes());
    key.extend_from_slice(&date_bytes(visit.date));
    key.extend_from_slice(&time_bytes(visit.time));
    key.extend_from_slice(&visit.id.to_be_bytes());
    key
}

/// `families_by_assistant` key of a family, if it has an assistant: `assistant_id ‖ family_id`.
pub fn family_by_assistant(family: &Family) -> Option<Vec<u8>> {
    family
        .assistant
        .map(|assistant| family_child_key(assistant, family.id))
}

/// `families_by_case_number` key of a family: its case number's key (trimmed, case and
/// Polish letters folded; never holds a NUL, which typed text cannot), a NUL, its id.
pub fn family_by_case_number(family: &Family) -> Vec<u8> {
    let mut key = case_number_prefix(&family.case_number);
    key.extend_from_slice(&family.id.to_be_bytes());
    key
}

/// The start of the `families_by_case_number` keys of one case number.
pub fn case_number_prefix(case_number: &str) -> Vec<u8> {
    let mut key = crate::domain::lifecycle::case_number_key(case_number).into_bytes();
    key.push(0);
    key
}

/// `families_by_case_sequence` key of a family whose case number's key ends in a number
/// after its last `/` (`ar/2026/015`: series `ar/2026/`, number 15); none otherwise.
pub fn family_by_case_sequence(family: &Family) -> Option<Vec<u8>> {
    let folded = crate::domain::lifecycle::case_number_key(&family.case_number);
    let cut = folded.rfind('/')? + 1;
    let (series, suffix) = folded.split_at(cut);
    let number = crate::domain::lifecycle::case_number_suffix(suffix)?;
    let mut key = case_series_prefix_folded(series);
    key.extend_from_slice(&number.to_be_bytes());
    key.extend_from_slice(&family.id.to_be_bytes());
    Some(key)
}

/// The start of the `families_by_case_sequence` keys of a series such as `AR/2026/`
/// (folded as case numbers are; it must end with `/`).
pub fn case_series_prefix(series: &str) -> Vec<u8> {
    case_series_prefix_folded(&crate::domain::lifecycle::case_number_key(series))
}

fn case_series_prefix_folded(folded: &str) -> Vec<u8> {
    let mut key = folded.as_bytes().to_vec();
    key.push(0);
    key
}

/// The number in a `families_by_case_sequence` key that starts with `prefix`.
pub fn case_sequence_number(key: &[u8], prefix: &[u8]) -> Option<u32> {
    let raw: [u8; 4] = key.get(prefix.len()..prefix.len() + 4)?.try_into().ok()?;
    Some(u32::from_be_bytes(raw))
}

/// The id at the end of an index key (every index key ends with one).
pub fn trailing_id(key: &[u8]) -> Option<Id> {
    let start = key.len().checked_sub(8)?;
    let bytes: [u8; 8] = key.get(start..)?.try_into().ok()?;
    Some(Id::from_be_bytes(bytes))
}

/// Bytes as lower-case hex, for messages about keys.
pub fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        // Writing to a String cannot fail.
        let _ = write!(out, "{b:02x}");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_sort_like_their_bytes() {
        let dates = [
            NaiveDate::from_ymd_opt(-5, 3, 1),
            NaiveDate::from_ymd_opt(1, 1, 1),
            NaiveDate::from_ymd_opt(1999, 12, 31),
            NaiveDate::from_ymd_opt(2026, 1, 1),
            NaiveDate::from_ymd_opt(2026, 1, 2),
        ];
        let bytes: Vec<[u8; 4]> = dates.iter().flatten().map(|d| date_bytes(*d)).collect();
        assert_eq!(bytes.len(), dates.len());
        assert!(bytes.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn trailing_id_reads_the_last_eight_bytes() {
        assert_eq!(trailing_id(&family_child_key(7, 42)), Some(42));
        assert_eq!(trailing_id(&[1, 2, 3]), None);
    }

    #[test]
    fn hex_is_lower_case() {
        assert_eq!(hex(&[0, 0xab, 0x10]), "00ab10");
    }
}
