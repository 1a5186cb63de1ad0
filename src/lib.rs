//! asystent: a terminal workstation for Polish family assistants (asystent rodziny).

pub mod config;
pub mod demo;
pub mod domain;
pub mod store;
