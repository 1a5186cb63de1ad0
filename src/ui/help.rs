//! The help overlay, generated from the key bindings that work on the current screen.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};

use super::Theme;
use crate::app::App;
use crate::app::keymap::{BINDINGS, Scope, key_label};
use crate::i18n::Msg;

/// Draws the help over `area`.
pub fn render(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let lang = app.lang;
    let mut lines: Vec<Line> = Vec::new();
    let mut last_scope = None;
    // Only what works on the current screen: the whole list would not fit 80×24. A
    // screen this user does not have (the supervisor's Reports) is not offered either.
    let usable = |b: &&crate::app::keymap::Binding| match b.action {
        crate::app::Action::GoTo(s) => app.screens().contains(&s),
        _ => true,
    };
    for b in BINDINGS
        .iter()
        .filter(|b| b.scope.applies(app.screen))
        .filter(usable)
    {
        if last_scope != Some(b.scope) {
            let name = match b.scope {
                Scope::Global => Msg::ScopeGlobal,
                Scope::Lists => Msg::ScopeLists,
                Scope::Screen(s) => s.title(),
            };
            lines.push(Line::styled(name.text(lang), theme.heading()));
            last_scope = Some(b.scope);
        }
        let keys: Vec<String> = b.keys.iter().map(key_label).collect();
        lines.push(Line::from(vec![
            Span::styled(
                format!(" {:<9}", keys.join("/")),
                theme
                    .header()
                    .remove_modifier(ratatui::style::Modifier::UNDERLINED),
            ),
            Span::raw(b.action.description().text(lang)),
        ]));
    }
    let block = Block::bordered()
        .title(Span::styled(
            format!(" {} ", Msg::HelpTitle.text(lang)),
            theme.heading(),
        ))
        .title_bottom(format!(" {} ", Msg::HelpClose.text(lang)));
    let inner = block.inner(area);
    frame.render_widget(Clear, area);
    frame.render_widget(block, area);
    // Two columns, split where a scope starts so a group is not cut in half.
    let half = lines.len().div_ceil(2);
    let split = (half..lines.len())
        .find(|&i| lines[i].style == theme.heading())
        .filter(|&i| i <= inner.height as usize)
        .unwrap_or(half);
    let mut right = lines.split_off(split);
    // A group cut in two says so at the top of the right column.
    if right.first().is_some_and(|l| l.style != theme.heading())
        && let Some(heading) = lines.iter().rev().find(|l| l.style == theme.heading())
    {
        let name: String = heading.spans.iter().map(|s| s.content.as_ref()).collect();
        right.insert(
            0,
            Line::styled(
                format!("{name} ({})", Msg::Continued.text(lang)),
                theme.heading(),
            ),
        );
    }
    let [l, r] = Layout::horizontal([Constraint::Fill(1), Constraint::Fill(1)]).areas(inner);
    frame.render_widget(Paragraph::new(lines), l);
    frame.render_widget(Paragraph::new(right), r);
}
