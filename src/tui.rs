//! The terminal: raw mode in and out, the panic hook, the input loop and signals.
//!
//! The screen is drawn only after input or a resize, never on a timer, so an idle
//! workstation writes nothing to a slow SSH link.

use std::io::{self, IsTerminal, Write};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread;
use std::time::{Duration, Instant};

use signal_hook::consts::{SIGHUP, SIGTERM};
use signal_hook::iterator::Signals;

use ratatui::crossterm::event::{
    self, DisableBracketedPaste, EnableBracketedPaste, Event, KeyEventKind,
};
use ratatui::crossterm::{cursor, execute};

use crate::app::App;
use crate::ui::{self, Theme};

/// How often the loop wakes without input to look at the stop flag (no drawing then).
const SIGNAL_CHECK: Duration = Duration::from_millis(250);
/// How often the guard thread looks for signals and for a vanished terminal.
const GUARD_PERIOD: Duration = Duration::from_millis(250);
/// How long the guard lets the input loop end by itself before ending the process.
const GRACE: Duration = Duration::from_secs(2);

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
    let finished = Arc::new(AtomicBool::new(false));
    let had_terminal = io::stdin().is_terminal();
    spawn_guard(Arc::clone(&stop), Arc::clone(&finished), had_terminal)?;
    // try_init also installs a panic hook that restores the terminal before the
    // panic message is printed.
    let mut terminal = ratatui::try_init()?;
    // A paste arrives as one event, so a form can take or refuse it whole.
    execute!(io::stdout(), EnableBracketedPaste)?;
    let looped = event_loop(&mut terminal, app, theme, &stop);
    let flushed = app.service().flush();
    let hung_up = had_terminal && !io::stdin().is_terminal();
    if hung_up {
        // ratatui's Terminal reports a failed cursor restore with eprintln!, which
        // panics once stderr is gone; there is no terminal left to restore anyway.
        std::mem::forget(terminal);
    } else {
        drop(terminal);
        restore();
    }
    finished.store(true, Ordering::SeqCst);
    match looped {
        // Drawing to a terminal that has hung up fails; that is the hang-up, not an error.
        Err(TuiError::Terminal(_)) if hung_up => {}
        other => other?,
    }
    flushed?;
    Ok(())
}

/// Starts the thread that turns SIGTERM, SIGHUP or a vanished terminal into a clean stop.
///
/// The input loop sees `stop` within [`SIGNAL_CHECK`] and ends by itself. But
/// crossterm 0.29 spins forever inside `event::poll` once its tty is gone (a dropped
/// SSH link: read returns 0 and is retried, crossterm issue #793), so the loop may
/// never look again. After [`GRACE`] the guard therefore ends the process itself with
/// exit code 0: every save the user saw acknowledged is already flushed, and the
/// kernel releases the database lock with the process.
///
/// `watch_stdin` is false when stdin was not a terminal at start: crossterm then reads
/// /dev/tty instead, and stdin tells nothing about it.
fn spawn_guard(
    stop: Arc<AtomicBool>,
    finished: Arc<AtomicBool>,
    watch_stdin: bool,
) -> io::Result<()> {
    let mut signals = Signals::new([SIGTERM, SIGHUP])?;
    thread::Builder::new().name("guard".into()).spawn(move || {
        loop {
            let signalled = signals.pending().next().is_some();
            // After a hang-up every ioctl on the tty fails, so isatty turns false.
            let vanished = watch_stdin && !io::stdin().is_terminal();
            if signalled || vanished {
                break;
            }
            if finished.load(Ordering::SeqCst) {
                return;
            }
            thread::sleep(GUARD_PERIOD);
        }
        stop.store(true, Ordering::SeqCst);
        let deadline = Instant::now() + GRACE;
        while Instant::now() < deadline {
            if finished.load(Ordering::SeqCst) {
                return;
            }
            thread::sleep(Duration::from_millis(20));
        }
        restore();
        std::process::exit(0);
    })?;
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
                Event::Paste(text) => dirty = app.on_paste(&text),
                Event::Resize(..) => dirty = true,
                _ => {}
            }
        }
    }
}

/// Leaves raw mode and the alternate screen and shows the cursor; errors are ignored
/// because the terminal may already be gone (SIGHUP).
pub fn restore() {
    let mut out = io::stdout();
    let _ = execute!(out, DisableBracketedPaste);
    let _ = ratatui::try_restore();
    let _ = execute!(out, cursor::Show);
    let _ = out.flush();
}
