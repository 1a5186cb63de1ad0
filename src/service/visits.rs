//! Commands of the visit calendar (art. 15 ust. 1 pkt 14): book, record, reschedule
//! and cancel visits, and the warnings shown before a visit is booked.

use chrono::{NaiveDate, NaiveTime};

use super::register::{CommandError, CommandResult};
use super::{Caller, Service};
use crate::domain::validate;
use crate::domain::visits::{self, VisitWarning};
use crate::domain::{Id, Visit, VisitChange, VisitChangeKind, VisitStatus};
use crate::store::{Result, Versioned};

impl Service {
    /// The visit with its revision, if the caller may see its family.
    pub fn visit(&self, caller: &Caller, id: Id) -> CommandResult<Option<Versioned<Visit>>> {
        let Some(v) = self.store.visit(id)? else {
            return Ok(None);
        };
        let family = self.store.family(v.value.family_id)?;
        Ok(family.filter(|f| caller.sees(&f.value)).map(|_| v))
    }

    /// Day and length of every held visit of `assistant` from `from` to `to`, read
    /// through the assistant's families and only those days of each (a few dozen
    /// visits, whatever the register).
    pub fn held_visits(
        &self,
        caller: &Caller,
        assistant: Id,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Vec<(NaiveDate, u16)>> {
        let mut held = Vec::new();
        for family in self.store.families_of_assistant(assistant)?.records {
            if !caller.sees(&family.value) {
                continue;
            }
            for v in self
                .store
                .family_visits_between(family.value.id, from, to)?
                .records
            {
                let v = v.value;
                if visits::worked_by(&v, assistant) {
                    held.push((v.date, v.duration_min));
                }
            }
        }
        Ok(held)
    }

    /// What deserves a warning before `visit` is booked: another visit of the same
    /// assistant at that time, a public holiday.
    pub fn visit_warnings(&self, visit: &Visit) -> Result<Vec<VisitWarning>> {
        let same_day = self.store.visits_between(visit.date, visit.date)?;
        let others: Vec<Visit> = same_day.records.into_iter().map(|v| v.value).collect();
        Ok(visits::warnings(visit, &others))
    }

    /// The warnings for `visit` asked over the socket: refused (and audited) unless the
    /// caller sees the visit's family, and only overlaps with visits of families the
    /// caller sees are told (a crafted visit must not reveal another office's diary).
    pub fn visit_warnings_in_scope(
        &self,
        caller: &Caller,
        visit: &Visit,
    ) -> CommandResult<Vec<VisitWarning>> {
        match self.store.family(visit.family_id)? {
            Some(f) if caller.sees(&f.value) => {}
            Some(_) => return Err(self.refuse(caller, Some(visit.family_id), "visit")),
            None => return Err(CommandError::NotFound(visit.family_id)),
        }
        let mut visible = std::collections::HashMap::new();
        let mut out = Vec::new();
        for warning in self.visit_warnings(visit)? {
            if let VisitWarning::Overlaps { family, .. } = warning {
                let sees = match visible.get(&family) {
                    Some(&sees) => sees,
                    None => {
                        let sees = self
                            .store
                            .family(family)?
                            .is_some_and(|f| caller.sees(&f.value));
                        visible.insert(family, sees);
                        sees
                    }
                };
                if !sees {
                    continue;
                }
            }
            out.push(warning);
        }
        Ok(out)
    }

    /// Books a new visit (`expected_rev` None) or saves a visit's outcome and record.
    /// The assistant of a new visit is the family's.
    pub fn save_visit(
        &self,
        caller: &Caller,
        mut visit: Visit,
        expected_rev: Option<u64>,
    ) -> CommandResult<Versioned<Visit>> {
        let family = self.editable_family(caller, visit.family_id)?;
        validate::visit(&visit)?;
        if expected_rev.is_none() {
            visit.id = self.store.new_id()?;
            visit.history = Vec::new();
            visit.assistant = family
                .assistant
                .or_else(|| caller.account.as_ref().map(|s| s.id))
                .unwrap_or(visit.assistant);
        } else if let Some(stored) = self.store.visit(visit.id)? {
            // Visits are stored by their own id: a visit of another family (one the
            // caller may not change, reached with a made-up request) is never
            // overwritten or moved into the caller's family.
            if stored.value.family_id != visit.family_id {
                return Err(self.refuse(caller, Some(stored.value.family_id), "visit"));
            }
            // The history is the service's to write, never the form's.
            visit.history = stored.value.history;
        }
        let rev = self.store.put_visit(&visit, expected_rev)?;
        self.audit_saved(caller, expected_rev, visit.family_id, "visit", visit.id);
        Ok(Versioned { rev, value: visit })
    }

    /// Moves a planned visit to another date and time, keeping where it was.
    pub fn reschedule_visit(
        &self,
        caller: &Caller,
        id: Id,
        expected_rev: u64,
        date: NaiveDate,
        time: NaiveTime,
        today: NaiveDate,
    ) -> CommandResult<Versioned<Visit>> {
        self.change_visit(caller, id, expected_rev, |v| {
            v.history.push(VisitChange {
                on: today,
                by: caller.login.clone(),
                what: VisitChangeKind::Rescheduled {
                    from_date: v.date,
                    from_time: v.time,
                },
            });
            v.date = date;
            v.time = time;
        })
    }

    /// Calls a planned visit off; it stays in the calendar's history as cancelled.
    pub fn cancel_visit(
        &self,
        caller: &Caller,
        id: Id,
        expected_rev: u64,
        today: NaiveDate,
    ) -> CommandResult<Versioned<Visit>> {
        self.change_visit(caller, id, expected_rev, |v| {
            v.status = VisitStatus::Cancelled;
            v.history.push(VisitChange {
                on: today,
                by: caller.login.clone(),
                what: VisitChangeKind::Cancelled,
            });
        })
    }

    fn change_visit(
        &self,
        caller: &Caller,
        id: Id,
        expected_rev: u64,
        change: impl FnOnce(&mut Visit),
    ) -> CommandResult<Versioned<Visit>> {
        let mut visit = self
            .store
            .visit(id)?
            .ok_or(CommandError::NotFound(id))?
            .value;
        self.editable_family(caller, visit.family_id)?;
        if visit.status != VisitStatus::Planned {
            return Err(CommandError::VisitNotPlanned);
        }
        change(&mut visit);
        let rev = self.store.put_visit(&visit, Some(expected_rev))?;
        let family = visit.family_id;
        self.audit_saved(caller, Some(expected_rev), family, "visit", visit.id);
        Ok(Versioned { rev, value: visit })
    }
}
