//! Commands of the family register: families, members, status changes, the
//! cooperation log. Every command checks the caller's rights and the domain rules
//! here, so that a client of the coming server mode cannot skip them.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use thiserror::Error;

use super::{Caller, Service};
use crate::domain::audit::AuditAction;
use crate::domain::lifecycle::{self, Caseload, Documentation, LifecycleError, Transition};
use crate::domain::validate::{self, Invalid};
use crate::domain::{Closure, Cooperation, Family, FamilyStatus, Id, Member, Role, StatusChange};
use crate::store::{StoreError, Versioned};

/// Why a register command was refused. It crosses the server's socket as it is
/// (serde), so that a client shows the same messages as the embedded workstation.
#[derive(Debug, Error, Serialize, Deserialize)]
pub enum CommandError {
    /// The store failed or refused (a changed revision is [`StoreError::Conflict`]).
    #[error(transparent)]
    Store(#[from] StoreError),
    /// A field is invalid.
    #[error(transparent)]
    Invalid(#[from] Invalid),
    /// The lifecycle rules refuse the change.
    #[error(transparent)]
    Lifecycle(#[from] LifecycleError),
    /// The caller may not change this family.
    #[error("{login} may not change this family")]
    Forbidden {
        /// Login of the caller.
        login: String,
    },
    /// Only a supervisor may do this (read the audit log).
    #[error("{login} is not a supervisor")]
    SupervisorOnly {
        /// Login of the caller.
        login: String,
    },
    /// Only an administrator may do this (staff accounts).
    #[error("{login} is not an administrator")]
    AdminOnly {
        /// Login of the caller.
        login: String,
    },
    /// No staff account has this login.
    #[error("no staff account {login}")]
    UnknownStaff {
        /// The login asked for.
        login: String,
    },
    /// Another account already has this login.
    #[error("login {login} is taken")]
    LoginTaken {
        /// The login.
        login: String,
    },
    /// The text is not a login as Unix user names are written.
    #[error("{login:?} is not a login")]
    InvalidLogin {
        /// The text given.
        login: String,
    },
    /// The account is not an active assistant's.
    #[error("{login} is not an active assistant")]
    NotAnAssistant {
        /// The login.
        login: String,
    },
    /// The stand-in cannot be granted.
    #[error("stand-in refused: {0:?}")]
    StandIn(StandInProblem),
    /// The family or member does not exist (any more).
    #[error("record {0} not found")]
    NotFound(Id),
    /// The server could not be reached (a workstation attached to a server only; the
    /// server never sends it). Nothing was saved; the form keeps its text.
    #[error("the server cannot be reached: {detail_en}")]
    Offline {
        /// What the connection said, in Polish.
        detail_pl: String,
        /// What the connection said, in English.
        detail_en: String,
    },
    /// Another family already has this case number.
    #[error("case number {case_number} belongs to {family}")]
    DuplicateCaseNumber {
        /// The case number.
        case_number: String,
        /// Name of the family that has it.
        family: String,
    },
    /// Only the family's newest assessment may be corrected.
    #[error("only the newest assessment may be changed")]
    OnlyNewestAssessment,
    /// Only a planned visit can be rescheduled or cancelled.
    #[error("the visit is not planned any more")]
    VisitNotPlanned,
    /// The family already has a current plan: start a new version instead.
    #[error("the family already has a current plan")]
    PlanExists,
    /// The plan version is history and cannot be changed.
    #[error("plan version {version} is history")]
    ReadOnlyVersion {
        /// The version.
        version: u32,
    },
    /// The member is named in the documentation: mark them as having left instead.
    #[error("{name} is named in the documentation")]
    MemberDocumented {
        /// Name of the member.
        name: String,
    },
    /// Only a supervisor may make the half-year report or the exports for a period.
    #[error("{login} is not a supervisor: the report and the period exports are theirs")]
    ReportSupervisorOnly {
        /// Login of the caller.
        login: String,
    },
    /// A report or export period whose first day is after its last.
    #[error("the period {from}..{to} ends before it starts")]
    PeriodBackwards {
        /// First day asked for.
        from: NaiveDate,
        /// Last day asked for.
        to: NaiveDate,
    },
    /// A client may enter only a print or an export into the audit log, described in
    /// one line of at most [`crate::domain::audit::CLIENT_ENTITY_MAX`] characters.
    #[error("the audit log takes only a print or an export, in one line, from a client")]
    ClientAuditRefused {
        /// The action asked for.
        action: AuditAction,
    },
    /// The register is still opening behind the workstation's first Overview (never sent
    /// by a server; no key is read before the opening ends).
    #[error("the register is still opening")]
    StillOpening,
}

/// Why a stand-in cannot be granted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum StandInProblem {
    /// An assistant cannot stand in for themselves.
    SamePerson,
    /// The first day is after the last.
    FromAfterTo,
    /// The last day has passed.
    AlreadyOver,
}

/// Result of a register command.
pub type CommandResult<T> = std::result::Result<T, CommandError>;

impl Caller {
    /// Whether the caller may change a family assigned to `assistant`.
    pub fn may_edit(&self, assistant: Option<Id>) -> bool {
        match &self.account {
            Some(s) if !s.active => false,
            Some(s) => match s.role {
                Role::Assistant => {
                    assistant.is_some_and(|a| a == s.id || self.covering.contains(&a))
                }
                // Social workers read; administrators keep accounts, not cases.
                Role::SocialWorker | Role::Admin => false,
                Role::Supervisor => true,
            },
            // Embedded single-user mode: a local user without an account works alone.
            None => true,
        }
    }

    pub(super) fn forbidden(&self) -> CommandError {
        CommandError::Forbidden {
            login: self.login.clone(),
        }
    }
}

impl Service {
    /// The next free case number for a family registered on `today`.
    pub fn suggest_case_number(&self, today: NaiveDate) -> CommandResult<String> {
        let year = today.year();
        let highest = self.store.highest_case_number(&format!("AR/{year}/"))?;
        Ok(lifecycle::next_case_number(year, highest))
    }

    /// Registers a new family (`expected_rev` None) or saves the edited fields of an
    /// existing one. Status, history, closure and start of work are changed only by
    /// [`Service::change_status`]; here they are kept as stored.
    pub fn save_family(
        &self,
        caller: &Caller,
        mut family: Family,
        expected_rev: Option<u64>,
        today: NaiveDate,
    ) -> CommandResult<Versioned<Family>> {
        validate::family(&family, today)?;
        match expected_rev {
            None => {
                if !caller.may_edit(family.assistant) {
                    return Err(self.refuse(caller, None, "family"));
                }
                family.id = self.store.new_id()?;
                family.status = FamilyStatus::Referred;
                family.work_started = None;
                family.closure = None;
                family.history = vec![StatusChange {
                    date: today,
                    from: None,
                    to: FamilyStatus::Referred,
                    by: caller.login.clone(),
                    closure: None,
                }];
            }
            Some(_) => {
                let stored = self.stored_family(family.id)?;
                if !caller.may_edit(stored.value.assistant) || !caller.may_edit(family.assistant) {
                    return Err(self.refuse(caller, Some(family.id), "family"));
                }
                let old = stored.value;
                family.status = old.status;
                family.work_started = old.work_started;
                family.closure = old.closure;
                family.history = old.history;
                if family.status == FamilyStatus::Active
                    && family.assistant != old.assistant
                    && let Some(caseload) = self.caseload_for(family.assistant, family.id)?
                {
                    caseload.check_room()?;
                }
            }
        }
        self.check_case_number_unique(&family)?;
        let rev = self.store.put_family(&family, expected_rev)?;
        self.audit_saved(caller, expected_rev, family.id, "family", family.id);
        Ok(Versioned { rev, value: family })
    }

    /// Changes a family's status (see [`Transition`]), recording who and when.
    #[allow(clippy::too_many_arguments)]
    pub fn change_status(
        &self,
        caller: &Caller,
        id: Id,
        expected_rev: u64,
        transition: Transition,
        date: NaiveDate,
        closure: Option<Closure>,
        today: NaiveDate,
    ) -> CommandResult<Versioned<Family>> {
        let mut family = self.editable_family(caller, id)?;
        if let Some(c) = &closure {
            validate::text(&c.summary, validate::TEXT_MAX, true, true).map_err(|problem| {
                Invalid {
                    field: validate::Field::Notes,
                    problem,
                }
            })?;
        }
        let caseload = if transition.makes_active() {
            self.caseload_for(family.assistant, family.id)?
        } else {
            None
        };
        lifecycle::apply(
            &mut family,
            transition,
            date,
            today,
            &caller.login,
            closure,
            caseload.as_ref(),
        )?;
        let rev = self.store.put_family(&family, Some(expected_rev))?;
        self.audit_saved(
            caller,
            Some(expected_rev),
            family.id,
            "family status",
            family.id,
        );
        Ok(Versioned { rev, value: family })
    }

    /// Deletes a family registered by mistake: only while it is referred and nothing is
    /// documented; its members go with it.
    pub fn delete_family(&self, caller: &Caller, id: Id, expected_rev: u64) -> CommandResult<()> {
        let family = self.editable_family(caller, id)?;
        let docs = self.documentation(id)?;
        lifecycle::check_family_deletable(&family, &docs)?;
        let members: Vec<(Member, u64)> = self
            .store
            .members_of(id)?
            .records
            .into_iter()
            .map(|v| (v.value, v.rev))
            .collect();
        self.store.delete_family(&family, expected_rev, &members)?;
        self.audit_deleted(caller, id, "family", id);
        Ok(())
    }

    /// Adds (`expected_rev` None) or saves a member of a family.
    pub fn save_member(
        &self,
        caller: &Caller,
        mut member: Member,
        expected_rev: Option<u64>,
        today: NaiveDate,
    ) -> CommandResult<Versioned<Member>> {
        self.editable_family(caller, member.family_id)?;
        if member.birth_date.is_none() {
            member.birth_date = member.pesel.as_ref().map(|p| p.birth_date());
        }
        validate::member(&member, today)?;
        if expected_rev.is_none() {
            member.id = self.store.new_id()?;
        }
        let rev = self.store.put_member(&member, expected_rev)?;
        self.audit_saved(caller, expected_rev, member.family_id, "member", member.id);
        Ok(Versioned { rev, value: member })
    }

    /// Removes a member added by mistake; refused while any documentation names them
    /// (mark them as having left the household instead).
    pub fn remove_member(
        &self,
        caller: &Caller,
        member: &Member,
        expected_rev: u64,
    ) -> CommandResult<()> {
        let family = self.editable_family(caller, member.family_id)?;
        let docs = self.documentation(family.id)?;
        if docs.names(member) {
            return Err(CommandError::MemberDocumented {
                name: format!("{} {}", member.first_name, member.last_name),
            });
        }
        self.store.delete_member(member, expected_rev)?;
        self.audit_deleted(caller, member.family_id, "member", member.id);
        Ok(())
    }

    /// Adds (`expected_rev` None) or saves an entry of a family's cooperation log.
    pub fn save_cooperation(
        &self,
        caller: &Caller,
        mut entry: Cooperation,
        expected_rev: Option<u64>,
        today: NaiveDate,
    ) -> CommandResult<Versioned<Cooperation>> {
        self.editable_family(caller, entry.family_id)?;
        validate::cooperation(&entry, today)?;
        if expected_rev.is_none() {
            entry.id = self.store.new_id()?;
        }
        let rev = self.store.put_cooperation(&entry, expected_rev)?;
        self.audit_saved(
            caller,
            expected_rev,
            entry.family_id,
            "cooperation",
            entry.id,
        );
        Ok(Versioned { rev, value: entry })
    }

    /// The family `id`, if the caller may change it; else why not.
    pub(super) fn editable_family(&self, caller: &Caller, id: Id) -> CommandResult<Family> {
        let family = self.stored_family(id)?.value;
        if !caller.may_edit(family.assistant) {
            return Err(self.refuse(caller, Some(id), "family"));
        }
        Ok(family)
    }

    fn stored_family(&self, id: Id) -> CommandResult<Versioned<Family>> {
        self.store.family(id)?.ok_or(CommandError::NotFound(id))
    }

    /// The assistant's active families other than `except`, against the limit.
    fn caseload_for(&self, assistant: Option<Id>, except: Id) -> CommandResult<Option<Caseload>> {
        let Some(assistant) = assistant else {
            return Ok(None);
        };
        let name = self
            .store
            .staff()?
            .records
            .into_iter()
            .find(|s| s.value.id == assistant)
            .map(|s| s.value.name)
            .unwrap_or_else(|| format!("#{assistant}"));
        let active = self
            .store
            .families_of_assistant(assistant)?
            .records
            .iter()
            .filter(|f| f.value.id != except && f.value.status == FamilyStatus::Active)
            .count() as u32;
        Ok(Some(Caseload {
            assistant: name,
            active,
            limit: self.caseload_limit,
        }))
    }

    fn check_case_number_unique(&self, family: &Family) -> CommandResult<()> {
        let same = self.store.families_with_case_number(&family.case_number)?;
        match same.into_iter().find(|&id| id != family.id) {
            Some(other) => Err(CommandError::DuplicateCaseNumber {
                case_number: family.case_number.clone(),
                family: self
                    .store
                    .family(other)?
                    .map(|f| f.value.name)
                    .unwrap_or_default(),
            }),
            None => Ok(()),
        }
    }

    /// Everything documented about a family.
    fn documentation(&self, id: Id) -> CommandResult<Documentation> {
        Ok(Documentation {
            plans: super::values(self.store.plans_of(id)?).collect(),
            visits: super::values(self.store.visits_of(id)?).collect(),
            assessments: super::values(self.store.assessments_of(id)?).collect(),
            court_requests: super::values(self.store.court_requests_of(id)?).collect(),
            cooperation: super::values(self.store.cooperation_of(id)?).collect(),
        })
    }
}
