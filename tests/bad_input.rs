//! One table of bad inputs, fed into every input field that exists; each new form adds its fields to `FIELDS`.

// Not covered yet: "the terminal is resized to 20×5 and back while a form is open" needs
// a form, and there is none before issue 4; add it here with the first form.

use std::path::Path;
use std::process::{Command, Stdio};

use asystent::config::{Config, ConfigError, Problem};
use asystent::domain::dates::{DateError, parse_date};
use asystent::domain::pesel::{Pesel, PeselError};
use chrono::NaiveDate;

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
        name: "config caseload.limit",
        expect: config_caseload_limit,
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

/// Runs the real binary with `--today=<text>` on a database in a fresh temporary
/// directory: it must stop with a clear message, no panic, and leave nothing behind.
fn today_option(_input: &BadInput, text: &str) -> Result<(), String> {
    if text.contains('\0') {
        // A command line cannot carry NUL: the kernel ends the argument there.
        return Ok(());
    }
    let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
    let db = dir.path().join("db");
    let out = Command::new(env!("CARGO_BIN_EXE_asystent"))
        .arg(format!("--today={text}"))
        .arg("--db")
        .arg(&db)
        .arg("--config")
        .arg(dir.path().join("none.toml"))
        .args(["--lang", "en"])
        .env("XDG_CONFIG_HOME", dir.path())
        .env("XDG_DATA_HOME", dir.path())
        .env_remove("ASYSTENT_DB")
        .env("LANG", "en_US.UTF-8")
        .stdin(Stdio::null())
        .output()
        .map_err(|e| e.to_string())?;
    let stderr = String::from_utf8_lossy(&out.stderr);
    let mut problems = Vec::new();
    if out.status.success() {
        problems.push("exited 0".to_string());
    }
    if stderr.contains("panicked") {
        problems.push(format!("panicked: {stderr}"));
    }
    if !stderr.contains("--today") || !stderr.contains("is not a date") {
        problems.push(format!("unclear message: {stderr:?}"));
    }
    if !out.stdout.is_empty() {
        problems.push(format!(
            "wrote to stdout: {:?}",
            String::from_utf8_lossy(&out.stdout)
        ));
    }
    if db.exists() || left_behind(dir.path()) {
        problems.push("left files behind (a database?)".into());
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems.join("; "))
    }
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

fn config_caseload_limit(_input: &BadInput, text: &str) -> Result<(), String> {
    config_value("caseload", "limit", text)
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
    let raw = |s: &str| {
        s.chars().any(|c| {
            (c.is_control() && c != '\n' && c != '\t')
                || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
        })
    };
    let mut problems = Vec::new();
    let config = Config::from_user_toml(&format!("language = {}\n", toml_string(text)), "c");
    if let Err(e) = config
        && raw(&e.to_string())
    {
        problems.push(format!("config error {:?}", e.to_string()));
    }
    // A command line cannot carry NUL, so only the other inputs reach --today.
    if !text.contains('\0') {
        let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
        let out = Command::new(env!("CARGO_BIN_EXE_asystent"))
            .arg(format!("--today={text}"))
            .arg("--db")
            .arg(dir.path().join("db"))
            .arg("--config")
            .arg(dir.path().join("none.toml"))
            .args(["--lang", "en"])
            .stdin(Stdio::null())
            .output()
            .map_err(|e| e.to_string())?;
        let stderr = String::from_utf8_lossy(&out.stderr);
        if raw(&stderr) {
            problems.push(format!("--today error {stderr:?}"));
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems.join("; "))
    }
}

#[test]
fn error_messages_do_not_echo_control_characters() {
    let failed = failures(&[Field {
        name: "messages that repeat the input",
        expect: echoes_no_control_characters,
    }]);
    assert!(failed.is_empty(), "\n{}", failed.join("\n"));
}
