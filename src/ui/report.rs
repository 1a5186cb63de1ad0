//! The Reports screen: the half-year report's rows and figures, or the records behind
//! the selected figure.

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Row, Table, TableState};

use super::{Theme, fit, surname};
use crate::app::App;
use crate::domain::dates::format_date;
use crate::i18n::Msg;
use crate::report::{Item, Report};

/// Draws the Reports screen.
pub fn render(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let lang = app.lang;
    let view = &app.report_view;
    let (from, to) = view.period;
    let name = view
        .report
        .as_ref()
        .map(|r| r.title(lang).to_string())
        .filter(|t| !t.is_empty())
        .unwrap_or_else(|| Msg::ScreenReports.text(lang).to_string());
    let room = usize::from(area.width).saturating_sub(30);
    let title = format!(
        " {} · {} – {} ",
        fit(&name, room),
        format_date(from),
        format_date(to)
    );
    let hint = match view.drill {
        Some(_) => Msg::ReportItemsHint,
        None => Msg::ReportHint,
    };
    let block = Block::bordered()
        .title(Span::styled(title, theme.heading()))
        .title_bottom(Line::raw(format!(" {} ", hint.text(lang))));
    let Some(report) = &view.report else {
        let text = view.error.clone().unwrap_or_default();
        frame.render_widget(
            Paragraph::new(text)
                .style(theme.warning())
                .wrap(ratatui::widgets::Wrap { trim: true })
                .block(block),
            area,
        );
        return;
    };
    // Inside the borders; the records' list also has its heading row.
    let rows_shown = usize::from(area.height.saturating_sub(2));
    if let Some((row, items)) = view.drilled() {
        let rows_shown = rows_shown.saturating_sub(1);
        let heading = format!(
            "{} {} = {}",
            row.id,
            row.label(lang),
            row.value.format(lang)
        );
        let shown = super::window(&view.items, items.len(), rows_shown);
        let first = shown.start;
        let lines = items[shown]
            .iter()
            .map(|item| Row::new(vec![item_text(app, report, item)]));
        let table = Table::new(lines, [Constraint::Fill(1)])
            .header(
                Row::new(vec![fit(&heading, usize::from(area.width) - 4)]).style(theme.header()),
            )
            .block(block)
            .row_highlight_style(theme.selected())
            .highlight_symbol("▶");
        let mut state =
            TableState::default().with_selected(Some(view.items.index.saturating_sub(first)));
        frame.render_stateful_widget(table, area, &mut state);
        return;
    }
    let shown = super::window(&view.rows, report.rows.len(), rows_shown);
    let first = shown.start;
    let lines = report.rows[shown].iter().map(|r| {
        let mut label = r.label(lang).to_string();
        if r.items.is_empty() {
            label.push(' ');
            label.push_str(Msg::ReportNoItems.text(lang));
        }
        Row::new(vec![
            r.id.clone(),
            label,
            format!("{:>10}", r.value.format(lang)),
        ])
    });
    let table = Table::new(
        lines,
        [
            Constraint::Length(6),
            Constraint::Fill(1),
            Constraint::Length(10),
        ],
    )
    .block(block)
    .row_highlight_style(theme.selected())
    .highlight_symbol("▶");
    let mut state =
        TableState::default().with_selected(Some(view.rows.index.saturating_sub(first)));
    frame.render_stateful_widget(table, area, &mut state);
}

/// One record behind a figure, as the drill-down lists it.
fn item_text(app: &App, report: &Report, item: &Item) -> String {
    let family = |id| {
        report
            .families
            .get(id)
            .map(|f| format!("{} {}", f.case_number, surname(app, &f.name)))
            .unwrap_or_default()
    };
    match item {
        Item::Family(id) => family(id),
        Item::Child { family: f, member } => {
            let child = report.children.get(member).cloned().unwrap_or_default();
            // The child's surname is the family's personal data too.
            let child = match child.split_once(' ') {
                Some((first, last)) => format!("{first} {}", surname(app, last)),
                None => child,
            };
            format!("{child} — {}", family(f))
        }
        Item::Visit {
            family: f, date, ..
        } => format!("{} {}", format_date(*date), family(f)),
        Item::Assistant { staff, families } => {
            let name = report.staff.get(staff).cloned().unwrap_or_default();
            format!("{name}: {}", families.len())
        }
    }
}
