//! Forms, menus and questions drawn over the screen body.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, List, ListItem, ListState, Paragraph, Wrap};

use super::{Theme, fit, surname};
use crate::app::App;
use crate::app::form::{Form, Kind};
use crate::app::register::Popup;
use crate::config::Language;
use crate::domain::dates::{age_on, format_date};
use crate::i18n::{self, Label, Msg};

/// Rows a multi-line field takes.
const MULTILINE_ROWS: u16 = 3;

/// Draws the popup on top, if any, over `area`.
pub fn render(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let Some(popup) = app.popup() else {
        return;
    };
    // A question about a form's save is drawn over that form.
    if let Popup::Conflict { .. } = popup
        && let [.., Popup::Form(rf), _] = app.popups.as_slice()
    {
        render_form(frame, area, &rf.form, app.lang, theme);
    }
    match popup {
        Popup::Form(rf) => render_form(frame, area, &rf.form, app.lang, theme),
        Popup::StatusMenu { options, selected } => {
            let items = options
                .iter()
                .map(|t| i18n::transition(app.lang, *t).to_string())
                .collect();
            let status = app
                .family_detail
                .as_ref()
                .map(|d| d.family.status.label(app.lang))
                .unwrap_or_default();
            let title = format!(
                "{} ({}: {status})",
                Msg::StatusMenu.text(app.lang),
                Msg::ColStatus.text(app.lang)
            );
            render_menu(
                frame,
                area,
                theme,
                &title,
                items,
                *selected,
                Msg::ChooseKeys.text(app.lang),
            );
        }
        Popup::Members { selected } => {
            let lang = app.lang;
            let items = app
                .family_detail
                .as_ref()
                .map(|d| {
                    d.members
                        .iter()
                        .map(|m| {
                            let mut s = format!(
                                "{} {} — {}",
                                m.first_name,
                                surname(app, &m.last_name),
                                m.role.label(lang)
                            );
                            if let Some(b) = m.birth_date {
                                s.push_str(&format!(
                                    ", {} ({})",
                                    format_date(b),
                                    i18n::age(lang, age_on(b, app.today))
                                ));
                            }
                            if m.in_foster_care(app.today) {
                                s.push_str(&format!(", {}", Msg::FosterCare.text(lang)));
                            }
                            if let Some(left) = m.left_household {
                                s.push_str(&format!(
                                    ", {} {}",
                                    Msg::LeftHousehold.text(lang),
                                    format_date(left)
                                ));
                            }
                            s
                        })
                        .collect()
                })
                .unwrap_or_default();
            let title = family_title(app, Msg::Members);
            render_menu(
                frame,
                area,
                theme,
                &title,
                items,
                *selected,
                Msg::MembersKeys.text(lang),
            );
        }
        Popup::Cooperation { selected } => {
            let lang = app.lang;
            let items = app
                .family_detail
                .as_ref()
                .map(|d| {
                    d.cooperation
                        .iter()
                        .map(|c| {
                            format!(
                                "{} {} · {} · {} · {}",
                                format_date(c.date),
                                c.institution.label(lang),
                                c.institution_name,
                                c.person,
                                c.note
                            )
                        })
                        .collect()
                })
                .unwrap_or_default();
            let title = family_title(app, Msg::Cooperation);
            render_menu(
                frame,
                area,
                theme,
                &title,
                items,
                *selected,
                Msg::CooperationKeys.text(lang),
            );
        }
        Popup::DayVisits { selected } => {
            let lang = app.lang;
            let items = app
                .calendar
                .day_visits
                .iter()
                .map(|v| {
                    let family = app
                        .snapshot
                        .family(v.family_id)
                        .map(|r| {
                            let name = surname(app, &r.family.name);
                            format!("{} {name}", r.family.case_number)
                        })
                        .unwrap_or_default();
                    format!(
                        "{} {}′ · {family} · {} · {}",
                        v.time.format("%H:%M"),
                        v.duration_min,
                        v.kind.label(lang),
                        v.status.label(lang)
                    )
                })
                .collect();
            let listed = app.calendar.day_visits.len();
            let mut title = format!(
                "{} {}",
                Msg::DayVisits.text(lang),
                format_date(app.calendar.selected)
            );
            if app.calendar.day_total > listed {
                let first = crate::i18n::first_of(lang, listed, app.calendar.day_total);
                title.push_str(&format!(" ({first})"));
            }
            render_menu(
                frame,
                area,
                theme,
                &title,
                items,
                *selected,
                Msg::DayVisitsKeys.text(lang),
            );
        }
        Popup::Conflict { message } => question(frame, area, theme, message, 7),
        Popup::Confirm { question: text, .. } => question(frame, area, theme, text, 5),
    }
}

/// A question in a bordered box of `height` rows across the middle of `area`.
fn question(frame: &mut Frame, area: Rect, theme: &Theme, text: &str, height: u16) {
    let height = height.min(area.height);
    let rect = Rect {
        y: area.y + area.height.saturating_sub(height) / 2,
        height,
        ..area
    };
    frame.render_widget(Clear, rect);
    frame.render_widget(
        Paragraph::new(text)
            .style(theme.warning())
            .wrap(Wrap { trim: true })
            .block(Block::bordered()),
        rect,
    );
}

fn family_title(app: &App, what: Msg) -> String {
    let name = app
        .family_detail
        .as_ref()
        .map(|d| format!("{} {}", d.family.case_number, d.family.name))
        .unwrap_or_default();
    format!("{} — {name}", what.text(app.lang))
}

fn render_menu(
    frame: &mut Frame,
    area: Rect,
    theme: &Theme,
    title: &str,
    items: Vec<String>,
    selected: usize,
    keys: &str,
) {
    frame.render_widget(Clear, area);
    let block = Block::bordered().title(Span::styled(
        format!(" {} ", fit(title, area.width.saturating_sub(4) as usize)),
        theme.heading(),
    ));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let [list_area, keys_area] =
        Layout::vertical([Constraint::Min(0), Constraint::Length(1)]).areas(inner);
    let width = list_area.width.saturating_sub(2) as usize;
    let empty = items.is_empty();
    let list = List::new(items.into_iter().map(|s| ListItem::new(fit(&s, width))))
        .highlight_style(theme.selected())
        .highlight_symbol("▶ ");
    let mut state = ListState::default().with_selected((!empty).then_some(selected));
    frame.render_stateful_widget(list, list_area, &mut state);
    frame.render_widget(Line::styled(keys, theme.status()), keys_area);
}

/// Where each field's rows are in the form, in rows from the top of the content.
fn layout(form: &Form) -> Vec<(usize, u16, u16)> {
    let mut out = Vec::new();
    let mut row = 0u16;
    for (i, f) in form.fields.iter().enumerate() {
        if f.hidden {
            continue;
        }
        let height = match f.kind {
            Kind::Multiline { .. } => MULTILINE_ROWS,
            _ => 1,
        } + u16::from(f.error.is_some());
        out.push((i, row, height));
        row = row.saturating_add(height);
    }
    out
}

fn render_form(frame: &mut Frame, area: Rect, form: &Form, lang: Language, theme: &Theme) {
    frame.render_widget(Clear, area);
    let block = Block::bordered().title(Span::styled(
        format!(
            " {} ",
            fit(&form.title, area.width.saturating_sub(4) as usize)
        ),
        theme.heading(),
    ));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let bottom_rows = 1 + u16::from(form.message.is_some());
    let [fields_area, bottom] =
        Layout::vertical([Constraint::Min(0), Constraint::Length(bottom_rows)]).areas(inner);

    let label_width = form
        .fields
        .iter()
        .map(|f| f.label.text(lang).chars().count())
        .max()
        .unwrap_or(0)
        .min(28) as u16
        + 3;
    let rows = layout(form);
    // Scroll so that the focused field, with its error line, is visible.
    let height = fields_area.height;
    let mut offset = form.offset.get() as u16;
    if let Some(&(_, top, h)) = rows.iter().find(|(i, ..)| *i == form.focus) {
        if top < offset {
            offset = top;
        } else if top + h > offset + height {
            offset = (top + h).saturating_sub(height);
        }
    }
    form.offset.set(offset as usize);

    for &(i, top, h) in &rows {
        if top + h <= offset || top >= offset + height {
            continue;
        }
        let field = &form.fields[i];
        let focused = i == form.focus;
        let y = fields_area.y + top.saturating_sub(offset);
        let visible_h = h.min(fields_area.y + height - y);
        let rect = Rect {
            x: fields_area.x,
            y,
            width: fields_area.width,
            height: visible_h,
        };
        let [label_area, value_area] =
            Layout::horizontal([Constraint::Length(label_width), Constraint::Min(0)]).areas(rect);
        let marker = if field.error.is_some() { "!" } else { " " };
        let label = format!(
            "{marker}{}",
            fit(field.label.text(lang), label_width as usize - 3)
        );
        let label_style = if focused {
            theme.selected()
        } else if field.error.is_some() {
            theme.warning()
        } else {
            theme.heading()
        };
        frame.render_widget(
            Line::from(vec![Span::styled(label, label_style), Span::raw(": ")]),
            Rect {
                height: 1,
                ..label_area
            },
        );
        let value_rows = visible_h.saturating_sub(u16::from(field.error.is_some()));
        let value_rect = Rect {
            height: value_rows,
            ..value_area
        };
        if let (true, Kind::Pick { options, .. }) = (focused, &field.kind) {
            // What is typed, and the option it finds now.
            let matches = field.matches();
            let at = matches
                .iter()
                .position(|i| *i == field.choice)
                .map_or(0, |p| p + 1);
            let found = options.get(field.choice).map_or("", String::as_str);
            let line = Line::from(vec![
                Span::styled(format!("{}▏", field.text()), theme.selected()),
                Span::raw(format!(" → {found} ({at}/{}) ‹›", matches.len())),
            ]);
            frame.render_widget(Paragraph::new(line), value_rect);
        } else if focused && field.kind.is_typed() {
            frame.render_widget(&field.input, value_rect);
        } else {
            let text = match &field.kind {
                Kind::Choice(_) | Kind::Pick { .. } => match &field.caption {
                    Some(caption) => format!("‹ {} › {caption}", field.display(lang)),
                    None => format!("‹ {} ›", field.display(lang)),
                },
                Kind::Flag => format!(
                    "[{}] {}",
                    if field.flag { "x" } else { " " },
                    field.caption.clone().unwrap_or_else(|| field.display(lang))
                ),
                _ => field.display(lang),
            };
            let style = if focused {
                theme.selected()
            } else {
                Style::default()
            };
            frame.render_widget(
                Paragraph::new(text).style(style).wrap(Wrap { trim: false }),
                value_rect,
            );
        }
        if let Some(error) = &field.error
            && visible_h > value_rows
        {
            frame.render_widget(
                Line::styled(format!("↳ {error}"), theme.warning()),
                Rect {
                    y: value_rect.y + value_rows,
                    height: 1,
                    ..value_area
                },
            );
        }
    }

    let mut lines = Vec::new();
    if let Some(message) = &form.message {
        lines.push(Line::styled(format!("! {message}"), theme.warning()));
    }
    if form.confirm_discard {
        lines.push(Line::styled(
            Msg::DiscardAsk.text(lang),
            theme.warning().patch(theme.selected()),
        ));
    } else {
        let multiline = form
            .focused()
            .is_some_and(|f| matches!(f.kind, Kind::Multiline { .. }));
        let keys = if multiline {
            Msg::FormKeysText
        } else {
            Msg::FormKeys
        };
        lines.push(Line::styled(
            fit(keys.text(lang), bottom.width as usize),
            theme.status(),
        ));
    }
    frame.render_widget(Paragraph::new(lines), bottom);
}
