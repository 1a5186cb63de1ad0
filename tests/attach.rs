//! The workstation attached to a server: the same App over the socket, its screens
//! refreshed by the server's pushes, and a lost server survived with the typed text kept.

mod common;

use std::thread;
use std::time::{Duration, Instant};

use asystent::app::{App, Link, Notice, Remote};
use asystent::config::Language;
use asystent::domain::{Visit, VisitKind, VisitPlace, VisitStatus};
use chrono::NaiveTime;
use common::keys::{form, press, save, tab, typed};
use common::server::TestServer;
use ratatui::crossterm::event::KeyCode;

/// An App attached to `server` as `login`.
fn attached(server: &TestServer, login: &str) -> App {
    let client = server.client(login);
    let documents = server.dir.path().join("documents");
    let remote = Remote::new(client, common::today(), documents).unwrap();
    App::attached(remote, common::today(), Language::English).unwrap()
}

/// Lets `app` take the server's events (as the input loop does when idle) until
/// `done` holds; fails after ten seconds.
fn wait_until(app: &mut App, what: &str, done: impl Fn(&App) -> bool) {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        app.server_events();
        if done(app) {
            return;
        }
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn a_visit_booked_at_one_workstation_appears_at_the_other_without_a_key() {
    let server = TestServer::start();
    let mut boss = attached(&server, "kierownik");
    let mut anna = attached(&server, "akowalska");
    assert_eq!(anna.link(), Link::Attached);
    assert_eq!(anna.caller.login, "akowalska");
    // The assistant sees her own families only, as the server decides.
    let hers = anna.snapshot.families.first().unwrap().family.clone();
    assert!(
        anna.snapshot
            .families
            .iter()
            .all(|r| r.family.assistant == hers.assistant)
    );
    let at = NaiveTime::from_hms_opt(6, 5, 0).unwrap();
    let visit = Visit {
        id: 0,
        family_id: hers.id,
        assistant: 0,
        date: common::today(),
        time: at,
        duration_min: 45,
        place: VisitPlace::FamilyHome,
        kind: VisitKind::HomeVisit,
        status: VisitStatus::Planned,
        record: Default::default(),
        history: Vec::new(),
    };
    let caller = boss.caller.clone();
    let booked = boss.backend().save_visit(&caller, visit, None).unwrap();
    wait_until(&mut anna, "the booked visit", |app| {
        app.snapshot
            .upcoming
            .iter()
            .any(|v| v.id == booked.value.id)
    });
    // Nothing comes back to the one who saved it.
    assert!(!boss.server_events());
    server.stop();
}

#[test]
fn a_lost_server_keeps_the_typed_text_and_the_save_goes_through_after_the_restart() {
    let server = TestServer::start();
    let mut app = attached(&server, "kierownik");
    press(&mut app, KeyCode::Char('2'));
    press(&mut app, KeyCode::Char('e'));
    let family = app.family_detail.clone().unwrap().family;
    tab(&mut app, 2);
    typed(&mut app, " m. 4");

    let (dir, service) = server.stop();
    wait_until(&mut app, "the lost connection", |app| {
        app.link() == Link::Offline
    });
    assert!(matches!(&app.notice, Some(Notice::Error(text)) if text.contains("lost")));
    save(&mut app);
    let message = form(&app).message.clone().expect("not saved");
    assert!(
        message.starts_with("No connection to the server"),
        "{message}"
    );
    assert!(form(&app).text("address").ends_with(" m. 4"));

    let server = TestServer::resume(dir, service);
    wait_until(&mut app, "the reconnection", |app| {
        app.link() == Link::Attached
    });
    assert!(matches!(&app.notice, Some(Notice::Info(text)) if text.contains("again")));
    save(&mut app);
    assert!(app.popup().is_none(), "saved: {:?}", app.popup());
    let stored = server.client("kierownik").family_detail(family.id).unwrap();
    assert_eq!(
        stored.unwrap().family.address,
        format!("{} m. 4", family.address)
    );
    server.stop();
}

#[test]
fn a_stand_in_granted_from_the_caseload_view_opens_the_colleagues_families_at_once() {
    let server = TestServer::start();
    let mut boss = attached(&server, "kierownik");
    let mut marek = attached(&server, "mnowak");
    let before = marek.snapshot.families.len();
    // Caseload view, Anna Kowalska selected (the rows are in name order).
    press(&mut boss, KeyCode::Char('2'));
    press(&mut boss, KeyCode::Char('c'));
    let anna = boss
        .snapshot
        .caseload
        .iter()
        .position(|r| r.assistant.login == "akowalska")
        .unwrap();
    for _ in 0..anna {
        press(&mut boss, KeyCode::Down);
    }
    press(&mut boss, KeyCode::Char('n'));
    assert!(form(&boss).title.contains("Anna Kowalska"));
    // The colleague: Marek Nowak, among the other assistants in the caseload's order.
    let marek_at = boss
        .snapshot
        .caseload
        .iter()
        .filter(|r| r.assistant.login != "akowalska")
        .position(|r| r.assistant.login == "mnowak")
        .unwrap();
    for _ in 0..marek_at {
        press(&mut boss, KeyCode::Right);
    }
    save(&mut boss);
    assert!(boss.popup().is_none(), "saved: {:?}", boss.popup());
    assert!(
        matches!(&boss.notice, Some(Notice::Info(t)) if t.starts_with("Stand-in: Marek Nowak for Anna Kowalska"))
    );
    // Marek's workstation learns it without a key: Anna's families join his.
    wait_until(&mut marek, "the colleague's families", |app| {
        app.snapshot.families.len() > before
    });
    assert!(marek.caller.covering.iter().any(|&id| {
        marek
            .snapshot
            .staff
            .get(&id)
            .is_some_and(|s| s.login == "akowalska")
    }));
    server.stop();
}

#[test]
fn only_a_supervisor_opens_the_stand_in_form_and_a_backwards_period_is_refused() {
    let server = TestServer::start();
    let mut anna = attached(&server, "akowalska");
    press(&mut anna, KeyCode::Char('2'));
    press(&mut anna, KeyCode::Char('c'));
    press(&mut anna, KeyCode::Char('n'));
    assert!(anna.popup().is_none());
    assert!(matches!(&anna.notice, Some(Notice::Error(t)) if t.contains("supervisor")));

    let mut boss = attached(&server, "kierownik");
    press(&mut boss, KeyCode::Char('2'));
    press(&mut boss, KeyCode::Char('c'));
    press(&mut boss, KeyCode::Char('n'));
    tab(&mut boss, 1);
    // From three weeks on, after the proposed end: refused, the form stays.
    for _ in 0.."22.11.2026".len() {
        press(&mut boss, KeyCode::Backspace);
    }
    typed(&mut boss, "+21");
    save(&mut boss);
    let message = form(&boss).message.clone().expect("refused");
    assert!(message.to_lowercase().contains("stand-in"), "{message}");
    server.stop();
}

#[test]
fn the_reports_screen_counts_on_the_server() {
    let server = TestServer::start();
    let mut boss = attached(&server, "kierownik");
    press(&mut boss, KeyCode::Char('6'));
    let shown = boss
        .report_view
        .report
        .clone()
        .expect("computed by the server");
    let (from, to) = boss.report_view.period;
    let definition = asystent::report::ReportDefinition::builtin();
    let (_dir, service) = server.stop();
    let caller = service.caller("kierownik", common::today()).unwrap();
    let local = service.report(&caller, &definition, from, to).unwrap();
    assert_eq!(shown.rows, local.rows);
}

#[test]
fn a_document_whose_audit_entry_the_lost_server_cannot_take_is_taken_back() {
    let server = TestServer::start();
    let mut app = attached(&server, "kierownik");
    press(&mut app, KeyCode::Char('2'));
    press(&mut app, KeyCode::Enter);
    assert!(app.family_detail.is_some());
    let (_dir, _service) = server.stop();
    wait_until(&mut app, "the lost connection", |app| {
        app.link() == Link::Offline
    });
    press(&mut app, KeyCode::Char('b'));
    assert!(
        matches!(&app.notice, Some(Notice::Error(t)) if t.contains("removed")),
        "{:?}",
        app.notice
    );
    let documents = app.backend().documents_dir();
    let left = std::fs::read_dir(&documents).map_or(0, |d| d.count());
    assert_eq!(left, 0, "nothing left in {}", documents.display());
}

/// The rows of a rendered screen as text.
fn rows(buffer: &ratatui::buffer::Buffer) -> Vec<String> {
    buffer
        .content
        .chunks(usize::from(buffer.area.width))
        .map(|row| row.iter().map(|cell| cell.symbol()).collect())
        .collect()
}

/// Renders `app` on an 80×24 test terminal.
fn frame(app: &App) -> ratatui::buffer::Buffer {
    let mut terminal = ratatui::Terminal::new(ratatui::backend::TestBackend::new(80, 24)).unwrap();
    let theme = asystent::ui::Theme::from_env(Some("1"));
    terminal
        .draw(|f| asystent::ui::render(f, app, &theme))
        .unwrap();
    terminal.backend().buffer().clone()
}

#[test]
fn an_attached_supervisor_sees_the_overview_first_and_then_the_same_screen() {
    let server = TestServer::start();
    let remote = |login| {
        let documents = server.dir.path().join("documents");
        Remote::new(server.client(login), common::today(), documents).unwrap()
    };
    let mut boss =
        App::attached_overview_first(remote("kierownik"), common::today(), Language::English)
            .unwrap();
    assert!(boss.is_loading(), "the server sent an Overview's snapshot");
    assert!(boss.snapshot.families.is_empty());
    assert!(!boss.snapshot.alerts.is_empty());
    let (quick_sent, quick_total) = (boss.snapshot.alerts.len(), boss.snapshot.alert_total());
    let first = rows(&frame(&boss));
    assert!(boss.finish_loading().unwrap());
    assert!(!boss.snapshot.families.is_empty());
    let after = rows(&frame(&boss));
    assert_eq!(
        first[..23],
        after[..23],
        "the first frame was already complete"
    );
    assert!(first[23].contains("Reading the register"), "{}", first[23]);
    assert!(!after[23].contains("Reading the register"), "{}", after[23]);
    let whole = App::attached(remote("kierownik"), common::today(), Language::English).unwrap();
    assert_eq!(whole.snapshot.alert_counts(), boss.snapshot.alert_counts());
    // The counts per assistant came over the wire: together they are every alert,
    // those sent and those left out.
    let counted: usize = boss
        .snapshot
        .alert_counts()
        .values()
        .map(|(o, s)| o + s)
        .sum();
    assert_eq!(counted, boss.snapshot.alerts.len());
    assert_eq!(counted, quick_total);
    assert!(
        quick_sent < quick_total,
        "the first Overview came cut short: {quick_sent} of {quick_total}: {:?}",
        boss.snapshot.left_out()
    );

    // An assistant sees part of the office: the whole snapshot at once.
    let anna =
        App::attached_overview_first(remote("akowalska"), common::today(), Language::English)
            .unwrap();
    assert!(!anna.is_loading());
    assert!(!anna.snapshot.families.is_empty());
}
