//! Store tests on temporary databases: round trips, reopen, revisions, lock, schema,
//! indexes, golden bytes, damaged records.

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

use asystent::domain::pesel::Pesel;
use asystent::domain::*;
use asystent::store::codec::{self, Record};
use asystent::store::drafts::{self, Draft, DraftField};
use asystent::store::legacy::{
    CooperationV1, FamilyStatusV1, FamilyV1, InstitutionKindV1, StaffV1, VisitV1,
};
use asystent::store::{SCHEMA_VERSION, Store, StoreError};
use chrono::{NaiveDate, NaiveTime, Timelike};

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("valid test date")
}

fn time(h: u32, m: u32) -> NaiveTime {
    NaiveTime::from_hms_opt(h, m, 0).expect("valid test time")
}

fn staff(id: Id, login: &str) -> Staff {
    Staff {
        id,
        login: login.into(),
        name: format!("Pani {login}"),
        role: Role::Assistant,
        active: true,
        stand_ins: Vec::new(),
    }
}

/// A fictional family with every optional part filled in.
fn family(id: Id, assistant: Option<Id>) -> Family {
    Family {
        id,
        case_number: format!("AR/2026/{id:03}"),
        name: "Wiśniewscy".into(),
        address: "ul. Przykładowa 1/2, 00-001 Nibylandia".into(),
        phones: vec!["500 000 001".into(), "22 000 00 02".into()],
        assistant,
        social_worker: SocialWorkerRef {
            name: "Zofia Źdźbło".into(),
            phone: "22 000 00 03".into(),
        },
        referral_date: date(2026, 1, 12),
        consent_date: Some(date(2026, 1, 19)),
        work_started: Some(date(2026, 1, 20)),
        status: FamilyStatus::Active,
        flags: FamilyFlags {
            court_obliged: true,
            za_zyciem: false,
            niebieska_karta: true,
            kurator: Some("Jan Kurator".into()),
        },
        closure: Some(Closure {
            date: date(2026, 12, 31),
            reason: ClosureReason::Other("przeprowadzka za granicę".into()),
            summary: "Cele częściowo osiągnięte.".into(),
            monitoring_until: Some(date(2027, 6, 30)),
        }),
        notes: "Zażółć gęślą jaźń.".into(),
        history: Vec::new(),
    }
}

fn member(id: Id, family_id: Id) -> Member {
    Member {
        id,
        family_id,
        role: MemberRole::Child,
        first_name: "Łucja".into(),
        last_name: "Wiśniewska".into(),
        birth_date: Some(date(1944, 5, 14)),
        pesel: Some(Pesel::parse("44051401359").expect("valid test PESEL")),
        foster: Some(FosterPlacement {
            since: date(2025, 9, 1),
            form: FosterForm::FamilyChildrensHome,
            coordinator_name: "Koordynatorka".into(),
            coordinator_phone: "600 000 004".into(),
            returned_home: None,
        }),
        left_household: None,
    }
}

fn plan(id: Id, family_id: Id, version: u32) -> WorkPlan {
    WorkPlan {
        id,
        family_id,
        version,
        drawn_up: date(2026, 2, 1),
        period_from: date(2026, 2, 1),
        period_to: date(2026, 7, 31),
        strengths: "Więzi rodzinne.".into(),
        problems: "Zadłużenie.".into(),
        goals: vec![Goal {
            area: GoalArea::Budget,
            text: "Spłata zadłużenia".into(),
            actions: vec![PlanAction {
                what: "Plan budżetu".into(),
                who: "asystent i matka".into(),
                deadline: Some(date(2026, 3, 1)),
                expected_effect: "Budżet domowy".into(),
                status: ActionStatus::Done(date(2026, 2, 20)),
            }],
        }],
        consultation: Some(Consultation {
            social_worker: "Zofia Źdźbło".into(),
            date: date(2026, 2, 3),
        }),
        child_plan_link: Some(ChildPlanLink {
            coordinator: "Koordynatorka".into(),
            date: date(2026, 2, 4),
        }),
        signed_family: Some(date(2026, 2, 5)),
        signed_assistant: Some(date(2026, 2, 5)),
        superseded: None,
    }
}

fn visit(id: Id, family_id: Id, day: NaiveDate, at: NaiveTime) -> Visit {
    Visit {
        id,
        family_id,
        assistant: 1,
        date: day,
        time: at,
        duration_min: 90,
        place: VisitPlace::Other("świetlica".into()),
        kind: VisitKind::HomeVisit,
        status: VisitStatus::Held,
        record: VisitRecord {
            present: "matka, dzieci".into(),
            since_last: "Opłacono czynsz.".into(),
            done_now: "Rozmowa o budżecie.".into(),
            tasks: "Wizyta w MOPS.".into(),
        },
        history: Vec::new(),
    }
}

fn assessment(id: Id, family_id: Id, on: NaiveDate) -> Assessment {
    Assessment {
        id,
        family_id,
        date: on,
        period_from: date(2026, 1, 20),
        period_to: on,
        changes: "Poprawa.".into(),
        goal_progress: vec![("Spłata zadłużenia".into(), GoalProgress::Partly)],
        child_safety: "Bez zastrzeżeń.".into(),
        cooperation: "Dobra.".into(),
        resources_risks: "Ryzyko nawrotu zadłużenia.".into(),
        recommendation: Recommendation::Continue,
        sent_to_head: Some(on),
    }
}

fn court_request(id: Id, family_id: Id) -> CourtRequest {
    CourtRequest {
        id,
        family_id,
        court: "Sąd Rejonowy w Nibylandii".into(),
        signature: "III Nsm 1/26".into(),
        received: date(2026, 3, 2),
        due: date(2026, 3, 16),
        delivered: None,
    }
}

fn cooperation(id: Id, family_id: Id, on: NaiveDate) -> Cooperation {
    Cooperation {
        id,
        family_id,
        date: on,
        institution: InstitutionKind::School,
        institution_name: "Szkoła Podstawowa nr 1".into(),
        person: "Anna Nauczycielka".into(),
        note: "Frekwencja lepsza.".into(),
    }
}

/// A small register with every kind, in store key order (so export returns it as it is).
fn dataset() -> Dataset {
    Dataset {
        staff: vec![staff(1, "anowak"), staff(2, "bkowal")],
        families: vec![family(10, Some(1)), family(11, Some(2)), family(12, None)],
        members: vec![member(20, 10), member(21, 10), member(22, 11)],
        plans: vec![plan(30, 10, 1), plan(31, 10, 2)],
        visits: vec![
            visit(40, 10, date(2026, 3, 2), time(9, 0)),
            visit(41, 11, date(2026, 3, 1), time(12, 30)),
            visit(42, 10, date(2026, 3, 2), time(8, 0)),
        ],
        assessments: vec![assessment(50, 10, date(2026, 4, 20))],
        court_requests: vec![court_request(60, 11)],
        cooperation: vec![cooperation(70, 10, date(2026, 3, 5))],
    }
}

/// sled itself on a database directory, waiting (up to 3 s) while a store just dropped
/// in this process still holds sled's file, as `Store::open` does.
fn raw_sled(dir: &Path) -> sled::Db {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(3);
    loop {
        match sled::open(dir.join("db")) {
            Ok(db) => return db,
            Err(e) if std::time::Instant::now() < deadline => {
                assert!(e.to_string().contains("could not acquire lock"), "{e}");
                std::thread::sleep(std::time::Duration::from_millis(20));
            }
            Err(e) => panic!("{e}"),
        }
    }
}

fn temp() -> tempfile::TempDir {
    tempfile::tempdir().expect("temporary directory")
}

fn db_dir(tmp: &tempfile::TempDir) -> PathBuf {
    tmp.path().join("asystent")
}

fn values<T>(loaded: asystent::store::Loaded<T>) -> Vec<T> {
    assert!(loaded.damaged.is_empty(), "damaged: {:?}", loaded.damaged);
    loaded.records.into_iter().map(|v| v.value).collect()
}

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// Reads every kind back one put at a time, then again after reopening.
#[test]
fn every_kind_round_trips_and_survives_reopen() {
    let tmp = temp();
    let data = dataset();
    let check = |store: &Store| {
        assert_eq!(values(store.staff().unwrap()), data.staff);
        assert_eq!(values(store.families().unwrap()), data.families);
        let members: Vec<Member> = [10, 11]
            .iter()
            .flat_map(|f| values(store.members_of(*f).unwrap()))
            .collect();
        assert_eq!(members, data.members);
        assert_eq!(values(store.plans_of(10).unwrap()), data.plans);
        assert_eq!(values(store.plans().unwrap()), data.plans);
        assert_eq!(values(store.assessments_of(10).unwrap()), data.assessments);
        assert_eq!(values(store.assessments().unwrap()), data.assessments);
        assert_eq!(
            values(store.court_requests_of(11).unwrap()),
            data.court_requests
        );
        assert_eq!(values(store.court_requests().unwrap()), data.court_requests);
        assert_eq!(values(store.cooperation_of(10).unwrap()), data.cooperation);
        assert!(values(store.cooperation_of(11).unwrap()).is_empty());
        let family = store.family(11).unwrap().expect("family 11");
        assert_eq!((family.rev, family.value), (1, data.families[1].clone()));
        assert!(store.family(99).unwrap().is_none());
        let (exported, damaged) = store.export().unwrap();
        assert!(damaged.is_empty());
        assert_eq!(exported, data);
    };
    {
        let store = Store::open(&db_dir(&tmp)).unwrap();
        assert!(store.is_empty().unwrap());
        assert_eq!(store.path(), db_dir(&tmp));
        for s in &data.staff {
            assert_eq!(store.put_staff(s, None).unwrap(), 1);
        }
        for f in &data.families {
            assert_eq!(store.put_family(f, None).unwrap(), 1);
        }
        for m in &data.members {
            assert_eq!(store.put_member(m, None).unwrap(), 1);
        }
        // Newest plan first: plans_of still returns them by version.
        for p in data.plans.iter().rev() {
            assert_eq!(store.put_plan(p, None).unwrap(), 1);
        }
        for v in &data.visits {
            assert_eq!(store.put_visit(v, None).unwrap(), 1);
        }
        for a in &data.assessments {
            assert_eq!(store.put_assessment(a, None).unwrap(), 1);
        }
        for c in &data.court_requests {
            assert_eq!(store.put_court_request(c, None).unwrap(), 1);
        }
        for c in &data.cooperation {
            assert_eq!(store.put_cooperation(c, None).unwrap(), 1);
        }
        assert!(!store.is_empty().unwrap());
        check(&store);
    }
    let store = Store::open(&db_dir(&tmp)).unwrap();
    check(&store);
    assert!(store.indexes_match_rebuild().unwrap());
}

#[test]
fn visits_come_by_date_and_time() {
    let tmp = temp();
    let store = Store::open(&db_dir(&tmp)).unwrap();
    store.import(&dataset()).unwrap();
    let ids = |loaded| -> Vec<Id> { values(loaded).iter().map(|v: &Visit| v.id).collect() };
    let march = store
        .visits_between(date(2026, 3, 1), date(2026, 3, 2))
        .unwrap();
    assert_eq!(ids(march), vec![41, 42, 40]);
    let second = store
        .visits_between(date(2026, 3, 2), date(2026, 3, 2))
        .unwrap();
    assert_eq!(ids(second), vec![42, 40]);
    let first = store
        .visits_between(date(2026, 3, 1), date(2026, 3, 1))
        .unwrap();
    assert_eq!(ids(first), vec![41]);
    let none = store
        .visits_between(date(2026, 3, 3), date(2026, 3, 1))
        .unwrap();
    assert_eq!(ids(none), Vec::<Id>::new());
    // A family's visits by date and time (42 at 8:00 before 40 at 9:00).
    assert_eq!(ids(store.visits_of(10).unwrap()), vec![42, 40]);
    assert_eq!(ids(store.visits_of(11).unwrap()), vec![41]);
    let caseload: Vec<Id> = values(store.families_of_assistant(1).unwrap())
        .iter()
        .map(|f| f.id)
        .collect();
    assert_eq!(caseload, vec![10]);
}

#[test]
fn a_family_with_many_visits_gets_them_in_order_and_hears_of_the_missing() {
    // More visits than `Store::get_all` reads before it judges the cache; from this
    // warm cache one after the other (its unit test reads them on threads too).
    let tmp = temp();
    let store = Store::open(&db_dir(&tmp)).unwrap();
    store.import(&dataset()).unwrap();
    let mut expected = values(store.visits_of(10).unwrap());
    for n in 0..40u32 {
        // Days out of order, and two visits on some days, the later one saved first.
        let day = date(2025, 1, 1) + chrono::Days::new(u64::from((n * 7) % 40));
        let at = NaiveTime::from_hms_opt(8 + (n % 2) * 4, 0, 0).unwrap();
        let v = visit(1000 - Id::from(n), 10, day, at);
        store.put_visit(&v, None).unwrap();
        expected.push(v);
    }
    expected.sort_by_key(|v| (v.date, v.time, v.id));
    let ids = |visits: &[Visit]| -> Vec<Id> { visits.iter().map(|v| v.id).collect() };
    let loaded = store.visits_of(10).unwrap();
    assert!(loaded.damaged.is_empty());
    assert_eq!(ids(&values(loaded)), ids(&expected));
    // Three records gone from under their index entries: the others still in order.
    let gone: Vec<Visit> = [3, 17, 30].iter().map(|&i| expected[i].clone()).collect();
    for v in &gone {
        store
            .raw_remove_for_tests("visit_records", &asystent::store::keys::visit_key(v))
            .unwrap();
    }
    expected.retain(|v| !gone.iter().any(|g| g.id == v.id));
    let loaded = store.visits_of(10).unwrap();
    assert_eq!(loaded.damaged.len(), 3, "{:?}", loaded.damaged);
    assert!(
        loaded
            .damaged
            .iter()
            .all(|e| e.to_string().contains("missing record"))
    );
    let found: Vec<Visit> = loaded.records.into_iter().map(|v| v.value).collect();
    assert_eq!(ids(&found), ids(&expected));
}

#[test]
fn saves_check_revisions() {
    let tmp = temp();
    let store = Store::open(&db_dir(&tmp)).unwrap();
    let mut f = family(10, Some(1));
    assert_eq!(store.put_family(&f, None).unwrap(), 1);
    f.notes = "Zmiana.".into();
    assert_eq!(store.put_family(&f, Some(1)).unwrap(), 2);
    match store.put_family(&f, Some(1)) {
        Err(StoreError::Conflict {
            tree,
            id,
            found,
            expected,
        }) => assert_eq!((tree.as_str(), id, found, expected), ("families", 10, 2, 1)),
        other => panic!("expected a conflict, got {other:?}"),
    }
    assert!(matches!(
        store.put_family(&f, None),
        Err(StoreError::Conflict {
            found: 2,
            expected: 0,
            ..
        })
    ));
    // Saving a record that is not there over an expected revision is a conflict too.
    assert!(matches!(
        store.put_family(&family(11, None), Some(1)),
        Err(StoreError::Conflict {
            found: 0,
            expected: 1,
            ..
        })
    ));
    let stored = store.family(10).unwrap().expect("family 10");
    assert_eq!((stored.rev, stored.value), (2, f));
    // Family-keyed kinds are checked the same way.
    let m = member(20, 10);
    assert_eq!(store.put_member(&m, None).unwrap(), 1);
    assert!(matches!(
        store.put_member(&m, None),
        Err(StoreError::Conflict { .. })
    ));
    assert_eq!(store.put_member(&m, Some(1)).unwrap(), 2);
}

#[test]
fn import_overwrites_and_counts_revisions_on() {
    let tmp = temp();
    let store = Store::open(&db_dir(&tmp)).unwrap();
    store.put_family(&family(10, Some(1)), None).unwrap();
    store.import(&dataset()).unwrap();
    assert_eq!(store.family(10).unwrap().expect("family").rev, 2);
    assert_eq!(store.family(11).unwrap().expect("family").rev, 1);
    assert!(store.indexes_match_rebuild().unwrap());
}

#[test]
fn second_open_is_refused_with_the_holder() {
    let tmp = temp();
    let dir = db_dir(&tmp);
    let first = Store::open(&dir).unwrap();
    match Store::open(&dir) {
        Err(StoreError::Locked {
            path,
            pid,
            user,
            since,
        }) => {
            assert_eq!(path, dir);
            assert_eq!(pid, std::process::id().to_string());
            assert_ne!(user, "?");
            assert!(
                chrono::DateTime::parse_from_rfc3339(&since).is_ok(),
                "{since}"
            );
        }
        Err(other) => panic!("expected Locked, got {other:?}"),
        Ok(_) => panic!("expected Locked, got a second store"),
    }
    drop(first);
    let again = Store::open(&dir).unwrap();
    assert!(again.is_empty().unwrap());
}

#[test]
fn open_waits_for_sled_of_a_closing_store() {
    let tmp = temp();
    let dir = db_dir(&tmp);
    drop(Store::open(&dir).unwrap());
    // Stand-in for background tasks of a dropped store that still hold sled's file.
    // The store just dropped may itself hold it a moment longer: the stand-in waits too.
    let raw = raw_sled(&dir);
    let closer = std::thread::spawn(move || {
        std::thread::sleep(std::time::Duration::from_millis(300));
        drop(raw);
    });
    let store = Store::open(&dir).unwrap();
    closer.join().unwrap();
    assert!(store.is_empty().unwrap());
}

#[test]
fn garbage_in_a_held_lock_file_becomes_question_marks() {
    let tmp = temp();
    let dir = db_dir(&tmp);
    std::fs::create_dir_all(&dir).unwrap();
    let lock_path = dir.join(asystent::store::lock::LOCK_FILE_NAME);
    std::fs::write(&lock_path, b"\xff\xfe garbage\npid=abc\n").unwrap();
    let file = std::fs::File::open(&lock_path).unwrap();
    file.lock().unwrap();
    match Store::open(&dir) {
        Err(StoreError::Locked {
            pid, user, since, ..
        }) => assert_eq!((pid, user, since), ("?".into(), "?".into(), "?".into())),
        Err(other) => panic!("expected Locked, got {other:?}"),
        Ok(_) => panic!("expected Locked, got a store"),
    }
    // The holder's file is left as it was.
    assert_eq!(
        std::fs::read(&lock_path).unwrap(),
        b"\xff\xfe garbage\npid=abc\n"
    );
}

#[test]
fn newer_schema_is_refused_and_left_alone() {
    let tmp = temp();
    let dir = db_dir(&tmp);
    {
        let store = Store::open(&dir).unwrap();
        store.put_staff(&staff(1, "anowak"), None).unwrap();
        store
            .set_schema_version_for_tests(SCHEMA_VERSION + 1)
            .unwrap();
    }
    match Store::open(&dir) {
        Err(StoreError::NewerSchema {
            path,
            found,
            supported,
        }) => {
            assert_eq!(path, dir);
            assert_eq!((found, supported), (SCHEMA_VERSION + 1, SCHEMA_VERSION));
        }
        Err(other) => panic!("expected NewerSchema, got {other:?}"),
        Ok(_) => panic!("expected NewerSchema, got a store"),
    }
    let db = raw_sled(&dir);
    let meta = db.open_tree("meta").unwrap();
    let stored = meta.get("schema_version").unwrap().expect("schema version");
    assert_eq!(stored.as_ref(), &(SCHEMA_VERSION + 1).to_be_bytes());
}

#[test]
fn new_database_records_the_schema_version() {
    let tmp = temp();
    let dir = db_dir(&tmp);
    drop(Store::open(&dir).unwrap());
    let db = raw_sled(&dir);
    let meta = db.open_tree("meta").unwrap();
    let stored = meta.get("schema_version").unwrap().expect("schema version");
    assert_eq!(stored.as_ref(), &SCHEMA_VERSION.to_be_bytes());
}

#[test]
fn indexes_equal_a_rebuild_after_overwrites_and_can_be_repaired() {
    let tmp = temp();
    let store = Store::open(&db_dir(&tmp)).unwrap();
    store.import(&dataset()).unwrap();
    assert!(store.indexes_match_rebuild().unwrap());

    // Move a visit to another day and another family, and a family to another assistant.
    let mut moved = visit(40, 11, date(2026, 5, 4), time(15, 0));
    moved.record.tasks = "Przeniesiona.".into();
    assert_eq!(store.put_visit(&moved, Some(1)).unwrap(), 2);
    let mut reassigned = family(10, Some(2));
    assert_eq!(store.put_family(&reassigned, Some(1)).unwrap(), 2);
    reassigned.assistant = None;
    assert_eq!(store.put_family(&reassigned, Some(2)).unwrap(), 3);
    store.put_family(&family(13, Some(1)), None).unwrap();
    store
        .put_visit(&visit(43, 13, date(2026, 3, 2), time(9, 0)), None)
        .unwrap();
    assert!(store.indexes_match_rebuild().unwrap());

    let ids = |loaded| -> Vec<Id> { values(loaded).iter().map(|v: &Visit| v.id).collect() };
    let march = store
        .visits_between(date(2026, 3, 1), date(2026, 3, 31))
        .unwrap();
    assert_eq!(ids(march), vec![41, 42, 43]);
    assert_eq!(ids(store.visits_of(10).unwrap()), vec![42]);
    assert_eq!(ids(store.visits_of(11).unwrap()), vec![41, 40]);
    let caseload = |a| -> Vec<Id> {
        values(store.families_of_assistant(a).unwrap())
            .iter()
            .map(|f| f.id)
            .collect()
    };
    assert_eq!(caseload(1), vec![13]);
    assert_eq!(caseload(2), vec![11]);

    // A stray entry and a missing one.
    let mut stray = 7u64.to_be_bytes().to_vec();
    stray.extend_from_slice(&99u64.to_be_bytes());
    store
        .raw_insert_for_tests("families_by_assistant", &stray, &[])
        .unwrap();
    assert!(!store.indexes_match_rebuild().unwrap());
    let broken = store.families_of_assistant(7).unwrap();
    assert!(broken.records.is_empty());
    assert!(matches!(
        broken.damaged.as_slice(),
        [StoreError::Corrupt { .. }]
    ));
    let missing =
        asystent::store::keys::visit_of_family(&visit(43, 13, date(2026, 3, 2), time(9, 0)));
    store
        .raw_remove_for_tests("visits_of_family", &missing)
        .unwrap();
    store.rebuild_indexes().unwrap();
    assert!(store.indexes_match_rebuild().unwrap());
    assert_eq!(caseload(7), Vec::<Id>::new());
    assert_eq!(ids(store.visits_of(13).unwrap()), vec![43]);

    // A non-empty value in an index also counts as a difference.
    let key = asystent::store::keys::visit_by_id(&visit(41, 11, date(2026, 3, 1), time(12, 30)));
    store
        .raw_insert_for_tests("visit_places", &key, b"x")
        .unwrap();
    assert!(!store.indexes_match_rebuild().unwrap());
    store.rebuild_indexes().unwrap();
    assert!(store.indexes_match_rebuild().unwrap());
}

#[test]
fn damaged_record_is_reported_not_fatal() {
    let tmp = temp();
    let store = Store::open(&db_dir(&tmp)).unwrap();
    store.import(&dataset()).unwrap();
    store
        .raw_insert_for_tests("families", &11u64.to_be_bytes(), b"\x01\x00\x01garbage")
        .unwrap();
    let loaded = store.families().unwrap();
    let ids: Vec<Id> = loaded.records.iter().map(|f| f.value.id).collect();
    assert_eq!(ids, vec![10, 12]);
    match loaded.damaged.as_slice() {
        [StoreError::Corrupt { tree, key, .. }] => {
            assert_eq!(
                (tree.as_str(), key.as_str()),
                ("families", "000000000000000b")
            );
        }
        other => panic!("expected one damaged family, got {other:?}"),
    }
    assert!(matches!(store.family(11), Err(StoreError::Corrupt { .. })));
    // A list through the index reports it too, and export skips it.
    let caseload = store.families_of_assistant(2).unwrap();
    assert!(caseload.records.is_empty());
    assert_eq!(caseload.damaged.len(), 1);
    let (exported, damaged) = store.export().unwrap();
    assert_eq!(exported.families.len(), 2);
    assert_eq!(damaged.len(), 1);
    // A save cannot go over it (nobody could have read its revision) ...
    assert!(matches!(
        store.put_family(&family(11, Some(1)), Some(1)),
        Err(StoreError::Corrupt { .. })
    ));
    // ... but an import replaces it, and the indexes are rebuilt around it.
    store
        .import(&Dataset {
            families: vec![family(11, Some(1))],
            ..Dataset::default()
        })
        .unwrap();
    assert!(store.families().unwrap().damaged.is_empty());
    assert!(store.indexes_match_rebuild().unwrap());
    let caseload: Vec<Id> = values(store.families_of_assistant(1).unwrap())
        .iter()
        .map(|f| f.id)
        .collect();
    assert_eq!(caseload, vec![10, 11]);
}

#[test]
fn record_under_a_wrong_key_is_damaged() {
    let tmp = temp();
    let store = Store::open(&db_dir(&tmp)).unwrap();
    let bytes = codec::encode(&family(10, None), 1).unwrap();
    store
        .raw_insert_for_tests("families", &12u64.to_be_bytes(), &bytes)
        .unwrap();
    assert!(matches!(store.family(12), Err(StoreError::Corrupt { .. })));
}

#[test]
fn directory_is_created_private() {
    let tmp = temp();
    let dir = tmp.path().join("a").join("b").join("asystent");
    drop(Store::open(&dir).unwrap());
    for path in [tmp.path().join("a"), dir.clone()] {
        let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o700, "{}", path.display());
    }
    let lock = std::fs::metadata(dir.join("asystent.lock")).unwrap();
    assert_eq!(lock.permissions().mode() & 0o777, 0o600);
}

#[test]
fn a_file_in_the_way_is_a_directory_error() {
    let tmp = temp();
    let file = tmp.path().join("plik");
    std::fs::write(&file, b"").unwrap();
    assert!(matches!(
        Store::open(&file),
        Err(StoreError::Directory { .. })
    ));
    assert!(matches!(
        Store::open(&file.join("asystent")),
        Err(StoreError::Directory { .. })
    ));
}

#[test]
fn new_ids_stay_above_imported_and_saved_ones() {
    let tmp = temp();
    let dir = db_dir(&tmp);
    {
        let store = Store::open(&dir).unwrap();
        let first = store.new_id().unwrap();
        assert!(store.new_id().unwrap() > first);
        store.import(&dataset()).unwrap();
        let id = store.new_id().unwrap();
        assert!(id > 70, "{id}");
        store.put_staff(&staff(1000, "cnowy"), None).unwrap();
        assert!(store.new_id().unwrap() > 1000);
    }
    let store = Store::open(&dir).unwrap();
    assert!(store.new_id().unwrap() > 1000);
}

/// The family of the version 1 golden fixture, as version 1 wrote it.
fn golden_family_v1() -> FamilyV1 {
    FamilyV1 {
        id: 7,
        case_number: "AR/2026/007".into(),
        name: "Wiśniewscy".into(),
        address: "ul. Przykładowa 1/2, 00-001 Nibylandia".into(),
        phones: vec!["500 000 001".into(), "22 000 00 02".into()],
        assistant: Some(3),
        social_worker: SocialWorkerRef {
            name: "Zofia Źdźbło".into(),
            phone: "22 000 00 03".into(),
        },
        referral_date: date(2026, 1, 12),
        consent_date: Some(date(2026, 1, 19)),
        work_started: Some(date(2026, 1, 20)),
        status: FamilyStatusV1::Active,
        flags: FamilyFlags {
            court_obliged: true,
            za_zyciem: false,
            niebieska_karta: true,
            kurator: Some("Jan Kurator".into()),
        },
        closure: Some(Closure {
            date: date(2026, 12, 31),
            reason: ClosureReason::Other("przeprowadzka za granicę".into()),
            summary: "Cele częściowo osiągnięte.".into(),
            monitoring_until: Some(date(2027, 6, 30)),
        }),
        notes: "Zażółć gęślą jaźń.".into(),
    }
}

/// The fixed family of the golden fixture, spelled out so that no shared helper can
/// change it; changing it means a new record version.
fn golden_family() -> Family {
    Family {
        id: 7,
        case_number: "AR/2026/007".into(),
        name: "Wiśniewscy".into(),
        address: "ul. Przykładowa 1/2, 00-001 Nibylandia".into(),
        phones: vec!["500 000 001".into(), "22 000 00 02".into()],
        assistant: Some(3),
        social_worker: SocialWorkerRef {
            name: "Zofia Źdźbło".into(),
            phone: "22 000 00 03".into(),
        },
        referral_date: date(2026, 1, 12),
        consent_date: Some(date(2026, 1, 19)),
        work_started: Some(date(2026, 1, 20)),
        status: FamilyStatus::Suspended,
        flags: FamilyFlags {
            court_obliged: true,
            za_zyciem: false,
            niebieska_karta: true,
            kurator: Some("Jan Kurator".into()),
        },
        closure: Some(Closure {
            date: date(2026, 12, 31),
            reason: ClosureReason::Other("przeprowadzka za granicę".into()),
            summary: "Cele częściowo osiągnięte.".into(),
            monitoring_until: Some(date(2027, 6, 30)),
        }),
        notes: "Zażółć gęślą jaźń.".into(),
        history: vec![
            StatusChange {
                date: date(2026, 1, 12),
                from: None,
                to: FamilyStatus::Referred,
                by: "kierownik".into(),
                closure: None,
            },
            StatusChange {
                date: date(2026, 12, 31),
                from: Some(FamilyStatus::Active),
                to: FamilyStatus::Suspended,
                by: "anowak".into(),
                closure: Some(Closure {
                    date: date(2026, 12, 31),
                    reason: ClosureReason::GoalsAchieved,
                    summary: "Zamknięcie.".into(),
                    monitoring_until: None,
                }),
            },
        ],
    }
}

/// The visit of the version 1 golden fixture, as version 1 wrote it.
fn golden_visit_v1() -> VisitV1 {
    VisitV1 {
        id: 8,
        family_id: 7,
        assistant: 3,
        date: date(2026, 3, 2),
        time: time(9, 30),
        duration_min: 90,
        place: VisitPlace::Other("świetlica".into()),
        kind: VisitKind::HomeVisit,
        status: VisitStatus::Held,
        record: VisitRecord {
            present: "matka, dzieci".into(),
            since_last: "Opłacono czynsz.".into(),
            done_now: "Rozmowa o budżecie.".into(),
            tasks: "Wizyta w MOPS.".into(),
        },
    }
}

/// The fixed visit of the golden fixture, spelled out like [`golden_family`].
fn golden_visit() -> Visit {
    Visit {
        id: 8,
        family_id: 7,
        assistant: 3,
        date: date(2026, 3, 2),
        time: time(9, 30),
        duration_min: 90,
        place: VisitPlace::Other("świetlica".into()),
        kind: VisitKind::HomeVisit,
        status: VisitStatus::Held,
        record: VisitRecord {
            present: "matka, dzieci".into(),
            since_last: "Opłacono czynsz.".into(),
            done_now: "Rozmowa o budżecie.".into(),
            tasks: "Wizyta w MOPS.".into(),
        },
        history: vec![
            VisitChange {
                on: date(2026, 2, 20),
                by: "anowak".into(),
                what: VisitChangeKind::Rescheduled {
                    from_date: date(2026, 2, 27),
                    from_time: time(17, 0),
                },
            },
            VisitChange {
                on: date(2026, 3, 1),
                by: "kierownik".into(),
                what: VisitChangeKind::Cancelled,
            },
        ],
    }
}

fn golden_cooperation_v1() -> CooperationV1 {
    CooperationV1 {
        id: 9,
        family_id: 7,
        date: date(2026, 4, 1),
        institution: InstitutionKindV1::InterdisciplinaryTeam,
        institution_name: "Zespół Interdyscyplinarny".into(),
        note: "Grupa robocza — spotkanie.".into(),
    }
}

fn golden_cooperation() -> Cooperation {
    Cooperation {
        id: 9,
        family_id: 7,
        date: date(2026, 4, 1),
        institution: InstitutionKind::Psychologist,
        institution_name: "Poradnia Psychologiczno-Pedagogiczna".into(),
        person: "Ewa Żurek".into(),
        note: "Termin diagnozy.".into(),
    }
}

fn check_golden<R: Record + Clone + PartialEq + std::fmt::Debug>(value: &R, name: &str) {
    let fixture = std::fs::read(fixture(name)).expect("fixture; see write_golden_fixtures");
    assert_eq!(
        codec::encode(value, 1).unwrap(),
        fixture,
        "encoding of {name} changed"
    );
    assert_eq!(codec::decode::<R>(&fixture).unwrap(), (1, value.clone()));
}

/// Checks that the bytes an older version wrote (`fixture`) are still those of
/// `old`, and that they decode into the current struct as the upgrade says.
fn check_golden_upgrade<R, Old>(old: &Old, name: &str, version: u16)
where
    R: Record + From<Old> + PartialEq + std::fmt::Debug,
    Old: serde::Serialize + Clone,
{
    let fixture = std::fs::read(fixture(name)).expect("fixture; see write_golden_fixtures");
    assert_eq!(codec::header(&fixture).unwrap(), (version, 1));
    assert_eq!(
        codec::encode_payload(old).unwrap(),
        fixture[codec::HEADER_LEN..],
        "the frozen version {version} struct of {name} changed"
    );
    assert_eq!(
        codec::decode::<R>(&fixture).unwrap(),
        (1, R::from(old.clone()))
    );
}

#[test]
fn golden_bytes_family_v1_upgrade() {
    check_golden_upgrade::<Family, _>(&golden_family_v1(), "family_v1.bin", 1);
    let upgraded = Family::from(golden_family_v1());
    assert_eq!(upgraded.status, FamilyStatus::Active);
    assert!(upgraded.history.is_empty(), "no history is made up");
}

#[test]
fn golden_bytes_family_v2() {
    check_golden(&golden_family(), "family_v2.bin");
}

#[test]
fn golden_bytes_cooperation_v1_upgrade() {
    check_golden_upgrade::<Cooperation, _>(&golden_cooperation_v1(), "cooperation_v1.bin", 1);
    let upgraded = Cooperation::from(golden_cooperation_v1());
    assert_eq!(upgraded.institution, InstitutionKind::InterdisciplinaryTeam);
    assert_eq!(upgraded.person, "");
}

#[test]
fn golden_bytes_cooperation_v2() {
    check_golden(&golden_cooperation(), "cooperation_v2.bin");
}

fn golden_draft() -> Draft {
    Draft {
        saved_at: "22.11.2026 12:00".into(),
        focus: 2,
        fields: vec![DraftField {
            id: "name".into(),
            text: "Wiśniewska\nŻółć".into(),
            choice: 3,
            flag: true,
        }],
    }
}

#[test]
fn golden_bytes_draft_v1() {
    let fixture = std::fs::read(fixture("draft_v1.bin")).expect("fixture");
    assert_eq!(drafts::encode(&golden_draft()).unwrap(), fixture);
    assert_eq!(drafts::decode(&fixture).unwrap(), golden_draft());
}

#[test]
fn golden_bytes_visit_v1_upgrade() {
    check_golden_upgrade::<Visit, _>(&golden_visit_v1(), "visit_v1.bin", 1);
    assert!(Visit::from(golden_visit_v1()).history.is_empty());
}

/// The staff account of the version 1 golden fixture, as version 1 wrote it.
fn golden_staff_v1() -> StaffV1 {
    StaffV1 {
        id: 3,
        login: "akowalska".into(),
        name: "Anna Kowalska-Żółć".into(),
        role: Role::Assistant,
        active: true,
    }
}

/// The fixed staff account of the golden fixture, with a stand-in.
fn golden_staff() -> Staff {
    Staff {
        stand_ins: vec![StandIn {
            assistant: 4,
            from: date(2026, 12, 1),
            to: date(2026, 12, 31),
            granted_by: "kierownik".into(),
        }],
        ..Staff::from(golden_staff_v1())
    }
}

#[test]
fn golden_bytes_staff_v1_upgrade() {
    check_golden_upgrade::<Staff, _>(&golden_staff_v1(), "staff_v1.bin", 1);
    assert!(Staff::from(golden_staff_v1()).stand_ins.is_empty());
}

#[test]
fn golden_bytes_staff_v2() {
    check_golden(&golden_staff(), "staff_v2.bin");
}

#[test]
fn golden_bytes_visit_v2() {
    check_golden(&golden_visit(), "visit_v2.bin");
}

/// Writes the golden fixtures that do not exist yet. Run by hand when a record
/// version is released: `cargo test --test store write_golden_fixtures -- --ignored`,
/// then commit them. A committed fixture is never rewritten: old bytes must keep decoding.
#[test]
#[ignore = "writes tests/fixtures; run by hand when a record version is released"]
fn write_golden_fixtures() {
    std::fs::create_dir_all(fixture("")).unwrap();
    let v1 = |payload: Vec<u8>| {
        let mut bytes = vec![codec::FORMAT_BINCODE2_SERDE, 0, 1];
        bytes.extend_from_slice(&1u64.to_be_bytes());
        bytes.extend_from_slice(&payload);
        bytes
    };
    let fixtures = [
        (
            "family_v1.bin",
            v1(codec::encode_payload(&golden_family_v1()).unwrap()),
        ),
        ("family_v2.bin", codec::encode(&golden_family(), 1).unwrap()),
        (
            "cooperation_v1.bin",
            v1(codec::encode_payload(&golden_cooperation_v1()).unwrap()),
        ),
        (
            "cooperation_v2.bin",
            codec::encode(&golden_cooperation(), 1).unwrap(),
        ),
        (
            "visit_v1.bin",
            v1(codec::encode_payload(&golden_visit_v1()).unwrap()),
        ),
        ("visit_v2.bin", codec::encode(&golden_visit(), 1).unwrap()),
        ("draft_v1.bin", drafts::encode(&golden_draft()).unwrap()),
        (
            "staff_v1.bin",
            v1(codec::encode_payload(&golden_staff_v1()).unwrap()),
        ),
        ("staff_v2.bin", codec::encode(&golden_staff(), 1).unwrap()),
    ];
    for (name, bytes) in fixtures {
        if !fixture(name).exists() {
            std::fs::write(fixture(name), bytes).unwrap();
        }
    }
}

/// A register bigger than one import chunk, so that the chunks meet in the middle.
fn big_dataset(visits: u64) -> Dataset {
    let mut data = dataset();
    let first = 1000;
    data.visits.extend((0..visits).map(|i| {
        let day = date(2025, 1, 1) + chrono::Days::new(i % 700);
        let at = time(8 + (i % 10) as u32, 0);
        visit(first + i, 10 + i % 3, day, at)
    }));
    data
}

#[test]
fn import_in_chunks_writes_every_record_with_its_indexes() {
    let tmp = temp();
    let dir = db_dir(&tmp);
    let data = big_dataset(5000);
    {
        let store = Store::open(&dir).unwrap();
        store.import(&data).unwrap();
        let (exported, damaged) = store.export().unwrap();
        assert!(damaged.is_empty());
        assert_eq!(exported.visits.len(), data.visits.len());
        assert_eq!(exported, data);
        assert!(store.indexes_match_rebuild().unwrap());
        assert!(store.new_id().unwrap() > 5999);
        let all = store
            .visits_between(date(2000, 1, 1), date(2100, 1, 1))
            .unwrap();
        assert_eq!(values(all).len(), data.visits.len());
        // Importing again overwrites: every revision goes up by one.
        store.import(&data).unwrap();
        let again = store.visits_of(10).unwrap();
        assert!(again.records.iter().all(|v| v.rev == 2));
        assert!(store.indexes_match_rebuild().unwrap());
    }
    let store = Store::open(&dir).unwrap();
    assert_eq!(store.export().unwrap().0, data);
    assert!(store.check().unwrap().is_healthy());
}

#[test]
fn check_counts_every_tree_and_finds_damage_and_index_faults() {
    use asystent::store::check::IndexFault;
    let tmp = temp();
    let store = Store::open(&db_dir(&tmp)).unwrap();
    store.import(&dataset()).unwrap();
    let report = store.check().unwrap();
    assert!(report.is_healthy(), "{report:?}");
    let counts: Vec<(&str, u64)> = report.trees.iter().map(|t| (t.tree, t.records)).collect();
    assert_eq!(
        counts,
        vec![
            ("staff", 2),
            ("families", 3),
            ("members", 3),
            ("plans", 2),
            ("visits", 3),
            ("assessments", 1),
            ("court_requests", 1),
            ("cooperation", 1),
        ]
    );
    assert_eq!(report.total_records(), 16);
    let entries: Vec<(&str, u64)> = report.indexes.iter().map(|i| (i.tree, i.entries)).collect();
    assert_eq!(
        entries,
        vec![
            ("visit_places", 3),
            ("visits_of_family", 3),
            ("families_by_assistant", 2),
            ("families_by_case_number", 3),
            ("families_by_case_sequence", 3),
            ("family_summaries", 3),
            ("visits_per_day", 3),
            ("family_digests", 3),
        ]
    );

    // A damaged member, a stray caseload entry, a missing visit entry, a non-empty value.
    let member_key = asystent::store::keys::family_child_key(10, 21);
    store
        .raw_insert_for_tests(
            "family_members",
            &member_key,
            b"\x01\x00\x01\x00\x00\x00\x00\x00\x00\x00\x01?",
        )
        .unwrap();
    let stray = asystent::store::keys::family_child_key(7, 99);
    store
        .raw_insert_for_tests("families_by_assistant", &stray, &[])
        .unwrap();
    let v40 = visit(40, 10, date(2026, 3, 2), time(9, 0));
    let missing = asystent::store::keys::visit_by_id(&v40);
    store
        .raw_remove_for_tests("visit_places", &missing)
        .unwrap();
    let valued = asystent::store::keys::visit_of_family(&v40);
    store
        .raw_insert_for_tests("visits_of_family", &valued, b"x")
        .unwrap();
    // An hour counted wrong, and a count of an hour without visits.
    let hour = asystent::store::days::slot_key((date(2026, 3, 2), 9));
    store
        .raw_insert_for_tests("visits_per_day", &hour, &99u32.to_be_bytes())
        .unwrap();
    let empty = asystent::store::days::slot_key((date(2026, 3, 3), 10));
    store
        .raw_insert_for_tests("visits_per_day", &empty, &1u32.to_be_bytes())
        .unwrap();

    let report = store.check().unwrap();
    assert!(!report.is_healthy());
    assert!(!report.derived_is_sound());
    let members = report.trees.iter().find(|t| t.tree == "members").unwrap();
    assert_eq!((members.records, members.damaged), (2, 1));
    match report.damaged.as_slice() {
        [d] => {
            assert_eq!(d.tree, "members");
            assert_eq!(d.key, "000000000000000a0000000000000015");
            assert!(!d.reason.is_empty());
        }
        other => panic!("expected one damaged member, got {other:?}"),
    }
    let faults: Vec<(u64, u64, u64)> = report
        .indexes
        .iter()
        .map(|i| (i.missing, i.stray, i.wrong_value))
        .collect();
    assert_eq!(
        faults,
        vec![
            (1, 0, 0),
            (0, 0, 1),
            (0, 1, 0),
            (0, 0, 0),
            (0, 0, 0),
            (0, 0, 1),
            (0, 1, 1),
            (0, 0, 1)
        ],
        "the damaged member is missing from its family's summary and digest"
    );
    assert_eq!(
        report.indexes[0].examples,
        vec![(IndexFault::Missing, asystent::store::keys::hex(&missing))]
    );
    assert_eq!(
        report.indexes[2].examples,
        vec![(IndexFault::Stray, asystent::store::keys::hex(&stray))]
    );
    assert!(report.id_counter.is_none());

    // A repair fixes what is derived and leaves the damaged record for a person.
    store.repair().unwrap();
    let after = store.check().unwrap();
    assert!(after.derived_is_sound(), "{after:?}");
    assert_eq!(after.damaged, report.damaged);
    assert!(!after.is_healthy());
    assert!(store.indexes_match_rebuild().unwrap());
    assert_eq!(
        store.members_of(10).unwrap().damaged.len(),
        1,
        "the damaged record is still there"
    );
}

#[test]
fn check_finds_an_id_counter_below_a_stored_id_and_repair_raises_it() {
    let tmp = temp();
    let dir = db_dir(&tmp);
    {
        let store = Store::open(&dir).unwrap();
        store.import(&dataset()).unwrap();
        store
            .raw_insert_for_tests("meta", b"last_id", &5u64.to_be_bytes())
            .unwrap();
    }
    let store = Store::open(&dir).unwrap();
    let report = store.check().unwrap();
    let low = report.id_counter.expect("a low id counter");
    assert_eq!((low.counter, low.highest), (5, 70));
    assert!(!report.is_healthy());
    store.repair().unwrap();
    assert!(store.check().unwrap().is_healthy());
    assert!(store.new_id().unwrap() > 70);
}

#[test]
fn a_new_plan_version_and_the_superseded_one_are_written_together_or_not_at_all() {
    let tmp = temp();
    let store = Store::open(&db_dir(&tmp)).unwrap();
    store.import(&dataset()).unwrap();
    let current = values(store.plans_of(10).unwrap())
        .into_iter()
        .find(|p| p.id == 31)
        .expect("the dataset has plan 31 of family 10");
    let rev = store
        .plans_of(10)
        .unwrap()
        .records
        .iter()
        .find(|v| v.value.id == current.id)
        .unwrap()
        .rev;
    let mut old = current.clone();
    old.superseded = Some(date(2026, 11, 22));
    let mut next = current.clone();
    next.id = 900;
    next.version += 1;
    // A stale revision for the old one: neither is written.
    let err = store
        .put_plans(&[(&old, Some(rev + 7)), (&next, None)])
        .unwrap_err();
    assert!(matches!(err, StoreError::Conflict { .. }), "{err:?}");
    let after = values(store.plans_of(10).unwrap());
    assert!(
        after.iter().all(|p| p.id != 900),
        "the new version was not written"
    );
    assert!(
        after
            .iter()
            .any(|p| p.id == current.id && p.superseded.is_none())
    );
    // The right revision: both, atomically.
    let revs = store
        .put_plans(&[(&old, Some(rev)), (&next, None)])
        .unwrap();
    assert_eq!(revs, [rev + 1, 1]);
    let after = values(store.plans_of(10).unwrap());
    assert!(after.iter().any(|p| p.id == 900 && p.superseded.is_none()));
    assert!(
        after
            .iter()
            .any(|p| p.id == current.id && p.superseded.is_some())
    );
}

#[test]
fn a_schema_4_database_loses_its_planned_visits_index_on_open() {
    let tmp = temp();
    let dir = db_dir(&tmp);
    let mut data = dataset();
    data.visits[0].status = VisitStatus::Planned;
    {
        let store = Store::open(&dir).unwrap();
        store.import(&data).unwrap();
        // What a schema 4 database looks like: a planned-visits index beside the rest.
        store
            .raw_insert_for_tests(
                "planned_visits",
                &asystent::store::keys::visit_key(&data.visits[0]),
                &[],
            )
            .unwrap();
        store.set_schema_version_for_tests(4).unwrap();
    }
    let store = Store::open(&dir).unwrap();
    assert!(store.indexes_match_rebuild().unwrap());
    // The planned visit is in its family's summary instead.
    let planned = data.visits[0].clone();
    let summary = store.summary(planned.family_id).unwrap();
    assert_eq!(
        summary.first_planned_visit,
        Some((planned.id, planned.date, planned.time))
    );
    drop(store);
    let sled = raw_sled(&dir);
    assert!(
        !sled
            .tree_names()
            .iter()
            .any(|name| name.as_ref() == b"planned_visits"),
        "the migration dropped the tree"
    );
}

/// The stored summary of family 10 as `Store::summary` reads it.
fn summary_of_10(store: &Store) -> asystent::domain::summary::FamilySummary {
    store.summary(10).unwrap()
}

#[test]
fn every_save_keeps_the_family_summary_equal_to_its_records() {
    let tmp = temp();
    let store = Store::open(&db_dir(&tmp)).unwrap();
    let data = dataset();
    store.import(&data).unwrap();
    assert!(store.indexes_match_rebuild().unwrap());
    let before = summary_of_10(&store);

    // A visit held later than every other one moves the last held visit.
    let mut v = visit(77, 10, date(2026, 11, 20), time(8, 0));
    v.status = VisitStatus::Held;
    store.put_visit(&v, None).unwrap();
    assert_eq!(
        summary_of_10(&store).last_held_visit,
        Some(date(2026, 11, 20))
    );
    assert!(store.indexes_match_rebuild().unwrap());

    // Planned again, it becomes the first planned visit instead.
    assert_eq!(before.first_planned_visit, None);
    v.status = VisitStatus::Planned;
    store.put_visit(&v, Some(1)).unwrap();
    let after = summary_of_10(&store);
    assert_eq!(after.last_held_visit, before.last_held_visit);
    assert_eq!(
        after.first_planned_visit,
        Some((77, date(2026, 11, 20), time(8, 0)))
    );
    assert!(store.indexes_match_rebuild().unwrap());

    // A member removed is no longer counted; a family removed leaves no summary.
    assert_eq!(before.children, 2);
    let member = store.members_of(10).unwrap().records.remove(0);
    store.delete_member(&member.value, member.rev).unwrap();
    assert_eq!(summary_of_10(&store).children, 1);
    assert!(store.indexes_match_rebuild().unwrap());
    let family = store.family(12).unwrap().unwrap();
    store.delete_family(&family.value, family.rev, &[]).unwrap();
    assert!(store.indexes_match_rebuild().unwrap());
    assert_eq!(
        store
            .check()
            .unwrap()
            .indexes
            .iter()
            .find(|i| i.tree == "family_summaries")
            .map(|i| (i.tree, i.entries)),
        Some(("family_summaries", 2))
    );
}

#[test]
fn a_summary_left_marked_by_a_crash_is_settled_on_open() {
    let tmp = temp();
    let dir = db_dir(&tmp);
    {
        let store = Store::open(&dir).unwrap();
        store.import(&dataset()).unwrap();
        // What a crash between a save and its summary leaves: a mark and an old summary.
        let mut stale = vec![1u8];
        stale.extend(
            bincode::serde::encode_to_vec(
                asystent::domain::summary::FamilySummary::default(),
                bincode::config::standard(),
            )
            .unwrap(),
        );
        store
            .raw_insert_for_tests("family_summaries", &10u64.to_be_bytes(), &stale)
            .unwrap();
        store
            .raw_insert_for_tests("summaries_dirty", &10u64.to_be_bytes(), b"mark")
            .unwrap();
        assert!(!store.indexes_match_rebuild().unwrap());
        // Even so, a read never returns the stale summary: a marked family is recomputed.
        assert_eq!(summary_of_10(&store).children, 2);
        let mut seen = Vec::new();
        store
            .each_family_summary(|f, s| seen.push((f.id, s.children)))
            .unwrap();
        assert_eq!(seen, [(10, 2), (11, 1), (12, 0)]);
    }
    let store = Store::open(&dir).unwrap();
    assert!(
        store.indexes_match_rebuild().unwrap(),
        "open settled the mark"
    );
    assert!(store.check().unwrap().is_healthy());
}

#[test]
fn a_schema_2_database_gets_its_family_summaries_on_open() {
    let tmp = temp();
    let dir = db_dir(&tmp);
    let expected;
    {
        let store = Store::open(&dir).unwrap();
        store.import(&dataset()).unwrap();
        expected = summary_of_10(&store);
        // What a schema 2 database looks like: no summaries.
        for id in [10u64, 11, 12] {
            store
                .raw_remove_for_tests("family_summaries", &id.to_be_bytes())
                .unwrap();
        }
        store.set_schema_version_for_tests(2).unwrap();
        assert!(!store.indexes_match_rebuild().unwrap());
    }
    let store = Store::open(&dir).unwrap();
    assert!(
        store.indexes_match_rebuild().unwrap(),
        "the migration built them"
    );
    assert_eq!(summary_of_10(&store), expected);
}

#[test]
fn a_familys_visits_between_two_days_come_from_its_own_index_range() {
    let tmp = temp();
    let store = Store::open(&db_dir(&tmp)).unwrap();
    let mut data = dataset();
    data.visits.extend([
        visit(43, 10, date(2026, 3, 1), time(7, 0)),
        visit(44, 10, date(2026, 3, 3), time(7, 0)),
        visit(45, 11, date(2026, 3, 2), time(7, 0)),
    ]);
    store.import(&data).unwrap();
    let ids = |family, from, to| -> Vec<Id> {
        values(store.family_visits_between(family, from, to).unwrap())
            .iter()
            .map(|v| v.id)
            .collect()
    };
    // Family 10 on 2.03 only, by time: not the day before or after, not family 11's visit.
    assert_eq!(ids(10, date(2026, 3, 2), date(2026, 3, 2)), [42, 40]);
    assert_eq!(
        ids(10, date(2026, 3, 1), date(2026, 3, 3)),
        [43, 42, 40, 44]
    );
    assert_eq!(ids(11, date(2026, 3, 1), date(2026, 3, 3)), [41, 45]);
    assert!(ids(12, date(2000, 1, 1), date(2100, 1, 1)).is_empty());
    assert!(ids(10, date(2026, 3, 4), date(2026, 3, 1)).is_empty());
}

/// The highest number of the `AR/2026/` case numbers of `data`, counted by hand.
fn highest_of_2026(data: &Dataset) -> Option<u32> {
    let highest = data
        .families
        .iter()
        .filter_map(|f| f.case_number.strip_prefix("AR/2026/"))
        .filter_map(|n| n.parse::<u32>().ok())
        .max();
    assert!(highest.is_some());
    highest
}

/// The test dataset in a database made to look like schema `version` (imported, then
/// `strip` takes out what that version did not have), opened again: migrated, and its
/// indexes, summaries and counts equal to a rebuild.
fn migrated_from(
    version: u32,
    strip: impl Fn(&Store, &Dataset),
) -> (tempfile::TempDir, Store, Dataset) {
    let tmp = temp();
    let dir = db_dir(&tmp);
    let data = dataset();
    {
        let store = Store::open(&dir).unwrap();
        store.import(&data).unwrap();
        strip(&store, &data);
        store.set_schema_version_for_tests(version).unwrap();
        assert!(!store.indexes_match_rebuild().unwrap());
    }
    let store = Store::open(&dir).unwrap();
    assert!(
        store.indexes_match_rebuild().unwrap(),
        "the migration from {version} built what was missing"
    );
    (tmp, store, data)
}

#[test]
fn a_schema_3_database_gets_its_case_number_index_on_open() {
    // What a schema 3 database looks like: no case-number index.
    let (_tmp, store, data) = migrated_from(3, |store, data| {
        for f in &data.families {
            let key = asystent::store::keys::family_by_case_number(f);
            store
                .raw_remove_for_tests("families_by_case_number", &key)
                .unwrap();
        }
    });
    let case = &data.families[1].case_number;
    // Found with another letter case and spaces around it.
    let typed = format!("  {}  ", case.to_lowercase());
    assert_eq!(store.families_with_case_number(&typed).unwrap(), [11]);
    assert!(
        store
            .families_with_case_number("AR/1999/999")
            .unwrap()
            .is_empty()
    );
    // A case number that begins another one is not that one.
    assert!(
        store
            .families_with_case_number("AR/2026/01")
            .unwrap()
            .is_empty()
    );
    // The highest number of a year comes from the index keys, any letter case.
    let highest = |prefix: &str| store.highest_case_number(prefix).unwrap();
    let in_2026 = highest_of_2026(&data);
    assert_eq!(highest("AR/2026/"), in_2026);
    assert_eq!(highest("ar/2026/"), in_2026);
    assert_eq!(highest("AR/1999/"), None);
}

/// The next case number the domain rule gives for the case numbers of `store`'s families.
fn next_by_the_rule(store: &Store) -> String {
    let families = values(store.families().unwrap());
    asystent::domain::lifecycle::suggest_case_number(
        2026,
        families.iter().map(|f| f.case_number.as_str()),
    )
}

#[test]
fn the_highest_case_number_of_a_series_is_its_last_index_key() {
    let tmp = temp();
    let store = Store::open(&db_dir(&tmp)).unwrap();
    let series = |store: &Store| store.highest_case_number("AR/2026/").unwrap();
    assert_eq!(series(&store), None);
    // Typed every way the uniqueness check lets through: leading zeros, more digits than
    // the last one, lower case, spaces around, other series, a series in a series, text
    // after the number, a number too large for the pattern.
    let typed = [
        "AR/2026/0999",
        "AR/2026/15",
        " ar/2026/998 ",
        "AR/2025/5000",
        "AR/2026/7/1000",
        "AR/2026/12a",
        "AR/2026/99999999999",
        "AR/2026/",
        "XR/2026/4000",
    ];
    let mut revs = Vec::new();
    for (i, case_number) in typed.iter().enumerate() {
        let mut f = family(100 + i as Id, None);
        f.case_number = case_number.to_string();
        revs.push(store.put_family(&f, None).unwrap());
    }
    assert_eq!(series(&store), Some(999));
    assert_eq!(
        asystent::domain::lifecycle::next_case_number(2026, series(&store)),
        next_by_the_rule(&store)
    );
    // A longer number is higher whatever its first digit.
    let mut f = family(200, None);
    f.case_number = "AR/2026/1000".into();
    let rev = store.put_family(&f, None).unwrap();
    assert_eq!(series(&store), Some(1000));
    // Renumbered, the family's old number no longer counts.
    f.case_number = "AR/2026/016".into();
    store.put_family(&f, Some(rev)).unwrap();
    assert_eq!(series(&store), Some(999));
    // Deleted, neither does the highest.
    let mut top = family(100, None);
    top.case_number = typed[0].into();
    store.delete_family(&top, revs[0], &[]).unwrap();
    assert_eq!(series(&store), Some(998));
    assert_eq!(
        asystent::domain::lifecycle::next_case_number(2026, series(&store)),
        next_by_the_rule(&store)
    );
    assert_eq!(store.highest_case_number("AR/2025/").unwrap(), Some(5000));
    assert_eq!(store.highest_case_number("AR/2026/7/").unwrap(), Some(1000));
    assert_eq!(store.highest_case_number("AR/1999/").unwrap(), None);
    assert!(store.indexes_match_rebuild().unwrap());
}

#[test]
fn a_schema_5_database_gets_its_case_series_index_on_open() {
    // What a schema 5 database looks like: no case-series index.
    let (tmp, store, data) = migrated_from(5, |store, data| {
        for f in &data.families {
            if let Some(key) = asystent::store::keys::family_by_case_sequence(f) {
                store
                    .raw_remove_for_tests("families_by_case_sequence", &key)
                    .unwrap();
            }
        }
        assert_eq!(store.highest_case_number("AR/2026/").unwrap(), None);
    });
    let in_2026 = highest_of_2026(&data);
    assert_eq!(store.highest_case_number("AR/2026/").unwrap(), in_2026);
    drop(store);
    let db = raw_sled(&db_dir(&tmp));
    let meta = db.open_tree("meta").unwrap();
    let stored = meta.get("schema_version").unwrap().expect("schema version");
    assert_eq!(stored.as_ref(), &SCHEMA_VERSION.to_be_bytes());
}

/// The visits per day as `visits_between` lists them, counted one by one.
fn counted_one_by_one(store: &Store, from: NaiveDate, to: NaiveDate) -> Vec<(NaiveDate, u32)> {
    let mut counts: Vec<(NaiveDate, u32)> = Vec::new();
    for v in values(store.visits_between(from, to).unwrap()) {
        match counts.last_mut() {
            Some((day, n)) if *day == v.date => *n += 1,
            _ => counts.push((v.date, 1)),
        }
    }
    counts
}

#[test]
fn the_visits_per_day_follow_every_save_move_and_import() {
    let tmp = temp();
    let store = Store::open(&db_dir(&tmp)).unwrap();
    store.import(&dataset()).unwrap();
    let (from, to) = (date(2026, 1, 1), date(2026, 12, 31));
    let counts = |store: &Store| {
        store
            .visit_counts_between(from, to)
            .unwrap()
            .into_iter()
            .collect::<Vec<_>>()
    };
    assert_eq!(
        counts(&store),
        [(date(2026, 3, 1), 1), (date(2026, 3, 2), 2)]
    );
    assert_eq!(counts(&store), counted_one_by_one(&store, from, to));
    // A new visit, a visit moved to another day, a visit saved on the same day.
    store
        .put_visit(&visit(50, 11, date(2026, 3, 1), time(15, 0)), None)
        .unwrap();
    let moved = store.visit(40).unwrap().unwrap();
    let mut v = moved.value.clone();
    v.date = date(2026, 4, 7);
    store.put_visit(&v, Some(moved.rev)).unwrap();
    let same = store.visit(42).unwrap().unwrap();
    let mut w = same.value.clone();
    w.time = time(17, 0);
    store.put_visit(&w, Some(same.rev)).unwrap();
    assert_eq!(
        counts(&store),
        [
            (date(2026, 3, 1), 2),
            (date(2026, 3, 2), 1),
            (date(2026, 4, 7), 1)
        ]
    );
    assert_eq!(counts(&store), counted_one_by_one(&store, from, to));
    // By starting hour: visit 42 moved from 8:00 to 17:00 within its day.
    assert_eq!(
        store
            .hour_counts_between(date(2026, 3, 2), date(2026, 3, 2))
            .unwrap()
            .into_iter()
            .collect::<Vec<_>>(),
        [((date(2026, 3, 2), 17), 1)]
    );
    // A day range asks only its days; an import over the same records counts nothing twice.
    assert_eq!(
        store
            .visit_counts_between(date(2026, 3, 2), date(2026, 3, 31))
            .unwrap()
            .into_iter()
            .collect::<Vec<_>>(),
        [(date(2026, 3, 2), 1)]
    );
    store.import(&dataset()).unwrap();
    assert_eq!(counts(&store), counted_one_by_one(&store, from, to));
    assert!(store.indexes_match_rebuild().unwrap());
}

#[test]
fn a_schema_6_database_gets_its_visits_per_day_on_open() {
    // What a schema 6 database looks like: no counts.
    let (_tmp, store, _) = migrated_from(6, |store, data| {
        unpack(store, data);
        for v in &data.visits {
            let slot = (v.date, u8::try_from(v.time.hour()).unwrap());
            let key = asystent::store::days::slot_key(slot);
            store.raw_remove_for_tests("visits_per_day", &key).unwrap();
        }
    });
    let (from, to) = (date(2026, 1, 1), date(2026, 12, 31));
    assert_eq!(
        store
            .visit_counts_between(from, to)
            .unwrap()
            .into_iter()
            .collect::<Vec<_>>(),
        counted_one_by_one(&store, from, to)
    );
}

/// Turns the stored records of `data` back into the layout of schemas 1 to 7: visits
/// keyed by id beside a date index and a family index, each kind in a tree named after
/// it, nothing packed.
fn unpack(store: &Store, data: &Dataset) {
    use asystent::store::keys;
    fn move_back<R: Record>(store: &Store, packed: &str, records: &[R]) {
        for r in records {
            store.raw_remove_for_tests(packed, &r.key()).unwrap();
            let envelope = codec::wrap::<R>(1, &codec::encode_payload(r).unwrap());
            store
                .raw_insert_for_tests(R::TREE, &r.key(), &envelope)
                .unwrap();
        }
    }
    move_back(store, "family_members", &data.members);
    move_back(store, "family_plans", &data.plans);
    move_back(store, "family_assessments", &data.assessments);
    move_back(store, "family_court_requests", &data.court_requests);
    move_back(store, "family_cooperation", &data.cooperation);
    for v in &data.visits {
        for (tree, key) in [
            ("visit_records", keys::visit_key(v)),
            ("visit_places", keys::visit_by_id(v)),
            ("visits_of_family", keys::visit_of_family(v)),
        ] {
            store.raw_remove_for_tests(tree, &key).unwrap();
        }
        let envelope = codec::wrap::<Visit>(1, &codec::encode_payload(v).unwrap());
        let by_date = [
            &keys::date_bytes(v.date)[..],
            &keys::time_bytes(v.time),
            &v.id.to_be_bytes(),
        ]
        .concat();
        let by_family = [
            &v.family_id.to_be_bytes()[..],
            &keys::date_bytes(v.date),
            &v.id.to_be_bytes(),
        ]
        .concat();
        for (tree, key, value) in [
            ("visits", &v.id.to_be_bytes()[..], &envelope[..]),
            ("visits_by_date", &by_date, &[]),
            ("visits_by_family", &by_family, &[]),
        ] {
            store.raw_insert_for_tests(tree, key, value).unwrap();
        }
    }
}

#[test]
fn a_schema_7_database_gets_its_visits_packed_on_open() {
    // What a schema 7 database looks like: visits keyed by id, two indexes, and one
    // visit that does not decode; members, plans and the rest in trees of their own names.
    let (tmp, store, data) = migrated_from(7, |store, data| {
        unpack(store, data);
        store
            .raw_insert_for_tests("visits", &65u64.to_be_bytes(), b"\x01\x00\x02garbage")
            .unwrap();
    });
    let (exported, damaged) = store.export().unwrap();
    assert_eq!(exported, data);
    match damaged.as_slice() {
        [StoreError::Corrupt { tree, key, .. }] => {
            assert_eq!(tree, "visits");
            assert!(key.ends_with("0000000000000041"), "{key}");
        }
        other => panic!("expected the damaged visit, got {other:?}"),
    }
    assert_eq!(store.visit(40).unwrap().unwrap().value, data.visits[0]);
    let ids = |loaded| -> Vec<Id> { values(loaded).iter().map(|v: &Visit| v.id).collect() };
    let march = store
        .visits_between(date(2026, 3, 1), date(2026, 3, 31))
        .unwrap();
    assert_eq!(ids(march), vec![41, 42, 40]);
    assert_eq!(ids(store.visits_of(10).unwrap()), vec![42, 40]);
    let report = store.check().unwrap();
    assert!(report.derived_is_sound(), "{report:?}");
    assert_eq!(
        report.damaged.len(),
        1,
        "the damaged visit is kept for a person"
    );
    drop(store);
    let sled = raw_sled(&db_dir(&tmp));
    let names: Vec<String> = sled
        .tree_names()
        .iter()
        .map(|n| String::from_utf8_lossy(n).into_owned())
        .collect();
    for old in [
        "visits",
        "visits_by_date",
        "visits_by_family",
        "members",
        "plans",
        "assessments",
        "court_requests",
        "cooperation",
    ] {
        assert!(!names.iter().any(|n| n == old), "{old} is gone: {names:?}");
    }
}

#[test]
fn an_import_that_stopped_after_its_records_gets_its_indexes_on_open() {
    use asystent::store::keys;
    let tmp = temp();
    let dir = db_dir(&tmp);
    let data = dataset();
    {
        let store = Store::open(&dir).unwrap();
        store.import(&data).unwrap();
        // What a bulk write leaves when it stops after the records: its marker, and
        // the visits without their index entries.
        store
            .raw_insert_for_tests("meta", b"rebuild_pending", &[])
            .unwrap();
        for v in &data.visits {
            store
                .raw_remove_for_tests("visit_places", &keys::visit_by_id(v))
                .unwrap();
            store
                .raw_remove_for_tests("visits_of_family", &keys::visit_of_family(v))
                .unwrap();
        }
        assert!(store.visit(40).unwrap().is_none());
        assert!(!store.indexes_match_rebuild().unwrap());
    }
    let store = Store::open(&dir).unwrap();
    assert!(store.indexes_match_rebuild().unwrap());
    assert_eq!(store.visit(40).unwrap().unwrap().value, data.visits[0]);
    drop(store);
    let sled = raw_sled(&dir);
    let meta = sled.open_tree("meta").unwrap();
    assert!(
        meta.get("rebuild_pending").unwrap().is_none(),
        "the marker is gone"
    );
}

#[test]
fn a_damaged_bucket_of_visits_is_reported_and_the_rest_still_reads() {
    use asystent::store::keys;
    let tmp = temp();
    let dir = db_dir(&tmp);
    Store::open(&dir).unwrap().import(&dataset()).unwrap();
    {
        // Visit 41 (family 11, 1.03) is alone in its bucket: day ‖ shard of family 11.
        let sled = raw_sled(&dir);
        let tree = sled.open_tree("visit_records").unwrap();
        let bucket = [&keys::date_bytes(date(2026, 3, 1))[..], &[11]].concat();
        assert!(tree.get(&bucket).unwrap().is_some());
        tree.insert(bucket, b"garbage".as_slice()).unwrap();
        // And the bucket of family 10's visits in its index.
        let index = sled.open_tree("visits_of_family").unwrap();
        index
            .insert(10u64.to_be_bytes(), b"garbage".as_slice())
            .unwrap();
        sled.flush().unwrap();
    }
    let store = Store::open(&dir).unwrap();
    let march = store
        .visits_between(date(2026, 3, 1), date(2026, 3, 31))
        .unwrap();
    let ids: Vec<Id> = march.records.iter().map(|v| v.value.id).collect();
    assert_eq!(ids, vec![42, 40], "the other day still reads");
    assert!(matches!(
        march.damaged.as_slice(),
        [StoreError::Corrupt { tree, .. }] if tree == "visits"
    ));
    assert!(matches!(store.visit(41), Err(StoreError::Corrupt { .. })));
    // A save into the damaged bucket is refused; one elsewhere goes through.
    let refused = store.put_visit(&visit(46, 11, date(2026, 3, 1), time(15, 0)), None);
    assert!(
        matches!(refused, Err(StoreError::Corrupt { .. })),
        "{refused:?}"
    );
    assert!(store.visit(46).unwrap().is_none(), "nothing half-saved");
    store
        .put_visit(&visit(47, 11, date(2026, 3, 9), time(15, 0)), None)
        .unwrap();

    let report = store.check().unwrap();
    assert_eq!(report.damaged.len(), 1);
    let index = report
        .indexes
        .iter()
        .find(|i| i.tree == "visits_of_family")
        .unwrap();
    assert!(!index.is_sound(), "{index:?}");
    store.repair().unwrap();
    let after = store.check().unwrap();
    assert!(after.derived_is_sound(), "{after:?}");
    assert_eq!(
        after.damaged, report.damaged,
        "records are left for a person"
    );
    let family_10: Vec<Id> = values(store.visits_of(10).unwrap())
        .iter()
        .map(|v| v.id)
        .collect();
    assert_eq!(family_10, vec![42, 40]);
}

#[test]
fn opening_waits_a_moment_for_a_store_this_process_is_closing() {
    let tmp = temp();
    let dir = db_dir(&tmp);
    let first = Store::open(&dir).unwrap();
    // Another thread of this process closes its store a little later (as a lock shared
    // with a child being forked is released once the child execs).
    let closing = std::thread::spawn(move || {
        std::thread::sleep(std::time::Duration::from_millis(300));
        drop(first);
    });
    let start = std::time::Instant::now();
    let second = Store::open(&dir);
    closing.join().unwrap();
    assert!(second.is_ok(), "{:?}", second.err());
    assert!(start.elapsed() >= std::time::Duration::from_millis(250));
}
