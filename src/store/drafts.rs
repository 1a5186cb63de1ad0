//! Drafts: what a user was typing into a form that is not saved yet, kept per login
//! and form so that a dropped connection loses nothing.
//! Drafts are scratch, not register records: they live in their own `drafts` tree, are
//! not in backups, checks or indexes, and go away when the form is saved or discarded.
//! Each value is the usual envelope (see [`super::codec`]) around a [`Draft`].

use serde::{Deserialize, Serialize};

use super::codec::{self, CodecError};
use super::{Result, StoreError, sled_error};

/// Name of the sled tree holding drafts.
pub const TREE: &str = "drafts";

/// Version of the [`Draft`] struct written into every envelope.
pub const VERSION: u16 = 1;

/// One field of a form as typed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DraftField {
    /// The field's id in its form.
    pub id: String,
    /// Typed text.
    pub text: String,
    /// Selected option of a choice.
    pub choice: u32,
    /// Value of a yes/no field.
    pub flag: bool,
}

/// A form's unsaved state.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Draft {
    /// When it was kept (local time, for the message that offers it back).
    pub saved_at: String,
    /// Index of the field that had the focus, where typing goes on.
    pub focus: u32,
    /// The fields.
    pub fields: Vec<DraftField>,
}

/// The drafts tree; cheap to clone and usable from another thread (the signal guard).
#[derive(Clone)]
pub struct Drafts {
    tree: sled::Tree,
    db: sled::Db,
}

impl std::fmt::Debug for Drafts {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Drafts").finish_non_exhaustive()
    }
}

/// Key of a draft: `login ‖ 0 ‖ form key`.
fn key(login: &str, form: &str) -> Vec<u8> {
    let mut k = Vec::with_capacity(login.len() + 1 + form.len());
    k.extend_from_slice(login.as_bytes());
    k.push(0);
    k.extend_from_slice(form.as_bytes());
    k
}

/// Encodes a draft as a version [`VERSION`] envelope.
pub fn encode(draft: &Draft) -> Result<Vec<u8>> {
    let payload =
        codec::encode_payload(draft).map_err(|e| StoreError::Io(format!("draft: {e}")))?;
    let mut out = Vec::with_capacity(codec::HEADER_LEN + payload.len());
    out.push(codec::FORMAT_BINCODE2_SERDE);
    out.extend_from_slice(&VERSION.to_be_bytes());
    out.extend_from_slice(&1u64.to_be_bytes());
    out.extend_from_slice(&payload);
    Ok(out)
}

/// Decodes a stored draft; any damage is an error, never a panic.
pub fn decode(bytes: &[u8]) -> std::result::Result<Draft, CodecError> {
    let (version, _) = codec::header(bytes)?;
    if version != VERSION {
        return Err(CodecError::NewerVersion {
            found: version,
            known: VERSION,
        });
    }
    codec::decode_payload(&bytes[codec::HEADER_LEN..])
}

impl Drafts {
    /// Opens the drafts tree of `db`.
    pub(super) fn open(db: &sled::Db) -> Result<Drafts> {
        Ok(Drafts {
            tree: db.open_tree(TREE).map_err(sled_error)?,
            db: db.clone(),
        })
    }

    /// Keeps `draft` for `login`'s form `form`, flushed before it returns.
    pub fn put(&self, login: &str, form: &str, draft: &Draft) -> Result<()> {
        self.tree
            .insert(key(login, form), encode(draft)?)
            .map_err(sled_error)?;
        self.db.flush().map(|_| ()).map_err(sled_error)
    }

    /// The draft of `login`'s form `form`; a damaged one is dropped and reported as none.
    pub fn get(&self, login: &str, form: &str) -> Result<Option<Draft>> {
        let k = key(login, form);
        match self.tree.get(&k).map_err(sled_error)? {
            None => Ok(None),
            Some(bytes) => match decode(&bytes) {
                Ok(draft) => Ok(Some(draft)),
                // A draft that cannot be read is worth nothing; do not keep tripping on it.
                Err(_) => {
                    self.tree.remove(&k).map_err(sled_error)?;
                    Ok(None)
                }
            },
        }
    }

    /// Forgets the draft of `login`'s form `form` (it was saved or discarded).
    pub fn remove(&self, login: &str, form: &str) -> Result<()> {
        if self
            .tree
            .remove(key(login, form))
            .map_err(sled_error)?
            .is_some()
        {
            self.db.flush().map_err(sled_error)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn drafts_round_trip_per_login_and_form() {
        let dir = tempfile::tempdir().unwrap();
        let db = sled::Config::new().path(dir.path()).open().unwrap();
        let drafts = Drafts::open(&db).unwrap();
        let draft = Draft {
            saved_at: "12:00".into(),
            focus: 1,
            fields: vec![DraftField {
                id: "name".into(),
                text: "Żółć".into(),
                choice: 2,
                flag: true,
            }],
        };
        drafts.put("anna", "family:new", &draft).unwrap();
        assert_eq!(drafts.get("anna", "family:new").unwrap(), Some(draft));
        assert_eq!(drafts.get("anna", "family:7").unwrap(), None);
        assert_eq!(drafts.get("ann", "a\0family:new").unwrap(), None);
        drafts.remove("anna", "family:new").unwrap();
        assert_eq!(drafts.get("anna", "family:new").unwrap(), None);
        // A damaged draft is dropped, not fatal.
        drafts.tree.insert(key("anna", "x"), &[1, 0][..]).unwrap();
        assert_eq!(drafts.get("anna", "x").unwrap(), None);
        assert!(drafts.tree.get(key("anna", "x")).unwrap().is_none());
    }
}
