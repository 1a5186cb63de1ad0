//! Packed trees: many small entries under one sled key (a bucket). sled 0.34 keeps a
//! page for every 8 to 16 keys in memory from the moment it opens, so the number of
//! keys, not of bytes, sets what opening a database costs; a tree of millions of visits
//! packed into buckets holds a few hundred thousand keys. A packed tree is read and
//! written by its entries' own keys through [`Table`], and [`TxTrees`] inside a
//! transaction; the bucket of a key is its first `prefix` bytes, so buckets sort like the keys in them
//! and a walk over the buckets meets every entry in key order.

use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap, VecDeque};

use sled::transaction::TransactionalTree;
use sled::{IVec, Tree};

use super::{Result, StoreError, TxResult, WRITE_CHUNK, abort, corrupt, sled_error};

/// First byte of every bucket value, so that another layout can be told apart later.
const FORMAT: u8 = 1;

/// How a tree's keys are grouped into buckets: by their first `prefix` bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Packing {
    /// Length of the bucket key.
    pub prefix: usize,
}

impl Packing {
    /// The bucket of `key` (the whole key if it is shorter than the prefix).
    pub fn bucket(self, key: &[u8]) -> &[u8] {
        &key[..self.prefix.min(key.len())]
    }
}

/// The entries of a bucket value as (key after the bucket key, value), in key order;
/// `None` if the bytes are not a bucket.
fn parse(bytes: &[u8]) -> Option<Vec<(&[u8], &[u8])>> {
    let (&format, mut rest) = bytes.split_first()?;
    if format != FORMAT {
        return None;
    }
    let mut entries: Vec<(&[u8], &[u8])> = Vec::new();
    while !rest.is_empty() {
        let (suffix, after) = take(rest)?;
        let (value, after) = take(after)?;
        if entries.last().is_some_and(|(last, _)| *last >= suffix) {
            return None;
        }
        entries.push((suffix, value));
        rest = after;
    }
    Some(entries)
}

/// One length-prefixed field (u32 big-endian) and what follows it.
fn take(bytes: &[u8]) -> Option<(&[u8], &[u8])> {
    let len = usize::try_from(u32::from_be_bytes(bytes.get(..4)?.try_into().ok()?)).ok()?;
    let end = len.checked_add(4)?;
    Some((bytes.get(4..end)?, bytes.get(end..)?))
}

/// The value under `suffix` among a bucket's parsed `entries`.
fn find<'e>(entries: &[(&[u8], &'e [u8])], suffix: &[u8]) -> Option<&'e [u8]> {
    entries
        .binary_search_by(|(k, _)| (*k).cmp(suffix))
        .ok()
        .map(|i| entries[i].1)
}

/// A bucket value of `entries` (suffix, value), which must be in key order.
fn encode<'a>(entries: impl IntoIterator<Item = (&'a [u8], &'a [u8])>) -> Vec<u8> {
    let mut out = vec![FORMAT];
    for (suffix, value) in entries {
        for field in [suffix, value] {
            // Keys and records are far below 4 GiB (sled itself could not hold more).
            out.extend_from_slice(&u32::try_from(field.len()).unwrap_or(u32::MAX).to_be_bytes());
            out.extend_from_slice(field);
        }
    }
    out
}

/// The bucket `old` with the entries of `changes` (suffix, new value or `None` to
/// remove), which must be in key order; `None` if nothing is left. `Err` if `old` is
/// not a bucket.
fn changed(
    old: Option<&[u8]>,
    changes: &[(&[u8], Option<&[u8]>)],
) -> std::result::Result<Option<Vec<u8>>, ()> {
    let entries = match old {
        None => Vec::new(),
        Some(bytes) => parse(bytes).ok_or(())?,
    };
    let mut merged: Vec<(&[u8], &[u8])> = Vec::with_capacity(entries.len() + changes.len());
    let mut entries = entries.into_iter().peekable();
    for &(suffix, value) in changes {
        while let Some(kept) = entries.next_if(|(k, _)| *k < suffix) {
            merged.push(kept);
        }
        entries.next_if(|(k, _)| *k == suffix);
        if let Some(value) = value {
            merged.push((suffix, value));
        }
    }
    merged.extend(entries);
    Ok((!merged.is_empty()).then(|| encode(merged)))
}

/// A tree read and written by its entries' keys, packed or not.
#[derive(Clone, Copy)]
pub(crate) struct Table<'a> {
    /// The sled tree.
    pub tree: &'a Tree,
    /// How its keys are packed, if they are.
    pub packing: Option<Packing>,
    /// The name reported for a damaged bucket.
    pub name: &'static str,
}

/// An entry of a [`Table`]: key and value, or a sled error or a damaged bucket.
pub(crate) type Entry = Result<(IVec, IVec)>;

impl<'a> Table<'a> {
    /// The value stored under `key`.
    pub fn get(&self, key: &[u8]) -> Result<Option<IVec>> {
        let Some(packing) = self.packing else {
            return self.tree.get(key).map_err(sled_error);
        };
        let bucket = packing.bucket(key);
        let Some(bytes) = self.tree.get(bucket).map_err(sled_error)? else {
            return Ok(None);
        };
        let entries = parse(&bytes).ok_or_else(|| self.damaged(bucket))?;
        Ok(find(&entries, &key[bucket.len()..]).map(IVec::from))
    }

    /// Every entry, in key order.
    pub fn iter(&self) -> Entries<'a> {
        self.range_from(&[])
    }

    /// The entries from `start` on, in key order.
    pub fn range_from(&self, start: &[u8]) -> Entries<'a> {
        let from = match self.packing {
            Some(packing) => packing.bucket(start),
            None => start,
        };
        Entries {
            inner: self.tree.range(from.to_vec()..),
            table_name: self.name,
            packing: self.packing,
            start: start.to_vec(),
            pending: VecDeque::new(),
            damaged: Vec::new(),
        }
    }

    /// The entries whose key starts with `prefix`, in key order.
    pub fn scan_prefix(&self, prefix: &[u8]) -> impl Iterator<Item = Entry> + 'a {
        let prefix = prefix.to_vec();
        self.range_from(&prefix).take_while(move |entry| {
            entry
                .as_ref()
                .map_or(true, |(key, _)| key.starts_with(&prefix))
        })
    }

    /// Hands every entry (key, value) to `each` without copying it, with one of `runs`:
    /// the buckets are read first, then walked in as many runs ([`crate::runs`]), each
    /// in key order on its own thread. True, or false if a bucket does not parse (the
    /// runs may then have seen part of the tree).
    pub fn for_each_in_runs<A: Send>(
        &self,
        runs: &mut [A],
        each: impl Fn(&mut A, &[u8], &[u8]) + Sync,
    ) -> Result<bool> {
        let buckets = self.buckets()?;
        Ok(crate::runs::in_runs(
            &buckets,
            runs,
            |acc, (bucket, bytes)| {
                self.each_in_bucket(bucket, bytes, |key, value| each(acc, key, value))
            },
        ))
    }

    /// Every bucket (every key of an unpacked tree) with its bytes as stored, in order.
    pub fn buckets(&self) -> Result<Vec<(IVec, IVec)>> {
        self.tree
            .iter()
            .collect::<sled::Result<Vec<_>>>()
            .map_err(sled_error)
    }

    /// Hands every entry (whole key, value) of one stored bucket to `each`, in key
    /// order; false if `bytes` do not parse (nothing was handed over then).
    pub fn each_in_bucket(
        &self,
        bucket: &[u8],
        bytes: &[u8],
        mut each: impl FnMut(&[u8], &[u8]),
    ) -> bool {
        if self.packing.is_none() {
            each(bucket, bytes);
            return true;
        }
        let Some(entries) = parse(bytes) else {
            return false;
        };
        let mut key = bucket.to_vec();
        for (suffix, value) in entries {
            key.truncate(bucket.len());
            key.extend_from_slice(suffix);
            each(&key, value);
        }
        true
    }

    /// True if the tree holds nothing.
    pub fn is_empty(&self) -> bool {
        self.tree.is_empty()
    }

    /// Sets (`Some`) or removes (`None`) the entries of `changes`, which must be in key
    /// order, a bucket read and written once per run of changes to it; sled batches of
    /// [`WRITE_CHUNK`] keys. A bucket that does not parse is refused unless `replace_damaged`
    /// (a repair, which writes every entry the bucket should hold).
    pub fn apply(
        &self,
        changes: impl IntoIterator<Item = (Vec<u8>, Option<Vec<u8>>)>,
        replace_damaged: bool,
    ) -> Result<()> {
        let mut batch = sled::Batch::default();
        let mut in_batch = 0;
        let mut last: Option<Vec<u8>> = None;
        let mut changes = changes.into_iter().peekable();
        while let Some((key, value)) = changes.next() {
            if last.as_ref().is_some_and(|last| key <= *last) {
                // Out of order: write what is batched, so that a bucket read again
                // sees its earlier change. Callers sort; this only keeps it correct.
                self.tree
                    .apply_batch(std::mem::take(&mut batch))
                    .map_err(sled_error)?;
                in_batch = 0;
            }
            match self.packing {
                None => {
                    last = Some(key.clone());
                    match value {
                        Some(value) => batch.insert(key, value),
                        None => batch.remove(key),
                    }
                }
                Some(packing) => {
                    let bucket = packing.bucket(&key).to_vec();
                    let mut run = vec![(key, value)];
                    while let Some(next) = changes.next_if(|(k, _)| packing.bucket(k) == bucket) {
                        run.push(next);
                    }
                    // In key order, the last change of a key winning.
                    run.sort_by(|a, b| a.0.cmp(&b.0));
                    run.reverse();
                    run.dedup_by(|later, earlier| later.0 == earlier.0);
                    run.reverse();
                    last = run.last().map(|(k, _)| k.clone());
                    let run: Vec<(&[u8], Option<&[u8]>)> = run
                        .iter()
                        .map(|(k, v)| (&k[bucket.len()..], v.as_deref()))
                        .collect();
                    let old = self.tree.get(&bucket).map_err(sled_error)?;
                    let new = match changed(old.as_deref(), &run) {
                        Ok(new) => new,
                        Err(()) if replace_damaged => changed(None, &run).unwrap_or(None),
                        Err(()) => return Err(self.damaged(&bucket)),
                    };
                    match new {
                        Some(new) => batch.insert(bucket, new),
                        None => batch.remove(bucket),
                    }
                }
            }
            in_batch += 1;
            if in_batch == WRITE_CHUNK {
                self.tree
                    .apply_batch(std::mem::take(&mut batch))
                    .map_err(sled_error)?;
                in_batch = 0;
            }
        }
        self.tree.apply_batch(batch).map_err(sled_error)
    }

    /// Removes whole buckets (damaged ones, before a repair writes them anew).
    pub fn remove_buckets(&self, buckets: &[Vec<u8>]) -> Result<()> {
        let mut batch = sled::Batch::default();
        for bucket in buckets {
            batch.remove(bucket.as_slice());
        }
        self.tree.apply_batch(batch).map_err(sled_error)
    }

    fn damaged(&self, bucket: &[u8]) -> StoreError {
        damaged(self.name, bucket)
    }
}

/// A bucket that does not parse.
pub(crate) fn damaged(tree: &str, bucket: &[u8]) -> StoreError {
    corrupt(tree, bucket, "bucket of packed entries does not parse")
}

/// The entries of a [`Table`] in key order.
pub(crate) struct Entries<'a> {
    inner: sled::Iter,
    table_name: &'a str,
    packing: Option<Packing>,
    start: Vec<u8>,
    pending: VecDeque<(IVec, IVec)>,
    /// The keys of the buckets met so far that do not parse.
    damaged: Vec<Vec<u8>>,
}

impl Entries<'_> {
    /// The keys of the buckets the walk met that do not parse (for `check --repair`,
    /// which removes them whole).
    pub fn damaged_buckets(self) -> Vec<Vec<u8>> {
        self.damaged
    }
}

impl Iterator for Entries<'_> {
    type Item = Entry;

    fn next(&mut self) -> Option<Entry> {
        loop {
            if let Some(entry) = self.pending.pop_front() {
                return Some(Ok(entry));
            }
            let (bucket, bytes) = match self.inner.next()? {
                Ok(pair) => pair,
                Err(e) => return Some(Err(sled_error(e))),
            };
            if self.packing.is_none() {
                return Some(Ok((bucket, bytes)));
            }
            let Some(entries) = parse(&bytes) else {
                self.damaged.push(bucket.to_vec());
                return Some(Err(damaged(self.table_name, &bucket)));
            };
            for (suffix, value) in entries {
                let mut key = bucket.to_vec();
                key.extend_from_slice(suffix);
                if key >= self.start {
                    self.pending.push_back((IVec::from(key), IVec::from(value)));
                }
            }
        }
    }
}

/// A bucket read inside a transaction: its stored bytes (checked to parse) and the
/// changes made to it since, by suffix (`None`: removed).
struct TxBucket {
    stored: Option<IVec>,
    changes: BTreeMap<Vec<u8>, Option<Vec<u8>>>,
}

impl TxBucket {
    /// The stored entries; the bytes were checked when the bucket was read.
    fn stored(&self) -> Vec<(&[u8], &[u8])> {
        self.stored.as_deref().and_then(parse).unwrap_or_default()
    }

    /// The value under `suffix`, the changes first.
    fn get(&self, suffix: &[u8]) -> Option<IVec> {
        if let Some(change) = self.changes.get(suffix) {
            return change.as_deref().map(IVec::from);
        }
        find(&self.stored(), suffix).map(IVec::from)
    }

    /// The suffixes that start with `rest`, in order, the changes applied.
    fn suffixes_from(&self, rest: &[u8]) -> Vec<Vec<u8>> {
        let mut suffixes: Vec<Vec<u8>> = self
            .stored()
            .into_iter()
            .map(|(k, _)| k)
            .filter(|k| k.starts_with(rest) && !self.changes.contains_key(*k))
            .map(<[u8]>::to_vec)
            .collect();
        suffixes.extend(
            self.changes
                .iter()
                .filter(|(k, v)| k.starts_with(rest) && v.is_some())
                .map(|(k, _)| k.clone()),
        );
        suffixes.sort_unstable();
        suffixes
    }
}

/// The trees of one transaction, read and written by entry keys. A packed tree's
/// bucket is read and checked once, its changes kept aside, and the bucket written
/// back once, merged, by [`TxTrees::finish`]: a chunk of an import that adds hundreds
/// of entries to one bucket costs one write of it, and a save no copy per entry. Made
/// inside the transaction's closure, which sled may run again: it holds nothing from an
/// earlier run.
pub(crate) struct TxTrees<'v> {
    /// sled's views of every tree, in the order of `Store::trees`.
    pub views: &'v [TransactionalTree],
    packing: fn(usize) -> Option<Packing>,
    name: fn(usize) -> &'static str,
    buckets: RefCell<HashMap<(usize, Vec<u8>), TxBucket>>,
}

impl<'v> TxTrees<'v> {
    /// The trees of a transaction, packed as `packing` says and named as `name` says.
    pub fn new(
        views: &'v [TransactionalTree],
        packing: fn(usize) -> Option<Packing>,
        name: fn(usize) -> &'static str,
    ) -> Self {
        TxTrees {
            views,
            packing,
            name,
            buckets: RefCell::new(HashMap::new()),
        }
    }

    /// Runs `with` on the bucket of `key` in the tree at `pos` and the key's suffix,
    /// reading the bucket first if needed.
    fn with_bucket<T>(
        &self,
        pos: usize,
        packing: Packing,
        key: &[u8],
        with: impl FnOnce(&mut TxBucket, &[u8]) -> T,
    ) -> TxResult<T> {
        let bucket = packing.bucket(key);
        let mut buckets = self.buckets.borrow_mut();
        let slot = (pos, bucket.to_vec());
        if !buckets.contains_key(&slot) {
            let stored = self.views[pos].get(bucket)?;
            if stored
                .as_deref()
                .is_some_and(|bytes| parse(bytes).is_none())
            {
                return Err(abort(damaged((self.name)(pos), bucket)));
            }
            let read = TxBucket {
                stored,
                changes: BTreeMap::new(),
            };
            buckets.insert(slot.clone(), read);
        }
        let entry = buckets.get_mut(&slot).expect("inserted above");
        Ok(with(entry, &key[bucket.len()..]))
    }

    /// The value under `key` of the tree at `pos`.
    pub fn get(&self, pos: usize, key: &[u8]) -> TxResult<Option<IVec>> {
        match (self.packing)(pos) {
            None => Ok(self.views[pos].get(key)?),
            Some(packing) => {
                self.with_bucket(pos, packing, key, |bucket, suffix| bucket.get(suffix))
            }
        }
    }

    /// Sets (`Some`) or removes (`None`) the value under `key` of the tree at `pos`.
    pub fn set(&self, pos: usize, key: &[u8], value: Option<&[u8]>) -> TxResult<()> {
        match (self.packing)(pos) {
            None => {
                match value {
                    Some(value) => self.views[pos].insert(key, value)?,
                    None => self.views[pos].remove(key)?,
                };
                Ok(())
            }
            Some(packing) => self.with_bucket(pos, packing, key, |bucket, suffix| {
                bucket
                    .changes
                    .insert(suffix.to_vec(), value.map(<[u8]>::to_vec));
            }),
        }
    }

    /// The keys that start with `prefix` in the packed tree at `pos`. The prefix must
    /// be at least as long as the bucket key, so that they all lie in one bucket.
    pub fn scan_prefix(&self, pos: usize, prefix: &[u8]) -> TxResult<Vec<Vec<u8>>> {
        let Some(packing) = (self.packing)(pos).filter(|p| prefix.len() >= p.prefix) else {
            return Ok(Vec::new());
        };
        self.with_bucket(pos, packing, prefix, |bucket, rest| {
            let start = packing.bucket(prefix);
            bucket
                .suffixes_from(rest)
                .into_iter()
                .map(|suffix| [start, &suffix].concat())
                .collect()
        })
    }

    /// Writes back every bucket that changed, merged (an empty one is removed).
    pub fn finish(self) -> TxResult<()> {
        for ((pos, bucket), read) in self.buckets.into_inner() {
            if read.changes.is_empty() {
                continue;
            }
            let changes: Vec<(&[u8], Option<&[u8]>)> = read
                .changes
                .iter()
                .map(|(k, v)| (k.as_slice(), v.as_deref()))
                .collect();
            let view = &self.views[pos];
            // The stored bytes were checked when the bucket was read; never dropped.
            let merged = changed(read.stored.as_deref(), &changes)
                .map_err(|()| abort(damaged((self.name)(pos), &bucket)))?;
            match merged {
                Some(merged) => view.insert(bucket, merged)?,
                None => view.remove(bucket)?,
            };
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use sled::Transactional;

    #[test]
    fn a_bucket_round_trips_and_rejects_disorder() {
        let bytes = encode([(&b"a"[..], &b"1"[..]), (b"b", b"")]);
        assert_eq!(
            parse(&bytes),
            Some(vec![(&b"a"[..], &b"1"[..]), (b"b", b"")])
        );
        let unordered = encode([(&b"b"[..], &b""[..]), (b"a", b"1")]);
        assert_eq!(parse(&unordered), None);
        assert_eq!(parse(&[2]), None);
        assert_eq!(parse(&bytes[..bytes.len() - 1]), None);
    }

    #[test]
    fn changes_merge_in_order_and_an_empty_bucket_goes() {
        let old = encode([(&b"a"[..], &b"1"[..]), (b"c", b"3")]);
        let new = changed(Some(&old), &[(b"b", Some(b"2")), (b"c", None)])
            .unwrap()
            .unwrap();
        assert_eq!(
            parse(&new),
            Some(vec![(&b"a"[..], &b"1"[..]), (b"b", b"2")])
        );
        let gone = changed(Some(&new), &[(b"a", None), (b"b", None)]).unwrap();
        assert_eq!(gone, None);
        assert!(changed(Some(b"garbage"), &[(b"a", None)]).is_err());
    }

    /// A key of up to 4 bytes from a small alphabet, so that keys share buckets and
    /// some are shorter than the bucket key.
    fn small_key() -> impl Strategy<Value = Vec<u8>> {
        proptest::collection::vec(0u8..3, 0..4)
    }

    /// A change: set the key to a value, or remove it.
    fn change() -> impl Strategy<Value = (Vec<u8>, Option<Vec<u8>>)> {
        (
            small_key(),
            proptest::option::of(proptest::collection::vec(any::<u8>(), 0..3)),
        )
    }

    /// Every entry of `table` in its own order, sled or bucket errors failing the test.
    fn entries(iter: impl Iterator<Item = Entry>) -> Vec<(Vec<u8>, Vec<u8>)> {
        iter.map(|e| {
            let (k, v) = e.expect("readable");
            (k.to_vec(), v.to_vec())
        })
        .collect()
    }

    fn packed_by_two(_pos: usize) -> Option<Packing> {
        Some(Packing { prefix: 2 })
    }

    fn no_name(_pos: usize) -> &'static str {
        "test"
    }

    proptest! {
        #[test]
        fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..64)) {
            let _ = parse(&bytes);
            let _ = changed(Some(&bytes), &[(b"k", Some(b"v"))]);
        }

        /// A packed tree reads like a sorted map of its entries, whether the changes went
        /// through transactions or bulk writes, in any order.
        #[test]
        fn a_packed_tree_behaves_like_a_sorted_map(
            batches in proptest::collection::vec(
                (any::<bool>(), proptest::collection::vec(change(), 0..12)),
                1..8,
            ),
            probe in small_key(),
        ) {
            let db = sled::Config::new().temporary(true).open().unwrap();
            let tree = db.open_tree("t").unwrap();
            let table = Table { tree: &tree, packing: Some(Packing { prefix: 2 }), name: "test" };
            let mut model: BTreeMap<Vec<u8>, Vec<u8>> = BTreeMap::new();
            for (in_transaction, changes) in batches {
                if in_transaction {
                    let trees = [tree.clone()];
                    trees
                        .as_slice()
                        .transaction(|views| {
                            let tx = TxTrees::new(views, packed_by_two, no_name);
                            // Reads inside the transaction see its own changes.
                            let mut pending = model.clone();
                            for (key, value) in &changes {
                                tx.set(0, key, value.as_deref())?;
                                match value {
                                    Some(value) => pending.insert(key.clone(), value.clone()),
                                    None => pending.remove(key),
                                };
                                let read = tx.get(0, key)?.map(|v| v.to_vec());
                                assert_eq!(read, pending.get(key).cloned());
                                if probe.len() >= 2 {
                                    let expected: Vec<Vec<u8>> = pending
                                        .keys()
                                        .filter(|k| k.starts_with(&probe))
                                        .cloned()
                                        .collect();
                                    assert_eq!(tx.scan_prefix(0, &probe)?, expected);
                                }
                            }
                            tx.finish()
                        })
                        .map_err(|e| format!("{e:?}"))
                        .unwrap();
                } else {
                    table.apply(changes.clone(), false).unwrap();
                }
                for (key, value) in changes {
                    match value {
                        Some(value) => model.insert(key, value),
                        None => model.remove(&key),
                    };
                }
                let expected: Vec<(Vec<u8>, Vec<u8>)> =
                    model.iter().map(|(k, v)| (k.clone(), v.clone())).collect();
                prop_assert_eq!(entries(table.iter()), expected);
                prop_assert_eq!(
                    table.get(&probe).unwrap().map(|v| v.to_vec()),
                    model.get(&probe).cloned()
                );
                let from: Vec<(Vec<u8>, Vec<u8>)> = model
                    .range(probe.clone()..)
                    .map(|(k, v)| (k.clone(), v.clone()))
                    .collect();
                prop_assert_eq!(entries(table.range_from(&probe)), from);
                let prefixed: Vec<(Vec<u8>, Vec<u8>)> = model
                    .iter()
                    .filter(|(k, _)| k.starts_with(&probe))
                    .map(|(k, v)| (k.clone(), v.clone()))
                    .collect();
                prop_assert_eq!(entries(table.scan_prefix(&probe)), prefixed);
            }
        }
    }
}
