//! The case lifecycle: which status changes are allowed, what each needs, and the
//! rules for deleting a family or a member registered by mistake.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use thiserror::Error;

use super::model::{
    Assessment, Closure, Cooperation, CourtRequest, Family, FamilyStatus, Member, StatusChange,
    Visit, WorkPlan,
};
use super::text::fold;

/// A change of status the user can ask for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Transition {
    /// Referred → active: the work starts (needs consent or a court order).
    Activate,
    /// Active → suspended.
    Suspend,
    /// Suspended → active.
    Resume,
    /// Referred, active or suspended → monitoring (or closed when no monitoring is planned).
    Close,
    /// Closed or monitoring → archived.
    Archive,
    /// Closed, monitoring or archived → active again; the closure stays in the history.
    Reopen,
}

impl Transition {
    /// Every transition, in the order a menu offers them.
    pub const ALL: [Transition; 6] = [
        Transition::Activate,
        Transition::Suspend,
        Transition::Resume,
        Transition::Close,
        Transition::Archive,
        Transition::Reopen,
    ];

    /// True if this transition may start from `status`.
    pub fn allowed_from(self, status: FamilyStatus) -> bool {
        use FamilyStatus as S;
        match self {
            Transition::Activate => status == S::Referred,
            Transition::Suspend => status == S::Active,
            Transition::Resume => status == S::Suspended,
            Transition::Close => matches!(status, S::Referred | S::Active | S::Suspended),
            Transition::Archive => matches!(status, S::Closed | S::Monitoring),
            Transition::Reopen => matches!(status, S::Closed | S::Monitoring | S::Archived),
        }
    }

    /// True if the family ends up active, so the assistant's caseload must have room.
    pub fn makes_active(self) -> bool {
        matches!(
            self,
            Transition::Activate | Transition::Resume | Transition::Reopen
        )
    }

    /// The status the family gets; a closure with a monitoring date leads to monitoring.
    pub fn target(self, closure: Option<&Closure>) -> FamilyStatus {
        match self {
            Transition::Activate | Transition::Resume | Transition::Reopen => FamilyStatus::Active,
            Transition::Suspend => FamilyStatus::Suspended,
            Transition::Close if closure.is_some_and(|c| c.monitoring_until.is_some()) => {
                FamilyStatus::Monitoring
            }
            Transition::Close => FamilyStatus::Closed,
            Transition::Archive => FamilyStatus::Archived,
        }
    }
}

/// The transitions allowed from `status`, in menu order.
pub fn allowed(status: FamilyStatus) -> Vec<Transition> {
    Transition::ALL
        .into_iter()
        .filter(|t| t.allowed_from(status))
        .collect()
}

/// Why a change of status, or a deletion, was refused.
#[derive(Debug, Clone, PartialEq, Eq, Error, Serialize, Deserialize)]
pub enum LifecycleError {
    /// The transition does not start from the family's status.
    #[error("{transition:?} is not allowed from {from:?}")]
    NotAllowed {
        /// Current status.
        from: FamilyStatus,
        /// Requested transition.
        transition: Transition,
    },
    /// Voluntary work needs the family's consent first.
    #[error("no consent date and no court order")]
    NeedsConsent,
    /// Active work needs an assigned assistant.
    #[error("no assistant assigned")]
    NoAssistant,
    /// The assistant already works with the limit of active families (art. 15 ust. 4).
    #[error("{assistant} already has {active} of {limit} active families")]
    CaseloadFull {
        /// Name of the assistant.
        assistant: String,
        /// Active families now.
        active: u32,
        /// The limit in force.
        limit: u32,
    },
    /// Closing needs a closure (date, reason, summary).
    #[error("closing needs a closure")]
    NeedsClosure,
    /// The date is before the latest recorded change.
    #[error("date {date} is before the last change on {last}")]
    BeforeLastChange {
        /// Date asked for.
        date: NaiveDate,
        /// Date of the latest change.
        last: NaiveDate,
    },
    /// The date is after today.
    #[error("date {0} is in the future")]
    InFuture(NaiveDate),
    /// The family has documentation (or was worked with) and may only be closed.
    #[error("the family has documentation")]
    HasDocumentation,
}

/// The assistant's caseload as the service counted it: name, active families, limit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Caseload {
    /// Name of the assistant.
    pub assistant: String,
    /// Active families other than the one being changed.
    pub active: u32,
    /// The configured limit.
    pub limit: u32,
}

impl Caseload {
    /// Refuses if one more active family would exceed the limit.
    pub fn check_room(&self) -> Result<(), LifecycleError> {
        if self.active >= self.limit {
            return Err(LifecycleError::CaseloadFull {
                assistant: self.assistant.clone(),
                active: self.active,
                limit: self.limit,
            });
        }
        Ok(())
    }
}

/// Applies `transition` to `family` on `date` by `login`, recording it in the history.
/// `caseload` is the assistant's count when the family becomes active (the service
/// looks it up); `closure` is required for [`Transition::Close`].
pub fn apply(
    family: &mut Family,
    transition: Transition,
    date: NaiveDate,
    today: NaiveDate,
    login: &str,
    closure: Option<Closure>,
    caseload: Option<&Caseload>,
) -> Result<(), LifecycleError> {
    let from = family.status;
    if !transition.allowed_from(from) {
        return Err(LifecycleError::NotAllowed { from, transition });
    }
    if date > today {
        return Err(LifecycleError::InFuture(date));
    }
    let last = family
        .history
        .last()
        .map(|c| c.date)
        .unwrap_or(family.referral_date);
    if date < last {
        return Err(LifecycleError::BeforeLastChange { date, last });
    }
    if transition.makes_active() {
        if family.assistant.is_none() {
            return Err(LifecycleError::NoAssistant);
        }
        if family.consent_date.is_none() && !family.flags.court_obliged {
            return Err(LifecycleError::NeedsConsent);
        }
        if let Some(caseload) = caseload {
            caseload.check_room()?;
        }
    }
    if transition == Transition::Close && closure.is_none() {
        return Err(LifecycleError::NeedsClosure);
    }
    let to = transition.target(closure.as_ref());
    match transition {
        Transition::Activate => family.work_started = Some(date),
        // The assessment clock starts again with the new work.
        Transition::Reopen => {
            family.work_started = Some(date);
            family.closure = None;
        }
        Transition::Close => family.closure = closure.clone(),
        Transition::Suspend | Transition::Resume | Transition::Archive => {}
    }
    family.status = to;
    family.history.push(StatusChange {
        date,
        from: Some(from),
        to,
        by: login.to_string(),
        closure,
    });
    Ok(())
}

/// Everything documented about one family, to decide what may still be deleted.
#[derive(Debug, Clone, Default)]
pub struct Documentation {
    /// Work plans, every version.
    pub plans: Vec<WorkPlan>,
    /// Visits.
    pub visits: Vec<Visit>,
    /// Periodic assessments.
    pub assessments: Vec<Assessment>,
    /// Court requests.
    pub court_requests: Vec<CourtRequest>,
    /// Cooperation log.
    pub cooperation: Vec<Cooperation>,
}

impl Documentation {
    /// True if nothing at all is documented.
    pub fn is_empty(&self) -> bool {
        self.plans.is_empty()
            && self.visits.is_empty()
            && self.assessments.is_empty()
            && self.court_requests.is_empty()
            && self.cooperation.is_empty()
    }

    /// Every free text of the documentation, folded, for the name search.
    fn texts(&self) -> impl Iterator<Item = &str> {
        let plans = self.plans.iter().flat_map(|p| {
            [p.strengths.as_str(), p.problems.as_str()]
                .into_iter()
                .chain(p.goals.iter().flat_map(|g| {
                    std::iter::once(g.text.as_str()).chain(g.actions.iter().flat_map(|a| {
                        [a.what.as_str(), a.who.as_str(), a.expected_effect.as_str()]
                    }))
                }))
        });
        let visits = self.visits.iter().flat_map(|v| {
            [
                v.record.present.as_str(),
                v.record.since_last.as_str(),
                v.record.done_now.as_str(),
                v.record.tasks.as_str(),
            ]
        });
        let assessments = self.assessments.iter().flat_map(|a| {
            [
                a.changes.as_str(),
                a.child_safety.as_str(),
                a.cooperation.as_str(),
                a.resources_risks.as_str(),
            ]
        });
        let cooperation = self.cooperation.iter().map(|c| c.note.as_str());
        plans.chain(visits).chain(assessments).chain(cooperation)
    }

    /// True if any documentation names the member by first name (as a whole word,
    /// ignoring case and diacritics). Deliberately cautious: a shared first name
    /// keeps the member, who can still be marked as having left the household.
    pub fn names(&self, member: &Member) -> bool {
        let name = fold(member.first_name.trim());
        if name.is_empty() {
            return false;
        }
        self.texts().any(|text| {
            fold(text)
                .split(|c: char| !c.is_alphanumeric())
                .any(|word| word == name)
        })
    }
}

/// Refuses to delete a family unless it is still only referred and nothing is documented.
pub fn check_family_deletable(family: &Family, docs: &Documentation) -> Result<(), LifecycleError> {
    if family.status != FamilyStatus::Referred || !docs.is_empty() {
        return Err(LifecycleError::HasDocumentation);
    }
    Ok(())
}

/// The next free case number of `year` in the `AR/<year>/<number>` pattern.
pub fn suggest_case_number<'a>(year: i32, existing: impl IntoIterator<Item = &'a str>) -> String {
    // Compared as the uniqueness check compares: letter case and Polish letters aside.
    let folded = case_number_key(&format!("AR/{year}/"));
    let highest = existing
        .into_iter()
        .map(case_number_key)
        .filter_map(|c| c.strip_prefix(&folded).and_then(case_number_suffix))
        .max();
    next_case_number(year, highest)
}

/// The number after `highest` (the highest taken number of `year`, if any) in the
/// `AR/<year>/<number>` pattern, with at least three digits.
pub fn next_case_number(year: i32, highest: Option<u32>) -> String {
    let next = highest.unwrap_or(0).saturating_add(1);
    format!("AR/{year}/{next:03}")
}

/// The number at the end of a case number after its `AR/<year>/` prefix: digits only
/// (`014` is 14); anything else is not a number of the pattern.
pub fn case_number_suffix(suffix: &str) -> Option<u32> {
    if suffix.is_empty() || !suffix.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    suffix.parse().ok()
}

/// The key two case numbers must not share: trimmed, case and diacritics ignored.
pub fn case_number_key(case_number: &str) -> String {
    fold(case_number.trim())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::model::{ClosureReason, FamilyFlags, MemberRole, SocialWorkerRef};

    fn d(y: i32, m: u32, dd: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, dd).unwrap()
    }

    fn referred() -> Family {
        Family {
            id: 1,
            case_number: "AR/2026/001".into(),
            name: "Łęcka".into(),
            address: String::new(),
            phones: vec![],
            assistant: Some(3),
            social_worker: SocialWorkerRef::default(),
            referral_date: d(2026, 3, 1),
            consent_date: Some(d(2026, 3, 5)),
            work_started: None,
            status: FamilyStatus::Referred,
            flags: FamilyFlags::default(),
            closure: None,
            notes: String::new(),
            history: vec![],
        }
    }

    fn closure(monitoring: Option<NaiveDate>) -> Closure {
        Closure {
            date: d(2026, 9, 1),
            reason: ClosureReason::GoalsAchieved,
            summary: "Cele osiągnięte.".into(),
            monitoring_until: monitoring,
        }
    }

    fn room(active: u32) -> Caseload {
        Caseload {
            assistant: "Anna Kowalska".into(),
            active,
            limit: 15,
        }
    }

    fn today() -> NaiveDate {
        d(2026, 11, 22)
    }

    /// Applies `t` on `date` as login "k", with `active` families in the caseload.
    fn go(
        f: &mut Family,
        t: Transition,
        date: NaiveDate,
        closure: Option<Closure>,
        active: Option<u32>,
    ) -> Result<(), LifecycleError> {
        apply(f, t, date, today(), "k", closure, active.map(room).as_ref())
    }

    #[test]
    fn the_whole_lifecycle_is_recorded() {
        let mut f = referred();
        go(&mut f, Transition::Activate, d(2026, 3, 6), None, Some(3)).unwrap();
        assert_eq!(f.status, FamilyStatus::Active);
        assert_eq!(f.work_started, Some(d(2026, 3, 6)));
        go(&mut f, Transition::Suspend, d(2026, 4, 1), None, None).unwrap();
        go(&mut f, Transition::Resume, d(2026, 5, 1), None, Some(3)).unwrap();
        let c = closure(Some(d(2027, 3, 1)));
        go(
            &mut f,
            Transition::Close,
            d(2026, 9, 1),
            Some(c.clone()),
            None,
        )
        .unwrap();
        assert_eq!(f.status, FamilyStatus::Monitoring);
        assert_eq!(f.closure, Some(c.clone()));
        go(&mut f, Transition::Archive, d(2026, 10, 1), None, None).unwrap();
        go(&mut f, Transition::Reopen, d(2026, 11, 2), None, Some(3)).unwrap();
        assert_eq!(f.status, FamilyStatus::Active);
        assert_eq!(f.closure, None, "the open case has no closure");
        assert_eq!(f.work_started, Some(d(2026, 11, 2)));
        let to: Vec<FamilyStatus> = f.history.iter().map(|h| h.to).collect();
        use FamilyStatus::*;
        assert_eq!(
            to,
            [Active, Suspended, Active, Monitoring, Archived, Active]
        );
        assert_eq!(
            f.history[3].closure,
            Some(c),
            "the closure stays in the history"
        );
        assert!(f.history.iter().all(|h| h.by == "k"));
    }

    #[test]
    fn close_without_monitoring_is_closed() {
        let mut f = referred();
        go(
            &mut f,
            Transition::Close,
            d(2026, 4, 1),
            Some(closure(None)),
            None,
        )
        .unwrap();
        assert_eq!(f.status, FamilyStatus::Closed);
        let err = go(
            &mut referred(),
            Transition::Close,
            d(2026, 4, 1),
            None,
            None,
        );
        assert_eq!(err, Err(LifecycleError::NeedsClosure));
    }

    #[test]
    fn refused_transitions_leave_the_family_as_it_was() {
        let mut f = referred();
        let before = f.clone();
        let on = d(2026, 4, 1);
        for t in [Transition::Suspend, Transition::Archive, Transition::Reopen] {
            let expected = LifecycleError::NotAllowed {
                from: FamilyStatus::Referred,
                transition: t,
            };
            assert_eq!(go(&mut f, t, on, None, None), Err(expected));
        }
        let full = LifecycleError::CaseloadFull {
            assistant: "Anna Kowalska".into(),
            active: 15,
            limit: 15,
        };
        assert_eq!(
            go(&mut f, Transition::Activate, on, None, Some(15)),
            Err(full)
        );
        let early = LifecycleError::BeforeLastChange {
            date: d(2026, 2, 1),
            last: d(2026, 3, 1),
        };
        let activate = Transition::Activate;
        assert_eq!(go(&mut f, activate, d(2026, 2, 1), None, None), Err(early));
        let late = LifecycleError::InFuture(d(2026, 12, 1));
        assert_eq!(go(&mut f, activate, d(2026, 12, 1), None, None), Err(late));
        assert_eq!(f, before, "nothing changed by a refusal");
        f.consent_date = None;
        assert_eq!(
            go(&mut f, activate, on, None, None),
            Err(LifecycleError::NeedsConsent)
        );
        f.assistant = None;
        assert_eq!(
            go(&mut f, activate, on, None, None),
            Err(LifecycleError::NoAssistant)
        );
        f.assistant = before.assistant;
        f.flags.court_obliged = true;
        go(&mut f, activate, on, None, None).expect("a court order replaces consent");
    }

    #[test]
    fn menus_offer_only_allowed_transitions() {
        assert_eq!(
            allowed(FamilyStatus::Referred),
            [Transition::Activate, Transition::Close]
        );
        assert_eq!(
            allowed(FamilyStatus::Monitoring),
            [Transition::Archive, Transition::Reopen]
        );
        assert_eq!(allowed(FamilyStatus::Archived), [Transition::Reopen]);
    }

    #[test]
    fn case_numbers_continue_the_year() {
        let existing = ["AR/2026/001", "AR/2026/014", "AR/2025/090", "inny"];
        assert_eq!(suggest_case_number(2026, existing), "AR/2026/015");
        assert_eq!(suggest_case_number(2027, existing), "AR/2027/001");
        assert_eq!(
            case_number_key(" ar/2026/001 "),
            case_number_key("AR/2026/001")
        );
    }

    #[test]
    fn documentation_names_members_by_first_name_as_a_word() {
        let member = Member {
            id: 2,
            family_id: 1,
            role: MemberRole::Child,
            first_name: "Łucja".into(),
            last_name: "Łęcka".into(),
            birth_date: None,
            pesel: None,
            foster: None,
            left_household: None,
        };
        let coop = |note: &str| Cooperation {
            id: 1,
            family_id: 1,
            date: d(2026, 4, 1),
            institution: crate::domain::InstitutionKind::School,
            institution_name: String::new(),
            person: String::new(),
            note: note.into(),
        };
        let docs = |notes: &[&str]| Documentation {
            cooperation: notes.iter().map(|n| coop(n)).collect(),
            ..Documentation::default()
        };
        let named = docs(&["Rozmowa o frekwencji LUCJI? Nie: lucja, 3 klasa."]);
        let unnamed = docs(&["Lucjan był obecny."]);
        assert!(named.names(&member));
        assert!(!unnamed.names(&member), "Lucjan is not Łucja");
        assert!(!docs(&[]).names(&member));
        assert_eq!(check_family_deletable(&referred(), &docs(&[])), Ok(()));
        assert_eq!(
            check_family_deletable(&referred(), &unnamed),
            Err(LifecycleError::HasDocumentation)
        );
    }
}
