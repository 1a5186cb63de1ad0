//! The daily overview: today's and tomorrow's visits, overdue items, what is due
//! within the warning window, and caseloads.

use chrono::Datelike;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

use super::{Theme, fit, surname, theme::severity_marker};
use crate::app::App;
use crate::app::overview::{self, AssistantRow};
use crate::domain::alerts::{Alert, Severity};
use crate::domain::caseload::{self, Level};
use crate::domain::dates::format_date;
use crate::domain::{FamilyStatus, Role};
use crate::i18n::{self, Label, Msg};

/// Draws the overview.
pub fn render(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let lang = app.lang;
    let supervisor = !app.caller.is_scoped();
    let assistants = if supervisor {
        overview::per_assistant(&app.snapshot)
    } else {
        Vec::new()
    };
    let head_height = 1 + u16::from(!app.snapshot.damaged.is_empty());
    // The top row shows every visit and assistant on a tall terminal, up to a third of
    // the screen; at 24 lines it keeps five rows below its rule.
    let wanted = app
        .snapshot
        .upcoming_total()
        .max(assistants.len() + 1)
        .max(app.snapshot.caseload.len())
        .saturating_add(1);
    let third = (area.height.saturating_sub(head_height + 1) / 3).max(6);
    let top_height = u16::try_from(wanted).unwrap_or(u16::MAX).clamp(6, third);
    let [header, kinds, top, lists] = Layout::vertical([
        Constraint::Length(head_height),
        Constraint::Length(1),
        Constraint::Length(top_height),
        Constraint::Fill(1),
    ])
    .areas(area);
    let (late, due): (Vec<&Alert>, Vec<&Alert>) = app
        .snapshot
        .alerts
        .iter()
        .partition(|a| a.severity == Severity::Overdue);
    // An attached workstation's first snapshot carries the first alerts only, and
    // counts the rest.
    let (late_left, due_left) = app.snapshot.left_out_totals();
    let (late_total, due_total) = (late.len() + late_left, due.len() + due_left);
    let (late_height, due_height) = split(lists.height, late_total, due_total);
    let [overdue, soon] = Layout::vertical([
        Constraint::Length(late_height),
        Constraint::Length(due_height),
    ])
    .areas(lists);

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
    render_kinds(frame, kinds, app, theme);

    let side = if supervisor {
        (area.width * 3 / 10).clamp(36, 48)
    } else {
        26
    };
    let [visits_area, caseload_area] =
        Layout::horizontal([Constraint::Fill(1), Constraint::Length(side)])
            .spacing(1)
            .areas(top);
    render_visits(frame, visits_area, app, theme);
    if supervisor {
        render_assistants(frame, caseload_area, app, theme, &assistants);
    } else {
        render_caseload(frame, caseload_area, app, theme);
    }
    let late_title = format!(" {} ({late_total}) ", Msg::Overdue.text(lang));
    render_alert_block(
        frame,
        overdue,
        app,
        theme,
        &late_title,
        (&late, late_total),
        Msg::NothingOverdue,
    );
    let due_title = format!(
        " {} {} {} ({}) ",
        Msg::DueSoon.text(lang),
        app.backend().rules().warning_days,
        Msg::Days.text(lang),
        due_total
    );
    render_alert_block(
        frame,
        soon,
        app,
        theme,
        &due_title,
        (&due, due_total),
        Msg::NothingDue,
    );
}

/// Heights of the overdue and the due-soon blocks in `height` rows: each gets what its
/// `late` or `due` lines need when it can, the overdue block the rows left over, and an
/// even split (the odd row to the overdue one) when both are long.
fn split(height: u16, late: usize, due: usize) -> (u16, u16) {
    let need = |n: usize| {
        u16::try_from(n.max(1))
            .unwrap_or(u16::MAX)
            .saturating_add(1)
    };
    let (late, due) = (need(late), need(due));
    let half = height / 2;
    if late.saturating_add(due) <= height || due <= half {
        (height - due.min(height), due.min(height))
    } else if late <= half {
        (late, height - late)
    } else {
        (height - half, half)
    }
}

/// Draws a panel headed by a rule with `title` and gives back the area below it. A rule
/// on top only, not a box: the Overview has four panels, and their boxes took four rows
/// of 24 and, being multibyte characters, 1.2 KB of the 3.3 KB a switch to it wrote.
fn panel(frame: &mut Frame, area: Rect, theme: &Theme, title: &str) -> Rect {
    let block = Block::new()
        .borders(Borders::TOP)
        .title(Span::styled(title.to_string(), theme.heading()));
    // Indented by a column, as the lines above the panels are.
    let inner = block.inner(area);
    frame.render_widget(block, area);
    Rect {
        x: inner.x.saturating_add(1).min(inner.right()),
        width: inner.width.saturating_sub(1),
        ..inner
    }
}

fn render_visits(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let lang = app.lang;
    let inner = panel(
        frame,
        area,
        theme,
        &format!(" {} ", Msg::VisitsToday.text(lang)),
    );
    let width = inner.width as usize;
    // The snapshot holds today's and tomorrow's visits in date and time order; only the
    // lines that fit are formatted.
    let upcoming = &app.snapshot.upcoming;
    let word = |v: &crate::domain::Visit| {
        if v.date == app.today {
            Msg::TodayWord
        } else {
            Msg::Tomorrow
        }
    };
    // "today" and "tomorrow" padded alike when both are shown, so the times line up.
    let pad = upcoming
        .iter()
        .take(inner.height as usize)
        .map(|v| word(v).text(lang).chars().count())
        .max()
        .unwrap_or(0);
    let lines = upcoming.iter().map(|v| {
        let word = word(v);
        let family = app
            .snapshot
            .label(v.family_id)
            .map(|(case_number, name)| format!("{case_number} {}", surname(app, name)))
            .unwrap_or_default();
        let text = format!(
            "{:<pad$} {} {} · {}",
            word.text(lang),
            v.time.format("%H:%M"),
            family,
            v.kind.label(lang)
        );
        Line::raw(fit(&text, width))
    });
    let total = app.snapshot.upcoming_total();
    render_capped(frame, inner, app, total, lines, Msg::NoVisits);
}

/// One line of alert counts by kind: full names when they fit, short ones when not,
/// and "… +N" for the kinds that still do not fit. Kinds with overdue alerts are bold.
fn render_kinds(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let lang = app.lang;
    let counts = overview::counts_by_kind(&app.snapshot);
    let prefix = format!(" {}: ", Msg::ByKind.text(lang));
    if counts.is_empty() {
        let line = Line::from(vec![
            Span::styled(prefix, theme.heading()),
            Span::raw(Msg::NoAlerts.text(lang)),
        ]);
        frame.render_widget(line, area);
        return;
    }
    let width = area.width as usize;
    let entries = |short: bool| -> Vec<String> {
        counts
            .iter()
            .map(|c| {
                let name = if short {
                    i18n::deadline_short(lang, c.kind)
                } else {
                    c.kind.label(lang)
                };
                format!("{name} {}", c.total())
            })
            .collect()
    };
    let len = |e: &[String]| {
        prefix.chars().count()
            + e.iter().map(|s| s.chars().count()).sum::<usize>()
            + 3 * e.len().saturating_sub(1)
    };
    let mut texts = entries(false);
    if len(&texts) > width {
        texts = entries(true);
    }
    // Keep as many as fit with room for "· … +N" after them.
    let mut shown = texts.len();
    while shown > 0 && len(&texts[..shown]) + more_width(texts.len() - shown) > width {
        shown -= 1;
    }
    let mut spans = vec![Span::styled(prefix, theme.heading())];
    for (i, (text, c)) in texts.iter().zip(&counts).take(shown).enumerate() {
        if i > 0 {
            spans.push(Span::raw(" · "));
        }
        let style = if c.overdue > 0 {
            theme.severity(Severity::Overdue)
        } else {
            ratatui::style::Style::new()
        };
        spans.push(Span::styled(text.clone(), style));
    }
    if shown < texts.len() {
        let sep = if shown > 0 { " · " } else { "" };
        spans.push(Span::raw(format!(
            "{sep}… +{} {}",
            texts.len() - shown,
            Msg::More.text(lang)
        )));
    }
    frame.render_widget(Line::from(spans), area);
}

/// Room the "· … +N more" tail takes (none when nothing is left out).
fn more_width(hidden: usize) -> usize {
    if hidden == 0 {
        0
    } else {
        // " · … +" and the number and a word of up to six letters.
        6 + hidden.to_string().len() + 7
    }
}

/// The supervisor's view of the assistants: active families against the limit, and
/// the overdue and soon alerts of each one's families, the most overdue first.
fn render_assistants(
    frame: &mut Frame,
    area: Rect,
    app: &App,
    theme: &Theme,
    rows: &[AssistantRow],
) {
    let lang = app.lang;
    let inner = panel(
        frame,
        area,
        theme,
        &format!(" {} ", Msg::Assistants.text(lang)),
    );
    if rows.is_empty() {
        frame.render_widget(Paragraph::new(Msg::NoAssistants.text(lang)), inner);
        return;
    }
    // Name, "14/15 !", overdue, soon.
    let name_width = (inner.width as usize).saturating_sub(18);
    let [head, body] = Layout::vertical([Constraint::Length(1), Constraint::Fill(1)]).areas(inner);
    let header = format!(
        "{:<name_width$} {:<7} {:>4} {:>4}",
        fit(Msg::ColAssistant.text(lang), name_width),
        Msg::ColFamiliesShort.text(lang),
        Msg::ColOverdueShort.text(lang),
        Msg::ColSoonShort.text(lang),
    );
    frame.render_widget(Line::styled(header, theme.header()), head);
    let lines = rows.iter().map(|row| {
        let name = match &row.name {
            // "A. Kowalska" when the whole name does not fit, if that does.
            Some(full) if full.chars().count() > name_width => {
                let short = i18n::short_name(full);
                fit(
                    if short.chars().count() <= name_width {
                        &short
                    } else {
                        full
                    },
                    name_width,
                )
            }
            Some(full) => full.clone(),
            None => fit(Msg::NoAssistantRow.text(lang), name_width),
        };
        let (count, count_style) = match row.name {
            None => (format!("{:<7}", "  —"), ratatui::style::Style::new()),
            Some(_) => {
                let level = caseload::level(row.active, row.limit, row.margin);
                let marker = match level {
                    Level::Ok => "  ",
                    Level::Near => " !",
                    Level::AtLimit | Level::Over => "!!",
                };
                let style = match level {
                    Level::Ok => ratatui::style::Style::new(),
                    Level::Near => theme.severity(Severity::Soon),
                    Level::AtLimit | Level::Over => theme.severity(Severity::Overdue),
                };
                (format!("{:>2}/{}{marker}", row.active, row.limit), style)
            }
        };
        let number = |n: usize, severity: Severity| {
            let style = if n > 0 {
                theme.severity(severity)
            } else {
                ratatui::style::Style::new()
            };
            Span::styled(format!(" {n:>4}"), style)
        };
        Line::from(vec![
            Span::raw(format!("{name:<name_width$} ")),
            Span::styled(count, count_style),
            number(row.overdue, Severity::Overdue),
            number(row.soon, Severity::Soon),
        ])
    });
    render_capped(frame, body, app, rows.len(), lines, Msg::NoAssistants);
}

fn render_caseload(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    if app.caller.has_role(Role::SocialWorker) {
        return render_referred(frame, area, app, theme);
    }
    let lang = app.lang;
    let title = if app.caller.is_scoped() {
        Msg::MyCaseload
    } else {
        Msg::Caseload
    };
    let inner = panel(frame, area, theme, &format!(" {} ", title.text(lang)));
    let width = inner.width as usize;
    let lines: Vec<Line> = app
        .snapshot
        .caseload
        .iter()
        .map(|row| {
            let level = caseload::level(row.active, row.limit, row.margin);
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

/// A social worker's families by status, in place of a caseload they do not have.
fn render_referred(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let lang = app.lang;
    let title = format!(" {} ", Msg::ReferredFamilies.text(lang));
    let inner = panel(frame, area, theme, &title);
    let width = inner.width as usize;
    let lines: Vec<Line> = FamilyStatus::ALL
        .iter()
        .filter_map(|&status| {
            let count = app
                .snapshot
                .families
                .iter()
                .filter(|r| r.family.status == status)
                .count();
            let count = count.to_string();
            let label_width = width.saturating_sub(count.len() + 1);
            (count != "0").then(|| {
                Line::raw(format!(
                    "{:<label_width$} {count}",
                    fit(status.label(lang), label_width)
                ))
            })
        })
        .collect();
    render_capped(
        frame,
        inner,
        app,
        lines.len(),
        lines.into_iter(),
        Msg::NoReferredFamilies,
    );
}

fn render_alert_block(
    frame: &mut Frame,
    area: Rect,
    app: &App,
    theme: &Theme,
    title: &str,
    (alerts, total): (&[&Alert], usize),
    empty: Msg,
) {
    let lang = app.lang;
    let inner = panel(frame, area, theme, title);
    let lines = alerts.iter().map(|a| {
        let family = app
            .snapshot
            .label(a.deadline.family_id)
            .map(|(case_number, name)| (case_number, surname(app, name)))
            .unwrap_or(("", "".into()));
        let text = format!(
            "{} {} {:<11} {:<14} {:<16} {}",
            severity_marker(a.severity),
            format_date(a.deadline.due),
            family.0,
            fit(&family.1, 14),
            fit(a.deadline.kind.label(lang), 16),
            i18n::days_left(lang, a.days_left)
        );
        Line::styled(fit(&text, inner.width as usize), theme.severity(a.severity))
    });
    render_capped(frame, inner, app, total, lines, empty);
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
