//! Bytes on the wire: what the real binary writes per key at 80×24, with generous
//! upper bounds so that a regression that repaints the whole screen per move fails.
//! The measured figures are in BENCHMARKS.md (`cargo bench --bench workstation`).

mod common;

use std::process::Command;
use std::time::Duration;

use common::pty::Session;

const BIN: &str = env!("CARGO_BIN_EXE_asystent");

/// Twice the goal of 200 bytes per selection move; a full repaint is about 4 KiB.
const MOVE_BOUND: usize = 400;
/// Twice the goal of 3 KiB per screen switch.
const SWITCH_BOUND: usize = 6 * 1024;
/// Family rows visible at 80×24: 24 less tabs, status bar, two borders and the header.
const VISIBLE_ROWS: usize = 19;

fn session() -> (tempfile::TempDir, Session) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("db");
    let db = db.to_str().unwrap();
    let made = Command::new(BIN)
        .args(["demo", "--no-open", "--db", db, "--today", "2026-11-22"])
        .output()
        .unwrap();
    assert!(made.status.success());
    let s = Session::start(
        BIN,
        &["--db", db, "--today", "2026-11-22", "--user", "nobody"],
        &[("NO_COLOR", "1"), ("LANG", "pl_PL.UTF-8")],
    );
    s.wait_for("Zaległe (");
    // The whole office's register is read after its first Overview, then drawn again.
    s.wait_gone("Wczytuję rejestr");
    (dir, s)
}

#[test]
fn moving_the_selection_writes_a_few_rows_not_the_screen() {
    let (_dir, mut s) = session();
    s.send("2");
    s.wait_for("Nr sprawy");
    for i in 1..VISIBLE_ROWS {
        let answer = s.measure("j");
        assert!(answer.bytes > 0, "move to row {i} drew nothing");
        assert!(
            answer.bytes <= MOVE_BOUND,
            "move to row {i} wrote {} bytes",
            answer.bytes
        );
    }
    // Past the last visible row the list scrolls: every row changes, still less than a screen.
    for i in 0..3 {
        let answer = s.measure("j");
        assert!(
            answer.bytes <= SWITCH_BOUND,
            "scroll {i} wrote {} bytes",
            answer.bytes
        );
    }
    s.send("q");
    assert!(s.wait_exit().success());
}

#[test]
fn switching_screens_stays_under_the_bound() {
    let (_dir, mut s) = session();
    for key in ["2", "3", "4", "5", "1", "\t", "\t"] {
        let answer = s.measure(key);
        assert!(answer.bytes > 0, "switch {key:?} drew nothing");
        assert!(
            answer.bytes <= SWITCH_BOUND,
            "switch {key:?} wrote {} bytes",
            answer.bytes
        );
    }
    s.send("q");
    assert!(s.wait_exit().success());
}

#[test]
fn an_idle_workstation_writes_nothing_and_uses_no_cpu() {
    let (_dir, mut s) = session();
    let cpu_before = s.cpu_time();
    assert_eq!(
        s.idle_bytes(Duration::from_secs(2)),
        0,
        "no redraw on a timer"
    );
    let cpu = s.cpu_time() - cpu_before;
    assert!(cpu <= Duration::from_millis(50), "idle CPU {cpu:?} in 2 s");
    s.send("q");
    assert!(s.wait_exit().success());
}

/// A typed character redraws its field, not the form.
const TYPE_BOUND: usize = 300;

#[test]
fn typing_in_a_form_writes_the_field_not_the_screen() {
    let (_dir, mut s) = session();
    s.send("2");
    s.wait_for("Nr sprawy");
    s.send("n");
    s.wait_for("Nowa rodzina");
    s.send("\t");
    s.wait_quiet();
    for (i, c) in "Wiśniewska".chars().enumerate() {
        let answer = s.measure(&c.to_string());
        assert!(answer.bytes > 0, "character {i} drew nothing");
        assert!(
            answer.bytes <= TYPE_BOUND,
            "character {i} ({c}) wrote {} bytes",
            answer.bytes
        );
    }
    s.send("\x1b");
    s.wait_for("Porzucić niezapisane zmiany?");
    s.send("t");
    s.wait_for("Najbliższy termin");
    s.send("q");
    assert!(s.wait_exit().success());
}
