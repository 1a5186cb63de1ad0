//! The half-year report (art. 187): figures counted from the register by rows that are
//! data ([`definition`], `config/report.toml`), with the records behind every figure for
//! drill-down, and the CSV exports of families and visits for a period.
//! Everything here is pure: [`engine::compute`] takes a definition, the records and a
//! period and returns a [`Report`]; [`output`] and [`export`] turn results into text, CSV
//! and JSON. Only [`definition::ReportDefinition::load`] reads a file. The service
//! ([`crate::service::Service::report`]) loads the records for a supervisor, audits the
//! export and calls the engine.
//! For a screen with drill-down: every [`ReportRow`] carries its [`Item`]s, one per
//! family, child or visit counted (so `items.len()` equals the value of a counting row),
//! or one per assistant with the families behind them for the assistant and caseload
//! rows; [`ReportRow::families`] lists the families behind any row, and
//! [`Report::families`] gives their case numbers and names.

pub mod definition;
pub mod engine;
pub mod export;
pub mod output;
pub mod timeline;

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::config::Language;
use crate::domain::Id;

pub use definition::{DefinitionError, ReportDefinition};
pub use engine::{ReportData, compute};

/// The half-year that holds `day`: 1 January to 30 June, or 1 July to 31 December.
pub fn half_year_of(day: NaiveDate) -> (NaiveDate, NaiveDate) {
    use chrono::Datelike;
    let year = day.year();
    let date = |m, d| NaiveDate::from_ymd_opt(year, m, d).unwrap_or(day);
    if day.month() >= 7 {
        (date(7, 1), date(12, 31))
    } else {
        (date(1, 1), date(6, 30))
    }
}

/// The last half-year that has ended by `today`, the one due for reporting: January to
/// June from July on, else July to December of the year before.
pub fn last_half_year(today: NaiveDate) -> (NaiveDate, NaiveDate) {
    let (first, _) = half_year_of(today);
    half_year_of(first.pred_opt().unwrap_or(first))
}

/// The half-year after (`forward`) or before the one that holds `day`.
pub fn adjacent_half_year(day: NaiveDate, forward: bool) -> (NaiveDate, NaiveDate) {
    let (first, last) = half_year_of(day);
    let beyond = if forward {
        last.succ_opt()
    } else {
        first.pred_opt()
    };
    half_year_of(beyond.unwrap_or(day))
}

/// A computed report: the period, the rows, and who and what is behind them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Report {
    /// First day of the period.
    pub from: NaiveDate,
    /// Last day of the period.
    pub to: NaiveDate,
    /// Title (Polish), empty if the definition has none.
    pub title: String,
    /// Title in English, if the definition has one.
    pub title_en: Option<String>,
    /// Where the definition came from.
    pub source: String,
    /// The rows, in the definition's order.
    pub rows: Vec<ReportRow>,
    /// Case number and name of every family behind a row.
    pub families: BTreeMap<Id, FamilyRef>,
    /// Name of every child behind a row (member id → first and last name).
    pub children: BTreeMap<Id, String>,
    /// Name of every assistant behind a row (staff id → name).
    pub staff: BTreeMap<Id, String>,
    /// Records that could not be read and were left out (empty from the engine; the
    /// service fills it in).
    pub damaged: Vec<String>,
}

impl Report {
    /// The title in `lang` (English falls back to the Polish one).
    pub fn title(&self, lang: Language) -> &str {
        match (lang, &self.title_en) {
            (Language::English, Some(en)) => en,
            _ => &self.title,
        }
    }

    /// The row with this id.
    pub fn row(&self, id: &str) -> Option<&ReportRow> {
        self.rows.iter().find(|r| r.id == id)
    }
}

/// How a family behind a row is shown in a drill-down list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FamilyRef {
    /// Case number such as `AR/2026/014`.
    pub case_number: String,
    /// Family name.
    pub name: String,
}

/// One row of a computed report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportRow {
    /// The row's id from the definition.
    pub id: String,
    /// Label (Polish).
    pub label: String,
    /// Label in English, if the definition has one.
    pub label_en: Option<String>,
    /// What the value counts.
    pub unit: Unit,
    /// The figure.
    pub value: Value,
    /// What is behind the figure, in case-number (families, children) or date (visits)
    /// order: one item per thing counted, or per assistant for assistants and caseload.
    pub items: Vec<Item>,
}

impl ReportRow {
    /// The label in `lang` (English falls back to the Polish one).
    pub fn label(&self, lang: Language) -> &str {
        match (lang, &self.label_en) {
            (Language::English, Some(en)) => en,
            _ => &self.label,
        }
    }

    /// The families behind the row, each once, in the order of its items.
    pub fn families(&self) -> Vec<Id> {
        let mut out: Vec<Id> = Vec::new();
        for item in &self.items {
            for id in item.families() {
                if !out.contains(&id) {
                    out.push(id);
                }
            }
        }
        out
    }
}

/// What a row's value counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Unit {
    /// Families.
    Families,
    /// Children.
    Children,
    /// Visits.
    Visits,
    /// Hours of visits.
    Hours,
    /// Assistants.
    Assistants,
    /// Families per assistant.
    FamiliesPerAssistant,
}

impl Unit {
    /// The unit's name in JSON (English, stable).
    pub fn code(self) -> &'static str {
        match self {
            Unit::Families => "families",
            Unit::Children => "children",
            Unit::Visits => "visits",
            Unit::Hours => "hours",
            Unit::Assistants => "assistants",
            Unit::FamiliesPerAssistant => "families_per_assistant",
        }
    }
}

/// A figure: a count, or a number with two decimals (hours, averages).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Value {
    /// A whole number.
    Count(u64),
    /// Hundredths: `Hundredths(1250)` is 12.50.
    Hundredths(u64),
}

impl Value {
    /// The figure as written in `lang`: a decimal comma in Polish, a point in English.
    pub fn format(self, lang: Language) -> String {
        match self {
            Value::Count(n) => n.to_string(),
            Value::Hundredths(h) => {
                let point = match lang {
                    Language::Polish => ',',
                    Language::English => '.',
                };
                format!("{}{point}{:02}", h / 100, h % 100)
            }
        }
    }

    /// The figure as a JSON number.
    pub fn json(self) -> serde_json::Value {
        match self {
            Value::Count(n) => n.into(),
            // Two decimals are exact enough in an f64 for any count of hours.
            Value::Hundredths(h) => (h as f64 / 100.0).into(),
        }
    }
}

/// One thing behind a figure.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Item {
    /// A family counted.
    Family(Id),
    /// A child counted, and the family.
    Child {
        /// The family.
        family: Id,
        /// The child (member id).
        member: Id,
    },
    /// A visit counted, and the family.
    Visit {
        /// The family.
        family: Id,
        /// The visit.
        visit: Id,
        /// Its date.
        date: NaiveDate,
    },
    /// An assistant counted, with the families served that are theirs.
    Assistant {
        /// The assistant (staff id).
        staff: Id,
        /// Their families served in the period.
        families: Vec<Id>,
    },
}

impl Item {
    /// The families this item leads to.
    pub fn families(&self) -> Vec<Id> {
        match self {
            Item::Family(f) | Item::Child { family: f, .. } | Item::Visit { family: f, .. } => {
                vec![*f]
            }
            Item::Assistant { families, .. } => families.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn half_years_step_back_and_forth_from_any_day_of_theirs() {
        assert_eq!(
            adjacent_half_year(d(2026, 1, 1), false),
            (d(2025, 7, 1), d(2025, 12, 31))
        );
        assert_eq!(
            adjacent_half_year(d(2025, 7, 1), true),
            (d(2026, 1, 1), d(2026, 6, 30))
        );
        // A typed period starting mid-month steps from its half-year.
        assert_eq!(
            adjacent_half_year(d(2026, 3, 15), true),
            (d(2026, 7, 1), d(2026, 12, 31))
        );
        assert_eq!(
            adjacent_half_year(d(2026, 3, 15), false),
            (d(2025, 7, 1), d(2025, 12, 31))
        );
    }

    #[test]
    fn the_last_half_year_is_the_one_due() {
        assert_eq!(
            last_half_year(d(2026, 7, 1)),
            (d(2026, 1, 1), d(2026, 6, 30))
        );
        assert_eq!(
            last_half_year(d(2026, 11, 22)),
            (d(2026, 1, 1), d(2026, 6, 30))
        );
        assert_eq!(
            last_half_year(d(2027, 1, 15)),
            (d(2026, 7, 1), d(2026, 12, 31))
        );
        assert_eq!(
            last_half_year(d(2026, 6, 30)),
            (d(2025, 7, 1), d(2025, 12, 31))
        );
    }

    #[test]
    fn values_are_written_for_each_language() {
        assert_eq!(Value::Hundredths(71925).format(Language::Polish), "719,25");
        assert_eq!(Value::Hundredths(1005).format(Language::English), "10.05");
        assert_eq!(Value::Count(30).format(Language::Polish), "30");
        assert_eq!(Value::Hundredths(1250).json(), serde_json::json!(12.5));
    }
}
