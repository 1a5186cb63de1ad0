//! The visit calendar's state and update: month, week and agenda views, moves by day,
//! week and month, a typed date, and loading only the visits the view shows.

use std::cell::Cell;
use std::collections::BTreeMap;

use chrono::{Datelike, Days, Months, NaiveDate};
use ratatui::crossterm::event::{KeyCode, KeyEvent};

use super::form::{typeable, types_text};
use super::{App, Notice};
use crate::domain::dates::parse_date;
use crate::domain::holidays::Holiday;
use crate::domain::{Id, Visit, VisitKind};
use crate::i18n::{self, Msg};
use crate::service::CommandError;

/// Days the agenda lists, from the selected day on.
pub const AGENDA_DAYS: u64 = 14;
/// First hour the week view shows until it is scrolled.
pub const FIRST_HOUR: u32 = 7;
/// Hours the week view shows at 80×24, assumed until it is first drawn.
pub const HOURS_AT_80X24: u32 = 14;
/// Most visits of one day the month view reads: a day of a whole country's register
/// holds thousands, and an office's day about a hundred.
pub const DAY_VISITS_LOADED: usize = 200;
/// Most visits a week's grid reads; a busier week (a whole country's) is drawn from the
/// count of visits starting in each hour.
pub const WEEK_VISITS_LOADED: u32 = 2000;
/// Most visits the agenda reads from its first day on: more than any terminal shows.
pub const AGENDA_VISITS_LOADED: usize = 200;
/// Longest date input accepted (characters); every accepted form is far shorter.
pub const MAX_DATE_INPUT: usize = 32;

/// How the calendar shows its visits.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum CalendarView {
    /// A month grid with the visits counted per day, and the selected day's visits.
    #[default]
    Month,
    /// Monday to Sunday by hour, and the selected day's visits.
    Week,
    /// The visits of 14 days from the selected one, grouped by day.
    Agenda,
}

impl CalendarView {
    /// The next view in the `v` cycle.
    pub fn next(self) -> CalendarView {
        match self {
            CalendarView::Month => CalendarView::Week,
            CalendarView::Week => CalendarView::Agenda,
            CalendarView::Agenda => CalendarView::Month,
        }
    }
}

/// What a week or the agenda loads: visits, visits per day, and a crowded week's
/// visits per day and hour.
type RangeLoad = (
    Vec<Visit>,
    BTreeMap<NaiveDate, u32>,
    Option<BTreeMap<(NaiveDate, u8), u32>>,
);

/// The working time of one assistant: held visits (day, minutes) of a span of days.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WorkTime {
    /// The assistant.
    pub assistant: Id,
    /// First and last day the held visits are loaded for.
    pub span: (NaiveDate, NaiveDate),
    /// Day and length of each held visit in the span.
    pub held: Vec<(NaiveDate, u16)>,
}

impl WorkTime {
    /// Minutes worked from `from` to `to` (inclusive).
    pub fn minutes(&self, from: NaiveDate, to: NaiveDate) -> u32 {
        self.held
            .iter()
            .filter(|(d, _)| *d >= from && *d <= to)
            .map(|(_, m)| u32::from(*m))
            .sum()
    }
}

/// The calendar's view, selected day, and the visits loaded for what it shows.
#[derive(Debug, Clone)]
pub struct CalendarState {
    /// Selected day.
    pub selected: NaiveDate,
    /// Month grid, week or agenda.
    pub view: CalendarView,
    /// Visits per day of the selected day's month (counted, not loaded; month view).
    pub month_counts: BTreeMap<NaiveDate, u32>,
    /// Visits of the selected day, by time (the first [`DAY_VISITS_LOADED`] in the
    /// month view).
    pub day_visits: Vec<Visit>,
    /// How many visits the selected day has, loaded or not.
    pub day_total: usize,
    /// Visits of the shown week or agenda days, by date and time (empty in the month view;
    /// the agenda's first [`AGENDA_VISITS_LOADED`] only).
    pub range_visits: Vec<Visit>,
    /// Visits per day of the shown week or agenda days, loaded or not.
    pub range_counts: BTreeMap<NaiveDate, u32>,
    /// Visits per day and starting hour of a week of more than [`WEEK_VISITS_LOADED`]
    /// visits, whose grid shows these counts (its visits are not read); else None.
    pub hour_counts: Option<BTreeMap<(NaiveDate, u8), u32>>,
    /// First and last day whose visits `range_visits` holds.
    pub loaded_range: Option<(NaiveDate, NaiveDate)>,
    /// First hour of the week view (scrolled with `K` and `J`).
    pub first_hour: u32,
    /// Hours the week view showed in its last frame, kept by the renderer.
    pub hours_shown: Cell<u32>,
    /// The date being typed after `g`; `None` when not typing.
    pub date_input: Option<String>,
    /// Held visits of the assistant whose working time is shown, around the month.
    pub work: Option<WorkTime>,
    loaded_month: Option<(i32, u32)>,
}

impl CalendarState {
    /// A month view on `today`, nothing loaded yet.
    pub fn new(today: NaiveDate) -> CalendarState {
        CalendarState {
            selected: today,
            view: CalendarView::Month,
            month_counts: BTreeMap::new(),
            day_visits: Vec::new(),
            day_total: 0,
            range_visits: Vec::new(),
            range_counts: BTreeMap::new(),
            hour_counts: None,
            loaded_range: None,
            first_hour: FIRST_HOUR,
            hours_shown: Cell::new(HOURS_AT_80X24),
            date_input: None,
            loaded_month: None,
            work: None,
        }
    }

    /// Forgets what was loaded, so the next load reads the store again.
    pub fn invalidate(&mut self) {
        self.loaded_month = None;
        self.work = None;
        self.loaded_range = None;
    }

    /// The days the current view loads visits for (week or agenda), if it loads a range.
    pub fn range(&self) -> Option<(NaiveDate, NaiveDate)> {
        match self.view {
            CalendarView::Month => None,
            CalendarView::Week => Some(week_of(self.selected)),
            CalendarView::Agenda => Some(agenda_span(self.selected)),
        }
    }
}

/// Monday and Sunday of the week holding `day` (clamped at chrono's first and last day).
pub fn week_of(day: NaiveDate) -> (NaiveDate, NaiveDate) {
    let back = u64::from(day.weekday().num_days_from_monday());
    let monday = day.checked_sub_days(Days::new(back)).unwrap_or(day);
    let sunday = monday
        .checked_add_days(Days::new(6))
        .unwrap_or(NaiveDate::MAX);
    (monday, sunday)
}

/// The agenda's days: `day` and the 13 after it (clamped at chrono's last day).
pub fn agenda_span(day: NaiveDate) -> (NaiveDate, NaiveDate) {
    let last = day
        .checked_add_days(Days::new(AGENDA_DAYS - 1))
        .unwrap_or(NaiveDate::MAX);
    (day, last)
}

/// First and last day of the month holding `day`.
pub fn month_of(day: NaiveDate) -> (NaiveDate, NaiveDate) {
    let first = day.with_day(1).unwrap_or(day);
    let last = first
        .checked_add_months(Months::new(1))
        .and_then(|n| n.pred_opt())
        .unwrap_or(NaiveDate::MAX);
    (first, last)
}

/// The name of a public holiday.
pub fn holiday_name(holiday: Holiday) -> Msg {
    match holiday {
        Holiday::NewYear => Msg::HolidayNewYear,
        Holiday::Epiphany => Msg::HolidayEpiphany,
        Holiday::EasterSunday => Msg::HolidayEasterSunday,
        Holiday::EasterMonday => Msg::HolidayEasterMonday,
        Holiday::LabourDay => Msg::HolidayLabourDay,
        Holiday::ConstitutionDay => Msg::HolidayConstitutionDay,
        Holiday::Pentecost => Msg::HolidayPentecost,
        Holiday::CorpusChristi => Msg::HolidayCorpusChristi,
        Holiday::Assumption => Msg::HolidayAssumption,
        Holiday::AllSaints => Msg::HolidayAllSaints,
        Holiday::IndependenceDay => Msg::HolidayIndependenceDay,
        Holiday::ChristmasEve => Msg::HolidayChristmasEve,
        Holiday::ChristmasDay => Msg::HolidayChristmasDay,
        Holiday::SecondDayOfChristmas => Msg::HolidaySecondDayOfChristmas,
    }
}

/// The one-letter code of a kind of visit in the week grid.
pub fn kind_code(kind: VisitKind) -> Msg {
    match kind {
        VisitKind::HomeVisit => Msg::KindCodeHomeVisit,
        VisitKind::Accompaniment => Msg::KindCodeAccompaniment,
        VisitKind::PhoneCall => Msg::KindCodePhoneCall,
        VisitKind::Intervention => Msg::KindCodeIntervention,
        VisitKind::Consultation => Msg::KindCodeConsultation,
        VisitKind::GroupClass => Msg::KindCodeGroupClass,
    }
}

impl App {
    /// Moves the selected day by `days` (negative: back).
    pub(super) fn move_day(&mut self, days: i64) {
        let d = self.calendar.selected;
        let moved = if days < 0 {
            d.checked_sub_days(Days::new(days.unsigned_abs()))
        } else {
            d.checked_add_days(Days::new(days.unsigned_abs()))
        };
        if let Some(m) = moved {
            self.go_to_day(m);
        }
    }

    /// Moves the selected day a month on or back (the 31st becomes the month's last day).
    pub(super) fn move_month(&mut self, forward: bool) {
        let d = self.calendar.selected;
        let moved = if forward {
            d.checked_add_months(Months::new(1))
        } else {
            d.checked_sub_months(Months::new(1))
        };
        if let Some(m) = moved {
            self.go_to_day(m);
        }
    }

    /// Selects `day` and loads what the view shows around it.
    pub(super) fn go_to_day(&mut self, day: NaiveDate) {
        self.calendar.selected = day;
        self.load_calendar();
    }

    /// `v`: month → week → agenda → month.
    pub(super) fn cycle_view(&mut self) {
        self.calendar.view = self.calendar.view.next();
        self.load_calendar();
    }

    /// `K` / `J`: the week view an hour earlier or later, within the day.
    pub(super) fn scroll_hours(&mut self, later: bool) {
        let shown = self.calendar.hours_shown.get().clamp(1, 24);
        let last_first = 24 - shown;
        let first = self.calendar.first_hour.min(last_first);
        self.calendar.first_hour = if later {
            (first + 1).min(last_first)
        } else {
            first.saturating_sub(1)
        };
    }

    /// `g`: start typing a date to go to.
    pub(super) fn start_date_input(&mut self) {
        self.calendar.date_input = Some(String::new());
    }

    /// A key while the date is typed: `None` if the key is not the input's (it then acts
    /// as usual), else whether the screen changed.
    pub(super) fn date_key(&mut self, key: KeyEvent) -> Option<bool> {
        let input = self.calendar.date_input.as_mut()?;
        match key.code {
            KeyCode::Char(c) if types_text(&key) => {
                if typeable(c) && input.chars().count() < MAX_DATE_INPUT {
                    input.push(c);
                }
                self.notice = None;
                Some(true)
            }
            KeyCode::Backspace => {
                input.pop();
                self.notice = None;
                Some(true)
            }
            KeyCode::Enter => {
                match parse_date(input, self.today) {
                    Ok(day) => {
                        self.calendar.date_input = None;
                        self.notice = None;
                        self.go_to_day(day);
                    }
                    Err(e) => {
                        // The input stays, to be corrected or cancelled; nothing moves.
                        self.notice = Some(Notice::Error(format!(
                            "{} „{}”: {}",
                            Msg::CalGoToPrompt.text(self.lang),
                            input.trim(),
                            i18n::date_error(self.lang, &e)
                        )));
                    }
                }
                Some(true)
            }
            KeyCode::Esc => {
                self.calendar.date_input = None;
                self.notice = None;
                Some(true)
            }
            _ => None,
        }
    }

    /// Loads what the current view shows: the month's counts and the selected day's
    /// visits (month), or the visits of the week or the agenda's days; unchanged ranges
    /// are not read again.
    pub(super) fn load_calendar(&mut self) {
        let d = self.calendar.selected;
        match self.calendar.range() {
            None => {
                let month = (d.year(), d.month());
                if self.calendar.loaded_month != Some(month) {
                    let (first, last) = month_of(d);
                    match self
                        .backend
                        .visit_counts(&self.caller, &self.snapshot, first, last)
                    {
                        Ok(counts) => {
                            self.calendar.month_counts = counts;
                            self.calendar.loaded_month = Some(month);
                        }
                        Err(e) => {
                            self.notice = Some(Notice::Error(i18n::command_error(self.lang, &e)))
                        }
                    }
                }
                self.calendar.range_visits.clear();
                self.calendar.loaded_range = None;
                match self.backend.first_visits_between(
                    &self.caller,
                    &self.snapshot,
                    d,
                    d,
                    DAY_VISITS_LOADED,
                ) {
                    Ok(visits) => {
                        let counted = self.calendar.month_counts.get(&d).copied().unwrap_or(0);
                        self.calendar.day_total = visits
                            .len()
                            .max(usize::try_from(counted).unwrap_or(usize::MAX));
                        self.calendar.day_visits = visits;
                    }
                    Err(e) => self.notice = Some(Notice::Error(i18n::command_error(self.lang, &e))),
                }
            }
            Some(range) => {
                if self.calendar.loaded_range != Some(range) {
                    match self.load_range(range) {
                        Ok((visits, counts, hours)) => {
                            self.calendar.range_visits = visits;
                            self.calendar.range_counts = counts;
                            self.calendar.hour_counts = hours;
                            self.calendar.loaded_range = Some(range);
                        }
                        Err(e) => {
                            self.notice = Some(Notice::Error(i18n::command_error(self.lang, &e)))
                        }
                    }
                }
                self.calendar.day_visits = match self.calendar.hour_counts {
                    // A crowded week's visits are not read: the day's first ones are.
                    Some(_) => self
                        .backend
                        .first_visits_between(&self.caller, &self.snapshot, d, d, DAY_VISITS_LOADED)
                        .unwrap_or_else(|e| {
                            self.notice = Some(Notice::Error(i18n::command_error(self.lang, &e)));
                            Vec::new()
                        }),
                    None => self.range_visits_on(d).cloned().collect(),
                };
                let counted = self.calendar.range_counts.get(&d).copied().unwrap_or(0);
                self.calendar.day_total = self
                    .calendar
                    .day_visits
                    .len()
                    .max(usize::try_from(counted).unwrap_or(usize::MAX));
            }
        }
        self.load_work();
    }

    /// The visits of a week (all of them: the grid places each; a week of more than
    /// [`WEEK_VISITS_LOADED`] gives the count of each hour instead) or of the agenda's
    /// days (the first [`AGENDA_VISITS_LOADED`]: a screen shows fewer), with the count of
    /// each day, by date and time.
    fn load_range(&self, (from, to): (NaiveDate, NaiveDate)) -> Result<RangeLoad, CommandError> {
        let (caller, snapshot) = (&self.caller, &self.snapshot);
        let counts = self.backend.visit_counts(caller, snapshot, from, to)?;
        if self.calendar.view == CalendarView::Agenda {
            let visits = self.backend.first_visits_between(
                caller,
                snapshot,
                from,
                to,
                AGENDA_VISITS_LOADED,
            )?;
            return Ok((visits, counts, None));
        }
        let total: u64 = counts.values().map(|n| u64::from(*n)).sum();
        if total > u64::from(WEEK_VISITS_LOADED) {
            let hours = self.backend.hour_counts(caller, from, to)?;
            return Ok((Vec::new(), counts, Some(hours)));
        }
        let mut visits = self.backend.visits_between(caller, snapshot, from, to)?;
        visits.sort_by_key(|v| (v.date, v.time));
        Ok((visits, counts, None))
    }

    /// The assistant whose working time the calendar shows: the caller if an assistant,
    /// else the one chosen with the Families screen's assistant filter.
    pub fn work_assistant(&self) -> Option<Id> {
        match &self.caller.account {
            Some(s) if s.role == crate::domain::Role::Assistant => Some(s.id),
            _ => self.family_list.assistant,
        }
    }

    /// Loads the held visits of the working-time assistant around the selected month,
    /// unless they are loaded already.
    pub(super) fn load_work(&mut self) {
        let Some(assistant) = self.work_assistant() else {
            self.calendar.work = None;
            return;
        };
        let d = self.calendar.selected;
        if self
            .calendar
            .work
            .as_ref()
            .is_some_and(|w| w.assistant == assistant && w.span.0 <= d && d <= w.span.1)
        {
            return;
        }
        // The month and the weeks that reach into it.
        let (first, last) = month_of(d);
        let span = (week_of(first).0, week_of(last).1);
        match self
            .backend
            .held_visits(&self.caller, assistant, span.0, span.1)
        {
            Ok(held) => {
                self.calendar.work = Some(WorkTime {
                    assistant,
                    span,
                    held,
                })
            }
            Err(e) => self.notice = Some(Notice::Error(i18n::command_error(self.lang, &e))),
        }
    }

    /// Visits of the loaded week or agenda on `day`, by time.
    pub fn range_visits_on(&self, day: NaiveDate) -> impl Iterator<Item = &Visit> {
        self.calendar
            .range_visits
            .iter()
            .filter(move |v| v.date == day)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, dd: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, dd).unwrap()
    }

    #[test]
    fn weeks_run_monday_to_sunday_across_the_year_end() {
        for day in 28..=31 {
            assert_eq!(week_of(d(2026, 12, day)), (d(2026, 12, 28), d(2027, 1, 3)));
        }
        for day in 1..=3 {
            assert_eq!(week_of(d(2027, 1, day)), (d(2026, 12, 28), d(2027, 1, 3)));
        }
        assert_eq!(week_of(d(2027, 1, 4)), (d(2027, 1, 4), d(2027, 1, 10)));
        // ISO week 53 of 2026 holds the new year's first days.
        assert_eq!(d(2027, 1, 3).iso_week().week(), 53);
    }

    #[test]
    fn weeks_of_the_daylight_saving_changes_have_seven_days() {
        // Clocks go forward on Sunday 29.03.2026 and back on Sunday 25.10.2026; dates
        // carry no time zone, so the weeks are the plain Monday to Sunday ones.
        assert_eq!(week_of(d(2026, 3, 29)), (d(2026, 3, 23), d(2026, 3, 29)));
        assert_eq!(week_of(d(2026, 3, 30)), (d(2026, 3, 30), d(2026, 4, 5)));
        assert_eq!(week_of(d(2026, 10, 25)), (d(2026, 10, 19), d(2026, 10, 25)));
        assert_eq!(week_of(d(2026, 10, 26)), (d(2026, 10, 26), d(2026, 11, 1)));
        for day in [d(2026, 3, 29), d(2026, 10, 25)] {
            let (mon, sun) = week_of(day);
            assert_eq!((sun - mon).num_days(), 6);
        }
    }

    #[test]
    fn spans_clamp_at_chronos_limits() {
        assert_eq!(week_of(NaiveDate::MIN).0, NaiveDate::MIN);
        assert_eq!(week_of(NaiveDate::MAX).1, NaiveDate::MAX);
        assert_eq!(agenda_span(NaiveDate::MAX).1, NaiveDate::MAX);
        assert_eq!(month_of(NaiveDate::MAX).1, NaiveDate::MAX);
        assert_eq!(agenda_span(d(2026, 12, 25)).1, d(2027, 1, 7));
        assert_eq!(month_of(d(2028, 2, 10)), (d(2028, 2, 1), d(2028, 2, 29)));
    }

    #[test]
    fn views_cycle_month_week_agenda() {
        let v = CalendarView::Month;
        assert_eq!(v.next(), CalendarView::Week);
        assert_eq!(v.next().next(), CalendarView::Agenda);
        assert_eq!(v.next().next().next(), CalendarView::Month);
    }
}
