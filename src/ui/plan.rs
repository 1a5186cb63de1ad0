//! The work plan of the family selected in the register: its items with a selection
//! for the editor, missing parts marked, and the version shown (current or history).

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};

use super::{Theme, fit, surname};
use crate::app::App;
use crate::app::plan::{PlanItem, plan_items};
use crate::domain::alerts::{self, CaseFacts, FamilyFacts};
use crate::domain::dates::format_date;
use crate::domain::{ActionStatus, PlanAction, WorkPlan};
use crate::i18n::{Label, Msg};
use crate::service::FamilyDetail;

/// Draws the Work plan screen.
pub fn render(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let lang = app.lang;
    let Some(d) = &app.plan_family else {
        let block = Block::bordered().title(Span::styled(
            format!(" {} ", Msg::ScreenWorkPlan.text(lang)),
            theme.heading(),
        ));
        let lines = vec![Line::raw(Msg::NoFamilySelected.text(lang))];
        super::render_scrolled(frame, area, block, lines, 0);
        return;
    };
    let mut title = format!(
        " {} — {} {} ",
        Msg::ScreenWorkPlan.text(lang),
        d.family.case_number,
        fit(&surname(app, &d.family.name), 30)
    );
    let Some(plan) = app.shown_plan() else {
        let block = Block::bordered().title(Span::styled(title, theme.heading()));
        super::render_scrolled(frame, area, block, no_plan_lines(app, theme, d), 0);
        return;
    };
    if plan.superseded.is_some() {
        title.push_str(&format!("· {} ", Msg::PlanHistory.text(lang)));
    }
    let block = Block::bordered().title(Span::styled(title, theme.heading()));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let width = inner.width.saturating_sub(2) as usize;
    let rows = plan_rows(app, theme, d, plan, width);
    // Scroll so that the selected item's first row is visible.
    let selected = app.plan_view.selected;
    let height = inner.height as usize;
    let first = rows.iter().position(|(item, _)| *item == Some(selected));
    let last = rows.iter().rposition(|(item, _)| *item == Some(selected));
    let mut offset = app.plan_view.offset.get();
    if let (Some(first), Some(last)) = (first, last) {
        if first < offset {
            offset = first;
        } else if last >= offset + height {
            offset = (last + 1).saturating_sub(height).min(first);
        }
    }
    offset = offset.min(rows.len().saturating_sub(height));
    app.plan_view.offset.set(offset);
    let lines: Vec<Line> = rows
        .into_iter()
        .skip(offset)
        .take(height)
        .map(|(item, line)| {
            let chosen = item == Some(selected);
            let marker = if chosen { "▶ " } else { "  " };
            let mut spans = vec![Span::raw(marker)];
            spans.extend(line.spans);
            let line = Line::from(spans).style(line.style);
            if chosen {
                line.patch_style(theme.selected())
            } else {
                line
            }
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), inner);
}

/// Splits `text` into rows of at most `width` characters at spaces where it can.
fn wrap(text: &str, width: usize) -> Vec<String> {
    let width = width.max(10);
    let mut out = Vec::new();
    for para in text.split('\n') {
        let mut row = String::new();
        for word in para.split(' ') {
            let len = row.chars().count();
            let wlen = word.chars().count();
            if len > 0 && len + 1 + wlen > width {
                out.push(std::mem::take(&mut row));
            }
            if !row.is_empty() {
                row.push(' ');
            }
            row.push_str(word);
            // A word longer than a row is cut into rows.
            while row.chars().count() > width {
                let head: String = row.chars().take(width).collect();
                row = row.chars().skip(width).collect();
                out.push(head);
            }
        }
        out.push(row);
    }
    out
}

fn no_plan_lines(app: &App, theme: &Theme, d: &FamilyDetail) -> Vec<Line<'static>> {
    let lang = app.lang;
    let mut lines = vec![Line::styled(Msg::NoPlan.text(lang), theme.warning())];
    // The plan's own due date, whatever else is due sooner (this screen has no plan).
    let facts = FamilyFacts {
        case: CaseFacts::of(&d.family),
        last_assessment: None,
        plan: None,
        foster_since: None,
        court_dues: &[],
        visit_without_outcome: None,
        last_held_visit: None,
    };
    let due = alerts::work_plan_due(&facts, app.backend().rules());
    if let Some(due) = due {
        lines.push(Line::raw(format!(
            "{} {}",
            Msg::PlanDueBy.text(lang),
            format_date(due)
        )));
    }
    lines
}

/// The rows of a plan, each tagged with the index of the item it belongs to.
fn plan_rows(
    app: &App,
    theme: &Theme,
    d: &FamilyDetail,
    plan: &WorkPlan,
    width: usize,
) -> Vec<(Option<usize>, Line<'static>)> {
    let lang = app.lang;
    let items = plan_items(plan);
    let mut rows: Vec<(Option<usize>, Line<'static>)> = Vec::new();
    let current = if plan.superseded.is_none() {
        Msg::PlanCurrent.text(lang).to_string()
    } else {
        format!(
            "{} {}",
            Msg::SupersededOn.text(lang),
            plan.superseded.map(format_date).unwrap_or_default()
        )
    };
    let sig = |d: Option<chrono::NaiveDate>| {
        d.map(format_date)
            .unwrap_or_else(|| Msg::NotSigned.text(lang).into())
    };
    let foster = d.members.iter().any(|m| m.in_foster_care(app.today));
    for (index, item) in items.iter().enumerate() {
        let tag = Some(index);
        let mut push = |line: Line<'static>| rows.push((tag, line));
        match *item {
            PlanItem::Header => {
                let head = format!(
                    "{} {} / {} ({current}) · {} {} · {} {} – {}",
                    Msg::PlanVersion.text(lang),
                    plan.version,
                    d.plan_versions,
                    Msg::DrawnUp.text(lang),
                    format_date(plan.drawn_up),
                    Msg::Period.text(lang),
                    format_date(plan.period_from),
                    format_date(plan.period_to)
                );
                for row in wrap(&head, width) {
                    push(Line::styled(row, theme.heading()));
                }
                push(Line::raw(format!(
                    "{}: {} {}, {} {}",
                    Msg::Signed.text(lang),
                    Msg::SignedFamily.text(lang),
                    sig(plan.signed_family),
                    Msg::SignedAssistant.text(lang),
                    sig(plan.signed_assistant)
                )));
            }
            PlanItem::Consultation => match &plan.consultation {
                Some(c) => push(Line::raw(format!(
                    "{}: {}, {}",
                    Msg::ConsultedWith.text(lang),
                    c.social_worker,
                    format_date(c.date)
                ))),
                None => push(Line::styled(
                    format!("! {}", Msg::NoConsultation.text(lang)),
                    theme.warning(),
                )),
            },
            PlanItem::ChildLink => match (&plan.child_plan_link, foster) {
                (Some(link), _) => push(Line::raw(format!(
                    "{}: {}, {}",
                    Msg::ChildPlan.text(lang),
                    link.coordinator,
                    format_date(link.date)
                ))),
                (None, true) => push(Line::styled(
                    format!("! {}", Msg::NoChildPlan.text(lang)),
                    theme.warning(),
                )),
                (None, false) => push(Line::raw(format!("{}: —", Msg::ChildPlan.text(lang)))),
            },
            PlanItem::Diagnosis => {
                push(Line::styled(Msg::Strengths.text(lang), theme.heading()));
                for row in wrap(&plan.strengths, width.saturating_sub(2)) {
                    push(Line::raw(format!("  {row}")));
                }
                push(Line::styled(Msg::Problems.text(lang), theme.heading()));
                for row in wrap(&plan.problems, width.saturating_sub(2)) {
                    push(Line::raw(format!("  {row}")));
                }
                if plan.goals.is_empty() {
                    push(Line::styled(Msg::NoGoals.text(lang), theme.warning()));
                }
            }
            PlanItem::Goal(g) => {
                let goal = &plan.goals[g];
                let head = format!(
                    "{} {} [{}]: {}",
                    Msg::Goal.text(lang),
                    g + 1,
                    goal.area.label(lang),
                    goal.text
                );
                for row in wrap(&head, width) {
                    push(Line::styled(row, theme.heading()));
                }
            }
            PlanItem::Action(g, a) => {
                let action = &plan.goals[g].actions[a];
                action_rows(app, theme, action, width, &mut push);
            }
        }
    }
    rows
}

fn action_rows(
    app: &App,
    theme: &Theme,
    action: &PlanAction,
    width: usize,
    push: &mut impl FnMut(Line<'static>),
) {
    let lang = app.lang;
    let status = match &action.status {
        ActionStatus::Done(on) => format!("{} {}", action.status.label(lang), format_date(*on)),
        ActionStatus::NotDone(why) => format!("{}: {why}", action.status.label(lang)),
        s => s.label(lang).to_string(),
    };
    let late = matches!(
        action.status,
        ActionStatus::Planned | ActionStatus::InProgress
    ) && action.deadline.is_some_and(|dl| dl < app.today);
    let marker = match (&action.status, late) {
        (_, true) => "!",
        (ActionStatus::Done(_), _) => "✓",
        _ => "•",
    };
    for (i, row) in wrap(
        &format!("{} [{status}]", action.what),
        width.saturating_sub(4),
    )
    .into_iter()
    .enumerate()
    {
        let lead = if i == 0 {
            format!("  {marker} ")
        } else {
            "    ".into()
        };
        push(Line::raw(format!("{lead}{row}")));
    }
    let deadline = match action.deadline {
        Some(dl) => Span::raw(format!("{} {}", Msg::Deadline.text(lang), format_date(dl))),
        None => Span::styled(format!("! {}", Msg::NoDeadline.text(lang)), theme.warning()),
    };
    let mut detail = vec![
        Span::raw(format!(
            "    {}: {} · ",
            Msg::Who.text(lang),
            fit(&action.who, width.saturating_sub(30).max(10))
        )),
        deadline,
    ];
    if late {
        detail[1].style = theme.warning();
    }
    push(Line::from(detail));
    if action.expected_effect.trim().is_empty() {
        push(Line::styled(
            format!("    ! {}", Msg::NoEffect.text(lang)),
            theme.warning(),
        ));
    } else {
        let effect = format!("{}: {}", Msg::Effect.text(lang), action.expected_effect);
        for row in wrap(&effect, width.saturating_sub(4)) {
            push(Line::raw(format!("    {row}")));
        }
    }
}
