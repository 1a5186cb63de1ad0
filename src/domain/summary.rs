//! The summary of one family that the store keeps beside its records: what the family
//! list and the alert rules need, a few hundred bytes instead of every plan, assessment
//! and visit, so that the first screen reads one small value per family.

use chrono::{NaiveDate, NaiveTime};
use serde::{Deserialize, Serialize};

use super::alerts::PlanFacts;
use super::model::{
    Assessment, CourtRequest, Id, Member, MemberRole, Visit, VisitStatus, WorkPlan,
};
use super::text;

/// What the list and the rules need of one family's records, independent of `today`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FamilySummary {
    /// Date of the newest periodic assessment.
    pub last_assessment: Option<NaiveDate>,
    /// The current work plan (the highest version not superseded), summarised.
    pub plan: Option<PlanFacts>,
    /// Children living in the household or in foster care.
    pub children: u32,
    /// Foster placements of those children: start and return home, if any.
    pub placements: Vec<(NaiveDate, Option<NaiveDate>)>,
    /// The family's court requests.
    pub court_requests: Vec<CourtRequest>,
    /// The earliest visit still planned (no outcome yet): id, date and time.
    pub first_planned_visit: Option<(Id, NaiveDate, NaiveTime)>,
    /// Date of the newest held visit.
    pub last_held_visit: Option<NaiveDate>,
    /// Members' first and last names, each folded (`text::fold`) and preceded by a space.
    pub member_names: String,
}

impl FamilySummary {
    /// Takes one member into account.
    pub fn add_member(&mut self, member: &Member) {
        for part in [&member.first_name, &member.last_name] {
            self.member_names.push(' ');
            self.member_names.push_str(&text::fold(part));
        }
        if member.role == MemberRole::Child && member.left_household.is_none() {
            self.children = self.children.saturating_add(1);
            if let Some(p) = &member.foster {
                self.placements.push((p.since, p.returned_home));
            }
        }
    }

    /// Takes one work plan (any version) into account.
    pub fn add_plan(&mut self, plan: &WorkPlan) {
        if plan.superseded.is_some() {
            return;
        }
        let facts = PlanFacts::of(plan);
        if self.plan.is_none_or(|kept| facts.version > kept.version) {
            self.plan = Some(facts);
        }
    }

    /// Takes one periodic assessment into account.
    pub fn add_assessment(&mut self, assessment: &Assessment) {
        self.last_assessment = self.last_assessment.max(Some(assessment.date));
    }

    /// Takes one court request into account (kept in id order).
    pub fn add_court_request(&mut self, request: CourtRequest) {
        let at = self.court_requests.partition_point(|r| r.id < request.id);
        self.court_requests.insert(at, request);
    }

    /// Takes one visit into account.
    pub fn add_visit(&mut self, visit: &Visit) {
        match visit.status {
            VisitStatus::Planned => {
                let this = (visit.id, visit.date, visit.time);
                if self.first_planned_visit.is_none_or(|(id, date, time)| {
                    (visit.date, visit.time, visit.id) < (date, time, id)
                }) {
                    self.first_planned_visit = Some(this);
                }
            }
            VisitStatus::Held => {
                self.last_held_visit = self.last_held_visit.max(Some(visit.date));
            }
            VisitStatus::Cancelled | VisitStatus::FamilyAbsent => {}
        }
    }

    /// Start of the earliest foster placement of a child still in care on `today`.
    pub fn foster_since(&self, today: NaiveDate) -> Option<NaiveDate> {
        foster_since(&self.placements, today)
    }

    /// The earliest planned visit whose day has passed by `today`: id and date.
    pub fn visit_without_outcome(&self, today: NaiveDate) -> Option<(Id, NaiveDate)> {
        visit_without_outcome(
            self.first_planned_visit.map(|(id, date, _)| (id, date)),
            today,
        )
    }
}

/// Start of the earliest of `placements` (start, return home) still in care on `today`.
pub fn foster_since(
    placements: &[(NaiveDate, Option<NaiveDate>)],
    today: NaiveDate,
) -> Option<NaiveDate> {
    placements
        .iter()
        .filter(|(since, back)| *since <= today && back.is_none_or(|b| b > today))
        .map(|(since, _)| *since)
        .min()
}

/// The earliest planned visit (id and date) if its day has passed by `today`.
pub fn visit_without_outcome(
    first_planned: Option<(Id, NaiveDate)>,
    today: NaiveDate,
) -> Option<(Id, NaiveDate)> {
    first_planned.filter(|(_, date)| *date < today)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::model::{FosterForm, FosterPlacement, VisitKind, VisitPlace, VisitRecord};

    fn d(y: i32, m: u32, dd: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, dd).unwrap()
    }

    fn child(id: Id, foster: Option<(NaiveDate, Option<NaiveDate>)>, left: bool) -> Member {
        Member {
            id,
            family_id: 1,
            role: MemberRole::Child,
            first_name: "Zoś".into(),
            last_name: "Żółć".into(),
            birth_date: None,
            pesel: None,
            foster: foster.map(|(since, returned_home)| FosterPlacement {
                since,
                form: FosterForm::FosterFamily,
                coordinator_name: String::new(),
                coordinator_phone: String::new(),
                returned_home,
            }),
            left_household: left.then(|| d(2026, 1, 1)),
        }
    }

    fn visit(id: Id, date: NaiveDate, hour: u32, status: VisitStatus) -> Visit {
        Visit {
            id,
            family_id: 1,
            assistant: 2,
            date,
            time: NaiveTime::from_hms_opt(hour, 0, 0).unwrap(),
            duration_min: 60,
            place: VisitPlace::FamilyHome,
            kind: VisitKind::HomeVisit,
            status,
            record: VisitRecord::default(),
            history: Vec::new(),
        }
    }

    #[test]
    fn children_placements_and_names_come_from_members() {
        let mut s = FamilySummary::default();
        s.add_member(&child(1, Some((d(2026, 3, 1), None)), false));
        s.add_member(&child(2, Some((d(2025, 1, 1), Some(d(2026, 2, 1)))), false));
        s.add_member(&child(3, Some((d(2024, 1, 1), None)), true));
        assert_eq!(s.children, 2);
        assert_eq!(s.member_names, " zos zolc".repeat(3));
        // The child who left the household does not count; the one back home only
        // until the return.
        assert_eq!(s.foster_since(d(2026, 1, 15)), Some(d(2025, 1, 1)));
        assert_eq!(s.foster_since(d(2026, 2, 1)), None);
        assert_eq!(s.foster_since(d(2026, 3, 1)), Some(d(2026, 3, 1)));
    }

    #[test]
    fn the_earliest_planned_and_the_latest_held_visit_are_kept() {
        let mut s = FamilySummary::default();
        s.add_visit(&visit(5, d(2026, 11, 20), 10, VisitStatus::Planned));
        s.add_visit(&visit(6, d(2026, 11, 20), 9, VisitStatus::Planned));
        s.add_visit(&visit(7, d(2026, 11, 25), 9, VisitStatus::Planned));
        s.add_visit(&visit(8, d(2026, 11, 10), 9, VisitStatus::Held));
        s.add_visit(&visit(9, d(2026, 11, 3), 9, VisitStatus::Held));
        s.add_visit(&visit(10, d(2026, 11, 12), 9, VisitStatus::Cancelled));
        assert_eq!(s.last_held_visit, Some(d(2026, 11, 10)));
        assert_eq!(s.visit_without_outcome(d(2026, 11, 20)), None);
        assert_eq!(
            s.visit_without_outcome(d(2026, 11, 21)),
            Some((6, d(2026, 11, 20)))
        );
    }
}
