//! The draft of an opinion on the family for a court (art. 15 ust. 1 pkt 17 of the act on
//! family support and foster care): what the register holds about a chosen period — the
//! family's composition, the history of the work, the plan's goals and their progress,
//! the periodic assessments, the visits and the cooperation with institutions — and the
//! sections only the assistant can write (conclusions, recommendation), clearly marked.
//! Only records dated inside the period are listed: a visit, an assessment or a
//! cooperation entry outside it never appears, a status change or an action done after
//! its end is not told, and members are shown as the period found them.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::content::{Document, Line};
use super::{
    DocContext, DocError, Format, check_period, clean, file_name_part, member_line, one_line,
    or_missing,
};
use crate::config::Language;
use crate::domain::dates::{age_on, format_date};
use crate::domain::{
    ActionStatus, Assessment, CourtRequest, Id, Member, Visit, VisitKind, VisitStatus, WorkPlan,
};
use crate::i18n::{self, Label, Msg};
use crate::service::FamilyDetail;

/// Empty lines left under each section the assistant completes.
const ROOM_TO_WRITE: usize = 6;

/// Text lines of a section kept on the page of its heading.
const KEPT_WITH_HEADING: usize = 3;

/// Which opinion: the court request it answers and the period it covers (both days in).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct OpinionSpec {
    /// The court request's record id (one of the family's `court_requests`).
    pub request: Id,
    /// First day of the period.
    pub from: NaiveDate,
    /// Last day of the period.
    pub to: NaiveDate,
}

impl OpinionSpec {
    /// True if `day` lies in the period.
    fn covers(&self, day: NaiveDate) -> bool {
        self.from <= day && day <= self.to
    }
}

/// The opinion's text, laid out for A4 like the other documents.
/// Fails if the family has no such court request, if `from` is after `to`, or if the
/// period starts after `ctx.today`.
pub fn opinion_text(
    detail: &FamilyDetail,
    spec: &OpinionSpec,
    ctx: &DocContext,
) -> Result<String, DocError> {
    Ok(opinion_document(detail, spec, ctx)?.text())
}

/// The opinion as a DOCX file: the same content as [`opinion_text`].
pub fn opinion_docx(
    detail: &FamilyDetail,
    spec: &OpinionSpec,
    ctx: &DocContext,
) -> Result<Vec<u8>, DocError> {
    Ok(opinion_document(detail, spec, ctx)?.docx()?)
}

/// Writes the opinion to a new file in `dir`, named
/// `opinia-<case number>-<signature>.txt` or `.docx` (then `-2`, `-3` if taken), mode
/// 0600; returns its path. Nothing is written when the opinion cannot be made.
pub fn write_opinion(
    dir: &Path,
    detail: &FamilyDetail,
    spec: &OpinionSpec,
    ctx: &DocContext,
    format: Format,
) -> Result<PathBuf, DocError> {
    let doc = opinion_document(detail, spec, ctx)?;
    let request = request_of(detail, spec.request)?;
    Ok(super::write_document(
        dir,
        &opinion_file_stem(&detail.family.case_number, &request.signature),
        &doc,
        format,
    )?)
}

/// The file name (without extension) of an opinion: `opinia-<case>-<signature>`.
pub fn opinion_file_stem(case_number: &str, signature: &str) -> String {
    let parts: Vec<String> = [case_number, signature]
        .iter()
        .map(|p| file_name_part(p))
        .filter(|p| !p.is_empty())
        .collect();
    std::iter::once("opinia".to_string())
        .chain(parts)
        .collect::<Vec<_>>()
        .join("-")
}

/// The court request among `requests` whose signature is `signature`, letter case,
/// Polish letters and spaces ignored (`iii nsm 233/26` finds `III Nsm 233/26`).
pub fn request_by_signature<'a>(
    requests: &'a [CourtRequest],
    signature: &str,
) -> Option<&'a CourtRequest> {
    let key = |s: &str| {
        crate::domain::text::fold(s)
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect::<String>()
    };
    let wanted = key(signature);
    if wanted.is_empty() {
        return None;
    }
    requests.iter().find(|r| key(&r.signature) == wanted)
}

/// The family's court request with this id.
fn request_of(detail: &FamilyDetail, id: Id) -> Result<&CourtRequest, DocError> {
    detail
        .court_requests
        .iter()
        .find(|r| r.id == id && r.family_id == detail.family.id)
        .ok_or(DocError::NoSuchRequest(id))
}

/// The opinion's content, for [`opinion_text`] and [`opinion_docx`].
pub fn opinion_document(
    detail: &FamilyDetail,
    spec: &OpinionSpec,
    ctx: &DocContext,
) -> Result<Document, DocError> {
    let request = request_of(detail, spec.request)?;
    check_period(spec.from, spec.to, ctx.today)?;
    let lang = ctx.lang;
    let t = |m: Msg| m.text(lang);
    let family = &detail.family;
    let footer = format!(
        "{} · {} {} · {} {}",
        one_line(&family.case_number),
        t(Msg::DocOpinionFooter),
        one_line(&request.signature),
        t(Msg::DocDraftOf),
        format_date(ctx.today)
    );
    let mut doc = Document::new(footer, lang);

    // Title and particulars.
    let mut head = vec![
        Line::Title(t(Msg::DocOpinionTitle).to_string()),
        Line::Centred(t(Msg::DocOpinionBasis).to_string()),
        Line::Blank,
        Line::Centred(t(Msg::DocDraft).to_string()),
        Line::Blank,
    ];
    let fields = [
        (Msg::DocCourt, one_line(&request.court)),
        (Msg::DocSignature, one_line(&request.signature)),
        (Msg::DocReceived, format_date(request.received)),
        (Msg::DocOpinionDue, format_date(request.due)),
        (
            Msg::DocOpinionPeriod,
            format!("{} – {}", format_date(spec.from), format_date(spec.to)),
        ),
        (Msg::DocCaseNumber, one_line(&family.case_number)),
        (Msg::DocFamily, one_line(&family.name)),
        (Msg::DocAddress, one_line(&family.address)),
        (Msg::DocAssistant, one_line(&ctx.staff_name)),
    ];
    head.extend(aligned_fields(&fields, lang));
    doc.keep(head);

    composition(&mut doc, &detail.members, spec, lang);
    history(&mut doc, detail, spec, lang);
    plan_progress(&mut doc, detail, spec, ctx);
    assessments(&mut doc, &detail.assessments, spec, lang);
    visits(&mut doc, &detail.visits, spec, lang);
    cooperation(&mut doc, detail, spec, lang);

    // What only the assistant can write.
    doc.keep(vec![
        Line::Heading(t(Msg::DocConclusionsHeading).to_string()),
        Line::ToComplete {
            mark: t(Msg::DocToComplete).to_string(),
            lines: ROOM_TO_WRITE,
        },
    ]);
    let mut lines = vec![Line::Heading(t(Msg::DocRecommendationHeading).to_string())];
    let last = detail
        .assessments
        .iter()
        .filter(|a| spec.covers(a.date))
        .max_by_key(|a| (a.date, a.id));
    if let Some(a) = last {
        lines.push(Line::text(
            "  ",
            "  ",
            &format!(
                "{} ({}): {}.",
                t(Msg::DocLastRecommendation),
                format_date(a.date),
                a.recommendation.label(lang)
            ),
        ));
    }
    lines.push(Line::ToComplete {
        mark: t(Msg::DocToComplete).to_string(),
        lines: ROOM_TO_WRITE,
    });
    doc.keep(lines);

    doc.keep(super::plan::signature_lines(
        &[
            (
                format!("{}: {}", t(Msg::DocAssistant), one_line(&ctx.staff_name)),
                None,
            ),
            (t(Msg::DocHead).to_string(), None),
        ],
        2,
        lang,
    ));
    Ok(doc)
}

/// Fields with their values starting in one column; a blank value is marked missing.
fn aligned_fields(fields: &[(Msg, String)], lang: Language) -> Vec<Line> {
    let width = fields
        .iter()
        .map(|(m, _)| m.text(lang).chars().count() + 2)
        .max()
        .unwrap_or(0);
    let indent = " ".repeat(width);
    fields
        .iter()
        .map(|(label, value)| {
            let first = format!("{:<width$}", format!("{}:", label.text(lang)));
            Line::field(&first, &indent, &or_missing(value, lang))
        })
        .collect()
}

/// I. The members who lived in the household during the period, with their age at its
/// end and the foster placements that overlap it. No PESEL, as in the plan.
fn composition(doc: &mut Document, members: &[Member], spec: &OpinionSpec, lang: Language) {
    let t = |m: Msg| m.text(lang);
    let mut lines = vec![Line::Heading(t(Msg::DocCompositionHeading).to_string())];
    let present: Vec<&Member> = members
        .iter()
        .filter(|m| m.left_household.is_none_or(|left| left >= spec.from))
        .filter(|m| m.birth_date.is_none_or(|born| born <= spec.to))
        .collect();
    if present.is_empty() {
        lines.push(Line::text("  ", "  ", t(Msg::DocNoMembersInPeriod)));
    }
    for m in present {
        let mut text = member_line(m, lang);
        if let Some(born) = m.birth_date {
            text.push_str(&format!(
                ", {} {} ({}: {})",
                t(Msg::DocBorn),
                format_date(born),
                t(Msg::DocAgeOn),
                i18n::age(lang, age_on(born, spec.to))
            ));
        }
        if let Some(left) = m.left_household.filter(|d| spec.covers(*d)) {
            text.push_str(&format!("; {} {}", t(Msg::DocLeftOn), format_date(left)));
        }
        if let Some(p) = m
            .foster
            .as_ref()
            .filter(|p| p.since <= spec.to && p.returned_home.is_none_or(|back| back >= spec.from))
        {
            text.push_str(&format!(
                "; {} {} ({}",
                t(Msg::DocInFosterCare),
                format_date(p.since),
                p.form.label(lang)
            ));
            if !clean(&p.coordinator_name).trim().is_empty() {
                text.push_str(&format!(
                    ", {}: {}",
                    t(Msg::DocCoordinator),
                    one_line(&p.coordinator_name)
                ));
            }
            text.push(')');
            if let Some(back) = p.returned_home.filter(|d| *d <= spec.to) {
                text.push_str(&format!(
                    "; {} {}",
                    t(Msg::DocReturnedOn),
                    format_date(back)
                ));
            }
        }
        lines.push(Line::text("  - ", "    ", &text));
    }
    doc.keep_lead(lines, 1, KEPT_WITH_HEADING);
}

/// II. How the work came about and went: referral, consent or court obligation, start,
/// flags, the status changes up to the end of the period and a closure within it.
fn history(doc: &mut Document, detail: &FamilyDetail, spec: &OpinionSpec, lang: Language) {
    let t = |m: Msg| m.text(lang);
    let family = &detail.family;
    let date_by_end = |d: Option<NaiveDate>| d.filter(|d| *d <= spec.to);
    let mut fields = Vec::new();
    if family.referral_date <= spec.to {
        let mut referral = format_date(family.referral_date);
        let worker = one_line(&family.social_worker.name);
        if !worker.is_empty() {
            referral.push_str(&format!(" ({}: {worker})", t(Msg::DocReferredBy)));
        }
        fields.push((Msg::DocReferral, referral));
    }
    let basis = if family.flags.court_obliged {
        t(Msg::DocCourtObligation).to_string()
    } else {
        match date_by_end(family.consent_date) {
            Some(on) => format!("{} {}", t(Msg::DocVoluntary), format_date(on)),
            None => t(Msg::DocNoConsent).to_string(),
        }
    };
    fields.push((Msg::DocBasisOfWork, basis));
    fields.push((
        Msg::DocWorkStarted,
        date_by_end(family.work_started)
            .map_or_else(|| t(Msg::DocNotStarted).to_string(), format_date),
    ));
    fields.push((Msg::DocFlags, flag_words(detail, lang).join(", ")));
    let mut lines = vec![Line::Heading(t(Msg::DocHistoryHeading).to_string())];
    lines.extend(aligned_fields(&fields, lang));
    lines.iter_mut().skip(1).for_each(indent_field);

    let changes: Vec<String> = family
        .history
        .iter()
        .filter(|c| c.date <= spec.to)
        .map(|c| {
            let to = c.to.label(lang);
            match c.from {
                Some(from) => format!("{}: {} → {to}", format_date(c.date), from.label(lang)),
                None => format!("{}: {to}", format_date(c.date)),
            }
        })
        .collect();
    if !changes.is_empty() {
        lines.push(Line::Blank);
        lines.push(Line::text(
            "  ",
            "  ",
            &format!("{}:", t(Msg::DocStatusHistory)),
        ));
        for c in changes {
            lines.push(Line::text("    - ", "      ", &c));
        }
    }
    if let Some(c) = family.closure.as_ref().filter(|c| spec.covers(c.date)) {
        lines.push(Line::text(
            "  ",
            "    ",
            &format!(
                "{}: {}, {}.",
                t(Msg::DocClosure),
                format_date(c.date),
                i18n::closure_reason(lang, &c.reason)
            ),
        ));
    }
    doc.keep_lead(lines, 1, KEPT_WITH_HEADING);
}

/// Indents a field of a section by two spaces, like the section's other lines.
fn indent_field(line: &mut Line) {
    if let Line::Field { label, rest, .. } = line {
        label.insert_str(0, "  ");
        rest.insert_str(0, "  ");
    }
}

/// The family's flags in words (court obligation, Za życiem, Niebieska Karta, court
/// supervisor), or "none".
fn flag_words(detail: &FamilyDetail, lang: Language) -> Vec<String> {
    let t = |m: Msg| m.text(lang);
    let flags = &detail.family.flags;
    let mut words = Vec::new();
    if flags.court_obliged {
        words.push(t(Msg::CourtObliged).to_string());
    }
    if flags.za_zyciem {
        words.push(t(Msg::ZaZyciem).to_string());
    }
    if flags.niebieska_karta {
        words.push(t(Msg::DocNiebieskaKartaOpen).to_string());
    }
    if let Some(k) = flags
        .kurator
        .as_deref()
        .map(one_line)
        .filter(|k| !k.is_empty())
    {
        words.push(format!("{}: {k}", t(Msg::Kurator)));
    }
    if words.is_empty() {
        words.push(t(Msg::DocNoFlags).to_string());
    }
    words
}

/// The plan versions in force at some time in the period: drawn up by its end and not
/// replaced before it began (a version replaced on its first day was not in force).
fn plans_in_force<'a>(plans: &'a [WorkPlan], spec: &OpinionSpec) -> Vec<&'a WorkPlan> {
    let mut out: Vec<&WorkPlan> = plans
        .iter()
        .filter(|p| p.drawn_up <= spec.to && p.superseded.is_none_or(|s| s > spec.from))
        .collect();
    out.sort_by_key(|p| p.version);
    out
}

/// An action's status as the period's end found it: done within the period with its
/// date, done before the period, not finished by its end, or its open status (marked
/// overdue when its deadline passed before the end of the period and before `today`).
fn action_status_in(
    action: &crate::domain::PlanAction,
    spec: &OpinionSpec,
    lang: Language,
    today: NaiveDate,
) -> String {
    match &action.status {
        ActionStatus::Done(on) if *on > spec.to => {
            Msg::DocNotFinishedInPeriod.text(lang).to_string()
        }
        ActionStatus::Done(on) if *on < spec.from => Msg::DocDoneBefore.text(lang).to_string(),
        _ => super::plan::action_status(action, lang, today.min(spec.to)),
    }
}

/// III. The goals of the newest plan version in force in the period, their actions with
/// the status at the period's end and the progress the period's assessments recorded.
fn plan_progress(doc: &mut Document, detail: &FamilyDetail, spec: &OpinionSpec, ctx: &DocContext) {
    let lang = ctx.lang;
    let t = |m: Msg| m.text(lang);
    let mut lines = vec![Line::Heading(t(Msg::DocPlanHeading).to_string())];
    let versions = plans_in_force(&detail.plans, spec);
    let Some(plan) = versions.last() else {
        lines.push(Line::text("  ", "  ", t(Msg::DocNoPlanInPeriod)));
        doc.keep(lines);
        return;
    };
    lines.push(Line::text(
        "  ",
        "  ",
        &format!("{}:", t(Msg::DocPlanVersions)),
    ));
    for p in &versions {
        let mut text = format!(
            "{} {} — {}: {}",
            t(Msg::PlanVersion),
            p.version,
            t(Msg::DocDrawnUp).to_lowercase(),
            format_date(p.drawn_up)
        );
        if let Some(until) = p.superseded.filter(|s| *s <= spec.to) {
            text.push_str(&format!(
                ", {} {}",
                t(Msg::DocInForceUntil),
                format_date(until)
            ));
        }
        lines.push(Line::text("    - ", "      ", &text));
    }
    lines.push(Line::Blank);
    lines.push(Line::text(
        "  ",
        "  ",
        &format!("{} {}:", t(Msg::DocGoalsOfVersion), plan.version),
    ));
    if plan.goals.is_empty() {
        lines.push(Line::text("  ", "  ", t(Msg::DocNoGoals)));
    }
    doc.keep(lines);

    // The latest progress each goal was given by an assessment in the period.
    let mut progress: BTreeMap<String, (NaiveDate, String)> = BTreeMap::new();
    let mut in_period: Vec<&Assessment> = detail
        .assessments
        .iter()
        .filter(|a| spec.covers(a.date))
        .collect();
    in_period.sort_by_key(|a| (a.date, a.id));
    for a in in_period {
        for (goal, p) in &a.goal_progress {
            progress.insert(one_line(goal), (a.date, p.label(lang).to_string()));
        }
    }

    for (gi, goal) in plan.goals.iter().enumerate() {
        let mut lines = vec![Line::text(
            "  ",
            "    ",
            &format!(
                "{} {} ({}: {}): {}",
                t(Msg::Goal),
                gi + 1,
                t(Msg::DocArea),
                goal.area.label(lang),
                or_missing(&goal.text, lang)
            ),
        )];
        if let Some((on, p)) = progress.get(&one_line(&goal.text)) {
            lines.push(Line::text(
                "    ",
                "      ",
                &format!("{} {}: {p}", t(Msg::DocProgressAt), format_date(*on)),
            ));
        }
        if goal.actions.is_empty() {
            lines.push(Line::text("    ", "      ", t(Msg::DocNoActions)));
        }
        for (ai, action) in goal.actions.iter().enumerate() {
            let number = format!("    {}.{}. ", gi + 1, ai + 1);
            let rest = " ".repeat(number.chars().count() + 2);
            let mut text = or_missing(&action.what, lang);
            if let Some(d) = action.deadline {
                text.push_str(&format!(" — {} {}", t(Msg::Deadline), format_date(d)));
            }
            text.push_str(&format!(
                " — {}: {}",
                t(Msg::DocStatus).to_lowercase(),
                action_status_in(action, spec, lang, ctx.today)
            ));
            lines.push(Line::text(&number, &rest, &text));
        }
        doc.keep_lead(lines, 1, KEPT_WITH_HEADING);
    }
}

/// IV. The periodic assessments made in the period, oldest first, with their texts.
fn assessments(doc: &mut Document, all: &[Assessment], spec: &OpinionSpec, lang: Language) {
    let t = |m: Msg| m.text(lang);
    let mut made: Vec<&Assessment> = all.iter().filter(|a| spec.covers(a.date)).collect();
    made.sort_by_key(|a| (a.date, a.id));
    let heading = Line::Heading(t(Msg::DocAssessmentsHeading).to_string());
    if made.is_empty() {
        doc.keep(vec![
            heading,
            Line::text("  ", "  ", t(Msg::DocNoAssessmentsInPeriod)),
        ]);
        return;
    }
    for (i, a) in made.iter().enumerate() {
        let mut lines = Vec::new();
        if i == 0 {
            lines.push(heading.clone());
        }
        lines.push(Line::text(
            "  ",
            "  ",
            &format!(
                "{} {} ({} {} – {})",
                t(Msg::DocAssessmentOf),
                format_date(a.date),
                t(Msg::DocCovering),
                format_date(a.period_from),
                format_date(a.period_to)
            ),
        ));
        let lead = lines.len();
        for (label, text) in [
            (Msg::Changes, &a.changes),
            (Msg::ChildSafety, &a.child_safety),
            (Msg::CooperationText, &a.cooperation),
            (Msg::ResourcesRisks, &a.resources_risks),
        ] {
            lines.push(Line::field(
                &format!("    {}: ", t(label)),
                "      ",
                &or_missing(text, lang),
            ));
        }
        lines.push(Line::field(
            &format!("    {}: ", t(Msg::RecommendationField)),
            "      ",
            a.recommendation.label(lang),
        ));
        doc.keep_lead(lines, lead, KEPT_WITH_HEADING);
    }
}

/// Hours and minutes as decimal hours with one digit, a comma in Polish ("12,5 godz.").
fn hours(minutes: u32, lang: Language) -> String {
    let tenths = (minutes * 10 + 30) / 60;
    let text = format!("{}.{}", tenths / 10, tenths % 10);
    let text = match lang {
        Language::Polish => text.replace('.', ","),
        Language::English => text,
    };
    format!("{text} {}", Msg::DocHours.text(lang))
}

/// V. The contacts in the period: counts by outcome and by kind, the dates of those held
/// and each one that did not take place.
fn visits(doc: &mut Document, all: &[Visit], spec: &OpinionSpec, lang: Language) {
    let t = |m: Msg| m.text(lang);
    let mut inside: Vec<&Visit> = all.iter().filter(|v| spec.covers(v.date)).collect();
    inside.sort_by_key(|v| (v.date, v.time, v.id));
    let heading = Line::Heading(t(Msg::DocVisitsHeading).to_string());
    if inside.is_empty() {
        doc.keep(vec![
            heading,
            Line::text("  ", "  ", t(Msg::DocNoVisitsInPeriod)),
        ]);
        return;
    }
    let count = |s: VisitStatus| inside.iter().filter(|v| v.status == s).count();
    let held_minutes: u32 = inside
        .iter()
        .filter(|v| v.status == VisitStatus::Held)
        .map(|v| u32::from(v.duration_min))
        .sum();
    let mut outcomes = vec![format!(
        "{}: {} ({})",
        VisitStatus::Held.label(lang),
        count(VisitStatus::Held),
        hours(held_minutes, lang)
    )];
    for s in [
        VisitStatus::FamilyAbsent,
        VisitStatus::Cancelled,
        VisitStatus::Planned,
    ] {
        if count(s) > 0 {
            outcomes.push(format!("{}: {}", s.label(lang), count(s)));
        }
    }
    let mut lines = vec![
        heading,
        Line::field(
            &format!("  {}: ", t(Msg::DocVisitsTotal)),
            "    ",
            &format!("{}; {}", inside.len(), outcomes.join(", ")),
        ),
        Line::text("  ", "  ", &format!("{}:", t(Msg::DocVisitsByKind))),
    ];
    for kind in VisitKind::ALL {
        let parts: Vec<String> = OUTCOMES
            .iter()
            .filter_map(|s| {
                let n = inside
                    .iter()
                    .filter(|v| v.kind == kind && v.status == *s)
                    .count();
                (n > 0).then(|| format!("{}: {n}", s.label(lang)))
            })
            .collect();
        if !parts.is_empty() {
            lines.push(Line::text(
                "    - ",
                "      ",
                &format!("{} — {}", kind.label(lang), parts.join(", ")),
            ));
        }
    }
    doc.keep(lines);

    let held: Vec<String> = inside
        .iter()
        .filter(|v| v.status == VisitStatus::Held)
        .map(|v| format!("{} ({})", format_date(v.date), v.kind.label(lang)))
        .collect();
    if !held.is_empty() {
        doc.keep_lead(
            vec![
                Line::text("  ", "  ", &format!("{}:", t(Msg::DocHeldDates))),
                Line::text("    ", "    ", &held.join(", ")),
            ],
            1,
            KEPT_WITH_HEADING,
        );
    }
    let mut lines = vec![Line::text(
        "  ",
        "  ",
        &format!("{}:", t(Msg::DocMissedVisits)),
    )];
    let missed: Vec<&&Visit> = inside
        .iter()
        .filter(|v| matches!(v.status, VisitStatus::FamilyAbsent | VisitStatus::Cancelled))
        .collect();
    if missed.is_empty() {
        lines.push(Line::text("    ", "    ", t(Msg::DocNoMissedVisits)));
    }
    for v in missed {
        lines.push(Line::text("    - ", "      ", &super::visit_line(v, lang)));
    }
    doc.keep_lead(lines, 1, KEPT_WITH_HEADING);
}

/// Outcomes in the order the counts are given: held first.
const OUTCOMES: [VisitStatus; 4] = [
    VisitStatus::Held,
    VisitStatus::FamilyAbsent,
    VisitStatus::Cancelled,
    VisitStatus::Planned,
];

/// VI. The cooperation entries of the period, oldest first.
fn cooperation(doc: &mut Document, detail: &FamilyDetail, spec: &OpinionSpec, lang: Language) {
    let t = |m: Msg| m.text(lang);
    let mut entries: Vec<_> = detail
        .cooperation
        .iter()
        .filter(|c| spec.covers(c.date))
        .collect();
    entries.sort_by_key(|c| (c.date, c.id));
    let mut lines = vec![Line::Heading(t(Msg::DocCooperationHeading).to_string())];
    if entries.is_empty() {
        lines.push(Line::text("  ", "  ", t(Msg::DocNoCooperationInPeriod)));
    }
    for c in entries {
        let mut text = format!(
            "{} — {}: {}",
            format_date(c.date),
            c.institution.label(lang),
            one_line(&c.institution_name)
        );
        let person = one_line(&c.person);
        if !person.is_empty() {
            text.push_str(&format!(" ({}: {person})", t(Msg::Person).to_lowercase()));
        }
        let note = one_line(&c.note);
        if !note.is_empty() {
            text.push_str(&format!(". {note}"));
        }
        lines.push(Line::text("  - ", "    ", &text));
    }
    doc.keep_lead(lines, 1, KEPT_WITH_HEADING);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{
        Closure, ClosureReason, Family, FamilyFlags, FamilyStatus, Goal, GoalArea, MemberRole,
        PlanAction, SocialWorkerRef, StatusChange,
    };

    fn d(y: i32, m: u32, dd: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, dd).unwrap()
    }

    fn member(id: Id, role: MemberRole, first: &str, born: NaiveDate) -> Member {
        Member {
            id,
            family_id: 7,
            role,
            first_name: first.into(),
            last_name: "Nowak".into(),
            birth_date: Some(born),
            pesel: None,
            foster: None,
            left_household: None,
        }
    }

    fn action(what: &str, status: ActionStatus) -> PlanAction {
        PlanAction {
            what: what.into(),
            who: "matka".into(),
            deadline: Some(d(2026, 9, 1)),
            expected_effect: "efekt".into(),
            status,
        }
    }

    /// A family with records before, inside and after the period 01.03–31.08.2026.
    fn detail() -> FamilyDetail {
        let mut gone = member(2, MemberRole::Father, "Odszedł", d(1980, 1, 1));
        gone.left_household = Some(d(2026, 1, 15));
        let mut leaving = member(3, MemberRole::Other, "Wyprowadzka", d(1960, 1, 1));
        leaving.left_household = Some(d(2026, 5, 5));
        let family = Family {
            id: 7,
            case_number: "AR/2026/007".into(),
            name: "Nowakowie\u{1b}[2J".into(),
            address: "ul. Polna 1".into(),
            phones: vec![],
            assistant: Some(1),
            social_worker: SocialWorkerRef::default(),
            referral_date: d(2026, 1, 2),
            consent_date: Some(d(2026, 1, 10)),
            work_started: Some(d(2026, 1, 10)),
            status: FamilyStatus::Closed,
            flags: FamilyFlags {
                court_obliged: true,
                ..FamilyFlags::default()
            },
            closure: Some(Closure {
                date: d(2026, 10, 1),
                reason: ClosureReason::GoalsAchieved,
                summary: String::new(),
                monitoring_until: None,
            }),
            notes: String::new(),
            history: vec![
                StatusChange {
                    date: d(2026, 1, 10),
                    from: Some(FamilyStatus::Referred),
                    to: FamilyStatus::Active,
                    by: "k".into(),
                    closure: None,
                },
                StatusChange {
                    date: d(2026, 10, 1),
                    from: Some(FamilyStatus::Active),
                    to: FamilyStatus::Closed,
                    by: "k".into(),
                    closure: None,
                },
            ],
        };
        let plan = WorkPlan {
            id: 20,
            family_id: 7,
            version: 1,
            drawn_up: d(2026, 2, 1),
            period_from: d(2026, 2, 1),
            period_to: d(2027, 1, 31),
            strengths: String::new(),
            problems: String::new(),
            goals: vec![Goal {
                area: GoalArea::Budget,
                text: "Spłata zadłużenia".into(),
                actions: vec![
                    action("Przed okresem", ActionStatus::Done(d(2026, 2, 20))),
                    action("W okresie", ActionStatus::Done(d(2026, 4, 2))),
                    action("Po okresie", ActionStatus::Done(d(2026, 9, 20))),
                ],
            }],
            consultation: None,
            child_plan_link: None,
            signed_family: None,
            signed_assistant: None,
            superseded: None,
        };
        FamilyDetail {
            family,
            family_rev: 1,
            revs: Default::default(),
            members: vec![
                member(1, MemberRole::Mother, "Ewa", d(1990, 6, 1)),
                gone,
                leaving,
                member(4, MemberRole::Child, "Nienarodzony", d(2026, 10, 1)),
            ],
            plan: Some(plan.clone()),
            plans: vec![plan],
            plan_versions: 1,
            assessments: vec![],
            court_requests: vec![CourtRequest {
                id: 5,
                family_id: 7,
                court: "Sąd Rejonowy".into(),
                signature: "III Nsm 1/26".into(),
                received: d(2026, 8, 1),
                due: d(2026, 9, 1),
                delivered: None,
            }],
            cooperation: vec![],
            visits: vec![],
            viewed_by: vec![],
        }
    }

    fn spec() -> OpinionSpec {
        OpinionSpec {
            request: 5,
            from: d(2026, 3, 1),
            to: d(2026, 8, 31),
        }
    }

    fn ctx(lang: Language) -> DocContext {
        DocContext {
            staff_name: "Anna Kowalska".into(),
            lang,
            today: d(2026, 11, 22),
        }
    }

    #[test]
    fn the_period_decides_what_is_told() {
        let text = opinion_text(&detail(), &spec(), &ctx(Language::Polish)).unwrap();
        let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
        // Members as the period found them.
        assert!(flat.contains("matka: Ewa Nowak"), "{text}");
        assert!(!flat.contains("Odszedł"), "left before the period");
        assert!(flat.contains("Wyprowadzka Nowak"), "{text}");
        assert!(flat.contains("wyprowadził(a) się 05.05.2026"), "{text}");
        assert!(!flat.contains("Nienarodzony"), "born after the period");
        // Actions as the period's end found them.
        assert!(flat.contains(
            "Przed okresem — termin 01.09.2026 — stan: wykonane przed początkiem okresu"
        ));
        assert!(flat.contains("W okresie — termin 01.09.2026 — stan: wykonane 02.04.2026"));
        assert!(
            flat.contains("Po okresie — termin 01.09.2026 — stan: niezakończone na koniec okresu")
        );
        assert!(!flat.contains("20.09.2026"), "done after the period");
        // No status change or closure after the period.
        assert!(flat.contains("10.01.2026: skierowana → aktywna"), "{text}");
        assert!(!flat.contains("01.10.2026"), "{text}");
        assert!(flat.contains("zobowiązanie przez sąd"));
        // The assistant's sections are marked; no control character reaches the text.
        assert_eq!(flat.matches("[DO UZUPEŁNIENIA PRZEZ ASYSTENTA]").count(), 2);
        assert!(!text.contains('\u{1b}'));
        assert!(flat.contains("BRAK ocen") || flat.contains("Brak ocen okresowych"));
    }

    #[test]
    fn a_request_of_another_family_or_a_bad_period_is_refused() {
        let ctx = ctx(Language::Polish);
        let mut other = detail();
        other.court_requests[0].family_id = 8;
        assert!(matches!(
            opinion_text(&other, &spec(), &ctx),
            Err(DocError::NoSuchRequest(5))
        ));
        let backwards = OpinionSpec {
            from: d(2026, 9, 1),
            ..spec()
        };
        assert!(matches!(
            opinion_text(&detail(), &backwards, &ctx),
            Err(DocError::BadPeriod { .. })
        ));
    }

    #[test]
    fn signatures_match_without_case_spaces_or_diacritics() {
        let requests = detail().court_requests;
        assert!(request_by_signature(&requests, " iii nsm 1/26").is_some());
        assert!(request_by_signature(&requests, "IIINsm1/26").is_some());
        assert!(request_by_signature(&requests, "III Nsm 2/26").is_none());
        assert!(request_by_signature(&requests, "  ").is_none());
    }

    #[test]
    fn file_names_name_the_case_and_the_signature() {
        assert_eq!(
            opinion_file_stem("AR/2026/007", "III Nsm 1/26"),
            "opinia-AR-2026-007-III-Nsm-1-26"
        );
        assert_eq!(opinion_file_stem("", "/"), "opinia");
    }
}
