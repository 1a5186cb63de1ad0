//! Integrity check and repair: records decode, indexes equal a rebuild, ids stay unique.
//! [`Store::check`] reads every tree once and says what it found; [`Store::repair`]
//! fixes what is derived (the index trees, the family summaries and the id counter) and never touches a
//! record: a damaged record is reported so that a person can decide about it.

use super::keys::{self, Index};
use super::{
    ExpectedIndexes, META_POS, Result, Store, StoreError, Stored, decode_versioned, read_last_id,
    readable, sled_error, tx_error,
};
use super::{days, summaries};
use crate::domain::{
    Assessment, Cooperation, CourtRequest, Family, Member, Staff, Visit, WorkPlan,
};

/// How many keys of each index tree a report shows as examples.
const EXAMPLES_PER_INDEX: usize = 5;

/// The records of one tree: how many decode and how many do not.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TreeCount {
    /// Tree name.
    pub tree: &'static str,
    /// Records that decode.
    pub records: u64,
    /// Records that do not decode.
    pub damaged: u64,
}

/// A stored record that does not decode, or does not belong under its key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Damage {
    /// Tree name.
    pub tree: String,
    /// Key as hex.
    pub key: String,
    /// What the decoder said.
    pub reason: String,
}

/// How an index entry differs from a rebuild.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IndexFault {
    /// A rebuild writes this key, and it is not stored.
    Missing,
    /// This key is stored, and a rebuild removes it.
    Stray,
    /// This key is stored with a value; index values are empty.
    WrongValue,
}

/// One index tree compared with a rebuild.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndexCount {
    /// Tree name.
    pub tree: &'static str,
    /// Entries stored.
    pub entries: u64,
    /// Entries a rebuild would add.
    pub missing: u64,
    /// Entries a rebuild would remove.
    pub stray: u64,
    /// Entries stored with a non-empty value.
    pub wrong_value: u64,
    /// The first few faulty keys (as hex), in key order per fault.
    pub examples: Vec<(IndexFault, String)>,
}

impl IndexCount {
    /// True if the index equals a rebuild.
    pub fn is_sound(&self) -> bool {
        self.missing == 0 && self.stray == 0 && self.wrong_value == 0
    }
}

/// The id counter below a stored id: new records would get ids already in use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IdCounterLow {
    /// The counter in the `meta` tree.
    pub counter: u64,
    /// The highest id stored.
    pub highest: u64,
}

/// What [`Store::check`] found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckReport {
    /// Every record tree, in a fixed order.
    pub trees: Vec<TreeCount>,
    /// Every record that does not decode, tree by tree in key order.
    pub damaged: Vec<Damage>,
    /// Every index tree, in [`Index::ALL`] order, then the family summaries, the
    /// visits per day and the family digests.
    pub indexes: Vec<IndexCount>,
    /// The id counter, if it is below a stored id.
    pub id_counter: Option<IdCounterLow>,
}

impl CheckReport {
    /// True if nothing is wrong.
    pub fn is_healthy(&self) -> bool {
        self.damaged.is_empty() && self.derived_is_sound()
    }

    /// True if what [`Store::repair`] rebuilds (indexes, id counter) needs no repair.
    pub fn derived_is_sound(&self) -> bool {
        self.indexes.iter().all(IndexCount::is_sound) && self.id_counter.is_none()
    }

    /// Records that decode, over every tree.
    pub fn total_records(&self) -> u64 {
        self.trees.iter().map(|t| t.records).sum()
    }
}

impl Store {
    /// Reads every record and index entry and reports what is damaged or out of step.
    /// Reads only; one pass over every tree. Memory grows with the index entries
    /// (the expected keys are sorted in memory before they are compared).
    pub fn check(&self) -> Result<CheckReport> {
        let mut scan = Scan::default();
        scan.tree::<Staff>(self)?;
        scan.tree::<Family>(self)?;
        scan.tree::<Member>(self)?;
        scan.tree::<WorkPlan>(self)?;
        scan.tree::<Visit>(self)?;
        scan.tree::<Assessment>(self)?;
        scan.tree::<CourtRequest>(self)?;
        scan.tree::<Cooperation>(self)?;
        scan.expected.finish();
        let counter = self.id_counter()?;
        let days = self.day_diff(&scan.expected)?.as_index_diff();
        let diffs = self.index_diffs(scan.expected)?;
        let (summaries, digests) = self.derived_diffs()?;
        let (summaries, digests) = (summaries.as_index_diff(), digests.as_index_diff());
        let indexes = Index::ALL
            .into_iter()
            .map(Index::tree_name)
            .zip(diffs)
            .chain([
                (summaries::SUMMARIES, summaries),
                (days::DAYS, days),
                (summaries::DIGESTS, digests),
            ])
            .map(|(tree, diff)| {
                let examples = [
                    (IndexFault::Missing, &diff.missing),
                    (IndexFault::Stray, &diff.stray),
                    // A bucket that does not parse is removed whole by a repair.
                    (IndexFault::Stray, &diff.damaged_buckets),
                    (IndexFault::WrongValue, &diff.wrong_value),
                ]
                .into_iter()
                .flat_map(|(fault, keys)| {
                    keys.iter()
                        .take(EXAMPLES_PER_INDEX)
                        .map(move |key| (fault, keys::hex(key)))
                })
                .take(EXAMPLES_PER_INDEX)
                .collect();
                IndexCount {
                    tree,
                    entries: diff.entries as u64,
                    missing: diff.missing.len() as u64,
                    stray: (diff.stray.len() + diff.damaged_buckets.len()) as u64,
                    wrong_value: diff.wrong_value.len() as u64,
                    examples,
                }
            })
            .collect();
        Ok(CheckReport {
            trees: scan.trees,
            damaged: scan.damaged,
            indexes,
            id_counter: (counter < scan.highest).then_some(IdCounterLow {
                counter,
                highest: scan.highest,
            }),
        })
    }

    /// Rebuilds the index trees and raises the id counter above every stored id, then
    /// flushes. Records are never changed: damaged ones stay for a person to look at.
    pub fn repair(&self) -> Result<()> {
        let highest = self.highest_stored_id()?;
        self.trees[META_POS]
            .transaction(|meta| {
                if read_last_id(meta).unwrap_or(0) < highest {
                    meta.insert(keys::LAST_ID_KEY, &highest.to_be_bytes())?;
                }
                Ok(())
            })
            .map_err(tx_error)?;
        // Flushes, also for the counter.
        self.rebuild_indexes()
    }

    /// The id counter as stored; 0 if it does not read (`open` rewrites such a counter).
    fn id_counter(&self) -> Result<u64> {
        let stored = self.trees[META_POS]
            .get(keys::LAST_ID_KEY)
            .map_err(sled_error)?;
        Ok(stored
            .and_then(|bytes| <[u8; 8]>::try_from(bytes.as_ref()).ok())
            .map_or(0, u64::from_be_bytes))
    }
}

/// What one pass over the record trees collects.
#[derive(Default)]
struct Scan {
    trees: Vec<TreeCount>,
    damaged: Vec<Damage>,
    expected: ExpectedIndexes,
    highest: u64,
}

impl Scan {
    /// Counts and decodes every record of a kind, gathering its index entries.
    fn tree<R: Stored>(&mut self, store: &Store) -> Result<()> {
        let mut count = TreeCount {
            tree: R::TREE,
            records: 0,
            damaged: 0,
        };
        for entry in store.records::<R>().iter() {
            // A bucket that does not parse counts once: its records cannot be told apart.
            let mut bucket = Vec::new();
            let Some((key, bytes)) = readable(entry, &mut bucket)? else {
                count.damaged += 1;
                self.damaged
                    .extend(bucket.into_iter().map(|e| damage(e, R::TREE, &[])));
                continue;
            };
            // A damaged record's id is still taken: count it for the id counter.
            self.highest = self.highest.max(keys::trailing_id(&key).unwrap_or(0));
            match decode_versioned::<R>(&key, &bytes) {
                Ok(record) => {
                    count.records += 1;
                    self.expected.add(&record.value);
                }
                Err(e) => {
                    count.damaged += 1;
                    self.damaged.push(damage(e, R::TREE, &key));
                }
            }
        }
        self.trees.push(count);
        Ok(())
    }
}

/// The [`Damage`] of a decoding error.
fn damage(e: StoreError, tree: &str, key: &[u8]) -> Damage {
    match e {
        StoreError::Corrupt { tree, key, reason } => Damage { tree, key, reason },
        other => Damage {
            tree: tree.to_string(),
            key: keys::hex(key),
            reason: other.to_string(),
        },
    }
}
