//! A visit record as a plain-text document for the family to sign (art. 15 ust. 1
//! pkt 14 of the act on family support and foster care).

use std::io;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use super::content::{Document, Line};
use super::{clean, file_name_part};
use crate::config::Language;
use crate::domain::dates::format_date;
use crate::domain::{Family, Visit, VisitPlace};
use crate::i18n::{Label, Msg};

/// The visit record laid out for an A4 page, with signature lines.
pub fn visit_text(
    family: &Family,
    visit: &Visit,
    staff_name: &str,
    lang: Language,
    today: NaiveDate,
) -> String {
    visit_document(family, visit, staff_name, lang, today).text()
}

/// The visit record as a DOCX file: the same content as [`visit_text`].
pub fn visit_docx(
    family: &Family,
    visit: &Visit,
    staff_name: &str,
    lang: Language,
    today: NaiveDate,
) -> io::Result<Vec<u8>> {
    visit_document(family, visit, staff_name, lang, today).docx()
}

/// The visit record's content, for [`visit_text`] and [`visit_docx`].
pub fn visit_document(
    family: &Family,
    visit: &Visit,
    staff_name: &str,
    lang: Language,
    today: NaiveDate,
) -> Document {
    let t = |m: Msg| m.text(lang);
    let one_line = |s: &str| clean(s).replace('\n', " ").trim().to_string();
    let left = format!(
        "{} · {} {} · {} {}",
        one_line(&family.case_number),
        t(Msg::RecordVisit),
        format_date(visit.date),
        t(Msg::DocPrinted),
        format_date(today)
    );
    let mut doc = Document::new(left, lang);
    let place = match &visit.place {
        VisitPlace::FamilyHome => t(Msg::PlaceHome).to_string(),
        VisitPlace::Office => t(Msg::PlaceOffice).to_string(),
        VisitPlace::Other(text) => one_line(text),
    };
    let mut head = vec![Line::Title(t(Msg::DocVisitTitle).to_string()), Line::Blank];
    for (label, value) in [
        (Msg::DocCaseNumber, one_line(&family.case_number)),
        (Msg::DocFamily, one_line(&family.name)),
        (
            Msg::DateField,
            format!("{} {}", format_date(visit.date), visit.time.format("%H:%M")),
        ),
        (Msg::VisitDuration, visit.duration_min.to_string()),
        (Msg::PlaceField, place),
        (Msg::VisitKindField, visit.kind.label(lang).to_string()),
        (Msg::Outcome, visit.status.label(lang).to_string()),
        (Msg::DocAssistant, one_line(staff_name)),
        (Msg::Present, one_line(&visit.record.present)),
    ] {
        head.push(Line::field(&format!("{}: ", t(label)), "    ", &value));
    }
    doc.keep(head);
    for (label, text) in [
        (Msg::SinceLast, &visit.record.since_last),
        (Msg::DoneNow, &visit.record.done_now),
        (Msg::Tasks, &visit.record.tasks),
    ] {
        let body = if clean(text).trim().is_empty() {
            t(Msg::DocMissing).to_string()
        } else {
            text.to_string()
        };
        doc.keep_lead(
            vec![
                Line::Heading(t(label).to_uppercase()),
                Line::text("  ", "  ", &body),
            ],
            1,
            2,
        );
    }
    doc.keep(super::plan::signature_lines(
        &[
            (t(Msg::DocSignFamily).to_string(), None),
            (
                format!("{}: {}", t(Msg::DocAssistant), one_line(staff_name)),
                None,
            ),
        ],
        1,
        lang,
    ));
    doc
}

/// The file name (without extension) of a visit record: `wizyta-<case number>-<date>`.
pub fn visit_file_stem(case_number: &str, date: NaiveDate) -> String {
    let case = file_name_part(case_number);
    let day = date.format("%Y-%m-%d");
    if case.is_empty() {
        format!("wizyta-{day}")
    } else {
        format!("wizyta-{case}-{day}")
    }
}

/// Writes a visit record to a new file in `dir` as text or DOCX, named
/// `wizyta-<case number>-<date>` (then `-2`, `-3` if taken); returns its path.
pub fn write_visit(
    dir: &Path,
    family: &Family,
    visit: &Visit,
    ctx: &super::DocContext,
    format: super::Format,
) -> io::Result<PathBuf> {
    let doc = visit_document(family, visit, &ctx.staff_name, ctx.lang, ctx.today);
    super::write_document(
        dir,
        &visit_file_stem(&family.case_number, visit.date),
        &doc,
        format,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::doc::LINE_WIDTH;
    use crate::domain::{
        FamilyFlags, FamilyStatus, SocialWorkerRef, VisitKind, VisitRecord, VisitStatus,
    };

    #[test]
    fn a_visit_record_has_its_parts_signature_lines_and_no_control_characters() {
        let day = NaiveDate::from_ymd_opt(2026, 11, 20).unwrap();
        let family = Family {
            id: 1,
            case_number: "AR/2026/014".into(),
            name: "Wiśniewska".into(),
            address: String::new(),
            phones: vec![],
            assistant: Some(2),
            social_worker: SocialWorkerRef::default(),
            referral_date: day,
            consent_date: None,
            work_started: None,
            status: FamilyStatus::Active,
            flags: FamilyFlags::default(),
            closure: None,
            notes: String::new(),
            history: vec![],
        };
        let visit = Visit {
            id: 3,
            family_id: 1,
            assistant: 2,
            date: day,
            time: chrono::NaiveTime::from_hms_opt(16, 30, 0).unwrap(),
            duration_min: 90,
            place: VisitPlace::FamilyHome,
            kind: VisitKind::HomeVisit,
            status: VisitStatus::Held,
            record: VisitRecord {
                present: "matka\u{1b}[2J, dzieci".into(),
                since_last: "Opłacono czynsz. ".repeat(30),
                done_now: String::new(),
                tasks: "Wizyta w MOPS.".into(),
            },
            history: vec![],
        };
        let text = visit_text(&family, &visit, "Anna Kowalska", Language::Polish, day);
        assert!(text.contains("AR/2026/014"));
        assert!(text.contains("20.11.2026 16:30"));
        assert!(text.contains("Wizyta w MOPS."));
        assert!(text.contains("BRAK"), "an empty part is marked");
        assert!(!text.contains('\u{1b}'));
        assert!(
            text.lines()
                .all(|l| l.trim_start_matches('\x0c').chars().count() <= LINE_WIDTH)
        );
        assert_eq!(
            text.matches(&".".repeat(44)).count(),
            2,
            "two signature lines"
        );
    }
}
