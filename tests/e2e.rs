//! End-to-end: the real binary in a pseudo-terminal, driven by keys, read back
//! through a terminal emulator.

use std::io::{Read, Write};
use std::num::NonZeroU16;
use std::path::Path;
use std::process::Command;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use portable_pty::{CommandBuilder, PtySize, native_pty_system};

const BIN: &str = env!("CARGO_BIN_EXE_asystent");
const TODAY: &str = "2026-11-22";

/// The program running in a pty, with its screen as a terminal would show it.
struct Session {
    screen: Arc<Mutex<vt100::Parser>>,
    writer: Box<dyn Write + Send>,
    child: Box<dyn portable_pty::Child + Send + Sync>,
    master: Box<dyn portable_pty::MasterPty + Send>,
}

impl Session {
    fn start(db: &Path, extra: &[&str]) -> Session {
        Session::start_with_lang(db, extra, "pl_PL.UTF-8")
    }

    fn start_with_lang(db: &Path, extra: &[&str], lang: &str) -> Session {
        let pair = native_pty_system()
            .openpty(PtySize {
                rows: 24,
                cols: 80,
                pixel_width: 0,
                pixel_height: 0,
            })
            .unwrap();
        let mut cmd = CommandBuilder::new(BIN);
        cmd.args([
            "--db",
            db.to_str().unwrap(),
            "--today",
            TODAY,
            "--user",
            "nobody",
        ]);
        cmd.args(extra);
        cmd.env("NO_COLOR", "1");
        cmd.env("TERM", "xterm-256color");
        cmd.env("LANG", lang);
        cmd.env_remove("LC_ALL");
        cmd.env_remove("LC_MESSAGES");
        let child = pair.slave.spawn_command(cmd).unwrap();
        drop(pair.slave);
        let mut reader = pair.master.try_clone_reader().unwrap();
        let writer = pair.master.take_writer().unwrap();
        let screen = Arc::new(Mutex::new(vt100::Parser::new(
            NonZeroU16::new(24).unwrap(),
            NonZeroU16::new(80).unwrap(),
            0,
        )));
        let sink = Arc::clone(&screen);
        std::thread::spawn(move || {
            let mut buf = [0u8; 4096];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                sink.lock().unwrap().process(&buf[..n]);
            }
        });
        Session {
            screen,
            writer,
            child,
            master: pair.master,
        }
    }

    /// Resizes the pty (the program gets SIGWINCH) and the emulator with it.
    fn resize(&self, cols: u16, rows: u16) {
        self.master
            .resize(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .unwrap();
        self.screen.lock().unwrap().screen_mut().set_size(
            NonZeroU16::new(rows).unwrap(),
            NonZeroU16::new(cols).unwrap(),
        );
    }

    fn signal(&self, name: &str) {
        let pid = self.child.process_id().unwrap();
        let sent = Command::new("kill")
            .args([&format!("-{name}"), &pid.to_string()])
            .status()
            .unwrap();
        assert!(sent.success());
    }

    fn contents(&self) -> String {
        self.screen.lock().unwrap().screen().contents()
    }

    /// Waits until the screen shows `text`; fails with the screen if it never does.
    fn wait_for(&self, text: &str) {
        let deadline = Instant::now() + Duration::from_secs(20);
        while Instant::now() < deadline {
            if self.contents().contains(text) {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        panic!("screen never showed {text:?}:\n{}", self.contents());
    }

    fn send(&mut self, bytes: &str) {
        self.writer.write_all(bytes.as_bytes()).unwrap();
        self.writer.flush().unwrap();
    }

    fn wait_exit(&mut self) -> portable_pty::ExitStatus {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status;
            }
            assert!(
                Instant::now() < deadline,
                "program did not exit:\n{}",
                self.contents()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }
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
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("db");
    make_demo(&db);
    let mut s = Session::start(&db, &[]);
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
    s.send("q");
    let status = s.wait_exit();
    assert!(status.success(), "exit status {status:?}");
}

#[test]
fn a_second_instance_is_refused_before_touching_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("db");
    make_demo(&db);
    let mut first = Session::start(&db, &[]);
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
    first.send("q");
    assert!(first.wait_exit().success());
}

#[test]
fn sigterm_quits_cleanly_and_the_data_is_there_after_reopening() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("db");
    make_demo(&db);
    let mut s = Session::start(&db, &["--lang", "en"]);
    s.wait_for("Overdue (");
    let overview = s.contents();
    let pid = s.child.process_id().unwrap();
    let killed = Command::new("kill")
        .args(["-TERM", &pid.to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    assert!(s.wait_exit().success(), "SIGTERM exits 0");
    let mut again = Session::start(&db, &["--lang", "en"]);
    again.wait_for("Overdue (");
    let first_line = |s: &str| {
        s.lines()
            .find(|l| l.contains("Overdue ("))
            .map(str::to_string)
    };
    assert_eq!(first_line(&again.contents()), first_line(&overview));
    again.send("q");
    assert!(again.wait_exit().success());
}

#[test]
fn sighup_from_a_dropped_link_exits_zero() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("db");
    make_demo(&db);
    let mut s = Session::start(&db, &[]);
    s.wait_for("Zaległe (");
    s.signal("HUP");
    assert!(s.wait_exit().success(), "SIGHUP exits 0");
    // The lock was released: the database opens again.
    let mut again = Session::start(&db, &[]);
    again.wait_for("Zaległe (");
    again.send("q");
    assert!(again.wait_exit().success());
}

#[test]
fn a_non_polish_lang_gives_english_and_resizing_below_80x24_is_survived() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("db");
    make_demo(&db);
    let mut s = Session::start_with_lang(&db, &[], "en_US.UTF-8");
    s.wait_for("Overdue (");
    s.send("2");
    s.wait_for("Case no.");
    s.resize(20, 5);
    s.wait_for("The terminal is");
    s.send("j");
    s.resize(80, 24);
    s.wait_for("Case no.");
    s.send("q");
    assert!(s.wait_exit().success());
}
