//! The periodic assessment: recorded from its overdue alert, it restarts the clock;
//! its fields are checked; only the newest one may be corrected.

mod common;

use asystent::app::{App, Popup, Screen};
use asystent::config::Language;
use asystent::domain::alerts::{CaseFacts, DeadlineKind};
use asystent::domain::dates::add_months;
use asystent::service::{Caller, CommandError, FamilyDetail};
use common::keys::{form, press, save, tab, typed};
use ratatui::crossterm::event::KeyCode;
use tempfile::TempDir;

fn app() -> (TempDir, App) {
    common::demo_app("kierownik", Language::English)
}

/// The details of the first family on the register with at least two assessments.
fn with_two_assessments(app: &App, caller: &Caller) -> FamilyDetail {
    app.snapshot
        .families
        .iter()
        .filter_map(|r| {
            app.local_service()
                .unwrap()
                .family_detail(caller, r.family.id)
                .unwrap()
        })
        .find(|d| d.assessments.len() >= 2)
        .expect("a demo family with two assessments")
}

fn assessment_alert(app: &App) -> Option<(usize, asystent::domain::Id)> {
    app.snapshot
        .alerts
        .iter()
        .position(|a| a.deadline.kind == DeadlineKind::Assessment)
        .map(|i| (i, app.snapshot.alerts[i].deadline.family_id))
}

#[test]
fn an_assessment_recorded_from_its_alert_restarts_the_clock() {
    let (_dir, mut app) = app();
    let (index, family) = assessment_alert(&app).expect("the demo has an assessment due");
    press(&mut app, KeyCode::Char('5'));
    for _ in 0..index {
        press(&mut app, KeyCode::Down);
    }
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.screen, Screen::Families);
    assert!(form(&app).title.contains("Periodic assessment"));
    // The period runs from the last assessment (or the start of work) to today.
    assert_eq!(form(&app).text("to"), "22.11.2026");
    let goals = form(&app).fields.iter().filter(|f| f.id == "goal").count();
    let plan_goals = app
        .family_detail
        .as_ref()
        .unwrap()
        .plan
        .as_ref()
        .map_or(0, |p| p.goals.len());
    assert_eq!(
        goals, plan_goals,
        "one progress choice per goal of the current plan"
    );
    // Changes are required.
    save(&mut app);
    assert_eq!(
        form(&app).field("changes").unwrap().error.as_deref(),
        Some("required")
    );
    typed(&mut app, "Ojciec podjął terapię; czynsz opłacany.");
    tab(&mut app, 1);
    press(&mut app, KeyCode::Right);
    save(&mut app);
    assert!(
        app.popup().is_none(),
        "{:?}",
        app.popup().map(|_| form(&app).message.clone())
    );
    let detail = app.family_detail.as_ref().unwrap();
    let newest = &detail.assessments[0];
    assert_eq!(newest.date, common::today());
    assert_eq!(newest.changes, "Ojciec podjął terapię; czynsz opłacany.");
    assert_eq!(newest.goal_progress.len(), plan_goals);
    let row = app.snapshot.family(family).unwrap();
    assert!(
        !app.snapshot
            .alerts
            .iter()
            .any(|a| a.deadline.kind == DeadlineKind::Assessment && a.deadline.family_id == family),
        "the alert is gone"
    );
    // The clock now runs from today: the next assessment is six months on.
    let facts = asystent::domain::alerts::FamilyFacts {
        case: CaseFacts::of(&row.family),
        last_assessment: detail.assessments.first().map(|a| a.date),
        plan: None,
        foster_since: None,
        court_dues: &[],
        visit_without_outcome: None,
        last_held_visit: None,
    };
    assert_eq!(
        asystent::domain::alerts::next_assessment(&facts, app.local_service().unwrap().rules()),
        Some(add_months(common::today(), 6))
    );
}

#[test]
fn an_assessment_checks_its_dates_and_only_the_newest_is_corrected() {
    let (_dir, mut app) = app();
    press(&mut app, KeyCode::Char('2'));
    press(&mut app, KeyCode::Char('a'));
    assert!(matches!(app.popup(), Some(Popup::Form(_))));
    for _ in 0..10 {
        press(&mut app, KeyCode::Backspace);
    }
    typed(&mut app, "+3");
    tab(&mut app, 3);
    typed(&mut app, "Bez zmian.");
    save(&mut app);
    assert_eq!(
        form(&app).field("date").unwrap().error.as_deref(),
        Some("date in the future")
    );
    press(&mut app, KeyCode::Esc);
    press(&mut app, KeyCode::Char('y'));

    // An older assessment is history: the service refuses to change it.
    let caller = app
        .local_service()
        .unwrap()
        .caller("kierownik", common::today())
        .unwrap();
    let detail = with_two_assessments(&app, &caller);
    let older = detail.assessments[1].clone();
    let rev = app
        .local_service()
        .unwrap()
        .store()
        .assessments_of(detail.family.id)
        .unwrap()
        .records
        .iter()
        .find(|v| v.value.id == older.id)
        .unwrap()
        .rev;
    let err = app
        .local_service()
        .unwrap()
        .save_assessment(&caller, older, Some(rev), common::today())
        .unwrap_err();
    assert!(matches!(err, CommandError::OnlyNewestAssessment));
}

#[test]
fn a_court_request_is_registered_and_its_delivery_clears_the_alert() {
    let (_dir, mut app) = app();
    press(&mut app, KeyCode::Char('2'));
    let family = app.selected_family().unwrap();
    press(&mut app, KeyCode::Char('r'));
    typed(
        &mut app,
        "Sąd Rejonowy w Zielonowie, III Wydział Rodzinny i Nieletnich",
    );
    tab(&mut app, 1);
    typed(&mut app, "III Nsm 123/26");
    tab(&mut app, 2);
    // Due before it was received: refused on its field.
    for _ in 0..10 {
        press(&mut app, KeyCode::Backspace);
    }
    typed(&mut app, "-5");
    save(&mut app);
    assert!(form(&app).field("due").unwrap().error.is_some());
    for _ in 0..10 {
        press(&mut app, KeyCode::Backspace);
    }
    typed(&mut app, "+10");
    save(&mut app);
    assert!(
        app.popup().is_none(),
        "{:?}",
        app.popup().map(|_| form(&app).message.clone())
    );
    let court_alert = |app: &App| {
        app.snapshot.alerts.iter().position(|a| {
            a.deadline.kind == DeadlineKind::CourtOpinion && a.deadline.family_id == family
        })
    };
    let index = court_alert(&app).expect("the opinion is due in 10 days: an alert");

    // From the alert, straight to the delivery date; saving it ends the alert.
    press(&mut app, KeyCode::Char('5'));
    press(&mut app, KeyCode::Home);
    for _ in 0..index {
        press(&mut app, KeyCode::Down);
    }
    press(&mut app, KeyCode::Enter);
    let f = form(&app);
    assert_eq!(f.fields[f.focus].id, "delivered");
    assert_eq!(f.text("delivered"), "22.11.2026");
    save(&mut app);
    assert!(app.popup().is_none());
    assert_eq!(court_alert(&app), None);
    let request = app
        .family_detail
        .as_ref()
        .unwrap()
        .court_requests
        .iter()
        .find(|r| r.signature == "III Nsm 123/26")
        .cloned()
        .unwrap();
    assert_eq!(request.delivered, Some(common::today()));
}

/// Selects, on the Families screen, the first family with at least two assessments.
fn family_with_two_assessments(app: &mut App) -> asystent::service::FamilyDetail {
    common::keys::select_family_where(app, |d| d.assessments.len() >= 2)
}

#[test]
fn the_newest_assessment_is_corrected_in_place_from_the_family_details() {
    let (_dir, mut app) = app();
    let before = family_with_two_assessments(&mut app);
    let newest = before.assessments[0].clone();
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Char('A'));
    let f = form(&app);
    assert!(
        f.title
            .starts_with("Correction of the periodic assessment of"),
        "{}",
        f.title
    );
    // Filled in as saved, the goals it assessed included.
    assert_eq!(
        f.text("date"),
        asystent::domain::dates::format_date(newest.date)
    );
    assert_eq!(f.field("changes").unwrap().text(), newest.changes);
    assert_eq!(
        f.fields.iter().filter(|f| f.id == "goal").count(),
        newest.goal_progress.len()
    );
    tab(&mut app, 3);
    press(&mut app, KeyCode::End);
    typed(&mut app, " Poprawka.");
    save(&mut app);
    assert!(
        app.popup().is_none(),
        "{:?}",
        app.popup().map(|_| form(&app).message.clone())
    );
    let after = app.family_detail.as_ref().unwrap();
    assert_eq!(
        after.assessments.len(),
        before.assessments.len(),
        "saved over it"
    );
    assert_eq!(after.assessments[0].id, newest.id);
    assert!(after.assessments[0].changes.ends_with(" Poprawka."));
    assert_eq!(after.assessments[0].goal_progress, newest.goal_progress);
    assert_eq!(
        after.assessments[1], before.assessments[1],
        "history untouched"
    );
}

#[test]
fn a_correction_is_refused_once_a_newer_assessment_exists() {
    let (_dir, mut app) = app();
    let before = family_with_two_assessments(&mut app);
    press(&mut app, KeyCode::Char('A'));
    assert!(matches!(app.popup(), Some(Popup::Form(_))));
    // Meanwhile a newer assessment is recorded (another terminal): the open one is history.
    let caller = app
        .local_service()
        .unwrap()
        .caller("kierownik", common::today())
        .unwrap();
    let mut newer = before.assessments[0].clone();
    newer.date = common::today();
    newer.period_from = before.assessments[0].date;
    newer.period_to = common::today();
    newer.sent_to_head = None;
    app.local_service()
        .unwrap()
        .save_assessment(&caller, newer, None, common::today())
        .unwrap();
    save(&mut app);
    assert_eq!(
        form(&app).message.as_deref(),
        Some("Only the newest periodic assessment may be corrected; older ones are history.")
    );
}

#[test]
fn a_family_without_an_assessment_has_nothing_to_correct() {
    let (_dir, mut app) = app();
    common::keys::select_family_where(&mut app, |d| d.assessments.is_empty());
    press(&mut app, KeyCode::Char('A'));
    assert!(app.popup().is_none());
    assert_eq!(
        app.notice,
        Some(asystent::app::Notice::Error(
            "The family has no periodic assessment to correct yet.".into()
        ))
    );
}

#[test]
fn the_service_refuses_an_older_assessment_even_dated_after_the_newest() {
    let (_dir, app) = app();
    let caller = app
        .local_service()
        .unwrap()
        .caller("kierownik", common::today())
        .unwrap();
    let detail = with_two_assessments(&app, &caller);
    let stored = app
        .local_service()
        .unwrap()
        .store()
        .assessments_of(detail.family.id)
        .unwrap()
        .records;
    let older = stored
        .iter()
        .find(|v| v.value.id == detail.assessments[1].id)
        .unwrap();
    let mut moved = older.value.clone();
    moved.date = common::today();
    moved.period_to = common::today();
    moved.sent_to_head = None;
    let err = app
        .local_service()
        .unwrap()
        .save_assessment(&caller, moved, Some(older.rev), common::today())
        .unwrap_err();
    assert!(matches!(err, CommandError::OnlyNewestAssessment), "{err:?}");
}
