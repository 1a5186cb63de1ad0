//! Date parsing and formatting as users type and read them (dd.mm.rrrr).

use chrono::{Datelike, Days, Months, NaiveDate, NaiveTime};
use thiserror::Error;

/// Why a typed date was not understood.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum DateError {
    /// Nothing was typed.
    #[error("no date given")]
    Empty,
    /// The text is not in any accepted format.
    #[error("not a date: use dd.mm.rrrr, rrrr-mm-dd, dziś/today, jutro/tomorrow or +N")]
    Format,
    /// Right format, but no such day (31.02, 00.00).
    #[error("no such day in the calendar")]
    NoSuchDay,
    /// Outside the years the program accepts.
    #[error("the year must be between 1900 and 2200")]
    OutOfRange,
}

/// First year a typed date may have.
pub const MIN_YEAR: i32 = 1900;
/// Last year a typed date may have.
pub const MAX_YEAR: i32 = 2200;

/// Parses a date typed by a user, relative to `today` for the relative forms.
/// Accepts `dd.mm.rrrr`, `d.m.rrrr`, `rrrr-mm-dd`, `dziś`/`dzis`/`today`,
/// `jutro`/`tomorrow`, `+N` and `-N` days.
pub fn parse_date(input: &str, today: NaiveDate) -> Result<NaiveDate, DateError> {
    let s = input.trim().to_lowercase();
    if s.is_empty() {
        return Err(DateError::Empty);
    }
    let date = match s.as_str() {
        "dziś" | "dzis" | "today" => Some(today),
        "jutro" | "tomorrow" => today.checked_add_days(Days::new(1)),
        _ if s.starts_with('+') || s.starts_with('-') => {
            let n: u64 = s[1..].parse().map_err(|_| DateError::Format)?;
            if n > 100_000 {
                return Err(DateError::OutOfRange);
            }
            if s.starts_with('+') {
                today.checked_add_days(Days::new(n))
            } else {
                today.checked_sub_days(Days::new(n))
            }
        }
        _ => Some(parse_absolute(&s)?),
    };
    let date = date.ok_or(DateError::OutOfRange)?;
    if !(MIN_YEAR..=MAX_YEAR).contains(&date.year()) {
        return Err(DateError::OutOfRange);
    }
    Ok(date)
}

fn parse_absolute(s: &str) -> Result<NaiveDate, DateError> {
    let (y, m, d) = if let Some(parts) = split3(s, '-') {
        (parts[0], parts[1], parts[2])
    } else if let Some(parts) = split3(s, '.') {
        (parts[2], parts[1], parts[0])
    } else {
        return Err(DateError::Format);
    };
    let digits = |p: &str, max_len: usize| {
        if p.is_empty() || p.len() > max_len || !p.bytes().all(|b| b.is_ascii_digit()) {
            Err(DateError::Format)
        } else {
            Ok(p.parse::<u32>().expect("short digit string"))
        }
    };
    let (y, m, d) = (digits(y, 4)?, digits(m, 2)?, digits(d, 2)?);
    if y < 1000 {
        return Err(DateError::Format);
    }
    let year = i32::try_from(y).map_err(|_| DateError::OutOfRange)?;
    if !(MIN_YEAR..=MAX_YEAR).contains(&year) {
        return Err(DateError::OutOfRange);
    }
    NaiveDate::from_ymd_opt(year, m, d).ok_or(DateError::NoSuchDay)
}

fn split3(s: &str, sep: char) -> Option<[&str; 3]> {
    let mut it = s.split(sep);
    let parts = [it.next()?, it.next()?, it.next()?];
    it.next().is_none().then_some(parts)
}

/// Parses a time of day typed as `HH:MM`, `H:MM`, `HH.MM` or `HH`; `None` if it is not one.
pub fn parse_time(input: &str) -> Option<NaiveTime> {
    let s = input.trim();
    let (h, m) = match s.split_once([':', '.']) {
        Some((h, m)) => (h, m),
        None => (s, "0"),
    };
    let digits = |p: &str, max_len: usize| {
        (!p.is_empty() && p.len() <= max_len && p.bytes().all(|b| b.is_ascii_digit()))
            .then(|| p.parse::<u32>().ok())
            .flatten()
    };
    NaiveTime::from_hms_opt(digits(h, 2)?, digits(m, 2)?, 0)
}

/// Formats a date the Polish way, `dd.mm.rrrr`.
pub fn format_date(date: NaiveDate) -> String {
    date.format("%d.%m.%Y").to_string()
}

/// Adds calendar months, clamping to the month's last day (31.08 + 6 months = 28/29.02).
pub fn add_months(date: NaiveDate, months: u32) -> NaiveDate {
    date.checked_add_months(Months::new(months))
        .unwrap_or(NaiveDate::MAX)
}

/// Whole years between `birth` and `today` (age).
pub fn age_on(birth: NaiveDate, today: NaiveDate) -> i32 {
    let mut age = today.year() - birth.year();
    if (today.month(), today.day()) < (birth.month(), birth.day()) {
        age -= 1;
    }
    age
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_of_day_parse_and_nonsense_does_not() {
        let t = |h, m| NaiveTime::from_hms_opt(h, m, 0);
        assert_eq!(parse_time("9:30"), t(9, 30));
        assert_eq!(parse_time(" 17.05 "), t(17, 5));
        assert_eq!(parse_time("8"), t(8, 0));
        for bad in [
            "",
            "24:00",
            "9:60",
            "9:5:1",
            "-1",
            "99999999999:00",
            "٩:٣٠",
            "a:b",
            "9:",
        ] {
            assert_eq!(parse_time(bad), None, "{bad:?}");
        }
    }

    fn d(y: i32, m: u32, dd: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, dd).unwrap()
    }

    const TODAY: (i32, u32, u32) = (2026, 11, 22);

    fn today() -> NaiveDate {
        d(TODAY.0, TODAY.1, TODAY.2)
    }

    #[test]
    fn every_accepted_form_parses() {
        let t = today();
        assert_eq!(parse_date("05.03.2026", t), Ok(d(2026, 3, 5)));
        assert_eq!(parse_date("5.3.2026", t), Ok(d(2026, 3, 5)));
        assert_eq!(parse_date("2026-03-05", t), Ok(d(2026, 3, 5)));
        assert_eq!(parse_date(" dziś ", t), Ok(t));
        assert_eq!(parse_date("DZIS", t), Ok(t));
        assert_eq!(parse_date("today", t), Ok(t));
        assert_eq!(parse_date("jutro", t), Ok(d(2026, 11, 23)));
        assert_eq!(parse_date("tomorrow", t), Ok(d(2026, 11, 23)));
        assert_eq!(parse_date("+10", t), Ok(d(2026, 12, 2)));
        assert_eq!(parse_date("-22", t), Ok(d(2026, 10, 31)));
    }

    #[test]
    fn impossible_and_malformed_dates_are_refused_with_a_reason() {
        let t = today();
        assert_eq!(parse_date("", t), Err(DateError::Empty));
        assert_eq!(parse_date("   ", t), Err(DateError::Empty));
        assert_eq!(parse_date("31.02.2026", t), Err(DateError::NoSuchDay));
        assert_eq!(parse_date("29.02.2025", t), Err(DateError::NoSuchDay));
        assert_eq!(parse_date("00.00.0000", t), Err(DateError::Format));
        assert_eq!(parse_date("01.01.1200", t), Err(DateError::OutOfRange));
        assert_eq!(parse_date("01.01.9999", t), Err(DateError::OutOfRange));
        assert_eq!(
            parse_date("+99999999999999999999", t),
            Err(DateError::Format)
        );
        assert_eq!(parse_date("+100000000", t), Err(DateError::OutOfRange));
        assert_eq!(parse_date("2026/03/05", t), Err(DateError::Format));
        assert_eq!(parse_date("1.2.3.4", t), Err(DateError::Format));
        assert_eq!(parse_date("١٢.٠٣.٢٠٢٦", t), Err(DateError::Format));
    }

    #[test]
    fn months_clamp_to_the_end_of_month() {
        assert_eq!(add_months(d(2026, 8, 31), 6), d(2027, 2, 28));
        assert_eq!(add_months(d(2027, 8, 31), 6), d(2028, 2, 29));
        assert_eq!(add_months(d(2026, 1, 15), 6), d(2026, 7, 15));
    }

    #[test]
    fn age_counts_whole_years() {
        assert_eq!(age_on(d(2020, 11, 23), today()), 5);
        assert_eq!(age_on(d(2020, 11, 22), today()), 6);
    }

    #[test]
    fn format_is_day_month_year() {
        assert_eq!(format_date(d(2026, 3, 5)), "05.03.2026");
    }

    proptest::proptest! {
        #[test]
        fn parse_never_panics(s in "\\PC{0,40}") {
            let _ = parse_date(&s, today());
        }

        #[test]
        fn formatted_dates_parse_back(days in 0i64..100_000) {
            let date = d(1900, 1, 1) + chrono::Duration::days(days);
            if date.year() <= MAX_YEAR {
                proptest::prop_assert_eq!(parse_date(&format_date(date), today()), Ok(date));
            }
        }
    }
}
