//! The digest file that a clean quit leaves for the next start's first Overview
//! (`Store::close_with_digest_file`, `Service::open_for_workstation`): the next start
//! judges it while the register opens, and it is used only while the register vouches
//! for it, so that no save made since is ever hidden.

mod common;

use asystent::config::Config;
use asystent::demo::{self, DemoSpec};
use asystent::domain::alerts::AlertRules;
use asystent::domain::digest::FamilyDigest;
use asystent::domain::{CourtRequest, Id};
use asystent::service::{Service, Snapshot};
use asystent::store::Store;
use asystent::store::digest_file::{self, DigestFile};
use chrono::{Days, NaiveDate};
use common::{clock, today};
use tempfile::TempDir;

/// The supervisor of the demo register, who sees every family.
const SUPERVISOR: &str = "kierownik";

/// How many families the file is cut down to when a test needs to tell it apart.
const FEW: usize = 10;

/// A demo register of 120 families in `dir`/db, closed with its digest file.
fn register() -> (TempDir, std::path::PathBuf) {
    register_of(120, 2)
}

/// A demo register of `families` families over `years` in `dir`/db, closed with its
/// digest file.
fn register_of(families: usize, years: u32) -> (TempDir, std::path::PathBuf) {
    let dir = TempDir::new().unwrap();
    let db = dir.path().join("db");
    let store = Store::open(&db).unwrap();
    let spec = DemoSpec {
        families,
        years,
        seed: 7,
    };
    store.import(&demo::generate(&spec, today())).unwrap();
    assert!(store.close_with_digest_file().unwrap());
    (dir, db)
}

/// The register opened as the workstation opens it, with `rules`.
fn workstation(db: &std::path::Path, rules: AlertRules, day: NaiveDate) -> Service {
    let limit = Config::defaults().caseload_limit;
    Service::open_for_workstation(db, rules, limit, day)
        .unwrap()
        .with_clock(clock)
}

/// The supervisor's first Overview on `day` and the whole snapshot after it.
fn overview_and_register(service: &Service, day: NaiveDate) -> (Snapshot, Snapshot) {
    let caller = service.caller(SUPERVISOR, day).unwrap();
    let quick = service.overview_snapshot(&caller, day).unwrap().unwrap();
    (quick, service.snapshot(&caller, day).unwrap())
}

/// Asserts that an Overview shows the register: alerts, caseloads, counts, labels.
fn assert_shows_register(quick: &Snapshot, full: &Snapshot, what: &str) {
    assert_eq!(quick.alerts, full.alerts, "alerts: {what}");
    assert_eq!(quick.caseload, full.caseload, "caseloads: {what}");
    assert_eq!(quick.alert_counts(), full.alert_counts(), "counts: {what}");
    for row in &full.families {
        let id = row.family.id;
        assert_eq!(quick.label(id), full.label(id), "label of {id}: {what}");
    }
}

/// The digests of the file that `db`'s last clean close wrote.
fn digests_in_file(db: &std::path::Path) -> (u128, Vec<FamilyDigest>) {
    let file = DigestFile::read(db).expect("a clean close leaves a digest file");
    let mut digests = Vec::new();
    assert!(file.for_each(|d| digests.push(d)));
    (file.token(), digests)
}

/// Replaces the digest file with one of the first [`FEW`] digests under `token`: an
/// Overview judged from it tells itself apart from the register's.
fn cut_down_file(db: &std::path::Path, token: u128, digests: &[FamilyDigest]) -> Vec<u8> {
    let bytes = digest_file::to_bytes(token, &digests[..FEW]).unwrap();
    digest_file::write(db, &bytes).unwrap();
    bytes
}

/// A demo register whose digest file is cut down to the first [`FEW`] digests under
/// the register's token; with that token and every digest its close wrote.
fn cut_down_register() -> (TempDir, std::path::PathBuf, u128, Vec<FamilyDigest>) {
    let (dir, db) = register();
    let (token, digests) = digests_in_file(&db);
    cut_down_file(&db, token, &digests);
    (dir, db, token, digests)
}

/// Asserts that `quick` was judged from the cut-down file: its alerts are all of the
/// families in it.
fn assert_from_cut_down_file(quick: &Snapshot, digests: &[FamilyDigest]) {
    let few: Vec<Id> = digests[..FEW].iter().map(|d| d.case.id).collect();
    assert!(
        quick
            .alerts
            .iter()
            .all(|a| few.contains(&a.deadline.family_id)),
        "the first Overview comes from the file"
    );
}

#[test]
fn a_clean_close_leaves_a_file_that_the_next_first_overview_equals() {
    let (_dir, db) = register();
    let (token, digests) = digests_in_file(&db);
    assert_eq!(digests.len(), 120, "every family's digest");
    let service = workstation(&db, AlertRules::default(), today());
    assert_eq!(service.store().digest_file_token(), Some(token));
    let (quick, full) = overview_and_register(&service, today());
    assert!(!full.alerts.is_empty(), "the demo has alerts today");
    assert_shows_register(&quick, &full, "from the digest file");
}

#[test]
fn the_file_is_what_the_first_overview_reads_while_the_register_vouches_for_it() {
    let (_dir, db, _, digests) = cut_down_register();
    let service = workstation(&db, AlertRules::default(), today());
    let (quick, full) = overview_and_register(&service, today());
    assert_from_cut_down_file(&quick, &digests);
    assert!(full.alerts.len() > quick.alerts.len());
    // Used once: the Overview after it is judged from the register.
    let caller = service.caller(SUPERVISOR, today()).unwrap();
    let again = service
        .overview_snapshot(&caller, today())
        .unwrap()
        .unwrap();
    assert_shows_register(&again, &full, "the second Overview");
}

/// A court request of `family` whose opinion was due two days ago.
fn overdue_request(store: &Store, family: Id) -> CourtRequest {
    CourtRequest {
        id: store.new_id().unwrap(),
        family_id: family,
        court: "Sąd Rejonowy".into(),
        signature: "III Nsm 1/26".into(),
        received: today() - Days::new(30),
        due: today() - Days::new(2),
        delivered: None,
    }
}

/// True if `snapshot` shows the court opinion of `family` as an alert.
fn shows_court_opinion(snapshot: &Snapshot, family: Id) -> bool {
    snapshot.alerts.iter().any(|a| {
        a.deadline.family_id == family && format!("{:?}", a.deadline.kind) == "CourtOpinion"
    })
}

#[test]
fn a_save_before_the_first_overview_sends_it_to_the_register() {
    let (_dir, db, token, digests) = cut_down_register();
    let service = workstation(&db, AlertRules::default(), today());
    assert_eq!(service.store().digest_file_token(), Some(token));
    let family = digests[FEW + 1].case.id;
    let store = service.store();
    store
        .put_court_request(&overdue_request(store, family), None)
        .unwrap();
    assert_eq!(store.digest_file_token(), None, "a save ends the vouching");
    let (quick, full) = overview_and_register(&service, today());
    assert_shows_register(&quick, &full, "after a save in the same opening");
    assert!(shows_court_opinion(&quick, family));
}

#[test]
fn a_family_left_marked_at_the_close_does_not_spoil_the_file() {
    let (_dir, db) = register();
    let store = Store::open(&db).unwrap();
    // A save whose summary was not recomputed leaves its mark; the close derives it.
    let family = store.families().unwrap().records[4].value.id;
    store
        .raw_insert_for_tests("summaries_dirty", &family.to_be_bytes(), b"mark")
        .unwrap();
    assert!(store.close_with_digest_file().unwrap());
    let (token, digests) = digests_in_file(&db);
    cut_down_file(&db, token, &digests);
    // The opening recomputes the marked family, as the close did: the file still holds.
    let service = workstation(&db, AlertRules::default(), today());
    assert_eq!(service.store().digest_file_token(), Some(token));
    let (quick, _) = overview_and_register(&service, today());
    assert_from_cut_down_file(&quick, &digests);
}

#[test]
fn any_opening_takes_the_token_so_no_later_save_is_hidden() {
    let (_dir, db, token, digests) = cut_down_register();
    {
        // A command opens the register and saves; it does not close with the file
        // (nor does a workstation that is killed).
        let store = Store::open(&db).unwrap();
        assert_eq!(store.digest_file_token(), Some(token));
        let family = digests[FEW + 1].case.id;
        store
            .put_court_request(&overdue_request(&store, family), None)
            .unwrap();
    }
    let service = workstation(&db, AlertRules::default(), today());
    assert_eq!(service.store().digest_file_token(), None, "the token went");
    let (quick, full) = overview_and_register(&service, today());
    assert_shows_register(&quick, &full, "after a save without a clean close");
    assert!(
        shows_court_opinion(&quick, digests[FEW + 1].case.id),
        "the court request saved since the file is shown"
    );
    drop(service);
    // Gone for good: an opening that found no token has none to put back.
    let store = Store::open(&db).unwrap();
    assert_eq!(store.digest_file_token(), None);
}

#[test]
fn a_run_that_only_reads_keeps_the_file_for_the_next_start() {
    let (_dir, db, token, digests) = cut_down_register();
    {
        // A command that reads (`alerts` from cron, a backup) and ends.
        let store = Store::open(&db).unwrap();
        assert_eq!(store.families().unwrap().records.len(), 120);
        assert!(store.each_digest(|_| {}).unwrap());
    }
    let service = workstation(&db, AlertRules::default(), today());
    assert_eq!(service.store().digest_file_token(), Some(token), "kept");
    let (quick, _) = overview_and_register(&service, today());
    assert_from_cut_down_file(&quick, &digests);
    drop(service);
    // A run that saves and closes writes a new file, under a new token, with the save.
    let store = Store::open(&db).unwrap();
    let family = digests[FEW + 1].case.id;
    store
        .put_court_request(&overdue_request(&store, family), None)
        .unwrap();
    assert!(store.close_with_digest_file().unwrap());
    let (written, in_file) = digests_in_file(&db);
    assert_ne!(written, token);
    assert_eq!(
        in_file.len(),
        120,
        "the whole register again, not the cut-down file"
    );
    let dues = |digests: &[FamilyDigest]| {
        let digest = digests.iter().find(|d| d.case.id == family).unwrap();
        digest.court_dues.len()
    };
    assert_eq!(
        dues(&in_file),
        dues(&digests) + 1,
        "the saved court request"
    );
}

#[test]
fn a_file_deleted_since_the_opening_is_written_anew_at_the_close() {
    let (_dir, db) = register();
    let store = Store::open(&db).unwrap();
    assert!(store.digest_file_token().is_some());
    std::fs::remove_file(db.join(digest_file::FILE_NAME)).unwrap();
    assert!(store.close_with_digest_file().unwrap());
    let (token, digests) = digests_in_file(&db);
    assert_eq!(digests.len(), 120);
    assert_eq!(Store::open(&db).unwrap().digest_file_token(), Some(token));
}

#[test]
fn digests_in_several_buckets_are_judged_whole_in_two_runs() {
    // Family ids above 255 fall into a second bucket of digests (256 ids a bucket),
    // so the register's walk and the file's judging each take two threads.
    let (_dir, db) = register_of(300, 1);
    let (_, digests) = digests_in_file(&db);
    assert!(digests.iter().any(|d| d.case.id > 255), "a second bucket");
    let service = workstation(&db, AlertRules::default(), today());
    let (quick, full) = overview_and_register(&service, today());
    assert_shows_register(&quick, &full, "from the file, in two halves");
    drop(service);
    std::fs::remove_file(db.join(digest_file::FILE_NAME)).unwrap();
    let service = workstation(&db, AlertRules::default(), today());
    let (quick, full) = overview_and_register(&service, today());
    assert_shows_register(&quick, &full, "from the register, in two runs");
}

/// Closes the register with a new digest file, then cuts that file down (under the
/// token the register now holds).
fn vouched_cut_down_file(db: &std::path::Path, digests: &[FamilyDigest]) -> Vec<u8> {
    let store = Store::open(db).unwrap();
    assert!(store.close_with_digest_file().unwrap());
    let (token, _) = digests_in_file(db);
    cut_down_file(db, token, digests)
}

#[test]
fn the_file_is_judged_by_the_configured_rules_and_serves_only_its_day() {
    let (_dir, db) = register();
    let (_, digests) = digests_in_file(&db);
    let strict = AlertRules {
        assessment_months: 3,
        warning_days: 30,
        ..AlertRules::default()
    };
    let service = workstation(&db, strict, today());
    let (quick, full) = overview_and_register(&service, today());
    assert_shows_register(&quick, &full, "judged by other rules");
    drop(service);
    // Asked for another day than the one it was judged for, the register answers.
    vouched_cut_down_file(&db, &digests);
    let later = today() + Days::new(60);
    let service = workstation(&db, AlertRules::default(), today());
    let (quick, full) = overview_and_register(&service, later);
    assert_shows_register(&quick, &full, "another day");
}

/// A change that spoils the bytes of a digest file.
type Spoil<'a> = dyn Fn(&mut Vec<u8>) + 'a;

#[test]
fn a_damaged_foreign_or_missing_file_is_never_used() {
    let (_dir, db) = register();
    let (_, digests) = digests_in_file(&db);
    let name = digests[0].name.clone();
    let spoilt: [(&str, Box<Spoil<'_>>); 4] = [
        // Still decodes, as the name with another letter: only the checksum tells.
        (
            "a letter of a name changed",
            Box::new(|b| {
                let at = b
                    .windows(name.len())
                    .position(|w| w == name.as_bytes())
                    .expect("the name is in the file");
                b[at] ^= 0x20;
            }),
        ),
        ("cut short", Box::new(|b| b.truncate(b.len() - 9))),
        ("empty", Box::new(Vec::clear)),
        ("of another kind", Box::new(|b| b[0] = b'X')),
    ];
    for (what, spoil) in spoilt {
        let mut bytes = vouched_cut_down_file(&db, &digests);
        spoil(&mut bytes);
        digest_file::write(&db, &bytes).unwrap();
        let service = workstation(&db, AlertRules::default(), today());
        let (quick, full) = overview_and_register(&service, today());
        assert_shows_register(&quick, &full, what);
    }
    // A file of another register: its own token, which this register never held.
    let other = register();
    let (_, other_digests) = digests_in_file(&other.1);
    let store = Store::open(&db).unwrap();
    assert!(store.close_with_digest_file().unwrap());
    let foreign = digest_file::to_bytes(u128::MAX - 5, &other_digests).unwrap();
    digest_file::write(&db, &foreign).unwrap();
    let service = workstation(&db, AlertRules::default(), today());
    let (quick, full) = overview_and_register(&service, today());
    assert_shows_register(&quick, &full, "another register's file");
    drop(service);
    // A file larger than the limit is not read, however good it is.
    let store = Store::open(&db).unwrap();
    assert!(store.close_with_digest_file().unwrap());
    let size = std::fs::metadata(db.join(digest_file::FILE_NAME))
        .unwrap()
        .len();
    assert!(DigestFile::read_within(&db, size).is_some());
    assert!(DigestFile::read_within(&db, size - 1).is_none());
    assert!(
        size < digest_file::MAX_FILE_BYTES / 1000,
        "120 families: {size} B"
    );
    // No file at all.
    std::fs::remove_file(db.join(digest_file::FILE_NAME)).unwrap();
    let service = workstation(&db, AlertRules::default(), today());
    let (quick, full) = overview_and_register(&service, today());
    assert_shows_register(&quick, &full, "no file");
}

#[test]
fn a_damaged_digest_bucket_leaves_no_file_to_trust() {
    let (_dir, db) = register();
    let store = Store::open(&db).unwrap();
    let family = store.families().unwrap().records[0].value.id;
    store
        .raw_insert_for_tests("family_digests", &family.to_be_bytes()[..7], b"\xff\xff")
        .unwrap();
    assert!(
        !store.close_with_digest_file().unwrap(),
        "no file from digests that do not read"
    );
    let store = Store::open(&db).unwrap();
    assert_eq!(store.digest_file_token(), None);
}

#[test]
fn a_register_of_schema_9_opens_with_the_registers_overview() {
    let (_dir, db) = register();
    let store = Store::open(&db).unwrap();
    store.set_schema_version_for_tests(9).unwrap();
    drop(store);
    let service = workstation(&db, AlertRules::default(), today());
    let (quick, full) = overview_and_register(&service, today());
    assert_shows_register(&quick, &full, "after the migration");
    assert!(service.store().check().unwrap().is_healthy());
}

#[test]
fn a_server_keeps_its_digests_decoded_and_every_save_shows() {
    // Two buckets of digests (family ids above 255 in the second), as `serve` keeps
    // them decoded from one supervisor's first Overview to the next.
    let (_dir, db) = register_of(300, 1);
    let store = Store::open(&db).unwrap().keep_digests_decoded();
    let limit = Config::defaults().caseload_limit;
    let service = Service::new(store, AlertRules::default(), limit).with_clock(clock);
    let (quick, full) = overview_and_register(&service, today());
    assert_shows_register(&quick, &full, "the first walk, which decodes all");
    let (quick, full) = overview_and_register(&service, today());
    assert_shows_register(&quick, &full, "the second, which decodes none");
    // A save in either bucket: a court opinion overdue in the first, a new name in
    // the second.
    let store = service.store();
    let (first, second) = (10, 280);
    store
        .put_court_request(&overdue_request(store, first), None)
        .unwrap();
    let mut family = store.family(second).unwrap().unwrap();
    family.value.name = "Nowakowska-Zmieniona".into();
    store.put_family(&family.value, Some(family.rev)).unwrap();
    let (quick, full) = overview_and_register(&service, today());
    assert_shows_register(&quick, &full, "after a save in each bucket");
    assert!(shows_court_opinion(&quick, first));
    assert_eq!(quick.label(second).unwrap().1, "Nowakowska-Zmieniona");
    // Walked by a store that decodes afresh, the digests are the same.
    let mut kept = Vec::new();
    assert!(store.each_digest(|d| kept.push(d)).unwrap());
    drop(service);
    let mut fresh = Vec::new();
    assert!(
        Store::open(&db)
            .unwrap()
            .each_digest(|d| fresh.push(d))
            .unwrap()
    );
    assert_eq!(kept, fresh);
}
