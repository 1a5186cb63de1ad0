//! Program state and its update: key → [`Action`] → new state, with no terminal IO.

pub mod assessment;
pub mod calendar;
pub mod documents;
pub mod families;
pub mod form;
pub mod keymap;
pub mod overview;
pub mod plan;
pub mod register;
pub mod report;
pub mod standin;
pub mod visits;

use chrono::NaiveDate;
use ratatui::crossterm::event::KeyEvent;

pub use crate::backend::{Backend, DraftSink, Remote};
use crate::config::Language;
use crate::domain::Id;
use crate::domain::audit::AuditAction;
use crate::i18n::{self, Msg};
use crate::service::{Caller, CommandError, FamilyDetail, Opening, Service, Snapshot};
use crate::store::StoreError;
pub use calendar::{CalendarState, CalendarView};
pub use families::{FamilyList, SortOrder, StatusFilter};
pub use keymap::Action;
pub use plan::{PlanItem, PlanView};
pub use register::Popup;

/// The five screens, in tab order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Screen {
    /// What is due today, this week and overdue; opens first.
    Overview,
    /// The family register.
    Families,
    /// The selected family's work plan.
    WorkPlan,
    /// The visit calendar.
    Calendar,
    /// Every alert.
    Alerts,
    /// The half-year report with its drill-down (a supervisor's).
    Reports,
}

impl Screen {
    /// All screens in tab order.
    pub const ALL: [Screen; 6] = [
        Screen::Overview,
        Screen::Families,
        Screen::WorkPlan,
        Screen::Calendar,
        Screen::Alerts,
        Screen::Reports,
    ];

    /// Title message of the screen.
    pub fn title(self) -> Msg {
        match self {
            Screen::Overview => Msg::ScreenOverview,
            Screen::Families => Msg::ScreenFamilies,
            Screen::WorkPlan => Msg::ScreenWorkPlan,
            Screen::Calendar => Msg::ScreenCalendar,
            Screen::Alerts => Msg::ScreenAlerts,
            Screen::Reports => Msg::ScreenReports,
        }
    }

    fn index(self) -> usize {
        Screen::ALL.iter().position(|s| *s == self).unwrap_or(0)
    }
}

/// Rows a page key moves in lists.
pub const PAGE: usize = 10;

/// A list selection that stays inside its list.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Selection {
    /// Index of the selected row.
    pub index: usize,
    /// First visible row, kept by the renderer so the view scrolls only when the
    /// selection leaves it (a stable view redraws two rows per move, not the list).
    pub offset: std::cell::Cell<usize>,
}

impl Selection {
    fn apply(&mut self, action: Action, len: usize) {
        let last = len.saturating_sub(1);
        self.index = match action {
            Action::Up => self.index.saturating_sub(1),
            Action::Down => (self.index + 1).min(last),
            Action::PageUp => self.index.saturating_sub(PAGE),
            Action::PageDown => (self.index + PAGE).min(last),
            Action::First => 0,
            Action::Last => last,
            _ => self.index,
        }
        .min(last);
    }
}

/// Scroll offset of a text view.
fn scroll(offset: &mut u16, action: Action) {
    *offset = match action {
        Action::Up => offset.saturating_sub(1),
        Action::Down => offset.saturating_add(1),
        Action::PageUp => offset.saturating_sub(PAGE as u16),
        Action::PageDown => offset.saturating_add(PAGE as u16),
        Action::First => 0,
        Action::Last => u16::MAX,
        _ => *offset,
    };
}

/// The store's error behind an embedded workstation's failed call (an embedded read
/// fails only in the store; anything else keeps its text).
fn store_error(e: CommandError) -> StoreError {
    match e {
        CommandError::Store(e) => e,
        other => StoreError::Io(other.to_string()),
    }
}

/// The idle lock: the screen hidden until the user confirms who they are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lock {
    /// The screens are shown.
    Open,
    /// Hidden after idle time; any key asks who is there.
    Locked,
    /// Asking whether the person at the keyboard is the logged-in user.
    Confirming,
}

/// How the workstation reaches its data.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Link {
    /// The database opened by this process.
    Local,
    /// A server, connected.
    Attached,
    /// A server, connection lost: reconnecting in the background.
    Offline,
}

/// A message in the status line: information or an error the user must see.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Notice {
    /// Something went wrong; the text says what.
    Error(String),
    /// Something was done (saved, deleted).
    Info(String),
}

/// The whole state of the terminal program.
pub struct App {
    /// Interface language.
    pub lang: Language,
    /// The date the program works on (from `--today` or the clock).
    pub today: NaiveDate,
    /// Who is using the program.
    pub caller: Caller,
    /// Current screen.
    pub screen: Screen,
    /// Register, alerts and caseloads.
    pub snapshot: Snapshot,
    /// Selected row among the visible families (an index into `family_list.visible`).
    pub families: Selection,
    /// Filters, order and visible rows of the family list, and its caseload view.
    pub family_list: FamilyList,
    /// Details of the family open on the Families screen.
    pub family_detail: Option<FamilyDetail>,
    /// Scroll of the family details.
    pub detail_scroll: u16,
    /// Details of the family whose plan the Work plan screen shows.
    pub plan_family: Option<FamilyDetail>,
    /// Version and selected item of the work plan.
    pub plan_view: PlanView,
    /// Calendar state.
    pub calendar: CalendarState,
    /// Selected alert.
    pub alerts: Selection,
    /// Help overlay shown.
    pub help: bool,
    /// Last notice for the status line.
    pub notice: Option<Notice>,
    /// Set when the user asked to quit.
    pub quit: bool,
    /// Forms, menus and questions over the screen; the last one takes the keys.
    pub popups: Vec<Popup>,
    /// Surnames, addresses and PESELs hidden on every screen (the privacy key).
    pub privacy: bool,
    /// Whether the screen is hidden after idle time.
    pub lock: Lock,
    /// The Reports screen: period, report, selection and drill-down.
    pub report_view: report::ReportView,
    /// The report definition (the office's file or the built-in one), or why it is wrong;
    /// None until the Reports screen first needs it.
    report_definition: Option<Result<crate::report::ReportDefinition, String>>,
    /// Where an office's `report.toml` is looked for (the configuration's directory).
    report_config_dir: Option<std::path::PathBuf>,
    /// Idle time after which the screen locks (None: never).
    idle_lock: Option<std::time::Duration>,
    backend: Backend,
    /// True while `snapshot` is an Overview's ([`App::overview_first`]) and the
    /// register is still to be read by [`App::finish_loading`].
    loading: bool,
}

impl App {
    /// Builds the state for `login` on `today` over the embedded database, loading the
    /// first snapshot.
    pub fn new(
        service: Service,
        login: &str,
        today: NaiveDate,
        lang: Language,
    ) -> Result<App, StoreError> {
        let mut app = App::overview_first(service, login, today, lang)?;
        app.finish_loading().map_err(store_error)?;
        Ok(app)
    }

    /// Like [`App::new`], but for a caller who sees the whole office only what the
    /// Overview shows is read (from the families' digests), so that the first screen is
    /// drawn without reading the whole register; [`App::finish_loading`] must follow
    /// before any key is handled.
    pub fn overview_first(
        service: Service,
        login: &str,
        today: NaiveDate,
        lang: Language,
    ) -> Result<App, StoreError> {
        let caller = service.caller(login, today)?;
        service.audit(&caller, AuditAction::Login, None, "workstation")?;
        App::start(Backend::Local(service), caller, today, lang).map_err(store_error)
    }

    /// Like [`App::overview_first`] while the register is still opening
    /// ([`crate::service::WorkstationStart::Opening`]): the first Overview is the one
    /// the files of the last clean close give. [`App::finish_loading`] first finishes
    /// the opening, logs the login and puts the register's own Overview in its place,
    /// then reads the register.
    pub fn preview(
        opening: Opening,
        caller: Caller,
        overview: Snapshot,
        today: NaiveDate,
        lang: Language,
    ) -> App {
        let mut app = App::build(
            Backend::Opening(Box::new(opening)),
            caller,
            overview,
            today,
            lang,
        );
        app.loading = true;
        app
    }

    /// True while the register is still to be read ([`App::overview_first`]).
    pub fn is_loading(&self) -> bool {
        self.loading
    }

    /// Reads the whole register after the first Overview was drawn; true if anything
    /// was read (the screen is drawn again, and changes only where the register says
    /// more than the digests, such as a damaged record). After [`App::preview`] the
    /// first call only finishes the opening (true: the register's own Overview is to be
    /// drawn), the next reads the register.
    pub fn finish_loading(&mut self) -> Result<bool, CommandError> {
        if let Backend::Opening(opening) = &mut self.backend {
            let service = opening.finish(&mut self.snapshot)?;
            let caller = service.caller(&self.caller.login, self.today)?;
            service.audit(&caller, AuditAction::Login, None, "workstation")?;
            self.backend = Backend::Local(service);
            self.caller = caller;
            // The register's own Overview, from the digests judged for the first one if
            // the opening vouched for their file; the whole snapshot if the register
            // says the login no longer sees the whole office.
            match self.backend.overview_snapshot(&self.caller, self.today)? {
                Some(overview) => self.snapshot = overview,
                None => {
                    self.snapshot = self.backend.snapshot(&self.caller, self.today)?;
                    self.loading = false;
                    self.load_calendar();
                }
            }
            self.snapshot_replaced(None);
            return Ok(true);
        }
        if !self.loading {
            return Ok(false);
        }
        self.snapshot = self.backend.snapshot(&self.caller, self.today)?;
        self.loading = false;
        self.snapshot_replaced(None);
        self.load_calendar();
        Ok(true)
    }

    /// Builds the state over an attached server (which logged the login at hello).
    pub fn attached(remote: Remote, today: NaiveDate, lang: Language) -> Result<App, CommandError> {
        let mut app = App::attached_overview_first(remote, today, lang)?;
        app.finish_loading()?;
        Ok(app)
    }

    /// Like [`App::attached`], but first only what the Overview shows, as
    /// [`App::overview_first`] does; [`App::finish_loading`] must follow.
    pub fn attached_overview_first(
        remote: Remote,
        today: NaiveDate,
        lang: Language,
    ) -> Result<App, CommandError> {
        let caller = remote.caller().clone();
        App::start(Backend::Remote(remote), caller, today, lang)
    }

    /// The state with the Overview's snapshot if `caller` gets one (then loading), else
    /// the whole snapshot and the calendar.
    fn start(
        backend: Backend,
        caller: Caller,
        today: NaiveDate,
        lang: Language,
    ) -> Result<App, CommandError> {
        let (snapshot, loading) = match backend.overview_snapshot(&caller, today)? {
            Some(overview) => (overview, true),
            None => (backend.snapshot(&caller, today)?, false),
        };
        let mut app = App::build(backend, caller, snapshot, today, lang);
        app.loading = loading;
        if !loading {
            app.load_calendar();
        }
        Ok(app)
    }

    fn build(
        backend: Backend,
        caller: Caller,
        snapshot: Snapshot,
        today: NaiveDate,
        lang: Language,
    ) -> App {
        let mut app = App {
            lang,
            today,
            caller,
            screen: Screen::Overview,
            snapshot,
            families: Selection::default(),
            family_list: FamilyList::default(),
            family_detail: None,
            detail_scroll: 0,
            plan_family: None,
            plan_view: PlanView::default(),
            calendar: CalendarState::new(today),
            alerts: Selection::default(),
            help: false,
            notice: None,
            quit: false,
            popups: Vec::new(),
            privacy: false,
            lock: Lock::Open,
            report_view: report::ReportView::new(today),
            report_definition: None,
            report_config_dir: None,
            idle_lock: None,
            backend,
            loading: false,
        };
        app.resort_families();
        app
    }

    /// Locks the screen after `minutes` without a key (0: never).
    pub fn set_idle_lock(&mut self, minutes: u32) {
        self.idle_lock =
            (minutes > 0).then(|| std::time::Duration::from_secs(u64::from(minutes) * 60));
    }

    /// Told how long no key was pressed: locks the screen once the idle limit is
    /// reached; true if the screen must be redrawn.
    pub fn on_idle(&mut self, idle: std::time::Duration) -> bool {
        let due = self.idle_lock.is_some_and(|limit| idle >= limit);
        if due && self.lock == Lock::Open {
            self.lock = Lock::Locked;
            return true;
        }
        false
    }

    /// A key while the screen is locked: the first one asks who is there, `t`/`y` then
    /// opens the screen, anything else keeps it hidden. No key reaches the screens.
    fn lock_key(&mut self, key: KeyEvent) {
        use ratatui::crossterm::event::KeyCode;
        self.lock = match (self.lock, key.code) {
            (Lock::Confirming, KeyCode::Char('t' | 'T' | 'y' | 'Y')) => Lock::Open,
            (Lock::Locked, _) => Lock::Confirming,
            _ => Lock::Locked,
        };
    }

    /// The name the lock screen asks about: the staff account's, else the login.
    pub fn user_name(&self) -> String {
        match &self.caller.account {
            Some(staff) => format!("{} ({})", staff.name, self.caller.login),
            None => self.caller.login.clone(),
        }
    }

    /// Where the data comes from.
    pub fn backend(&self) -> &Backend {
        &self.backend
    }

    /// The service or the server connection, the app done with.
    pub fn into_backend(self) -> Backend {
        self.backend
    }

    /// The embedded service (None when attached to a server).
    pub fn local_service(&self) -> Option<&Service> {
        self.backend.local()
    }

    /// Id of the family selected among the visible rows of the register.
    pub fn selected_family(&self) -> Option<Id> {
        self.family_list
            .visible
            .get(self.families.index)
            .and_then(|&i| self.snapshot.families.get(i))
            .map(|r| r.family.id)
    }

    /// Handles a key press; returns true if the state changed and the screen must be redrawn.
    pub fn on_key(&mut self, key: KeyEvent) -> bool {
        if self.lock != Lock::Open {
            self.lock_key(key);
            return true;
        }
        if self.help {
            // Any key closes the help; it does nothing else.
            self.help = false;
            return true;
        }
        if !self.popups.is_empty() {
            let had_notice = self.notice.take().is_some();
            return self.popup_key(key) || had_notice;
        }
        // While the filter is typed, every printable key goes into it.
        if self.screen == Screen::Families
            && self.family_list.typing
            && let Some(changed) = self.filter_key(key)
        {
            return changed;
        }
        // While a date is typed after `g`, every printable key goes into it.
        if self.screen == Screen::Calendar
            && let Some(changed) = self.date_key(key)
        {
            return changed;
        }
        match keymap::action_for(key, self.screen) {
            Some(action) => {
                self.update(action);
                true
            }
            None => false,
        }
    }

    /// Handles pasted text: it goes into the focused form field, whole or not at all.
    pub fn on_paste(&mut self, text: &str) -> bool {
        if self.lock != Lock::Open {
            return false;
        }
        match self.popups.last_mut() {
            Some(Popup::Form(rf)) => {
                rf.form.insert(text, self.lang, self.today, false);
                true
            }
            _ => false,
        }
    }

    /// Reloads what a saved change affects, keeping `family` selected and its details open.
    /// A change to one family refreshes that family's part of the snapshot only; `None`
    /// (or a failed refresh) reads the whole snapshot again.
    pub(crate) fn after_change(&mut self, family: Option<Id>) {
        self.reload(family);
        if let Some(id) = family {
            self.select_family(id);
        }
        // Open details follow the family that changed (a new one replaces them).
        if let Some(open) = self.family_detail.as_ref().map(|d| d.family.id) {
            self.family_detail = self.load_detail(family.unwrap_or(open));
        }
        self.reload_plan_family();
    }

    /// Brings the screens up to date after someone else's change to `family` (None:
    /// anything may have changed). Unlike [`App::after_change`] the selection stays
    /// where the user put it, and open details are read again only if they changed.
    fn changed_elsewhere(&mut self, family: Option<Id>) {
        self.reload(family);
        let affects = |open: Option<&FamilyDetail>| {
            open.is_some_and(|d| family.is_none_or(|id| id == d.family.id))
        };
        if affects(self.family_detail.as_ref())
            && let Some(open) = self.family_detail.as_ref().map(|d| d.family.id)
        {
            self.family_detail = self.load_detail(open);
        }
        if affects(self.plan_family.as_ref()) {
            self.reload_plan_family();
        }
    }

    /// Reads the snapshot (or one family's part of it) and the calendar again.
    fn reload(&mut self, family: Option<Id>) {
        let selected = self.selected_family();
        let refreshed = family.is_some_and(|id| {
            self.backend
                .refresh_family(&self.caller, &mut self.snapshot, id, self.today)
                .is_ok()
        });
        if refreshed {
            self.snapshot_replaced(selected);
        } else {
            match self.backend.snapshot(&self.caller, self.today) {
                Ok(snapshot) => self.set_snapshot(snapshot),
                Err(e) => self.notice = Some(Notice::Error(i18n::command_error(self.lang, &e))),
            }
        }
        self.calendar.invalidate();
        self.load_calendar();
        // The report counts the register: computed again when next shown.
        self.report_view.report = None;
        if self.screen == Screen::Reports {
            self.load_report();
        }
    }

    fn reload_plan_family(&mut self) {
        if let Some(open) = self.plan_family.as_ref().map(|d| d.family.id) {
            self.plan_family = self.load_detail(open);
            let len = self.shown_plan().map_or(0, |p| plan::plan_items(p).len());
            self.plan_view.selected = self.plan_view.selected.min(len.saturating_sub(1));
        }
    }

    /// Asks the server again who this is today (stand-ins, a changed role).
    fn renew_session(&mut self) {
        let today = self.today;
        if let Some(remote) = self.backend.remote_mut() {
            match remote.renew(today) {
                Ok(()) => self.caller = remote.caller().clone(),
                Err(e) => self.notice = Some(Notice::Error(i18n::command_error(self.lang, &e))),
            }
        }
    }

    /// How the data is reached, for the status bar.
    pub fn link(&self) -> Link {
        match self.backend.remote() {
            None => Link::Local,
            Some(remote) if remote.client().is_connected() => Link::Attached,
            Some(_) => Link::Offline,
        }
    }

    /// Takes what the server told since the last look: others' saves refresh the
    /// screens, a lost connection starts reconnecting in the background (forms and
    /// typed text stay as they are), a regained one reads everything again. True if
    /// the screen must be redrawn. Embedded mode: nothing, false.
    pub fn server_events(&mut self) -> bool {
        use crate::server::client::Event;
        use crate::server::protocol::Push;
        let Some(remote) = self.backend.remote() else {
            return false;
        };
        let client = std::sync::Arc::clone(remote.client());
        let events: Vec<Event> = client.events().try_iter().collect();
        if events.is_empty() {
            return false;
        }
        let mut changed: Vec<Option<Id>> = Vec::new();
        for event in events {
            match event {
                Event::Push(Push::Changed { family }) => changed.push(family),
                // The connection closes next; `Disconnected` follows.
                Event::Push(Push::ServerClosing) => {}
                Event::Disconnected => {
                    client.reconnect_in_background();
                    self.notice = Some(Notice::Error(Msg::ServerLost.text(self.lang).into()));
                }
                Event::Refused(refusal) => {
                    self.notice = Some(Notice::Error(i18n::refusal(self.lang, &refusal)));
                }
                Event::Reconnected => {
                    // Anything may have changed while away (the session is renewed
                    // with it).
                    changed.push(None);
                    self.notice = Some(Notice::Info(Msg::ServerBack.text(self.lang).into()));
                }
            }
        }
        if changed.contains(&None) {
            // A change of staff accounts or stand-ins may change who this is today.
            self.renew_session();
            self.changed_elsewhere(None);
        } else {
            // Several saves of one family since the last look are one refresh.
            changed.sort_unstable();
            changed.dedup();
            for family in changed {
                self.changed_elsewhere(family);
            }
        }
        true
    }

    /// Applies an action to the state.
    pub fn update(&mut self, action: Action) {
        match action {
            Action::Quit => self.quit = true,
            Action::Help => self.help = !self.help,
            Action::Privacy => {
                self.privacy = !self.privacy;
                let msg = if self.privacy {
                    Msg::PrivacyOn
                } else {
                    Msg::PrivacyOff
                };
                self.notice = Some(Notice::Info(msg.text(self.lang).into()));
            }
            Action::NextScreen => {
                let screens = self.screens();
                self.go_to(screens[(self.screen.index() + 1) % screens.len()])
            }
            Action::PrevScreen => {
                let screens = self.screens();
                self.go_to(screens[(self.screen.index() + screens.len() - 1) % screens.len()])
            }
            Action::GoTo(s) => self.go_to(s),
            Action::Back => {
                if self.screen == Screen::Reports {
                    self.report_back();
                }
                if self.screen == Screen::Families {
                    if self.family_detail.is_some() {
                        self.family_detail = None;
                    } else {
                        self.list_back();
                    }
                }
                self.notice = None;
            }
            Action::Open => self.open(),
            Action::Filter
            | Action::StatusFilter
            | Action::AssistantFilter
            | Action::Sort
            | Action::Caseload
                if self.screen != Screen::Families || self.family_detail.is_some() => {}
            Action::Filter => self.start_filter(),
            Action::StatusFilter => self.cycle_status(),
            Action::AssistantFilter => self.cycle_assistant(),
            Action::Sort => self.cycle_sort(),
            Action::Caseload => self.toggle_caseload(),
            Action::Up
            | Action::Down
            | Action::PageUp
            | Action::PageDown
            | Action::First
            | Action::Last => self.move_in_list(action),
            Action::PrevDay => self.move_day(-1),
            Action::NextDay => self.move_day(1),
            Action::PrevWeek => self.move_day(-7),
            Action::NextWeek => self.move_day(7),
            Action::PrevMonth => self.move_month(false),
            Action::NextMonth => self.move_month(true),
            Action::Today => self.go_to_day(self.today),
            Action::CycleView => self.cycle_view(),
            Action::GoToDate => self.start_date_input(),
            Action::EarlierHours => self.scroll_hours(false),
            Action::LaterHours => self.scroll_hours(true),
            Action::NewFamily if self.screen == Screen::Families && self.family_list.caseload => {
                self.open_stand_in_form()
            }
            Action::NewFamily => self.new_family(),
            Action::EditFamily => self.edit_family(),
            Action::ChangeStatus => self.open_status_menu(),
            Action::Members => self.open_members(),
            Action::CooperationLog => self.open_cooperation(),
            Action::DeleteFamily => self.ask_delete_family(),
            Action::EditItem => self.edit_plan_item(),
            Action::NewGoal => self.new_goal(),
            Action::NewAction => self.new_action(),
            Action::DeleteItem => self.ask_delete_plan_item(),
            Action::MoveItemUp => self.move_plan_item(true),
            Action::MoveItemDown => self.move_plan_item(false),
            Action::MarkDone => self.toggle_action_done(),
            Action::NewVersion => self.new_plan_or_version(),
            Action::OlderVersion => self.step_plan_version(true),
            Action::NewerVersion => self.step_plan_version(false),
            Action::PrintPlan => self.print_plan(crate::doc::Format::Text),
            Action::PrintPlanDocx => self.print_plan(crate::doc::Format::Docx),
            Action::Brief => self.print_brief(crate::doc::Format::Text),
            Action::BriefDocx => self.print_brief(crate::doc::Format::Docx),
            Action::Opinion => self.open_opinion_form(),
            Action::PrevPeriod => self.shift_report_period(false),
            Action::NextPeriod => self.shift_report_period(true),
            Action::ReportPeriod => self.open_report_period_form(),
            Action::ExportPeriod => self.export_report_period(),
            Action::NewVisit => self.new_visit(),
            Action::NewAssessment => self.new_assessment(),
            Action::CorrectAssessment => self.correct_assessment(),
            Action::NewCourtRequest => self.open_court_request(None),
            Action::DayVisits => self.open_day_visits(),
        }
    }

    fn go_to(&mut self, screen: Screen) {
        if !self.screens().contains(&screen) {
            self.notice = Some(Notice::Error(
                Msg::ReportsSupervisorOnly.text(self.lang).into(),
            ));
            return;
        }
        self.screen = screen;
        if screen == Screen::Reports {
            self.load_report();
        }
        self.family_list.typing = false;
        if screen == Screen::WorkPlan {
            let wanted = self.selected_family();
            if self.plan_family.as_ref().map(|d| d.family.id) != wanted {
                self.plan_view = PlanView::default();
                self.plan_family = wanted.and_then(|id| self.load_detail(id));
            }
        }
        if screen == Screen::Calendar {
            // The assistant filter may have changed on the Families screen.
            self.load_work();
        }
    }

    fn move_in_list(&mut self, action: Action) {
        match self.screen {
            Screen::Reports => self.move_in_report(action),
            Screen::Families if self.family_detail.is_some() => {
                scroll(&mut self.detail_scroll, action)
            }
            Screen::Families if self.family_list.caseload => self
                .family_list
                .caseload_selection
                .apply(action, self.snapshot.caseload.len()),
            Screen::Families => {
                self.families.apply(action, self.family_list.visible.len());
                self.anchor_selection();
            }
            Screen::WorkPlan => self.move_plan_selection(action),
            Screen::Alerts => self.alerts.apply(action, self.snapshot.alerts.len()),
            _ => {}
        }
    }

    fn open(&mut self) {
        let id = match self.screen {
            Screen::Reports => {
                self.open_in_report();
                None
            }
            Screen::Families if self.family_list.caseload => {
                self.open_caseload_row();
                None
            }
            Screen::Families => {
                self.anchor_selection();
                self.selected_family()
            }
            Screen::Alerts => {
                let Some(alert) = self.snapshot.alerts.get(self.alerts.index) else {
                    return;
                };
                let id = alert.deadline.family_id;
                let kind = alert.deadline.kind;
                let record = alert.deadline.record_id;
                self.select_family(id);
                self.screen = Screen::Families;
                self.detail_scroll = 0;
                self.family_detail = self.load_detail(id);
                // Straight to where the alert is resolved: a form, or the plan's item.
                use crate::domain::alerts::DeadlineKind as K;
                match kind {
                    K::Assessment => self.new_assessment(),
                    K::CourtOpinion => self.open_court_request(record),
                    K::WorkPlan
                    | K::PlanIncomplete
                    | K::NoConsultation
                    | K::ActionDeadline
                    | K::NoChildPlanLink => self.open_plan_for_alert(id, kind),
                    K::VisitOutcome => {
                        if let Some(visit) = record {
                            self.open_visit_form(visit, true);
                        }
                    }
                    K::NoContact | K::MonitoringCheckIn => self.book_visit_for(id),
                    K::MonitoringEnded => self.open_status_menu(),
                }
                return;
            }
            _ => None,
        };
        if let Some(id) = id {
            self.detail_scroll = 0;
            self.family_detail = self.load_detail(id);
        }
    }

    fn load_detail(&mut self, id: Id) -> Option<FamilyDetail> {
        match self.backend.family_detail(&self.caller, id) {
            Ok(detail) => detail,
            Err(e) => {
                self.notice = Some(Notice::Error(i18n::command_error(self.lang, &e)));
                None
            }
        }
    }

    /// Visits on `day` in the loaded month (counted from the index).
    pub fn visits_on(&self, day: NaiveDate) -> u32 {
        self.calendar.month_counts.get(&day).copied().unwrap_or(0)
    }
}
