//! The stored family summaries ([`FamilySummary`]), derived data kept beside the records.
//! Every save of a record that feeds a summary marks its family in the `summaries_dirty`
//! tree inside the save's own transaction; right after the save the summary is
//! recomputed from the family's records and the mark is removed, both in one
//! transaction. A crash in between leaves the mark, and opening the database finishes
//! the work, so a summary is never silently stale. Like the index trees, summaries are
//! checked against a rebuild and rebuilt by `check --repair`.

use std::collections::BTreeMap;

use sled::Transactional;
use sled::transaction::ConflictableTransactionError;

use super::codec::{self, Record};
use super::keys;
use super::{
    DIRTY_POS, IndexDiff, Result, SUMMARY_POS, Store, StoreError, WRITE_CHUNK, corrupt, sled_error,
    tx_error,
};
use crate::domain::summary::FamilySummary;
use crate::domain::{Assessment, CourtRequest, Family, Id, Member, Visit, WorkPlan};

/// Name of the tree of summaries, keyed by family id.
pub const SUMMARIES: &str = "family_summaries";

/// Name of the tree of families whose summary is being recomputed.
pub const DIRTY: &str = "summaries_dirty";

/// Format of a stored summary, its first byte; another value is recomputed, not read.
const SUMMARY_FORMAT: u8 = 1;

/// More marks than this at once (an import, a restore, a migration) are settled by one
/// pass over every tree instead of a few prefix scans per family.
const BULK: usize = 256;

/// The mark a write leaves on its family: the tree position, the record's id and its
/// new revision, so a recomputation removes only the mark it has seen.
pub(super) fn mark<R: Record>(pos: usize, record: &R, rev: u64) -> Vec<u8> {
    let mut out = Vec::with_capacity(17);
    out.push(u8::try_from(pos).unwrap_or(u8::MAX));
    out.extend_from_slice(&keys::id_bytes(record.id()));
    out.extend_from_slice(&rev.to_be_bytes());
    out
}

/// The stored bytes of a summary.
fn encode(summary: &FamilySummary) -> Result<Vec<u8>> {
    let payload = codec::encode_payload(summary).map_err(|e| StoreError::Io(e.to_string()))?;
    let mut out = Vec::with_capacity(payload.len() + 1);
    out.push(SUMMARY_FORMAT);
    out.extend_from_slice(&payload);
    Ok(out)
}

/// A stored summary, if it is of the current format and decodes.
fn decode(bytes: &[u8]) -> Option<FamilySummary> {
    match bytes.split_first() {
        Some((&SUMMARY_FORMAT, payload)) => codec::decode_payload(payload).ok(),
        _ => None,
    }
}

impl Store {
    /// The summary of a family's records; recomputed from them if none is stored, the
    /// stored one does not read, or a save marked it and has not finished (never an
    /// error for a bad summary: it is derived).
    pub fn summary(&self, family: Id) -> Result<FamilySummary> {
        let key = keys::id_bytes(family);
        let marked = self.trees[DIRTY_POS]
            .contains_key(key)
            .map_err(sled_error)?;
        let stored = match marked {
            true => None,
            false => self.trees[SUMMARY_POS].get(key).map_err(sled_error)?,
        };
        match stored.as_deref().and_then(decode) {
            Some(summary) => Ok(summary),
            None => self.compute_summary(family),
        }
    }

    /// Hands every family that decodes to `each` with its summary, in id order; returns
    /// the damaged families. Both trees are walked side by side, one value at a time.
    pub fn each_family_summary(
        &self,
        mut each: impl FnMut(Family, FamilySummary),
    ) -> Result<Vec<StoreError>> {
        // Marked families are recomputed; there are none unless a save just failed.
        let marked = self.trees[DIRTY_POS]
            .iter()
            .keys()
            .collect::<sled::Result<std::collections::HashSet<_>>>()
            .map_err(sled_error)?;
        let mut summaries = self.trees[SUMMARY_POS].iter();
        let mut next_summary = || summaries.next().transpose().map_err(sled_error);
        let mut pending = next_summary()?;
        let mut damaged = Vec::new();
        for entry in self.family_tree().iter() {
            let (key, bytes) = entry.map_err(sled_error)?;
            let family = match codec::decode::<Family>(&bytes) {
                Ok((_, family)) => family,
                Err(e) => {
                    damaged.push(corrupt(Family::TREE, &key, e));
                    continue;
                }
            };
            // Summaries below this family have no family: skip them.
            while pending.as_ref().is_some_and(|(k, _)| k < &key) {
                pending = next_summary()?;
            }
            let found = match &pending {
                Some((k, v)) if k == &key && !marked.contains(&key) => decode(v),
                _ => None,
            };
            let summary = match found {
                Some(summary) => summary,
                None => self.compute_summary(family.id)?,
            };
            each(family, summary);
        }
        Ok(damaged)
    }

    /// After a save that is already durable: recomputes the marked summaries. A failure
    /// here must not turn an acknowledged save into an error; the marks stay, reads
    /// recompute marked families, and the next save or opening settles them.
    pub(super) fn settle_summaries(&self) {
        let _ = self.refresh_summaries();
    }

    /// Recomputes the summaries of every marked family and removes the marks.
    pub(super) fn refresh_summaries(&self) -> Result<()> {
        let marks = self.trees[DIRTY_POS]
            .iter()
            .take(BULK + 1)
            .collect::<sled::Result<Vec<_>>>()
            .map_err(sled_error)?;
        if marks.len() > BULK {
            return self.rebuild_summaries();
        }
        let trees = (&self.trees[SUMMARY_POS], &self.trees[DIRTY_POS]);
        for (key, seen) in marks {
            let Some(family) = keys::trailing_id(&key) else {
                self.trees[DIRTY_POS].remove(&key).map_err(sled_error)?;
                continue;
            };
            // Every stored family has a summary, even one whose record does not read.
            let exists = self
                .family_tree()
                .contains_key(keys::id_bytes(family))
                .map_err(sled_error)?;
            let bytes = match exists {
                true => Some(encode(&self.compute_summary(family)?)?),
                false => None,
            };
            trees
                .transaction(|(summaries, dirty)| {
                    match &bytes {
                        Some(bytes) => summaries.insert(&key, bytes.as_slice())?,
                        None => summaries.remove(&key)?,
                    };
                    // A newer mark stays: its save is recomputed by its own writer.
                    if dirty.get(&key)?.as_ref() == Some(&seen) {
                        dirty.remove(&key)?;
                    }
                    Ok::<_, ConflictableTransactionError<StoreError>>(())
                })
                .map_err(tx_error)?;
        }
        Ok(())
    }

    /// Brings every stored summary to what the records say, removes the marks seen, and
    /// flushes. Only the summaries that differ are written.
    pub(super) fn rebuild_summaries(&self) -> Result<()> {
        let marks = self.trees[DIRTY_POS]
            .iter()
            .collect::<sled::Result<Vec<_>>>()
            .map_err(sled_error)?;
        apply_value_diff(&self.trees[SUMMARY_POS], self.summary_diff()?)?;
        for (key, seen) in marks {
            // Removed only if no save marked the family again meanwhile.
            let _ = self.trees[DIRTY_POS]
                .compare_and_swap(&key, Some(&seen), None::<&[u8]>)
                .map_err(sled_error)?;
        }
        self.flush()
    }

    /// True if every stored summary equals a recomputation and nothing is marked.
    pub(super) fn summaries_match_rebuild(&self) -> Result<bool> {
        Ok(self.summary_diff()?.is_empty() && self.trees[DIRTY_POS].is_empty())
    }

    /// How the stored summaries differ from a recomputation from every record.
    pub(super) fn summary_diff(&self) -> Result<SummaryDiff> {
        let expected = self
            .all_summaries()?
            .into_iter()
            .map(|(id, s)| Ok((keys::id_bytes(id).to_vec(), encode(&s)?)))
            .collect::<Result<Vec<_>>>()?;
        value_diff(&self.trees[SUMMARY_POS], expected)
    }

    /// The summary of one family from its records (prefix scans); damaged records are
    /// left out here and reported by `check`.
    fn compute_summary(&self, family: Id) -> Result<FamilySummary> {
        let mut summary = FamilySummary::default();
        for m in self.members_of(family)?.records {
            summary.add_member(&m.value);
        }
        for p in self.plans_of(family)?.records {
            summary.add_plan(&p.value);
        }
        for a in self.assessments_of(family)?.records {
            summary.add_assessment(&a.value);
        }
        for r in self.court_requests_of(family)?.records {
            summary.add_court_request(r.value);
        }
        for v in self.visits_of(family)?.records {
            summary.add_visit(&v.value);
        }
        Ok(summary)
    }

    /// The summary of every family that decodes, from one pass over each tree.
    fn all_summaries(&self) -> Result<BTreeMap<Id, FamilySummary>> {
        let mut all: BTreeMap<Id, FamilySummary> = BTreeMap::new();
        for key in self.family_tree().iter().keys() {
            let key = key.map_err(sled_error)?;
            if let Some(id) = keys::trailing_id(&key) {
                all.insert(id, FamilySummary::default());
            }
        }
        self.scan::<Member>(|m| {
            if let Some(s) = all.get_mut(&m.value.family_id) {
                s.add_member(&m.value);
            }
        })?;
        self.scan::<WorkPlan>(|p| {
            if let Some(s) = all.get_mut(&p.value.family_id) {
                s.add_plan(&p.value);
            }
        })?;
        self.scan::<Assessment>(|a| {
            if let Some(s) = all.get_mut(&a.value.family_id) {
                s.add_assessment(&a.value);
            }
        })?;
        self.scan::<CourtRequest>(|r| {
            if let Some(s) = all.get_mut(&r.value.family_id) {
                s.add_court_request(r.value);
            }
        })?;
        self.scan::<Visit>(|v| {
            if let Some(s) = all.get_mut(&v.value.family_id) {
                s.add_visit(&v.value);
            }
        })?;
        Ok(all)
    }
}

/// How a tree of derived values (the summaries, the visits per day) differs from
/// `expected`, a recomputation in key order.
pub(super) fn value_diff(
    tree: &sled::Tree,
    expected: Vec<(Vec<u8>, Vec<u8>)>,
) -> Result<SummaryDiff> {
    let mut expected = expected.into_iter().peekable();
    let mut diff = SummaryDiff::default();
    for entry in tree.iter() {
        let (key, value) = entry.map_err(sled_error)?;
        diff.entries += 1;
        while let Some(missing) = expected.next_if(|(k, _)| k.as_slice() < key.as_ref()) {
            diff.missing.push(missing);
        }
        match expected.next_if(|(k, _)| k.as_slice() == key.as_ref()) {
            Some((k, v)) if v.as_slice() != value.as_ref() => diff.wrong_value.push((k, v)),
            Some(_) => {}
            None => diff.stray.push((key.to_vec(), value.to_vec())),
        }
    }
    diff.missing.extend(expected);
    Ok(diff)
}

/// Writes what `diff` says differs, in batches of [`WRITE_CHUNK`].
pub(super) fn apply_value_diff(tree: &sled::Tree, diff: SummaryDiff) -> Result<()> {
    let removes = diff.stray.into_iter().map(|(key, _)| (key, None));
    let inserts = diff
        .missing
        .into_iter()
        .chain(diff.wrong_value)
        .map(|(key, value)| (key, Some(value)));
    let mut ops = removes.chain(inserts).peekable();
    while ops.peek().is_some() {
        let mut batch = sled::Batch::default();
        for (key, value) in ops.by_ref().take(WRITE_CHUNK) {
            match value {
                Some(value) => batch.insert(key, value),
                None => batch.remove(key),
            }
        }
        tree.apply_batch(batch).map_err(sled_error)?;
    }
    Ok(())
}

/// How a tree of derived values differs from a recomputation: keys with the expected bytes.
#[derive(Debug, Default)]
pub(super) struct SummaryDiff {
    /// Values stored.
    pub entries: usize,
    /// Keys with no stored value.
    pub missing: Vec<(Vec<u8>, Vec<u8>)>,
    /// Stored values a recomputation does not have.
    pub stray: Vec<(Vec<u8>, Vec<u8>)>,
    /// Stored values that differ from a recomputation.
    pub wrong_value: Vec<(Vec<u8>, Vec<u8>)>,
}

impl SummaryDiff {
    /// True if the stored values equal a recomputation.
    pub fn is_empty(&self) -> bool {
        self.missing.is_empty() && self.stray.is_empty() && self.wrong_value.is_empty()
    }

    /// The same differences in the shape the index check reports.
    pub fn as_index_diff(&self) -> IndexDiff {
        let keys = |v: &[(Vec<u8>, Vec<u8>)]| v.iter().map(|(k, _)| k.clone()).collect();
        IndexDiff {
            entries: self.entries,
            missing: keys(&self.missing),
            stray: keys(&self.stray),
            wrong_value: keys(&self.wrong_value),
            damaged_buckets: Vec::new(),
        }
    }
}
