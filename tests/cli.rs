//! The command line without a terminal: errors are explained and nothing is drawn.

mod common;

use std::path::Path;

use common::cli::{demo_db, run, stderr};

#[test]
fn a_caseload_limit_above_the_statute_stops_the_program_naming_the_key() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("c.toml");
    std::fs::write(&config, "[caseload]\nlimit = 16\n").unwrap();
    let db = dir.path().join("db");
    let out = run(
        &[
            "--config",
            config.to_str().unwrap(),
            "--db",
            db.to_str().unwrap(),
        ],
        dir.path(),
    );
    assert!(!out.status.success());
    let err = stderr(&out);
    assert!(err.contains("caseload.limit"), "{err}");
    assert!(err.contains("ustawowego maksimum 15"), "{err}");
    assert!(out.stdout.is_empty(), "nothing drawn");
    assert!(
        !db.exists(),
        "no database touched before the configuration is valid"
    );

    let out = run(
        &["--config", config.to_str().unwrap(), "--lang", "en"],
        dir.path(),
    );
    assert!(
        stderr(&out).contains("statutory maximum of 15"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn a_user_config_in_the_platform_directory_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let conf_dir = dir.path().join("asystent");
    std::fs::create_dir_all(&conf_dir).unwrap();
    std::fs::write(
        conf_dir.join("config.toml"),
        "[deadlines]\nwarning_days = 0\n",
    )
    .unwrap();
    let out = run(&["--lang", "en"], dir.path());
    assert!(!out.status.success());
    let err = stderr(&out);
    assert!(err.contains("deadlines.warning_days"), "{err}");
    assert!(err.contains("config.toml"), "{err}");
}

#[test]
fn an_impossible_today_is_refused_with_the_reason() {
    let dir = tempfile::tempdir().unwrap();
    let out = run(&["--today", "31.02.2026"], dir.path());
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("takiego dnia nie ma"),
        "{}",
        stderr(&out)
    );
    let out = run(&["--today", "wczoraj", "--lang", "en"], dir.path());
    assert!(stderr(&out).contains("is not a date"), "{}", stderr(&out));
}

#[test]
fn a_file_where_the_database_should_be_is_explained() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("plik");
    std::fs::write(&file, "not a directory").unwrap();
    let out = run(&["--db", file.join("db").to_str().unwrap()], dir.path());
    assert!(!out.status.success());
    let err = stderr(&out);
    assert!(err.contains("Nie można użyć katalogu bazy danych"), "{err}");
    assert!(err.contains("--db"), "{err}");
}

#[test]
fn demo_creates_once_then_reuses_and_defaults_to_the_data_directory() {
    let dir = tempfile::tempdir().unwrap();
    let first = run(&["demo", "--no-open", "--today", "2026-11-22"], dir.path());
    assert!(first.status.success(), "{}", stderr(&first));
    let said = String::from_utf8_lossy(&first.stdout);
    assert!(said.contains("Utworzono bazę demonstracyjną"), "{said}");
    let demo = dir.path().join("asystent").join("demo");
    assert!(demo.is_dir(), "demo database in the data directory");
    let mode =
        std::os::unix::fs::PermissionsExt::mode(&std::fs::metadata(&demo).unwrap().permissions());
    assert_eq!(mode & 0o777, 0o700);
    let second = run(&["demo", "--no-open"], dir.path());
    assert!(second.status.success(), "{}", stderr(&second));
    assert!(String::from_utf8_lossy(&second.stdout).contains("ma już dane"));
}

#[test]
fn plan_export_writes_a_private_new_file_each_time() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let export = |extra: &[&str]| {
        let mut args = vec![
            "plan",
            "export",
            " ar/2024/003 ",
            "--db",
            db.to_str().unwrap(),
            "--today",
            "2026-11-22",
        ];
        args.extend_from_slice(extra);
        run(&args, dir.path())
    };
    let first = export(&[]);
    assert!(first.status.success(), "{}", stderr(&first));
    let path = String::from_utf8_lossy(&first.stdout).trim().to_string();
    let expected = dir.path().join("dokumenty").join("plan-AR-2024-003-v2.txt");
    assert_eq!(Path::new(&path), expected, "the path is printed");
    let mode = std::fs::metadata(&path).unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o600, "personal data: owner only");
    let text = std::fs::read_to_string(&path).unwrap();
    for part in [
        "PLAN PRACY Z RODZINĄ",
        "AR/2024/003",
        "Cel 1 (obszar: opieka i wychowanie)",
        "Przygotowanie rodziny do powrotu dziecka z pieczy zastępczej.",
        "strona 1 z 2",
    ] {
        assert!(text.contains(part), "{part:?} in\n{text}");
    }

    // A second export never overwrites the first.
    let second = export(&["--lang", "en"]);
    assert!(second.status.success(), "{}", stderr(&second));
    let second_path = String::from_utf8_lossy(&second.stdout).trim().to_string();
    assert!(
        second_path.ends_with("plan-AR-2024-003-v2-2.txt"),
        "{second_path}"
    );
    assert_eq!(std::fs::read_to_string(&path).unwrap(), text);
    assert!(
        std::fs::read_to_string(&second_path)
            .unwrap()
            .contains("page 1 of 2")
    );

    // An older version, to a named file; a named file that exists is refused.
    let named = dir.path().join("v1.txt");
    let old = export(&["--version", "1", "--out", named.to_str().unwrap()]);
    assert!(old.status.success(), "{}", stderr(&old));
    assert!(
        std::fs::read_to_string(&named)
            .unwrap()
            .contains("zastąpiona nowszą wersją")
    );
    let again = export(&["--version", "1", "--out", named.to_str().unwrap()]);
    assert_eq!(again.status.code(), Some(1));
    assert!(
        stderr(&again).contains("nie zostanie nadpisany"),
        "{}",
        stderr(&again)
    );
}

#[test]
fn plan_export_errors_are_explained_with_exit_code_1() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let export = |args: &[&str]| {
        let mut all = vec!["plan", "export"];
        all.extend_from_slice(args);
        all.extend_from_slice(&["--db", db.to_str().unwrap(), "--today", "2026-11-22"]);
        run(&all, dir.path())
    };
    let out = export(&["AR/1999/999"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("Nie znaleziono sprawy \"AR/1999/999\""),
        "{}",
        stderr(&out)
    );
    assert!(out.stdout.is_empty());
    let out = export(&["AR/1999/999", "--lang", "en"]);
    assert!(
        stderr(&out).contains("No case \"AR/1999/999\""),
        "{}",
        stderr(&out)
    );
    // Typed junk is quoted with escapes, never sent to the terminal.
    let junk = format!("\x1b[2J{}", "x".repeat(10_000));
    let out = export(&[&junk]);
    assert_eq!(out.status.code(), Some(1));
    assert!(!stderr(&out).contains('\x1b'), "{}", stderr(&out));
    assert!(stderr(&out).len() < 200, "{}", stderr(&out));
    // A family still waiting for its plan.
    let out = export(&["AR/2026/013"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("nie ma aktualnego planu"),
        "{}",
        stderr(&out)
    );
    let out = export(&["AR/2024/003", "--version", "9"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("nie ma wersji 9"), "{}", stderr(&out));
    // An assistant sees only their own families, here as elsewhere.
    let out = export(&["AR/2024/003", "--user", "mnowak"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("Nie znaleziono sprawy"),
        "{}",
        stderr(&out)
    );
    let out = export(&["AR/2024/003", "--out", "/nonexistent-dir/plan.txt"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("Nie można zapisać dokumentu"),
        "{}",
        stderr(&out)
    );
    // While another program holds the database.
    let held = asystent::store::Store::open(&db).unwrap();
    let out = export(&["AR/2024/003"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("jest już otwarta przez inny program"),
        "{}",
        stderr(&out)
    );
    // The hint names the commands that attach to a server and those that need it stopped.
    assert!(
        stderr(&out).contains("doc, plan export, report i export łączą się z nim same")
            && stderr(&out).contains("check, backup i restore uruchom przy zatrzymanym"),
        "{}",
        stderr(&out)
    );
    drop(held);
    assert!(
        !dir.path().join("dokumenty").exists(),
        "nothing written on errors"
    );
}
