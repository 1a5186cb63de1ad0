//! A family's status over time, derived from its status history: which status it had on
//! which days, when work started and when it was closed. The day of a change belongs to
//! both the status before it and the status after it, so that the day work starts and the
//! day it ends are both days of work.

use chrono::NaiveDate;

use crate::domain::{Closure, Family, FamilyStatus};

/// One stretch of days with one status, both ends included.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Span {
    /// The status.
    pub status: FamilyStatus,
    /// The status before this one; `None` at registration.
    pub previous: Option<FamilyStatus>,
    /// First day (the day of the change into this status).
    pub from: NaiveDate,
    /// Last day (the day of the next change); `None` while it lasts.
    pub to: Option<NaiveDate>,
    /// The closure recorded by the change into this status, if it was a closure.
    pub closure: Option<Closure>,
}

impl Span {
    /// True if the span shares at least one day with `from..=to`.
    pub fn overlaps(&self, from: NaiveDate, to: NaiveDate) -> bool {
        self.from <= to && self.to.is_none_or(|end| end >= from)
    }

    /// True if this span began a stretch of work: active, and not just back from a
    /// suspension.
    pub fn starts_work(&self) -> bool {
        self.status == FamilyStatus::Active && self.previous != Some(FamilyStatus::Suspended)
    }

    /// True if this span began with the closure of work that had started (a referral
    /// closed before any work is not a closure of work).
    pub fn closes_work(&self) -> bool {
        self.closure.is_some() && self.previous != Some(FamilyStatus::Referred)
    }
}

/// One recorded or reconstructed change.
struct Change {
    date: NaiveDate,
    from: Option<FamilyStatus>,
    to: FamilyStatus,
    closure: Option<Closure>,
}

/// The family's statuses, oldest first. Families registered since the status history
/// exists have it whole; a record from before it (schema 1, whose history starts with
/// the first change after the upgrade, or is empty) is completed from what it kept:
/// the referral, the start of work and the closure.
pub fn spans(family: &Family) -> Vec<Span> {
    let mut changes: Vec<Change> = Vec::new();
    match family.history.first() {
        Some(first) if first.from.is_none() => {}
        Some(first) => {
            let before = first.date;
            changes.extend(
                reconstructed(family, false)
                    .into_iter()
                    .filter(|c| c.date < before),
            );
            // The status in force before the first recorded change is known; when what
            // was kept does not lead to it, it is assumed only from that day on.
            let known = first.from;
            if changes.last().map(|c| Some(c.to)) != Some(known)
                && let Some(status) = known
            {
                changes.push(Change {
                    date: before,
                    from: changes.last().map(|c| c.to),
                    to: status,
                    closure: None,
                });
            }
        }
        None => changes = reconstructed(family, true),
    }
    changes.extend(family.history.iter().map(|h| Change {
        date: h.date,
        from: h.from,
        to: h.to,
        closure: h.closure.clone(),
    }));
    let mut out: Vec<Span> = Vec::with_capacity(changes.len());
    for change in changes {
        if let Some(last) = out.last_mut() {
            last.to = Some(change.date.max(last.from));
        }
        out.push(Span {
            status: change.to,
            previous: change.from,
            from: change.date,
            to: None,
            closure: change.closure,
        });
    }
    out
}

/// The changes a record without a status history implies: referred on the referral
/// date, active from the start of work, closed (or monitored) from the closure, and (if
/// `current`) the current status from the last of these if it is another one.
fn reconstructed(family: &Family, current: bool) -> Vec<Change> {
    let mut out = vec![Change {
        date: family.referral_date,
        from: None,
        to: FamilyStatus::Referred,
        closure: None,
    }];
    /// Adds a change to `to` unless the family already has that status.
    fn push(out: &mut Vec<Change>, date: NaiveDate, to: FamilyStatus, closure: Option<Closure>) {
        if let Some(last) = out.last()
            && last.to != to
        {
            let (date, from) = (date.max(last.date), Some(last.to));
            out.push(Change {
                date,
                from,
                to,
                closure,
            });
        }
    }
    if let Some(started) = family.work_started {
        push(&mut out, started, FamilyStatus::Active, None);
    }
    if let Some(closure) = &family.closure {
        let to = if closure.monitoring_until.is_some() {
            FamilyStatus::Monitoring
        } else {
            FamilyStatus::Closed
        };
        push(&mut out, closure.date, to, Some(closure.clone()));
    }
    if current {
        let last_date = out.last().map_or(family.referral_date, |c| c.date);
        push(&mut out, last_date, family.status, None);
    }
    out
}

/// True if the family was active on at least one day from `from` to `to`.
pub fn active_between(spans: &[Span], from: NaiveDate, to: NaiveDate) -> bool {
    in_status_between(spans, FamilyStatus::Active, from, to)
}

/// True if the family had `status` on at least one day from `from` to `to`.
pub fn in_status_between(
    spans: &[Span],
    status: FamilyStatus,
    from: NaiveDate,
    to: NaiveDate,
) -> bool {
    spans
        .iter()
        .any(|s| s.status == status && s.overlaps(from, to))
}

/// The status in force at the end of `date`, if the family was registered by then.
pub fn status_on(spans: &[Span], date: NaiveDate) -> Option<FamilyStatus> {
    spans
        .iter()
        .rev()
        .find(|s| s.from <= date)
        .map(|s| s.status)
}

/// Whole months of support up to `end`: from the start of the stretch of work in force
/// on `end` (the latest start or reopening on or before it; a suspension does not break
/// the stretch) to `end` or the closure that ended the stretch, whichever is earlier.
/// `None` if work never started by `end`.
pub fn support_months(spans: &[Span], end: NaiveDate) -> Option<u32> {
    let start = spans
        .iter()
        .enumerate()
        .rev()
        .find(|(_, s)| s.starts_work() && s.from <= end)?;
    let (index, span) = start;
    // The stretch ends at the first later change to a status that is not work.
    let stop = spans[index..]
        .iter()
        .find(|s| !matches!(s.status, FamilyStatus::Active | FamilyStatus::Suspended))
        .map(|s| s.from);
    let last = stop.map_or(end, |s| s.min(end));
    Some(whole_months(span.from, last))
}

/// Whole calendar months from `from` to `to` (31.01 → 28.02 is one month, as adding a
/// month to 31 January gives the last day of February).
pub fn whole_months(from: NaiveDate, to: NaiveDate) -> u32 {
    if to <= from {
        return 0;
    }
    let mut months: u32 = 0;
    while let Some(next) = from.checked_add_months(chrono::Months::new(months + 1)) {
        if next > to {
            break;
        }
        months += 1;
    }
    months
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{ClosureReason, FamilyFlags, SocialWorkerRef, StatusChange};
    use FamilyStatus::*;

    fn d(y: i32, m: u32, dd: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, dd).unwrap()
    }

    fn change(date: NaiveDate, from: Option<FamilyStatus>, to: FamilyStatus) -> StatusChange {
        StatusChange {
            date,
            from,
            to,
            by: "k".into(),
            closure: None,
        }
    }

    fn family(history: Vec<StatusChange>) -> Family {
        Family {
            id: 1,
            case_number: "AR/2026/001".into(),
            name: "Łęcka".into(),
            address: String::new(),
            phones: vec![],
            assistant: Some(3),
            social_worker: SocialWorkerRef::default(),
            referral_date: d(2025, 3, 1),
            consent_date: Some(d(2025, 3, 5)),
            work_started: None,
            status: history.last().map_or(Referred, |h| h.to),
            flags: FamilyFlags::default(),
            closure: None,
            notes: String::new(),
            history,
        }
    }

    #[test]
    fn the_day_of_a_change_belongs_to_both_statuses() {
        let f = family(vec![
            change(d(2025, 3, 1), None, Referred),
            change(d(2025, 3, 10), Some(Referred), Active),
            change(d(2025, 6, 30), Some(Active), Suspended),
        ]);
        let s = spans(&f);
        assert_eq!(s.len(), 3);
        assert!(active_between(&s, d(2025, 3, 10), d(2025, 3, 10)));
        assert!(active_between(&s, d(2025, 6, 30), d(2025, 12, 31)));
        assert!(!active_between(&s, d(2025, 7, 1), d(2025, 12, 31)));
        assert!(!active_between(&s, d(2025, 1, 1), d(2025, 3, 9)));
        assert_eq!(status_on(&s, d(2025, 3, 9)), Some(Referred));
        assert_eq!(status_on(&s, d(2025, 6, 30)), Some(Suspended));
        assert_eq!(status_on(&s, d(2025, 2, 1)), None);
    }

    #[test]
    fn support_runs_from_the_latest_start_through_suspensions() {
        let f = family(vec![
            change(d(2025, 3, 1), None, Referred),
            change(d(2025, 3, 10), Some(Referred), Active),
            change(d(2025, 5, 1), Some(Active), Suspended),
            change(d(2025, 6, 1), Some(Suspended), Active),
            change(d(2025, 9, 10), Some(Active), Closed),
            change(d(2026, 2, 1), Some(Closed), Active),
        ]);
        let s = spans(&f);
        assert_eq!(support_months(&s, d(2025, 3, 9)), None);
        assert_eq!(support_months(&s, d(2025, 8, 9)), Some(4));
        assert_eq!(support_months(&s, d(2025, 8, 10)), Some(5));
        // Closed on 10.09: the stretch ends there, whatever the end of the period.
        assert_eq!(support_months(&s, d(2025, 12, 31)), Some(6));
        // Reopened: the new stretch counts from the reopening.
        assert_eq!(support_months(&s, d(2026, 6, 30)), Some(4));
    }

    #[test]
    fn whole_months_clamp_at_the_end_of_a_month() {
        assert_eq!(whole_months(d(2026, 1, 31), d(2026, 2, 27)), 0);
        assert_eq!(whole_months(d(2026, 1, 31), d(2026, 2, 28)), 1);
        assert_eq!(whole_months(d(2026, 1, 15), d(2026, 6, 30)), 5);
        assert_eq!(whole_months(d(2026, 1, 1), d(2026, 1, 1)), 0);
        assert_eq!(whole_months(d(2026, 5, 1), d(2026, 1, 1)), 0);
        assert_eq!(whole_months(d(2024, 1, 1), d(2026, 1, 1)), 24);
    }

    #[test]
    fn a_record_without_history_is_read_from_its_dates() {
        let mut f = family(vec![]);
        f.work_started = Some(d(2025, 4, 1));
        f.closure = Some(Closure {
            date: d(2025, 10, 1),
            reason: ClosureReason::MovedOut,
            summary: String::new(),
            monitoring_until: Some(d(2026, 4, 1)),
        });
        f.status = Monitoring;
        let s = spans(&f);
        let statuses: Vec<_> = s.iter().map(|s| (s.status, s.from)).collect();
        assert_eq!(
            statuses,
            [
                (Referred, d(2025, 3, 1)),
                (Active, d(2025, 4, 1)),
                (Monitoring, d(2025, 10, 1))
            ]
        );
        assert!(s[2].closes_work());
        assert!(active_between(&s, d(2025, 10, 1), d(2025, 12, 31)));
        assert!(!active_between(&s, d(2025, 10, 2), d(2025, 12, 31)));
    }

    #[test]
    fn a_history_begun_after_an_upgrade_keeps_the_status_before_it() {
        let mut f = family(vec![change(d(2026, 2, 1), Some(Active), Suspended)]);
        f.work_started = Some(d(2025, 4, 1));
        let s = spans(&f);
        let statuses: Vec<_> = s.iter().map(|s| (s.status, s.from)).collect();
        assert_eq!(
            statuses,
            [
                (Referred, d(2025, 3, 1)),
                (Active, d(2025, 4, 1)),
                (Suspended, d(2026, 2, 1))
            ]
        );
        // What was kept does not lead to the recorded status: assumed from that day only.
        let f = family(vec![change(d(2026, 2, 1), Some(Closed), Active)]);
        let statuses: Vec<_> = spans(&f).iter().map(|s| (s.status, s.from)).collect();
        assert_eq!(
            statuses,
            [
                (Referred, d(2025, 3, 1)),
                (Closed, d(2026, 2, 1)),
                (Active, d(2026, 2, 1))
            ]
        );
    }
}
