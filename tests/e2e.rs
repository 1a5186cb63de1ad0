//! End-to-end: the real binary in a pseudo-terminal, driven by keys, read back
//! through a terminal emulator.

mod common;

use std::path::Path;
use std::process::Command;

use asystent::store::Store;
use asystent::store::digest_file::DigestFile;
use asystent::store::start_file::StartFile;
use common::pty::Session;
use common::server::ServedBinary;

const BIN: &str = env!("CARGO_BIN_EXE_asystent");
const TODAY: &str = "2026-11-22";

/// Starts the workstation on `db` at the fixed date, as a user with no staff account.
fn start(db: &Path, extra: &[&str], lang: &str) -> Session {
    let mut args = vec![
        "--db",
        db.to_str().unwrap(),
        "--today",
        TODAY,
        "--user",
        "nobody",
    ];
    args.extend_from_slice(extra);
    Session::start(BIN, &args, &[("NO_COLOR", "1"), ("LANG", lang)])
}

/// Quits with `q`: exit code 0 and the terminal restored (primary screen, cursor shown).
fn quit(s: &mut Session) {
    s.send("q");
    let status = s.wait_exit();
    assert!(status.success(), "exit status {status:?}");
    s.wait_quiet();
    assert!(!s.in_alternate_screen(), "terminal restored after q");
    assert!(!s.cursor_hidden(), "cursor shown after q");
}

/// A demo database in a new temporary directory (kept alive by the returned guard).
fn demo_db() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("db");
    make_demo(&db);
    (dir, db)
}

fn make_demo(db: &Path) {
    let out = Command::new(BIN)
        .args([
            "demo",
            "--no-open",
            "--db",
            db.to_str().unwrap(),
            "--today",
            TODAY,
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn walks_every_screen_and_the_help_then_quits_cleanly() {
    let (_dir, db) = demo_db();
    let mut s = start(&db, &[], "pl_PL.UTF-8");
    s.wait_for("Zaległe (");
    s.wait_for("Wizyty dziś i jutro");
    s.send("2");
    s.wait_for("Nr sprawy");
    s.send("\r");
    s.wait_for("Członkowie rodziny");
    s.send("\x1b");
    s.wait_for("Najbliższy termin");
    s.send("3");
    s.wait_for("Plan pracy —");
    s.send("4");
    s.wait_for("listopad 2026");
    s.send("\x1bOS"); // F4 in application cursor mode is ESC O S; F5 below uses CSI.
    s.send("\x1b[15~");
    s.wait_for("Termin");
    s.send("?");
    s.wait_for("Pomoc — klawisze");
    s.send(" ");
    s.send("\t");
    s.wait_for("Zaległe (");
    quit(&mut s);
}

#[test]
fn a_second_instance_is_refused_before_touching_the_terminal() {
    let (_dir, db) = demo_db();
    let mut first = start(&db, &[], "pl_PL.UTF-8");
    first.wait_for("Zaległe (");
    let second = Command::new(BIN)
        .args([
            "--db",
            db.to_str().unwrap(),
            "--today",
            TODAY,
            "--lang",
            "pl",
        ])
        .output()
        .unwrap();
    assert!(!second.status.success());
    let err = String::from_utf8_lossy(&second.stderr);
    assert!(err.contains("jest już otwarta"), "{err}");
    assert!(
        err.contains(&format!("pid {}", first.child.process_id().unwrap())),
        "{err}"
    );
    assert!(err.contains("asystent serve"), "{err}");
    assert!(
        second.stdout.is_empty(),
        "nothing was drawn: {:?}",
        second.stdout
    );
    quit(&mut first);
}

#[test]
fn sigterm_quits_cleanly_and_the_data_is_there_after_reopening() {
    let (_dir, db) = demo_db();
    let mut s = start(&db, &["--lang", "en"], "pl_PL.UTF-8");
    s.wait_for("Overdue (");
    let overview = s.contents();
    let pid = s.child.process_id().unwrap();
    let killed = Command::new("kill")
        .args(["-TERM", &pid.to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    assert!(s.wait_exit().success(), "SIGTERM exits 0");
    let mut again = start(&db, &["--lang", "en"], "pl_PL.UTF-8");
    again.wait_for("Overdue (");
    let first_line = |s: &str| {
        s.lines()
            .find(|l| l.contains("Overdue ("))
            .map(str::to_string)
    };
    assert_eq!(first_line(&again.contents()), first_line(&overview));
    quit(&mut again);
}

/// The token of `db`'s digest file, and whether the register vouched for it (the
/// look takes the token, as any opening does; a clean close then vouches again).
fn digest_file_state(db: &Path) -> (u128, bool) {
    let token = DigestFile::read(db)
        .expect("a digest file beside the register")
        .token();
    let store = Store::open(db).unwrap();
    let vouched = store.digest_file_token() == Some(token);
    assert!(store.close_with_digest_file().unwrap());
    (token, vouched)
}

/// Starts the workstation on `db`, waits until the register is read, and sends `signal`.
fn start_and_signal(db: &Path, signal: &str) -> portable_pty::ExitStatus {
    let mut s = start(db, &[], "pl_PL.UTF-8");
    s.wait_for("Zaległe (");
    // A key is answered only once the register is open and read. (The first Overview
    // may be on the screen before its status line is, and before the opening ends.)
    s.send("2");
    s.wait_for("Nr sprawy");
    let pid = s.child.process_id().unwrap().to_string();
    let sent = Command::new("kill").args([signal, &pid]).status().unwrap();
    assert!(sent.success());
    s.wait_exit()
}

#[test]
fn a_clean_end_leaves_the_digest_file_for_the_next_start_and_a_kill_does_not() {
    let (_dir, db) = demo_db();
    let (made, vouched) = digest_file_state(&db);
    assert!(vouched, "the demo's generation leaves a digest file");
    let mut s = start(&db, &[], "pl_PL.UTF-8");
    s.wait_for("Zaległe (");
    s.wait_gone("Wczytuję rejestr");
    quit(&mut s);
    assert!(
        StartFile::read(&db).is_some(),
        "q leaves the start file for the next first Overview"
    );
    let (after_quit, vouched) = digest_file_state(&db);
    assert!(vouched, "q leaves the digest file vouched for");
    assert_eq!(
        after_quit, made,
        "nothing was saved: the file is kept, not rewritten"
    );

    // `alerts` from cron only reads: the morning's first start still has its file.
    let cron = Command::new(BIN)
        .args(["alerts", "--db", db.to_str().unwrap(), "--today", TODAY])
        .output()
        .unwrap();
    assert!(cron.status.code().is_some_and(|c| c < 2), "{cron:?}");
    assert!(
        StartFile::read(&db).is_some(),
        "a reading command leaves the start file too"
    );
    let (_, vouched) = digest_file_state(&db);
    assert!(vouched, "a reading command keeps the digest file");
    // So does a backup, and it leaves the start file again (that look left none).
    let backup = Command::new(BIN)
        .args(["backup", "--db", db.to_str().unwrap(), "--today", TODAY])
        .arg(db.with_extension("jsonl"))
        .output()
        .unwrap();
    assert!(backup.status.success(), "{backup:?}");
    assert!(
        StartFile::read(&db).is_some(),
        "a backup leaves the start file"
    );

    // SIGTERM (as SIGHUP) ends the workstation cleanly: it keeps the file too.
    assert!(start_and_signal(&db, "-TERM").success(), "SIGTERM exits 0");
    assert!(
        StartFile::read(&db).is_some(),
        "SIGTERM leaves the start file"
    );
    let (_, vouched) = digest_file_state(&db);
    assert!(vouched, "SIGTERM leaves the digest file vouched for");
    // That look closed the register without a start file: a quit leaves one again.
    let mut s = start(&db, &[], "pl_PL.UTF-8");
    s.wait_for("Zaległe (");
    s.wait_gone("Wczytuję rejestr");
    quit(&mut s);
    assert!(StartFile::read(&db).is_some());

    // A killed workstation leaves nothing: its opening took the token and removed the
    // start file.
    assert!(!start_and_signal(&db, "-KILL").success());
    assert!(StartFile::read(&db).is_none());
    let store = Store::open(&db).unwrap();
    assert_eq!(
        store.digest_file_token(),
        None,
        "a killed start leaves its file untrusted"
    );
}

#[test]
fn sighup_from_a_dropped_link_exits_zero() {
    let (_dir, db) = demo_db();
    let mut s = start(&db, &[], "pl_PL.UTF-8");
    s.wait_for("Zaległe (");
    s.signal("HUP");
    assert!(s.wait_exit().success(), "SIGHUP exits 0");
    s.wait_quiet();
    assert!(!s.in_alternate_screen(), "terminal restored after SIGHUP");
    // The lock was released: the database opens again.
    let mut again = start(&db, &[], "pl_PL.UTF-8");
    again.wait_for("Zaległe (");
    quit(&mut again);
}

#[test]
fn a_non_polish_lang_gives_english_and_resizing_below_80x24_is_survived() {
    let (_dir, db) = demo_db();
    let mut s = start(&db, &[], "en_US.UTF-8");
    s.wait_for("Overdue (");
    s.send("2");
    s.wait_for("Case no.");
    s.resize(20, 5);
    s.wait_for("The terminal is");
    s.send("j");
    s.resize(80, 24);
    s.wait_for("Case no.");
    s.wait_quiet();
    quit(&mut s);
}

#[test]
fn closing_the_terminal_ends_the_program_and_frees_the_database() {
    let (_dir, db) = demo_db();
    let mut s = start(&db, &[], "pl_PL.UTF-8");
    s.wait_for("Zaległe (");
    s.hang_up("?");
    let status = s.wait_exit();
    assert!(
        status.success(),
        "a hang-up ends the program with 0: {status:?}"
    );
    let mut again = start(&db, &[], "pl_PL.UTF-8");
    again.wait_for("Zaległe (");
    quit(&mut again);
}

/// Starts the workstation as the supervisor (who may register families for anyone).
fn start_as_supervisor(db: &Path) -> Session {
    Session::start(
        BIN,
        &[
            "--db",
            db.to_str().unwrap(),
            "--today",
            TODAY,
            "--user",
            "kierownik",
        ],
        &[("NO_COLOR", "1"), ("LANG", "pl_PL.UTF-8")],
    )
}

/// The supervisor's workstation on the Families screen.
fn families_as_supervisor(db: &Path) -> Session {
    let mut s = start_as_supervisor(db);
    s.wait_for("Zaległe (");
    s.send("2");
    s.wait_for("Nr sprawy");
    s
}

#[test]
fn a_family_typed_with_diacritics_and_two_children_survives_a_restart() {
    let (_dir, db) = demo_db();
    let pesel = asystent::domain::pesel::Pesel::generate(
        chrono::NaiveDate::from_ymd_opt(2016, 3, 14).unwrap(),
        4321,
    )
    .unwrap();
    let mut s = families_as_supervisor(&db);
    s.send("n");
    s.wait_for("Nowa rodzina");
    // Case number as suggested; name, address; the first assistant; consent today.
    s.send("\tWiśniewska-Żółć\tul. Źródlana 3, Nibylandia\t\t ");
    s.send("\t\t\t\tdziś");
    s.send("\x13");
    s.wait_for("Zapisano.");
    s.send("m");
    s.wait_for("Członkowie rodziny — ");
    s.send("n");
    s.wait_for("Nowy członek rodziny");
    s.send("Zofia");
    s.wait_for("Zofia");
    // A terminal shrunk to 20×5 and back in the middle of the form loses nothing.
    s.resize(20, 5);
    s.wait_for("Terminal ma 20×5");
    s.resize(80, 24);
    s.wait_for("Nowy członek rodziny");
    s.send("\t\t\t");
    s.send(pesel.as_str());
    s.wait_for("14.03.2016");
    s.send("\x13");
    s.wait_for("Zapisano.");
    s.send("n");
    s.wait_for("Nowy członek rodziny");
    s.send("Łucjan\t\t01.06.2020\x13");
    s.wait_for("Łucjan Wiśniewska-Żółć");
    s.send("\x1b");
    s.wait_quiet();
    quit(&mut s);

    let mut s = families_as_supervisor(&db);
    s.send("/wisniewska-zolc");
    s.wait_for("Wiśniewska-Żółć");
    s.send("\r\r");
    s.wait_for("Członkowie rodziny");
    s.wait_for("Zofia Wiśniewska-Żółć — dziecko, 14.03.2016");
    s.wait_for(pesel.as_str());
    s.wait_for("Łucjan Wiśniewska-Żółć — dziecko, 01.06.2020");
    s.send("\x1b");
    s.wait_quiet();
    quit(&mut s);
}

#[test]
fn a_form_open_at_sighup_sigterm_or_a_dropped_link_comes_back_as_a_draft() {
    let (_dir, db) = demo_db();
    // SIGHUP with a new family half typed.
    let mut s = families_as_supervisor(&db);
    s.send("n");
    s.wait_for("Nowa rodzina");
    s.send("\tSzkicowa-Żak\tul. Robocza 1");
    s.wait_for("ul. Robocza 1");
    s.signal("HUP");
    assert!(s.wait_exit().success(), "SIGHUP exits 0");
    s.wait_quiet();
    assert!(!s.in_alternate_screen(), "terminal restored after SIGHUP");

    // The same form opens with what was typed, and says so.
    let mut s = families_as_supervisor(&db);
    s.send("n");
    s.wait_for("Przywrócono niezapisany szkic");
    s.wait_for("Szkicowa-Żak");
    s.wait_for("ul. Robocza 1");
    // SIGTERM while typing more: the newer text is kept.
    s.send(" m. 2");
    s.wait_for("ul. Robocza 1 m. 2");
    s.signal("TERM");
    assert!(s.wait_exit().success(), "SIGTERM exits 0");

    // A dropped link (the terminal closes) after more typing.
    let mut s = families_as_supervisor(&db);
    s.send("n");
    s.wait_for("ul. Robocza 1 m. 2");
    s.send("\t500 600 700");
    s.wait_for("500 600 700");
    s.hang_up("\t");
    assert!(s.wait_exit().success(), "a hang-up exits 0");

    // Saving the form ends the draft: the next new family starts empty.
    let mut s = families_as_supervisor(&db);
    s.send("n");
    s.wait_for("500 600 700");
    s.send("\x13");
    s.wait_for("Zapisano.");
    s.send("n");
    s.wait_for("Nowa rodzina");
    s.wait_quiet();
    assert!(!s.contents().contains("Szkicowa"), "{}", s.contents());
    s.send("\x1b");
    s.wait_for("Najbliższy termin");
    s.send("/szkicowa");
    s.wait_for("Szkicowa-Żak");
    s.send("\x1b");
    s.wait_quiet();
    quit(&mut s);
}

#[test]
fn a_goal_typed_when_sighup_arrives_comes_back_and_saves() {
    let (_dir, db) = demo_db();
    let mut s = families_as_supervisor(&db);
    s.send("3");
    s.wait_for("Mocne strony i zasoby");
    s.send("g");
    s.wait_for("Nowy cel");
    s.send("\tŻółta łódź — gęślą jaźń");
    s.wait_for("Żółta łódź — gęślą jaźń");
    s.signal("HUP");
    assert!(s.wait_exit().success(), "SIGHUP exits 0");
    s.wait_quiet();
    assert!(!s.in_alternate_screen(), "terminal restored after SIGHUP");

    let mut s = families_as_supervisor(&db);
    s.send("3");
    s.wait_for("Mocne strony i zasoby");
    s.send("g");
    s.wait_for("Przywrócono niezapisany szkic");
    s.wait_for("Żółta łódź — gęślą jaźń");
    s.send("\x13");
    s.wait_for("Zapisano.");
    s.wait_for("▶ Cel 5 [opieka i wychowanie]: Żółta łódź — gęślą jaźń");
    quit(&mut s);
}

/// Saves the open visit form, confirming a warning (overlap, holiday) if one is shown.
fn save_visit(s: &mut Session) {
    s.send("\x13");
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    loop {
        let screen = s.contents();
        if screen.contains("Zapisano.") {
            return;
        }
        if screen.contains("Ctrl-S jeszcze raz") {
            s.send("\x13");
            s.wait_for("Zapisano.");
            return;
        }
        assert!(std::time::Instant::now() < deadline, "not saved:\n{screen}");
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
}

#[test]
fn a_visit_is_scheduled_recorded_and_still_there_after_a_restart() {
    let (_dir, db) = demo_db();
    let mut s = start_as_supervisor(&db);
    s.wait_for("Zaległe (");
    s.send("4");
    s.wait_for("listopad 2026");
    // Today at 7:00, for the family found by typing "gorska".
    s.send("t");
    s.send("n");
    s.wait_for("Nowa wizyta");
    s.send("gorska");
    s.wait_for("Górska (1/1)");
    s.send("\t\t07:00");
    s.wait_for("07:00");
    save_visit(&mut s);
    s.wait_for("07:00–08:00");
    // The day's list; the 7:00 visit comes first; record it.
    s.send("\r");
    s.wait_for("Wizyty dnia 22.11.2026");
    s.send("\r");
    s.wait_for("Zapis wizyty");
    s.send("\tmatka, Zofia\tOpłacono czynsz.\tRozmowa o budżecie domowym.\tWizyta w MOPS.");
    s.wait_for("Wizyta w MOPS.");
    s.send("\x13");
    s.wait_for("Zapisano.");
    s.send("\x1b");
    s.wait_quiet();
    quit(&mut s);

    let mut s = start_as_supervisor(&db);
    s.wait_for("Zaległe (");
    s.send("4");
    s.wait_for("listopad 2026");
    s.send("\r");
    s.wait_for("Wizyty dnia 22.11.2026");
    s.wait_for("07:00 60′ · AR/2025/007 Górska · wizyta domowa · odbyta");
    s.send("\x1b");
    s.wait_quiet();
    quit(&mut s);
}

/// The line of the Alerts screen with the selection marker.
fn selected_alert(screen: &str) -> String {
    screen
        .lines()
        .find(|l| l.contains('▶'))
        .unwrap_or_default()
        .to_string()
}

#[test]
fn an_assessment_recorded_from_its_overdue_alert_ends_the_alert() {
    let (_dir, db) = demo_db();
    let mut s = start(&db, &[], "pl_PL.UTF-8");
    s.wait_for("Zaległe (");
    s.send("5");
    s.wait_for("Czego dotyczy");
    // Down the list to the first overdue periodic assessment.
    let overdue_assessment =
        |line: &str| line.contains("ocena okresowa") && line.contains("po terminie");
    let mut moves = 0;
    while !overdue_assessment(&selected_alert(&s.contents())) {
        assert!(moves < 30, "no overdue assessment:\n{}", s.contents());
        let before = selected_alert(&s.contents());
        s.send("j");
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
        while selected_alert(&s.contents()) == before {
            assert!(std::time::Instant::now() < deadline, "{}", s.contents());
            std::thread::sleep(std::time::Duration::from_millis(10));
        }
        moves += 1;
    }
    let line = selected_alert(&s.contents());
    let case = line
        .split_whitespace()
        .find(|w| w.starts_with("AR/"))
        .unwrap()
        .to_string();
    let count = |screen: &str| {
        let start = screen.find("Alerty (").unwrap() + "Alerty (".len();
        screen[start..]
            .split(')')
            .next()
            .unwrap()
            .parse::<usize>()
            .unwrap()
    };
    let before = count(&s.contents());
    s.send("\r");
    s.wait_for(&format!("Ocena okresowa sytuacji rodziny — {case}"));
    // Date, period from, period to are filled in; "changes" is what must be typed.
    s.send("\t\t\tOjciec podjął pracę, dzieci chodzą do szkoły.");
    s.wait_for("dzieci chodzą do szkoły.");
    s.send("\x13");
    s.wait_for("Zapisano.");
    s.send("5");
    s.wait_for(&format!("Alerty ({})", before - 1));
    s.wait_quiet();
    let screen = s.contents();
    assert!(
        !screen
            .lines()
            .any(|l| l.contains(&case) && l.contains("ocena okresowa")),
        "the assessment alert of {case} is gone:\n{screen}"
    );
    quit(&mut s);
}

#[test]
fn two_terminals_attached_to_one_server_see_each_others_visits_without_a_key() {
    let (dir, db) = demo_db();
    let server = ServedBinary::start(&db, dir.path());
    // Both attach through the database's socket (the database itself is the server's).
    let mut booking = start_as_supervisor(&db);
    booking.wait_for("Zaległe (");
    booking.wait_for(" serwer");
    let mut watching = start_as_supervisor(&db);
    watching.wait_for(" serwer");
    watching.send("4");
    watching.wait_for("listopad 2026");
    watching.send("t");
    watching.wait_quiet();
    assert!(!watching.contents().contains("07:00–08:00"));

    booking.send("4");
    booking.wait_for("listopad 2026");
    booking.send("t");
    booking.send("n");
    booking.wait_for("Nowa wizyta");
    booking.send("gorska");
    booking.wait_for("Górska (1/1)");
    booking.send("\t\t07:00");
    booking.wait_for("07:00");
    save_visit(&mut booking);
    booking.wait_for("07:00–08:00");
    // No key is sent to the watching terminal: the server's push redraws it.
    watching.wait_for("07:00–08:00");

    quit(&mut booking);
    quit(&mut watching);
    server.stop();
}
