//! The Reports screen: the half-year report of the supervisor, each figure traced to its
//! records and each record to its family; periods moved and typed.

mod common;

use asystent::app::{App, Popup, Screen};
use asystent::config::Language;
use asystent::report::{Item, Unit};
use chrono::NaiveDate;
use common::keys::{form, press, save, tab, typed};
use ratatui::crossterm::event::KeyCode;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn on_reports() -> (tempfile::TempDir, App) {
    let (dir, mut app) = common::demo_app("kierownik", Language::English);
    press(&mut app, KeyCode::Char('6'));
    assert_eq!(app.screen, Screen::Reports);
    (dir, app)
}

#[test]
fn the_report_opens_on_the_last_half_year_and_equals_the_services() {
    let (_dir, app) = on_reports();
    let view = &app.report_view;
    // 22.11.2026: the half-year due for reporting is January to June 2026.
    assert_eq!(view.period, (d(2026, 1, 1), d(2026, 6, 30)));
    let shown = view.report.as_ref().expect("computed");
    let service = app.local_service().unwrap();
    let caller = service.caller("kierownik", common::today()).unwrap();
    let definition = asystent::report::ReportDefinition::builtin();
    let direct = service
        .report(&caller, &definition, d(2026, 1, 1), d(2026, 6, 30))
        .unwrap();
    assert_eq!(shown.rows, direct.rows);
    assert!(!shown.rows.is_empty());
}

#[test]
fn every_family_figure_drills_down_to_as_many_records_and_the_record_opens_its_family() {
    let (_dir, mut app) = on_reports();
    let rows = app.report_view.report.clone().unwrap().rows;
    let at = rows
        .iter()
        .position(|r| r.unit == Unit::Families && !r.items.is_empty())
        .expect("a family row with families");
    for (i, row) in rows.iter().enumerate() {
        if row.unit == Unit::Families {
            let asystent::report::Value::Count(n) = row.value else {
                panic!("a count")
            };
            assert_eq!(row.items.len() as u64, n, "row {}", row.id);
            assert!(
                row.items.iter().all(|i| matches!(i, Item::Family(_))),
                "{i}"
            );
        }
    }
    for _ in 0..at {
        press(&mut app, KeyCode::Down);
    }
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.report_view.drill, Some(at));
    press(&mut app, KeyCode::Down);
    let Item::Family(id) = rows[at].items[1.min(rows[at].items.len() - 1)].clone() else {
        panic!("a family")
    };
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.screen, Screen::Families);
    assert_eq!(app.family_detail.as_ref().map(|d| d.family.id), Some(id));
    // Back on the report, the list is where it was; Esc returns to the rows.
    press(&mut app, KeyCode::Esc);
    press(&mut app, KeyCode::Char('6'));
    assert_eq!(app.report_view.drill, Some(at));
    press(&mut app, KeyCode::Esc);
    assert_eq!(app.report_view.drill, None);
    assert_eq!(app.report_view.rows.index, at);
}

#[test]
fn brackets_move_by_half_years_and_d_takes_a_typed_period_refusing_a_backward_one() {
    let (_dir, mut app) = on_reports();
    press(&mut app, KeyCode::Char('['));
    assert_eq!(app.report_view.period, (d(2025, 7, 1), d(2025, 12, 31)));
    assert!(app.report_view.report.is_some());
    press(&mut app, KeyCode::Char(']'));
    press(&mut app, KeyCode::Char(']'));
    assert_eq!(app.report_view.period, (d(2026, 7, 1), d(2026, 12, 31)));

    press(&mut app, KeyCode::Char('d'));
    tab(&mut app, 1);
    for _ in 0.."31.12.2026".len() {
        press(&mut app, KeyCode::Backspace);
    }
    typed(&mut app, "01.01.2026");
    save(&mut app);
    assert!(matches!(app.popup(), Some(Popup::Form(_))), "refused");
    assert!(form(&app).fields.iter().any(|f| f.error.is_some()));
    for _ in 0.."01.01.2026".len() {
        press(&mut app, KeyCode::Backspace);
    }
    typed(&mut app, "30.09.2026");
    save(&mut app);
    assert!(app.popup().is_none());
    assert_eq!(app.report_view.period, (d(2026, 7, 1), d(2026, 9, 30)));
}

#[test]
fn a_wrong_definition_is_shown_on_the_screen_not_fatal() {
    let (_dir, mut app) = common::demo_app("kierownik", Language::English);
    app.set_report_definition(Err("report.toml: row 3 (1.3): unknown rule".into()));
    press(&mut app, KeyCode::Char('6'));
    assert!(app.report_view.report.is_none());
    assert_eq!(
        app.report_view.error.as_deref(),
        Some("report.toml: row 3 (1.3): unknown rule")
    );
}

#[test]
fn x_writes_the_report_and_the_periods_families_and_visits_as_csv_the_commands_write() {
    let (_dir, mut app) = on_reports();
    press(&mut app, KeyCode::Char('x'));
    let dir = app.backend().documents_dir();
    let families = dir.join("rodziny-2026-01-01-2026-06-30.csv");
    let visits = dir.join("wizyty-2026-01-01-2026-06-30.csv");
    let notice = format!("{:?}", app.notice);
    assert!(notice.contains("CSV written"), "{notice}");
    // The report shown, as `asystent report --format csv` writes it.
    let report = app.report_view.report.as_ref().unwrap();
    let report_csv = dir.join("sprawozdanie-2026-01-01-2026-06-30.csv");
    assert_eq!(
        std::fs::read_to_string(&report_csv).unwrap(),
        asystent::report::output::csv(report, Language::English)
    );
    let service = app.local_service().unwrap();
    let caller = service.caller("kierownik", common::today()).unwrap();
    let lines = service
        .export_families(&caller, d(2026, 1, 1), d(2026, 6, 30))
        .unwrap();
    let expected = asystent::report::export::families_csv(&lines.lines, Language::English);
    assert_eq!(std::fs::read_to_string(&families).unwrap(), expected);
    assert!(std::fs::read_to_string(&visits).unwrap().lines().count() > 1);
    // A second export does not overwrite the first.
    press(&mut app, KeyCode::Char('x'));
    assert!(dir.join("rodziny-2026-01-01-2026-06-30-2.csv").exists());
}

#[test]
fn the_offices_definition_beside_the_configuration_is_read_when_the_screen_opens() {
    let (_dir, mut app) = common::demo_app("kierownik", Language::English);
    let config = tempfile::tempdir().unwrap();
    std::fs::write(
        config.path().join("report.toml"),
        "title = \"Nasz raport\"\n[[row]]\nid = \"1\"\nlabel = \"Rodziny\"\nrule = \"families_served\"\n",
    )
    .unwrap();
    app.set_report_config_dir(Some(config.path().to_path_buf()));
    press(&mut app, KeyCode::Char('6'));
    let report = app.report_view.report.as_ref().expect("counted");
    assert_eq!(report.title, "Nasz raport");
    assert_eq!(report.rows.len(), 1);

    // A wrong one is named on the screen, with its row.
    std::fs::write(
        config.path().join("report.toml"),
        "[[row]]\nid = \"1\"\nlabel = \"Rodziny\"\nrule = \"no_such_rule\"\n",
    )
    .unwrap();
    app.set_report_config_dir(Some(config.path().to_path_buf()));
    press(&mut app, KeyCode::Char('1'));
    press(&mut app, KeyCode::Char('6'));
    let error = app.report_view.error.clone().expect("refused");
    assert!(error.contains("no_such_rule"), "{error}");
}
