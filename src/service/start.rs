//! A workstation's start: sled opens the register on a thread of its own while the
//! first Overview of a caller who sees the whole office is judged from the files the
//! last clean close left beside it (the start file and the digest file), so that it
//! is drawn without waiting for the opening; the register's own Overview replaces it
//! as soon as the register is open, before any key is read.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::thread::JoinHandle;

use chrono::NaiveDate;

use super::{Caller, DigestPart, OVERVIEW_VISITS, PreparedOverview, Service, Snapshot};
use crate::domain::Id;
use crate::domain::alerts::AlertRules;
use crate::store::start_file::StartFile;
use crate::store::{CACHE_CAPACITY, Result, Store, StoreError};

/// The visits a day a start file keeps: as many as an Overview's snapshot reads.
pub const START_VISITS: u32 = OVERVIEW_VISITS as u32;

/// How a workstation starts over the register at a directory.
pub enum WorkstationStart {
    /// The register is open: no start file could give the first Overview earlier.
    Opened(Service),
    /// The register is still opening; the caller and their first Overview, from the
    /// files of the last clean close.
    Opening {
        /// The opening, to be finished before anything else is asked of the register.
        opening: Opening,
        /// Who the start file says the login is.
        caller: Caller,
        /// The Overview judged from the files.
        overview: Snapshot,
    },
}

/// A register that sled is opening on another thread, and what its service is made of.
pub struct Opening {
    thread: Option<JoinHandle<Result<Store>>>,
    dir: PathBuf,
    rules: AlertRules,
    caseload: (u32, u32),
    /// The digest file's token and the day it was judged for.
    token: u128,
    today: NaiveDate,
    /// Active families per assistant, as judged (the Overview keeps only its caseload).
    active: BTreeMap<Id, u32>,
}

impl Service {
    /// Starts a workstation for `login` on `today` over the register at `dir`. Its lock
    /// is taken first, here. If the last clean close left a start file and a digest file
    /// that belong together, and they say that the login sees the whole office, sled
    /// opens the register on another thread while the Overview is judged from them
    /// ([`WorkstationStart::Opening`]); otherwise the register is opened as
    /// [`Service::open_for_workstation`] opens it. `caseload` is the caseload limit and
    /// its warning margin.
    pub fn start_workstation(
        dir: &Path,
        rules: AlertRules,
        caseload: (u32, u32),
        login: &str,
        today: NaiveDate,
    ) -> Result<WorkstationStart> {
        let lock = Store::lock(dir)?;
        // Read before the opening removes it.
        let from_file = StartFile::read(dir).and_then(|start| {
            // Only the login's own account is copied, not a country's thousands.
            let account = start.staff.iter().filter(|s| s.login == login).cloned();
            let caller = Caller::of(login, account, today);
            let upcoming = start.upcoming(today, OVERVIEW_VISITS)?;
            (caller.sees_whole_office() == Some(true)).then_some((start, caller, upcoming))
        });
        let opened = |service: Service| {
            Ok(WorkstationStart::Opened(
                service.with_caseload_margin(caseload.1),
            ))
        };
        let Some((start, caller, upcoming)) = from_file else {
            return opened(Service::open_locked_for_workstation(
                lock, dir, rules, caseload.0, today,
            )?);
        };
        // Judged before sled starts to open the register, so that the first Overview has
        // both cores: beside the opening (even at nice 10 or 19) the judging took 50 to
        // 90 ms instead of 38 to 64 in a new process at a country's scale, and the first
        // frame came after 52 to 99 ms instead of 51 to 73 (10 starts each); the register
        // is read about 50 ms later for it.
        let judged = Service::prepare_overview(dir, rules, today)
            .filter(|prepared| prepared.token == start.digest_token);
        let Some(prepared) = judged else {
            // The digest file is not the start file's: the register's Overview.
            return opened(Service::open_locked_for_workstation(
                lock, dir, rules, caseload.0, today,
            )?);
        };
        let owned = dir.to_path_buf();
        let spawned = std::thread::Builder::new()
            .name("opening".into())
            .spawn(move || Store::open_under(lock, &owned, CACHE_CAPACITY));
        let Ok(thread) = spawned else {
            // The lock went with the thread that did not start.
            return opened(Service::open_for_workstation(
                dir, rules, caseload.0, today,
            )?);
        };
        let opening = Opening {
            thread: Some(thread),
            dir: dir.to_path_buf(),
            rules,
            caseload,
            token: start.digest_token,
            today,
            active: prepared.part.active.clone(),
        };
        let staff = start.staff.into_iter().map(|s| (s.id, s)).collect();
        let overview = Snapshot::overview(
            &caller,
            (staff, start.damaged_staff),
            prepared.part,
            upcoming,
            caseload,
        );
        Ok(WorkstationStart::Opening {
            opening,
            caller,
            overview,
        })
    }

    /// Makes the drop of this service's store leave a start file for `today` beside
    /// the digest file it keeps ([`Store::leave_start_file_at_drop`]).
    pub fn leave_start_file_at_drop(&mut self, today: NaiveDate) {
        self.store.leave_start_file_at_drop(today, START_VISITS);
    }

    /// Closes the register for the next start on `today` or within the days after it:
    /// the digest file and the start file ([`Store::close_for_next_start`]). False if
    /// no file could be left.
    pub fn close_for_next_start(self, today: NaiveDate) -> Result<bool> {
        self.store.close_for_next_start(today, START_VISITS)
    }
}

impl Opening {
    /// The directory of the register being opened.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The alert windows the service will have.
    pub fn rules(&self) -> &AlertRules {
        &self.rules
    }

    /// Waits for the register and gives its service, which takes the digests judged for
    /// `overview` back from it for its own first Overview (the rest of `overview` stays
    /// as it was). The service uses them only if the opening vouches for the digest
    /// file they were judged from.
    pub fn finish(&mut self, overview: &mut Snapshot) -> Result<Service> {
        let mut service = self.join()?;
        let part = DigestPart {
            alerts: std::mem::take(&mut overview.alerts),
            alert_counts: std::mem::take(&mut overview.alert_counts),
            active: std::mem::take(&mut self.active),
            labels: std::mem::take(&mut overview.labels),
        };
        service.prepared = std::sync::Mutex::new(Some(Box::new(PreparedOverview {
            token: self.token,
            today: self.today,
            part,
        })));
        Ok(service)
    }

    /// The service over the opened register, without the judged digests.
    fn join(&mut self) -> Result<Service> {
        let thread = self
            .thread
            .take()
            .ok_or_else(|| StoreError::Io("the register was opened already".into()))?;
        let store = thread
            .join()
            .map_err(|_| StoreError::Io("the register's opening stopped".into()))??;
        Ok(Service::new(store, self.rules, self.caseload.0).with_caseload_margin(self.caseload.1))
    }
}

impl Drop for Opening {
    /// An opening left unfinished (the terminal could not be set up) still ends with the
    /// register closed as a run that only read closes it, not cut off at exit.
    fn drop(&mut self) {
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}
