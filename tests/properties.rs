//! Property tests of the entry points that take outside input: arbitrary bytes and text never panic, and records survive the codec.

use asystent::config::{Config, ConfigError, Problem};
use asystent::domain::alerts::{
    self, AlertRules, CaseFacts, CourtDue, DeadlineKind, FamilyFacts, PlanFacts,
};
use asystent::domain::dates::{MAX_YEAR, MIN_YEAR, add_months, format_date, parse_date};
use asystent::domain::digest::FamilyDigest;
use asystent::domain::pesel::Pesel;
use asystent::domain::summary::FamilySummary;
use asystent::domain::{
    Assessment, Closure, ClosureReason, Cooperation, CourtRequest, Family, FamilyFlags,
    FamilyStatus, Member, SocialWorkerRef, Staff, Visit, VisitKind, VisitPlace, VisitRecord,
    VisitStatus, WorkPlan,
};
use asystent::store::codec::{self, Record};
use asystent::store::digest_file::{self, DigestFile};
use asystent::store::start_file::{StartDay, StartFile};
use chrono::{Datelike, NaiveDate, NaiveTime};
use proptest::prelude::*;

/// Few cases per property, so that the whole file runs in a few seconds.
fn config(cases: u32) -> ProptestConfig {
    ProptestConfig {
        cases,
        ..ProptestConfig::default()
    }
}

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 22).unwrap()
}

/// Decodes `bytes` as every record kind; only the absence of a panic matters.
fn decode_every_kind(bytes: &[u8]) {
    let _ = codec::decode::<Staff>(bytes);
    let _ = codec::decode::<Family>(bytes);
    let _ = codec::decode::<Member>(bytes);
    let _ = codec::decode::<WorkPlan>(bytes);
    let _ = codec::decode::<Visit>(bytes);
    let _ = codec::decode::<Assessment>(bytes);
    let _ = codec::decode::<CourtRequest>(bytes);
    let _ = codec::decode::<Cooperation>(bytes);
    // The derived values kept beside the records.
    let _ = codec::decode_payload::<FamilySummary>(bytes);
    let _ = codec::decode_payload::<FamilyDigest>(bytes);
}

/// Puts a current-version header of `R` in front of `payload`, so the decoder reaches it.
fn behind_header<R: Record>(payload: &[u8]) -> Vec<u8> {
    codec::wrap::<R>(1, payload)
}

/// Any day chrono can represent, not only the years a user may type.
/// A digest with any values, dates anywhere in chrono's calendar.
fn any_digest() -> impl Strategy<Value = FamilyDigest> {
    let date = any_date;
    let case = (
        any::<u64>(),
        proptest::sample::select(FamilyStatus::ALL.to_vec()),
        proptest::option::of(date()),
        proptest::option::of(date()),
        proptest::option::of(date()),
    )
        .prop_map(
            |(id, status, work_started, closed, monitoring_until)| CaseFacts {
                id,
                status,
                work_started,
                closed,
                monitoring_until,
            },
        );
    let plan = (
        any::<(u64, u32, u32, bool, bool)>(),
        date(),
        proptest::option::of(date()),
    )
        .prop_map(
            |((id, version, incomplete, consulted, linked), drawn_up, next)| PlanFacts {
                id,
                version,
                drawn_up,
                incomplete_actions: incomplete,
                next_action_deadline: next,
                consulted,
                child_plan_linked: linked,
            },
        );
    (
        (
            case,
            proptest::option::of(any::<u64>()),
            any::<String>(),
            any::<String>(),
        ),
        (proptest::option::of(date()), proptest::option::of(plan)),
        proptest::collection::vec((date(), proptest::option::of(date())), 0..3),
        proptest::collection::vec((any::<u64>(), date()), 0..3),
        proptest::option::of((any::<u64>(), date())),
        proptest::option::of(date()),
    )
        .prop_map(
            |(
                (case, assistant, case_number, name),
                (last_assessment, plan),
                placements,
                courts,
                planned_visit,
                last_held_visit,
            )| {
                FamilyDigest {
                    case,
                    assistant,
                    case_number,
                    name,
                    last_assessment,
                    plan,
                    placements,
                    court_dues: courts
                        .into_iter()
                        .map(|(id, due)| CourtDue { id, due })
                        .collect(),
                    planned_visit,
                    last_held_visit,
                }
            },
        )
}

fn any_date() -> impl Strategy<Value = NaiveDate> {
    let (min, max) = (
        NaiveDate::MIN.num_days_from_ce(),
        NaiveDate::MAX.num_days_from_ce(),
    );
    (min..=max).prop_map(|days| NaiveDate::from_num_days_from_ce_opt(days).unwrap())
}

/// Any time of day, leap seconds (nanoseconds past 10⁹ in second 59) included.
fn any_time() -> impl Strategy<Value = NaiveTime> {
    prop_oneof![
        (0u32..24, 0u32..60, 0u32..60, 0u32..1_000_000_000)
            .prop_map(|(h, m, s, n)| NaiveTime::from_hms_nano_opt(h, m, s, n).unwrap()),
        (0u32..24, 0u32..60, 1_000_000_000u32..2_000_000_000)
            .prop_map(|(h, m, n)| NaiveTime::from_hms_nano_opt(h, m, 59, n).unwrap()),
    ]
}

/// Short text of any characters, control characters and the whole of Unicode included.
fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "\\PC{0,12}",
        "[ąęółśżźćńĄĘÓŁŚŻŹĆŃ a-z]{0,12}"
    ]
}

fn family_status() -> impl Strategy<Value = FamilyStatus> {
    proptest::sample::select(FamilyStatus::ALL.to_vec())
}

fn closure_reason() -> impl Strategy<Value = ClosureReason> {
    prop_oneof![
        Just(ClosureReason::GoalsAchieved),
        Just(ClosureReason::FamilyResigned),
        Just(ClosureReason::NoCooperation),
        Just(ClosureReason::MovedOut),
        Just(ClosureReason::ChildPlacedInFosterCare),
        text().prop_map(ClosureReason::Other),
    ]
}

fn closure() -> impl Strategy<Value = Closure> {
    (
        any_date(),
        closure_reason(),
        text(),
        proptest::option::of(any_date()),
    )
        .prop_map(|(date, reason, summary, monitoring_until)| Closure {
            date,
            reason,
            summary,
            monitoring_until,
        })
}

fn flags() -> impl Strategy<Value = FamilyFlags> {
    (any::<[bool; 3]>(), proptest::option::of(text())).prop_map(|([a, b, c], kurator)| {
        FamilyFlags {
            court_obliged: a,
            za_zyciem: b,
            niebieska_karta: c,
            kurator,
        }
    })
}

/// Any family, with every optional part present or absent.
fn family() -> impl Strategy<Value = Family> {
    let ids_and_text = (
        any::<u64>(),
        text(),
        text(),
        text(),
        proptest::collection::vec(text(), 0..4),
        proptest::option::of(any::<u64>()),
        (text(), text()).prop_map(|(name, phone)| SocialWorkerRef { name, phone }),
    );
    let dates_and_state = (
        any_date(),
        proptest::option::of(any_date()),
        proptest::option::of(any_date()),
        family_status(),
        flags(),
        proptest::option::of(closure()),
        text(),
    );
    (ids_and_text, dates_and_state).prop_map(
        |(
            (id, case_number, name, address, phones, assistant, social_worker),
            (referral_date, consent_date, work_started, status, flags, closure, notes),
        )| Family {
            id,
            case_number,
            name,
            address,
            phones,
            assistant,
            social_worker,
            referral_date,
            consent_date,
            work_started,
            status,
            flags,
            closure,
            notes,
            history: Vec::new(),
        },
    )
}

fn visit_place() -> impl Strategy<Value = VisitPlace> {
    prop_oneof![
        Just(VisitPlace::FamilyHome),
        Just(VisitPlace::Office),
        text().prop_map(VisitPlace::Other),
    ]
}

fn visit_kind() -> impl Strategy<Value = VisitKind> {
    prop_oneof![
        Just(VisitKind::HomeVisit),
        Just(VisitKind::Accompaniment),
        Just(VisitKind::PhoneCall),
        Just(VisitKind::Intervention),
        Just(VisitKind::Consultation),
        Just(VisitKind::GroupClass),
    ]
}

fn visit_status() -> impl Strategy<Value = VisitStatus> {
    prop_oneof![
        Just(VisitStatus::Planned),
        Just(VisitStatus::Held),
        Just(VisitStatus::Cancelled),
        Just(VisitStatus::FamilyAbsent),
    ]
}

/// Any visit.
fn visit() -> impl Strategy<Value = Visit> {
    let record =
        (text(), text(), text(), text()).prop_map(|(present, since_last, done_now, tasks)| {
            VisitRecord {
                present,
                since_last,
                done_now,
                tasks,
            }
        });
    (
        any::<[u64; 3]>(),
        any_date(),
        any_time(),
        any::<u16>(),
        visit_place(),
        visit_kind(),
        visit_status(),
        record,
    )
        .prop_map(
            |(
                [id, family_id, assistant],
                date,
                time,
                duration_min,
                place,
                kind,
                status,
                record,
            )| {
                Visit {
                    id,
                    family_id,
                    assistant,
                    date,
                    time,
                    duration_min,
                    place,
                    kind,
                    status,
                    record,
                    history: Vec::new(),
                }
            },
        )
}

/// A TOML value of any type, in the form it takes on the right of `=`.
fn toml_value() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<i64>().prop_map(|n| n.to_string()),
        (-20i64..200).prop_map(|n| n.to_string()),
        "[0-9]{19,30}",
        any::<f64>().prop_map(|f| toml::Value::Float(f).to_string()),
        any::<bool>().prop_map(|b| b.to_string()),
        any::<String>().prop_map(|s| toml::Value::String(s).to_string()),
        Just("\"pl\"".to_string()),
        Just("\"en\"".to_string()),
        Just("[]".to_string()),
        Just("[1, 2]".to_string()),
        Just("{}".to_string()),
        Just("{ limit = 3 }".to_string()),
        Just("2026-11-22".to_string()),
        Just("1979-05-27T07:32:00Z".to_string()),
        Just("inf".to_string()),
        Just("nan".to_string()),
    ]
}

/// Keys of the configuration file, known and unknown, as (table, key).
fn config_key() -> impl Strategy<Value = (&'static str, &'static str)> {
    prop_oneof![
        Just(("", "language")),
        Just(("deadlines", "assessment_interval_months")),
        Just(("deadlines", "warning_days")),
        Just(("deadlines", "plan_due_days")),
        Just(("deadlines", "monitoring_months")),
        Just(("deadlines", "contact_days")),
        Just(("deadlines", "checkin_days")),
        Just(("caseload", "limit")),
        Just(("caseload", "warning_margin")),
        Just(("", "deadlines")),
        Just(("", "caseload")),
        Just(("caseload", "max")),
        Just(("", "colour")),
        Just(("colours", "warning")),
    ]
}

/// A well-formed TOML document whose keys and values may be of the wrong kind.
fn structured_config() -> impl Strategy<Value = String> {
    proptest::collection::vec((config_key(), toml_value()), 0..6).prop_map(|entries| {
        let mut top = String::new();
        let mut tables: Vec<(&str, String)> = Vec::new();
        for ((table, key), value) in entries {
            let line = format!("{key} = {value}\n");
            if table.is_empty() {
                top.push_str(&line);
            } else if let Some((_, body)) = tables.iter_mut().find(|(t, _)| *t == table) {
                body.push_str(&line);
            } else {
                tables.push((table, line));
            }
        }
        for (table, body) in tables {
            top.push_str(&format!("[{table}]\n{body}"));
        }
        top
    })
}

/// Checks that a configuration is inside its documented limits, or the error names the file.
fn check_config(result: Result<Config, ConfigError>, file: &str) -> Result<(), TestCaseError> {
    match result {
        Ok(c) => {
            prop_assert!((1..=6).contains(&c.assessment_interval_months), "{c:?}");
            prop_assert!((1..=90).contains(&c.warning_days), "{c:?}");
            prop_assert!((1..=180).contains(&c.plan_due_days), "{c:?}");
            prop_assert!((1..=24).contains(&c.monitoring_months), "{c:?}");
            prop_assert!((1..=90).contains(&c.contact_days), "{c:?}");
            prop_assert!((1..=180).contains(&c.checkin_days), "{c:?}");
            prop_assert!((1..=15).contains(&c.caseload_limit), "{c:?}");
            prop_assert!(c.caseload_warning_margin <= 14, "{c:?}");
        }
        Err(e) => {
            let message = e.to_string();
            prop_assert!(message.starts_with(&format!("{file}: ")), "{message}");
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(config(256))]

    #[test]
    fn arbitrary_bytes_decode_as_no_record_kind_with_a_panic(
        bytes in proptest::collection::vec(any::<u8>(), 0..200),
    ) {
        decode_every_kind(&bytes);
    }

    #[test]
    fn any_family_digest_reads_back_as_written(digest in any_digest()) {
        let bytes = codec::encode_payload(&digest).unwrap();
        prop_assert_eq!(codec::decode_payload::<FamilyDigest>(&bytes).unwrap(), digest);
    }

    #[test]
    fn any_digests_read_back_from_a_digest_file_as_written(
        digests in proptest::collection::vec(any_digest(), 0..8),
        token in any::<u128>(),
    ) {
        let file = DigestFile::parse(digest_file::to_bytes(token, &digests).unwrap()).unwrap();
        let mut read = Vec::new();
        prop_assert!(file.for_each(|d| read.push(d)));
        prop_assert_eq!(file.token(), token);
        prop_assert_eq!(read, digests);
    }

    #[test]
    fn arbitrary_bytes_read_as_a_digest_file_never_panic(
        bytes in proptest::collection::vec(any::<u8>(), 0..300),
        count in any::<u32>(),
    ) {
        if let Some(file) = DigestFile::parse(bytes.clone()) {
            file.for_each(|_| {});
        }
        // The same bytes as the body of a file whose header and checksum are right.
        let mut whole = b"asydgst1".to_vec();
        whole.extend_from_slice(&asystent::store::SCHEMA_VERSION.to_be_bytes());
        whole.extend_from_slice(&[7; 16]);
        whole.extend_from_slice(&count.to_be_bytes());
        whole.extend_from_slice(&bytes);
        let crc = crc32fast::hash(&whole);
        whole.extend_from_slice(&crc.to_be_bytes());
        let file = DigestFile::parse(whole).expect("a whole header and a right checksum");
        let _ = file.entries();
        file.for_each(|_| {});
    }

    #[test]
    fn any_start_file_reads_back_as_written(
        visits in proptest::collection::vec(visit(), 0..6),
        token in any::<u128>(),
        per_day in any::<u32>(),
        day in any_date(),
    ) {
        let start = StartFile {
            digest_token: token,
            staff: Vec::new(),
            damaged_staff: vec!["staff 0000000000000007: not a record".into()],
            per_day,
            days: vec![StartDay {
                date: day,
                count: u32::try_from(visits.len()).unwrap(),
                first: visits,
            }],
        };
        prop_assert_eq!(StartFile::parse(&start.to_bytes().unwrap()), Some(start));
    }

    #[test]
    fn arbitrary_bytes_read_as_a_start_file_never_panic(
        bytes in proptest::collection::vec(any::<u8>(), 0..300),
        day in any_date(),
        limit in 0usize..300,
    ) {
        // The same bytes as the payload of a file whose header and checksum are right.
        let mut whole = b"asystrt1".to_vec();
        whole.extend_from_slice(&asystent::store::SCHEMA_VERSION.to_be_bytes());
        whole.extend_from_slice(&bytes);
        let crc = crc32fast::hash(&whole);
        whole.extend_from_slice(&crc.to_be_bytes());
        for candidate in [&bytes, &whole] {
            if let Some(start) = StartFile::parse(candidate) {
                let _ = start.upcoming(day, limit);
            }
        }
    }

    #[test]
    fn arbitrary_payloads_behind_each_kinds_header_never_panic(
        payload in proptest::collection::vec(any::<u8>(), 0..200),
    ) {
        decode_every_kind(&behind_header::<Staff>(&payload));
        decode_every_kind(&behind_header::<Family>(&payload));
        decode_every_kind(&behind_header::<Visit>(&payload));
        decode_every_kind(&behind_header::<WorkPlan>(&payload));
    }

    #[test]
    fn any_text_is_a_date_in_range_or_an_error(
        text in prop_oneof![any::<String>(), "[0-9.+-]{0,12}", "[0-9]{1,4}[.-][0-9]{1,2}[.-][0-9]{1,4}"],
        some_day in any_date(),
    ) {
        for today in [some_day, today(), NaiveDate::MIN, NaiveDate::MAX] {
            if let Ok(date) = parse_date(&text, today) {
                prop_assert!((MIN_YEAR..=MAX_YEAR).contains(&date.year()), "{text:?} → {date}");
                prop_assert_eq!(parse_date(&format_date(date), today), Ok(date));
            }
        }
    }

    #[test]
    fn any_text_is_a_pesel_or_an_error(
        text in prop_oneof![any::<String>(), "[0-9]{11}", "[0-9٠-٩ ]{9,13}", " ?[0-9]{11}\\s?"],
    ) {
        if let Ok(pesel) = Pesel::parse(&text) {
            prop_assert_eq!(pesel.as_str(), text.trim());
            let serial: u16 = pesel.as_str()[6..10].parse().unwrap();
            prop_assert_eq!(Pesel::generate(pesel.birth_date(), serial), Some(pesel));
        }
    }

    #[test]
    fn any_birth_date_the_pesel_can_carry_round_trips(
        days in 0i64..(500 * 366),
        serial in any::<u16>(),
    ) {
        let birth = NaiveDate::from_ymd_opt(1800, 1, 1).unwrap() + chrono::Duration::days(days);
        if birth.year() <= 2299 {
            let pesel = Pesel::generate(birth, serial).unwrap();
            prop_assert_eq!(pesel.birth_date(), birth);
            prop_assert_eq!(Pesel::parse(pesel.as_str()), Ok(pesel.clone()));
        }
    }

    #[test]
    fn any_text_as_a_config_file_is_a_valid_config_or_an_error(text in any::<String>()) {
        check_config(Config::from_user_toml(&text, "prop.toml"), "prop.toml")?;
    }

    #[test]
    fn structured_config_with_wrong_values_is_a_valid_config_or_an_error(
        text in structured_config(),
    ) {
        check_config(Config::from_user_toml(&text, "prop.toml"), "prop.toml")?;
    }

    #[test]
    fn a_numeric_key_is_accepted_exactly_within_its_limits(
        (table, key, min, max) in prop_oneof![
            Just(("deadlines", "assessment_interval_months", 1i64, 6i64)),
            Just(("deadlines", "warning_days", 1, 90)),
            Just(("deadlines", "plan_due_days", 1, 180)),
            Just(("deadlines", "monitoring_months", 1, 24)),
            Just(("deadlines", "contact_days", 1, 90)),
            Just(("deadlines", "checkin_days", 1, 180)),
            Just(("caseload", "limit", 1, 15)),
            Just(("caseload", "warning_margin", 0, 14)),
        ],
        value in prop_oneof![any::<i64>(), -5i64..200],
    ) {
        let text = format!("[{table}]\n{key} = {value}\n");
        match Config::from_user_toml(&text, "prop.toml") {
            Ok(_) => prop_assert!((min..=max).contains(&value), "{text}"),
            Err(ConfigError::Value { key: named, problem, .. }) => {
                prop_assert!(!(min..=max).contains(&value), "{text}");
                prop_assert_eq!(named, format!("{table}.{key}"));
                let bounded = matches!(
                    problem,
                    Problem::AboveStatute { .. } | Problem::OutOfRange { .. }
                );
                prop_assert!(bounded, "{:?}", problem);
            }
            Err(other) => prop_assert!(false, "{text}: {other}"),
        }
    }
}

proptest! {
    #![proptest_config(config(128))]

    #[test]
    fn any_family_survives_encode_then_decode(family in family(), rev in any::<u64>()) {
        let bytes = codec::encode(&family, rev).unwrap();
        prop_assert_eq!(codec::decode::<Family>(&bytes), Ok((rev, family)));
    }

    #[test]
    fn any_visit_survives_encode_then_decode(visit in visit(), rev in any::<u64>()) {
        let bytes = codec::encode(&visit, rev).unwrap();
        prop_assert_eq!(codec::decode::<Visit>(&bytes), Ok((rev, visit)));
    }

    #[test]
    fn any_damaged_family_record_never_panics(
        family in family(),
        pos in any::<usize>(),
        byte in any::<u8>(),
    ) {
        let mut bytes = codec::encode(&family, 1).unwrap();
        let at = pos % bytes.len();
        bytes[at] = byte;
        decode_every_kind(&bytes);
        decode_every_kind(&bytes[..at]);
    }
}

/// A day of the years the program works with, often the last day of a month.
fn work_date() -> impl Strategy<Value = NaiveDate> {
    let (min, max) = (
        NaiveDate::from_ymd_opt(2000, 1, 1)
            .unwrap()
            .num_days_from_ce(),
        NaiveDate::from_ymd_opt(2040, 12, 31)
            .unwrap()
            .num_days_from_ce(),
    );
    prop_oneof![
        (min..=max).prop_map(|days| NaiveDate::from_num_days_from_ce_opt(days).unwrap()),
        (2000i32..=2040, 1u32..=12).prop_map(|(y, m)| {
            let first_of_next = if m == 12 {
                NaiveDate::from_ymd_opt(y + 1, 1, 1)
            } else {
                NaiveDate::from_ymd_opt(y, m + 1, 1)
            };
            first_of_next.unwrap().pred_opt().unwrap()
        }),
    ]
}

/// A family's history as the clocks see it: the family (any status, active and monitored
/// ones more often; start of work or none), its assessment dates in any order, today and
/// the interval in months.
fn assessment_history() -> impl Strategy<Value = (Family, Vec<NaiveDate>, NaiveDate, u32)> {
    let dates = prop_oneof![work_date(), any_date()];
    let status = prop_oneof![
        2 => Just(FamilyStatus::Active),
        1 => Just(FamilyStatus::Monitoring),
        2 => family_status(),
    ];
    let closure = proptest::option::of((work_date(), proptest::option::of(work_date())));
    (
        (family(), status, closure),
        proptest::option::of(dates.clone()),
        proptest::collection::vec(dates, 0..6),
        work_date(),
        1u32..=6,
    )
        .prop_map(
            |((mut family, status, closure), started, assessments, today, months)| {
                family.status = status;
                family.work_started = started;
                // Most closures in working years; the generated family keeps any-date ones otherwise.
                if let (Some(c), Some((date, until))) = (family.closure.as_mut(), closure) {
                    c.date = date;
                    c.monitoring_until = until;
                }
                (family, assessments, today, months)
            },
        )
}

proptest! {
    #![proptest_config(config(512))]

    #[test]
    fn every_active_family_with_a_start_of_work_has_exactly_one_next_assessment(
        (family, assessments, today, months) in assessment_history(),
        held in proptest::option::of(work_date()),
    ) {
        let rules = AlertRules {
            assessment_months: months,
            ..AlertRules::default()
        };
        let last = assessments.iter().copied().max();
        let facts = FamilyFacts {
            case: CaseFacts::of(&family),
            last_assessment: last,
            plan: None,
            foster_since: None,
            court_dues: &[],
            visit_without_outcome: None,
            last_held_visit: held,
        };
        let due: Vec<NaiveDate> = alerts::deadlines(&facts, &rules)
            .into_iter()
            .filter(|d| d.kind == DeadlineKind::Assessment)
            .map(|d| d.due)
            .collect();
        let alerting = alerts::family_alerts(&facts, &rules, today)
            .into_iter()
            .filter(|a| a.deadline.kind == DeadlineKind::Assessment)
            .count();
        prop_assert!(alerting <= 1, "{alerting} assessment alerts");
        if family.status != FamilyStatus::Active {
            prop_assert!(due.is_empty(), "{:?}: {due:?}", family.status);
            prop_assert_eq!(alerting, 0);
        } else if let Some(anchor) = last.max(family.work_started) {
            prop_assert_eq!(due.len(), 1, "{:?}", due);
            // Never later than six months after the later of the last assessment and
            // the start of work (a reopened case starts a new clock).
            prop_assert!(due[0] <= add_months(anchor, 6), "{} after {anchor}", due[0]);
            prop_assert_eq!(due[0], add_months(anchor, months));
            prop_assert_eq!(alerts::next_assessment(&facts, &rules), Some(due[0]));
        } else {
            prop_assert!(due.is_empty(), "no start of work and no assessment: {due:?}");
        }
    }

    #[test]
    fn contact_and_monitoring_clocks_follow_the_status(
        (family, _assessments, today, _months) in assessment_history(),
        held in proptest::option::of(prop_oneof![work_date(), any_date()]),
        contact_days in 1u32..=90,
        checkin_days in 1u32..=180,
    ) {
        let rules = AlertRules {
            contact_days,
            checkin_days,
            ..AlertRules::default()
        };
        let facts = FamilyFacts {
            case: CaseFacts::of(&family),
            last_assessment: None,
            plan: None,
            foster_since: None,
            court_dues: &[],
            visit_without_outcome: None,
            last_held_visit: held,
        };
        let deadlines = alerts::deadlines(&facts, &rules);
        let of = |kind| deadlines.iter().filter(|d| d.kind == kind).map(|d| d.due).collect::<Vec<_>>();
        let (contact, check_in, ended) = (
            of(DeadlineKind::NoContact),
            of(DeadlineKind::MonitoringCheckIn),
            of(DeadlineKind::MonitoringEnded),
        );
        prop_assert!(contact.len() <= 1 && check_in.len() <= 1 && ended.len() <= 1);
        if family.status != FamilyStatus::Active {
            prop_assert!(contact.is_empty());
        } else if family.work_started.is_some() || held.is_some() {
            prop_assert_eq!(contact.len(), 1);
            // Contact is due the configured days after the newest held visit or the start.
            let from = held.into_iter().chain(family.work_started).max().unwrap();
            let expected = from
                .checked_add_days(chrono::Days::new(contact_days.into()))
                .unwrap_or(NaiveDate::MAX);
            prop_assert_eq!(contact[0], expected);
        }
        let until = family.closure.as_ref().and_then(|c| c.monitoring_until);
        if family.status != FamilyStatus::Monitoring || until.is_none() {
            prop_assert!(check_in.is_empty() && ended.is_empty());
        } else {
            let (closure, until) = (family.closure.as_ref().unwrap(), until.unwrap());
            prop_assert_eq!(ended.len(), 1);
            prop_assert!(ended[0] > until || until == NaiveDate::MAX);
            for due in &check_in {
                // Never after monitoring ends, never sooner than the interval allows.
                prop_assert!(*due <= until, "{due} after {until}");
                prop_assert!(
                    *due > closure.date || *due == NaiveDate::MAX,
                    "{due} not after {}",
                    closure.date
                );
            }
        }
        // Whatever the dates, the alerts of the day are computed without a panic.
        let _ = alerts::family_alerts(&facts, &rules, today);
    }
}
