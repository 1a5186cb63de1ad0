//! Staff accounts and stand-ins: who works in the centre, in which role, and whose
//! families an assistant covers while a colleague is away. Every change is audited.

use chrono::NaiveDate;

use super::register::{CommandError, CommandResult, StandInProblem};
use super::{Caller, Service};
use crate::domain::audit::AuditAction;
use crate::domain::validate;
use crate::domain::{Role, Staff, StandIn};

/// Longest accepted login (Unix logins are at most 32 bytes).
const LOGIN_MAX: usize = 32;

/// True for a login as Unix user names are written: lower-case letters, digits, `.`, `_`
/// and `-`, starting with a letter or `_`.
pub fn valid_login(login: &str) -> bool {
    let mut chars = login.chars();
    let first_ok = chars
        .next()
        .is_some_and(|c| c.is_ascii_lowercase() || c == '_');
    first_ok
        && login.len() <= LOGIN_MAX
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "._-".contains(c))
}

impl Service {
    /// Every staff account, for an administrator or a supervisor (or anyone while no
    /// active administrator exists yet: the first set-up).
    pub fn staff_accounts(&self, caller: &Caller) -> CommandResult<Vec<Staff>> {
        if !caller.has_role(Role::Supervisor) {
            self.check_admin(caller)?;
        }
        Ok(super::values(self.store.staff()?).collect())
    }

    /// Adds an account for `login`: an administrator only, or anyone while no active
    /// administrator exists (the first set-up, when the first administrator is added).
    pub fn add_staff(
        &self,
        caller: &Caller,
        login: &str,
        name: &str,
        role: Role,
    ) -> CommandResult<Staff> {
        self.check_admin(caller)?;
        if !valid_login(login) {
            return Err(CommandError::InvalidLogin {
                login: login.to_string(),
            });
        }
        validate::text(name, validate::NAME_MAX, true, false).map_err(|problem| {
            validate::Invalid {
                field: validate::Field::StaffName,
                problem,
            }
        })?;
        if self.account(login)?.is_some() {
            return Err(CommandError::LoginTaken {
                login: login.to_string(),
            });
        }
        let staff = Staff {
            id: self.store.new_id()?,
            login: login.to_string(),
            name: name.trim().to_string(),
            role,
            active: true,
            stand_ins: Vec::new(),
        };
        self.store.put_staff(&staff, None)?;
        let _ = self.audit(caller, AuditAction::Create, None, &format!("staff {login}"));
        Ok(staff)
    }

    /// Disables the account of `login` (an administrator only); it keeps its history and
    /// can no longer work.
    pub fn disable_staff(&self, caller: &Caller, login: &str) -> CommandResult<Staff> {
        self.check_admin(caller)?;
        let (rev, mut staff) = self.existing_account(login)?;
        staff.active = false;
        self.store.put_staff(&staff, Some(rev))?;
        let _ = self.audit(
            caller,
            AuditAction::Update,
            None,
            &format!("staff {login} disabled"),
        );
        Ok(staff)
    }

    /// Lets the assistant `substitute` work with the families of the assistant `absent`
    /// from `from` to `to` (a supervisor only); it ends by itself after `to`.
    pub fn grant_stand_in(
        &self,
        caller: &Caller,
        substitute: &str,
        absent: &str,
        from: NaiveDate,
        to: NaiveDate,
        today: NaiveDate,
    ) -> CommandResult<Staff> {
        if !caller.has_role(Role::Supervisor) {
            let _ = self.audit(caller, AuditAction::Refused, None, "stand-in");
            return Err(CommandError::SupervisorOnly {
                login: caller.login.clone(),
            });
        }
        let (rev, mut holder) = self.existing_account(substitute)?;
        let (_, away) = self.existing_account(absent)?;
        for account in [&holder, &away] {
            if account.role != Role::Assistant || !account.active {
                return Err(CommandError::NotAnAssistant {
                    login: account.login.clone(),
                });
            }
        }
        let problem = if holder.id == away.id {
            Some(StandInProblem::SamePerson)
        } else if from > to {
            Some(StandInProblem::FromAfterTo)
        } else if to < today {
            Some(StandInProblem::AlreadyOver)
        } else {
            None
        };
        if let Some(problem) = problem {
            return Err(CommandError::StandIn(problem));
        }
        // Stand-ins that ended before today are history nobody reads: dropped here.
        holder.stand_ins.retain(|s| s.to >= today);
        holder.stand_ins.push(StandIn {
            assistant: away.id,
            from,
            to,
            granted_by: caller.login.clone(),
        });
        self.store.put_staff(&holder, Some(rev))?;
        let what = format!("stand-in {substitute} for {absent} {from}..{to}");
        let _ = self.audit(caller, AuditAction::Update, None, &what);
        Ok(holder)
    }

    /// True once an active administrator exists; before that anyone may keep the
    /// accounts (the first set-up).
    pub fn has_active_admin(&self) -> crate::store::Result<bool> {
        Ok(super::values(self.store.staff()?).any(|s| s.active && s.role == Role::Admin))
    }

    /// Refuses a caller who is not an administrator, unless no active administrator
    /// exists yet (the first set-up); the refusal is audited.
    fn check_admin(&self, caller: &Caller) -> CommandResult<()> {
        if caller.has_role(Role::Admin) || !self.has_active_admin()? {
            return Ok(());
        }
        let _ = self.audit(caller, AuditAction::Refused, None, "staff accounts");
        Err(CommandError::AdminOnly {
            login: caller.login.clone(),
        })
    }

    /// The account of `login`, active or not, with its revision.
    fn account(&self, login: &str) -> CommandResult<Option<(u64, Staff)>> {
        Ok(self
            .store
            .staff()?
            .records
            .into_iter()
            .find(|v| v.value.login == login)
            .map(|v| (v.rev, v.value)))
    }

    /// The account of `login`, or an error naming it.
    fn existing_account(&self, login: &str) -> CommandResult<(u64, Staff)> {
        self.account(login)?
            .ok_or_else(|| CommandError::UnknownStaff {
                login: login.to_string(),
            })
    }
}

#[cfg(test)]
mod tests {
    use super::valid_login;

    #[test]
    fn logins_are_written_like_unix_user_names() {
        for ok in ["akowalska", "ps.lis", "_svc", "a-b_c.9"] {
            assert!(valid_login(ok), "{ok}");
        }
        for bad in ["", "Anna", "9lives", "a b", "ąka", "x;rm", &"a".repeat(33)] {
            assert!(!valid_login(bad), "{bad}");
        }
    }
}
