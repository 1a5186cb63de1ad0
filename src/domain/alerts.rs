//! Statutory deadlines and the alerts derived from them; alerts are never stored.

use chrono::{Days, NaiveDate};
use serde::{Deserialize, Serialize};

use super::dates::add_months;
use super::model::{ActionStatus, CourtRequest, Family, FamilyStatus, Id, WorkPlan};

/// Days after a plan is drawn up by which it should be complete: every action with a
/// deadline and an expected effect, the social worker consulted, a foster child's help
/// plan coordinated. The alert shows as "soon" from the day the gap exists (with the
/// default 14-day warning window) and as overdue after these days, so a plan being
/// written is flagged at once but counts as late only after two weeks.
pub const PLAN_COMPLETION_DAYS: u64 = 14;

/// The windows that turn deadlines into alerts (from the configuration).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct AlertRules {
    /// Months between periodic assessments (statute: at most 6).
    pub assessment_months: u32,
    /// Days before a deadline when it starts to show as "soon".
    pub warning_days: u32,
    /// Days after the start of work by which a work plan should exist.
    pub plan_due_days: u32,
    /// Months of monitoring a closure plans by default (art. 15 ust. 1 pkt 16).
    pub monitoring_months: u32,
    /// Days an active family may go without a held visit.
    pub contact_days: u32,
    /// Days between check-ins with a family in monitoring after closure.
    pub checkin_days: u32,
}

impl Default for AlertRules {
    fn default() -> Self {
        AlertRules {
            assessment_months: 6,
            warning_days: 14,
            plan_due_days: 30,
            monitoring_months: 6,
            contact_days: 14,
            checkin_days: 30,
        }
    }
}

/// What a deadline is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum DeadlineKind {
    /// Periodic assessment of the family's situation (art. 15 ust. 1 pkt 15).
    Assessment,
    /// An active family has no work plan yet.
    WorkPlan,
    /// A court's request for an opinion (art. 15 ust. 1 pkt 17).
    CourtOpinion,
    /// The current plan has actions without a deadline or an expected effect (art. 15 ust. 3).
    PlanIncomplete,
    /// The current plan was not consulted with the social worker (art. 15 ust. 1 pkt 1).
    NoConsultation,
    /// The earliest deadline of a plan action that is neither done nor marked not done.
    ActionDeadline,
    /// A child is in foster care and the plan is not coordinated with the child's help
    /// plan (art. 15 ust. 1 pkt 2).
    NoChildPlanLink,
    /// A planned visit whose day has passed without an outcome (pkt 14).
    VisitOutcome,
    /// An active family has had no held visit for too long.
    NoContact,
    /// A family in monitoring after closure is due a check-in (art. 15 ust. 1 pkt 16).
    MonitoringCheckIn,
    /// The monitoring period has ended: the case is ready to archive.
    MonitoringEnded,
}

impl DeadlineKind {
    /// Every kind, in display order of equal due dates.
    pub const ALL: [DeadlineKind; 11] = [
        DeadlineKind::Assessment,
        DeadlineKind::WorkPlan,
        DeadlineKind::CourtOpinion,
        DeadlineKind::PlanIncomplete,
        DeadlineKind::NoConsultation,
        DeadlineKind::ActionDeadline,
        DeadlineKind::NoChildPlanLink,
        DeadlineKind::VisitOutcome,
        DeadlineKind::NoContact,
        DeadlineKind::MonitoringCheckIn,
        DeadlineKind::MonitoringEnded,
    ];
}

/// How urgent an alert is; the order is the display order (overdue first).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Severity {
    /// Past its date.
    Overdue,
    /// Due today.
    Today,
    /// Due within the warning window.
    Soon,
}

/// A dated obligation for one family, whether or not it is urgent yet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Deadline {
    /// What is due.
    pub kind: DeadlineKind,
    /// Family concerned.
    pub family_id: Id,
    /// Date due.
    pub due: NaiveDate,
    /// The record the deadline is about (the court request, the work plan), if any.
    pub record_id: Option<Id>,
}

/// A deadline that is overdue, due today or due soon.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Alert {
    /// The deadline.
    pub deadline: Deadline,
    /// How urgent it is.
    pub severity: Severity,
    /// Days from today to the due date (negative when overdue).
    pub days_left: i64,
}

/// What the rules need to know about a current work plan: a few numbers instead of
/// its texts, so that a register of 60 000 families keeps one small summary each.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanFacts {
    /// The plan's record id.
    pub id: Id,
    /// The plan's version (the highest wins if two claim to be current).
    pub version: u32,
    /// Date the plan was drawn up.
    pub drawn_up: NaiveDate,
    /// Actions without a deadline or without an expected effect.
    pub incomplete_actions: u32,
    /// The earliest deadline of an action that is planned or under way.
    pub next_action_deadline: Option<NaiveDate>,
    /// True if the social worker was consulted.
    pub consulted: bool,
    /// True if the plan is coordinated with a foster child's help plan.
    pub child_plan_linked: bool,
}

impl PlanFacts {
    /// The summary of a plan.
    pub fn of(plan: &WorkPlan) -> PlanFacts {
        let actions = plan.goals.iter().flat_map(|g| &g.actions);
        let incomplete = actions
            .clone()
            .filter(|a| a.deadline.is_none() || a.expected_effect.trim().is_empty())
            .count();
        PlanFacts {
            id: plan.id,
            version: plan.version,
            drawn_up: plan.drawn_up,
            incomplete_actions: u32::try_from(incomplete).unwrap_or(u32::MAX),
            next_action_deadline: actions
                .filter(|a| matches!(a.status, ActionStatus::Planned | ActionStatus::InProgress))
                .filter_map(|a| a.deadline)
                .min(),
            consulted: plan.consultation.is_some(),
            child_plan_linked: plan.child_plan_link.is_some(),
        }
    }
}

/// What the rules read of a family's own record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CaseFacts {
    /// The family's id.
    pub id: Id,
    /// Where the case stands.
    pub status: FamilyStatus,
    /// Date the work started.
    pub work_started: Option<NaiveDate>,
    /// Date the work ended, once closed.
    pub closed: Option<NaiveDate>,
    /// Last day of monitoring after closure, if monitoring was planned.
    pub monitoring_until: Option<NaiveDate>,
}

impl CaseFacts {
    /// What the rules read of `family`.
    pub fn of(family: &Family) -> CaseFacts {
        CaseFacts {
            id: family.id,
            status: family.status,
            work_started: family.work_started,
            closed: family.closure.as_ref().map(|c| c.date),
            monitoring_until: family.closure.as_ref().and_then(|c| c.monitoring_until),
        }
    }
}

/// A court's request for an opinion not yet delivered: what the rules read of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CourtDue {
    /// The request's record id.
    pub id: Id,
    /// Date the opinion is due.
    pub due: NaiveDate,
}

impl CourtDue {
    /// The requests of `requests` whose opinion is not delivered, in their order.
    pub fn open(requests: &[CourtRequest]) -> Vec<CourtDue> {
        requests
            .iter()
            .filter(|r| r.delivered.is_none())
            .map(|r| CourtDue {
                id: r.id,
                due: r.due,
            })
            .collect()
    }
}

/// What the rules need to know about one family.
#[derive(Debug, Clone, Copy)]
pub struct FamilyFacts<'a> {
    /// The family's own record.
    pub case: CaseFacts,
    /// Date of the newest periodic assessment.
    pub last_assessment: Option<NaiveDate>,
    /// The current work plan, summarised; `None` if the family has none.
    pub plan: Option<PlanFacts>,
    /// Start of the earliest foster placement of a child still in care today, if any.
    pub foster_since: Option<NaiveDate>,
    /// The family's court requests whose opinion is not delivered.
    pub court_dues: &'a [CourtDue],
    /// The earliest planned visit whose day has passed without an outcome: id and date.
    pub visit_without_outcome: Option<(Id, NaiveDate)>,
    /// Date of the newest held visit (a visit is recorded as held only once its day has come).
    pub last_held_visit: Option<NaiveDate>,
}

/// Date of the next periodic assessment: the later of the last assessment and the start
/// of work (a reopened case starts a new clock), plus the interval; `None` while work
/// has not started or after it ended.
pub fn next_assessment(facts: &FamilyFacts, rules: &AlertRules) -> Option<NaiveDate> {
    if facts.case.status != FamilyStatus::Active {
        return None;
    }
    // The later of the two: an assessment from before a reopened case's new start of
    // work belongs to the earlier period and does not move the new clock.
    let from = facts.last_assessment.max(facts.case.work_started)?;
    Some(add_months(from, rules.assessment_months))
}

/// Date by which a work plan is due: the start of work plus the configured days, for an
/// active family that has no current plan.
pub fn work_plan_due(facts: &FamilyFacts, rules: &AlertRules) -> Option<NaiveDate> {
    if facts.case.status != FamilyStatus::Active || facts.plan.is_some() {
        return None;
    }
    let start = facts.case.work_started?;
    Some(plus_days(start, rules.plan_due_days))
}

/// Date by which an active family should have been met again: the configured days after
/// the newest held visit, counted from the start of work at the earliest (a visit held
/// before work started, or before the case was reopened, does not move the clock back).
pub fn next_contact(facts: &FamilyFacts, rules: &AlertRules) -> Option<NaiveDate> {
    if facts.case.status != FamilyStatus::Active {
        return None;
    }
    let from = match (facts.last_held_visit, facts.case.work_started) {
        (Some(held), Some(started)) => held.max(started),
        (held, started) => held.or(started)?,
    };
    Some(plus_days(from, rules.contact_days))
}

/// The deadlines of a family in monitoring after closure (art. 15 ust. 1 pkt 16): the
/// next check-in, due the configured days after the later of the closure and the newest
/// held visit, while it falls on or before the last day of monitoring; and the end of
/// monitoring, due the day after that last day, when the case is ready to archive.
fn monitoring_deadlines(facts: &FamilyFacts, rules: &AlertRules) -> Vec<Deadline> {
    let case = facts.case;
    let (Some(closed), Some(until)) = (case.closed, case.monitoring_until) else {
        return Vec::new();
    };
    if case.status != FamilyStatus::Monitoring {
        return Vec::new();
    }
    let deadline = |kind, due| Deadline {
        kind,
        family_id: case.id,
        due,
        record_id: None,
    };
    let mut out = Vec::new();
    let from = facts
        .last_held_visit
        .map_or(closed, |held| held.max(closed));
    let check_in = plus_days(from, rules.checkin_days);
    if check_in <= until {
        out.push(deadline(DeadlineKind::MonitoringCheckIn, check_in));
    }
    out.push(deadline(
        DeadlineKind::MonitoringEnded,
        until.succ_opt().unwrap_or(NaiveDate::MAX),
    ));
    out
}

/// `date` plus `days`, saturating at the end of the calendar.
fn plus_days(date: NaiveDate, days: u32) -> NaiveDate {
    date.checked_add_days(Days::new(days.into()))
        .unwrap_or(NaiveDate::MAX)
}

/// Every open deadline of a family, soonest first.
pub fn deadlines(facts: &FamilyFacts, rules: &AlertRules) -> Vec<Deadline> {
    let family_id = facts.case.id;
    let mut out = Vec::new();
    if let Some(due) = next_assessment(facts, rules) {
        out.push(Deadline {
            kind: DeadlineKind::Assessment,
            family_id,
            due,
            record_id: None,
        });
    }
    if let Some(due) = work_plan_due(facts, rules) {
        out.push(Deadline {
            kind: DeadlineKind::WorkPlan,
            family_id,
            due,
            record_id: None,
        });
    }
    if let Some(due) = next_contact(facts, rules) {
        out.push(Deadline {
            kind: DeadlineKind::NoContact,
            family_id,
            due,
            record_id: None,
        });
    }
    out.extend(monitoring_deadlines(facts, rules));
    if facts.case.status == FamilyStatus::Active
        && let Some(plan) = facts.plan
    {
        out.extend(plan_deadlines(family_id, &plan, facts.foster_since));
    }
    if let Some((visit, day)) = facts.visit_without_outcome {
        out.push(Deadline {
            kind: DeadlineKind::VisitOutcome,
            family_id,
            due: day,
            record_id: Some(visit),
        });
    }
    for request in facts.court_dues {
        out.push(Deadline {
            kind: DeadlineKind::CourtOpinion,
            family_id,
            due: request.due,
            record_id: Some(request.id),
        });
    }
    out.sort_by_key(|d| (d.due, d.kind));
    out
}

/// The soonest deadline for the register's "next due" column. The recurring contact
/// clocks (no contact, monitoring check-in) are left out: they move with every visit and
/// would hide the statutory deadlines behind them; their alerts still show.
pub fn next_deadline(facts: &FamilyFacts, rules: &AlertRules) -> Option<Deadline> {
    deadlines(facts, rules).into_iter().find(|d| {
        !matches!(
            d.kind,
            DeadlineKind::NoContact | DeadlineKind::MonitoringCheckIn
        )
    })
}

/// The completeness deadlines of an active family's current plan.
/// A missing consultation, actions without a deadline or expected effect, and a missing
/// coordination while a child is in foster care are due [`PLAN_COMPLETION_DAYS`] after
/// the plan was drawn up (for the coordination: after the later of that and the
/// placement). One deadline stands for all open actions: the earliest of their deadlines.
fn plan_deadlines(
    family_id: Id,
    plan: &PlanFacts,
    foster_since: Option<NaiveDate>,
) -> Vec<Deadline> {
    let grace = |from: NaiveDate| {
        from.checked_add_days(Days::new(PLAN_COMPLETION_DAYS))
            .unwrap_or(NaiveDate::MAX)
    };
    let deadline = |kind, due| Deadline {
        kind,
        family_id,
        due,
        record_id: Some(plan.id),
    };
    let mut out = Vec::new();
    if plan.incomplete_actions > 0 {
        out.push(deadline(DeadlineKind::PlanIncomplete, grace(plan.drawn_up)));
    }
    if !plan.consulted {
        out.push(deadline(DeadlineKind::NoConsultation, grace(plan.drawn_up)));
    }
    if let Some(due) = plan.next_action_deadline {
        out.push(deadline(DeadlineKind::ActionDeadline, due));
    }
    if let Some(since) = foster_since
        && !plan.child_plan_linked
    {
        out.push(deadline(
            DeadlineKind::NoChildPlanLink,
            grace(since.max(plan.drawn_up)),
        ));
    }
    out
}

/// How urgent a due date is on `today`; `None` while it is outside the warning window.
pub fn severity(due: NaiveDate, today: NaiveDate, rules: &AlertRules) -> Option<Severity> {
    severity_within(due, today, rules.warning_days)
}

/// Days before a deadline of `kind` when it shows as "soon". A recurring contact (no
/// contact, monitoring check-in) warns at most a quarter of its interval ahead, so that
/// a family seen on time does not show as "soon" for most of the interval.
pub fn warning_days(kind: DeadlineKind, rules: &AlertRules) -> u32 {
    match kind {
        DeadlineKind::NoContact => rules.warning_days.min(rules.contact_days / 4),
        DeadlineKind::MonitoringCheckIn => rules.warning_days.min(rules.checkin_days / 4),
        _ => rules.warning_days,
    }
}

/// How urgent a due date is on `today` with a warning window of `window` days.
fn severity_within(due: NaiveDate, today: NaiveDate, window: u32) -> Option<Severity> {
    let days_left = (due - today).num_days();
    match days_left {
        d if d < 0 => Some(Severity::Overdue),
        0 => Some(Severity::Today),
        d if d <= i64::from(window) => Some(Severity::Soon),
        _ => None,
    }
}

/// The alerts of one family on `today`.
pub fn family_alerts(facts: &FamilyFacts, rules: &AlertRules, today: NaiveDate) -> Vec<Alert> {
    deadlines(facts, rules)
        .into_iter()
        .filter_map(|deadline| {
            let window = warning_days(deadline.kind, rules);
            let severity = severity_within(deadline.due, today, window)?;
            Some(Alert {
                days_left: (deadline.due - today).num_days(),
                deadline,
                severity,
            })
        })
        .collect()
}

/// Sorts alerts for display: overdue first, then by due date, then by kind.
pub fn sort_alerts(alerts: &mut [Alert]) {
    alerts.sort_by_key(sort_key);
}

/// What alerts are ordered by: severity (overdue first), due date, kind, family.
pub fn sort_key(a: &Alert) -> (Severity, NaiveDate, DeadlineKind, Id) {
    (
        a.severity,
        a.deadline.due,
        a.deadline.kind,
        a.deadline.family_id,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::model::{FamilyFlags, SocialWorkerRef};

    fn d(y: i32, m: u32, dd: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, dd).unwrap()
    }

    fn family(status: FamilyStatus, started: Option<NaiveDate>) -> Family {
        Family {
            id: 7,
            case_number: "AR/2026/007".into(),
            name: "Testowa".into(),
            address: String::new(),
            phones: vec![],
            assistant: Some(1),
            social_worker: SocialWorkerRef::default(),
            referral_date: d(2026, 1, 2),
            consent_date: started,
            work_started: started,
            status,
            flags: FamilyFlags::default(),
            closure: None,
            notes: String::new(),
            history: Vec::new(),
        }
    }

    fn facts<'a>(
        f: &'a Family,
        last: Option<NaiveDate>,
        has_plan: bool,
        cr: &'a [CourtDue],
    ) -> FamilyFacts<'a> {
        FamilyFacts {
            case: CaseFacts::of(f),
            last_assessment: last,
            plan: has_plan.then_some(COMPLETE_PLAN),
            foster_since: None,
            court_dues: cr,
            visit_without_outcome: None,
            // Seen the day before the tests' usual today: the contact clock stays quiet.
            last_held_visit: Some(d(2026, 11, 21)),
        }
    }

    /// A current plan with nothing missing and no open action.
    const COMPLETE_PLAN: PlanFacts = PlanFacts {
        id: 40,
        version: 1,
        drawn_up: NaiveDate::from_ymd_opt(2026, 5, 4).unwrap(),
        incomplete_actions: 0,
        next_action_deadline: None,
        consulted: true,
        child_plan_linked: false,
    };

    const RULES: AlertRules = AlertRules {
        assessment_months: 6,
        warning_days: 14,
        plan_due_days: 30,
        monitoring_months: 6,
        contact_days: 14,
        checkin_days: 30,
    };

    #[test]
    fn assessment_clock_runs_from_last_assessment_else_start_of_work() {
        let f = family(FamilyStatus::Active, Some(d(2026, 3, 10)));
        assert_eq!(
            next_assessment(&facts(&f, None, true, &[]), &RULES),
            Some(d(2026, 9, 10))
        );
        assert_eq!(
            next_assessment(&facts(&f, Some(d(2026, 8, 31)), true, &[]), &RULES),
            Some(d(2027, 2, 28))
        );
        let closed = family(FamilyStatus::Monitoring, Some(d(2026, 3, 10)));
        assert_eq!(
            next_assessment(&facts(&closed, None, true, &[]), &RULES),
            None
        );
    }

    #[test]
    fn severity_follows_the_warning_window() {
        let today = d(2026, 11, 22);
        assert_eq!(
            severity(d(2026, 11, 21), today, &RULES),
            Some(Severity::Overdue)
        );
        assert_eq!(severity(today, today, &RULES), Some(Severity::Today));
        assert_eq!(
            severity(d(2026, 12, 6), today, &RULES),
            Some(Severity::Soon)
        );
        assert_eq!(severity(d(2026, 12, 7), today, &RULES), None);
    }

    #[test]
    fn overdue_assessment_and_missing_plan_raise_alerts() {
        let today = d(2026, 11, 22);
        let f = family(FamilyStatus::Active, Some(d(2026, 4, 1)));
        let alerts = family_alerts(&facts(&f, None, false, &[]), &RULES, today);
        let kinds: Vec<_> = alerts
            .iter()
            .map(|a| (a.deadline.kind, a.severity))
            .collect();
        assert_eq!(
            kinds,
            vec![
                (DeadlineKind::WorkPlan, Severity::Overdue),
                (DeadlineKind::Assessment, Severity::Overdue)
            ]
        );
        assert_eq!(alerts[1].days_left, -52);
        // With a plan and a recent assessment nothing is due.
        assert!(
            family_alerts(&facts(&f, Some(d(2026, 10, 1)), true, &[]), &RULES, today).is_empty()
        );
    }

    #[test]
    fn court_opinion_alerts_until_delivered() {
        let today = d(2026, 11, 22);
        let f = family(FamilyStatus::Active, Some(d(2026, 10, 1)));
        let mut req = CourtRequest {
            id: 3,
            family_id: 7,
            court: "Sąd Rejonowy".into(),
            signature: "III Nsm 1/26".into(),
            received: d(2026, 11, 1),
            due: d(2026, 11, 30),
            delivered: None,
        };
        let alerts = family_alerts(
            &facts(&f, None, true, &CourtDue::open(std::slice::from_ref(&req))),
            &RULES,
            today,
        );
        assert_eq!(alerts.len(), 1);
        assert_eq!(alerts[0].deadline.record_id, Some(3));
        assert_eq!(alerts[0].severity, Severity::Soon);
        req.delivered = Some(d(2026, 11, 20));
        assert!(
            family_alerts(
                &facts(&f, None, true, &CourtDue::open(std::slice::from_ref(&req))),
                &RULES,
                today
            )
            .is_empty()
        );
    }

    fn plan_kinds(
        status: FamilyStatus,
        plan: PlanFacts,
        foster_since: Option<NaiveDate>,
        today: NaiveDate,
    ) -> Vec<(DeadlineKind, NaiveDate, Severity)> {
        let f = family(status, Some(d(2026, 5, 1)));
        let facts = FamilyFacts {
            case: CaseFacts::of(&f),
            // A recent assessment keeps its clock out of these tests.
            last_assessment: Some(today),
            plan: Some(plan),
            foster_since,
            court_dues: &[],
            visit_without_outcome: None,
            // A visit today keeps the contact clock out of these tests.
            last_held_visit: Some(today),
        };
        family_alerts(&facts, &RULES, today)
            .into_iter()
            .map(|a| (a.deadline.kind, a.deadline.due, a.severity))
            .collect()
    }

    #[test]
    fn a_complete_plan_raises_nothing() {
        let today = d(2026, 11, 22);
        assert!(plan_kinds(FamilyStatus::Active, COMPLETE_PLAN, None, today).is_empty());
    }

    #[test]
    fn actions_without_a_deadline_or_effect_are_due_two_weeks_after_drawing_up() {
        let plan = PlanFacts {
            incomplete_actions: 2,
            drawn_up: d(2026, 11, 20),
            ..COMPLETE_PLAN
        };
        let due = d(2026, 12, 4);
        // Flagged at once as soon, overdue once the two weeks have passed.
        assert_eq!(
            plan_kinds(FamilyStatus::Active, plan, None, d(2026, 11, 22)),
            vec![(DeadlineKind::PlanIncomplete, due, Severity::Soon)]
        );
        assert_eq!(
            plan_kinds(FamilyStatus::Active, plan, None, d(2026, 12, 5)),
            vec![(DeadlineKind::PlanIncomplete, due, Severity::Overdue)]
        );
    }

    #[test]
    fn a_plan_without_a_consultation_is_an_alert() {
        let plan = PlanFacts {
            consulted: false,
            ..COMPLETE_PLAN
        };
        assert_eq!(
            plan_kinds(FamilyStatus::Active, plan, None, d(2026, 11, 22)),
            vec![(
                DeadlineKind::NoConsultation,
                d(2026, 5, 18),
                Severity::Overdue
            )]
        );
    }

    #[test]
    fn an_open_action_alerts_by_its_deadline() {
        let today = d(2026, 11, 22);
        let plan = |deadline| PlanFacts {
            next_action_deadline: Some(deadline),
            ..COMPLETE_PLAN
        };
        assert_eq!(
            plan_kinds(FamilyStatus::Active, plan(d(2026, 11, 21)), None, today),
            vec![(
                DeadlineKind::ActionDeadline,
                d(2026, 11, 21),
                Severity::Overdue
            )]
        );
        assert_eq!(
            plan_kinds(FamilyStatus::Active, plan(today), None, today),
            vec![(DeadlineKind::ActionDeadline, today, Severity::Today)]
        );
        assert_eq!(
            plan_kinds(FamilyStatus::Active, plan(d(2026, 12, 6)), None, today),
            vec![(DeadlineKind::ActionDeadline, d(2026, 12, 6), Severity::Soon)]
        );
        assert!(plan_kinds(FamilyStatus::Active, plan(d(2026, 12, 7)), None, today).is_empty());
    }

    #[test]
    fn a_foster_child_without_coordination_is_an_alert_from_the_later_of_plan_and_placement() {
        let today = d(2026, 11, 22);
        // Placed before the plan: due two weeks after the plan.
        assert_eq!(
            plan_kinds(
                FamilyStatus::Active,
                COMPLETE_PLAN,
                Some(d(2026, 1, 1)),
                today
            ),
            vec![(
                DeadlineKind::NoChildPlanLink,
                d(2026, 5, 18),
                Severity::Overdue
            )]
        );
        // Placed after the plan: due two weeks after the placement.
        assert_eq!(
            plan_kinds(
                FamilyStatus::Active,
                COMPLETE_PLAN,
                Some(d(2026, 11, 15)),
                today
            ),
            vec![(
                DeadlineKind::NoChildPlanLink,
                d(2026, 11, 29),
                Severity::Soon
            )]
        );
        let linked = PlanFacts {
            child_plan_linked: true,
            ..COMPLETE_PLAN
        };
        assert!(plan_kinds(FamilyStatus::Active, linked, Some(d(2026, 1, 1)), today).is_empty());
    }

    #[test]
    fn plan_rules_apply_only_to_active_families() {
        let gaps = PlanFacts {
            incomplete_actions: 1,
            consulted: false,
            next_action_deadline: Some(d(2026, 6, 1)),
            ..COMPLETE_PLAN
        };
        let today = d(2026, 11, 22);
        let all = plan_kinds(FamilyStatus::Active, gaps, Some(d(2026, 1, 1)), today);
        assert_eq!(all.len(), 4, "{all:?}");
        for status in FamilyStatus::ALL {
            if status != FamilyStatus::Active {
                assert!(
                    plan_kinds(status, gaps, Some(d(2026, 1, 1)), today).is_empty(),
                    "{status:?}"
                );
            }
        }
    }

    #[test]
    fn the_plan_summary_counts_gaps_and_finds_the_earliest_open_deadline() {
        use crate::domain::model::{Consultation, Goal, GoalArea, PlanAction};
        let action = |deadline, effect: &str, status| PlanAction {
            what: "x".into(),
            who: "y".into(),
            deadline,
            expected_effect: effect.into(),
            status,
        };
        let plan = WorkPlan {
            id: 9,
            family_id: 7,
            version: 2,
            drawn_up: d(2026, 3, 1),
            period_from: d(2026, 3, 1),
            period_to: d(2027, 3, 1),
            strengths: String::new(),
            problems: String::new(),
            goals: vec![Goal {
                area: GoalArea::Health,
                text: "cel".into(),
                actions: vec![
                    // Done or not done: never an open deadline, whatever its date.
                    action(Some(d(2026, 4, 1)), "e", ActionStatus::Done(d(2026, 4, 1))),
                    action(Some(d(2026, 4, 2)), "e", ActionStatus::NotDone("r".into())),
                    action(Some(d(2026, 9, 1)), "e", ActionStatus::InProgress),
                    action(Some(d(2026, 8, 1)), "  ", ActionStatus::Planned),
                    action(None, "e", ActionStatus::Planned),
                ],
            }],
            consultation: Some(Consultation {
                social_worker: "PS".into(),
                date: d(2026, 3, 1),
            }),
            child_plan_link: None,
            signed_family: None,
            signed_assistant: None,
            superseded: None,
        };
        assert_eq!(
            PlanFacts::of(&plan),
            PlanFacts {
                id: 9,
                version: 2,
                drawn_up: d(2026, 3, 1),
                incomplete_actions: 2,
                next_action_deadline: Some(d(2026, 8, 1)),
                consulted: true,
                child_plan_linked: false,
            }
        );
    }

    #[test]
    fn the_next_deadline_of_the_register_skips_the_contact_clocks() {
        let f = family(FamilyStatus::Active, Some(d(2026, 3, 10)));
        let mut seen = facts(&f, Some(d(2026, 9, 1)), true, &[]);
        seen.last_held_visit = Some(d(2026, 11, 20));
        let all = deadlines(&seen, &RULES);
        assert_eq!(all[0].kind, DeadlineKind::NoContact, "{all:?}");
        let next = next_deadline(&seen, &RULES).unwrap();
        assert_eq!(
            (next.kind, next.due),
            (DeadlineKind::Assessment, d(2027, 3, 1))
        );

        let mut monitored = family(FamilyStatus::Monitoring, Some(d(2025, 3, 10)));
        monitored.closure = Some(crate::domain::model::Closure {
            date: d(2026, 10, 1),
            reason: crate::domain::model::ClosureReason::GoalsAchieved,
            summary: String::new(),
            monitoring_until: Some(d(2027, 4, 1)),
        });
        let m = facts(&monitored, None, false, &[]);
        assert_eq!(
            deadlines(&m, &RULES)[0].kind,
            DeadlineKind::MonitoringCheckIn
        );
        let next = next_deadline(&m, &RULES).unwrap();
        assert_eq!(
            (next.kind, next.due),
            (DeadlineKind::MonitoringEnded, d(2027, 4, 2))
        );
    }

    #[test]
    fn sorting_puts_overdue_first_then_by_date() {
        let mk = |sev, due| Alert {
            deadline: Deadline {
                kind: DeadlineKind::Assessment,
                family_id: 1,
                due,
                record_id: None,
            },
            severity: sev,
            days_left: 0,
        };
        let mut v = vec![
            mk(Severity::Soon, d(2026, 11, 30)),
            mk(Severity::Overdue, d(2026, 11, 1)),
            mk(Severity::Today, d(2026, 11, 22)),
            mk(Severity::Overdue, d(2026, 10, 1)),
        ];
        sort_alerts(&mut v);
        let order: Vec<_> = v.iter().map(|a| a.deadline.due).collect();
        assert_eq!(
            order,
            vec![
                d(2026, 10, 1),
                d(2026, 11, 1),
                d(2026, 11, 22),
                d(2026, 11, 30)
            ]
        );
    }
}

/// Every per-family rule at its boundaries: one row per family situation and day.
#[cfg(test)]
mod boundaries {
    use super::*;
    use crate::domain::model::{Closure, ClosureReason, FamilyFlags, SocialWorkerRef};
    use DeadlineKind::*;
    use Severity::{Overdue, Soon, Today};

    fn d(y: i32, m: u32, dd: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, dd).unwrap()
    }

    /// The usual today of the table (a Sunday in November).
    const T: NaiveDate = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();

    /// `T` moved by `days` (negative: before).
    fn t(days: i64) -> NaiveDate {
        T + chrono::TimeDelta::days(days)
    }

    /// Everything the rules read about one family, owned so that rows can hold it.
    #[derive(Debug, Clone, Copy)]
    struct Situation {
        status: FamilyStatus,
        started: Option<NaiveDate>,
        /// Closure date and last day of monitoring.
        closure: Option<(NaiveDate, Option<NaiveDate>)>,
        assessed: Option<NaiveDate>,
        plan: Option<PlanFacts>,
        foster_since: Option<NaiveDate>,
        /// A court request: due date and delivery date.
        court: Option<(NaiveDate, Option<NaiveDate>)>,
        unrecorded_visit: Option<NaiveDate>,
        held: Option<NaiveDate>,
    }

    /// An active family whose work started on `started`, with nothing else recorded.
    fn active(started: NaiveDate) -> Situation {
        Situation {
            status: FamilyStatus::Active,
            started: Some(started),
            closure: None,
            assessed: None,
            plan: None,
            foster_since: None,
            court: None,
            unrecorded_visit: None,
            held: None,
        }
    }

    /// A family monitored after a closure on `closed`, until `until` (inclusive).
    fn monitored(closed: NaiveDate, until: Option<NaiveDate>) -> Situation {
        Situation {
            status: FamilyStatus::Monitoring,
            closure: Some((closed, until)),
            ..active(d(2025, 1, 15))
        }
    }

    impl Situation {
        fn status(self, status: FamilyStatus) -> Self {
            Situation { status, ..self }
        }
        fn not_started(self) -> Self {
            Situation {
                started: None,
                ..self
            }
        }
        fn assessed(self, on: NaiveDate) -> Self {
            Situation {
                assessed: Some(on),
                ..self
            }
        }
        fn plan(self, plan: PlanFacts) -> Self {
            Situation {
                plan: Some(plan),
                ..self
            }
        }
        fn foster_since(self, since: NaiveDate) -> Self {
            Situation {
                foster_since: Some(since),
                ..self
            }
        }
        fn court(self, due: NaiveDate, delivered: Option<NaiveDate>) -> Self {
            Situation {
                court: Some((due, delivered)),
                ..self
            }
        }
        fn unrecorded_visit(self, on: NaiveDate) -> Self {
            Situation {
                unrecorded_visit: Some(on),
                ..self
            }
        }
        fn held(self, on: NaiveDate) -> Self {
            Situation {
                held: Some(on),
                ..self
            }
        }

        /// The alerts of this family on `today` with the default rules.
        fn alerts(&self, today: NaiveDate) -> Vec<Alert> {
            let family = Family {
                id: 7,
                case_number: "AR/2026/007".into(),
                name: "Graniczna".into(),
                address: String::new(),
                phones: vec![],
                assistant: Some(1),
                social_worker: SocialWorkerRef::default(),
                referral_date: d(2024, 1, 2),
                consent_date: self.started,
                work_started: self.started,
                status: self.status,
                flags: FamilyFlags::default(),
                closure: self.closure.map(|(date, monitoring_until)| Closure {
                    date,
                    reason: ClosureReason::GoalsAchieved,
                    summary: String::new(),
                    monitoring_until,
                }),
                notes: String::new(),
                history: Vec::new(),
            };
            let court: Vec<CourtRequest> = self
                .court
                .map(|(due, delivered)| CourtRequest {
                    id: 3,
                    family_id: 7,
                    court: "Sąd Rejonowy".into(),
                    signature: "III Nsm 1/26".into(),
                    received: d(2024, 1, 2),
                    due,
                    delivered,
                })
                .into_iter()
                .collect();
            let facts = FamilyFacts {
                case: CaseFacts::of(&family),
                last_assessment: self.assessed,
                plan: self.plan,
                foster_since: self.foster_since,
                court_dues: &CourtDue::open(&court),
                visit_without_outcome: self.unrecorded_visit.map(|day| (5, day)),
                last_held_visit: self.held,
            };
            family_alerts(&facts, &AlertRules::default(), today)
        }
    }

    /// A plan drawn up on `drawn_up` with nothing missing and no open action.
    fn complete(drawn_up: NaiveDate) -> PlanFacts {
        PlanFacts {
            id: 40,
            version: 1,
            drawn_up,
            incomplete_actions: 0,
            next_action_deadline: None,
            consulted: true,
            child_plan_linked: false,
        }
    }

    fn incomplete(drawn_up: NaiveDate) -> PlanFacts {
        PlanFacts {
            incomplete_actions: 2,
            ..complete(drawn_up)
        }
    }

    fn unconsulted(drawn_up: NaiveDate) -> PlanFacts {
        PlanFacts {
            consulted: false,
            ..complete(drawn_up)
        }
    }

    fn action_due(deadline: NaiveDate) -> PlanFacts {
        PlanFacts {
            next_action_deadline: Some(deadline),
            ..complete(d(2026, 5, 4))
        }
    }

    fn linked(drawn_up: NaiveDate) -> PlanFacts {
        PlanFacts {
            child_plan_linked: true,
            ..complete(drawn_up)
        }
    }

    /// Default windows: "soon" 14 days ahead; 3 for no contact (a quarter of 14 days),
    /// 7 for a monitoring check-in (a quarter of 30 days).
    #[rustfmt::skip]
    fn table() -> Vec<(&'static str, DeadlineKind, Situation, NaiveDate, Option<Severity>)> {
        use FamilyStatus::{Archived, Closed, Referred, Suspended};
        vec![
            // Assessment: (last assessment, else start of work) + 6 months.
            ("assessment due in 15 days: outside the window", Assessment, active(d(2025, 1, 10)).assessed(d(2026, 6, 7)), T, None),
            ("assessment due in 14 days: first day of the window", Assessment, active(d(2025, 1, 10)).assessed(d(2026, 6, 6)), T, Some(Soon)),
            ("assessment due tomorrow", Assessment, active(d(2025, 1, 10)).assessed(d(2026, 5, 23)), T, Some(Soon)),
            ("assessment due today", Assessment, active(d(2025, 1, 10)).assessed(d(2026, 5, 22)), T, Some(Today)),
            ("assessment due yesterday", Assessment, active(d(2025, 1, 10)).assessed(d(2026, 5, 21)), T, Some(Overdue)),
            ("no assessment yet: six months from the start of work, today", Assessment, active(d(2026, 5, 22)), T, Some(Today)),
            ("no assessment yet: six months from the start of work, yesterday", Assessment, active(d(2026, 5, 21)), T, Some(Overdue)),
            ("31.08 + 6 months = 28.02: the day before", Assessment, active(d(2026, 8, 31)), d(2027, 2, 27), Some(Soon)),
            ("31.08 + 6 months = 28.02: on the day", Assessment, active(d(2026, 8, 31)), d(2027, 2, 28), Some(Today)),
            ("31.08 + 6 months = 28.02: on 1.03 it is overdue", Assessment, active(d(2026, 8, 31)), d(2027, 3, 1), Some(Overdue)),
            ("31.08.2027 + 6 months = 29.02.2028 (leap year): the day before", Assessment, active(d(2025, 1, 10)).assessed(d(2027, 8, 31)), d(2028, 2, 28), Some(Soon)),
            ("31.08.2027 + 6 months = 29.02.2028 (leap year): on the day", Assessment, active(d(2025, 1, 10)).assessed(d(2027, 8, 31)), d(2028, 2, 29), Some(Today)),
            ("31.08.2027 + 6 months = 29.02.2028 (leap year): on 1.03", Assessment, active(d(2025, 1, 10)).assessed(d(2027, 8, 31)), d(2028, 3, 1), Some(Overdue)),
            ("assessed on 29.02.2028: due 29.08.2028", Assessment, active(d(2025, 1, 10)).assessed(d(2028, 2, 29)), d(2028, 8, 29), Some(Today)),
            ("year end: 1.07 + 6 months = 1.01, 14 days before", Assessment, active(d(2025, 1, 10)).assessed(d(2026, 7, 1)), d(2026, 12, 18), Some(Soon)),
            ("year end: 1.07 + 6 months = 1.01, 15 days before", Assessment, active(d(2025, 1, 10)).assessed(d(2026, 7, 1)), d(2026, 12, 17), None),
            ("reopened 1.10.2026 after an assessment of 10.01.2026: due 1.04.2027, quiet now", Assessment, active(d(2026, 10, 1)).assessed(d(2026, 1, 10)), T, None),
            ("reopened 1.10.2026 after an assessment of 10.01.2026: soon on 18.03.2027", Assessment, active(d(2026, 10, 1)).assessed(d(2026, 1, 10)), d(2027, 3, 18), Some(Soon)),
            ("year end: due 1.01, on 31.12", Assessment, active(d(2025, 1, 10)).assessed(d(2026, 7, 1)), d(2026, 12, 31), Some(Soon)),
            ("year end: due 1.01, on the day", Assessment, active(d(2025, 1, 10)).assessed(d(2026, 7, 1)), d(2027, 1, 1), Some(Today)),
            ("year end: due 31.12, on 1.01", Assessment, active(d(2025, 1, 10)).assessed(d(2026, 6, 30)), d(2027, 1, 1), Some(Overdue)),
            ("active without a start of work or an assessment: no clock", Assessment, active(T).not_started(), T, None),
            ("suspended: no assessment clock", Assessment, active(d(2025, 1, 10)).status(Suspended), T, None),
            ("monitoring: no assessment clock", Assessment, monitored(d(2026, 10, 1), Some(d(2027, 4, 1))), T, None),
            // Work plan: start of work + 30 days, while an active family has no plan.
            ("plan due in 15 days: outside the window", WorkPlan, active(d(2026, 11, 7)), T, None),
            ("plan due in 14 days: first day of the window", WorkPlan, active(d(2026, 11, 6)), T, Some(Soon)),
            ("plan due tomorrow", WorkPlan, active(d(2026, 10, 24)), T, Some(Soon)),
            ("plan due today", WorkPlan, active(d(2026, 10, 23)), T, Some(Today)),
            ("plan due yesterday", WorkPlan, active(d(2026, 10, 22)), T, Some(Overdue)),
            ("a plan exists: nothing due", WorkPlan, active(d(2026, 10, 22)).plan(complete(T)), T, None),
            ("referred, work not started: no plan due", WorkPlan, active(d(2026, 10, 22)).status(Referred), T, None),
            ("30.01.2027 + 30 days = 1.03.2027", WorkPlan, active(d(2027, 1, 30)), d(2027, 3, 1), Some(Today)),
            ("30.01.2028 + 30 days = 29.02.2028 (leap year)", WorkPlan, active(d(2028, 1, 30)), d(2028, 2, 29), Some(Today)),
            ("year end: 2.12 + 30 days = 1.01, on 31.12", WorkPlan, active(d(2026, 12, 2)), d(2026, 12, 31), Some(Soon)),
            ("year end: 2.12 + 30 days = 1.01, on the day", WorkPlan, active(d(2026, 12, 2)), d(2027, 1, 1), Some(Today)),
            ("year end: 2.12 + 30 days = 1.01, on 2.01", WorkPlan, active(d(2026, 12, 2)), d(2027, 1, 2), Some(Overdue)),
            // Court opinion: the request's due date, until delivered.
            ("opinion due in 15 days", CourtOpinion, active(d(2025, 1, 10)).court(t(15), None), T, None),
            ("opinion due in 14 days", CourtOpinion, active(d(2025, 1, 10)).court(t(14), None), T, Some(Soon)),
            ("opinion due tomorrow", CourtOpinion, active(d(2025, 1, 10)).court(t(1), None), T, Some(Soon)),
            ("opinion due today", CourtOpinion, active(d(2025, 1, 10)).court(T, None), T, Some(Today)),
            ("opinion due yesterday", CourtOpinion, active(d(2025, 1, 10)).court(t(-1), None), T, Some(Overdue)),
            ("opinion delivered late: nothing due", CourtOpinion, active(d(2025, 1, 10)).court(t(-1), Some(T)), T, None),
            ("a monitored family's court request still counts", CourtOpinion, monitored(d(2026, 10, 1), Some(d(2027, 4, 1))).court(T, None), T, Some(Today)),
            ("opinion due 29.02.2028 (leap year)", CourtOpinion, active(d(2025, 1, 10)).court(d(2028, 2, 29), None), d(2028, 2, 29), Some(Today)),
            ("year end: opinion due 31.12, on 1.01", CourtOpinion, active(d(2025, 1, 10)).court(d(2026, 12, 31), None), d(2027, 1, 1), Some(Overdue)),
            // Plan incomplete: drawn up + 14 days (soon from the day it is drawn up).
            ("actions incomplete, drawn up tomorrow (due in 15 days)", PlanIncomplete, active(d(2026, 5, 1)).plan(incomplete(t(1))), T, None),
            ("actions incomplete, drawn up today (due in 14 days)", PlanIncomplete, active(d(2026, 5, 1)).plan(incomplete(T)), T, Some(Soon)),
            ("actions incomplete, due tomorrow", PlanIncomplete, active(d(2026, 5, 1)).plan(incomplete(t(-13))), T, Some(Soon)),
            ("actions incomplete, due today", PlanIncomplete, active(d(2026, 5, 1)).plan(incomplete(t(-14))), T, Some(Today)),
            ("actions incomplete, due yesterday", PlanIncomplete, active(d(2026, 5, 1)).plan(incomplete(t(-15))), T, Some(Overdue)),
            ("every action complete", PlanIncomplete, active(d(2026, 5, 1)).plan(complete(t(-15))), T, None),
            ("suspended: plan gaps wait", PlanIncomplete, active(d(2026, 5, 1)).plan(incomplete(t(-15))).status(Suspended), T, None),
            ("drawn up 14.02.2027: due 28.02.2027", PlanIncomplete, active(d(2026, 5, 1)).plan(incomplete(d(2027, 2, 14))), d(2027, 2, 28), Some(Today)),
            ("drawn up 15.02.2028: due 29.02.2028 (leap year)", PlanIncomplete, active(d(2026, 5, 1)).plan(incomplete(d(2028, 2, 15))), d(2028, 2, 29), Some(Today)),
            ("year end: drawn up 18.12, due 1.01, on 2.01", PlanIncomplete, active(d(2026, 5, 1)).plan(incomplete(d(2026, 12, 18))), d(2027, 1, 2), Some(Overdue)),
            // No consultation: drawn up + 14 days.
            ("not consulted, drawn up tomorrow", NoConsultation, active(d(2026, 5, 1)).plan(unconsulted(t(1))), T, None),
            ("not consulted, drawn up today", NoConsultation, active(d(2026, 5, 1)).plan(unconsulted(T)), T, Some(Soon)),
            ("not consulted, due tomorrow", NoConsultation, active(d(2026, 5, 1)).plan(unconsulted(t(-13))), T, Some(Soon)),
            ("not consulted, due today", NoConsultation, active(d(2026, 5, 1)).plan(unconsulted(t(-14))), T, Some(Today)),
            ("not consulted, due yesterday", NoConsultation, active(d(2026, 5, 1)).plan(unconsulted(t(-15))), T, Some(Overdue)),
            ("consulted", NoConsultation, active(d(2026, 5, 1)).plan(complete(t(-15))), T, None),
            ("year end: drawn up 18.12, due 1.01, on the day", NoConsultation, active(d(2026, 5, 1)).plan(unconsulted(d(2026, 12, 18))), d(2027, 1, 1), Some(Today)),
            ("drawn up 15.02.2028: due 29.02.2028 (leap year)", NoConsultation, active(d(2026, 5, 1)).plan(unconsulted(d(2028, 2, 15))), d(2028, 2, 29), Some(Today)),
            // Action deadline: the earliest open action's deadline.
            ("action due in 15 days", ActionDeadline, active(d(2026, 5, 1)).plan(action_due(t(15))), T, None),
            ("action due in 14 days", ActionDeadline, active(d(2026, 5, 1)).plan(action_due(t(14))), T, Some(Soon)),
            ("action due tomorrow", ActionDeadline, active(d(2026, 5, 1)).plan(action_due(t(1))), T, Some(Soon)),
            ("action due today", ActionDeadline, active(d(2026, 5, 1)).plan(action_due(T)), T, Some(Today)),
            ("action due yesterday", ActionDeadline, active(d(2026, 5, 1)).plan(action_due(t(-1))), T, Some(Overdue)),
            ("no open action", ActionDeadline, active(d(2026, 5, 1)).plan(complete(d(2026, 5, 4))), T, None),
            ("monitoring: the plan's actions are history", ActionDeadline, monitored(d(2026, 10, 1), Some(d(2027, 4, 1))).plan(action_due(t(-1))), T, None),
            ("action due 29.02.2028 (leap year), on 1.03", ActionDeadline, active(d(2026, 5, 1)).plan(action_due(d(2028, 2, 29))), d(2028, 3, 1), Some(Overdue)),
            ("year end: action due 1.01, on 31.12", ActionDeadline, active(d(2026, 5, 1)).plan(action_due(d(2027, 1, 1))), d(2026, 12, 31), Some(Soon)),
            // Child plan link: the later of the plan and the placement + 14 days.
            ("placed after the plan, today: due in 14 days", NoChildPlanLink, active(d(2026, 5, 1)).plan(complete(d(2026, 5, 4))).foster_since(T), T, Some(Soon)),
            ("placed after the plan, due tomorrow", NoChildPlanLink, active(d(2026, 5, 1)).plan(complete(d(2026, 5, 4))).foster_since(t(-13)), T, Some(Soon)),
            ("placed after the plan, due today", NoChildPlanLink, active(d(2026, 5, 1)).plan(complete(d(2026, 5, 4))).foster_since(t(-14)), T, Some(Today)),
            ("placed after the plan, due yesterday", NoChildPlanLink, active(d(2026, 5, 1)).plan(complete(d(2026, 5, 4))).foster_since(t(-15)), T, Some(Overdue)),
            ("placed before the plan: counted from the plan, due today", NoChildPlanLink, active(d(2026, 5, 1)).plan(complete(t(-14))).foster_since(d(2026, 1, 1)), T, Some(Today)),
            ("placed before the plan: plan drawn up tomorrow", NoChildPlanLink, active(d(2026, 5, 1)).plan(complete(t(1))).foster_since(d(2026, 1, 1)), T, None),
            ("coordinated", NoChildPlanLink, active(d(2026, 5, 1)).plan(linked(d(2026, 5, 4))).foster_since(t(-15)), T, None),
            ("no child in foster care", NoChildPlanLink, active(d(2026, 5, 1)).plan(complete(d(2026, 5, 4))), T, None),
            ("placed 15.02.2028: due 29.02.2028 (leap year)", NoChildPlanLink, active(d(2026, 5, 1)).plan(complete(d(2026, 5, 4))).foster_since(d(2028, 2, 15)), d(2028, 2, 29), Some(Today)),
            ("year end: placed 18.12, due 1.01, on 31.12", NoChildPlanLink, active(d(2026, 5, 1)).plan(complete(d(2026, 5, 4))).foster_since(d(2026, 12, 18)), d(2026, 12, 31), Some(Soon)),
            // Visit outcome: the planned visit's day (the service passes only past days).
            ("visit planned for yesterday without an outcome", VisitOutcome, active(d(2026, 5, 1)).unrecorded_visit(t(-1)), T, Some(Overdue)),
            ("visit planned for today", VisitOutcome, active(d(2026, 5, 1)).unrecorded_visit(T), T, Some(Today)),
            ("a visit months ago is still missing its record", VisitOutcome, active(d(2026, 5, 1)).unrecorded_visit(d(2026, 6, 1)), T, Some(Overdue)),
            ("every visit recorded", VisitOutcome, active(d(2026, 5, 1)), T, None),
            ("a monitored family's visit also needs its record", VisitOutcome, monitored(d(2026, 10, 1), Some(d(2027, 4, 1))).unrecorded_visit(t(-1)), T, Some(Overdue)),
            ("visit on 29.02.2028 (leap year), on 1.03", VisitOutcome, active(d(2026, 5, 1)).unrecorded_visit(d(2028, 2, 29)), d(2028, 3, 1), Some(Overdue)),
            ("year end: visit on 31.12, on 1.01", VisitOutcome, active(d(2026, 5, 1)).unrecorded_visit(d(2026, 12, 31)), d(2027, 1, 1), Some(Overdue)),
            // No contact: (newest held visit, not before the start of work) + 14 days; soon 3 days ahead.
            ("held 10 days ago: contact due in 4 days, outside the window", NoContact, active(d(2026, 5, 1)).held(t(-10)), T, None),
            ("held 11 days ago: due in 3 days, first day of the window", NoContact, active(d(2026, 5, 1)).held(t(-11)), T, Some(Soon)),
            ("held 13 days ago: due tomorrow", NoContact, active(d(2026, 5, 1)).held(t(-13)), T, Some(Soon)),
            ("held 14 days ago: due today", NoContact, active(d(2026, 5, 1)).held(t(-14)), T, Some(Today)),
            ("held 15 days ago: overdue", NoContact, active(d(2026, 5, 1)).held(t(-15)), T, Some(Overdue)),
            ("no visit held since work started 14 days ago", NoContact, active(t(-14)), T, Some(Today)),
            ("no visit held since work started 15 days ago", NoContact, active(t(-15)), T, Some(Overdue)),
            ("reopened 5 days ago, last held visit long before", NoContact, active(t(-5)).held(d(2026, 1, 10)), T, None),
            ("reopened 15 days ago, last held visit long before", NoContact, active(t(-15)).held(d(2026, 1, 10)), T, Some(Overdue)),
            ("active without a start of work or a held visit: no clock", NoContact, active(T).not_started(), T, None),
            ("suspended: no contact expected", NoContact, active(d(2026, 5, 1)).held(t(-60)).status(Suspended), T, None),
            ("referred: no contact expected yet", NoContact, active(d(2026, 5, 1)).held(t(-60)).status(Referred), T, None),
            ("monitoring has its own check-ins", NoContact, monitored(d(2026, 10, 1), Some(d(2027, 4, 1))).held(t(-60)), T, None),
            ("held 15.02.2028: due 29.02.2028 (leap year)", NoContact, active(d(2026, 5, 1)).held(d(2028, 2, 15)), d(2028, 2, 29), Some(Today)),
            ("held 14.02.2027: due 28.02.2027, on 1.03", NoContact, active(d(2026, 5, 1)).held(d(2027, 2, 14)), d(2027, 3, 1), Some(Overdue)),
            ("year end: held 18.12, due 1.01, on 28.12", NoContact, active(d(2026, 5, 1)).held(d(2026, 12, 18)), d(2026, 12, 28), None),
            ("year end: held 18.12, due 1.01, on 29.12", NoContact, active(d(2026, 5, 1)).held(d(2026, 12, 18)), d(2026, 12, 29), Some(Soon)),
            ("year end: held 18.12, due 1.01, on the day", NoContact, active(d(2026, 5, 1)).held(d(2026, 12, 18)), d(2027, 1, 1), Some(Today)),
            // Monitoring check-in: (later of closure and newest held visit) + 30 days, while
            // on or before the last day of monitoring; soon 7 days ahead.
            ("closed 22 days ago: check-in in 8 days, outside the window", MonitoringCheckIn, monitored(t(-22), Some(d(2027, 6, 1))), T, None),
            ("closed 23 days ago: check-in in 7 days, first day of the window", MonitoringCheckIn, monitored(t(-23), Some(d(2027, 6, 1))), T, Some(Soon)),
            ("closed 29 days ago: check-in tomorrow", MonitoringCheckIn, monitored(t(-29), Some(d(2027, 6, 1))), T, Some(Soon)),
            ("closed 30 days ago: check-in today", MonitoringCheckIn, monitored(t(-30), Some(d(2027, 6, 1))), T, Some(Today)),
            ("closed 31 days ago: check-in overdue", MonitoringCheckIn, monitored(t(-31), Some(d(2027, 6, 1))), T, Some(Overdue)),
            ("checked in 30 days ago, after the closure: due today", MonitoringCheckIn, monitored(d(2026, 6, 1), Some(d(2027, 6, 1))).held(t(-30)), T, Some(Today)),
            ("checked in 20 days ago: next in 10 days", MonitoringCheckIn, monitored(d(2026, 6, 1), Some(d(2027, 6, 1))).held(t(-20)), T, None),
            ("a visit before the closure does not count: from the closure", MonitoringCheckIn, monitored(t(-30), Some(d(2027, 6, 1))).held(t(-35)), T, Some(Today)),
            ("check-in due on the last day of monitoring", MonitoringCheckIn, monitored(t(-30), Some(T)), T, Some(Today)),
            ("check-in would fall after monitoring ends: none", MonitoringCheckIn, monitored(t(-30), Some(t(-1))), T, None),
            ("monitoring without an end date: no clock", MonitoringCheckIn, monitored(t(-31), None), T, None),
            ("closed without monitoring", MonitoringCheckIn, monitored(t(-31), Some(d(2027, 6, 1))).status(Closed), T, None),
            ("archived", MonitoringCheckIn, monitored(t(-31), Some(d(2027, 6, 1))).status(Archived), T, None),
            ("closed 29.01.2027: check-in 28.02.2027", MonitoringCheckIn, monitored(d(2027, 1, 29), Some(d(2027, 6, 1))), d(2027, 2, 28), Some(Today)),
            ("closed 30.01.2028: check-in 29.02.2028 (leap year)", MonitoringCheckIn, monitored(d(2028, 1, 30), Some(d(2028, 6, 1))), d(2028, 2, 29), Some(Today)),
            ("year end: checked in 2.12, due 1.01, on 25.12", MonitoringCheckIn, monitored(d(2026, 10, 1), Some(d(2027, 6, 1))).held(d(2026, 12, 2)), d(2026, 12, 25), Some(Soon)),
            ("year end: checked in 2.12, due 1.01, on 2.01", MonitoringCheckIn, monitored(d(2026, 10, 1), Some(d(2027, 6, 1))).held(d(2026, 12, 2)), d(2027, 1, 2), Some(Overdue)),
            // Monitoring ended: the day after the last day of monitoring; soon 14 days ahead.
            ("monitoring ends in 14 days: ready in 15", MonitoringEnded, monitored(t(-100), Some(t(14))), T, None),
            ("monitoring ends in 13 days: ready in 14", MonitoringEnded, monitored(t(-100), Some(t(13))), T, Some(Soon)),
            ("last day of monitoring is today: ready tomorrow", MonitoringEnded, monitored(t(-100), Some(T)), T, Some(Soon)),
            ("monitoring ended yesterday: ready today", MonitoringEnded, monitored(t(-100), Some(t(-1))), T, Some(Today)),
            ("monitoring ended two days ago: archiving overdue", MonitoringEnded, monitored(t(-100), Some(t(-2))), T, Some(Overdue)),
            ("no end date", MonitoringEnded, monitored(t(-100), None), T, None),
            ("already archived", MonitoringEnded, monitored(t(-100), Some(t(-2))).status(Archived), T, None),
            ("reopened: active again", MonitoringEnded, monitored(t(-100), Some(t(-2))).status(FamilyStatus::Active), T, None),
            ("ends 28.02.2027: ready 1.03.2027", MonitoringEnded, monitored(d(2026, 9, 1), Some(d(2027, 2, 28))), d(2027, 3, 1), Some(Today)),
            ("ends 28.02.2028: ready 29.02.2028 (leap year)", MonitoringEnded, monitored(d(2027, 9, 1), Some(d(2028, 2, 28))), d(2028, 2, 29), Some(Today)),
            ("year end: ends 31.12, ready 1.01", MonitoringEnded, monitored(d(2026, 6, 1), Some(d(2026, 12, 31))), d(2027, 1, 1), Some(Today)),
            ("year end: ends 31.12, on 31.12", MonitoringEnded, monitored(d(2026, 6, 1), Some(d(2026, 12, 31))), d(2026, 12, 31), Some(Soon)),
            ("year end: ends 31.12, on 2.01", MonitoringEnded, monitored(d(2026, 6, 1), Some(d(2026, 12, 31))), d(2027, 1, 2), Some(Overdue)),
        ]
    }

    #[test]
    fn every_rule_at_its_boundaries() {
        let rows = table();
        let mut failures = Vec::new();
        for (what, kind, situation, today, expected) in &rows {
            let alerts = situation.alerts(*today);
            let of_kind: Vec<Severity> = alerts
                .iter()
                .filter(|a| a.deadline.kind == *kind)
                .map(|a| a.severity)
                .collect();
            if of_kind.len() > 1 || of_kind.first().copied() != *expected {
                failures.push(format!(
                    "{what} ({kind:?} on {today}): expected {expected:?}, got {of_kind:?}"
                ));
            }
        }
        assert!(failures.is_empty(), "{}", failures.join("\n"));
        // Every per-family kind has a row where it fires and a row where it does not.
        for kind in DeadlineKind::ALL {
            let rows_of = |fires: bool| {
                rows.iter()
                    .filter(|r| r.1 == kind && r.4.is_some() == fires)
                    .count()
            };
            assert!(rows_of(true) >= 2 && rows_of(false) >= 1, "{kind:?}");
        }
    }
}
