//! Every alert, overdue first, with family and due date; the selected alert's reason (the
//! rule behind it) in the bottom border.

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::Span;
use ratatui::widgets::{Block, Paragraph, Row, Table, TableState};

use super::{Theme, fit, surname, theme::severity_marker};
use crate::app::App;
use crate::domain::dates::format_date;
use crate::i18n::{self, Label, Msg};

/// Width from which a supervisor's list also names each family's assistant.
const WIDE: u16 = 110;

/// Draws the Alerts screen.
pub fn render(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let lang = app.lang;
    let title = format!(
        " {} ({}) ",
        Msg::ScreenAlerts.text(lang),
        app.snapshot.alerts.len()
    );
    let mut block = Block::bordered().title(Span::styled(title, theme.heading()));
    if let Some(selected) = app.snapshot.alerts.get(app.alerts.index) {
        let reason = i18n::deadline_reason(lang, selected.deadline.kind);
        let room = usize::from(area.width).saturating_sub(4);
        block = block.title_bottom(Span::styled(
            format!(" {} ", fit(reason, room)),
            theme.dim(),
        ));
    }
    if app.snapshot.alerts.is_empty() {
        frame.render_widget(Paragraph::new(Msg::NoAlerts.text(lang)).block(block), area);
        return;
    }
    let visible = super::window(
        &app.alerts,
        app.snapshot.alerts.len(),
        super::families::table_rows(area),
    );
    let first = visible.start;
    // Whoever sees more than their own families sees whose they are, where there is room.
    let with_assistant = !app.caller.is_scoped() && area.width >= WIDE;
    let rows = app.snapshot.alerts[visible].iter().map(|a| {
        let (case, name, assistant) = app
            .snapshot
            .family(a.deadline.family_id)
            .map(|r| {
                (
                    r.family.case_number.clone(),
                    surname(app, &r.family.name).into_owned(),
                    r.assistant_name.clone(),
                )
            })
            .unwrap_or_default();
        let mut cells = vec![
            format!(
                "{} {}",
                severity_marker(a.severity),
                format_date(a.deadline.due)
            ),
            a.deadline.kind.label(lang).to_string(),
            case,
            name,
        ];
        if with_assistant {
            cells.push(assistant);
        }
        cells.push(i18n::days_left(lang, a.days_left));
        Row::new(cells).style(theme.severity(a.severity))
    });
    // 80 columns: 2 borders, 1 selection marker, 4 gaps; the family name gets the rest.
    // "117 dni po terminie" needs 19: a plan gap can be months overdue.
    let mut widths = vec![
        Constraint::Length(13),
        Constraint::Length(16),
        Constraint::Length(11),
        Constraint::Fill(1),
        Constraint::Length(19),
    ];
    let mut header = vec![
        Msg::ColDue.text(lang),
        Msg::ColWhat.text(lang),
        Msg::ColCase.text(lang),
        Msg::ColFamily.text(lang),
        Msg::ColWhen.text(lang),
    ];
    if with_assistant {
        widths.insert(4, Constraint::Length(22));
        header.insert(4, Msg::ColAssistant.text(lang));
    }
    let table = Table::new(rows, widths)
        .header(Row::new(header).style(theme.header()))
        .block(block)
        .row_highlight_style(theme.selected())
        .highlight_symbol("▶");
    let mut state = TableState::default().with_selected(Some(app.alerts.index - first));
    frame.render_stateful_widget(table, area, &mut state);
}
