//! Texts of the half-year report and the period exports, in Polish and English.

use chrono::NaiveDate;

use super::quoted;
use crate::config::Language;
use crate::domain::dates::format_date;
use crate::report::Unit;
use crate::report::definition::{
    BUILTIN_SOURCE, DefinitionError, DefinitionProblem, Expected, RowRef,
};

/// Polish or English.
fn pick(lang: Language, pl: &'static str, en: &'static str) -> &'static str {
    match lang {
        Language::Polish => pl,
        Language::English => en,
    }
}

/// The title of a report whose definition has none.
pub fn default_title(lang: Language) -> &'static str {
    pick(lang, "Sprawozdanie półroczne", "Half-year report")
}

/// The period line of a report.
pub fn period(lang: Language, from: NaiveDate, to: NaiveDate) -> String {
    let (from, to) = (format_date(from), format_date(to));
    match lang {
        Language::Polish => format!("Okres: {from}–{to}"),
        Language::English => format!("Period: {from}–{to}"),
    }
}

/// Where the rows' definition came from.
pub fn source(lang: Language, source: &str) -> String {
    match (lang, source == BUILTIN_SOURCE) {
        (Language::Polish, true) => "Definicja wierszy: wbudowana (config/report.toml)".into(),
        (Language::English, true) => "Row definition: built in (config/report.toml)".into(),
        (Language::Polish, false) => format!("Definicja wierszy: {source}"),
        (Language::English, false) => format!("Row definition: {source}"),
    }
}

/// The columns of the report: id, label, value, unit.
pub fn columns(lang: Language) -> [&'static str; 4] {
    match lang {
        Language::Polish => ["Lp.", "Wiersz", "Wartość", "Jednostka"],
        Language::English => ["No.", "Row", "Value", "Unit"],
    }
}

/// What a row counts, as a word.
pub fn unit(lang: Language, unit: Unit) -> &'static str {
    match unit {
        Unit::Families => pick(lang, "rodziny", "families"),
        Unit::Children => pick(lang, "dzieci", "children"),
        Unit::Visits => pick(lang, "spotkania", "visits"),
        Unit::Hours => pick(lang, "godziny", "hours"),
        Unit::Assistants => pick(lang, "asystenci", "assistants"),
        Unit::FamiliesPerAssistant => pick(lang, "rodziny na asystenta", "families per assistant"),
    }
}

/// The columns of `export families`.
pub fn family_columns(lang: Language) -> [&'static str; 16] {
    match lang {
        Language::Polish => [
            "Nr sprawy",
            "Rodzina",
            "Asystent",
            "Status na koniec okresu",
            "Skierowanie",
            "Początek pracy",
            "Zakończenie pracy w okresie",
            "Powód zakończenia",
            "Praca w okresie",
            "Miesiące wsparcia",
            "Dzieci",
            "Dziecko w pieczy",
            "Zobowiązanie sądu",
            "Za życiem",
            "Niebieska Karta",
            "Kurator",
        ],
        Language::English => [
            "Case no.",
            "Family",
            "Assistant",
            "Status at the period end",
            "Referral",
            "Work started",
            "Work closed in the period",
            "Closure reason",
            "Worked with in the period",
            "Months of support",
            "Children",
            "Child in foster care",
            "Court-obliged",
            "Za życiem",
            "Niebieska Karta",
            "Kurator",
        ],
    }
}

/// The columns of `export visits`.
pub fn visit_columns(lang: Language) -> [&'static str; 9] {
    match lang {
        Language::Polish => [
            "Data",
            "Godzina",
            "Minuty",
            "Rodzaj",
            "Wynik",
            "Miejsce",
            "Nr sprawy",
            "Rodzina",
            "Asystent",
        ],
        Language::English => [
            "Date",
            "Time",
            "Minutes",
            "Kind",
            "Outcome",
            "Place",
            "Case no.",
            "Family",
            "Assistant",
        ],
    }
}

/// A period that ends before it starts.
pub fn period_backwards(lang: Language, from: NaiveDate, to: NaiveDate) -> String {
    let (from, to) = (format_date(from), format_date(to));
    match lang {
        Language::Polish => {
            format!("Okres kończy się przed początkiem: --from {from} jest po --to {to}.")
        }
        Language::English => {
            format!("The period ends before it starts: --from {from} is after --to {to}.")
        }
    }
}

/// The refusal of a report or export to someone who is not a supervisor.
pub fn supervisor_only(lang: Language, login: &str) -> String {
    match lang {
        Language::Polish => format!(
            "Sprawozdanie i zestawienia za okres przygotowuje tylko kierownik; {} nie ma konta kierownika.",
            quoted(login)
        ),
        Language::English => format!(
            "Only a supervisor makes the report and the exports for a period; {} has no supervisor account.",
            quoted(login)
        ),
    }
}

/// Records left out because they could not be read.
pub fn damaged(lang: Language, n: usize) -> String {
    match lang {
        Language::Polish => format!(
            "Uwaga: pominięto nieczytelne rekordy ({n}); liczby mogą być za małe. Uruchom asystent check."
        ),
        Language::English => format!(
            "Warning: {n} unreadable records were left out; the figures may be too low. Run asystent check."
        ),
    }
}

/// The row an error is about: its position and id.
fn row_ref(lang: Language, row: &RowRef) -> String {
    match (lang, &row.id) {
        (Language::Polish, Some(id)) => format!("wiersz nr {} (id {})", row.position, quoted(id)),
        (Language::Polish, None) => format!("wiersz nr {} (bez id)", row.position),
        (Language::English, Some(id)) => format!("row {} (id {})", row.position, quoted(id)),
        (Language::English, None) => format!("row {} (no id)", row.position),
    }
}

/// A type in words.
fn expected(lang: Language, e: Expected) -> &'static str {
    match e {
        Expected::Text => pick(lang, "tekstem w cudzysłowie", "a text in quotes"),
        Expected::TextOrList => pick(
            lang,
            "tekstem w cudzysłowie albo listą tekstów",
            "a text in quotes or a list of texts",
        ),
        Expected::WholeNumber => pick(lang, "liczbą całkowitą", "a whole number"),
        Expected::Table => pick(
            lang,
            "tabelą, np. { min = 3, max = 12 }",
            "a table such as { min = 3, max = 12 }",
        ),
        Expected::Rows => pick(lang, "listą wierszy [[row]]", "a list of rows [[row]]"),
    }
}

/// What is wrong, in words.
fn problem(lang: Language, problem: &DefinitionProblem) -> String {
    use DefinitionProblem as P;
    use Language::{English, Polish};
    let list = |items: &[&str]| items.join(", ");
    match (lang, problem) {
        (Polish, P::Unreadable(why)) => format!("nie można odczytać pliku: {why}"),
        (English, P::Unreadable(why)) => format!("the file cannot be read: {why}"),
        (Polish, P::TooLarge { max }) => format!("plik jest większy niż {max} bajtów"),
        (English, P::TooLarge { max }) => format!("the file is larger than {max} bytes"),
        (_, P::Syntax(message)) => message.clone(),
        (Polish, P::UnknownKey { key, known }) => {
            format!("nieznany klucz {}; dozwolone: {}", quoted(key), list(known))
        }
        (English, P::UnknownKey { key, known }) => {
            format!("unknown key {}; allowed: {}", quoted(key), list(known))
        }
        (Polish, P::WrongType { key, expected: e }) => {
            format!("{key} musi być {}", expected(lang, *e))
        }
        (English, P::WrongType { key, expected: e }) => {
            format!("{key} must be {}", expected(lang, *e))
        }
        (Polish, P::NoRows) => "brak wierszy ([[row]])".into(),
        (English, P::NoRows) => "there are no rows ([[row]])".into(),
        (Polish, P::TooManyRows { max }) => format!("więcej niż {max} wierszy"),
        (English, P::TooManyRows { max }) => format!("more than {max} rows"),
        (Polish, P::Missing { key }) => format!("brak klucza {key} (albo jest pusty)"),
        (English, P::Missing { key }) => format!("{key} is missing (or blank)"),
        (Polish, P::BadId { max }) => {
            format!("id może mieć tylko litery ASCII, cyfry, „.”, „_” i „-”, najwyżej {max} znaków")
        }
        (English, P::BadId { max }) => format!(
            "the id may have only ASCII letters, digits, '.', '_' and '-', at most {max} characters"
        ),
        (Polish, P::DuplicateId { first }) => {
            format!("to samo id ma już wiersz nr {first}")
        }
        (English, P::DuplicateId { first }) => format!("row {first} already has this id"),
        (Polish, P::ControlCharacters { key }) => {
            format!("{key} zawiera znaki sterujące albo niewidoczne znaki kierunku pisma")
        }
        (English, P::ControlCharacters { key }) => {
            format!("{key} has control characters or invisible direction marks")
        }
        (Polish, P::TooLong { key, max }) => format!("{key} ma więcej niż {max} znaków"),
        (English, P::TooLong { key, max }) => format!("{key} is longer than {max} characters"),
        (Polish, P::UnknownRule { rule }) => format!(
            "nieznana reguła {}; znane reguły: {}",
            quoted(rule),
            rule_names()
        ),
        (English, P::UnknownRule { rule }) => format!(
            "unknown rule {}; the rules are: {}",
            quoted(rule),
            rule_names()
        ),
        (
            Polish,
            P::UnknownParameter {
                rule,
                parameter,
                takes,
            },
        ) => {
            let takes = if takes.is_empty() {
                "nie przyjmuje żadnych".to_string()
            } else {
                format!("przyjmuje: {}", list(takes))
            };
            format!(
                "reguła {rule} nie ma parametru {}; {takes}",
                quoted(parameter)
            )
        }
        (
            English,
            P::UnknownParameter {
                rule,
                parameter,
                takes,
            },
        ) => {
            let takes = if takes.is_empty() {
                "it takes none".to_string()
            } else {
                format!("it takes: {}", list(takes))
            };
            format!(
                "rule {rule} has no parameter {}; {takes}",
                quoted(parameter)
            )
        }
        (
            Polish,
            P::BadValue {
                key,
                value,
                allowed,
            },
        ) => format!(
            "{key} = {} to nie jest żadna z wartości: {}",
            quoted(value),
            list(allowed)
        ),
        (
            English,
            P::BadValue {
                key,
                value,
                allowed,
            },
        ) => format!("{key} = {} is none of: {}", quoted(value), list(allowed)),
        (Polish, P::EmptyList { key }) => format!("{key} to pusta lista"),
        (English, P::EmptyList { key }) => format!("{key} is an empty list"),
        (Polish, P::OutOfRange { key, min, max }) => {
            format!("{key} musi mieścić się w zakresie {min}–{max}")
        }
        (English, P::OutOfRange { key, min, max }) => {
            format!("{key} must be between {min} and {max}")
        }
        (Polish, P::EmptyBand) => "support_months potrzebuje min albo max".into(),
        (English, P::EmptyBand) => "support_months needs min or max".into(),
        (Polish, P::BandBackwards { min, max }) => {
            format!("support_months: min {min} musi być mniejsze niż max {max}")
        }
        (English, P::BandBackwards { min, max }) => {
            format!("support_months: min {min} must be below max {max}")
        }
    }
}

/// The names of the rules, for a message.
fn rule_names() -> String {
    crate::report::definition::RULES
        .iter()
        .map(|(name, _)| *name)
        .collect::<Vec<_>>()
        .join(", ")
}

/// A refused report definition: the file, the row (position and id) and what is wrong.
pub fn definition_error(lang: Language, error: &DefinitionError) -> String {
    let file = if error.source_name == BUILTIN_SOURCE {
        match lang {
            Language::Polish => "config/report.toml (wbudowana)".to_string(),
            Language::English => BUILTIN_SOURCE.to_string(),
        }
    } else {
        error.source_name.clone()
    };
    let what = problem(lang, &error.problem);
    match (lang, &error.row) {
        (Language::Polish, Some(row)) => format!(
            "Błąd w definicji sprawozdania {file}, {}: {what}.",
            row_ref(lang, row)
        ),
        (Language::English, Some(row)) => format!(
            "Error in the report definition {file}, {}: {what}.",
            row_ref(lang, row)
        ),
        (Language::Polish, None) => format!("Błąd w definicji sprawozdania {file}: {what}."),
        (Language::English, None) => format!("Error in the report definition {file}: {what}."),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::ReportDefinition;

    #[test]
    fn a_definition_error_names_the_row_in_both_languages() {
        let text = "[[row]]\nid = \"1\"\nlabel = \"L\"\nrule = \"families_served\"\n\
                    [[row]]\nid = \"2\"\nlabel = \"L\"\nrule = \"families_servd\"\n";
        let e = ReportDefinition::parse(text, "/etc/asystent/report.toml").unwrap_err();
        let pl = definition_error(Language::Polish, &e);
        let en = definition_error(Language::English, &e);
        assert!(
            pl.starts_with(
                "Błąd w definicji sprawozdania /etc/asystent/report.toml, wiersz nr 2 (id \"2\"): nieznana reguła \"families_servd\"; znane reguły: families_served,"
            ),
            "{pl}"
        );
        assert!(
            en.starts_with(
                "Error in the report definition /etc/asystent/report.toml, row 2 (id \"2\"): unknown rule \"families_servd\"; the rules are: families_served,"
            ),
            "{en}"
        );
    }

    #[test]
    fn user_text_in_a_definition_error_is_quoted_and_cut() {
        let long = "ą".repeat(300);
        let text = format!("[[row]]\nid = \"1\"\nlabel = \"L\"\nrule = \"{long}\x1b\"\n");
        let e = ReportDefinition::parse(&text.replace('\x1b', "\\u001b"), "r.toml").unwrap_err();
        let message = definition_error(Language::Polish, &e);
        assert!(message.chars().count() < 600, "{message}");
        assert!(!message.contains('\x1b'), "{message}");
    }
}
