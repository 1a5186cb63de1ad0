//! The visit calendar: a month grid (weeks from Monday) with visit counts and public
//! holidays, a week by hours, and an agenda of 14 days; the date typed after `g`.

use chrono::{Datelike, Days, NaiveDate, Timelike};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

use super::{Theme, fit, surname};
use crate::app::calendar::{agenda_span, holiday_name, kind_code, week_of};
use crate::app::{App, CalendarView};
use crate::domain::dates::format_date;
use crate::domain::holidays::{holiday, holidays_between};
use crate::domain::{Visit, VisitStatus};
use crate::i18n::{self, Label, Msg};

/// Width of one day cell of the month grid: today marker, two digits, holiday marker,
/// space, count.
const CELL: usize = 7;
/// Marker of today, before the day.
const TODAY: char = '*';
/// Marker of a public holiday, after the day.
const HOLIDAY: char = '•';
/// Marker of an hour cell a visit started earlier still fills.
const GOES_ON: char = '┆';
/// Rows the selected day's list keeps under the week grid (title and four visits).
const DAY_ROWS: u16 = 5;
/// Most hours the week grid shows at once (7:00 to midnight).
const MAX_HOURS: u16 = 17;

/// Draws the Calendar screen in its current view, with the date input under it while
/// a date is typed.
pub fn render(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let typing = app.calendar.date_input.is_some();
    let [main, input] =
        Layout::vertical([Constraint::Fill(1), Constraint::Length(u16::from(typing))]).areas(area);
    match app.calendar.view {
        CalendarView::Month => render_month(frame, main, app, theme),
        CalendarView::Week => render_week(frame, main, app, theme),
        CalendarView::Agenda => render_agenda(frame, main, app, theme),
    }
    if typing {
        render_input(frame, input, app, theme);
    }
}

/// Public holidays: bold, and red with colour; the `•` marker says it without either.
fn holiday_style(theme: &Theme) -> Style {
    let style = Style::new().add_modifier(Modifier::BOLD);
    if theme.color {
        style.fg(Color::Red)
    } else {
        style
    }
}

/// The style of a day: today, holiday, selected, each adding to the one before.
fn day_style(app: &App, day: NaiveDate, theme: &Theme) -> Style {
    let mut style = Style::new();
    if holiday(day).is_some() {
        style = style.patch(holiday_style(theme));
    }
    if day == app.today {
        style = style.patch(theme.today());
    }
    if day == app.calendar.selected {
        style = style.patch(theme.selected());
    }
    style
}

fn marker(on: bool, c: char) -> char {
    if on { c } else { ' ' }
}

fn render_month(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let [top, day_area] =
        Layout::vertical([Constraint::Length(9), Constraint::Fill(1)]).areas(area);
    let [grid_area, summary_area] = Layout::horizontal([
        Constraint::Length((CELL * 7 + 2) as u16),
        Constraint::Fill(1),
    ])
    .areas(top);
    render_grid(frame, grid_area, app, theme);
    render_summary(frame, summary_area, app, theme);
    render_day(frame, day_area, app, theme, Borders::ALL);
}

/// Monday on or before the first of the month.
fn grid_start(day: NaiveDate) -> NaiveDate {
    week_of(day.with_day(1).unwrap_or(day)).0
}

fn render_grid(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let lang = app.lang;
    let sel = app.calendar.selected;
    let title = format!(" {} {} ", i18n::month(lang, sel.month()), sel.year());
    let legend = format!(
        " {TODAY}22 5 = {} · 1{HOLIDAY} = {} ",
        Msg::CalendarLegend.text(lang),
        Msg::CalHolidayLegend.text(lang)
    );
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
            if day.month() == sel.month() {
                let count = app.visits_on(day);
                let count = if count > 0 {
                    count.to_string()
                } else {
                    String::new()
                };
                let text = format!(
                    "{}{:>2}{} {:<2}",
                    marker(day == app.today, TODAY),
                    day.day(),
                    marker(holiday(day).is_some(), HOLIDAY),
                    fit(&count, 2)
                );
                spans.push(Span::styled(text, day_style(app, day, theme)));
            } else {
                spans.push(Span::raw(" ".repeat(CELL)));
            }
            match day.succ_opt() {
                Some(next) => day = next,
                None => break,
            }
        }
        lines.push(Line::from(spans));
    }
    let block = Block::bordered()
        .title(Span::styled(title, theme.heading()))
        .title_bottom(Span::styled(legend, theme.dim()));
    frame.render_widget(Paragraph::new(lines).block(block), area);
}

fn render_summary(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let lang = app.lang;
    let sel = app.calendar.selected;
    let width = area.width.saturating_sub(2) as usize;
    let month: u32 = app.calendar.month_counts.values().sum();
    let day = &app.calendar.day_visits;
    let total = app.calendar.day_total.max(day.len());
    let count = |status| day.iter().filter(|v| v.status == status).count();
    let mut lines = vec![
        Line::raw(format!("{month} {}", Msg::VisitsInMonth.text(lang))),
        Line::raw(format!("{}: {total}", format_date(sel))),
        Line::raw(fit(
            &format!(
                "  {} {} · {} {}",
                count(VisitStatus::Held),
                Msg::HeldCount.text(lang),
                count(VisitStatus::Planned),
                Msg::PlannedCount.text(lang)
            ),
            width,
        )),
    ];
    // Held and planned are counted among the visits read: all of them but on a day of
    // more than the month view reads, which the next line then says.
    if total > day.len() {
        let first = i18n::first_of(lang, day.len(), total);
        lines.push(Line::raw(fit(&format!("  ({first})"), width)));
    }
    let (first, last) = crate::app::calendar::month_of(sel);
    if let Some(work) = &app.calendar.work {
        let (w0, w1) = crate::app::calendar::week_of(sel);
        let name = app
            .snapshot
            .staff
            .get(&work.assistant)
            .map(|s| i18n::short_name(&s.name))
            .unwrap_or_default();
        lines.push(Line::raw(fit(
            &i18n::working_time(
                lang,
                &name,
                work.minutes(sel, sel),
                work.minutes(w0, w1),
                work.minutes(first, last),
            ),
            width,
        )));
    }
    for (date, h) in holidays_between(first, last) {
        let text = format!(
            "{HOLIDAY} {} {}",
            date.format("%d.%m"),
            holiday_name(h).text(lang)
        );
        lines.push(Line::styled(fit(&text, width), holiday_style(theme)));
    }
    frame.render_widget(Paragraph::new(lines).block(Block::bordered()), area);
}

/// The title of a day: weekday, date, and the holiday's name.
fn day_title(app: &App, day: NaiveDate) -> String {
    let lang = app.lang;
    let mut title = format!(
        "{}, {}",
        i18n::weekday(lang, day.weekday().num_days_from_monday()),
        format_date(day)
    );
    if let Some(h) = holiday(day) {
        title.push_str(&format!(" {HOLIDAY} {}", holiday_name(h).text(lang)));
    }
    title
}

/// One visit on one line: start–end, case number, family, kind, status.
fn visit_line(app: &App, v: &Visit, width: usize) -> String {
    let lang = app.lang;
    let end = v.time + chrono::Duration::minutes(i64::from(v.duration_min));
    let (case, name) = app
        .snapshot
        .family(v.family_id)
        .map(|r| (r.family.case_number.as_str(), surname(app, &r.family.name)))
        .unwrap_or(("", "".into()));
    let text = format!(
        "{}–{} {case:<11} {:<16} {:<17} {}",
        v.time.format("%H:%M"),
        end.format("%H:%M"),
        fit(&name, 16),
        fit(v.kind.label(lang), 17),
        v.status.label(lang)
    );
    fit(&text, width)
}

/// The selected day's visits, one line each, under the month grid or the week.
fn render_day(frame: &mut Frame, area: Rect, app: &App, theme: &Theme, borders: Borders) {
    let lang = app.lang;
    let title = format!(
        " {} {} ",
        Msg::VisitsOn.text(lang),
        day_title(app, app.calendar.selected)
    );
    let block = Block::new()
        .borders(borders)
        .title(Span::styled(title, theme.heading()));
    let inner = block.inner(area);
    let width = inner.width as usize;
    let height = inner.height as usize;
    let visits = &app.calendar.day_visits;
    // A day of a whole country's register is read only as far as a screen needs.
    let total = app.calendar.day_total.max(visits.len());
    let mut lines: Vec<Line> = visits
        .iter()
        .map(|v| Line::raw(visit_line(app, v, width)))
        .collect();
    if lines.is_empty() {
        lines.push(Line::raw(Msg::NoVisitsOnDay.text(lang)));
    }
    if (lines.len() > height || total > visits.len()) && height > 0 {
        // The last row says how many more there are, never silently cut.
        lines.truncate(height - 1);
        let more = total - lines.len();
        lines.push(Line::styled(
            fit(
                &format!("… +{more} {}", Msg::CalMoreVisits.text(lang)),
                width,
            ),
            theme.dim(),
        ));
    }
    frame.render_widget(Paragraph::new(lines).block(block), area);
}

/// Minutes from midnight to the start and the end of a visit (the end at most 24:00).
fn span_minutes(v: &Visit) -> (u32, u32) {
    let start = v.time.hour() * 60 + v.time.minute();
    (start, (start + u32::from(v.duration_min)).min(24 * 60))
}

/// The first `n` characters of `s`: a short family name, cut without a mark.
fn short(s: &str, n: usize) -> String {
    s.chars().take(n).collect()
}

/// Text of one hour cell of the week: the first visit starting in the hour (time, kind
/// code, short family name) and how many more start in it, or the family of a visit
/// that goes on through the hour.
fn hour_cell(app: &App, visits: &[&Visit], hour: u32, width: usize) -> (String, bool) {
    let starting: Vec<&&Visit> = visits.iter().filter(|v| v.time.hour() == hour).collect();
    let name = |v: &Visit| {
        app.snapshot
            .family(v.family_id)
            .map(|r| surname(app, &r.family.name).into_owned())
            .unwrap_or_default()
    };
    if let Some(first) = starting.first() {
        let time = if width >= 14 {
            first.time.format("%H:%M").to_string()
        } else {
            first.time.format(":%M").to_string()
        };
        let code = kind_code(first.kind).text(app.lang);
        let more = if starting.len() > 1 {
            format!("+{}", starting.len() - 1)
        } else {
            String::new()
        };
        let head = format!("{time} {code} ");
        let room = width.saturating_sub(head.chars().count() + more.chars().count());
        let text = format!("{head}{}{more}", short(&name(first), room));
        return (format!("{:<width$}", short(&text, width)), false);
    }
    let going_on = visits.iter().find(|v| {
        let (start, end) = span_minutes(v);
        start < hour * 60 && end > hour * 60
    });
    match going_on {
        Some(v) => {
            let text = format!("{GOES_ON} {}", short(&name(v), width.saturating_sub(2)));
            (format!("{:<width$}", text), true)
        }
        None => (" ".repeat(width), false),
    }
}

fn render_week(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let lang = app.lang;
    let sel = app.calendar.selected;
    let (monday, sunday) = week_of(sel);
    let hours = area.height.saturating_sub(3 + DAY_ROWS).clamp(1, MAX_HOURS);
    app.calendar.hours_shown.set(u32::from(hours));
    let hours = u32::from(hours);
    let first = app.calendar.first_hour.min(24 - hours);
    let [grid_area, day_area] =
        Layout::vertical([Constraint::Length(hours as u16 + 3), Constraint::Fill(1)]).areas(area);

    let width = grid_area.width as usize;
    let label = if width >= 100 { 5 } else { 2 };
    let cell = (width.saturating_sub(label) / 7).saturating_sub(1).max(1);
    let days: Vec<NaiveDate> = (0..7)
        .map_while(|i| monday.checked_add_days(Days::new(i)))
        .collect();
    let visits: Vec<Vec<&Visit>> = days
        .iter()
        .map(|d| app.range_visits_on(*d).collect())
        .collect();

    let mut header = vec![Span::raw(" ".repeat(label))];
    for day in &days {
        let text = format!(
            "{}{} {}{}",
            marker(*day == app.today, TODAY),
            i18n::weekday_short(lang, day.weekday().num_days_from_monday()),
            day.format("%d.%m"),
            marker(holiday(*day).is_some(), HOLIDAY)
        );
        header.push(Span::raw("│"));
        header.push(Span::styled(
            format!("{:<cell$}", short(&text, cell)),
            day_style(app, *day, theme).add_modifier(Modifier::BOLD),
        ));
    }
    let mut lines = vec![Line::from(header)];
    for hour in first..first + hours {
        let hour_label = if label >= 5 {
            format!("{hour:02}:00")
        } else {
            format!("{hour:02}")
        };
        let mut spans = vec![Span::styled(hour_label, theme.dim())];
        for (day, day_visits) in days.iter().zip(&visits) {
            let (text, goes_on) = match &app.calendar.hour_counts {
                // A crowded week: how many visits start in the hour.
                Some(counts) => {
                    let slot = (*day, u8::try_from(hour).unwrap_or(u8::MAX));
                    let n = counts.get(&slot).copied().unwrap_or(0);
                    let text = if n == 0 { String::new() } else { n.to_string() };
                    (format!("{:<cell$}", short(&text, cell)), false)
                }
                None => hour_cell(app, day_visits, hour, cell),
            };
            spans.push(Span::raw("│"));
            spans.push(if goes_on {
                Span::styled(text, theme.dim())
            } else {
                Span::raw(text)
            });
        }
        lines.push(Line::from(spans));
    }

    let outside_hours = |h: u32, before: bool| {
        if before {
            h < first
        } else {
            h >= first + hours
        }
    };
    let hidden = |before: bool| match &app.calendar.hour_counts {
        Some(counts) => counts
            .iter()
            .filter(|((_, h), _)| outside_hours(u32::from(*h), before))
            .map(|(_, n)| *n as usize)
            .sum(),
        None => visits
            .iter()
            .flatten()
            .filter(|v| outside_hours(v.time.hour(), before))
            .count(),
    };
    let (earlier, later) = (hidden(true), hidden(false));
    let mut outside = Vec::new();
    if earlier > 0 {
        outside.push(format!("↑ {earlier} {}", Msg::CalHiddenEarlier.text(lang)));
    }
    if later > 0 {
        outside.push(format!("↓ {later} {}", Msg::CalHiddenLater.text(lang)));
    }
    let title = format!(
        " {} {} · {}–{} ",
        Msg::CalWeek.text(lang),
        sel.iso_week().week(),
        format_date(monday),
        format_date(sunday)
    );
    let mut block = Block::new()
        .borders(Borders::TOP | Borders::BOTTOM)
        .title(Span::styled(title, theme.heading()))
        .title_bottom(Span::styled(
            match app.calendar.hour_counts {
                Some(_) => format!(" {} ", Msg::CalPerHour.text(lang)),
                None => format!(" {} ", Msg::CalKindLegend.text(lang)),
            },
            theme.dim(),
        ));
    if !outside.is_empty() {
        block = block.title(
            Line::styled(format!(" {} (K J) ", outside.join(" · ")), theme.warning())
                .right_aligned(),
        );
    }
    frame.render_widget(Paragraph::new(lines).block(block), grid_area);
    render_day(frame, day_area, app, theme, Borders::TOP);
}

fn render_agenda(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let lang = app.lang;
    let (from, to) = agenda_span(app.calendar.selected);
    let title = format!(
        " {} · {}–{} ",
        Msg::CalAgenda.text(lang),
        format_date(from),
        format_date(to)
    );
    let mut block = Block::bordered().title(Span::styled(title, theme.heading()));
    let inner = block.inner(area);
    let width = inner.width as usize;
    let height = inner.height as usize;
    let mut lines: Vec<Line> = Vec::new();
    let mut shown = 0;
    let mut day = from;
    loop {
        if lines.len() >= height {
            break;
        }
        let visits: Vec<&Visit> = app.range_visits_on(day).collect();
        // The agenda reads the first visits of its days; each day's count is all of them.
        let counted = app.calendar.range_counts.get(&day).copied().unwrap_or(0);
        let count = visits
            .len()
            .max(usize::try_from(counted).unwrap_or(usize::MAX));
        let mut head = format!("{}{}", marker(day == app.today, TODAY), day_title(app, day));
        if count == 0 {
            head.push_str(&format!(" — {}", Msg::CalNoVisits.text(lang)));
        } else {
            head.push_str(&format!(" ({count})"));
        }
        let mut style = theme.heading();
        if holiday(day).is_some() {
            style = style.patch(holiday_style(theme));
        }
        if day == app.today {
            style = style.patch(theme.today());
        }
        lines.push(Line::styled(fit(&head, width), style));
        for v in visits {
            if lines.len() >= height {
                break;
            }
            lines.push(Line::raw(format!(
                "  {}",
                visit_line(app, v, width.saturating_sub(2))
            )));
            shown += 1;
        }
        if day >= to {
            break;
        }
        match day.succ_opt() {
            Some(next) => day = next,
            None => break,
        }
    }
    let in_span = usize::try_from(
        app.calendar
            .range_counts
            .values()
            .map(|n| u64::from(*n))
            .sum::<u64>(),
    )
    .unwrap_or(usize::MAX)
    .max(app.calendar.range_visits.len());
    let more = in_span.saturating_sub(shown);
    if more > 0 {
        block = block.title_bottom(Span::styled(
            format!(" +{more} {} (→ ↓) ", Msg::CalMoreVisits.text(lang)),
            theme.dim(),
        ));
    }
    frame.render_widget(Paragraph::new(lines).block(block), area);
}

/// The date being typed after `g`, with the accepted forms and the keys.
fn render_input(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let lang = app.lang;
    let text = app.calendar.date_input.as_deref().unwrap_or_default();
    let prefix = format!(" {}: ", Msg::CalGoToPrompt.text(lang));
    let hint = format!("  {}", Msg::CalGoToHint.text(lang));
    let width = area.width as usize;
    let prefix_width = Span::raw(prefix.as_str()).width();
    let text_width = Span::raw(text).width();
    let x = area.x as usize + prefix_width + text_width;
    if x < (area.x + area.width) as usize {
        frame.set_cursor_position((x as u16, area.y));
    }
    let line = Line::from(vec![
        Span::styled(prefix, theme.heading()),
        Span::styled(text.to_string(), theme.selected()),
        Span::styled(
            fit(&hint, width.saturating_sub(prefix_width + text_width)),
            theme.dim(),
        ),
    ]);
    frame.render_widget(line, area);
}
