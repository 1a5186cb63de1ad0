//! The assistants' caseload: active families against the limit, as a bar and a word that read without colour.

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Cell, Paragraph, Row, Table, TableState};

use super::Theme;
use super::families::table_rows;
use crate::app::App;
use crate::domain::Staff;
use crate::domain::alerts::Severity;
use crate::domain::caseload::{self, Level};
use crate::domain::dates::format_date;
use crate::i18n::{self, Msg};

/// Cells of the bar: one per family at the statutory limit of 15.
const BAR: usize = 15;

/// `████████░░░░░░░` for `active` of `limit`, full at or over the limit.
pub fn bar(active: u32, limit: u32) -> String {
    let filled = if limit == 0 {
        if active > 0 { BAR } else { 0 }
    } else {
        let exact = (u64::from(active) * BAR as u64 + u64::from(limit) / 2) / u64::from(limit);
        (exact as usize).min(BAR)
    };
    let mut out = "█".repeat(filled);
    out.push_str(&"░".repeat(BAR - filled));
    out
}

/// Draws the caseload view over the family list's area.
pub fn render(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let lang = app.lang;
    let rows = &app.snapshot.caseload;
    let title = match rows.first() {
        Some(r) => format!(
            " {} ({} {}) ",
            Msg::CaseloadTitle.text(lang),
            Msg::CaseloadLimit.text(lang),
            r.limit
        ),
        None => format!(" {} ", Msg::CaseloadTitle.text(lang)),
    };
    let block = Block::bordered()
        .title(Span::styled(title, theme.heading()))
        .title_bottom(Line::raw(format!(" {} ", Msg::CaseloadHint.text(lang))));
    if rows.is_empty() {
        frame.render_widget(
            Paragraph::new(Msg::NoAssistants.text(lang)).block(block),
            area,
        );
        return;
    }
    let selection = &app.family_list.caseload_selection;
    let shown = super::window(selection, rows.len(), table_rows(area));
    let first = shown.start;
    let lines = rows[shown].iter().map(|r| {
        let (word, style) = match caseload::level(r.active, r.limit, r.margin) {
            Level::Ok => ("", theme.dim()),
            Level::Near => (Msg::CaseloadNear.text(lang), theme.severity(Severity::Soon)),
            Level::AtLimit | Level::Over => (Msg::CaseloadFull.text(lang), theme.warning()),
        };
        Row::new(vec![
            Cell::from(r.assistant.name.clone()),
            Cell::from(format!(
                "{} {:>2}/{}",
                bar(r.active, r.limit),
                r.active,
                r.limit
            )),
            Cell::from(Span::styled(word, style)),
            Cell::from(stand_ins(app, &r.assistant)),
        ])
    });
    let header = Row::new(vec![
        Msg::ColAssistant.text(lang),
        Msg::ColActiveFamilies.text(lang),
        "",
        Msg::ColStandIns.text(lang),
    ])
    .style(theme.header());
    let table = Table::new(
        lines,
        [
            Constraint::Fill(1),
            Constraint::Length(BAR as u16 + 6),
            Constraint::Length(7),
            Constraint::Fill(1),
        ],
    )
    .header(header)
    .block(block)
    .row_highlight_style(theme.selected())
    .highlight_symbol("▶");
    let mut state =
        TableState::default().with_selected(Some(selection.index.saturating_sub(first)));
    frame.render_stateful_widget(table, area, &mut state);
}

/// The stand-ins an assistant holds that have not ended: "za A. Kowalska do 30.11.2026".
fn stand_ins(app: &App, holder: &Staff) -> String {
    holder
        .stand_ins
        .iter()
        .filter(|s| s.to >= app.today)
        .map(|s| {
            let away = app
                .snapshot
                .staff
                .get(&s.assistant)
                .map(|a| i18n::short_name(&a.name))
                .unwrap_or_default();
            i18n::stand_in_short(app.lang, &away, &format_date(s.to))
        })
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::bar;

    #[test]
    fn the_bar_fills_in_proportion_and_stops_at_full() {
        assert_eq!(bar(8, 15), "████████░░░░░░░");
        assert_eq!(bar(0, 15), "░".repeat(15));
        assert_eq!(bar(15, 15), "█".repeat(15));
        assert_eq!(bar(20, 15), "█".repeat(15));
        assert_eq!(bar(5, 10), "████████░░░░░░░");
        assert_eq!(bar(3, 0), "█".repeat(15));
        assert_eq!(bar(u32::MAX, 1), "█".repeat(15));
    }
}
