//! Fuzz target: any bytes as a backup file are checked the way a restore checks them
//! before writing: the counts of a valid backup, or a refusal, never a panic.

#![no_main]

use asystent::store::backup;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    if let Ok(counts) = backup::validate(bytes) {
        // A backup that passes has at least its header; the counts are what it holds.
        let _ = counts.total();
    }
});
