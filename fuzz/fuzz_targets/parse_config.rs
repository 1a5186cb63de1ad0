//! Fuzz target: any text as a user configuration file gives a configuration within the
//! documented limits or an error that names the file, never a panic.

#![no_main]

use asystent::config::Config;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    let Ok(text) = std::str::from_utf8(bytes) else {
        return;
    };
    match Config::from_user_toml(text, "fuzz.toml") {
        Ok(c) => {
            assert!((1..=6).contains(&c.assessment_interval_months), "{c:?}");
            assert!((1..=90).contains(&c.warning_days), "{c:?}");
            assert!((1..=180).contains(&c.plan_due_days), "{c:?}");
            assert!((1..=15).contains(&c.caseload_limit), "{c:?}");
        }
        Err(e) => {
            let message = e.to_string();
            assert!(message.starts_with("fuzz.toml: "), "{message}");
        }
    }
});
