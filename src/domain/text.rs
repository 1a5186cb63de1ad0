//! Polish text for people: diacritic-blind search and alphabetical (collation) order.

use std::cmp::Ordering;

/// Folds one character to its lower-case base letter (`Ś` → `s`, `ł` → `l`).
fn fold_char(c: char) -> char {
    match c {
        'ą' | 'Ą' => 'a',
        'ć' | 'Ć' => 'c',
        'ę' | 'Ę' => 'e',
        'ł' | 'Ł' => 'l',
        'ń' | 'Ń' => 'n',
        'ó' | 'Ó' => 'o',
        'ś' | 'Ś' => 's',
        'ź' | 'Ź' | 'ż' | 'Ż' => 'z',
        _ => c.to_lowercase().next().unwrap_or(c),
    }
}

/// Lower-cases and strips Polish diacritics so that `wisniewska` matches `Wiśniewska`.
pub fn fold(s: &str) -> String {
    s.chars().map(fold_char).collect()
}

/// True if every word of `query` occurs (folded) somewhere in `haystack`.
pub fn matches(haystack: &str, query: &str) -> bool {
    let hay = fold(haystack);
    fold(query).split_whitespace().all(|w| hay.contains(w))
}

/// Sort rank of a character: Polish letters in alphabet order, each diacritic letter
/// right after its base (a < ą < b < c < ć …); spaces, punctuation and digits before
/// letters, any other character after them.
fn polish_rank(c: char) -> u32 {
    const ALPHABET: &str = "aąbcćdeęfghijklłmnńoópqrsśtuvwxyzźż";
    let lower = c.to_lowercase().next().unwrap_or(c);
    if let Some(i) = ALPHABET.chars().position(|a| a == lower) {
        return 200 + i as u32;
    }
    match lower {
        // Word breaks sort first, so "Nowak Anna" comes before "Nowakowska".
        c if c.is_whitespace() => 0,
        c if c.is_ascii_digit() => 100 + c as u32,
        c if c.is_ascii_punctuation() => 1 + c as u32,
        c => 1000 + c as u32,
    }
}

/// Compares two strings in Polish alphabetical order: letters first by the Polish
/// alphabet (`Ł` after `L`, `Ś` after `S`), case only breaking ties.
pub fn polish_cmp(a: &str, b: &str) -> Ordering {
    let ka = a.chars().map(polish_rank);
    let kb = b.chars().map(polish_rank);
    ka.cmp(kb).then_with(|| {
        // Upper case after lower case only when everything else is equal.
        a.chars()
            .map(char::is_uppercase)
            .cmp(b.chars().map(char::is_uppercase))
    })
}

/// A sort key that orders as [`polish_cmp`] does, for sorting many names: each
/// character is ranked once instead of once per comparison.
pub fn polish_key(s: &str) -> (Vec<u32>, Vec<bool>) {
    (
        s.chars().map(polish_rank).collect(),
        s.chars().map(char::is_uppercase).collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sort_key_orders_as_the_comparison() {
        let names = [
            "Łukasz",
            "Lech",
            "Śliwa",
            "Sowa",
            "nowak",
            "Nowak",
            "Nowak Anna",
            "Nowakowska",
            "Ćwik",
            "Cybulski",
            "Żak",
            "Zając",
            "Źrebiec",
            "O'Neil",
            "1 Maja",
            "",
            "ąb",
            "Ab",
        ];
        for a in names {
            for b in names {
                assert_eq!(
                    polish_key(a).cmp(&polish_key(b)),
                    polish_cmp(a, b),
                    "{a} {b}"
                );
            }
        }
    }

    #[test]
    fn search_ignores_case_and_diacritics() {
        assert!(matches("Wiśniewska Anna", "wisniewska"));
        assert!(matches("Żółkiewski", "ZOLK"));
        assert!(matches("ul. Łąkowa 3, Łódź", "lakowa lodz"));
        assert!(!matches("Nowak", "kowal"));
        assert!(matches("anything", ""));
    }

    #[test]
    fn polish_order_puts_diacritic_letters_after_their_base() {
        let mut names = vec![
            "Łukasz", "Lech", "Śliwa", "Sowa", "Tomek", "Ćwik", "Cybulski", "Żak", "Zając",
            "Źrebiec",
        ];
        names.sort_by(|a, b| polish_cmp(a, b));
        assert_eq!(
            names,
            vec![
                "Cybulski", "Ćwik", "Lech", "Łukasz", "Sowa", "Śliwa", "Tomek", "Zając", "Źrebiec",
                "Żak"
            ]
        );
    }

    #[test]
    fn case_only_breaks_ties() {
        assert_eq!(polish_cmp("nowak", "Nowak"), Ordering::Less);
        assert_eq!(polish_cmp("Nowak", "nowakowska"), Ordering::Less);
        assert_eq!(polish_cmp("abc", "abc"), Ordering::Equal);
        assert_eq!(polish_cmp("Nowak Anna", "Nowakowska"), Ordering::Less);
    }
}
