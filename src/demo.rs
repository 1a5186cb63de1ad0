//! Deterministic, fictional demo data of any size.
