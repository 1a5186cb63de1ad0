//! Keys typed into an App as a user types them, and a look at the open form.

use asystent::app::form::Form;
use asystent::app::{App, Popup};
use asystent::domain::alerts::{Alert, DeadlineKind};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// Presses one key without modifiers.
pub fn press(app: &mut App, code: KeyCode) {
    app.on_key(KeyEvent::new(code, KeyModifiers::NONE));
}

/// Types `text` one character at a time.
pub fn typed(app: &mut App, text: &str) {
    for c in text.chars() {
        press(app, KeyCode::Char(c));
    }
}

/// Presses Tab `times` times.
pub fn tab(app: &mut App, times: usize) {
    for _ in 0..times {
        press(app, KeyCode::Tab);
    }
}

/// Ctrl-S: saves the open form.
pub fn save(app: &mut App) {
    app.on_key(KeyEvent::new(KeyCode::Char('s'), KeyModifiers::CONTROL));
}

/// The open form; fails the test if something else is on top.
pub fn form(app: &App) -> &Form {
    match app.popup() {
        Some(Popup::Form(rf)) => &rf.form,
        other => panic!("expected a form, found {other:?}"),
    }
}

/// Selects the first alert of `kind` on the Alerts screen and presses Enter on it;
/// gives the alert back.
pub fn enter_on_alert(app: &mut App, kind: DeadlineKind) -> Alert {
    let index = app
        .snapshot
        .alerts
        .iter()
        .position(|a| a.deadline.kind == kind)
        .unwrap_or_else(|| panic!("the demo has a {kind:?} alert"));
    let alert = app.snapshot.alerts[index].clone();
    press(app, KeyCode::Char('5'));
    press(app, KeyCode::Home);
    for _ in 0..index {
        press(app, KeyCode::Down);
    }
    press(app, KeyCode::Enter);
    alert
}

/// Goes to the calendar on `day`, typed after `g`.
pub fn calendar_on(app: &mut App, day: &str) {
    press(app, KeyCode::Char('4'));
    press(app, KeyCode::Char('g'));
    typed(app, day);
    press(app, KeyCode::Enter);
}

/// On the Families screen, selects the first family whose details satisfy `wanted`, as
/// the supervisor `kierownik` sees them (the app must be embedded), and gives them.
pub fn select_family_where(
    app: &mut App,
    wanted: impl Fn(&asystent::service::FamilyDetail) -> bool,
) -> asystent::service::FamilyDetail {
    press(app, KeyCode::Char('2'));
    press(app, KeyCode::Home);
    let service = app.local_service().unwrap();
    let caller = service.caller("kierownik", super::today()).unwrap();
    let (at, detail) = app
        .family_list
        .visible
        .iter()
        .enumerate()
        .find_map(|(at, &i)| {
            let id = app.snapshot.families[i].family.id;
            let detail = service.family_detail(&caller, id).unwrap().unwrap();
            wanted(&detail).then_some((at, detail))
        })
        .expect("a demo family as wanted");
    for _ in 0..at {
        press(app, KeyCode::Down);
    }
    assert_eq!(app.selected_family(), Some(detail.family.id));
    detail
}
