//! asystent: a terminal workstation for Polish family assistants (asystent rodziny).
//! Data flows one way: key → [`app::keymap`] → [`app::Action`] → [`app::App::update`]
//! → [`service::Service`] → [`store::Store`]; [`ui::render`] draws the state.

pub mod app;
pub mod cli;
pub mod config;
pub mod demo;
pub mod doc;
pub mod domain;
pub mod i18n;
pub mod server;
pub mod service;
pub mod store;
pub mod tui;
pub mod ui;
