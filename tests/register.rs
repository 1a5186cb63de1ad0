//! The family register's data entry through the App: forms, PESEL rules, caseload
//! limit, lifecycle, deletion and the cooperation log, typed as a user would.

mod common;

use common::keys::{form, press, save, tab, typed};

use asystent::app::{App, Popup};
use asystent::config::{Config, Language};
use asystent::domain::lifecycle::Transition;
use asystent::domain::pesel::Pesel;
use asystent::domain::{Cooperation, FamilyStatus, Id, InstitutionKind, Role};
use asystent::service::{CommandError, Service};
use chrono::NaiveDate;
use ratatui::crossterm::event::KeyCode;
use tempfile::TempDir;

fn field_error(app: &App, id: &str) -> Option<String> {
    form(app).field(id).and_then(|f| f.error.clone())
}

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// An App for `login` on the demo register with the caseload limit `limit`.
fn app_with_limit(login: &str, limit: u32) -> (TempDir, App) {
    let (dir, store) = common::demo_store();
    let config = Config::defaults();
    let service = Service::new(store, config.alert_rules(), limit);
    let app = App::new(service, login, common::today(), Language::English).unwrap();
    (dir, app)
}

fn staff_id(app: &App, login: &str) -> Id {
    app.snapshot
        .staff
        .values()
        .find(|s| s.login == login)
        .map(|s| s.id)
        .unwrap()
}

/// Types a new family on the Families screen and saves it; the form's assistant
/// choice is moved `assistant_steps` times, the consent date typed if given.
fn register(app: &mut App, name: &str, assistant_steps: usize, consent: Option<&str>) {
    press(app, KeyCode::Char('2'));
    press(app, KeyCode::Char('n'));
    tab(app, 1);
    typed(app, name);
    tab(app, 1);
    typed(app, "ul. Zmyślona 5/3, 00-950 Nibylandia");
    tab(app, 1);
    typed(app, "500 100 200, 22 300 40 50");
    tab(app, 1);
    for _ in 0..assistant_steps {
        press(app, KeyCode::Char(' '));
    }
    tab(app, 4);
    if let Some(consent) = consent {
        typed(app, consent);
    }
    save(app);
}

fn selected_detail_status(app: &App) -> FamilyStatus {
    app.family_detail.as_ref().unwrap().family.status
}

#[test]
fn a_new_family_with_two_children_is_typed_and_saved() {
    let (_dir, mut app) = app_with_limit("kierownik", 15);
    let before = app.snapshot.families.len();
    press(&mut app, KeyCode::Char('2'));
    press(&mut app, KeyCode::Char('n'));
    let suggested = form(&app).text("case_number");
    assert!(suggested.starts_with("AR/2026/"), "{suggested}");
    assert!(
        app.snapshot
            .families
            .iter()
            .all(|r| r.family.case_number != suggested),
        "the suggestion is free"
    );
    press(&mut app, KeyCode::Esc);
    register(&mut app, "Wiśniewska-Żółć", 1, Some("dziś"));
    assert!(app.popup().is_none(), "saved and closed");
    assert_eq!(app.snapshot.families.len(), before + 1);
    let row = &app.snapshot.families[app.families.index];
    let family = &row.family;
    assert_eq!(
        family.name, "Wiśniewska-Żółć",
        "the selection is the new family"
    );
    assert_eq!(family.case_number, suggested);
    assert_eq!(family.phones, ["500 100 200", "22 300 40 50"]);
    assert_eq!(family.consent_date, Some(common::today()));
    assert!(family.assistant.is_some());
    assert_eq!(family.status, FamilyStatus::Referred);
    assert_eq!(family.history.len(), 1);
    assert_eq!(family.history[0].by, "kierownik");

    // Two children: one with a PESEL that fills the birth date, one with a typed date.
    let pesel = Pesel::generate(date(2016, 3, 14), 1234).unwrap();
    press(&mut app, KeyCode::Char('m'));
    press(&mut app, KeyCode::Char('n'));
    typed(&mut app, "Zofia");
    tab(&mut app, 3);
    typed(&mut app, pesel.as_str());
    assert_eq!(
        form(&app).text("birth"),
        "14.03.2016",
        "a valid PESEL fills the birth date"
    );
    save(&mut app);
    assert!(matches!(app.popup(), Some(Popup::Members { .. })));
    press(&mut app, KeyCode::Char('n'));
    typed(&mut app, "Łucjan");
    tab(&mut app, 2);
    typed(&mut app, "2020-06-01");
    save(&mut app);
    press(&mut app, KeyCode::Esc);
    let detail = app.family_detail.as_ref().unwrap();
    assert_eq!(detail.members.len(), 2);
    let zofia = detail
        .members
        .iter()
        .find(|m| m.first_name == "Zofia")
        .unwrap();
    assert_eq!(zofia.birth_date, Some(date(2016, 3, 14)));
    assert_eq!(zofia.pesel.as_ref(), Some(&pesel));
    assert_eq!(
        zofia.last_name, "Wiśniewska-Żółć",
        "the family name is proposed"
    );
    let lucjan = detail
        .members
        .iter()
        .find(|m| m.first_name == "Łucjan")
        .unwrap();
    assert_eq!(lucjan.birth_date, Some(date(2020, 6, 1)));
    let row = app
        .snapshot
        .families
        .iter()
        .find(|r| r.family.name == "Wiśniewska-Żółć")
        .unwrap();
    assert_eq!(row.children, 2);
}

#[test]
fn invalid_fields_are_marked_inline_and_nothing_is_saved() {
    let (_dir, mut app) = app_with_limit("kierownik", 15);
    let before = app.snapshot.families.len();
    press(&mut app, KeyCode::Char('2'));
    press(&mut app, KeyCode::Char('n'));
    tab(&mut app, 7);
    // Referral date: clear the proposed date and type an impossible one.
    for _ in 0..10 {
        press(&mut app, KeyCode::Backspace);
    }
    typed(&mut app, "31.02.2026");
    save(&mut app);
    assert_eq!(
        field_error(&app, "name").as_deref(),
        Some("required"),
        "the empty name is marked"
    );
    assert_eq!(
        field_error(&app, "referral").as_deref(),
        Some("there is no such day in the calendar")
    );
    assert_eq!(
        form(&app).focus,
        1,
        "the focus goes to the first invalid field"
    );
    assert_eq!(app.snapshot.families.len(), before, "nothing saved");

    // A date in the future is refused by the record rules, on its field.
    for _ in 0..10 {
        press(&mut app, KeyCode::Backspace);
    }
    typed(&mut app, "Nowakowska");
    tab(&mut app, 6);
    for _ in 0..10 {
        press(&mut app, KeyCode::Backspace);
    }
    typed(&mut app, "+30");
    save(&mut app);
    assert_eq!(
        field_error(&app, "referral").as_deref(),
        Some("date in the future")
    );
    assert_eq!(app.snapshot.families.len(), before);

    // Esc asks; "n" keeps the text; "y" discards.
    press(&mut app, KeyCode::Esc);
    assert!(form(&app).confirm_discard);
    press(&mut app, KeyCode::Char('n'));
    assert_eq!(form(&app).text("name"), "Nowakowska");
    press(&mut app, KeyCode::Esc);
    press(&mut app, KeyCode::Char('y'));
    assert!(app.popup().is_none());
    assert_eq!(app.snapshot.families.len(), before);
}

#[test]
fn a_case_number_is_unique_ignoring_case() {
    let (_dir, mut app) = app_with_limit("kierownik", 15);
    let taken = app.snapshot.families[0].family.case_number.to_lowercase();
    press(&mut app, KeyCode::Char('2'));
    press(&mut app, KeyCode::Char('n'));
    for _ in 0..20 {
        press(&mut app, KeyCode::Backspace);
    }
    typed(&mut app, &taken);
    tab(&mut app, 1);
    typed(&mut app, "Kowal");
    save(&mut app);
    let error = field_error(&app, "case_number").expect("a duplicate is refused");
    assert!(error.contains("already belongs"), "{error}");
}

#[test]
fn a_pesel_must_agree_with_the_birth_date_and_its_check_digit() {
    let (_dir, mut app) = app_with_limit("kierownik", 15);
    press(&mut app, KeyCode::Char('2'));
    press(&mut app, KeyCode::Char('m'));
    let members_before = app.family_detail.as_ref().unwrap().members.len();
    press(&mut app, KeyCode::Char('n'));
    typed(&mut app, "Ola");
    tab(&mut app, 2);
    typed(&mut app, "01.01.2015");
    tab(&mut app, 1);
    let other = Pesel::generate(date(2016, 5, 2), 77).unwrap();
    typed(&mut app, other.as_str());
    let error = field_error(&app, "pesel").expect("a contradiction is marked at once");
    assert!(error.contains("02.05.2016"), "{error}");
    save(&mut app);
    assert!(
        field_error(&app, "pesel").is_some(),
        "still refused at saving"
    );
    // A wrong check digit.
    for _ in 0..11 {
        press(&mut app, KeyCode::Backspace);
    }
    let mut digits = other.as_str().to_string();
    let last = digits.pop().unwrap().to_digit(10).unwrap();
    digits.push(char::from_digit((last + 1) % 10, 10).unwrap());
    typed(&mut app, &digits);
    assert_eq!(
        field_error(&app, "pesel").as_deref(),
        Some("the PESEL's check digit is wrong")
    );
    save(&mut app);
    press(&mut app, KeyCode::Esc);
    press(&mut app, KeyCode::Char('y'));
    assert_eq!(
        app.family_detail.as_ref().unwrap().members.len(),
        members_before,
        "nothing was saved"
    );
}

#[test]
fn the_caseload_limit_refuses_activation_and_names_the_assistant() {
    // Find an assistant's active count, then set the limit to exactly that.
    let (dir, app) = app_with_limit("kierownik", 15);
    let kowalska = staff_id(&app, "akowalska");
    let active = app
        .snapshot
        .caseload
        .iter()
        .find(|c| c.assistant.id == kowalska)
        .unwrap()
        .active;
    drop(app);
    drop(dir);
    let (_dir, mut app) = app_with_limit("kierownik", active);
    // The assistant choice lists assistants by name; find Kowalska's position.
    let mut assistants: Vec<_> = app
        .snapshot
        .staff
        .values()
        .filter(|s| s.role == Role::Assistant && s.active)
        .map(|s| s.name.clone())
        .collect();
    assistants.sort_by(|a, b| asystent::domain::text::polish_cmp(a, b));
    let steps = 1 + assistants
        .iter()
        .position(|n| n == "Anna Kowalska")
        .unwrap();
    register(&mut app, "Limitowa", steps, Some("dziś"));
    let id = app.selected_family().unwrap();
    assert_eq!(
        app.snapshot.family(id).unwrap().family.assistant,
        Some(kowalska)
    );
    press(&mut app, KeyCode::Char('s'));
    press(&mut app, KeyCode::Enter);
    save(&mut app);
    let message = form(&app).message.clone().expect("refused");
    assert!(message.contains("Anna Kowalska"), "{message}");
    assert!(
        message.contains(&format!("{active} active families")),
        "{message}"
    );
    assert!(message.contains(&format!("limit is {active}")), "{message}");
    press(&mut app, KeyCode::Esc);
    assert_eq!(selected_detail_status(&app), FamilyStatus::Referred);
}

#[test]
fn the_lifecycle_runs_through_the_status_menu_and_is_recorded() {
    let (_dir, mut app) = app_with_limit("kierownik", 15);
    // Without consent or a court order the work cannot start.
    register(&mut app, "Bezzgody", 1, None);
    press(&mut app, KeyCode::Char('s'));
    press(&mut app, KeyCode::Enter);
    save(&mut app);
    let message = form(&app).message.clone().unwrap();
    assert!(message.contains("consent"), "{message}");
    press(&mut app, KeyCode::Esc);

    register(&mut app, "Zgodna", 1, Some("-3"));
    press(&mut app, KeyCode::Char('s'));
    let Some(Popup::StatusMenu { options, .. }) = app.popup() else {
        panic!("the status menu")
    };
    assert_eq!(options, &[Transition::Activate, Transition::Close]);
    press(&mut app, KeyCode::Enter);
    save(&mut app);
    assert!(app.popup().is_none());
    assert_eq!(selected_detail_status(&app), FamilyStatus::Active);

    // Close: the summary is required; monitoring is proposed from the configuration.
    press(&mut app, KeyCode::Char('s'));
    press(&mut app, KeyCode::Down);
    press(&mut app, KeyCode::Enter);
    assert_eq!(form(&app).text("monitoring"), "22.05.2027");
    save(&mut app);
    assert_eq!(field_error(&app, "summary").as_deref(), Some("required"));
    typed(&mut app, "Cele osiągnięte.");
    save(&mut app);
    assert!(app.popup().is_none());
    let family = app.family_detail.as_ref().unwrap().family.clone();
    assert_eq!(family.status, FamilyStatus::Monitoring);
    assert_eq!(
        family.closure.as_ref().unwrap().monitoring_until,
        Some(date(2027, 5, 22))
    );

    // Reopen: the closure stays in the history.
    press(&mut app, KeyCode::Char('s'));
    press(&mut app, KeyCode::Down);
    press(&mut app, KeyCode::Enter);
    save(&mut app);
    let family = app.family_detail.as_ref().unwrap().family.clone();
    assert_eq!(family.status, FamilyStatus::Active);
    assert_eq!(family.closure, None);
    let to: Vec<_> = family.history.iter().map(|h| h.to).collect();
    assert_eq!(
        to,
        [
            FamilyStatus::Referred,
            FamilyStatus::Active,
            FamilyStatus::Monitoring,
            FamilyStatus::Active
        ]
    );
    assert!(family.history[2].closure.is_some());
    assert!(family.history.iter().all(|h| h.by == "kierownik"));
}

#[test]
fn only_a_family_without_documentation_can_be_deleted() {
    let (_dir, mut app) = app_with_limit("kierownik", 15);
    let before = app.snapshot.families.len();
    press(&mut app, KeyCode::Char('2'));
    // The first demo family has documentation.
    press(&mut app, KeyCode::Char('x'));
    let Some(Popup::Confirm { question, .. }) = app.popup() else {
        panic!("a question first")
    };
    let name = app.snapshot.families[0].family.name.clone();
    assert!(
        question.contains(&name),
        "the question names the family: {question}"
    );
    press(&mut app, KeyCode::Char('y'));
    assert!(matches!(
        app.notice,
        Some(asystent::app::Notice::Error(ref m)) if m.contains("only be closed")
    ));
    assert_eq!(app.snapshot.families.len(), before);

    press(&mut app, KeyCode::Esc);
    register(&mut app, "Pomyłkowa", 0, None);
    assert_eq!(app.snapshot.families.len(), before + 1);
    press(&mut app, KeyCode::Char('x'));
    press(&mut app, KeyCode::Char('n'));
    assert_eq!(app.snapshot.families.len(), before + 1, "no keeps it");
    press(&mut app, KeyCode::Char('x'));
    press(&mut app, KeyCode::Char('y'));
    assert_eq!(app.snapshot.families.len(), before);
    assert!(
        app.snapshot
            .families
            .iter()
            .all(|r| r.family.name != "Pomyłkowa")
    );
}

#[test]
fn a_member_named_in_the_documentation_is_marked_as_left_instead() {
    let (_dir, mut app) = app_with_limit("kierownik", 15);
    press(&mut app, KeyCode::Char('2'));
    press(&mut app, KeyCode::Char('m'));
    let detail = app.family_detail.clone().unwrap();
    let member = detail.members[0].clone();
    // Document the member by name in the cooperation log.
    let caller = app
        .local_service()
        .unwrap()
        .caller("kierownik", common::today())
        .unwrap();
    app.local_service()
        .unwrap()
        .save_cooperation(
            &caller,
            Cooperation {
                id: 0,
                family_id: detail.family.id,
                date: common::today(),
                institution: InstitutionKind::School,
                institution_name: "Szkoła Podstawowa nr 1".into(),
                person: String::new(),
                note: format!("Rozmowa: {} był(a) obecny(a).", member.first_name),
            },
            None,
            common::today(),
        )
        .unwrap();
    press(&mut app, KeyCode::Char('d'));
    press(&mut app, KeyCode::Char('y'));
    let message = form(&app).message.clone().expect("the edit form explains");
    assert!(message.contains("named in the documentation"), "{message}");
    assert_eq!(field_error(&app, "left").as_deref(), Some("required"));
    let left = form(&app).focus;
    assert_eq!(form(&app).fields[left].id, "left");
    typed(&mut app, "dziś");
    save(&mut app);
    press(&mut app, KeyCode::Esc);
    let detail = app.family_detail.as_ref().unwrap();
    let kept = detail.members.iter().find(|m| m.id == member.id).unwrap();
    assert_eq!(kept.left_household, Some(common::today()));
}

#[test]
fn the_cooperation_log_takes_new_entries_newest_first() {
    let (_dir, mut app) = app_with_limit("kierownik", 15);
    press(&mut app, KeyCode::Char('2'));
    press(&mut app, KeyCode::Char('i'));
    press(&mut app, KeyCode::Char('n'));
    tab(&mut app, 1);
    press(&mut app, KeyCode::Right);
    press(&mut app, KeyCode::Right);
    tab(&mut app, 1);
    typed(&mut app, "Sąd Rejonowy w Zielonowie");
    tab(&mut app, 1);
    typed(&mut app, "Jan Kurator");
    tab(&mut app, 1);
    typed(&mut app, "Ustalono wspólną wizytę.");
    save(&mut app);
    assert!(matches!(app.popup(), Some(Popup::Cooperation { .. })));
    let first = &app.family_detail.as_ref().unwrap().cooperation[0];
    assert_eq!(first.date, common::today());
    assert_eq!(first.institution, InstitutionKind::Court);
    assert_eq!(first.person, "Jan Kurator");
    assert_eq!(first.note, "Ustalono wspólną wizytę.");
}

#[test]
fn an_assistant_changes_only_own_families() {
    let (_dir, app) = app_with_limit("akowalska", 15);
    let service = app.local_service().unwrap();
    let caller = service.caller("akowalska", common::today()).unwrap();
    let nowak = staff_id(&app, "mnowak");
    let theirs = service
        .store()
        .families_of_assistant(nowak)
        .unwrap()
        .records
        .remove(0);
    let err = service
        .save_family(
            &caller,
            theirs.value.clone(),
            Some(theirs.rev),
            common::today(),
        )
        .unwrap_err();
    assert!(matches!(err, CommandError::Forbidden { ref login } if login == "akowalska"));
    let err = service
        .change_status(
            &caller,
            theirs.value.id,
            theirs.rev,
            Transition::Suspend,
            common::today(),
            None,
            common::today(),
        )
        .unwrap_err();
    assert!(matches!(err, CommandError::Forbidden { .. }));
}

#[test]
fn a_stale_revision_is_refused_not_overwritten() {
    let (_dir, mut app) = app_with_limit("kierownik", 15);
    press(&mut app, KeyCode::Char('2'));
    press(&mut app, KeyCode::Char('e'));
    // Someone else saves the family meanwhile.
    let detail = app.family_detail.clone().unwrap();
    let caller = app
        .local_service()
        .unwrap()
        .caller("kierownik", common::today())
        .unwrap();
    let mut other = detail.family.clone();
    other.notes = "Zmiana z innego terminala.".into();
    app.local_service()
        .unwrap()
        .save_family(&caller, other, Some(detail.family_rev), common::today())
        .unwrap();
    tab(&mut app, 2);
    typed(&mut app, " m. 4");
    save(&mut app);
    // Esc answers the reload-or-keep question: back to the form.
    press(&mut app, KeyCode::Esc);
    let message = form(&app).message.clone().expect("refused");
    // Who changed it comes from the audit log; the typed text stays in the form.
    assert!(
        message.starts_with("kierownik changed this record meanwhile (")
            && message.contains("nothing was overwritten"),
        "{message}"
    );
    assert!(form(&app).text("address").ends_with(" m. 4"));
    let stored = app
        .local_service()
        .unwrap()
        .store()
        .family(detail.family.id)
        .unwrap()
        .unwrap();
    assert_eq!(stored.value.notes, "Zmiana z innego terminala.");
    assert_eq!(stored.value.address, detail.family.address);
}

/// Opens the first family's edit form, has someone else change its notes meanwhile,
/// types " m. 4" after the address and saves into the conflict.
fn conflict_on_family_form(app: &mut App) -> asystent::service::FamilyDetail {
    press(app, KeyCode::Char('2'));
    press(app, KeyCode::Char('e'));
    let detail = app.family_detail.clone().unwrap();
    let service = app.local_service().unwrap();
    let caller = service.caller("kierownik", common::today()).unwrap();
    let mut other = detail.family.clone();
    other.notes = "Zmiana z innego terminala.".into();
    service
        .save_family(&caller, other, Some(detail.family_rev), common::today())
        .unwrap();
    tab(app, 2);
    typed(app, " m. 4");
    save(app);
    detail
}

#[test]
fn after_a_conflict_k_keeps_the_typed_text_and_saves_it_on_purpose() {
    let (_dir, mut app) = app_with_limit("kierownik", 15);
    let before = conflict_on_family_form(&mut app);
    let Some(Popup::Conflict { message }) = app.popup() else {
        panic!(
            "expected the reload-or-keep question, found {:?}",
            app.popup()
        );
    };
    assert!(
        message.starts_with("kierownik changed this record meanwhile"),
        "{message}"
    );
    assert!(
        message.contains("r = reload") && message.contains("k = keep"),
        "{message}"
    );
    press(&mut app, KeyCode::Char('k'));
    assert!(form(&app).text("address").ends_with(" m. 4"));
    assert!(form(&app).message.as_deref().unwrap().contains("Ctrl-S"));
    save(&mut app);
    assert!(app.popup().is_none(), "saved: {:?}", app.popup());
    let stored = app
        .local_service()
        .unwrap()
        .store()
        .family(before.family.id);
    let stored = stored.unwrap().unwrap().value;
    assert_eq!(stored.address, format!("{} m. 4", before.family.address));
}

#[test]
fn after_a_conflict_r_reloads_the_stored_record_into_the_form() {
    let (_dir, mut app) = app_with_limit("kierownik", 15);
    let before = conflict_on_family_form(&mut app);
    press(&mut app, KeyCode::Char('r'));
    // The same form, opened again on what is stored now: the typed text is gone.
    assert_eq!(form(&app).text("address"), before.family.address);
    let detail = app.family_detail.clone().unwrap();
    assert_eq!(detail.family.notes, "Zmiana z innego terminala.");
    assert!(form(&app).message.is_none());
    // Saving now goes through: the form holds the new revision.
    tab(&mut app, 2);
    typed(&mut app, " m. 5");
    save(&mut app);
    assert!(app.popup().is_none(), "saved: {:?}", app.popup());
    let stored = app
        .local_service()
        .unwrap()
        .store()
        .family(before.family.id);
    let stored = stored.unwrap().unwrap().value;
    assert_eq!(stored.address, format!("{} m. 5", before.family.address));
    assert_eq!(stored.notes, "Zmiana z innego terminala.");
}

#[test]
fn a_kept_draft_comes_back_in_its_form_and_goes_when_discarded() {
    let (_dir, mut app) = app_with_limit("kierownik", 15);
    let caller = app
        .local_service()
        .unwrap()
        .caller("kierownik", common::today())
        .unwrap();
    press(&mut app, KeyCode::Char('2'));
    press(&mut app, KeyCode::Char('n'));
    assert!(
        app.pending_draft("12:00").is_none(),
        "an untouched form is no draft"
    );
    tab(&mut app, 1);
    typed(&mut app, "Szkicowa");
    let (key, draft) = app.pending_draft("12:00").unwrap();
    assert_eq!(key, "family:new");
    app.local_service()
        .unwrap()
        .keep_draft(&caller, &key, &draft)
        .unwrap();
    // Discarding the form forgets the draft.
    press(&mut app, KeyCode::Esc);
    press(&mut app, KeyCode::Char('y'));
    assert_eq!(
        app.local_service().unwrap().draft(&caller, &key).unwrap(),
        None
    );
    // A kept draft fills the form again, with the focus where it was.
    app.local_service()
        .unwrap()
        .keep_draft(&caller, &key, &draft)
        .unwrap();
    press(&mut app, KeyCode::Char('n'));
    assert_eq!(form(&app).text("name"), "Szkicowa");
    assert_eq!(form(&app).focus, 1);
    assert!(form(&app).message.as_deref().unwrap().contains("12:00"));
    // Another user's form of the same kind does not see it.
    assert_eq!(
        app.local_service()
            .unwrap()
            .draft(
                &app.local_service()
                    .unwrap()
                    .caller("akowalska", common::today())
                    .unwrap(),
                &key
            )
            .unwrap(),
        None
    );
    typed(&mut app, "-Nowak");
    save(&mut app);
    assert!(app.popup().is_none());
    assert_eq!(
        app.local_service().unwrap().draft(&caller, &key).unwrap(),
        None,
        "saved: no draft"
    );
}
