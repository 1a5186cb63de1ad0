//! Documents written from the screens: the keys, the files in the documents directory,
//! the audit entries and the opinion form's refusals.

mod common;

use std::path::{Path, PathBuf};

use asystent::app::{App, Notice, Popup};
use asystent::config::Language;
use asystent::domain::audit::AuditAction;
use asystent::service::FamilyDetail;
use common::keys::{form, press, save, tab, typed};
use ratatui::crossterm::event::KeyCode;

/// The files in the documents directory of the app's database, sorted.
fn documents(app: &App) -> Vec<PathBuf> {
    let dir = app.backend().documents_dir();
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map(|d| d.map(|e| e.unwrap().path()).collect())
        .unwrap_or_default();
    files.sort();
    files
}

fn written(app: &App) -> PathBuf {
    match &app.notice {
        Some(Notice::Info(text)) => {
            let files = documents(app);
            files
                .into_iter()
                .find(|f| text.contains(&*f.to_string_lossy()))
                .unwrap_or_else(|| panic!("no file named in {text:?}"))
        }
        other => panic!("expected the path in the status line, found {other:?}"),
    }
}

fn prints(app: &App) -> usize {
    let service = app.local_service().unwrap();
    let caller = service.caller("kierownik", common::today()).unwrap();
    service
        .audit_log(&caller, None, None, None)
        .unwrap()
        .iter()
        .filter(|e| e.action == AuditAction::Print)
        .count()
}

fn is_docx(path: &Path) -> bool {
    let bytes = std::fs::read(path).unwrap();
    bytes.starts_with(b"PK\x03\x04") && path.extension().is_some_and(|e| e == "docx")
}

/// The supervisor's app on the Families screen, with the first family whose details
/// satisfy `wanted` selected.
fn on_family_where(wanted: impl Fn(&FamilyDetail) -> bool) -> (tempfile::TempDir, App) {
    let (dir, mut app) = common::demo_app("kierownik", Language::English);
    common::keys::select_family_where(&mut app, wanted);
    (dir, app)
}

/// The app with the first family that has a court request selected.
fn on_family_with_court_request() -> (tempfile::TempDir, App) {
    on_family_where(|d| !d.court_requests.is_empty())
}

#[test]
fn b_and_capital_b_write_the_family_brief_as_text_and_docx_and_audit_it() {
    let (_dir, mut app) = common::demo_app("kierownik", Language::English);
    press(&mut app, KeyCode::Char('2'));
    let before = prints(&app);
    press(&mut app, KeyCode::Char('b'));
    let text = written(&app);
    assert!(text.to_string_lossy().ends_with(".txt"));
    let case = &app.family_detail.as_ref().unwrap().family.case_number;
    assert!(
        std::fs::read_to_string(&text)
            .unwrap()
            .contains(case.as_str())
    );
    press(&mut app, KeyCode::Char('B'));
    assert!(is_docx(&written(&app)));
    assert_eq!(prints(&app), before + 2);
}

#[test]
fn capital_p_writes_the_plan_as_docx_and_p_as_text() {
    let (_dir, mut app) = common::demo_app("kierownik", Language::English);
    press(&mut app, KeyCode::Char('3'));
    press(&mut app, KeyCode::Char('P'));
    assert!(is_docx(&written(&app)));
    press(&mut app, KeyCode::Char('p'));
    assert!(written(&app).to_string_lossy().ends_with(".txt"));
}

#[test]
fn the_opinion_form_writes_a_draft_for_the_chosen_request_and_period() {
    let (_dir, mut app) = on_family_with_court_request();
    press(&mut app, KeyCode::Char('O'));
    assert!(form(&app).title.starts_with("Court opinion draft"));
    // DOCX, chosen on the last field.
    tab(&mut app, 3);
    press(&mut app, KeyCode::Right);
    save(&mut app);
    assert!(app.popup().is_none(), "written: {:?}", app.popup());
    let file = written(&app);
    assert!(is_docx(&file), "{file:?}");
    assert!(
        file.file_name()
            .unwrap()
            .to_string_lossy()
            .starts_with("opinia-")
    );
}

#[test]
fn an_opinion_period_that_runs_backwards_is_refused_on_the_form_and_nothing_is_written() {
    let (_dir, mut app) = on_family_with_court_request();
    press(&mut app, KeyCode::Char('O'));
    // "From" a day after today: after "to" (today) and in the future.
    tab(&mut app, 1);
    for _ in 0.."22.05.2026".len() {
        press(&mut app, KeyCode::Backspace);
    }
    typed(&mut app, "jutro");
    save(&mut app);
    let Some(Popup::Form(rf)) = app.popup() else {
        panic!("the form stays open: {:?}", app.popup());
    };
    assert!(rf.form.message.is_some(), "a reason is shown");
    assert!(documents(&app).is_empty(), "{:?}", documents(&app));
}

#[test]
fn o_on_a_family_without_a_court_request_says_so() {
    let (_dir, mut app) = on_family_where(|d| d.court_requests.is_empty());
    press(&mut app, KeyCode::Char('O'));
    assert!(app.popup().is_none());
    assert!(matches!(&app.notice, Some(Notice::Error(t)) if t.contains("no court request")));
}
