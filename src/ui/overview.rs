//! The daily overview: today's and tomorrow's visits, overdue items, what is due
//! within the warning window, and caseloads.

use chrono::Datelike;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};

use super::{Theme, fit, theme::severity_marker};
use crate::app::App;
use crate::domain::alerts::{Alert, Severity};
use crate::domain::caseload::{self, Level};
use crate::domain::dates::format_date;
use crate::i18n::{self, Label, Msg};

/// Draws the overview.
pub fn render(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let lang = app.lang;
    let [header, top, overdue, soon] = Layout::vertical([
        Constraint::Length(1 + u16::from(!app.snapshot.damaged.is_empty())),
        Constraint::Length(7),
        Constraint::Fill(1),
        Constraint::Fill(1),
    ])
    .areas(area);

    let who = match &app.caller.account {
        Some(staff) => format!("{} ({})", staff.name, staff.role.label(lang)),
        None => format!("{} ({})", app.caller.login, Msg::NoAccount.text(lang)),
    };
    let mut head = vec![Line::from(vec![
        Span::styled(
            format!(
                " {}: {}, {}",
                Msg::TodayIs.text(lang),
                i18n::weekday(lang, app.today.weekday().num_days_from_monday()),
                format_date(app.today)
            ),
            theme.heading(),
        ),
        Span::raw(format!(" · {}: {who}", Msg::User.text(lang))),
    ])];
    if !app.snapshot.damaged.is_empty() {
        head.push(Line::styled(
            format!(
                " ! {}: {} — {}",
                Msg::DamagedRecords.text(lang),
                app.snapshot.damaged.len(),
                app.snapshot.damaged[0]
            ),
            theme.warning(),
        ));
    }
    frame.render_widget(Paragraph::new(head), header);

    let [visits_area, caseload_area] =
        Layout::horizontal([Constraint::Fill(1), Constraint::Length(26)]).areas(top);
    render_visits(frame, visits_area, app, theme);
    render_caseload(frame, caseload_area, app, theme);

    let (late, due): (Vec<&Alert>, Vec<&Alert>) = app
        .snapshot
        .alerts
        .iter()
        .partition(|a| a.severity == Severity::Overdue);
    let late_title = format!(" {} ({}) ", Msg::Overdue.text(lang), late.len());
    render_alert_block(
        frame,
        overdue,
        app,
        theme,
        &late_title,
        &late,
        Msg::NothingOverdue,
    );
    let due_title = format!(
        " {} {} {} ({}) ",
        Msg::DueSoon.text(lang),
        app.service().rules().warning_days,
        Msg::Days.text(lang),
        due.len()
    );
    render_alert_block(frame, soon, app, theme, &due_title, &due, Msg::NothingDue);
}

fn render_visits(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let lang = app.lang;
    let block = Block::bordered().title(Span::styled(
        format!(" {} ", Msg::VisitsToday.text(lang)),
        theme.heading(),
    ));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let width = inner.width as usize;
    // The snapshot holds today's and tomorrow's visits in date and time order; only the
    // lines that fit are formatted.
    let upcoming = &app.snapshot.upcoming;
    let lines = upcoming.iter().map(|v| {
        let word = if v.date == app.today {
            Msg::TodayWord
        } else {
            Msg::Tomorrow
        };
        let family = app
            .snapshot
            .family(v.family_id)
            .map(|r| format!("{} {}", r.family.case_number, r.family.name))
            .unwrap_or_default();
        let text = format!(
            "{:<5} {} {} · {}",
            word.text(lang),
            v.time.format("%H:%M"),
            family,
            v.kind.label(lang)
        );
        Line::raw(fit(&text, width))
    });
    render_capped(frame, inner, app, upcoming.len(), lines, Msg::NoVisits);
}

fn render_caseload(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let lang = app.lang;
    let title = if app.caller.is_assistant() {
        Msg::MyCaseload
    } else {
        Msg::Caseload
    };
    let block = Block::bordered().title(Span::styled(
        format!(" {} ", title.text(lang)),
        theme.heading(),
    ));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let width = inner.width as usize;
    let lines: Vec<Line> = app
        .snapshot
        .caseload
        .iter()
        .map(|row| {
            let level = caseload::level(row.active, row.limit);
            let marker = match level {
                Level::Ok => "  ",
                Level::Near => " !",
                Level::AtLimit | Level::Over => "!!",
            };
            let count = format!("{:>2}/{}{marker}", row.active, row.limit);
            let name_width = width.saturating_sub(count.chars().count() + 1);
            let text = format!(
                "{:<name_width$} {count}",
                fit(&row.assistant.name, name_width)
            );
            let style = match level {
                Level::Ok => ratatui::style::Style::new(),
                Level::Near => theme.severity(Severity::Soon),
                Level::AtLimit | Level::Over => theme.severity(Severity::Overdue),
            };
            Line::styled(text, style)
        })
        .collect();
    render_capped(
        frame,
        inner,
        app,
        lines.len(),
        lines.into_iter(),
        Msg::NoAssistants,
    );
}

fn render_alert_block(
    frame: &mut Frame,
    area: Rect,
    app: &App,
    theme: &Theme,
    title: &str,
    alerts: &[&Alert],
    empty: Msg,
) {
    let lang = app.lang;
    let block = Block::bordered().title(Span::styled(title.to_string(), theme.heading()));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let lines = alerts.iter().map(|a| {
        let family = app
            .snapshot
            .family(a.deadline.family_id)
            .map(|r| (r.family.case_number.as_str(), r.family.name.as_str()))
            .unwrap_or(("", ""));
        let text = format!(
            "{} {} {:<11} {:<14} {:<16} {}",
            severity_marker(a.severity),
            format_date(a.deadline.due),
            family.0,
            fit(family.1, 14),
            fit(a.deadline.kind.label(lang), 16),
            i18n::days_left(lang, a.days_left)
        );
        Line::styled(fit(&text, inner.width as usize), theme.severity(a.severity))
    });
    render_capped(frame, inner, app, alerts.len(), lines, empty);
}

/// Renders the first of `total` lines that fit into `area`; when not all fit, the last
/// row says how many more there are. Lines are made lazily: only the shown ones are built.
fn render_capped<'a>(
    frame: &mut Frame,
    area: Rect,
    app: &App,
    total: usize,
    lines: impl Iterator<Item = Line<'a>>,
    empty: Msg,
) {
    let rows = area.height as usize;
    let mut shown: Vec<Line> = if total > rows {
        lines.take(rows.saturating_sub(1)).collect()
    } else {
        lines.collect()
    };
    if total == 0 {
        shown.push(Line::raw(empty.text(app.lang)));
    } else if total > rows && rows > 0 {
        let hidden = total - shown.len();
        shown.push(Line::raw(format!(
            "… +{hidden} {}",
            Msg::More.text(app.lang)
        )));
    }
    frame.render_widget(Paragraph::new(shown), area);
}
