//! Printable documents: plain UTF-8 text laid out for an A4 page, and writing them to files.
//! A document is built as blocks of lines (see [`Layout`]), word-wrapped to
//! [`LINE_WIDTH`] characters and cut into pages of [`PAGE_LINES`] lines, each ending
//! with a footer and separated by a form feed, so that `lp` or any text editor prints
//! it page by page. Files are written whole (temporary file, then a link or rename),
//! with mode 0600 because they hold personal data, and never over an existing file.
//! Every document is described once ([`content::Document`]) and comes out as that text
//! or as DOCX ([`Format`]). The court opinion ([`opinion`]) and the family brief
//! ([`brief`]) are built from a [`crate::service::FamilyDetail`], which both the embedded
//! and the server mode give the screens, so scope is already decided by the service.

pub mod brief;
pub mod content;
mod docx;
pub mod opinion;
pub mod plan;
pub mod visit;

pub use brief::{brief_docx, brief_text, write_brief};
pub use opinion::{OpinionSpec, opinion_docx, opinion_text, write_opinion};

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt};
use std::path::{Path, PathBuf};

/// Most characters on a line: 80 columns fit A4's 8.27 inches at 12 characters per inch
/// with margins of about 0.8 inch.
pub const LINE_WIDTH: usize = 80;

/// Most lines on a page, footer included: 10 inches of A4's 11.7 at 6 lines per inch.
pub const PAGE_LINES: usize = 60;

/// Lines of a page above the footer (one blank line, then the footer line).
const BODY_LINES: usize = PAGE_LINES - 2;

/// Lines kept together at the start of a block that is longer than a page.
const KEPT_OF_LONG_BLOCKS: usize = 3;

/// The form feed that starts every page after the first.
pub const FORM_FEED: char = '\x0c';

/// Name of the default documents directory, beside the database directory.
pub const DOCUMENTS_DIR: &str = "dokumenty";

/// The file format of a document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub enum Format {
    /// Plain UTF-8 text laid out for A4 (`.txt`).
    #[default]
    Text,
    /// Office Open XML for Word, LibreOffice and the like (`.docx`).
    Docx,
}

impl Format {
    /// The file name extension, without the dot.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Text => "txt",
            Format::Docx => "docx",
        }
    }
}

/// What every document needs besides its records: who prints it, in which language and
/// on which day (the footer's date and the reference day for ages and deadlines).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocContext {
    /// Name of the family's assistant, printed as the author and signer.
    pub staff_name: String,
    /// The document's language.
    pub lang: crate::config::Language,
    /// The day it is printed on.
    pub today: chrono::NaiveDate,
}

/// Why a document could not be made or written.
#[derive(Debug, thiserror::Error)]
pub enum DocError {
    /// The family has no court request with this id.
    #[error("the family has no court request {0}")]
    NoSuchRequest(crate::domain::Id),
    /// The period ends before it starts.
    #[error("the period starts on {from} after it ends on {to}")]
    BadPeriod {
        /// First day asked for.
        from: chrono::NaiveDate,
        /// Last day asked for.
        to: chrono::NaiveDate,
    },
    /// The period starts after the day of printing: there is nothing to report yet.
    #[error("the period starts on {from}, after today {today}")]
    FuturePeriod {
        /// First day asked for.
        from: chrono::NaiveDate,
        /// The day of printing.
        today: chrono::NaiveDate,
    },
    /// The file could not be written (or the DOCX not built).
    #[error(transparent)]
    Io(#[from] io::Error),
}

/// Checks that a period runs forwards and has begun by `today`.
pub fn check_period(
    from: chrono::NaiveDate,
    to: chrono::NaiveDate,
    today: chrono::NaiveDate,
) -> Result<(), DocError> {
    if from > to {
        return Err(DocError::BadPeriod { from, to });
    }
    if from > today {
        return Err(DocError::FuturePeriod { from, today });
    }
    Ok(())
}

/// The document in `format`: its text, or its DOCX bytes.
pub fn render(doc: &content::Document, format: Format) -> io::Result<Vec<u8>> {
    match format {
        Format::Text => Ok(doc.text().into_bytes()),
        Format::Docx => doc.docx(),
    }
}

/// Writes the document in `format` to a new file in `dir` named `stem.txt` or
/// `stem.docx` (then `stem-2`, `stem-3` … if taken), mode 0600; returns its path.
pub fn write_document(
    dir: &Path,
    stem: &str,
    doc: &content::Document,
    format: Format,
) -> io::Result<PathBuf> {
    let bytes = render(doc, format)?;
    write_numbered_as(dir, stem, format.extension(), &bytes)
}

/// The default directory for documents: `dokumenty` in the directory that holds the
/// database directory (`~/.local/share/asystent/db` → `~/.local/share/asystent/dokumenty`).
/// Not inside the database directory, which belongs to sled and the lock file, and not
/// the working directory, which changes from one terminal to the next.
pub fn documents_dir(db: &Path) -> PathBuf {
    match db.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.join(DOCUMENTS_DIR),
        _ => PathBuf::from(DOCUMENTS_DIR),
    }
}

/// User text made safe for a document: control characters removed (a tab becomes a
/// space), line breaks of every kind made `\n`, and invisible direction overrides dropped,
/// so nothing typed can move the printer's head or reorder the printed line.
pub fn clean(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' => {
                if chars.peek() != Some(&'\n') {
                    out.push('\n');
                }
            }
            '\n' | '\u{2028}' | '\u{2029}' | '\u{85}' => out.push('\n'),
            '\t' => out.push(' '),
            c if c.is_control() => {}
            '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' => {}
            c => out.push(c),
        }
    }
    out
}

/// A visit as the documents list it: "20.11.2026 08:30 — home visit: held".
pub(crate) fn visit_line(v: &crate::domain::Visit, lang: crate::config::Language) -> String {
    use crate::i18n::Label;
    format!(
        "{} {} — {}: {}",
        crate::domain::dates::format_date(v.date),
        v.time.format("%H:%M"),
        v.kind.label(lang),
        v.status.label(lang)
    )
}

/// A member as the plan and the opinion name them: "matka: Anna Kowalska" (no PESEL).
pub(crate) fn member_line(m: &crate::domain::Member, lang: crate::config::Language) -> String {
    use crate::i18n::Label;
    format!(
        "{}: {} {}",
        m.role.label(lang),
        one_line(&m.first_name),
        one_line(&m.last_name)
    )
}

/// A one-line field of a record: cleaned, with any line break made a space.
pub(crate) fn one_line(text: &str) -> String {
    clean(text).replace('\n', " ").trim().to_string()
}

/// `text`, or the word for a missing part if it is blank, so that a gap is seen before
/// anyone signs.
pub(crate) fn or_missing(text: &str, lang: crate::config::Language) -> String {
    if clean(text).trim().is_empty() {
        crate::i18n::Msg::DocMissing.text(lang).to_string()
    } else {
        text.to_string()
    }
}

/// The first `max` characters of `s`.
fn take_chars(s: &str, max: usize) -> &str {
    match s.char_indices().nth(max) {
        Some((i, _)) => &s[..i],
        None => s,
    }
}

/// Word-wraps `text` (cleaned first) to `width` characters: the first line starts with
/// `first`, every other line with `rest`. A word longer than a line is cut; nothing else
/// is. Line breaks in the text start new lines; trailing spaces are trimmed.
pub fn wrap(text: &str, first: &str, rest: &str, width: usize) -> Vec<String> {
    let width = width.max(2);
    // Our own prefixes are short; a long one must still leave room for the text.
    let first = take_chars(first, width / 2);
    let rest = take_chars(rest, width / 2);
    let text = clean(text);
    let mut lines = Vec::new();
    let mut prefix = first;
    for paragraph in text.split('\n') {
        let mut line = prefix.to_string();
        let mut len = prefix.chars().count();
        let mut empty = true;
        for word in paragraph.split_whitespace() {
            let word_len = word.chars().count();
            if !empty && len + 1 + word_len <= width {
                line.push(' ');
                line.push_str(word);
                len += 1 + word_len;
                continue;
            }
            if !empty {
                lines.push(line.trim_end().to_string());
                line = rest.to_string();
                len = rest.chars().count();
            }
            // The word starts a line; cut it if even a line of its own is too short.
            let mut word = word;
            while len + word.chars().count() > width {
                let (head, tail) = word.split_at(take_chars(word, width - len).len());
                line.push_str(head);
                lines.push(line);
                line = rest.to_string();
                len = rest.chars().count();
                word = tail;
            }
            line.push_str(word);
            len += word.chars().count();
            empty = word.is_empty();
        }
        lines.push(line.trim_end().to_string());
        prefix = rest;
    }
    lines
}

/// `text` centred in `width` characters (cut if longer).
pub fn centre(text: &str, width: usize) -> String {
    let text = take_chars(text, width);
    let pad = (width - text.chars().count()) / 2;
    format!("{}{text}", " ".repeat(pad))
}

/// A document being laid out: blocks of lines, one blank line between blocks.
#[derive(Debug, Default)]
pub struct Layout {
    /// Each block's lines and how many of its first lines must share a page.
    blocks: Vec<(Vec<String>, usize)>,
}

impl Layout {
    /// An empty document.
    pub fn new() -> Layout {
        Layout::default()
    }

    /// Adds a block kept on one page if it fits on a page (a plan action, the
    /// signatures); a longer block flows over pages.
    pub fn keep(&mut self, lines: Vec<String>) {
        let n = lines.len();
        self.blocks.push((lines, n));
    }

    /// Adds a block whose first `n` lines stay on one page (a heading with the start of
    /// its text); the rest may break anywhere.
    pub fn keep_first(&mut self, lines: Vec<String>, n: usize) {
        self.blocks.push((lines, n));
    }

    /// Adds a block that may break anywhere.
    pub fn flow(&mut self, lines: Vec<String>) {
        self.blocks.push((lines, 0));
    }

    /// The pages' lines, without footers.
    fn pages(&self) -> Vec<Vec<String>> {
        let mut pages: Vec<Vec<String>> = vec![Vec::new()];
        for (lines, keep) in &self.blocks {
            // A kept part longer than a page cannot be kept: its first lines still are.
            let keep = match (*keep).min(lines.len()) {
                k if k > BODY_LINES => KEPT_OF_LONG_BLOCKS,
                k => k,
            };
            let used = pages.last().map_or(0, Vec::len);
            if used > 0 {
                // Room left below the blank line that separates blocks.
                let room = BODY_LINES.saturating_sub(used + 1);
                if room == 0 || keep > room {
                    pages.push(Vec::new());
                } else if let Some(page) = pages.last_mut() {
                    page.push(String::new());
                }
            }
            for line in lines {
                if pages.last().is_some_and(|p| p.len() >= BODY_LINES) {
                    pages.push(Vec::new());
                }
                if let Some(page) = pages.last_mut() {
                    page.push(line.clone());
                }
            }
        }
        pages
    }

    /// The finished text: pages of [`PAGE_LINES`] lines, each ending with the footer
    /// `footer(page, pages)` and separated by a form feed; it ends with a newline.
    pub fn render(&self, footer: impl Fn(usize, usize) -> String) -> String {
        let pages = self.pages();
        let total = pages.len();
        let mut out = String::new();
        for (i, page) in pages.iter().enumerate() {
            if i > 0 {
                out.push(FORM_FEED);
            }
            for line in page {
                out.push_str(line);
                out.push('\n');
            }
            for _ in page.len()..BODY_LINES {
                out.push('\n');
            }
            out.push('\n');
            out.push_str(take_chars(footer(i + 1, total).trim_end(), LINE_WIDTH));
            out.push('\n');
        }
        out
    }
}

/// The footer of every document: `left`, and "page N of M" at the right margin.
pub fn page_footer(left: &str, page: usize, pages: usize, lang: crate::config::Language) -> String {
    use crate::i18n::Msg;
    footer_line(
        left,
        &format!(
            "{} {page} {} {pages}",
            Msg::DocPage.text(lang),
            Msg::OfTotal.text(lang)
        ),
    )
}

/// Writes `text` to a new file `stem.txt` in `dir` (created with mode 0700 if missing),
/// else `stem-2.txt` … `stem-999.txt`; mode 0600, never over an existing file.
pub fn write_numbered(dir: &Path, stem: &str, text: &str) -> io::Result<PathBuf> {
    write_numbered_as(dir, stem, "txt", text.as_bytes())
}

/// Writes `bytes` to a new file `stem.ext` in `dir` (created with mode 0700 if missing),
/// else `stem-2.ext` … `stem-999.ext`; mode 0600, never over an existing file.
pub fn write_numbered_as(dir: &Path, stem: &str, ext: &str, bytes: &[u8]) -> io::Result<PathBuf> {
    ensure_dir(dir)?;
    let stem = if stem.is_empty() { "dokument" } else { stem }.to_string();
    let ext = ext.to_string();
    let first = format!("{stem}.{ext}");
    let names = std::iter::once(first).chain((2..=999).map(move |n| format!("{stem}-{n}.{ext}")));
    write_new_file(dir, names, bytes)
}

/// A footer line: `left` cut to leave room, `right` flush with the right margin.
pub fn footer_line(left: &str, right: &str) -> String {
    let right = take_chars(right, LINE_WIDTH);
    let room = LINE_WIDTH.saturating_sub(right.chars().count() + 2);
    let left = take_chars(left, room);
    let pad = LINE_WIDTH - left.chars().count() - right.chars().count();
    format!("{left}{}{right}", " ".repeat(pad))
}

/// A piece of a file name: ASCII letters and digits kept, Polish letters folded
/// (`Ł` → `L`), every run of anything else made one `-`, at most 60 characters.
pub fn file_name_part(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        let c = match c {
            'ą' | 'Ą' | 'ć' | 'Ć' | 'ę' | 'Ę' | 'ł' | 'Ł' | 'ń' | 'Ń' | 'ó' | 'Ó' | 'ś' | 'Ś'
            | 'ź' | 'Ź' | 'ż' | 'Ż' => {
                let folded = crate::domain::text::fold(&c.to_string());
                let base = folded.chars().next().unwrap_or('-');
                if c.is_uppercase() {
                    base.to_ascii_uppercase()
                } else {
                    base
                }
            }
            c => c,
        };
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
        if out.len() >= 60 {
            break;
        }
    }
    out.trim_end_matches('-').to_string()
}

/// Creates the directory (and its parents) with mode 0700 if it does not exist.
pub fn ensure_dir(dir: &Path) -> io::Result<()> {
    if dir.is_dir() {
        return Ok(());
    }
    fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(dir)
}

/// Writes `text` to a new file in `dir` under the first of `names` that is free and
/// returns its path. The file has mode 0600 and appears only complete: the text goes to a
/// temporary file, which is synced and then hard-linked under the name (a link never
/// replaces an existing file; where links are not supported, a rename of a name that was
/// free a moment before). Nothing existing is ever overwritten.
pub fn write_new_file(
    dir: &Path,
    names: impl IntoIterator<Item = String>,
    text: impl AsRef<[u8]>,
) -> io::Result<PathBuf> {
    let tmp = dir.join(format!(".asystent-{}.partial", std::process::id()));
    // Only ours (the pid is in the name): a leftover of an earlier failure may go.
    let _ = fs::remove_file(&tmp);
    let result = (|| {
        let mut file = OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o600)
            .open(&tmp)?;
        file.write_all(text.as_ref())?;
        file.sync_all()?;
        drop(file);
        for name in names {
            let target = dir.join(&name);
            if target.symlink_metadata().is_ok() {
                continue;
            }
            match fs::hard_link(&tmp, &target) {
                Ok(()) => {}
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
                Err(_) if target.symlink_metadata().is_err() => fs::rename(&tmp, &target)?,
                Err(_) => continue,
            }
            // The new name is durable once the directory is synced; best effort.
            let _ = File::open(dir).and_then(|d| d.sync_all());
            return Ok(target);
        }
        Err(io::Error::new(
            io::ErrorKind::AlreadyExists,
            "every file name is taken",
        ))
    })();
    let _ = fs::remove_file(&tmp);
    result
}

/// Writes `text` to the new file `path` (mode 0600, whole or not at all) and returns it;
/// an existing file is never overwritten (`AlreadyExists`).
pub fn write_new_file_at(path: &Path, text: impl AsRef<[u8]>) -> io::Result<PathBuf> {
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "not a file name"))?;
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    write_new_file(dir, [name.to_string()], text)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn width_ok(lines: &[String], width: usize) -> bool {
        lines.iter().all(|l| l.chars().count() <= width)
    }

    #[test]
    fn wrapping_breaks_between_words_and_indents_the_rest() {
        let lines = wrap("ala ma kota a kot ma alę", "- ", "  ", 12);
        assert_eq!(lines, vec!["- ala ma", "  kota a kot", "  ma alę"]);
        assert_eq!(wrap("", "Cel: ", "  ", 80), vec!["Cel:"]);
        assert_eq!(wrap("a\n\nb", "", "  ", 80), vec!["a", "", "  b"]);
    }

    #[test]
    fn only_a_word_longer_than_a_line_is_cut() {
        let word = "ż".repeat(25);
        let lines = wrap(&format!("krótkie {word} końcowe"), "", "  ", 10);
        assert!(width_ok(&lines, 10), "{lines:?}");
        assert_eq!(lines[0], "krótkie");
        let joined: String = lines.iter().map(|l| l.trim()).collect();
        assert_eq!(joined, format!("krótkie{word}końcowe"));
    }

    #[test]
    fn control_characters_and_direction_overrides_never_reach_the_text() {
        let dirty = "a\x1b[2Jb\x07c\td\u{202e}e\r\nf\rg\u{0}\x0ch\u{2028}i";
        assert_eq!(clean(dirty), "a[2Jbc de\nf\ngh\ni");
        for line in wrap(dirty, "", "", 80) {
            assert!(!line.chars().any(char::is_control), "{line:?}");
        }
    }

    #[test]
    fn pages_have_a_footer_and_are_separated_by_form_feeds() {
        let mut layout = Layout::new();
        for i in 0..100 {
            layout.flow(vec![format!("linia {i}")]);
        }
        let text = layout.render(|n, m| footer_line("AR/1", &format!("strona {n} z {m}")));
        let pages: Vec<&str> = text.split(FORM_FEED).collect();
        // 100 lines and 99 blank lines between them, 58 a page.
        assert_eq!(pages.len(), 4);
        for (i, page) in pages.iter().enumerate() {
            let lines: Vec<&str> = page.lines().collect();
            assert_eq!(lines.len(), PAGE_LINES);
            assert!(lines[PAGE_LINES - 1].ends_with(&format!("strona {} z 4", i + 1)));
            assert_eq!(lines[PAGE_LINES - 1].chars().count(), LINE_WIDTH);
            assert!(!lines[0].is_empty(), "no page starts with a blank line");
        }
    }

    #[test]
    fn a_kept_block_moves_to_the_next_page_whole() {
        let mut layout = Layout::new();
        layout.flow((0..50).map(|i| format!("a{i}")).collect());
        layout.keep((0..10).map(|i| format!("b{i}")).collect());
        let text = layout.render(|_, _| String::new());
        let pages: Vec<&str> = text.split(FORM_FEED).collect();
        assert_eq!(pages.len(), 2);
        assert!(pages[1].starts_with("b0\n"));
        // A block longer than a page flows anyway.
        let mut layout = Layout::new();
        layout.keep((0..130).map(|i| format!("c{i}")).collect());
        assert_eq!(
            layout
                .render(|_, _| String::new())
                .matches(FORM_FEED)
                .count(),
            2
        );
    }

    #[test]
    fn file_names_keep_letters_and_digits() {
        assert_eq!(file_name_part("AR/2026/014"), "AR-2026-014");
        assert_eq!(file_name_part(" ../Łódź 1 "), "Lodz-1");
        assert_eq!(file_name_part("\x1b[2J"), "2J");
        assert_eq!(file_name_part(""), "");
        assert!(file_name_part(&"x".repeat(500)).len() <= 60);
    }

    proptest::proptest! {
        #[test]
        fn any_text_wraps_within_the_width_without_control_characters(
            s in "(?s).{0,400}",
            width in 2usize..100,
        ) {
            let lines = wrap(&s, "- ", "  ", width);
            proptest::prop_assert!(width_ok(&lines, width));
            proptest::prop_assert!(lines.iter().all(|l| !l.chars().any(char::is_control)));
            // Nothing but white space, controls and overrides is lost.
            let kept: String = lines.concat().chars().filter(|c| !c.is_whitespace()).collect();
            let expected: String = clean(&s).chars().filter(|c| !c.is_whitespace()).collect();
            proptest::prop_assert_eq!(kept.replace('-', ""), expected.replace('-', ""));
        }
    }

    #[test]
    fn documents_sit_beside_the_database_directory() {
        assert_eq!(
            documents_dir(Path::new("/home/a/.local/share/asystent/db")),
            Path::new("/home/a/.local/share/asystent/dokumenty")
        );
        assert_eq!(documents_dir(Path::new("db")), Path::new("dokumenty"));
        assert_eq!(documents_dir(Path::new("/")), Path::new("dokumenty"));
    }
}
