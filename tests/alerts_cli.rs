//! `asystent alerts`: the real binary on a demo database, text and JSON, exit codes.

use std::collections::BTreeSet;
use std::path::Path;
use std::process::Output;

use asystent::domain::{
    Closure, ClosureReason, Dataset, Family, FamilyFlags, FamilyStatus, Id, Role, SocialWorkerRef,
    Staff, Visit, VisitKind, VisitPlace, VisitRecord, VisitStatus,
};
use asystent::store::Store;
use chrono::{NaiveDate, NaiveTime};
use common::cli::{demo_db, run, stderr};

mod common;

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).expect("stdout is UTF-8")
}

/// `asystent alerts --db DB --today 2026-11-22` plus `extra`.
fn alerts(db: &Path, dir: &Path, extra: &[&str]) -> Output {
    let mut args = vec![
        "alerts",
        "--db",
        db.to_str().unwrap(),
        "--today",
        "2026-11-22",
    ];
    args.extend_from_slice(extra);
    run(&args, dir)
}

fn json(o: &Output) -> serde_json::Value {
    serde_json::from_str(&stdout(o)).unwrap_or_else(|e| panic!("{e}: {}", stdout(o)))
}

/// The family ids assigned to the assistant with this login, read through the library.
fn families_of(db: &Path, login: &str) -> BTreeSet<u64> {
    let store = Store::open(db).unwrap();
    common::families_of(&store, login).into_iter().collect()
}

/// True if the text has no control character (other than line feeds) and no direction override.
fn is_plain(text: &str) -> bool {
    text.chars().all(|c| {
        c == '\n'
            || !(c.is_control()
                || matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}'))
    })
}

/// Severity rank of a text line by its first word (Polish).
fn rank_pl(line: &str) -> usize {
    ["PO TERMINIE", "DZIŚ", "WKRÓTCE"]
        .iter()
        .position(|w| line.starts_with(w))
        .unwrap_or_else(|| panic!("no severity word: {line}"))
}

#[test]
fn text_has_a_header_and_lines_overdue_first_and_exits_1_when_something_is_overdue() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let out = alerts(&db, dir.path(), &[]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(is_plain(&text), "{text:?}");
    let mut lines = text.lines();
    let header = lines.next().unwrap();
    assert!(
        header.starts_with("Alerty na 22.11.2026: po terminie "),
        "{header}"
    );
    let lines: Vec<&str> = lines.collect();
    assert!(lines.len() > 3, "{text}");
    // The header's counts add up to the lines.
    let numbers: Vec<usize> = header
        .split(|c: char| !c.is_ascii_digit())
        .filter_map(|n| n.parse().ok())
        .skip(3) // the date
        .collect();
    assert_eq!(numbers.len(), 3, "{header}");
    assert!(numbers[0] > 0, "the demo has overdue items: {header}");
    assert_eq!(numbers.iter().sum::<usize>(), lines.len(), "{text}");
    let ranks: Vec<usize> = lines.iter().map(|l| rank_pl(l)).collect();
    assert!(ranks.windows(2).all(|w| w[0] <= w[1]), "{text}");
    assert_eq!(ranks.iter().filter(|&&r| r == 0).count(), numbers[0]);
    for line in &lines {
        assert!(line.contains(" AR/"), "case number in {line}");
        assert!(line.contains(".2026"), "date dd.mm.rrrr in {line}");
        assert!(
            line.ends_with("po terminie")
                || line.contains("za ")
                || line.ends_with("jutro")
                || line.ends_with("dziś"),
            "days over or left at the end: {line}"
        );
        assert_eq!(*line, line.trim_end(), "no trailing spaces");
    }
    assert!(
        lines[0].contains("po terminie") && lines[0].starts_with("PO TERMINIE"),
        "{text}"
    );
}

#[test]
fn json_parses_and_has_as_many_alerts_as_text_lines() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let text = alerts(&db, dir.path(), &[]);
    let lines = stdout(&text).lines().count() - 1;
    let out = alerts(&db, dir.path(), &["--format", "json"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let doc = json(&out);
    assert_eq!(doc["today"], "2026-11-22");
    let list = doc["alerts"].as_array().unwrap();
    assert_eq!(list.len(), lines);
    let counts = &doc["counts"];
    let total: u64 = ["overdue", "today", "soon"]
        .iter()
        .map(|k| counts[k].as_u64().unwrap())
        .sum();
    assert_eq!(total as usize, list.len());
    let kinds = [
        "assessment",
        "work_plan",
        "court_opinion",
        "plan_incomplete",
        "no_consultation",
        "action_deadline",
        "no_child_plan_link",
        "visit_outcome",
        "no_contact",
        "monitoring_check_in",
        "monitoring_ended",
    ];
    for a in list {
        assert!(kinds.contains(&a["kind"].as_str().unwrap()), "{a}");
        assert!(
            ["overdue", "today", "soon"].contains(&a["severity"].as_str().unwrap()),
            "{a}"
        );
        let due = a["due"].as_str().unwrap();
        assert!(
            chrono::NaiveDate::parse_from_str(due, "%Y-%m-%d").is_ok(),
            "{a}"
        );
        assert!(a["case_number"].as_str().unwrap().starts_with("AR/"), "{a}");
        assert!(!a["family"].as_str().unwrap().is_empty(), "{a}");
        assert!(a["family_id"].is_u64(), "{a}");
        assert!(
            a["assistant"].is_string() || a["assistant"].is_null(),
            "{a}"
        );
        assert!(a["record_id"].is_u64() || a["record_id"].is_null(), "{a}");
        assert!(!a["reason"].as_str().unwrap().is_empty(), "{a}");
    }
    assert_eq!(list[0]["severity"], "overdue");
}

#[test]
fn assistant_narrows_to_that_assistants_families() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let out = alerts(
        &db,
        dir.path(),
        &["--assistant", "akowalska", "--format", "json"],
    );
    assert!(matches!(out.status.code(), Some(0 | 1)), "{}", stderr(&out));
    let doc = json(&out);
    let shown: BTreeSet<u64> = doc["alerts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["family_id"].as_u64().unwrap())
        .collect();
    assert!(!shown.is_empty());
    let hers = families_of(&db, "akowalska");
    assert!(shown.is_subset(&hers), "{shown:?} not within {hers:?}");
    for a in doc["alerts"].as_array().unwrap() {
        assert_eq!(a["assistant"], "akowalska");
    }
    // The whole office shows more than her families.
    let all = json(&alerts(&db, dir.path(), &["--format", "json"]));
    assert!(all["alerts"].as_array().unwrap().len() > shown.len());
    // The text header names her; an assistant working as herself sees the same.
    let text = stdout(&alerts(&db, dir.path(), &["--assistant", "akowalska"]));
    assert!(
        text.lines().next().unwrap().contains("(Anna Kowalska)"),
        "{text}"
    );
    let own = alerts(
        &db,
        dir.path(),
        &["--user", "akowalska", "--format", "json"],
    );
    assert_eq!(json(&own)["alerts"], doc["alerts"]);
}

#[test]
fn english_with_lang_en() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let out = alerts(&db, dir.path(), &["--lang", "en"]);
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    let header = text.lines().next().unwrap();
    assert!(header.starts_with("Alerts for 22.11.2026: "), "{header}");
    assert!(header.contains(" overdue, "), "{header}");
    let first = text.lines().nth(1).unwrap();
    assert!(first.starts_with("OVERDUE "), "{first}");
    assert!(
        first.contains("days overdue") || first.contains("day overdue"),
        "{first}"
    );
    assert!(!text.contains("PO TERMINIE"), "{text}");
}

#[test]
fn nothing_due_long_before_any_work_is_one_line_and_exit_0() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let day = [
        "alerts",
        "--db",
        db.to_str().unwrap(),
        "--today",
        "2000-01-01",
    ];
    let out = run(&day, dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    assert_eq!(text.lines().count(), 1, "{text}");
    assert!(text.starts_with("Brak alertów na 01.01.2000"), "{text}");
    let mut en = day.to_vec();
    en.extend(["--lang", "en"]);
    assert!(stdout(&run(&en, dir.path())).starts_with("No alerts for 01.01.2000"));
    let mut as_json = day.to_vec();
    as_json.extend(["--format", "json"]);
    let out = run(&as_json, dir.path());
    assert_eq!(out.status.code(), Some(0));
    let doc = json(&out);
    assert_eq!(doc["alerts"].as_array().unwrap().len(), 0);
    assert_eq!(doc["counts"]["overdue"], 0);
}

#[test]
fn a_wrong_assistant_is_refused_with_exit_2_naming_the_login() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let out = alerts(&db, dir.path(), &["--assistant", "nieznany"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    assert!(stderr(&out).contains("\"nieznany\""), "{}", stderr(&out));
    let out = alerts(
        &db,
        dir.path(),
        &["--assistant", "nieznany", "--lang", "en"],
    );
    assert!(stderr(&out).contains("No staff member has the login \"nieznany\""));
    // A login that is not an assistant's.
    let out = alerts(&db, dir.path(), &["--assistant", "kierownik"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("nie asystenta rodziny"),
        "{}",
        stderr(&out)
    );
    // An assistant asking for a colleague's families.
    let out = alerts(
        &db,
        dir.path(),
        &["--user", "akowalska", "--assistant", "mnowak"],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("\"mnowak\""), "{}", stderr(&out));
}

#[test]
fn a_held_database_or_a_bad_option_gives_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let held = Store::open(&db).unwrap();
    let out = alerts(&db, dir.path(), &[]);
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    let err = stderr(&out);
    assert!(err.contains("jest już otwarta przez inny program"), "{err}");
    assert!(
        err.contains(&format!("pid {}", std::process::id())),
        "{err}"
    );
    drop(held);
    assert_eq!(alerts(&db, dir.path(), &[]).status.code(), Some(1));

    let out = alerts(&db, dir.path(), &["--format", "xml"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("xml"), "{}", stderr(&out));
    let out = run(
        &[
            "alerts",
            "--db",
            db.to_str().unwrap(),
            "--today",
            "31.02.2026",
        ],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(2));
    let missing = dir.path().join("missing");
    let out = run(&["alerts", "--db", missing.to_str().unwrap()], dir.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(!missing.exists(), "no database created");
}

#[test]
fn names_from_the_database_never_carry_control_or_direction_characters() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let hers = families_of(&db, "akowalska");
    {
        let store = Store::open(&db).unwrap();
        for id in hers {
            let v = store.family(id).unwrap().unwrap();
            let mut family = v.value;
            family.name = format!("Zła\x1b[2J\u{202e}Nazwa\r\n\t{}\x07", family.name);
            store.put_family(&family, Some(v.rev)).unwrap();
        }
    }
    for format in ["text", "json"] {
        let out = alerts(&db, dir.path(), &["--format", format]);
        let text = stdout(&out);
        assert!(is_plain(&text), "{format}: {text:?}");
        assert!(!text.contains("\\u001b"), "{format}: {text}");
        assert!(text.contains("Zła[2JNazwa "), "{format}: {text}");
    }
}

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// A fictional family of assistant 1 in `status`, work started on `started`.
fn family(id: Id, status: FamilyStatus, started: NaiveDate, closure: Option<Closure>) -> Family {
    Family {
        id,
        case_number: format!("AR/2026/{id:03}"),
        name: format!("Rodzina {id}"),
        address: "ul. Przykładowa 1, 00-001 Nibylandia".into(),
        phones: vec![],
        assistant: Some(1),
        social_worker: SocialWorkerRef::default(),
        referral_date: started,
        consent_date: Some(started),
        work_started: Some(started),
        status,
        flags: FamilyFlags::default(),
        closure,
        notes: String::new(),
        history: Vec::new(),
    }
}

/// A visit held at 10:00 on `day`.
fn held(id: Id, family_id: Id, day: NaiveDate) -> Visit {
    Visit {
        id,
        family_id,
        assistant: 1,
        date: day,
        time: NaiveTime::from_hms_opt(10, 0, 0).unwrap(),
        duration_min: 60,
        place: VisitPlace::FamilyHome,
        kind: VisitKind::HomeVisit,
        status: VisitStatus::Held,
        record: VisitRecord::default(),
        history: Vec::new(),
    }
}

/// A database with one monitored family, closed on 1.09.2026 and monitored until
/// 1.03.2027, last seen on 1.10.2026: its check-in was due on 31.10.2026.
fn monitoring_db(dir: &Path) -> std::path::PathBuf {
    let db = dir.join("db");
    let store = Store::open(&db).unwrap();
    let closure = Closure {
        date: date(2026, 9, 1),
        reason: ClosureReason::GoalsAchieved,
        summary: "Cele osiągnięte.".into(),
        monitoring_until: Some(date(2027, 3, 1)),
    };
    store
        .import(&Dataset {
            staff: vec![Staff {
                id: 1,
                login: "akowalska".into(),
                name: "Anna Kowalska".into(),
                role: Role::Assistant,
                active: true,
                stand_ins: Vec::new(),
            }],
            families: vec![family(
                2,
                FamilyStatus::Monitoring,
                date(2025, 9, 1),
                Some(closure),
            )],
            visits: vec![held(3, 2, date(2026, 8, 20)), held(4, 2, date(2026, 10, 1))],
            ..Dataset::default()
        })
        .unwrap();
    db
}

#[test]
fn a_monitored_family_past_its_check_in_is_overdue_with_exit_1() {
    let dir = tempfile::tempdir().unwrap();
    let db = monitoring_db(dir.path());
    let out = alerts(&db, dir.path(), &[]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let text = stdout(&out);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 2, "{text}");
    assert!(
        lines[1].starts_with("PO TERMINIE  31.10.2026  monitorowanie"),
        "{text}"
    );
    assert!(lines[1].ends_with("22 dni po terminie"), "{text}");
    let en = stdout(&alerts(&db, dir.path(), &["--lang", "en"]));
    assert!(en.contains("monitoring check"), "{en}");

    let doc = json(&alerts(&db, dir.path(), &["--format", "json"]));
    let list = doc["alerts"].as_array().unwrap();
    assert_eq!(list.len(), 1, "{doc}");
    assert_eq!(list[0]["kind"], "monitoring_check_in");
    assert_eq!(list[0]["severity"], "overdue");
    assert_eq!(list[0]["due"], "2026-10-31");
    assert_eq!(list[0]["family_id"], 2);
    assert!(
        list[0]["reason"]
            .as_str()
            .unwrap()
            .contains("art. 15 ust. 1 pkt 16"),
        "{doc}"
    );

    // On the day the check-in is due it shows as today, and nothing is overdue.
    let on_the_day = run(
        &[
            "alerts",
            "--db",
            db.to_str().unwrap(),
            "--today",
            "2026-10-31",
        ],
        dir.path(),
    );
    assert_eq!(on_the_day.status.code(), Some(0), "{}", stderr(&on_the_day));
    assert!(
        stdout(&on_the_day).contains("DZIŚ"),
        "{}",
        stdout(&on_the_day)
    );

    // After the last day of monitoring the case is ready to archive, and no check-in
    // is asked for beyond it.
    let after = run(
        &[
            "alerts",
            "--db",
            db.to_str().unwrap(),
            "--today",
            "2027-03-03",
            "--format",
            "json",
        ],
        dir.path(),
    );
    assert_eq!(after.status.code(), Some(1));
    let kinds: Vec<(String, String)> = json(&after)["alerts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| {
            (
                a["kind"].as_str().unwrap().into(),
                a["due"].as_str().unwrap().into(),
            )
        })
        .collect();
    assert!(
        kinds.contains(&("monitoring_ended".into(), "2027-03-02".into())),
        "{kinds:?}"
    );
}

#[test]
fn an_active_family_without_a_held_visit_shows_no_contact() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("db");
    {
        let store = Store::open(&db).unwrap();
        let mut absent = held(5, 2, date(2026, 11, 12));
        absent.status = VisitStatus::FamilyAbsent;
        store
            .import(&Dataset {
                families: vec![family(2, FamilyStatus::Active, date(2026, 10, 1), None)],
                // Held on 5.11, the family was not at home on 12.11: contact due 19.11.
                visits: vec![held(4, 2, date(2026, 11, 5)), absent],
                ..Dataset::default()
            })
            .unwrap();
    }
    let doc = json(&alerts(
        &db,
        dir.path(),
        &["--format", "json", "--lang", "en"],
    ));
    let contact: Vec<&serde_json::Value> = doc["alerts"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|a| a["kind"] == "no_contact")
        .collect();
    assert_eq!(contact.len(), 1, "{doc}");
    assert_eq!(contact[0]["due"], "2026-11-19");
    assert_eq!(contact[0]["severity"], "overdue");
    let text = stdout(&alerts(&db, dir.path(), &[]));
    assert!(text.contains("19.11.2026  brak kontaktu"), "{text}");
}

#[test]
fn json_lists_the_caseloads_at_or_near_the_limit() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    // The demo's first assistant works with 14 families of 15: near the limit.
    let doc = json(&alerts(&db, dir.path(), &["--format", "json"]));
    let caseload = doc["caseload"].as_array().unwrap();
    assert_eq!(caseload.len(), 1, "{doc}");
    assert_eq!(caseload[0]["assistant"], "akowalska");
    assert_eq!(caseload[0]["name"], "Anna Kowalska");
    assert_eq!(caseload[0]["active"], 14);
    assert_eq!(caseload[0]["limit"], 15);
    assert_eq!(caseload[0]["severity"], "near_limit");
    // Narrowed to a colleague with room, nothing; with no margin, nothing either.
    let other = json(&alerts(
        &db,
        dir.path(),
        &["--format", "json", "--assistant", "mnowak"],
    ));
    assert_eq!(other["caseload"].as_array().unwrap().len(), 0, "{other}");
    std::fs::write(
        dir.path().join("strict.toml"),
        "[caseload]\nwarning_margin = 0\n",
    )
    .unwrap();
    let config = dir.path().join("strict.toml");
    let strict = json(&alerts(
        &db,
        dir.path(),
        &["--format", "json", "--config", config.to_str().unwrap()],
    ));
    assert_eq!(strict["caseload"].as_array().unwrap().len(), 0, "{strict}");
    // A limit lowered to 14 puts her at it.
    std::fs::write(dir.path().join("lower.toml"), "[caseload]\nlimit = 14\n").unwrap();
    let config = dir.path().join("lower.toml");
    let lower = json(&alerts(
        &db,
        dir.path(),
        &["--format", "json", "--config", config.to_str().unwrap()],
    ));
    let at: Vec<(&str, &str)> = lower["caseload"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["assistant"].as_str().unwrap(),
                c["severity"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(at, [("akowalska", "at_limit")]);
}
