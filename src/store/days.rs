//! The visits per day (`visits_per_day`: date → count, u32 big-endian), derived data kept
//! beside the records so that a month of the whole office's calendar is 31 reads, not a
//! walk over every visit of the month. Every save or removal of a visit adjusts the days
//! it leaves and enters inside its own transaction; like the indexes, the counts are
//! checked against a recount and rebuilt by `check --repair`.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use sled::transaction::TransactionalTree;

use super::keys::{self, Index};
use super::summaries::{SummaryDiff, apply_value_diff, value_diff};
use super::{DAYS_POS, ExpectedIndexes, Result, Store, TxResult, corrupt, sled_error};

/// Name of the tree of visits per day.
pub const DAYS: &str = "visits_per_day";

/// Adds `delta` (1 or -1) to the visits of `day` inside a transaction; a day with none
/// left is removed. A count that does not read is taken as 0 (`check` reports it).
pub(super) fn adjust(views: &[TransactionalTree], day: NaiveDate, delta: i64) -> TxResult<()> {
    let tree = &views[DAYS_POS];
    let key = keys::date_bytes(day);
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

/// The counts the visits say, in key order, from the expected `visits_by_date` keys
/// (`date ‖ time ‖ id`, one per visit).
pub(super) fn expected(indexes: &ExpectedIndexes) -> Vec<(Vec<u8>, Vec<u8>)> {
    count_keys(
        indexes.keys[Index::VisitsByDate.position()]
            .iter()
            .map(Vec::as_slice),
    )
}

/// Visits per day of sorted `visits_by_date` keys, as the tree stores them.
fn count_keys<'a>(index_keys: impl Iterator<Item = &'a [u8]>) -> Vec<(Vec<u8>, Vec<u8>)> {
    let mut counts: Vec<(Vec<u8>, u32)> = Vec::new();
    for key in index_keys {
        let Some(day) = key.get(..4) else { continue };
        match counts.last_mut() {
            Some((last, n)) if last.as_slice() == day => *n = n.saturating_add(1),
            _ => counts.push((day.to_vec(), 1)),
        }
    }
    counts
        .into_iter()
        .map(|(day, n)| (day, n.to_be_bytes().to_vec()))
        .collect()
}

/// Writes the counts of every day from the `visits_by_date` index (the migration to
/// schema version 7).
pub(super) fn count_from_index(db: &sled::Db) -> Result<()> {
    let index = db
        .open_tree(Index::VisitsByDate.tree_name())
        .map_err(sled_error)?;
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
    /// out), read from `visits_per_day`: one key per day, whatever the register's size.
    pub fn visit_counts_between(
        &self,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<BTreeMap<NaiveDate, u32>> {
        let mut counts = BTreeMap::new();
        let range = keys::date_bytes(from)..=keys::date_bytes(to);
        for entry in self.trees[DAYS_POS].range(range) {
            let (key, value) = entry.map_err(sled_error)?;
            let day = keys::date_from_bytes(&key);
            let count = decode(&value);
            match (day, count) {
                (Some(day), Some(n)) => {
                    counts.insert(day, n);
                }
                _ => return Err(corrupt(DAYS, &key, "not a date and a u32 count")),
            }
        }
        Ok(counts)
    }

    /// How the stored counts differ from a recount from `expected` index keys.
    pub(super) fn day_diff(&self, expected: &ExpectedIndexes) -> Result<SummaryDiff> {
        value_diff(&self.trees[DAYS_POS], self::expected(expected))
    }
}
