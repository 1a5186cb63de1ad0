//! After a save, the workstation refreshes only the changed family's part of its
//! snapshot: the result must equal a snapshot read afresh, for every kind of change and
//! for an assistant as for the supervisor.

mod common;

use asystent::config::Config;
use asystent::domain::{
    Id, Member, MemberRole, Visit, VisitKind, VisitPlace, VisitRecord, VisitStatus,
};
use asystent::service::{Caller, Service, Snapshot};
use chrono::NaiveTime;

/// Everything a screen shows from a snapshot.
type Shown = (
    Vec<asystent::service::FamilyRow>,
    Vec<asystent::domain::alerts::Alert>,
    Vec<asystent::service::CaseloadRow>,
    Vec<Visit>,
    Vec<Option<Id>>,
    Vec<(Option<Id>, (usize, usize))>,
);

/// Everything a screen shows from a snapshot, comparable.
fn shown(s: &Snapshot) -> Shown {
    (
        s.families.clone(),
        s.alerts.clone(),
        s.caseload.clone(),
        s.upcoming.clone(),
        s.families
            .iter()
            .map(|r| s.family(r.family.id).map(|f| f.family.id))
            .collect::<Vec<_>>(),
        // The Overview's alerts per assistant, kept up to date by the refresh.
        {
            let mut counts: Vec<_> = s
                .alert_counts()
                .iter()
                .filter(|(_, c)| **c != (0, 0))
                .map(|(a, c)| (*a, *c))
                .collect();
            counts.sort();
            counts
        },
    )
}

/// Refreshes `kept` for `family` and checks it against a fresh snapshot.
fn check(service: &Service, caller: &Caller, kept: &mut Snapshot, family: Id, what: &str) {
    let today = common::today();
    let before = shown(kept);
    service.refresh_family(caller, kept, family, today).unwrap();
    let fresh = service.snapshot(caller, today).unwrap();
    assert_eq!(shown(kept), shown(&fresh), "{what} ({})", caller.login);
    if caller.login == "kierownik" {
        assert_ne!(
            before,
            shown(kept),
            "{what}: the change shows for the supervisor"
        );
    }
}

#[test]
fn refreshing_one_family_equals_reading_the_snapshot_again() {
    let (_dir, store) = common::demo_store();
    let config = Config::defaults();
    let service = Service::new(store, config.alert_rules(), config.caseload_limit);
    let today = common::today();
    let boss = service.caller("kierownik", today).unwrap();
    let anna = service.caller("akowalska", today).unwrap();
    let marek_id = service.caller("mnowak", today).unwrap().account.unwrap().id;
    let mut kept_boss = service.snapshot(&boss, today).unwrap();
    let mut kept_anna = service.snapshot(&anna, today).unwrap();
    let mut both = |family: Id, what: &str| {
        check(&service, &boss, &mut kept_boss, family, what);
        check(&service, &anna, &mut kept_anna, family, what);
    };
    let hers = service.snapshot(&anna, today).unwrap().families[0]
        .family
        .clone();

    // A member: children, names for the search.
    let member = Member {
        id: 0,
        family_id: hers.id,
        role: MemberRole::Child,
        first_name: "Zuzia".into(),
        last_name: "Nowa".into(),
        birth_date: Some(chrono::NaiveDate::from_ymd_opt(2020, 5, 1).unwrap()),
        pesel: None,
        foster: None,
        left_household: None,
    };
    service.save_member(&anna, member, None, today).unwrap();
    both(hers.id, "a member added");

    // A visit booked for today: the Overview's visits and the contact clock.
    let visit = Visit {
        id: 0,
        family_id: hers.id,
        assistant: 0,
        date: today,
        time: NaiveTime::from_hms_opt(7, 15, 0).unwrap(),
        duration_min: 60,
        place: VisitPlace::FamilyHome,
        kind: VisitKind::HomeVisit,
        status: VisitStatus::Planned,
        record: VisitRecord::default(),
        history: Vec::new(),
    };
    service.save_visit(&anna, visit, None).unwrap();
    both(hers.id, "a visit booked");

    // Given to another assistant: Anna no longer sees it, the caseloads move.
    let rev = service.store().family(hers.id).unwrap().unwrap().rev;
    let moved = asystent::domain::Family {
        assistant: Some(marek_id),
        ..hers.clone()
    };
    service.save_family(&boss, moved, Some(rev), today).unwrap();
    both(hers.id, "the family given to a colleague");

    // A family registered, then deleted.
    let mut new = hers.clone();
    new.id = 0;
    new.case_number = "AR/2026/900".into();
    new.name = "Odświeżona".into();
    let saved = service.save_family(&boss, new, None, today).unwrap();
    both(saved.value.id, "a family registered");
    service
        .delete_family(&boss, saved.value.id, saved.rev)
        .unwrap();
    both(saved.value.id, "a family deleted");
}
