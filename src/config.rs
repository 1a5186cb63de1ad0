//! Configuration: statutory windows and limits from config/default.toml and the user file.

use std::path::{Path, PathBuf};

use serde::Deserialize;
use thiserror::Error;

use crate::domain::alerts::AlertRules;
use crate::domain::caseload::{self, STATUTORY_LIMIT};

/// The built-in defaults, embedded so that the binary needs no file next to it.
const DEFAULT_TOML: &str = include_str!("../config/default.toml");

/// Name the built-in defaults carry in error messages.
const DEFAULT_SOURCE: &str = "config/default.toml (built in)";

/// Longest interval between periodic assessments the statute allows (art. 15 ust. 1 pkt 15).
const STATUTORY_ASSESSMENT_MONTHS: u32 = 6;

/// Longest accepted warning window, in days.
const MAX_WARNING_DAYS: u32 = 90;

/// Longest accepted time for drawing up a work plan, in days.
const MAX_PLAN_DUE_DAYS: u32 = 180;

/// Longest accepted default monitoring period after closure, in months.
const MAX_MONITORING_MONTHS: u32 = 24;

/// Longest accepted time without a held visit with an active family, in days.
const MAX_CONTACT_DAYS: u32 = 90;

/// Longest accepted interval between monitoring check-ins, in days.
const MAX_CHECKIN_DAYS: u32 = 180;

/// Minutes without a key before the screen locks, unless configured.
const DEFAULT_IDLE_LOCK_MINUTES: u32 = 10;

/// Longest idle time before the screen locks, in minutes (a working day).
const MAX_IDLE_LOCK_MINUTES: u32 = 480;

/// The language the interface speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Language {
    /// Polish.
    Polish,
    /// English.
    English,
}

/// The configured language; `Auto` follows the environment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LanguageSetting {
    /// Polish unless LANG names another language.
    Auto,
    /// Always Polish.
    Polish,
    /// Always English.
    English,
}

/// A complete, validated configuration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    /// Interface language.
    pub language: LanguageSetting,
    /// Months between periodic assessments (1–6).
    pub assessment_interval_months: u32,
    /// Days before a deadline when it shows as due soon (1–90).
    pub warning_days: u32,
    /// Days after the start of work by which the work plan is due (1–180).
    pub plan_due_days: u32,
    /// Months of monitoring a closure plans by default (1–24).
    pub monitoring_months: u32,
    /// Days an active family may go without a held visit (1–90).
    pub contact_days: u32,
    /// Days between check-ins while a family is monitored after closure (1–180).
    pub checkin_days: u32,
    /// Families one assistant may work with at once (1–15).
    pub caseload_limit: u32,
    /// Families below the limit at which an assistant's caseload counts as near it (0–14).
    pub caseload_warning_margin: u32,
    /// Minutes without a key after which the workstation hides its screen (0: never).
    pub idle_lock_minutes: u32,
}

/// What is wrong with a configured value.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum Problem {
    /// Above what the statute allows.
    #[error("must not exceed the statutory maximum of {max}")]
    AboveStatute {
        /// The statutory maximum.
        max: u32,
    },
    /// Outside the accepted range.
    #[error("must be between {min} and {max}")]
    OutOfRange {
        /// Smallest accepted value.
        min: u32,
        /// Largest accepted value.
        max: u32,
    },
    /// Not one of the known language settings.
    #[error("unknown language {0:?}: use \"pl\", \"en\" or \"auto\"")]
    UnknownLanguage(String),
}

/// Why a configuration could not be loaded; every variant names the file.
#[derive(Debug, Error)]
pub enum ConfigError {
    /// The file could not be read.
    #[error("cannot read {}: {source}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// The file is not valid TOML, has an unknown key or a value of the wrong type.
    #[error("{file}: {message}")]
    Syntax {
        /// The file.
        file: String,
        /// The TOML parser's message, with the line and the offending key.
        message: String,
    },
    /// A key has a value outside what is allowed.
    #[error("{file}: {key} {problem}")]
    Value {
        /// The file.
        file: String,
        /// Dotted name of the key, such as `caseload.limit`.
        key: String,
        /// What is wrong with the value.
        problem: Problem,
    },
}

/// The file as written: every key optional, unknown keys refused.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    language: Option<String>,
    deadlines: Option<RawDeadlines>,
    caseload: Option<RawCaseload>,
    privacy: Option<RawPrivacy>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPrivacy {
    idle_lock_minutes: Option<i64>,
}

// Numbers are read as i64 so that a negative or huge value is reported as out of
// range for its key instead of as a type error.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDeadlines {
    assessment_interval_months: Option<i64>,
    warning_days: Option<i64>,
    plan_due_days: Option<i64>,
    monitoring_months: Option<i64>,
    contact_days: Option<i64>,
    checkin_days: Option<i64>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCaseload {
    limit: Option<i64>,
    warning_margin: Option<i64>,
}

impl Config {
    /// The built-in defaults (config/default.toml, embedded with include_str!).
    pub fn defaults() -> Config {
        // The embedded file is a constant of the build, checked by a unit test; the
        // fallback only exists so that this function has no panic path.
        parse_complete(DEFAULT_TOML, DEFAULT_SOURCE).unwrap_or(Config::STATUTORY)
    }

    /// The statute's own values, used only if the embedded defaults were broken.
    const STATUTORY: Config = Config {
        language: LanguageSetting::Auto,
        assessment_interval_months: STATUTORY_ASSESSMENT_MONTHS,
        warning_days: 14,
        plan_due_days: 30,
        monitoring_months: 6,
        contact_days: 14,
        checkin_days: 30,
        caseload_limit: STATUTORY_LIMIT,
        caseload_warning_margin: caseload::DEFAULT_WARNING_MARGIN,
        idle_lock_minutes: DEFAULT_IDLE_LOCK_MINUTES,
    };

    /// Defaults overlaid with the TOML text of a user file; `source` names the file in errors.
    pub fn from_user_toml(text: &str, source: &str) -> Result<Config, ConfigError> {
        let raw = parse_raw(text, source)?;
        overlay(Config::defaults(), &raw, source)
    }

    /// Loads the user file at `path` if it exists (a missing file is not an error), else defaults.
    pub fn load(path: &Path) -> Result<Config, ConfigError> {
        match std::fs::read_to_string(path) {
            Ok(text) => Config::from_user_toml(&text, &path.display().to_string()),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Config::defaults()),
            Err(source) => Err(ConfigError::Io {
                path: path.to_path_buf(),
                source,
            }),
        }
    }

    /// The alert windows for domain::alerts.
    pub fn alert_rules(&self) -> AlertRules {
        AlertRules {
            assessment_months: self.assessment_interval_months,
            warning_days: self.warning_days,
            plan_due_days: self.plan_due_days,
            monitoring_months: self.monitoring_months,
            contact_days: self.contact_days,
            checkin_days: self.checkin_days,
        }
    }
}

/// Default user config path: directories::ProjectDirs::from("pl", "asystent", "asystent") config_dir()/config.toml
pub fn default_path() -> Option<PathBuf> {
    directories::ProjectDirs::from("pl", "asystent", "asystent")
        .map(|dirs| dirs.config_dir().join("config.toml"))
}

/// Resolves the language: explicit setting wins; Auto → Polish unless `lang_env` (the LANG / LC_ALL value) is set, non-empty, not "C"/"POSIX" and does not start with "pl".
pub fn resolve_language(setting: LanguageSetting, lang_env: Option<&str>) -> Language {
    match setting {
        LanguageSetting::Polish => Language::Polish,
        LanguageSetting::English => Language::English,
        LanguageSetting::Auto => {
            let Some(value) = lang_env.map(str::trim) else {
                return Language::Polish;
            };
            // "C.UTF-8" is the C locale too: compare the part before the encoding.
            let base = value.split(['.', '@']).next().unwrap_or_default();
            if base.is_empty() || base == "C" || base == "POSIX" || value.starts_with("pl") {
                Language::Polish
            } else {
                Language::English
            }
        }
    }
}

fn parse_raw(text: &str, source: &str) -> Result<RawConfig, ConfigError> {
    // The parser's Display shows the line and a caret under the offending key or
    // value, so the message names the key for unknown keys and wrong types alike.
    toml::from_str(text).map_err(|e| ConfigError::Syntax {
        file: source.to_string(),
        message: e.to_string().trim_end().to_string(),
    })
}

/// Parses a file that must set every key (the built-in defaults).
fn parse_complete(text: &str, source: &str) -> Result<Config, ConfigError> {
    let raw = parse_raw(text, source)?;
    let deadlines = raw.deadlines.as_ref();
    let missing = [
        ("language", raw.language.is_none()),
        (
            "deadlines.assessment_interval_months",
            deadlines.is_none_or(|d| d.assessment_interval_months.is_none()),
        ),
        (
            "deadlines.warning_days",
            deadlines.is_none_or(|d| d.warning_days.is_none()),
        ),
        (
            "deadlines.plan_due_days",
            deadlines.is_none_or(|d| d.plan_due_days.is_none()),
        ),
        (
            "deadlines.monitoring_months",
            deadlines.is_none_or(|d| d.monitoring_months.is_none()),
        ),
        (
            "deadlines.contact_days",
            deadlines.is_none_or(|d| d.contact_days.is_none()),
        ),
        (
            "deadlines.checkin_days",
            deadlines.is_none_or(|d| d.checkin_days.is_none()),
        ),
        (
            "caseload.limit",
            raw.caseload.as_ref().is_none_or(|c| c.limit.is_none()),
        ),
        (
            "caseload.warning_margin",
            raw.caseload
                .as_ref()
                .is_none_or(|c| c.warning_margin.is_none()),
        ),
        (
            "privacy.idle_lock_minutes",
            raw.privacy
                .as_ref()
                .is_none_or(|p| p.idle_lock_minutes.is_none()),
        ),
    ];
    if let Some((key, _)) = missing.iter().find(|(_, is_missing)| *is_missing) {
        return Err(ConfigError::Syntax {
            file: source.to_string(),
            message: format!("missing key `{key}`"),
        });
    }
    overlay(Config::STATUTORY, &raw, source)
}

/// Validates every key the file sets and writes it over `base`; any error discards the
/// whole result, so the program never runs half-configured.
fn overlay(base: Config, raw: &RawConfig, source: &str) -> Result<Config, ConfigError> {
    let mut config = base;
    let value_error = |key: &str, problem: Problem| ConfigError::Value {
        file: source.to_string(),
        key: key.to_string(),
        problem,
    };
    if let Some(language) = &raw.language {
        config.language = match language.trim().to_ascii_lowercase().as_str() {
            "auto" => LanguageSetting::Auto,
            "pl" => LanguageSetting::Polish,
            "en" => LanguageSetting::English,
            _ => {
                return Err(value_error(
                    "language",
                    Problem::UnknownLanguage(language.clone()),
                ));
            }
        };
    }
    if let Some(d) = &raw.deadlines {
        if let Some(v) = d.assessment_interval_months {
            config.assessment_interval_months = checked(
                "deadlines.assessment_interval_months",
                v,
                STATUTORY_ASSESSMENT_MONTHS,
                true,
            )
            .map_err(|(k, p)| value_error(k, p))?;
        }
        if let Some(v) = d.warning_days {
            config.warning_days = checked("deadlines.warning_days", v, MAX_WARNING_DAYS, false)
                .map_err(|(k, p)| value_error(k, p))?;
        }
        if let Some(v) = d.plan_due_days {
            config.plan_due_days = checked("deadlines.plan_due_days", v, MAX_PLAN_DUE_DAYS, false)
                .map_err(|(k, p)| value_error(k, p))?;
        }
        if let Some(v) = d.monitoring_months {
            config.monitoring_months = checked(
                "deadlines.monitoring_months",
                v,
                MAX_MONITORING_MONTHS,
                false,
            )
            .map_err(|(k, p)| value_error(k, p))?;
        }
        if let Some(v) = d.contact_days {
            config.contact_days = checked("deadlines.contact_days", v, MAX_CONTACT_DAYS, false)
                .map_err(|(k, p)| value_error(k, p))?;
        }
        if let Some(v) = d.checkin_days {
            config.checkin_days = checked("deadlines.checkin_days", v, MAX_CHECKIN_DAYS, false)
                .map_err(|(k, p)| value_error(k, p))?;
        }
    }
    if let Some(v) = raw.caseload.as_ref().and_then(|c| c.limit) {
        config.caseload_limit = checked("caseload.limit", v, STATUTORY_LIMIT, true)
            .map_err(|(k, p)| value_error(k, p))?;
    }
    if let Some(v) = raw.caseload.as_ref().and_then(|c| c.warning_margin) {
        config.caseload_warning_margin =
            checked_margin(v, STATUTORY_LIMIT - 1).map_err(|(k, p)| value_error(k, p))?;
    }
    if let Some(v) = raw.privacy.as_ref().and_then(|p| p.idle_lock_minutes) {
        config.idle_lock_minutes = match u32::try_from(v) {
            Ok(m) if m <= MAX_IDLE_LOCK_MINUTES => m,
            _ => {
                let problem = Problem::OutOfRange {
                    min: 0,
                    max: MAX_IDLE_LOCK_MINUTES,
                };
                return Err(value_error("privacy.idle_lock_minutes", problem));
            }
        };
    }
    Ok(config)
}

/// Checks the caseload warning margin against 0..=max (0: warn only at the limit).
fn checked_margin(value: i64, max: u32) -> Result<u32, (&'static str, Problem)> {
    match u32::try_from(value) {
        Ok(v) if v <= max => Ok(v),
        _ => Err((
            "caseload.warning_margin",
            Problem::OutOfRange { min: 0, max },
        )),
    }
}

/// Checks `value` against 1..=max; `statutory` says the maximum comes from the statute.
fn checked(
    key: &'static str,
    value: i64,
    max: u32,
    statutory: bool,
) -> Result<u32, (&'static str, Problem)> {
    match u32::try_from(value) {
        Ok(v) if (1..=max).contains(&v) => Ok(v),
        _ if statutory && value > i64::from(max) => Err((key, Problem::AboveStatute { max })),
        _ => Err((key, Problem::OutOfRange { min: 1, max })),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn value_error(text: &str) -> (String, Problem) {
        match Config::from_user_toml(text, "test.toml") {
            Err(ConfigError::Value { file, key, problem }) => {
                assert_eq!(file, "test.toml");
                (key, problem)
            }
            other => panic!("expected a value error, got {other:?}"),
        }
    }

    fn syntax_message(text: &str) -> String {
        match Config::from_user_toml(text, "test.toml") {
            Err(ConfigError::Syntax { file, message }) => {
                assert_eq!(file, "test.toml");
                message
            }
            other => panic!("expected a syntax error, got {other:?}"),
        }
    }

    #[test]
    fn embedded_defaults_pass_the_same_validation() {
        let parsed = parse_complete(DEFAULT_TOML, DEFAULT_SOURCE).expect("default.toml is valid");
        assert_eq!(parsed, Config::defaults());
        // Every key of the defaults file is also accepted as a user file.
        assert_eq!(
            Config::from_user_toml(DEFAULT_TOML, "copy.toml").unwrap(),
            parsed
        );
    }

    #[test]
    fn defaults_are_the_documented_values() {
        let c = Config::defaults();
        assert_eq!(c.language, LanguageSetting::Auto);
        assert_eq!(c.assessment_interval_months, 6);
        assert_eq!(c.warning_days, 14);
        assert_eq!(c.plan_due_days, 30);
        assert_eq!(c.caseload_limit, 15);
        assert_eq!(c, Config::STATUTORY);
        assert_eq!(c.alert_rules(), AlertRules::default());
    }

    #[test]
    fn an_override_of_one_key_keeps_the_rest() {
        let c = Config::from_user_toml("[deadlines]\nwarning_days = 21\n", "test.toml").unwrap();
        assert_eq!(
            c,
            Config {
                warning_days: 21,
                ..Config::defaults()
            }
        );
        let c = Config::from_user_toml("language = \"en\"\n[caseload]\nlimit = 12\n", "t").unwrap();
        assert_eq!(c.language, LanguageSetting::English);
        assert_eq!(c.caseload_limit, 12);
        assert_eq!(c.assessment_interval_months, 6);
        assert_eq!(
            Config::from_user_toml("", "empty.toml").unwrap(),
            Config::defaults()
        );
        let rules = Config::from_user_toml(
            "[deadlines]\nassessment_interval_months = 3\nplan_due_days = 45\n",
            "t",
        )
        .unwrap()
        .alert_rules();
        assert_eq!(
            rules,
            AlertRules {
                assessment_months: 3,
                warning_days: 14,
                plan_due_days: 45,
                monitoring_months: 6,
                contact_days: 14,
                checkin_days: 30,
            }
        );
    }

    #[test]
    fn contact_checkin_and_caseload_margin_have_defaults_and_limits() {
        let c = Config::defaults();
        assert_eq!(
            (c.contact_days, c.checkin_days, c.caseload_warning_margin),
            (14, 30, 1)
        );
        let c = Config::from_user_toml(
            "[deadlines]\ncontact_days = 21\ncheckin_days = 60\n[caseload]\nwarning_margin = 0\n",
            "t",
        )
        .unwrap();
        assert_eq!(
            (c.contact_days, c.checkin_days, c.caseload_warning_margin),
            (21, 60, 0)
        );
        let rules = c.alert_rules();
        assert_eq!((rules.contact_days, rules.checkin_days), (21, 60));
        // The ends of each range are accepted.
        for text in [
            "[deadlines]\ncontact_days = 1\n",
            "[deadlines]\ncontact_days = 90\n",
            "[deadlines]\ncheckin_days = 1\n",
            "[deadlines]\ncheckin_days = 180\n",
            "[caseload]\nwarning_margin = 14\n",
        ] {
            assert!(Config::from_user_toml(text, "t").is_ok(), "{text}");
        }
        let refused = [
            (
                "[deadlines]\ncontact_days = 0\n",
                "deadlines.contact_days",
                1,
                90,
            ),
            (
                "[deadlines]\ncontact_days = 91\n",
                "deadlines.contact_days",
                1,
                90,
            ),
            (
                "[deadlines]\ncheckin_days = -30\n",
                "deadlines.checkin_days",
                1,
                180,
            ),
            (
                "[deadlines]\ncheckin_days = 181\n",
                "deadlines.checkin_days",
                1,
                180,
            ),
            (
                "[caseload]\nwarning_margin = -1\n",
                "caseload.warning_margin",
                0,
                14,
            ),
            (
                "[caseload]\nwarning_margin = 15\n",
                "caseload.warning_margin",
                0,
                14,
            ),
        ];
        for (text, key, min, max) in refused {
            assert_eq!(
                value_error(text),
                (key.to_string(), Problem::OutOfRange { min, max }),
                "{text}"
            );
        }
        let e = Config::from_user_toml("[caseload]\nwarning_margin = 99\n", "c.toml").unwrap_err();
        assert_eq!(
            e.to_string(),
            "c.toml: caseload.warning_margin must be between 0 and 14"
        );
        let m = syntax_message("[deadlines]\ncontact_days = \"two weeks\"\n");
        assert!(m.contains("contact_days"), "{m}");
    }

    #[test]
    fn values_above_the_statute_name_their_key() {
        assert_eq!(
            value_error("[caseload]\nlimit = 16\n"),
            (
                "caseload.limit".into(),
                Problem::AboveStatute {
                    max: STATUTORY_LIMIT
                }
            )
        );
        assert_eq!(
            value_error("[deadlines]\nassessment_interval_months = 7\n"),
            (
                "deadlines.assessment_interval_months".into(),
                Problem::AboveStatute { max: 6 }
            )
        );
    }

    #[test]
    fn values_out_of_range_name_their_key() {
        assert_eq!(
            value_error("[caseload]\nlimit = 0\n"),
            (
                "caseload.limit".into(),
                Problem::OutOfRange { min: 1, max: 15 }
            )
        );
        assert_eq!(
            value_error("[deadlines]\nassessment_interval_months = 0\n"),
            (
                "deadlines.assessment_interval_months".into(),
                Problem::OutOfRange { min: 1, max: 6 }
            )
        );
        assert_eq!(
            value_error("[deadlines]\nwarning_days = 91\n"),
            (
                "deadlines.warning_days".into(),
                Problem::OutOfRange { min: 1, max: 90 }
            )
        );
        assert_eq!(
            value_error("[deadlines]\nplan_due_days = -5\n"),
            (
                "deadlines.plan_due_days".into(),
                Problem::OutOfRange { min: 1, max: 180 }
            )
        );
        assert_eq!(
            value_error("[caseload]\nlimit = -1\n"),
            (
                "caseload.limit".into(),
                Problem::OutOfRange { min: 1, max: 15 }
            )
        );
        assert_eq!(
            value_error("language = \"de\"\n"),
            ("language".into(), Problem::UnknownLanguage("de".into()))
        );
    }

    #[test]
    fn one_bad_key_refuses_the_whole_file() {
        // Valid keys before the bad one must not leak into a partial configuration.
        assert!(
            Config::from_user_toml("language = \"en\"\n[caseload]\nlimit = 20\n", "t").is_err()
        );
    }

    #[test]
    fn wrong_types_and_unknown_keys_are_syntax_errors_naming_the_key() {
        let m = syntax_message("[deadlines]\nwarning_days = \"x\"\n");
        assert!(m.contains("warning_days"), "{m}");
        let m = syntax_message("[deadlines]\nwarning_dayz = 3\n");
        assert!(m.contains("warning_dayz"), "{m}");
        let m = syntax_message("colour = true\n");
        assert!(m.contains("colour"), "{m}");
        let m = syntax_message("[caseload]\nlimit = 15\nmax = 3\n");
        assert!(m.contains("max"), "{m}");
        let m = syntax_message("[deadlines\n");
        assert!(!m.is_empty());
    }

    #[test]
    fn error_messages_are_readable_english() {
        let e =
            Config::from_user_toml("[caseload]\nlimit = 16\n", "/home/a/config.toml").unwrap_err();
        assert_eq!(
            e.to_string(),
            "/home/a/config.toml: caseload.limit must not exceed the statutory maximum of 15"
        );
        let e = Config::from_user_toml("[deadlines]\nwarning_days = 0\n", "c.toml").unwrap_err();
        assert_eq!(
            e.to_string(),
            "c.toml: deadlines.warning_days must be between 1 and 90"
        );
    }

    #[test]
    fn a_missing_file_gives_defaults_and_a_present_one_is_read() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config.toml");
        assert_eq!(Config::load(&path).unwrap(), Config::defaults());
        std::fs::write(&path, "[deadlines]\nplan_due_days = 60\n").unwrap();
        assert_eq!(Config::load(&path).unwrap().plan_due_days, 60);
        std::fs::write(&path, "[caseload]\nlimit = 99\n").unwrap();
        match Config::load(&path) {
            Err(ConfigError::Value { file, key, .. }) => {
                assert_eq!(file, path.display().to_string());
                assert_eq!(key, "caseload.limit");
            }
            other => panic!("{other:?}"),
        }
        // A directory where the file should be is an IO error naming the path.
        let e = Config::load(dir.path()).unwrap_err();
        assert!(matches!(e, ConfigError::Io { .. }), "{e:?}");
        assert!(e.to_string().contains(&dir.path().display().to_string()));
    }

    #[test]
    fn default_path_ends_in_config_toml() {
        // Without a home directory there is no path, which is not an error.
        if let Some(p) = default_path() {
            assert!(p.ends_with("config.toml"), "{}", p.display());
        }
    }

    #[test]
    fn language_resolution_table() {
        use LanguageSetting::*;
        let cases = [
            (Auto, None, Language::Polish),
            (Auto, Some(""), Language::Polish),
            (Auto, Some("pl_PL.UTF-8"), Language::Polish),
            (Auto, Some("pl"), Language::Polish),
            (Auto, Some("en_US.UTF-8"), Language::English),
            (Auto, Some("C"), Language::Polish),
            (Auto, Some("C.UTF-8"), Language::Polish),
            (Auto, Some("POSIX"), Language::Polish),
            (Auto, Some("de_DE"), Language::English),
            (English, Some("pl_PL.UTF-8"), Language::English),
            (English, None, Language::English),
            (Polish, Some("en_GB.UTF-8"), Language::Polish),
        ];
        for (setting, env, expected) in cases {
            assert_eq!(
                resolve_language(setting, env),
                expected,
                "{setting:?} {env:?}"
            );
        }
    }
}
