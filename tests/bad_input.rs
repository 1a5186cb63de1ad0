//! One table of bad inputs, fed into every input field that exists: the command line and
//! configuration fields in `FIELDS`, the form fields in `form_fields()`; each new form adds
//! its fields there.

// A terminal resized to 20×5 and back while a form is open is covered end to end in
// tests/e2e.rs (a_family_typed_with_diacritics_and_two_children_survives_a_restart).

mod common;

use common::keys::calendar_on;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use asystent::app::form::Form;
use asystent::app::{App, Notice, Popup};
use asystent::config::{Config, ConfigError, Language, Problem};
use asystent::domain::audit::AuditAction;
use asystent::domain::dates::format_date;
use asystent::domain::dates::{DateError, parse_date};
use asystent::domain::pesel::{Pesel, PeselError};
use chrono::NaiveDate;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// What sort of bad input a row is, so that a field can expect a different outcome per sort.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// Nothing at all.
    Empty,
    /// Only white space.
    Whitespace,
    /// Far longer than any field.
    Long,
    /// Control characters and terminal escape sequences.
    Control,
    /// Emoji, right-to-left text and digits of other scripts.
    Script,
    /// A date in the right format that does not exist.
    ImpossibleDate,
    /// A real date outside the years the program accepts.
    FarDate,
    /// A number too large for any integer type.
    HugeNumber,
    /// Eleven characters that are not a valid PESEL.
    InvalidPesel,
    /// A good value, never in the table: it shows that a save goes through the checks.
    Good,
}

/// The text of a bad input: written out, or one piece repeated.
enum Text {
    /// The text as written.
    Literal(&'static str),
    /// `piece` repeated `times` times.
    Repeat(&'static str, usize),
}

/// A row of the table: a name for failure messages, its sort and its text.
struct BadInput {
    name: &'static str,
    kind: Kind,
    text: Text,
}

impl BadInput {
    fn text(&self) -> String {
        match self.text {
            Text::Literal(s) => s.to_string(),
            Text::Repeat(piece, times) => piece.repeat(times),
        }
    }
}

/// Shorthand for a written-out row.
const fn row(name: &'static str, kind: Kind, text: &'static str) -> BadInput {
    BadInput {
        name,
        kind,
        text: Text::Literal(text),
    }
}

/// Every bad input every field must survive.
static BAD_INPUTS: &[BadInput] = &[
    row("empty", Kind::Empty, ""),
    row("spaces", Kind::Whitespace, "   "),
    row("tabs and newlines", Kind::Whitespace, " \t\n\t "),
    row("a lone carriage return", Kind::Whitespace, "\r"),
    BadInput {
        name: "10 000 letters with diacritics",
        kind: Kind::Long,
        text: Text::Repeat("ą", 10_000),
    },
    BadInput {
        name: "10 000 digits",
        kind: Kind::Long,
        text: Text::Repeat("9", 10_000),
    },
    row("clear-screen escape", Kind::Control, "\x1b[2J"),
    row("a NUL character", Kind::Control, "\0"),
    row("a date with a NUL", Kind::Control, "05.03.2026\0"),
    row(
        "a date, carriage return and erase-line",
        Kind::Control,
        "05.03.2026\r\x1b[2K",
    ),
    row("a bell and a backspace", Kind::Control, "\x07\x08"),
    row("emoji", Kind::Script, "👨‍👩‍👧‍👦🎉"),
    row("right-to-left text", Kind::Script, "שלום עולם مرحبا"),
    row(
        "a date inside a right-to-left override",
        Kind::Script,
        "\u{202e}2026-03-05\u{202c}",
    ),
    row("Arabic-Indic digits", Kind::Script, "٠٥.٠٣.٢٠٢٦"),
    row("31 February", Kind::ImpossibleDate, "31.02.2026"),
    row("day and month zero", Kind::ImpossibleDate, "00.00.0000"),
    row("month 13", Kind::ImpossibleDate, "2026-13-01"),
    row(
        "29 February of a common year",
        Kind::ImpossibleDate,
        "29.02.2027",
    ),
    row("the year 1000", Kind::FarDate, "01.01.1000"),
    row("the day before 1900", Kind::FarDate, "31.12.1899"),
    row("the last day of 9999", Kind::FarDate, "9999-12-31"),
    row("100 000 days ahead", Kind::FarDate, "+100000"),
    row("100 000 days back", Kind::FarDate, "-100000"),
    row(
        "a day count past u64",
        Kind::HugeNumber,
        "+99999999999999999999",
    ),
    row(
        "PESEL with a wrong check digit",
        Kind::InvalidPesel,
        "44051401358",
    ),
    row("PESEL with a letter", Kind::InvalidPesel, "4405140135a"),
    row(
        "PESEL of month 13 with a right check digit",
        Kind::InvalidPesel,
        "44131401350",
    ),
];

/// What a field must do with a bad input: `Ok` if it did, else what went wrong.
type Expectation = fn(&BadInput, &str) -> Result<(), String>;

/// An input field of the program and what it must do with every bad input.
struct Field {
    name: &'static str,
    expect: Expectation,
}

/// Every input field that exists today; issue 4's forms add a row per field.
static FIELDS: &[Field] = &[
    Field {
        name: "date field (parse_date)",
        expect: date_field,
    },
    Field {
        name: "PESEL field (Pesel::parse)",
        expect: pesel_field,
    },
    Field {
        name: "--today option of the binary",
        expect: today_option,
    },
    Field {
        name: "config language",
        expect: config_language,
    },
    Field {
        name: "config deadlines.assessment_interval_months",
        expect: config_assessment_interval_months,
    },
    Field {
        name: "config deadlines.warning_days",
        expect: config_warning_days,
    },
    Field {
        name: "config deadlines.plan_due_days",
        expect: config_plan_due_days,
    },
    Field {
        name: "config deadlines.monitoring_months",
        expect: config_monitoring_months,
    },
    Field {
        name: "config deadlines.contact_days",
        expect: config_contact_days,
    },
    Field {
        name: "config deadlines.checkin_days",
        expect: config_checkin_days,
    },
    Field {
        name: "config caseload.limit",
        expect: config_caseload_limit,
    },
    Field {
        name: "config caseload.warning_margin",
        expect: config_caseload_warning_margin,
    },
    Field {
        name: "config privacy.idle_lock_minutes",
        expect: config_idle_lock_minutes,
    },
    Field {
        name: "--from option of asystent report",
        expect: report_from_option,
    },
    Field {
        name: "report definition: a row's id",
        expect: definition_id,
    },
    Field {
        name: "report definition: a row's label",
        expect: definition_label,
    },
    Field {
        name: "report definition: a row's label_en",
        expect: definition_label_en,
    },
    Field {
        name: "report definition: a row's rule",
        expect: definition_rule,
    },
    Field {
        name: "report definition: the reason parameter",
        expect: definition_reason,
    },
    Field {
        name: "report definition: the flag parameter",
        expect: definition_flag,
    },
];

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 22).unwrap()
}

/// The date errors a bad input of `kind` may give.
fn date_errors(kind: Kind) -> &'static [DateError] {
    match kind {
        Kind::Empty | Kind::Whitespace => &[DateError::Empty],
        Kind::ImpossibleDate => &[DateError::NoSuchDay, DateError::Format],
        Kind::FarDate => &[DateError::OutOfRange],
        Kind::Long | Kind::Control | Kind::Script | Kind::HugeNumber | Kind::InvalidPesel => {
            &[DateError::Format]
        }
        Kind::Good => &[],
    }
}

/// A date field refuses the input with the reason its sort calls for.
fn date_field(input: &BadInput, text: &str) -> Result<(), String> {
    match parse_date(text, today()) {
        Ok(date) => Err(format!("accepted as {date}")),
        Err(e) if !date_errors(input.kind).contains(&e) => Err(format!("refused as {e:?}")),
        Err(e) if e.to_string().is_empty() => Err("refused without a message".into()),
        Err(_) => Ok(()),
    }
}

/// A PESEL field refuses the input; a wrong PESEL of the right length not for its length.
fn pesel_field(input: &BadInput, text: &str) -> Result<(), String> {
    match Pesel::parse(text) {
        Ok(p) => Err(format!("accepted as {p}")),
        Err(PeselError::Length) if input.kind == Kind::InvalidPesel => {
            Err("an 11-character PESEL refused for its length".into())
        }
        Err(e) if e.to_string().is_empty() => Err("refused without a message".into()),
        Err(_) => Ok(()),
    }
}

/// What a run of the real binary with a bad date option left: its problems so far, its
/// error output, and the temporary directory with the database path it was given.
struct DateRun {
    problems: Vec<String>,
    stderr: String,
    dir: tempfile::TempDir,
    db: std::path::PathBuf,
}

/// Runs the real binary on a database in a fresh temporary directory, in English, with
/// `args` after the shared ones; it must stop, not panic, name `option` as not a date
/// and print nothing on standard output.
fn run_with_bad_date(option: &str, args: &[String]) -> Result<DateRun, String> {
    let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
    let db = dir.path().join("db");
    let out = Command::new(env!("CARGO_BIN_EXE_asystent"))
        .arg("--db")
        .arg(&db)
        .arg("--config")
        .arg(dir.path().join("none.toml"))
        .args(["--lang", "en"])
        .args(args)
        .env("XDG_CONFIG_HOME", dir.path())
        .env("XDG_DATA_HOME", dir.path())
        .env_remove("ASYSTENT_DB")
        .env("LANG", "en_US.UTF-8")
        .stdin(Stdio::null())
        .output()
        .map_err(|e| e.to_string())?;
    let stderr = String::from_utf8_lossy(&out.stderr).to_string();
    let mut problems = Vec::new();
    if out.status.success() {
        problems.push("exited 0".to_string());
    }
    if stderr.contains("panicked") {
        problems.push(format!("panicked: {stderr}"));
    }
    if !stderr.contains(option) || !stderr.contains("is not a date") {
        problems.push(format!("unclear message: {stderr:?}"));
    }
    if !out.stdout.is_empty() {
        problems.push(format!(
            "wrote to stdout: {:?}",
            String::from_utf8_lossy(&out.stdout)
        ));
    }
    Ok(DateRun {
        problems,
        stderr,
        dir,
        db,
    })
}

/// The problems found, or none.
fn verdict(problems: Vec<String>) -> Result<(), String> {
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems.join("; "))
    }
}

/// Runs the real binary with `--today=<text>` on a database in a fresh temporary
/// directory: it must stop with a clear message, no panic, and leave nothing behind.
fn today_option(_input: &BadInput, text: &str) -> Result<(), String> {
    if text.contains('\0') {
        // A command line cannot carry NUL: the kernel ends the argument there.
        return Ok(());
    }
    let mut run = run_with_bad_date("--today", &[format!("--today={text}")])?;
    if run.db.exists() || left_behind(run.dir.path()) {
        run.problems.push("left files behind (a database?)".into());
    }
    verdict(run.problems)
}

/// True if `dir` is not empty.
fn left_behind(dir: &Path) -> bool {
    std::fs::read_dir(dir).map_or(true, |mut entries| entries.next().is_some())
}

/// The input as a TOML string, escaped by the toml crate.
fn toml_string(text: &str) -> String {
    toml::Value::String(text.to_string()).to_string()
}

/// A config file setting `table.key` to the input as a string must be refused with an
/// error naming the file and the key; the whole file is refused, never half-applied.
fn config_value(table: &str, key: &str, text: &str) -> Result<(), String> {
    let value = toml_string(text);
    let file = if table.is_empty() {
        format!("{key} = {value}\n")
    } else {
        format!("[{table}]\n{key} = {value}\n")
    };
    let full_key = if table.is_empty() {
        key.to_string()
    } else {
        format!("{table}.{key}")
    };
    let error = match Config::from_user_toml(&file, "bad.toml") {
        Ok(c) => return Err(format!("accepted: {c:?}")),
        Err(e) => e,
    };
    let names_key = match &error {
        ConfigError::Value { file, key, .. } => file == "bad.toml" && *key == full_key,
        ConfigError::Syntax { file, message } => file == "bad.toml" && message.contains(key),
        ConfigError::Io { .. } => false,
    };
    if !names_key {
        return Err(format!(
            "the error does not name bad.toml and {full_key}: {error}"
        ));
    }
    Ok(())
}

/// `language` is a string, so the input reaches validation and must come back unchanged.
fn config_language(_input: &BadInput, text: &str) -> Result<(), String> {
    config_value("", "language", text)?;
    match Config::from_user_toml(&format!("language = {}\n", toml_string(text)), "bad.toml") {
        Err(ConfigError::Value {
            problem: Problem::UnknownLanguage(v),
            ..
        }) if v == text => Ok(()),
        other => Err(format!("not an unknown language {text:?}: {other:?}")),
    }
}

fn config_assessment_interval_months(_input: &BadInput, text: &str) -> Result<(), String> {
    config_value("deadlines", "assessment_interval_months", text)
}

fn config_warning_days(_input: &BadInput, text: &str) -> Result<(), String> {
    config_value("deadlines", "warning_days", text)
}

fn config_plan_due_days(_input: &BadInput, text: &str) -> Result<(), String> {
    config_value("deadlines", "plan_due_days", text)
}

fn config_monitoring_months(_input: &BadInput, text: &str) -> Result<(), String> {
    config_value("deadlines", "monitoring_months", text)
}

fn config_contact_days(_input: &BadInput, text: &str) -> Result<(), String> {
    config_value("deadlines", "contact_days", text)
}

fn config_checkin_days(_input: &BadInput, text: &str) -> Result<(), String> {
    config_value("deadlines", "checkin_days", text)
}

fn config_caseload_limit(_input: &BadInput, text: &str) -> Result<(), String> {
    config_value("caseload", "limit", text)
}

fn config_caseload_warning_margin(_input: &BadInput, text: &str) -> Result<(), String> {
    config_value("caseload", "warning_margin", text)
}

fn config_idle_lock_minutes(_input: &BadInput, text: &str) -> Result<(), String> {
    config_value("privacy", "idle_lock_minutes", text)
}

/// `asystent report --from=<text>` stops with a message naming `--from`, prints nothing,
/// panics not, and touches no database: the period is read before anything is opened.
fn report_from_option(_input: &BadInput, text: &str) -> Result<(), String> {
    if text.contains('\0') {
        // A command line cannot carry NUL: the kernel ends the argument there.
        return Ok(());
    }
    let args = ["--user", "kierownik", "report"].map(String::from);
    let args = [
        &args[..],
        &[format!("--from={text}"), "--to".into(), "2026-06-30".into()],
    ];
    let mut run = run_with_bad_date("--from", &args.concat())?;
    if has_raw_control(&run.stderr) {
        run.problems
            .push(format!("control characters repeated: {:?}", run.stderr));
    }
    if run.db.exists() {
        run.problems.push("created a database".into());
    }
    verdict(run.problems)
}

/// Control characters (other than line breaks and tabs) or direction overrides.
fn has_raw_control(s: &str) -> bool {
    s.chars().any(|c| {
        (c.is_control() && c != '\n' && c != '\t')
            || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
    })
}

/// A text a definition takes as a label: not blank, at most 200 characters, without
/// control characters or invisible direction marks.
fn fine_label(text: &str) -> bool {
    !text.trim().is_empty()
        && text.chars().count() <= asystent::report::definition::LABEL_MAX
        && !text.chars().any(|c| {
            c.is_control()
                || matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
        })
}

/// A text a definition takes as an id: ASCII letters, digits, `.`, `_`, `-`, at most 40.
fn fine_id(text: &str) -> bool {
    let t = text.trim();
    !t.is_empty()
        && t.len() <= asystent::report::definition::ID_MAX
        && t.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'))
}

/// A definition whose second row sets `key` to the input: accepted only if `fine` says
/// the text is a good value (and then kept as written, trimmed), else refused with an
/// error that names the file and row 2 in both languages without repeating control
/// characters.
fn definition_value(key: &str, text: &str, fine: fn(&str) -> bool) -> Result<(), String> {
    use asystent::report::definition::ReportDefinition;
    let value = toml_string(text);
    let mut second = vec![
        ("id", "\"2\"".to_string()),
        ("label", "\"Zamknięte\"".to_string()),
        ("rule", "\"families_closed\"".to_string()),
    ];
    match second.iter_mut().find(|(k, _)| *k == key) {
        Some(entry) => entry.1 = value,
        None => second.push((key, value)),
    }
    let mut file = String::from(
        "[[row]]\nid = \"1\"\nlabel = \"Rodziny\"\nrule = \"families_served\"\n\n[[row]]\n",
    );
    for (k, v) in &second {
        file.push_str(&format!("{k} = {v}\n"));
    }
    match ReportDefinition::parse(&file, "bad.toml") {
        Ok(d) if fine(text) => {
            let row = &d.rows[1];
            let kept = match key {
                "id" => row.id.clone(),
                "label" => row.label.clone(),
                "label_en" => row.label_en.clone().unwrap_or_default(),
                _ => return Err(format!("accepted: {row:?}")),
            };
            if kept == text.trim() {
                Ok(())
            } else {
                Err(format!("kept as {kept:?}"))
            }
        }
        Ok(d) => Err(format!("accepted: {:?}", d.rows[1])),
        Err(e) if fine(text) => Err(format!("a fine value refused: {e}")),
        Err(e) => {
            if e.row.as_ref().map(|r| r.position) != Some(2) {
                return Err(format!("does not name row 2: {e}"));
            }
            let pl = asystent::i18n::report::definition_error(Language::Polish, &e);
            let en = asystent::i18n::report::definition_error(Language::English, &e);
            if !pl.contains("bad.toml, wiersz nr 2") || !en.contains("bad.toml, row 2") {
                return Err(format!("messages do not name the row: {pl} / {en}"));
            }
            if has_raw_control(&pl) || has_raw_control(&en) {
                return Err(format!("control characters repeated: {en:?}"));
            }
            Ok(())
        }
    }
}

fn definition_id(_input: &BadInput, text: &str) -> Result<(), String> {
    definition_value("id", text, fine_id)
}

fn definition_label(_input: &BadInput, text: &str) -> Result<(), String> {
    definition_value("label", text, fine_label)
}

/// The English label is optional: a blank one means none (the Polish one is shown).
fn definition_label_en(_input: &BadInput, text: &str) -> Result<(), String> {
    definition_value("label_en", text, |t| t.trim().is_empty() || fine_label(t))
}

fn definition_rule(_input: &BadInput, text: &str) -> Result<(), String> {
    definition_value("rule", text, |_| false)
}

fn definition_reason(_input: &BadInput, text: &str) -> Result<(), String> {
    definition_value("reason", text, |_| false)
}

fn definition_flag(_input: &BadInput, text: &str) -> Result<(), String> {
    definition_value("flag", text, |_| false)
}

/// Feeds every bad input into every field with `expect` and lists what failed.
fn failures(fields: &[Field]) -> Vec<String> {
    let mut failed = Vec::new();
    for field in fields {
        for input in BAD_INPUTS {
            if let Err(why) = (field.expect)(input, &input.text()) {
                let why: String = why.chars().take(300).collect();
                failed.push(format!("{} × {}: {why}", field.name, input.name));
            }
        }
    }
    failed
}

#[test]
fn every_field_handles_every_bad_input() {
    let failed = failures(FIELDS);
    assert!(failed.is_empty(), "\n{}", failed.join("\n"));
}

#[test]
fn the_table_has_every_sort_of_bad_input() {
    let kinds = [
        Kind::Empty,
        Kind::Whitespace,
        Kind::Long,
        Kind::Control,
        Kind::Script,
        Kind::ImpossibleDate,
        Kind::FarDate,
        Kind::HugeNumber,
        Kind::InvalidPesel,
    ];
    for kind in kinds {
        assert!(BAD_INPUTS.iter().any(|i| i.kind == kind), "no {kind:?} row");
    }
    let long = BAD_INPUTS.iter().filter(|i| i.kind == Kind::Long);
    assert!(long.clone().all(|i| i.text().chars().count() == 10_000));
    let mut names: Vec<_> = BAD_INPUTS.iter().map(|i| i.name).collect();
    names.sort_unstable();
    names.dedup();
    assert_eq!(names.len(), BAD_INPUTS.len(), "row names are unique");
}

/// A message that repeats the user's text must not pass control characters through to
/// the terminal: `--today $'\e[2J'` would clear the screen of whoever reads the error.
fn echoes_no_control_characters(_input: &BadInput, text: &str) -> Result<(), String> {
    // Control characters, and bidirectional overrides that reorder what follows them.
    let mut problems = Vec::new();
    let config = Config::from_user_toml(&format!("language = {}\n", toml_string(text)), "c");
    if let Err(e) = config
        && has_raw_control(&e.to_string())
    {
        problems.push(format!("config error {:?}", e.to_string()));
    }
    // A command line cannot carry NUL, so only the other inputs reach --today.
    if !text.contains('\0') {
        let stderr = run_with_bad_date("--today", &[format!("--today={text}")])?.stderr;
        if has_raw_control(&stderr) {
            problems.push(format!("--today error {stderr:?}"));
        }
    }
    verdict(problems)
}

#[test]
fn error_messages_do_not_echo_control_characters() {
    let failed = failures(&[Field {
        name: "messages that repeat the input",
        expect: echoes_no_control_characters,
    }]);
    assert!(failed.is_empty(), "\n{}", failed.join("\n"));
}

/// A field of a form: how to open its form, its id, and how to read back what was saved.
struct FormField {
    form: &'static str,
    id: &'static str,
    open: fn(&mut App),
    /// How to read back what a save of the form did.
    saved: Saved,
    /// True if the field takes several lines.
    multiline: bool,
}

/// How a save of a form is read back.
#[derive(Clone, Copy)]
enum Saved {
    /// A record: the saved value of the field, from the newest record of its kind.
    Record(fn(&App) -> String),
    /// No record: `now` stays as it was on a refusal; `done` checks a save against it.
    Effect {
        now: fn(&App) -> Effect,
        done: fn(&App, &Effect, &Form) -> Result<(), String>,
    },
}

/// What a form that saves no record changes in the app.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Effect {
    /// The period the Reports screen shows.
    Period(NaiveDate, NaiveDate),
    /// The files in the documents directory and the number of "print" audit entries.
    Documents(Vec<PathBuf>, usize),
}

fn press(app: &mut App, code: KeyCode) {
    app.on_key(KeyEvent::new(code, KeyModifiers::NONE));
}

fn set(app: &mut App, id: &str, text: &str) {
    if let Some(Popup::Form(rf)) = app.popups.last_mut() {
        rf.form.set_text(id, text);
    }
}

fn open_family(app: &mut App) {
    press(app, KeyCode::Char('2'));
    press(app, KeyCode::Char('n'));
    set(app, "name", "Testowa");
}

fn open_member(app: &mut App) {
    press(app, KeyCode::Char('2'));
    press(app, KeyCode::Char('m'));
    press(app, KeyCode::Char('n'));
    set(app, "first_name", "Ala");
}

/// Chooses `wanted` in the status menu of the selected family; false if it is not offered.
fn choose(app: &mut App, wanted: asystent::domain::lifecycle::Transition) -> bool {
    press(app, KeyCode::Char('s'));
    let Some(Popup::StatusMenu { options, .. }) = app.popup() else {
        return false;
    };
    let Some(at) = options.iter().position(|t| *t == wanted) else {
        press(app, KeyCode::Esc);
        return false;
    };
    for _ in 0..at {
        press(app, KeyCode::Down);
    }
    press(app, KeyCode::Enter);
    true
}

fn open_closure(app: &mut App) {
    use asystent::domain::lifecycle::Transition;
    press(app, KeyCode::Char('2'));
    // An earlier input may have closed the family: reopen it first.
    if !choose(app, Transition::Close) {
        choose(app, Transition::Reopen);
        app.on_key(KeyEvent::new(KeyCode::Char('s'), KeyModifiers::CONTROL));
        choose(app, Transition::Close);
    }
    set(app, "summary", "Zakończenie.");
}

fn open_cooperation(app: &mut App) {
    press(app, KeyCode::Char('2'));
    press(app, KeyCode::Char('i'));
    press(app, KeyCode::Char('n'));
    set(app, "institution_name", "Szkoła");
}

fn newest_family(app: &App) -> &asystent::domain::Family {
    &app.snapshot
        .families
        .iter()
        .max_by_key(|r| r.family.id)
        .unwrap()
        .family
}

fn family_value(app: &App, id: &str) -> String {
    let f = newest_family(app);
    let date = |d: Option<NaiveDate>| d.map(format_date).unwrap_or_default();
    match id {
        "case_number" => f.case_number.clone(),
        "name" => f.name.clone(),
        "address" => f.address.clone(),
        "phones" => f.phones.join(", "),
        "sw_name" => f.social_worker.name.clone(),
        "sw_phone" => f.social_worker.phone.clone(),
        "referral" => date(Some(f.referral_date)),
        "consent" => date(f.consent_date),
        "kurator" => f.flags.kurator.clone().unwrap_or_default(),
        "notes" => f.notes.clone(),
        other => panic!("no family field {other}"),
    }
}

fn member_value(app: &App, id: &str) -> String {
    let d = app.family_detail.as_ref().unwrap();
    let m = d.members.iter().max_by_key(|m| m.id).unwrap();
    let date = |d: Option<NaiveDate>| d.map(format_date).unwrap_or_default();
    let foster = m.foster.as_ref();
    match id {
        "first_name" => m.first_name.clone(),
        "last_name" => m.last_name.clone(),
        "birth" => date(m.birth_date),
        "pesel" => m.pesel.as_ref().map(|p| p.to_string()).unwrap_or_default(),
        "left" => date(m.left_household),
        "foster_since" => date(foster.map(|p| p.since)),
        "coordinator" => foster
            .map(|p| p.coordinator_name.clone())
            .unwrap_or_default(),
        "coordinator_phone" => foster
            .map(|p| p.coordinator_phone.clone())
            .unwrap_or_default(),
        "returned" => date(foster.and_then(|p| p.returned_home)),
        other => panic!("no member field {other}"),
    }
}

fn closure_value(app: &App, id: &str) -> String {
    let f = &app.family_detail.as_ref().unwrap().family;
    let c = f.closure.as_ref().unwrap();
    match id {
        "date" => format_date(c.date),
        "other" => match &c.reason {
            asystent::domain::ClosureReason::Other(t) => t.clone(),
            _ => String::new(),
        },
        "summary" => c.summary.clone(),
        "monitoring" => c.monitoring_until.map(format_date).unwrap_or_default(),
        other => panic!("no closure field {other}"),
    }
}

fn cooperation_value(app: &App, id: &str) -> String {
    let d = app.family_detail.as_ref().unwrap();
    let c = d.cooperation.iter().max_by_key(|c| c.id).unwrap();
    match id {
        "date" => format_date(c.date),
        "institution_name" => c.institution_name.clone(),
        "person" => c.person.clone(),
        "note" => c.note.clone(),
        other => panic!("no cooperation field {other}"),
    }
}

/// Opens the Work plan of the first demo family (it has a plan) on `item`, then `key`.
fn open_plan_on(app: &mut App, item: asystent::app::PlanItem, key: KeyCode) {
    press(app, KeyCode::Char('2'));
    press(app, KeyCode::Char('3'));
    if !matches!(
        (item, app.selected_plan_item()),
        (
            asystent::app::PlanItem::Goal(_),
            Some(asystent::app::PlanItem::Goal(_))
        ) | (
            asystent::app::PlanItem::Action(..),
            Some(asystent::app::PlanItem::Action(..))
        )
    ) {
        press(app, KeyCode::Home);
        while app.selected_plan_item() != Some(item) {
            let before = app.plan_view.selected;
            press(app, KeyCode::Down);
            if app.plan_view.selected == before {
                break;
            }
        }
    }
    press(app, key);
}

fn open_plan_header(app: &mut App) {
    open_plan_on(app, asystent::app::PlanItem::Header, KeyCode::Enter);
}

fn open_diagnosis(app: &mut App) {
    open_plan_on(app, asystent::app::PlanItem::Diagnosis, KeyCode::Enter);
}

fn open_consultation(app: &mut App) {
    open_plan_on(app, asystent::app::PlanItem::Consultation, KeyCode::Enter);
}

fn open_child_link(app: &mut App) {
    open_plan_on(app, asystent::app::PlanItem::ChildLink, KeyCode::Enter);
    set(app, "who", "Jan Koordynator");
    set(app, "date", "01.10.2026");
}

fn open_new_goal(app: &mut App) {
    open_plan_on(app, asystent::app::PlanItem::Goal(0), KeyCode::Char('g'));
}

fn open_new_action(app: &mut App) {
    open_plan_on(
        app,
        asystent::app::PlanItem::Action(0, 0),
        KeyCode::Char('a'),
    );
    set(app, "what", "Działanie");
    set(app, "why", "");
}

fn open_not_done_action(app: &mut App) {
    open_new_action(app);
    if let Some(Popup::Form(rf)) = app.popups.last_mut()
        && let Some(f) = rf.form.field_mut("state")
    {
        f.choice = 3;
    }
    set(app, "why", "Powód");
}

fn plan_value(app: &App, id: &str) -> String {
    let p = app.shown_plan().unwrap();
    let date = |d: Option<NaiveDate>| d.map(format_date).unwrap_or_default();
    let item = app.selected_plan_item();
    let action = match item {
        Some(asystent::app::PlanItem::Action(g, a)) => {
            p.goals.get(g).and_then(|g| g.actions.get(a))
        }
        _ => None,
    };
    match id {
        "drawn_up" => date(Some(p.drawn_up)),
        "from" => date(Some(p.period_from)),
        "to" => date(Some(p.period_to)),
        "signed_family" => date(p.signed_family),
        "signed_assistant" => date(p.signed_assistant),
        "strengths" => p.strengths.clone(),
        "problems" => p.problems.clone(),
        "consultation who" => p
            .consultation
            .as_ref()
            .map(|c| c.social_worker.clone())
            .unwrap_or_default(),
        "consultation date" => date(p.consultation.as_ref().map(|c| c.date)),
        "child who" => p
            .child_plan_link
            .as_ref()
            .map(|c| c.coordinator.clone())
            .unwrap_or_default(),
        "child date" => date(p.child_plan_link.as_ref().map(|c| c.date)),
        "text" => match item {
            Some(asystent::app::PlanItem::Goal(g)) => p.goals[g].text.clone(),
            _ => String::new(),
        },
        "what" => action.map(|a| a.what.clone()).unwrap_or_default(),
        "who" => action.map(|a| a.who.clone()).unwrap_or_default(),
        "deadline" => date(action.and_then(|a| a.deadline)),
        "effect" => action
            .map(|a| a.expected_effect.clone())
            .unwrap_or_default(),
        "why" => match action.map(|a| &a.status) {
            Some(asystent::domain::ActionStatus::NotDone(why)) => why.clone(),
            _ => String::new(),
        },
        other => panic!("no plan field {other}"),
    }
}

fn consultation_value(app: &App, id: &str) -> String {
    plan_value(app, &format!("consultation {id}"))
}

fn child_link_value(app: &App, id: &str) -> String {
    plan_value(app, &format!("child {id}"))
}

fn open_new_visit(app: &mut App) {
    calendar_on(app, "25.11.2026");
    press(app, KeyCode::Char('n'));
    set(app, "time", "07:00");
    if let Some(Popup::Form(rf)) = app.popups.last_mut()
        && let Some(f) = rf.form.field_mut("place")
    {
        // "Another place", so that its text is used.
        f.choice = 2;
    }
    set(app, "place_text", "Świetlica");
}

/// Opens the day's visits of 20.11.2026 on the demo's Górska visit, then `key`.
fn on_the_gorska_visit(app: &mut App, key: KeyCode) {
    calendar_on(app, "20.11.2026");
    press(app, KeyCode::Enter);
    let at = app
        .calendar
        .day_visits
        .iter()
        .position(|v| {
            app.snapshot
                .family(v.family_id)
                .is_some_and(|r| r.family.name == "Górska")
        })
        .expect("the demo has a visit to Górska on 20.11.2026");
    for _ in 0..at {
        press(app, KeyCode::Down);
    }
    press(app, key);
}

fn open_visit_record(app: &mut App) {
    on_the_gorska_visit(app, KeyCode::Enter);
}

fn open_next_visit(app: &mut App) {
    on_the_gorska_visit(app, KeyCode::Enter);
    set(app, "next_date", "30.11.2026");
    set(app, "next_time", "07:00");
}

fn open_reschedule(app: &mut App) {
    // A planned visit of the future, booked first.
    calendar_on(app, "26.11.2026");
    if app
        .calendar
        .day_visits
        .iter()
        .all(|v| v.time != chrono::NaiveTime::from_hms_opt(6, 0, 0).unwrap())
    {
        press(app, KeyCode::Char('n'));
        set(app, "time", "06:00");
        app.on_key(KeyEvent::new(KeyCode::Char('s'), KeyModifiers::CONTROL));
        if app.popup().is_some() {
            app.on_key(KeyEvent::new(KeyCode::Char('s'), KeyModifiers::CONTROL));
        }
    }
    press(app, KeyCode::Enter);
    let at = app
        .calendar
        .day_visits
        .iter()
        .position(|v| v.time == chrono::NaiveTime::from_hms_opt(6, 0, 0).unwrap())
        .unwrap_or(0);
    for _ in 0..at {
        press(app, KeyCode::Down);
    }
    press(app, KeyCode::Char('r'));
    set(app, "time", "06:00");
}

fn newest_visit(app: &App) -> asystent::domain::Visit {
    let caller = app
        .local_service()
        .unwrap()
        .caller("kierownik", common::today())
        .unwrap();
    let store = app.local_service().unwrap().store();
    let (data, _) = store.export().unwrap();
    let id = data.visits.iter().map(|v| v.id).max().unwrap();
    app.local_service()
        .unwrap()
        .visit(&caller, id)
        .unwrap()
        .unwrap()
        .value
}

fn visit_value(app: &App, id: &str) -> String {
    let v = newest_visit(app);
    match id {
        "family" => String::new(),
        "date" => format_date(v.date),
        "time" => v.time.format("%H:%M").to_string(),
        "duration" => v.duration_min.to_string(),
        "place_text" => match v.place {
            asystent::domain::VisitPlace::Other(t) => t,
            _ => String::new(),
        },
        other => panic!("no visit field {other}"),
    }
}

fn gorska_visit(app: &App) -> asystent::domain::Visit {
    let caller = app
        .local_service()
        .unwrap()
        .caller("kierownik", common::today())
        .unwrap();
    let (data, _) = app.local_service().unwrap().store().export().unwrap();
    let family = data
        .families
        .iter()
        .find(|f| f.name == "Górska")
        .unwrap()
        .id;
    let id = data
        .visits
        .iter()
        .find(|v| v.family_id == family && v.date == NaiveDate::from_ymd_opt(2026, 11, 20).unwrap())
        .unwrap()
        .id;
    app.local_service()
        .unwrap()
        .visit(&caller, id)
        .unwrap()
        .unwrap()
        .value
}

fn record_value(app: &App, id: &str) -> String {
    let r = gorska_visit(app).record;
    match id {
        "present" => r.present,
        "since_last" => r.since_last,
        "done_now" => r.done_now,
        "tasks" => r.tasks,
        other => panic!("no record field {other}"),
    }
}

fn next_visit_value(app: &App, id: &str) -> String {
    let v = newest_visit(app);
    match id {
        "next_date" => format_date(v.date),
        "next_time" => v.time.format("%H:%M").to_string(),
        other => panic!("no next-visit field {other}"),
    }
}

fn reschedule_value(app: &App, id: &str) -> String {
    let caller = app
        .local_service()
        .unwrap()
        .caller("kierownik", common::today())
        .unwrap();
    let (data, _) = app.local_service().unwrap().store().export().unwrap();
    let six = chrono::NaiveTime::from_hms_opt(6, 0, 0).unwrap();
    let v = data
        .visits
        .iter()
        .filter(|v| v.time == six)
        .max_by_key(|v| v.id)
        .unwrap();
    let v = app
        .local_service()
        .unwrap()
        .visit(&caller, v.id)
        .unwrap()
        .unwrap()
        .value;
    match id {
        "date" => format_date(v.date),
        "time" => v.time.format("%H:%M").to_string(),
        other => panic!("no reschedule field {other}"),
    }
}

/// The details of the family selected in the register, read anew.
fn selected_detail(app: &App) -> asystent::service::FamilyDetail {
    let caller = app
        .local_service()
        .unwrap()
        .caller("kierownik", common::today())
        .unwrap();
    let family = app.selected_family().unwrap();
    app.local_service()
        .unwrap()
        .family_detail(&caller, family)
        .unwrap()
        .unwrap()
}

fn open_assessment(app: &mut App) {
    press(app, KeyCode::Char('2'));
    press(app, KeyCode::Char('a'));
    set(app, "changes", "Bez zmian.");
}

/// Opens the correction of the newest assessment of the first family that has one.
fn open_assessment_correction(app: &mut App) {
    press(app, KeyCode::Char('2'));
    press(app, KeyCode::Home);
    for _ in 0..app.snapshot.families.len() {
        press(app, KeyCode::Char('A'));
        if app.popup().is_some() {
            return;
        }
        press(app, KeyCode::Down);
    }
}

fn assessment_value(app: &App, id: &str) -> String {
    let detail = selected_detail(app);
    let a = detail
        .assessments
        .iter()
        .max_by_key(|a| a.id)
        .unwrap()
        .clone();
    assessment_field(a, id)
}

/// A field of the newest assessment (the one a correction saves over).
fn corrected_value(app: &App, id: &str) -> String {
    assessment_field(selected_detail(app).assessments[0].clone(), id)
}

fn assessment_field(a: asystent::domain::Assessment, id: &str) -> String {
    match id {
        "date" => format_date(a.date),
        "from" => format_date(a.period_from),
        "to" => format_date(a.period_to),
        "changes" => a.changes,
        "child_safety" => a.child_safety,
        "cooperation" => a.cooperation,
        "resources_risks" => a.resources_risks,
        "sent_to_head" => a.sent_to_head.map(format_date).unwrap_or_default(),
        other => panic!("no assessment field {other}"),
    }
}

fn open_court_request(app: &mut App) {
    press(app, KeyCode::Char('2'));
    press(app, KeyCode::Char('r'));
    set(app, "court", "Sąd Rejonowy");
    set(app, "signature", "III Nsm 1/26");
}

fn court_request_value(app: &App, id: &str) -> String {
    let detail = selected_detail(app);
    let r = detail
        .court_requests
        .iter()
        .max_by_key(|r| r.id)
        .unwrap()
        .clone();
    match id {
        "court" => r.court,
        "signature" => r.signature,
        "received" => format_date(r.received),
        "due" => format_date(r.due),
        "delivered" => r.delivered.map(format_date).unwrap_or_default(),
        other => panic!("no court request field {other}"),
    }
}

fn open_stand_in(app: &mut App) {
    press(app, KeyCode::Char('2'));
    press(app, KeyCode::Char('c'));
    press(app, KeyCode::Char('n'));
}

/// The newest stand-in of the form's default substitute: the first assistant of the
/// caseload view other than the absent one (the first row).
fn stand_in_value(app: &App, id: &str) -> String {
    let rows = &app.snapshot.caseload;
    let holder = rows[1..]
        .iter()
        .find(|r| r.assistant.id != rows[0].assistant.id)
        .unwrap();
    let service = app.local_service().unwrap();
    let staff = service.store().staff().unwrap().records;
    let stored = staff
        .into_iter()
        .map(|v| v.value)
        .find(|s| s.id == holder.assistant.id)
        .unwrap();
    let Some(s) = stored.stand_ins.last() else {
        return String::new();
    };
    match id {
        "from" => format_date(s.from),
        "to" => format_date(s.to),
        other => panic!("no stand-in field {other}"),
    }
}

/// Opens the court opinion form (`O`) of the first family that has a court request.
fn open_opinion(app: &mut App) {
    common::keys::select_family_where(app, |d| !d.court_requests.is_empty());
    press(app, KeyCode::Char('O'));
}

/// The files in the documents directory, sorted, and the "print" entries of the audit log.
fn documents_now(app: &App) -> Effect {
    let dir = app.backend().documents_dir();
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map(|d| d.map(|e| e.unwrap().path()).collect())
        .unwrap_or_default();
    files.sort();
    let service = app.local_service().unwrap();
    let caller = service.caller("kierownik", common::today()).unwrap();
    let prints = service
        .audit_log(&caller, None, None, None)
        .unwrap()
        .iter()
        .filter(|e| e.action == AuditAction::Print)
        .count();
    Effect::Documents(files, prints)
}

/// A saved opinion: one new file, one print entry, the form's format, request and period.
fn opinion_written(app: &App, before: &Effect, form: &Form) -> Result<(), String> {
    let (Effect::Documents(old, old_prints), Effect::Documents(files, prints)) =
        (before, documents_now(app))
    else {
        return Err("not a document form".into());
    };
    let new: Vec<&PathBuf> = files.iter().filter(|f| !old.contains(f)).collect();
    let [file] = new[..] else {
        return Err(format!("{} new files: {new:?}", new.len()));
    };
    if prints != old_prints + 1 {
        return Err(format!("{} new print entries", prints - old_prints));
    }
    match &app.notice {
        Some(Notice::Info(text)) if text.contains(&*file.to_string_lossy()) => {}
        other => return Err(format!("the status line does not name the file: {other:?}")),
    }
    let name = file.file_name().unwrap_or_default().to_string_lossy();
    let docx = form.choice("format") == 1;
    let extension = if docx { ".docx" } else { ".txt" };
    if !name.starts_with("opinia-") || !name.ends_with(extension) {
        return Err(format!("written as {name}"));
    }
    let bytes = std::fs::read(file).map_err(|e| e.to_string())?;
    if docx {
        return if bytes.starts_with(b"PK\x03\x04") {
            Ok(())
        } else {
            Err("not a DOCX package".into())
        };
    }
    let text = String::from_utf8(bytes).map_err(|e| e.to_string())?;
    let chosen = form
        .field("request")
        .map(|f| f.display(Language::English))
        .unwrap_or_default();
    let detail = app.family_detail.as_ref().ok_or("no family open")?;
    let request = detail
        .court_requests
        .iter()
        .find(|r| format!("{} {} ({})", r.court, r.signature, format_date(r.received)) == chosen)
        .ok_or(format!("no court request shown as {chosen:?}"))?;
    let (Some(from), Some(to)) = (form.date("from", app.today), form.date("to", app.today)) else {
        return Err(format!(
            "written from a form holding {:?} – {:?}",
            clip(&form.text("from")),
            clip(&form.text("to"))
        ));
    };
    let period = format!("{} – {}", format_date(from), format_date(to));
    if !text.contains(&period) || !text.contains(&request.signature) {
        return Err(format!(
            "the file does not give the period {period} and the request {}",
            request.signature
        ));
    }
    Ok(())
}

/// Opens the period form (`d`) of the Reports screen.
fn open_report_period(app: &mut App) {
    press(app, KeyCode::Char('6'));
    press(app, KeyCode::Char('d'));
}

/// The period the Reports screen shows.
fn period_now(app: &App) -> Effect {
    let (from, to) = app.report_view.period;
    Effect::Period(from, to)
}

/// A saved period form shows its period, and that period's report (or why there is none).
fn period_shown(app: &App, _before: &Effect, form: &Form) -> Result<(), String> {
    let (Some(from), Some(to)) = (form.date("from", app.today), form.date("to", app.today)) else {
        return Err(format!(
            "taken from a form holding {:?} – {:?}",
            clip(&form.text("from")),
            clip(&form.text("to"))
        ));
    };
    let view = &app.report_view;
    if view.period != (from, to) {
        return Err(format!(
            "shows {:?} after {from} – {to} was saved",
            view.period
        ));
    }
    match (&view.report, &view.error) {
        (Some(r), _) if (r.from, r.to) == (from, to) => Ok(()),
        (None, Some(_)) => Ok(()),
        _ => Err("no report of the period, and no reason".into()),
    }
}

macro_rules! form_fields {
    ($form:literal, $open:ident, effect $now:ident, $done:ident: $($id:literal),+) => {
        [$(FormField {
            form: $form,
            id: $id,
            open: $open,
            saved: Saved::Effect { now: $now, done: $done },
            multiline: false,
        }),+]
    };
    ($form:literal, $open:ident, $saved:ident: $($id:literal $(multiline $m:tt)?),+) => {
        [$(FormField {
            form: $form,
            id: $id,
            open: $open,
            saved: Saved::Record(|app| $saved(app, $id)),
            multiline: false $(|| $m)?,
        }),+]
    };
}

/// Every field of every form; a new form adds its fields here.
fn form_fields() -> Vec<FormField> {
    let mut all = Vec::new();
    all.extend(form_fields!("family", open_family, family_value:
        "case_number", "name", "address", "phones", "sw_name", "sw_phone", "referral",
        "consent", "kurator", "notes" multiline true));
    all.extend(form_fields!("member", open_member, member_value:
        "first_name", "last_name", "birth", "pesel", "left", "foster_since", "coordinator",
        "coordinator_phone", "returned"));
    all.extend(form_fields!("closure", open_closure, closure_value:
        "date", "other", "summary" multiline true, "monitoring"));
    all.extend(
        form_fields!("cooperation", open_cooperation, cooperation_value:
        "date", "institution_name", "person", "note" multiline true),
    );
    all.extend(form_fields!("plan dates", open_plan_header, plan_value:
        "drawn_up", "from", "to", "signed_family", "signed_assistant"));
    all.extend(form_fields!("diagnosis", open_diagnosis, plan_value:
        "strengths" multiline true, "problems" multiline true));
    all.extend(
        form_fields!("consultation", open_consultation, consultation_value:
        "who", "date"),
    );
    all.extend(form_fields!("child plan", open_child_link, child_link_value: "who", "date"));
    all.extend(form_fields!("goal", open_new_goal, plan_value: "text" multiline true));
    all.extend(form_fields!("action", open_new_action, plan_value:
        "what", "who", "deadline", "effect"));
    all.extend(form_fields!("action not done", open_not_done_action, plan_value: "why"));
    all.extend(form_fields!("new visit", open_new_visit, visit_value:
        "family", "date", "time", "duration", "place_text"));
    all.extend(
        form_fields!("visit record", open_visit_record, record_value:
        "present", "since_last" multiline true, "done_now" multiline true,
        "tasks" multiline true),
    );
    all.extend(
        form_fields!("next visit", open_next_visit, next_visit_value:
        "next_date", "next_time"),
    );
    all.extend(form_fields!("reschedule", open_reschedule, reschedule_value: "date", "time"));
    all.extend(
        form_fields!("assessment", open_assessment, assessment_value:
        "date", "from", "to", "changes" multiline true, "child_safety" multiline true,
        "cooperation" multiline true, "resources_risks" multiline true, "sent_to_head"),
    );
    all.extend(
        form_fields!("assessment correction", open_assessment_correction, corrected_value:
        "date", "from", "to", "changes" multiline true, "child_safety" multiline true,
        "cooperation" multiline true, "resources_risks" multiline true, "sent_to_head"),
    );
    all.extend(
        form_fields!("court request", open_court_request, court_request_value:
        "court", "signature", "received", "due", "delivered"),
    );
    all.extend(form_fields!("stand-in", open_stand_in, stand_in_value: "from", "to"));
    all.extend(
        form_fields!("court opinion", open_opinion, effect documents_now, opinion_written:
        "request", "from", "to", "format"),
    );
    all.extend(
        form_fields!("report period", open_report_period, effect period_now, period_shown:
        "from", "to"),
    );
    all
}

/// Pastes `text` into the field (whole, as a terminal's bracketed paste delivers it):
/// a refusal says why and keeps nothing of the input, an acceptance keeps all of it.
/// Then saves: a refused save says why; a save stores exactly what the field held.
fn form_field_takes(app: &mut App, field: &FormField, input: &BadInput) -> Result<(), String> {
    (field.open)(app);
    let Some(Popup::Form(_)) = app.popup() else {
        return Err("the form did not open".into());
    };
    set(app, field.id, "");
    if let Some(Popup::Form(rf)) = app.popups.last_mut() {
        let at = rf
            .form
            .fields
            .iter()
            .position(|f| f.id == field.id)
            .unwrap();
        rf.form.focus = at;
    }
    let text = input.text();
    app.on_paste(&text);
    let result = check_paste_and_save(app, field, input, &text);
    // Leave whatever is open: discard the form (asking), close the lists.
    for _ in 0..4 {
        match app.popup() {
            Some(Popup::Form(rf)) if rf.form.confirm_discard => press(app, KeyCode::Char('y')),
            Some(_) => press(app, KeyCode::Esc),
            None => break,
        }
    }
    press(app, KeyCode::Esc);
    result
}

fn check_paste_and_save(
    app: &mut App,
    field: &FormField,
    input: &BadInput,
    text: &str,
) -> Result<(), String> {
    let Some(Popup::Form(rf)) = app.popup() else {
        return Err("the paste closed the form".into());
    };
    let refused = rf.form.message.as_deref().is_some_and(|m| !m.is_empty());
    let kept = rf
        .form
        .field(field.id)
        .map(|f| f.text())
        .unwrap_or_default();
    // A pasted line break is a space in a one-line field.
    let expected: String = if field.multiline {
        text.replace("\r\n", "\n").replace('\r', "\n")
    } else {
        text.replace("\r\n", " ").replace(['\r', '\n'], " ")
    };
    if refused && !kept.is_empty() {
        return Err(format!("refused, yet the field holds {:?}", clip(&kept)));
    }
    if !refused && kept != expected {
        return Err(format!("the field holds {:?}", clip(&kept)));
    }
    if !refused && matches!(input.kind, Kind::Long | Kind::Control) {
        return Err("accepted into the field".into());
    }
    let form = rf.form.clone();
    let before = match field.saved {
        Saved::Effect { now, .. } => Some(now(app)),
        Saved::Record(_) => None,
    };
    app.on_key(KeyEvent::new(KeyCode::Char('s'), KeyModifiers::CONTROL));
    match app.popup() {
        Some(Popup::Form(rf)) => {
            let form = &rf.form;
            let said = form.message.as_deref().is_some_and(|m| !m.is_empty())
                || form
                    .fields
                    .iter()
                    .any(|f| f.error.as_deref().is_some_and(|e| !e.is_empty()));
            if !said {
                return Err("not saved, and no message says why".into());
            }
            // The refused form keeps what was typed (a date written out in full).
            let holds = form.field(field.id).map(|f| f.text()).unwrap_or_default();
            let written_out = parse_date(&kept, today()).map(format_date);
            if holds != kept && written_out.as_ref() != Ok(&holds) {
                return Err(format!(
                    "refused, and the field now holds {:?} instead of {:?}",
                    clip(&holds),
                    clip(&kept)
                ));
            }
            match (field.saved, before) {
                (Saved::Effect { now, .. }, Some(before)) if now(app) != before => {
                    Err(format!("refused, yet {:?} became {:?}", before, now(app)))
                }
                _ => Ok(()),
            }
        }
        _ => match (field.saved, before) {
            (Saved::Record(saved), _) => {
                let saved = saved(app);
                if saved == kept.trim() {
                    Ok(())
                } else {
                    Err(format!(
                        "saved {:?} from a field holding {:?}",
                        clip(&saved),
                        clip(&kept)
                    ))
                }
            }
            (Saved::Effect { done, .. }, Some(before)) => done(app, &before, &form),
            (Saved::Effect { .. }, None) => Err("nothing read before the save".into()),
        },
    }
}

fn clip(s: &str) -> String {
    s.chars().take(40).collect()
}

#[test]
fn every_form_field_handles_every_bad_input() {
    let mut failed = Vec::new();
    for field in form_fields() {
        let (_dir, mut app) = common::demo_app("kierownik", Language::English);
        for input in BAD_INPUTS {
            if let Err(why) = form_field_takes(&mut app, &field, input) {
                failed.push(format!(
                    "{} {} × {}: {why}",
                    field.form, field.id, input.name
                ));
            }
        }
    }
    assert!(failed.is_empty(), "\n{}", failed.join("\n"));
}

#[test]
fn a_good_date_goes_through_the_forms_that_save_no_record() {
    // Every date of the table is refused, so this shows that the same checks see a good
    // date through and that a save really changes the period or writes the document.
    let good = BadInput {
        name: "1 June 2026",
        kind: Kind::Good,
        text: Text::Literal("01.06.2026"),
    };
    let mut failed = Vec::new();
    let mut seen = 0;
    for field in form_fields() {
        let Saved::Effect { now, .. } = field.saved else {
            continue;
        };
        if !matches!(field.id, "from" | "to") {
            continue;
        }
        seen += 1;
        let (_dir, mut app) = common::demo_app("kierownik", Language::English);
        let before = now(&app);
        let result = form_field_takes(&mut app, &field, &good);
        if let Err(why) = result {
            failed.push(format!("{} {}: {why}", field.form, field.id));
        } else if now(&app) == before {
            failed.push(format!(
                "{} {}: saved, yet nothing changed",
                field.form, field.id
            ));
        }
    }
    assert_eq!(seen, 4, "the opinion's and the report's period fields");
    assert!(failed.is_empty(), "\n{}", failed.join("\n"));
}
