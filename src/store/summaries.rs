//! The stored family summaries ([`FamilySummary`]), derived data kept beside the records.
//! Every save of a record that feeds a summary marks its family in the `summaries_dirty`
//! tree inside the save's own transaction; right after the save the summary is
//! recomputed from the family's records and the mark is removed, both in one
//! transaction. A crash in between leaves the mark, and opening the database finishes
//! the work, so a summary is never silently stale. Like the index trees, summaries are
//! checked against a rebuild and rebuilt by `check --repair`. Beside each summary the
//! family's [`FamilyDigest`] (what the Overview needs, from the family and its summary)
//! is written in the same transaction, in a packed tree, for the first screen.

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::{Arc, Mutex, PoisonError};

use serde::Serialize;
use serde::de::DeserializeOwned;
use sled::{IVec, Transactional};

use super::codec::{self, Record};
use super::keys;
use super::packed::Table;
use super::{
    DIGEST_POS, DIRTY_POS, IndexDiff, Result, SUMMARY_POS, Store, StoreError, WRITE_CHUNK, corrupt,
    packing, sled_error, tx_error, tx_trees,
};
use crate::domain::digest::FamilyDigest;
use crate::domain::summary::FamilySummary;
use crate::domain::{Assessment, CourtRequest, Family, Id, Member, Visit, WorkPlan};

/// Name of the tree of summaries, keyed by family id.
pub const SUMMARIES: &str = "family_summaries";

/// Name of the tree of families whose summary is being recomputed.
pub const DIRTY: &str = "summaries_dirty";

/// Name of the packed tree of family digests, keyed by family id (schema 9).
pub const DIGESTS: &str = "family_digests";

/// Format of a stored summary, its first byte; another value is recomputed, not read.
const SUMMARY_FORMAT: u8 = 1;

/// Format of a stored digest, its first byte; another value is recomputed, not read.
pub(super) const DIGEST_FORMAT: u8 = 1;

/// The digests of one stored bucket as decoded, kept with the bytes they came from
/// ([`Store::keep_digests_decoded`]).
#[derive(Debug)]
pub(super) struct DecodedBucket {
    /// The bucket's bytes as stored when it was decoded.
    bytes: IVec,
    /// Each entry's whole key and its digest (None: it does not read).
    digests: Vec<(Vec<u8>, Option<FamilyDigest>)>,
}

/// The digest buckets a store keeps decoded, by bucket key ([`Store::keep_digests_decoded`]).
pub(super) type DecodedDigests = Mutex<HashMap<IVec, Arc<DecodedBucket>>>;

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

/// The stored bytes of a summary or a digest: its `format` byte, then the value.
pub(super) fn encode<T: Serialize>(format: u8, value: &T) -> Result<Vec<u8>> {
    let payload = codec::encode_payload(value).map_err(|e| StoreError::Io(e.to_string()))?;
    let mut out = Vec::with_capacity(payload.len() + 1);
    out.push(format);
    out.extend_from_slice(&payload);
    Ok(out)
}

/// A stored summary or digest, if it is of the `format` expected and decodes.
pub(super) fn decode<T: DeserializeOwned>(format: u8, bytes: &[u8]) -> Option<T> {
    match bytes.split_first() {
        Some((&found, payload)) if found == format => codec::decode_payload(payload).ok(),
        _ => None,
    }
}

/// What the families' tree holds under a family id: nothing, a family, or bytes that do
/// not decode (which still get a summary, and no digest).
fn read_family(bytes: Option<IVec>) -> (bool, Option<Family>) {
    match bytes {
        None => (false, None),
        Some(bytes) => (true, codec::decode::<Family>(&bytes).ok().map(|(_, f)| f)),
    }
}

/// The derived values of one family: its summary, and its digest if the family record
/// decodes.
type Derived = (FamilySummary, Option<FamilyDigest>);

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
        match stored.as_deref().and_then(|b| decode(SUMMARY_FORMAT, b)) {
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
                Some((k, v)) if k == &key && !marked.contains(&key) => decode(SUMMARY_FORMAT, v),
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
        if !marks.is_empty() {
            self.note_digests_changed();
        }
        for (key, seen) in marks {
            let Some(family) = keys::trailing_id(&key) else {
                self.trees[DIRTY_POS].remove(&key).map_err(sled_error)?;
                continue;
            };
            let (summary, digest) = match self.derive(family)? {
                Some((summary, digest)) => (
                    Some(encode(SUMMARY_FORMAT, &summary)?),
                    digest.map(|d| encode(DIGEST_FORMAT, &d)).transpose()?,
                ),
                None => (None, None),
            };
            let (summary, digest) = (summary.as_deref(), digest.as_deref());
            self.trees
                .as_slice()
                .transaction(|views| {
                    let tx = tx_trees(views);
                    tx.set(SUMMARY_POS, &key, summary)?;
                    tx.set(DIGEST_POS, &key, digest)?;
                    // A newer mark stays: its save is recomputed by its own writer.
                    if tx.views[DIRTY_POS].get(&key)?.as_ref() == Some(&seen) {
                        tx.views[DIRTY_POS].remove(&key)?;
                    }
                    tx.finish()
                })
                .map_err(tx_error)?;
        }
        Ok(())
    }

    /// The summary and digest of a family from its records; `None` if the family is not
    /// stored. Every stored family has a summary, even one whose record
    /// does not read; only one that reads has a digest.
    fn derive(&self, family: Id) -> Result<Option<Derived>> {
        let bytes = self
            .family_tree()
            .get(keys::id_bytes(family))
            .map_err(sled_error)?;
        let (exists, record) = read_family(bytes);
        if !exists {
            return Ok(None);
        }
        let summary = self.compute_summary(family)?;
        let digest = record.map(|record| FamilyDigest::of(&record, &summary));
        Ok(Some((summary, digest)))
    }

    /// Hands the digest of every family whose record reads to `each`, in id order but
    /// for the marked families and the digests that do not read, which are derived anew
    /// and come last; returns true, or false (having handed some) if a digest bucket
    /// does not parse, when the caller must read the families instead.
    pub fn each_digest(&self, each: impl FnMut(FamilyDigest) + Send) -> Result<bool> {
        let mut each = each;
        self.each_digest_in_runs(&mut [&mut each], |each, digest| each(digest.into_owned()))
    }

    /// [`Store::each_digest`] on as many threads as `runs` has accumulators: each
    /// digest is handed to `add` with the accumulator of its run (a run is in id order;
    /// the families derived anew go to the first), so that judging a country's digests
    /// takes two cores where it has them. A store that keeps its digests decoded
    /// ([`Store::keep_digests_decoded`]) lends them, the others hand them over.
    pub fn each_digest_in_runs<A: Send>(
        &self,
        runs: &mut [A],
        add: impl Fn(&mut A, Cow<'_, FamilyDigest>) + Sync,
    ) -> Result<bool> {
        let marked = self.trees[DIRTY_POS]
            .iter()
            .keys()
            .collect::<sled::Result<HashSet<_>>>()
            .map_err(sled_error)?;
        // Each run with the digests it found that do not read, derived anew after the
        // walk (which borrows the tree).
        let mut runs: Vec<(&mut A, Vec<Id>)> = runs.iter_mut().map(|a| (a, Vec::new())).collect();
        // A marked family is derived below, whether it has a digest yet or not.
        let take = |(acc, again): &mut (&mut A, Vec<Id>),
                    key: &[u8],
                    digest: Option<Cow<'_, FamilyDigest>>| {
            if marked.contains(key) {
                return;
            }
            match (digest, keys::trailing_id(key)) {
                (Some(digest), _) => add(acc, digest),
                (None, Some(id)) => again.push(id),
                (None, None) => {}
            }
        };
        let whole = match &self.decoded_digests {
            Some(kept) => match self.decoded_digest_buckets(kept)? {
                Some(buckets) => crate::runs::in_runs(&buckets, &mut runs, |run, bucket| {
                    for (key, digest) in &bucket.digests {
                        take(run, key, digest.as_ref().map(Cow::Borrowed));
                    }
                    true
                }),
                None => false,
            },
            None => self
                .digests()
                .for_each_in_runs(&mut runs, |run, key, bytes| {
                    take(run, key, decode(DIGEST_FORMAT, bytes).map(Cow::Owned));
                })?,
        };
        if !whole {
            return Ok(false);
        }
        let again: Vec<Id> = runs
            .iter_mut()
            .flat_map(|(_, again)| again.drain(..))
            .collect();
        let Some((first, _)) = runs.first_mut() else {
            return Ok(true);
        };
        let marked = marked.iter().filter_map(|key| keys::trailing_id(key));
        for id in again.into_iter().chain(marked) {
            if let Some((_, Some(digest))) = self.derive(id)? {
                add(first, Cow::Owned(digest));
            }
        }
        Ok(true)
    }

    /// Keeps the digests decoded from one walk to the next, each bucket's until its
    /// stored bytes change: for `asystent serve`, whose supervisors' first Overviews
    /// judge every digest, so that a walk decodes only the buckets saved since the last.
    pub fn keep_digests_decoded(mut self) -> Self {
        self.decoded_digests = Some(Mutex::new(HashMap::new()));
        self
    }

    /// Every digest bucket, decoded: those whose bytes are what `kept` decoded last time
    /// taken from it, the others decoded now (in two runs), and `kept` left with these
    /// alone. None if a bucket does not parse.
    fn decoded_digest_buckets(
        &self,
        kept: &DecodedDigests,
    ) -> Result<Option<Vec<Arc<DecodedBucket>>>> {
        let stored = self.digests().buckets()?;
        // A panic elsewhere cannot leave a bucket half decoded: each is put in whole.
        let mut kept = kept.lock().unwrap_or_else(PoisonError::into_inner);
        let mut found: Vec<Option<Arc<DecodedBucket>>> = stored
            .iter()
            .map(|(bucket, bytes)| kept.get(bucket).filter(|k| k.bytes == *bytes).cloned())
            .collect();
        let stale: Vec<usize> = (0..stored.len()).filter(|&i| found[i].is_none()).collect();
        let mut runs = [Vec::new(), Vec::new()];
        let digests = self.digests();
        let whole = crate::runs::in_runs(&stale, &mut runs, |decoded, &at| {
            let (bucket, bytes) = &stored[at];
            let mut entries = Vec::new();
            let parsed = digests.each_in_bucket(bucket, bytes, |key, value| {
                entries.push((key.to_vec(), decode(DIGEST_FORMAT, value)));
            });
            decoded.push((at, entries));
            parsed
        });
        if !whole {
            return Ok(None);
        }
        for (at, digests) in runs.into_iter().flatten() {
            found[at] = Some(Arc::new(DecodedBucket {
                bytes: stored[at].1.clone(),
                digests,
            }));
        }
        let found: Vec<Arc<DecodedBucket>> = found.into_iter().flatten().collect();
        *kept = stored
            .into_iter()
            .map(|(bucket, _)| bucket)
            .zip(found.iter().cloned())
            .collect();
        Ok(Some(found))
    }

    /// The packed tree of digests.
    fn digests(&self) -> Table<'_> {
        self.table(DIGEST_POS)
    }

    /// Brings every stored summary to what the records say, removes the marks seen, and
    /// flushes. Only the summaries that differ are written.
    pub(super) fn rebuild_summaries(&self) -> Result<()> {
        self.note_digests_changed();
        let marks = self.trees[DIRTY_POS]
            .iter()
            .collect::<sled::Result<Vec<_>>>()
            .map_err(sled_error)?;
        let (summaries, digests) = self.derived_diffs()?;
        apply_value_diff(&self.trees[SUMMARY_POS], summaries)?;
        self.digests().remove_buckets(&digests.damaged_buckets)?;
        self.digests().apply(digests.changes(), true)?;
        for (key, seen) in marks {
            // Removed only if no save marked the family again meanwhile.
            let _ = self.trees[DIRTY_POS]
                .compare_and_swap(&key, Some(&seen), None::<&[u8]>)
                .map_err(sled_error)?;
        }
        self.flush()
    }

    /// True if every stored summary and digest equals a recomputation and nothing is
    /// marked.
    pub(super) fn summaries_match_rebuild(&self) -> Result<bool> {
        let (summaries, digests) = self.derived_diffs()?;
        Ok(summaries.is_empty() && digests.is_empty() && self.trees[DIRTY_POS].is_empty())
    }

    /// How the stored summaries and the stored digests differ from a recomputation from
    /// every record (one pass over every tree).
    pub(super) fn derived_diffs(&self) -> Result<(SummaryDiff, SummaryDiff)> {
        let summaries = self.all_summaries()?;
        let mut expected = Vec::with_capacity(summaries.len());
        let none = FamilySummary::default();
        for entry in self.family_tree().iter() {
            let (key, bytes) = entry.map_err(sled_error)?;
            let (_, Some(family)) = read_family(Some(bytes)) else {
                continue;
            };
            let summary = summaries.get(&family.id).unwrap_or(&none);
            let digest = FamilyDigest::of(&family, summary);
            expected.push((key.to_vec(), encode(DIGEST_FORMAT, &digest)?));
        }
        let digests = self.digest_diff(expected)?;
        let expected = summaries
            .into_iter()
            .map(|(id, s)| Ok((keys::id_bytes(id).to_vec(), encode(SUMMARY_FORMAT, &s)?)))
            .collect::<Result<Vec<_>>>()?;
        Ok((value_diff(&self.trees[SUMMARY_POS], expected)?, digests))
    }

    /// How the stored digests differ from `expected`, in key order.
    fn digest_diff(&self, expected: Vec<(Vec<u8>, Vec<u8>)>) -> Result<SummaryDiff> {
        let mut walk = self.digests().iter();
        // A bucket that does not parse is kept by the walk in `damaged_buckets`.
        let stored = walk
            .by_ref()
            .filter(|entry| !matches!(entry, Err(StoreError::Corrupt { .. })));
        let mut diff = entries_diff(stored, expected)?;
        diff.damaged_buckets = walk.damaged_buckets();
        Ok(diff)
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
    entries_diff(tree.iter().map(|e| e.map_err(sled_error)), expected)
}

/// How `stored` entries (key order) differ from `expected`, a recomputation in key order.
fn entries_diff(
    stored: impl Iterator<Item = Result<(IVec, IVec)>>,
    expected: Vec<(Vec<u8>, Vec<u8>)>,
) -> Result<SummaryDiff> {
    let mut expected = expected.into_iter().peekable();
    let mut diff = SummaryDiff::default();
    for entry in stored {
        let (key, value) = entry?;
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
    /// Keys of the buckets of a packed tree that do not parse.
    pub damaged_buckets: Vec<Vec<u8>>,
}

impl SummaryDiff {
    /// True if the stored values equal a recomputation.
    pub fn is_empty(&self) -> bool {
        self.missing.is_empty()
            && self.stray.is_empty()
            && self.wrong_value.is_empty()
            && self.damaged_buckets.is_empty()
    }

    /// The writes that bring the stored values to the recomputation, in key order.
    fn changes(self) -> Vec<(Vec<u8>, Option<Vec<u8>>)> {
        let mut changes: Vec<(Vec<u8>, Option<Vec<u8>>)> = self
            .stray
            .into_iter()
            .map(|(key, _)| (key, None))
            .chain(
                self.missing
                    .into_iter()
                    .chain(self.wrong_value)
                    .map(|(key, value)| (key, Some(value))),
            )
            .collect();
        changes.sort_by(|a, b| a.0.cmp(&b.0));
        changes
    }

    /// The same differences in the shape the index check reports.
    pub fn as_index_diff(&self) -> IndexDiff {
        let keys = |v: &[(Vec<u8>, Vec<u8>)]| v.iter().map(|(k, _)| k.clone()).collect();
        IndexDiff {
            entries: self.entries,
            missing: keys(&self.missing),
            stray: keys(&self.stray),
            wrong_value: keys(&self.wrong_value),
            damaged_buckets: self.damaged_buckets.clone(),
        }
    }
}

/// The migration to schema 9: a digest for every family whose record and stored summary
/// read, written once per bucket; every other family is marked, and `Store::open`
/// derives it once the store is up.
pub(super) fn digest_families(db: &sled::Db) -> Result<()> {
    let families = db.open_tree(Family::TREE).map_err(sled_error)?;
    let summaries = db.open_tree(SUMMARIES).map_err(sled_error)?;
    let dirty = db.open_tree(DIRTY).map_err(sled_error)?;
    let tree = db.open_tree(DIGESTS).map_err(sled_error)?;
    let table = Table {
        tree: &tree,
        packing: packing(DIGEST_POS),
        name: DIGESTS,
    };
    let mut digests = Vec::new();
    let mut unread = sled::Batch::default();
    for entry in families.iter() {
        let (key, bytes) = entry.map_err(sled_error)?;
        let summary = summaries
            .get(&key)
            .map_err(sled_error)?
            .and_then(|b| decode::<FamilySummary>(SUMMARY_FORMAT, &b));
        match (read_family(Some(bytes)), summary) {
            ((_, Some(family)), Some(summary)) => digests.push((
                key.to_vec(),
                Some(encode(DIGEST_FORMAT, &FamilyDigest::of(&family, &summary))?),
            )),
            _ => unread.insert(key, b"migration".as_slice()),
        }
    }
    table.apply(digests, true)?;
    dirty.apply_batch(unread).map_err(sled_error)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::demo::{self, DemoSpec};

    /// The decoded buckets that `store` keeps, by bucket key.
    fn kept(store: &Store) -> Vec<(IVec, Arc<DecodedBucket>)> {
        let kept = store.decoded_digests.as_ref().unwrap().lock().unwrap();
        let mut kept: Vec<_> = kept
            .iter()
            .map(|(k, v)| (k.clone(), Arc::clone(v)))
            .collect();
        kept.sort_by(|a, b| a.0.cmp(&b.0));
        kept
    }

    #[test]
    fn only_the_buckets_saved_since_the_last_walk_are_decoded_again() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("db"))
            .unwrap()
            .keep_digests_decoded();
        let spec = DemoSpec {
            families: 300,
            years: 1,
            seed: 3,
        };
        let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
        store.import(&demo::generate(&spec, today)).unwrap();
        assert!(store.each_digest(|_| {}).unwrap());
        let first = kept(&store);
        assert_eq!(first.len(), 2, "ids 1 to 255 and 256 to 300");
        assert!(store.each_digest(|_| {}).unwrap());
        let second = kept(&store);
        for ((_, a), (_, b)) in first.iter().zip(&second) {
            assert!(Arc::ptr_eq(a, b), "nothing saved, nothing decoded");
        }
        let mut family = store.family(280).unwrap().unwrap();
        family.value.name = "Zmieniona".into();
        store.put_family(&family.value, Some(family.rev)).unwrap();
        let mut names = Vec::new();
        assert!(store.each_digest(|d| names.push(d.name)).unwrap());
        assert!(names.iter().any(|n| n == "Zmieniona"));
        let third = kept(&store);
        assert!(Arc::ptr_eq(&second[0].1, &third[0].1), "the first kept");
        assert!(!Arc::ptr_eq(&second[1].1, &third[1].1), "the second anew");
    }
}
