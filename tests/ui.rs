//! UI layer: the real App rendered on a TestBackend, compared with committed snapshots.

mod common;

use asystent::app::App;
use asystent::config::Language;
use asystent::ui::{self, Theme};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

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
fn overview_of_an_assistant_80x24() {
    let (_dir, app) = common::demo_app("akowalska", Language::Polish);
    insta::assert_snapshot!(draw(&app, 80, 24).backend());
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
