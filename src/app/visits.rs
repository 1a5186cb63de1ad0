//! Visits from the calendar: the day's visits, booking a visit (with warnings about
//! overlaps and holidays), recording it (outcome, who was present, the three-part
//! record, plan actions ticked done, the next visit booked), rescheduling, cancelling.

use chrono::NaiveDate;
use ratatui::crossterm::event::{KeyCode, KeyEvent};

use super::form::{Field, Form};
use super::register::{Deletion, Popup, Purpose, RecordForm, SaveError};
use super::{App, Notice};
use crate::domain::dates::{format_date, parse_time};
use crate::domain::validate::{self, Field as F, Invalid, Problem};
use crate::domain::visits::VisitWarning;
use crate::domain::{
    ActionStatus, FamilyStatus, Id, Visit, VisitKind, VisitPlace, VisitRecord, VisitStatus,
};
use crate::i18n::{self, Label, Msg};
use crate::service::CommandError;

/// Which visit form is open.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum VisitPart {
    /// Booking a new visit.
    New,
    /// Recording what happened at a visit.
    Record {
        /// The visit as read.
        visit: Box<Visit>,
        /// Revision read.
        rev: u64,
    },
    /// Moving a planned visit.
    Reschedule {
        /// Visit id.
        id: Id,
        /// Revision read.
        rev: u64,
    },
}

/// Outcomes a record may give, in form order.
const OUTCOMES: [VisitStatus; 3] = [
    VisitStatus::Held,
    VisitStatus::Cancelled,
    VisitStatus::FamilyAbsent,
];

impl App {
    /// Opens the list of the selected day's visits (Enter on the calendar).
    pub(super) fn open_day_visits(&mut self) {
        self.popups.push(Popup::DayVisits { selected: 0 });
    }

    /// Handles a key in the day's visits list.
    pub(super) fn day_visits_key(&mut self, key: KeyEvent, selected: usize) {
        let len = self.calendar.day_visits.len();
        let keep = |app: &mut App, selected| app.popups.push(Popup::DayVisits { selected });
        let visit = self.calendar.day_visits.get(selected).cloned();
        match key.code {
            KeyCode::Esc => {}
            KeyCode::Up | KeyCode::Char('k') => keep(self, selected.saturating_sub(1)),
            KeyCode::Down | KeyCode::Char('j') => {
                keep(self, (selected + 1).min(len.saturating_sub(1)))
            }
            KeyCode::Char('n') => {
                keep(self, selected);
                self.new_visit();
            }
            KeyCode::Enter => {
                keep(self, selected);
                if let Some(v) = visit {
                    self.open_visit_form(v.id, true);
                }
            }
            KeyCode::Char('r') => {
                keep(self, selected);
                if let Some(v) = visit {
                    self.open_visit_form(v.id, false);
                }
            }
            KeyCode::Char(c @ ('p' | 'P')) => {
                keep(self, selected);
                if let Some(v) = visit {
                    let format = if c == 'P' {
                        crate::doc::Format::Docx
                    } else {
                        crate::doc::Format::Text
                    };
                    self.print_visit(&v, format);
                }
            }
            KeyCode::Char('x') => {
                keep(self, selected);
                if let Some(v) = visit {
                    self.popups.push(Popup::Confirm {
                        question: Msg::ConfirmCancelVisit.text(self.lang).to_string(),
                        then: Deletion::CancelVisit { id: v.id },
                    });
                }
            }
            _ => keep(self, selected),
        }
    }

    /// Opens the form that books a visit on the selected day (`n` on the calendar).
    pub fn new_visit(&mut self) {
        self.booking_form(self.selected_family(), self.calendar.selected);
    }

    /// Opens the booking form for `family` on today (from a contact or check-in alert).
    pub(super) fn book_visit_for(&mut self, family: Id) {
        self.booking_form(Some(family), self.today);
    }

    /// The booking form with `family` chosen if it is offered, and `date` proposed.
    fn booking_form(&mut self, family: Option<Id>, date: NaiveDate) {
        let lang = self.lang;
        // Families that are worked with; the list is what the caller sees.
        let rows: Vec<(Id, String)> = self
            .snapshot
            .families
            .iter()
            .filter(|r| {
                matches!(
                    r.family.status,
                    FamilyStatus::Active | FamilyStatus::Referred | FamilyStatus::Monitoring
                )
            })
            .map(|r| {
                (
                    r.family.id,
                    format!("{} {}", r.family.case_number, r.family.name),
                )
            })
            .collect();
        let selected = family
            .and_then(|id| rows.iter().position(|(f, _)| *f == id))
            .unwrap_or(0);
        let (ids, options): (Vec<Id>, Vec<String>) = rows.into_iter().unzip();
        let places = [Msg::PlaceHome, Msg::PlaceOffice, Msg::PlaceOther]
            .iter()
            .map(|m| m.text(lang).to_string())
            .collect();
        let kinds = VisitKind::ALL
            .iter()
            .map(|k| k.label(lang).to_string())
            .collect();
        let fields = vec![
            Field::pick("family", Msg::ColFamily, options, selected),
            Field::date("date", Msg::DateField, true, Some(date)),
            Field::line("time", Msg::VisitTime, 5, true, ""),
            Field::line("duration", Msg::VisitDuration, 3, true, "60"),
            Field::choice("place", Msg::PlaceField, places, 0),
            Field::line("place_text", Msg::PlaceText, validate::NAME_MAX, false, ""),
            Field::choice("kind", Msg::VisitKindField, kinds, 0),
        ];
        let mut rf = RecordForm::new(
            Form::new(Msg::NewVisit.text(lang).to_string(), fields),
            Purpose::Visit(VisitPart::New),
        );
        rf.ids = ids;
        self.push_form(rf);
    }

    /// Opens the record form (`record`) or the reschedule form of a visit.
    pub(super) fn open_visit_form(&mut self, id: Id, record: bool) {
        let lang = self.lang;
        let loaded = match self.backend.visit(&self.caller, id) {
            Ok(Some(v)) => v,
            Ok(None) => return,
            Err(e) => {
                self.notice = Some(Notice::Error(i18n::command_error(lang, &e)));
                return;
            }
        };
        let (visit, rev) = (loaded.value, loaded.rev);
        let family = self
            .snapshot
            .family(visit.family_id)
            .map(|r| format!("{} {}", r.family.case_number, r.family.name))
            .unwrap_or_default();
        let when = format!("{} {}", format_date(visit.date), visit.time.format("%H:%M"));
        if !record {
            if visit.status != VisitStatus::Planned {
                self.notice = Some(Notice::Error(i18n::command_error(
                    lang,
                    &CommandError::VisitNotPlanned,
                )));
                return;
            }
            let fields = vec![
                Field::date("date", Msg::DateField, true, Some(visit.date)),
                Field::line(
                    "time",
                    Msg::VisitTime,
                    5,
                    true,
                    &visit.time.format("%H:%M").to_string(),
                ),
            ];
            let title = format!("{} — {family}, {when}", Msg::Reschedule.text(lang));
            self.push_form(RecordForm::new(
                Form::new(title, fields),
                Purpose::Visit(VisitPart::Reschedule { id, rev }),
            ));
            return;
        }
        if visit.date > self.today {
            self.notice = Some(Notice::Error(Msg::VisitPast.text(lang).to_string()));
            return;
        }
        let outcome = OUTCOMES
            .iter()
            .position(|s| *s == visit.status)
            .unwrap_or(0);
        let text = |id, label, max, value: &str| Field::line(id, label, max, false, value);
        let long =
            |id, label, value: &str| Field::multiline(id, label, validate::TEXT_MAX, false, value);
        let r = &visit.record;
        let mut fields = vec![
            Field::choice(
                "outcome",
                Msg::Outcome,
                OUTCOMES.iter().map(|s| s.label(lang).to_string()).collect(),
                outcome,
            ),
            text("present", Msg::Present, validate::ADDRESS_MAX, &r.present),
            long("since_last", Msg::SinceLast, &r.since_last),
            long("done_now", Msg::DoneNow, &r.done_now),
            long("tasks", Msg::Tasks, &r.tasks),
        ];
        // The current plan's open actions, to tick done from the same form.
        let mut actions = Vec::new();
        if let Ok(Some(detail)) = self.backend.family_detail(&self.caller, visit.family_id)
            && let Some(plan) = &detail.plan
        {
            for (g, goal) in plan.goals.iter().enumerate() {
                for (a, action) in goal.actions.iter().enumerate() {
                    if matches!(
                        action.status,
                        ActionStatus::Planned | ActionStatus::InProgress
                    ) {
                        let mut f = Field::flag("action", Msg::ActDoneTick, false);
                        f.caption = Some(action.what.clone());
                        fields.push(f);
                        actions.push((g, a));
                    }
                }
            }
        }
        fields.push(Field::date("next_date", Msg::NextVisit, false, None));
        fields.push(text("next_time", Msg::NextVisitTime, 5, ""));
        let title = format!("{} — {family}, {when}", Msg::RecordVisit.text(lang));
        let mut rf = RecordForm::new(
            Form::new(title, fields),
            Purpose::Visit(VisitPart::Record {
                visit: Box::new(visit),
                rev,
            }),
        );
        rf.actions = actions;
        self.push_form(rf);
    }

    /// Saves a visit form.
    pub(super) fn save_visit_form(
        &mut self,
        rf: &mut RecordForm,
        part: &VisitPart,
    ) -> Result<Id, SaveError> {
        let lang = self.lang;
        let today = self.today;
        let form = &rf.form;
        let date = |id: &str| form.date(id, today);
        let time = |rf: &mut RecordForm, id: &str| match parse_time(&rf.form.text(id)) {
            Some(t) => Ok(t),
            None => {
                rf.form.fail(id, i18n::problem(lang, &Problem::NotATime));
                Err(SaveError::Shown)
            }
        };
        match part {
            VisitPart::New => {
                let family_id = form
                    .field("family")
                    .filter(|f| !f.matches().is_empty())
                    .and_then(|f| rf.ids.get(f.choice).copied());
                let Some(family_id) = family_id else {
                    rf.form
                        .fail("family", Msg::NothingMatches.text(lang).to_string());
                    return Err(SaveError::Shown);
                };
                let Some(day) = date("date") else {
                    return Err(SaveError::Shown);
                };
                let duration = match form.text("duration").parse::<u16>() {
                    Ok(m) => m,
                    Err(_) => {
                        let e = Invalid {
                            field: F::Duration,
                            problem: Problem::OutOfRange {
                                min: validate::VISIT_MIN_MINUTES,
                                max: validate::VISIT_MAX_MINUTES,
                            },
                        };
                        return Err(SaveError::Command(CommandError::Invalid(e)));
                    }
                };
                let other = form.text("place_text");
                let place = match form.choice("place") {
                    0 => VisitPlace::FamilyHome,
                    1 => VisitPlace::Office,
                    _ => VisitPlace::Other(other.clone()),
                };
                if !other.is_empty() && !matches!(place, VisitPlace::Other(_)) {
                    // The text would be lost with the family's home or the office.
                    rf.form.fail("place_text", i18n::other_place_only(lang));
                    return Err(SaveError::Shown);
                }
                let kind = VisitKind::ALL
                    .get(form.choice("kind"))
                    .copied()
                    .unwrap_or(VisitKind::HomeVisit);
                let at = time(rf, "time")?;
                let assistant = self
                    .snapshot
                    .family(family_id)
                    .and_then(|r| r.family.assistant)
                    .unwrap_or(0);
                let visit = Visit {
                    id: 0,
                    family_id,
                    assistant,
                    date: day,
                    time: at,
                    duration_min: duration,
                    place,
                    kind,
                    status: VisitStatus::Planned,
                    record: VisitRecord::default(),
                    history: Vec::new(),
                };
                self.warn_once(rf, &visit)?;
                let saved = self.backend.save_visit(&self.caller, visit, None)?;
                self.calendar.selected = day;
                Ok(saved.value.family_id)
            }
            VisitPart::Reschedule { id, rev } => {
                let Some(day) = date("date") else {
                    return Err(SaveError::Shown);
                };
                let at = time(rf, "time")?;
                if let Ok(Some(v)) = self.backend.visit(&self.caller, *id) {
                    let moved = Visit {
                        date: day,
                        time: at,
                        ..v.value
                    };
                    self.warn_once(rf, &moved)?;
                }
                let saved =
                    self.backend
                        .reschedule_visit(&self.caller, *id, *rev, day, at, today)?;
                self.calendar.selected = day;
                Ok(saved.value.family_id)
            }
            VisitPart::Record { visit, rev } => {
                let next_date = date("next_date");
                let next_time = if next_date.is_some() {
                    Some(time(rf, "next_time")?)
                } else {
                    if !rf.form.text("next_time").is_empty() {
                        // A time alone books nothing: say so rather than drop it.
                        rf.form
                            .fail("next_date", i18n::problem(lang, &Problem::Required));
                        return Err(SaveError::Shown);
                    }
                    None
                };
                let form = &rf.form;
                let long = |id: &str| form.text(id);
                let mut v = (**visit).clone();
                v.status = OUTCOMES
                    .get(form.choice("outcome"))
                    .copied()
                    .unwrap_or(VisitStatus::Held);
                v.record = VisitRecord {
                    present: form.text("present"),
                    since_last: long("since_last"),
                    done_now: long("done_now"),
                    tasks: long("tasks"),
                };
                let ticked: Vec<(usize, usize)> = form
                    .fields
                    .iter()
                    .filter(|f| f.id == "action")
                    .zip(&rf.actions)
                    .filter(|(f, _)| f.flag)
                    .map(|(_, ga)| *ga)
                    .collect();
                let saved = self.backend.save_visit(&self.caller, v, Some(*rev))?;
                let family_id = saved.value.family_id;
                if !ticked.is_empty() {
                    self.tick_actions(family_id, &ticked, saved.value.date)?;
                }
                if let (Some(day), Some(at)) = (next_date, next_time) {
                    let next = Visit {
                        id: 0,
                        date: day,
                        time: at,
                        status: VisitStatus::Planned,
                        record: VisitRecord::default(),
                        history: Vec::new(),
                        ..saved.value
                    };
                    self.backend.save_visit(&self.caller, next, None)?;
                }
                Ok(family_id)
            }
        }
    }

    /// Refuses the first save of a visit that has warnings, saying what they are; the
    /// same values saved again go through.
    fn warn_once(&mut self, rf: &mut RecordForm, visit: &Visit) -> Result<(), SaveError> {
        let warnings = self.backend.visit_warnings(visit)?;
        if warnings.is_empty() {
            return Ok(());
        }
        let values = rf.form.to_draft(String::new()).fields;
        if rf.warned.as_ref() == Some(&values) {
            return Ok(());
        }
        let names: Vec<String> = warnings
            .iter()
            .map(|w| match w {
                VisitWarning::Overlaps { family, time, .. } => i18n::visit_overlap(
                    self.lang,
                    &self
                        .snapshot
                        .family(*family)
                        .map(|r| r.family.name.clone())
                        .unwrap_or_default(),
                    *time,
                ),
                VisitWarning::Holiday(h) => i18n::visit_on_holiday(
                    self.lang,
                    super::calendar::holiday_name(*h).text(self.lang),
                ),
            })
            .collect();
        rf.form.message = Some(format!(
            "{} {}",
            names.join(" "),
            Msg::WarnSaveAgain.text(self.lang)
        ));
        rf.warned = Some(values);
        Err(SaveError::Shown)
    }

    /// Marks plan actions done on `day` (ticked in a visit record).
    fn tick_actions(
        &mut self,
        family_id: Id,
        ticked: &[(usize, usize)],
        day: NaiveDate,
    ) -> Result<(), SaveError> {
        let detail = self.backend.family_detail(&self.caller, family_id)?;
        let Some(detail) = detail else { return Ok(()) };
        let Some(mut plan) = detail.plan.clone() else {
            return Ok(());
        };
        for (g, a) in ticked {
            if let Some(action) = plan
                .goals
                .get_mut(*g)
                .and_then(|goal| goal.actions.get_mut(*a))
            {
                action.status = ActionStatus::Done(day);
            }
        }
        let rev = detail.revs.plans.get(&plan.id).copied();
        self.backend
            .save_plan(&self.caller, plan, rev, self.today)?;
        Ok(())
    }

    /// Cancels a planned visit (after the question).
    pub(super) fn cancel_visit(&mut self, id: Id) {
        let lang = self.lang;
        let rev = match self.backend.visit(&self.caller, id) {
            Ok(Some(v)) => v.rev,
            Ok(None) => return,
            Err(e) => return self.notice = Some(Notice::Error(i18n::command_error(lang, &e))),
        };
        match self.backend.cancel_visit(&self.caller, id, rev, self.today) {
            Ok(v) => {
                self.after_change(Some(v.value.family_id));
                self.notice = Some(Notice::Info(Msg::Saved.text(lang).to_string()));
            }
            Err(e) => self.notice = Some(Notice::Error(i18n::command_error(lang, &e))),
        }
    }
}
