//! DOCX rendering of a [`Document`] with `docx-rs`: A4 pages, one paragraph per
//! description line, bold headings and labels, the sections to complete highlighted, and a
//! footer with the document's reference and "strona N z M" as Word fields.

use std::io;

use docx_rs::{
    AlignmentType, BreakType, Docx, Footer, LineSpacing, NumPages, PageMargin, PageNum, Paragraph,
    Run, SpecialIndentType, Tab, TabValueType,
};

use super::content::{Document, Keep, Line};
use crate::i18n::Msg;

/// A4 in twentieths of a point (210 × 297 mm).
const A4: (u32, u32) = (11_906, 16_838);

/// Page margins: 2 cm.
const MARGIN: i32 = 1_134;

/// Width of one character of the text layout's indents (12 characters an inch).
const CHAR: i32 = 120;

/// Body text size in half-points (11 pt).
const BODY_SIZE: usize = 22;

/// The document as DOCX bytes.
pub fn render(doc: &Document) -> io::Result<Vec<u8>> {
    let mut docx = Docx::new()
        .page_size(A4.0, A4.1)
        .page_margin(
            PageMargin::new()
                .top(MARGIN)
                .bottom(MARGIN)
                .left(MARGIN)
                .right(MARGIN)
                .header(MARGIN / 2)
                .footer(MARGIN / 2),
        )
        .default_size(BODY_SIZE)
        .footer(footer(doc));
    for part in &doc.parts {
        let paragraphs: Vec<Paragraph> = part.lines.iter().flat_map(paragraphs).collect();
        // Word keeps a paragraph with the next one: the kept lead of a part is every
        // paragraph before the last one it covers.
        let kept = match part.keep {
            Keep::All => paragraphs.len(),
            Keep::Lead { items, more } => {
                let lead: usize = part.lines.iter().take(items).map(count).sum();
                lead + usize::from(more > 0)
            }
            Keep::Flow => 0,
        };
        let last = paragraphs.len();
        for (i, p) in paragraphs.into_iter().enumerate() {
            let keep_next = i + 1 < kept.min(last);
            docx = docx.add_paragraph(p.keep_next(keep_next).keep_lines(true));
        }
        // The blank line between parts of the text layout.
        docx = docx.add_paragraph(Paragraph::new());
    }
    let mut out = io::Cursor::new(Vec::new());
    docx.build().pack(&mut out).map_err(io::Error::other)?;
    Ok(out.into_inner())
}

/// Paragraphs a description line becomes.
fn count(line: &Line) -> usize {
    match line {
        Line::ToComplete { lines, .. } => 1 + lines,
        _ => 1,
    }
}

/// Text made safe for XML 1.0: the document's own cleaning, then the two code points
/// XML forbids that are not control characters.
fn safe(text: &str) -> String {
    super::clean(text)
        .chars()
        .filter(|c| !matches!(c, '\u{fffe}' | '\u{ffff}'))
        .collect()
}

/// A run of text in which line breaks of the text become line breaks of the paragraph.
fn runs(text: &str, bold: bool) -> Vec<Run> {
    let text = safe(text);
    let mut out = Vec::new();
    for (i, piece) in text.split('\n').enumerate() {
        let mut run = Run::new();
        if i > 0 {
            run = run.add_break(BreakType::TextWrapping);
        }
        run = run.add_text(piece);
        if bold {
            run = run.bold();
        }
        out.push(run);
    }
    out
}

/// Leading spaces of a prefix, in characters.
fn lead(prefix: &str) -> i32 {
    i32::try_from(prefix.chars().take_while(|c| *c == ' ').count()).unwrap_or(0)
}

/// A paragraph whose first line starts at the indent of `first` and whose further lines
/// start at the width of `rest`, as in the text layout.
fn indented(first: &str, rest: &str) -> Paragraph {
    let left = i32::try_from(rest.chars().count()).unwrap_or(0) * CHAR;
    let first_line = lead(first) * CHAR - left;
    let special = match first_line {
        0 => None,
        d if d < 0 => Some(SpecialIndentType::Hanging(-d)),
        d => Some(SpecialIndentType::FirstLine(d)),
    };
    Paragraph::new().indent(Some(left), special, None, None)
}

fn with_runs(mut p: Paragraph, runs: Vec<Run>) -> Paragraph {
    for r in runs {
        p = p.add_run(r);
    }
    p
}

/// The paragraphs of one description line.
fn paragraphs(line: &Line) -> Vec<Paragraph> {
    match line {
        Line::Title(t) => vec![
            Paragraph::new()
                .align(AlignmentType::Center)
                .add_run(Run::new().add_text(safe(t)).bold().size(28)),
        ],
        Line::Centred(t) => vec![
            Paragraph::new()
                .align(AlignmentType::Center)
                .add_run(Run::new().add_text(safe(t)).size(18)),
        ],
        Line::Heading(t) => vec![
            Paragraph::new()
                .outline_lvl(1)
                .line_spacing(LineSpacing::new().before(120))
                .add_run(Run::new().add_text(safe(t)).bold()),
        ],
        Line::Text { first, rest, text } => {
            let mut all = runs(first.trim_start(), false);
            all.extend(runs(text, false));
            vec![with_runs(indented(first, rest), all)]
        }
        Line::Field { label, rest, value } => {
            let mut all = runs(&format!("{} ", label.trim()), true);
            all.extend(runs(value, false));
            vec![with_runs(indented(label, rest), all)]
        }
        Line::Blank => vec![Paragraph::new()],
        Line::Fixed(t) => vec![Paragraph::new().add_run(Run::new().add_text(safe(t)))],
        Line::ToComplete { mark, lines } => {
            let mut out = vec![
                Paragraph::new()
                    .add_run(Run::new().add_text(safe(mark)).bold().highlight("yellow")),
            ];
            out.extend((0..*lines).map(|_| Paragraph::new()));
            out
        }
    }
}

/// The footer: the document's reference at the left, "strona N z M" at the right margin.
fn footer(doc: &Document) -> Footer {
    let width = usize::try_from(A4.0 as i32 - 2 * MARGIN).unwrap_or(0);
    let small = |text: &str| Run::new().add_text(safe(text)).size(16);
    Footer::new().add_paragraph(
        Paragraph::new()
            .add_tab(Tab::new().val(TabValueType::Right).pos(width))
            .add_run(small(&doc.footer))
            .add_run(Run::new().add_tab())
            .add_run(small(&format!("{} ", Msg::DocPage.text(doc.lang))))
            .add_page_num(PageNum::new())
            .add_run(small(&format!(" {} ", Msg::OfTotal.text(doc.lang))))
            .add_num_pages(NumPages::new()),
    )
}
