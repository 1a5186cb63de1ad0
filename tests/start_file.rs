//! The first Overview drawn while sled still opens the register
//! (`Service::start_workstation`, `App::preview`), from the start file and the digest
//! file that a clean close leaves: it is the register's own Overview on every day the
//! files cover, anything else waits for the opening, and the register's Overview takes
//! its place once the register is open.

mod common;

use std::path::{Path, PathBuf};

use asystent::app::App;
use asystent::config::{Config, Language};
use asystent::demo::{self, DemoSpec};
use asystent::domain::alerts::AlertRules;
use asystent::domain::audit::AuditAction;
use asystent::domain::{Role, Visit};
use asystent::service::{Service, WorkstationStart};
use asystent::store::digest_file::{self, DigestFile};
use asystent::store::start_file::{self, DAYS_AHEAD, StartFile};
use asystent::store::{Store, StoreError};
use asystent::ui::{self, Theme};
use chrono::{Days, NaiveDate};
use common::today;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use tempfile::TempDir;

/// The supervisor of the demo register, who sees every family.
const SUPERVISOR: &str = "kierownik";

/// A demo register of `families` families over one year, as of [`today`], closed as a
/// workstation's quit closes it on [`today`].
fn register(families: usize) -> (TempDir, PathBuf) {
    let dir = TempDir::new().unwrap();
    let db = dir.path().join("db");
    let store = Store::open(&db).unwrap();
    let spec = DemoSpec {
        families,
        years: 1,
        seed: 2026,
    };
    store.import(&demo::generate(&spec, today())).unwrap();
    close(service(store), today());
    (dir, db)
}

fn service(store: Store) -> Service {
    Service::new(
        store,
        AlertRules::default(),
        Config::defaults().caseload_limit,
    )
}

/// Closes the register as a workstation's quit on `day` does.
fn close(service: Service, day: NaiveDate) {
    assert!(service.close_for_next_start(day).unwrap());
}

/// How a workstation of `login` starts on `day`.
fn start(db: &Path, login: &str, day: NaiveDate) -> WorkstationStart {
    let config = Config::defaults();
    let caseload = (config.caseload_limit, config.caseload_warning_margin);
    Service::start_workstation(db, AlertRules::default(), caseload, login, day).unwrap()
}

/// The app of a start, as the workstation builds it.
fn app_of(start: WorkstationStart, login: &str, day: NaiveDate) -> App {
    match start {
        WorkstationStart::Opened(service) => {
            App::overview_first(service, login, day, Language::Polish).unwrap()
        }
        WorkstationStart::Opening {
            opening,
            caller,
            overview,
        } => App::preview(opening, caller, overview, day, Language::Polish),
    }
}

/// The rows of `app` drawn on a `width`×`height` terminal.
fn screen(app: &App, width: u16, height: u16) -> Vec<String> {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    let theme = Theme::from_env(Some("1"));
    terminal.draw(|f| ui::render(f, app, &theme)).unwrap();
    let buffer = terminal.backend().buffer();
    buffer
        .content
        .chunks(usize::from(width))
        .map(|row| row.iter().map(|cell| cell.symbol()).collect())
        .collect()
}

/// Both sizes a test draws at: the smallest supported, and a large one that shows more
/// alerts and visits than the smallest.
fn screens(app: &App) -> [Vec<String>; 2] {
    [screen(app, 80, 24), screen(app, 132, 60)]
}

/// Reads the whole register and closes it as a quit on [`today`] does.
fn quit(mut app: App) {
    while app.finish_loading().unwrap() {}
    match app.into_backend() {
        asystent::backend::Backend::Local(service) => close(service, today()),
        _ => panic!("the register is open"),
    }
}

#[test]
fn the_overview_from_the_files_is_the_registers_on_every_day_they_cover() {
    let (_dir, db) = register(450);
    for day in [
        today(),
        today() + Days::new(1),
        today() + Days::new(6),
        today() + Days::new(DAYS_AHEAD - 1),
    ] {
        let WorkstationStart::Opening {
            opening,
            caller,
            overview,
        } = start(&db, SUPERVISOR, day)
        else {
            panic!("a supervisor on {day} gets the Overview from the files");
        };
        let (alerts, visits, caseload) = (
            overview.alerts.clone(),
            overview.upcoming_total(),
            overview.caseload.clone(),
        );
        let mut app = App::preview(opening, caller, overview, day, Language::Polish);
        assert!(
            app.local_service().is_none(),
            "the register is still opening"
        );
        let first = screens(&app);
        assert!(
            first[1].iter().any(|r| r.contains("Zaległe (")),
            "{first:#?}"
        );
        assert!(app.finish_loading().unwrap(), "the opening finishes first");
        assert!(
            StartFile::read(&db).is_none(),
            "the opening removed the file"
        );
        assert!(app.is_loading(), "the register is still to be read");
        assert!(app.local_service().is_some());
        assert_eq!(app.snapshot.alerts, alerts, "alerts on {day}");
        assert_eq!(app.snapshot.upcoming_total(), visits, "visits on {day}");
        assert_eq!(app.snapshot.caseload, caseload, "caseloads on {day}");
        assert_eq!(
            screens(&app),
            first,
            "the register's own Overview on {day} is the one drawn first"
        );
        assert!(app.finish_loading().unwrap(), "then the register is read");
        assert!(!app.is_loading());
        assert_eq!(app.snapshot.families.len(), 450);
        quit(app);
    }
}

#[test]
fn the_login_is_logged_once_the_register_is_open() {
    let (_dir, db) = register(30);
    let logins = |db: &Path| {
        let store = Store::open(db).unwrap();
        let (entries, _) = store
            .audit_entries(|e| e.action == AuditAction::Login && e.login == SUPERVISOR)
            .unwrap();
        close(service(store), today());
        entries.len()
    };
    assert_eq!(logins(&db), 0);
    let mut app = app_of(start(&db, SUPERVISOR, today()), SUPERVISOR, today());
    assert!(app.finish_loading().unwrap());
    quit(app);
    assert_eq!(logins(&db), 1, "logged when the opening finished");
}

#[test]
fn days_the_files_do_not_cover_and_callers_who_see_part_of_the_office_wait_for_the_opening() {
    let (_dir, db) = register(30);
    let last = today() + Days::new(DAYS_AHEAD);
    for day in [today() - Days::new(1), last, last + Days::new(30)] {
        let start = start(&db, SUPERVISOR, day);
        assert!(
            matches!(start, WorkstationStart::Opened(_)),
            "{day}: its tomorrow is not in the files"
        );
        let app = app_of(start, SUPERVISOR, day);
        assert!(app.is_loading(), "the Overview from the register's digests");
        quit(app);
    }
    let store = Store::open(&db).unwrap();
    let assistant = store
        .staff()
        .unwrap()
        .records
        .into_iter()
        .map(|v| v.value)
        .find(|s| s.role == Role::Assistant)
        .unwrap();
    close(service(store), today());
    let start = start(&db, &assistant.login, today());
    assert!(matches!(start, WorkstationStart::Opened(_)));
    quit(app_of(start, &assistant.login, today()));
}

#[test]
fn only_a_clean_close_leaves_a_file_that_is_trusted() {
    let (_dir, db) = register(30);
    // A run that only reads keeps the digest file but leaves no start file.
    drop(Store::open(&db).unwrap());
    assert!(StartFile::read(&db).is_none());
    assert!(matches!(
        start(&db, SUPERVISOR, today()),
        WorkstationStart::Opened(_)
    ));

    // A start file whose digest file was replaced since is not used.
    close(service(Store::open(&db).unwrap()), today());
    let file = DigestFile::read(&db).unwrap();
    let other = digest_file::new_token().unwrap();
    let mut digests = Vec::new();
    assert!(file.for_each(|d| digests.push(d)));
    digest_file::write(&db, &digest_file::to_bytes(other, &digests).unwrap()).unwrap();
    assert!(matches!(
        start(&db, SUPERVISOR, today()),
        WorkstationStart::Opened(_)
    ));

    // Nor is one while another program holds the register: it is refused at once.
    close(service(Store::open(&db).unwrap()), today());
    let holder = Store::open(&db).unwrap();
    let config = Config::defaults();
    let refused = Service::start_workstation(
        &db,
        AlertRules::default(),
        (config.caseload_limit, config.caseload_warning_margin),
        SUPERVISOR,
        today(),
    );
    assert!(matches!(refused, Err(StoreError::Locked { .. })));
    drop(holder);
}

#[test]
fn a_file_that_says_more_than_the_register_gives_way_to_it_when_the_register_opens() {
    let (_dir, db) = register(30);
    // What a program that knows nothing of the start file could leave: a staff change
    // made without opening the register through this one.
    let mut file = StartFile::read(&db).unwrap();
    let assistant = file
        .staff
        .iter_mut()
        .find(|s| s.role == Role::Assistant)
        .unwrap();
    let real = assistant.name.clone();
    assistant.name = "Zofia Nieaktualna".into();
    std::fs::write(db.join(start_file::FILE_NAME), file.to_bytes().unwrap()).unwrap();
    let mut app = app_of(start(&db, SUPERVISOR, today()), SUPERVISOR, today());
    let shown = |app: &App, name: &str| screen(app, 132, 60).iter().any(|r| r.contains(name));
    assert!(shown(&app, "Zofia Nieaktualna"), "the file's name first");
    assert!(app.finish_loading().unwrap());
    assert!(!shown(&app, "Zofia Nieaktualna"), "the register's after");
    assert!(shown(&app, &real));
    quit(app);
}

#[test]
fn the_files_give_the_first_visits_and_their_count_as_the_register_does() {
    let (_dir, db) = register(450);
    let store = Store::open(&db).unwrap();
    let start = store.start_file(today(), 3).unwrap();
    assert_eq!(start.days.len() as u64, DAYS_AHEAD + 1);
    let mut busy = 0;
    for day in today().iter_days().take(DAYS_AHEAD as usize) {
        let tomorrow = day.succ_opt().unwrap();
        for limit in [1, 3] {
            let register: Vec<Visit> = store
                .first_visits_between(day, tomorrow, limit)
                .unwrap()
                .records
                .into_iter()
                .map(|v| v.value)
                .collect();
            let all: u32 = store
                .visit_counts_between(day, tomorrow)
                .unwrap()
                .values()
                .sum();
            let more = match register.len() == limit {
                true => all as usize - limit,
                false => 0,
            };
            busy += usize::from(more > 0);
            assert_eq!(
                start.upcoming(day, limit),
                Some((register, more)),
                "{day}, {limit}"
            );
        }
        assert_eq!(start.upcoming(day, 4), None, "only 3 kept a day");
    }
    assert!(busy > 10, "most days have more visits than kept");
    assert_eq!(start.upcoming(today() + Days::new(DAYS_AHEAD), 1), None);
}
