//! The command line without a terminal: errors are explained and nothing is drawn.

use std::path::Path;
use std::process::{Command, Output};

const BIN: &str = env!("CARGO_BIN_EXE_asystent");

fn run(args: &[&str], config_dir: &Path) -> Output {
    Command::new(BIN)
        .args(args)
        .env("XDG_CONFIG_HOME", config_dir)
        .env("XDG_DATA_HOME", config_dir)
        .env_remove("ASYSTENT_DB")
        .env("LANG", "pl_PL.UTF-8")
        .output()
        .unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

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
