//! The half-year report on a small register built by hand, each figure counted by hand:
//! families straddling the period's boundaries (active before and after, closed inside,
//! opened inside, reopened, closed the day before, opened the day after), children born
//! inside the period, foster returns on the boundary days, a record without history.
//! Every row's drill-down list equals its count. The same register through the service:
//! the supervisor gets the same report, anyone else is refused, both audited. The
//! commands on the demo register, on the database itself and through a running server.

mod common;

use FamilyStatus::{Active, Closed, Monitoring, Referred, Suspended};
use asystent::config::{Config, Language};
use asystent::domain::audit::AuditAction;
use asystent::domain::{
    Closure, ClosureReason, Dataset, Family, FamilyFlags, FamilyStatus, FosterForm,
    FosterPlacement, Id, Member, MemberRole, Role, SocialWorkerRef, Staff, StatusChange, Visit,
    VisitKind, VisitPlace, VisitRecord, VisitStatus,
};
use asystent::report::definition::ReportDefinition;
use asystent::report::{Item, Report, ReportData, Unit, Value, compute, export};
use asystent::service::{CommandError, Service};
use asystent::store::Store;
use chrono::{NaiveDate, NaiveTime};

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

/// The period of every test here: the first half of 2026.
const FROM: (i32, u32, u32) = (2026, 1, 1);
const TO: (i32, u32, u32) = (2026, 6, 30);

fn from() -> NaiveDate {
    d(FROM.0, FROM.1, FROM.2)
}

fn to() -> NaiveDate {
    d(TO.0, TO.1, TO.2)
}

const ANNA: Id = 2;
const MAREK: Id = 3;
const PIOTR: Id = 4;
const JOLANTA: Id = 5;
const TADEUSZ: Id = 6;

fn staff(id: Id, login: &str, name: &str, role: Role, active: bool) -> Staff {
    Staff {
        id,
        login: login.into(),
        name: name.into(),
        role,
        active,
        stand_ins: vec![],
    }
}

/// One status change; a closure when `reason` is given (with monitoring if `monitored`).
type Change = (NaiveDate, Option<FamilyStatus>, FamilyStatus);

fn closure(date: NaiveDate, reason: ClosureReason, monitored: bool) -> Closure {
    Closure {
        date,
        reason,
        summary: "Podsumowanie.".into(),
        monitoring_until: monitored.then(|| date + chrono::Days::new(180)),
    }
}

/// A family with the history `changes`; a change into closed or monitoring records
/// `closure`, which also stays on the family unless it was reopened.
fn family(
    id: Id,
    case_number: &str,
    name: &str,
    assistant: Id,
    changes: &[Change],
    closure: Option<Closure>,
) -> Family {
    let history: Vec<StatusChange> = changes
        .iter()
        .map(|&(date, from, to)| StatusChange {
            date,
            from,
            to,
            by: "kierownik".into(),
            closure: matches!(to, Closed | Monitoring)
                .then(|| closure.clone())
                .flatten()
                .filter(|c| c.date == date),
        })
        .collect();
    let status = history.last().map_or(Referred, |h| h.to);
    let work_started = changes
        .iter()
        .rev()
        .find(|c| c.2 == Active && c.1 != Some(Suspended))
        .map(|c| c.0);
    Family {
        id,
        case_number: case_number.into(),
        name: name.into(),
        address: "ul. Polna 1, Przykładowo".into(),
        phones: vec![],
        assistant: Some(assistant),
        social_worker: SocialWorkerRef::default(),
        referral_date: changes.first().map_or(d(2020, 1, 1), |c| c.0),
        consent_date: changes.first().map(|c| c.0),
        work_started,
        status,
        flags: FamilyFlags::default(),
        closure: closure.filter(|_| matches!(status, Closed | Monitoring)),
        notes: String::new(),
        history,
    }
}

/// A member; a child when `role` says so, in foster care from `foster.0` to `foster.1`.
fn member(
    id: Id,
    family_id: Id,
    role: MemberRole,
    first_name: &str,
    birth: NaiveDate,
    left: Option<NaiveDate>,
    foster: Option<(NaiveDate, Option<NaiveDate>)>,
) -> Member {
    Member {
        id,
        family_id,
        role,
        first_name: first_name.into(),
        last_name: "Testowa".into(),
        birth_date: Some(birth),
        pesel: None,
        foster: foster.map(|(since, returned_home)| FosterPlacement {
            since,
            form: FosterForm::FosterFamily,
            coordinator_name: "Koordynator".into(),
            coordinator_phone: String::new(),
            returned_home,
        }),
        left_household: left,
    }
}

fn child(id: Id, family_id: Id, birth: NaiveDate) -> Member {
    member(
        id,
        family_id,
        MemberRole::Child,
        "Dziecko",
        birth,
        None,
        None,
    )
}

fn visit(
    id: Id,
    family_id: Id,
    assistant: Id,
    date: NaiveDate,
    minutes: u16,
    kind: VisitKind,
    status: VisitStatus,
) -> Visit {
    Visit {
        id,
        family_id,
        assistant,
        date,
        time: NaiveTime::from_hms_opt(10, 0, 0).unwrap(),
        duration_min: minutes,
        place: VisitPlace::FamilyHome,
        kind,
        status,
        record: VisitRecord::default(),
        history: vec![],
    }
}

/// The register of the tests; each family's story is in its comment.
fn dataset() -> Dataset {
    let mut families = vec![
        // Active before and after the period; court-obliged.
        family(
            101,
            "AR/2025/001",
            "Adamska",
            ANNA,
            &[
                (d(2025, 3, 1), None, Referred),
                (d(2025, 3, 10), Some(Referred), Active),
            ],
            None,
        ),
        // Closed inside the period (goals achieved), monitored since.
        family(
            102,
            "AR/2025/002",
            "Bąk",
            MAREK,
            &[
                (d(2025, 8, 20), None, Referred),
                (d(2025, 9, 1), Some(Referred), Active),
                (d(2026, 3, 15), Some(Active), Monitoring),
            ],
            Some(closure(d(2026, 3, 15), ClosureReason::GoalsAchieved, true)),
        ),
        // Referred and started inside the period; Za życiem.
        family(
            103,
            "AR/2026/001",
            "Cichy",
            ANNA,
            &[
                (d(2026, 2, 1), None, Referred),
                (d(2026, 2, 10), Some(Referred), Active),
            ],
            None,
        ),
        // Closed the day before the period: not served, not closed in it.
        family(
            104,
            "AR/2024/001",
            "Dudek",
            MAREK,
            &[
                (d(2024, 1, 2), None, Referred),
                (d(2024, 1, 5), Some(Referred), Active),
                (d(2025, 12, 31), Some(Active), Closed),
            ],
            Some(closure(d(2025, 12, 31), ClosureReason::MovedOut, false)),
        ),
        // Closed in 2025 and monitored, reopened inside the period.
        family(
            105,
            "AR/2024/002",
            "Ekiert",
            ANNA,
            &[
                (d(2024, 1, 20), None, Referred),
                (d(2024, 2, 1), Some(Referred), Active),
                (d(2025, 11, 30), Some(Active), Monitoring),
                (d(2026, 4, 1), Some(Monitoring), Active),
            ],
            Some(closure(d(2025, 11, 30), ClosureReason::NoCooperation, true)),
        ),
        // Closed on the first day of the period for another reason, no monitoring.
        family(
            106,
            "AR/2025/003",
            "Fijałkowska",
            MAREK,
            &[
                (d(2025, 6, 1), None, Referred),
                (d(2025, 6, 30), Some(Referred), Active),
                (d(2026, 1, 1), Some(Active), Closed),
            ],
            Some(closure(
                d(2026, 1, 1),
                ClosureReason::Other("wyjazd za granicę".into()),
                false,
            )),
        ),
        // Started on the last day of the period; Za życiem and Niebieska Karta.
        family(
            107,
            "AR/2026/002",
            "Górski",
            PIOTR,
            &[
                (d(2026, 6, 20), None, Referred),
                (d(2026, 6, 30), Some(Referred), Active),
            ],
            None,
        ),
        // Started the day after the period: not served.
        family(
            108,
            "AR/2026/003",
            "Hajduk",
            ANNA,
            &[
                (d(2026, 5, 1), None, Referred),
                (d(2026, 7, 1), Some(Referred), Active),
            ],
            None,
        ),
        // Suspended for the whole period: not served.
        family(
            109,
            "AR/2025/004",
            "Iwańska",
            ANNA,
            &[
                (d(2025, 1, 10), None, Referred),
                (d(2025, 1, 15), Some(Referred), Active),
                (d(2025, 12, 1), Some(Active), Suspended),
                (d(2026, 7, 10), Some(Suspended), Active),
            ],
            None,
        ),
        // Active since 2023: over two years of support; a child home on the last day.
        family(
            110,
            "AR/2023/001",
            "Jasińska",
            MAREK,
            &[
                (d(2023, 4, 20), None, Referred),
                (d(2023, 5, 1), Some(Referred), Active),
            ],
            None,
        ),
        // A referral closed inside the period before any work: not a closure of work.
        family(
            111,
            "AR/2025/005",
            "Kowal",
            ANNA,
            &[
                (d(2025, 10, 1), None, Referred),
                (d(2026, 2, 1), Some(Referred), Closed),
            ],
            Some(closure(d(2026, 2, 1), ClosureReason::FamilyResigned, false)),
        ),
        // Closed on the last day of the period: a child placed in foster care two days
        // before; court-obliged, with a kurator.
        family(
            112,
            "AR/2025/006",
            "Lis",
            ANNA,
            &[
                (d(2025, 7, 20), None, Referred),
                (d(2025, 8, 1), Some(Referred), Active),
                (d(2026, 6, 30), Some(Active), Monitoring),
            ],
            Some(closure(
                d(2026, 6, 30),
                ClosureReason::ChildPlacedInFosterCare,
                true,
            )),
        ),
        // A schema-1 record without history, active since 2022.
        family(113, "AR/2022/001", "Malinowska", MAREK, &[], None),
        // A social worker's referral with no assistant work: never active.
        family(
            114,
            "AR/2026/004",
            "Nowicka",
            TADEUSZ,
            &[(d(2026, 3, 1), None, Referred)],
            None,
        ),
    ];
    let legacy = families.iter_mut().find(|f| f.id == 113).unwrap();
    legacy.referral_date = d(2022, 8, 20);
    legacy.work_started = Some(d(2022, 9, 1));
    legacy.status = Active;
    let flags = |families: &mut Vec<Family>, id: Id, set: fn(&mut FamilyFlags)| {
        set(&mut families.iter_mut().find(|f| f.id == id).unwrap().flags);
    };
    flags(&mut families, 101, |f| f.court_obliged = true);
    flags(&mut families, 103, |f| f.za_zyciem = true);
    flags(&mut families, 107, |f| {
        f.za_zyciem = true;
        f.niebieska_karta = true;
    });
    flags(&mut families, 112, |f| {
        f.court_obliged = true;
        f.kurator = Some("Jan Kuratorski".into());
    });
    // Not served, so none of its flags count.
    flags(&mut families, 109, |f| f.court_obliged = true);

    let mother = |id, family| {
        member(
            id,
            family,
            MemberRole::Mother,
            "Matka",
            d(1990, 1, 1),
            None,
            None,
        )
    };
    let members = vec![
        mother(1001, 101),
        child(1002, 101, d(2015, 5, 5)),
        // Born inside the period: counted.
        child(1003, 101, d(2026, 3, 10)),
        // Born after the period: not counted.
        child(1004, 101, d(2026, 7, 5)),
        // Left the household the day before the period: not counted.
        member(
            1005,
            101,
            MemberRole::Child,
            "Starsze",
            d(2007, 1, 1),
            Some(d(2025, 12, 31)),
            None,
        ),
        // Left on the first day of the period: counted.
        member(
            1006,
            102,
            MemberRole::Child,
            "Najstarsze",
            d(2008, 2, 2),
            Some(d(2026, 1, 1)),
            None,
        ),
        child(1007, 103, d(2020, 6, 1)),
        // Home on the first day of the period, but the family was not served.
        member(
            1008,
            104,
            MemberRole::Child,
            "Wrócone",
            d(2014, 1, 1),
            None,
            Some((d(2025, 3, 1), Some(d(2026, 1, 1)))),
        ),
        child(1009, 105, d(2010, 10, 10)),
        // Home the day before the period: neither in care nor returned in it.
        member(
            1010,
            105,
            MemberRole::Child,
            "Powrót",
            d(2018, 1, 1),
            None,
            Some((d(2025, 11, 1), Some(d(2025, 12, 31)))),
        ),
        // In care throughout the period.
        member(
            1011,
            106,
            MemberRole::Child,
            "Piecza",
            d(2016, 1, 1),
            None,
            Some((d(2025, 12, 1), None)),
        ),
        child(1012, 108, d(2019, 1, 1)),
        child(1013, 109, d(2017, 1, 1)),
        // In care until the last day of the period, home on it: both in care and returned.
        member(
            1014,
            110,
            MemberRole::Child,
            "Granica",
            d(2013, 1, 1),
            None,
            Some((d(2025, 10, 1), Some(d(2026, 6, 30)))),
        ),
        child(1015, 110, d(2014, 4, 4)),
        // Placed two days before the end of the period.
        member(
            1016,
            112,
            MemberRole::Child,
            "Umieszczone",
            d(2019, 3, 3),
            None,
            Some((d(2026, 6, 28), None)),
        ),
        child(1017, 112, d(2021, 2, 2)),
        child(1018, 113, d(2011, 1, 1)),
        // Home on the first day of the period: returned in it, not in care in it.
        member(
            1019,
            113,
            MemberRole::Child,
            "Pierwszy",
            d(2012, 1, 1),
            None,
            Some((d(2025, 5, 1), Some(d(2026, 1, 1)))),
        ),
        child(1020, 114, d(2015, 1, 1)),
    ];
    use VisitKind::{Accompaniment, HomeVisit, PhoneCall};
    use VisitStatus::{Cancelled, FamilyAbsent, Held, Planned};
    let visits = vec![
        visit(2001, 101, ANNA, d(2025, 12, 31), 60, HomeVisit, Held),
        visit(2002, 101, ANNA, d(2026, 1, 1), 90, HomeVisit, Held),
        visit(2003, 103, ANNA, d(2026, 2, 15), 15, PhoneCall, Held),
        visit(2004, 102, MAREK, d(2026, 3, 1), 30, HomeVisit, FamilyAbsent),
        // By an assistant who has left since: she worked in the period.
        visit(2005, 105, JOLANTA, d(2026, 4, 10), 45, HomeVisit, Held),
        visit(2006, 110, MAREK, d(2026, 6, 30), 120, Accompaniment, Held),
        visit(2007, 113, MAREK, d(2026, 6, 30), 60, HomeVisit, Cancelled),
        visit(2008, 101, ANNA, d(2026, 7, 1), 60, HomeVisit, Held),
        visit(2009, 112, ANNA, d(2026, 5, 5), 60, HomeVisit, Planned),
    ];
    Dataset {
        staff: vec![
            staff(1, "kierownik", "Ewa Dąbrowska", Role::Supervisor, true),
            staff(ANNA, "akowalska", "Anna Kowalska", Role::Assistant, true),
            staff(MAREK, "mnowak", "Marek Nowak", Role::Assistant, true),
            staff(
                PIOTR,
                "pzielinski",
                "Piotr Zieliński",
                Role::Assistant,
                true,
            ),
            staff(
                JOLANTA,
                "jwisniewska",
                "Jolanta Wiśniewska",
                Role::Assistant,
                false,
            ),
            // Not an assistant: never counted, though a family names them.
            staff(TADEUSZ, "tsowa", "Tadeusz Sowa", Role::SocialWorker, true),
            // An assistant with nothing in the period: not counted.
            staff(7, "bkruk", "Barbara Kruk", Role::Assistant, true),
        ],
        families,
        members,
        visits,
        ..Dataset::default()
    }
}

/// The built-in rows and a few more that use the other parameters.
fn definition() -> ReportDefinition {
    let extra = r#"
[[row]]
id = "x.1"
label = "Wszystkie spotkania"
rule = "visits"

[[row]]
id = "x.2"
label = "Zamknięte: wyprowadzka lub inny powód"
rule = "families_closed"
reason = ["moved_out", "other"]

[[row]]
id = "x.3"
label = "Niebieska Karta"
rule = "families_served"
flag = "niebieska_karta"

[[row]]
id = "x.4"
label = "Kurator"
rule = "families_served"
flag = "kurator"

[[row]]
id = "x.5"
label = "Dzieci w rodzinach Za życiem"
rule = "children_in_served_families"
flag = "za_zyciem"

[[row]]
id = "x.6"
label = "Rozpoczęte, Za życiem"
rule = "families_started"
flag = "za_zyciem"

[[row]]
id = "x.7"
label = "Telefony i asysty odbyte"
rule = "visit_hours"
status = ["held"]
kind = ["phone_call", "accompaniment"]

[[row]]
id = "x.8"
label = "Monitorowane, zobowiązane przez sąd"
rule = "families_monitored"
flag = "court_obliged"
"#;
    let text = format!("{}{extra}", asystent::report::definition::BUILTIN_TOML);
    ReportDefinition::parse(&text, "test").unwrap()
}

fn report_of(data: &Dataset) -> Report {
    let view = ReportData {
        staff: &data.staff,
        families: &data.families,
        members: &data.members,
        visits: &data.visits,
    };
    compute(&definition(), &view, from(), to())
}

/// The case numbers behind a row, in drill-down order.
fn cases(report: &Report, id: &str) -> Vec<String> {
    let row = report.row(id).unwrap_or_else(|| panic!("no row {id}"));
    row.families()
        .iter()
        .map(|f| report.families[f].case_number.clone())
        .collect()
}

#[test]
fn every_row_matches_the_hand_count() {
    let report = report_of(&dataset());
    let c = Value::Count;
    let served = [
        "AR/2022/001",
        "AR/2023/001",
        "AR/2024/002",
        "AR/2025/001",
        "AR/2025/002",
        "AR/2025/003",
        "AR/2025/006",
        "AR/2026/001",
        "AR/2026/002",
    ];
    // (row, value, the families behind it in case-number order, or for visits the
    // families of the visits by date)
    let table: Vec<(&str, Value, Vec<&str>)> = vec![
        ("1", c(9), served.to_vec()),
        ("1.1", c(2), vec!["AR/2024/002", "AR/2026/002"]),
        (
            "1.2",
            c(4),
            vec!["AR/2025/002", "AR/2025/003", "AR/2025/006", "AR/2026/001"],
        ),
        ("1.3", c(1), vec!["AR/2025/001"]),
        ("1.4", c(2), vec!["AR/2022/001", "AR/2023/001"]),
        ("1.5", c(2), vec!["AR/2025/001", "AR/2025/006"]),
        ("1.6", c(2), vec!["AR/2026/001", "AR/2026/002"]),
        (
            "1.7",
            c(3),
            vec!["AR/2023/001", "AR/2025/003", "AR/2025/006"],
        ),
        (
            "1.8",
            c(3),
            vec!["AR/2024/002", "AR/2026/001", "AR/2026/002"],
        ),
        (
            "2",
            c(13),
            vec![
                "AR/2022/001",
                "AR/2023/001",
                "AR/2024/002",
                "AR/2025/001",
                "AR/2025/002",
                "AR/2025/003",
                "AR/2025/006",
                "AR/2026/001",
            ],
        ),
        (
            "2.1",
            c(3),
            vec!["AR/2023/001", "AR/2025/003", "AR/2025/006"],
        ),
        ("2.2", c(2), vec!["AR/2022/001", "AR/2023/001"]),
        ("3", c(3), vec!["AR/2025/002", "AR/2025/003", "AR/2025/006"]),
        ("3.1", c(1), vec!["AR/2025/002"]),
        ("3.2", c(0), vec![]),
        ("3.3", c(0), vec![]),
        ("3.4", c(0), vec![]),
        ("3.5", c(1), vec!["AR/2025/006"]),
        ("3.6", c(1), vec!["AR/2025/003"]),
        ("4", c(3), vec!["AR/2024/002", "AR/2025/002", "AR/2025/006"]),
        // Anna, Jolanta, Marek, Piotr (by name), with their families served.
        (
            "5",
            c(4),
            vec![
                "AR/2024/002",
                "AR/2025/001",
                "AR/2025/006",
                "AR/2026/001",
                "AR/2022/001",
                "AR/2023/001",
                "AR/2025/002",
                "AR/2025/003",
                "AR/2026/002",
            ],
        ),
        // (4 + 0 + 4 + 1) / 4 assistants.
        (
            "5.1",
            Value::Hundredths(225),
            vec![
                "AR/2024/002",
                "AR/2025/001",
                "AR/2025/006",
                "AR/2026/001",
                "AR/2022/001",
                "AR/2023/001",
                "AR/2025/002",
                "AR/2025/003",
                "AR/2026/002",
            ],
        ),
        // Anna and Marek, four each.
        (
            "5.2",
            c(4),
            vec![
                "AR/2024/002",
                "AR/2025/001",
                "AR/2025/006",
                "AR/2026/001",
                "AR/2022/001",
                "AR/2023/001",
                "AR/2025/002",
                "AR/2025/003",
            ],
        ),
        // Held: 01.01 Adamska, 15.02 Cichy, 10.04 Ekiert, 30.06 Jasińska.
        (
            "6",
            c(4),
            vec!["AR/2025/001", "AR/2026/001", "AR/2024/002", "AR/2023/001"],
        ),
        ("6.1", c(2), vec!["AR/2025/001", "AR/2024/002"]),
        ("6.2", c(1), vec!["AR/2025/002"]),
        // 90 + 15 + 45 + 120 minutes.
        (
            "6.3",
            Value::Hundredths(450),
            vec!["AR/2025/001", "AR/2026/001", "AR/2024/002", "AR/2023/001"],
        ),
        (
            "x.1",
            c(7),
            vec![
                "AR/2025/001",
                "AR/2026/001",
                "AR/2025/002",
                "AR/2024/002",
                "AR/2025/006",
                "AR/2023/001",
                "AR/2022/001",
            ],
        ),
        ("x.2", c(1), vec!["AR/2025/003"]),
        ("x.3", c(1), vec!["AR/2026/002"]),
        ("x.4", c(1), vec!["AR/2025/006"]),
        ("x.5", c(1), vec!["AR/2026/001"]),
        ("x.6", c(2), vec!["AR/2026/001", "AR/2026/002"]),
        // 15 + 120 minutes.
        (
            "x.7",
            Value::Hundredths(225),
            vec!["AR/2026/001", "AR/2023/001"],
        ),
        ("x.8", c(1), vec!["AR/2025/006"]),
    ];
    assert_eq!(
        report.rows.len(),
        table.len(),
        "every row of the definition is in the table"
    );
    let mut failed = Vec::new();
    for (id, value, families) in &table {
        let row = report.row(id).unwrap_or_else(|| panic!("no row {id}"));
        let got = cases(&report, id);
        if row.value != *value || got != *families {
            failed.push(format!(
                "row {id} ({}): expected {value:?} {families:?}, got {:?} {got:?}",
                row.label, row.value
            ));
        }
    }
    assert!(failed.is_empty(), "\n{}", failed.join("\n"));
}

#[test]
fn drill_down_lists_equal_the_counts() {
    let report = report_of(&dataset());
    for row in &report.rows {
        match (row.unit, row.value) {
            (
                Unit::Families | Unit::Children | Unit::Visits | Unit::Assistants,
                Value::Count(n),
            ) => {
                assert_eq!(row.items.len() as u64, n, "row {}", row.id);
                // A family is listed once per family row.
                if row.unit == Unit::Families {
                    assert_eq!(row.families().len() as u64, n, "row {}", row.id);
                }
            }
            (Unit::Hours, Value::Hundredths(h)) => {
                // The visits behind the hours add up to them.
                let minutes: u64 = row
                    .items
                    .iter()
                    .map(|i| match i {
                        Item::Visit { visit, .. } => {
                            let data = dataset();
                            u64::from(
                                data.visits
                                    .iter()
                                    .find(|v| v.id == *visit)
                                    .unwrap()
                                    .duration_min,
                            )
                        }
                        other => panic!("row {}: {other:?}", row.id),
                    })
                    .sum();
                assert_eq!((minutes * 100 + 30) / 60, h, "row {}", row.id);
            }
            (Unit::FamiliesPerAssistant, _) => {
                assert!(
                    row.items
                        .iter()
                        .all(|i| matches!(i, Item::Assistant { .. })),
                    "row {}",
                    row.id
                );
            }
            (unit, value) => panic!("row {}: {unit:?} {value:?}", row.id),
        }
        for item in &row.items {
            for family in item.families() {
                assert!(report.families.contains_key(&family), "row {}", row.id);
            }
            match item {
                Item::Child { member, .. } => assert!(report.children.contains_key(member)),
                Item::Assistant { staff, .. } => assert!(report.staff.contains_key(staff)),
                Item::Family(_) | Item::Visit { .. } => {}
            }
        }
    }
    // The children behind row 2 are the ones counted by hand.
    let row = report.row("2").unwrap();
    let mut children: Vec<Id> = row
        .items
        .iter()
        .map(|i| match i {
            Item::Child { member, .. } => *member,
            other => panic!("{other:?}"),
        })
        .collect();
    children.sort_unstable();
    assert_eq!(
        children,
        [
            1002, 1003, 1006, 1007, 1009, 1010, 1011, 1014, 1015, 1016, 1017, 1018, 1019
        ]
    );
}

#[test]
fn the_same_period_from_both_ends_and_a_single_day() {
    let data = dataset();
    let view = ReportData {
        staff: &data.staff,
        families: &data.families,
        members: &data.members,
        visits: &data.visits,
    };
    let def = definition();
    // A single day, the last of the period: Górski starts, Lis closes, Jasińska's child
    // comes home.
    let day = compute(&def, &view, to(), to());
    let value = |r: &Report, id: &str| r.row(id).unwrap().value;
    assert_eq!(value(&day, "1.8"), Value::Count(1));
    assert_eq!(value(&day, "3.5"), Value::Count(1));
    assert_eq!(value(&day, "2.2"), Value::Count(1));
    assert_eq!(cases(&day, "2.2"), ["AR/2023/001"]);
    // The day after: Lis is monitored, not served; Hajduk starts.
    let next = compute(&def, &view, d(2026, 7, 1), d(2026, 7, 1));
    assert!(!cases(&next, "1").contains(&"AR/2025/006".to_string()));
    assert_eq!(cases(&next, "1.8"), ["AR/2026/003"]);
    // A backwards period counts nothing and does not fail.
    let none = compute(&def, &view, to(), from());
    assert_eq!(value(&none, "1"), Value::Count(0));
    assert_eq!(value(&none, "5.1"), Value::Hundredths(0));
}

#[test]
fn the_family_export_lists_the_families_on_the_register_in_the_period() {
    let data = dataset();
    let view = ReportData {
        staff: &data.staff,
        families: &data.families,
        members: &data.members,
        visits: &data.visits,
    };
    let lines = export::family_lines(&view, from(), to());
    let listed: Vec<&str> = lines.iter().map(|l| l.case_number.as_str()).collect();
    // Dudek closed the day before the period is not on it; the referred Hajduk, Kowal and
    // Nowicka and the suspended Iwańska are.
    assert_eq!(
        listed,
        [
            "AR/2022/001",
            "AR/2023/001",
            "AR/2024/002",
            "AR/2025/001",
            "AR/2025/002",
            "AR/2025/003",
            "AR/2025/004",
            "AR/2025/005",
            "AR/2025/006",
            "AR/2026/001",
            "AR/2026/002",
            "AR/2026/003",
            "AR/2026/004",
        ]
    );
    let lis = lines
        .iter()
        .find(|l| l.case_number == "AR/2025/006")
        .unwrap();
    assert_eq!(lis.status_at_end, Some(Monitoring));
    assert_eq!(
        lis.closed,
        Some((d(2026, 6, 30), ClosureReason::ChildPlacedInFosterCare))
    );
    assert_eq!(
        (lis.served, lis.support_months, lis.children),
        (true, Some(10), 2)
    );
    assert!(lis.child_in_foster_care && lis.court_obliged && lis.kurator);
    let kowal = lines
        .iter()
        .find(|l| l.case_number == "AR/2025/005")
        .unwrap();
    assert_eq!(
        kowal.closed, None,
        "a referral closed is not a closure of work"
    );
    assert!(!kowal.served);
    let csv = export::families_csv(&lines, Language::Polish);
    assert!(
        csv.starts_with("\u{feff}Nr sprawy;Rodzina;Asystent;"),
        "{csv}"
    );
    assert!(
        csv.contains(
            "AR/2025/003;Fijałkowska;Marek Nowak;zamknięta;01.06.2025;30.06.2025;01.01.2026;inny powód: wyjazd za granicę;tak;6;1;tak;nie;nie;nie;nie\r\n"
        ),
        "{csv}"
    );
    let visits = export::visit_lines(&view, from(), to());
    assert_eq!(visits.len(), 7);
    let csv = export::visits_csv(&visits, Language::English);
    assert!(
        csv.contains("2026-04-10;10:00;45;home visit;held;family's home;AR/2024/002;Ekiert;Jolanta Wiśniewska\r\n"),
        "{csv}"
    );
}

/// The register in a store, and a service on it with a fixed audit clock.
fn service() -> (tempfile::TempDir, Service) {
    let dir = tempfile::TempDir::new().unwrap();
    let store = Store::open(&dir.path().join("db")).unwrap();
    store.import(&dataset()).unwrap();
    let config = Config::defaults();
    let service =
        Service::new(store, config.alert_rules(), config.caseload_limit).with_clock(common::clock);
    (dir, service)
}

#[test]
fn the_service_gives_the_supervisor_the_engine_s_report_and_audits_it() {
    let (_dir, service) = service();
    let today = common::today();
    let boss = service.caller("kierownik", today).unwrap();
    let report = service.report(&boss, &definition(), from(), to()).unwrap();
    assert_eq!(report, report_of(&dataset()));
    let lines = service.export_families(&boss, from(), to()).unwrap();
    assert_eq!(lines.lines.len(), 13);
    let visits = service.export_visits(&boss, from(), to()).unwrap();
    assert_eq!(visits.lines.len(), 7);
    assert!(visits.damaged.is_empty());
    let log = service.audit_log(&boss, None, None, None).unwrap();
    let exports: Vec<&str> = log
        .iter()
        .filter(|e| e.action == AuditAction::Export)
        .map(|e| e.entity.as_str())
        .collect();
    assert_eq!(
        exports[..3],
        [
            "report 2026-01-01..2026-06-30",
            "families export 2026-01-01..2026-06-30",
            "visits export 2026-01-01..2026-06-30"
        ]
    );
    assert!(matches!(
        service.report(&boss, &definition(), to(), from()),
        Err(CommandError::PeriodBackwards { .. })
    ));
}

#[test]
fn everyone_but_the_supervisor_is_refused_and_audited() {
    let (_dir, service) = service();
    let today = common::today();
    for login in ["akowalska", "tsowa", "jwisniewska", "nobody"] {
        let caller = service.caller(login, today).unwrap();
        let refused = |r: Result<(), CommandError>| {
            assert!(
                matches!(r, Err(CommandError::ReportSupervisorOnly { ref login }) if login == &caller.login),
                "{login}: {r:?}"
            );
        };
        refused(
            service
                .report(&caller, &definition(), from(), to())
                .map(|_| ()),
        );
        refused(service.export_families(&caller, from(), to()).map(|_| ()));
        refused(service.export_visits(&caller, from(), to()).map(|_| ()));
    }
    let boss = service.caller("kierownik", today).unwrap();
    let log = service.audit_log(&boss, None, None, None).unwrap();
    let refusals = log
        .iter()
        .filter(|e| e.action == AuditAction::Refused)
        .count();
    assert_eq!(refusals, 12);
    assert!(
        log.iter()
            .all(|e| e.action != AuditAction::Export || e.login == "kierownik")
    );
}

// The command line, on the demo register with fixed dates.

use common::cli::{demo_db, run_as, stderr};
use common::server::ServedBinary;

/// What the binary wrote to stdout.
fn stdout(o: &std::process::Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

const PERIOD: [&str; 4] = ["--from", "2026-01-01", "--to", "30.06.2026"];

#[test]
fn the_report_of_the_demo_register_as_text_csv_and_json() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let report = |extra: &[&str]| {
        let mut args = vec!["report"];
        args.extend_from_slice(&PERIOD);
        args.extend_from_slice(extra);
        let out = run_as(dir.path(), &db, "kierownik", &args);
        assert!(out.status.success(), "{}", stderr(&out));
        assert!(out.stderr.is_empty(), "{}", stderr(&out));
        stdout(&out)
    };
    let text = report(&[]);
    assert!(text.lines().all(|l| l.chars().count() <= 80), "{text}");
    insta::assert_snapshot!("report_text_pl", text);
    let text = report(&["--lang", "en", "--format", "text"]);
    assert!(text.lines().all(|l| l.chars().count() <= 80), "{text}");
    insta::assert_snapshot!("report_text_en", text);
    let csv = report(&["--format", "csv"]);
    assert!(csv.starts_with('\u{feff}'));
    assert!(
        csv.ends_with("\r\n") && !csv.replace("\r\n", "").contains('\n'),
        "{csv}"
    );
    assert!(
        csv.split_terminator("\r\n")
            .all(|l| l.split(';').count() == 4),
        "{csv}"
    );
    insta::assert_snapshot!("report_csv_pl", csv.replace("\r\n", "⏎\n"));
    let json = report(&["--format", "json", "--lang", "en"]);
    let parsed: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(parsed["from"], "2026-01-01");
    assert_eq!(parsed["rows"][0]["value"], 30);
    insta::assert_snapshot!("report_json_en", json);
    // The text and JSON agree on every figure.
    let pl = report(&[]);
    for row in parsed["rows"].as_array().unwrap() {
        let id = row["id"].as_str().unwrap();
        let value = match row["value"].as_u64() {
            Some(n) => n.to_string(),
            None => format!("{:.2}", row["value"].as_f64().unwrap()).replace('.', ","),
        };
        assert!(
            pl.lines()
                .any(|l| l.starts_with(&format!("{id} ")) && l.ends_with(&format!(" {value}"))),
            "row {id} = {value}:\n{pl}"
        );
    }
}

#[test]
fn an_assistant_is_refused_the_report_and_the_exports() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    for args in [
        vec!["report", "--format", "json"],
        vec!["export", "families"],
        vec!["export", "visits", "--out", "x.csv"],
    ] {
        let mut args = args;
        args.extend_from_slice(&PERIOD);
        let out = run_as(dir.path(), &db, "akowalska", &args);
        assert!(!out.status.success(), "{args:?}");
        assert!(out.stdout.is_empty(), "{args:?}");
        let err = stderr(&out);
        assert!(
            err.contains("tylko kierownik") && err.contains("\"akowalska\""),
            "{args:?}: {err}"
        );
    }
    assert!(!dir.path().join("x.csv").exists());
    let out = run_as(
        dir.path(),
        &db,
        "akowalska",
        &[
            "--lang",
            "en",
            "report",
            "--from",
            "2026-01-01",
            "--to",
            "2026-06-30",
        ],
    );
    assert!(
        stderr(&out).contains("Only a supervisor"),
        "{}",
        stderr(&out)
    );
    let out = run_as(
        dir.path(),
        &db,
        "kierownik",
        &["audit", "--staff", "akowalska"],
    );
    let refused = stdout(&out)
        .lines()
        .filter(|l| l.contains(" refused ") && (l.contains("report") || l.contains("export")))
        .count();
    assert_eq!(refused, 4, "{}", stdout(&out));
}

#[test]
fn the_exports_are_csv_for_a_spreadsheet_on_stdout_or_in_a_new_file() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let out = run_as(
        dir.path(),
        &db,
        "kierownik",
        &[
            "export",
            "families",
            "--from",
            "2026-01-01",
            "--to",
            "2026-06-30",
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let families = stdout(&out);
    assert!(
        families.lines().all(|l| l.split(';').count() == 16),
        "{families}"
    );
    assert!(
        !families.contains("PESEL") && !families.contains("ul."),
        "no PESEL, no address"
    );
    insta::assert_snapshot!("export_families_pl", families.replace("\r\n", "⏎\n"));
    let week = ["--from", "2026-06-01", "--to", "2026-06-07"];
    let mut args = vec!["--lang", "en", "export", "visits"];
    args.extend_from_slice(&week);
    let out = run_as(dir.path(), &db, "kierownik", &args);
    assert!(out.status.success(), "{}", stderr(&out));
    insta::assert_snapshot!("export_visits_en", stdout(&out).replace("\r\n", "⏎\n"));

    // Into a directory: a new file, mode 0600, its path printed; never over another.
    let into = dir.path().join("arkusze");
    std::fs::create_dir(&into).unwrap();
    let mut args = vec!["export", "visits", "--out", into.to_str().unwrap()];
    args.extend_from_slice(&week);
    let first = run_as(dir.path(), &db, "kierownik", &args);
    let second = run_as(dir.path(), &db, "kierownik", &args);
    let path = |o: &std::process::Output| std::path::PathBuf::from(stdout(o).trim_end());
    assert_eq!(path(&first), into.join("wizyty-2026-06-01-2026-06-07.csv"));
    assert_eq!(
        path(&second),
        into.join("wizyty-2026-06-01-2026-06-07-2.csv")
    );
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(path(&first))
        .unwrap()
        .permissions()
        .mode();
    assert_eq!(mode & 0o777, 0o600);
    let written = std::fs::read_to_string(path(&first)).unwrap();
    assert!(
        written.starts_with("\u{feff}Data;Godzina;Minuty;"),
        "{written}"
    );
    // A named file that exists is refused.
    let file = into.join("wizyty-2026-06-01-2026-06-07.csv");
    let mut args = vec!["export", "visits", "--out", file.to_str().unwrap()];
    args.extend_from_slice(&week);
    let out = run_as(dir.path(), &db, "kierownik", &args);
    assert!(!out.status.success());
    assert_eq!(std::fs::read_to_string(&file).unwrap(), written);
}

#[test]
fn an_office_definition_is_read_beside_the_config_and_a_wrong_one_names_the_row() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let conf = dir.path().join("asystent");
    std::fs::create_dir_all(&conf).unwrap();
    std::fs::write(
        conf.join("report.toml"),
        "title = \"Nasze zestawienie\"\n[[row]]\nid = \"A\"\nlabel = \"Rodziny Za życiem\"\nrule = \"families_served\"\nflag = \"za_zyciem\"\n",
    )
    .unwrap();
    let mut args = vec!["report"];
    args.extend_from_slice(&PERIOD);
    let out = run_as(dir.path(), &db, "kierownik", &args);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.starts_with("Nasze zestawienie\n"), "{text}");
    assert!(text.contains("asystent/report.toml"), "{text}");
    assert_eq!(
        text.lines().filter(|l| l.starts_with("A ")).count(),
        1,
        "{text}"
    );

    // A wrong row stops the report naming it, before the database is opened.
    let bad = dir.path().join("zly.toml");
    std::fs::write(
        &bad,
        "[[row]]\nid = \"1\"\nlabel = \"Rodziny\"\nrule = \"families_served\"\n[[row]]\nid = \"2\"\nlabel = \"Zamknięte\"\nrule = \"families_closed\"\nreason = \"przeprowadzka\"\n",
    )
    .unwrap();
    let missing_db = dir.path().join("nie-ma");
    let mut args = vec!["report", "--definition", bad.to_str().unwrap()];
    args.extend_from_slice(&PERIOD);
    let out = run_as(dir.path(), &missing_db, "kierownik", &args);
    assert!(!out.status.success());
    assert!(out.stdout.is_empty());
    let err = stderr(&out);
    assert!(
        err.contains("zly.toml, wiersz nr 2 (id \"2\"): reason = \"przeprowadzka\""),
        "{err}"
    );
    assert!(!missing_db.exists());
    let mut args = vec![
        "--lang",
        "en",
        "report",
        "--definition",
        bad.to_str().unwrap(),
    ];
    args.extend_from_slice(&PERIOD);
    let err = stderr(&run_as(dir.path(), &db, "kierownik", &args));
    assert!(
        err.contains("zly.toml, row 2 (id \"2\"): reason = \"przeprowadzka\" is none of"),
        "{err}"
    );
    // A period that ends before it starts.
    let out = run_as(
        dir.path(),
        &db,
        "kierownik",
        &["report", "--from", "2026-07-01", "--to", "2026-06-30"],
    );
    assert!(
        stderr(&out).contains("--from 01.07.2026 jest po --to 30.06.2026"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn the_report_and_the_exports_through_a_running_server_are_the_embedded_ones() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let home = dir.path();
    let week = ["--from", "2026-06-01", "--to", "2026-06-07"];
    let runs: Vec<Vec<&str>> = vec![
        [&["report", "--format", "csv"][..], &PERIOD[..]].concat(),
        [&["--lang", "en", "report"][..], &PERIOD[..]].concat(),
        [&["report", "--format", "json"][..], &PERIOD[..]].concat(),
        [&["export", "visits"][..], &week[..]].concat(),
        [&["--lang", "en", "export", "families"][..], &PERIOD[..]].concat(),
    ];
    let refused: Vec<Vec<&str>> = vec![
        [&["report", "--format", "csv"][..], &PERIOD[..]].concat(),
        [&["--lang", "en", "report"][..], &PERIOD[..]].concat(),
        [&["export", "visits"][..], &week[..]].concat(),
        [
            &["--lang", "en", "export", "families", "--out", "x.csv"][..],
            &PERIOD[..],
        ]
        .concat(),
    ];
    let on = |login: &str, args: &[&str]| run_as(home, &db, login, args);

    // On the database itself first, for comparison.
    let local: Vec<_> = runs.iter().map(|a| on("kierownik", a)).collect();
    let local_refusals: Vec<_> = refused.iter().map(|a| on("akowalska", a)).collect();
    for out in &local {
        assert!(out.status.success(), "{}", stderr(out));
    }

    let server = ServedBinary::start(&db, home);
    assert!(
        asystent::store::Store::open(&db).is_err(),
        "the database is the server's"
    );
    for (args, local) in runs.iter().zip(&local) {
        let served = on("kierownik", args);
        assert!(served.status.success(), "{args:?}: {}", stderr(&served));
        assert!(served.stderr.is_empty(), "{args:?}: {}", stderr(&served));
        assert_eq!(stdout(&served), stdout(local), "{args:?}");
    }
    assert!(stdout(&local[0]).starts_with("\u{feff}Lp.;Wiersz;Wartość;Jednostka\r\n"));
    assert!(stdout(&local[3]).starts_with("\u{feff}Data;Godzina;Minuty;"));

    // The CSV is written on the client's side, as on the database itself.
    let into = home.join("arkusze");
    std::fs::create_dir(&into).unwrap();
    let args = [
        &["export", "visits", "--out", into.to_str().unwrap()][..],
        &week[..],
    ]
    .concat();
    let written = on("kierownik", &args);
    assert!(written.status.success(), "{}", stderr(&written));
    let path = std::path::PathBuf::from(stdout(&written).trim_end());
    assert_eq!(path, into.join("wizyty-2026-06-01-2026-06-07.csv"));
    assert_eq!(std::fs::read_to_string(&path).unwrap(), stdout(&local[3]));
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(&path).unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o600);

    // An assistant is refused by the server, in the embedded words and exit code.
    for ((args, local), served) in refused
        .iter()
        .zip(&local_refusals)
        .zip(refused.iter().map(|a| on("akowalska", a)))
    {
        assert_eq!(
            served.status.code(),
            Some(1),
            "{args:?}: {}",
            stderr(&served)
        );
        assert_eq!(served.status.code(), local.status.code(), "{args:?}");
        assert!(served.stdout.is_empty(), "{args:?}");
        assert_eq!(stderr(&served), stderr(local), "{args:?}");
    }
    assert!(stderr(&local_refusals[0]).contains("tylko kierownik"));
    assert!(stderr(&local_refusals[1]).contains("Only a supervisor"));
    assert!(!home.join("x.csv").exists());

    // Every run is in the server's log, read through the server: as many exports and
    // refusals through it as on the database itself.
    let log = on("kierownik", &["audit"]);
    assert!(log.status.success(), "{}", stderr(&log));
    let log = stdout(&log);
    let count = |who: &str, action: &str, what: &str| {
        log.lines()
            .filter(|l| l.contains(&format!("  {who}  {action}  ")) && l.contains(what))
            .count()
    };
    assert_eq!(
        count("kierownik", "export", "report 2026-01-01..2026-06-30"),
        6,
        "{log}"
    );
    assert_eq!(
        count(
            "kierownik",
            "export",
            "visits export 2026-06-01..2026-06-07"
        ),
        3,
        "{log}"
    );
    assert_eq!(
        count(
            "kierownik",
            "export",
            "families export 2026-01-01..2026-06-30"
        ),
        2,
        "{log}"
    );
    assert_eq!(count("akowalska", "refused", "report"), 4, "{log}");
    assert_eq!(count("akowalska", "refused", "export"), 4, "{log}");
    server.stop();
}
