//! Key bindings as data: every action, its description, and the keys bound to it.
//! The help overlay and the status bar are generated from [`BINDINGS`], so what the
//! screen says always matches what the keys do.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::Screen;
use crate::i18n::Msg;

/// Everything a key can ask the program to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// Leave the program.
    Quit,
    /// Show or hide the help overlay.
    Help,
    /// Hide or show surnames, addresses and PESELs on every screen.
    Privacy,
    /// Go to the next screen.
    NextScreen,
    /// Go to the previous screen.
    PrevScreen,
    /// Go to a screen.
    GoTo(Screen),
    /// Move the selection up (or scroll up).
    Up,
    /// Move the selection down (or scroll down).
    Down,
    /// Move a page up.
    PageUp,
    /// Move a page down.
    PageDown,
    /// Go to the first item.
    First,
    /// Go to the last item.
    Last,
    /// Open the selected item.
    Open,
    /// Close what is open, go back.
    Back,
    /// Calendar: previous day.
    PrevDay,
    /// Calendar: next day.
    NextDay,
    /// Calendar: previous week.
    PrevWeek,
    /// Calendar: next week.
    NextWeek,
    /// Calendar: previous month.
    PrevMonth,
    /// Calendar: next month.
    NextMonth,
    /// Calendar: jump to today.
    Today,
    /// Calendar: the next view (month → week → agenda).
    CycleView,
    /// Calendar: type a date to go to.
    GoToDate,
    /// Calendar: the week view an hour earlier.
    EarlierHours,
    /// Calendar: the week view an hour later.
    LaterHours,
    /// Families: register a new family.
    NewFamily,
    /// Families: edit the selected family.
    EditFamily,
    /// Families: change the selected family's status.
    ChangeStatus,
    /// Families: the selected family's members.
    Members,
    /// Families: the selected family's cooperation log.
    CooperationLog,
    /// Families: delete a family registered by mistake.
    DeleteFamily,
    /// Work plan: edit the selected item (or draw up a first plan).
    EditItem,
    /// Work plan: add a goal after the selected one.
    NewGoal,
    /// Work plan: add an action to the selected goal.
    NewAction,
    /// Work plan: delete the selected goal or action.
    DeleteItem,
    /// Work plan: move the selected goal or action up.
    MoveItemUp,
    /// Work plan: move the selected goal or action down.
    MoveItemDown,
    /// Work plan: mark the selected action done today (or back in progress).
    MarkDone,
    /// Work plan: a first plan, or a new version of the current one.
    NewVersion,
    /// Work plan: show an older version.
    OlderVersion,
    /// Work plan: show a newer version.
    NewerVersion,
    /// Work plan: write the shown plan to a file for signing.
    PrintPlan,
    /// Work plan: write the shown plan as DOCX.
    PrintPlanDocx,
    /// Families: write the family's one-page brief as text.
    Brief,
    /// Families: write the family's brief as DOCX.
    BriefDocx,
    /// Families: the court opinion draft form.
    Opinion,
    /// Reports: the previous half-year.
    PrevPeriod,
    /// Reports: the next half-year.
    NextPeriod,
    /// Reports: a form for another period.
    ReportPeriod,
    /// Reports: the period's families and visits as CSV files.
    ExportPeriod,
    /// Calendar: book a visit on the selected day.
    NewVisit,
    /// Families: record a periodic assessment of the selected family.
    NewAssessment,
    /// Families: correct the selected family's newest periodic assessment.
    CorrectAssessment,
    /// Families: register a court's request for an opinion about the selected family.
    NewCourtRequest,
    /// Calendar: the selected day's visits (record, reschedule, cancel).
    DayVisits,
    /// Families: start typing the text filter.
    Filter,
    /// Families: the next status filter.
    StatusFilter,
    /// Families: the next assistant filter.
    AssistantFilter,
    /// Families: the next sort order.
    Sort,
    /// Families: show or hide the assistants' caseload.
    Caseload,
}

impl Action {
    /// Message describing the action in the help overlay.
    pub fn description(self) -> Msg {
        match self {
            Action::Quit => Msg::ActQuit,
            Action::Help => Msg::ActHelp,
            Action::Privacy => Msg::ActPrivacy,
            Action::NextScreen => Msg::ActNextScreen,
            Action::PrevScreen => Msg::ActPrevScreen,
            Action::GoTo(s) => s.title(),
            Action::Up => Msg::ActUp,
            Action::Down => Msg::ActDown,
            Action::PageUp => Msg::ActPageUp,
            Action::PageDown => Msg::ActPageDown,
            Action::First => Msg::ActFirst,
            Action::Last => Msg::ActLast,
            Action::Open => Msg::ActOpen,
            Action::Back => Msg::ActBack,
            Action::PrevDay => Msg::ActPrevDay,
            Action::NextDay => Msg::ActNextDay,
            Action::PrevWeek => Msg::ActPrevWeek,
            Action::NextWeek => Msg::ActNextWeek,
            Action::PrevMonth => Msg::ActPrevMonth,
            Action::NextMonth => Msg::ActNextMonth,
            Action::Today => Msg::ActToday,
            Action::CycleView => Msg::ActCycleView,
            Action::GoToDate => Msg::ActGoToDate,
            Action::EarlierHours => Msg::ActEarlierHours,
            Action::LaterHours => Msg::ActLaterHours,
            Action::NewFamily => Msg::ActNewFamily,
            Action::EditFamily => Msg::ActEditFamily,
            Action::ChangeStatus => Msg::ActStatus,
            Action::Members => Msg::ActMembers,
            Action::CooperationLog => Msg::ActCooperation,
            Action::DeleteFamily => Msg::ActDeleteFamily,
            Action::EditItem => Msg::ActEditItem,
            Action::NewGoal => Msg::ActNewGoal,
            Action::NewAction => Msg::ActNewAction,
            Action::DeleteItem => Msg::ActDeleteItem,
            Action::MoveItemUp => Msg::ActMoveUp,
            Action::MoveItemDown => Msg::ActMoveDown,
            Action::MarkDone => Msg::ActMarkDone,
            Action::NewVersion => Msg::ActNewVersion,
            Action::OlderVersion => Msg::ActOlderVersion,
            Action::NewerVersion => Msg::ActNewerVersion,
            Action::PrintPlan => Msg::ActPrint,
            Action::PrintPlanDocx => Msg::ActPrintDocx,
            Action::Brief => Msg::ActBrief,
            Action::BriefDocx => Msg::ActBriefDocx,
            Action::Opinion => Msg::ActOpinion,
            Action::PrevPeriod => Msg::ActPrevPeriod,
            Action::NextPeriod => Msg::ActNextPeriod,
            Action::ReportPeriod => Msg::ActReportPeriod,
            Action::ExportPeriod => Msg::ActExportPeriod,
            Action::NewVisit => Msg::ActNewVisit,
            Action::NewAssessment => Msg::ActAssessment,
            Action::CorrectAssessment => Msg::ActCorrectAssessment,
            Action::NewCourtRequest => Msg::ActCourtRequest,
            Action::DayVisits => Msg::ActDayVisits,
            Action::Filter => Msg::ActFilter,
            Action::StatusFilter => Msg::ActStatusFilter,
            Action::AssistantFilter => Msg::ActAssistantFilter,
            Action::Sort => Msg::ActSort,
            Action::Caseload => Msg::ActCaseload,
        }
    }

    /// True for the actions of the family list, which the family details do not offer.
    pub fn is_list_action(self) -> bool {
        matches!(
            self,
            Action::Open
                | Action::Filter
                | Action::StatusFilter
                | Action::AssistantFilter
                | Action::Sort
                | Action::Caseload
        )
    }
}

/// Where a binding applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// Everywhere.
    Global,
    /// On the screens with a list or scrolled text (Families, Work plan, Alerts, Reports).
    Lists,
    /// Only on this screen; checked before the wider scopes.
    Screen(Screen),
}

impl Scope {
    /// True if the binding applies on `screen`.
    pub fn applies(self, screen: Screen) -> bool {
        match self {
            Scope::Global => true,
            Scope::Lists => matches!(
                screen,
                Screen::Families | Screen::WorkPlan | Screen::Alerts | Screen::Reports
            ),
            Scope::Screen(s) => s == screen,
        }
    }
}

/// One key: a code and the modifiers that must be held.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Key {
    /// Key code.
    pub code: KeyCode,
    /// Required modifiers (Shift is ignored for characters, which carry it in their case).
    pub mods: KeyModifiers,
}

const fn key(code: KeyCode) -> Key {
    Key {
        code,
        mods: KeyModifiers::NONE,
    }
}

const fn ch(c: char) -> Key {
    key(KeyCode::Char(c))
}

const fn ctrl(c: char) -> Key {
    Key {
        code: KeyCode::Char(c),
        mods: KeyModifiers::CONTROL,
    }
}

/// Keys bound to an action within a scope; `status` puts it in the status bar.
#[derive(Debug, Clone, Copy)]
pub struct Binding {
    /// Keys, the first one shown in the status bar.
    pub keys: &'static [Key],
    /// What they do.
    pub action: Action,
    /// Where.
    pub scope: Scope,
    /// Shown in the status bar on the screens where it applies.
    pub status: bool,
}

const fn bind(keys: &'static [Key], action: Action, scope: Scope, status: bool) -> Binding {
    Binding {
        keys,
        action,
        scope,
        status,
    }
}

const CAL: Scope = Scope::Screen(Screen::Calendar);
const FAM: Scope = Scope::Screen(Screen::Families);
const PLAN: Scope = Scope::Screen(Screen::WorkPlan);
const REP: Scope = Scope::Screen(Screen::Reports);

/// Every key binding of the program; screen scopes come first so they win over wider ones.
pub const BINDINGS: &[Binding] = &[
    bind(&[ch('[')], Action::PrevPeriod, REP, true),
    bind(&[ch(']')], Action::NextPeriod, REP, true),
    bind(&[ch('d')], Action::ReportPeriod, REP, true),
    bind(&[ch('x')], Action::ExportPeriod, REP, false),
    bind(&[key(KeyCode::Enter)], Action::Open, REP, true),
    bind(&[ch('v')], Action::CycleView, CAL, true),
    bind(&[ch('g')], Action::GoToDate, CAL, true),
    bind(&[ch('t')], Action::Today, CAL, true),
    bind(&[ch('n')], Action::NewVisit, CAL, true),
    bind(&[key(KeyCode::Enter)], Action::DayVisits, CAL, true),
    bind(&[key(KeyCode::Left), ch('h')], Action::PrevDay, CAL, false),
    bind(&[key(KeyCode::Right), ch('l')], Action::NextDay, CAL, false),
    bind(&[key(KeyCode::Up), ch('k')], Action::PrevWeek, CAL, false),
    bind(&[key(KeyCode::Down), ch('j')], Action::NextWeek, CAL, false),
    bind(
        &[key(KeyCode::PageUp), ch('<')],
        Action::PrevMonth,
        CAL,
        false,
    ),
    bind(
        &[key(KeyCode::PageDown), ch('>')],
        Action::NextMonth,
        CAL,
        false,
    ),
    bind(&[ch('K')], Action::EarlierHours, CAL, false),
    bind(&[ch('J')], Action::LaterHours, CAL, false),
    bind(
        &[key(KeyCode::Enter), ch('e')],
        Action::EditItem,
        PLAN,
        true,
    ),
    bind(&[ch('g')], Action::NewGoal, PLAN, true),
    bind(&[ch('a')], Action::NewAction, PLAN, true),
    bind(&[ch('x')], Action::MarkDone, PLAN, true),
    bind(&[ch('d')], Action::DeleteItem, PLAN, false),
    bind(&[ch('K')], Action::MoveItemUp, PLAN, false),
    bind(&[ch('J')], Action::MoveItemDown, PLAN, false),
    bind(&[ch('n')], Action::NewVersion, PLAN, false),
    bind(&[ch('[')], Action::OlderVersion, PLAN, false),
    bind(&[ch(']')], Action::NewerVersion, PLAN, false),
    bind(&[ch('p')], Action::PrintPlan, PLAN, false),
    bind(&[ch('P')], Action::PrintPlanDocx, PLAN, false),
    bind(&[key(KeyCode::Up), ch('k')], Action::Up, Scope::Lists, true),
    bind(
        &[key(KeyCode::Down), ch('j')],
        Action::Down,
        Scope::Lists,
        false,
    ),
    bind(&[key(KeyCode::PageUp)], Action::PageUp, Scope::Lists, false),
    bind(
        &[key(KeyCode::PageDown)],
        Action::PageDown,
        Scope::Lists,
        false,
    ),
    bind(
        &[key(KeyCode::Home), ch('g')],
        Action::First,
        Scope::Lists,
        false,
    ),
    bind(
        &[key(KeyCode::End), ch('G')],
        Action::Last,
        Scope::Lists,
        false,
    ),
    bind(&[key(KeyCode::Enter)], Action::Open, FAM, true),
    bind(&[ch('/')], Action::Filter, FAM, false),
    bind(&[ch('f')], Action::StatusFilter, FAM, false),
    bind(&[ch('w')], Action::AssistantFilter, FAM, false),
    bind(&[ch('o')], Action::Sort, FAM, false),
    bind(&[ch('c')], Action::Caseload, FAM, false),
    bind(&[ch('n')], Action::NewFamily, FAM, true),
    bind(&[ch('e')], Action::EditFamily, FAM, false),
    bind(&[ch('s')], Action::ChangeStatus, FAM, false),
    bind(&[ch('m')], Action::Members, FAM, false),
    bind(&[ch('i')], Action::CooperationLog, FAM, false),
    bind(&[ch('x')], Action::DeleteFamily, FAM, false),
    bind(&[ch('a')], Action::NewAssessment, FAM, false),
    bind(&[ch('A')], Action::CorrectAssessment, FAM, false),
    bind(&[ch('r')], Action::NewCourtRequest, FAM, false),
    bind(&[ch('b')], Action::Brief, FAM, false),
    bind(&[ch('B')], Action::BriefDocx, FAM, false),
    bind(&[ch('O')], Action::Opinion, FAM, false),
    bind(
        &[key(KeyCode::Enter)],
        Action::Open,
        Scope::Screen(Screen::Alerts),
        true,
    ),
    bind(&[key(KeyCode::Esc)], Action::Back, Scope::Global, false),
    bind(&[ch('z')], Action::Privacy, Scope::Global, false),
    bind(
        &[ch('1'), key(KeyCode::F(1))],
        Action::GoTo(Screen::Overview),
        Scope::Global,
        false,
    ),
    bind(
        &[ch('2'), key(KeyCode::F(2))],
        Action::GoTo(Screen::Families),
        Scope::Global,
        false,
    ),
    bind(
        &[ch('3'), key(KeyCode::F(3))],
        Action::GoTo(Screen::WorkPlan),
        Scope::Global,
        false,
    ),
    bind(
        &[ch('4'), key(KeyCode::F(4))],
        Action::GoTo(Screen::Calendar),
        Scope::Global,
        false,
    ),
    bind(
        &[ch('5'), key(KeyCode::F(5))],
        Action::GoTo(Screen::Alerts),
        Scope::Global,
        false,
    ),
    bind(
        &[ch('6'), key(KeyCode::F(6))],
        Action::GoTo(Screen::Reports),
        Scope::Global,
        false,
    ),
    bind(
        &[key(KeyCode::Tab)],
        Action::NextScreen,
        Scope::Global,
        true,
    ),
    bind(
        &[key(KeyCode::BackTab)],
        Action::PrevScreen,
        Scope::Global,
        false,
    ),
    bind(&[ch('?')], Action::Help, Scope::Global, true),
    bind(&[ch('q'), ctrl('c')], Action::Quit, Scope::Global, true),
];

/// The action a key event triggers on `screen`, if any.
pub fn action_for(event: KeyEvent, screen: Screen) -> Option<Action> {
    // Shift is part of characters ('G', '?') and of BackTab; other modifiers must match.
    let mods = event.modifiers - KeyModifiers::SHIFT;
    BINDINGS
        .iter()
        .filter(|b| b.scope.applies(screen))
        .find(|b| {
            b.keys
                .iter()
                .any(|k| k.code == event.code && k.mods == mods)
        })
        .map(|b| b.action)
}

/// Short label of a key for the help overlay and the status bar.
pub fn key_label(k: &Key) -> String {
    match k.code {
        KeyCode::Left => "←".into(),
        KeyCode::Right => "→".into(),
        KeyCode::Up => "↑".into(),
        KeyCode::Down => "↓".into(),
        KeyCode::PageUp => "PgUp".into(),
        KeyCode::PageDown => "PgDn".into(),
        KeyCode::Home => "Home".into(),
        KeyCode::End => "End".into(),
        KeyCode::Enter => "Enter".into(),
        KeyCode::Esc => "Esc".into(),
        KeyCode::Tab => "Tab".into(),
        KeyCode::BackTab => "S-Tab".into(),
        KeyCode::F(n) => format!("F{n}"),
        KeyCode::Char(c) if k.mods.contains(KeyModifiers::CONTROL) => format!("C-{c}"),
        KeyCode::Char(c) => c.to_string(),
        other => format!("{other:?}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn press(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    #[test]
    fn screen_scope_wins_over_list_scope() {
        assert_eq!(
            action_for(press(KeyCode::Up), Screen::Calendar),
            Some(Action::PrevWeek)
        );
        assert_eq!(
            action_for(press(KeyCode::Up), Screen::Families),
            Some(Action::Up)
        );
        assert_eq!(action_for(press(KeyCode::Up), Screen::Overview), None);
    }

    #[test]
    fn the_calendar_takes_g_while_lists_keep_it_for_first() {
        let g = press(KeyCode::Char('g'));
        assert_eq!(action_for(g, Screen::Calendar), Some(Action::GoToDate));
        assert_eq!(action_for(g, Screen::Families), Some(Action::First));
        assert_eq!(action_for(g, Screen::Alerts), Some(Action::First));
        assert_eq!(action_for(g, Screen::WorkPlan), Some(Action::NewGoal));
        let v = press(KeyCode::Char('v'));
        assert_eq!(action_for(v, Screen::Calendar), Some(Action::CycleView));
        assert_eq!(action_for(v, Screen::Families), None);
    }

    #[test]
    fn every_screen_has_a_number_and_a_function_key() {
        for (i, screen) in Screen::ALL.iter().enumerate() {
            let n = char::from_digit(i as u32 + 1, 10).unwrap();
            assert_eq!(
                action_for(press(KeyCode::Char(n)), Screen::Overview),
                Some(Action::GoTo(*screen))
            );
            assert_eq!(
                action_for(press(KeyCode::F(i as u8 + 1)), Screen::Calendar),
                Some(Action::GoTo(*screen))
            );
        }
    }

    #[test]
    fn shifted_characters_and_backtab_match_control_does_not() {
        let shifted = KeyEvent::new(KeyCode::Char('?'), KeyModifiers::SHIFT);
        assert_eq!(action_for(shifted, Screen::Overview), Some(Action::Help));
        let back = KeyEvent::new(KeyCode::BackTab, KeyModifiers::SHIFT);
        assert_eq!(action_for(back, Screen::Alerts), Some(Action::PrevScreen));
        let ctrl_q = KeyEvent::new(KeyCode::Char('q'), KeyModifiers::CONTROL);
        assert_eq!(action_for(ctrl_q, Screen::Overview), None);
    }

    #[test]
    fn no_key_is_bound_twice_in_one_scope() {
        for (i, a) in BINDINGS.iter().enumerate() {
            for b in &BINDINGS[i + 1..] {
                if a.scope == b.scope {
                    for k in a.keys {
                        assert!(
                            !b.keys.contains(k),
                            "{k:?} bound to {:?} and {:?}",
                            a.action,
                            b.action
                        );
                    }
                }
            }
        }
    }
}
