//! The family brief: one page for a colleague standing in or for a case conference —
//! who the family is, its flags and risks, the current goals with their open actions,
//! the last three visits and what is due next (the same deadlines as the Alerts screen).
//! Long texts are cut to a few lines each so that the brief stays on one page.

use std::path::{Path, PathBuf};

use super::content::{Document, Line};
use super::{DocContext, DocError, Format, LINE_WIDTH, file_name_part, one_line, wrap};
use crate::domain::alerts::{self, AlertRules, CaseFacts, CourtDue, FamilyFacts};
use crate::domain::dates::{age_on, format_date};
use crate::domain::summary::FamilySummary;
use crate::domain::{ActionStatus, Member, VisitStatus};
use crate::i18n::{self, Label, Msg};
use crate::service::FamilyDetail;

/// Most text lines of one long text (a risk, a goal, an action, a visit's tasks).
const TEXT_LINES: usize = 3;

/// Most open actions listed under a goal.
const ACTIONS_PER_GOAL: usize = 3;

/// Visits listed.
const LAST_VISITS: usize = 3;

/// Deadlines listed.
const DEADLINES: usize = 5;

/// `text` on one line, cut after about `lines` lines' worth of words with an ellipsis.
fn shortened(text: &str, first: &str, rest: &str, lines: usize) -> String {
    let text = one_line(text);
    let wrapped = wrap(&text, first, rest, LINE_WIDTH);
    if wrapped.len() <= lines {
        return text;
    }
    let kept: Vec<&str> = wrapped[..lines]
        .iter()
        .enumerate()
        .map(|(i, l)| {
            let prefix = if i == 0 { first } else { rest };
            l.get(prefix.len()..).unwrap_or("").trim()
        })
        .collect();
    // Room for the ellipsis: the last word goes.
    let joined = kept.join(" ");
    let cut = joined
        .rsplit_once(' ')
        .map_or(joined.as_str(), |(head, _)| head);
    format!("{cut} …")
}

/// The brief's text: one A4 page (longer only if the family has very many goals).
pub fn brief_text(detail: &FamilyDetail, rules: &AlertRules, ctx: &DocContext) -> String {
    brief_document(detail, rules, ctx).text()
}

/// The brief as a DOCX file: the same content as [`brief_text`].
pub fn brief_docx(
    detail: &FamilyDetail,
    rules: &AlertRules,
    ctx: &DocContext,
) -> Result<Vec<u8>, DocError> {
    Ok(brief_document(detail, rules, ctx).docx()?)
}

/// Writes the brief to a new file in `dir`, named `informacja-<case number>-<date>.txt`
/// or `.docx` (then `-2`, `-3` if taken), mode 0600; returns its path.
pub fn write_brief(
    dir: &Path,
    detail: &FamilyDetail,
    rules: &AlertRules,
    ctx: &DocContext,
    format: Format,
) -> Result<PathBuf, DocError> {
    let doc = brief_document(detail, rules, ctx);
    let stem = brief_file_stem(&detail.family.case_number, ctx.today);
    Ok(super::write_document(dir, &stem, &doc, format)?)
}

/// The file name (without extension) of a brief: `informacja-<case number>-<date>`.
pub fn brief_file_stem(case_number: &str, today: chrono::NaiveDate) -> String {
    let case = file_name_part(case_number);
    let day = today.format("%Y-%m-%d");
    if case.is_empty() {
        format!("informacja-{day}")
    } else {
        format!("informacja-{case}-{day}")
    }
}

/// The summary the alert rules read, made from the family's full records.
fn summary_of(detail: &FamilyDetail) -> FamilySummary {
    let mut summary = FamilySummary::default();
    detail.members.iter().for_each(|m| summary.add_member(m));
    detail.plans.iter().for_each(|p| summary.add_plan(p));
    detail
        .assessments
        .iter()
        .for_each(|a| summary.add_assessment(a));
    for r in &detail.court_requests {
        summary.add_court_request(r.clone());
    }
    detail.visits.iter().for_each(|v| summary.add_visit(v));
    summary
}

/// The brief's content, for [`brief_text`] and [`brief_docx`].
pub fn brief_document(detail: &FamilyDetail, rules: &AlertRules, ctx: &DocContext) -> Document {
    let lang = ctx.lang;
    let today = ctx.today;
    let t = |m: Msg| m.text(lang);
    let family = &detail.family;
    let footer = format!(
        "{} · {} · {} {}",
        one_line(&family.case_number),
        t(Msg::DocBriefFooter),
        t(Msg::DocPrinted),
        format_date(today)
    );
    let mut doc = Document::new(footer, lang);

    let mut head = vec![
        Line::Title(t(Msg::DocBriefTitle).to_string()),
        Line::Centred(format!(
            "{} {}",
            t(Msg::DocBriefPurpose),
            format_date(today)
        )),
        Line::Blank,
    ];
    let worker = [&family.social_worker.name, &family.social_worker.phone]
        .iter()
        .map(|s| one_line(s))
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(", ");
    let mut status = family.status.label(lang).to_string();
    if let Some(started) = family.work_started {
        status.push_str(&format!(
            "; {} {}",
            t(Msg::DocWorkStarted).to_lowercase(),
            format_date(started)
        ));
    }
    let phones = family
        .phones
        .iter()
        .map(|p| one_line(p))
        .collect::<Vec<_>>()
        .join(", ");
    let fields = [
        (Msg::DocCaseNumber, one_line(&family.case_number)),
        (Msg::DocFamily, one_line(&family.name)),
        (Msg::DocAddress, one_line(&family.address)),
        (Msg::DocPhones, phones),
        (Msg::DocAssistant, one_line(&ctx.staff_name)),
        (Msg::DocSocialWorker, worker),
        (Msg::DocCaseStatus, status),
    ];
    let width = fields
        .iter()
        .map(|(m, _)| t(*m).chars().count() + 2)
        .max()
        .unwrap_or(0);
    let indent = " ".repeat(width);
    for (label, value) in &fields {
        let first = format!("{:<width$}", format!("{}:", t(*label)));
        let value = if value.is_empty() { "—" } else { value };
        head.push(Line::field(&first, &indent, value));
    }
    // Who lives there: role, first name and age, on one line each.
    let present: Vec<&Member> = detail
        .members
        .iter()
        .filter(|m| m.left_household.is_none_or(|left| left > today))
        .collect();
    let people: Vec<String> = present
        .iter()
        .map(|m| {
            let mut s = format!("{} {}", m.role.label(lang), one_line(&m.first_name));
            if let Some(born) = m.birth_date {
                s.push_str(&format!(" ({})", i18n::age(lang, age_on(born, today))));
            }
            s
        })
        .collect();
    if !people.is_empty() {
        let first = format!("{:<width$}", format!("{}:", t(Msg::Members)));
        head.push(Line::field(&first, &indent, &people.join(", ")));
    }
    doc.keep(head);

    // Flags and risks.
    let mut lines = vec![Line::Heading(t(Msg::DocRisksHeading).to_string())];
    let mut flags = Vec::new();
    if family.flags.court_obliged {
        flags.push(t(Msg::CourtObliged).to_string());
    }
    if family.flags.za_zyciem {
        flags.push(t(Msg::ZaZyciem).to_string());
    }
    if family.flags.niebieska_karta {
        flags.push(t(Msg::DocNiebieskaKartaOpen).to_string());
    }
    if let Some(k) = family
        .flags
        .kurator
        .as_deref()
        .map(one_line)
        .filter(|k| !k.is_empty())
    {
        flags.push(format!("{}: {k}", t(Msg::Kurator)));
    }
    for m in present.iter().filter(|m| m.in_foster_care(today)) {
        if let Some(p) = &m.foster {
            let mut s = format!(
                "{}: {} {} {} ({}",
                t(Msg::DocChildInCare),
                one_line(&m.first_name),
                t(Msg::Since),
                format_date(p.since),
                p.form.label(lang)
            );
            let coordinator = [&p.coordinator_name, &p.coordinator_phone]
                .iter()
                .map(|s| one_line(s))
                .filter(|s| !s.is_empty())
                .collect::<Vec<_>>()
                .join(", ");
            if !coordinator.is_empty() {
                s.push_str(&format!("; {}: {coordinator}", t(Msg::Coordinator)));
            }
            s.push(')');
            flags.push(s);
        }
    }
    if flags.is_empty() {
        lines.push(Line::field(
            &format!("  {}: ", t(Msg::DocFlags)),
            "    ",
            t(Msg::DocNoFlags),
        ));
    }
    for f in flags {
        lines.push(Line::text("  - ", "    ", &f));
    }
    if let Some(plan) = &detail.plan
        && !one_line(&plan.problems).is_empty()
    {
        let first = format!("  {}: ", t(Msg::DocPlanRisks));
        let text = shortened(&plan.problems, &first, "    ", TEXT_LINES);
        lines.push(Line::field(&first, "    ", &text));
    }
    if let Some(a) = detail.assessments.iter().max_by_key(|a| (a.date, a.id))
        && !one_line(&a.resources_risks).is_empty()
    {
        let first = format!(
            "  {} {}): ",
            t(Msg::DocAssessmentRisks),
            format_date(a.date)
        );
        let text = shortened(&a.resources_risks, &first, "    ", TEXT_LINES);
        lines.push(Line::field(&first, "    ", &text));
    }
    doc.keep(lines);

    // Current goals with their open actions.
    let mut lines = vec![Line::Heading(t(Msg::DocCurrentGoals).to_string())];
    match &detail.plan {
        None => lines.push(Line::text("  ", "  ", t(Msg::DocNoCurrentPlan))),
        Some(plan) if plan.goals.is_empty() => {
            lines.push(Line::text("  ", "  ", t(Msg::DocNoGoals)));
        }
        Some(plan) => {
            for (gi, goal) in plan.goals.iter().enumerate() {
                let first = format!("  {}. ", gi + 1);
                let text = format!("{}: {}", goal.area.label(lang), one_line(&goal.text));
                lines.push(Line::text(
                    &first,
                    "     ",
                    &shortened(&text, &first, "     ", 2),
                ));
                let open: Vec<_> = goal
                    .actions
                    .iter()
                    .filter(|a| {
                        matches!(a.status, ActionStatus::Planned | ActionStatus::InProgress)
                    })
                    .collect();
                if open.is_empty() {
                    lines.push(Line::text("     ", "     ", t(Msg::DocNoOpenActions)));
                }
                for a in open.iter().take(ACTIONS_PER_GOAL) {
                    let mut text = one_line(&a.what);
                    if let Some(d) = a.deadline {
                        text.push_str(&format!(" — {} {}", t(Msg::Deadline), format_date(d)));
                        if d < today {
                            text.push_str(&format!(" ({})", t(Msg::DocOverdue)));
                        }
                    }
                    let who = one_line(&a.who);
                    if !who.is_empty() {
                        text.push_str(&format!(" — {}: {who}", t(Msg::Who)));
                    }
                    lines.push(Line::text(
                        "     - ",
                        "       ",
                        &shortened(&text, "     - ", "       ", 2),
                    ));
                }
                if open.len() > ACTIONS_PER_GOAL {
                    lines.push(Line::text(
                        "     ",
                        "     ",
                        &format!(
                            "… {}: {}",
                            t(Msg::DocMoreActions),
                            open.len() - ACTIONS_PER_GOAL
                        ),
                    ));
                }
            }
        }
    }
    doc.keep_lead(lines, 1, 3);

    // The last visits up to today with an outcome (held, missed, cancelled), newest
    // first; one still planned is not a visit yet (the deadlines show it unrecorded).
    let mut lines = vec![Line::Heading(t(Msg::DocLastVisits).to_string())];
    let mut past: Vec<_> = detail
        .visits
        .iter()
        .filter(|v| v.date <= today && v.status != VisitStatus::Planned)
        .collect();
    past.sort_by_key(|v| std::cmp::Reverse((v.date, v.time, v.id)));
    if past.is_empty() {
        lines.push(Line::text("  ", "  ", t(Msg::DocNoVisitsYet)));
    }
    for v in past.iter().take(LAST_VISITS) {
        lines.push(Line::text("  - ", "    ", &super::visit_line(v, lang)));
        if v.status == VisitStatus::Held && !one_line(&v.record.tasks).is_empty() {
            let first = format!("    {}: ", t(Msg::Tasks));
            let text = shortened(&v.record.tasks, &first, "      ", 2);
            lines.push(Line::field(&first, "      ", &text));
        }
    }
    doc.keep(lines);

    // What is due next: the family's open deadlines, as the Alerts screen counts them.
    let mut lines = vec![Line::Heading(t(Msg::DocDueNext).to_string())];
    let summary = summary_of(detail);
    let facts = FamilyFacts {
        case: CaseFacts::of(family),
        last_assessment: summary.last_assessment,
        plan: summary.plan,
        foster_since: summary.foster_since(today),
        court_dues: &CourtDue::open(&summary.court_requests),
        visit_without_outcome: summary.visit_without_outcome(today),
        last_held_visit: summary.last_held_visit,
    };
    let deadlines = alerts::deadlines(&facts, rules);
    if deadlines.is_empty() {
        lines.push(Line::text("  ", "  ", t(Msg::DocNothingDue)));
    }
    for d in deadlines.iter().take(DEADLINES) {
        lines.push(Line::text(
            "  - ",
            "    ",
            &format!(
                "{} — {} ({})",
                format_date(d.due),
                d.kind.label(lang),
                i18n::days_left(lang, (d.due - today).num_days())
            ),
        ));
    }
    let next_visit = detail
        .visits
        .iter()
        .filter(|v| v.status == VisitStatus::Planned && v.date >= today)
        .min_by_key(|v| (v.date, v.time, v.id));
    if let Some(v) = next_visit {
        lines.push(Line::field(
            &format!("  {}: ", t(Msg::DocNextVisit)),
            "    ",
            &format!(
                "{} {} ({})",
                format_date(v.date),
                v.time.format("%H:%M"),
                v.kind.label(lang)
            ),
        ));
    }
    doc.keep(lines);
    doc
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_text_is_cut_between_words_with_an_ellipsis() {
        let long = "słowo ".repeat(100);
        let short = shortened(&long, "  - ", "    ", 2);
        assert!(short.ends_with(" …"), "{short}");
        let lines = wrap(&short, "  - ", "    ", LINE_WIDTH);
        assert_eq!(lines.len(), 2, "{lines:?}");
        assert_eq!(shortened("krótko", "", "", 1), "krótko");
    }
}
