//! The terminal: raw mode in and out, the panic hook, the input loop and signals.
//!
//! The screen is drawn only after input or a resize, never on a timer, so an idle
//! workstation writes nothing to a slow SSH link.

use std::io::{self, Write};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use ratatui::crossterm::event::{self, Event, KeyEventKind};
use ratatui::crossterm::{cursor, execute};

use crate::app::App;
use crate::ui::{self, Theme};

/// How often the loop wakes without input to look at the signal flag (no drawing then).
const SIGNAL_CHECK: Duration = Duration::from_millis(250);

/// Why the terminal program stopped with an error.
#[derive(Debug, thiserror::Error)]
pub enum TuiError {
    /// The terminal could not be set up or written.
    #[error("terminal error: {0}")]
    Terminal(#[from] io::Error),
    /// The final flush of the database failed.
    #[error("{0}")]
    Store(#[from] crate::store::StoreError),
}

/// Runs the workstation until the user quits or SIGTERM/SIGHUP arrives; the
/// database is flushed and the terminal restored on every way out.
pub fn run(app: &mut App, theme: &Theme) -> Result<(), TuiError> {
    let stop = Arc::new(AtomicBool::new(false));
    for signal in [signal_hook::consts::SIGTERM, signal_hook::consts::SIGHUP] {
        signal_hook::flag::register(signal, Arc::clone(&stop))?;
    }
    // try_init also installs a panic hook that restores the terminal before the
    // panic message is printed.
    let mut terminal = ratatui::try_init()?;
    let looped = event_loop(&mut terminal, app, theme, &stop);
    let flushed = app.service().flush();
    restore();
    looped?;
    flushed?;
    Ok(())
}

fn event_loop(
    terminal: &mut ratatui::DefaultTerminal,
    app: &mut App,
    theme: &Theme,
    stop: &AtomicBool,
) -> Result<(), TuiError> {
    let mut dirty = true;
    loop {
        if dirty {
            terminal.draw(|frame| ui::render(frame, app, theme))?;
            dirty = false;
        }
        if app.quit || stop.load(Ordering::Relaxed) {
            return Ok(());
        }
        if event::poll(SIGNAL_CHECK)? {
            match event::read()? {
                Event::Key(key) if key.kind == KeyEventKind::Press => dirty = app.on_key(key),
                Event::Resize(..) => dirty = true,
                _ => {}
            }
        }
    }
}

/// Leaves raw mode and the alternate screen and shows the cursor; errors are ignored
/// because the terminal may already be gone (SIGHUP).
pub fn restore() {
    let _ = ratatui::try_restore();
    let mut out = io::stdout();
    let _ = execute!(out, cursor::Show);
    let _ = out.flush();
}
