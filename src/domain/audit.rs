//! The audit log's entries: who did what to which family and when (RODO art. 5(2), 32).

use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};

use super::model::Id;

/// Longest description (`entity`) of an entry a program asks the server to append.
pub const CLIENT_ENTITY_MAX: usize = 200;

/// What a member of staff did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum AuditAction {
    /// Opened a family's details.
    View,
    /// Created a record.
    Create,
    /// Changed a record.
    Update,
    /// Deleted a record registered by mistake.
    Delete,
    /// Wrote data out of the program (a document file, a backup, a list of alerts).
    Export,
    /// Printed a document.
    Print,
    /// Started the workstation.
    Login,
    /// Asked for something outside their rights and was refused.
    Refused,
}

impl AuditAction {
    /// Every action, in display order.
    pub const ALL: [AuditAction; 8] = [
        AuditAction::View,
        AuditAction::Create,
        AuditAction::Update,
        AuditAction::Delete,
        AuditAction::Export,
        AuditAction::Print,
        AuditAction::Login,
        AuditAction::Refused,
    ];

    /// The action's name in the command line's output and in JSON (English, stable).
    pub fn code(self) -> &'static str {
        match self {
            AuditAction::View => "view",
            AuditAction::Create => "create",
            AuditAction::Update => "update",
            AuditAction::Delete => "delete",
            AuditAction::Export => "export",
            AuditAction::Print => "print",
            AuditAction::Login => "login",
            AuditAction::Refused => "refused",
        }
    }
}

/// One line of the audit log; entries are only ever appended.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditEntry {
    /// Local date and time of the action (the wall clock, not the injected `today`).
    pub at: NaiveDateTime,
    /// Login of the member of staff.
    pub login: String,
    /// What they did.
    pub action: AuditAction,
    /// The family concerned, if any.
    pub family: Option<Id>,
    /// The record or document concerned, such as `visit 4711` or `plan export`.
    pub entity: String,
}
