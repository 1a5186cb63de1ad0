//! App layer: key events in, state out, no terminal.

mod common;

use asystent::app::{Action, CalendarView, Notice, Screen};
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
    let (_dir, mut app) = common::demo_app("kierownik", Language::Polish);
    assert_eq!(
        app.screens(),
        Screen::ALL.as_slice(),
        "a supervisor has the Reports screen"
    );
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
    for _ in 0..6 {
        seen.push(app.screen);
        app.on_key(key(KeyCode::Tab));
    }
    assert_eq!(seen, Screen::ALL.to_vec());
    assert_eq!(app.screen, Screen::Overview, "Tab wraps around");
    app.on_key(KeyEvent::new(KeyCode::BackTab, KeyModifiers::SHIFT));
    assert_eq!(app.screen, Screen::Reports);

    // Anyone else moves among the first five; 6 says whose the report is.
    let (_dir, mut app) = common::demo_app("akowalska", Language::English);
    assert_eq!(app.screens(), &Screen::ALL[..5]);
    app.on_key(key(KeyCode::Char('5')));
    app.on_key(key(KeyCode::Tab));
    assert_eq!(app.screen, Screen::Overview);
    app.on_key(key(KeyCode::Char('6')));
    assert_eq!(app.screen, Screen::Overview);
    assert!(matches!(&app.notice, Some(Notice::Error(t)) if t.contains("supervisor")));
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

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn type_keys(app: &mut asystent::app::App, text: &str) {
    for c in text.chars() {
        app.on_key(key(KeyCode::Char(c)));
    }
}

/// `g`, the text, Enter.
fn go_to_date(app: &mut asystent::app::App, text: &str) {
    app.on_key(key(KeyCode::Char('g')));
    type_keys(app, text);
    app.on_key(key(KeyCode::Enter));
}

/// The loaded range holds exactly the visits the service has for it, and no others.
fn assert_range_loaded(app: &asystent::app::App, from: NaiveDate, to: NaiveDate) {
    assert_eq!(app.calendar.loaded_range, Some((from, to)));
    let expected = app
        .local_service()
        .unwrap()
        .visits_between(&app.caller, &app.snapshot, from, to)
        .unwrap();
    assert_eq!(app.calendar.range_visits.len(), expected.len());
    assert!(
        app.calendar
            .range_visits
            .iter()
            .all(|v| v.date >= from && v.date <= to)
    );
    let sel = app.calendar.selected;
    assert_eq!(
        app.calendar.day_visits.len(),
        expected.iter().filter(|v| v.date == sel).count()
    );
}

#[test]
fn v_cycles_month_week_agenda_and_each_view_loads_only_its_days() {
    let (_dir, mut app) = common::demo_app("nobody", Language::Polish);
    let today = common::today();
    app.on_key(key(KeyCode::Char('4')));
    assert_eq!(app.calendar.view, CalendarView::Month);
    assert!(app.calendar.range_visits.is_empty());
    app.on_key(key(KeyCode::Char('v')));
    assert_eq!(app.calendar.view, CalendarView::Week);
    assert_range_loaded(&app, d(2026, 11, 16), d(2026, 11, 22));
    assert!(!app.calendar.range_visits.is_empty(), "demo has visits");
    app.on_key(key(KeyCode::Char('v')));
    assert_eq!(app.calendar.view, CalendarView::Agenda);
    assert_range_loaded(&app, today, d(2026, 12, 5));
    // The agenda starts at the selected day: a day on moves it a day on.
    app.on_key(key(KeyCode::Right));
    assert_range_loaded(&app, d(2026, 11, 23), d(2026, 12, 6));
    app.on_key(key(KeyCode::Char('v')));
    assert_eq!(app.calendar.view, CalendarView::Month);
    assert!(app.calendar.range_visits.is_empty());
    assert_eq!(app.calendar.selected, d(2026, 11, 23));
    assert!(app.calendar.month_counts.keys().all(|d| d.month() == 11));
    assert_eq!(
        app.visits_on(app.calendar.selected) as usize,
        app.calendar.day_visits.len()
    );
    // `v` belongs to the calendar only.
    app.on_key(key(KeyCode::Char('2')));
    app.on_key(key(KeyCode::Char('v')));
    assert_eq!(app.calendar.view, CalendarView::Month);
}

#[test]
fn g_goes_to_a_typed_date_in_every_accepted_form() {
    let (_dir, mut app) = common::demo_app("nobody", Language::Polish);
    app.on_key(key(KeyCode::Char('4')));
    for (text, want) in [
        ("24.12.2026", d(2026, 12, 24)),
        ("3.1.2027", d(2027, 1, 3)),
        ("2026-03-29", d(2026, 3, 29)),
        ("jutro", d(2026, 11, 23)),
        ("tomorrow", d(2026, 11, 23)),
        ("dziś", common::today()),
        ("+10", d(2026, 12, 2)),
        ("-22", d(2026, 10, 31)),
    ] {
        go_to_date(&mut app, text);
        assert_eq!(app.calendar.selected, want, "{text}");
        assert_eq!(app.calendar.date_input, None);
        assert_eq!(app.notice, None);
        assert!(
            app.calendar
                .month_counts
                .keys()
                .all(|d| d.month() == want.month())
        );
    }
}

#[test]
fn g_with_a_bad_date_says_why_and_changes_nothing_and_esc_cancels() {
    let (_dir, mut app) = common::demo_app("nobody", Language::Polish);
    app.on_key(key(KeyCode::Char('4')));
    app.on_key(key(KeyCode::Char('v')));
    let before = app.calendar.clone();
    for bad in ["31.02.2026", "wczoraj", "01.01.1200", "", "2026/03/05"] {
        go_to_date(&mut app, bad);
        match &app.notice {
            Some(Notice::Error(text)) => assert!(text.contains("Idź do daty"), "{text}"),
            other => panic!("no error for {bad:?}: {other:?}"),
        }
        assert_eq!(app.calendar.selected, before.selected);
        assert_eq!(app.calendar.view, before.view);
        assert_eq!(app.calendar.loaded_range, before.loaded_range);
        // The text stays to be corrected; Esc cancels it and the message.
        assert_eq!(app.calendar.date_input.as_deref(), Some(bad));
        app.on_key(key(KeyCode::Esc));
        assert_eq!(app.calendar.date_input, None);
        assert_eq!(app.notice, None);
        assert_eq!(app.calendar.selected, before.selected);
    }
    // Esc while typing a good date goes nowhere either.
    app.on_key(key(KeyCode::Char('g')));
    type_keys(&mut app, "24.12.2026");
    app.on_key(key(KeyCode::Esc));
    assert_eq!(app.calendar.selected, before.selected);
    assert_eq!(app.screen, Screen::Calendar);
    // A wrong date corrected with Backspace is taken.
    go_to_date(&mut app, "31.02.2026");
    for _ in 0..10 {
        app.on_key(key(KeyCode::Backspace));
    }
    type_keys(&mut app, "28.02.2026");
    app.on_key(key(KeyCode::Enter));
    assert_eq!(app.calendar.selected, d(2026, 2, 28));
    assert_eq!(app.notice, None);
}

#[test]
fn printable_keys_while_typing_a_date_go_into_it_not_to_the_bindings() {
    let (_dir, mut app) = common::demo_app("nobody", Language::Polish);
    app.on_key(key(KeyCode::Char('4')));
    app.on_key(key(KeyCode::Char('g')));
    // q, digits, v, t, g, ? and / are all bindings elsewhere.
    type_keys(&mut app, "q1v2t?g/ ");
    assert!(!app.quit);
    assert!(!app.help);
    assert_eq!(app.screen, Screen::Calendar);
    assert_eq!(app.calendar.view, CalendarView::Month);
    assert_eq!(app.calendar.date_input.as_deref(), Some("q1v2t?g/ "));
    // Control characters and direction overrides are not taken; the length is bounded.
    type_keys(&mut app, "\u{202e}\u{0007}");
    assert_eq!(app.calendar.date_input.as_deref(), Some("q1v2t?g/ "));
    type_keys(&mut app, &"9".repeat(10_000));
    assert_eq!(
        app.calendar.date_input.as_ref().unwrap().chars().count(),
        asystent::app::calendar::MAX_DATE_INPUT
    );
    app.on_key(key(KeyCode::Enter));
    assert!(matches!(app.notice, Some(Notice::Error(_))));
    // Ctrl-C still quits.
    app.on_key(KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL));
    assert!(app.quit);
}

#[test]
fn the_week_moves_across_the_year_end() {
    let (_dir, mut app) = common::demo_app("nobody", Language::Polish);
    app.on_key(key(KeyCode::Char('4')));
    app.on_key(key(KeyCode::Char('v')));
    go_to_date(&mut app, "31.12.2026");
    assert_range_loaded(&app, d(2026, 12, 28), d(2027, 1, 3));
    app.on_key(key(KeyCode::Right));
    app.on_key(key(KeyCode::Right));
    assert_eq!(app.calendar.selected, d(2027, 1, 2));
    assert_range_loaded(&app, d(2026, 12, 28), d(2027, 1, 3));
    app.on_key(key(KeyCode::Down));
    assert_eq!(app.calendar.selected, d(2027, 1, 9));
    assert_range_loaded(&app, d(2027, 1, 4), d(2027, 1, 10));
    app.on_key(key(KeyCode::Up));
    app.on_key(key(KeyCode::Up));
    assert_eq!(app.calendar.selected, d(2026, 12, 26));
    assert_range_loaded(&app, d(2026, 12, 21), d(2026, 12, 27));
    app.on_key(key(KeyCode::PageDown));
    assert_eq!(app.calendar.selected, d(2027, 1, 26));
    assert_range_loaded(&app, d(2027, 1, 25), d(2027, 1, 31));
    app.on_key(key(KeyCode::Char('t')));
    assert_eq!(app.calendar.selected, common::today());
    assert_range_loaded(&app, d(2026, 11, 16), d(2026, 11, 22));
}

#[test]
fn the_weeks_of_the_clock_changes_are_whole_weeks_with_their_visits() {
    let (_dir, mut app) = common::demo_app("nobody", Language::Polish);
    app.on_key(key(KeyCode::Char('4')));
    app.on_key(key(KeyCode::Char('v')));
    // Summer time starts on Sunday 29.03.2026 and ends on Sunday 25.10.2026.
    go_to_date(&mut app, "29.03.2026");
    assert_range_loaded(&app, d(2026, 3, 23), d(2026, 3, 29));
    app.on_key(key(KeyCode::Right));
    assert_range_loaded(&app, d(2026, 3, 30), d(2026, 4, 5));
    go_to_date(&mut app, "25.10.2026");
    assert_range_loaded(&app, d(2026, 10, 19), d(2026, 10, 25));
    assert!(
        !app.calendar.range_visits.is_empty(),
        "the demo has visits that week"
    );
    app.on_key(key(KeyCode::Left));
    assert_range_loaded(&app, d(2026, 10, 19), d(2026, 10, 25));
    app.on_key(key(KeyCode::Down));
    assert_range_loaded(&app, d(2026, 10, 26), d(2026, 11, 1));
}

#[test]
fn k_and_j_scroll_the_week_by_hour_within_the_day() {
    let (_dir, mut app) = common::demo_app("nobody", Language::Polish);
    app.on_key(key(KeyCode::Char('4')));
    app.on_key(key(KeyCode::Char('v')));
    assert_eq!(app.calendar.first_hour, 7);
    app.on_key(key(KeyCode::Char('K')));
    assert_eq!(app.calendar.first_hour, 6);
    for _ in 0..30 {
        app.on_key(key(KeyCode::Char('K')));
    }
    assert_eq!(app.calendar.first_hour, 0);
    for _ in 0..30 {
        app.on_key(key(KeyCode::Char('J')));
    }
    // 14 hours fit at 80×24: the last view is 10:00 to midnight.
    assert_eq!(app.calendar.first_hour, 10);
}

#[test]
fn enter_on_an_alert_opens_its_family() {
    let (_dir, mut app) = common::demo_app("nobody", Language::Polish);
    app.on_key(key(KeyCode::Char('5')));
    app.on_key(key(KeyCode::Down));
    let family = app.snapshot.alerts[1].deadline.family_id;
    app.on_key(key(KeyCode::Enter));
    // A gap in the plan (the demo's second alert) opens the family's plan; the family is
    // selected and its details are loaded behind it.
    assert_eq!(app.screen, Screen::WorkPlan);
    assert_eq!(app.plan_family.as_ref().map(|d| d.family.id), Some(family));
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
    assert!(app.caller.is_scoped());
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
    assert!(!app.on_key(key(KeyCode::Char('y'))));
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

// ---------------------------------------------------------------------------------
// The family list: filter as you type, status and assistant filters, sort, caseload

fn type_text(app: &mut asystent::app::App, text: &str) {
    for c in text.chars() {
        app.on_key(key(KeyCode::Char(c)));
    }
}

/// Names of the visible families, in display order.
fn visible_names(app: &asystent::app::App) -> Vec<String> {
    app.family_list
        .visible
        .iter()
        .map(|&i| app.snapshot.families[i].family.name.clone())
        .collect()
}

/// Asserts the visible rows are exactly those a fresh, unnarrowed filter finds.
fn assert_filter_exact(app: &asystent::app::App) {
    let query = asystent::domain::text::fold(&app.family_list.query);
    let expected: Vec<usize> = (0..app.snapshot.families.len())
        .filter(|&i| {
            let row = &app.snapshot.families[i];
            query.split_whitespace().all(|w| row.search.contains(w))
        })
        .collect();
    let mut shown = app.family_list.visible.clone();
    shown.sort();
    assert_eq!(shown, expected, "filter {:?}", app.family_list.query);
}

/// Ids of the visible families.
fn visible_ids(app: &asystent::app::App) -> Vec<u64> {
    app.family_list
        .visible
        .iter()
        .map(|&i| app.snapshot.families[i].family.id)
        .collect()
}

#[test]
fn typing_a_surname_without_diacritics_finds_the_family() {
    let (_dir, mut app) = common::demo_app("nobody", Language::Polish);
    assert!(
        app.snapshot
            .families
            .iter()
            .any(|r| r.family.name == "Wiśniewska"),
        "the demo has a Wiśniewska family"
    );
    app.on_key(key(KeyCode::Char('2')));
    app.on_key(key(KeyCode::Char('/')));
    assert!(app.family_list.typing);
    let total = app.snapshot.families.len();
    let mut previous = total;
    for c in "wisniewska".chars() {
        app.on_key(key(KeyCode::Char(c)));
        let now = app.family_list.visible.len();
        assert!(now <= previous, "each key narrows the list");
        previous = now;
    }
    assert_eq!(app.family_list.query, "wisniewska");
    let names = visible_names(&app);
    assert!(names.contains(&"Wiśniewska".to_string()), "{names:?}");
    assert!(names.len() < total);
    // Upper case and diacritics in the query change nothing.
    let found = visible_ids(&app);
    for _ in 0.."wisniewska".len() {
        app.on_key(key(KeyCode::Backspace));
    }
    assert_eq!(
        app.family_list.visible.len(),
        total,
        "Backspace widens again"
    );
    type_text(&mut app, "WIŚNIEWSKA");
    assert_eq!(visible_ids(&app), found);
    // The address is searched too: "lakowa" finds "ul. Łąkowa".
    app.on_key(key(KeyCode::Esc));
    app.on_key(key(KeyCode::Char('/')));
    type_text(&mut app, "ul. lakowa");
    assert_filter_exact(&app);
    assert!(!app.family_list.visible.is_empty());
    assert!(app.family_list.visible.iter().all(|&i| {
        asystent::domain::text::matches(&app.snapshot.families[i].family.address, "łąkowa")
    }));
}

#[test]
fn the_filter_matches_members_first_names_and_needs_every_word() {
    let (_dir, mut app) = common::demo_app("nobody", Language::Polish);
    let members = app
        .local_service()
        .unwrap()
        .store()
        .members()
        .unwrap()
        .records;
    // A first name with a diacritic that some, not all, families have.
    let fold = asystent::domain::text::fold;
    let name = members
        .iter()
        .map(|m| m.value.first_name.clone())
        .find(|n| fold(n) != *n.to_lowercase())
        .expect("a first name with a diacritic");
    let with_name: std::collections::BTreeSet<u64> = members
        .iter()
        .filter(|m| m.value.first_name == name)
        .map(|m| m.value.family_id)
        .collect();
    app.on_key(key(KeyCode::Char('2')));
    app.on_key(key(KeyCode::Char('/')));
    type_text(&mut app, &fold(&name));
    let shown: std::collections::BTreeSet<u64> = visible_ids(&app).into_iter().collect();
    assert!(
        with_name.is_subset(&shown),
        "{name}: {with_name:?} not all in {shown:?}"
    );
    assert!(shown.len() < app.snapshot.families.len());
    // A second word narrows to the families matching both.
    let one = *with_name.iter().next().unwrap();
    let row = app.snapshot.family(one).unwrap().clone();
    for c in format!(" {}", row.family.case_number).chars() {
        app.on_key(key(KeyCode::Char(c)));
        assert_filter_exact(&app);
    }
    assert_eq!(visible_ids(&app), vec![one]);
    assert_eq!(app.selected_family(), Some(one));
    // Words in another order match too; a word nobody has matches nothing.
    app.on_key(key(KeyCode::Esc));
    assert!(!app.family_list.typing);
    assert!(app.family_list.query.is_empty(), "Esc while typing clears");
    app.on_key(key(KeyCode::Char('/')));
    type_text(
        &mut app,
        &format!("{} {}", row.family.case_number, fold(&name)),
    );
    assert_eq!(visible_ids(&app), vec![one]);
    type_text(&mut app, " qqqq");
    assert!(app.family_list.visible.is_empty());
    assert_eq!(app.selected_family(), None);
    app.on_key(key(KeyCode::Enter));
    assert!(
        app.family_detail.is_none(),
        "Enter on an empty list opens nothing"
    );
}

#[test]
fn printable_keys_while_typing_go_into_the_filter_not_to_the_bindings() {
    let (_dir, mut app) = common::demo_app("nobody", Language::Polish);
    app.on_key(key(KeyCode::Char('2')));
    app.on_key(key(KeyCode::Char('/')));
    type_text(&mut app, "q3?jkfwoc");
    assert!(!app.quit, "q while typing does not quit");
    assert_eq!(app.screen, Screen::Families, "3 does not switch screens");
    assert!(!app.help);
    assert!(!app.family_list.caseload);
    assert_eq!(app.family_list.status, asystent::app::StatusFilter::All);
    assert_eq!(app.family_list.query, "q3?jkfwoc");
    // Enter ends typing and keeps the filter; then q quits again.
    app.on_key(key(KeyCode::Enter));
    assert!(!app.family_list.typing);
    assert_eq!(app.family_list.query, "q3?jkfwoc");
    assert!(
        app.family_detail.is_none(),
        "Enter ends typing, opens nothing"
    );
    // Esc when not typing clears the filter.
    app.on_key(key(KeyCode::Esc));
    assert!(app.family_list.query.is_empty());
    assert_eq!(app.family_list.visible.len(), app.snapshot.families.len());
    // Control characters never enter the filter; Ctrl-C still quits.
    app.on_key(key(KeyCode::Char('/')));
    app.on_key(key(KeyCode::Char('\u{1b}')));
    assert!(app.family_list.query.is_empty());
    app.on_key(KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL));
    assert!(app.quit);
}

#[test]
fn sorting_by_name_follows_the_polish_alphabet() {
    let (_dir, mut app) = common::demo_app("nobody", Language::Polish);
    app.on_key(key(KeyCode::Char('2')));
    app.on_key(key(KeyCode::Char('o')));
    assert_eq!(app.family_list.sort, asystent::app::SortOrder::Name);
    let names = visible_names(&app);
    assert_eq!(names.len(), app.snapshot.families.len());
    for w in names.windows(2) {
        assert_ne!(
            asystent::domain::text::polish_cmp(&w[0], &w[1]),
            std::cmp::Ordering::Greater,
            "{} before {}",
            w[0],
            w[1]
        );
    }
    // The demo has L and Ł names: every Ł comes after every L and before M.
    let pos = |p: &dyn Fn(&str) -> bool| -> Vec<usize> {
        names
            .iter()
            .enumerate()
            .filter(|(_, n)| p(n))
            .map(|(i, _)| i)
            .collect()
    };
    let l = pos(&|n| n.starts_with('L'));
    let ł = pos(&|n| n.starts_with('Ł'));
    let m = pos(&|n| n.starts_with('M'));
    let s = pos(&|n| n.starts_with('S'));
    let ś = pos(&|n| n.starts_with('Ś'));
    assert!(!l.is_empty() && !ł.is_empty() && !s.is_empty() && !ś.is_empty());
    assert!(l.iter().max() < ł.iter().min(), "{names:?}");
    assert!(ł.iter().max() < m.iter().min(), "{names:?}");
    assert!(s.iter().max() < ś.iter().min(), "{names:?}");

    // Next: by due date, families without one last.
    app.on_key(key(KeyCode::Char('o')));
    assert_eq!(app.family_list.sort, asystent::app::SortOrder::NextDue);
    let dues: Vec<Option<NaiveDate>> = app
        .family_list
        .visible
        .iter()
        .map(|&i| {
            app.snapshot.families[i]
                .next_deadline
                .as_ref()
                .map(|d| d.due)
        })
        .collect();
    let first_none = dues.iter().position(Option::is_none).unwrap_or(dues.len());
    assert!(first_none > 0 && first_none < dues.len(), "{dues:?}");
    assert!(dues[first_none..].iter().all(Option::is_none));
    assert!(dues[..first_none].windows(2).all(|w| w[0] <= w[1]));

    // And back to case numbers, the register's order.
    app.on_key(key(KeyCode::Char('o')));
    let cases: Vec<&str> = app
        .family_list
        .visible
        .iter()
        .map(|&i| app.snapshot.families[i].family.case_number.as_str())
        .collect();
    assert!(cases.windows(2).all(|w| w[0] < w[1]));
}

#[test]
fn sort_rows_puts_ł_after_l_on_any_rows() {
    let (_dir, app) = common::demo_app("nobody", Language::Polish);
    let mut rows = app.snapshot.families[..4].to_vec();
    for (row, name) in rows.iter_mut().zip(["Łoś", "Lis", "Mazur", "Łabędź"]) {
        row.family.name = name.to_string();
    }
    let order = asystent::app::families::sort_rows(&rows, asystent::app::SortOrder::Name);
    let sorted: Vec<&str> = order
        .iter()
        .map(|&i| rows[i].family.name.as_str())
        .collect();
    assert_eq!(sorted, ["Lis", "Łabędź", "Łoś", "Mazur"]);
}

#[test]
fn the_status_filter_cycles_through_the_groups() {
    use asystent::app::StatusFilter;
    let (_dir, mut app) = common::demo_app("nobody", Language::Polish);
    app.on_key(key(KeyCode::Char('2')));
    let total = app.snapshot.families.len();
    let mut seen = 0;
    for (want, statuses) in [
        (
            StatusFilter::Active,
            &[FamilyStatus::Referred, FamilyStatus::Active][..],
        ),
        (StatusFilter::Monitoring, &[FamilyStatus::Monitoring][..]),
        (StatusFilter::Closed, &[FamilyStatus::Closed][..]),
    ] {
        app.on_key(key(KeyCode::Char('f')));
        assert_eq!(app.family_list.status, want);
        let expected = app
            .snapshot
            .families
            .iter()
            .filter(|r| statuses.contains(&r.family.status))
            .count();
        assert!(expected > 0, "demo has {want:?} families");
        assert_eq!(app.family_list.visible.len(), expected);
        assert!(
            app.family_list
                .visible
                .iter()
                .all(|&i| statuses.contains(&app.snapshot.families[i].family.status))
        );
        seen += expected;
    }
    assert_eq!(seen, total, "the groups cover every family");
    app.on_key(key(KeyCode::Char('f')));
    assert_eq!(app.family_list.status, StatusFilter::All);
    assert_eq!(app.family_list.visible.len(), total);
}

#[test]
fn the_assistant_filter_cycles_for_a_supervisor_and_not_for_an_assistant() {
    let (_dir, mut app) = common::demo_app("nobody", Language::Polish);
    app.on_key(key(KeyCode::Char('2')));
    let assistants = app.filter_assistants();
    assert!(assistants.len() >= 2);
    let names: Vec<&str> = assistants
        .iter()
        .map(|id| app.snapshot.staff[id].name.as_str())
        .collect();
    assert!(
        names
            .windows(2)
            .all(|w| asystent::domain::text::polish_cmp(w[0], w[1]).is_le()),
        "{names:?}"
    );
    for id in &assistants {
        app.on_key(key(KeyCode::Char('w')));
        assert_eq!(app.family_list.assistant, Some(*id));
        assert!(
            app.family_list
                .visible
                .iter()
                .all(|&i| app.snapshot.families[i].family.assistant == Some(*id))
        );
    }
    app.on_key(key(KeyCode::Char('w')));
    assert_eq!(app.family_list.assistant, None, "back to everyone");
    assert_eq!(app.family_list.visible.len(), app.snapshot.families.len());

    let (_dir, mut mine) = common::demo_app("akowalska", Language::Polish);
    mine.on_key(key(KeyCode::Char('2')));
    mine.on_key(key(KeyCode::Char('w')));
    assert_eq!(mine.family_list.assistant, None);
    assert_eq!(mine.family_list.visible.len(), mine.snapshot.families.len());
}

#[test]
fn the_selection_follows_the_family_through_filters_and_sorting() {
    let (_dir, mut app) = common::demo_app("nobody", Language::Polish);
    app.on_key(key(KeyCode::Char('2')));
    for _ in 0..5 {
        app.on_key(key(KeyCode::Down));
    }
    let chosen = app.selected_family().unwrap();
    let name = app.snapshot.family(chosen).unwrap().family.name.clone();
    let fold = asystent::domain::text::fold(&name);
    // Filtering for it keeps it selected, though its row moves.
    app.on_key(key(KeyCode::Char('/')));
    type_text(&mut app, &fold[..3]);
    assert_eq!(app.selected_family(), Some(chosen));
    assert!(app.families.index < 5, "its row moved up");
    app.on_key(key(KeyCode::Enter));
    app.on_key(key(KeyCode::Esc));
    assert!(app.family_list.query.is_empty());
    assert_eq!(app.selected_family(), Some(chosen), "and clearing keeps it");
    assert_eq!(app.families.index, 5);
    // Sorting keeps it too.
    app.on_key(key(KeyCode::Char('o')));
    assert_eq!(app.selected_family(), Some(chosen));
    app.on_key(key(KeyCode::Char('o')));
    assert_eq!(app.selected_family(), Some(chosen));
    app.on_key(key(KeyCode::Char('o')));
    // A filter that hides it selects a visible row, and the family comes back with
    // the filter gone.
    app.on_key(key(KeyCode::Char('f')));
    app.on_key(key(KeyCode::Char('f')));
    app.on_key(key(KeyCode::Char('f')));
    assert!(!visible_ids(&app).contains(&chosen), "closed only hides it");
    let selected = app.selected_family();
    assert!(selected.is_some_and(|id| visible_ids(&app).contains(&id)));
    app.on_key(key(KeyCode::Char('f')));
    assert_eq!(app.selected_family(), Some(chosen));
    // Enter opens the selected visible family; Esc returns to the same row.
    app.on_key(key(KeyCode::Char('/')));
    type_text(&mut app, &fold);
    app.on_key(key(KeyCode::Enter));
    app.on_key(key(KeyCode::Enter));
    assert_eq!(
        app.family_detail.as_ref().map(|d| d.family.id),
        Some(chosen)
    );
    app.on_key(key(KeyCode::Esc));
    assert!(app.family_detail.is_none());
    assert_eq!(
        app.family_list.query, fold,
        "closing the details keeps the filter"
    );
    assert_eq!(app.selected_family(), Some(chosen));
}

#[test]
fn enter_on_an_alert_clears_filters_that_hide_its_family() {
    let (_dir, mut app) = common::demo_app("nobody", Language::Polish);
    let family = app.snapshot.alerts[0].deadline.family_id;
    app.on_key(key(KeyCode::Char('2')));
    app.on_key(key(KeyCode::Char('/')));
    type_text(&mut app, "zzzz");
    app.on_key(key(KeyCode::Enter));
    app.on_key(key(KeyCode::Char('o')));
    assert!(app.family_list.visible.is_empty());
    app.on_key(key(KeyCode::Char('5')));
    app.on_key(key(KeyCode::Enter));
    // The demo's first alert is a plan gap: its plan opens, the family selected.
    assert_eq!(app.screen, Screen::WorkPlan);
    assert!(app.family_list.query.is_empty());
    assert_eq!(app.family_list.visible.len(), app.snapshot.families.len());
    assert_eq!(
        app.family_list.sort,
        asystent::app::SortOrder::Name,
        "the order stays"
    );
    assert_eq!(app.selected_family(), Some(family));
    app.on_key(key(KeyCode::Esc));
    assert_eq!(app.selected_family(), Some(family));
}

#[test]
fn the_caseload_view_opens_scrolls_and_closes() {
    let (_dir, mut app) = common::demo_app("nobody", Language::Polish);
    app.on_key(key(KeyCode::Char('2')));
    let before = app.selected_family();
    app.on_key(key(KeyCode::Char('c')));
    assert!(app.family_list.caseload);
    app.on_key(key(KeyCode::Down));
    assert_eq!(app.family_list.caseload_selection.index, 1);
    assert_eq!(app.selected_family(), before, "the list does not move");
    app.on_key(key(KeyCode::End));
    let last = app.snapshot.caseload.len() - 1;
    assert_eq!(app.family_list.caseload_selection.index, last);
    app.on_key(key(KeyCode::Esc));
    assert!(!app.family_list.caseload);
    app.on_key(key(KeyCode::Char('c')));
    app.on_key(key(KeyCode::Char('c')));
    assert!(!app.family_list.caseload, "c closes it too");
    // Enter shows the chosen assistant's families.
    app.on_key(key(KeyCode::Char('c')));
    app.on_key(key(KeyCode::Home));
    app.on_key(key(KeyCode::Enter));
    assert!(!app.family_list.caseload);
    let assistant = app.snapshot.caseload[0].assistant.id;
    assert_eq!(app.family_list.assistant, Some(assistant));
    assert!(app.family_detail.is_none());
}

#[test]
fn a_new_snapshot_keeps_filters_order_and_the_selected_family() {
    let (_dir, mut app) = common::demo_app("nobody", Language::Polish);
    app.on_key(key(KeyCode::Char('2')));
    app.on_key(key(KeyCode::Char('o')));
    app.on_key(key(KeyCode::Char('/')));
    // AltGr+s arrives as Ctrl+Alt+ś on some terminals: it is a letter, not a command.
    app.on_key(KeyEvent::new(
        KeyCode::Char('ś'),
        KeyModifiers::CONTROL | KeyModifiers::ALT,
    ));
    assert_eq!(app.family_list.query, "ś");
    app.on_key(KeyEvent::new(KeyCode::Char('x'), KeyModifiers::ALT));
    assert_eq!(app.family_list.query, "ś", "Alt+x is not typed");
    app.on_key(key(KeyCode::Enter));
    app.on_key(key(KeyCode::Down));
    app.on_key(key(KeyCode::Down));
    let chosen = app.selected_family().unwrap();
    let before = visible_ids(&app);
    let fresh = app
        .local_service()
        .unwrap()
        .snapshot(&app.caller, common::today())
        .unwrap();
    app.set_snapshot(fresh);
    assert_eq!(visible_ids(&app), before);
    assert_eq!(app.selected_family(), Some(chosen));
    assert_eq!(app.families.index, 2);
}

#[test]
fn gaps_in_the_current_plan_become_alerts_and_old_versions_do_not() {
    use asystent::config::Config;
    use asystent::domain::ActionStatus;
    use asystent::domain::alerts::DeadlineKind;
    use asystent::service::Service;

    let (_dir, store) = common::demo_store();
    let today = common::today();
    let config = Config::defaults();
    let service = Service::new(store, config.alert_rules(), config.caseload_limit);
    let caller = service.caller("nobody", common::today()).unwrap();
    let store = service.store();
    let current_plan = |id| {
        store
            .plans_of(id)
            .unwrap()
            .records
            .into_iter()
            .find(|p| p.value.superseded.is_none())
    };
    let family = store
        .families()
        .unwrap()
        .records
        .into_iter()
        .map(|v| v.value)
        .find(|f| {
            f.status == FamilyStatus::Active
                && current_plan(f.id).is_some_and(|p| p.value.consultation.is_some())
        })
        .expect("an active demo family with a consulted plan");
    let kinds = || -> Vec<(DeadlineKind, Severity)> {
        let snapshot = service.snapshot(&caller, today).unwrap();
        snapshot
            .alerts
            .iter()
            .filter(|a| a.deadline.family_id == family.id)
            .map(|a| (a.deadline.kind, a.severity))
            .collect()
    };
    let before = kinds();
    let plan_gaps = |k: &DeadlineKind| {
        matches!(
            k,
            DeadlineKind::PlanIncomplete
                | DeadlineKind::NoConsultation
                | DeadlineKind::ActionDeadline
        )
    };
    assert!(
        !before
            .iter()
            .any(|(k, s)| plan_gaps(k) && *s == Severity::Overdue),
        "{before:?}"
    );

    let current = current_plan(family.id).unwrap();
    let mut plan = current.value.clone();
    plan.consultation = None;
    let action = &mut plan.goals[0].actions[0];
    action.expected_effect = " ".into();
    action.deadline = Some(today.pred_opt().unwrap());
    action.status = ActionStatus::InProgress;
    store.put_plan(&plan, Some(current.rev)).unwrap();
    // An older version with other gaps does not count: only the current plan does.
    let mut old = plan.clone();
    old.id = store.new_id().unwrap();
    old.version = 0;
    old.superseded = Some(plan.drawn_up);
    old.child_plan_link = None;
    store.put_plan(&old, None).unwrap();

    let after = kinds();
    // The demo plans are months old, so the two-week grace has passed.
    for expected in [
        (DeadlineKind::PlanIncomplete, Severity::Overdue),
        (DeadlineKind::NoConsultation, Severity::Overdue),
        (DeadlineKind::ActionDeadline, Severity::Overdue),
    ] {
        assert!(after.contains(&expected), "{expected:?} in {after:?}");
    }
    // Nothing else changed: the superseded version's missing coordination is not counted.
    let others = |v: &[(DeadlineKind, Severity)]| -> Vec<(DeadlineKind, Severity)> {
        v.iter().filter(|(k, _)| !plan_gaps(k)).copied().collect()
    };
    assert_eq!(others(&after), others(&before));
}

#[test]
fn the_supervisors_overview_counts_each_assistants_alerts_and_kinds_add_up() {
    use asystent::app::overview::{counts_by_kind, per_assistant};
    let (_dir, app) = common::demo_app("kierownik", Language::Polish);
    let rows = per_assistant(&app.snapshot);
    let overdue = app
        .snapshot
        .alerts
        .iter()
        .filter(|a| a.severity == Severity::Overdue)
        .count();
    let soon = app.snapshot.alerts.len() - overdue;
    assert_eq!(rows.iter().map(|r| r.overdue).sum::<usize>(), overdue);
    assert_eq!(rows.iter().map(|r| r.soon).sum::<usize>(), soon);
    // Most overdue first; each assistant's counts are those of their own families.
    assert!(rows.windows(2).all(|w| w[0].overdue >= w[1].overdue));
    for row in rows.iter().filter(|r| r.name.is_some()) {
        let staff = app
            .snapshot
            .caseload
            .iter()
            .find(|c| Some(&c.assistant.name) == row.name.as_ref())
            .unwrap();
        assert_eq!((row.active, row.limit), (staff.active, staff.limit));
        let own = app.snapshot.alerts.iter().filter(|a| {
            app.snapshot
                .family(a.deadline.family_id)
                .unwrap()
                .family
                .assistant
                == Some(staff.assistant.id)
        });
        assert_eq!(
            own.filter(|a| a.severity == Severity::Overdue).count(),
            row.overdue
        );
    }
    let kinds = counts_by_kind(&app.snapshot);
    assert_eq!(
        kinds.iter().map(|k| k.total()).sum::<usize>(),
        app.snapshot.alerts.len()
    );
    assert_eq!(kinds.iter().map(|k| k.overdue).sum::<usize>(), overdue);

    // An assistant sees only their own row's worth: the caseload is theirs alone.
    let (_dir, mine) = common::demo_app("akowalska", Language::Polish);
    let rows = per_assistant(&mine.snapshot);
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].overdue + rows[0].soon, mine.snapshot.alerts.len());
}

#[test]
fn the_idle_lock_keeps_keys_from_the_screens_and_opens_only_after_a_yes() {
    use asystent::app::Lock;
    use std::time::Duration;
    let (_dir, mut app) = common::demo_app("kierownik", Language::English);
    app.set_idle_lock(5);
    common::keys::press(&mut app, KeyCode::Char('2'));
    common::keys::press(&mut app, KeyCode::Char('n'));
    common::keys::tab(&mut app, 1);
    common::keys::typed(&mut app, "Nowacka");
    assert!(
        !app.on_idle(Duration::from_secs(299)),
        "not yet idle long enough"
    );
    assert!(app.on_idle(Duration::from_secs(300)));
    assert_eq!(app.lock, Lock::Locked);
    // Neither the first key nor a "no" reaches the form or the screens.
    common::keys::press(&mut app, KeyCode::Char('x'));
    assert_eq!(app.lock, Lock::Confirming);
    common::keys::press(&mut app, KeyCode::Char('n'));
    assert_eq!(app.lock, Lock::Locked);
    assert!(!app.on_paste("wklejone"), "a paste is refused while locked");
    common::keys::press(&mut app, KeyCode::Enter);
    common::keys::press(&mut app, KeyCode::Char('y'));
    assert_eq!(app.lock, Lock::Open);
    assert_eq!(common::keys::form(&app).text("name"), "Nowacka");
    // Locking again needs the idle time again; 0 minutes is never.
    app.set_idle_lock(0);
    assert!(!app.on_idle(Duration::from_secs(86_400)));
}

#[test]
fn the_privacy_key_hides_every_surname_address_and_pesel_on_the_families_screen() {
    let (_dir, mut app) = common::demo_app("kierownik", Language::English);
    common::keys::press(&mut app, KeyCode::Char('2'));
    common::keys::press(&mut app, KeyCode::Char('z'));
    assert!(app.privacy);
    let mut terminal = ratatui::Terminal::new(ratatui::backend::TestBackend::new(160, 60)).unwrap();
    let theme = asystent::ui::Theme { color: false };
    terminal
        .draw(|f| asystent::ui::render(f, &app, &theme))
        .unwrap();
    let screen: String = terminal
        .backend()
        .buffer()
        .content()
        .iter()
        .map(|c| c.symbol())
        .collect();
    // The list is on screen (its case numbers, with addresses at this width), masked.
    let first = &app.snapshot.families[0].family;
    assert!(screen.contains(&first.case_number), "the list is shown");
    assert!(screen.contains("•••"), "names and addresses are masked");
    for row in &app.snapshot.families {
        assert!(
            !screen.contains(&row.family.name),
            "{} shown",
            row.family.name
        );
        assert!(
            !screen.contains(&row.family.address),
            "{} shown",
            row.family.address
        );
    }
    common::keys::press(&mut app, KeyCode::Char('z'));
    assert!(!app.privacy);
}
