//! Shared fixtures: a demo database in a temporary directory and an App on it.

#![allow(dead_code)]

pub mod cli;
pub mod keys;
pub mod pty;
pub mod server;

use asystent::app::App;
use asystent::config::{Config, Language};
use asystent::demo::{self, DemoSpec};
use asystent::service::Service;
use asystent::store::Store;
use chrono::NaiveDate;
use tempfile::TempDir;

/// The fixed date every test works on.
pub fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 22).unwrap()
}

/// A temporary database filled with the default demo register as of [`today`].
pub fn demo_store() -> (TempDir, Store) {
    let dir = TempDir::new().unwrap();
    let store = Store::open(&dir.path().join("db")).unwrap();
    store
        .import(&demo::generate(&DemoSpec::default(), today()))
        .unwrap();
    (dir, store)
}

/// The ids of the families assigned to the staff account `login`, in id order.
pub fn families_of(store: &Store, login: &str) -> Vec<asystent::domain::Id> {
    let staff = store.staff().unwrap().records;
    let id = staff
        .iter()
        .find(|s| s.value.login == login)
        .map(|s| s.value.id)
        .unwrap_or_else(|| panic!("no account {login}"));
    store
        .families()
        .unwrap()
        .records
        .into_iter()
        .filter(|f| f.value.assistant == Some(id))
        .map(|f| f.value.id)
        .collect()
}

/// An App on the demo register for `login` (a login without an account sees the office).
pub fn demo_app(login: &str, lang: Language) -> (TempDir, App) {
    let (dir, store) = demo_store();
    let config = Config::defaults();
    let service =
        Service::new(store, config.alert_rules(), config.caseload_limit).with_clock(clock);
    let app = App::new(service, login, today(), lang).unwrap();
    (dir, app)
}

/// A fixed wall clock for the audit log: 8:30 on [`today`].
pub fn clock() -> chrono::NaiveDateTime {
    today().and_hms_opt(8, 30, 0).unwrap()
}
