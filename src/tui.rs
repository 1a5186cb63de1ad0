//! The terminal: raw mode in and out, the panic hook, the input loop and signals.
//! The screen is drawn only after input or a resize, never on a timer, so an idle
//! workstation writes nothing to a slow SSH link. An unsaved form is kept as a draft
//! after two idle seconds and on SIGHUP/SIGTERM, so a dropped connection loses nothing.

use std::io::{self, IsTerminal, Write};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use signal_hook::consts::{SIGHUP, SIGTERM};
use signal_hook::iterator::Signals;

use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;
use ratatui::crossterm::event::{
    self, DisableBracketedPaste, EnableBracketedPaste, Event, KeyEventKind,
};
use ratatui::crossterm::{cursor, execute};

use crate::app::{App, DraftSink};
use crate::store::drafts::Draft;
use crate::ui::{self, Theme};
use crate::wire::GapBridging;

/// How often the loop wakes without input to look at the stop flag (no drawing then).
const SIGNAL_CHECK: Duration = Duration::from_millis(250);
/// How often the guard thread looks for signals and for a vanished terminal.
const GUARD_PERIOD: Duration = Duration::from_millis(250);
/// How long the guard lets the input loop end by itself before ending the process.
const GRACE: Duration = Duration::from_secs(2);
/// How long the guard waits for a main thread that has left the input loop and is
/// only flushing to disk before it ends the process anyway.
const SLOW_DISK: Duration = Duration::from_secs(30);
/// Idle time after the last key before an unsaved form is kept as a draft.
const DRAFT_IDLE: Duration = Duration::from_secs(2);

/// The open form's unsaved state, shared with the signal guard so that a dropped
/// connection loses nothing even when the input loop is stuck in crossterm.
#[derive(Clone)]
struct DraftKeeper {
    /// Replaced once when a register that was still opening is open.
    sink: Arc<Mutex<DraftSink>>,
    login: String,
    pending: Arc<Mutex<Pending>>,
}

/// What the keeper holds: the latest draft, and whether it is on disk yet.
#[derive(Default)]
struct Pending {
    draft: Option<(String, Draft)>,
    written: bool,
    changed_at: Option<Instant>,
}

impl DraftKeeper {
    /// Takes the app's current unsaved form after an input.
    fn offer(&self, app: &App) {
        let now = draft_time();
        let draft = app.pending_draft(&now);
        let mut p = self.pending.lock().unwrap_or_else(|e| e.into_inner());
        let same = match (&p.draft, &draft) {
            (Some((k1, d1)), Some((k2, d2))) => k1 == k2 && d1.fields == d2.fields,
            (None, None) => true,
            _ => false,
        };
        if !same {
            p.draft = draft;
            p.written = false;
            p.changed_at = Some(Instant::now());
        }
    }

    /// Writes the draft if it changed and the user has paused typing.
    fn write_if_idle(&self) {
        let idle = {
            let p = self.pending.lock().unwrap_or_else(|e| e.into_inner());
            p.changed_at.is_some_and(|t| t.elapsed() >= DRAFT_IDLE)
        };
        if idle {
            self.write_now();
        }
    }

    /// Writes the draft if it is not on disk yet (on a signal, or when idle).
    fn write_now(&self) {
        let mut p = self.pending.lock().unwrap_or_else(|e| e.into_inner());
        if p.written {
            return;
        }
        if let Some((key, draft)) = &p.draft {
            // Nothing to tell the user if this fails: the terminal may be gone.
            let sink = self.sink.lock().unwrap_or_else(|e| e.into_inner());
            let _ = sink.put(&self.login, key, draft);
        }
        p.written = true;
        p.changed_at = None;
    }
}

/// The local time a draft is kept at, as the form's message shows it.
fn draft_time() -> String {
    chrono::Local::now().format("%d.%m.%Y %H:%M").to_string()
}

/// Why the terminal program stopped with an error.
#[derive(Debug, thiserror::Error)]
pub enum TuiError {
    /// The terminal could not be set up or written.
    #[error("terminal error: {0}")]
    Terminal(#[from] io::Error),
    /// The final flush of the database failed.
    #[error("{0}")]
    Store(#[from] crate::store::StoreError),
    /// The register could not be read after the first Overview.
    #[error("{0}")]
    Register(#[from] crate::service::CommandError),
}

/// The workstation's terminal: crossterm on stdout, short gaps bridged ([`GapBridging`]).
type Screen = Terminal<GapBridging<CrosstermBackend<io::Stdout>>>;

/// Sets the terminal up as `ratatui::try_init` does (a panic hook that restores the
/// terminal before the panic message is printed, raw mode, the alternate screen), over
/// the gap-bridging backend.
fn init() -> io::Result<Screen> {
    let hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        restore();
        hook(info);
    }));
    ratatui::crossterm::terminal::enable_raw_mode()?;
    execute!(
        io::stdout(),
        ratatui::crossterm::terminal::EnterAlternateScreen
    )?;
    Terminal::new(GapBridging::new(CrosstermBackend::new(io::stdout()))?)
}

/// Runs the workstation until the user quits or SIGTERM/SIGHUP arrives; the
/// database is flushed and the terminal restored on every way out.
pub fn run(app: &mut App, theme: &Theme) -> Result<(), TuiError> {
    let stop = Arc::new(AtomicBool::new(false));
    let left_loop = Arc::new(AtomicBool::new(false));
    let finished = Arc::new(AtomicBool::new(false));
    let had_terminal = io::stdin().is_terminal();
    let keeper = DraftKeeper {
        sink: Arc::new(Mutex::new(app.backend().draft_sink())),
        login: app.caller.login.clone(),
        pending: Arc::default(),
    };
    spawn_guard(
        Arc::clone(&stop),
        [Arc::clone(&left_loop), Arc::clone(&finished)],
        had_terminal,
        keeper.clone(),
    )?;
    let mut terminal = init()?;
    // A paste arrives as one event, so a form can take or refuse it whole.
    execute!(io::stdout(), EnableBracketedPaste)?;
    let looped = event_loop(&mut terminal, app, theme, &stop, &keeper);
    // From here on the way out only waits for the disk, never for crossterm.
    left_loop.store(true, Ordering::SeqCst);
    // A signal ended the loop with a form open: keep what was typed.
    keeper.write_now();
    let flushed = app.backend().flush();
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
/// The input loop sees `stop` within [`SIGNAL_CHECK`] and ends by itself. But
/// crossterm 0.29 spins forever inside `event::poll` once its tty is gone (a dropped
/// SSH link: read returns 0 and is retried, crossterm issue #793), so the loop may
/// never look again. After [`GRACE`] the guard therefore ends the process itself with
/// exit code 0: every save the user saw acknowledged is already flushed, and the
/// kernel releases the database lock with the process.
/// `watch_stdin` is false when stdin was not a terminal at start: crossterm then reads
/// /dev/tty instead, and stdin tells nothing about it.
fn spawn_guard(
    stop: Arc<AtomicBool>,
    [left_loop, finished]: [Arc<AtomicBool>; 2],
    watch_stdin: bool,
    keeper: DraftKeeper,
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
        // Past the loop, the main thread is only saving the draft and flushing (slow
        // on a busy disk): let it finish and restore the terminal itself.
        let slow_disk = Instant::now() + SLOW_DISK;
        while left_loop.load(Ordering::SeqCst) && Instant::now() < slow_disk {
            if finished.load(Ordering::SeqCst) {
                return;
            }
            thread::sleep(Duration::from_millis(20));
        }
        // The loop is stuck: keep the open form's latest state before leaving.
        keeper.write_now();
        restore();
        std::process::exit(0);
    })?;
    Ok(())
}

fn event_loop(
    terminal: &mut Screen,
    app: &mut App,
    theme: &Theme,
    stop: &AtomicBool,
    keeper: &DraftKeeper,
) -> Result<(), TuiError> {
    let mut dirty = true;
    let mut last_input = Instant::now();
    loop {
        if dirty {
            terminal.draw(|frame| ui::render(frame, app, theme))?;
            dirty = false;
        }
        // The first Overview is on the screen: now the register, before any key (the
        // keys typed meanwhile wait in the terminal's queue).
        if app.finish_loading()? {
            // The register may have just opened behind the first Overview.
            *keeper.sink.lock().unwrap_or_else(|e| e.into_inner()) = app.backend().draft_sink();
            dirty = true;
            continue;
        }
        if app.quit || stop.load(Ordering::Relaxed) {
            return Ok(());
        }
        if event::poll(SIGNAL_CHECK)? {
            last_input = Instant::now();
            match event::read()? {
                Event::Key(key) if key.kind == KeyEventKind::Press => dirty = app.on_key(key),
                Event::Paste(text) => dirty = app.on_paste(&text),
                Event::Resize(..) => dirty = true,
                _ => {}
            }
            if dirty {
                keeper.offer(app);
            }
        } else {
            // Idle: keep an unsaved form as a draft (a write to disk, nothing drawn),
            // and hide the screen once the idle lock's time has passed (one redraw).
            keeper.write_if_idle();
            dirty |= app.on_idle(last_input.elapsed());
        }
        // Attached to a server: what others saved, and a lost or regained connection,
        // are shown without a key press (looked at every SIGNAL_CHECK at most).
        dirty |= app.server_events();
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
