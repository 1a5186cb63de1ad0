//! The visits per hour (`visits_per_day`: `date ‖ hour` → count, u32 big-endian), derived
//! data kept beside the records so that a month of the whole office's calendar is a few
//! hundred small reads and a week's grid its hours' counts, not a walk over every visit.
//! Every save or removal of a visit adjusts the hour it leaves and the hour it enters
//! inside its own transaction; like the indexes, the counts are checked against a
//! recount and rebuilt by `check --repair`.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use sled::transaction::TransactionalTree;

use super::keys;
use super::summaries::{SummaryDiff, apply_value_diff, value_diff};
use super::{DAYS_POS, ExpectedIndexes, Result, Store, TxResult, corrupt, sled_error};

/// The date index of schemas 1 to 7, which the migration to 7 counted.
const VISITS_BY_DATE: &str = "visits_by_date";

/// Name of the tree of visits per day and hour.
pub const DAYS: &str = "visits_per_day";

/// Key of one hour of one day: `date ‖ hour` (5 bytes).
pub fn slot_key((day, hour): (NaiveDate, u8)) -> [u8; 5] {
    let d = keys::date_bytes(day);
    [d[0], d[1], d[2], d[3], hour]
}

/// Adds `delta` (1 or -1) to the visits of an hour inside a transaction; an hour with
/// none left is removed. A count that does not read is taken as 0 (`check` reports it).
pub(super) fn adjust(
    views: &[TransactionalTree],
    slot: (NaiveDate, u8),
    delta: i64,
) -> TxResult<()> {
    let tree = &views[DAYS_POS];
    let key = slot_key(slot);
    let count = tree.get(key)?.as_deref().and_then(decode).unwrap_or(0);
    let next = (i64::from(count) + delta).clamp(0, i64::from(u32::MAX));
    match u32::try_from(next).unwrap_or(0) {
        0 => tree.remove(&key)?,
        n => tree.insert(&key, &n.to_be_bytes())?,
    };
    Ok(())
}

fn decode(bytes: &[u8]) -> Option<u32> {
    <[u8; 4]>::try_from(bytes).ok().map(u32::from_be_bytes)
}

/// The counts the visits say, in key order, from the sorted day and hour of every visit.
pub(super) fn expected(indexes: &ExpectedIndexes) -> Vec<(Vec<u8>, Vec<u8>)> {
    count_slots(indexes.slots.iter().map(|&slot| slot_key(slot)))
}

/// Visits per hour of the sorted keys of the `visits_by_date` index of schemas 1 to 7
/// (`date ‖ time ‖ id`), as the tree stores them.
fn count_keys<'a>(index_keys: impl Iterator<Item = &'a [u8]>) -> Vec<(Vec<u8>, Vec<u8>)> {
    count_slots(index_keys.filter_map(|key| {
        let day = key.get(..4)?;
        let seconds = u32::from_be_bytes(key.get(4..8)?.try_into().ok()?);
        let hour = u8::try_from(seconds / 3600).unwrap_or(u8::MAX);
        Some([day[0], day[1], day[2], day[3], hour])
    }))
}

/// The count of each run of equal slot keys (sorted), as the tree stores them.
fn count_slots(slots: impl Iterator<Item = [u8; 5]>) -> Vec<(Vec<u8>, Vec<u8>)> {
    let mut counts: Vec<([u8; 5], u32)> = Vec::new();
    for slot in slots {
        match counts.last_mut() {
            Some((last, n)) if *last == slot => *n = n.saturating_add(1),
            _ => counts.push((slot, 1)),
        }
    }
    counts
        .into_iter()
        .map(|(slot, n)| (slot.to_vec(), n.to_be_bytes().to_vec()))
        .collect()
}

/// Writes the counts of every hour from the `visits_by_date` index (the migration to
/// schema version 7, before schema 8 packed the visits and dropped that index).
pub(super) fn count_from_index(db: &sled::Db) -> Result<()> {
    let index = db.open_tree(VISITS_BY_DATE).map_err(sled_error)?;
    let tree = db.open_tree(DAYS).map_err(sled_error)?;
    let stored = index
        .iter()
        .keys()
        .collect::<sled::Result<Vec<_>>>()
        .map_err(sled_error)?;
    let expected = count_keys(stored.iter().map(|k| k.as_ref()));
    apply_value_diff(&tree, value_diff(&tree, expected)?)
}

impl Store {
    /// Number of visits per day from `from` to `to` inclusive (days without any left
    /// out), read from `visits_per_day`: at most 24 keys a day, whatever the register's size.
    pub fn visit_counts_between(
        &self,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<BTreeMap<NaiveDate, u32>> {
        let mut counts = BTreeMap::new();
        for ((day, _), n) in self.hour_counts_between(from, to)? {
            let total: &mut u32 = counts.entry(day).or_insert(0);
            *total = total.saturating_add(n);
        }
        Ok(counts)
    }

    /// Number of visits per day and starting hour from `from` to `to` inclusive (hours
    /// without any left out), read from `visits_per_day`.
    pub fn hour_counts_between(
        &self,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<BTreeMap<(NaiveDate, u8), u32>> {
        let mut counts = BTreeMap::new();
        let range = slot_key((from, 0))..=slot_key((to, u8::MAX));
        for entry in self.trees[DAYS_POS].range(range) {
            let (key, value) = entry.map_err(sled_error)?;
            let day = keys::date_from_bytes(&key);
            let hour = key.get(4).copied().filter(|_| key.len() == 5);
            match (day, hour, decode(&value)) {
                (Some(day), Some(hour), Some(n)) => {
                    counts.insert((day, hour), n);
                }
                _ => return Err(corrupt(DAYS, &key, "not a date, an hour and a u32 count")),
            }
        }
        Ok(counts)
    }

    /// How the stored counts differ from a recount from `expected` index keys.
    pub(super) fn day_diff(&self, expected: &ExpectedIndexes) -> Result<SummaryDiff> {
        value_diff(&self.trees[DAYS_POS], self::expected(expected))
    }
}
