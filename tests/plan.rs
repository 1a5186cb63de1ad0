//! The work-plan editor through the App: goals and actions added, edited, reordered,
//! deleted and marked done; consultation; versions and read-only history; a first plan.

mod common;

use common::keys::{form, press, save, tab, typed};

use asystent::app::{App, PlanItem, Popup, Screen};
use asystent::config::{Config, Language};
use asystent::domain::{ActionStatus, GoalArea, WorkPlan};
use asystent::service::Service;
use chrono::{Days, NaiveDate};
use ratatui::crossterm::event::KeyCode;
use tempfile::TempDir;

fn today() -> NaiveDate {
    common::today()
}

fn app() -> (TempDir, App) {
    let (dir, store) = common::demo_store();
    let config = Config::defaults();
    let service = Service::new(store, config.alert_rules(), config.caseload_limit);
    let app = App::new(service, "kierownik", today(), Language::English).unwrap();
    (dir, app)
}

/// Opens the Work plan screen on the first demo family that has a current plan.
fn on_a_plan(app: &mut App) {
    press(app, KeyCode::Char('2'));
    for _ in 0..app.snapshot.families.len() {
        press(app, KeyCode::Char('3'));
        if app.shown_plan().is_some() {
            return;
        }
        press(app, KeyCode::Char('2'));
        press(app, KeyCode::Down);
    }
    panic!("no demo family with a plan");
}

fn plan(app: &App) -> WorkPlan {
    app.shown_plan().cloned().unwrap()
}

fn select(app: &mut App, item: PlanItem) {
    press(app, KeyCode::Home);
    while app.selected_plan_item() != Some(item) {
        let before = app.plan_view.selected;
        press(app, KeyCode::Down);
        assert_ne!(app.plan_view.selected, before, "{item:?} not found");
    }
}

#[test]
fn goals_and_actions_are_added_edited_reordered_done_and_deleted() {
    let (_dir, mut app) = app();
    on_a_plan(&mut app);
    let before = plan(&app);
    let goals = before.goals.len();

    // A new goal after the first one, in Polish, area chosen with the arrows.
    select(&mut app, PlanItem::Goal(0));
    press(&mut app, KeyCode::Char('g'));
    press(&mut app, KeyCode::Right);
    tab(&mut app, 1);
    typed(&mut app, "Poprawa zdrowia — wizyty u lekarza");
    save(&mut app);
    assert!(app.popup().is_none(), "saved");
    let p = plan(&app);
    assert_eq!(p.goals.len(), goals + 1);
    assert_eq!(p.goals[1].text, "Poprawa zdrowia — wizyty u lekarza");
    assert_eq!(p.goals[1].area, GoalArea::ALL[1]);
    assert_eq!(
        app.selected_plan_item(),
        Some(PlanItem::Goal(1)),
        "the new goal is selected"
    );

    // An action under it: what, who, deadline in a month, expected effect.
    press(&mut app, KeyCode::Char('a'));
    typed(&mut app, "Umówić wizytę w przychodni");
    tab(&mut app, 1);
    typed(&mut app, "matka");
    tab(&mut app, 1);
    typed(&mut app, "+30");
    tab(&mut app, 1);
    typed(&mut app, "Dzieci zbadane");
    save(&mut app);
    let p = plan(&app);
    let action = &p.goals[1].actions[0];
    assert_eq!(action.what, "Umówić wizytę w przychodni");
    assert_eq!(action.deadline, today().checked_add_days(Days::new(30)));
    assert_eq!(action.status, ActionStatus::Planned);
    assert_eq!(app.selected_plan_item(), Some(PlanItem::Action(1, 0)));

    // Done in one key, and back.
    press(&mut app, KeyCode::Char('x'));
    assert_eq!(
        plan(&app).goals[1].actions[0].status,
        ActionStatus::Done(today())
    );
    press(&mut app, KeyCode::Char('x'));
    assert_eq!(
        plan(&app).goals[1].actions[0].status,
        ActionStatus::InProgress
    );

    // Reorder: the new goal moves up to first place and back down.
    select(&mut app, PlanItem::Goal(1));
    press(&mut app, KeyCode::Char('K'));
    assert_eq!(
        plan(&app).goals[0].text,
        "Poprawa zdrowia — wizyty u lekarza"
    );
    assert_eq!(app.selected_plan_item(), Some(PlanItem::Goal(0)));
    press(&mut app, KeyCode::Char('J'));
    assert_eq!(
        plan(&app).goals[1].text,
        "Poprawa zdrowia — wizyty u lekarza"
    );

    // Edit the goal's text; then delete it after the question.
    press(&mut app, KeyCode::Enter);
    tab(&mut app, 1);
    typed(&mut app, " i dentysty");
    save(&mut app);
    assert_eq!(
        plan(&app).goals[1].text,
        "Poprawa zdrowia — wizyty u lekarza i dentysty"
    );
    press(&mut app, KeyCode::Char('d'));
    press(&mut app, KeyCode::Char('n'));
    assert_eq!(plan(&app).goals.len(), goals + 1, "no keeps it");
    press(&mut app, KeyCode::Char('d'));
    press(&mut app, KeyCode::Char('y'));
    assert_eq!(plan(&app).goals, before.goals, "back to the goals it had");
    assert_eq!(plan(&app).version, before.version, "edits keep the version");
}

#[test]
fn an_action_marked_done_needs_a_date_and_one_not_done_a_reason() {
    let (_dir, mut app) = app();
    on_a_plan(&mut app);
    select(&mut app, PlanItem::Goal(0));
    press(&mut app, KeyCode::Char('a'));
    typed(&mut app, "Złożyć wniosek");
    tab(&mut app, 4);
    press(&mut app, KeyCode::Right);
    press(&mut app, KeyCode::Right);
    save(&mut app);
    assert_eq!(
        form(&app).field("done_on").unwrap().error.as_deref(),
        Some("required")
    );
    // The focus went to the date; back to the state, and on to "not done".
    press(&mut app, KeyCode::BackTab);
    press(&mut app, KeyCode::Right);
    save(&mut app);
    assert_eq!(
        form(&app).field("why").unwrap().error.as_deref(),
        Some("required")
    );
    typed(&mut app, "Rodzina zrezygnowała");
    save(&mut app);
    assert!(app.popup().is_none());
    let p = plan(&app);
    let last = p.goals[0].actions.last().unwrap();
    assert_eq!(
        last.status,
        ActionStatus::NotDone("Rodzina zrezygnowała".into())
    );
}

#[test]
fn the_consultation_is_recorded_or_removed_never_half_filled() {
    let (_dir, mut app) = app();
    on_a_plan(&mut app);
    select(&mut app, PlanItem::Consultation);
    press(&mut app, KeyCode::Enter);
    // The date alone is not a consultation.
    if let Some(Popup::Form(rf)) = app.popups.last_mut() {
        rf.form.set_text("who", "");
    }
    save(&mut app);
    assert_eq!(
        form(&app).field("who").unwrap().error.as_deref(),
        Some("required")
    );
    typed(&mut app, "Katarzyna Nowa");
    save(&mut app);
    let c = plan(&app).consultation.unwrap();
    assert_eq!(c.social_worker, "Katarzyna Nowa");
    // Both cleared: no consultation, and the screen marks it.
    press(&mut app, KeyCode::Enter);
    if let Some(Popup::Form(rf)) = app.popups.last_mut() {
        rf.form.set_text("who", "");
        rf.form.set_text("date", "");
    }
    save(&mut app);
    assert_eq!(plan(&app).consultation, None);
}

#[test]
fn a_new_version_keeps_the_goals_and_the_old_one_is_read_only_history() {
    let (_dir, mut app) = app();
    on_a_plan(&mut app);
    let old = plan(&app);
    press(&mut app, KeyCode::Char('n'));
    assert!(matches!(app.popup(), Some(Popup::Confirm { .. })));
    press(&mut app, KeyCode::Char('y'));
    let new = plan(&app);
    assert_eq!(new.version, old.version + 1);
    assert_eq!(new.goals, old.goals);
    assert_eq!(new.drawn_up, today());
    assert_eq!(new.consultation, None, "the new version is consulted anew");
    assert_eq!(new.superseded, None);
    let d = app.plan_family.as_ref().unwrap();
    let archived = d.plans.iter().find(|p| p.id == old.id).unwrap();
    assert_eq!(archived.superseded, Some(today()));

    // Browse back: the old version is shown and cannot be changed.
    press(&mut app, KeyCode::Char('['));
    assert_eq!(plan(&app).version, old.version);
    assert!(app.plan_is_history());
    press(&mut app, KeyCode::Char('g'));
    assert!(app.popup().is_none(), "no form on history");
    assert!(matches!(app.notice, Some(asystent::app::Notice::Error(_))));
    press(&mut app, KeyCode::Char('x'));
    let d = app.plan_family.as_ref().unwrap();
    assert_eq!(
        d.plans.iter().find(|p| p.id == old.id).unwrap().goals,
        old.goals
    );
    press(&mut app, KeyCode::Char(']'));
    assert_eq!(plan(&app).version, new.version);
    assert!(!app.plan_is_history());
}

#[test]
fn a_family_without_a_plan_gets_its_first_one() {
    let (_dir, mut app) = app();
    let id = app
        .snapshot
        .families
        .iter()
        .find(|r| {
            r.next_deadline
                .as_ref()
                .is_some_and(|d| d.kind == asystent::domain::alerts::DeadlineKind::WorkPlan)
        })
        .map(|r| r.family.id)
        .expect("the demo has a family without a plan");
    press(&mut app, KeyCode::Char('2'));
    while app.selected_family() != Some(id) {
        press(&mut app, KeyCode::Down);
    }
    press(&mut app, KeyCode::Char('3'));
    assert_eq!(app.screen, Screen::WorkPlan);
    assert!(app.shown_plan().is_none());
    press(&mut app, KeyCode::Char('n'));
    tab(&mut app, 3);
    typed(&mut app, "Zaangażowana matka.");
    save(&mut app);
    let p = plan(&app);
    assert_eq!(p.version, 1);
    assert_eq!(p.strengths, "Zaangażowana matka.");
    assert_eq!(p.family_id, id);
    // The "no work plan" deadline is gone.
    assert!(
        app.snapshot
            .family(id)
            .unwrap()
            .next_deadline
            .as_ref()
            .is_none_or(|d| d.kind != asystent::domain::alerts::DeadlineKind::WorkPlan)
    );
}

#[test]
fn a_plan_changed_meanwhile_is_not_overwritten() {
    let (_dir, mut app) = app();
    on_a_plan(&mut app);
    let p = plan(&app);
    let rev = app.plan_family.as_ref().unwrap().revs.plans[&p.id];
    let caller = app
        .local_service()
        .unwrap()
        .caller("kierownik", common::today())
        .unwrap();
    let mut other = p.clone();
    other.strengths = "Zmiana z innego terminala.".into();
    app.local_service()
        .unwrap()
        .save_plan(&caller, other, Some(rev), today())
        .unwrap();
    select(&mut app, PlanItem::Diagnosis);
    press(&mut app, KeyCode::Enter);
    typed(&mut app, " Dopisek.");
    save(&mut app);
    assert!(matches!(app.popup(), Some(Popup::Conflict { .. })));
    press(&mut app, KeyCode::Esc);
    let message = form(&app).message.clone().expect("refused");
    assert!(
        message.starts_with("kierownik changed this record meanwhile ("),
        "{message}"
    );
}

#[test]
fn p_writes_the_shown_plan_for_signing_and_says_where() {
    let (dir, mut app) = app();
    on_a_plan(&mut app);
    let case = app.plan_family.as_ref().unwrap().family.case_number.clone();
    press(&mut app, KeyCode::Char('p'));
    let Some(asystent::app::Notice::Info(message)) = app.notice.clone() else {
        panic!("{:?}", app.notice)
    };
    let path = message.split_once(": ").unwrap().1;
    assert!(
        path.starts_with(dir.path().join("dokumenty").to_str().unwrap()),
        "{path}"
    );
    let text = std::fs::read_to_string(path).unwrap();
    assert!(text.contains(&case));
    assert!(text.contains(&plan(&app).goals[0].text[..20]));
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(path).unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o600, "personal data: owner only");
    // A second print never overwrites the first.
    press(&mut app, KeyCode::Char('p'));
    let Some(asystent::app::Notice::Info(second)) = &app.notice else {
        panic!("{:?}", app.notice)
    };
    assert_ne!(*second, message);
}
