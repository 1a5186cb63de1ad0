//! UI layer: the real App rendered on a TestBackend, compared with committed snapshots.

mod common;

use common::keys::calendar_on;

use asystent::app::App;
use asystent::config::Language;
use asystent::ui::{self, Theme};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::style::{Color, Modifier};

const NO_COLOR: Theme = Theme { color: false };

fn draw(app: &App, width: u16, height: u16) -> Terminal<TestBackend> {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal.draw(|f| ui::render(f, app, &NO_COLOR)).unwrap();
    terminal
}

fn keys(app: &mut App, codes: &[KeyCode]) {
    for c in codes {
        app.on_key(KeyEvent::new(*c, KeyModifiers::NONE));
    }
}

#[test]
fn overview_80x24() {
    let (_dir, app) = common::demo_app("nobody", Language::Polish);
    insta::assert_snapshot!(draw(&app, 80, 24).backend());
}

#[test]
fn overview_of_a_social_worker_80x24() {
    // Their families by status instead of a caseload.
    let (_dir, app) = common::demo_app("ps.lis", Language::Polish);
    insta::assert_snapshot!(draw(&app, 80, 24).backend());
}

#[test]
fn overview_of_an_assistant_80x24() {
    let (_dir, app) = common::demo_app("akowalska", Language::Polish);
    insta::assert_snapshot!(draw(&app, 80, 24).backend());
}

#[test]
fn overview_of_an_assistant_120x40() {
    let (_dir, app) = common::demo_app("akowalska", Language::Polish);
    insta::assert_snapshot!(draw(&app, 120, 40).backend());
}

#[test]
fn overview_of_the_supervisor_80x24() {
    let (_dir, app) = common::demo_app("kierownik", Language::Polish);
    insta::assert_snapshot!(draw(&app, 80, 24).backend());
}

#[test]
fn overview_of_the_supervisor_120x40() {
    let (_dir, app) = common::demo_app("kierownik", Language::Polish);
    insta::assert_snapshot!(draw(&app, 120, 40).backend());
}

#[test]
fn overview_of_the_supervisor_in_english_120x40() {
    let (_dir, app) = common::demo_app("kierownik", Language::English);
    insta::assert_snapshot!(draw(&app, 120, 40).backend());
}

#[test]
fn alerts_of_an_assistant_80x24() {
    let (_dir, mut app) = common::demo_app("akowalska", Language::Polish);
    keys(&mut app, &[KeyCode::Char('5')]);
    insta::assert_snapshot!(draw(&app, 80, 24).backend());
}

#[test]
fn alerts_of_an_assistant_120x40() {
    let (_dir, mut app) = common::demo_app("akowalska", Language::Polish);
    keys(&mut app, &[KeyCode::Char('5')]);
    insta::assert_snapshot!(draw(&app, 120, 40).backend());
}

#[test]
fn alerts_of_the_supervisor_120x40() {
    let (_dir, mut app) = common::demo_app("kierownik", Language::Polish);
    keys(&mut app, &[KeyCode::Char('5')]);
    insta::assert_snapshot!(draw(&app, 120, 40).backend());
}

#[test]
fn the_supervisors_overview_names_how_many_assistants_do_not_fit() {
    use asystent::domain::alerts::Severity;
    use asystent::service::CaseloadRow;
    let (_dir, mut app) = common::demo_app("kierownik", Language::English);
    let template = app.snapshot.caseload[0].clone();
    app.snapshot.caseload = (0..12u32)
        .map(|i| {
            let mut assistant = template.assistant.clone();
            assistant.id = 10_000 + u64::from(i);
            assistant.name = format!("Zofia{i:02} Brzęczyszczykiewicz-Grzegorzewska");
            CaseloadRow {
                assistant,
                active: i,
                limit: 15,
                margin: 1,
            }
        })
        .collect();
    let screen = format!("{}", draw(&app, 80, 24).backend());
    // Five rows: the column names, three assistants and how many more there are.
    assert!(
        screen.contains("  Assistant         fam.    late soon"),
        "{screen}"
    );
    assert!(screen.contains("… +10 more"), "{screen}");
    // Most overdue first: the demo's families now belong to no listed assistant.
    let count = |severity| {
        app.snapshot
            .alerts
            .iter()
            .filter(|a| a.severity == severity)
            .count()
    };
    let (late, soon) = (count(Severity::Overdue), count(Severity::Soon));
    assert!(
        screen.contains(&format!("  no assistant        —     {late:>4} {soon:>4}")),
        "{screen}"
    );
    assert!(
        screen.contains("  Zofia00 Brzęczys…  0/15      0    0"),
        "{screen}"
    );
    // Taller, everyone fits.
    let screen = format!("{}", draw(&app, 120, 60).backend());
    assert!(!screen.contains("… +"), "{screen}");
    assert!(screen.contains("Zofia11 Brzęczys… 11/15"), "{screen}");
    for size in [(80, 24), (81, 25), (100, 30), (200, 24)] {
        draw(&app, size.0, size.1);
    }
}

#[test]
fn families_80x24() {
    let (_dir, mut app) = common::demo_app("nobody", Language::Polish);
    keys(&mut app, &[KeyCode::Char('2')]);
    insta::assert_snapshot!(draw(&app, 80, 24).backend());
}

#[test]
fn families_wide_120x40() {
    let (_dir, mut app) = common::demo_app("nobody", Language::Polish);
    keys(&mut app, &[KeyCode::Char('2')]);
    insta::assert_snapshot!(draw(&app, 120, 40).backend());
}

#[test]
fn family_details_80x24() {
    let (_dir, mut app) = common::demo_app("nobody", Language::Polish);
    keys(
        &mut app,
        &[KeyCode::Char('2'), KeyCode::Down, KeyCode::Enter],
    );
    insta::assert_snapshot!(draw(&app, 80, 24).backend());
}

#[test]
fn work_plan_80x24() {
    let (_dir, mut app) = common::demo_app("nobody", Language::Polish);
    keys(&mut app, &[KeyCode::Char('2'), KeyCode::Char('3')]);
    insta::assert_snapshot!(draw(&app, 80, 24).backend());
}

#[test]
fn calendar_80x24() {
    let (_dir, mut app) = common::demo_app("nobody", Language::Polish);
    keys(&mut app, &[KeyCode::Char('4')]);
    insta::assert_snapshot!(draw(&app, 80, 24).backend());
}

#[test]
fn calendar_month_wide_120x40() {
    let (_dir, mut app) = common::demo_app("nobody", Language::Polish);
    keys(&mut app, &[KeyCode::Char('4')]);
    insta::assert_snapshot!(draw(&app, 120, 40).backend());
}

#[test]
fn calendar_month_with_holidays_80x24() {
    let (_dir, mut app) = common::demo_app("nobody", Language::Polish);
    keys(&mut app, &[KeyCode::Char('4'), KeyCode::Char('g')]);
    type_text(&mut app, "24.12.2026");
    keys(&mut app, &[KeyCode::Enter]);
    insta::assert_snapshot!(draw(&app, 80, 24).backend());
}

#[test]
fn calendar_week_80x24() {
    let (_dir, mut app) = common::demo_app("nobody", Language::Polish);
    keys(&mut app, &[KeyCode::Char('4'), KeyCode::Char('v')]);
    insta::assert_snapshot!(draw(&app, 80, 24).backend());
}

#[test]
fn calendar_week_wide_120x40() {
    let (_dir, mut app) = common::demo_app("nobody", Language::Polish);
    keys(&mut app, &[KeyCode::Char('4'), KeyCode::Char('v')]);
    insta::assert_snapshot!(draw(&app, 120, 40).backend());
}

#[test]
fn calendar_week_of_christmas_in_english_80x24() {
    let (_dir, mut app) = common::demo_app("nobody", Language::English);
    keys(&mut app, &[KeyCode::Char('4'), KeyCode::Char('v')]);
    // Five weeks on: Christmas, with 24, 25 and 26 December marked.
    keys(&mut app, &[KeyCode::Down; 5]);
    insta::assert_snapshot!(draw(&app, 80, 24).backend());
}

#[test]
fn calendar_week_scrolled_to_the_evening_80x24() {
    let (_dir, mut app) = common::demo_app("nobody", Language::Polish);
    keys(&mut app, &[KeyCode::Char('4'), KeyCode::Char('v')]);
    draw(&app, 80, 24);
    // Five hours later, but never past midnight: 10:00 to 24:00, the morning hidden.
    keys(&mut app, &[KeyCode::Char('J'); 5]);
    insta::assert_snapshot!(draw(&app, 80, 24).backend());
}

#[test]
fn calendar_agenda_80x24() {
    let (_dir, mut app) = common::demo_app("nobody", Language::Polish);
    keys(
        &mut app,
        &[KeyCode::Char('4'), KeyCode::Char('v'), KeyCode::Char('v')],
    );
    insta::assert_snapshot!(draw(&app, 80, 24).backend());
}

#[test]
fn calendar_agenda_wide_120x40() {
    let (_dir, mut app) = common::demo_app("nobody", Language::Polish);
    keys(
        &mut app,
        &[KeyCode::Char('4'), KeyCode::Char('v'), KeyCode::Char('v')],
    );
    insta::assert_snapshot!(draw(&app, 120, 40).backend());
}

#[test]
fn calendar_date_being_typed_80x24() {
    let (_dir, mut app) = common::demo_app("nobody", Language::Polish);
    keys(&mut app, &[KeyCode::Char('4'), KeyCode::Char('g')]);
    type_text(&mut app, "31.02.2026");
    keys(&mut app, &[KeyCode::Enter]);
    insta::assert_snapshot!(draw(&app, 80, 24).backend());
}

#[test]
fn help_on_the_calendar_80x24() {
    let (_dir, mut app) = common::demo_app("nobody", Language::Polish);
    keys(&mut app, &[KeyCode::Char('4'), KeyCode::Char('?')]);
    insta::assert_snapshot!(draw(&app, 80, 24).backend());
}

#[test]
fn alerts_80x24() {
    let (_dir, mut app) = common::demo_app("nobody", Language::Polish);
    keys(&mut app, &[KeyCode::Char('5')]);
    insta::assert_snapshot!(draw(&app, 80, 24).backend());
}

#[test]
fn help_80x24() {
    let (_dir, mut app) = common::demo_app("nobody", Language::Polish);
    keys(&mut app, &[KeyCode::Char('?')]);
    insta::assert_snapshot!(draw(&app, 80, 24).backend());
}

#[test]
fn overview_in_english_80x24() {
    let (_dir, app) = common::demo_app("nobody", Language::English);
    insta::assert_snapshot!(draw(&app, 80, 24).backend());
}

#[test]
fn too_small_terminal() {
    let (_dir, app) = common::demo_app("nobody", Language::Polish);
    insta::assert_snapshot!(draw(&app, 79, 24).backend());
}

#[test]
fn tiny_terminals_never_panic() {
    let (_dir, mut app) = common::demo_app("nobody", Language::Polish);
    for screen in ['1', '2', '3', '4', '5', '?'] {
        keys(&mut app, &[KeyCode::Char(screen)]);
        for (w, h) in [(0, 0), (1, 1), (20, 5), (79, 23), (80, 24), (300, 100)] {
            draw(&app, w, h);
        }
    }
}

#[test]
fn calendar_views_and_the_date_input_never_panic_at_any_size() {
    let (_dir, mut app) = common::demo_app("nobody", Language::Polish);
    keys(&mut app, &[KeyCode::Char('4')]);
    for _view in 0..3 {
        keys(&mut app, &[KeyCode::Char('v')]);
        for (w, h) in [
            (0, 0),
            (1, 1),
            (20, 5),
            (79, 23),
            (80, 24),
            (81, 25),
            (300, 100),
        ] {
            draw(&app, w, h);
        }
        keys(&mut app, &[KeyCode::Char('g')]);
        type_text(&mut app, &"ś".repeat(100));
        for (w, h) in [(80, 24), (300, 100)] {
            draw(&app, w, h);
        }
        keys(&mut app, &[KeyCode::Enter, KeyCode::Esc]);
    }
}

#[test]
fn holidays_today_and_the_selected_day_read_without_colour() {
    let (_dir, mut app) = common::demo_app("nobody", Language::Polish);
    keys(&mut app, &[KeyCode::Char('4'), KeyCode::Left]);
    let terminal = draw(&app, 80, 24);
    let buffer = terminal.backend().buffer();
    let row = |y: u16| -> String {
        (0..80)
            .map(|x| buffer[(x, y)].symbol().to_string())
            .collect()
    };
    // Screen row 5: 9–15 November, with 11 November (Independence Day).
    let week = row(5);
    let at = week.chars().position(|c| c == '•').expect("holiday marker");
    assert_eq!(
        &week.chars().skip(at - 2).take(3).collect::<String>(),
        "11•"
    );
    let cell = &buffer[(at as u16, 5)];
    assert!(cell.modifier.contains(Modifier::BOLD));
    assert_eq!(cell.fg, Color::Reset, "no colour under NO_COLOR");
    // Today (22nd, Sunday) has its `*`; the selected 21st is reversed.
    let today_week = row(6);
    assert!(today_week.contains("*22"), "{today_week}");
    let sel = today_week.find(" 21").unwrap();
    let x = today_week[..sel].chars().count() as u16 + 1;
    assert!(buffer[(x, 6)].modifier.contains(Modifier::REVERSED));
}

#[test]
fn selection_is_visible_without_colour() {
    let (_dir, mut app) = common::demo_app("nobody", Language::Polish);
    keys(&mut app, &[KeyCode::Char('2'), KeyCode::Down]);
    let terminal = draw(&app, 80, 24);
    let buffer = terminal.backend().buffer();
    // Row 0 tabs, 1 border, 2 header, 3 first family, 4 the selected second one.
    let row: String = (0..80)
        .map(|x| buffer[(x, 4)].symbol().to_string())
        .collect();
    assert!(row.starts_with("│▶"), "marker on the selected row: {row}");
    assert!(
        buffer[(5, 4)]
            .modifier
            .contains(ratatui::style::Modifier::REVERSED)
    );
    assert_eq!(
        buffer[(5, 4)].fg,
        ratatui::style::Color::Reset,
        "no colour under NO_COLOR"
    );
}

fn type_text(app: &mut App, text: &str) {
    for c in text.chars() {
        app.on_key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
    }
}

#[test]
fn families_filter_being_typed_80x24() {
    let (_dir, mut app) = common::demo_app("nobody", Language::Polish);
    keys(&mut app, &[KeyCode::Char('2'), KeyCode::Char('/')]);
    type_text(&mut app, "ska");
    let mut terminal = draw(&app, 80, 24);
    // The cursor stands after the typed text on the list's bottom line.
    let screen = format!("{}", terminal.backend());
    let bottom = screen.lines().nth(22).unwrap();
    assert!(bottom.contains("Szukaj: ska "), "{bottom}");
    let text: Vec<char> = bottom.trim_start_matches('"').chars().collect();
    let start = (0..text.len())
        .find(|&i| text[i..].starts_with(&['S', 'z', 'u', 'k', 'a', 'j', ':', ' ']))
        .unwrap();
    let x = (start + "Szukaj: ska".len()) as u16;
    assert_eq!(
        terminal.get_cursor_position().unwrap(),
        ratatui::layout::Position { x, y: 22 }
    );
    insta::assert_snapshot!(terminal.backend());
}

#[test]
fn families_filtered_wide_120x40() {
    let (_dir, mut app) = common::demo_app("nobody", Language::Polish);
    keys(
        &mut app,
        &[
            KeyCode::Char('2'),
            KeyCode::Char('f'),
            KeyCode::Char('w'),
            KeyCode::Char('/'),
        ],
    );
    type_text(&mut app, "ul");
    keys(&mut app, &[KeyCode::Enter, KeyCode::Down]);
    insta::assert_snapshot!(draw(&app, 120, 40).backend());
}

#[test]
fn families_sorted_by_name_in_english_80x24() {
    let (_dir, mut app) = common::demo_app("nobody", Language::English);
    keys(
        &mut app,
        &[KeyCode::Char('2'), KeyCode::Char('o'), KeyCode::Char('f')],
    );
    insta::assert_snapshot!(draw(&app, 80, 24).backend());
}

#[test]
fn families_nothing_matches_80x24() {
    let (_dir, mut app) = common::demo_app("nobody", Language::Polish);
    keys(&mut app, &[KeyCode::Char('2'), KeyCode::Char('/')]);
    type_text(&mut app, "xyz");
    keys(&mut app, &[KeyCode::Enter]);
    let screen = format!("{}", draw(&app, 80, 24).backend());
    assert!(
        screen.contains("Żadna rodzina nie spełnia warunków filtra."),
        "{screen}"
    );
    assert!(screen.contains("Rodziny (0 z 40)"), "{screen}");
    assert!(
        screen.contains("Szukaj: xyz · / zmień · Esc wyczyść"),
        "{screen}"
    );
}

#[test]
fn caseload_80x24() {
    let (_dir, mut app) = common::demo_app("nobody", Language::Polish);
    keys(
        &mut app,
        &[KeyCode::Char('2'), KeyCode::Char('c'), KeyCode::Down],
    );
    insta::assert_snapshot!(draw(&app, 80, 24).backend());
}

#[test]
fn caseload_scrolls_and_marks_full_and_near_with_words() {
    use asystent::service::CaseloadRow;
    let (_dir, mut app) = common::demo_app("nobody", Language::English);
    // More assistants than rows, at every level, so the view must scroll.
    let template = app.snapshot.caseload[0].clone();
    app.snapshot.caseload = (0..40u32)
        .map(|i| {
            let mut assistant = template.assistant.clone();
            assistant.name = format!("Assistant {i:02}");
            CaseloadRow {
                assistant,
                active: i % 17,
                limit: 15,
                margin: 2,
            }
        })
        .collect();
    keys(
        &mut app,
        &[KeyCode::Char('2'), KeyCode::Char('c'), KeyCode::End],
    );
    let screen = format!("{}", draw(&app, 80, 24).backend());
    let line = |name: &str| {
        screen
            .lines()
            .find(|l| l.contains(name))
            .unwrap_or_else(|| panic!("{name} not shown:\n{screen}"))
            .to_string()
    };
    assert!(line("Assistant 39").contains('▶'), "{screen}");
    assert!(!screen.contains("Assistant 00"), "scrolled past the top");
    // 39 % 17 = 5; 32 % 17 = 15 (full); 33 % 17 = 16 (over); 31 % 17 = 14 (near).
    assert!(line("Assistant 39").contains("█████░░░░░░░░░░  5/15"));
    assert!(!line("Assistant 39").contains("FULL") && !line("Assistant 39").contains("near"));
    assert!(line("Assistant 32").contains("15/15 FULL"), "{screen}");
    assert!(line("Assistant 33").contains("16/15 FULL"), "{screen}");
    assert!(line("Assistant 31").contains("14/15 near"), "{screen}");
}

#[test]
fn bad_input_in_the_filter_neither_panics_nor_reaches_the_terminal() {
    let (_dir, mut app) = common::demo_app("nobody", Language::Polish);
    keys(&mut app, &[KeyCode::Char('2')]);
    for text in [
        "ą".repeat(10_000),
        "\x1b[2J".to_string(),
        "\0\x07\x08\r\t".to_string(),
        "👨‍👩‍👧‍👦🎉".to_string(),
        "שלום עולם مرحبا".to_string(),
        "\u{202e}2026-03-05\u{202c}".to_string(),
        "٠٥.٠٣.٢٠٢٦".to_string(),
        "   ".to_string(),
    ] {
        keys(&mut app, &[KeyCode::Char('/')]);
        type_text(&mut app, &text);
        let query = app.family_list.query.clone();
        assert!(
            query.chars().count() <= asystent::app::families::MAX_QUERY,
            "{} characters kept",
            query.chars().count()
        );
        assert!(
            !query
                .chars()
                .any(|c| c.is_control() || ('\u{202a}'..='\u{202e}').contains(&c)),
            "{query:?}"
        );
        for (w, h) in [(80, 24), (120, 40), (20, 5), (81, 24)] {
            let screen = format!("{}", draw(&app, w, h).backend());
            assert!(!screen.contains('\x1b') && !screen.contains('\u{202e}'));
        }
        keys(&mut app, &[KeyCode::Enter]);
        draw(&app, 80, 24);
        keys(&mut app, &[KeyCode::Esc]);
        assert!(app.family_list.query.is_empty());
    }
    assert!(!app.quit);
}

#[test]
fn help_on_the_families_screen_80x24() {
    let (_dir, mut app) = common::demo_app("nobody", Language::Polish);
    keys(&mut app, &[KeyCode::Char('2'), KeyCode::Char('?')]);
    let text = format!("{}", draw(&app, 80, 24).backend());
    for key in ["n        nowa rodzina", "/        szukaj", "x        usuń"] {
        assert!(text.contains(key), "the help lists {key:?}");
    }
    insta::assert_snapshot!(text);
}

#[test]
fn family_form_with_an_inline_error_80x24() {
    let (_dir, mut app) = common::demo_app("kierownik", Language::Polish);
    // A new family saved with an empty name: the error is under the field.
    keys(&mut app, &[KeyCode::Char('2'), KeyCode::Char('n')]);
    app.on_key(ratatui::crossterm::event::KeyEvent::new(
        KeyCode::Char('s'),
        ratatui::crossterm::event::KeyModifiers::CONTROL,
    ));
    let text = format!("{}", draw(&app, 80, 24).backend());
    assert!(text.contains("↳ pole wymagane"), "{text}");
    insta::assert_snapshot!(text);
}

#[test]
fn member_form_in_english_120x40() {
    let (_dir, mut app) = common::demo_app("kierownik", Language::English);
    keys(
        &mut app,
        &[
            KeyCode::Char('2'),
            KeyCode::Char('m'),
            KeyCode::Char('n'),
            KeyCode::Char('A'),
            KeyCode::Char('l'),
            KeyCode::Char('a'),
        ],
    );
    insta::assert_snapshot!(draw(&app, 120, 40).backend());
}

#[test]
fn status_menu_80x24() {
    let (_dir, mut app) = common::demo_app("kierownik", Language::Polish);
    keys(&mut app, &[KeyCode::Char('2'), KeyCode::Char('s')]);
    insta::assert_snapshot!(draw(&app, 80, 24).backend());
}

#[test]
fn work_plan_wide_120x40() {
    let (_dir, mut app) = common::demo_app("kierownik", Language::Polish);
    keys(
        &mut app,
        &[
            KeyCode::Char('2'),
            KeyCode::Char('3'),
            KeyCode::Down,
            KeyCode::Down,
        ],
    );
    insta::assert_snapshot!(draw(&app, 120, 40).backend());
}

#[test]
fn goal_form_in_the_plan_editor_80x24() {
    let (_dir, mut app) = common::demo_app("kierownik", Language::Polish);
    keys(
        &mut app,
        &[
            KeyCode::Char('2'),
            KeyCode::Char('3'),
            KeyCode::Char('g'),
            KeyCode::Tab,
        ],
    );
    for c in "Rodzina regularnie opłaca czynsz i media, bez nowych zaległości".chars() {
        keys(&mut app, &[KeyCode::Char(c)]);
    }
    insta::assert_snapshot!(draw(&app, 80, 24).backend());
}

#[test]
fn action_form_in_english_120x40() {
    let (_dir, mut app) = common::demo_app("kierownik", Language::English);
    keys(
        &mut app,
        &[
            KeyCode::Char('2'),
            KeyCode::Char('3'),
            KeyCode::End,
            KeyCode::Enter,
        ],
    );
    insta::assert_snapshot!(draw(&app, 120, 40).backend());
}

#[test]
fn plan_history_80x24() {
    let (_dir, mut app) = common::demo_app("kierownik", Language::Polish);
    keys(
        &mut app,
        &[KeyCode::Char('2'), KeyCode::Char('3'), KeyCode::Char('[')],
    );
    let text = format!("{}", draw(&app, 80, 24).backend());
    assert!(text.contains("historia — tylko do odczytu"), "{text}");
    insta::assert_snapshot!(text);
}

#[test]
fn the_family_timeline_runs_newest_first_with_visits_and_cooperation() {
    let (_dir, mut app) = common::demo_app("kierownik", Language::Polish);
    keys(&mut app, &[KeyCode::Char('2'), KeyCode::Enter]);
    let mut seen = String::new();
    // Scroll through the whole details, collecting the screens.
    for _ in 0..12 {
        seen.push_str(&format!("{}", draw(&app, 80, 40).backend()));
        keys(&mut app, &[KeyCode::PageDown]);
    }
    let start = seen
        .find("Wizyty i współpraca, od najnowszych")
        .expect("a timeline");
    let dates: Vec<chrono::NaiveDate> = seen[start..]
        .lines()
        .skip(1)
        .map(|l| l.trim_matches(|c| c == '"' || c == '│' || c == ' '))
        .take_while(|l| !l.is_empty())
        .filter_map(|l| chrono::NaiveDate::parse_from_str(l.get(..10)?, "%d.%m.%Y").ok())
        .collect();
    assert!(dates.len() >= 5, "{dates:?}");
    assert!(
        dates.windows(2).all(|w| w[0] >= w[1]),
        "newest first: {dates:?}"
    );
    assert!(
        seen[start..].contains("współpraca:"),
        "cooperation entries are on it"
    );
}

#[test]
fn new_visit_form_with_a_holiday_warning_80x24() {
    let (_dir, mut app) = common::demo_app("kierownik", Language::Polish);
    calendar_on(&mut app, "25.12.2026");
    keys(&mut app, &[KeyCode::Char('n')]);
    for c in "gorska\t\t10:00".chars() {
        keys(
            &mut app,
            &[if c == '\t' {
                KeyCode::Tab
            } else {
                KeyCode::Char(c)
            }],
        );
    }
    app.on_key(ratatui::crossterm::event::KeyEvent::new(
        KeyCode::Char('s'),
        ratatui::crossterm::event::KeyModifiers::CONTROL,
    ));
    let text = format!("{}", draw(&app, 80, 24).backend());
    assert!(text.contains("święto"), "{text}");
    insta::assert_snapshot!(text);
}

#[test]
fn day_visits_80x24() {
    let (_dir, mut app) = common::demo_app("kierownik", Language::Polish);
    calendar_on(&mut app, "20.11.2026");
    keys(&mut app, &[KeyCode::Enter]);
    insta::assert_snapshot!(draw(&app, 80, 24).backend());
}

#[test]
fn visit_record_form_in_english_120x40() {
    let (_dir, mut app) = common::demo_app("kierownik", Language::English);
    calendar_on(&mut app, "20.11.2026");
    keys(&mut app, &[KeyCode::Enter, KeyCode::Enter]);
    insta::assert_snapshot!(draw(&app, 120, 40).backend());
}

#[test]
fn a_family_without_a_plan_shows_when_the_plan_is_due_whatever_is_due_sooner() {
    use asystent::domain::alerts::DeadlineKind;
    use asystent::domain::{Visit, VisitKind, VisitPlace, VisitRecord, VisitStatus};
    let (_dir, mut app) = common::demo_app("kierownik", Language::English);
    let alert = common::keys::enter_on_alert(&mut app, DeadlineKind::WorkPlan);
    let family = alert.deadline.family_id;
    // A visit left without an outcome before the plan's due date comes first in the list.
    let earlier = alert.deadline.due - chrono::TimeDelta::days(5);
    let visit = Visit {
        id: 0,
        family_id: family,
        assistant: 0,
        date: earlier,
        time: chrono::NaiveTime::from_hms_opt(9, 0, 0).unwrap(),
        duration_min: 60,
        place: VisitPlace::FamilyHome,
        kind: VisitKind::HomeVisit,
        status: VisitStatus::Planned,
        record: VisitRecord::default(),
        history: Vec::new(),
    };
    app.local_service()
        .unwrap()
        .save_visit(&app.caller, visit, None)
        .unwrap();
    let snapshot = app
        .local_service()
        .unwrap()
        .snapshot(&app.caller, common::today())
        .unwrap();
    app.set_snapshot(snapshot);
    let next = app
        .snapshot
        .family(family)
        .unwrap()
        .next_deadline
        .clone()
        .unwrap();
    assert_eq!((next.kind, next.due), (DeadlineKind::VisitOutcome, earlier));
    // Enter opened the first plan's form; without it the screen says when the plan is due.
    keys(&mut app, &[KeyCode::Esc]);
    let screen = format!("{}", draw(&app, 80, 24).backend());
    let due = asystent::domain::dates::format_date(alert.deadline.due);
    assert!(
        screen.contains(&format!("The plan is due by {due}")),
        "{screen}"
    );
}

#[test]
fn reload_or_keep_question_over_its_form_80x24() {
    let (_dir, mut app) = common::demo_app("kierownik", Language::Polish);
    keys(&mut app, &[KeyCode::Char('2'), KeyCode::Char('e')]);
    // Someone else saves the family while the form is open.
    let detail = app.family_detail.clone().unwrap();
    let service = app.local_service().unwrap();
    let caller = service.caller("kierownik", common::today()).unwrap();
    let mut other = detail.family.clone();
    other.notes = "Zmiana z innego terminala.".into();
    service
        .save_family(&caller, other, Some(detail.family_rev), common::today())
        .unwrap();
    keys(&mut app, &[KeyCode::Tab, KeyCode::Tab, KeyCode::Char('4')]);
    app.on_key(KeyEvent::new(KeyCode::Char('s'), KeyModifiers::CONTROL));
    insta::assert_snapshot!(draw(&app, 80, 24).backend());
}

#[test]
fn families_with_personal_data_hidden_80x24() {
    let (_dir, mut app) = common::demo_app("kierownik", Language::Polish);
    keys(&mut app, &[KeyCode::Char('2'), KeyCode::Char('z')]);
    insta::assert_snapshot!(draw(&app, 80, 24).backend());
}

#[test]
fn family_details_with_personal_data_hidden_80x24() {
    let (_dir, mut app) = common::demo_app("kierownik", Language::Polish);
    keys(&mut app, &[KeyCode::Char('z'), KeyCode::Char('2')]);
    // The first family with a member who has a PESEL.
    let with_pesel = app
        .family_list
        .visible
        .iter()
        .position(|&i| {
            let id = app.snapshot.families[i].family.id;
            let service = app.local_service().unwrap();
            let caller = service.caller("kierownik", common::today()).unwrap();
            let detail = service.family_detail(&caller, id).unwrap().unwrap();
            detail.members.iter().any(|m| m.pesel.is_some())
        })
        .expect("a demo family with a PESEL");
    for _ in 0..with_pesel {
        keys(&mut app, &[KeyCode::Down]);
    }
    keys(&mut app, &[KeyCode::Enter, KeyCode::Esc]);
    keys(&mut app, &[KeyCode::Enter]);
    insta::assert_snapshot!(draw(&app, 80, 24).backend());
}

#[test]
fn the_idle_lock_hides_everything_and_asks_who_is_there_80x24() {
    let (_dir, mut app) = common::demo_app("kierownik", Language::Polish);
    app.set_idle_lock(10);
    assert!(app.on_idle(std::time::Duration::from_secs(600)));
    insta::assert_snapshot!("locked", draw(&app, 80, 24).backend());
    keys(&mut app, &[KeyCode::Char('2')]);
    insta::assert_snapshot!("lock_question", draw(&app, 80, 24).backend());
}

#[test]
fn stand_in_form_and_the_caseload_view_after_it_80x24() {
    let (_dir, mut app) = common::demo_app("kierownik", Language::Polish);
    keys(
        &mut app,
        &[KeyCode::Char('2'), KeyCode::Char('c'), KeyCode::Char('n')],
    );
    insta::assert_snapshot!("stand_in_form", draw(&app, 80, 24).backend());
    app.on_key(KeyEvent::new(KeyCode::Char('s'), KeyModifiers::CONTROL));
    insta::assert_snapshot!("caseload_with_a_stand_in", draw(&app, 80, 24).backend());
}

#[test]
fn reports_80x24() {
    let (_dir, mut app) = common::demo_app("kierownik", Language::Polish);
    keys(&mut app, &[KeyCode::Char('6')]);
    insta::assert_snapshot!(draw(&app, 80, 24).backend());
}

#[test]
fn reports_drill_down_with_personal_data_hidden_80x24() {
    let (_dir, mut app) = common::demo_app("kierownik", Language::Polish);
    keys(
        &mut app,
        &[KeyCode::Char('6'), KeyCode::Enter, KeyCode::Char('z')],
    );
    insta::assert_snapshot!(draw(&app, 80, 24).backend());
}
