//! App layer: key events in, state out, no terminal.

mod common;

use asystent::app::{Action, Screen};
use asystent::config::Language;
use asystent::domain::FamilyStatus;
use asystent::domain::alerts::Severity;
use chrono::{Datelike, NaiveDate};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

fn key(code: KeyCode) -> KeyEvent {
    KeyEvent::new(code, KeyModifiers::NONE)
}

#[test]
fn opens_on_the_overview_with_overdue_assessments() {
    let (_dir, app) = common::demo_app("nobody", Language::Polish);
    assert_eq!(app.screen, Screen::Overview);
    let overdue = app
        .snapshot
        .alerts
        .iter()
        .filter(|a| a.severity == Severity::Overdue)
        .count();
    assert!(
        overdue >= 3,
        "demo data should have overdue items, got {overdue}"
    );
    // Sorted overdue first.
    assert!(
        app.snapshot
            .alerts
            .windows(2)
            .all(|w| w[0].severity <= w[1].severity)
    );
}

#[test]
fn number_function_and_tab_keys_reach_every_screen() {
    let (_dir, mut app) = common::demo_app("nobody", Language::Polish);
    for (i, screen) in Screen::ALL.iter().enumerate() {
        app.on_key(key(KeyCode::Char(
            char::from_digit(i as u32 + 1, 10).unwrap(),
        )));
        assert_eq!(app.screen, *screen);
        app.on_key(key(KeyCode::F(1)));
        app.on_key(key(KeyCode::F(i as u8 + 1)));
        assert_eq!(app.screen, *screen);
    }
    app.on_key(key(KeyCode::Char('1')));
    let mut seen = vec![];
    for _ in 0..5 {
        seen.push(app.screen);
        app.on_key(key(KeyCode::Tab));
    }
    assert_eq!(seen, Screen::ALL.to_vec());
    assert_eq!(app.screen, Screen::Overview, "Tab wraps around");
    app.on_key(KeyEvent::new(KeyCode::BackTab, KeyModifiers::SHIFT));
    assert_eq!(app.screen, Screen::Alerts);
}

#[test]
fn family_list_selection_stays_in_bounds_and_enter_opens_details() {
    let (_dir, mut app) = common::demo_app("nobody", Language::Polish);
    app.on_key(key(KeyCode::Char('2')));
    app.on_key(key(KeyCode::Up));
    assert_eq!(app.families.index, 0);
    app.on_key(key(KeyCode::Down));
    app.on_key(key(KeyCode::Down));
    assert_eq!(app.families.index, 2);
    app.on_key(key(KeyCode::End));
    assert_eq!(app.families.index, app.snapshot.families.len() - 1);
    app.on_key(key(KeyCode::PageDown));
    assert_eq!(app.families.index, app.snapshot.families.len() - 1);
    app.on_key(key(KeyCode::Home));
    app.on_key(key(KeyCode::Enter));
    let detail = app.family_detail.as_ref().expect("Enter opens the family");
    assert_eq!(detail.family.id, app.snapshot.families[0].family.id);
    assert!(!detail.members.is_empty());
    app.on_key(key(KeyCode::Esc));
    assert!(app.family_detail.is_none());
    assert_eq!(
        app.families.index, 0,
        "selection survives closing the details"
    );
}

#[test]
fn work_plan_screen_follows_the_selected_family() {
    let (_dir, mut app) = common::demo_app("nobody", Language::Polish);
    app.on_key(key(KeyCode::Char('2')));
    app.on_key(key(KeyCode::Down));
    let selected = app.selected_family().unwrap();
    app.on_key(key(KeyCode::Char('3')));
    assert_eq!(
        app.plan_family.as_ref().map(|d| d.family.id),
        Some(selected)
    );
    app.on_key(key(KeyCode::Char('2')));
    app.on_key(key(KeyCode::Down));
    app.on_key(key(KeyCode::Char('3')));
    assert_ne!(
        app.plan_family.as_ref().map(|d| d.family.id),
        Some(selected)
    );
}

#[test]
fn calendar_moves_by_day_week_and_month_and_returns_to_today() {
    let (_dir, mut app) = common::demo_app("nobody", Language::Polish);
    let today = common::today();
    app.on_key(key(KeyCode::Char('4')));
    assert_eq!(app.calendar.selected, today);
    assert!(app.calendar.day_visits.len() >= 3, "demo has visits today");
    assert_eq!(app.visits_on(today) as usize, app.calendar.day_visits.len());
    app.on_key(key(KeyCode::Right));
    assert_eq!(app.calendar.selected, today.succ_opt().unwrap());
    app.on_key(key(KeyCode::Up));
    assert_eq!(
        app.calendar.selected,
        NaiveDate::from_ymd_opt(2026, 11, 16).unwrap()
    );
    app.on_key(key(KeyCode::PageDown));
    assert_eq!(
        app.calendar.selected,
        NaiveDate::from_ymd_opt(2026, 12, 16).unwrap()
    );
    assert!(!app.calendar.month_counts.is_empty());
    assert!(app.calendar.month_counts.keys().all(|d| d.month() == 12));
    assert!(
        app.calendar
            .day_visits
            .iter()
            .all(|v| v.date == app.calendar.selected)
    );
    app.on_key(key(KeyCode::Char('t')));
    assert_eq!(app.calendar.selected, today);
    assert!(app.calendar.month_counts.keys().all(|d| d.month() == 11));
}

#[test]
fn enter_on_an_alert_opens_its_family() {
    let (_dir, mut app) = common::demo_app("nobody", Language::Polish);
    app.on_key(key(KeyCode::Char('5')));
    app.on_key(key(KeyCode::Down));
    let family = app.snapshot.alerts[1].deadline.family_id;
    app.on_key(key(KeyCode::Enter));
    assert_eq!(app.screen, Screen::Families);
    assert_eq!(
        app.family_detail.as_ref().map(|d| d.family.id),
        Some(family)
    );
    assert_eq!(app.selected_family(), Some(family));
}

#[test]
fn help_opens_and_any_key_closes_it_without_acting() {
    let (_dir, mut app) = common::demo_app("nobody", Language::Polish);
    app.on_key(key(KeyCode::Char('?')));
    assert!(app.help);
    app.on_key(key(KeyCode::Char('q')));
    assert!(!app.help);
    assert!(!app.quit, "the key that closes help does nothing else");
    app.on_key(key(KeyCode::Char('q')));
    assert!(app.quit);
}

#[test]
fn an_assistant_sees_only_own_families_and_own_caseload() {
    let (_dir, app) = common::demo_app("akowalska", Language::Polish);
    let me = app.caller.account.clone().expect("demo has akowalska");
    assert!(app.caller.is_assistant());
    assert!(!app.snapshot.families.is_empty());
    assert!(
        app.snapshot
            .families
            .iter()
            .all(|r| r.family.assistant == Some(me.id))
    );
    assert_eq!(app.snapshot.caseload.len(), 1);
    let active = app
        .snapshot
        .families
        .iter()
        .filter(|r| r.family.status == FamilyStatus::Active)
        .count() as u32;
    assert_eq!(app.snapshot.caseload[0].active, active);
}

#[test]
fn unbound_keys_change_nothing() {
    let (_dir, mut app) = common::demo_app("nobody", Language::Polish);
    assert!(!app.on_key(key(KeyCode::Char('z'))));
    assert!(!app.on_key(key(KeyCode::Up)), "no list on the overview");
    app.update(Action::Back);
    assert_eq!(app.screen, Screen::Overview);
}

#[test]
fn the_overview_keeps_today_and_tomorrow_whatever_month_the_calendar_shows() {
    let (_dir, mut app) = common::demo_app("nobody", Language::Polish);
    let today = common::today();
    let tomorrow = today.succ_opt().unwrap();
    let upcoming = app.snapshot.upcoming.clone();
    assert!(upcoming.iter().any(|v| v.date == today));
    assert!(upcoming.iter().any(|v| v.date == tomorrow));
    assert!(
        upcoming
            .iter()
            .all(|v| v.date == today || v.date == tomorrow)
    );
    app.on_key(key(KeyCode::Char('4')));
    app.on_key(key(KeyCode::PageDown));
    app.on_key(key(KeyCode::PageDown));
    app.on_key(key(KeyCode::Char('1')));
    assert_eq!(app.snapshot.upcoming, upcoming);
}

#[test]
fn long_lists_keep_the_selection_in_view() {
    let (_dir, mut app) = common::demo_app("nobody", Language::Polish);
    app.on_key(key(KeyCode::Char('2')));
    let mut terminal = ratatui::Terminal::new(ratatui::backend::TestBackend::new(80, 24)).unwrap();
    let theme = asystent::ui::Theme { color: false };
    for _ in 0..30 {
        app.on_key(key(KeyCode::Down));
        terminal
            .draw(|f| asystent::ui::render(f, &app, &theme))
            .unwrap();
        let case = &app.snapshot.families[app.families.index].family.case_number;
        let screen = format!("{}", terminal.backend());
        let selected_line = screen.lines().find(|l| l.contains('▶')).unwrap_or("");
        assert!(
            selected_line.contains(case.as_str()),
            "{case} not on the marked row:\n{screen}"
        );
    }
}

#[test]
fn calendar_counts_from_the_index_equal_the_visits_themselves() {
    let (_dir, store) = common::demo_store();
    let from = NaiveDate::from_ymd_opt(2026, 10, 1).unwrap();
    let to = NaiveDate::from_ymd_opt(2026, 11, 30).unwrap();
    let visits = store.visits_between(from, to).unwrap().records;
    let mut expected = std::collections::BTreeMap::new();
    for v in &visits {
        *expected.entry(v.value.date).or_insert(0u32) += 1;
    }
    assert!(!expected.is_empty());
    assert_eq!(store.visit_counts_between(from, to).unwrap(), expected);
    let family = visits[0].value.family_id;
    let mut of_family = std::collections::BTreeMap::new();
    for v in visits.iter().filter(|v| v.value.family_id == family) {
        *of_family.entry(v.value.date).or_insert(0u32) += 1;
    }
    assert_eq!(
        store.family_visit_counts_between(family, from, to).unwrap(),
        of_family
    );
}
