//! The work-plan editor: the plan as a list of items (dates, consultation, coordination,
//! diagnosis, goals, actions), the forms that edit them, reordering, one-key "done",
//! versions and the read-only history.

use chrono::NaiveDate;

use super::form::{Field, Form};
use super::register::{Deletion, Popup, Purpose, RecordForm, SaveError};
use super::{Action, App, Notice, Screen};
use crate::domain::alerts::DeadlineKind;
use crate::domain::dates::add_months;
use crate::domain::validate;
use crate::domain::{
    ActionStatus, ChildPlanLink, Consultation, Goal, GoalArea, Id, PlanAction, WorkPlan,
};
use crate::i18n::{self, Label, Msg};

/// One selectable part of a plan on the Work plan screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlanItem {
    /// Dates drawn up and covered, signatures.
    Header,
    /// Consultation with the social worker.
    Consultation,
    /// Coordination with a foster child's help plan.
    ChildLink,
    /// Strengths and problems.
    Diagnosis,
    /// A goal, by index.
    Goal(usize),
    /// An action: goal index, action index.
    Action(usize, usize),
}

/// The items of `plan` in screen order.
pub fn plan_items(plan: &WorkPlan) -> Vec<PlanItem> {
    let mut items = vec![
        PlanItem::Header,
        PlanItem::Consultation,
        PlanItem::ChildLink,
        PlanItem::Diagnosis,
    ];
    for (g, goal) in plan.goals.iter().enumerate() {
        items.push(PlanItem::Goal(g));
        items.extend((0..goal.actions.len()).map(|a| PlanItem::Action(g, a)));
    }
    items
}

/// The item of `plan` where an alert of `kind` is resolved: the consultation, the
/// coordination, the first incomplete action, the open action due first.
pub fn alert_item(plan: &WorkPlan, kind: DeadlineKind) -> Option<PlanItem> {
    let actions = || {
        plan.goals.iter().enumerate().flat_map(|(g, goal)| {
            goal.actions
                .iter()
                .enumerate()
                .map(move |(a, action)| (PlanItem::Action(g, a), action))
        })
    };
    match kind {
        DeadlineKind::NoConsultation => Some(PlanItem::Consultation),
        DeadlineKind::NoChildPlanLink => Some(PlanItem::ChildLink),
        // The same test as the rule's (`PlanFacts::of`).
        DeadlineKind::PlanIncomplete => actions()
            .find(|(_, a)| a.deadline.is_none() || a.expected_effect.trim().is_empty())
            .map(|(item, _)| item),
        DeadlineKind::ActionDeadline => actions()
            .filter(|(_, a)| matches!(a.status, ActionStatus::Planned | ActionStatus::InProgress))
            .filter_map(|(item, a)| a.deadline.map(|d| (d, item)))
            .min_by_key(|(d, _)| *d)
            .map(|(_, item)| item),
        _ => None,
    }
}

/// Which part of a plan a form edits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PlanPart {
    /// A first plan for the family.
    NewPlan,
    /// Dates and signatures.
    Header,
    /// Strengths and problems.
    Diagnosis,
    /// Consultation.
    Consultation,
    /// Coordination with a child's help plan.
    ChildLink,
    /// A goal; `None` adds one after `after` (or at the end).
    Goal {
        /// Goal index being edited.
        index: Option<usize>,
    },
    /// An action of goal `goal`; `None` adds one at its end.
    Action {
        /// Goal index.
        goal: usize,
        /// Action index being edited.
        index: Option<usize>,
    },
}

/// An empty first plan of a family, drawn up `today` for six months.
fn blank_plan(family_id: Id, today: NaiveDate) -> WorkPlan {
    WorkPlan {
        id: 0,
        family_id,
        version: 1,
        drawn_up: today,
        period_from: today,
        period_to: add_months(today, 6),
        strengths: String::new(),
        problems: String::new(),
        goals: Vec::new(),
        consultation: None,
        child_plan_link: None,
        signed_family: None,
        signed_assistant: None,
        superseded: None,
    }
}

/// What the Work plan screen shows: which version, which item is selected.
#[derive(Debug, Clone, Default)]
pub struct PlanView {
    /// Version shown; `None` is the current plan.
    pub version: Option<u32>,
    /// Selected item.
    pub selected: usize,
    /// First visible row, kept by the renderer.
    pub offset: std::cell::Cell<usize>,
    /// Item to select once a save has reloaded the plan (a new goal or action).
    pub pending: Option<PlanItem>,
}

impl App {
    /// Opens the Work plan screen on `family` where an alert of `kind` is resolved: the
    /// item it is about selected, or the form of a first plan when there is none.
    pub(super) fn open_plan_for_alert(&mut self, family: Id, kind: DeadlineKind) {
        self.screen = Screen::WorkPlan;
        self.plan_view = PlanView::default();
        self.plan_family = self.load_detail(family);
        let item = self.shown_plan().and_then(|p| alert_item(p, kind));
        match item {
            Some(item) => self.select_plan_item(item),
            None if kind == DeadlineKind::WorkPlan && self.shown_plan().is_none() => {
                self.open_plan_form(PlanPart::NewPlan)
            }
            None => {}
        }
    }

    /// The plan the Work plan screen shows (the current one, or a version of the history).
    pub fn shown_plan(&self) -> Option<&WorkPlan> {
        let d = self.plan_family.as_ref()?;
        match self.plan_view.version {
            None => d.plan.as_ref(),
            Some(v) => d.plans.iter().find(|p| p.version == v),
        }
    }

    /// True if the shown plan is history (read-only).
    pub fn plan_is_history(&self) -> bool {
        self.shown_plan().is_some_and(|p| p.superseded.is_some())
    }

    /// The selected item of the shown plan.
    pub fn selected_plan_item(&self) -> Option<PlanItem> {
        let plan = self.shown_plan()?;
        plan_items(plan).get(self.plan_view.selected).copied()
    }

    fn plan_rev(&self, plan: &WorkPlan) -> u64 {
        self.plan_family
            .as_ref()
            .and_then(|d| d.revs.plans.get(&plan.id).copied())
            .unwrap_or(0)
    }

    /// Moves the selection on the Work plan screen.
    pub(super) fn move_plan_selection(&mut self, action: Action) {
        let len = self.shown_plan().map_or(0, |p| plan_items(p).len());
        let last = len.saturating_sub(1);
        let s = self.plan_view.selected;
        self.plan_view.selected = match action {
            Action::Up => s.saturating_sub(1),
            Action::Down => (s + 1).min(last),
            Action::PageUp => s.saturating_sub(super::PAGE),
            Action::PageDown => (s + super::PAGE).min(last),
            Action::First => 0,
            Action::Last => last,
            _ => s,
        }
        .min(last);
    }

    /// Refuses editing history or a missing plan; true if the current plan may be edited.
    fn plan_editable(&mut self) -> bool {
        if self.plan_is_history() {
            self.notice = Some(Notice::Error(Msg::PlanHistory.text(self.lang).to_string()));
            return false;
        }
        self.shown_plan().is_some()
    }

    /// Shows an older (`older`) or newer version of the plan.
    pub(super) fn step_plan_version(&mut self, older: bool) {
        let Some(d) = &self.plan_family else { return };
        let mut versions: Vec<u32> = d.plans.iter().map(|p| p.version).collect();
        versions.sort_unstable();
        let current = self
            .plan_view
            .version
            .or_else(|| d.plan.as_ref().map(|p| p.version))
            .or(versions.last().copied());
        let Some(current) = current else { return };
        let pos = versions.iter().position(|v| *v == current).unwrap_or(0);
        let next = if older {
            pos.checked_sub(1)
        } else {
            Some(pos + 1).filter(|p| *p < versions.len())
        };
        if let Some(p) = next {
            let v = versions[p];
            let is_current = d.plan.as_ref().is_some_and(|c| c.version == v);
            self.plan_view.version = (!is_current).then_some(v);
            self.plan_view.selected = 0;
            self.plan_view.offset.set(0);
        }
    }

    /// Edits the selected item (Enter or `e`).
    pub(super) fn edit_plan_item(&mut self) {
        if self.shown_plan().is_none() {
            return self.new_plan_or_version();
        }
        if !self.plan_editable() {
            return;
        }
        let part = match self.selected_plan_item() {
            Some(PlanItem::Header) | None => PlanPart::Header,
            Some(PlanItem::Consultation) => PlanPart::Consultation,
            Some(PlanItem::ChildLink) => PlanPart::ChildLink,
            Some(PlanItem::Diagnosis) => PlanPart::Diagnosis,
            Some(PlanItem::Goal(g)) => PlanPart::Goal { index: Some(g) },
            Some(PlanItem::Action(g, a)) => PlanPart::Action {
                goal: g,
                index: Some(a),
            },
        };
        self.open_plan_form(part);
    }

    /// Adds a goal after the selected one (`g`).
    pub(super) fn new_goal(&mut self) {
        if self.plan_editable() {
            self.open_plan_form(PlanPart::Goal { index: None });
        }
    }

    /// Adds an action to the selected goal (`a`).
    pub(super) fn new_action(&mut self) {
        if !self.plan_editable() {
            return;
        }
        let goal = match self.selected_plan_item() {
            Some(PlanItem::Goal(g) | PlanItem::Action(g, _)) => g,
            _ => match self.shown_plan().map(|p| p.goals.len()) {
                Some(n) if n > 0 => n - 1,
                _ => return self.new_goal(),
            },
        };
        self.open_plan_form(PlanPart::Action { goal, index: None });
    }

    /// Asks before deleting the selected goal or action (`d`).
    pub(super) fn ask_delete_plan_item(&mut self) {
        if !self.plan_editable() {
            return;
        }
        if let Some(PlanItem::Goal(_) | PlanItem::Action(..)) = self.selected_plan_item() {
            self.popups.push(Popup::Confirm {
                question: Msg::ConfirmDeleteItem.text(self.lang).to_string(),
                then: Deletion::PlanItem,
            });
        }
    }

    /// Deletes the selected goal or action (after the question).
    pub(super) fn delete_plan_item(&mut self) {
        let item = self.selected_plan_item();
        self.change_plan(|plan| match item {
            Some(PlanItem::Goal(g)) if g < plan.goals.len() => {
                plan.goals.remove(g);
                true
            }
            Some(PlanItem::Action(g, a))
                if plan.goals.get(g).is_some_and(|goal| a < goal.actions.len()) =>
            {
                plan.goals[g].actions.remove(a);
                true
            }
            _ => false,
        });
        self.move_plan_selection(Action::Up);
    }

    /// Moves the selected goal or action one place up or down (`K` / `J`).
    pub(super) fn move_plan_item(&mut self, up: bool) {
        if !self.plan_editable() {
            return;
        }
        let item = self.selected_plan_item();
        let mut moved_to = None;
        self.change_plan(|plan| {
            let swap = |len: usize, i: usize| -> Option<usize> {
                if up {
                    i.checked_sub(1)
                } else {
                    Some(i + 1).filter(|j| *j < len)
                }
            };
            match item {
                Some(PlanItem::Goal(g)) => swap(plan.goals.len(), g).is_some_and(|j| {
                    plan.goals.swap(g, j);
                    moved_to = Some(PlanItem::Goal(j));
                    true
                }),
                Some(PlanItem::Action(g, a)) => {
                    let Some(goal) = plan.goals.get_mut(g) else {
                        return false;
                    };
                    swap(goal.actions.len(), a).is_some_and(|j| {
                        goal.actions.swap(a, j);
                        moved_to = Some(PlanItem::Action(g, j));
                        true
                    })
                }
                _ => false,
            }
        });
        if let Some(target) = moved_to {
            self.select_plan_item(target);
        }
    }

    /// Marks the selected action done today, or back in progress if it was done (`x`).
    pub(super) fn toggle_action_done(&mut self) {
        if !self.plan_editable() {
            return;
        }
        let Some(PlanItem::Action(g, a)) = self.selected_plan_item() else {
            return;
        };
        let today = self.today;
        self.change_plan(|plan| {
            let Some(action) = plan
                .goals
                .get_mut(g)
                .and_then(|goal| goal.actions.get_mut(a))
            else {
                return false;
            };
            action.status = match action.status {
                ActionStatus::Done(_) => ActionStatus::InProgress,
                _ => ActionStatus::Done(today),
            };
            true
        });
    }

    /// `n`: a first plan when there is none, else asks before starting a new version.
    pub(super) fn new_plan_or_version(&mut self) {
        let Some(d) = &self.plan_family else { return };
        if d.plan.is_none() {
            return self.open_plan_form(PlanPart::NewPlan);
        }
        self.popups.push(Popup::Confirm {
            question: Msg::ConfirmNewVersion.text(self.lang).to_string(),
            then: Deletion::NewPlanVersion,
        });
    }

    /// Starts the new version (after the question).
    pub(super) fn start_new_version(&mut self) {
        let Some(d) = &self.plan_family else { return };
        let Some(current) = &d.plan else { return };
        let (id, family_id) = (current.id, d.family.id);
        let rev = self.plan_rev(current);
        match self
            .backend
            .new_plan_version(&self.caller, id, family_id, rev, self.today)
        {
            Ok(_) => {
                self.plan_view = PlanView::default();
                self.after_change(Some(family_id));
                self.notice = Some(Notice::Info(Msg::Saved.text(self.lang).to_string()));
            }
            Err(e) => self.notice = Some(Notice::Error(i18n::command_error(self.lang, &e))),
        }
    }

    /// Applies `change` to a copy of the current plan and saves it; shows any refusal.
    fn change_plan(&mut self, change: impl FnOnce(&mut WorkPlan) -> bool) {
        let Some(mut plan) = self.shown_plan().cloned() else {
            return;
        };
        if !change(&mut plan) {
            return;
        }
        let rev = self.plan_rev(&plan);
        let family_id = plan.family_id;
        match self
            .backend
            .save_plan(&self.caller, plan, Some(rev), self.today)
        {
            Ok(_) => self.after_change(Some(family_id)),
            Err(e) => self.notice = Some(Notice::Error(i18n::command_error(self.lang, &e))),
        }
    }

    /// Selects `item` of the shown plan, if it exists.
    pub(super) fn select_plan_item(&mut self, item: PlanItem) {
        if let Some(pos) = self
            .shown_plan()
            .and_then(|p| plan_items(p).iter().position(|i| *i == item))
        {
            self.plan_view.selected = pos;
        }
    }

    pub(super) fn open_plan_form(&mut self, part: PlanPart) {
        let lang = self.lang;
        let Some(d) = &self.plan_family else { return };
        let family = &d.family;
        let plan = match part {
            PlanPart::NewPlan => blank_plan(family.id, self.today),
            _ => match self.shown_plan() {
                Some(p) => p.clone(),
                None => return,
            },
        };
        let (date, text) = (Field::date, Field::line);
        let long = |id, label, required, value: &str| {
            Field::multiline(id, label, validate::TEXT_MAX, required, value)
        };
        let (title, fields) = match &part {
            PlanPart::NewPlan => (
                Msg::NewPlan.text(lang).to_string(),
                vec![
                    date("drawn_up", Msg::DrawnUpField, true, Some(plan.drawn_up)),
                    date("from", Msg::PeriodFrom, true, Some(plan.period_from)),
                    date("to", Msg::PeriodTo, true, Some(plan.period_to)),
                    long("strengths", Msg::Strengths, false, ""),
                    long("problems", Msg::Problems, false, ""),
                ],
            ),
            PlanPart::Header => (
                Msg::PlanHeader.text(lang).to_string(),
                vec![
                    date("drawn_up", Msg::DrawnUpField, true, Some(plan.drawn_up)),
                    date("from", Msg::PeriodFrom, true, Some(plan.period_from)),
                    date("to", Msg::PeriodTo, true, Some(plan.period_to)),
                    date(
                        "signed_family",
                        Msg::SignedFamilyField,
                        false,
                        plan.signed_family,
                    ),
                    date(
                        "signed_assistant",
                        Msg::SignedAssistantField,
                        false,
                        plan.signed_assistant,
                    ),
                ],
            ),
            PlanPart::Diagnosis => (
                Msg::Diagnosis.text(lang).to_string(),
                vec![
                    long("strengths", Msg::Strengths, false, &plan.strengths),
                    long("problems", Msg::Problems, false, &plan.problems),
                ],
            ),
            PlanPart::Consultation => {
                let c = plan.consultation.as_ref();
                let name = c
                    .map(|c| c.social_worker.clone())
                    .unwrap_or_else(|| family.social_worker.name.clone());
                (
                    Msg::ConsultedWith.text(lang).to_string(),
                    vec![
                        text(
                            "who",
                            Msg::ConsultedWithField,
                            validate::NAME_MAX,
                            false,
                            &name,
                        ),
                        date(
                            "date",
                            Msg::ConsultationDate,
                            false,
                            Some(c.map_or(self.today, |c| c.date)),
                        ),
                    ],
                )
            }
            PlanPart::ChildLink => {
                let l = plan.child_plan_link.as_ref();
                let coordinator = l.map(|l| l.coordinator.clone()).unwrap_or_else(|| {
                    d.members
                        .iter()
                        .find(|m| m.in_foster_care(self.today))
                        .and_then(|m| m.foster.as_ref())
                        .map(|f| f.coordinator_name.clone())
                        .unwrap_or_default()
                });
                (
                    Msg::ChildPlan.text(lang).to_string(),
                    vec![
                        text(
                            "who",
                            Msg::LinkCoordinator,
                            validate::NAME_MAX,
                            false,
                            &coordinator,
                        ),
                        date("date", Msg::LinkDate, false, l.map(|l| l.date)),
                    ],
                )
            }
            PlanPart::Goal { index } => {
                let goal = index.and_then(|i| plan.goals.get(i));
                let area = goal
                    .and_then(|g| GoalArea::ALL.iter().position(|a| *a == g.area))
                    .unwrap_or(0);
                let title = match index {
                    Some(i) => format!("{} {}", Msg::EditGoal.text(lang), i + 1),
                    None => Msg::NewGoal.text(lang).to_string(),
                };
                (
                    title,
                    vec![
                        Field::choice(
                            "area",
                            Msg::GoalAreaField,
                            GoalArea::ALL
                                .iter()
                                .map(|a| a.label(lang).to_string())
                                .collect(),
                            area,
                        ),
                        long("text", Msg::GoalText, true, goal.map_or("", |g| &g.text)),
                    ],
                )
            }
            PlanPart::Action { goal, index } => {
                let action = index.and_then(|i| plan.goals.get(*goal)?.actions.get(i));
                let (state, done_on, why) = match action.map(|a| &a.status) {
                    Some(ActionStatus::InProgress) => (1, None, ""),
                    Some(ActionStatus::Done(on)) => (2, Some(*on), ""),
                    Some(ActionStatus::NotDone(why)) => (3, None, why.as_str()),
                    _ => (0, None, ""),
                };
                let states = [
                    ActionStatus::Planned,
                    ActionStatus::InProgress,
                    ActionStatus::Done(self.today),
                    ActionStatus::NotDone(String::new()),
                ]
                .iter()
                .map(|s| s.label(lang).to_string())
                .collect();
                let title = match index {
                    Some(_) => Msg::EditAction.text(lang).to_string(),
                    None => format!(
                        "{} — {} {}",
                        Msg::NewAction.text(lang),
                        Msg::Goal.text(lang),
                        goal + 1
                    ),
                };
                (
                    title,
                    vec![
                        text(
                            "what",
                            Msg::ActionWhat,
                            validate::ACTION_MAX,
                            true,
                            action.map_or("", |a| &a.what),
                        ),
                        text(
                            "who",
                            Msg::ActionWho,
                            validate::NAME_MAX,
                            false,
                            action.map_or("", |a| &a.who),
                        ),
                        date(
                            "deadline",
                            Msg::ActionDeadline,
                            false,
                            action.and_then(|a| a.deadline),
                        ),
                        text(
                            "effect",
                            Msg::ActionEffect,
                            validate::ACTION_MAX,
                            false,
                            action.map_or("", |a| &a.expected_effect),
                        ),
                        Field::choice("state", Msg::ActionStatusField, states, state),
                        date("done_on", Msg::DoneOn, false, done_on),
                        text("why", Msg::NotDoneReason, validate::ACTION_MAX, false, why),
                    ],
                )
            }
        };
        let rev = match part {
            PlanPart::NewPlan => None,
            _ => Some(self.plan_rev(&plan)),
        };
        let title = format!("{title} — {} {}", family.case_number, family.name);
        let purpose = Purpose::Plan {
            family_id: family.id,
            plan_id: plan.id,
            rev,
            part,
        };
        self.push_form(RecordForm::new(Form::new(title, fields), purpose));
    }

    /// Saves a plan form into a copy of the current plan.
    pub(super) fn save_plan_form(
        &mut self,
        rf: &mut RecordForm,
        plan_id: Id,
        rev: Option<u64>,
        part: &PlanPart,
    ) -> Result<Id, SaveError> {
        let form = &rf.form;
        let today = self.today;
        let date = |id: &str| form.date(id, today);
        let long = |id: &str| form.text(id);
        let mut plan = match part {
            PlanPart::NewPlan => {
                blank_plan(self.plan_family.as_ref().map_or(0, |d| d.family.id), today)
            }
            _ => match self.shown_plan().filter(|p| p.id == plan_id) {
                Some(p) => p.clone(),
                None => {
                    return Err(SaveError::Command(crate::service::CommandError::NotFound(
                        plan_id,
                    )));
                }
            },
        };
        let mut select = None;
        match part {
            PlanPart::NewPlan | PlanPart::Header => {
                plan.drawn_up = date("drawn_up").unwrap_or(today);
                plan.period_from = date("from").unwrap_or(today);
                plan.period_to = date("to").unwrap_or(plan.period_from);
                if *part == PlanPart::NewPlan {
                    plan.strengths = long("strengths");
                    plan.problems = long("problems");
                } else {
                    plan.signed_family = date("signed_family");
                    plan.signed_assistant = date("signed_assistant");
                }
            }
            PlanPart::Diagnosis => {
                plan.strengths = long("strengths");
                plan.problems = long("problems");
            }
            PlanPart::Consultation | PlanPart::ChildLink => {
                let who = form.text("who");
                let when = date("date");
                // Both empty removes the entry; one without the other is not complete.
                let pair = match (who.is_empty(), when) {
                    (true, None) => None,
                    (false, Some(when)) => Some((who, when)),
                    (true, Some(_)) => {
                        rf.form.fail(
                            "who",
                            i18n::problem(self.lang, &validate::Problem::Required),
                        );
                        return Err(SaveError::Shown);
                    }
                    (false, None) => {
                        rf.form.fail(
                            "date",
                            i18n::problem(self.lang, &validate::Problem::Required),
                        );
                        return Err(SaveError::Shown);
                    }
                };
                if *part == PlanPart::Consultation {
                    plan.consultation = pair.map(|(social_worker, date)| Consultation {
                        social_worker,
                        date,
                    });
                } else {
                    plan.child_plan_link =
                        pair.map(|(coordinator, date)| ChildPlanLink { coordinator, date });
                }
            }
            PlanPart::Goal { index } => {
                let area = GoalArea::ALL
                    .get(form.choice("area"))
                    .copied()
                    .unwrap_or(GoalArea::Other);
                let text = long("text");
                match index.and_then(|i| plan.goals.get_mut(i)) {
                    Some(goal) => {
                        goal.area = area;
                        goal.text = text;
                    }
                    None => {
                        let at = match self.selected_plan_item() {
                            Some(PlanItem::Goal(g) | PlanItem::Action(g, _)) => g + 1,
                            _ => plan.goals.len(),
                        }
                        .min(plan.goals.len());
                        plan.goals.insert(
                            at,
                            Goal {
                                area,
                                text,
                                actions: Vec::new(),
                            },
                        );
                        select = Some(PlanItem::Goal(at));
                    }
                }
            }
            PlanPart::Action { goal, index } => {
                let status = match form.choice("state") {
                    1 => ActionStatus::InProgress,
                    2 => match date("done_on") {
                        Some(on) => ActionStatus::Done(on),
                        None => {
                            rf.form.fail(
                                "done_on",
                                i18n::problem(self.lang, &validate::Problem::Required),
                            );
                            return Err(SaveError::Shown);
                        }
                    },
                    3 => ActionStatus::NotDone(form.text("why")),
                    _ => ActionStatus::Planned,
                };
                let action = PlanAction {
                    what: form.text("what"),
                    who: form.text("who"),
                    deadline: date("deadline"),
                    expected_effect: form.text("effect"),
                    status,
                };
                let Some(g) = plan.goals.get_mut(*goal) else {
                    return Err(SaveError::Command(crate::service::CommandError::NotFound(
                        plan_id,
                    )));
                };
                match index.filter(|i| *i < g.actions.len()) {
                    Some(i) => g.actions[i] = action,
                    None => {
                        g.actions.push(action);
                        select = Some(PlanItem::Action(*goal, g.actions.len() - 1));
                    }
                }
            }
        }
        let saved = self.backend.save_plan(&self.caller, plan, rev, today)?;
        // Selected once the plan is reloaded (see `App::save`).
        self.plan_view.pending = select;
        Ok(saved.value.family_id)
    }
}
