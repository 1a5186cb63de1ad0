//! The real binary in a pseudo-terminal: keys in, screen (vt100) and byte counts out.

#![allow(dead_code)]

use std::io::{Read, Write};
use std::num::NonZeroU16;
use std::process::Command;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use portable_pty::{CommandBuilder, PtySize, native_pty_system};

/// How long the output must stay silent before a step counts as finished.
pub const QUIET: Duration = Duration::from_millis(150);

/// Bytes and timing of the program's answer to one key.
#[derive(Debug, Clone, Copy)]
pub struct Answer {
    /// Bytes written by the program.
    pub bytes: usize,
    /// Time from the key to the last byte before the quiet gap.
    pub settle: Duration,
}

/// The program running in a pty, with its screen as a terminal would show it.
pub struct Session {
    screen: Arc<Mutex<vt100::Parser>>,
    bytes: Arc<AtomicUsize>,
    /// Nanoseconds since `epoch` of the last output.
    last_output: Arc<AtomicU64>,
    epoch: Instant,
    writer: Option<Box<dyn Write + Send>>,
    /// The child process.
    pub child: Box<dyn portable_pty::Child + Send + Sync>,
    master: Option<Box<dyn portable_pty::MasterPty + Send>>,
    /// Asks the reader thread to let go of its copy of the master.
    closing: Arc<AtomicBool>,
    reader: Option<std::thread::JoinHandle<()>>,
}

impl Session {
    /// Starts `bin args` at 80×24 with `env` set (and LC_ALL/LC_MESSAGES removed).
    pub fn start(bin: &str, args: &[&str], env: &[(&str, &str)]) -> Session {
        let pair = native_pty_system()
            .openpty(PtySize {
                rows: 24,
                cols: 80,
                pixel_width: 0,
                pixel_height: 0,
            })
            .unwrap();
        let mut cmd = CommandBuilder::new(bin);
        cmd.args(args);
        cmd.env("TERM", "xterm-256color");
        cmd.env_remove("LC_ALL");
        cmd.env_remove("LC_MESSAGES");
        for (k, v) in env {
            cmd.env(k, v);
        }
        let child = pair.slave.spawn_command(cmd).unwrap();
        drop(pair.slave);
        let mut reader = pair.master.try_clone_reader().unwrap();
        let writer = pair.master.take_writer().unwrap();
        let screen = Arc::new(Mutex::new(vt100::Parser::new(
            NonZeroU16::new(24).unwrap(),
            NonZeroU16::new(80).unwrap(),
            0,
        )));
        let bytes = Arc::new(AtomicUsize::new(0));
        let last_output = Arc::new(AtomicU64::new(0));
        let epoch = Instant::now();
        let closing = Arc::new(AtomicBool::new(false));
        let (sink, count, last, stop) = (
            Arc::clone(&screen),
            Arc::clone(&bytes),
            Arc::clone(&last_output),
            Arc::clone(&closing),
        );
        let reader_thread = std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 || stop.load(Ordering::SeqCst) {
                    break;
                }
                sink.lock().unwrap().process(&buf[..n]);
                count.fetch_add(n, Ordering::SeqCst);
                last.store(epoch.elapsed().as_nanos() as u64, Ordering::SeqCst);
            }
        });
        Session {
            screen,
            bytes,
            last_output,
            epoch,
            writer: Some(writer),
            child,
            master: Some(pair.master),
            closing,
            reader: Some(reader_thread),
        }
    }

    /// The screen's text.
    pub fn contents(&self) -> String {
        self.screen.lock().unwrap().screen().contents()
    }

    /// True while the program keeps the terminal in the alternate screen (not restored).
    pub fn in_alternate_screen(&self) -> bool {
        self.screen.lock().unwrap().screen().alternate_screen()
    }

    /// True while the cursor is hidden.
    pub fn cursor_hidden(&self) -> bool {
        self.screen.lock().unwrap().screen().hide_cursor()
    }

    /// Bytes the program has written so far.
    pub fn bytes(&self) -> usize {
        self.bytes.load(Ordering::SeqCst)
    }

    /// Waits until the screen shows `text`; fails with the screen if it never does.
    pub fn wait_for(&self, text: &str) {
        let deadline = Instant::now() + Duration::from_secs(20);
        while Instant::now() < deadline {
            if self.contents().contains(text) {
                return;
            }
            std::thread::sleep(Duration::from_millis(10));
        }
        panic!("screen never showed {text:?}:\n{}", self.contents());
    }

    /// Waits until the screen no longer shows `text`; fails with the screen if it stays.
    pub fn wait_gone(&self, text: &str) {
        let deadline = Instant::now() + Duration::from_secs(20);
        while Instant::now() < deadline {
            if !self.contents().contains(text) {
                return;
            }
            std::thread::sleep(Duration::from_millis(10));
        }
        panic!("screen kept showing {text:?}:\n{}", self.contents());
    }

    /// When the latest output arrived: right after a wait, the time of what the wait
    /// was for, without the wait's polling interval.
    pub fn last_output_at(&self) -> Instant {
        self.epoch + Duration::from_nanos(self.last_output.load(Ordering::SeqCst))
    }

    /// Waits until the output has been silent for [`QUIET`].
    pub fn wait_quiet(&self) {
        loop {
            let last = Duration::from_nanos(self.last_output.load(Ordering::SeqCst));
            let since = self.epoch.elapsed().saturating_sub(last);
            if since >= QUIET {
                return;
            }
            std::thread::sleep(QUIET - since);
        }
    }

    /// Sends keys without measuring.
    pub fn send(&mut self, keys: &str) {
        let writer = self.writer.as_mut().expect("terminal still open");
        writer.write_all(keys.as_bytes()).unwrap();
        writer.flush().unwrap();
    }

    /// Closes the terminal side, as a dropped SSH link or a closed window does.
    /// The reader thread holds a duplicate of the master, and the kernel hangs the
    /// terminal up only when every copy is closed: so the thread is told to stop, a
    /// key that always redraws (`wake`: `?` toggles the help on a screen, Tab moves the
    /// focus in a form without typing anything) wakes its blocking read, and only then
    /// are the writer and the master dropped. Whether the program still reads that key
    /// before the hang-up is a race, so it must not change what the test checks.
    pub fn hang_up(&mut self, wake: &str) {
        self.closing.store(true, Ordering::SeqCst);
        self.send(wake);
        if let Some(reader) = self.reader.take() {
            reader.join().unwrap();
        }
        self.writer = None;
        self.master = None;
    }

    /// Sends keys and counts what the program writes until it is quiet again; waits up
    /// to 10 s for the first byte, so a slow answer is not counted with the next key.
    pub fn measure(&mut self, keys: &str) -> Answer {
        self.wait_quiet();
        let before = self.bytes();
        let sent = self.epoch.elapsed();
        self.send(keys);
        let deadline = Instant::now() + Duration::from_secs(10);
        while self.bytes() == before && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(1));
        }
        self.wait_quiet();
        let last = Duration::from_nanos(self.last_output.load(Ordering::SeqCst));
        Answer {
            bytes: self.bytes() - before,
            settle: last.saturating_sub(sent),
        }
    }

    /// Counts the bytes written during `period` without input.
    pub fn idle_bytes(&self, period: Duration) -> usize {
        self.wait_quiet();
        let before = self.bytes();
        std::thread::sleep(period);
        self.bytes() - before
    }

    /// CPU time (user + system) the child has used so far, from /proc.
    pub fn cpu_time(&self) -> Duration {
        let pid = self.child.process_id().unwrap();
        let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
        // Fields after the parenthesised command name; utime and stime are 14th and 15th.
        let rest = stat.rsplit_once(')').map(|(_, r)| r).unwrap_or("");
        let fields: Vec<&str> = rest.split_whitespace().collect();
        let ticks: u64 = fields
            .get(11..13)
            .map_or(0, |f| f.iter().filter_map(|x| x.parse::<u64>().ok()).sum());
        // Linux reports in clock ticks of 1/100 s on every platform Rust supports here.
        Duration::from_millis(ticks * 10)
    }

    /// Peak resident memory of the child in KiB (VmHWM).
    pub fn peak_rss_kib(&self) -> Option<u64> {
        let pid = self.child.process_id()?;
        let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
        status
            .lines()
            .find(|l| l.starts_with("VmHWM:"))
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|v| v.parse().ok())
    }

    /// Resizes the emulator, then the pty (the program gets SIGWINCH), so that the
    /// redraw that answers the resize is read at the new size.
    pub fn resize(&self, cols: u16, rows: u16) {
        self.screen.lock().unwrap().screen_mut().set_size(
            NonZeroU16::new(rows).unwrap(),
            NonZeroU16::new(cols).unwrap(),
        );
        self.master
            .as_ref()
            .expect("terminal still open")
            .resize(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .unwrap();
    }

    /// Sends a signal (by name, as `kill -NAME`) to the child.
    pub fn signal(&self, name: &str) {
        let pid = self.child.process_id().unwrap();
        let sent = Command::new("kill")
            .args([&format!("-{name}"), &pid.to_string()])
            .status()
            .unwrap();
        assert!(sent.success());
    }

    /// Waits for the child to exit.
    pub fn wait_exit(&mut self) -> portable_pty::ExitStatus {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status;
            }
            assert!(
                Instant::now() < deadline,
                "program did not exit:\n{}",
                self.contents()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}
