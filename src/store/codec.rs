//! Versioned record envelope: format byte, schema version, revision, bincode payload.
//! Layout of every stored value:
//! | bytes  | content                                                        |
//! |--------|----------------------------------------------------------------|
//! | 0      | format byte, [`FORMAT_BINCODE2_SERDE`]                         |
//! | 1..3   | record version, u16 big-endian ([`Record::VERSION`])           |
//! | 3..11  | revision, u64 big-endian (1 for a new record, +1 per save)      |
//! | 11..   | `bincode::serde` payload, standard config                      |
//! Released record structs are frozen: a changed struct gets a new `VERSION`, the old
//! struct is kept for decoding, and [`Record::upgrade`] turns old payloads into the new
//! struct. A golden fixture of the old bytes guards every released version.

use serde::Serialize;
use serde::de::DeserializeOwned;
use thiserror::Error;

use super::keys::{self, Index};
use super::legacy;
use crate::domain::{
    Assessment, Cooperation, CourtRequest, Family, Id, Member, Staff, Visit, WorkPlan,
};

/// Format byte of payloads written by `bincode::serde` 2 with the standard config.
pub const FORMAT_BINCODE2_SERDE: u8 = 1;

/// Length of the envelope header before the payload.
pub const HEADER_LEN: usize = 11;

/// Largest payload the decoder will allocate for, so a damaged length prefix cannot
/// make it try to allocate gigabytes.
pub const DECODE_LIMIT: usize = 16 * 1024 * 1024;

/// Why an envelope did not decode.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum CodecError {
    /// Fewer bytes than the header.
    #[error("{0} bytes, shorter than the {HEADER_LEN}-byte header")]
    TooShort(usize),
    /// A format byte this program does not know.
    #[error("unknown format byte {0}")]
    UnknownFormat(u8),
    /// A record version newer than this program knows.
    #[error("record version {found} is newer than this program knows ({known})")]
    NewerVersion {
        /// Version in the envelope.
        found: u16,
        /// Newest version this program knows.
        known: u16,
    },
    /// An older record version with no upgrade function.
    #[error("no upgrade from record version {found} to {known}")]
    NoUpgrade {
        /// Version in the envelope.
        found: u16,
        /// Newest version this program knows.
        known: u16,
    },
    /// The payload is not a valid record.
    #[error("payload does not decode: {0}")]
    Payload(String),
    /// The payload decoded but bytes were left over.
    #[error("{0} bytes left over after the payload")]
    TrailingBytes(usize),
    /// The record could not be encoded.
    #[error("record does not encode: {0}")]
    Encode(String),
}

/// A kind of stored record: its tree, its current version, its key and its index entries.
pub trait Record: Serialize + DeserializeOwned {
    /// Name of the sled tree holding this kind.
    const TREE: &'static str;
    /// Current version of the record struct, written into every envelope.
    const VERSION: u16;

    /// Record id.
    fn id(&self) -> Id;

    /// Key in the record tree; `id` big-endian unless the kind is keyed by family.
    fn key(&self) -> Vec<u8> {
        keys::id_bytes(self.id()).to_vec()
    }

    /// For a kind whose key changes with the record (a visit moved to another day): the
    /// index whose entries start with the id and end with the key where it is stored.
    const LOCATED_BY: Option<Index> = None;

    /// Index entries this record contributes: (index, key), values are empty.
    fn index_entries(&self) -> Vec<(Index, Vec<u8>)> {
        Vec::new()
    }

    /// The family whose stored summary this record feeds, if any.
    fn family(&self) -> Option<Id> {
        None
    }

    /// The day and hour this record counts for in the visits per hour
    /// ([`super::days`]), if any.
    fn counted_slot(&self) -> Option<(chrono::NaiveDate, u8)> {
        None
    }

    /// Decodes a payload written at an older record `version` into the current struct.
    /// Kinds still at version 1 have nothing to upgrade. When a struct changes, the old
    /// struct is kept in [`super::legacy`], decoded here with [`decode_payload`] and
    /// converted.
    fn upgrade(version: u16, payload: &[u8]) -> Result<Self, CodecError> {
        let _ = payload;
        Err(CodecError::NoUpgrade {
            found: version,
            known: Self::VERSION,
        })
    }
}

/// Encodes the payload alone (no header).
pub fn encode_payload<T: Serialize>(value: &T) -> Result<Vec<u8>, CodecError> {
    bincode::serde::encode_to_vec(value, bincode::config::standard())
        .map_err(|e| CodecError::Encode(e.to_string()))
}

/// Puts a header for `R` at revision `rev` in front of an already encoded payload.
pub fn wrap<R: Record>(rev: u64, payload: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(HEADER_LEN + payload.len());
    out.push(FORMAT_BINCODE2_SERDE);
    out.extend_from_slice(&R::VERSION.to_be_bytes());
    out.extend_from_slice(&rev.to_be_bytes());
    out.extend_from_slice(payload);
    out
}

/// Encodes `value` as a current-version envelope at revision `rev`.
pub fn encode<R: Record>(value: &R, rev: u64) -> Result<Vec<u8>, CodecError> {
    Ok(wrap::<R>(rev, &encode_payload(value)?))
}

/// Header fields of an envelope: (record version, revision), after checking the format byte.
pub fn header(bytes: &[u8]) -> Result<(u16, u64), CodecError> {
    let head: &[u8; HEADER_LEN] = bytes
        .get(..HEADER_LEN)
        .and_then(|h| h.try_into().ok())
        .ok_or(CodecError::TooShort(bytes.len()))?;
    if head[0] != FORMAT_BINCODE2_SERDE {
        return Err(CodecError::UnknownFormat(head[0]));
    }
    let version = u16::from_be_bytes([head[1], head[2]]);
    let mut rev = [0u8; 8];
    rev.copy_from_slice(&head[3..HEADER_LEN]);
    Ok((version, u64::from_be_bytes(rev)))
}

/// Revision of an envelope, reading only the header.
pub fn revision(bytes: &[u8]) -> Result<u64, CodecError> {
    header(bytes).map(|(_, rev)| rev)
}

/// Largest payload [`decode_large_payload`] allocates for: a server's answer, which may
/// carry a whole country's register.
pub const LARGE_DECODE_LIMIT: usize = 1024 * 1024 * 1024;

/// Decodes a payload into `T`, requiring every byte to be used.
pub fn decode_payload<T: DeserializeOwned>(payload: &[u8]) -> Result<T, CodecError> {
    decode_within::<T, DECODE_LIMIT>(payload)
}

/// Decodes a payload of up to [`LARGE_DECODE_LIMIT`] bytes into `T` (a server's answer).
pub fn decode_large_payload<T: DeserializeOwned>(payload: &[u8]) -> Result<T, CodecError> {
    decode_within::<T, LARGE_DECODE_LIMIT>(payload)
}

fn decode_within<T: DeserializeOwned, const LIMIT: usize>(payload: &[u8]) -> Result<T, CodecError> {
    let config = bincode::config::standard().with_limit::<LIMIT>();
    let (value, used) = bincode::serde::decode_from_slice::<T, _>(payload, config)
        .map_err(|e| CodecError::Payload(e.to_string()))?;
    match payload.len().saturating_sub(used) {
        0 => Ok(value),
        left => Err(CodecError::TrailingBytes(left)),
    }
}

/// Decodes an envelope into the current `R`, upgrading older versions; returns (revision, record).
pub fn decode<R: Record>(bytes: &[u8]) -> Result<(u64, R), CodecError> {
    let (version, rev) = header(bytes)?;
    let payload = bytes.get(HEADER_LEN..).unwrap_or_default();
    let value = match version.cmp(&R::VERSION) {
        std::cmp::Ordering::Equal => decode_payload(payload)?,
        std::cmp::Ordering::Greater => {
            return Err(CodecError::NewerVersion {
                found: version,
                known: R::VERSION,
            });
        }
        // Upgrade dispatch point: older record versions go through the kind's upgrade hook.
        std::cmp::Ordering::Less => R::upgrade(version, payload)?,
    };
    Ok((rev, value))
}

impl Record for Staff {
    const TREE: &'static str = "staff";
    const VERSION: u16 = 2;
    fn id(&self) -> Id {
        self.id
    }
    fn upgrade(version: u16, payload: &[u8]) -> Result<Self, CodecError> {
        match version {
            1 => decode_payload::<legacy::StaffV1>(payload).map(Staff::from),
            _ => Err(CodecError::NoUpgrade {
                found: version,
                known: Self::VERSION,
            }),
        }
    }
}

impl Record for Family {
    const TREE: &'static str = "families";
    const VERSION: u16 = 2;
    fn id(&self) -> Id {
        self.id
    }
    fn family(&self) -> Option<Id> {
        Some(self.id)
    }
    fn upgrade(version: u16, payload: &[u8]) -> Result<Self, CodecError> {
        match version {
            1 => decode_payload::<legacy::FamilyV1>(payload).map(Family::from),
            _ => Err(CodecError::NoUpgrade {
                found: version,
                known: Self::VERSION,
            }),
        }
    }
    fn index_entries(&self) -> Vec<(Index, Vec<u8>)> {
        keys::family_by_assistant(self)
            .map(|key| (Index::FamiliesByAssistant, key))
            .into_iter()
            .chain([(
                Index::FamiliesByCaseNumber,
                keys::family_by_case_number(self),
            )])
            .chain(
                keys::family_by_case_sequence(self).map(|key| (Index::FamiliesByCaseSequence, key)),
            )
            .collect()
    }
}

impl Record for Visit {
    const TREE: &'static str = "visits";
    const VERSION: u16 = 2;
    fn id(&self) -> Id {
        self.id
    }
    fn family(&self) -> Option<Id> {
        Some(self.family_id)
    }
    fn counted_slot(&self) -> Option<(chrono::NaiveDate, u8)> {
        use chrono::Timelike;
        Some((self.date, u8::try_from(self.time.hour()).unwrap_or(u8::MAX)))
    }
    fn upgrade(version: u16, payload: &[u8]) -> Result<Self, CodecError> {
        match version {
            1 => decode_payload::<legacy::VisitV1>(payload).map(Visit::from),
            _ => Err(CodecError::NoUpgrade {
                found: version,
                known: Self::VERSION,
            }),
        }
    }
    fn key(&self) -> Vec<u8> {
        keys::visit_key(self)
    }
    const LOCATED_BY: Option<Index> = Some(Index::VisitsById);
    fn index_entries(&self) -> Vec<(Index, Vec<u8>)> {
        vec![
            (Index::VisitsById, keys::visit_by_id(self)),
            (Index::VisitsOfFamily, keys::visit_of_family(self)),
        ]
    }
}

/// Implements [`Record`] for a kind keyed by `family_id ‖ id`.
macro_rules! family_child_record {
    ($ty:ty, $tree:literal) => {
        family_child_record!($ty, $tree, 1, |version, _payload| Err(
            CodecError::NoUpgrade {
                found: version,
                known: 1,
            }
        ));
    };
    ($ty:ty, $tree:literal, $version:literal, $upgrade:expr) => {
        impl Record for $ty {
            const TREE: &'static str = $tree;
            const VERSION: u16 = $version;
            fn id(&self) -> Id {
                self.id
            }
            fn key(&self) -> Vec<u8> {
                keys::family_child_key(self.family_id, self.id)
            }
            fn family(&self) -> Option<Id> {
                Some(self.family_id)
            }
            fn upgrade(version: u16, payload: &[u8]) -> Result<Self, CodecError> {
                let upgrade: fn(u16, &[u8]) -> Result<Self, CodecError> = $upgrade;
                upgrade(version, payload)
            }
        }
    };
}

family_child_record!(Member, "members");
family_child_record!(WorkPlan, "plans");
family_child_record!(Assessment, "assessments");
family_child_record!(CourtRequest, "court_requests");
family_child_record!(
    Cooperation,
    "cooperation",
    2,
    |version, payload| match version {
        1 => decode_payload::<legacy::CooperationV1>(payload).map(Cooperation::from),
        _ => Err(CodecError::NoUpgrade {
            found: version,
            known: 2,
        }),
    }
);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Role;
    use proptest::prelude::*;

    fn staff() -> Staff {
        Staff {
            id: 3,
            login: "anowak".into(),
            name: "Anna Nowak".into(),
            role: Role::Assistant,
            active: true,
            stand_ins: Vec::new(),
        }
    }

    #[test]
    fn round_trip_keeps_value_and_revision() {
        let bytes = encode(&staff(), 7).unwrap();
        assert_eq!(bytes[0], FORMAT_BINCODE2_SERDE);
        assert_eq!(&bytes[1..3], &Staff::VERSION.to_be_bytes());
        assert_eq!(decode::<Staff>(&bytes).unwrap(), (7, staff()));
    }

    #[test]
    fn newer_version_is_refused() {
        let mut bytes = encode(&staff(), 1).unwrap();
        bytes[1..3].copy_from_slice(&(Staff::VERSION + 1).to_be_bytes());
        assert_eq!(
            decode::<Staff>(&bytes),
            Err(CodecError::NewerVersion {
                found: Staff::VERSION + 1,
                known: Staff::VERSION
            })
        );
    }

    #[test]
    fn older_version_goes_to_the_upgrade_hook() {
        let mut bytes = encode(&staff(), 1).unwrap();
        bytes[1..3].copy_from_slice(&0u16.to_be_bytes());
        assert_eq!(
            decode::<Staff>(&bytes),
            Err(CodecError::NoUpgrade {
                found: 0,
                known: Staff::VERSION
            })
        );
    }

    #[test]
    fn unknown_format_short_input_and_trailing_bytes_are_refused() {
        let mut bytes = encode(&staff(), 1).unwrap();
        assert_eq!(decode::<Staff>(&bytes[..5]), Err(CodecError::TooShort(5)));
        bytes.push(0);
        assert_eq!(decode::<Staff>(&bytes), Err(CodecError::TrailingBytes(1)));
        bytes[0] = 9;
        assert_eq!(decode::<Staff>(&bytes), Err(CodecError::UnknownFormat(9)));
    }

    #[test]
    fn huge_length_prefix_is_refused_without_allocating() {
        // A string length of u64::MAX in bincode's varint encoding.
        let mut bytes = wrap::<Staff>(1, &[3]);
        bytes.push(253);
        bytes.extend_from_slice(&u64::MAX.to_le_bytes());
        assert!(matches!(
            decode::<Staff>(&bytes),
            Err(CodecError::Payload(_))
        ));
    }

    /// Decodes `bytes` as every record kind; only the absence of a panic matters.
    fn decode_all(bytes: &[u8]) {
        let _ = decode::<Staff>(bytes);
        let _ = decode::<Family>(bytes);
        let _ = decode::<Member>(bytes);
        let _ = decode::<WorkPlan>(bytes);
        let _ = decode::<Visit>(bytes);
        let _ = decode::<Assessment>(bytes);
        let _ = decode::<CourtRequest>(bytes);
        let _ = decode::<Cooperation>(bytes);
    }

    proptest! {
        #[test]
        fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..256)) {
            decode_all(&bytes);
        }

        #[test]
        fn arbitrary_payload_behind_a_valid_header_never_panics(
            payload in proptest::collection::vec(any::<u8>(), 0..256),
        ) {
            // A valid header gets the decoder into the payload, where the damage is.
            decode_all(&wrap::<Staff>(1, &payload));
        }

        #[test]
        fn damaged_valid_record_never_panics(pos in 0usize..64, byte in any::<u8>()) {
            let mut bytes = encode(&staff(), 1).unwrap();
            let at = pos % bytes.len();
            bytes[at] = byte;
            decode_all(&bytes);
        }
    }
}
