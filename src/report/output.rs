//! A computed report as plain text (a table of at most 80 columns), as CSV for Polish
//! spreadsheets (`;`-separated, UTF-8 with a byte-order mark) and as JSON with English
//! field names.

use serde::Serialize;

use super::{Report, ReportRow};
use crate::config::Language;
use crate::doc;
use crate::i18n::report as t;

/// Width of the text table.
pub const TEXT_WIDTH: usize = 80;

/// Widest id column; a longer id stands on a line of its own above its label.
const ID_COLUMN_MAX: usize = 12;

/// Space between columns.
const GAP: &str = "  ";

/// The byte-order mark that makes spreadsheets read a CSV file as UTF-8 (Excel reads one
/// without it as Windows-1250 and garbles every Polish letter).
pub const BOM: &str = "\u{feff}";

/// The line ending of CSV (RFC 4180).
const CSV_EOL: &str = "\r\n";

/// `text` padded with spaces to `width` characters.
fn pad(text: &str, width: usize) -> String {
    let len = text.chars().count();
    format!("{text}{}", " ".repeat(width.saturating_sub(len)))
}

/// The report as a text table no wider than [`TEXT_WIDTH`]: title, period and source of
/// the definition, then one line per row (labels wrapped), values aligned on the right.
pub fn text(report: &Report, lang: Language) -> String {
    let mut lines: Vec<String> = Vec::new();
    let title = match report.title(lang) {
        "" => t::default_title(lang),
        title => title,
    };
    lines.extend(doc::wrap(title, "", "", TEXT_WIDTH));
    lines.push(t::period(lang, report.from, report.to));
    lines.extend(doc::wrap(
        &t::source(lang, &report.source),
        "",
        "  ",
        TEXT_WIDTH,
    ));
    lines.push(String::new());
    let [id_head, label_head, value_head, _] = t::columns(lang);
    let values: Vec<String> = report.rows.iter().map(|r| r.value.format(lang)).collect();
    let id_width = report
        .rows
        .iter()
        .map(|r| r.id.chars().count())
        .chain([id_head.chars().count()])
        .filter(|&w| w <= ID_COLUMN_MAX)
        .max()
        .unwrap_or(ID_COLUMN_MAX);
    let value_width = values
        .iter()
        .map(|v| v.chars().count())
        .chain([value_head.chars().count()])
        .max()
        .unwrap_or(0);
    let label_width = TEXT_WIDTH.saturating_sub(id_width + value_width + 2 * GAP.len());
    lines.push(format!(
        "{}{GAP}{}{GAP}{value_head:>value_width$}",
        pad(id_head, id_width),
        pad(label_head, label_width)
    ));
    lines.push("-".repeat(TEXT_WIDTH));
    for (row, value) in report.rows.iter().zip(&values) {
        text_row(
            &mut lines,
            row,
            value,
            lang,
            (id_width, label_width, value_width),
        );
    }
    if !report.damaged.is_empty() {
        lines.push(String::new());
        lines.extend(doc::wrap(
            &t::damaged(lang, report.damaged.len()),
            "",
            "",
            TEXT_WIDTH,
        ));
    }
    let mut out = lines.join("\n");
    out.push('\n');
    out
}

/// The lines of one row: id, wrapped label and the value on its first line.
fn text_row(
    lines: &mut Vec<String>,
    row: &ReportRow,
    value: &str,
    lang: Language,
    (id_width, label_width, value_width): (usize, usize, usize),
) {
    let mut id = row.id.clone();
    if id.chars().count() > id_width {
        lines.push(id);
        id = String::new();
    }
    let label = doc::wrap(row.label(lang), "", "", label_width);
    for (i, part) in label.iter().enumerate() {
        let line = if i == 0 {
            format!(
                "{}{GAP}{}{GAP}{value:>value_width$}",
                pad(&id, id_width),
                pad(part, label_width)
            )
        } else {
            format!("{}{GAP}{part}", " ".repeat(id_width))
        };
        lines.push(line.trim_end().to_string());
    }
}

/// A text from the register or a definition as one CSV field: control characters and
/// line breaks made spaces, a leading `=`, `+`, `-` or `@` escaped with an apostrophe
/// (a spreadsheet would run it as a formula), quoted when it holds `;` or `"`.
pub fn csv_text(text: &str) -> String {
    let one_line: String = doc::clean(text)
        .chars()
        .map(|c| if c == '\n' { ' ' } else { c })
        .collect();
    let safe = if one_line.starts_with(['=', '+', '-', '@']) {
        format!("'{one_line}")
    } else {
        one_line
    };
    csv_quoted(&safe)
}

/// A field quoted if it needs to be.
fn csv_quoted(field: &str) -> String {
    if field.contains([';', '"']) || field.starts_with(' ') || field.ends_with(' ') {
        format!("\"{}\"", field.replace('"', "\"\""))
    } else {
        field.to_string()
    }
}

/// One CSV line of fields already made safe.
pub fn csv_line(fields: &[String]) -> String {
    let mut line = fields.join(";");
    line.push_str(CSV_EOL);
    line
}

/// The report as CSV: a header, then id, label, value (decimal comma in Polish) and
/// unit per row.
pub fn csv(report: &Report, lang: Language) -> String {
    let mut out = String::from(BOM);
    out.push_str(&csv_line(&t::columns(lang).map(csv_text)));
    for row in &report.rows {
        out.push_str(&csv_line(&[
            csv_text(&row.id),
            csv_text(row.label(lang)),
            csv_quoted(&row.value.format(lang)),
            csv_text(t::unit(lang, row.unit)),
        ]));
    }
    out
}

/// The report in JSON.
#[derive(Serialize)]
struct JsonReport<'a> {
    title: &'a str,
    from: chrono::NaiveDate,
    to: chrono::NaiveDate,
    definition: &'a str,
    rows: Vec<JsonRow<'a>>,
    damaged_records: usize,
}

/// A row in JSON.
#[derive(Serialize)]
struct JsonRow<'a> {
    id: &'a str,
    label: &'a str,
    unit: &'static str,
    value: serde_json::Value,
    case_numbers: Vec<&'a str>,
}

/// The report as one JSON document with English field names: title, period, definition
/// source and, per row, id, label (in `lang`), unit, value and the case numbers of the
/// families behind it.
pub fn json(report: &Report, lang: Language) -> String {
    let rows = report
        .rows
        .iter()
        .map(|row| JsonRow {
            id: &row.id,
            label: row.label(lang),
            unit: row.unit.code(),
            value: row.value.json(),
            case_numbers: row
                .families()
                .iter()
                .filter_map(|id| report.families.get(id))
                .map(|f| f.case_number.as_str())
                .collect(),
        })
        .collect();
    let doc = JsonReport {
        title: report.title(lang),
        from: report.from,
        to: report.to,
        definition: &report.source,
        rows,
        damaged_records: report.damaged.len(),
    };
    // Plain structs of strings and numbers always serialize.
    let mut out = serde_json::to_string_pretty(&doc).unwrap_or_default();
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_fields_are_safe_for_spreadsheets() {
        assert_eq!(csv_text("Nowak"), "Nowak");
        assert_eq!(csv_text("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(csv_text("a;b"), "\"a;b\"");
        assert_eq!(csv_text("linia\r\ndruga\x1b[2J"), "linia druga[2J");
        assert_eq!(csv_text("-5"), "'-5");
        assert_eq!(csv_line(&["a".into(), "b".into()]), "a;b\r\n");
    }
}
