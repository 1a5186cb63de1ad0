//! The real binary run as a command, with private directories, and a demo database for it.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The binary under test.
pub const BIN: &str = env!("CARGO_BIN_EXE_asystent");

/// Runs the binary with `dir` as its config and data directory, in a Polish locale.
pub fn run(args: &[&str], dir: &Path) -> Output {
    Command::new(BIN)
        .args(args)
        .env("XDG_CONFIG_HOME", dir)
        .env("XDG_DATA_HOME", dir)
        .env_remove("ASYSTENT_DB")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env("LANG", "pl_PL.UTF-8")
        .env("USER", "cron-test")
        .output()
        .unwrap()
}

/// Runs `asystent ARGS… --db DB --today 2026-11-22 --user LOGIN` in `dir` (see [`run`]).
pub fn run_as(dir: &Path, db: &Path, login: &str, args: &[&str]) -> Output {
    let mut all = args.to_vec();
    all.extend_from_slice(&["--db", db.to_str().unwrap(), "--today", "2026-11-22"]);
    all.extend_from_slice(&["--user", login]);
    run(&all, dir)
}

/// What the binary wrote to stderr.
pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// A demo database in `dir/db` as of 22.11.2026.
pub fn demo_db(dir: &Path) -> PathBuf {
    let db = dir.join("db");
    let out = run(
        &[
            "demo",
            "--no-open",
            "--db",
            db.to_str().unwrap(),
            "--today",
            "2026-11-22",
        ],
        dir,
    );
    assert!(out.status.success(), "{}", stderr(&out));
    db
}
