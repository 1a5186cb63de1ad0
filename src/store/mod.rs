//! Storage: the only module that knows sled and bincode.
//!
//! One sled database holds a typed tree per record kind, index trees, and a `meta`
//! tree with the schema version. Values are versioned envelopes (see [`codec`]);
//! keys are big-endian ids, index keys are composite (`date ‖ id`, `staff ‖ family`).
//! A lock file of our own ([`lock`]) keeps a second process out before sled is opened.

pub mod codec;
pub mod lock;

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use thiserror::Error;

use crate::domain::{
    Assessment, Cooperation, CourtRequest, Dataset, Family, Id, Member, Staff, Visit, WorkPlan,
};

/// Schema version of the database as a whole, kept in the `meta` tree.
pub const SCHEMA_VERSION: u32 = 1;

/// Everything that can go wrong in the store, each with what the user needs to know.
#[derive(Debug, Error)]
pub enum StoreError {
    /// Another process holds the lock file.
    #[error("database {path} is in use by another asystent process (pid {pid}, user {user}, since {since})")]
    Locked {
        /// Database directory.
        path: PathBuf,
        /// Process id written in the lock file ("?" if unreadable).
        pid: String,
        /// User written in the lock file ("?" if unreadable).
        user: String,
        /// Start time written in the lock file ("?" if unreadable).
        since: String,
    },
    /// The database was written by a newer program.
    #[error("database {path} has schema version {found}; this program knows up to {supported}")]
    NewerSchema {
        /// Database directory.
        path: PathBuf,
        /// Version found in the `meta` tree.
        found: u32,
        /// Newest version this program knows.
        supported: u32,
    },
    /// The directory could not be created, opened or locked.
    #[error("cannot use database directory {path}: {source}")]
    Directory {
        /// Database directory.
        path: PathBuf,
        /// Underlying error.
        source: std::io::Error,
    },
    /// A stored value does not decode.
    #[error("record {key} in {tree} is damaged: {reason}")]
    Corrupt {
        /// Tree name.
        tree: String,
        /// Key, printed as hex.
        key: String,
        /// What the decoder said.
        reason: String,
    },
    /// A save over a record that changed since it was read.
    #[error("{tree} record {id} was changed by someone else (revision {found}, expected {expected})")]
    Conflict {
        /// Tree name.
        tree: String,
        /// Record id.
        id: Id,
        /// Revision found.
        found: u64,
        /// Revision the caller read.
        expected: u64,
    },
    /// The disk is full.
    #[error("the disk is full: nothing was saved")]
    DiskFull,
    /// Any other IO error from sled or the file system.
    #[error("storage error: {0}")]
    Io(String),
}

/// Result of a store call.
pub type Result<T> = std::result::Result<T, StoreError>;

/// A record with the revision it was read at; saves compare it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Versioned<T> {
    /// Revision, 1 for a new record, +1 per save.
    pub rev: u64,
    /// The record.
    pub value: T,
}

/// Records of one kind that decoded, and the keys of those that did not.
#[derive(Debug)]
pub struct Loaded<T> {
    /// Decoded records with their revisions.
    pub records: Vec<Versioned<T>>,
    /// Records that failed to decode (tree, key as hex, reason); never fatal for a list.
    pub damaged: Vec<StoreError>,
}

/// The open database.
pub struct Store {
    // filled in by the implementation
}

impl Store {
    /// Opens (creating with mode 0700 if missing) the database at `path`, taking the lock
    /// file first and checking the schema version before anything is written.
    pub fn open(path: &Path) -> Result<Store> {
        todo!()
    }

    /// Directory of the database.
    pub fn path(&self) -> &Path {
        todo!()
    }

    /// True if the database holds no staff and no families.
    pub fn is_empty(&self) -> Result<bool> {
        todo!()
    }

    /// A fresh unique id for a new record.
    pub fn new_id(&self) -> Result<Id> {
        todo!()
    }

    /// Writes every record of `data` (insert or overwrite) with its indexes, then flushes.
    pub fn import(&self, data: &Dataset) -> Result<()> {
        todo!()
    }

    /// Reads every record into a [`Dataset`], skipping damaged ones (returned beside it).
    pub fn export(&self) -> Result<(Dataset, Vec<StoreError>)> {
        todo!()
    }

    /// All staff accounts.
    pub fn staff(&self) -> Result<Loaded<Staff>> {
        todo!()
    }

    /// All families.
    pub fn families(&self) -> Result<Loaded<Family>> {
        todo!()
    }

    /// One family.
    pub fn family(&self, id: Id) -> Result<Option<Versioned<Family>>> {
        todo!()
    }

    /// Families assigned to an assistant, through the `families_by_assistant` index.
    pub fn families_of_assistant(&self, assistant: Id) -> Result<Loaded<Family>> {
        todo!()
    }

    /// Members of a family.
    pub fn members_of(&self, family: Id) -> Result<Loaded<Member>> {
        todo!()
    }

    /// Work plans of a family, every version, oldest first.
    pub fn plans_of(&self, family: Id) -> Result<Loaded<WorkPlan>> {
        todo!()
    }

    /// Visits of a family, by date.
    pub fn visits_of(&self, family: Id) -> Result<Loaded<Visit>> {
        todo!()
    }

    /// Visits from `from` to `to` inclusive, through the `visits_by_date` index, by date and time.
    pub fn visits_between(&self, from: NaiveDate, to: NaiveDate) -> Result<Loaded<Visit>> {
        todo!()
    }

    /// Assessments of a family, oldest first.
    pub fn assessments_of(&self, family: Id) -> Result<Loaded<Assessment>> {
        todo!()
    }

    /// All assessments (for the alert rules).
    pub fn assessments(&self) -> Result<Loaded<Assessment>> {
        todo!()
    }

    /// Court requests of a family.
    pub fn court_requests_of(&self, family: Id) -> Result<Loaded<CourtRequest>> {
        todo!()
    }

    /// All court requests.
    pub fn court_requests(&self) -> Result<Loaded<CourtRequest>> {
        todo!()
    }

    /// All work plans.
    pub fn plans(&self) -> Result<Loaded<WorkPlan>> {
        todo!()
    }

    /// Cooperation entries of a family, by date.
    pub fn cooperation_of(&self, family: Id) -> Result<Loaded<Cooperation>> {
        todo!()
    }

    /// Saves a staff account; `expected_rev` is the revision read (None for a new record).
    pub fn put_staff(&self, staff: &Staff, expected_rev: Option<u64>) -> Result<u64> {
        todo!()
    }

    /// Saves a family and its index entries, flushed before returning the new revision.
    pub fn put_family(&self, family: &Family, expected_rev: Option<u64>) -> Result<u64> {
        todo!()
    }

    /// Saves a member.
    pub fn put_member(&self, member: &Member, expected_rev: Option<u64>) -> Result<u64> {
        todo!()
    }

    /// Saves a work plan.
    pub fn put_plan(&self, plan: &WorkPlan, expected_rev: Option<u64>) -> Result<u64> {
        todo!()
    }

    /// Saves a visit and its date index entry.
    pub fn put_visit(&self, visit: &Visit, expected_rev: Option<u64>) -> Result<u64> {
        todo!()
    }

    /// Saves an assessment.
    pub fn put_assessment(&self, assessment: &Assessment, expected_rev: Option<u64>) -> Result<u64> {
        todo!()
    }

    /// Saves a court request.
    pub fn put_court_request(&self, request: &CourtRequest, expected_rev: Option<u64>) -> Result<u64> {
        todo!()
    }

    /// Saves a cooperation entry.
    pub fn put_cooperation(&self, entry: &Cooperation, expected_rev: Option<u64>) -> Result<u64> {
        todo!()
    }

    /// True if every index tree equals what [`Store::rebuild_indexes`] would write.
    pub fn indexes_match_rebuild(&self) -> Result<bool> {
        todo!()
    }

    /// Clears and rebuilds every index tree from the record trees.
    pub fn rebuild_indexes(&self) -> Result<()> {
        todo!()
    }

    /// Flushes everything to disk.
    pub fn flush(&self) -> Result<()> {
        todo!()
    }
}
