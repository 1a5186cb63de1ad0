//! Rendering only: draws an [`App`] into a frame, with no IO and no state changes
//! beyond remembering list scroll offsets.

mod alerts;
mod calendar;
mod caseload;
mod families;
mod help;
mod overview;
mod plan;
mod popup;
mod report;
pub mod theme;

use std::borrow::Cow;

use ratatui::Frame;
use ratatui::layout::{Alignment, Constraint, Layout, Rect};
use ratatui::style::{Style, Stylize};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Wrap};

use crate::app::keymap::{BINDINGS, key_label};
use crate::app::{App, Link, Lock, Notice, Screen, Selection};
use crate::config::Language;
use crate::domain::dates::format_date;
use crate::i18n::{self, Msg};
pub use theme::Theme;

/// Smallest terminal the screens are laid out for.
pub const MIN_WIDTH: u16 = 80;
/// Smallest terminal height the screens are laid out for.
pub const MIN_HEIGHT: u16 = 24;

/// Draws the whole program state.
pub fn render(frame: &mut Frame, app: &App, theme: &Theme) {
    let area = frame.area();
    // A locked screen shows nothing of the register, whatever its size.
    if app.lock != Lock::Open {
        locked(frame, area, app);
        return;
    }
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        too_small(frame, area, app.lang);
        return;
    }
    let [tabs, body, status] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(0),
        Constraint::Length(1),
    ])
    .areas(area);
    render_tabs(frame, tabs, app, theme);
    match app.screen {
        Screen::Overview => overview::render(frame, body, app, theme),
        Screen::Families => families::render(frame, body, app, theme),
        Screen::WorkPlan => plan::render(frame, body, app, theme),
        Screen::Calendar => calendar::render(frame, body, app, theme),
        Screen::Alerts => alerts::render(frame, body, app, theme),
        Screen::Reports => report::render(frame, body, app, theme),
    }
    popup::render(frame, body, app, theme);
    render_status(frame, status, app, theme);
    if app.help {
        help::render(frame, body, app, theme);
    }
}

fn locked(frame: &mut Frame, area: Rect, app: &App) {
    let lang = app.lang;
    let second = match app.lock {
        Lock::Confirming => i18n::lock_question(lang, &app.user_name()),
        _ => Msg::LockedHint.text(lang).to_string(),
    };
    let text = vec![
        Line::from(Msg::LockedTitle.text(lang)).bold(),
        Line::from(""),
        Line::from(second),
    ];
    centred(frame, area, text);
}

/// Lines centred across `area`, in its middle rows, wrapped to its width.
fn centred(frame: &mut Frame, area: Rect, text: Vec<Line>) {
    let top = area.height.saturating_sub(text.len() as u16) / 2;
    let inner = Rect {
        y: area.y + top,
        height: area.height - top,
        ..area
    };
    frame.render_widget(
        Paragraph::new(text)
            .alignment(Alignment::Center)
            .wrap(Wrap { trim: true }),
        inner,
    );
}

fn too_small(frame: &mut Frame, area: Rect, lang: Language) {
    let text = vec![
        Line::from(Msg::TooSmallTitle.text(lang)).bold(),
        Line::from(i18n::too_small(lang, area.width, area.height)),
        Line::from(Msg::TooSmallHint.text(lang)),
    ];
    centred(frame, area, text);
}

fn render_tabs(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let mut spans = Vec::new();
    for (i, screen) in app.screens().iter().enumerate() {
        let mut label = format!(" {} {}", i + 1, screen.title().text(app.lang));
        if *screen == Screen::Alerts {
            label.push_str(&format!(" ({})", app.snapshot.alert_total()));
        }
        label.push(' ');
        let style = if *screen == app.screen {
            theme.selected()
        } else {
            Style::new()
        };
        spans.push(Span::styled(label, style));
    }
    let date = format!(
        "{} {} ",
        i18n::weekday_short(
            app.lang,
            chrono::Datelike::weekday(&app.today).num_days_from_monday()
        ),
        format_date(app.today)
    );
    let tabs = Line::from(spans);
    // Six tabs (the supervisor's) leave no room for the date at 80 columns; the
    // Overview says the date in full anyway.
    let date_width = date.chars().count() as u16;
    if tabs.width() as u16 + date_width > area.width {
        frame.render_widget(tabs, area);
        return;
    }
    let [left, right] =
        Layout::horizontal([Constraint::Min(0), Constraint::Length(date_width)]).areas(area);
    frame.render_widget(tabs, left);
    frame.render_widget(Line::from(date).alignment(Alignment::Right), right);
}

fn render_status(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    // Where the data comes from, always at the right: local database, server, or a
    // lost server connection (shown as a warning).
    let (link, style) = match app.link() {
        Link::Local => (Msg::LinkLocal, theme.status()),
        Link::Attached => (Msg::LinkAttached, theme.status()),
        Link::Offline => (Msg::LinkOffline, theme.warning().patch(theme.selected())),
    };
    let link = format!(" {} ", link.text(app.lang));
    let [area, right] = Layout::horizontal([
        Constraint::Min(0),
        Constraint::Length(link.chars().count() as u16),
    ])
    .areas(area);
    frame.render_widget(Line::from(link).style(style), right);
    // The first Overview is drawn before the register is read: keys wait until then.
    if app.is_loading() {
        let line = Line::from(format!(" {}", Msg::ReadingRegister.text(app.lang)));
        frame.render_widget(line.style(theme.status()), area);
        return;
    }
    match &app.notice {
        Some(Notice::Error(text)) => {
            let line =
                Line::from(format!(" ! {text}")).style(theme.warning().patch(theme.selected()));
            frame.render_widget(line, area);
            return;
        }
        Some(Notice::Info(text)) => {
            frame.render_widget(Line::from(format!(" {text}")).style(theme.status()), area);
            return;
        }
        None => {}
    }
    let in_detail = app.screen == Screen::Families && app.family_detail.is_some();
    let popup = app.popup().is_some();
    let mut entries: Vec<(String, &str)> = Vec::new();
    if in_detail || popup {
        entries.push(("Esc".into(), Msg::ActBack.text(app.lang)));
    }
    if !popup {
        for b in BINDINGS
            .iter()
            .filter(|b| b.status && b.scope.applies(app.screen))
        {
            if in_detail && b.action.is_list_action() {
                continue;
            }
            entries.push((key_label(&b.keys[0]), b.action.description().text(app.lang)));
        }
    }
    // Help and quit are always shown; the others while they fit, in binding order.
    let width = |(k, d): &(String, &str)| k.chars().count() + d.chars().count() + 4;
    let (kept, rest): (Vec<_>, Vec<_>) =
        entries.into_iter().partition(|(k, _)| k == "?" || k == "q");
    let mut room = (area.width as usize).saturating_sub(kept.iter().map(width).sum());
    let mut shown = Vec::new();
    for e in rest {
        if width(&e) <= room {
            room -= width(&e);
            shown.push(e);
        }
    }
    shown.extend(kept);
    let mut spans = Vec::new();
    for (k, d) in shown {
        spans.push(Span::styled(format!(" {k} "), theme.selected()));
        spans.push(Span::raw(format!(" {d} ")));
    }
    frame.render_widget(Line::from(spans).style(theme.status()), area);
}

/// A surname as the screens show it: whole, or its first letter while the privacy key
/// hides personal data (the length is not shown either).
pub(crate) fn surname<'a>(app: &App, name: &'a str) -> Cow<'a, str> {
    if !app.privacy {
        return Cow::Borrowed(name);
    }
    let first: String = name.chars().take(1).collect();
    Cow::Owned(format!("{first}{HIDDEN}"))
}

/// An address as the screens show it: whole, or hidden by the privacy key.
pub(crate) fn address<'a>(app: &App, address: &'a str) -> Cow<'a, str> {
    if app.privacy && !address.is_empty() {
        Cow::Borrowed(HIDDEN)
    } else {
        Cow::Borrowed(address)
    }
}

/// A PESEL as the screens show it: whole, or hidden by the privacy key.
pub(crate) fn pesel<'a>(app: &App, pesel: &'a str) -> Cow<'a, str> {
    if app.privacy {
        Cow::Borrowed("•••••••••••")
    } else {
        Cow::Borrowed(pesel)
    }
}

/// What stands for hidden personal data.
const HIDDEN: &str = "•••";

/// The rows of a list of `len` that fit in `height`: the view moves only when the
/// selection would leave it, and the offset is remembered for the next frame.
pub(crate) fn window(selection: &Selection, len: usize, height: usize) -> std::ops::Range<usize> {
    if height == 0 || len == 0 {
        return 0..0;
    }
    let index = selection.index.min(len - 1);
    let mut offset = selection.offset.get();
    if index < offset {
        offset = index;
    } else if index >= offset + height {
        offset = index + 1 - height;
    }
    // A list that shrank under the view still fills it.
    offset = offset.min(len.saturating_sub(height));
    selection.offset.set(offset);
    offset..(offset + height).min(len)
}

/// Draws wrapped text in `block`, scrolled down by `scroll` lines but never past the
/// point where the last line reaches the bottom.
pub(crate) fn render_scrolled(
    frame: &mut Frame,
    area: Rect,
    block: Block,
    lines: Vec<Line>,
    scroll: u16,
) {
    let visible = block.inner(area).height as usize;
    let max_scroll = lines.len().saturating_sub(visible) as u16;
    frame.render_widget(
        Paragraph::new(lines)
            .block(block)
            .wrap(Wrap { trim: false })
            .scroll((scroll.min(max_scroll), 0)),
        area,
    );
}

/// Shortens `s` to at most `width` characters, ending with `…` when cut.
pub(crate) fn fit(s: &str, width: usize) -> String {
    if s.chars().count() <= width {
        s.to_string()
    } else if width == 0 {
        String::new()
    } else {
        let mut out: String = s.chars().take(width - 1).collect();
        out.push('…');
        out
    }
}
