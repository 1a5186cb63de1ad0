//! Benchmarks at office and country scale: first frame, alerts, keystrokes, calendar,
//! filtering, memory and bytes on the wire.
//! `cargo bench --bench workstation` prints the figures; add `-- --write BENCHMARKS.md`
//! to regenerate the report, `-- --office-only` or `-- --country-only` for one scale,
//! `-- --filter-only` for the filter typed into a register of 10 000 families,
//! `-- --attached-only` for workstations attached to a server holding the country.

#[path = "../tests/common/pty.rs"]
mod pty;
mod shared;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use asystent::app::App;
use asystent::backend::{Backend, Remote};
use asystent::config::{Config, Language};
use asystent::demo::DemoSpec;
use asystent::server::client::Client;
use asystent::service::{Service, WorkstationStart};
use asystent::store::{Store, digest_file};
use asystent::ui::{self, Theme};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

const TODAY: &str = "2026-11-22";
const THEME: Theme = Theme { color: false };

/// A named size of register.
struct Scale {
    name: &'static str,
    spec: DemoSpec,
}

const OFFICE: Scale = Scale {
    name: "office",
    spec: DemoSpec {
        families: 450,
        years: 5,
        seed: 2026,
    },
};

const COUNTRY: Scale = Scale {
    name: "country",
    spec: DemoSpec {
        families: 60_000,
        years: 3,
        seed: 2026,
    },
};

/// The register the filter benchmark types into.
const FILTER: Scale = Scale {
    name: "filter",
    spec: DemoSpec {
        families: 10_000,
        years: 1,
        seed: 2026,
    },
};

/// A surname of the demo (Stępień), typed without diacritics as people do.
const SURNAME: &str = "stepien";

use shared::today;

/// Median and maximum of repeated timings.
struct Timing {
    median: Duration,
    max: Duration,
    runs: usize,
}

impl Timing {
    fn of(runs: usize, mut f: impl FnMut()) -> Timing {
        let mut all: Vec<Duration> = (0..runs)
            .map(|_| {
                let start = Instant::now();
                f();
                start.elapsed()
            })
            .collect();
        all.sort();
        Timing {
            median: all[runs / 2],
            max: all[runs - 1],
            runs,
        }
    }

    fn from_samples(mut all: Vec<Duration>) -> Timing {
        all.sort();
        let runs = all.len();
        Timing {
            median: all[runs / 2],
            max: all[runs - 1],
            runs,
        }
    }

    fn cell(&self) -> String {
        format!(
            "{} (max {}, n={})",
            ms(self.median),
            ms(self.max),
            self.runs
        )
    }
}

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1000.0)
}

/// Database directory of a scale, generated on first use and kept in target/.
fn database(scale: &Scale) -> PathBuf {
    shared::database(scale.name, &scale.spec)
}

fn open_app(db: &Path) -> App {
    open_app_as(db, "nobody")
}

/// Opens the workstation as `login`: the store, the caller and the first snapshot.
fn open_app_as(db: &Path, login: &str) -> App {
    App::new(open_service(db), login, today(), Language::Polish).unwrap()
}

/// Opens the store with the default configuration's rules.
fn open_service(db: &Path) -> Service {
    let config = Config::defaults();
    let store = Store::open(db).unwrap();
    Service::new(store, config.alert_rules(), config.caseload_limit)
}

/// One start of the whole register's workstation, as `asystent` without a server does
/// it: times to the first Overview frame and to the register read. A `clean` start
/// then quits, leaving the digest file for the next start (not timed); any other
/// starts without one, as after a crash (the file is deleted first).
fn whole_register_start(db: &Path, clean: bool) -> [Duration; 2] {
    if !clean {
        let _ = std::fs::remove_file(db.join(digest_file::FILE_NAME));
    }
    let config = Config::defaults();
    let start = Instant::now();
    let service =
        Service::open_for_workstation(db, config.alert_rules(), config.caseload_limit, today())
            .unwrap();
    let mut app = App::overview_first(service, "nobody", today(), Language::Polish).unwrap();
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
    draw(&mut terminal, &app);
    let first = start.elapsed();
    assert!(
        app.finish_loading().unwrap(),
        "the whole office loads after its Overview"
    );
    let ready = start.elapsed();
    if clean && let Backend::Local(service) = app.into_backend() {
        assert!(service.close_for_next_start(today()).unwrap());
    }
    [first, ready]
}

/// One start of the whole register's workstation after a clean quit, as `asystent`
/// without a server does it: the first Overview judged from the start file and the
/// digest file and drawn while sled opens the register; times to that frame, to the
/// register open (the login logged and the register's own Overview drawn) and to the
/// register read. Then it quits, leaving the files for the next start (not timed).
fn whole_register_from_files(db: &Path) -> [Duration; 3] {
    let config = Config::defaults();
    let caseload = (config.caseload_limit, config.caseload_warning_margin);
    let start = Instant::now();
    let started =
        Service::start_workstation(db, config.alert_rules(), caseload, "nobody", today()).unwrap();
    let WorkstationStart::Opening {
        opening,
        caller,
        overview,
    } = started
    else {
        panic!("a clean quit leaves the files for the next start");
    };
    let mut app = App::preview(opening, caller, overview, today(), Language::Polish);
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
    draw(&mut terminal, &app);
    let first = start.elapsed();
    assert!(app.finish_loading().unwrap(), "the opening finishes");
    draw(&mut terminal, &app);
    let open = start.elapsed();
    assert!(app.finish_loading().unwrap(), "the register is read");
    let ready = start.elapsed();
    if let Backend::Local(service) = app.into_backend() {
        assert!(service.close_for_next_start(today()).unwrap());
    }
    [first, open, ready]
}

/// The login of the first active account of `role`.
fn login_of_role(db: &Path, role: asystent::domain::Role) -> String {
    let store = Store::open(db).unwrap();
    let staff = store.staff().unwrap().records;
    staff
        .into_iter()
        .map(|s| s.value)
        .find(|s| s.active && s.role == role)
        .map(|s| s.login)
        .expect("the demo has every role")
}

/// The login of the active assistant with the most families.
fn busiest_assistant(db: &Path) -> String {
    let store = Store::open(db).unwrap();
    let staff = store.staff().unwrap().records;
    let families = store.families().unwrap().records;
    staff
        .into_iter()
        .map(|s| s.value)
        .filter(|s| s.active && s.role == asystent::domain::Role::Assistant)
        .max_by_key(|s| {
            families
                .iter()
                .filter(|f| f.value.assistant == Some(s.id))
                .count()
        })
        .map(|s| s.login)
        .expect("the demo has assistants")
}

/// A writer that only counts the bytes written to it.
struct ByteCount(u64);

impl std::io::Write for ByteCount {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0 += buf.len() as u64;
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn draw(terminal: &mut Terminal<TestBackend>, app: &App) {
    terminal.draw(|f| ui::render(f, app, &THEME)).unwrap();
}

fn press(app: &mut App, terminal: &mut Terminal<TestBackend>, code: KeyCode) {
    app.on_key(KeyEvent::new(code, KeyModifiers::NONE));
    draw(terminal, app);
}

fn dir_size(path: &Path) -> u64 {
    std::fs::read_dir(path)
        .map(|entries| {
            entries
                .flatten()
                .map(|e| match e.metadata() {
                    Ok(m) if m.is_dir() => dir_size(&e.path()),
                    Ok(m) => m.len(),
                    Err(_) => 0,
                })
                .sum()
        })
        .unwrap_or(0)
}

/// Rows of the report: (what, scale, figure).
type Rows = Vec<(String, String, String)>;

fn bench_scale(scale: &Scale, rows: &mut Rows, runs: usize) {
    let db = database(scale);
    let row =
        |rows: &mut Rows, what: &str, figure: String| push_row(rows, what, scale.name, figure);
    row(
        rows,
        "database size on disk",
        format!("{:.1} MiB", dir_size(&db) as f64 / 1048576.0),
    );

    // The JSON size is measured last (its row goes here): a backup of a country's
    // register leaves this process's heap large and fragmented, which no workstation
    // has when it starts, and the timings below would pay for it.
    let json_at = rows.len();

    // Opening: the lock file, sled's recovery and the schema check, in a loop of
    // open and drop (sled may hold its own file lock a moment after a drop). The drop,
    // which puts the digest file's token back, is not timed.
    let mut samples = Vec::with_capacity(runs);
    for _ in 0..runs {
        let start = Instant::now();
        let store = Store::open(&db).unwrap();
        samples.push(start.elapsed());
        drop(store);
    }
    let open = Timing::from_samples(samples);
    row(rows, "open the database", open.cell());

    // An assistant's morning: open, their families through the assistant index, draw.
    let login = busiest_assistant(&db);
    // Closing the database (sled's flush and shutdown) is not part of the morning.
    let mut samples = Vec::with_capacity(runs);
    for _ in 0..runs {
        let start = Instant::now();
        let app = open_app_as(&db, &login);
        let mut terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
        draw(&mut terminal, &app);
        samples.push(start.elapsed());
        drop(app);
    }
    let assistant = Timing::from_samples(samples);
    row(
        rows,
        "an assistant: open + compute + first frame",
        assistant.cell(),
    );

    // The whole register's morning as the terminal starts it: open (the digest file
    // judged meanwhile), the Overview, its first frame; then the register read before
    // the first key. After a clean quit, which leaves the digest file (not timed), and
    // without a file, as after a crash: then the digests are walked in the register.
    for (clean, what) in [
        (true, "whole register after a clean quit"),
        (false, "whole register, no digest file"),
    ] {
        // A start that leaves what the next one finds.
        whole_register_start(&db, clean);
        let (mut first, mut ready) = (Vec::with_capacity(runs), Vec::with_capacity(runs));
        for _ in 0..runs {
            let [to_first, to_ready] = whole_register_start(&db, clean);
            first.push(to_first);
            ready.push(to_ready);
        }
        row(
            rows,
            &format!("{what}: open + Overview + first frame"),
            Timing::from_samples(first).cell(),
        );
        row(
            rows,
            &format!("{what}: start to the register read"),
            Timing::from_samples(ready).cell(),
        );
    }

    // The same morning as the workstation starts it after a clean quit: the first
    // Overview from the files while the register opens.
    whole_register_start(&db, true);
    let mut timed: [Vec<Duration>; 3] = Default::default();
    for _ in 0..runs {
        for (samples, time) in timed.iter_mut().zip(whole_register_from_files(&db)) {
            samples.push(time);
        }
    }
    for (samples, what) in timed.into_iter().zip([
        "start + first frame, from the files while the register opens",
        "to the register open, its own Overview drawn",
        "to the register read",
    ]) {
        row(
            rows,
            &format!("whole register after a clean quit: {what}"),
            Timing::from_samples(samples).cell(),
        );
    }

    // Everything the Overview needs, computed and drawn on an open database.
    let mut app = open_app(&db);
    let snapshot = Timing::of(runs, || {
        std::hint::black_box(
            app.local_service()
                .unwrap()
                .snapshot(&app.caller, today())
                .unwrap(),
        );
    });
    row(
        rows,
        "all alerts: load the register + apply the rules",
        snapshot.cell(),
    );
    let frame = Timing::of(runs, || {
        let mut terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
        draw(&mut terminal, &app);
    });
    row(rows, "draw the first Overview frame (80×24)", frame.cell());
    row(
        rows,
        "open + whole snapshot + first frame (sum of medians)",
        ms(open.median + snapshot.median + frame.median),
    );
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
    draw(&mut terminal, &app);
    row(
        rows,
        "families / alerts in the snapshot",
        format!(
            "{} / {}",
            app.snapshot.families.len(),
            app.snapshot.alerts.len()
        ),
    );

    // A save as the workstation does it: the family written (record, summary, audit),
    // that family's part of the snapshot refreshed, the list re-sorted, the screen drawn.
    let family = app.snapshot.families[0].family.clone();
    let saves = Timing::of(runs, || {
        let rev = app
            .local_service()
            .unwrap()
            .store()
            .family(family.id)
            .unwrap()
            .unwrap()
            .rev;
        let caller = app.caller.clone();
        app.local_service()
            .unwrap()
            .save_family(&caller, family.clone(), Some(rev), today())
            .unwrap();
        let mut snapshot = std::mem::take(&mut app.snapshot);
        app.local_service()
            .unwrap()
            .refresh_family(&caller, &mut snapshot, family.id, today())
            .unwrap();
        app.set_snapshot(snapshot);
        draw(&mut terminal, &app);
    });
    row(rows, "save a family, refresh and draw", saves.cell());

    // Keystrokes: handled and drawn.
    press(&mut app, &mut terminal, KeyCode::Char('2'));
    let moves = Timing::of(runs * 5, || press(&mut app, &mut terminal, KeyCode::Down));
    row(rows, "keystroke: move in the family list", moves.cell());
    let mut screens = Vec::new();
    for key in ['1', '2', '3', '4', '5'] {
        let start = Instant::now();
        press(&mut app, &mut terminal, KeyCode::Char(key));
        screens.push(start.elapsed());
    }
    for _ in 0..runs {
        for key in ['1', '2', '3', '4', '5'] {
            let start = Instant::now();
            press(&mut app, &mut terminal, KeyCode::Char(key));
            screens.push(start.elapsed());
        }
    }
    row(
        rows,
        "keystroke: switch screen",
        Timing::from_samples(screens).cell(),
    );
    press(&mut app, &mut terminal, KeyCode::Char('2'));
    let open = Timing::of(runs, || {
        press(&mut app, &mut terminal, KeyCode::Enter);
        press(&mut app, &mut terminal, KeyCode::Esc);
    });
    row(rows, "keystroke: open a family and close it", open.cell());

    // Calendar: a month of visits loaded through the date index and drawn.
    press(&mut app, &mut terminal, KeyCode::Char('4'));
    let months = Timing::of(runs * 2, || press(&mut app, &mut terminal, KeyCode::PageUp));
    row(
        rows,
        "calendar: previous month (load + draw)",
        months.cell(),
    );
    let days = Timing::of(runs * 5, || press(&mut app, &mut terminal, KeyCode::Right));
    row(rows, "calendar: next day", days.cell());
    // A whole frame of each view, drawn into a fresh terminal (no diff to lean on).
    let whole_frame = |app: &App| {
        Timing::of(runs * 5, || {
            let mut fresh = Terminal::new(TestBackend::new(80, 24)).unwrap();
            draw(&mut fresh, app);
        })
    };
    row(
        rows,
        "calendar: month (draw a whole 80×24 frame)",
        whole_frame(&app).cell(),
    );
    press(&mut app, &mut terminal, KeyCode::Char('v'));
    row(
        rows,
        "calendar: week (draw a whole 80×24 frame)",
        whole_frame(&app).cell(),
    );
    let weeks = Timing::of(runs * 2, || press(&mut app, &mut terminal, KeyCode::Up));
    row(rows, "calendar: week earlier (load + draw)", weeks.cell());
    press(&mut app, &mut terminal, KeyCode::Char('v'));
    let agenda = Timing::of(runs * 2, || press(&mut app, &mut terminal, KeyCode::Right));
    row(
        rows,
        "calendar: agenda a day on (load 14 days + draw)",
        agenda.cell(),
    );
    press(&mut app, &mut terminal, KeyCode::Char('v'));

    // Filtering the register as a user types: update and draw per key.
    press(&mut app, &mut terminal, KeyCode::Char('2'));
    let per_key = type_filter(&mut app, &mut terminal, runs);
    row(
        rows,
        "keystroke: type a filter into the family list",
        Timing::from_samples(per_key).cell(),
    );

    drop(app);

    let mut json = ByteCount(0);
    Store::open(&db).unwrap().backup(&mut json).unwrap();
    let what = "the same data as a JSON Lines backup";
    let figure = format!("{:.1} MiB", json.0 as f64 / 1048576.0);
    eprintln!("{what:<48} {:<8} {figure}", scale.name);
    rows.insert(json_at, (what.to_string(), scale.name.to_string(), figure));

    // The real binary in a pty: the first Overview, the register read, peak memory,
    // bytes per key, idle.
    let Some(bin) = release_binary() else {
        return;
    };
    let db_text = db.to_str().unwrap();
    in_terminal(
        rows,
        scale.name,
        &bin,
        &["--db", db_text, "--today", TODAY, "--user", "nobody"],
        Start::Embedded,
    );
}

/// Which starts [`in_terminal`] times.
#[derive(Clone, Copy, PartialEq)]
enum Start {
    /// The workstation opening the register itself: also a morning's first start, the
    /// page cache dropped before it (where the bench may drop it).
    Embedded,
    /// The workstation attached to a server, which holds the register.
    Attached,
}

/// Three mornings, after the warm starts so as not to disturb them: each start of
/// `bin args` after the page cache is dropped (root only), timed to its first Overview.
fn cold_starts(bin: &str, args: &[&str], env: &[(&str, &str)]) -> String {
    let mut cold = Vec::new();
    while cold.len() < 3 && drop_page_cache() {
        let start = Instant::now();
        let mut s = pty::Session::start(bin, args, env);
        s.wait_for("Zaległe (");
        cold.push(s.last_output_at() - start);
        s.wait_gone("Wczytuję rejestr");
        s.send("q");
        s.wait_exit();
    }
    match cold.is_empty() {
        true => "not measured (dropping the page cache needs root)".to_string(),
        false => Timing::from_samples(cold).cell(),
    }
}

/// Drops the kernel's page cache, as a morning's first start finds it; false where
/// this process may not (it needs root).
fn drop_page_cache() -> bool {
    let synced = std::process::Command::new("sync")
        .status()
        .is_ok_and(|s| s.success());
    synced && std::fs::write("/proc/sys/vm/drop_caches", "3").is_ok()
}

/// Pushes one row of the report and prints it.
fn push_row(rows: &mut Rows, what: &str, scale: &str, figure: String) {
    eprintln!("{what:<48} {scale:<8} {figure}");
    rows.push((what.to_string(), scale.to_string(), figure));
}

/// The release binary, if it is built (the terminal figures need it).
fn release_binary() -> Option<String> {
    let bin = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/release/asystent");
    if !bin.exists() {
        eprintln!("(build target/release/asystent for the terminal figures)");
        return None;
    }
    Some(bin.to_str().unwrap().to_string())
}

/// The real binary `bin args` in a pty at 80×24: start to the first Overview and to the
/// register read, bytes and time per key, idle, and the workstation's peak memory.
fn in_terminal(rows: &mut Rows, scale: &str, bin: &str, args: &[&str], how: Start) {
    let env = [("NO_COLOR", "1"), ("LANG", "pl_PL.UTF-8")];
    // A start is one sample of a noisy machine: five starts, then quit, and a sixth
    // that stays for the keys; five of them are counted.
    let (mut first, mut read) = (Vec::new(), Vec::new());
    let mut start_once = || {
        let start = Instant::now();
        let s = pty::Session::start(bin, args, &env);
        // Timed to the output that showed it, not to the poll that saw it (every 10 ms).
        s.wait_for("Zaległe (");
        first.push(s.last_output_at() - start);
        // The whole office's register is read after its first Overview; keys wait for it.
        s.wait_gone("Wczytuję rejestr");
        read.push(s.last_output_at() - start);
        (start, s)
    };
    for _ in 0..5 {
        let (_, mut s) = start_once();
        s.send("q");
        s.wait_exit();
    }
    let (_, mut s) = start_once();
    // The first start follows in-process runs that deleted the digest file, the others
    // a clean quit, as most starts do: that one is not counted.
    first.remove(0);
    read.remove(0);
    push_row(
        rows,
        "terminal: start to the first Overview on screen",
        scale,
        Timing::from_samples(first).cell(),
    );
    push_row(
        rows,
        "terminal: start to the register read (keys answer)",
        scale,
        Timing::from_samples(read).cell(),
    );

    s.wait_quiet();
    let bytes = |what: &str, keys: &str, s: &mut pty::Session, rows: &mut Rows| {
        let a = s.measure(keys);
        push_row(
            rows,
            &format!("bytes: {what}"),
            scale,
            format!("{} B ({})", a.bytes, ms(a.settle)),
        );
    };
    bytes("switch to Families", "2", &mut s, rows);
    bytes("move the selection one row", "j", &mut s, rows);
    bytes("move the selection one row again", "j", &mut s, rows);
    bytes("scroll a page (PgDn)", "\x1b[6~", &mut s, rows);
    bytes("open a family (Enter)", "\r", &mut s, rows);
    bytes("close it (Esc)", "\x1b", &mut s, rows);
    bytes("switch to Work plan", "3", &mut s, rows);
    bytes("switch to Calendar", "4", &mut s, rows);
    bytes("calendar: next day", "l", &mut s, rows);
    bytes("switch to Alerts", "5", &mut s, rows);
    bytes("switch to Overview", "1", &mut s, rows);
    bytes("help overlay", "?", &mut s, rows);
    bytes("close help", " ", &mut s, rows);
    s.send("2");
    s.wait_for("Najbliższy termin");
    s.wait_quiet();
    bytes("open the new-family form (n)", "n", &mut s, rows);
    bytes("next field (Tab)", "\t", &mut s, rows);
    bytes("type a character in a form", "W", &mut s, rows);
    bytes("type a Polish character in a form", "ś", &mut s, rows);
    // Wait for each answer: a lone Esc followed at once by a key reads as Alt+key.
    s.send("\x1b");
    s.wait_for("Porzucić");
    s.send("t");
    s.wait_for("Najbliższy termin");
    s.send("1");
    s.wait_for("Zaległe (");
    s.wait_quiet();
    let cpu = s.cpu_time();
    let idle = s.idle_bytes(Duration::from_secs(3));
    let idle_cpu = s.cpu_time() - cpu;
    push_row(
        rows,
        "idle 3 s: bytes written / CPU used",
        scale,
        format!("{idle} B / {}", ms(idle_cpu)),
    );
    let peak = s.peak_rss_kib().unwrap_or(0);
    push_row(
        rows,
        "peak memory (VmHWM) of the workstation",
        scale,
        format!("{:.1} MiB", peak as f64 / 1024.0),
    );
    s.send("q");
    s.wait_exit();
    if how == Start::Embedded {
        push_row(
            rows,
            "terminal: start to the first Overview, page cache dropped first",
            scale,
            cold_starts(bin, args, &env),
        );
    }
}

/// The country's database owned by `asystent serve`, and workstations attached to it
/// as its busiest assistant and as a supervisor (who sees every family): the deployment
/// a register of this size is meant for. The server trusts the login a client names
/// (`--trust-login-from-hello`, a testing flag), so one Unix user can be both.
fn bench_attached(scale: &Scale, rows: &mut Rows) {
    let Some(bin) = release_binary() else {
        return;
    };
    let db = database(scale);
    let assistant = busiest_assistant(&db);
    let supervisor = login_of_role(&db, asystent::domain::Role::Supervisor);
    let label = format!("{} (server)", scale.name);
    let dir = tempfile::tempdir().unwrap();
    let socket = dir.path().join("asystent.sock");
    let socket_text = socket.to_str().unwrap();
    let start = Instant::now();
    let mut server = std::process::Command::new(&bin)
        .args([
            "serve",
            "--db",
            db.to_str().unwrap(),
            "--socket",
            socket_text,
        ])
        .args(["--today", TODAY, "--trust-login-from-hello"])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    while std::os::unix::net::UnixStream::connect(&socket).is_err() {
        assert!(
            server.try_wait().unwrap().is_none(),
            "the server ended before it listened"
        );
        std::thread::sleep(Duration::from_millis(5));
    }
    push_row(
        rows,
        "server: start until it answers (opens the database)",
        &label,
        ms(start.elapsed()),
    );
    // In-process, as the other first-frame figures: connect (the server writes the
    // login into its audit log, flushed), ask who this is, load what the first Overview
    // shows (a supervisor's from the digests), draw; then the rest of the register.
    for (who, login, runs) in [
        ("an assistant", &assistant, 5),
        ("a supervisor", &supervisor, 3),
    ] {
        let (mut first, mut ready) = (Vec::with_capacity(runs), Vec::with_capacity(runs));
        for _ in 0..runs {
            let start = Instant::now();
            let client = Client::connect_as(&socket, "bench", login).unwrap();
            let remote = Remote::new(client, today(), dir.path().join("documents")).unwrap();
            let mut app = App::attached_overview_first(remote, today(), Language::Polish).unwrap();
            let mut terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
            draw(&mut terminal, &app);
            first.push(start.elapsed());
            app.finish_loading().unwrap();
            ready.push(start.elapsed());
        }
        push_row(
            rows,
            &format!("{who}: attach + compute + first frame"),
            &label,
            Timing::from_samples(first).cell(),
        );
        push_row(
            rows,
            &format!("{who}: attach to the register read (before any key)"),
            &label,
            Timing::from_samples(ready).cell(),
        );
    }
    let as_user = |login: &str| {
        [
            "--server".to_string(),
            socket_text.to_string(),
            "--today".to_string(),
            TODAY.to_string(),
            "--user".to_string(),
            login.to_string(),
        ]
    };
    for (who, login) in [("an assistant", &assistant), ("a supervisor", &supervisor)] {
        let args = as_user(login);
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let mut theirs = Rows::new();
        in_terminal(&mut theirs, &label, &bin, &args, Start::Attached);
        rows.extend(
            theirs
                .into_iter()
                .map(|(what, scale, figure)| (format!("{who}, {what}"), scale, figure)),
        );
    }
    let status = std::fs::read_to_string(format!("/proc/{}/status", server.id())).unwrap();
    let peak = status
        .lines()
        .find(|l| l.starts_with("VmHWM:"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|v| v.parse::<u64>().ok())
        .unwrap_or(0);
    push_row(
        rows,
        "peak memory (VmHWM) of the server",
        &label,
        format!("{:.1} MiB", peak as f64 / 1024.0),
    );
    let _ = std::process::Command::new("kill")
        .args(["-TERM", &server.id().to_string()])
        .status();
    let _ = server.wait();
}

/// Types [`SURNAME`] into the family list's filter one key at a time, `runs` times;
/// returns the time of every key (update + draw at 80×24).
fn type_filter(app: &mut App, terminal: &mut Terminal<TestBackend>, runs: usize) -> Vec<Duration> {
    let mut per_key = Vec::new();
    for _ in 0..runs {
        press(app, terminal, KeyCode::Char('/'));
        for c in SURNAME.chars() {
            let start = Instant::now();
            press(app, terminal, KeyCode::Char(c));
            per_key.push(start.elapsed());
        }
        assert!(
            !app.family_list.visible.is_empty(),
            "{SURNAME} finds families"
        );
        // Esc while typing clears the filter for the next run (not timed).
        press(app, terminal, KeyCode::Esc);
    }
    per_key
}

/// The filter typed into a register of 10 000 families, key by key.
fn bench_filter(rows: &mut Rows, runs: usize) {
    let db = database(&FILTER);
    let mut app = open_app(&db);
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
    press(&mut app, &mut terminal, KeyCode::Char('2'));
    let per_key = type_filter(&mut app, &mut terminal, runs);
    let what = format!(
        "filter {} families per keystroke (\"{SURNAME}\", update + draw)",
        app.snapshot.families.len()
    );
    let figure = Timing::from_samples(per_key).cell();
    eprintln!("{what:<48} {:<8} {figure}", FILTER.name);
    rows.push((what, FILTER.name.to_string(), figure));
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.iter().any(|a| a == "--help" || a == "-h") {
        println!(
            "cargo bench --bench workstation -- [--office-only | --country-only | --filter-only | --attached-only] [--write FILE]\n\
             \n\
             Without a flag every scale runs: office, country (embedded, then attached to a server) and the\n\
             filter typed into 10 000 families; --attached-only prints the country's server figures alone.\n\
             Databases are generated on first use and kept in target/bench-data/.\n\
             --write FILE writes the report (BENCHMARKS.md) besides printing the figures."
        );
        return;
    }
    // cargo bench passes --bench; everything else is ours.
    let write = args
        .iter()
        .position(|a| a == "--write")
        .and_then(|i| args.get(i + 1))
        .cloned();
    let office_only = args.iter().any(|a| a == "--office-only");
    let country_only = args.iter().any(|a| a == "--country-only");
    let filter_only = args.iter().any(|a| a == "--filter-only");
    let mut rows = Rows::new();
    if args.iter().any(|a| a == "--attached-only") {
        bench_attached(&COUNTRY, &mut rows);
        return;
    }
    if !country_only && !filter_only {
        bench_scale(&OFFICE, &mut rows, 15);
    }
    if !office_only && !filter_only {
        bench_scale(&COUNTRY, &mut rows, 5);
        bench_attached(&COUNTRY, &mut rows);
    }
    if !office_only && !country_only {
        bench_filter(&mut rows, 15);
    }
    if let Some(path) = write {
        shared::write_part(&path, Some(&report(&rows)), None);
    }
}

fn report(rows: &Rows) -> String {
    let mut out = String::from(
        "# Benchmarks\n\n\
         Regenerate with `cargo build --release --locked && cargo bench --locked -- --write BENCHMARKS.md` \
         (both benchmarks: this part, then the server's section).\n\n",
    );
    out.push_str(&machine());
    out.push_str("\n| measurement | scale | figure |\n|---|---|---|\n");
    for (what, scale, figure) in rows {
        out.push_str(&format!("| {what} | {scale} | {figure} |\n"));
    }
    out
}

/// One paragraph on the machine the figures come from.
fn machine() -> String {
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|c| {
            c.lines()
                .find(|l| l.starts_with("model name"))
                .map(|l| l.split(':').nth(1).unwrap_or("").trim().to_string())
        })
        .unwrap_or_else(|| "unknown CPU".into());
    let cores = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(0);
    let mem = std::fs::read_to_string("/proc/meminfo")
        .ok()
        .and_then(|m| {
            m.lines()
                .next()
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|v| v.parse::<u64>().ok())
        })
        .map(|kib| format!("{:.0} GiB", kib as f64 / 1048576.0))
        .unwrap_or_default();
    format!(
        "Machine: {cpu}, {cores} cores, {mem} RAM. Scales: office = {} families × {} years, \
         country = {} families × {} years, filter = {} families × {} year (demo generator, \
         seed 2026, today {TODAY}). \
         Timings are in-process (open, compute and draw on ratatui's TestBackend at 80×24) \
         unless marked \"terminal\" or \"bytes\": those run the release binary in a \
         pseudo-terminal at 80×24 with NO_COLOR=1. The in-process starts run one after \
         another in one process, whose memory is already paged in after the first, so a \
         new process (the terminal rows) takes longer; \"after a clean quit\" starts judge \
         the digest file that the previous start's close left, \"no digest file\" starts \
         (the file deleted, as after a crash) walk the digests in the register \
         (docs/ARCHITECTURE.md); \"from the files while the register opens\": the first \
         Overview judged from the start file and the digest file of the last clean quit \
         and drawn before sled has opened the register, as the terminal rows' workstation \
         does after a clean quit; \"page cache dropped first\": three starts each after \
         `sync` and `echo 3 > /proc/sys/vm/drop_caches` (root only), as a morning's first \
         start finds the register. \
         Scale \"country (server)\": the country's database owned by the release `asystent serve` \
         (started with `--trust-login-from-hello`, a testing flag, so that one Unix user can \
         attach as any login); its first-frame rows are in-process clients (connect, which \
         the server audits with a flushed write, then who this is, the snapshot and an \
         80×24 frame), the other rows the release workstation attached with `--server`, \
         first as the busiest assistant, then as a supervisor, who sees all {} families.\n",
        OFFICE.spec.families,
        OFFICE.spec.years,
        COUNTRY.spec.families,
        COUNTRY.spec.years,
        FILTER.spec.families,
        FILTER.spec.years,
        COUNTRY.spec.families
    )
}
