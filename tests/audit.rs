//! The audit log through the service: views, saves and refusals are recorded with the
//! caller's login, and "who viewed this family" is shown only to its assistant and the
//! supervisor.

mod common;

use asystent::config::Config;
use asystent::domain::audit::AuditAction;
use asystent::domain::{Id, Member, MemberRole};
use asystent::service::{Caller, CommandError, Service};
use asystent::store::Store;
use tempfile::TempDir;

fn service() -> (TempDir, Service) {
    let (dir, store) = common::demo_store();
    let config = Config::defaults();
    let service =
        Service::new(store, config.alert_rules(), config.caseload_limit).with_clock(common::clock);
    (dir, service)
}

/// A family of `assistant` and one of someone else, from the register.
fn families(service: &Service, assistant: &Caller) -> (Id, Id) {
    let me = assistant.account.as_ref().unwrap().id;
    let all = service.store().families().unwrap().records;
    let mine = all.iter().find(|f| f.value.assistant == Some(me)).unwrap();
    let other = all
        .iter()
        .find(|f| f.value.assistant.is_some_and(|a| a != me))
        .unwrap();
    (mine.value.id, other.value.id)
}

/// (login, action, entity) of every audit entry about `family`, oldest first.
fn log_of(service: &Service, family: Id) -> Vec<(String, AuditAction, String)> {
    let (entries, damaged) = service
        .store()
        .audit_entries(|e| e.family == Some(family))
        .unwrap();
    assert!(damaged.is_empty());
    entries
        .into_iter()
        .map(|e| (e.login, e.action, e.entity))
        .collect()
}

#[test]
fn views_saves_and_refusals_are_audited_with_the_login() {
    let (_dir, service) = service();
    let anna = service.caller("akowalska", common::today()).unwrap();
    let boss = service.caller("kierownik", common::today()).unwrap();
    let (mine, other) = families(&service, &anna);

    assert!(service.family_detail(&anna, mine).unwrap().is_some());
    assert!(service.family_detail(&anna, other).unwrap().is_none());
    assert!(service.family_detail(&boss, mine).unwrap().is_some());
    let member = Member {
        id: 0,
        family_id: mine,
        role: MemberRole::Guardian,
        first_name: "Jadwiga".into(),
        last_name: "Zmyślona".into(),
        birth_date: None,
        pesel: None,
        foster: None,
        left_household: None,
    };
    let saved = service
        .save_member(&anna, member.clone(), None, common::today())
        .unwrap();
    let refused = service.save_member(
        &anna,
        Member {
            family_id: other,
            ..member
        },
        None,
        common::today(),
    );
    assert!(matches!(refused, Err(CommandError::Forbidden { .. })));

    assert_eq!(
        log_of(&service, mine),
        vec![
            ("akowalska".into(), AuditAction::View, "family".into()),
            ("kierownik".into(), AuditAction::View, "family".into()),
            (
                "akowalska".into(),
                AuditAction::Create,
                format!("member {}", saved.value.id)
            ),
        ]
    );
    assert_eq!(
        log_of(&service, other),
        vec![
            ("akowalska".into(), AuditAction::Refused, "family".into()),
            ("akowalska".into(), AuditAction::Refused, "family".into()),
        ]
    );
    let entry = service
        .store()
        .audit_entries(|e| e.family == Some(mine))
        .unwrap()
        .0
        .remove(0);
    assert_eq!(entry.at, common::clock());
}

#[test]
fn who_viewed_a_family_is_shown_to_its_assistant_and_the_supervisor_only() {
    let (_dir, service) = service();
    let anna = service.caller("akowalska", common::today()).unwrap();
    let boss = service.caller("kierownik", common::today()).unwrap();
    let social_worker = service.caller("ps.lis", common::today()).unwrap();
    let (mine, _) = families(&service, &anna);

    service.family_detail(&boss, mine).unwrap();
    let logins = |caller: &Caller| -> Vec<String> {
        service
            .family_detail(caller, mine)
            .unwrap()
            .map(|d| d.viewed_by.into_iter().map(|e| e.login).collect())
            .unwrap_or_default()
    };
    // Newest first, this view included.
    assert_eq!(logins(&anna), ["akowalska", "kierownik"]);
    assert_eq!(logins(&boss), ["kierownik", "akowalska", "kierownik"]);
    let family = service.store().family(mine).unwrap().unwrap().value;
    assert!(
        service
            .family_audit(&social_worker, &family, 10)
            .unwrap()
            .is_empty()
    );
}

/// The audit clock twenty minutes after [`common::clock`].
fn later() -> chrono::NaiveDateTime {
    common::clock() + chrono::TimeDelta::minutes(20)
}

#[test]
fn a_view_repeated_at_once_is_one_entry_and_the_log_outlives_a_restart() {
    let (dir, service) = service();
    let boss = service.caller("kierownik", common::today()).unwrap();
    let anna = service.caller("akowalska", common::today()).unwrap();
    let (mine, _) = families(&service, &anna);
    let views = |service: &Service| {
        service
            .store()
            .audit_entries(|e| e.family == Some(mine) && e.action == AuditAction::View)
            .unwrap()
            .0
            .len()
    };
    // The same person again and again (as after each of their saves): one view.
    for _ in 0..3 {
        service.family_detail(&boss, mine).unwrap();
    }
    assert_eq!(views(&service), 1);
    // Taking turns, each look is a view of its own.
    for caller in [&anna, &boss, &anna, &boss, &anna, &boss] {
        service.family_detail(caller, mine).unwrap();
    }
    assert_eq!(views(&service), 7);
    service.flush().unwrap();
    drop(service);
    let store = Store::open(&dir.path().join("db")).unwrap();
    assert_eq!(store.family_audit(mine, 5).unwrap().len(), 5);
    assert_eq!(store.family_audit(mine, 50).unwrap().len(), 7);
    // Twenty minutes later the same person's look counts again.
    let config = Config::defaults();
    let service =
        Service::new(store, config.alert_rules(), config.caseload_limit).with_clock(later);
    service.family_detail(&boss, mine).unwrap();
    assert_eq!(views(&service), 8);
}

#[test]
fn the_audit_command_is_for_the_supervisor_and_lists_the_entries() {
    use common::cli::{demo_db, run, stderr};
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let db = db.to_str().unwrap();
    let audit = |args: &[&str]| {
        let mut all = vec!["audit", "--db", db];
        all.extend_from_slice(args);
        run(&all, dir.path())
    };
    let export = run(
        &[
            "plan",
            "export",
            "AR/2024/003",
            "--db",
            db,
            "--user",
            "kierownik",
        ],
        dir.path(),
    );
    assert!(export.status.success(), "{}", stderr(&export));

    let refused = audit(&["--user", "akowalska"]);
    assert_eq!(refused.status.code(), Some(1));
    assert!(
        stderr(&refused).contains("tylko kierownik"),
        "{}",
        stderr(&refused)
    );
    let bad = audit(&["--user", "kierownik", "--since", "31.02.2026"]);
    assert_eq!(bad.status.code(), Some(1));
    assert!(stderr(&bad).contains("--since"), "{}", stderr(&bad));

    let listed = audit(&["--user", "kierownik", "--family", "ar/2024/003"]);
    assert!(listed.status.success(), "{}", stderr(&listed));
    let text = String::from_utf8_lossy(&listed.stdout).into_owned();
    // Time, then login, action, case number and record, two spaces apart.
    let lines: Vec<Vec<&str>> = text
        .lines()
        .map(|l| l.split("  ").skip(1).collect())
        .collect();
    assert_eq!(lines.len(), 3, "{text}");
    assert_eq!(lines[0], ["kierownik", "view", "AR/2024/003", "family"]);
    assert_eq!(lines[1][..3], ["kierownik", "export", "AR/2024/003"]);
    assert!(lines[1][3].starts_with("plan ") && lines[1][3].ends_with(" export"));
    assert_eq!(
        lines[2],
        ["kierownik", "export", "AR/2024/003", "audit log"]
    );

    // The assistant's attempt was audited too, and --since today keeps it.
    let theirs = audit(&[
        "--user",
        "kierownik",
        "--staff",
        "akowalska",
        "--since",
        "2000-01-01",
    ]);
    let theirs = String::from_utf8_lossy(&theirs.stdout).into_owned();
    assert_eq!(theirs.lines().count(), 1, "{theirs}");
    assert!(
        theirs.contains("  akowalska  refused  -  audit log"),
        "{theirs}"
    );
    let later = audit(&["--user", "kierownik", "--since", "2200-01-01"]);
    assert!(later.stdout.is_empty());
}
