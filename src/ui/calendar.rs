//! The visit calendar: a month grid (weeks from Monday) with visit counts, and the
//! selected day's visits.

use chrono::{Datelike, Days, NaiveDate};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};

use super::{Theme, fit};
use crate::app::App;
use crate::domain::VisitStatus;
use crate::domain::dates::format_date;
use crate::i18n::{self, Label, Msg};

/// Width of one day cell: marker, two digits, space, count.
const CELL: usize = 6;

/// Draws the Calendar screen: the month grid and its summary on top, the selected
/// day's visits below, one line each.
pub fn render(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let [top, day_area] =
        Layout::vertical([Constraint::Length(9), Constraint::Fill(1)]).areas(area);
    let [grid_area, summary_area] = Layout::horizontal([
        Constraint::Length((CELL * 7 + 2) as u16),
        Constraint::Fill(1),
    ])
    .areas(top);
    render_grid(frame, grid_area, app, theme);
    render_summary(frame, summary_area, app, theme);
    render_day(frame, day_area, app, theme);
}

/// Monday on or before the first of the month.
fn grid_start(day: NaiveDate) -> NaiveDate {
    let first = day.with_day(1).unwrap_or(day);
    first
        .checked_sub_days(Days::new(first.weekday().num_days_from_monday().into()))
        .unwrap_or(first)
}

fn render_grid(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let lang = app.lang;
    let sel = app.calendar.selected;
    let title = format!(" {} {} ", i18n::month(lang, sel.month()), sel.year());
    let mut lines = vec![Line::from(
        (0..7)
            .map(|d| {
                Span::styled(
                    format!("{:^CELL$}", i18n::weekday_short(lang, d)),
                    theme.header(),
                )
            })
            .collect::<Vec<_>>(),
    )];
    let mut day = grid_start(sel);
    for _week in 0..6 {
        if day.month() != sel.month() && day > sel {
            break;
        }
        let mut spans = Vec::new();
        for _ in 0..7 {
            let count = app.visits_on(day);
            let text = if day.month() == sel.month() {
                let marker = if day == app.today { '*' } else { ' ' };
                let count = if count > 0 {
                    count.to_string()
                } else {
                    String::new()
                };
                format!("{marker}{:>2} {:<2}", day.day(), fit(&count, 2))
            } else {
                " ".repeat(CELL)
            };
            let mut style = Style::new();
            if day == app.today {
                style = style.patch(theme.today());
            }
            if day == sel {
                style = style.patch(theme.selected());
            }
            spans.push(Span::styled(text, style));
            day = day.succ_opt().unwrap_or(day);
        }
        lines.push(Line::from(spans));
    }
    frame.render_widget(
        Paragraph::new(lines).block(Block::bordered().title(Span::styled(title, theme.heading()))),
        area,
    );
}

fn render_summary(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let lang = app.lang;
    let month: u32 = app.calendar.month_counts.values().sum();
    let day = &app.calendar.day_visits;
    let count = |status| day.iter().filter(|v| v.status == status).count();
    let lines = vec![
        Line::raw(format!("{month} {}", Msg::VisitsInMonth.text(lang))),
        Line::raw(format!(
            "{}: {}",
            format_date(app.calendar.selected),
            day.len()
        )),
        Line::raw(format!(
            "  {}: {}",
            Msg::HeldCount.text(lang),
            count(VisitStatus::Held)
        )),
        Line::raw(format!(
            "  {}: {}",
            Msg::PlannedCount.text(lang),
            count(VisitStatus::Planned)
        )),
        Line::styled(
            format!("*22 5 = {}", Msg::CalendarLegend.text(lang)),
            theme.dim(),
        ),
    ];
    frame.render_widget(Paragraph::new(lines).block(Block::bordered()), area);
}

fn render_day(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let lang = app.lang;
    let sel = app.calendar.selected;
    let title = format!(
        " {} {}, {} ",
        Msg::VisitsOn.text(lang),
        i18n::weekday(lang, sel.weekday().num_days_from_monday()),
        format_date(sel)
    );
    let block = Block::bordered().title(Span::styled(title, theme.heading()));
    let width = block.inner(area).width as usize;
    let mut lines = Vec::new();
    for v in &app.calendar.day_visits {
        let end = v.time + chrono::Duration::minutes(i64::from(v.duration_min));
        let (case, name) = app
            .snapshot
            .family(v.family_id)
            .map(|r| (r.family.case_number.as_str(), r.family.name.as_str()))
            .unwrap_or(("", ""));
        let text = format!(
            "{}–{} {case:<11} {:<16} {:<17} {}",
            v.time.format("%H:%M"),
            end.format("%H:%M"),
            fit(name, 16),
            fit(v.kind.label(lang), 17),
            v.status.label(lang)
        );
        lines.push(Line::raw(fit(&text, width)));
    }
    if lines.is_empty() {
        lines.push(Line::raw(Msg::NoVisitsOnDay.text(lang)));
    }
    frame.render_widget(Paragraph::new(lines).block(block), area);
}
