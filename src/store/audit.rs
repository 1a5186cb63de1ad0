//! The append-only audit log: one tree of entries by sequence number, and an index of
//! the entries of each family (`family_id ‖ sequence`) for "who viewed this family".
//! Nothing in the program changes or removes an entry.

use sled::Transactional;
use sled::transaction::ConflictableTransactionError;

use super::{Result, Store, StoreError, WRITE_CHUNK, codec, corrupt, keys, sled_error, tx_error};
use crate::domain::Id;
use crate::domain::audit::AuditEntry;

/// Name of the tree of entries, keyed by sequence number (u64 big-endian).
pub const AUDIT: &str = "audit";

/// Name of the index of entries by family (`family_id ‖ sequence`, empty values).
pub const AUDIT_BY_FAMILY: &str = "audit_by_family";

/// Format of a stored entry, its first byte.
const ENTRY_FORMAT: u8 = 1;

impl Store {
    /// Appends an entry. It is written at once but flushed with the next save or on
    /// exit, so that opening a family costs no disk sync.
    pub fn append_audit(&self, entry: &AuditEntry) -> Result<()> {
        self.write_audit(std::slice::from_ref(entry))
    }

    /// Appends `entries` in their order, [`WRITE_CHUNK`] to a transaction, and flushes
    /// (a restore's audit log).
    pub(super) fn append_audit_entries(&self, entries: &[AuditEntry]) -> Result<()> {
        for chunk in entries.chunks(WRITE_CHUNK) {
            self.write_audit(chunk)?;
        }
        self.flush()
    }

    /// Writes `entries` in one transaction, each under a new sequence number and, when
    /// it names a family, in that family's index.
    fn write_audit(&self, entries: &[AuditEntry]) -> Result<()> {
        let mut lines = Vec::with_capacity(entries.len());
        for entry in entries {
            let seq = self.db.generate_id().map_err(sled_error)?;
            let payload =
                codec::encode_payload(entry).map_err(|e| StoreError::Io(e.to_string()))?;
            let mut value = Vec::with_capacity(payload.len() + 1);
            value.push(ENTRY_FORMAT);
            value.extend_from_slice(&payload);
            lines.push((seq.to_be_bytes(), value, entry.family));
        }
        (&self.audit, &self.audit_by_family)
            .transaction(|(audit, by_family)| {
                for (key, value, family) in &lines {
                    audit.insert(key, value.as_slice())?;
                    if let Some(family) = family {
                        let mut index_key = keys::id_bytes(*family).to_vec();
                        index_key.extend_from_slice(key);
                        by_family.insert(index_key, &[])?;
                    }
                }
                Ok::<_, ConflictableTransactionError<StoreError>>(())
            })
            .map_err(tx_error)
    }

    /// Every entry that `keep` accepts, oldest first, with the entries that do not read.
    pub fn audit_entries(
        &self,
        mut keep: impl FnMut(&AuditEntry) -> bool,
    ) -> Result<(Vec<AuditEntry>, Vec<StoreError>)> {
        let mut entries = Vec::new();
        let mut damaged = Vec::new();
        for item in self.audit.iter() {
            let (key, bytes) = item.map_err(sled_error)?;
            match decode(&key, &bytes) {
                Ok(entry) if keep(&entry) => entries.push(entry),
                Ok(_) => {}
                Err(e) => damaged.push(e),
            }
        }
        Ok((entries, damaged))
    }

    /// The newest entry `find` accepts among the newest `limit` entries (entries that do
    /// not read are skipped).
    pub fn newest_audit(
        &self,
        limit: usize,
        mut find: impl FnMut(&AuditEntry) -> bool,
    ) -> Result<Option<AuditEntry>> {
        for item in self.audit.iter().rev().take(limit) {
            let (key, bytes) = item.map_err(sled_error)?;
            if let Ok(entry) = decode(&key, &bytes)
                && find(&entry)
            {
                return Ok(Some(entry));
            }
        }
        Ok(None)
    }

    /// The newest `limit` entries about one family, newest first (entries that do not
    /// read are left out).
    pub fn family_audit(&self, family: Id, limit: usize) -> Result<Vec<AuditEntry>> {
        let mut out = Vec::new();
        for item in self
            .audit_by_family
            .scan_prefix(keys::id_bytes(family))
            .rev()
        {
            if out.len() >= limit {
                break;
            }
            let (index_key, _) = item.map_err(sled_error)?;
            let Some(seq) = index_key.get(8..) else {
                continue;
            };
            if let Some(bytes) = self.audit.get(seq).map_err(sled_error)?
                && let Ok(entry) = decode(seq, &bytes)
            {
                out.push(entry);
            }
        }
        Ok(out)
    }
}

/// An entry from its stored bytes.
fn decode(key: &[u8], bytes: &[u8]) -> Result<AuditEntry> {
    match bytes.split_first() {
        Some((&ENTRY_FORMAT, payload)) => {
            codec::decode_payload(payload).map_err(|e| corrupt(AUDIT, key, e))
        }
        _ => Err(corrupt(AUDIT, key, "unknown audit entry format")),
    }
}
