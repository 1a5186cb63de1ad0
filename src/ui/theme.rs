//! Styles for 16 colours or none: meaning is always carried by a marker or a
//! modifier too, colour only adds to it.

use ratatui::style::{Color, Modifier, Style};

use crate::domain::alerts::Severity;

/// The styles in use, with or without colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    /// False under `NO_COLOR`: only modifiers are used.
    pub color: bool,
}

impl Theme {
    /// A theme honouring the `NO_COLOR` convention (any non-empty value disables colour).
    pub fn from_env(no_color: Option<&str>) -> Theme {
        Theme {
            color: no_color.is_none_or(str::is_empty),
        }
    }

    fn fg(&self, style: Style, color: Color) -> Style {
        if self.color { style.fg(color) } else { style }
    }

    /// Selected row or tab: reverse video, readable without colour (no bold: every
    /// attribute costs bytes on each selection move over a slow link).
    pub fn selected(&self) -> Style {
        Style::new().add_modifier(Modifier::REVERSED)
    }

    /// Block titles and headings.
    pub fn heading(&self) -> Style {
        self.fg(Style::new().add_modifier(Modifier::BOLD), Color::Cyan)
    }

    /// Table header row.
    pub fn header(&self) -> Style {
        Style::new().add_modifier(Modifier::BOLD | Modifier::UNDERLINED)
    }

    /// Less important text.
    pub fn dim(&self) -> Style {
        if self.color {
            Style::new().fg(Color::DarkGray)
        } else {
            Style::new()
        }
    }

    /// Something the user must act on (a missing consultation, an error).
    pub fn warning(&self) -> Style {
        self.fg(Style::new().add_modifier(Modifier::BOLD), Color::Red)
    }

    /// Style for an alert of a given severity.
    pub fn severity(&self, severity: Severity) -> Style {
        match severity {
            Severity::Overdue => self.fg(Style::new().add_modifier(Modifier::BOLD), Color::Red),
            Severity::Today => self.fg(Style::new().add_modifier(Modifier::BOLD), Color::Yellow),
            Severity::Soon => self.fg(Style::new(), Color::Yellow),
        }
    }

    /// Today's day in the calendar.
    pub fn today(&self) -> Style {
        self.fg(
            Style::new().add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
            Color::Green,
        )
    }

    /// The status bar.
    pub fn status(&self) -> Style {
        if self.color {
            Style::new().bg(Color::Blue).fg(Color::White)
        } else {
            Style::new()
        }
    }
}

/// The marker that tells severity without colour.
pub fn severity_marker(severity: Severity) -> &'static str {
    match severity {
        Severity::Overdue => "!!",
        Severity::Today => "! ",
        Severity::Soon => "· ",
    }
}
