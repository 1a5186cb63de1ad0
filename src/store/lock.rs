//! Our own lock file next to the database, so a second process gets a clear message.
//! `DIR/asystent.lock` is locked with `flock` (std's `File::try_lock`) before sled is
//! opened. The kernel releases the lock when the file is closed, also when the holder
//! is killed, so a stale file never blocks anyone: its contents are only information
//! about the current holder (`pid=`, `user=`, `since=` lines) for the error message.

use std::fs::{DirBuilder, File, OpenOptions, TryLockError};
use std::io::{self, Read, Seek, SeekFrom, Write};
use std::os::unix::fs::{DirBuilderExt, MetadataExt, OpenOptionsExt};
use std::path::{Path, PathBuf};
use std::time::Duration;

use super::{Result, StoreError};

/// Name of the lock file inside the database directory.
pub const LOCK_FILE_NAME: &str = "asystent.lock";

/// Longest field value taken from a lock file written by someone else.
const MAX_FIELD_CHARS: usize = 64;

/// How long opening waits for a lock that this very process holds (see `acquire`).
const OWN_LOCK_WAIT: Duration = Duration::from_secs(3);

/// Pause between attempts on a lock this process holds.
const OWN_LOCK_RETRY: Duration = Duration::from_millis(20);

/// Creates `dir` and its missing parents with mode 0700; an existing directory is kept as it is.
pub fn create_dir(dir: &Path) -> Result<()> {
    DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(dir)
        .map_err(|source| directory_error(dir, source))
}

/// An exclusive lock on a database directory, held until dropped.
#[derive(Debug)]
pub struct DirLock {
    /// The open, locked lock file; closing it releases the lock.
    _file: File,
    /// Path of the lock file.
    path: PathBuf,
}

impl DirLock {
    /// Takes the lock on the existing directory `dir`, or reports who holds it.
    pub fn acquire(dir: &Path) -> Result<DirLock> {
        let path = dir.join(LOCK_FILE_NAME);
        // No truncation here: until the lock is ours, the contents belong to the holder.
        let mut file = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .mode(0o600)
            .open(&path)
            .map_err(|source| directory_error(dir, source))?;
        let mut waited = Duration::ZERO;
        loop {
            match file.try_lock() {
                Ok(()) => break,
                Err(TryLockError::WouldBlock) => {
                    let held = held_by(dir, &mut file);
                    // Our own process holds it: a store of this process that was just
                    // dropped, whose lock a child forked meanwhile (by another thread,
                    // to run a program) still shares until that child execs. Wait a
                    // moment; another process's lock is reported at once.
                    let ours = matches!(&held, StoreError::Locked { pid, .. }
                        if *pid == std::process::id().to_string());
                    if !ours || waited >= OWN_LOCK_WAIT {
                        return Err(held);
                    }
                    std::thread::sleep(OWN_LOCK_RETRY);
                    waited += OWN_LOCK_RETRY;
                }
                Err(TryLockError::Error(source)) => return Err(directory_error(dir, source)),
            }
        }
        write_holder(&mut file).map_err(|source| {
            if super::is_disk_full(&source) {
                StoreError::DiskFull
            } else {
                directory_error(dir, source)
            }
        })?;
        Ok(DirLock { _file: file, path })
    }

    /// Path of the lock file.
    pub fn path(&self) -> &Path {
        &self.path
    }
}

fn directory_error(dir: &Path, source: io::Error) -> StoreError {
    StoreError::Directory {
        path: dir.to_path_buf(),
        source,
    }
}

/// Writes our pid, user and start time over the previous holder's.
fn write_holder(file: &mut File) -> io::Result<()> {
    let user = std::env::var("USER")
        .ok()
        .filter(|u| !u.is_empty())
        .or_else(|| std::env::var("LOGNAME").ok().filter(|u| !u.is_empty()))
        // std has no getuid; the owner of the file we just created is our user.
        .unwrap_or_else(|| match file.metadata() {
            Ok(meta) => format!("uid {}", meta.uid()),
            Err(_) => "?".to_string(),
        });
    let since = chrono::Local::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, false);
    let text = format!(
        "pid={}\nuser={}\nsince={}\n",
        std::process::id(),
        user,
        since
    );
    file.set_len(0)?;
    file.seek(SeekFrom::Start(0))?;
    file.write_all(text.as_bytes())?;
    file.flush()
}

/// The `Locked` error for a lock held by someone else, with what the lock file says.
fn held_by(dir: &Path, file: &mut File) -> StoreError {
    let mut bytes = Vec::new();
    // A lock file we cannot read still means "locked"; the fields then stay "?".
    let _ = file.seek(SeekFrom::Start(0));
    let _ = file.take(4096).read_to_end(&mut bytes);
    let holder = Holder::parse(&String::from_utf8_lossy(&bytes));
    StoreError::Locked {
        path: dir.to_path_buf(),
        pid: holder.pid,
        user: holder.user,
        since: holder.since,
    }
}

/// The fields of a lock file, "?" for any missing or unreadable one.
#[derive(Debug, PartialEq, Eq)]
struct Holder {
    pid: String,
    user: String,
    since: String,
}

impl Holder {
    fn parse(text: &str) -> Holder {
        let field = |name: &str| {
            text.lines()
                .filter_map(|line| line.split_once('='))
                .find(|(key, _)| key.trim() == name)
                .map(|(_, value)| clean(value))
                .filter(|value| !value.is_empty())
        };
        Holder {
            pid: field("pid")
                .filter(|pid| pid.bytes().all(|b| b.is_ascii_digit()))
                .unwrap_or_else(|| "?".into()),
            user: field("user").unwrap_or_else(|| "?".into()),
            since: field("since").unwrap_or_else(|| "?".into()),
        }
    }
}

/// A field value fit for an error message: trimmed, no control characters, not too long.
fn clean(value: &str) -> String {
    value
        .trim()
        .chars()
        .filter(|c| !c.is_control())
        .take(MAX_FIELD_CHARS)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_what_it_writes() {
        let holder = Holder::parse("pid=123\nuser=anowak\nsince=2026-03-02T08:00:00+01:00\n");
        assert_eq!(
            holder,
            Holder {
                pid: "123".into(),
                user: "anowak".into(),
                since: "2026-03-02T08:00:00+01:00".into(),
            }
        );
    }

    #[test]
    fn garbage_becomes_question_marks() {
        let question = |h: Holder| (h.pid, h.user, h.since);
        let q = || "?".to_string();
        assert_eq!(question(Holder::parse("")), (q(), q(), q()));
        assert_eq!(
            question(Holder::parse("pid=12x\nuser=\x1b[2J\u{0}\nsince\n\u{1}")),
            (q(), "[2J".into(), q())
        );
    }

    #[test]
    fn long_values_are_cut() {
        let holder = Holder::parse(&format!("user={}", "x".repeat(1000)));
        assert_eq!(holder.user.len(), MAX_FIELD_CHARS);
    }
}
