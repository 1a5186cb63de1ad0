//! Statutory deadlines and the alerts derived from them; alerts are never stored.

use chrono::{Days, NaiveDate};
use serde::{Deserialize, Serialize};

use super::dates::add_months;
use super::model::{CourtRequest, Family, FamilyStatus, Id};

/// The windows that turn deadlines into alerts (from the configuration).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AlertRules {
    /// Months between periodic assessments (statute: at most 6).
    pub assessment_months: u32,
    /// Days before a deadline when it starts to show as "soon".
    pub warning_days: u32,
    /// Days after the start of work by which a work plan should exist.
    pub plan_due_days: u32,
    /// Months of monitoring a closure plans by default (art. 15 ust. 1 pkt 16).
    pub monitoring_months: u32,
}

impl Default for AlertRules {
    fn default() -> Self {
        AlertRules {
            assessment_months: 6,
            warning_days: 14,
            plan_due_days: 30,
            monitoring_months: 6,
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
    /// The record the deadline is about (the court request), if any.
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

/// What the rules need to know about one family.
#[derive(Debug, Clone, Copy)]
pub struct FamilyFacts<'a> {
    /// The family.
    pub family: &'a Family,
    /// Date of the newest periodic assessment.
    pub last_assessment: Option<NaiveDate>,
    /// True if the family has a current work plan.
    pub has_plan: bool,
    /// The family's court requests.
    pub court_requests: &'a [CourtRequest],
}

/// Date of the next periodic assessment: last assessment, else start of work, plus
/// the interval; `None` while work has not started or after it ended.
pub fn next_assessment(facts: &FamilyFacts, rules: &AlertRules) -> Option<NaiveDate> {
    if facts.family.status != FamilyStatus::Active {
        return None;
    }
    let from = facts.last_assessment.or(facts.family.work_started)?;
    Some(add_months(from, rules.assessment_months))
}

/// Every open deadline of a family, soonest first.
pub fn deadlines(facts: &FamilyFacts, rules: &AlertRules) -> Vec<Deadline> {
    let family_id = facts.family.id;
    let mut out = Vec::new();
    if let Some(due) = next_assessment(facts, rules) {
        out.push(Deadline {
            kind: DeadlineKind::Assessment,
            family_id,
            due,
            record_id: None,
        });
    }
    if facts.family.status == FamilyStatus::Active
        && !facts.has_plan
        && let Some(start) = facts.family.work_started
    {
        out.push(Deadline {
            kind: DeadlineKind::WorkPlan,
            family_id,
            due: start
                .checked_add_days(Days::new(rules.plan_due_days.into()))
                .unwrap_or(NaiveDate::MAX),
            record_id: None,
        });
    }
    for request in facts
        .court_requests
        .iter()
        .filter(|r| r.delivered.is_none())
    {
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

/// How urgent a due date is on `today`; `None` while it is outside the warning window.
pub fn severity(due: NaiveDate, today: NaiveDate, rules: &AlertRules) -> Option<Severity> {
    let days_left = (due - today).num_days();
    match days_left {
        d if d < 0 => Some(Severity::Overdue),
        0 => Some(Severity::Today),
        d if d <= i64::from(rules.warning_days) => Some(Severity::Soon),
        _ => None,
    }
}

/// The alerts of one family on `today`.
pub fn family_alerts(facts: &FamilyFacts, rules: &AlertRules, today: NaiveDate) -> Vec<Alert> {
    deadlines(facts, rules)
        .into_iter()
        .filter_map(|deadline| {
            let severity = severity(deadline.due, today, rules)?;
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
    alerts.sort_by_key(|a| {
        (
            a.severity,
            a.deadline.due,
            a.deadline.kind,
            a.deadline.family_id,
        )
    });
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
        cr: &'a [CourtRequest],
    ) -> FamilyFacts<'a> {
        FamilyFacts {
            family: f,
            last_assessment: last,
            has_plan,
            court_requests: cr,
        }
    }

    const RULES: AlertRules = AlertRules {
        assessment_months: 6,
        warning_days: 14,
        plan_due_days: 30,
        monitoring_months: 6,
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
            &facts(&f, None, true, std::slice::from_ref(&req)),
            &RULES,
            today,
        );
        assert_eq!(alerts.len(), 1);
        assert_eq!(alerts[0].deadline.record_id, Some(3));
        assert_eq!(alerts[0].severity, Severity::Soon);
        req.delivered = Some(d(2026, 11, 20));
        assert!(
            family_alerts(
                &facts(&f, None, true, std::slice::from_ref(&req)),
                &RULES,
                today
            )
            .is_empty()
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
