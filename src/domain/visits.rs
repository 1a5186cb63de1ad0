//! Rules of the visit calendar: overlapping visits, warnings before a visit is booked,
//! and working time counted from held visits.

use chrono::{NaiveDate, NaiveTime, Timelike};
use serde::{Deserialize, Serialize};

use super::holidays::{Holiday, holiday};
use super::model::{Id, Visit, VisitStatus};

/// Minutes from midnight at which `visit` starts and ends (an end past midnight is
/// counted on, not wrapped).
fn span(visit: &Visit) -> (u32, u32) {
    let start = visit.time.hour() * 60 + visit.time.minute();
    (start, start + u32::from(visit.duration_min))
}

/// True if two visits share a minute on the same day.
pub fn overlap(a: &Visit, b: &Visit) -> bool {
    if a.date != b.date {
        return false;
    }
    let (a0, a1) = span(a);
    let (b0, b1) = span(b);
    a0 < b1 && b0 < a1
}

/// Why a visit deserves a second look before it is booked (it may still be saved).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum VisitWarning {
    /// The same assistant has another visit at that time: its id, family and time.
    Overlaps {
        /// The other visit.
        visit: Id,
        /// Its family.
        family: Id,
        /// Its start.
        time: NaiveTime,
    },
    /// The day is a public holiday.
    Holiday(Holiday),
}

/// The warnings for booking `visit`, given the other visits of its day (any order).
/// Cancelled visits and the visit itself do not count.
pub fn warnings<'a>(
    visit: &Visit,
    same_day: impl IntoIterator<Item = &'a Visit>,
) -> Vec<VisitWarning> {
    let mut out: Vec<VisitWarning> = same_day
        .into_iter()
        .filter(|o| {
            o.id != visit.id
                && o.assistant == visit.assistant
                && o.status != VisitStatus::Cancelled
                && overlap(visit, o)
        })
        .map(|o| VisitWarning::Overlaps {
            visit: o.id,
            family: o.family_id,
            time: o.time,
        })
        .collect();
    if let Some(h) = holiday(visit.date) {
        out.push(VisitWarning::Holiday(h));
    }
    out
}

/// True if `visit` counts as `assistant`'s working time: held by them.
pub fn worked_by(visit: &Visit, assistant: Id) -> bool {
    visit.assistant == assistant && visit.status == VisitStatus::Held
}

/// Minutes of held visits of `assistant` between two dates (inclusive).
pub fn minutes_worked<'a>(
    assistant: Id,
    from: NaiveDate,
    to: NaiveDate,
    visits: impl IntoIterator<Item = &'a Visit>,
) -> u32 {
    visits
        .into_iter()
        .filter(|v| worked_by(v, assistant) && v.date >= from && v.date <= to)
        .map(|v| u32::from(v.duration_min))
        .sum()
}

/// Date of the newest visit held on or before `today`: the last contact with the family
/// (cancelled visits, absences and planned visits do not count).
pub fn last_held<'a>(
    visits: impl IntoIterator<Item = &'a Visit>,
    today: NaiveDate,
) -> Option<NaiveDate> {
    visits
        .into_iter()
        .filter(|v| v.status == VisitStatus::Held && v.date <= today)
        .map(|v| v.date)
        .max()
}

/// True if a visit planned for before `now` on `today` still has no outcome (the
/// start of the day as `now`: its day has passed).
pub fn lacks_outcome(visit: &Visit, today: NaiveDate, now: NaiveTime) -> bool {
    visit.status == VisitStatus::Planned && (visit.date, visit.time) < (today, now)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::model::{VisitKind, VisitPlace, VisitRecord};

    fn d(y: i32, m: u32, dd: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, dd).unwrap()
    }

    fn at(id: Id, day: NaiveDate, h: u32, m: u32, minutes: u16) -> Visit {
        Visit {
            id,
            family_id: id * 10,
            assistant: 1,
            date: day,
            time: NaiveTime::from_hms_opt(h, m, 0).unwrap(),
            duration_min: minutes,
            place: VisitPlace::FamilyHome,
            kind: VisitKind::HomeVisit,
            status: VisitStatus::Planned,
            record: VisitRecord::default(),
            history: Vec::new(),
        }
    }

    #[test]
    fn visits_overlap_only_when_they_share_a_minute_of_the_same_day() {
        let day = d(2026, 11, 23);
        let a = at(1, day, 9, 0, 60);
        assert!(overlap(&a, &at(2, day, 9, 59, 30)));
        assert!(overlap(&a, &at(2, day, 8, 30, 31)));
        assert!(!overlap(&a, &at(2, day, 10, 0, 30)), "back to back is fine");
        assert!(!overlap(&a, &at(2, day, 8, 0, 60)));
        assert!(!overlap(&a, &at(2, d(2026, 11, 24), 9, 0, 60)));
        // A late visit running past midnight does not wrap onto the morning.
        let late = at(3, day, 23, 30, 90);
        assert!(!overlap(&late, &at(4, day, 0, 30, 30)));
    }

    #[test]
    fn warnings_name_the_overlap_and_the_holiday_but_not_cancelled_or_others() {
        let christmas = d(2026, 12, 25);
        let new = at(1, christmas, 10, 0, 60);
        let mut other_assistant = at(2, christmas, 10, 0, 60);
        other_assistant.assistant = 2;
        let mut cancelled = at(3, christmas, 10, 30, 60);
        cancelled.status = VisitStatus::Cancelled;
        let clash = at(4, christmas, 10, 45, 30);
        let w = warnings(&new, [&other_assistant, &cancelled, &clash, &new]);
        assert_eq!(
            w,
            [
                VisitWarning::Overlaps {
                    visit: 4,
                    family: 40,
                    time: clash.time
                },
                VisitWarning::Holiday(holiday(christmas).unwrap())
            ]
        );
        assert!(warnings(&at(1, d(2026, 11, 23), 9, 0, 60), []).is_empty());
    }

    #[test]
    fn working_time_counts_held_visits_of_the_assistant_in_the_range() {
        let day = d(2026, 11, 23);
        let mut held = at(1, day, 9, 0, 90);
        held.status = VisitStatus::Held;
        let mut absent = at(2, day, 12, 0, 60);
        absent.status = VisitStatus::FamilyAbsent;
        let mut later = at(3, d(2026, 12, 1), 9, 0, 45);
        later.status = VisitStatus::Held;
        let visits = [held, absent, later];
        assert_eq!(minutes_worked(1, day, day, &visits), 90);
        assert_eq!(minutes_worked(1, day, d(2026, 12, 31), &visits), 135);
        assert_eq!(minutes_worked(2, day, d(2026, 12, 31), &visits), 0);
    }

    #[test]
    fn the_last_contact_is_the_newest_held_visit_up_to_today() {
        let today = d(2026, 11, 22);
        let with = |id, day, status| {
            let mut v = at(id, day, 9, 0, 60);
            v.status = status;
            v
        };
        let visits = [
            with(1, d(2026, 11, 2), VisitStatus::Held),
            with(2, d(2026, 11, 9), VisitStatus::Held),
            with(3, d(2026, 11, 16), VisitStatus::FamilyAbsent),
            with(4, d(2026, 11, 18), VisitStatus::Cancelled),
            with(5, d(2026, 11, 20), VisitStatus::Planned),
            // Recorded ahead of its day by mistake: not a contact yet.
            with(6, d(2026, 11, 23), VisitStatus::Held),
        ];
        assert_eq!(last_held(&visits, today), Some(d(2026, 11, 9)));
        assert_eq!(last_held(&visits, d(2026, 11, 23)), Some(d(2026, 11, 23)));
        assert_eq!(last_held(&visits[2..5], today), None);
        assert_eq!(last_held([], today), None);
    }

    #[test]
    fn a_planned_visit_in_the_past_lacks_an_outcome() {
        let day = d(2026, 11, 22);
        let noon = NaiveTime::from_hms_opt(12, 0, 0).unwrap();
        assert!(lacks_outcome(&at(1, day, 9, 0, 60), day, noon));
        assert!(!lacks_outcome(&at(1, day, 13, 0, 60), day, noon));
        assert!(lacks_outcome(&at(1, d(2026, 11, 1), 13, 0, 60), day, noon));
        let mut held = at(1, d(2026, 11, 1), 9, 0, 60);
        held.status = VisitStatus::Held;
        assert!(!lacks_outcome(&held, day, noon));
    }
}
