//! Visits through the App: booking with a family found by typing, warnings about
//! overlaps and holidays, recording with plan actions ticked and the next visit
//! booked, rescheduling and cancelling with history, the alert for a visit left without
//! an outcome, and the contact and monitoring alerts that open the booking form or the
//! status menu.

mod common;

use asystent::app::{App, Popup};
use asystent::config::{Config, Language};
use asystent::domain::alerts::DeadlineKind;
use asystent::domain::{ActionStatus, Visit, VisitChangeKind, VisitStatus};
use asystent::service::Service;
use chrono::{NaiveDate, NaiveTime, Timelike};
use common::keys::{calendar_on, form, press, save, tab, typed};
use ratatui::crossterm::event::KeyCode;
use tempfile::TempDir;

fn app(login: &str) -> (TempDir, App) {
    let (dir, store) = common::demo_store();
    let config = Config::defaults();
    let service = Service::new(store, config.alert_rules(), config.caseload_limit);
    let app = App::new(service, login, common::today(), Language::English).unwrap();
    (dir, app)
}

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn time(h: u32, m: u32) -> NaiveTime {
    NaiveTime::from_hms_opt(h, m, 0).unwrap()
}

/// The visits of the calendar's selected day for a family whose name contains `name`.
fn visits_of(app: &App, name: &str) -> Vec<Visit> {
    app.calendar
        .day_visits
        .iter()
        .filter(|v| {
            app.snapshot
                .family(v.family_id)
                .is_some_and(|r| r.family.name.contains(name))
        })
        .cloned()
        .collect()
}

/// Visit `id` as stored, read as the supervisor.
fn stored_visit(app: &App, id: asystent::domain::Id) -> Visit {
    let service = app.local_service().unwrap();
    let caller = service.caller("kierownik", common::today()).unwrap();
    service.visit(&caller, id).unwrap().unwrap().value
}

/// Opens the day's visits with visit `id` selected.
fn open_day_on(app: &mut App, id: asystent::domain::Id) {
    press(app, KeyCode::Enter);
    let index = app
        .calendar
        .day_visits
        .iter()
        .position(|v| v.id == id)
        .expect("the visit is on the selected day");
    for _ in 0..index {
        press(app, KeyCode::Down);
    }
}

/// Books a visit on the selected day for the family found by `find`, at `at`.
fn book(app: &mut App, find: &str, at: &str) {
    press(app, KeyCode::Char('n'));
    typed(app, find);
    tab(app, 2);
    typed(app, at);
    save(app);
}

/// Books a visit and saves it again past any warning (an overlap in the demo data).
fn book_anyway(app: &mut App, find: &str, at: &str) {
    book(app, find, at);
    if app.popup().is_some() {
        assert!(
            form(app).message.is_some(),
            "only a warning keeps the form open"
        );
        save(app);
    }
    assert!(app.popup().is_none());
}

#[test]
fn a_visit_is_booked_for_a_family_found_by_typing_without_diacritics() {
    let (_dir, mut app) = app("kierownik");
    calendar_on(&mut app, "25.11.2026");
    let before = app.calendar.day_visits.len();
    press(&mut app, KeyCode::Char('n'));
    typed(&mut app, "gorska");
    let f = form(&app).field("family").unwrap();
    assert_eq!(f.matches().len(), 1, "one family matches");
    assert!(f.display(Language::English).contains("Górska"));
    tab(&mut app, 2);
    typed(&mut app, "17:30");
    save(&mut app);
    assert!(
        app.popup().is_none(),
        "saved: {:?}",
        app.popup().map(|_| form(&app).message.clone())
    );
    assert_eq!(app.calendar.day_visits.len(), before + 1);
    let v = &visits_of(&app, "Górska")[0];
    assert_eq!(
        (v.date, v.time, v.duration_min),
        (date(2026, 11, 25), time(17, 30), 60)
    );
    assert_eq!(v.status, VisitStatus::Planned);
    let assistant = app.snapshot.family(v.family_id).unwrap().family.assistant;
    assert_eq!(
        Some(v.assistant),
        assistant,
        "the family's assistant visits"
    );
}

#[test]
fn an_overlap_and_a_holiday_are_warned_about_and_may_still_be_saved() {
    let (_dir, mut app) = app("kierownik");
    calendar_on(&mut app, "25.12.2026");
    book(&mut app, "gorska", "10:00");
    let message = form(&app).message.clone().expect("a warning first");
    assert!(message.contains("public holiday"), "{message}");
    assert!(message.contains("Ctrl-S again"), "{message}");
    assert!(visits_of(&app, "Górska").is_empty(), "not saved yet");
    save(&mut app);
    assert!(app.popup().is_none());
    assert_eq!(visits_of(&app, "Górska").len(), 1);

    // Another family of the same assistant at 10:30 overlaps the first visit.
    let first = visits_of(&app, "Górska")[0].clone();
    let other = app
        .snapshot
        .families
        .iter()
        .find(|r| r.family.assistant == Some(first.assistant) && r.family.id != first.family_id)
        .map(|r| r.family.case_number.clone())
        .unwrap();
    book(&mut app, &other, "10:30");
    let message = form(&app).message.clone().expect("a warning");
    assert!(message.contains("10:00"), "{message}");
    assert!(message.contains("Górska"), "{message}");
    // Changing the time (the focus is still on it) clears the reason: 11:00 is free,
    // and the holiday is confirmed again.
    for _ in 0..5 {
        press(&mut app, KeyCode::Backspace);
    }
    typed(&mut app, "11:00");
    save(&mut app);
    let message = form(&app).message.clone().expect("still a holiday");
    assert!(!message.contains("10:00"), "{message}");
    save(&mut app);
    assert!(app.popup().is_none());
}

#[test]
fn a_wrong_time_or_duration_is_refused_on_its_field() {
    let (_dir, mut app) = app("kierownik");
    calendar_on(&mut app, "25.11.2026");
    book(&mut app, "gorska", "25:00");
    assert_eq!(
        form(&app).field("time").unwrap().error.as_deref(),
        Some("time: HH:MM, e.g. 17:30")
    );
    for _ in 0..5 {
        press(&mut app, KeyCode::Backspace);
    }
    typed(&mut app, "9:15");
    tab(&mut app, 1);
    press(&mut app, KeyCode::Backspace);
    press(&mut app, KeyCode::Backspace);
    typed(&mut app, "1");
    save(&mut app);
    assert_eq!(
        form(&app).field("duration").unwrap().error.as_deref(),
        Some("from 5 to 720")
    );
    assert!(visits_of(&app, "Górska").is_empty());
}

#[test]
fn a_past_visit_is_recorded_with_actions_ticked_and_the_next_visit_booked() {
    let (_dir, mut app) = app("kierownik");
    assert!(app.snapshot.alerts.iter().any(|a| {
        a.deadline.kind == DeadlineKind::VisitOutcome
            && app
                .snapshot
                .family(a.deadline.family_id)
                .unwrap()
                .family
                .name
                == "Górska"
    }));
    calendar_on(&mut app, "20.11.2026");
    let planned = visits_of(&app, "Górska")
        .into_iter()
        .find(|v| v.status == VisitStatus::Planned)
        .expect("the demo leaves this visit without an outcome");
    open_day_on(&mut app, planned.id);
    press(&mut app, KeyCode::Enter);
    // Outcome held (first); who was present; the three parts.
    tab(&mut app, 1);
    typed(&mut app, "matka, Zofia");
    tab(&mut app, 1);
    typed(&mut app, "Opłacono czynsz.");
    tab(&mut app, 1);
    typed(&mut app, "Rozmowa o budżecie.");
    tab(&mut app, 1);
    typed(&mut app, "Wizyta w MOPS.");
    // Tick the first open plan action, then book the next visit in a week.
    let ticks = form(&app)
        .fields
        .iter()
        .filter(|f| f.id == "action")
        .count();
    assert!(ticks > 0, "the plan has open actions to tick");
    tab(&mut app, 1);
    press(&mut app, KeyCode::Char(' '));
    tab(&mut app, ticks);
    typed(&mut app, "27.11.2026");
    tab(&mut app, 1);
    typed(&mut app, "16:00");
    save(&mut app);
    assert!(
        matches!(app.popup(), Some(Popup::DayVisits { .. })),
        "{:?}",
        app.popup().map(|_| form(&app).message.clone())
    );
    let recorded = stored_visit(&app, planned.id);
    let caller = app
        .local_service()
        .unwrap()
        .caller("kierownik", common::today())
        .unwrap();
    assert_eq!(recorded.status, VisitStatus::Held);
    assert_eq!(recorded.record.present, "matka, Zofia");
    assert_eq!(recorded.record.tasks, "Wizyta w MOPS.");
    let detail = app
        .local_service()
        .unwrap()
        .family_detail(&caller, planned.family_id)
        .unwrap()
        .unwrap();
    let done = detail
        .plan
        .unwrap()
        .goals
        .iter()
        .flat_map(|g| g.actions.iter())
        .filter(|a| a.status == ActionStatus::Done(date(2026, 11, 20)))
        .count();
    assert!(done >= 1, "the ticked action is done on the visit's day");
    let next = detail
        .visits
        .iter()
        .find(|v| v.date == date(2026, 11, 27) && v.time == time(16, 0))
        .expect("the next visit is booked");
    assert_eq!(next.status, VisitStatus::Planned);
    assert_eq!(next.kind, recorded.kind);
    assert!(
        !app.snapshot
            .alerts
            .iter()
            .any(|a| a.deadline.kind == DeadlineKind::VisitOutcome
                && a.deadline.family_id == planned.family_id),
        "the alert is gone"
    );
}

#[test]
fn rescheduling_and_cancelling_keep_the_history() {
    let (_dir, mut app) = app("kierownik");
    calendar_on(&mut app, "25.11.2026");
    book_anyway(&mut app, "gorska", "12:00");
    let v = visits_of(&app, "Górska")[0].clone();
    open_day_on(&mut app, v.id);
    press(&mut app, KeyCode::Char('r'));
    for _ in 0..10 {
        press(&mut app, KeyCode::Backspace);
    }
    typed(&mut app, "26.11.2026");
    tab(&mut app, 1);
    for _ in 0..5 {
        press(&mut app, KeyCode::Backspace);
    }
    typed(&mut app, "13:15");
    save(&mut app);
    let moved = stored_visit(&app, v.id);
    assert_eq!((moved.date, moved.time), (date(2026, 11, 26), time(13, 15)));
    assert_eq!(
        moved.history[0].what,
        VisitChangeKind::Rescheduled {
            from_date: date(2026, 11, 25),
            from_time: time(12, 0)
        }
    );
    assert_eq!(moved.history[0].by, "kierownik");
    assert_eq!(
        app.calendar.selected,
        date(2026, 11, 26),
        "the calendar follows it"
    );

    // Cancel it from the new day's list: it stays, cancelled, with the history.
    press(&mut app, KeyCode::Esc);
    open_day_on(&mut app, v.id);
    press(&mut app, KeyCode::Char('x'));
    press(&mut app, KeyCode::Char('y'));
    let cancelled = stored_visit(&app, v.id);
    assert_eq!(cancelled.status, VisitStatus::Cancelled);
    assert_eq!(cancelled.history.len(), 2);
    assert_eq!(cancelled.history[1].what, VisitChangeKind::Cancelled);
    // A cancelled visit cannot be moved again.
    let service = app.local_service().unwrap();
    let caller = service.caller("kierownik", common::today()).unwrap();
    let err = service
        .reschedule_visit(
            &caller,
            v.id,
            3,
            date(2026, 12, 1),
            time(9, 0),
            common::today(),
        )
        .unwrap_err();
    assert!(matches!(
        err,
        asystent::service::CommandError::VisitNotPlanned
    ));
}

#[test]
fn a_future_visit_cannot_be_recorded_yet_and_p_prints_a_record() {
    let (dir, mut app) = app("kierownik");
    calendar_on(&mut app, "25.11.2026");
    book_anyway(&mut app, "gorska", "12:00");
    let v = visits_of(&app, "Górska")[0].clone();
    open_day_on(&mut app, v.id);
    press(&mut app, KeyCode::Enter);
    assert!(
        matches!(app.popup(), Some(Popup::DayVisits { .. })),
        "no form"
    );
    assert!(matches!(app.notice, Some(asystent::app::Notice::Error(_))));
    press(&mut app, KeyCode::Char('p'));
    let Some(asystent::app::Notice::Info(message)) = app.notice.clone() else {
        panic!("{:?}", app.notice)
    };
    let path = message.split_once(": ").unwrap().1.to_string();
    assert!(path.starts_with(dir.path().to_str().unwrap()));
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(
        text.contains("Górska") && text.contains("25.11.2026 12:00"),
        "{text}"
    );
}

#[test]
fn an_assistant_books_visits_only_for_own_families() {
    let (_dir, app) = app("akowalska");
    let caller = app
        .local_service()
        .unwrap()
        .caller("akowalska", common::today())
        .unwrap();
    let nowak = app
        .snapshot
        .staff
        .values()
        .find(|s| s.login == "mnowak")
        .unwrap()
        .id;
    let theirs = app
        .local_service()
        .unwrap()
        .store()
        .families_of_assistant(nowak)
        .unwrap()
        .records
        .remove(0)
        .value;
    let visit = Visit {
        id: 0,
        family_id: theirs.id,
        assistant: nowak,
        date: date(2026, 11, 25),
        time: time(9, 0),
        duration_min: 60,
        place: asystent::domain::VisitPlace::FamilyHome,
        kind: asystent::domain::VisitKind::HomeVisit,
        status: VisitStatus::Planned,
        record: Default::default(),
        history: Vec::new(),
    };
    let err = app
        .local_service()
        .unwrap()
        .save_visit(&caller, visit, None)
        .unwrap_err();
    assert!(matches!(
        err,
        asystent::service::CommandError::Forbidden { .. }
    ));
}

#[test]
fn working_time_sums_the_assistants_held_visits() {
    let (_dir, mut app) = app("akowalska");
    calendar_on(&mut app, "18.11.2026");
    let work = app
        .calendar
        .work
        .clone()
        .expect("an assistant sees their own time");
    let me = app.caller.account.as_ref().unwrap().id;
    assert_eq!(work.assistant, me);
    // The same sums straight from the visits of the month.
    let (first, last) = asystent::app::calendar::month_of(date(2026, 11, 18));
    let visits = app
        .local_service()
        .unwrap()
        .visits_between(&app.caller, &app.snapshot, first, last)
        .unwrap();
    let expected = asystent::domain::visits::minutes_worked(me, first, last, &visits);
    assert!(expected > 0, "the demo assistant held visits in November");
    assert_eq!(work.minutes(first, last), expected);
    let day = date(2026, 11, 18);
    assert_eq!(
        work.minutes(day, day),
        asystent::domain::visits::minutes_worked(me, day, day, &visits)
    );
    // A supervisor sees working time once an assistant is chosen on the Families screen.
    let (_dir, mut boss) = app_as_supervisor();
    calendar_on(&mut boss, "18.11.2026");
    assert!(boss.calendar.work.is_none());
    press(&mut boss, KeyCode::Char('2'));
    press(&mut boss, KeyCode::Char('w'));
    calendar_on(&mut boss, "18.11.2026");
    assert!(boss.calendar.work.is_some());
}

fn app_as_supervisor() -> (TempDir, App) {
    app("kierownik")
}

/// Presses Enter on the first alert of `kind` on the Alerts screen; its family id.
fn enter_on_alert(app: &mut App, kind: DeadlineKind) -> asystent::domain::Id {
    common::keys::enter_on_alert(app, kind).deadline.family_id
}

#[test]
fn a_contact_or_check_in_alert_opens_the_booking_form_for_its_family_today() {
    for kind in [DeadlineKind::NoContact, DeadlineKind::MonitoringCheckIn] {
        let (_dir, mut app) = app("kierownik");
        // The calendar elsewhere: the booking still proposes today.
        calendar_on(&mut app, "15.01.2027");
        let family = enter_on_alert(&mut app, kind);
        let row = app.snapshot.family(family).unwrap();
        let f = form(&app);
        let chosen = f.field("family").unwrap().display(Language::English);
        assert!(
            chosen.starts_with(&row.family.case_number),
            "{kind:?}: {chosen} is not {}",
            row.family.case_number
        );
        assert_eq!(f.text("date"), "22.11.2026", "{kind:?}");
        // Booked at a free hour, it is a planned visit of that family.
        tab(&mut app, 2);
        typed(&mut app, "19:45");
        save(&mut app);
        if app.popup().is_some() {
            save(&mut app);
        }
        assert!(app.popup().is_none(), "{kind:?}");
        let booked = app
            .local_service()
            .unwrap()
            .store()
            .visits_of(family)
            .unwrap()
            .records
            .into_iter()
            .any(|v| v.value.date == date(2026, 11, 22) && v.value.time == time(19, 45));
        assert!(booked, "{kind:?}");
    }
}

#[test]
fn an_ended_monitoring_opens_the_status_menu_with_archive_first() {
    let (_dir, store) = common::demo_store();
    let config = Config::defaults();
    let service = Service::new(store, config.alert_rules(), config.caseload_limit);
    // A year and a half on, every monitoring of the demo has ended.
    let mut app = App::new(service, "kierownik", date(2028, 6, 1), Language::English).unwrap();
    let family = enter_on_alert(&mut app, DeadlineKind::MonitoringEnded);
    assert_eq!(
        app.family_detail.as_ref().map(|d| d.family.id),
        Some(family)
    );
    match app.popup() {
        Some(Popup::StatusMenu { options, selected }) => {
            assert_eq!(
                options[*selected],
                asystent::domain::lifecycle::Transition::Archive
            );
        }
        other => panic!("expected the status menu, found {other:?}"),
    }
}

#[test]
fn a_held_visit_moves_the_contact_clock() {
    let (_dir, app) = app("kierownik");
    let alert = app
        .snapshot
        .alerts
        .iter()
        .find(|a| a.deadline.kind == DeadlineKind::NoContact)
        .expect("the demo has a family without recent contact")
        .clone();
    let family = alert.deadline.family_id;
    let store = app.local_service().unwrap().store();
    let mut visit = store
        .visits_of(family)
        .unwrap()
        .records
        .into_iter()
        .map(|v| v.value)
        .max_by_key(|v| v.id)
        .unwrap();
    visit.id = store.new_id().unwrap();
    visit.date = date(2026, 11, 21);
    visit.status = VisitStatus::Held;
    visit.history.clear();
    store.put_visit(&visit, None).unwrap();
    let caller = app
        .local_service()
        .unwrap()
        .caller("kierownik", common::today())
        .unwrap();
    let snapshot = app
        .local_service()
        .unwrap()
        .snapshot(&caller, common::today())
        .unwrap();
    assert!(
        !snapshot
            .alerts
            .iter()
            .any(|a| a.deadline.kind == DeadlineKind::NoContact && a.deadline.family_id == family),
        "seen yesterday: no contact alert"
    );
    // The clock runs again from that visit: on 5.12 contact is due today.
    let later = app
        .local_service()
        .unwrap()
        .snapshot(&caller, date(2026, 12, 5))
        .unwrap();
    let due: Vec<_> = later
        .alerts
        .iter()
        .filter(|a| a.deadline.kind == DeadlineKind::NoContact && a.deadline.family_id == family)
        .map(|a| a.deadline.due)
        .collect();
    assert_eq!(due, [date(2026, 12, 5)]);
}

/// What one login sees of the demo: the caller, the snapshot on `common::today()`, and
/// the visits of a span of days of the families in it, read from the store directly.
struct Scope {
    login: &'static str,
    caller: asystent::service::Caller,
    snapshot: asystent::service::Snapshot,
    theirs: Vec<Visit>,
}

/// The demo's service and what the whole office, a supervisor (both the date index), a
/// social worker (the walk, then each family's days) and an assistant (the assistant
/// index) see of the visits from `from` to `to`.
fn scopes(from: NaiveDate, to: NaiveDate) -> (TempDir, Service, Vec<Scope>) {
    let (dir, store) = common::demo_store();
    let all: Vec<Visit> = store
        .visits_between(from, to)
        .unwrap()
        .records
        .into_iter()
        .map(|v| v.value)
        .collect();
    let config = Config::defaults();
    let service = Service::new(store, config.alert_rules(), config.caseload_limit);
    let today = common::today();
    let scopes = ["nobody", "kierownik", "ps.lis", "akowalska"]
        .into_iter()
        .map(|login| {
            let caller = service.caller(login, today).unwrap();
            let snapshot = service.snapshot(&caller, today).unwrap();
            let visible: std::collections::HashSet<_> =
                snapshot.families.iter().map(|r| r.family.id).collect();
            let theirs: Vec<Visit> = all
                .iter()
                .filter(|v| visible.contains(&v.family_id))
                .cloned()
                .collect();
            assert!(theirs.len() > 1, "{login} has visits to expect");
            Scope {
                login,
                caller,
                snapshot,
                theirs,
            }
        })
        .collect();
    (dir, service, scopes)
}

#[test]
fn the_overview_holds_every_visible_visit_of_today_and_tomorrow_in_order() {
    let today = common::today();
    let tomorrow = today.succ_opt().unwrap();
    let (_dir, service, scopes) = scopes(today, tomorrow);
    for scope in &scopes {
        assert_eq!(scope.snapshot.upcoming, scope.theirs, "{}", scope.login);
    }
    // An administrator reads the date index too, and sees none of the families.
    let mut admin = service.caller("kierownik", today).unwrap();
    if let Some(account) = admin.account.as_mut() {
        account.role = asystent::domain::Role::Admin;
    }
    let snapshot = service.snapshot(&admin, today).unwrap();
    assert!(snapshot.families.is_empty());
    assert_eq!(snapshot.upcoming, Vec::<Visit>::new());
}

/// The screen `app` draws at 80×24, as text.
fn screen_of(app: &App) -> String {
    let mut terminal = ratatui::Terminal::new(ratatui::backend::TestBackend::new(80, 24)).unwrap();
    let theme = asystent::ui::Theme { color: false };
    terminal
        .draw(|f| asystent::ui::render(f, app, &theme))
        .unwrap();
    format!("{}", terminal.backend())
}

/// Books `n` more visits on `day` for the demo's families, one after another (`bulk`:
/// all in one import).
fn crowd_day(store: &asystent::store::Store, day: NaiveDate, n: usize) {
    crowd(store, day, n, false)
}

fn crowd(store: &asystent::store::Store, day: NaiveDate, n: usize, bulk: bool) {
    let families: Vec<_> = store
        .families()
        .unwrap()
        .records
        .into_iter()
        .map(|f| f.value)
        .collect();
    let template = store
        .visits_between(date(2000, 1, 1), date(2100, 1, 1))
        .unwrap()
        .records
        .remove(0)
        .value;
    let mut bulk_visits = Vec::new();
    for i in 0..n {
        let family = &families[i % families.len()];
        let visit = Visit {
            id: store.new_id().unwrap(),
            family_id: family.id,
            assistant: family.assistant.unwrap_or(template.assistant),
            date: day,
            time: time(7 + (i % 12) as u32, (i % 4) as u32 * 15),
            status: VisitStatus::Planned,
            history: Vec::new(),
            ..template.clone()
        };
        match bulk {
            true => bulk_visits.push(visit),
            false => drop(store.put_visit(&visit, None).unwrap()),
        }
    }
    if bulk {
        let data = asystent::domain::Dataset {
            visits: bulk_visits,
            ..Default::default()
        };
        store.import(&data).unwrap();
    }
}

#[test]
fn a_crowded_day_is_read_only_as_far_as_the_month_view_shows_and_says_so() {
    use asystent::app::calendar::DAY_VISITS_LOADED;
    let (_dir, store) = common::demo_store();
    let day = date(2026, 12, 3);
    let before = store.visits_between(day, day).unwrap().records.len();
    crowd_day(&store, day, DAY_VISITS_LOADED + 30);
    let total = before + DAY_VISITS_LOADED + 30;
    let all: Vec<Visit> = store
        .visits_between(day, day)
        .unwrap()
        .records
        .into_iter()
        .map(|v| v.value)
        .collect();
    assert_eq!(all.len(), total);
    let config = Config::defaults();
    let service = Service::new(store, config.alert_rules(), config.caseload_limit);
    let mut app = App::new(service, "nobody", common::today(), Language::English).unwrap();
    calendar_on(&mut app, "03.12.2026");
    // The first of the day by time, and the count of them all from the day's count.
    assert_eq!(app.calendar.day_visits, all[..DAY_VISITS_LOADED]);
    assert_eq!(app.calendar.day_total, total);
    let screen = screen_of(&app);
    assert!(screen.contains(&format!("03.12.2026: {total}")), "{screen}");
    assert!(
        screen.contains(&format!("the first {DAY_VISITS_LOADED} of {total}")),
        "{screen}"
    );
    // The list of the day (Enter) holds what was read and its title says it is not all.
    press(&mut app, KeyCode::Enter);
    let screen = screen_of(&app);
    assert!(
        screen.contains(&format!("(the first {DAY_VISITS_LOADED} of {total})")),
        "{screen}"
    );
    // The agenda from that day reads its first visits and counts every day whole.
    press(&mut app, KeyCode::Esc);
    press(&mut app, KeyCode::Char('v'));
    press(&mut app, KeyCode::Char('v'));
    use asystent::app::calendar::AGENDA_VISITS_LOADED;
    assert_eq!(app.calendar.range_visits.len(), AGENDA_VISITS_LOADED);
    assert_eq!(app.calendar.range_visits[..], all[..AGENDA_VISITS_LOADED]);
    assert_eq!(app.calendar.range_counts.get(&day), Some(&(total as u32)));
    assert_eq!(app.calendar.day_total, total);
    let screen = screen_of(&app);
    assert!(
        screen.contains(&format!("03.12.2026 ({total})")),
        "{screen}"
    );
    let (from, to) = asystent::app::calendar::agenda_span(day);
    let in_span: u32 = app.calendar.range_counts.values().sum();
    let store_span = app
        .local_service()
        .unwrap()
        .store()
        .visits_between(from, to)
        .unwrap()
        .records
        .len();
    assert_eq!(in_span as usize, store_span);
    let listed = screen
        .lines()
        .filter(|l| l.contains(" planned") || l.contains(" held"))
        .count();
    assert!(
        screen.contains(&format!("+{} more", store_span - listed)),
        "{listed} listed of {store_span}:\n{screen}"
    );
    // A quiet day is read whole and says nothing of the sort.
    press(&mut app, KeyCode::Char('v'));
    calendar_on(&mut app, "04.12.2026");
    assert_eq!(app.calendar.day_total, app.calendar.day_visits.len());
}

#[test]
fn the_first_visits_of_a_day_are_the_days_first_in_every_scope() {
    let day = common::today();
    let (_dir, service, scopes) = scopes(day, day);
    for Scope {
        login,
        caller,
        snapshot,
        theirs,
    } in &scopes
    {
        for limit in [0, 1, theirs.len() - 1, theirs.len(), theirs.len() + 5] {
            let first = service
                .first_visits_between(caller, snapshot, day, day, limit)
                .unwrap();
            assert_eq!(first, theirs[..limit.min(theirs.len())], "{login} {limit}");
            let served = service
                .first_visits_in_scope(caller, day, day, limit)
                .unwrap();
            assert_eq!(served, first, "{login} {limit} over the socket");
        }
        let served = service.visits_in_scope(caller, day, day).unwrap();
        assert_eq!(&served, theirs, "{login}: the day over the socket");
    }
    // Who is not scoped sees every family or none, whatever the family: an administrator
    // and a disabled supervisor none, and their days over the socket are empty.
    let families = service.store().families().unwrap().records;
    for (role, active) in [
        (asystent::domain::Role::Supervisor, true),
        (asystent::domain::Role::Supervisor, false),
        (asystent::domain::Role::Admin, true),
    ] {
        let mut caller = service.caller("kierownik", day).unwrap();
        if let Some(account) = caller.account.as_mut() {
            account.role = role;
            account.active = active;
        }
        let all = caller.sees_whole_office().expect("not scoped");
        assert!(families.iter().all(|f| caller.sees(&f.value) == all));
        let served = service
            .first_visits_in_scope(&caller, day, day, 10)
            .unwrap();
        assert_eq!(served.is_empty(), !all, "{role:?} {active}");
        assert_eq!(
            service
                .visits_in_scope(&caller, day, day)
                .unwrap()
                .is_empty(),
            !all
        );
    }
    let assistant = service.caller("akowalska", day).unwrap();
    assert_eq!(assistant.sees_whole_office(), None);
}

#[test]
fn a_crowded_week_is_drawn_from_the_visits_starting_in_each_hour() {
    use asystent::app::calendar::{DAY_VISITS_LOADED, WEEK_VISITS_LOADED};
    let (_dir, store) = common::demo_store();
    let day = date(2026, 12, 3);
    crowd(&store, day, WEEK_VISITS_LOADED as usize + 1, true);
    let (monday, sunday) = asystent::app::calendar::week_of(day);
    let in_week = store.visits_between(monday, sunday).unwrap().records;
    let at_seven = in_week
        .iter()
        .filter(|v| v.value.date == day && v.value.time.hour() == 7)
        .count();
    let on_day = in_week.iter().filter(|v| v.value.date == day).count();
    let config = Config::defaults();
    let service = Service::new(store, config.alert_rules(), config.caseload_limit);
    let mut app = App::new(service, "nobody", common::today(), Language::English).unwrap();
    calendar_on(&mut app, "03.12.2026");
    press(&mut app, KeyCode::Char('v'));
    let hours = app
        .calendar
        .hour_counts
        .clone()
        .expect("counts, not visits");
    assert!(app.calendar.range_visits.is_empty());
    assert_eq!(hours.values().sum::<u32>() as usize, in_week.len());
    assert_eq!(hours.get(&(day, 7)), Some(&(at_seven as u32)));
    assert_eq!(app.calendar.day_visits.len(), DAY_VISITS_LOADED);
    assert_eq!(app.calendar.day_total, on_day);
    let screen = screen_of(&app);
    let seven = screen
        .lines()
        .find(|l| l.starts_with("\"07│"))
        .unwrap_or_default();
    assert!(seven.contains(&at_seven.to_string()), "{screen}");
    assert!(screen.contains("visits starting in each hour"), "{screen}");
    // An ordinary week is read whole and its grid names the visits.
    calendar_on(&mut app, "02.11.2026");
    assert_eq!(app.calendar.hour_counts, None);
    assert!(!app.calendar.range_visits.is_empty());
}
