//! Where the data comes from: the database this process opened, or the server it is
//! attached to. The workstation's screens and the command line call the same methods
//! either way; the server takes the caller from the connection, the embedded service
//! from the argument.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;

use chrono::{NaiveDate, NaiveTime};

use crate::config::Language;
use crate::domain::alerts::AlertRules;
use crate::domain::audit::{AuditAction, AuditEntry};
use crate::domain::lifecycle::Transition;
use crate::domain::visits::VisitWarning;
use crate::domain::{
    Assessment, Closure, Cooperation, CourtRequest, Family, Id, Member, Role, Staff, Visit,
    WorkPlan,
};
use crate::report::export::{ExportLines, FamilyLine, VisitLine};
use crate::server::client::{CallError, Client};
use crate::server::protocol::Session;
use crate::service::{Caller, CommandError, FamilyDetail, Opening, Service, Snapshot};
use crate::store::Versioned;
use crate::store::drafts::{Draft, Drafts};

/// The result of a backend call: the service's own refusal, or a lost server.
pub type Outcome<T> = Result<T, CommandError>;

/// The data source of the workstation and of the command line.
pub enum Backend {
    /// The database opened by this process (no server runs).
    Local(Service),
    /// A server this process is attached to.
    Remote(Remote),
    /// The database this process is still opening, behind a first Overview drawn from
    /// the files its last clean close left ([`crate::service::WorkstationStart`]); every
    /// call is refused until [`Opening::finish`] gives the service.
    Opening(Box<Opening>),
}

/// A connection to `asystent serve`, of a workstation or of one command.
pub struct Remote {
    client: Arc<Client>,
    session: Session,
    documents: PathBuf,
}

impl Remote {
    /// Wraps a connected client: asks who this is on `today` and the server's rules.
    /// Printed documents go to `documents` (on this machine, in the user's own files).
    pub fn new(client: Client, today: NaiveDate, documents: PathBuf) -> Outcome<Remote> {
        let session = client.session(today).map_err(offline)?;
        Ok(Remote {
            client: Arc::new(client),
            session,
            documents,
        })
    }

    /// The client, shared with the draft keeper and the reconnecting thread.
    pub fn client(&self) -> &Arc<Client> {
        &self.client
    }

    /// Who this is on the session's day, as the server sees it.
    pub fn caller(&self) -> &Caller {
        &self.session.caller
    }

    /// Asks the server again who this is on `today` (after a reconnect or a staff change).
    pub fn renew(&mut self, today: NaiveDate) -> Outcome<()> {
        self.session = self.client.session(today).map_err(offline)?;
        Ok(())
    }
}

/// A failed call as the screens and the command line show it: a lost connection
/// becomes [`CommandError::Offline`] (told in both languages, since the language is
/// chosen where it is shown), a refusal stays the service's own.
pub fn offline(e: CallError) -> CommandError {
    match e {
        CallError::Command(e) => e,
        CallError::Client(e) => CommandError::Offline {
            detail_pl: crate::i18n::client_error(Language::Polish, &e),
            detail_en: crate::i18n::client_error(Language::English, &e),
        },
    }
}

/// Where an unsaved form is kept, from any thread (the signal guard too).
#[derive(Clone)]
pub enum DraftSink {
    /// The embedded database's drafts tree.
    Local(Drafts),
    /// The server, which keeps the draft under the connection's login.
    Remote(Arc<Client>),
    /// Nowhere yet: the register is still opening, and no form is open before it is.
    Opening,
}

impl DraftSink {
    /// Keeps `draft` of form `key` for `login`; false if it could not be kept.
    pub fn put(&self, login: &str, key: &str, draft: &Draft) -> bool {
        match self {
            DraftSink::Local(drafts) => drafts.put(login, key, draft).is_ok(),
            DraftSink::Remote(client) => client.keep_draft(key, draft).is_ok(),
            DraftSink::Opening => false,
        }
    }
}

/// Forwards a call to the embedded service (with the caller) or to the server.
macro_rules! route {
    ($self:ident, $service:ident => $local:expr, $client:ident => $remote:expr) => {
        match $self {
            Backend::Local($service) => Ok($local?),
            Backend::Opening(_) => Err(CommandError::StillOpening),
            Backend::Remote(remote) => {
                let $client = &remote.client;
                $remote.map_err(offline)
            }
        }
    };
}

impl Backend {
    /// The embedded service, if no server is used.
    pub fn local(&self) -> Option<&Service> {
        match self {
            Backend::Local(service) => Some(service),
            Backend::Remote(_) | Backend::Opening(_) => None,
        }
    }

    /// The attached server's connection, if any.
    pub fn remote(&self) -> Option<&Remote> {
        match self {
            Backend::Local(_) | Backend::Opening(_) => None,
            Backend::Remote(remote) => Some(remote),
        }
    }

    /// The attached server's connection, to renew it.
    pub fn remote_mut(&mut self) -> Option<&mut Remote> {
        match self {
            Backend::Local(_) | Backend::Opening(_) => None,
            Backend::Remote(remote) => Some(remote),
        }
    }

    /// The alert windows in force.
    pub fn rules(&self) -> &AlertRules {
        match self {
            Backend::Local(service) => service.rules(),
            Backend::Opening(opening) => opening.rules(),
            Backend::Remote(remote) => &remote.session.rules,
        }
    }

    /// Where printed documents are written.
    pub fn documents_dir(&self) -> PathBuf {
        match self {
            Backend::Local(service) => crate::doc::documents_dir(service.store().path()),
            Backend::Opening(opening) => crate::doc::documents_dir(opening.dir()),
            Backend::Remote(remote) => remote.documents.clone(),
        }
    }

    /// Where unsaved forms are kept.
    pub fn draft_sink(&self) -> DraftSink {
        match self {
            Backend::Local(service) => DraftSink::Local(service.store().drafts().clone()),
            Backend::Opening(_) => DraftSink::Opening,
            Backend::Remote(remote) => DraftSink::Remote(Arc::clone(&remote.client)),
        }
    }

    /// Writes the embedded database to disk; the server flushes its own.
    pub fn flush(&self) -> Result<(), crate::store::StoreError> {
        match self {
            Backend::Local(service) => service.flush(),
            Backend::Remote(_) | Backend::Opening(_) => Ok(()),
        }
    }

    /// The register, alerts and caseloads the caller sees on `today`.
    pub fn snapshot(&self, caller: &Caller, today: NaiveDate) -> Outcome<Snapshot> {
        route!(self, s => s.snapshot(caller, today), c => c.snapshot(today))
    }

    /// What the first Overview shows on `today`, if the caller sees the whole office
    /// (`Service::overview_snapshot`).
    pub fn overview_snapshot(
        &self,
        caller: &Caller,
        today: NaiveDate,
    ) -> Outcome<Option<Snapshot>> {
        route!(self, s => s.overview_snapshot(caller, today), c => c.overview_snapshot(today))
    }

    /// Brings one family's part of `snapshot` up to date after a change.
    pub fn refresh_family(
        &self,
        caller: &Caller,
        snapshot: &mut Snapshot,
        id: Id,
        today: NaiveDate,
    ) -> Outcome<()> {
        match self {
            Backend::Local(service) => Ok(service.refresh_family(caller, snapshot, id, today)?),
            Backend::Opening(_) => Err(CommandError::StillOpening),
            Backend::Remote(remote) => {
                let part = remote.client.family_part(id, today).map_err(offline)?;
                snapshot.replace_family(id, part);
                let session = &remote.session;
                snapshot.recount_caseload(caller, session.caseload_limit, session.caseload_margin);
                Ok(())
            }
        }
    }

    /// Everything about one family, if the caller may see it (the view is audited).
    pub fn family_detail(&self, caller: &Caller, id: Id) -> Outcome<Option<FamilyDetail>> {
        route!(self, s => s.family_detail(caller, id), c => c.family_detail(id))
    }

    /// Visits from `from` to `to` of the families the caller sees.
    pub fn visits_between(
        &self,
        caller: &Caller,
        snapshot: &Snapshot,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Outcome<Vec<Visit>> {
        route!(self, s => s.visits_between(caller, snapshot, from, to),
            c => c.visits_between(from, to))
    }

    /// The first `limit` visits from `from` to `to` of the families the caller sees, by
    /// date and time.
    pub fn first_visits_between(
        &self,
        caller: &Caller,
        snapshot: &Snapshot,
        from: NaiveDate,
        to: NaiveDate,
        limit: usize,
    ) -> Outcome<Vec<Visit>> {
        route!(self, s => s.first_visits_between(caller, snapshot, from, to, limit),
            c => c.first_visits_between(from, to, limit))
    }

    /// Visits per day and starting hour from `from` to `to` of the families the caller sees.
    pub fn hour_counts(
        &self,
        caller: &Caller,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Outcome<BTreeMap<(NaiveDate, u8), u32>> {
        route!(self, s => s.hour_counts_in_scope(caller, from, to), c => c.hour_counts(from, to))
    }

    /// Visits per day from `from` to `to` of the families the caller sees.
    pub fn visit_counts(
        &self,
        caller: &Caller,
        snapshot: &Snapshot,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Outcome<BTreeMap<NaiveDate, u32>> {
        route!(self, s => s.visit_counts(caller, snapshot, from, to),
            c => c.visit_counts(from, to))
    }

    /// Day and length of every held visit of `assistant` from `from` to `to`.
    pub fn held_visits(
        &self,
        caller: &Caller,
        assistant: Id,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Outcome<Vec<(NaiveDate, u16)>> {
        route!(self, s => s.held_visits(caller, assistant, from, to),
            c => c.held_visits(assistant, from, to))
    }

    /// The family's newest periodic assessment.
    pub fn newest_assessment(
        &self,
        caller: &Caller,
        family_id: Id,
    ) -> Outcome<Option<Versioned<Assessment>>> {
        route!(self, s => s.newest_assessment(caller, family_id),
            c => c.newest_assessment(family_id))
    }

    /// Records a periodic assessment or corrects the newest one.
    pub fn save_assessment(
        &self,
        caller: &Caller,
        assessment: Assessment,
        expected_rev: Option<u64>,
        today: NaiveDate,
    ) -> Outcome<Versioned<Assessment>> {
        route!(self, s => s.save_assessment(caller, assessment, expected_rev, today),
            c => c.save_assessment(assessment, expected_rev, today))
    }

    /// Registers or saves a court's request for an opinion.
    pub fn save_court_request(
        &self,
        caller: &Caller,
        request: CourtRequest,
        expected_rev: Option<u64>,
        today: NaiveDate,
    ) -> Outcome<Versioned<CourtRequest>> {
        route!(self, s => s.save_court_request(caller, request, expected_rev, today),
            c => c.save_court_request(request, expected_rev, today))
    }

    /// Saves a first plan or an edit of the current one.
    pub fn save_plan(
        &self,
        caller: &Caller,
        plan: WorkPlan,
        expected_rev: Option<u64>,
        today: NaiveDate,
    ) -> Outcome<Versioned<WorkPlan>> {
        route!(self, s => s.save_plan(caller, plan, expected_rev, today),
            c => c.save_plan(plan, expected_rev, today))
    }

    /// Starts version N+1 of a plan.
    pub fn new_plan_version(
        &self,
        caller: &Caller,
        current_id: Id,
        family_id: Id,
        expected_rev: u64,
        today: NaiveDate,
    ) -> Outcome<Versioned<WorkPlan>> {
        route!(self, s => s.new_plan_version(caller, current_id, family_id, expected_rev, today),
            c => c.new_plan_version(current_id, family_id, expected_rev, today))
    }

    /// The next free case number on `today`.
    pub fn suggest_case_number(&self, today: NaiveDate) -> Outcome<String> {
        route!(self, s => s.suggest_case_number(today), c => c.suggest_case_number(today))
    }

    /// Who last created or changed record `id` of store tree `tree`, and when.
    pub fn last_change(&self, tree: &str, id: Id) -> Outcome<Option<AuditEntry>> {
        route!(self, s => s.last_change(tree, id), c => c.last_change(tree, id))
    }

    /// Registers or saves a family.
    pub fn save_family(
        &self,
        caller: &Caller,
        family: Family,
        expected_rev: Option<u64>,
        today: NaiveDate,
    ) -> Outcome<Versioned<Family>> {
        route!(self, s => s.save_family(caller, family, expected_rev, today),
            c => c.save_family(family, expected_rev, today))
    }

    /// Adds or saves a member of a family.
    pub fn save_member(
        &self,
        caller: &Caller,
        member: Member,
        expected_rev: Option<u64>,
        today: NaiveDate,
    ) -> Outcome<Versioned<Member>> {
        route!(self, s => s.save_member(caller, member, expected_rev, today),
            c => c.save_member(member, expected_rev, today))
    }

    /// Changes a family's status.
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
    ) -> Outcome<Versioned<Family>> {
        route!(self,
            s => s.change_status(caller, id, expected_rev, transition, date, closure, today),
            c => c.change_status(id, expected_rev, transition, date, closure, today))
    }

    /// Adds or saves an entry of a family's cooperation log.
    pub fn save_cooperation(
        &self,
        caller: &Caller,
        entry: Cooperation,
        expected_rev: Option<u64>,
        today: NaiveDate,
    ) -> Outcome<Versioned<Cooperation>> {
        route!(self, s => s.save_cooperation(caller, entry, expected_rev, today),
            c => c.save_cooperation(entry, expected_rev, today))
    }

    /// Deletes a family registered by mistake.
    pub fn delete_family(&self, caller: &Caller, id: Id, expected_rev: u64) -> Outcome<()> {
        route!(self, s => s.delete_family(caller, id, expected_rev),
            c => c.delete_family(id, expected_rev))
    }

    /// Removes a member added by mistake.
    pub fn remove_member(
        &self,
        caller: &Caller,
        member: &Member,
        expected_rev: u64,
    ) -> Outcome<()> {
        route!(self, s => s.remove_member(caller, member, expected_rev),
            c => c.remove_member(member, expected_rev))
    }

    /// The caller's draft of the form `key`, if one was kept.
    pub fn draft(&self, caller: &Caller, key: &str) -> Outcome<Option<Draft>> {
        route!(self, s => s.draft(caller, key), c => c.draft(key))
    }

    /// Forgets the caller's draft of the form `key`.
    pub fn discard_draft(&self, caller: &Caller, key: &str) -> Outcome<()> {
        route!(self, s => s.discard_draft(caller, key), c => c.discard_draft(key))
    }

    /// The visit with its revision, if the caller sees its family.
    pub fn visit(&self, caller: &Caller, id: Id) -> Outcome<Option<Versioned<Visit>>> {
        route!(self, s => s.visit(caller, id), c => c.visit(id))
    }

    /// What deserves a warning before `visit` is booked.
    pub fn visit_warnings(&self, visit: &Visit) -> Outcome<Vec<VisitWarning>> {
        route!(self, s => s.visit_warnings(visit), c => c.visit_warnings(visit))
    }

    /// Books a visit or saves its outcome and record.
    pub fn save_visit(
        &self,
        caller: &Caller,
        visit: Visit,
        expected_rev: Option<u64>,
    ) -> Outcome<Versioned<Visit>> {
        route!(self, s => s.save_visit(caller, visit, expected_rev),
            c => c.save_visit(visit, expected_rev))
    }

    /// Moves a planned visit to another date and time.
    #[allow(clippy::too_many_arguments)]
    pub fn reschedule_visit(
        &self,
        caller: &Caller,
        id: Id,
        expected_rev: u64,
        date: NaiveDate,
        time: NaiveTime,
        today: NaiveDate,
    ) -> Outcome<Versioned<Visit>> {
        route!(self, s => s.reschedule_visit(caller, id, expected_rev, date, time, today),
            c => c.reschedule_visit(id, expected_rev, date, time, today))
    }

    /// Calls a planned visit off.
    pub fn cancel_visit(
        &self,
        caller: &Caller,
        id: Id,
        expected_rev: u64,
        today: NaiveDate,
    ) -> Outcome<Versioned<Visit>> {
        route!(self, s => s.cancel_visit(caller, id, expected_rev, today),
            c => c.cancel_visit(id, expected_rev, today))
    }

    /// Every staff account (an administrator or a supervisor).
    pub fn staff_accounts(&self, caller: &Caller) -> Outcome<Vec<Staff>> {
        route!(self, s => s.staff_accounts(caller), c => c.staff_accounts())
    }

    /// Adds a staff account (an administrator, or the first set-up).
    pub fn add_staff(
        &self,
        caller: &Caller,
        login: &str,
        name: &str,
        role: Role,
    ) -> Outcome<Staff> {
        route!(self, s => s.add_staff(caller, login, name, role),
            c => c.add_staff(login, name, role))
    }

    /// Disables a staff account (an administrator).
    pub fn disable_staff(&self, caller: &Caller, login: &str) -> Outcome<Staff> {
        route!(self, s => s.disable_staff(caller, login), c => c.disable_staff(login))
    }

    /// Lets the assistant `substitute` work with the families of `absent` from `from` to
    /// `to` (a supervisor); gives the substitute's account. A server judges the stand-ins
    /// that are over by its own date, not by `today`.
    #[allow(clippy::too_many_arguments)]
    pub fn grant_stand_in(
        &self,
        caller: &Caller,
        substitute: &str,
        absent: &str,
        from: NaiveDate,
        to: NaiveDate,
        today: NaiveDate,
    ) -> Outcome<Staff> {
        route!(self, s => s.grant_stand_in(caller, substitute, absent, from, to, today),
            c => c.grant_stand_in(substitute, absent, from, to, today))
    }

    /// The id of the family with this case number, if the caller sees it.
    pub fn find_case(&self, caller: &Caller, case_number: &str) -> Outcome<Option<Id>> {
        route!(self, s => s.find_case(caller, case_number), c => c.find_case(case_number))
    }

    /// The audit log (a supervisor only), each filter optional.
    pub fn audit_log(
        &self,
        caller: &Caller,
        family: Option<Id>,
        login: Option<&str>,
        since: Option<NaiveDate>,
    ) -> Outcome<Vec<AuditEntry>> {
        route!(self, s => s.audit_log(caller, family, login, since),
            c => c.audit_log(family, login, since))
    }

    /// The half-year report by `definition` from `from` to `to` (a supervisor only).
    pub fn report(
        &self,
        caller: &Caller,
        definition: &crate::report::ReportDefinition,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Outcome<crate::report::Report> {
        route!(self, s => s.report(caller, definition, from, to),
            c => c.report(definition, from, to))
    }

    /// One line per family on the register from `from` to `to` (a supervisor only).
    pub fn export_families(
        &self,
        caller: &Caller,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Outcome<ExportLines<FamilyLine>> {
        route!(self, s => s.export_families(caller, from, to),
            c => c.export_families(from, to))
    }

    /// One line per visit dated from `from` to `to` (a supervisor only).
    pub fn export_visits(
        &self,
        caller: &Caller,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Outcome<ExportLines<VisitLine>> {
        route!(self, s => s.export_visits(caller, from, to),
            c => c.export_visits(from, to))
    }

    /// Enters a document just written at `path` into the audit log, on disk. A document
    /// goes out only with its entry: if the entry cannot be made (a lost server may or
    /// may not have written it), the file is taken back.
    pub fn audit_written(
        &self,
        caller: &Caller,
        action: AuditAction,
        family: Option<Id>,
        what: &str,
        path: &std::path::Path,
    ) -> Outcome<()> {
        let audited = self
            .audit(caller, action, family, what)
            .and_then(|()| Ok(self.flush()?));
        if audited.is_err() {
            let _ = std::fs::remove_file(path);
        }
        audited
    }

    /// Records a print or an export in the audit log.
    pub fn audit(
        &self,
        caller: &Caller,
        action: AuditAction,
        family: Option<Id>,
        what: &str,
    ) -> Outcome<()> {
        route!(self, s => s.audit(caller, action, family, what),
            c => c.audit(action, family, what))
    }
}
