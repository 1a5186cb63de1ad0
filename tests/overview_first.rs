//! The Overview drawn first from the family digests (`Service::overview_snapshot`,
//! `App::overview_first`): what it shows equals what the whole register says, after
//! saves, after the migration that builds the digests, and it steps aside when a digest
//! bucket is damaged.

mod common;

use std::collections::BTreeSet;

use asystent::app::App;
use asystent::config::{Config, Language};
use asystent::demo::{self, DemoSpec};
use asystent::domain::alerts::AlertRules;
use asystent::domain::{CourtRequest, FamilyStatus, Id, Visit, VisitStatus};
use asystent::service::{Service, Snapshot};
use asystent::store::Store;
use asystent::ui::{self, Theme};
use chrono::{Days, NaiveDate, NaiveTime};
use common::{clock, today};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use tempfile::TempDir;

/// The supervisor of the demo register, who sees every family.
const SUPERVISOR: &str = "kierownik";

/// A register of `families` families over `years` years, as of [`today`].
fn register(families: usize, years: u32) -> (TempDir, Store) {
    let dir = TempDir::new().unwrap();
    let store = Store::open(&db(&dir)).unwrap();
    let spec = DemoSpec {
        families,
        years,
        seed: 2026,
    };
    store.import(&demo::generate(&spec, today())).unwrap();
    (dir, store)
}

/// The database directory inside `dir`.
fn db(dir: &TempDir) -> std::path::PathBuf {
    dir.path().join("db")
}

fn service_on(store: Store, rules: AlertRules) -> Service {
    Service::new(store, rules, Config::defaults().caseload_limit).with_clock(clock)
}

/// The supervisor's Overview snapshot on `day`, if the digests can be read.
fn supervisors_overview(service: &Service, day: NaiveDate) -> Option<Snapshot> {
    let caller = service.caller(SUPERVISOR, day).unwrap();
    service.overview_snapshot(&caller, day).unwrap()
}

/// Asserts that the Overview's snapshot of `login` on `day` shows what the whole
/// snapshot shows; returns the kinds of its alerts.
fn assert_same_overview(service: &Service, login: &str, day: NaiveDate) -> BTreeSet<String> {
    let caller = service.caller(login, day).unwrap();
    let quick = service
        .overview_snapshot(&caller, day)
        .unwrap()
        .expect("a caller who sees the whole office gets an Overview's snapshot");
    let full = service.snapshot(&caller, day).unwrap();
    assert!(
        quick.families.is_empty(),
        "an Overview's snapshot has no rows"
    );
    assert_eq!(quick.alerts, full.alerts, "alerts of {login} on {day}");
    assert_eq!(quick.caseload, full.caseload, "caseloads on {day}");
    assert_eq!(
        quick.alert_counts(),
        full.alert_counts(),
        "alerts per assistant"
    );
    assert_eq!(
        quick.upcoming_total(),
        full.upcoming_total(),
        "visits on {day}"
    );
    assert_eq!(quick.upcoming[..], full.upcoming[..quick.upcoming.len()]);
    for row in &full.families {
        let id = row.family.id;
        assert_eq!(quick.label(id), full.label(id), "label of family {id}");
    }
    full.alerts
        .iter()
        .map(|a| format!("{:?}", a.deadline.kind))
        .collect()
}

/// The rows of a rendered screen as text.
fn rows(buffer: &Buffer) -> Vec<String> {
    let width = usize::from(buffer.area.width);
    buffer
        .content
        .chunks(width)
        .map(|row| row.iter().map(|cell| cell.symbol()).collect())
        .collect()
}

/// Renders `app` on a `width`×`height` test terminal.
fn frame(app: &App, width: u16, height: u16) -> Buffer {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    let theme = Theme::from_env(Some("1"));
    terminal.draw(|f| ui::render(f, app, &theme)).unwrap();
    terminal.backend().buffer().clone()
}

#[test]
fn the_overview_from_digests_equals_the_registers_on_any_day_and_rules() {
    let (dir, store) = register(450, 2);
    drop(store);
    let strict = AlertRules {
        assessment_months: 3,
        warning_days: 30,
        plan_due_days: 10,
        monitoring_months: 3,
        contact_days: 7,
        checkin_days: 10,
    };
    let days = [
        today(),
        today() - Days::new(200),
        today() + Days::new(1),
        today() + Days::new(45),
        today() + Days::new(400),
    ];
    let mut kinds = BTreeSet::new();
    for rules in [AlertRules::default(), strict] {
        let service = service_on(Store::open(&db(&dir)).unwrap(), rules);
        for day in days {
            // A login without an account is the embedded single user: the whole office.
            for login in [SUPERVISOR, "nobody"] {
                kinds.extend(assert_same_overview(&service, login, day));
            }
        }
    }
    assert!(
        kinds.len() >= 8,
        "the days and rules should bring most kinds of alert, got {kinds:?}"
    );
}

#[test]
fn a_caller_who_sees_part_of_the_office_reads_the_register_at_once() {
    let (_dir, store) = register(40, 1);
    // The demo has no administrator: one is added.
    let admin = asystent::domain::Staff {
        id: store.new_id().unwrap(),
        login: "admin".into(),
        name: "Adam Administrator".into(),
        role: asystent::domain::Role::Admin,
        active: true,
        stand_ins: Vec::new(),
    };
    store.put_staff(&admin, None).unwrap();
    let service = service_on(store, AlertRules::default());
    let staff = service.store().staff().unwrap().records;
    for role in [
        asystent::domain::Role::Assistant,
        asystent::domain::Role::SocialWorker,
        asystent::domain::Role::Admin,
    ] {
        let account = staff
            .iter()
            .find(|s| s.value.role == role)
            .unwrap_or_else(|| panic!("an account of {role:?}"));
        let caller = service.caller(&account.value.login, today()).unwrap();
        assert!(
            service
                .overview_snapshot(&caller, today())
                .unwrap()
                .is_none(),
            "{role:?} gets no Overview's snapshot"
        );
    }
    let assistant = staff
        .iter()
        .find(|s| s.value.role == asystent::domain::Role::Assistant)
        .unwrap();
    let app =
        App::overview_first(service, &assistant.value.login, today(), Language::Polish).unwrap();
    assert!(!app.is_loading(), "an assistant's register is read at once");
    assert!(!app.snapshot.families.is_empty());
}

#[test]
fn the_first_overview_frame_is_the_one_drawn_after_the_register_is_read() {
    let (_dir, store) = register(450, 2);
    let service = service_on(store, AlertRules::default());
    let mut app = App::overview_first(service, SUPERVISOR, today(), Language::Polish).unwrap();
    assert!(app.is_loading());
    assert!(app.snapshot.families.is_empty());
    let first = [frame(&app, 80, 24), frame(&app, 132, 60)];
    assert!(app.finish_loading().unwrap(), "the register is read");
    assert!(!app.is_loading());
    assert_eq!(app.snapshot.families.len(), 450);
    let after = [frame(&app, 80, 24), frame(&app, 132, 60)];
    for (first, after) in first.iter().zip(&after) {
        let (first, after) = (rows(first), rows(after));
        let last = first.len() - 1;
        assert_eq!(
            first[..last],
            after[..last],
            "the first frame was already complete"
        );
        assert!(first[last].contains("Wczytuję rejestr"), "{}", first[last]);
        assert!(!after[last].contains("Wczytuję rejestr"), "{}", after[last]);
    }
    assert!(!app.finish_loading().unwrap(), "read once");
}

/// A family of the register with the given status.
fn family_with(service: &Service, status: FamilyStatus) -> (Id, u64) {
    let families = service.store().families().unwrap().records;
    let found = families
        .iter()
        .find(|f| f.value.status == status && f.value.assistant.is_some())
        .unwrap_or_else(|| panic!("the demo has a family with status {status:?}"));
    (found.value.id, found.rev)
}

#[test]
fn digests_follow_every_save_that_changes_what_the_overview_shows() {
    let (_dir, store) = register(40, 1);
    let service = service_on(store, AlertRules::default());
    let store = service.store();

    // Another assistant and another status.
    let (id, rev) = family_with(&service, FamilyStatus::Active);
    let mut family = store.family(id).unwrap().unwrap().value;
    let other = store
        .staff()
        .unwrap()
        .records
        .into_iter()
        .map(|s| s.value)
        .find(|s| s.role == asystent::domain::Role::Assistant && Some(s.id) != family.assistant)
        .unwrap();
    family.assistant = Some(other.id);
    family.case_number = "AR/2026/999".into();
    store.put_family(&family, Some(rev)).unwrap();
    assert_same_overview(&service, SUPERVISOR, today());

    // A court request due next week, and a planned visit left without an outcome.
    let request = CourtRequest {
        id: store.new_id().unwrap(),
        family_id: id,
        court: "Sąd Rejonowy".into(),
        signature: "III Nsm 9/26".into(),
        received: today() - Days::new(20),
        due: today() + Days::new(7),
        delivered: None,
    };
    store.put_court_request(&request, None).unwrap();
    let some_visit = store.visits_of(id).unwrap().records.remove(0).value;
    let visit = Visit {
        id: store.new_id().unwrap(),
        date: today() - Days::new(3),
        time: NaiveTime::from_hms_opt(7, 15, 0).unwrap(),
        status: VisitStatus::Planned,
        history: Vec::new(),
        ..some_visit
    };
    store.put_visit(&visit, None).unwrap();
    let kinds = assert_same_overview(&service, SUPERVISOR, today());
    assert!(kinds.contains("CourtOpinion") && kinds.contains("VisitOutcome"));

    // A family closed into monitoring, and a family deleted with its members.
    let (closing, rev) = family_with(&service, FamilyStatus::Active);
    let mut family = store.family(closing).unwrap().unwrap().value;
    family.status = FamilyStatus::Monitoring;
    family.closure = Some(asystent::domain::Closure {
        date: today() - Days::new(40),
        reason: asystent::domain::ClosureReason::GoalsAchieved,
        summary: "Cele osiągnięte.".into(),
        monitoring_until: Some(today() + Days::new(100)),
    });
    store.put_family(&family, Some(rev)).unwrap();
    let (gone, rev) = family_with(&service, FamilyStatus::Active);
    let gone_family = store.family(gone).unwrap().unwrap().value;
    let members: Vec<_> = store
        .members_of(gone)
        .unwrap()
        .records
        .into_iter()
        .map(|m| (m.value, m.rev))
        .collect();
    store.delete_family(&gone_family, rev, &members).unwrap();
    assert_same_overview(&service, SUPERVISOR, today());
    let quick = supervisors_overview(&service, today()).unwrap();
    assert_eq!(quick.label(gone), None, "a deleted family leaves no digest");
    assert!(store.check().unwrap().is_healthy());
}

/// The bucket of the digests' tree that holds family `id` (its id's first 7 bytes).
fn digest_bucket(id: Id) -> Vec<u8> {
    id.to_be_bytes()[..7].to_vec()
}

#[test]
fn opening_a_schema_8_register_builds_the_digests() {
    let (dir, store) = register(40, 1);
    let families: Vec<Id> = store
        .families()
        .unwrap()
        .records
        .iter()
        .map(|f| f.value.id)
        .collect();
    {
        // Schema 8 had no digests; one family's summary is missing as well.
        let buckets: BTreeSet<Vec<u8>> = families.iter().map(|&id| digest_bucket(id)).collect();
        for bucket in buckets {
            store
                .raw_remove_for_tests("family_digests", &bucket)
                .unwrap();
        }
        store
            .raw_remove_for_tests("family_summaries", &families[3].to_be_bytes())
            .unwrap();
        store.set_schema_version_for_tests(8).unwrap();
        let service = service_on(store, AlertRules::default());
        let quick = supervisors_overview(&service, today()).unwrap();
        assert!(quick.alerts.is_empty(), "no digests before the migration");
    }
    let store = Store::open(&db(&dir)).unwrap();
    assert!(store.check().unwrap().is_healthy(), "digests as a rebuild");
    let service = service_on(store, AlertRules::default());
    assert_same_overview(&service, SUPERVISOR, today());
    assert_eq!(families.len(), 40);
}

#[test]
fn a_damaged_digest_bucket_sends_the_overview_to_the_register_until_repaired() {
    let (dir, store) = register(40, 1);
    let families = store.families().unwrap().records;
    let first = families[0].value.id;
    store
        .raw_insert_for_tests("family_digests", &digest_bucket(first), b"\x07not a bucket")
        .unwrap();
    let report = store.check().unwrap();
    let digests = report
        .indexes
        .iter()
        .find(|i| i.tree == "family_digests")
        .unwrap();
    assert_eq!(digests.stray, 1, "the bucket is reported: {digests:?}");
    assert!(!report.derived_is_sound());

    // A save to a family of that bucket is acknowledged; its digest waits.
    let mut family = families[0].value.clone();
    family.notes = "Po rozmowie z pedagogiem.".into();
    store.put_family(&family, Some(families[0].rev)).unwrap();
    let service = service_on(store, AlertRules::default());
    assert!(supervisors_overview(&service, today()).is_none());
    drop(service);

    // The register still opens, and the workstation reads it whole at once.
    let store = Store::open(&db(&dir)).unwrap();
    let service = service_on(store, AlertRules::default());
    let app = App::overview_first(service, SUPERVISOR, today(), Language::Polish).unwrap();
    assert!(!app.is_loading());
    assert_eq!(app.snapshot.families.len(), 40);
    drop(app);

    let store = Store::open(&db(&dir)).unwrap();
    store.repair().unwrap();
    assert!(store.check().unwrap().is_healthy());
    let service = service_on(store, AlertRules::default());
    assert_same_overview(&service, SUPERVISOR, today());
}

#[test]
fn an_overview_with_more_visits_than_it_reads_counts_them_all() {
    let (_dir, store) = register(1200, 1);
    let service = service_on(store, AlertRules::default());
    let quick = supervisors_overview(&service, today()).unwrap();
    assert!(
        quick.upcoming_total() > quick.upcoming.len(),
        "more visits today and tomorrow than an Overview's snapshot reads: {}",
        quick.upcoming_total()
    );
    assert_same_overview(&service, SUPERVISOR, today());
}

#[test]
fn families_marked_by_an_unfinished_save_are_derived_anew_for_the_overview() {
    let (_dir, store) = register(40, 1);
    let first = store.families().unwrap().records[0].value.id;
    let bucket = digest_bucket(first);
    // A save that stopped before its digests were written: its families are marked,
    // and their bucket is not there yet.
    for family in store.families().unwrap().records {
        if digest_bucket(family.value.id) == bucket {
            store
                .raw_insert_for_tests("summaries_dirty", &family.value.id.to_be_bytes(), b"x")
                .unwrap();
        }
    }
    store
        .raw_remove_for_tests("family_digests", &bucket)
        .unwrap();
    let service = service_on(store, AlertRules::default());
    assert_same_overview(&service, SUPERVISOR, today());
    let quick = supervisors_overview(&service, today()).unwrap();
    assert!(quick.label(first).is_some());
}
