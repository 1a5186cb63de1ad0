//! asystent: a terminal workstation for Polish family assistants (asystent rodziny).
//! Data flows one way: key → [`app::keymap`] → [`app::Action`] → [`app::App::update`]
//! → [`backend::Backend`] → [`service::Service`] (here or in a server) → [`store::Store`];
//! [`ui::render`] draws the state.

pub mod app;
pub mod backend;
pub mod cli;
pub mod config;
pub mod demo;
pub mod doc;
pub mod domain;
pub mod i18n;
pub mod report;
pub mod runs;
pub mod server;
pub mod service;
pub mod store;
pub mod tui;
pub mod ui;
pub mod wire;
