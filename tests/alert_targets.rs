//! Enter on an alert goes where the alert is resolved: the work-plan editor with the
//! item it is about selected (or a first plan's form), the visit's record form; saving
//! there ends the alert.

mod common;

use asystent::app::register::Purpose;
use asystent::app::visits::VisitPart;
use asystent::app::{App, PlanItem, Popup, Screen};
use asystent::config::{Config, Language};
use asystent::domain::ActionStatus;
use asystent::domain::alerts::{Alert, DeadlineKind};
use asystent::service::Service;
use common::keys::{form, press, save};
use ratatui::crossterm::event::KeyCode;
use tempfile::TempDir;

fn app() -> (TempDir, App) {
    common::demo_app("kierownik", Language::English)
}

/// Selects the first alert of `kind` on the Alerts screen and presses Enter on it.
fn enter_on(app: &mut App, kind: DeadlineKind) -> Alert {
    common::keys::enter_on_alert(app, kind)
}

fn has_alert(app: &App, kind: DeadlineKind, family: asystent::domain::Id) -> bool {
    app.snapshot
        .alerts
        .iter()
        .any(|a| a.deadline.kind == kind && a.deadline.family_id == family)
}

/// The plan editor is open on the alert's family with no form over it.
fn on_the_plan_of(app: &App, alert: &Alert) {
    assert_eq!(app.screen, Screen::WorkPlan);
    assert!(app.popup().is_none(), "{:?}", app.popup());
    assert_eq!(
        app.plan_family.as_ref().map(|d| d.family.id),
        Some(alert.deadline.family_id)
    );
    assert_eq!(app.selected_family(), Some(alert.deadline.family_id));
}

#[test]
fn no_work_plan_opens_the_form_of_a_first_plan_and_saving_it_ends_the_alert() {
    let (_dir, mut app) = app();
    let alert = enter_on(&mut app, DeadlineKind::WorkPlan);
    let family = alert.deadline.family_id;
    assert_eq!(app.screen, Screen::WorkPlan);
    assert_eq!(app.plan_family.as_ref().map(|d| d.family.id), Some(family));
    assert!(app.shown_plan().is_none());
    assert!(
        form(&app).title.starts_with("New work plan"),
        "{}",
        form(&app).title
    );
    // Dates are filled in; the diagnosis may come later.
    save(&mut app);
    assert!(app.popup().is_none(), "{:?}", form(&app).message);
    assert!(app.shown_plan().is_some());
    assert!(!has_alert(&app, DeadlineKind::WorkPlan, family));
}

#[test]
fn no_consultation_selects_the_consultation_and_recording_it_ends_the_alert() {
    let (_dir, mut app) = app();
    let alert = enter_on(&mut app, DeadlineKind::NoConsultation);
    on_the_plan_of(&app, &alert);
    assert_eq!(app.selected_plan_item(), Some(PlanItem::Consultation));
    // Enter edits it: the family's social worker and today are offered.
    press(&mut app, KeyCode::Enter);
    assert!(!form(&app).text("who").is_empty());
    assert_eq!(form(&app).text("date"), "22.11.2026");
    save(&mut app);
    assert!(app.popup().is_none(), "{:?}", form(&app).message);
    assert!(!has_alert(
        &app,
        DeadlineKind::NoConsultation,
        alert.deadline.family_id
    ));
}

#[test]
fn no_coordination_selects_the_child_plan_link() {
    let (_dir, mut app) = app();
    let alert = enter_on(&mut app, DeadlineKind::NoChildPlanLink);
    on_the_plan_of(&app, &alert);
    assert_eq!(app.selected_plan_item(), Some(PlanItem::ChildLink));
    press(&mut app, KeyCode::Enter);
    assert!(form(&app).title.starts_with("Coordinated with the child"));
}

#[test]
fn an_action_deadline_selects_the_open_action_due_first() {
    let (_dir, mut app) = app();
    let alert = enter_on(&mut app, DeadlineKind::ActionDeadline);
    on_the_plan_of(&app, &alert);
    let Some(PlanItem::Action(g, a)) = app.selected_plan_item() else {
        panic!("an action is selected: {:?}", app.selected_plan_item());
    };
    let plan = app.shown_plan().unwrap();
    let action = &plan.goals[g].actions[a];
    assert!(matches!(
        action.status,
        ActionStatus::Planned | ActionStatus::InProgress
    ));
    assert_eq!(action.deadline, Some(alert.deadline.due));
    let earliest = plan
        .goals
        .iter()
        .flat_map(|g| &g.actions)
        .filter(|a| matches!(a.status, ActionStatus::Planned | ActionStatus::InProgress))
        .filter_map(|a| a.deadline)
        .min();
    assert_eq!(action.deadline, earliest);
    // Marked done, it no longer holds the alert: any left is the next open deadline.
    press(&mut app, KeyCode::Char('x'));
    let plan = app.shown_plan().unwrap();
    assert!(matches!(
        plan.goals[g].actions[a].status,
        ActionStatus::Done(_)
    ));
    let next = plan
        .goals
        .iter()
        .flat_map(|g| &g.actions)
        .filter(|a| matches!(a.status, ActionStatus::Planned | ActionStatus::InProgress))
        .filter_map(|a| a.deadline)
        .min();
    for left in app.snapshot.alerts.iter().filter(|a| {
        a.deadline.kind == DeadlineKind::ActionDeadline
            && a.deadline.family_id == alert.deadline.family_id
    }) {
        assert_eq!(Some(left.deadline.due), next);
    }
}

#[test]
fn an_incomplete_plan_selects_its_first_incomplete_action() {
    // A demo plan whose second action of the first goal loses its expected effect.
    let (dir, store) = common::demo_store();
    let config = Config::defaults();
    let service = Service::new(store, config.alert_rules(), config.caseload_limit);
    let caller = service.caller("kierownik", common::today()).unwrap();
    let snapshot = service.snapshot(&caller, common::today()).unwrap();
    let (plan, rev) = snapshot
        .families
        .iter()
        .filter_map(|r| service.family_detail(&caller, r.family.id).unwrap())
        .find_map(|d| {
            let plan = d.plan.clone()?;
            let complete = plan
                .goals
                .iter()
                .flat_map(|g| &g.actions)
                .all(|a| a.deadline.is_some() && !a.expected_effect.trim().is_empty());
            let enough = plan.goals.first().is_some_and(|g| g.actions.len() >= 2);
            (complete && enough).then(|| (plan.clone(), d.revs.plans[&plan.id]))
        })
        .expect("a demo plan with every action complete");
    let mut changed = plan.clone();
    changed.goals[0].actions[1].expected_effect = String::new();
    if let Some(last) = changed.goals.last_mut().and_then(|g| g.actions.last_mut()) {
        last.deadline = None;
    }
    service
        .save_plan(&caller, changed, Some(rev), common::today())
        .unwrap();
    drop(snapshot);
    let mut app = App::new(service, "kierownik", common::today(), Language::English).unwrap();
    let index = app
        .snapshot
        .alerts
        .iter()
        .position(|a| {
            a.deadline.kind == DeadlineKind::PlanIncomplete
                && a.deadline.family_id == plan.family_id
        })
        .expect("the incomplete plan is an alert");
    press(&mut app, KeyCode::Char('5'));
    for _ in 0..index {
        press(&mut app, KeyCode::Down);
    }
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.screen, Screen::WorkPlan);
    assert_eq!(
        app.plan_family.as_ref().map(|d| d.family.id),
        Some(plan.family_id)
    );
    assert_eq!(app.selected_plan_item(), Some(PlanItem::Action(0, 1)));
    drop(dir);
}

#[test]
fn a_visit_without_an_outcome_opens_its_record_form_and_recording_it_ends_the_alert() {
    let (_dir, mut app) = app();
    let alert = enter_on(&mut app, DeadlineKind::VisitOutcome);
    let Some(Popup::Form(rf)) = app.popup() else {
        panic!("a form is open: {:?}", app.popup());
    };
    let Purpose::Visit(VisitPart::Record { visit, .. }) = &rf.purpose else {
        panic!("the record form: {:?}", rf.purpose);
    };
    assert_eq!(Some(visit.id), alert.deadline.record_id);
    assert_eq!(visit.date, alert.deadline.due);
    assert!(form(&app).title.starts_with("Visit record"));
    // Held, as offered; saving gives the visit its outcome.
    save(&mut app);
    assert!(app.popup().is_none(), "{:?}", form(&app).message);
    assert!(
        !app.snapshot
            .alerts
            .iter()
            .any(|a| a.deadline.record_id == alert.deadline.record_id
                && a.deadline.kind == DeadlineKind::VisitOutcome),
        "that visit has its outcome"
    );
}
