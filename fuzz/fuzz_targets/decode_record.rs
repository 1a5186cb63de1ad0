//! Fuzz target: arbitrary bytes decoded as every record kind give a record or an error,
//! never a panic, and a record that decodes survives encode → decode unchanged.

#![no_main]

use std::fmt::Debug;

use asystent::domain::{
    Assessment, Cooperation, CourtRequest, Family, Member, Staff, Visit, WorkPlan,
};
use asystent::store::codec::{self, Record};
use libfuzzer_sys::fuzz_target;

/// Decodes `bytes` as `R`; whatever decodes must encode and decode back to itself.
fn check<R: Record + PartialEq + Debug>(bytes: &[u8]) {
    if let Ok((rev, record)) = codec::decode::<R>(bytes) {
        let again = codec::encode(&record, rev).expect("a decoded record encodes");
        assert_eq!(codec::decode::<R>(&again), Ok((rev, record)));
    }
}

fuzz_target!(|bytes: &[u8]| {
    check::<Staff>(bytes);
    check::<Family>(bytes);
    check::<Member>(bytes);
    check::<WorkPlan>(bytes);
    check::<Visit>(bytes);
    check::<Assessment>(bytes);
    check::<CourtRequest>(bytes);
    check::<Cooperation>(bytes);
});
