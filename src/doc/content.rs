//! A document's content as parts of tagged lines, so that one description gives both the
//! plain-text A4 layout ([`Document::text`]) and the DOCX file ([`Document::docx`]) with
//! the same words in the same order: a title, headings, labelled fields, wrapped text,
//! lines laid out by hand (signatures) and the sections the assistant must complete.

use super::{LINE_WIDTH, Layout, centre, page_footer, take_chars, wrap};
use crate::config::Language;

/// Characters by which the legal basis under a title is narrower than a line.
const CENTRED_MARGIN: usize = 8;

/// One line of a document's description; most become one or more wrapped text lines.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Line {
    /// The title, centred (bold and larger in DOCX).
    Title(String),
    /// A note under the title (the legal basis), wrapped narrower and centred.
    Centred(String),
    /// A section heading, as it is (bold in DOCX).
    Heading(String),
    /// `text` word-wrapped after the prefix `first`, continued after `rest`.
    Text {
        /// The first line's prefix (indent, number, "Label: ").
        first: String,
        /// The prefix of every further line (its indent).
        rest: String,
        /// The text, cleaned when it is laid out.
        text: String,
    },
    /// A labelled value: like [`Line::Text`], with the label (the prefix) bold in DOCX.
    Field {
        /// The label with its colon, padded to the column of the values.
        label: String,
        /// The prefix of every further line.
        rest: String,
        /// The value.
        value: String,
    },
    /// A blank line.
    Blank,
    /// A line laid out already (signature dots) from the program's own text, printed as
    /// it is (cut at the margin); user text goes in [`Line::Text`], which cleans it.
    Fixed(String),
    /// A section the assistant must complete: the mark, then `lines` empty lines to fill.
    ToComplete {
        /// The mark, e.g. `[DO UZUPEŁNIENIA PRZEZ ASYSTENTA]`.
        mark: String,
        /// Empty lines left under the mark.
        lines: usize,
    },
}

impl Line {
    /// Wrapped text after `first`, continued after `rest`.
    pub fn text(first: &str, rest: &str, text: &str) -> Line {
        Line::Text {
            first: first.to_string(),
            rest: rest.to_string(),
            text: text.to_string(),
        }
    }

    /// A labelled value whose further lines start with `rest`.
    pub fn field(label: &str, rest: &str, value: &str) -> Line {
        Line::Field {
            label: label.to_string(),
            rest: rest.to_string(),
            value: value.to_string(),
        }
    }

    /// The lines of text this line becomes on an A4 page.
    pub fn render(&self) -> Vec<String> {
        match self {
            Line::Title(t) => vec![centre(t, LINE_WIDTH)],
            Line::Centred(t) => wrap(t, "", "", LINE_WIDTH - CENTRED_MARGIN)
                .iter()
                .map(|l| centre(l, LINE_WIDTH))
                .collect(),
            Line::Heading(t) => wrap(t, "", "", LINE_WIDTH),
            Line::Text { first, rest, text } => wrap_after(first, rest, text),
            Line::Field { label, rest, value } => wrap_after(label, rest, value),
            Line::Blank => vec![String::new()],
            Line::Fixed(t) => vec![take_chars(t, LINE_WIDTH).trim_end().to_string()],
            Line::ToComplete { mark, lines } => {
                let mut out = wrap(mark, "  ", "  ", LINE_WIDTH);
                out.extend(std::iter::repeat_n(String::new(), *lines));
                out
            }
        }
    }
}

/// `text` wrapped after `first`, continued after `rest`; a prefix longer than half a
/// line (a long label) stands on a line of its own, the text starting below it, since
/// [`wrap`] would cut it.
fn wrap_after(first: &str, rest: &str, text: &str) -> Vec<String> {
    if first.chars().count() <= LINE_WIDTH / 2 {
        return wrap(text, first, rest, LINE_WIDTH);
    }
    let indent: String = first.chars().take_while(|c| *c == ' ').collect();
    let mut lines = wrap(first.trim_start(), &indent, rest, LINE_WIDTH);
    lines.extend(wrap(text, rest, rest, LINE_WIDTH));
    lines
}

/// How much of a part must share a page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Keep {
    /// The whole part, if it fits on a page.
    All,
    /// The text lines of the first `items` lines, and `more` text lines after them.
    Lead {
        /// Description lines kept whole (a heading, a label).
        items: usize,
        /// Further text lines kept with them.
        more: usize,
    },
    /// Nothing: the part may break anywhere.
    Flow,
}

/// A part of a document: lines printed as one block, a blank line before the next.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Part {
    /// The lines.
    pub lines: Vec<Line>,
    /// What must share a page.
    pub keep: Keep,
}

/// A whole document: its parts and the left side of each page's footer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Document {
    /// The parts, in order.
    pub parts: Vec<Part>,
    /// The left side of the footer (case number, document, date printed).
    pub footer: String,
    /// The language of the footer's "page N of M".
    pub lang: Language,
}

impl Document {
    /// An empty document with this footer.
    pub fn new(footer: String, lang: Language) -> Document {
        Document {
            parts: Vec::new(),
            footer,
            lang,
        }
    }

    /// Adds a part kept on one page if it fits.
    pub fn keep(&mut self, lines: Vec<Line>) {
        self.parts.push(Part {
            lines,
            keep: Keep::All,
        });
    }

    /// Adds a part whose first `items` lines and `more` text lines after them share a page.
    pub fn keep_lead(&mut self, lines: Vec<Line>, items: usize, more: usize) {
        self.parts.push(Part {
            lines,
            keep: Keep::Lead { items, more },
        });
    }

    /// Adds a part that may break anywhere.
    pub fn flow(&mut self, lines: Vec<Line>) {
        self.parts.push(Part {
            lines,
            keep: Keep::Flow,
        });
    }

    /// The plain UTF-8 text: A4 pages of [`super::PAGE_LINES`] lines with the footer
    /// "strona N z M", separated by form feeds.
    pub fn text(&self) -> String {
        let mut layout = Layout::new();
        for part in &self.parts {
            let rendered: Vec<Vec<String>> = part.lines.iter().map(Line::render).collect();
            let kept = match part.keep {
                Keep::All => usize::MAX,
                Keep::Lead { items, more } => {
                    rendered.iter().take(items).map(Vec::len).sum::<usize>() + more
                }
                Keep::Flow => 0,
            };
            let lines: Vec<String> = rendered.into_iter().flatten().collect();
            let kept = kept.min(lines.len());
            layout.keep_first(lines, kept);
        }
        layout.render(|page, pages| page_footer(&self.footer, page, pages, self.lang))
    }

    /// The same content as a DOCX file (A4, the footer with page numbers).
    pub fn docx(&self) -> std::io::Result<Vec<u8>> {
        super::docx::render(self)
    }

    /// Every text of the document in order, one description line per entry, as DOCX
    /// paragraphs carry them (for tests that compare the two renderings).
    pub fn words(&self) -> Vec<String> {
        self.parts
            .iter()
            .flat_map(|p| &p.lines)
            .filter_map(|l| match l {
                Line::Title(t) | Line::Centred(t) | Line::Heading(t) | Line::Fixed(t) => {
                    Some(t.clone())
                }
                Line::Text { first, text, .. } => Some(format!("{}{text}", first.trim_start())),
                Line::Field { label, value, .. } => Some(format!("{} {value}", label.trim())),
                Line::ToComplete { mark, .. } => Some(mark.clone()),
                Line::Blank => None,
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_kept_lead_counts_the_text_lines_of_its_items() {
        let long = "słowo ".repeat(60);
        let mut doc = Document::new("AR/1".into(), Language::Polish);
        doc.flow(vec![Line::Fixed("x".into()); 54]);
        // The heading and three lines of its text need 4 lines; 58 - 54 - 1 are left.
        doc.keep_lead(
            vec![
                Line::Heading("NAGŁÓWEK".into()),
                Line::text("  ", "  ", &long),
            ],
            1,
            3,
        );
        let text = doc.text();
        let pages: Vec<&str> = text.split(super::super::FORM_FEED).collect();
        assert_eq!(pages.len(), 2);
        assert!(pages[1].starts_with("NAGŁÓWEK\n"));
    }

    #[test]
    fn a_long_label_stands_above_its_value() {
        let label = format!("    {}: ", "Bezpieczeństwo i opieka nad dziećmi i coś");
        let line = Line::field(&label, "      ", "Dzieci zadbane.");
        assert_eq!(
            line.render(),
            vec![
                "    Bezpieczeństwo i opieka nad dziećmi i coś:",
                "      Dzieci zadbane."
            ]
        );
    }

    #[test]
    fn a_section_to_complete_leaves_room_to_write() {
        let line = Line::ToComplete {
            mark: "[DO UZUPEŁNIENIA PRZEZ ASYSTENTA]".into(),
            lines: 3,
        };
        assert_eq!(
            line.render(),
            vec!["  [DO UZUPEŁNIENIA PRZEZ ASYSTENTA]", "", "", ""]
        );
    }
}
