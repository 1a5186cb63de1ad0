//! The service API: domain commands and queries on behalf of a caller.
//! The terminal program reaches data only through [`Service`]; its arguments and
//! results are plain serde-friendly types so that a server process can later offer
//! the same calls over a Unix socket. Visibility by role is decided here, not in the UI.

mod plan;
mod register;
mod report;
mod staff;
mod start;
mod visits;

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use std::sync::Mutex;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::domain::alerts::{
    self, Alert, AlertRules, CaseFacts, CourtDue, Deadline, DeadlineKind, FamilyFacts,
};
use crate::domain::audit::{AuditAction, AuditEntry};
use crate::domain::caseload;
use crate::domain::digest::FamilyDigest;
use crate::domain::summary::FamilySummary;
use crate::domain::text;
use crate::domain::{
    Assessment, Cooperation, CourtRequest, Family, Id, Member, MemberRole, Role, Staff, Visit,
    WorkPlan,
};
use crate::store::digest_file::{self, DigestFile};
use crate::store::drafts::Draft;
use crate::store::lock::DirLock;
use crate::store::{CACHE_CAPACITY, Loaded, Result, Store, StoreError, Versioned};
pub use register::{CommandError, CommandResult, StandInProblem};
pub use staff::valid_login;
pub use start::{Opening, START_VISITS, WorkstationStart};

/// Who is calling: the login and, if it has one, the staff account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Caller {
    /// Unix login of the caller.
    pub login: String,
    /// The matching staff account, if any (a disabled one sees and changes nothing).
    pub account: Option<Staff>,
    /// Assistants whose families the caller covers today through a stand-in.
    pub covering: Vec<Id>,
}

impl Caller {
    /// Identifies a login among the staff accounts `staff` on `today`, as
    /// [`Service::caller`] does.
    pub fn of(login: &str, staff: impl IntoIterator<Item = Staff>, today: NaiveDate) -> Caller {
        let account = staff.into_iter().find(|s| s.login == login);
        let covering = account
            .iter()
            .filter(|s| s.active && s.role == Role::Assistant)
            .flat_map(|s| &s.stand_ins)
            .filter(|c| c.covers(today))
            .map(|c| c.assistant)
            .collect();
        Caller {
            login: login.to_string(),
            account,
            covering,
        }
    }

    /// True if the caller sees only some families: an assistant (their own and those of a
    /// stand-in) or a social worker (the families they referred).
    pub fn is_scoped(&self) -> bool {
        self.account
            .as_ref()
            .is_some_and(|s| matches!(s.role, Role::Assistant | Role::SocialWorker))
    }

    /// For a caller who is not scoped, whether they see every family (true) or none
    /// (false), which does not depend on the family; None for a scoped caller.
    pub fn sees_whole_office(&self) -> Option<bool> {
        match &self.account {
            _ if self.is_scoped() => None,
            None => Some(true),
            Some(s) => Some(s.active && s.role == Role::Supervisor),
        }
    }

    /// True if the caller has an active account with the given role.
    pub fn has_role(&self, role: Role) -> bool {
        self.account
            .as_ref()
            .is_some_and(|s| s.active && s.role == role)
    }

    /// The assistants whose families the caller works with today: their own and those
    /// of a stand-in; empty for everyone else.
    pub fn assistants(&self) -> Vec<Id> {
        match &self.account {
            Some(s) if s.role == Role::Assistant => std::iter::once(s.id)
                .chain(self.covering.iter().copied())
                .collect(),
            _ => Vec::new(),
        }
    }

    /// Whether the caller may see a family.
    /// An assistant sees their own families and, during a stand-in, the colleague's; a
    /// social worker the families they referred (matched by name); a supervisor every
    /// family; an administrator none (accounts, not cases). A login with no account is
    /// the embedded single-user mode and sees the whole office; the server mode refuses
    /// unknown logins before any query is made.
    pub fn sees(&self, family: &Family) -> bool {
        match &self.account {
            Some(s) if !s.active => false,
            Some(s) => match s.role {
                Role::Assistant => family
                    .assistant
                    .is_some_and(|a| a == s.id || self.covering.contains(&a)),
                Role::SocialWorker => {
                    let name = text::fold(family.social_worker.name.trim());
                    !name.is_empty() && name == text::fold(s.name.trim())
                }
                Role::Supervisor => true,
                Role::Admin => false,
            },
            None => true,
        }
    }
}

/// One row of the family register as the list shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FamilyRow {
    /// The family.
    pub family: Family,
    /// Name of the assigned assistant, empty if none.
    pub assistant_name: String,
    /// Children living in the household or in foster care.
    pub children: usize,
    /// True if any child is in foster care today.
    pub foster_care: bool,
    /// The soonest open deadline.
    pub next_deadline: Option<Deadline>,
    /// Case number, name, address and members' names, folded (`text::fold`) for search.
    pub search: String,
}

/// Active families of one assistant against the limit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseloadRow {
    /// The assistant.
    pub assistant: Staff,
    /// Active families.
    pub active: u32,
    /// The configured limit.
    pub limit: u32,
    /// Families below the limit from which the caseload counts as near it.
    pub margin: u32,
}

/// Everything the screens show that does not depend on a selection, computed at once.
/// Sent over the server's socket without its index of rows, which the receiving side
/// rebuilds ([`SnapshotFields`]).
#[derive(Debug, Default, Serialize, Deserialize)]
#[serde(from = "SnapshotFields")]
pub struct Snapshot {
    /// Staff accounts by id.
    pub staff: BTreeMap<Id, Staff>,
    /// Families the caller sees, in case-number order.
    pub families: Vec<FamilyRow>,
    /// Alerts of those families, overdue first.
    pub alerts: Vec<Alert>,
    /// Caseload per assistant the caller sees.
    pub caseload: Vec<CaseloadRow>,
    /// Visits of today and tomorrow, by date and time, for the Overview.
    pub upcoming: Vec<Visit>,
    /// Records that could not be read (shown as a warning, never fatal).
    pub damaged: Vec<String>,
    /// Position in `families` by family id.
    #[serde(skip)]
    by_id: HashMap<Id, usize>,
    /// Overdue and soon alerts per assistant of their families (None: no assistant),
    /// kept up to date so that the Overview need not walk every alert per frame.
    alert_counts: HashMap<Option<Id>, (usize, usize)>,
    /// Family id, case number and name of every family, by id, in an Overview's
    /// snapshot ([`Service::overview_snapshot`]), which has no rows.
    labels: Vec<(Id, String, String)>,
    /// Visits of today and tomorrow beyond `upcoming`, in an Overview's snapshot, which
    /// reads only the first [`OVERVIEW_VISITS`].
    upcoming_more: usize,
    /// Alerts left out of `alerts`, overdue and others, by kind, in an Overview's
    /// snapshot sent to an attached workstation ([`Snapshot::keep_first_alerts`]).
    left_out: BTreeMap<DeadlineKind, (usize, usize)>,
}

/// Visits of today and tomorrow an Overview's snapshot reads: more than a terminal shows.
const OVERVIEW_VISITS: usize = 256;

/// The serialized fields of a [`Snapshot`], in its order, without the index.
#[derive(Deserialize)]
struct SnapshotFields {
    staff: BTreeMap<Id, Staff>,
    families: Vec<FamilyRow>,
    alerts: Vec<Alert>,
    caseload: Vec<CaseloadRow>,
    upcoming: Vec<Visit>,
    damaged: Vec<String>,
    alert_counts: HashMap<Option<Id>, (usize, usize)>,
    labels: Vec<(Id, String, String)>,
    upcoming_more: usize,
    left_out: BTreeMap<DeadlineKind, (usize, usize)>,
}

impl From<SnapshotFields> for Snapshot {
    fn from(f: SnapshotFields) -> Snapshot {
        let by_id = f
            .families
            .iter()
            .enumerate()
            .map(|(i, r)| (r.family.id, i))
            .collect();
        Snapshot {
            staff: f.staff,
            families: f.families,
            alerts: f.alerts,
            caseload: f.caseload,
            upcoming: f.upcoming,
            damaged: f.damaged,
            by_id,
            alert_counts: f.alert_counts,
            labels: f.labels,
            upcoming_more: f.upcoming_more,
            left_out: f.left_out,
        }
    }
}

impl Snapshot {
    /// An Overview's snapshot for `caller` from its parts: the staff accounts by id and
    /// what could not be read of them, the judged digests, the first visits of today
    /// and tomorrow and how many more there are, and the caseload limit and margin.
    fn overview(
        caller: &Caller,
        (staff, damaged): (BTreeMap<Id, Staff>, Vec<String>),
        part: DigestPart,
        (upcoming, upcoming_more): (Vec<Visit>, usize),
        (limit, margin): (u32, u32),
    ) -> Snapshot {
        let DigestPart {
            alerts,
            alert_counts,
            active,
            labels,
        } = part;
        let mut snapshot = Snapshot {
            staff,
            upcoming,
            alerts,
            damaged,
            alert_counts,
            labels,
            upcoming_more,
            ..Snapshot::default()
        };
        snapshot.set_caseload(caller, &active, limit, margin);
        snapshot
    }

    /// The family row with this id.
    pub fn family(&self, id: Id) -> Option<&FamilyRow> {
        self.by_id.get(&id).map(|&i| &self.families[i])
    }

    /// Visits of today and tomorrow, also those an Overview's snapshot did not read.
    pub fn upcoming_total(&self) -> usize {
        self.upcoming.len() + self.upcoming_more
    }

    /// The case number and name of a family, from its row or, in an Overview's
    /// snapshot, from its digest.
    pub fn label(&self, id: Id) -> Option<(&str, &str)> {
        match self.family(id) {
            Some(row) => Some((&row.family.case_number, &row.family.name)),
            None => self
                .labels
                .binary_search_by_key(&id, |(id, _, _)| *id)
                .ok()
                .map(|at| (self.labels[at].1.as_str(), self.labels[at].2.as_str())),
        }
    }

    /// Puts one family's part in place of what the snapshot held of it (or drops the
    /// family when `part` is None); [`Snapshot::recount_caseload`] must follow. A row
    /// whose case number is unchanged keeps its place, and the family's alerts and visits
    /// are put in theirs, so that a save costs no more than a few searches even with
    /// tens of thousands of families (the result equals a sort from scratch).
    pub fn replace_family(&mut self, id: Id, part: Option<FamilyPart>) {
        let old_assistant = self.family(id).and_then(|r| r.family.assistant);
        for a in self.alerts.iter().filter(|a| a.deadline.family_id == id) {
            let entry = self.alert_counts.entry(old_assistant).or_default();
            match a.severity {
                alerts::Severity::Overdue => entry.0 = entry.0.saturating_sub(1),
                _ => entry.1 = entry.1.saturating_sub(1),
            }
        }
        self.alerts.retain(|a| a.deadline.family_id != id);
        self.upcoming.retain(|v| v.family_id != id);
        let Some(FamilyPart {
            row,
            alerts,
            upcoming,
        }) = part
        else {
            if let Some(at) = self.by_id.remove(&id) {
                self.families.remove(at);
                self.index_rows();
            }
            return;
        };
        match self.by_id.get(&id).copied() {
            Some(at) if self.families[at].family.case_number == row.family.case_number => {
                self.families[at] = row;
            }
            old => {
                if let Some(at) = old {
                    self.families.remove(at);
                }
                let case_number = &row.family.case_number;
                let at = self
                    .families
                    .partition_point(|r| r.family.case_number <= *case_number);
                self.families.insert(at, row);
                self.index_rows();
            }
        }
        let assistant = self.family(id).and_then(|r| r.family.assistant);
        // Equal keys belong to one family only (its id is part of the key), and its
        // alerts come in their own order, so inserting after equals keeps a stable sort.
        for alert in alerts {
            tally(&mut self.alert_counts, assistant, &alert);
            let key = alerts::sort_key(&alert);
            let at = self.alerts.partition_point(|a| alerts::sort_key(a) <= key);
            self.alerts.insert(at, alert);
        }
        for visit in upcoming {
            let key = (visit.date, visit.time, visit.id);
            let at = self
                .upcoming
                .partition_point(|v| (v.date, v.time, v.id) <= key);
            self.upcoming.insert(at, visit);
        }
    }

    /// The position of each family by id, after rows were added, moved or removed.
    fn index_rows(&mut self) {
        self.by_id = self
            .families
            .iter()
            .enumerate()
            .map(|(i, r)| (r.family.id, i))
            .collect();
    }

    /// Derives what depends on the rows: the position of each family and the caseloads
    /// of the assistants `caller` sees, against `limit` with its warning `margin`.
    pub fn finish(&mut self, caller: &Caller, limit: u32, margin: u32) {
        self.index_rows();
        self.count_alerts();
        self.recount_caseload(caller, limit, margin);
    }

    /// Counts the alerts per assistant from scratch.
    fn count_alerts(&mut self) {
        let mut counts: HashMap<Option<Id>, (usize, usize)> = HashMap::new();
        for a in &self.alerts {
            let assistant = self
                .family(a.deadline.family_id)
                .and_then(|r| r.family.assistant);
            tally(&mut counts, assistant, a);
        }
        self.alert_counts = counts;
    }

    /// Overdue and soon alerts per assistant of their families (None: no assistant).
    pub fn alert_counts(&self) -> &HashMap<Option<Id>, (usize, usize)> {
        &self.alert_counts
    }

    /// Every alert, those left out of `alerts` counted in ([`Snapshot::keep_first_alerts`]).
    pub fn alert_total(&self) -> usize {
        let (overdue, others) = self.left_out_totals();
        self.alerts.len() + overdue + others
    }

    /// The overdue alerts and the others left out of `alerts`, all kinds together.
    pub fn left_out_totals(&self) -> (usize, usize) {
        self.left_out
            .values()
            .fold((0, 0), |(o, s), (lo, ls)| (o + lo, s + ls))
    }

    /// The alerts left out of `alerts`, overdue and others, by kind.
    pub fn left_out(&self) -> &BTreeMap<DeadlineKind, (usize, usize)> {
        &self.left_out
    }

    /// Keeps the first `each` overdue alerts and the first `each` others, in their
    /// order, counts the rest by kind in [`Snapshot::left_out`], and keeps the labels
    /// of only the families that the kept alerts and the visits name: what an
    /// Overview's first frame shows of them when it is at most `each` rows tall. For
    /// the snapshot a server sends, which is drawn once before the whole register
    /// replaces it; a country's every alert and label were megabytes.
    pub fn keep_first_alerts(&mut self, each: usize) {
        let (mut overdue, mut other) = (0, 0);
        let left_out = &mut self.left_out;
        self.alerts.retain(|a| {
            let (seen, overdue_one) = match a.severity {
                alerts::Severity::Overdue => (&mut overdue, true),
                _ => (&mut other, false),
            };
            *seen += 1;
            if *seen <= each {
                return true;
            }
            let count = left_out.entry(a.deadline.kind).or_default();
            if overdue_one {
                count.0 += 1;
            } else {
                count.1 += 1;
            }
            false
        });
        let named: std::collections::HashSet<Id> = self
            .alerts
            .iter()
            .map(|a| a.deadline.family_id)
            .chain(self.upcoming.iter().map(|v| v.family_id))
            .collect();
        self.labels.retain(|(id, _, _)| named.contains(id));
    }

    /// The caseloads of the assistants `caller` sees, counted again from the rows.
    pub fn recount_caseload(&mut self, caller: &Caller, limit: u32, margin: u32) {
        let counts = caseload::active_per_assistant(self.families.iter().map(|r| &r.family));
        self.set_caseload(caller, &counts, limit, margin);
    }

    /// The caseloads of the assistants `caller` sees, from active families per assistant.
    fn set_caseload(
        &mut self,
        caller: &Caller,
        counts: &BTreeMap<Id, u32>,
        limit: u32,
        margin: u32,
    ) {
        self.caseload = self
            .staff
            .values()
            .filter(|s| s.role == Role::Assistant && s.active)
            .filter(|s| !caller.is_scoped() || caller.account.as_ref() == Some(*s))
            .map(|s| CaseloadRow {
                assistant: s.clone(),
                active: counts.get(&s.id).copied().unwrap_or(0),
                limit,
                margin,
            })
            .collect();
    }
}

/// Counts `alert` among the overdue or the soon alerts of `assistant`'s families.
fn tally(counts: &mut HashMap<Option<Id>, (usize, usize)>, assistant: Option<Id>, alert: &Alert) {
    let entry = counts.entry(assistant).or_default();
    match alert.severity {
        alerts::Severity::Overdue => entry.0 += 1,
        _ => entry.1 += 1,
    }
}

/// The nice value of the threads that judge the digest file beside the opening.
#[cfg(any(target_os = "linux", target_os = "android"))]
const BEHIND_NICE: libc::c_int = 10;

/// Lowers the calling thread's priority (on Linux a thread's own nice value, which the
/// threads it starts inherit), so that the register's opening, the longer of the two,
/// is not slowed by the digest file's judging: on a two-core machine the first frame
/// of a country's register came after a median of 77 ms instead of 92 (8 starts each).
#[cfg(any(target_os = "linux", target_os = "android"))]
fn behind_the_opening() {
    // SAFETY: neither call takes a pointer; a refusal leaves the priority as it was,
    // which only makes the judging compete with the opening.
    unsafe {
        let thread = libc::gettid();
        libc::setpriority(libc::PRIO_PROCESS, thread as libc::id_t, BEHIND_NICE);
    }
}

/// Elsewhere the judging competes with the opening at the same priority.
#[cfg(not(any(target_os = "linux", target_os = "android")))]
fn behind_the_opening() {}

/// What the Overview's snapshot takes from the family digests: every alert, the alert
/// counts per assistant, the active families per assistant and every family's label.
#[derive(Debug, Default)]
struct DigestPart {
    alerts: Vec<Alert>,
    alert_counts: HashMap<Option<Id>, (usize, usize)>,
    active: BTreeMap<Id, u32>,
    labels: Vec<(Id, String, String)>,
}

impl DigestPart {
    /// An empty part with room for `families` labels and as many alerts (a country's
    /// register has 0.6 a family), so that neither grows by copying.
    fn for_families(families: usize) -> Self {
        DigestPart {
            alerts: Vec::with_capacity(families),
            labels: Vec::with_capacity(families),
            ..DigestPart::default()
        }
    }

    /// Adds one family's digest, judged on `today` (its label moved out of it when it is
    /// handed over, copied when it is lent).
    fn add(&mut self, digest: Cow<'_, FamilyDigest>, rules: &AlertRules, today: NaiveDate) {
        let found = digest.alerts(rules, today);
        for a in &found {
            tally(&mut self.alert_counts, digest.assistant, a);
        }
        self.alerts.extend(found);
        if let Some(assistant) = caseload::counted_for(digest.case.status, digest.assistant) {
            *self.active.entry(assistant).or_insert(0) += 1;
        }
        let id = digest.case.id;
        let (case_number, name) = match digest {
            Cow::Owned(digest) => (digest.case_number, digest.name),
            Cow::Borrowed(digest) => (digest.case_number.clone(), digest.name.clone()),
        };
        self.labels.push((id, case_number, name));
    }

    /// This part and `other`'s together.
    fn merged(mut self, other: DigestPart) -> Self {
        self.alerts.extend(other.alerts);
        for (assistant, (overdue, soon)) in other.alert_counts {
            let entry = self.alert_counts.entry(assistant).or_default();
            entry.0 += overdue;
            entry.1 += soon;
        }
        for (assistant, n) in other.active {
            *self.active.entry(assistant).or_insert(0) += n;
        }
        self.labels.extend(other.labels);
        self
    }

    /// The part with its alerts in the Overview's order and its labels by family id.
    fn sorted(mut self) -> Self {
        alerts::sort_alerts(&mut self.alerts);
        // In id order already, but for families derived anew after the walk.
        self.labels.sort_unstable_by_key(|(id, _, _)| *id);
        self
    }
}

/// The Overview's digest part, judged from the digest file beside the opening of the
/// database ([`Service::open_for_workstation`]), with what it was judged by.
#[derive(Debug)]
struct PreparedOverview {
    token: u128,
    today: NaiveDate,
    part: DigestPart,
}

/// One family's part of a [`Snapshot`]: its row, its alerts and its visits of today and
/// tomorrow.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct FamilyPart {
    /// The list row.
    pub row: FamilyRow,
    /// Its alerts.
    pub alerts: Vec<Alert>,
    /// Its visits of today and tomorrow.
    pub upcoming: Vec<Visit>,
}

/// Everything about one family for its details screen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FamilyDetail {
    /// The family.
    pub family: Family,
    /// Revision of the family record, for saving edits.
    pub family_rev: u64,
    /// Revisions for saving edits, per kind (ids are unique only within a kind).
    pub revs: Revisions,
    /// Members, adults first.
    pub members: Vec<Member>,
    /// The current work plan.
    pub plan: Option<WorkPlan>,
    /// Every version of the plan, oldest first (the current one included).
    pub plans: Vec<WorkPlan>,
    /// Number of plan versions, current included.
    pub plan_versions: usize,
    /// Assessments, newest first.
    pub assessments: Vec<Assessment>,
    /// Court requests.
    pub court_requests: Vec<CourtRequest>,
    /// Cooperation log, newest first.
    pub cooperation: Vec<Cooperation>,
    /// Visits, newest first.
    pub visits: Vec<Visit>,
    /// The latest views of the family's details (this one included), newest first;
    /// empty for a caller who may not see who looked at it.
    pub viewed_by: Vec<AuditEntry>,
}

/// Revisions of a family's records by id, one map per kind.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Revisions {
    /// Members.
    pub members: HashMap<Id, u64>,
    /// Work plans, every version.
    pub plans: HashMap<Id, u64>,
    /// Cooperation entries.
    pub cooperation: HashMap<Id, u64>,
    /// Court requests.
    pub court_requests: HashMap<Id, u64>,
}

/// Audit entries read back for a family's details, of which the views are shown.
const VIEWS_READ: usize = 50;

/// Views shown on a family's details.
const VIEWS_SHOWN: usize = 5;

/// A view of a family's details by the same person within this time of their previous
/// one, with nobody else's entry in between, is not logged again.
const REPEATED_VIEW: chrono::TimeDelta = chrono::TimeDelta::minutes(15);

/// Audit entries searched, newest first, for who changed a record under a form.
const RECENT_AUDIT: usize = 10_000;

/// Domain queries and commands over the store.
pub struct Service {
    store: Store,
    rules: AlertRules,
    caseload_limit: u32,
    /// Families below the limit from which a caseload counts as near it.
    caseload_margin: u32,
    /// The wall clock of the audit log.
    clock: fn() -> chrono::NaiveDateTime,
    /// The Overview's digest part judged from the digest file while the store opened,
    /// for the first [`Service::overview_snapshot`] (taken by it).
    prepared: Mutex<Option<Box<PreparedOverview>>>,
}

impl Service {
    /// Wraps an open store with the configured rules.
    pub fn new(store: Store, rules: AlertRules, caseload_limit: u32) -> Self {
        Service {
            store,
            rules,
            caseload_limit,
            caseload_margin: caseload::DEFAULT_WARNING_MARGIN,
            clock: || chrono::Local::now().naive_local(),
            prepared: Mutex::new(None),
        }
    }

    /// Opens the register at `dir` for a workstation on `today`. The digest file that
    /// the workstation's last clean end left ([`digest_file`]) is judged on two other threads while
    /// sled opens the register on this one: at a country's scale each takes about as
    /// long as the opening, so the first Overview waits for the longer, not for both.
    pub fn open_for_workstation(
        dir: &Path,
        rules: AlertRules,
        caseload_limit: u32,
        today: NaiveDate,
    ) -> Result<Service> {
        Service::open_locked_for_workstation(Store::lock(dir)?, dir, rules, caseload_limit, today)
    }

    /// [`Service::open_for_workstation`] with the lock of `dir` already taken.
    fn open_locked_for_workstation(
        lock: DirLock,
        dir: &Path,
        rules: AlertRules,
        caseload_limit: u32,
        today: NaiveDate,
    ) -> Result<Service> {
        let owned = dir.to_path_buf();
        // A thread that cannot start only means the digests are read from the register.
        let judging = std::thread::Builder::new()
            .name("digest-file".into())
            .spawn(move || {
                behind_the_opening();
                Service::prepare_overview(&owned, rules, today)
            })
            .ok();
        let store = Store::open_under(lock, dir, CACHE_CAPACITY);
        let prepared = judging.and_then(|thread| thread.join().ok().flatten().map(Box::new));
        Ok(Service {
            prepared: Mutex::new(prepared),
            ..Service::new(store?, rules, caseload_limit)
        })
    }

    /// Judges the digest file of the database at `dir` as [`Service::overview_snapshot`]
    /// judges the stored digests, without opening the database. None if there is no
    /// file or it does not read whole.
    fn prepare_overview(
        dir: &Path,
        rules: AlertRules,
        today: NaiveDate,
    ) -> Option<PreparedOverview> {
        let file = DigestFile::read(dir)?;
        let entries = file.entries()?;
        // In two halves, on two threads: beside sled's opening on a two-core machine,
        // the file judged by one thread was measured to finish after the opening (64 to
        // 97 ms against 62 to 92), in two halves mostly before it (48 to 74 ms).
        let half = entries.len().div_ceil(2);
        let mut halves = [half, half].map(DigestPart::for_families);
        let whole = crate::runs::in_runs(&entries, &mut halves, |part, entry| {
            digest_file::read_entry(entry)
                .map(|digest| part.add(Cow::Owned(digest), &rules, today))
                .is_some()
        });
        let [first, second] = halves;
        let part = whole.then(|| first.merged(second))?;
        Some(PreparedOverview {
            token: file.token(),
            today,
            part: part.sorted(),
        })
    }

    /// The same service with another caseload warning margin (`caseload.warning_margin`).
    pub fn with_caseload_margin(self, caseload_margin: u32) -> Self {
        Service {
            caseload_margin,
            ..self
        }
    }

    /// The same service with another wall clock for the audit log (for tests).
    pub fn with_clock(self, clock: fn() -> chrono::NaiveDateTime) -> Self {
        Service { clock, ..self }
    }

    /// The store underneath, the service done with.
    pub fn into_store(self) -> Store {
        self.store
    }

    /// The store underneath (for the command line's maintenance commands).
    pub fn store(&self) -> &Store {
        &self.store
    }

    /// The alert windows in force.
    pub fn rules(&self) -> &AlertRules {
        &self.rules
    }

    /// Identifies a login on `today`: its staff account, if any, and the assistants it
    /// stands in for that day. A disabled account is kept, so that it sees nothing
    /// instead of passing for the single user of an embedded database.
    pub fn caller(&self, login: &str, today: NaiveDate) -> Result<Caller> {
        Ok(Caller::of(login, values(self.store.staff()?), today))
    }

    /// Every staff account by id, and what could not be read of them (as text).
    fn staff_by_id(&self) -> Result<(BTreeMap<Id, Staff>, Vec<String>)> {
        let loaded = self.store.staff()?;
        let damaged = loaded.damaged.iter().map(|e| e.to_string()).collect();
        let staff = loaded
            .records
            .into_iter()
            .map(|v| (v.value.id, v.value))
            .collect();
        Ok((staff, damaged))
    }

    /// Computes the register, alerts and caseloads the caller sees on `today`.
    pub fn snapshot(&self, caller: &Caller, today: NaiveDate) -> Result<Snapshot> {
        let (staff, mut damaged) = self.staff_by_id()?;
        let mut take = |errs: Vec<StoreError>| damaged.extend(errs.iter().map(|e| e.to_string()));

        // One stored summary per family instead of its plans, assessments, members and
        // visits: an assistant's few families through the assistant index, everyone
        // else's in one walk over the families and their summaries side by side.
        let mut rows = Vec::new();
        let mut all_alerts = Vec::new();
        let mut add = |family: Family, summary: FamilySummary| {
            let (row, alerts) = self.family_entry(family, &summary, &staff, today);
            rows.push(row);
            all_alerts.extend(alerts);
        };
        let assistants = caller.assistants();
        if assistants.is_empty() {
            take(self.store.each_family_summary(|family, summary| {
                if caller.sees(&family) {
                    add(family, summary);
                }
            })?);
        } else {
            for assistant in assistants {
                let theirs = self.store.families_of_assistant(assistant)?;
                take(theirs.damaged);
                for family in theirs.records.into_iter().map(|v| v.value) {
                    if caller.sees(&family) {
                        let summary = self.store.summary(family.id)?;
                        add(family, summary);
                    }
                }
            }
        }
        rows.sort_by(|a, b| a.family.case_number.cmp(&b.family.case_number));
        alerts::sort_alerts(&mut all_alerts);
        let tomorrow = today.succ_opt().unwrap_or(today);
        let families = || Ok(rows.iter().map(|r| r.family.id).collect());
        let upcoming = self.first_visible_visits(caller, families, today, tomorrow, usize::MAX)?;
        let mut snapshot = Snapshot {
            staff,
            upcoming,
            families: rows,
            alerts: all_alerts,
            damaged,
            ..Snapshot::default()
        };
        snapshot.finish(caller, self.caseload_limit, self.caseload_margin);
        Ok(snapshot)
    }

    /// What the Overview of a caller who sees the whole office shows on `today`, read
    /// from the families' digests instead of their records: the same alerts, caseloads
    /// and visits as [`Service::snapshot`], the families' case numbers and names, and no
    /// rows. `None` for any other caller, or if a digest bucket is damaged; the caller
    /// then takes the whole snapshot. Damaged family records show only in that one.
    pub fn overview_snapshot(&self, caller: &Caller, today: NaiveDate) -> Result<Option<Snapshot>> {
        // Taken whatever follows: it serves one Overview, the first.
        let prepared = self.take_prepared(today);
        if caller.sees_whole_office() != Some(true) {
            return Ok(None);
        }
        let (staff, damaged) = self.staff_by_id()?;
        let part = match prepared {
            Some(prepared) => prepared.part,
            None => {
                // In two runs, on two threads, as the file is judged: a country's first
                // Overview in process took medians of 92 to 104 ms instead of 100 to
                // 121 (three rounds of 7 starts each).
                let mut halves = [DigestPart::default(), DigestPart::default()];
                if !self
                    .store
                    .each_digest_in_runs(&mut halves, |part, digest| {
                        part.add(digest, &self.rules, today)
                    })?
                {
                    return Ok(None);
                }
                let [first, second] = halves;
                first.merged(second).sorted()
            }
        };
        let tomorrow = today.succ_opt().unwrap_or(today);
        // The first of the whole office's visits, as the whole snapshot reads them (no
        // family list); how many there are in all, from the visits per day.
        let upcoming =
            self.first_visible_visits(caller, || Ok(Vec::new()), today, tomorrow, OVERVIEW_VISITS)?;
        let upcoming_more = match upcoming.len() {
            OVERVIEW_VISITS => {
                let counted = self.store.visit_counts_between(today, tomorrow)?;
                let total = counted.values().map(|&n| n as usize).sum::<usize>();
                total.saturating_sub(OVERVIEW_VISITS)
            }
            _ => 0,
        };
        Ok(Some(Snapshot::overview(
            caller,
            (staff, damaged),
            part,
            (upcoming, upcoming_more),
            (self.caseload_limit, self.caseload_margin),
        )))
    }

    /// The prepared digest part, if it was judged from the digest file that this
    /// store's opening vouched for, for `today` (by this service's rules, which
    /// [`Service::open_for_workstation`] gave it).
    fn take_prepared(&self, today: NaiveDate) -> Option<Box<PreparedOverview>> {
        let prepared = self.prepared.lock().ok()?.take()?;
        let vouched = self.store.digest_file_token() == Some(prepared.token);
        (vouched && prepared.today == today).then_some(prepared)
    }

    /// Brings `snapshot` up to date after a change to one family: its row, its alerts and
    /// its visits of today and tomorrow are read again (the row goes if the caller no
    /// longer sees the family), the rest is kept. Nothing changes if a read fails.
    pub fn refresh_family(
        &self,
        caller: &Caller,
        snapshot: &mut Snapshot,
        id: Id,
        today: NaiveDate,
    ) -> Result<()> {
        let part = self.family_part_with(caller, id, today, &snapshot.staff)?;
        snapshot.replace_family(id, part);
        snapshot.recount_caseload(caller, self.caseload_limit, self.caseload_margin);
        Ok(())
    }

    /// One family's part of the caller's snapshot on `today` (None if the caller does
    /// not see it): what a client attached to a server reads after a change.
    pub fn family_part(
        &self,
        caller: &Caller,
        id: Id,
        today: NaiveDate,
    ) -> Result<Option<FamilyPart>> {
        let staff: BTreeMap<Id, Staff> = values(self.store.staff()?).map(|s| (s.id, s)).collect();
        self.family_part_with(caller, id, today, &staff)
    }

    fn family_part_with(
        &self,
        caller: &Caller,
        id: Id,
        today: NaiveDate,
        staff: &BTreeMap<Id, Staff>,
    ) -> Result<Option<FamilyPart>> {
        let tomorrow = today.succ_opt().unwrap_or(today);
        Ok(match self.store.family(id)? {
            Some(v) if caller.sees(&v.value) => {
                let summary = self.store.summary(id)?;
                let upcoming = values(self.store.family_visits_between(id, today, tomorrow)?);
                let (row, alerts) = self.family_entry(v.value, &summary, staff, today);
                Some(FamilyPart {
                    row,
                    alerts,
                    upcoming: upcoming.collect(),
                })
            }
            _ => None,
        })
    }

    /// The caseload limit and its warning margin, as configured.
    pub fn caseload_settings(&self) -> (u32, u32) {
        (self.caseload_limit, self.caseload_margin)
    }

    /// The list row and the alerts of one family the caller sees.
    fn family_entry(
        &self,
        family: Family,
        summary: &FamilySummary,
        staff: &BTreeMap<Id, Staff>,
        today: NaiveDate,
    ) -> (FamilyRow, Vec<Alert>) {
        let foster_since = summary.foster_since(today);
        let facts = FamilyFacts {
            case: CaseFacts::of(&family),
            last_assessment: summary.last_assessment,
            plan: summary.plan,
            foster_since,
            court_dues: &CourtDue::open(&summary.court_requests),
            visit_without_outcome: summary.visit_without_outcome(today),
            last_held_visit: summary.last_held_visit,
        };
        let alerts = alerts::family_alerts(&facts, &self.rules, today);
        let next_deadline = alerts::next_deadline(&facts, &self.rules);
        let mut search = text::fold(&format!(
            "{} {} {}",
            family.case_number, family.name, family.address
        ));
        search.push_str(&summary.member_names);
        let row = FamilyRow {
            search,
            assistant_name: family
                .assistant
                .and_then(|a| staff.get(&a))
                .map(|s| s.name.clone())
                .unwrap_or_default(),
            children: usize::try_from(summary.children).unwrap_or(usize::MAX),
            foster_care: foster_since.is_some(),
            next_deadline,
            family,
        };
        (row, alerts)
    }

    /// Everything about one family, if the caller may see it.
    pub fn family_detail(&self, caller: &Caller, id: Id) -> Result<Option<FamilyDetail>> {
        let Some(Versioned {
            rev: family_rev,
            value: family,
        }) = self.store.family(id)?
        else {
            return Ok(None);
        };
        if !caller.sees(&family) {
            self.audit(caller, AuditAction::Refused, Some(id), "family")?;
            return Ok(None);
        }
        // Audited before anything is shown: no view goes unrecorded. The same person
        // looking again within a few minutes (the details are read again after each of
        // their saves) is the same view, not another line in the log.
        let now = (self.clock)();
        let seen_just_now = self.store.family_audit(id, 1)?.first().is_some_and(|e| {
            e.action == AuditAction::View
                && e.login == caller.login
                && now.signed_duration_since(e.at) < REPEATED_VIEW
                && e.at <= now
        });
        if !seen_just_now {
            self.audit(caller, AuditAction::View, Some(id), "family")?;
        }
        let mut revs = Revisions::default();
        let mut members: Vec<Member> = Vec::new();
        for v in self.store.members_of(id)?.records {
            revs.members.insert(v.value.id, v.rev);
            members.push(v.value);
        }
        members.sort_by_key(|m| (m.role == MemberRole::Child, m.birth_date));
        let mut plans: Vec<WorkPlan> = Vec::new();
        for v in self.store.plans_of(id)?.records {
            revs.plans.insert(v.value.id, v.rev);
            plans.push(v.value);
        }
        plans.sort_by_key(|p| p.version);
        let plan_versions = plans.len();
        let plan = plans.iter().rev().find(|p| p.superseded.is_none()).cloned();
        let mut assessments: Vec<Assessment> = values(self.store.assessments_of(id)?).collect();
        assessments.reverse();
        let mut court_requests = Vec::new();
        for v in self.store.court_requests_of(id)?.records {
            revs.court_requests.insert(v.value.id, v.rev);
            court_requests.push(v.value);
        }
        let mut cooperation: Vec<Cooperation> = Vec::new();
        for v in self.store.cooperation_of(id)?.records {
            revs.cooperation.insert(v.value.id, v.rev);
            cooperation.push(v.value);
        }
        cooperation.sort_by_key(|c| std::cmp::Reverse(c.date));
        let mut visits: Vec<Visit> = values(self.store.visits_of(id)?).collect();
        visits.sort_by_key(|v| std::cmp::Reverse((v.date, v.time)));
        let viewed_by = self
            .family_audit(caller, &family, VIEWS_READ)?
            .into_iter()
            .filter(|e| e.action == AuditAction::View)
            .take(VIEWS_SHOWN)
            .collect();
        Ok(Some(FamilyDetail {
            family,
            family_rev,
            revs,
            members,
            plan,
            plans,
            plan_versions,
            assessments,
            court_requests,
            cooperation,
            visits,
            viewed_by,
        }))
    }

    /// Visits between two dates (inclusive) of the families in `visible` (the caller's
    /// snapshot), by date and time.
    pub fn visits_between(
        &self,
        caller: &Caller,
        visible: &Snapshot,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Vec<Visit>> {
        self.first_visits_between(caller, visible, from, to, usize::MAX)
    }

    /// Visits between two dates (inclusive) of every family the caller sees, by date and
    /// time, without a snapshot at hand (the server's call).
    pub fn visits_in_scope(
        &self,
        caller: &Caller,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Vec<Visit>> {
        self.first_visits_in_scope(caller, from, to, usize::MAX)
    }

    /// The ids of every family the caller sees: an assistant's through the assistant
    /// index, everyone else's by one walk over the families.
    fn families_in_scope(&self, caller: &Caller) -> Result<Vec<Id>> {
        let assistants = caller.assistants();
        let mut ids = Vec::new();
        if assistants.is_empty() {
            ids.extend(
                values(self.store.families()?)
                    .filter(|f| caller.sees(f))
                    .map(|f| f.id),
            );
        } else {
            for assistant in assistants {
                ids.extend(
                    values(self.store.families_of_assistant(assistant)?)
                        .filter(|f| caller.sees(f))
                        .map(|f| f.id),
                );
            }
        }
        Ok(ids)
    }

    /// The first `limit` visits from `from` to `to` of the families in `visible` (the
    /// caller's snapshot), by date and time: a day of a whole country's register holds
    /// thousands, of which a screen shows a few; `visit_counts` tells how many there are.
    pub fn first_visits_between(
        &self,
        caller: &Caller,
        visible: &Snapshot,
        from: NaiveDate,
        to: NaiveDate,
        limit: usize,
    ) -> Result<Vec<Visit>> {
        let families = || Ok(visible.families.iter().map(|r| r.family.id).collect());
        self.first_visible_visits(caller, families, from, to, limit)
    }

    /// [`Service::first_visits_between`] without a snapshot at hand (the server's call).
    pub fn first_visits_in_scope(
        &self,
        caller: &Caller,
        from: NaiveDate,
        to: NaiveDate,
        limit: usize,
    ) -> Result<Vec<Visit>> {
        let families = || self.families_in_scope(caller);
        self.first_visible_visits(caller, families, from, to, limit)
    }

    /// The first `limit` visits from `from` to `to` of the families the caller sees, by
    /// date and time. Who sees every family or none (not an assistant or a social
    /// worker) is answered from the date index alone, read only as far as the limit;
    /// a scoped caller's `families` are read one range each.
    fn first_visible_visits(
        &self,
        caller: &Caller,
        families: impl FnOnce() -> Result<Vec<Id>>,
        from: NaiveDate,
        to: NaiveDate,
        limit: usize,
    ) -> Result<Vec<Visit>> {
        match caller.sees_whole_office() {
            Some(true) => Ok(values(self.store.first_visits_between(from, to, limit)?).collect()),
            Some(false) => Ok(Vec::new()),
            None => {
                let mut visits = Vec::new();
                for family in families()? {
                    visits.extend(values(self.store.family_visits_between(family, from, to)?));
                }
                visits.sort_by_key(|v: &Visit| (v.date, v.time, v.id));
                visits.truncate(limit);
                Ok(visits)
            }
        }
    }

    /// Visits per day from `from` to `to` of the families in `visible` (the caller's
    /// snapshot), counted from index keys without decoding a visit.
    pub fn visit_counts(
        &self,
        caller: &Caller,
        visible: &Snapshot,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<BTreeMap<NaiveDate, u32>> {
        self.counts_of(
            caller,
            visible.families.iter().map(|r| r.family.id),
            from,
            to,
        )
    }

    /// Visits per day from `from` to `to` of every family the caller sees, without a
    /// snapshot at hand (the server's call): the same counts as [`Service::visit_counts`]
    /// given the caller's snapshot.
    pub fn visit_counts_in_scope(
        &self,
        caller: &Caller,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<BTreeMap<NaiveDate, u32>> {
        if !caller.is_scoped() {
            return self.counts_of(caller, std::iter::empty(), from, to);
        }
        let families = self.families_in_scope(caller)?;
        self.counts_of(caller, families.into_iter(), from, to)
    }

    /// Visits per day and starting hour from `from` to `to` of every family the caller
    /// sees: the week's grid of a register too large to read a week of its visits.
    pub fn hour_counts_in_scope(
        &self,
        caller: &Caller,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<BTreeMap<(NaiveDate, u8), u32>> {
        match caller.sees_whole_office() {
            Some(true) => self.store.hour_counts_between(from, to),
            Some(false) => Ok(BTreeMap::new()),
            None => {
                let mut counts = BTreeMap::new();
                for v in self.visits_in_scope(caller, from, to)? {
                    let hour = u8::try_from(chrono::Timelike::hour(&v.time)).unwrap_or(u8::MAX);
                    *counts.entry((v.date, hour)).or_insert(0) += 1;
                }
                Ok(counts)
            }
        }
    }

    /// Visits per day of `families`, the families the caller sees: from the date index
    /// for the whole office, else from each family's range of the family index.
    fn counts_of(
        &self,
        caller: &Caller,
        families: impl Iterator<Item = Id>,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<BTreeMap<NaiveDate, u32>> {
        match caller.sees_whole_office() {
            // The whole office: its visits per day alone answer.
            Some(true) => return self.store.visit_counts_between(from, to),
            Some(false) => return Ok(BTreeMap::new()),
            None => {}
        }
        let mut counts = BTreeMap::new();
        for family in families {
            for (day, n) in self.store.family_visit_counts_between(family, from, to)? {
                *counts.entry(day).or_insert(0) += n;
            }
        }
        Ok(counts)
    }

    /// The id of the family with this case number, if the caller may see it (case,
    /// Polish letters and spaces around it ignored, as case numbers are unique).
    pub fn find_case(&self, caller: &Caller, case_number: &str) -> Result<Option<Id>> {
        for id in self.store.families_with_case_number(case_number)? {
            if let Some(family) = self.store.family(id)?
                && caller.sees(&family.value)
            {
                return Ok(Some(id));
            }
        }
        Ok(None)
    }

    /// The name of a staff account (for documents), if there is one with that id.
    pub fn staff_name(&self, id: Id) -> Result<Option<String>> {
        Ok(values(self.store.staff()?)
            .find(|s| s.id == id)
            .map(|s| s.name))
    }

    /// The caller's draft of the form `key`, if one was kept.
    pub fn draft(&self, caller: &Caller, key: &str) -> Result<Option<Draft>> {
        self.store.drafts().get(&caller.login, key)
    }

    /// Keeps the caller's draft of the form `key` (flushed before it returns).
    pub fn keep_draft(&self, caller: &Caller, key: &str, draft: &Draft) -> Result<()> {
        self.store.drafts().put(&caller.login, key, draft)
    }

    /// Forgets the caller's draft of the form `key`.
    pub fn discard_draft(&self, caller: &Caller, key: &str) -> Result<()> {
        self.store.drafts().remove(&caller.login, key)
    }

    /// Appends an entry to the audit log on behalf of `caller`, timed by the wall clock.
    pub fn audit(
        &self,
        caller: &Caller,
        action: AuditAction,
        family: Option<Id>,
        entity: &str,
    ) -> Result<()> {
        self.store.append_audit(&AuditEntry {
            at: (self.clock)(),
            login: caller.login.clone(),
            action,
            family,
            entity: entity.to_string(),
        })
    }

    /// The newest entries of the audit log about a family, newest first, for its
    /// assistant and a supervisor; nobody else sees who looked at a family.
    pub fn family_audit(
        &self,
        caller: &Caller,
        family: &Family,
        limit: usize,
    ) -> Result<Vec<AuditEntry>> {
        let allowed = match &caller.account {
            Some(s) => match s.role {
                Role::Assistant => family.assistant == Some(s.id),
                Role::Supervisor => true,
                Role::SocialWorker | Role::Admin => false,
            },
            // Embedded single-user mode: the only user of the database.
            None => true,
        };
        if !allowed {
            return Ok(Vec::new());
        }
        self.store.family_audit(family.id, limit)
    }

    /// The audit log for a supervisor, oldest first: entries about `family`, by `login`,
    /// from `since` on (each filter optional). Reading it is audited too.
    pub fn audit_log(
        &self,
        caller: &Caller,
        family: Option<Id>,
        login: Option<&str>,
        since: Option<NaiveDate>,
    ) -> std::result::Result<Vec<AuditEntry>, CommandError> {
        if !caller.has_role(Role::Supervisor) {
            let _ = self.audit(caller, AuditAction::Refused, family, "audit log");
            return Err(CommandError::SupervisorOnly {
                login: caller.login.clone(),
            });
        }
        self.audit(caller, AuditAction::Export, family, "audit log")?;
        let (entries, _damaged) = self.store.audit_entries(|e| {
            family.is_none_or(|f| e.family == Some(f))
                && login.is_none_or(|l| e.login == l)
                && since.is_none_or(|d| e.at.date() >= d)
        })?;
        Ok(entries)
    }

    /// Who last created or changed the record `id` of the store tree `tree`, and when,
    /// from the recent audit log: for a save refused because the record changed since
    /// it was read (`StoreError::Conflict`).
    pub fn last_change(&self, tree: &str, id: Id) -> Result<Option<AuditEntry>> {
        let kind = match tree {
            "families" => "family",
            "members" => "member",
            "plans" => "plan",
            "visits" => "visit",
            "assessments" => "assessment",
            "court_requests" => "court_request",
            "cooperation" => "cooperation",
            "staff" => "staff",
            _ => return Ok(None),
        };
        let id = id.to_string();
        self.store.newest_audit(RECENT_AUDIT, |e| {
            matches!(e.action, AuditAction::Create | AuditAction::Update)
                && e.entity.starts_with(kind)
                && e.entity.rsplit(' ').next() == Some(id.as_str())
        })
    }

    /// Audits a save that is already durable. An entry that cannot be written does not
    /// turn the acknowledged save into an error.
    fn audit_saved(
        &self,
        caller: &Caller,
        expected_rev: Option<u64>,
        family: Id,
        kind: &str,
        id: Id,
    ) {
        let action = match expected_rev {
            None => AuditAction::Create,
            Some(_) => AuditAction::Update,
        };
        let _ = self.audit(caller, action, Some(family), &format!("{kind} {id}"));
    }

    /// Audits a deletion that is already durable.
    fn audit_deleted(&self, caller: &Caller, family: Id, kind: &str, id: Id) {
        let _ = self.audit(
            caller,
            AuditAction::Delete,
            Some(family),
            &format!("{kind} {id}"),
        );
    }

    /// Audits a refused request and gives the refusal to return.
    fn refuse(&self, caller: &Caller, family: Option<Id>, entity: &str) -> CommandError {
        let _ = self.audit(caller, AuditAction::Refused, family, entity);
        caller.forbidden()
    }

    /// Flushes the store (on quit and on signals).
    pub fn flush(&self) -> Result<()> {
        self.store.flush()
    }
}

/// The decoded records of a list, without their revisions.
fn values<T>(loaded: Loaded<T>) -> impl Iterator<Item = T> {
    loaded.records.into_iter().map(|v| v.value)
}
