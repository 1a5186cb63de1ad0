//! The work plan with the family as a plain-text document for signing (art. 15 ust. 1
//! pkt 1–2 and ust. 3 of the act on family support and foster care).

use std::io;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use super::content::{Document, Line};
use super::{clean, file_name_part, member_line, one_line, or_missing, write_numbered};
use crate::config::Language;
use crate::domain::dates::format_date;
use crate::domain::{ActionStatus, Family, Member, PlanAction, WorkPlan};
use crate::i18n::{Label, Msg};
use crate::service::FamilyDetail;

/// Lines of a long text kept on the page of its heading.
const KEPT_WITH_HEADING: usize = 3;

/// The work plan laid out for an A4 page: at most [`super::LINE_WIDTH`] characters a line,
/// pages of at most [`super::PAGE_LINES`] lines separated by a form feed, each with the
/// footer "strona N z M". Parts the statute asks for and the plan lacks are printed as
/// "BRAK" ("MISSING"), so a gap is seen before anyone signs.
pub fn plan_text(
    family: &Family,
    members: &[Member],
    plan: &WorkPlan,
    staff_name: &str,
    lang: Language,
    today: NaiveDate,
) -> String {
    plan_document(family, members, plan, staff_name, lang, today).text()
}

/// The work plan as a DOCX file: the same content as [`plan_text`].
pub fn plan_docx(
    family: &Family,
    members: &[Member],
    plan: &WorkPlan,
    staff_name: &str,
    lang: Language,
    today: NaiveDate,
) -> io::Result<Vec<u8>> {
    plan_document(family, members, plan, staff_name, lang, today).docx()
}

/// The work plan's content, for [`plan_text`] and [`plan_docx`].
pub fn plan_document(
    family: &Family,
    members: &[Member],
    plan: &WorkPlan,
    staff_name: &str,
    lang: Language,
    today: NaiveDate,
) -> Document {
    let t = |m: Msg| m.text(lang);
    let left = format!(
        "{} · {} v{} · {} {}",
        one_line(&family.case_number),
        t(Msg::DocPlan),
        plan.version,
        t(Msg::DocPrinted),
        format_date(today)
    );
    let mut doc = Document::new(left, lang);

    // Title and particulars.
    let mut head = vec![
        Line::Title(t(Msg::DocTitle).to_string()),
        Line::Centred(t(Msg::DocLegalBasis).to_string()),
        Line::Blank,
    ];
    let version = match plan.superseded {
        Some(on) => format!(
            "{} ({} {})",
            plan.version,
            t(Msg::DocSupersededOn),
            format_date(on)
        ),
        None => plan.version.to_string(),
    };
    let fields = [
        (Msg::DocCaseNumber, one_line(&family.case_number)),
        (Msg::DocFamily, one_line(&family.name)),
        (Msg::DocAddress, one_line(&family.address)),
        (Msg::DocAssistant, one_line(staff_name)),
        (Msg::DocVersion, version),
        (Msg::DocDrawnUp, format_date(plan.drawn_up)),
        (
            Msg::DocPeriod,
            format!(
                "{} – {}",
                format_date(plan.period_from),
                format_date(plan.period_to)
            ),
        ),
    ];
    let label_width = fields
        .iter()
        .map(|(m, _)| t(*m).chars().count() + 2)
        .max()
        .unwrap_or(0);
    let indent = " ".repeat(label_width);
    for (label, value) in &fields {
        let first = format!("{:<label_width$}", format!("{}:", t(*label)));
        head.push(Line::field(&first, &indent, &or_missing(value, lang)));
    }
    doc.keep(head);

    // Members living in the household, and children in foster care.
    //
    // No PESEL: the plan is handed to the family and read by the people it names, and
    // the statute does not ask for the number; name, role and birth date identify each
    // member within the case, so printing the PESEL would only spread it (data
    // minimisation, art. 5 ust. 1 lit. c RODO). It stays in the register.
    let mut lines = vec![Line::Heading(t(Msg::DocMembers).to_string())];
    let present: Vec<&Member> = members
        .iter()
        .filter(|m| m.left_household.is_none_or(|left| left > today))
        .collect();
    if present.is_empty() {
        lines.push(Line::text("  ", "  ", t(Msg::DocMissing)));
    }
    for m in present {
        let mut text = member_line(m, lang);
        if let Some(born) = m.birth_date {
            text.push_str(&format!(", {} {}", t(Msg::DocBorn), format_date(born)));
        }
        if let Some(p) = m.foster.as_ref().filter(|_| m.in_foster_care(today)) {
            text.push_str(&format!(
                "; {} {}",
                t(Msg::DocInFosterCare),
                format_date(p.since)
            ));
        }
        lines.push(Line::text("  - ", "    ", &text));
    }
    doc.keep_lead(lines, 1, KEPT_WITH_HEADING);

    // Diagnosis.
    for (i, (label, text)) in [
        (Msg::Strengths, &plan.strengths),
        (Msg::Problems, &plan.problems),
    ]
    .into_iter()
    .enumerate()
    {
        let mut lines = Vec::new();
        if i == 0 {
            lines.push(Line::Heading(t(Msg::DocDiagnosis).to_string()));
            lines.push(Line::Blank);
        }
        lines.push(Line::Heading(format!("{}:", t(label))));
        let heading = lines.len();
        lines.push(Line::text("  ", "  ", &or_missing(text, lang)));
        doc.keep_lead(lines, heading, KEPT_WITH_HEADING);
    }

    // Goals and their actions (art. 15 ust. 3).
    if plan.goals.is_empty() {
        doc.keep(vec![
            Line::Heading(t(Msg::DocGoals).to_string()),
            Line::Blank,
            Line::text("", "", t(Msg::DocNoGoals)),
        ]);
    }
    for (gi, goal) in plan.goals.iter().enumerate() {
        let mut lines = Vec::new();
        if gi == 0 {
            lines.push(Line::Heading(t(Msg::DocGoals).to_string()));
            lines.push(Line::Blank);
        }
        lines.push(Line::Heading(format!(
            "{} {} ({}: {})",
            t(Msg::Goal),
            gi + 1,
            t(Msg::DocArea),
            goal.area.label(lang)
        )));
        lines.push(Line::text("  ", "  ", &or_missing(&goal.text, lang)));
        match goal.actions.split_first() {
            None => {
                lines.push(Line::text("  ", "  ", t(Msg::DocNoActions)));
                doc.keep(lines);
            }
            Some((first, others)) => {
                // The goal stays with its first action, so no heading ends a page alone.
                lines.push(Line::Blank);
                lines.extend(action_lines(first, (gi + 1, 1), lang, today));
                doc.keep(lines);
                for (ai, action) in others.iter().enumerate() {
                    doc.keep(action_lines(action, (gi + 1, ai + 2), lang, today));
                }
            }
        }
    }

    // Consultation with the social worker (art. 15 ust. 1 pkt 1).
    let mut lines = vec![Line::Heading(t(Msg::DocConsultation).to_string())];
    match &plan.consultation {
        Some(c) => lines.push(Line::text(
            "  ",
            "  ",
            &format!(
                "{}: {}, {} {}.",
                t(Msg::DocConsultedWith),
                one_line(&c.social_worker),
                t(Msg::DocOn),
                format_date(c.date)
            ),
        )),
        None => lines.push(Line::text("  ", "  ", t(Msg::DocNoConsultation))),
    }
    doc.keep(lines);

    // Coordination with a foster child's help plan (art. 15 ust. 1 pkt 2): printed when a
    // child is in foster care today, or when a coordination was recorded anyway.
    let foster_care = members
        .iter()
        .any(|m| m.left_household.is_none_or(|left| left > today) && m.in_foster_care(today));
    if foster_care || plan.child_plan_link.is_some() {
        let mut lines = vec![Line::Heading(t(Msg::DocCoordination).to_string())];
        match &plan.child_plan_link {
            Some(link) => lines.push(Line::text(
                "  ",
                "  ",
                &format!(
                    "{}: {}, {} {}.",
                    t(Msg::DocCoordinatedWith),
                    one_line(&link.coordinator),
                    t(Msg::DocOn),
                    format_date(link.date)
                ),
            )),
            None => lines.push(Line::text("  ", "  ", t(Msg::DocNoCoordination))),
        }
        doc.keep(lines);
    }

    // Signatures, with the dates already recorded.
    doc.keep(signature_lines(
        &[
            (t(Msg::DocSignFamily).to_string(), plan.signed_family),
            (
                format!("{}: {}", t(Msg::DocAssistant), one_line(staff_name)),
                plan.signed_assistant,
            ),
        ],
        2,
        lang,
    ));
    doc
}

/// The signature block: for each signer, their line, `room` blank lines to sign in, and
/// the dotted line with the date if it is recorded. A signer's text without a colon gets one.
pub(super) fn signature_lines(
    signers: &[(String, Option<NaiveDate>)],
    room: usize,
    lang: Language,
) -> Vec<Line> {
    let t = |m: Msg| m.text(lang);
    let mut lines = vec![
        Line::Heading(t(Msg::DocSignatures).to_string()),
        Line::Blank,
    ];
    for (i, (who, signed)) in signers.iter().enumerate() {
        if i > 0 {
            lines.push(Line::Blank);
        }
        let who = if who.contains(':') {
            who.clone()
        } else {
            format!("{who}:")
        };
        let date = signed.map_or_else(|| ".".repeat(10), format_date);
        lines.push(Line::text("", "  ", &who));
        lines.extend(std::iter::repeat_n(Line::Blank, room));
        lines.extend([Line::Fixed(format!(
            "  {}    {}: {date}",
            ".".repeat(44),
            t(Msg::DocSignDate)
        ))]);
    }
    lines
}

/// The lines of one action: what, who, deadline, expected effect, status.
fn action_lines(
    action: &PlanAction,
    (goal, number): (usize, usize),
    lang: Language,
    today: NaiveDate,
) -> Vec<Line> {
    let t = |m: Msg| m.text(lang);
    let number = format!("  {goal}.{number}. ");
    let indent = " ".repeat(number.chars().count());
    let rest = format!("{indent}  ");
    let mut lines = vec![Line::field(
        &format!("{number}{}: ", t(Msg::DocAction)),
        &rest,
        &or_missing(&action.what, lang),
    )];
    let field = |label: Msg, value: &str| {
        Line::field(
            &format!("{indent}{}: ", t(label)),
            &rest,
            &or_missing(value, lang),
        )
    };
    lines.push(field(Msg::DocWho, &one_line(&action.who)));
    let deadline = action.deadline.map(format_date).unwrap_or_default();
    lines.push(field(Msg::DocDeadline, &deadline));
    lines.push(field(Msg::DocEffect, &action.expected_effect));
    lines.push(field(Msg::DocStatus, &action_status(action, lang, today)));
    lines
}

/// An action's status as printed: done with its date, not done with the reason, or open
/// and marked overdue once its deadline has passed by `today`.
pub(super) fn action_status(action: &PlanAction, lang: Language, today: NaiveDate) -> String {
    match &action.status {
        ActionStatus::Done(on) => format!("{} {}", action.status.label(lang), format_date(*on)),
        ActionStatus::NotDone(why) if !clean(why).trim().is_empty() => {
            format!("{}: {}", action.status.label(lang), why)
        }
        other => {
            let open = matches!(other, ActionStatus::Planned | ActionStatus::InProgress);
            match action.deadline {
                Some(d) if open && d < today => {
                    format!("{} — {}", other.label(lang), Msg::DocOverdue.text(lang))
                }
                _ => other.label(lang).to_string(),
            }
        }
    }
}

/// Writes a plan document to a new file in `dir` (created with mode 0700 if missing),
/// named `plan-<case number>-v<version>.txt`, then `…-2.txt`, `…-3.txt` if taken; the
/// file has mode 0600 and appears only complete. Returns its path.
pub fn write_plan_document(
    dir: &Path,
    case_number: &str,
    version: u32,
    text: &str,
) -> io::Result<PathBuf> {
    write_numbered(dir, &plan_file_stem(case_number, version), text)
}

/// The file name (without extension) of a plan: `plan-<case number>-v<version>`.
pub fn plan_file_stem(case_number: &str, version: u32) -> String {
    let case = file_name_part(case_number);
    if case.is_empty() {
        format!("plan-v{version}")
    } else {
        format!("plan-{case}-v{version}")
    }
}

/// Writes a plan of the family to a new file in `dir` as text or DOCX, named like
/// [`write_plan_document`]'s; returns its path.
pub fn write_plan(
    dir: &Path,
    detail: &FamilyDetail,
    plan: &WorkPlan,
    ctx: &super::DocContext,
    format: super::Format,
) -> io::Result<PathBuf> {
    let doc = plan_document(
        &detail.family,
        &detail.members,
        plan,
        &ctx.staff_name,
        ctx.lang,
        ctx.today,
    );
    super::write_document(
        dir,
        &plan_file_stem(&detail.family.case_number, plan.version),
        &doc,
        format,
    )
}

#[cfg(test)]
mod tests {
    use std::os::unix::fs::PermissionsExt;

    use super::*;
    use crate::doc::{FORM_FEED, LINE_WIDTH, PAGE_LINES};
    use crate::domain::pesel::Pesel;
    use crate::domain::{
        ChildPlanLink, Consultation, FamilyFlags, FamilyStatus, FosterForm, FosterPlacement, Goal,
        GoalArea, MemberRole, SocialWorkerRef,
    };

    fn d(y: i32, m: u32, dd: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, dd).unwrap()
    }

    fn today() -> NaiveDate {
        d(2026, 11, 22)
    }

    fn family() -> Family {
        Family {
            id: 7,
            case_number: "AR/2026/014".into(),
            name: "Wiśniewscy".into(),
            address: "ul. Łąkowa 4/2, 99-300 Zielonowo".into(),
            phones: vec![],
            assistant: Some(1),
            social_worker: SocialWorkerRef::default(),
            referral_date: d(2026, 1, 2),
            consent_date: Some(d(2026, 1, 10)),
            work_started: Some(d(2026, 1, 10)),
            status: FamilyStatus::Active,
            flags: FamilyFlags::default(),
            closure: None,
            notes: String::new(),
            history: Vec::new(),
        }
    }

    fn member(id: u64, role: MemberRole, first: &str, born: NaiveDate) -> Member {
        Member {
            id,
            family_id: 7,
            role,
            first_name: first.into(),
            last_name: "Wiśniewska".into(),
            birth_date: Some(born),
            pesel: Pesel::generate(born, 123),
            foster: None,
            left_household: None,
        }
    }

    fn members() -> Vec<Member> {
        let mut child = member(2, MemberRole::Child, "Zosia", d(2016, 5, 3));
        child.foster = Some(FosterPlacement {
            since: d(2026, 2, 1),
            form: FosterForm::FosterFamily,
            coordinator_name: "Ewa Koordynator".into(),
            coordinator_phone: String::new(),
            returned_home: None,
        });
        let mut gone = member(3, MemberRole::Other, "Wyprowadzony", d(1990, 1, 1));
        gone.left_household = Some(d(2026, 3, 1));
        vec![
            member(1, MemberRole::Mother, "Anna", d(1990, 4, 12)),
            child,
            gone,
        ]
    }

    fn action(what: &str, deadline: Option<NaiveDate>, status: ActionStatus) -> PlanAction {
        PlanAction {
            what: what.into(),
            who: "matka z asystentem".into(),
            deadline,
            expected_effect: "rachunki płacone w terminie".into(),
            status,
        }
    }

    fn plan() -> WorkPlan {
        WorkPlan {
            id: 40,
            family_id: 7,
            version: 2,
            drawn_up: d(2026, 3, 2),
            period_from: d(2026, 3, 2),
            period_to: d(2027, 3, 1),
            strengths: "Matka dba o dzieci.".into(),
            problems: "Zadłużenie czynszowe.".into(),
            goals: vec![Goal {
                area: GoalArea::Budget,
                text: "Spłata zadłużenia.".into(),
                actions: vec![
                    action(
                        "Plan spłaty",
                        Some(d(2026, 4, 1)),
                        ActionStatus::Done(d(2026, 3, 30)),
                    ),
                    action(
                        "Wniosek o dodatek",
                        Some(d(2026, 11, 1)),
                        ActionStatus::InProgress,
                    ),
                ],
            }],
            consultation: Some(Consultation {
                social_worker: "Jan Socjalny".into(),
                date: d(2026, 3, 1),
            }),
            child_plan_link: None,
            signed_family: Some(d(2026, 3, 2)),
            signed_assistant: None,
            superseded: None,
        }
    }

    fn text(plan: &WorkPlan, lang: Language) -> String {
        plan_text(&family(), &members(), plan, "Anna Kowalska", lang, today())
    }

    /// Every page: exactly PAGE_LINES lines, none wider than LINE_WIDTH characters, no
    /// control character but the form feed between pages; returns the pages.
    fn check_pages(text: &str) -> Vec<Vec<String>> {
        assert!(text.ends_with('\n'));
        let pages: Vec<Vec<String>> = text
            .split(FORM_FEED)
            .map(|p| p.lines().map(str::to_string).collect())
            .collect();
        for (i, page) in pages.iter().enumerate() {
            assert_eq!(page.len(), PAGE_LINES, "page {}", i + 1);
            for line in page {
                assert!(line.chars().count() <= LINE_WIDTH, "{line:?}");
                assert!(!line.chars().any(char::is_control), "{line:?}");
                assert_eq!(line.trim_end(), line, "no trailing spaces");
            }
        }
        pages
    }

    #[test]
    fn a_short_plan_has_every_part_and_a_footer() {
        let t = text(&plan(), Language::Polish);
        let pages = check_pages(&t);
        // The signatures are kept together: they may start the second page.
        assert!(pages.len() <= 2);
        for part in [
            "PLAN PRACY Z RODZINĄ",
            "art. 15 ust. 1 pkt 1–2 i ust. 3",
            "Nr sprawy:         AR/2026/014",
            "Rodzina:           Wiśniewscy",
            "Asystent rodziny:  Anna Kowalska",
            "Wersja planu:      2",
            "Data sporządzenia: 02.03.2026",
            "Okres realizacji:  02.03.2026 – 01.03.2027",
            "  - matka: Anna Wiśniewska, ur. 12.04.1990",
            "  - dziecko: Zosia Wiśniewska, ur. 03.05.2016; w pieczy zastępczej od 01.02.2026",
            "Mocne strony i zasoby:",
            "Cel 1 (obszar: budżet domowy)",
            "  1.1. Działanie: Plan spłaty",
            "       Stan: wykonane 30.03.2026",
            "       Stan: w toku — PO TERMINIE",
            "Plan skonsultowano z pracownikiem socjalnym: Jan Socjalny, dnia 01.03.2026.",
            "BRAK — dziecko przebywa w pieczy zastępczej",
            "  ............................................    data: 02.03.2026",
            "  ............................................    data: ..........",
        ] {
            assert!(t.contains(part), "{part:?} missing in\n{t}");
        }
        // A member who left the household is not listed; no PESEL is printed.
        assert!(!t.contains("Wyprowadzony"));
        let pesel = members()[0].pesel.clone().unwrap();
        assert!(!t.contains(pesel.as_str()));
        let footer = &pages[0][PAGE_LINES - 1];
        assert!(footer.starts_with("AR/2026/014 · plan pracy v2 · wydruk 22.11.2026"));
        assert!(
            footer.ends_with(&format!("strona 1 z {}", pages.len())),
            "{footer}"
        );
    }

    #[test]
    fn english_uses_english_words_throughout() {
        let t = text(&plan(), Language::English);
        check_pages(&t);
        for part in [
            "WORK PLAN WITH THE FAMILY",
            "Case number:",
            "  - mother: Anna Wiśniewska, born 12.04.1990",
            "Goal 1 (area: household budget)",
            "Status: in progress — OVERDUE",
            "MISSING — a child is in foster care",
            "page 1 of",
        ] {
            assert!(t.contains(part), "{part:?} missing in\n{t}");
        }
        for polish in ["Nr sprawy", "strona", "BRAK", "Cel 1"] {
            assert!(!t.contains(polish), "{polish}");
        }
    }

    #[test]
    fn missing_parts_are_marked() {
        let mut p = plan();
        p.consultation = None;
        p.goals[0].actions[0].deadline = None;
        p.goals[0].actions[0].expected_effect = "  ".into();
        p.goals.push(Goal {
            area: GoalArea::Health,
            text: String::new(),
            actions: vec![],
        });
        let t = text(&p, Language::Polish);
        check_pages(&t);
        for part in [
            "BRAK — plan nie został skonsultowany z pracownikiem socjalnym.",
            "       Termin: BRAK",
            "       Oczekiwany efekt: BRAK",
            "Cel 2 (obszar: zdrowie)\n  BRAK\n  BRAK działań prowadzących do tego celu.",
        ] {
            assert!(t.contains(part), "{part:?} missing in\n{t}");
        }
        p.goals.clear();
        assert!(text(&p, Language::Polish).contains("BRAK — plan nie ma celów."));
    }

    #[test]
    fn a_10000_character_goal_wraps_over_pages_with_numbered_footers() {
        let mut p = plan();
        let words: Vec<String> = (0..1100).map(|i| format!("słowo{i:04}")).collect();
        p.goals[0].text = words.join(" ");
        assert!(p.goals[0].text.chars().count() >= 10_000);
        // One word longer than a line, too.
        p.problems = "x".repeat(200);
        let t = text(&p, Language::Polish);
        let pages = check_pages(&t);
        let n = pages.len();
        assert!(n >= 3, "{n} pages");
        assert_eq!(t.matches(FORM_FEED).count(), n - 1);
        for (i, page) in pages.iter().enumerate() {
            let footer = &page[PAGE_LINES - 1];
            assert!(
                footer.ends_with(&format!("strona {} z {n}", i + 1)),
                "{footer}"
            );
        }
        // Every word is printed whole and in order; the long one is cut into lines.
        let body: Vec<&str> = t.split_whitespace().collect();
        let printed: Vec<&str> = body
            .iter()
            .copied()
            .filter(|w| w.starts_with("słowo"))
            .collect();
        assert_eq!(
            printed,
            words.iter().map(String::as_str).collect::<Vec<_>>()
        );
        let xs: usize = t
            .lines()
            .filter(|l| l.trim().chars().all(|c| c == 'x') && !l.trim().is_empty())
            .map(|l| l.trim().len())
            .sum();
        assert_eq!(xs, 200);
    }

    #[test]
    fn control_characters_in_user_text_never_reach_the_document() {
        let mut p = plan();
        p.goals[0].text = "cel\x1b[2J\x07 z\u{0}\x0cesc\u{202e}apem\r\nnowa linia".into();
        p.goals[0].actions[0].who = "mat\x1bka\nz asystentem".into();
        let mut f = family();
        f.name = "Wiś\x1b]0;tytuł\x07niewscy".into();
        let t = plan_text(
            &f,
            &members(),
            &p,
            "Anna\tKowalska",
            Language::Polish,
            today(),
        );
        let pages = check_pages(&t);
        assert_eq!(
            t.matches(FORM_FEED).count(),
            pages.len() - 1,
            "only pages add form feeds"
        );
        assert!(t.contains("  cel[2J zescapem\n  nowa linia"), "{t}");
        assert!(t.contains("Kto: matka z asystentem"), "{t}");
        assert!(t.contains("Wiś]0;tytułniewscy"), "{t}");
        assert!(t.contains("Anna Kowalska"), "{t}");
    }

    #[test]
    fn coordination_is_printed_when_recorded_or_needed() {
        let mut p = plan();
        p.child_plan_link = Some(ChildPlanLink {
            coordinator: "Ewa Koordynator".into(),
            date: d(2026, 3, 5),
        });
        let t = text(&p, Language::Polish);
        let flat = t.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(
            flat.contains("uzgodniono z: Ewa Koordynator, dnia 05.03.2026."),
            "{t}"
        );
        // No child in care and nothing recorded: no section at all.
        let mut ms = members();
        ms[1].foster = None;
        let t = plan_text(&family(), &ms, &plan(), "A", Language::Polish, today());
        assert!(!t.contains("KOORDYNACJA"), "{t}");
    }

    #[test]
    fn documents_are_new_files_of_mode_0600_never_overwritten() {
        let dir = tempfile::tempdir().unwrap();
        let docs = dir.path().join("dokumenty");
        let first = write_plan_document(&docs, "AR/2026/014", 2, "jeden").unwrap();
        assert_eq!(first, docs.join("plan-AR-2026-014-v2.txt"));
        let second = write_plan_document(&docs, "AR/2026/014", 2, "dwa").unwrap();
        assert_eq!(second, docs.join("plan-AR-2026-014-v2-2.txt"));
        let third = write_plan_document(&docs, "AR/2026/014", 2, "trzy").unwrap();
        assert_eq!(third, docs.join("plan-AR-2026-014-v2-3.txt"));
        assert_eq!(std::fs::read_to_string(&first).unwrap(), "jeden");
        assert_eq!(std::fs::read_to_string(&second).unwrap(), "dwa");
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&first), 0o600);
        assert_eq!(mode(&docs), 0o700);
        // No temporary file is left behind.
        assert_eq!(std::fs::read_dir(&docs).unwrap().count(), 3);
        // A case number with nothing usable still gives a name.
        let odd = write_plan_document(&docs, "/../", 1, "x").unwrap();
        assert_eq!(odd, docs.join("plan-v1.txt"));
        // A named file is never overwritten.
        let err = crate::doc::write_new_file_at(&first, "nowy").unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::AlreadyExists);
        assert_eq!(std::fs::read_to_string(&first).unwrap(), "jeden");
    }
}
