//! Polish public holidays (ustawa z 18 stycznia 1951 r. o dniach wolnych od pracy), computed
//! for any year with chrono alone: the fixed dates and the movable ones from Easter.
//! The list is the act's current one. Two recent changes are dated: Epiphany (6 January)
//! is a holiday again from 2011, Christmas Eve (24 December) from 2025. Earlier history
//! (before 1990) is not modelled.

use chrono::{Datelike, Days, NaiveDate};
use serde::{Deserialize, Serialize};

/// First year in which 6 January (Trzech Króli) is a public holiday again.
pub const EPIPHANY_SINCE: i32 = 2011;
/// First year in which 24 December (Wigilia) is a public holiday.
pub const CHRISTMAS_EVE_SINCE: i32 = 2025;

/// A Polish public holiday.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Holiday {
    /// 1 January, Nowy Rok.
    NewYear,
    /// 6 January, Trzech Króli (from 2011).
    Epiphany,
    /// Easter Sunday, Wielkanoc.
    EasterSunday,
    /// Easter Monday, Poniedziałek Wielkanocny.
    EasterMonday,
    /// 1 May, Święto Państwowe (Labour Day).
    LabourDay,
    /// 3 May, Święto Narodowe Trzeciego Maja.
    ConstitutionDay,
    /// Pentecost Sunday (Easter + 49), Zielone Świątki.
    Pentecost,
    /// Corpus Christi (Easter + 60), Boże Ciało.
    CorpusChristi,
    /// 15 August, Wniebowzięcie Najświętszej Maryi Panny.
    Assumption,
    /// 1 November, Wszystkich Świętych.
    AllSaints,
    /// 11 November, Narodowe Święto Niepodległości.
    IndependenceDay,
    /// 24 December, Wigilia (from 2025).
    ChristmasEve,
    /// 25 December, the first day of Christmas.
    ChristmasDay,
    /// 26 December, the second day of Christmas.
    SecondDayOfChristmas,
}

/// Easter Sunday of `year` in the Gregorian calendar (the anonymous Gregorian
/// algorithm of Meeus, Jones and Butcher); `None` only outside chrono's range.
pub fn easter(year: i32) -> Option<NaiveDate> {
    let y = i64::from(year);
    let a = y.rem_euclid(19);
    let b = y.div_euclid(100);
    let c = y.rem_euclid(100);
    let d = b.div_euclid(4);
    let e = b.rem_euclid(4);
    let f = (b + 8).div_euclid(25);
    let g = (b - f + 1).div_euclid(3);
    let h = (19 * a + b - d - g + 15).rem_euclid(30);
    let i = c.div_euclid(4);
    let k = c.rem_euclid(4);
    let l = (32 + 2 * e + 2 * i - h - k).rem_euclid(7);
    let m = (a + 11 * h + 22 * l).div_euclid(451);
    let n = h + l - 7 * m + 114;
    let month = u32::try_from(n.div_euclid(31)).ok()?;
    let day = u32::try_from(n.rem_euclid(31) + 1).ok()?;
    NaiveDate::from_ymd_opt(year, month, day)
}

/// The public holiday falling on `date`, if any.
pub fn holiday(date: NaiveDate) -> Option<Holiday> {
    let year = date.year();
    let fixed = match (date.month(), date.day()) {
        (1, 1) => Some(Holiday::NewYear),
        (1, 6) if year >= EPIPHANY_SINCE => Some(Holiday::Epiphany),
        (5, 1) => Some(Holiday::LabourDay),
        (5, 3) => Some(Holiday::ConstitutionDay),
        (8, 15) => Some(Holiday::Assumption),
        (11, 1) => Some(Holiday::AllSaints),
        (11, 11) => Some(Holiday::IndependenceDay),
        (12, 24) if year >= CHRISTMAS_EVE_SINCE => Some(Holiday::ChristmasEve),
        (12, 25) => Some(Holiday::ChristmasDay),
        (12, 26) => Some(Holiday::SecondDayOfChristmas),
        _ => None,
    };
    if fixed.is_some() {
        return fixed;
    }
    // The movable feasts fall between 22 March and 24 June.
    if !(3..=6).contains(&date.month()) {
        return None;
    }
    let sunday = easter(year)?;
    match date.signed_duration_since(sunday).num_days() {
        0 => Some(Holiday::EasterSunday),
        1 => Some(Holiday::EasterMonday),
        49 => Some(Holiday::Pentecost),
        60 => Some(Holiday::CorpusChristi),
        _ => None,
    }
}

/// Every public holiday of `year`, by date.
pub fn holidays_in(year: i32) -> Vec<(NaiveDate, Holiday)> {
    let Some(first) = NaiveDate::from_ymd_opt(year, 1, 1) else {
        return Vec::new();
    };
    first
        .iter_days()
        .take_while(|d| d.year() == year)
        .filter_map(|d| holiday(d).map(|h| (d, h)))
        .collect()
}

/// Every public holiday from `from` to `to`, both included, by date.
pub fn holidays_between(from: NaiveDate, to: NaiveDate) -> Vec<(NaiveDate, Holiday)> {
    let mut out = Vec::new();
    let mut day = from;
    while day <= to {
        if let Some(h) = holiday(day) {
            out.push((day, h));
        }
        match day.checked_add_days(Days::new(1)) {
            Some(next) => day = next,
            None => break,
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Weekday;

    fn d(y: i32, m: u32, dd: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, dd).unwrap()
    }

    #[test]
    fn easter_on_known_dates() {
        for (year, m, dd) in [
            (1900, 4, 15),
            (1961, 4, 2),
            (2000, 4, 23),
            (2008, 3, 23),
            (2011, 4, 24),
            (2019, 4, 21),
            (2024, 3, 31),
            (2025, 4, 20),
            (2026, 4, 5),
            (2027, 3, 28),
            (2038, 4, 25),
            (2100, 3, 28),
        ] {
            assert_eq!(easter(year), Some(d(year, m, dd)), "Easter {year}");
        }
    }

    #[test]
    fn movable_feasts_follow_easter() {
        assert_eq!(holiday(d(2026, 4, 5)), Some(Holiday::EasterSunday));
        assert_eq!(holiday(d(2026, 4, 6)), Some(Holiday::EasterMonday));
        assert_eq!(holiday(d(2026, 5, 24)), Some(Holiday::Pentecost));
        assert_eq!(holiday(d(2026, 6, 4)), Some(Holiday::CorpusChristi));
        assert_eq!(holiday(d(2024, 5, 30)), Some(Holiday::CorpusChristi));
        assert_eq!(holiday(d(2025, 6, 19)), Some(Holiday::CorpusChristi));
        assert_eq!(holiday(d(2027, 5, 27)), Some(Holiday::CorpusChristi));
        assert_eq!(holiday(d(2038, 4, 26)), Some(Holiday::EasterMonday));
        assert_eq!(holiday(d(2026, 6, 5)), None);
        assert_eq!(holiday(d(2026, 4, 7)), None);
    }

    #[test]
    fn fixed_holidays_and_the_dated_changes() {
        assert_eq!(holiday(d(2026, 1, 1)), Some(Holiday::NewYear));
        assert_eq!(holiday(d(2026, 1, 6)), Some(Holiday::Epiphany));
        assert_eq!(holiday(d(2010, 1, 6)), None, "Epiphany restored in 2011");
        assert_eq!(holiday(d(2011, 1, 6)), Some(Holiday::Epiphany));
        assert_eq!(holiday(d(2026, 5, 1)), Some(Holiday::LabourDay));
        assert_eq!(holiday(d(2026, 5, 3)), Some(Holiday::ConstitutionDay));
        assert_eq!(holiday(d(2026, 8, 15)), Some(Holiday::Assumption));
        assert_eq!(holiday(d(2026, 11, 1)), Some(Holiday::AllSaints));
        assert_eq!(holiday(d(2026, 11, 11)), Some(Holiday::IndependenceDay));
        assert_eq!(holiday(d(2024, 12, 24)), None, "Wigilia only from 2025");
        assert_eq!(holiday(d(2025, 12, 24)), Some(Holiday::ChristmasEve));
        assert_eq!(holiday(d(2026, 12, 24)), Some(Holiday::ChristmasEve));
        assert_eq!(holiday(d(2026, 12, 25)), Some(Holiday::ChristmasDay));
        assert_eq!(
            holiday(d(2026, 12, 26)),
            Some(Holiday::SecondDayOfChristmas)
        );
        assert_eq!(holiday(d(2026, 11, 22)), None);
        assert_eq!(holiday(d(2026, 12, 31)), None);
    }

    #[test]
    fn every_holiday_of_2026() {
        let got: Vec<NaiveDate> = holidays_in(2026).into_iter().map(|(d, _)| d).collect();
        let want = [
            d(2026, 1, 1),
            d(2026, 1, 6),
            d(2026, 4, 5),
            d(2026, 4, 6),
            d(2026, 5, 1),
            d(2026, 5, 3),
            d(2026, 5, 24),
            d(2026, 6, 4),
            d(2026, 8, 15),
            d(2026, 11, 1),
            d(2026, 11, 11),
            d(2026, 12, 24),
            d(2026, 12, 25),
            d(2026, 12, 26),
        ];
        assert_eq!(got, want);
    }

    #[test]
    fn between_crosses_the_year_end_and_survives_chronos_limits() {
        let got = holidays_between(d(2026, 12, 20), d(2027, 1, 10));
        let days: Vec<NaiveDate> = got.iter().map(|(d, _)| *d).collect();
        assert_eq!(
            days,
            [
                d(2026, 12, 24),
                d(2026, 12, 25),
                d(2026, 12, 26),
                d(2027, 1, 1),
                d(2027, 1, 6)
            ]
        );
        assert!(holidays_between(NaiveDate::MAX, NaiveDate::MAX).is_empty());
        assert_eq!(
            holidays_between(NaiveDate::MIN, NaiveDate::MIN).len(),
            usize::from(holiday(NaiveDate::MIN).is_some())
        );
        let _ = holidays_in(NaiveDate::MIN.year());
        let _ = holidays_in(NaiveDate::MAX.year());
        let _ = easter(i32::MAX);
        let _ = easter(i32::MIN);
    }

    proptest::proptest! {
        #[test]
        fn every_year_has_its_holidays_and_easter_is_a_spring_sunday(year in 1583i32..4000) {
            let e = easter(year).unwrap();
            proptest::prop_assert_eq!(e.weekday(), Weekday::Sun);
            proptest::prop_assert!(e >= d(year, 3, 22) && e <= d(year, 4, 25), "{}", e);
            let expected = 12
                + usize::from(year >= EPIPHANY_SINCE)
                + usize::from(year >= CHRISTMAS_EVE_SINCE);
            let all = holidays_in(year);
            proptest::prop_assert_eq!(all.len(), expected);
            // Each holiday once; Pentecost is a Sunday, Corpus Christi a Thursday.
            let mut kinds: Vec<Holiday> = all.iter().map(|(_, h)| *h).collect();
            kinds.sort();
            kinds.dedup();
            proptest::prop_assert_eq!(kinds.len(), expected);
            for (date, h) in all {
                match h {
                    Holiday::Pentecost => proptest::prop_assert_eq!(date.weekday(), Weekday::Sun),
                    Holiday::CorpusChristi => proptest::prop_assert_eq!(date.weekday(), Weekday::Thu),
                    Holiday::EasterMonday => proptest::prop_assert_eq!(date.weekday(), Weekday::Mon),
                    _ => {}
                }
            }
        }

        #[test]
        fn holiday_never_panics(days in -100_000_000i64..100_000_000) {
            if let Some(date) = NaiveDate::from_ymd_opt(2000, 1, 1)
                .and_then(|s| s.checked_add_signed(chrono::Duration::days(days)))
            {
                let _ = holiday(date);
            }
        }
    }
}
