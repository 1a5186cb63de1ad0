//! The report definition: the rows of the half-year report as data (`config/report.toml`),
//! each an id, a label and a rule from a small fixed vocabulary of counting primitives.
//! An office corrects or adds a row by editing its own copy of the file; a wrong row is
//! refused with an error that names it (position and id). The built-in copy is used when
//! the configuration directory has none.

use std::path::Path;

use serde::{Deserialize, Serialize};
use thiserror::Error;
use toml::{Table, Value as Toml};

use crate::domain::{VisitKind, VisitStatus};

/// The built-in definition, embedded so that the binary needs no file next to it.
pub const BUILTIN_TOML: &str = include_str!("../../config/report.toml");

/// Name the built-in definition carries in error messages and reports.
pub const BUILTIN_SOURCE: &str = "config/report.toml (built in)";

/// Name of an office's own definition in the configuration directory.
pub const FILE_NAME: &str = "report.toml";

/// Most rows a definition may have.
pub const MAX_ROWS: usize = 200;

/// Longest row id, in characters.
pub const ID_MAX: usize = 40;

/// Longest label or title, in characters.
pub const LABEL_MAX: usize = 200;

/// Largest definition file read, in bytes.
pub const FILE_MAX: u64 = 1024 * 1024;

/// Largest number of months a support band may name (a hundred years).
pub const MONTHS_MAX: u32 = 1200;

/// A complete, validated report definition.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportDefinition {
    /// Where it came from: a path, or [`BUILTIN_SOURCE`].
    pub source: String,
    /// Title of the report (Polish).
    pub title: String,
    /// Title in English, if given.
    pub title_en: Option<String>,
    /// The rows, in the order they are reported.
    pub rows: Vec<RowDefinition>,
}

/// One row of the report: what it is called and how it is counted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RowDefinition {
    /// Short id such as `1.2`, unique in the definition.
    pub id: String,
    /// Label (Polish).
    pub label: String,
    /// Label in English, if given.
    pub label_en: Option<String>,
    /// The rule that counts it.
    pub rule: Rule,
}

/// A counting primitive with its parameters. "Served" means active on at least one day
/// of the period (see [`crate::report::timeline`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Rule {
    /// Families served in the period, optionally with a flag and by months of support.
    FamiliesServed {
        /// Only families with this flag.
        flag: Option<Flag>,
        /// Only families whose months of support up to the period end fall in the band.
        support_months: Option<Band>,
    },
    /// Families whose work started (or was reopened) in the period.
    FamiliesStarted {
        /// Only families with this flag.
        flag: Option<Flag>,
    },
    /// Families whose work was closed in the period, optionally for given reasons.
    FamiliesClosed {
        /// Only families with this flag.
        flag: Option<Flag>,
        /// Only closures for one of these reasons (empty: any reason).
        reasons: Vec<ReasonCode>,
    },
    /// Families monitored after closure on at least one day of the period.
    FamiliesMonitored {
        /// Only families with this flag.
        flag: Option<Flag>,
    },
    /// Families served with a child in foster care on at least one day of the period.
    FamiliesWithChildInFosterCare {
        /// Only families with this flag.
        flag: Option<Flag>,
    },
    /// Children in the families served (born by the period end, not gone before it).
    ChildrenInServedFamilies {
        /// Only families with this flag.
        flag: Option<Flag>,
    },
    /// Children of the families served who were in foster care on a day of the period.
    ChildrenInFosterCare {
        /// Only families with this flag.
        flag: Option<Flag>,
    },
    /// Children of the families served who returned home from foster care in the period.
    ChildrenReturnedFromFosterCare {
        /// Only families with this flag.
        flag: Option<Flag>,
    },
    /// Assistants who worked in the period: assigned to a family served or with a held visit.
    Assistants,
    /// Families served per assistant who worked in the period.
    Caseload {
        /// Average or largest.
        stat: Stat,
    },
    /// Visits dated in the period, optionally of given outcomes and kinds.
    Visits {
        /// Only these outcomes (empty: any).
        statuses: Vec<VisitStatus>,
        /// Only these kinds (empty: any).
        kinds: Vec<VisitKind>,
    },
    /// Hours of the visits dated in the period, optionally of given outcomes and kinds.
    VisitHours {
        /// Only these outcomes (empty: any).
        statuses: Vec<VisitStatus>,
        /// Only these kinds (empty: any).
        kinds: Vec<VisitKind>,
    },
}

/// A family flag a row may select on (the flags as recorded now: they keep no history).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Flag {
    /// A court obliged the family to work with an assistant.
    CourtObliged,
    /// Support under the "Za życiem" act.
    ZaZyciem,
    /// A "Niebieska Karta" procedure is open.
    NiebieskaKarta,
    /// A court supervisor (kurator) is appointed.
    Kurator,
}

/// A closure reason as a definition names it (`Other` covers every described reason).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ReasonCode {
    /// The goals of the plan were achieved.
    GoalsAchieved,
    /// The family resigned from the support.
    FamilyResigned,
    /// The family did not cooperate.
    NoCooperation,
    /// The family moved out of the area.
    MovedOut,
    /// A child was placed in foster care.
    ChildPlacedInFosterCare,
    /// Another reason.
    Other,
}

/// A band of whole months: `min` included, `max` excluded, either may be left open.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Band {
    /// Fewest months (included).
    pub min: Option<u32>,
    /// Months from which a family is past the band (excluded).
    pub max: Option<u32>,
}

impl Band {
    /// True if `months` falls in the band.
    pub fn contains(&self, months: u32) -> bool {
        self.min.is_none_or(|m| months >= m) && self.max.is_none_or(|m| months < m)
    }
}

/// Which figure of the caseload a row reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Stat {
    /// Families served per assistant, on average.
    Average,
    /// The most families served by one assistant.
    Max,
}

/// The rules' names in the file, with the parameters each takes.
pub const RULES: &[(&str, &[&str])] = &[
    ("families_served", &["flag", "support_months"]),
    ("families_started", &["flag"]),
    ("families_closed", &["flag", "reason"]),
    ("families_monitored", &["flag"]),
    ("families_with_child_in_foster_care", &["flag"]),
    ("children_in_served_families", &["flag"]),
    ("children_in_foster_care", &["flag"]),
    ("children_returned_from_foster_care", &["flag"]),
    ("assistants", &[]),
    ("caseload", &["stat"]),
    ("visits", &["status", "kind"]),
    ("visit_hours", &["status", "kind"]),
];

/// Values of `flag`.
pub const FLAGS: &[(&str, Flag)] = &[
    ("court_obliged", Flag::CourtObliged),
    ("za_zyciem", Flag::ZaZyciem),
    ("niebieska_karta", Flag::NiebieskaKarta),
    ("kurator", Flag::Kurator),
];

/// Values of `reason`.
pub const REASONS: &[(&str, ReasonCode)] = &[
    ("goals_achieved", ReasonCode::GoalsAchieved),
    ("family_resigned", ReasonCode::FamilyResigned),
    ("no_cooperation", ReasonCode::NoCooperation),
    ("moved_out", ReasonCode::MovedOut),
    (
        "child_placed_in_foster_care",
        ReasonCode::ChildPlacedInFosterCare,
    ),
    ("other", ReasonCode::Other),
];

/// Values of `status` (of a visit).
pub const STATUSES: &[(&str, VisitStatus)] = &[
    ("planned", VisitStatus::Planned),
    ("held", VisitStatus::Held),
    ("cancelled", VisitStatus::Cancelled),
    ("family_absent", VisitStatus::FamilyAbsent),
];

/// Values of `kind` (of a visit).
pub const KINDS: &[(&str, VisitKind)] = &[
    ("home_visit", VisitKind::HomeVisit),
    ("accompaniment", VisitKind::Accompaniment),
    ("phone_call", VisitKind::PhoneCall),
    ("intervention", VisitKind::Intervention),
    ("consultation", VisitKind::Consultation),
    ("group_class", VisitKind::GroupClass),
];

/// Values of `stat`.
pub const STATS: &[(&str, Stat)] = &[("average", Stat::Average), ("max", Stat::Max)];

/// Keys a row has besides the rule's parameters.
const ROW_KEYS: &[&str] = &["id", "label", "label_en", "rule"];

/// Keys of the file outside the rows.
const TOP_KEYS: &[&str] = &["title", "title_en", "row"];

/// Keys of a `support_months` band.
const BAND_KEYS: &[&str] = &["min", "max"];

/// The row an error is about: its position in the file (from 1) and its id as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowRef {
    /// Position among the rows, from 1.
    pub position: usize,
    /// The id as written, if the row has a text id.
    pub id: Option<String>,
}

/// The type a key should have had.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expected {
    /// A text in quotes.
    Text,
    /// A text, or a list of texts.
    TextOrList,
    /// A whole number.
    WholeNumber,
    /// A table such as `{ min = 3, max = 12 }`.
    Table,
    /// A list of rows (`[[row]]`).
    Rows,
}

/// What is wrong with a definition.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum DefinitionProblem {
    /// The file could not be read.
    #[error("cannot be read: {0}")]
    Unreadable(String),
    /// The file is larger than [`FILE_MAX`].
    #[error("is larger than {max} bytes")]
    TooLarge {
        /// The limit.
        max: u64,
    },
    /// Not valid TOML (the parser's message, with the line).
    #[error("{0}")]
    Syntax(String),
    /// A key that is not part of the definition.
    #[error("unknown key {key:?} (known: {})", known.join(", "))]
    UnknownKey {
        /// The key.
        key: String,
        /// The keys allowed there.
        known: Vec<&'static str>,
    },
    /// A key of the wrong type.
    #[error("{key} must be {expected:?}")]
    WrongType {
        /// The key.
        key: String,
        /// What it should be.
        expected: Expected,
    },
    /// The definition has no rows.
    #[error("has no rows ([[row]])")]
    NoRows,
    /// Too many rows.
    #[error("has more than {max} rows")]
    TooManyRows {
        /// The limit.
        max: usize,
    },
    /// A required key is missing or blank.
    #[error("{key} is missing")]
    Missing {
        /// The key.
        key: &'static str,
    },
    /// The id has characters other than letters, digits, `.`, `_` and `-`, or is too long.
    #[error("the id may have only ASCII letters, digits, '.', '_' and '-', at most {max}")]
    BadId {
        /// Longest id.
        max: usize,
    },
    /// Another row has the same id.
    #[error("the id is already the id of row {first}")]
    DuplicateId {
        /// Position of the row that has it first.
        first: usize,
    },
    /// A text with control characters or invisible direction overrides.
    #[error("{key} has control characters")]
    ControlCharacters {
        /// The key.
        key: &'static str,
    },
    /// A text longer than allowed.
    #[error("{key} is longer than {max} characters")]
    TooLong {
        /// The key.
        key: &'static str,
        /// The limit.
        max: usize,
    },
    /// The rule is not one of [`RULES`].
    #[error("unknown rule {rule:?}")]
    UnknownRule {
        /// The rule as written.
        rule: String,
    },
    /// The rule does not take this parameter.
    #[error("rule {rule} takes no parameter {parameter:?}")]
    UnknownParameter {
        /// The rule.
        rule: &'static str,
        /// The parameter as written.
        parameter: String,
        /// The parameters the rule takes.
        takes: &'static [&'static str],
    },
    /// A parameter's value is not one of those allowed.
    #[error("{key} = {value:?} is not one of {}", allowed.join(", "))]
    BadValue {
        /// The parameter.
        key: String,
        /// The value as written.
        value: String,
        /// The values allowed.
        allowed: Vec<&'static str>,
    },
    /// A list of values is empty.
    #[error("{key} is an empty list")]
    EmptyList {
        /// The parameter.
        key: String,
    },
    /// A number outside its range.
    #[error("{key} must be between {min} and {max}")]
    OutOfRange {
        /// The parameter.
        key: String,
        /// Smallest accepted.
        min: u32,
        /// Largest accepted.
        max: u32,
    },
    /// A band with neither `min` nor `max`.
    #[error("support_months needs min or max")]
    EmptyBand,
    /// A band whose `min` is not below its `max`.
    #[error("support_months min {min} is not below max {max}")]
    BandBackwards {
        /// Its min.
        min: u32,
        /// Its max.
        max: u32,
    },
}

/// Why a definition was refused: the file, the row (if the problem is in one) and what.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("{source_name}{}: {problem}", at_row(row))]
pub struct DefinitionError {
    /// The file, or [`BUILTIN_SOURCE`].
    pub source_name: String,
    /// The row at fault, if any.
    pub row: Option<RowRef>,
    /// What is wrong (boxed: a refusal is rare, and a small error keeps results small).
    pub problem: Box<DefinitionProblem>,
}

/// `, row N (id "X")` for the English message of an error in a row.
fn at_row(row: &Option<RowRef>) -> String {
    match row {
        Some(RowRef {
            position,
            id: Some(id),
        }) => format!(", row {position} (id {id:?})"),
        Some(RowRef { position, id: None }) => format!(", row {position} (no id)"),
        None => String::new(),
    }
}

impl ReportDefinition {
    /// The built-in definition (`config/report.toml`, embedded).
    pub fn builtin() -> ReportDefinition {
        // The embedded file is a constant of the build, checked by a unit test; the
        // fallback only exists so that this function has no panic path.
        ReportDefinition::parse(BUILTIN_TOML, BUILTIN_SOURCE).unwrap_or(ReportDefinition {
            source: BUILTIN_SOURCE.to_string(),
            title: String::new(),
            title_en: None,
            rows: Vec::new(),
        })
    }

    /// Reads the definition file at `path` (it must exist).
    pub fn load(path: &Path) -> Result<ReportDefinition, DefinitionError> {
        let source = path.display().to_string();
        let fail = |problem| DefinitionError {
            source_name: source.clone(),
            row: None,
            problem: Box::new(problem),
        };
        let size = std::fs::metadata(path)
            .map_err(|e| fail(DefinitionProblem::Unreadable(e.to_string())))?
            .len();
        if size > FILE_MAX {
            return Err(fail(DefinitionProblem::TooLarge { max: FILE_MAX }));
        }
        let text = std::fs::read_to_string(path)
            .map_err(|e| fail(DefinitionProblem::Unreadable(e.to_string())))?;
        ReportDefinition::parse(&text, &source)
    }

    /// The office's own definition, `report.toml` in `config_dir`, if there is one;
    /// else the built-in one.
    pub fn load_or_builtin(config_dir: Option<&Path>) -> Result<ReportDefinition, DefinitionError> {
        match config_dir.map(|d| d.join(FILE_NAME)) {
            Some(path) if path.exists() => ReportDefinition::load(&path),
            _ => Ok(ReportDefinition::builtin()),
        }
    }

    /// Parses and checks a definition; `source` names it in errors.
    pub fn parse(text: &str, source: &str) -> Result<ReportDefinition, DefinitionError> {
        let fail = |row: Option<RowRef>, problem| DefinitionError {
            source_name: source.to_string(),
            row,
            problem: Box::new(problem),
        };
        let table: Table = toml::from_str(text).map_err(|e| {
            fail(
                None,
                DefinitionProblem::Syntax(e.to_string().trim_end().to_string()),
            )
        })?;
        if let Some(key) = table.keys().find(|k| !TOP_KEYS.contains(&k.as_str())) {
            return Err(fail(
                None,
                DefinitionProblem::UnknownKey {
                    key: key.clone(),
                    known: TOP_KEYS.to_vec(),
                },
            ));
        }
        let title = optional_text(&table, "title").map_err(|p| fail(None, p))?;
        let title_en = optional_text(&table, "title_en").map_err(|p| fail(None, p))?;
        let rows = match table.get("row") {
            None => return Err(fail(None, DefinitionProblem::NoRows)),
            Some(Toml::Array(rows)) => rows,
            Some(_) => {
                return Err(fail(
                    None,
                    DefinitionProblem::WrongType {
                        key: "row".into(),
                        expected: Expected::Rows,
                    },
                ));
            }
        };
        if rows.is_empty() {
            return Err(fail(None, DefinitionProblem::NoRows));
        }
        if rows.len() > MAX_ROWS {
            return Err(fail(None, DefinitionProblem::TooManyRows { max: MAX_ROWS }));
        }
        let mut parsed: Vec<RowDefinition> = Vec::with_capacity(rows.len());
        for (index, value) in rows.iter().enumerate() {
            let position = index + 1;
            let at = |id: Option<String>| Some(RowRef { position, id });
            let Toml::Table(row) = value else {
                return Err(fail(
                    at(None),
                    DefinitionProblem::WrongType {
                        key: "row".into(),
                        expected: Expected::Table,
                    },
                ));
            };
            let written_id = match row.get("id") {
                Some(Toml::String(s)) => Some(s.clone()),
                _ => None,
            };
            let row_def = parse_row(row).map_err(|p| fail(at(written_id.clone()), p))?;
            if let Some(first) = parsed.iter().position(|r| r.id == row_def.id) {
                return Err(fail(
                    at(written_id),
                    DefinitionProblem::DuplicateId { first: first + 1 },
                ));
            }
            parsed.push(row_def);
        }
        Ok(ReportDefinition {
            source: source.to_string(),
            title: title.unwrap_or_default(),
            title_en,
            rows: parsed,
        })
    }
}

/// Checks one row.
fn parse_row(row: &Table) -> Result<RowDefinition, DefinitionProblem> {
    let id = required_text(row, "id")?;
    let id_ok = id.len() <= ID_MAX
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'));
    if !id_ok {
        return Err(DefinitionProblem::BadId { max: ID_MAX });
    }
    let label = required_text(row, "label")?;
    let label_en = optional_text(row, "label_en")?;
    let rule_name = required_text(row, "rule")?;
    let Some(&(rule_name, takes)) = RULES.iter().find(|(name, _)| *name == rule_name) else {
        return Err(DefinitionProblem::UnknownRule { rule: rule_name });
    };
    // Keys are checked in the file's order, so the first wrong one is reported.
    if let Some(key) = row
        .keys()
        .find(|k| !ROW_KEYS.contains(&k.as_str()) && !takes.contains(&k.as_str()))
    {
        return Err(DefinitionProblem::UnknownParameter {
            rule: rule_name,
            parameter: key.clone(),
            takes,
        });
    }
    let flag = || one_of(row, "flag", FLAGS);
    let rule = match rule_name {
        "families_served" => Rule::FamiliesServed {
            flag: flag()?,
            support_months: band(row)?,
        },
        "families_started" => Rule::FamiliesStarted { flag: flag()? },
        "families_closed" => Rule::FamiliesClosed {
            flag: flag()?,
            reasons: any_of(row, "reason", REASONS)?,
        },
        "families_monitored" => Rule::FamiliesMonitored { flag: flag()? },
        "families_with_child_in_foster_care" => {
            Rule::FamiliesWithChildInFosterCare { flag: flag()? }
        }
        "children_in_served_families" => Rule::ChildrenInServedFamilies { flag: flag()? },
        "children_in_foster_care" => Rule::ChildrenInFosterCare { flag: flag()? },
        "children_returned_from_foster_care" => {
            Rule::ChildrenReturnedFromFosterCare { flag: flag()? }
        }
        "assistants" => Rule::Assistants,
        "caseload" => Rule::Caseload {
            stat: one_of(row, "stat", STATS)?.unwrap_or(Stat::Average),
        },
        "visits" => Rule::Visits {
            statuses: any_of(row, "status", STATUSES)?,
            kinds: any_of(row, "kind", KINDS)?,
        },
        // The only rule left in RULES.
        _ => Rule::VisitHours {
            statuses: any_of(row, "status", STATUSES)?,
            kinds: any_of(row, "kind", KINDS)?,
        },
    };
    Ok(RowDefinition {
        id,
        label,
        label_en,
        rule,
    })
}

/// A text key that must be there and not blank.
fn required_text(table: &Table, key: &'static str) -> Result<String, DefinitionProblem> {
    optional_text(table, key)?.ok_or(DefinitionProblem::Missing { key })
}

/// A text key that may be left out; blank counts as left out only for optional keys
/// (`required_text` then calls it missing).
fn optional_text(table: &Table, key: &'static str) -> Result<Option<String>, DefinitionProblem> {
    match table.get(key) {
        None => Ok(None),
        Some(Toml::String(s)) => {
            if s.trim().is_empty() {
                return Ok(None);
            }
            if s.chars().any(|c| {
                c.is_control()
                    || matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
            }) {
                return Err(DefinitionProblem::ControlCharacters { key });
            }
            if s.chars().count() > LABEL_MAX {
                return Err(DefinitionProblem::TooLong {
                    key,
                    max: LABEL_MAX,
                });
            }
            Ok(Some(s.trim().to_string()))
        }
        Some(_) => Err(DefinitionProblem::WrongType {
            key: key.to_string(),
            expected: Expected::Text,
        }),
    }
}

/// A parameter naming one value of `names`, if given.
fn one_of<T: Copy>(
    row: &Table,
    key: &str,
    names: &[(&'static str, T)],
) -> Result<Option<T>, DefinitionProblem> {
    match row.get(key) {
        None => Ok(None),
        Some(Toml::String(s)) => lookup(key, s, names).map(Some),
        Some(_) => Err(DefinitionProblem::WrongType {
            key: key.to_string(),
            expected: Expected::Text,
        }),
    }
}

/// A parameter naming one value of `names` or a list of them; empty if not given.
fn any_of<T: Copy + PartialEq>(
    row: &Table,
    key: &str,
    names: &[(&'static str, T)],
) -> Result<Vec<T>, DefinitionProblem> {
    let wrong = || DefinitionProblem::WrongType {
        key: key.to_string(),
        expected: Expected::TextOrList,
    };
    match row.get(key) {
        None => Ok(Vec::new()),
        Some(Toml::String(s)) => Ok(vec![lookup(key, s, names)?]),
        Some(Toml::Array(items)) => {
            if items.is_empty() {
                return Err(DefinitionProblem::EmptyList {
                    key: key.to_string(),
                });
            }
            let mut out = Vec::with_capacity(items.len());
            for item in items {
                let Toml::String(s) = item else {
                    return Err(wrong());
                };
                let value = lookup(key, s, names)?;
                if !out.contains(&value) {
                    out.push(value);
                }
            }
            Ok(out)
        }
        Some(_) => Err(wrong()),
    }
}

/// The value `written` names among `names`.
fn lookup<T: Copy>(
    key: &str,
    written: &str,
    names: &[(&'static str, T)],
) -> Result<T, DefinitionProblem> {
    names
        .iter()
        .find(|(name, _)| *name == written)
        .map(|&(_, v)| v)
        .ok_or_else(|| DefinitionProblem::BadValue {
            key: key.to_string(),
            value: written.to_string(),
            allowed: names.iter().map(|(n, _)| *n).collect(),
        })
}

/// The `support_months` band, if given.
fn band(row: &Table) -> Result<Option<Band>, DefinitionProblem> {
    let table = match row.get("support_months") {
        None => return Ok(None),
        Some(Toml::Table(t)) => t,
        Some(_) => {
            return Err(DefinitionProblem::WrongType {
                key: "support_months".into(),
                expected: Expected::Table,
            });
        }
    };
    if let Some(key) = table.keys().find(|k| !BAND_KEYS.contains(&k.as_str())) {
        return Err(DefinitionProblem::UnknownKey {
            key: format!("support_months.{key}"),
            known: BAND_KEYS.to_vec(),
        });
    }
    let months = |key: &str| -> Result<Option<u32>, DefinitionProblem> {
        let name = format!("support_months.{key}");
        match table.get(key) {
            None => Ok(None),
            Some(Toml::Integer(n)) => u32::try_from(*n)
                .ok()
                .filter(|&n| n <= MONTHS_MAX)
                .map(Some)
                .ok_or(DefinitionProblem::OutOfRange {
                    key: name,
                    min: 0,
                    max: MONTHS_MAX,
                }),
            Some(_) => Err(DefinitionProblem::WrongType {
                key: name,
                expected: Expected::WholeNumber,
            }),
        }
    };
    let band = Band {
        min: months("min")?,
        max: months("max")?,
    };
    match (band.min, band.max) {
        (None, None) => Err(DefinitionProblem::EmptyBand),
        (Some(min), Some(max)) if min >= max => Err(DefinitionProblem::BandBackwards { min, max }),
        _ => Ok(Some(band)),
    }
}

/// The name a rule has in the file.
pub fn rule_name(rule: &Rule) -> &'static str {
    match rule {
        Rule::FamiliesServed { .. } => "families_served",
        Rule::FamiliesStarted { .. } => "families_started",
        Rule::FamiliesClosed { .. } => "families_closed",
        Rule::FamiliesMonitored { .. } => "families_monitored",
        Rule::FamiliesWithChildInFosterCare { .. } => "families_with_child_in_foster_care",
        Rule::ChildrenInServedFamilies { .. } => "children_in_served_families",
        Rule::ChildrenInFosterCare { .. } => "children_in_foster_care",
        Rule::ChildrenReturnedFromFosterCare { .. } => "children_returned_from_foster_care",
        Rule::Assistants => "assistants",
        Rule::Caseload { .. } => "caseload",
        Rule::Visits { .. } => "visits",
        Rule::VisitHours { .. } => "visit_hours",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problem(text: &str) -> (Option<RowRef>, DefinitionProblem) {
        match ReportDefinition::parse(text, "t.toml") {
            Err(e) => {
                assert_eq!(e.source_name, "t.toml");
                (e.row, *e.problem)
            }
            Ok(d) => panic!("accepted: {d:?}"),
        }
    }

    fn at(position: usize, id: Option<&str>) -> Option<RowRef> {
        Some(RowRef {
            position,
            id: id.map(str::to_string),
        })
    }

    const GOOD: &str = "[[row]]\nid = \"1\"\nlabel = \"Rodziny\"\nrule = \"families_served\"\n";

    #[test]
    fn the_built_in_definition_is_valid_and_has_every_rule() {
        let d = ReportDefinition::parse(BUILTIN_TOML, BUILTIN_SOURCE).expect("valid");
        assert_eq!(d, ReportDefinition::builtin());
        assert!(!d.title.is_empty());
        for (name, _) in RULES {
            assert!(
                d.rows.iter().any(|r| rule_name(&r.rule) == *name),
                "no row uses {name}"
            );
        }
        assert!(d.rows.iter().all(|r| r.label_en.is_some()));
    }

    #[test]
    fn rules_take_their_parameters() {
        let text = "title = \"T\"\n[[row]]\nid = \"a\"\nlabel = \"L\"\nrule = \"families_served\"\nflag = \"za_zyciem\"\nsupport_months = { min = 3, max = 12 }\n\
                    [[row]]\nid = \"b\"\nlabel = \"L\"\nrule = \"families_closed\"\nreason = [\"moved_out\", \"other\"]\n\
                    [[row]]\nid = \"c\"\nlabel = \"L\"\nlabel_en = \"E\"\nrule = \"visit_hours\"\nstatus = \"held\"\nkind = [\"home_visit\"]\n\
                    [[row]]\nid = \"d\"\nlabel = \"L\"\nrule = \"caseload\"\nstat = \"max\"\n";
        let d = ReportDefinition::parse(text, "t").unwrap();
        assert_eq!(
            d.rows[0].rule,
            Rule::FamiliesServed {
                flag: Some(Flag::ZaZyciem),
                support_months: Some(Band {
                    min: Some(3),
                    max: Some(12)
                })
            }
        );
        assert_eq!(
            d.rows[1].rule,
            Rule::FamiliesClosed {
                flag: None,
                reasons: vec![ReasonCode::MovedOut, ReasonCode::Other]
            }
        );
        assert_eq!(
            d.rows[2].rule,
            Rule::VisitHours {
                statuses: vec![VisitStatus::Held],
                kinds: vec![VisitKind::HomeVisit]
            }
        );
        assert_eq!(d.rows[2].label_en.as_deref(), Some("E"));
        assert_eq!(d.rows[3].rule, Rule::Caseload { stat: Stat::Max });
    }

    #[test]
    fn errors_name_the_row_by_position_and_id() {
        let second = |body: &str| format!("{GOOD}[[row]]\n{body}");
        let cases: Vec<(String, Option<RowRef>, DefinitionProblem)> = vec![
            (
                second("id = \"2\"\nlabel = \"L\"\nrule = \"families_servd\"\n"),
                at(2, Some("2")),
                DefinitionProblem::UnknownRule {
                    rule: "families_servd".into(),
                },
            ),
            (
                second("label = \"L\"\nrule = \"assistants\"\n"),
                at(2, None),
                DefinitionProblem::Missing { key: "id" },
            ),
            (
                second("id = \"1\"\nlabel = \"L\"\nrule = \"assistants\"\n"),
                at(2, Some("1")),
                DefinitionProblem::DuplicateId { first: 1 },
            ),
            (
                second("id = \"2\"\nlabel = \"  \"\nrule = \"assistants\"\n"),
                at(2, Some("2")),
                DefinitionProblem::Missing { key: "label" },
            ),
            (
                second("id = \"2 a\"\nlabel = \"L\"\nrule = \"assistants\"\n"),
                at(2, Some("2 a")),
                DefinitionProblem::BadId { max: ID_MAX },
            ),
            (
                second("id = \"2\"\nlabel = \"L\"\nrule = \"assistants\"\nflag = \"x\"\n"),
                at(2, Some("2")),
                DefinitionProblem::UnknownParameter {
                    rule: "assistants",
                    parameter: "flag".into(),
                    takes: &[],
                },
            ),
            (
                second(
                    "id = \"2\"\nlabel = \"L\"\nrule = \"families_closed\"\nreason = \"moved\"\n",
                ),
                at(2, Some("2")),
                DefinitionProblem::BadValue {
                    key: "reason".into(),
                    value: "moved".into(),
                    allowed: REASONS.iter().map(|(n, _)| *n).collect(),
                },
            ),
            (
                second("id = \"2\"\nlabel = \"L\"\nrule = \"visits\"\nstatus = []\n"),
                at(2, Some("2")),
                DefinitionProblem::EmptyList {
                    key: "status".into(),
                },
            ),
            (
                second("id = \"2\"\nlabel = \"L\"\nrule = \"visits\"\nkind = 3\n"),
                at(2, Some("2")),
                DefinitionProblem::WrongType {
                    key: "kind".into(),
                    expected: Expected::TextOrList,
                },
            ),
            (
                second(
                    "id = \"2\"\nlabel = \"L\"\nrule = \"families_served\"\nsupport_months = { min = 12, max = 3 }\n",
                ),
                at(2, Some("2")),
                DefinitionProblem::BandBackwards { min: 12, max: 3 },
            ),
            (
                second(
                    "id = \"2\"\nlabel = \"L\"\nrule = \"families_served\"\nsupport_months = { min = -1 }\n",
                ),
                at(2, Some("2")),
                DefinitionProblem::OutOfRange {
                    key: "support_months.min".into(),
                    min: 0,
                    max: MONTHS_MAX,
                },
            ),
            (
                second(
                    "id = \"2\"\nlabel = \"L\"\nrule = \"families_served\"\nsupport_months = {}\n",
                ),
                at(2, Some("2")),
                DefinitionProblem::EmptyBand,
            ),
            (
                second("id = \"2\"\nlabel = \"a\\u0007b\"\nrule = \"assistants\"\n"),
                at(2, Some("2")),
                DefinitionProblem::ControlCharacters { key: "label" },
            ),
            (
                second("id = 2\nlabel = \"L\"\nrule = \"assistants\"\n"),
                at(2, None),
                DefinitionProblem::WrongType {
                    key: "id".into(),
                    expected: Expected::Text,
                },
            ),
        ];
        for (text, row, expected) in cases {
            assert_eq!(problem(&text), (row, expected), "{text}");
        }
    }

    #[test]
    fn errors_outside_rows_name_the_file() {
        assert_eq!(
            problem("title = \"T\"\n"),
            (None, DefinitionProblem::NoRows)
        );
        assert_eq!(problem("row = []\n"), (None, DefinitionProblem::NoRows));
        assert!(matches!(
            problem("[[row]\n").1,
            DefinitionProblem::Syntax(_)
        ));
        assert!(matches!(
            problem(&format!("colour = 1\n{GOOD}")).1,
            DefinitionProblem::UnknownKey { .. }
        ));
        let many = GOOD.repeat(MAX_ROWS + 1);
        assert_eq!(
            problem(&many),
            (None, DefinitionProblem::TooManyRows { max: MAX_ROWS })
        );
    }

    #[test]
    fn the_message_names_file_row_and_id() {
        let e = ReportDefinition::parse(
            &format!("{GOOD}[[row]]\nid = \"7\"\nlabel = \"L\"\nrule = \"x\"\n"),
            "/etc/r.toml",
        )
        .unwrap_err();
        assert_eq!(
            e.to_string(),
            "/etc/r.toml, row 2 (id \"7\"): unknown rule \"x\""
        );
    }

    #[test]
    fn bands_include_min_and_exclude_max() {
        let b = Band {
            min: Some(3),
            max: Some(12),
        };
        assert!(!b.contains(2));
        assert!(b.contains(3));
        assert!(b.contains(11));
        assert!(!b.contains(12));
        let open = Band {
            min: None,
            max: Some(3),
        };
        assert!(open.contains(0));
        assert!(!open.contains(3));
    }

    #[test]
    fn an_office_file_beside_the_config_wins_over_the_built_in_one() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(
            ReportDefinition::load_or_builtin(Some(dir.path())).unwrap(),
            ReportDefinition::builtin()
        );
        let path = dir.path().join(FILE_NAME);
        std::fs::write(&path, GOOD).unwrap();
        let d = ReportDefinition::load_or_builtin(Some(dir.path())).unwrap();
        assert_eq!(d.rows.len(), 1);
        assert_eq!(d.source, path.display().to_string());
        let missing = ReportDefinition::load(&dir.path().join("none.toml")).unwrap_err();
        assert!(matches!(*missing.problem, DefinitionProblem::Unreadable(_)));
    }
}
