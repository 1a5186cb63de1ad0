//! The work plan of the family selected in the register (read-only here).

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Block;

use super::Theme;
use crate::app::App;
use crate::domain::alerts::DeadlineKind;
use crate::domain::dates::format_date;
use crate::domain::{ActionStatus, WorkPlan};
use crate::i18n::{Label, Msg};
use crate::service::FamilyDetail;

/// Draws the Work plan screen.
pub fn render(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let lang = app.lang;
    let (title, lines) = match &app.plan_family {
        None => (
            format!(" {} ", Msg::ScreenWorkPlan.text(lang)),
            vec![Line::raw(Msg::NoFamilySelected.text(lang))],
        ),
        Some(d) => (
            format!(
                " {} — {} {} ",
                Msg::ScreenWorkPlan.text(lang),
                d.family.case_number,
                d.family.name
            ),
            match &d.plan {
                Some(plan) => plan_lines(app, theme, d, plan),
                None => no_plan_lines(app, theme, d),
            },
        ),
    };
    let block = Block::bordered().title(Span::styled(title, theme.heading()));
    super::render_scrolled(frame, area, block, lines, app.plan_scroll);
}

fn no_plan_lines(app: &App, theme: &Theme, d: &FamilyDetail) -> Vec<Line<'static>> {
    let lang = app.lang;
    let mut lines = vec![Line::styled(Msg::NoPlan.text(lang), theme.warning())];
    let due = app
        .snapshot
        .family(d.family.id)
        .and_then(|r| r.next_deadline.as_ref())
        .filter(|dl| dl.kind == DeadlineKind::WorkPlan)
        .map(|dl| dl.due);
    if let Some(due) = due {
        lines.push(Line::raw(format!(
            "{} {}",
            Msg::PlanDueBy.text(lang),
            format_date(due)
        )));
    }
    lines
}

fn plan_lines(app: &App, theme: &Theme, d: &FamilyDetail, plan: &WorkPlan) -> Vec<Line<'static>> {
    let lang = app.lang;
    let mut lines = Vec::new();
    lines.push(Line::from(vec![Span::styled(
        format!(
            "{} {} / {} · {} {} · {} {} – {}",
            Msg::PlanVersion.text(lang),
            plan.version,
            d.plan_versions,
            Msg::DrawnUp.text(lang),
            format_date(plan.drawn_up),
            Msg::Period.text(lang),
            format_date(plan.period_from),
            format_date(plan.period_to)
        ),
        theme.heading(),
    )]));
    match &plan.consultation {
        Some(c) => lines.push(Line::raw(format!(
            "{}: {}, {}",
            Msg::ConsultedWith.text(lang),
            c.social_worker,
            format_date(c.date)
        ))),
        None => lines.push(Line::styled(
            format!("! {}", Msg::NoConsultation.text(lang)),
            theme.warning(),
        )),
    }
    let foster = d.members.iter().any(|m| m.in_foster_care(app.today));
    match (&plan.child_plan_link, foster) {
        (Some(link), _) => lines.push(Line::raw(format!(
            "{}: {}, {}",
            Msg::ChildPlan.text(lang),
            link.coordinator,
            format_date(link.date)
        ))),
        (None, true) => lines.push(Line::styled(
            format!("! {}", Msg::NoChildPlan.text(lang)),
            theme.warning(),
        )),
        (None, false) => {}
    }
    let sig = |d: Option<chrono::NaiveDate>| {
        d.map(format_date)
            .unwrap_or_else(|| Msg::NotSigned.text(lang).into())
    };
    lines.push(Line::raw(format!(
        "{}: {} {}, {} {}",
        Msg::Signed.text(lang),
        Msg::SignedFamily.text(lang),
        sig(plan.signed_family),
        Msg::SignedAssistant.text(lang),
        sig(plan.signed_assistant)
    )));
    lines.push(Line::raw(""));
    lines.push(Line::styled(Msg::Strengths.text(lang), theme.heading()));
    lines.push(Line::raw(format!("  {}", plan.strengths)));
    lines.push(Line::styled(Msg::Problems.text(lang), theme.heading()));
    lines.push(Line::raw(format!("  {}", plan.problems)));
    lines.push(Line::raw(""));
    for (i, goal) in plan.goals.iter().enumerate() {
        lines.push(Line::styled(
            format!(
                "{} {} [{}]: {}",
                Msg::Goal.text(lang),
                i + 1,
                goal.area.label(lang),
                goal.text
            ),
            theme.heading(),
        ));
        for action in &goal.actions {
            let status = match &action.status {
                ActionStatus::Done(on) => {
                    format!("{} {}", action.status.label(lang), format_date(*on))
                }
                ActionStatus::NotDone(why) => format!("{}: {why}", action.status.label(lang)),
                s => s.label(lang).to_string(),
            };
            let late = matches!(
                action.status,
                ActionStatus::Planned | ActionStatus::InProgress
            ) && action.deadline.is_some_and(|dl| dl < app.today);
            let marker = if late { "!" } else { "•" };
            lines.push(Line::raw(format!("  {marker} {} [{status}]", action.what)));
            let deadline = match action.deadline {
                Some(dl) => Span::raw(format!("{} {}", Msg::Deadline.text(lang), format_date(dl))),
                None => Span::styled(format!("! {}", Msg::NoDeadline.text(lang)), theme.warning()),
            };
            let effect = if action.expected_effect.trim().is_empty() {
                Span::styled(format!("! {}", Msg::NoEffect.text(lang)), theme.warning())
            } else {
                Span::raw(format!(
                    "{}: {}",
                    Msg::Effect.text(lang),
                    action.expected_effect
                ))
            };
            let mut detail = vec![
                Span::raw(format!("    {}: {} · ", Msg::Who.text(lang), action.who)),
                deadline,
                Span::raw(" · "),
                effect,
            ];
            if late {
                detail[1].style = theme.warning();
            }
            lines.push(Line::from(detail));
        }
    }
    lines
}
