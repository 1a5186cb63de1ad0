//! Printed documents from the demo register: the work plan, the court opinion, the family
//! brief and a visit record, as text (snapshotted) and as DOCX (a valid package with the
//! family's case number; its paragraphs snapshotted too).

mod common;

use std::io::Read;

use asystent::config::{Config, Language};
use asystent::doc::{
    self, DocContext, DocError, FORM_FEED, Format, LINE_WIDTH, OpinionSpec, PAGE_LINES,
};
use asystent::domain::dates::format_date;
use asystent::domain::{VisitStatus, alerts::AlertRules};
use asystent::service::{FamilyDetail, Service};
use chrono::NaiveDate;

/// The demo family with the open court request (its only one, id 1, received 01.11.2026).
const COURT_CASE: &str = "AR/2024/002";

fn d(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
}

/// A demo family's details as the office sees them, and its assistant's name.
fn demo_detail(case_number: &str) -> (FamilyDetail, String) {
    let (_dir, store) = common::demo_store();
    let config = Config::defaults();
    let service = Service::new(store, config.alert_rules(), config.caseload_limit);
    let caller = service.caller("nobody", common::today()).unwrap();
    let id = service.find_case(&caller, case_number).unwrap().unwrap();
    let detail = service.family_detail(&caller, id).unwrap().unwrap();
    let staff = service
        .staff_name(detail.family.assistant.unwrap())
        .unwrap()
        .unwrap();
    (detail, staff)
}

fn ctx(staff: &str, lang: Language) -> DocContext {
    DocContext {
        staff_name: staff.to_string(),
        lang,
        today: common::today(),
    }
}

/// The opinion the court asked for, on the half-year before today.
fn spec() -> OpinionSpec {
    OpinionSpec {
        request: 1,
        from: d("2026-05-22"),
        to: d("2026-11-22"),
    }
}

/// The text of a demo family's current plan as `plan export` lays it out.
fn demo_plan_text(case_number: &str, lang: Language) -> String {
    let (detail, staff) = demo_detail(case_number);
    let plan = detail.plan.clone().unwrap();
    doc::plan::plan_text(
        &detail.family,
        &detail.members,
        &plan,
        &staff,
        lang,
        common::today(),
    )
}

/// The text with each form feed shown as `␌` (insta keeps snapshots as text), after
/// checking the page geometry.
fn visible(text: &str) -> String {
    for page in text.split(FORM_FEED) {
        assert_eq!(page.lines().count(), PAGE_LINES);
        assert!(page.lines().all(|l| l.chars().count() <= LINE_WIDTH));
        assert!(page.lines().all(|l| !l.chars().any(char::is_control)));
    }
    text.replace(FORM_FEED, "␌")
}

// A family with a child in foster care and no coordination recorded: the plan prints
// the gap as BRAK, as the Alerts screen shows it.
#[test]
fn demo_plan_in_polish() {
    let text = demo_plan_text("ar/2024/003", Language::Polish);
    insta::assert_snapshot!(visible(&text));
}

#[test]
fn demo_plan_in_english() {
    let text = demo_plan_text("AR/2024/003", Language::English);
    insta::assert_snapshot!(visible(&text));
}

#[test]
fn demo_opinion_in_polish() {
    let (detail, staff) = demo_detail(COURT_CASE);
    let text = doc::opinion_text(&detail, &spec(), &ctx(&staff, Language::Polish)).unwrap();
    for part in [
        "OPINIA O RODZINIE",
        "Sygnatura akt:       III Nsm 233/26",
        "Okres objęty opinią: 22.05.2026 – 22.11.2026",
        "VII. WNIOSKI",
        "VIII. STANOWISKO I REKOMENDACJA ASYSTENTA RODZINY",
    ] {
        assert!(text.contains(part), "{part:?} missing in\n{text}");
    }
    assert_eq!(text.matches("[DO UZUPEŁNIENIA PRZEZ ASYSTENTA]").count(), 2);
    insta::assert_snapshot!(visible(&text));
}

#[test]
fn demo_opinion_in_english() {
    let (detail, staff) = demo_detail(COURT_CASE);
    let text = doc::opinion_text(&detail, &spec(), &ctx(&staff, Language::English)).unwrap();
    assert_eq!(
        text.matches("[TO BE COMPLETED BY THE ASSISTANT]").count(),
        2
    );
    for polish in ["Sygnatura", "strona", "BRAK", "UZUPEŁNIENIA"] {
        assert!(!text.contains(polish), "{polish}");
    }
    insta::assert_snapshot!(visible(&text));
}

// A family with a child in foster care: the brief names the child, the coordinator and
// the overdue coordination of the plan.
#[test]
fn demo_brief_in_polish() {
    let (detail, staff) = demo_detail("AR/2024/003");
    let text = doc::brief_text(
        &detail,
        &AlertRules::default(),
        &ctx(&staff, Language::Polish),
    );
    assert_eq!(text.matches(FORM_FEED).count(), 0, "one page");
    insta::assert_snapshot!(visible(&text));
}

#[test]
fn demo_brief_in_english() {
    let (detail, staff) = demo_detail(COURT_CASE);
    let text = doc::brief_text(
        &detail,
        &AlertRules::default(),
        &ctx(&staff, Language::English),
    );
    assert_eq!(text.matches(FORM_FEED).count(), 0, "one page");
    insta::assert_snapshot!(visible(&text));
}

#[test]
fn demo_visit_record_in_polish() {
    let (detail, staff) = demo_detail(COURT_CASE);
    let visit = detail
        .visits
        .iter()
        .find(|v| v.status == VisitStatus::Held && v.date < common::today())
        .unwrap();
    let text = doc::visit::visit_text(
        &detail.family,
        visit,
        &staff,
        Language::Polish,
        common::today(),
    );
    insta::assert_snapshot!(visible(&text));
}

/// The parts of a DOCX package and the text of its main part, one paragraph a line.
fn unpack(bytes: &[u8]) -> (Vec<String>, String) {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a zip");
    let names: Vec<String> = archive.file_names().map(str::to_string).collect();
    let mut xml = String::new();
    archive
        .by_name("word/document.xml")
        .expect("the main document part")
        .read_to_string(&mut xml)
        .unwrap();
    // docx-rs reads it back: the XML is well formed and a word processor's to open.
    let read = docx_rs::read_docx(bytes).expect("docx-rs reads its own package");
    let paragraphs: Vec<String> = read
        .document
        .children
        .iter()
        .filter_map(|c| match c {
            docx_rs::DocumentChild::Paragraph(p) => Some(p.raw_text()),
            _ => None,
        })
        .filter(|t| !t.is_empty())
        .collect();
    assert!(xml.contains("<w:body>"));
    (names, paragraphs.join("\n"))
}

#[test]
fn every_document_is_a_valid_docx_with_the_case_number() {
    let (detail, staff) = demo_detail(COURT_CASE);
    let ctx = ctx(&staff, Language::Polish);
    let plan = detail.plan.clone().unwrap();
    let visit = detail.visits.last().unwrap();
    let documents = [
        (
            "opinion",
            doc::opinion_docx(&detail, &spec(), &ctx).unwrap(),
        ),
        (
            "brief",
            doc::brief_docx(&detail, &AlertRules::default(), &ctx).unwrap(),
        ),
        (
            "plan",
            doc::plan::plan_docx(
                &detail.family,
                &detail.members,
                &plan,
                &staff,
                ctx.lang,
                ctx.today,
            )
            .unwrap(),
        ),
        (
            "visit",
            doc::visit::visit_docx(&detail.family, visit, &staff, ctx.lang, ctx.today).unwrap(),
        ),
    ];
    for (what, bytes) in documents {
        assert!(bytes.starts_with(b"PK\x03\x04"), "{what}: a zip");
        let (names, text) = unpack(&bytes);
        for part in [
            "[Content_Types].xml",
            "word/document.xml",
            "word/styles.xml",
        ] {
            assert!(
                names.iter().any(|n| n == part),
                "{what}: {part} in {names:?}"
            );
        }
        assert!(text.contains(COURT_CASE), "{what}: case number in\n{text}");
    }
}

// The DOCX carries the text version's words: the same headings, fields and marks.
#[test]
fn demo_opinion_docx_paragraphs() {
    let (detail, staff) = demo_detail(COURT_CASE);
    let ctx = ctx(&staff, Language::Polish);
    let bytes = doc::opinion_docx(&detail, &spec(), &ctx).unwrap();
    let (_, text) = unpack(&bytes);
    let words = doc::opinion::opinion_document(&detail, &spec(), &ctx)
        .unwrap()
        .words();
    let squeeze = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    assert_eq!(
        squeeze(&text),
        squeeze(&words.join("\n")),
        "the DOCX says what the text says"
    );
    assert_eq!(text.matches("[DO UZUPEŁNIENIA PRZEZ ASYSTENTA]").count(), 2);
    insta::assert_snapshot!(text);
}

#[test]
fn an_opinion_lists_nothing_from_outside_its_period() {
    let (detail, staff) = demo_detail(COURT_CASE);
    let ctx = ctx(&staff, Language::Polish);
    for (from, to) in [
        ("2026-05-22", "2026-11-22"),
        ("2026-07-02", "2026-09-30"),
        ("2025-06-01", "2025-12-31"),
        ("2026-10-01", "2026-10-31"),
    ] {
        let spec = OpinionSpec {
            request: 1,
            from: d(from),
            to: d(to),
        };
        let inside = |day: NaiveDate| spec.from <= day && day <= spec.to;
        let text = doc::opinion_text(&detail, &spec, &ctx).unwrap();
        let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
        let mut listed = 0;
        for v in &detail.visits {
            // Held visits are listed by date and kind, the others by date and time.
            let marks = [
                format!("{} ({})", format_date(v.date), label(v.kind)),
                format!("{} {} —", format_date(v.date), v.time.format("%H:%M")),
            ];
            let shown = marks.iter().any(|m| flat.contains(m.as_str()));
            if inside(v.date) && v.status != VisitStatus::Planned {
                assert!(shown, "{from}–{to}: visit of {} missing", v.date);
                listed += 1;
            } else if !inside(v.date) {
                assert!(!shown, "{from}–{to}: visit of {} listed", v.date);
            }
        }
        for a in &detail.assessments {
            let mark = format!("Ocena z dnia {}", format_date(a.date));
            assert_eq!(flat.contains(&mark), inside(a.date), "{from}–{to}: {mark}");
        }
        for c in &detail.cooperation {
            let mark = format!("{} — ", format_date(c.date));
            assert_eq!(flat.contains(&mark), inside(c.date), "{from}–{to}: {mark}");
        }
        if listed == 0 {
            assert!(flat.contains("Brak wizyt i spotkań w tym okresie."));
        }
    }
}

/// The Polish label of a kind of contact.
fn label(kind: asystent::domain::VisitKind) -> &'static str {
    use asystent::i18n::Label;
    kind.label(Language::Polish)
}

#[test]
fn a_bad_request_or_period_gives_an_error_and_no_file() {
    let (detail, staff) = demo_detail(COURT_CASE);
    let ctx = ctx(&staff, Language::Polish);
    let dir = tempfile::tempdir().unwrap();
    let docs = dir.path().join("dokumenty");
    let bad = [
        OpinionSpec {
            request: 99,
            ..spec()
        },
        OpinionSpec {
            from: d("2026-11-01"),
            to: d("2026-10-01"),
            ..spec()
        },
        OpinionSpec {
            from: d("2026-12-01"),
            to: d("2026-12-31"),
            ..spec()
        },
    ];
    for s in bad {
        let err = doc::write_opinion(&docs, &detail, &s, &ctx, Format::Docx).unwrap_err();
        assert!(
            matches!(
                err,
                DocError::NoSuchRequest(99)
                    | DocError::BadPeriod { .. }
                    | DocError::FuturePeriod { .. }
            ),
            "{err:?}"
        );
        let message = asystent::i18n::doc_error(Language::English, &err, &docs);
        assert!(!message.is_empty());
    }
    assert!(!docs.exists(), "nothing written");
    let path = doc::write_opinion(&docs, &detail, &spec(), &ctx, Format::Docx).unwrap();
    assert_eq!(
        path,
        docs.join("opinia-AR-2024-002-III-Nsm-233-26.docx"),
        "named after the case and the court's signature"
    );
}
