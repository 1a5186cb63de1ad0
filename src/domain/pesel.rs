//! PESEL numbers: format, checksum and the birth date and sex they encode.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use thiserror::Error;

/// Why a string is not a valid PESEL.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
pub enum PeselError {
    /// Not exactly eleven characters.
    #[error("a PESEL has 11 digits")]
    Length,
    /// A character that is not a digit.
    #[error("a PESEL has only digits")]
    NotDigits,
    /// The check digit does not match.
    #[error("the PESEL check digit is wrong")]
    Checksum,
    /// The encoded birth date does not exist.
    #[error("the PESEL encodes a date that does not exist")]
    BirthDate,
}

/// A PESEL that passed format, checksum and birth-date validation.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Pesel(String);

const WEIGHTS: [u32; 10] = [1, 3, 7, 9, 1, 3, 7, 9, 1, 3];

impl Pesel {
    /// Validates `input` (surrounding white space ignored).
    pub fn parse(input: &str) -> Result<Self, PeselError> {
        let s = input.trim();
        if s.chars().count() != 11 {
            return Err(PeselError::Length);
        }
        if !s.bytes().all(|b| b.is_ascii_digit()) {
            return Err(PeselError::NotDigits);
        }
        let d: Vec<u32> = s.bytes().map(|b| u32::from(b - b'0')).collect();
        let sum: u32 = WEIGHTS.iter().zip(&d).map(|(w, x)| w * x).sum();
        if (10 - sum % 10) % 10 != d[10] {
            return Err(PeselError::Checksum);
        }
        decode_birth_date(&d).ok_or(PeselError::BirthDate)?;
        Ok(Pesel(s.to_string()))
    }

    /// The eleven digits.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Birth date encoded in the first six digits (the month carries the century).
    pub fn birth_date(&self) -> NaiveDate {
        let d: Vec<u32> = self.0.bytes().map(|b| u32::from(b - b'0')).collect();
        decode_birth_date(&d).expect("validated on construction")
    }

    /// True for a woman (even tenth digit).
    pub fn is_female(&self) -> bool {
        (self.0.as_bytes()[9] - b'0').is_multiple_of(2)
    }

    /// Builds a valid PESEL for a birth date and a four-digit serial (last digit of the
    /// serial sets the sex); used by the demo generator and tests.
    pub fn generate(birth: NaiveDate, serial: u16) -> Option<Self> {
        use chrono::Datelike;
        let year = birth.year();
        let offset = match year {
            1800..=1899 => 80,
            1900..=1999 => 0,
            2000..=2099 => 20,
            2100..=2199 => 40,
            2200..=2299 => 60,
            _ => return None,
        };
        let body = format!(
            "{:02}{:02}{:02}{:04}",
            year % 100,
            birth.month() + offset,
            birth.day(),
            serial % 10_000
        );
        let sum: u32 = body
            .bytes()
            .zip(WEIGHTS)
            .map(|(b, w)| u32::from(b - b'0') * w)
            .sum();
        Pesel::parse(&format!("{body}{}", (10 - sum % 10) % 10)).ok()
    }
}

fn decode_birth_date(d: &[u32]) -> Option<NaiveDate> {
    let yy = (d[0] * 10 + d[1]) as i32;
    let mm = d[2] * 10 + d[3];
    let dd = d[4] * 10 + d[5];
    let (century, month) = match mm {
        81..=92 => (1800, mm - 80),
        1..=12 => (1900, mm),
        21..=32 => (2000, mm - 20),
        41..=52 => (2100, mm - 40),
        61..=72 => (2200, mm - 60),
        _ => return None,
    };
    NaiveDate::from_ymd_opt(century + yy, month, dd)
}

impl TryFrom<String> for Pesel {
    type Error = PeselError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        Pesel::parse(&s)
    }
}

impl From<Pesel> for String {
    fn from(p: Pesel) -> String {
        p.0
    }
}

impl std::fmt::Display for Pesel {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn known_valid_numbers_decode_their_birth_dates() {
        // Textbook examples with correct check digits (fictional people).
        let p = Pesel::parse("44051401359").unwrap();
        assert_eq!(p.birth_date(), date(1944, 5, 14));
        assert!(!p.is_female());
        let p = Pesel::parse("02270803624").unwrap();
        assert_eq!(p.birth_date(), date(2002, 7, 8));
        assert!(p.is_female());
    }

    #[test]
    fn each_kind_of_error_is_reported() {
        assert_eq!(Pesel::parse("4405140135"), Err(PeselError::Length));
        assert_eq!(Pesel::parse("4405140135a"), Err(PeselError::NotDigits));
        assert_eq!(Pesel::parse("44051401358"), Err(PeselError::Checksum));
        // Month 13 with a correct check digit.
        let bad = "4413140135";
        let sum: u32 = bad
            .bytes()
            .zip(WEIGHTS)
            .map(|(b, w)| u32::from(b - b'0') * w)
            .sum();
        let full = format!("{bad}{}", (10 - sum % 10) % 10);
        assert_eq!(Pesel::parse(&full), Err(PeselError::BirthDate));
        assert_eq!(Pesel::parse("ąąąąąąąąąąą"), Err(PeselError::NotDigits));
    }

    #[test]
    fn generated_numbers_round_trip_across_centuries() {
        for (y, m, d) in [(1899, 12, 31), (1985, 2, 28), (2000, 1, 1), (2024, 2, 29)] {
            let p = Pesel::generate(date(y, m, d), 1234).unwrap();
            assert_eq!(p.birth_date(), date(y, m, d), "{p}");
        }
    }

    proptest::proptest! {
        #[test]
        fn parse_never_panics(s in "\\PC{0,20}") {
            let _ = Pesel::parse(&s);
        }

        #[test]
        fn eleven_digit_strings_never_panic(s in "[0-9]{11}") {
            if let Ok(p) = Pesel::parse(&s) {
                let _ = p.birth_date();
            }
        }
    }
}
