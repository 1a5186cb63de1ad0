//! Roles, stand-ins and staff accounts through the service and the command line: who
//! sees and changes which families, on which day.

mod common;

use asystent::config::Config;
use asystent::domain::{Id, Member, MemberRole, Role};
use asystent::service::{Caller, CommandError, Service, StandInProblem};
use chrono::NaiveDate;
use tempfile::TempDir;

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn service() -> (TempDir, Service) {
    let (dir, store) = common::demo_store();
    let config = Config::defaults();
    let service =
        Service::new(store, config.alert_rules(), config.caseload_limit).with_clock(common::clock);
    (dir, service)
}

/// The ids of the families `caller` sees, in the register's order.
fn seen(service: &Service, caller: &Caller) -> Vec<Id> {
    let snapshot = service.snapshot(caller, common::today()).unwrap();
    snapshot.families.iter().map(|r| r.family.id).collect()
}

/// The families of the assistant with this login, in id order.
fn families_of(service: &Service, login: &str) -> Vec<Id> {
    common::families_of(service.store(), login)
}

fn sorted(mut ids: Vec<Id>) -> Vec<Id> {
    ids.sort_unstable();
    ids
}

fn new_member(family: Id) -> Member {
    Member {
        id: 0,
        family_id: family,
        role: MemberRole::Guardian,
        first_name: "Teodora".into(),
        last_name: "Zmyślona".into(),
        birth_date: None,
        pesel: None,
        foster: None,
        left_household: None,
    }
}

#[test]
fn a_stand_in_opens_the_colleagues_families_only_for_its_days() {
    let (_dir, service) = service();
    let boss = service.caller("kierownik", common::today()).unwrap();
    let today = common::today();
    service
        .grant_stand_in(
            &boss,
            "mnowak",
            "akowalska",
            date(2026, 11, 23),
            date(2026, 11, 30),
            today,
        )
        .unwrap();
    let own = families_of(&service, "mnowak");
    let hers = families_of(&service, "akowalska");
    let both = sorted(own.iter().chain(&hers).copied().collect());
    // (day, what Marek sees)
    let days = [
        (date(2026, 11, 22), &own, "the day before"),
        (date(2026, 11, 23), &both, "the first day"),
        (date(2026, 11, 30), &both, "the last day"),
        (date(2026, 12, 1), &own, "the day after: it ended by itself"),
    ];
    for (day, expected, what) in days {
        let marek = service.caller("mnowak", day).unwrap();
        let got = service.snapshot(&marek, day).unwrap();
        let ids = sorted(got.families.iter().map(|r| r.family.id).collect());
        assert_eq!(&ids, expected, "{what}");
        let saved = service.save_member(&marek, new_member(hers[0]), None, day);
        assert_eq!(saved.is_ok(), expected == &both, "{what}: {saved:?}");
    }
    // Anna herself is not affected.
    let anna = service.caller("akowalska", date(2026, 11, 25)).unwrap();
    assert_eq!(sorted(seen(&service, &anna)), hers);
}

#[test]
fn only_a_supervisor_grants_a_sensible_stand_in() {
    let (_dir, service) = service();
    let today = common::today();
    let boss = service.caller("kierownik", today).unwrap();
    let anna = service.caller("akowalska", today).unwrap();
    let grant = |caller: &Caller, who: &str, whom: &str, from, to| {
        service.grant_stand_in(caller, who, whom, from, to, today)
    };
    let (d1, d2) = (date(2026, 12, 1), date(2026, 12, 5));
    assert!(matches!(
        grant(&anna, "akowalska", "mnowak", d1, d2),
        Err(CommandError::SupervisorOnly { .. })
    ));
    let problem = |r: Result<_, CommandError>| match r {
        Err(CommandError::StandIn(p)) => Some(p),
        _ => None,
    };
    assert_eq!(
        problem(grant(&boss, "mnowak", "mnowak", d1, d2)),
        Some(StandInProblem::SamePerson)
    );
    assert_eq!(
        problem(grant(&boss, "mnowak", "akowalska", d2, d1)),
        Some(StandInProblem::FromAfterTo)
    );
    assert_eq!(
        problem(grant(
            &boss,
            "mnowak",
            "akowalska",
            date(2026, 11, 1),
            date(2026, 11, 21)
        )),
        Some(StandInProblem::AlreadyOver)
    );
    assert!(matches!(
        grant(&boss, "ps.lis", "akowalska", d1, d2),
        Err(CommandError::NotAnAssistant { login }) if login == "ps.lis"
    ));
    assert!(matches!(
        grant(&boss, "nikt", "akowalska", d1, d2),
        Err(CommandError::UnknownStaff { login }) if login == "nikt"
    ));
    let holder = grant(&boss, "mnowak", "akowalska", d1, d2).unwrap();
    assert_eq!(holder.stand_ins.len(), 1);
    assert_eq!(holder.stand_ins[0].granted_by, "kierownik");
}

#[test]
fn a_social_worker_reads_the_families_they_referred_and_an_administrator_none() {
    let (_dir, service) = service();
    let today = common::today();
    let lis = service.caller("ps.lis", today).unwrap();
    let name = lis.account.as_ref().unwrap().name.clone();
    let referred: Vec<Id> = sorted(
        service
            .store()
            .families()
            .unwrap()
            .records
            .into_iter()
            .filter(|f| f.value.social_worker.name == name)
            .map(|f| f.value.id)
            .collect(),
    );
    assert!(
        !referred.is_empty(),
        "the demo has families referred by {name}"
    );
    assert_eq!(sorted(seen(&service, &lis)), referred);
    assert!(service.family_detail(&lis, referred[0]).unwrap().is_some());
    assert!(matches!(
        service.save_member(&lis, new_member(referred[0]), None, today),
        Err(CommandError::Forbidden { .. })
    ));

    // First set-up: no administrator yet, so the first one can be added by anyone.
    let nobody = service.caller("root", today).unwrap();
    service
        .add_staff(&nobody, "admin", "Adam Ministrator", Role::Admin)
        .unwrap();
    let admin = service.caller("admin", today).unwrap();
    assert!(seen(&service, &admin).is_empty(), "accounts, not cases");
    assert!(
        service
            .family_detail(&admin, referred[0])
            .unwrap()
            .is_none()
    );
}

#[test]
fn accounts_are_kept_by_an_administrator_and_a_disabled_one_sees_nothing() {
    let (_dir, service) = service();
    let today = common::today();
    let root = service.caller("root", today).unwrap();
    service
        .add_staff(&root, "admin", "Adam Ministrator", Role::Admin)
        .unwrap();
    // From now on only an administrator.
    assert!(matches!(
        service.add_staff(&root, "nowa", "Nowa Osoba", Role::Assistant),
        Err(CommandError::AdminOnly { login }) if login == "root"
    ));
    let admin = service.caller("admin", today).unwrap();
    for (login, name, why) in [
        ("Nowa", "Nowa Osoba", "capital letter"),
        ("nowa osoba", "Nowa Osoba", "space"),
        ("akowalska", "Anna Druga", "taken"),
        ("nowa", "", "empty name"),
        ("nowa", &"x".repeat(10_000), "10 000 characters"),
    ] {
        let refused = service.add_staff(&admin, login, name, Role::Assistant);
        assert!(
            matches!(
                refused,
                Err(CommandError::InvalidLogin { .. }
                    | CommandError::LoginTaken { .. }
                    | CommandError::Invalid(_))
            ),
            "{why}: {refused:?}"
        );
    }
    let added = service
        .add_staff(&admin, "nowa", "  Nowa Osoba ", Role::Assistant)
        .unwrap();
    assert_eq!(added.name, "Nowa Osoba");
    assert!(service.staff_accounts(&admin).unwrap().contains(&added));

    let anna_families = families_of(&service, "akowalska");
    service.disable_staff(&admin, "akowalska").unwrap();
    let anna = service.caller("akowalska", today).unwrap();
    assert!(
        seen(&service, &anna).is_empty(),
        "disabled: not the whole office"
    );
    assert!(
        service
            .family_detail(&anna, anna_families[0])
            .unwrap()
            .is_none()
    );
    assert!(matches!(
        service.disable_staff(&anna, "mnowak"),
        Err(CommandError::AdminOnly { .. })
    ));
}

#[test]
fn the_staff_command_adds_lists_disables_and_grants_stand_ins() {
    use common::cli::{demo_db, run, stderr};
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let db = db.to_str().unwrap();
    let staff = |user: &str, args: &[&str]| {
        let mut all = vec!["staff"];
        all.extend_from_slice(args);
        all.extend_from_slice(&["--db", db, "--user", user, "--today", "2026-11-22"]);
        run(&all, dir.path())
    };
    let out = staff(
        "root",
        &[
            "add",
            "admin",
            "--name",
            "Adam Ministrator",
            "--role",
            "admin",
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "admin  administrator  czynne  Adam Ministrator\n"
    );
    let refused = staff("root", &["disable", "mnowak"]);
    assert_eq!(refused.status.code(), Some(1));
    assert!(
        stderr(&refused).contains("tylko administrator"),
        "{}",
        stderr(&refused)
    );
    let out = staff("admin", &["disable", "pzielinski"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("pzielinski  asystent rodziny  wyłączone")
    );

    let out = staff(
        "kierownik",
        &[
            "stand-in",
            "mnowak",
            "--for",
            "akowalska",
            "--from",
            "23.11.2026",
            "--to",
            "2026-11-30",
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        String::from_utf8_lossy(&out.stdout)
            .contains("  zastępuje akowalska 23.11.2026–30.11.2026"),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let bad = staff(
        "kierownik",
        &[
            "stand-in",
            "mnowak",
            "--for",
            "akowalska",
            "--from",
            "31.02.2026",
            "--to",
            "+3",
        ],
    );
    assert_eq!(bad.status.code(), Some(1));
    assert!(stderr(&bad).contains("--from"), "{}", stderr(&bad));

    let list = staff("kierownik", &["list"]);
    assert!(list.status.success(), "{}", stderr(&list));
    let text = String::from_utf8_lossy(&list.stdout);
    assert!(
        text.lines()
            .any(|l| l.starts_with("kierownik  kierownik  czynne")),
        "{text}"
    );
    let listed = staff("akowalska", &["list"]);
    assert_eq!(
        listed.status.code(),
        Some(1),
        "an assistant does not list accounts"
    );
}

#[test]
fn a_social_worker_records_the_consultation_of_a_plan_and_nothing_else() {
    use asystent::domain::Consultation;
    let (_dir, service) = service();
    let today = common::today();
    let lis = service.caller("ps.lis", today).unwrap();
    // A current plan of a family Joanna Lis referred.
    let (plan, rev) = seen(&service, &lis)
        .into_iter()
        .find_map(|id| {
            let detail = service.family_detail(&lis, id).unwrap()?;
            let plan = detail.plan?;
            let rev = detail.revs.plans[&plan.id];
            Some((plan, rev))
        })
        .expect("a referred family with a plan");
    let mut consulted = plan.clone();
    consulted.consultation = Some(Consultation {
        social_worker: "Joanna Lis".into(),
        date: today,
    });
    let mut rewritten = consulted.clone();
    rewritten
        .problems
        .push_str(" Dopisek pracownika socjalnego.");
    assert!(matches!(
        service.save_plan(&lis, rewritten, Some(rev), today),
        Err(CommandError::Forbidden { .. })
    ));
    let saved = service
        .save_plan(&lis, consulted.clone(), Some(rev), today)
        .unwrap();
    assert_eq!(saved.value.consultation, consulted.consultation);
    // A first plan is not theirs to draw up.
    let mut first = plan;
    first.id = 0;
    assert!(matches!(
        service.save_plan(&lis, first, None, today),
        Err(CommandError::Forbidden { .. })
    ));
}

#[test]
fn a_colleagues_visit_cannot_be_moved_into_ones_own_family() {
    let (_dir, service) = service();
    let today = common::today();
    let anna = service.caller("akowalska", today).unwrap();
    let mine = families_of(&service, "akowalska")[0];
    let theirs = families_of(&service, "mnowak")[0];
    let stored = service.store().visits_of(theirs).unwrap().records.remove(0);
    // A made-up request: the colleague's visit id and revision, Anna's family.
    let mut crafted = stored.value.clone();
    crafted.family_id = mine;
    let refused = service.save_visit(&anna, crafted, Some(stored.rev));
    assert!(
        matches!(refused, Err(CommandError::Forbidden { .. })),
        "{refused:?}"
    );
    let after = service.store().visit(stored.value.id).unwrap().unwrap();
    assert_eq!(
        after.value, stored.value,
        "the colleague's visit is untouched"
    );
    let refusals = service
        .store()
        .audit_entries(|e| e.login == "akowalska" && e.entity == "visit")
        .unwrap()
        .0;
    assert_eq!(refusals.len(), 1);
    assert_eq!(refusals[0].family, Some(theirs));
}
