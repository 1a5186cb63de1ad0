//! The digest of one family that the store keeps for the first screen: what the alert
//! rules and the Overview's lines need of its record and its summary, with dates as day
//! numbers, a few dozen bytes, so that the Overview of a whole register reads one small
//! value per family and parses no dates.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::alerts::{self, Alert, AlertRules, CaseFacts, CourtDue, FamilyFacts, PlanFacts};
use super::model::{Family, FamilyStatus, Id};
use super::summary::{self, FamilySummary};

/// What the rules and the Overview need of one family, independent of `today`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(into = "Wire", try_from = "Wire")]
pub struct FamilyDigest {
    /// The family's record, as the rules read it.
    pub case: CaseFacts,
    /// Assigned family assistant (staff id).
    pub assistant: Option<Id>,
    /// Case number such as `AR/2026/014`.
    pub case_number: String,
    /// Family name as shown in lists.
    pub name: String,
    /// Date of the newest periodic assessment.
    pub last_assessment: Option<NaiveDate>,
    /// The current work plan, summarised.
    pub plan: Option<PlanFacts>,
    /// Foster placements of the children: start and return home, if any.
    pub placements: Vec<(NaiveDate, Option<NaiveDate>)>,
    /// Court requests whose opinion is not delivered.
    pub court_dues: Vec<CourtDue>,
    /// The earliest visit still planned: id and date.
    pub planned_visit: Option<(Id, NaiveDate)>,
    /// Date of the newest held visit.
    pub last_held_visit: Option<NaiveDate>,
}

impl FamilyDigest {
    /// The digest of a family with its summary.
    pub fn of(family: &Family, summary: &FamilySummary) -> FamilyDigest {
        FamilyDigest {
            case: CaseFacts::of(family),
            assistant: family.assistant,
            case_number: family.case_number.clone(),
            name: family.name.clone(),
            last_assessment: summary.last_assessment,
            plan: summary.plan,
            placements: summary.placements.clone(),
            court_dues: CourtDue::open(&summary.court_requests),
            planned_visit: summary.first_planned_visit.map(|(id, date, _)| (id, date)),
            last_held_visit: summary.last_held_visit,
        }
    }

    /// The family's alerts on `today`, as [`alerts::family_alerts`] gives them for the
    /// family's records.
    pub fn alerts(&self, rules: &AlertRules, today: NaiveDate) -> Vec<Alert> {
        let facts = FamilyFacts {
            case: self.case,
            last_assessment: self.last_assessment,
            plan: self.plan,
            foster_since: summary::foster_since(&self.placements, today),
            court_dues: &self.court_dues,
            visit_without_outcome: summary::visit_without_outcome(self.planned_visit, today),
            last_held_visit: self.last_held_visit,
        };
        alerts::family_alerts(&facts, rules, today)
    }
}

/// A date as stored in a digest: days from 1 January of year 1.
type Day = i32;

/// The stored form of a [`FamilyDigest`]: the same fields, each date a day number.
#[derive(Serialize, Deserialize)]
struct Wire {
    id: Id,
    status: FamilyStatus,
    work_started: Option<Day>,
    closed: Option<Day>,
    monitoring_until: Option<Day>,
    assistant: Option<Id>,
    case_number: String,
    name: String,
    last_assessment: Option<Day>,
    plan: Option<WirePlan>,
    placements: Vec<(Day, Option<Day>)>,
    court_dues: Vec<(Id, Day)>,
    planned_visit: Option<(Id, Day)>,
    last_held_visit: Option<Day>,
}

/// A plan's facts as stored: id, version, drawn up, incomplete actions, next action
/// deadline, consulted, linked to a child's help plan.
type WirePlan = (Id, u32, Day, u32, Option<Day>, bool, bool);

fn day(date: NaiveDate) -> Day {
    chrono::Datelike::num_days_from_ce(&date)
}

fn opt_day(date: Option<NaiveDate>) -> Option<Day> {
    date.map(day)
}

/// Why stored digest bytes were refused.
#[derive(Debug, thiserror::Error)]
#[error("day number {0} is outside the calendar")]
pub struct BadDay(Day);

fn date(day: Day) -> Result<NaiveDate, BadDay> {
    NaiveDate::from_num_days_from_ce_opt(day).ok_or(BadDay(day))
}

fn opt_date(day: Option<Day>) -> Result<Option<NaiveDate>, BadDay> {
    day.map(date).transpose()
}

impl From<FamilyDigest> for Wire {
    fn from(d: FamilyDigest) -> Wire {
        Wire {
            id: d.case.id,
            status: d.case.status,
            work_started: opt_day(d.case.work_started),
            closed: opt_day(d.case.closed),
            monitoring_until: opt_day(d.case.monitoring_until),
            assistant: d.assistant,
            case_number: d.case_number,
            name: d.name,
            last_assessment: opt_day(d.last_assessment),
            plan: d.plan.map(|p| {
                (
                    p.id,
                    p.version,
                    day(p.drawn_up),
                    p.incomplete_actions,
                    opt_day(p.next_action_deadline),
                    p.consulted,
                    p.child_plan_linked,
                )
            }),
            placements: d
                .placements
                .iter()
                .map(|&(since, back)| (day(since), opt_day(back)))
                .collect(),
            court_dues: d.court_dues.iter().map(|c| (c.id, day(c.due))).collect(),
            planned_visit: d.planned_visit.map(|(id, date)| (id, day(date))),
            last_held_visit: opt_day(d.last_held_visit),
        }
    }
}

impl TryFrom<Wire> for FamilyDigest {
    type Error = BadDay;

    fn try_from(w: Wire) -> Result<FamilyDigest, BadDay> {
        let plan = match w.plan {
            None => None,
            Some((id, version, drawn_up, incomplete, next, consulted, linked)) => Some(PlanFacts {
                id,
                version,
                drawn_up: date(drawn_up)?,
                incomplete_actions: incomplete,
                next_action_deadline: opt_date(next)?,
                consulted,
                child_plan_linked: linked,
            }),
        };
        Ok(FamilyDigest {
            case: CaseFacts {
                id: w.id,
                status: w.status,
                work_started: opt_date(w.work_started)?,
                closed: opt_date(w.closed)?,
                monitoring_until: opt_date(w.monitoring_until)?,
            },
            assistant: w.assistant,
            case_number: w.case_number,
            name: w.name,
            last_assessment: opt_date(w.last_assessment)?,
            plan,
            placements: w
                .placements
                .into_iter()
                .map(|(since, back)| Ok((date(since)?, opt_date(back)?)))
                .collect::<Result<_, BadDay>>()?,
            court_dues: w
                .court_dues
                .into_iter()
                .map(|(id, due)| {
                    Ok(CourtDue {
                        id,
                        due: date(due)?,
                    })
                })
                .collect::<Result<_, BadDay>>()?,
            planned_visit: w
                .planned_visit
                .map(|(id, day)| Ok::<_, BadDay>((id, date(day)?)))
                .transpose()?,
            last_held_visit: opt_date(w.last_held_visit)?,
        })
    }
}
