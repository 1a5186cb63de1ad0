//! Printed documents from the demo register: the work plan's text, snapshotted.

mod common;

use asystent::config::{Config, Language};
use asystent::doc::{FORM_FEED, LINE_WIDTH, PAGE_LINES};
use asystent::service::Service;

/// The text of a demo family's current plan as `plan export` lays it out.
fn demo_plan_text(case_number: &str, lang: Language) -> String {
    let (_dir, store) = common::demo_store();
    let config = Config::defaults();
    let service = Service::new(store, config.alert_rules(), config.caseload_limit);
    let caller = service.caller("nobody", common::today()).unwrap();
    let id = service.find_case(&caller, case_number).unwrap().unwrap();
    let detail = service.family_detail(&caller, id).unwrap().unwrap();
    let plan = detail.plan.clone().unwrap();
    let staff = service
        .staff_name(detail.family.assistant.unwrap())
        .unwrap()
        .unwrap();
    asystent::doc::plan::plan_text(
        &detail.family,
        &detail.members,
        &plan,
        &staff,
        lang,
        common::today(),
    )
}

/// The text with each form feed shown as `␌` (insta keeps snapshots as text).
fn visible(text: &str) -> String {
    for page in text.split(FORM_FEED) {
        assert_eq!(page.lines().count(), PAGE_LINES);
        assert!(page.lines().all(|l| l.chars().count() <= LINE_WIDTH));
    }
    text.replace(FORM_FEED, "␌")
}

// A family with a child in foster care and no coordination recorded: the plan prints
// the gap as BRAK, as the Alerts screen shows it.
#[test]
fn demo_plan_in_polish() {
    let text = demo_plan_text("ar/2024/003", Language::Polish);
    insta::assert_snapshot!(visible(&text));
}

#[test]
fn demo_plan_in_english() {
    let text = demo_plan_text("AR/2024/003", Language::English);
    insta::assert_snapshot!(visible(&text));
}
