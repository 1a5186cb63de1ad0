//! Fuzz target: any typed text gives a date within the accepted years or an error,
//! never a panic, whatever `today` is; an accepted date formats and parses back.

#![no_main]

use asystent::domain::dates::{MAX_YEAR, MIN_YEAR, format_date, parse_date};
use chrono::{Datelike, NaiveDate};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    let Ok(text) = std::str::from_utf8(bytes) else {
        return;
    };
    // An ordinary day and the edges of chrono's calendar, for the relative forms.
    let todays = [
        NaiveDate::from_ymd_opt(2026, 11, 22).expect("a real day"),
        NaiveDate::MIN,
        NaiveDate::MAX,
    ];
    for today in todays {
        match parse_date(text, today) {
            Ok(date) => {
                assert!(
                    (MIN_YEAR..=MAX_YEAR).contains(&date.year()),
                    "{text:?} → {date}"
                );
                assert_eq!(parse_date(&format_date(date), today), Ok(date), "{text:?}");
            }
            Err(e) => assert!(!e.to_string().is_empty()),
        }
    }
});
