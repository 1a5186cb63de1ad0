//! The period exports for the supervisor's own spreadsheets: one line per family on the
//! register in the period, one line per visit dated in it. No PESEL, address, phone or
//! visit record leaves this way: the figures need none of them.

use std::collections::HashMap;

use chrono::{NaiveDate, NaiveTime};
use serde::{Deserialize, Serialize};

use super::engine::{ReportData, family_facts, in_care_between};
use super::output::{BOM, csv_line, csv_text};
use crate::config::Language;
use crate::domain::dates::format_date;
use crate::domain::{ClosureReason, FamilyStatus, Id, VisitKind, VisitPlace, VisitStatus};
use crate::i18n::{self, Label, Msg, report as t};

/// The start of the file name of the report itself as CSV.
pub const REPORT_FILE: &str = "sprawozdanie";

/// The start of a families export's file name.
pub const FAMILIES_FILE: &str = "rodziny";

/// The start of a visits export's file name.
pub const VISITS_FILE: &str = "wizyty";

/// Writes an export's CSV to a new file in `dir` named `<kind>-<from>-<to>.csv` (then
/// `-2`, `-3` … if taken), mode 0600; returns its path.
pub fn write_csv_file(
    dir: &std::path::Path,
    kind: &str,
    from: NaiveDate,
    to: NaiveDate,
    csv: &str,
) -> std::io::Result<std::path::PathBuf> {
    crate::doc::ensure_dir(dir)?;
    let stem = format!("{kind}-{from}-{to}");
    let names = std::iter::once(format!("{stem}.csv"))
        .chain((2..100).map(move |n| format!("{stem}-{n}.csv")));
    crate::doc::write_new_file(dir, names, csv)
}

/// The lines of an export and the records left out because they could not be read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExportLines<T> {
    /// The lines.
    pub lines: Vec<T>,
    /// Descriptions of the records that could not be read.
    pub damaged: Vec<String>,
}

/// One family on the register in the period: referred, active, suspended or monitored
/// on at least one day of it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FamilyLine {
    /// Family id.
    pub id: Id,
    /// Case number.
    pub case_number: String,
    /// Family name.
    pub name: String,
    /// Name of the assistant now assigned, empty if none.
    pub assistant: String,
    /// Status at the end of the last day of the period.
    pub status_at_end: Option<FamilyStatus>,
    /// Date of the referral.
    pub referral: NaiveDate,
    /// Start (or reopening) of the work in force at the period end, if it had started.
    pub work_started: Option<NaiveDate>,
    /// The last closure of work in the period, if any: date and reason.
    pub closed: Option<(NaiveDate, ClosureReason)>,
    /// Active on at least one day of the period.
    pub served: bool,
    /// Whole months of support up to the period end, if served.
    pub support_months: Option<u32>,
    /// Children of the family in the period.
    pub children: u32,
    /// A child in foster care on a day of the period.
    pub child_in_foster_care: bool,
    /// Obliged by a court.
    pub court_obliged: bool,
    /// Supported under the Za życiem act.
    pub za_zyciem: bool,
    /// A Niebieska Karta procedure is open.
    pub niebieska_karta: bool,
    /// A court supervisor is appointed.
    pub kurator: bool,
}

/// One visit dated in the period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VisitLine {
    /// Visit id.
    pub id: Id,
    /// Date.
    pub date: NaiveDate,
    /// Start time.
    pub time: NaiveTime,
    /// Duration in minutes.
    pub duration_min: u16,
    /// Kind of contact.
    pub kind: VisitKind,
    /// Outcome.
    pub status: VisitStatus,
    /// Where: the family's home, the office, or another place (its description is left out).
    pub place: VisitPlace,
    /// Family id.
    pub family: Id,
    /// Case number, empty if the family is gone.
    pub case_number: String,
    /// Family name, empty if the family is gone.
    pub family_name: String,
    /// Name of the assistant who visits.
    pub assistant: String,
}

/// The families on the register from `from` to `to`, in case-number order.
pub fn family_lines(data: &ReportData, from: NaiveDate, to: NaiveDate) -> Vec<FamilyLine> {
    let staff: HashMap<Id, &str> = data.staff.iter().map(|s| (s.id, s.name.as_str())).collect();
    family_facts(data, from, to)
        .into_iter()
        .filter(|f| {
            f.spans.iter().any(|s| {
                !matches!(s.status, FamilyStatus::Closed | FamilyStatus::Archived)
                    && s.overlaps(from, to)
            })
        })
        .map(|f| {
            let family = f.family;
            let work_started = f
                .spans
                .iter()
                .rev()
                .find(|s| s.starts_work() && s.from <= to)
                .map(|s| s.from);
            let closed = f
                .spans
                .iter()
                .rev()
                .filter(|s| s.closes_work() && from <= s.from && s.from <= to)
                .find_map(|s| s.closure.as_ref().map(|c| (s.from, c.reason.clone())));
            let child_in_foster_care = f.children.iter().any(|m| in_care_between(m, from, to));
            FamilyLine {
                id: family.id,
                case_number: family.case_number.clone(),
                name: family.name.clone(),
                assistant: family
                    .assistant
                    .and_then(|a| staff.get(&a))
                    .map(|n| n.to_string())
                    .unwrap_or_default(),
                status_at_end: super::timeline::status_on(&f.spans, to),
                referral: family.referral_date,
                work_started,
                closed,
                served: f.served,
                support_months: f.support_months,
                children: u32::try_from(f.children.len()).unwrap_or(u32::MAX),
                child_in_foster_care,
                court_obliged: family.flags.court_obliged,
                za_zyciem: family.flags.za_zyciem,
                niebieska_karta: family.flags.niebieska_karta,
                kurator: family
                    .flags
                    .kurator
                    .as_ref()
                    .is_some_and(|k| !k.trim().is_empty()),
            }
        })
        .collect()
}

/// The visits dated from `from` to `to`, by date, time and id.
pub fn visit_lines(data: &ReportData, from: NaiveDate, to: NaiveDate) -> Vec<VisitLine> {
    let staff: HashMap<Id, &str> = data.staff.iter().map(|s| (s.id, s.name.as_str())).collect();
    let families: HashMap<Id, (&str, &str)> = data
        .families
        .iter()
        .map(|f| (f.id, (f.case_number.as_str(), f.name.as_str())))
        .collect();
    let mut visits: Vec<_> = data
        .visits
        .iter()
        .filter(|v| from <= v.date && v.date <= to)
        .collect();
    visits.sort_by_key(|v| (v.date, v.time, v.id));
    visits
        .into_iter()
        .map(|v| {
            let (case_number, family_name) =
                families.get(&v.family_id).copied().unwrap_or(("", ""));
            VisitLine {
                id: v.id,
                date: v.date,
                time: v.time,
                duration_min: v.duration_min,
                kind: v.kind,
                status: v.status,
                place: match &v.place {
                    VisitPlace::Other(_) => VisitPlace::Other(String::new()),
                    place => place.clone(),
                },
                family: v.family_id,
                case_number: case_number.to_string(),
                family_name: family_name.to_string(),
                assistant: staff
                    .get(&v.assistant)
                    .map(|n| n.to_string())
                    .unwrap_or_default(),
            }
        })
        .collect()
}

/// A date as the spreadsheet of `lang` reads it: `dd.mm.rrrr` in Polish, ISO in English.
fn csv_date(lang: Language, date: NaiveDate) -> String {
    match lang {
        Language::Polish => format_date(date),
        Language::English => date.format("%Y-%m-%d").to_string(),
    }
}

/// Yes or no as a field.
fn yes_no(lang: Language, value: bool) -> String {
    i18n::yes_no(lang, value).to_string()
}

/// The families as CSV: a header, then one line per family.
pub fn families_csv(lines: &[FamilyLine], lang: Language) -> String {
    let mut out = String::from(BOM);
    out.push_str(&csv_line(&t::family_columns(lang).map(csv_text)));
    let date = |d: Option<NaiveDate>| d.map(|d| csv_date(lang, d)).unwrap_or_default();
    for f in lines {
        out.push_str(&csv_line(&[
            csv_text(&f.case_number),
            csv_text(&f.name),
            csv_text(&f.assistant),
            f.status_at_end
                .map(|s| csv_text(s.label(lang)))
                .unwrap_or_default(),
            csv_date(lang, f.referral),
            date(f.work_started),
            date(f.closed.as_ref().map(|c| c.0)),
            f.closed
                .as_ref()
                .map(|(_, r)| csv_text(&i18n::closure_reason(lang, r)))
                .unwrap_or_default(),
            yes_no(lang, f.served),
            f.support_months.map(|m| m.to_string()).unwrap_or_default(),
            f.children.to_string(),
            yes_no(lang, f.child_in_foster_care),
            yes_no(lang, f.court_obliged),
            yes_no(lang, f.za_zyciem),
            yes_no(lang, f.niebieska_karta),
            yes_no(lang, f.kurator),
        ]));
    }
    out
}

/// The visits as CSV: a header, then one line per visit.
pub fn visits_csv(lines: &[VisitLine], lang: Language) -> String {
    let mut out = String::from(BOM);
    out.push_str(&csv_line(&t::visit_columns(lang).map(csv_text)));
    for v in lines {
        let place = match v.place {
            VisitPlace::FamilyHome => Msg::PlaceHome,
            VisitPlace::Office => Msg::PlaceOffice,
            VisitPlace::Other(_) => Msg::PlaceOther,
        };
        out.push_str(&csv_line(&[
            csv_date(lang, v.date),
            v.time.format("%H:%M").to_string(),
            v.duration_min.to_string(),
            csv_text(v.kind.label(lang)),
            csv_text(v.status.label(lang)),
            csv_text(place.text(lang)),
            csv_text(&v.case_number),
            csv_text(&v.family_name),
            csv_text(&v.assistant),
        ]));
    }
    out
}
