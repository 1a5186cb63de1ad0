//! Maintenance: backup and restore round trips, refused restore files, and the
//! `check`, `backup` and `restore` commands of the binary.

use std::io::{BufRead, Cursor};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use asystent::demo::{self, DemoSpec};
use asystent::domain::audit::{AuditAction, AuditEntry};
use asystent::store::backup::{BackupError, Counts, LineProblem};
use asystent::store::{SCHEMA_VERSION, Store};
use chrono::NaiveDate;

const BIN: &str = env!("CARGO_BIN_EXE_asystent");

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 22).unwrap()
}

/// The record lines of a backup (everything after the header).
fn record_lines(file: &Path) -> Vec<String> {
    let text = std::fs::read_to_string(file).unwrap();
    text.lines().skip(1).map(str::to_string).collect()
}

/// A database that holds nothing: no records, no index entries.
fn assert_empty(store: &Store) {
    let report = store.check().unwrap();
    assert_eq!(report.total_records(), 0, "{report:?}");
    assert!(report.damaged.is_empty());
    assert!(report.indexes.iter().all(|i| i.entries == 0), "{report:?}");
}

#[test]
fn office_backup_restores_to_an_identical_register() {
    let tmp = tempfile::tempdir().unwrap();
    let data = demo::generate(
        &DemoSpec {
            families: 450,
            years: 5,
            seed: 7,
        },
        today(),
    );
    let mut source = Store::open(&tmp.path().join("source")).unwrap();
    source.import(&data).unwrap();
    // Revisions above 1 must survive too.
    for family in data.families.iter().take(5) {
        let mut changed = family.clone();
        changed.notes.push_str(" Poprawka.");
        assert_eq!(source.put_family(&changed, Some(1)).unwrap(), 2);
    }
    // The audit log goes with the records, in its order.
    for entry in audit_log(data.families[0].id) {
        source.append_audit(&entry).unwrap();
    }
    let file = tmp.path().join("kopia.jsonl");
    let summary = source.backup_to_file(&file).unwrap();
    assert!(summary.damaged.is_empty());
    assert_eq!(summary.counts.audit, 3);
    assert_eq!(summary.counts.family, 450);
    assert_eq!(summary.counts.visit, data.visits.len() as u64);
    let mode = std::os::unix::fs::PermissionsExt::mode(&file.metadata().unwrap().permissions());
    assert_eq!(mode & 0o777, 0o600, "a backup holds personal data");

    let target = Store::open(&tmp.path().join("target")).unwrap();
    let counts = target.restore_from_file(&file).unwrap();
    assert_eq!(counts, summary.counts);
    let (exported, damaged) = target.export().unwrap();
    assert!(damaged.is_empty());
    assert_eq!(exported, source.export().unwrap().0);
    let report = target.check().unwrap();
    assert!(report.is_healthy(), "{report:?}");
    assert_eq!(report.total_records(), counts.total());
    assert!(target.indexes_match_rebuild().unwrap());
    assert_eq!(target.family(data.families[0].id).unwrap().unwrap().rev, 2);
    let (log, damaged) = target.audit_entries(|_| true).unwrap();
    assert!(damaged.is_empty());
    assert_eq!(log, audit_log(data.families[0].id));
    assert_eq!(
        target.family_audit(data.families[0].id, 10).unwrap().len(),
        2,
        "the family's entries are found by family"
    );
    assert!(target.new_id().unwrap() > data.visits.iter().map(|v| v.id).max().unwrap());

    // Every line carries its revision: a backup of the copy has the same lines.
    let mut target = target;
    let again = tmp.path().join("kopia2.jsonl");
    target.backup_to_file(&again).unwrap();
    assert_eq!(record_lines(&again), record_lines(&file));
}

/// Three entries of an audit log, two of them about `family`, oldest first.
fn audit_log(family: asystent::domain::Id) -> Vec<AuditEntry> {
    let at = |h| today().and_hms_opt(h, 15, 0).unwrap();
    vec![
        AuditEntry {
            at: at(8),
            login: "kierownik".into(),
            action: AuditAction::Login,
            family: None,
            entity: "workstation".into(),
        },
        AuditEntry {
            at: at(9),
            login: "akowalska".into(),
            action: AuditAction::View,
            family: Some(family),
            entity: "family".into(),
        },
        AuditEntry {
            at: at(10),
            login: "akowalska".into(),
            action: AuditAction::Print,
            family: Some(family),
            entity: "opinia dla sądu".into(),
        },
    ]
}

#[test]
fn the_audit_log_lines_are_checked_like_the_records() {
    let tmp = tempfile::tempdir().unwrap();
    let mut store = Store::open(&tmp.path().join("db")).unwrap();
    store
        .import(&demo::generate(&DemoSpec::default(), today()))
        .unwrap();
    for entry in audit_log(1) {
        store.append_audit(&entry).unwrap();
    }
    let mut out = Vec::new();
    store.backup(&mut out).unwrap();
    let lines: Vec<String> = String::from_utf8(out)
        .unwrap()
        .lines()
        .map(str::to_string)
        .collect();
    let last = lines.len() - 1;
    assert!(
        lines[last].starts_with(r#"{"kind":"audit","entry":{"#),
        "{}",
        lines[last]
    );

    // An audit line with a revision, or without an entry; a record line without one.
    let mut with_rev = lines.clone();
    with_rev[last] = with_rev[last].replacen(r#""kind":"audit","#, r#""kind":"audit","rev":1,"#, 1);
    let err = refused(with_rev.join("\n"));
    assert_eq!(line_of(&err), (last + 1, &LineProblem::AuditRevision));
    let mut no_entry = lines.clone();
    no_entry[last] = r#"{"kind":"audit","entry":{"login":"x"}}"#.into();
    let err = refused(no_entry.join("\n"));
    assert!(
        matches!(line_of(&err), (n, LineProblem::BadRecord { kind, .. }) if n == last + 1 && kind == "audit"),
        "{err:?}"
    );
    let mut no_rev = lines.clone();
    no_rev[3] = no_rev[3].replacen(r#""rev":1,"#, "", 1);
    assert_eq!(
        line_of(&refused(no_rev.join("\n"))),
        (4, &LineProblem::NoRevision)
    );

    // An entry cut off at the end: the header's count gives it away.
    let err = refused(lines[..last].join("\n"));
    assert!(
        matches!(
            err,
            BackupError::CountMismatch {
                kind: "audit",
                announced: 3,
                found: 2
            }
        ),
        "{err:?}"
    );

    // A version 2 file, from before the audit log went into backups, restores without one.
    let mut header: serde_json::Value = serde_json::from_str(&lines[0]).unwrap();
    header["version"] = 2.into();
    header["counts"].as_object_mut().unwrap().remove("audit");
    let mut old = vec![header.to_string()];
    old.extend(
        lines[1..]
            .iter()
            .filter(|l| !l.contains(r#""kind":"audit""#))
            .cloned(),
    );
    let target = Store::open(&tmp.path().join("target")).unwrap();
    let counts = target.restore(Cursor::new(old.join("\n"))).unwrap();
    assert_eq!(counts.audit, 0);
    assert!(target.audit_entries(|_| true).unwrap().0.is_empty());
}

#[test]
fn backup_never_overwrites_a_file() {
    let tmp = tempfile::tempdir().unwrap();
    let mut store = Store::open(&tmp.path().join("db")).unwrap();
    let file = tmp.path().join("kopia.jsonl");
    std::fs::write(&file, "poprzednia kopia").unwrap();
    assert!(matches!(
        store.backup_to_file(&file),
        Err(BackupError::Exists { .. })
    ));
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "poprzednia kopia");
}

/// A small valid backup: the default demo register.
fn small_backup() -> (tempfile::TempDir, Vec<String>) {
    let tmp = tempfile::tempdir().unwrap();
    let mut store = Store::open(&tmp.path().join("db")).unwrap();
    store
        .import(&demo::generate(&DemoSpec::default(), today()))
        .unwrap();
    let mut out = Vec::new();
    store.backup(&mut out).unwrap();
    let lines = String::from_utf8(out)
        .unwrap()
        .lines()
        .map(str::to_string)
        .collect();
    (tmp, lines)
}

/// Restores `text` into a fresh database, expecting a refusal; the database stays empty.
fn refused(text: impl AsRef<[u8]>) -> BackupError {
    let tmp = tempfile::tempdir().unwrap();
    let store = Store::open(&tmp.path().join("db")).unwrap();
    let err = store
        .restore(Cursor::new(text.as_ref().to_vec()))
        .expect_err("the restore should be refused");
    assert_empty(&store);
    err
}

fn line_of(err: &BackupError) -> (usize, &LineProblem) {
    match err {
        BackupError::Line { line, problem } => (*line, problem),
        other => panic!("expected a line error, got {other:?}"),
    }
}

#[test]
fn restore_refuses_damaged_files_and_writes_nothing() {
    let (_tmp, lines) = small_backup();
    let whole = lines.join("\n") + "\n";
    assert!(lines.len() > 100);

    // Cut in the middle of a line: that line is bad JSON.
    let bytes = whole.as_bytes();
    let end_of_line = bytes.len() / 2
        + bytes[bytes.len() / 2..]
            .iter()
            .position(|b| *b == b'\n')
            .unwrap();
    let cut = end_of_line - 5;
    let cut_line = bytes[..cut].iter().filter(|b| **b == b'\n').count() + 1;
    let err = refused(&bytes[..cut]);
    let (line, problem) = line_of(&err);
    assert_eq!(line, cut_line);
    assert!(matches!(problem, LineProblem::BadJson(_)), "{problem:?}");

    // Cut at the end of a line: the header's counts give it away.
    let err = refused(lines[..lines.len() - 3].join("\n") + "\n");
    assert!(
        matches!(
            err,
            BackupError::CountMismatch {
                kind: "cooperation",
                ..
            }
        ),
        "{err:?}"
    );

    // A line of garbage in the middle.
    let mut garbage = lines.clone();
    garbage[40] = "\u{1b}[2J to nie jest JSON".into();
    let err = refused(garbage.join("\n"));
    assert!(matches!(line_of(&err), (41, LineProblem::BadJson(_))));

    // A record that does not fit its kind, an unknown kind, revision 0, a duplicate.
    let mut wrong = lines.clone();
    wrong[10] = wrong[10].replace(
        "\"rev\":1,\"record\":{\"id\"",
        "\"rev\":1,\"record\":{\"idx\"",
    );
    let err = refused(wrong.join("\n"));
    assert!(
        matches!(line_of(&err), (11, LineProblem::BadRecord { .. })),
        "{err:?}"
    );
    let mut unknown = lines.clone();
    unknown[5] = r#"{"kind":"kot","rev":1,"record":{}}"#.into();
    let err = refused(unknown.join("\n"));
    assert_eq!(line_of(&err), (6, &LineProblem::UnknownKind("kot".into())));
    let mut rev0 = lines.clone();
    rev0[7] = rev0[7].replacen("\"rev\":1", "\"rev\":0", 1);
    let err = refused(rev0.join("\n"));
    assert_eq!(line_of(&err), (8, &LineProblem::BadRevision));
    let mut twice = lines.clone();
    twice.insert(12, lines[3].clone());
    let err = refused(twice.join("\n"));
    assert!(
        matches!(
            line_of(&err),
            (13, LineProblem::Duplicate { first_line: 4, .. })
        ),
        "{err:?}"
    );
    let mut blank = lines.clone();
    blank.insert(9, String::new());
    assert_eq!(
        line_of(&refused(blank.join("\n"))),
        (10, &LineProblem::EmptyLine)
    );
}

#[test]
fn a_version_1_backup_still_restores() {
    let (_tmp, lines) = small_backup();
    let mut header: serde_json::Value = serde_json::from_str(&lines[0]).unwrap();
    header["version"] = 1.into();
    // Written by a program of database schema 1 (before the planned-visits index).
    header["schema"] = 1.into();
    let mut text = format!("{header}\n");
    // Version 1 records had no status history and no cooperation contact person.
    for line in &lines[1..] {
        let mut value: serde_json::Value = serde_json::from_str(line).unwrap();
        let record = value["record"].as_object_mut().unwrap();
        record.remove("history");
        record.remove("person");
        text.push_str(&format!("{value}\n"));
    }
    let tmp = tempfile::tempdir().unwrap();
    let store = Store::open(&tmp.path().join("db")).unwrap();
    let counts = store.restore(Cursor::new(text)).unwrap();
    assert_eq!(counts.total() as usize, lines.len() - 1);
    let (data, damaged) = store.export().unwrap();
    assert!(damaged.is_empty());
    assert!(data.families.iter().all(|f| f.history.is_empty()));
    assert!(data.cooperation.iter().all(|c| c.person.is_empty()));
    assert!(!data.cooperation.is_empty());
}

#[test]
fn restore_refuses_other_formats_and_versions() {
    let (_tmp, lines) = small_backup();
    let body = lines[1..].join("\n");
    let with_header = |header: String| format!("{header}\n{body}\n");
    let header: serde_json::Value = serde_json::from_str(&lines[0]).unwrap();
    let edited = |key: &str, value: serde_json::Value| {
        let mut h = header.clone();
        h[key] = value;
        with_header(h.to_string())
    };

    let err = refused(edited("version", 4.into()));
    assert_eq!(
        line_of(&err),
        (1, &LineProblem::NewerVersion { found: 4, known: 3 })
    );
    let newer = u64::from(SCHEMA_VERSION) + 1;
    let err = refused(edited("schema", newer.into()));
    assert_eq!(
        line_of(&err),
        (
            1,
            &LineProblem::OtherSchema {
                found: newer,
                known: SCHEMA_VERSION
            }
        )
    );
    let err = refused(edited("schema", 0.into()));
    assert_eq!(
        line_of(&err),
        (
            1,
            &LineProblem::OtherSchema {
                found: 0,
                known: SCHEMA_VERSION
            }
        )
    );
    let err = refused(edited("format", "inny-program".into()));
    assert_eq!(line_of(&err), (1, &LineProblem::NotABackup));
    let err = refused(edited("created", "wczoraj".into()));
    assert!(matches!(line_of(&err), (1, LineProblem::BadHeader(_))));
    let err = refused(edited("counts", serde_json::json!({"staff": 1})));
    assert!(matches!(line_of(&err), (1, LineProblem::BadHeader(_))));
    assert_eq!(line_of(&refused("")), (1, &LineProblem::EmptyFile));
    assert!(matches!(
        line_of(&refused("{\"format\":")),
        (1, LineProblem::BadJson(_))
    ));
    assert_eq!(
        line_of(&refused("[1, 2, 3]\n")),
        (1, &LineProblem::NotABackup)
    );
}

#[test]
fn restore_refuses_an_overlong_line_without_reading_it_all() {
    let (_tmp, lines) = small_backup();
    let mut text = lines[0].clone() + "\n";
    // No newline for 17 MiB: refused once the line passes 16 MiB.
    text.push_str(&"x".repeat(17 * 1024 * 1024));
    assert_eq!(line_of(&refused(text)), (2, &LineProblem::TooLong));
}

#[test]
fn restore_refuses_a_database_with_records() {
    let (tmp, lines) = small_backup();
    let store = Store::open(&tmp.path().join("other")).unwrap();
    store
        .put_staff(
            &asystent::domain::Staff {
                id: 1,
                login: "anowak".into(),
                name: "Anna Nowak".into(),
                role: asystent::domain::Role::Assistant,
                active: true,
                stand_ins: Vec::new(),
            },
            None,
        )
        .unwrap();
    let text = lines.join("\n");
    assert!(matches!(
        store.restore(Cursor::new(text.into_bytes())),
        Err(BackupError::NotEmpty { .. })
    ));
    assert_eq!(store.export().unwrap().0.staff.len(), 1);
}

#[test]
fn backup_header_names_format_version_schema_and_counts() {
    let (_tmp, lines) = small_backup();
    let header: serde_json::Value = serde_json::from_str(&lines[0]).unwrap();
    assert_eq!(header["format"], "asystent-backup");
    assert_eq!(header["version"], 3);
    assert_eq!(header["schema"], asystent::store::SCHEMA_VERSION);
    let created = header["created"].as_str().unwrap();
    assert!(
        chrono::DateTime::parse_from_rfc3339(created).is_ok(),
        "{created}"
    );
    let counts: Counts = serde_json::from_value(header["counts"].clone()).unwrap();
    assert_eq!(counts.total() as usize, lines.len() - 1);
    let first: serde_json::Value = serde_json::from_str(&lines[1]).unwrap();
    assert_eq!(first["kind"], "staff");
    assert_eq!(first["rev"], 1);
    assert!(first["record"]["login"].is_string());
    // Every line is one JSON object.
    let reader = std::io::BufReader::new(Cursor::new(lines.join("\n")));
    for line in reader.lines() {
        let value: serde_json::Value = serde_json::from_str(&line.unwrap()).unwrap();
        assert!(value.is_object());
    }
}

fn run(args: &[&str], home: &Path) -> Output {
    Command::new(BIN)
        .args(args)
        .env("XDG_CONFIG_HOME", home)
        .env("XDG_DATA_HOME", home)
        .env_remove("ASYSTENT_DB")
        .env("LANG", "pl_PL.UTF-8")
        .output()
        .unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn demo_db(home: &Path) -> PathBuf {
    let db = home.join("demo-db");
    let out = run(
        &[
            "demo",
            "--no-open",
            "--today",
            "2026-11-22",
            "--db",
            db.to_str().unwrap(),
        ],
        home,
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    db
}

#[test]
fn check_backup_and_restore_commands() {
    let tmp = tempfile::tempdir().unwrap();
    let home = tmp.path();
    let db = demo_db(home);
    let db_arg = db.to_str().unwrap();

    let out = run(&["--db", db_arg, "check"], home);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let said = text(&out.stdout);
    assert!(said.contains("rodziny (families)"), "{said}");
    // Every tree and index is named in words, with its tree's name after them.
    for line in said.lines().filter(|l| l.starts_with("  ")) {
        assert!(line.contains(") "), "no words for: {line}");
    }
    assert!(said.contains("baza jest w porządku"), "{said}");

    let file = home.join("kopia.jsonl");
    let out = run(&["--db", db_arg, "backup", file.to_str().unwrap()], home);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("Zapisano kopię zapasową"));
    let out = run(&["--db", db_arg, "backup", file.to_str().unwrap()], home);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("już istnieje"),
        "{}",
        text(&out.stderr)
    );

    let copy = home.join("copy");
    let copy_arg = copy.to_str().unwrap();
    let out = run(
        &[
            "--db",
            copy_arg,
            "--lang",
            "en",
            "restore",
            file.to_str().unwrap(),
        ],
        home,
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).contains("Restored"),
        "{}",
        text(&out.stdout)
    );
    assert!(
        Store::open(&copy).unwrap().digest_file_token().is_some(),
        "a restore leaves the digest file for the first start"
    );
    let out = run(&["--db", copy_arg, "--lang", "en", "check"], home);
    assert!(out.status.success(), "{}", text(&out.stdout));
    assert!(text(&out.stdout).contains("the database is sound"));

    let out = run(&["--db", copy_arg, "restore", file.to_str().unwrap()], home);
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(
        err.contains("nie jest pusta") && err.contains("Nic nie zapisano"),
        "{err}"
    );

    let garbage = home.join("smieci.jsonl");
    std::fs::write(&garbage, "{\"format\":\"asystent-backup\",\"version\":7}\n").unwrap();
    let fresh = home.join("fresh");
    let out = run(
        &[
            "--db",
            fresh.to_str().unwrap(),
            "restore",
            garbage.to_str().unwrap(),
        ],
        home,
    );
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(
        err.contains("Wiersz 1") && err.contains("wersji 7"),
        "{err}"
    );

    // check and backup never create a database where there is none.
    let nowhere = home.join("nowhere");
    let out = run(&["--db", nowhere.to_str().unwrap(), "check"], home);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("nie ma bazy danych"));
    assert!(!nowhere.exists());
}

#[test]
fn check_repair_fixes_indexes_but_reports_damaged_records() {
    let tmp = tempfile::tempdir().unwrap();
    let home = tmp.path();
    let db = demo_db(home);
    let db_arg = db.to_str().unwrap();
    {
        let store = Store::open(&db).unwrap();
        let stray = asystent::store::keys::family_child_key(999, 999);
        store
            .raw_insert_for_tests("families_by_assistant", &stray, &[])
            .unwrap();
    }
    let out = run(&["--db", db_arg, "--lang", "en", "check"], home);
    assert_eq!(out.status.code(), Some(1));
    let said = text(&out.stdout);
    assert!(said.contains("OUT OF STEP: 0 missing, 1 stray"), "{said}");
    assert!(
        said.contains("stray: 00000000000003e700000000000003e7"),
        "{said}"
    );
    assert!(said.contains("--repair"), "{said}");

    let out = run(&["--db", db_arg, "check", "--repair"], home);
    assert!(out.status.success(), "{}", text(&out.stdout));
    assert!(text(&out.stdout).contains("Po naprawie: baza jest w porządku"));
    assert!(
        Store::open(&db).unwrap().digest_file_token().is_some(),
        "a repair leaves a digest file of the repaired register"
    );

    {
        let store = Store::open(&db).unwrap();
        store
            .raw_insert_for_tests("families", &2u64.to_be_bytes(), b"zepsute")
            .unwrap();
    }
    let out = run(&["--db", db_arg, "check", "--repair"], home);
    assert_eq!(out.status.code(), Some(1), "damaged records stay a problem");
    let said = text(&out.stdout);
    assert!(
        said.contains("rodziny (families) 0000000000000002"),
        "{said}"
    );
    assert!(said.contains("1 uszkodzony rekord"), "{said}");
    let store = Store::open(&db).unwrap();
    assert_eq!(store.families().unwrap().damaged.len(), 1, "never deleted");
}

#[test]
fn maintenance_commands_meet_the_lock_of_a_running_workstation() {
    let tmp = tempfile::tempdir().unwrap();
    let home = tmp.path();
    let db = demo_db(home);
    let db_arg = db.to_str().unwrap();
    let _held = Store::open(&db).unwrap();
    let file = home.join("kopia.jsonl");
    for args in [
        vec!["--db", db_arg, "check"],
        vec!["--db", db_arg, "backup", file.to_str().unwrap()],
        vec!["--db", db_arg, "restore", file.to_str().unwrap()],
    ] {
        let out = run(&args, home);
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        let err = text(&out.stderr);
        assert!(err.contains("jest już otwarta"), "{args:?}: {err}");
    }
    assert!(!file.exists());
}
