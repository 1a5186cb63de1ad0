//! Pure domain types and statutory rules: no IO, no terminal, no database.

pub mod alerts;
pub mod audit;
pub mod caseload;
pub mod dates;
pub mod digest;
pub mod holidays;
pub mod lifecycle;
pub mod model;
pub mod pesel;
pub mod summary;
pub mod text;
pub mod validate;
pub mod visits;

pub use model::*;
