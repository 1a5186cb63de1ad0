//! The half-year report and the period exports, for a supervisor only: the records are
//! read here, the export is audited, and the pure [`crate::report`] engine counts.

use chrono::NaiveDate;

use super::{Caller, CommandError, CommandResult, Service};
use crate::domain::audit::AuditAction;
use crate::domain::{Family, Member, Role, Staff, Visit};
use crate::report::export::{self, ExportLines, FamilyLine, VisitLine};
use crate::report::{Report, ReportData, ReportDefinition, engine};
use crate::store::{Loaded, StoreError};

/// The records a report or export reads, owned, with the damaged ones described.
#[derive(Default)]
struct Records {
    staff: Vec<Staff>,
    families: Vec<Family>,
    members: Vec<Member>,
    visits: Vec<Visit>,
    damaged: Vec<String>,
}

impl Records {
    /// The records as the engine takes them.
    fn data(&self) -> ReportData<'_> {
        ReportData {
            staff: &self.staff,
            families: &self.families,
            members: &self.members,
            visits: &self.visits,
        }
    }

    /// The decoded values of a list; the damaged ones are noted.
    fn take<T>(&mut self, loaded: Loaded<T>) -> Vec<T> {
        self.damaged
            .extend(loaded.damaged.iter().map(StoreError::to_string));
        loaded.records.into_iter().map(|v| v.value).collect()
    }
}

impl Service {
    /// The half-year report: every row of `definition` counted over the whole register
    /// for `from..=to` (both days included), with the families, children, visits or
    /// assistants behind each figure for drill-down. For a supervisor only; anyone else
    /// is refused ([`CommandError::ReportSupervisorOnly`]) and the refusal audited. The
    /// report is audited as an export. Records that cannot be read are left out and
    /// listed in [`Report::damaged`].
    pub fn report(
        &self,
        caller: &Caller,
        definition: &ReportDefinition,
        from: NaiveDate,
        to: NaiveDate,
    ) -> CommandResult<Report> {
        let records = self.period_records(caller, "report", from, to, true)?;
        let mut report = engine::compute(definition, &records.data(), from, to);
        report.damaged = records.damaged;
        Ok(report)
    }

    /// One line per family on the register from `from` to `to` (referred, active,
    /// suspended or monitored on a day of it), in case-number order, for the
    /// supervisor's spreadsheet ([`export::families_csv`]). Supervisor only; audited as
    /// an export.
    pub fn export_families(
        &self,
        caller: &Caller,
        from: NaiveDate,
        to: NaiveDate,
    ) -> CommandResult<ExportLines<FamilyLine>> {
        let records = self.period_records(caller, "families export", from, to, true)?;
        Ok(ExportLines {
            lines: export::family_lines(&records.data(), from, to),
            damaged: records.damaged,
        })
    }

    /// One line per visit dated from `from` to `to`, by date and time, for the
    /// supervisor's spreadsheet ([`export::visits_csv`]). Supervisor only; audited as an
    /// export.
    pub fn export_visits(
        &self,
        caller: &Caller,
        from: NaiveDate,
        to: NaiveDate,
    ) -> CommandResult<ExportLines<VisitLine>> {
        let records = self.period_records(caller, "visits export", from, to, false)?;
        Ok(ExportLines {
            lines: export::visit_lines(&records.data(), from, to),
            damaged: records.damaged,
        })
    }

    /// Checks the caller and the period, reads the records of the period (members only
    /// if `members`) and audits the export `what` before anything is returned.
    fn period_records(
        &self,
        caller: &Caller,
        what: &str,
        from: NaiveDate,
        to: NaiveDate,
        members: bool,
    ) -> CommandResult<Records> {
        if !caller.has_role(Role::Supervisor) {
            let _ = self.audit(caller, AuditAction::Refused, None, what);
            return Err(CommandError::ReportSupervisorOnly {
                login: caller.login.clone(),
            });
        }
        if from > to {
            return Err(CommandError::PeriodBackwards { from, to });
        }
        let mut records = Records::default();
        records.staff = records.take(self.store.staff()?);
        records.families = records.take(self.store.families()?);
        if members {
            records.members = records.take(self.store.members()?);
        }
        records.visits = records.take(self.store.visits_between(from, to)?);
        self.audit(
            caller,
            AuditAction::Export,
            None,
            &format!("{what} {from}..{to}"),
        )?;
        Ok(records)
    }
}
