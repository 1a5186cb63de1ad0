//! One reusable form: labelled fields, focus, inline validation, input limits, and a
//! question before unsaved changes are discarded. Every record form is built from it.

use chrono::NaiveDate;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui_textarea::{TextArea, WrapMode};

use crate::config::Language;
use crate::domain::dates::{format_date, parse_date};
use crate::domain::pesel::Pesel;
use crate::domain::text::fold;
use crate::domain::validate::{self, Problem, forbidden_char};
use crate::i18n::{self, Msg};
use crate::store::drafts::{Draft, DraftField};

/// What a field holds and how it is typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Kind {
    /// One line of text.
    Text {
        /// Longest accepted value, in characters.
        max: usize,
        /// Empty is an error.
        required: bool,
    },
    /// Several lines, soft-wrapped.
    Multiline {
        /// Longest accepted value, in characters.
        max: usize,
        /// Empty is an error.
        required: bool,
    },
    /// A date in any accepted format.
    Date {
        /// Empty is an error.
        required: bool,
    },
    /// An optional PESEL.
    Pesel,
    /// Yes or no, toggled with Space.
    Flag,
    /// One of a list, changed with Space or the arrows.
    Choice(Vec<String>),
    /// One of a long list, found by typing part of it (case and diacritics ignored);
    /// the arrows step through the matches.
    Pick {
        /// The options as shown.
        options: Vec<String>,
        /// The same, folded for matching.
        folded: Vec<String>,
    },
}

impl Kind {
    fn max(&self) -> usize {
        match self {
            Kind::Text { max, .. } | Kind::Multiline { max, .. } => *max,
            // The longest accepted spelling of a date is `dd.mm.rrrr`, of a PESEL 11.
            Kind::Date { .. } => 10,
            Kind::Pesel => 11,
            Kind::Pick { .. } => 100,
            Kind::Flag | Kind::Choice(_) => 0,
        }
    }

    /// True for kinds typed as text (not flags or choices).
    pub fn is_typed(&self) -> bool {
        !matches!(self, Kind::Flag | Kind::Choice(_))
    }
}

/// True if a key types its character: no modifier, or AltGr (Ctrl+Alt on some
/// terminals), which types Polish letters; Ctrl or Alt alone is a command, never text.
pub(crate) fn types_text(key: &KeyEvent) -> bool {
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    let alt = key.modifiers.contains(KeyModifiers::ALT);
    ctrl == alt
}

/// True for a character a one-line input (the list filter, a typed date) takes: nothing
/// that moves the cursor or reorders text on screen.
pub(crate) fn typeable(c: char) -> bool {
    let bidi =
        matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}');
    !c.is_control() && !bidi
}

/// One field of a form.
#[derive(Debug, Clone)]
pub struct Field {
    /// Identifies the field for the form's owner.
    pub id: &'static str,
    /// Label shown left of the value.
    pub label: Msg,
    /// What the field holds.
    pub kind: Kind,
    /// Typed text, for typed kinds.
    pub input: TextArea<'static>,
    /// Selected option, for choices.
    pub choice: usize,
    /// Value, for flags.
    pub flag: bool,
    /// What is wrong with the value, in the form's language.
    pub error: Option<String>,
    /// Hidden fields are skipped (e.g. "other reason" until "other" is chosen).
    pub hidden: bool,
    /// Text made at run time (a plan action's, a goal's) shown beside the field's value.
    pub caption: Option<String>,
}

impl Field {
    /// A field of `kind` with its initial text (typed kinds).
    pub fn new(id: &'static str, label: Msg, kind: Kind, text: &str) -> Field {
        let lines: Vec<String> = match kind {
            Kind::Multiline { .. } => text.split('\n').map(str::to_string).collect(),
            _ => vec![text.to_string()],
        };
        let mut input = TextArea::new(lines);
        if matches!(kind, Kind::Multiline { .. }) {
            input.set_wrap_mode(WrapMode::WordOrGlyph);
        }
        input.move_cursor(ratatui_textarea::CursorMove::Bottom);
        input.move_cursor(ratatui_textarea::CursorMove::End);
        Field {
            id,
            label,
            kind,
            input,
            choice: 0,
            flag: false,
            error: None,
            hidden: false,
            caption: None,
        }
    }

    /// A one-line text field of at most `max` characters.
    pub fn line(id: &'static str, label: Msg, max: usize, required: bool, value: &str) -> Field {
        Field::new(id, label, Kind::Text { max, required }, value)
    }

    /// A multi-line text field of at most `max` characters.
    pub fn multiline(
        id: &'static str,
        label: Msg,
        max: usize,
        required: bool,
        value: &str,
    ) -> Field {
        Field::new(id, label, Kind::Multiline { max, required }, value)
    }

    /// A date field, filled with `value` if there is one.
    pub fn date(id: &'static str, label: Msg, required: bool, value: Option<NaiveDate>) -> Field {
        Field::new(
            id,
            label,
            Kind::Date { required },
            &value.map(format_date).unwrap_or_default(),
        )
    }

    /// A yes/no field.
    pub fn flag(id: &'static str, label: Msg, value: bool) -> Field {
        let mut f = Field::new(id, label, Kind::Flag, "");
        f.flag = value;
        f
    }

    /// A choice among `options`, `selected` first.
    pub fn choice(id: &'static str, label: Msg, options: Vec<String>, selected: usize) -> Field {
        let mut f = Field::new(id, label, Kind::Choice(options), "");
        f.choice = selected;
        f
    }

    /// A field that finds one of `options` by what is typed; `selected` first.
    pub fn pick(id: &'static str, label: Msg, options: Vec<String>, selected: usize) -> Field {
        let folded = options.iter().map(|o| fold(o)).collect();
        let mut f = Field::new(id, label, Kind::Pick { options, folded }, "");
        f.choice = selected;
        f
    }

    /// Indexes of the options that match the typed text, in list order.
    pub fn matches(&self) -> Vec<usize> {
        let Kind::Pick { folded, .. } = &self.kind else {
            return Vec::new();
        };
        let query = fold(&self.text());
        let words: Vec<&str> = query.split_whitespace().collect();
        folded
            .iter()
            .enumerate()
            .filter(|(_, o)| words.iter().all(|w| o.contains(w)))
            .map(|(i, _)| i)
            .collect()
    }

    /// Keeps a pick's choice among the matches (the first match when it fell out).
    fn rematch(&mut self) {
        if matches!(self.kind, Kind::Pick { .. }) {
            let m = self.matches();
            if !m.contains(&self.choice)
                && let Some(first) = m.first()
            {
                self.choice = *first;
            }
        }
    }

    /// The typed text (lines joined with newlines).
    pub fn text(&self) -> String {
        self.input.lines().join("\n")
    }

    /// The value as shown when the field is not being edited.
    pub fn display(&self, lang: Language) -> String {
        match &self.kind {
            Kind::Flag => i18n::yes_no(lang, self.flag).to_string(),
            Kind::Choice(options) | Kind::Pick { options, .. } => {
                options.get(self.choice).cloned().unwrap_or_default()
            }
            _ => self.text(),
        }
    }

    fn char_count(&self) -> usize {
        // Newlines count as one character each, as in the stored text.
        let lines = self.input.lines();
        lines.iter().map(|l| l.chars().count()).sum::<usize>() + lines.len().saturating_sub(1)
    }

    fn set_text(&mut self, text: &str) {
        let kind = self.kind.clone();
        let mut fresh = Field::new(self.id, self.label, kind, text);
        fresh.error = self.error.take();
        *self = Field {
            hidden: self.hidden,
            choice: self.choice,
            flag: self.flag,
            caption: self.caption.take(),
            ..fresh
        };
    }

    /// Checks this field alone, setting or clearing its inline error.
    pub fn check(&mut self, lang: Language, today: NaiveDate) {
        let text = self.text();
        let problem = match &self.kind {
            Kind::Text { max, required } => validate::text(&text, *max, *required, false).err(),
            Kind::Multiline { max, required } => validate::text(&text, *max, *required, true).err(),
            Kind::Date { required } => {
                if text.trim().is_empty() && !*required {
                    None
                } else {
                    return self.error = parse_date(&text, today)
                        .err()
                        .map(|e| i18n::date_error(lang, &e));
                }
            }
            Kind::Pesel => {
                if text.trim().is_empty() {
                    None
                } else {
                    return self.error = Pesel::parse(text.trim())
                        .err()
                        .map(|e| i18n::pesel_error(lang, &e));
                }
            }
            Kind::Pick { .. } => {
                self.rematch();
                if self.matches().is_empty() {
                    return self.error = Some(Msg::NothingMatches.text(lang).to_string());
                }
                None
            }
            Kind::Flag | Kind::Choice(_) => None,
        };
        self.error = problem.map(|p| i18n::problem(lang, &p));
    }
}

/// What a key did to the form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Nothing the owner needs to know; redraw if `changed`.
    Edited {
        /// True if anything on screen changed.
        changed: bool,
    },
    /// The user asked to save (Ctrl-S, or Enter on the last field).
    Save,
    /// The user left the form; changes, if any, were confirmed to be discarded.
    Cancel,
}

/// A form in progress.
#[derive(Debug, Clone)]
pub struct Form {
    /// Title of the form's frame.
    pub title: String,
    /// The fields, in order.
    pub fields: Vec<Field>,
    /// Index of the focused field.
    pub focus: usize,
    /// True while the form asks whether to discard changes.
    pub confirm_discard: bool,
    /// A message for the whole form: a refused save or refused input.
    pub message: Option<String>,
    /// First visible row, kept by the renderer.
    pub offset: std::cell::Cell<usize>,
    initial: Vec<String>,
}

impl Form {
    /// A form with its fields as first shown.
    pub fn new(title: String, fields: Vec<Field>) -> Form {
        let mut form = Form {
            title,
            fields,
            focus: 0,
            confirm_discard: false,
            message: None,
            offset: std::cell::Cell::new(0),
            initial: Vec::new(),
        };
        form.initial = form.values();
        form
    }

    fn values(&self) -> Vec<String> {
        self.fields
            .iter()
            .map(|f| format!("{}\u{0}{}\u{0}{}", f.text(), f.choice, f.flag))
            .collect()
    }

    /// True if any field differs from what the form started with.
    pub fn is_dirty(&self) -> bool {
        self.values() != self.initial
    }

    /// The form's fields as typed, to keep as a draft.
    pub fn to_draft(&self, saved_at: String) -> Draft {
        Draft {
            saved_at,
            focus: self.focus as u32,
            fields: self
                .fields
                .iter()
                .map(|f| DraftField {
                    id: f.id.to_string(),
                    text: f.text(),
                    choice: f.choice as u32,
                    flag: f.flag,
                })
                .collect(),
        }
    }

    /// Puts a draft's values back into the fields it names (the form stays dirty).
    pub fn apply_draft(&mut self, draft: &Draft, lang: Language, today: NaiveDate) {
        for d in &draft.fields {
            if let Some(f) = self.fields.iter_mut().find(|f| f.id == d.id) {
                match &f.kind {
                    Kind::Flag => f.flag = d.flag,
                    Kind::Choice(options) => {
                        f.choice = (d.choice as usize).min(options.len().saturating_sub(1))
                    }
                    Kind::Pick { options, .. } => {
                        let choice = (d.choice as usize).min(options.len().saturating_sub(1));
                        f.set_text(&d.text);
                        f.choice = choice;
                    }
                    // A damaged draft may hold anything: keep it within the field's rules.
                    kind if d.text.chars().count() <= kind.max()
                        && !d
                            .text
                            .chars()
                            .any(|c| forbidden_char(c, matches!(kind, Kind::Multiline { .. }))) =>
                    {
                        f.set_text(&d.text)
                    }
                    _ => {}
                }
                f.check(lang, today);
            }
        }
        let focus = draft.focus as usize;
        if focus < self.fields.len() && !self.fields[focus].hidden {
            self.focus = focus;
        }
    }

    /// The field with `id`.
    pub fn field(&self, id: &str) -> Option<&Field> {
        self.fields.iter().find(|f| f.id == id)
    }

    /// The field with `id`, to change.
    pub fn field_mut(&mut self, id: &str) -> Option<&mut Field> {
        self.fields.iter_mut().find(|f| f.id == id)
    }

    /// Trimmed text of a field ("" if there is none).
    pub fn text(&self, id: &str) -> String {
        self.field(id)
            .map(|f| f.text().trim().to_string())
            .unwrap_or_default()
    }

    /// The date in a date field the form has already checked (`None` if empty).
    pub fn date(&self, id: &str, today: NaiveDate) -> Option<NaiveDate> {
        parse_date(&self.text(id), today).ok()
    }

    /// Replaces the text of a field.
    pub fn set_text(&mut self, id: &str, text: &str) {
        if let Some(f) = self.field_mut(id) {
            f.set_text(text);
        }
    }

    /// Selected option of a choice field.
    pub fn choice(&self, id: &str) -> usize {
        self.field(id).map(|f| f.choice).unwrap_or(0)
    }

    /// Value of a flag field.
    pub fn flag(&self, id: &str) -> bool {
        self.field(id).is_some_and(|f| f.flag)
    }

    /// Sets the inline error of a field and moves the focus there.
    pub fn fail(&mut self, id: &str, error: String) {
        if let Some(i) = self.fields.iter().position(|f| f.id == id) {
            self.fields[i].error = Some(error);
            self.fields[i].hidden = false;
            self.focus = i;
        }
    }

    /// Checks every visible field; true if none has an error.
    pub fn check_all(&mut self, lang: Language, today: NaiveDate) -> bool {
        for f in self.fields.iter_mut().filter(|f| !f.hidden) {
            f.check(lang, today);
        }
        match self
            .fields
            .iter()
            .position(|f| !f.hidden && f.error.is_some())
        {
            Some(i) => {
                self.focus = i;
                false
            }
            None => true,
        }
    }

    /// The focused field.
    pub fn focused(&self) -> Option<&Field> {
        self.fields.get(self.focus)
    }

    fn last_visible(&self) -> usize {
        self.fields.iter().rposition(|f| !f.hidden).unwrap_or(0)
    }

    fn move_focus(&mut self, forward: bool, lang: Language, today: NaiveDate) {
        self.leave_field(lang, today);
        let n = self.fields.len();
        let mut i = self.focus;
        for _ in 0..n {
            i = if forward {
                (i + 1) % n
            } else {
                (i + n - 1) % n
            };
            if !self.fields[i].hidden {
                break;
            }
        }
        self.focus = i;
    }

    /// Checks the field being left and writes a valid date in the standard form.
    fn leave_field(&mut self, lang: Language, today: NaiveDate) {
        let Some(f) = self.fields.get_mut(self.focus) else {
            return;
        };
        f.check(lang, today);
        if matches!(f.kind, Kind::Date { .. })
            && f.error.is_none()
            && let Ok(date) = parse_date(&f.text(), today)
        {
            f.set_text(&format_date(date));
        }
    }

    /// Handles a key. `lang` and `today` are for the inline messages and relative dates.
    pub fn on_key(&mut self, key: KeyEvent, lang: Language, today: NaiveDate) -> Outcome {
        if self.confirm_discard {
            return match key.code {
                KeyCode::Char('t' | 'T' | 'y' | 'Y') => Outcome::Cancel,
                KeyCode::Char('n' | 'N') | KeyCode::Esc => {
                    self.confirm_discard = false;
                    Outcome::Edited { changed: true }
                }
                _ => Outcome::Edited { changed: false },
            };
        }
        let had_message = self.message.take().is_some();
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        let Some(kind) = self.focused().map(|f| f.kind.clone()) else {
            return Outcome::Cancel;
        };
        let multiline = matches!(kind, Kind::Multiline { .. });
        match key.code {
            KeyCode::Esc => {
                if self.is_dirty() {
                    self.confirm_discard = true;
                    return Outcome::Edited { changed: true };
                }
                return Outcome::Cancel;
            }
            KeyCode::Char('s' | 'S') if ctrl => {
                self.leave_field(lang, today);
                return Outcome::Save;
            }
            KeyCode::Tab => self.move_focus(true, lang, today),
            KeyCode::BackTab => self.move_focus(false, lang, today),
            KeyCode::Down if !multiline => self.move_focus(true, lang, today),
            KeyCode::Up if !multiline => self.move_focus(false, lang, today),
            KeyCode::Enter if !multiline || ctrl => {
                if self.focus >= self.last_visible() {
                    self.leave_field(lang, today);
                    return Outcome::Save;
                }
                self.move_focus(true, lang, today);
            }
            _ => return self.edit(key, &kind, lang, today, had_message),
        }
        Outcome::Edited { changed: true }
    }

    fn edit(
        &mut self,
        key: KeyEvent,
        kind: &Kind,
        lang: Language,
        today: NaiveDate,
        had_message: bool,
    ) -> Outcome {
        let focus = self.focus;
        let field = &mut self.fields[focus];
        let changed = match kind {
            Kind::Flag => match key.code {
                KeyCode::Char(' ') | KeyCode::Left | KeyCode::Right => {
                    field.flag = !field.flag;
                    true
                }
                _ => false,
            },
            Kind::Pick { .. } if matches!(key.code, KeyCode::Left | KeyCode::Right) => {
                let m = field.matches();
                let at = m.iter().position(|i| *i == field.choice).unwrap_or(0);
                let n = m.len().max(1);
                let next = if key.code == KeyCode::Right {
                    (at + 1) % n
                } else {
                    (at + n - 1) % n
                };
                if let Some(i) = m.get(next) {
                    field.choice = *i;
                }
                true
            }
            Kind::Choice(options) => {
                let n = options.len().max(1);
                match key.code {
                    KeyCode::Char(' ') | KeyCode::Right => {
                        field.choice = (field.choice + 1) % n;
                        true
                    }
                    KeyCode::Left => {
                        field.choice = (field.choice + n - 1) % n;
                        true
                    }
                    _ => false,
                }
            }
            _ => {
                if let KeyCode::Char(c) = key.code
                    && types_text(&key)
                {
                    return self.insert(&c.to_string(), lang, today, had_message);
                }
                if key.code == KeyCode::Enter {
                    return self.insert("\n", lang, today, had_message);
                }
                let changed = field.input.input(key);
                if changed && field.error.is_some() {
                    field.check(lang, today);
                }
                changed
            }
        };
        if changed {
            self.fields[focus].check(lang, today);
        }
        Outcome::Edited {
            changed: changed || had_message,
        }
    }

    /// Inserts typed or pasted text into the focused field, or refuses it whole with a
    /// message: too long for the field, with control characters, or pasted onto a
    /// choice or a flag, which takes no text.
    pub fn insert(
        &mut self,
        text: &str,
        lang: Language,
        today: NaiveDate,
        had_message: bool,
    ) -> Outcome {
        let focus = self.focus;
        let Some(field) = self.fields.get_mut(focus) else {
            return Outcome::Edited { changed: false };
        };
        if !field.kind.is_typed() {
            if text.is_empty() {
                return Outcome::Edited {
                    changed: had_message,
                };
            }
            self.message = Some(Msg::NotTyped.text(lang).to_string());
            return Outcome::Edited { changed: true };
        }
        let multiline = matches!(field.kind, Kind::Multiline { .. });
        // A pasted line break in a one-line field is a space; a pasted CRLF one break.
        let text = text.replace("\r\n", "\n");
        let text = if multiline {
            text.replace('\r', "\n")
        } else {
            text.replace(['\r', '\n'], " ")
        };
        if text.chars().any(|c| forbidden_char(c, multiline)) {
            self.message = Some(i18n::problem(lang, &Problem::ControlChars));
            return Outcome::Edited { changed: true };
        }
        let max = field.kind.max();
        let len = field.char_count() + text.chars().count();
        if len > max {
            self.message = Some(i18n::refused_too_long(lang, text.chars().count(), max));
            return Outcome::Edited { changed: true };
        }
        field.input.insert_str(&text);
        field.check(lang, today);
        Outcome::Edited { changed: true }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::crossterm::event::KeyEvent;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 22).unwrap()
    }

    fn key(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    fn form() -> Form {
        Form::new(
            "t".into(),
            vec![
                Field::new(
                    "name",
                    Msg::ColFamily,
                    Kind::Text {
                        max: 5,
                        required: true,
                    },
                    "",
                ),
                Field::new("date", Msg::ColNextDue, Kind::Date { required: false }, ""),
                Field::flag("flag", Msg::CourtObliged, false),
            ],
        )
    }

    fn typed(form: &mut Form, s: &str) {
        for c in s.chars() {
            form.on_key(key(KeyCode::Char(c)), Language::English, today());
        }
    }

    #[test]
    fn typing_past_the_limit_is_refused_with_a_message() {
        let mut f = form();
        typed(&mut f, "Łódźż");
        assert_eq!(f.text("name"), "Łódźż");
        assert_eq!(f.message, None);
        typed(&mut f, "x");
        assert_eq!(f.text("name"), "Łódźż", "nothing is cut or added silently");
        assert!(f.message.as_deref().unwrap().contains('5'));
        let pasted = "y".repeat(10_000);
        f.set_text("name", "");
        f.insert(&pasted, Language::English, today(), false);
        assert_eq!(f.text("name"), "");
        assert!(f.message.as_deref().unwrap().contains("10000"));
    }

    #[test]
    fn escape_sequences_are_refused_and_dates_normalised_on_leaving() {
        let mut f = form();
        f.insert("\u{1b}[2J", Language::English, today(), false);
        assert_eq!(f.text("name"), "");
        assert!(f.message.is_some());
        f.on_key(key(KeyCode::Tab), Language::English, today());
        assert_eq!(f.fields[0].error.as_deref(), Some("required"));
        typed(&mut f, "jutro");
        f.on_key(key(KeyCode::Tab), Language::English, today());
        assert_eq!(f.text("date"), "23.11.2026");
        f.on_key(key(KeyCode::BackTab), Language::English, today());
        f.set_text("date", "31.02.2026");
        f.fields[1].check(Language::English, today());
        assert!(f.fields[1].error.is_some());
        assert!(!f.check_all(Language::English, today()));
        assert_eq!(f.focus, 0, "the first invalid field gets the focus");
    }

    #[test]
    fn text_pasted_onto_a_flag_is_refused_with_a_message_and_changes_nothing() {
        let mut f = form();
        f.focus = 2;
        f.insert("tak", Language::English, today(), false);
        assert!(!f.flag("flag"));
        assert!(f.message.as_deref().unwrap().contains("chosen with Space"));
        f.message = None;
        f.insert("", Language::English, today(), false);
        assert_eq!(f.message, None, "an empty paste is nothing to refuse");
    }

    #[test]
    fn escape_asks_before_discarding_changes() {
        let mut f = form();
        assert_eq!(
            f.on_key(key(KeyCode::Esc), Language::English, today()),
            Outcome::Cancel
        );
        typed(&mut f, "a");
        assert!(matches!(
            f.on_key(key(KeyCode::Esc), Language::English, today()),
            Outcome::Edited { .. }
        ));
        assert!(f.confirm_discard);
        f.on_key(key(KeyCode::Char('n')), Language::English, today());
        assert!(!f.confirm_discard);
        assert_eq!(f.text("name"), "a", "no keeps the text");
        f.on_key(key(KeyCode::Esc), Language::English, today());
        assert_eq!(
            f.on_key(key(KeyCode::Char('y')), Language::English, today()),
            Outcome::Cancel
        );
    }

    #[test]
    fn multiline_fields_take_new_lines_and_undo_and_redo() {
        let mut f = Form::new(
            "t".into(),
            vec![Field::new(
                "notes",
                Msg::Notes,
                Kind::Multiline {
                    max: 100,
                    required: false,
                },
                "",
            )],
        );
        typed(&mut f, "ab");
        f.on_key(key(KeyCode::Enter), Language::English, today());
        typed(&mut f, "ż");
        assert_eq!(
            f.text("notes"),
            "ab\nż",
            "Enter is a new line here, not save"
        );
        let ctrl = |c| KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL);
        f.on_key(ctrl('u'), Language::English, today());
        assert_eq!(f.text("notes"), "ab");
        f.on_key(ctrl('r'), Language::English, today());
        assert_eq!(f.text("notes"), "ab\nż");
        f.insert("x\r\ny", Language::English, today(), false);
        assert_eq!(
            f.text("notes"),
            "ab\nżx\ny",
            "a pasted CRLF is one line break"
        );
    }

    #[test]
    fn enter_on_the_last_field_and_ctrl_s_save() {
        let mut f = form();
        f.on_key(key(KeyCode::Enter), Language::English, today());
        f.on_key(key(KeyCode::Enter), Language::English, today());
        assert_eq!(f.focus, 2);
        f.on_key(key(KeyCode::Char(' ')), Language::English, today());
        assert!(f.flag("flag"));
        assert_eq!(
            f.on_key(key(KeyCode::Enter), Language::English, today()),
            Outcome::Save
        );
        let ctrl_s = KeyEvent::new(KeyCode::Char('s'), KeyModifiers::CONTROL);
        assert_eq!(f.on_key(ctrl_s, Language::English, today()), Outcome::Save);
    }
}
