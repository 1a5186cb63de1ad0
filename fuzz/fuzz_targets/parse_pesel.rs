//! Fuzz target: any text gives a valid PESEL or an error, never a panic; an accepted
//! number keeps its digits, decodes a birth date and is what `generate` builds from it.

#![no_main]

use asystent::domain::pesel::Pesel;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    let Ok(text) = std::str::from_utf8(bytes) else {
        return;
    };
    match Pesel::parse(text) {
        Ok(pesel) => {
            assert_eq!(pesel.as_str(), text.trim());
            assert_eq!(Pesel::parse(pesel.as_str()), Ok(pesel.clone()));
            let birth = pesel.birth_date();
            let _ = pesel.is_female();
            let serial: u16 = pesel.as_str()[6..10].parse().expect("four digits");
            assert_eq!(Pesel::generate(birth, serial), Some(pesel));
        }
        Err(e) => assert!(!e.to_string().is_empty()),
    }
});
