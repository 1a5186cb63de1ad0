//! The client side of server mode: connect and say hello, typed calls that return the
//! service's own results, pushes on a channel fed by a reader thread, and reconnection
//! with a bounded backoff after the server went away. Nothing the caller holds (forms,
//! typed text, the last snapshot) is touched by a lost connection or a reconnect.

use std::collections::{BTreeMap, HashMap};
use std::io;
use std::os::unix::net::UnixStream;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::sync::{Arc, Mutex, MutexGuard};
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

use chrono::{NaiveDate, NaiveTime};
use thiserror::Error;

use super::protocol::{
    self, Call, ClientMsg, FrameError, Hello, PROTOCOL_VERSION, ProtocolError, Push, Refusal,
    Reply, Request, ServerMsg, Session, Welcome,
};
use crate::domain::audit::AuditEntry;
use crate::domain::lifecycle::Transition;
use crate::domain::visits::VisitWarning;
use crate::domain::{
    Assessment, Closure, Cooperation, CourtRequest, Family, Id, Member, Visit, WorkPlan,
};
use crate::report::export::{ExportLines, FamilyLine, VisitLine};
use crate::service::{CommandError, FamilyDetail, FamilyPart, Snapshot};
use crate::store::Versioned;
use crate::store::drafts::Draft;

/// How long a call waits for its response.
const CALL_TIMEOUT: Duration = Duration::from_secs(60);

/// First pause between reconnection attempts; it doubles up to [`BACKOFF_MAX`].
const BACKOFF_START: Duration = Duration::from_millis(50);

/// Longest pause between reconnection attempts.
const BACKOFF_MAX: Duration = Duration::from_secs(1);

/// How long [`Client::reconnect`] keeps trying by default.
pub const RECONNECT_FOR: Duration = Duration::from_secs(30);

/// Why the client could not connect or a call did not get through.
#[derive(Debug, Error)]
pub enum ClientError {
    /// Nothing answers on the socket (no file, or no server behind it).
    #[error("cannot connect to {path}: {source}")]
    Connect {
        /// The socket path.
        path: PathBuf,
        /// Underlying error.
        source: io::Error,
    },
    /// The server refused the hello.
    #[error("the server refused the connection: {0:?}")]
    Refused(Refusal),
    /// The server or the client broke the protocol.
    #[error(transparent)]
    Protocol(ProtocolError),
    /// The connection was lost; [`Client::reconnect`] tries again.
    #[error("the connection to the server was lost")]
    Disconnected,
    /// The server did not answer in time.
    #[error("the server did not answer within {0:?}")]
    Timeout(Duration),
    /// The server answered a call with a reply of another kind.
    #[error("unexpected reply from the server")]
    UnexpectedReply,
}

/// Why a call failed: the service refused it, or the connection failed.
#[derive(Debug, Error)]
pub enum CallError {
    /// The service's own refusal, the same as in embedded mode (`i18n::command_error`).
    #[error(transparent)]
    Command(#[from] CommandError),
    /// The connection failed.
    #[error(transparent)]
    Client(#[from] ClientError),
}

/// Something the client learns without asking.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    /// A push from the server.
    Push(Push),
    /// The connection was lost (after a `ServerClosing`, or without warning).
    Disconnected,
    /// [`Client::reconnect_in_background`] connected again.
    Reconnected,
    /// [`Client::reconnect_in_background`] was refused (an account disabled meanwhile,
    /// a server of another version) and stopped trying.
    Refused(Refusal),
}

/// Responses awaited, by request id; `None` once the connection is gone.
type Pending = Arc<Mutex<Option<HashMap<u64, Sender<Result<Reply, CommandError>>>>>>;

/// One live connection.
struct Connection {
    stream: UnixStream,
    writer: Mutex<UnixStream>,
    pending: Pending,
    reader: Option<JoinHandle<()>>,
}

impl Drop for Connection {
    fn drop(&mut self) {
        let _ = self.stream.shutdown(std::net::Shutdown::Both);
        if let Some(reader) = self.reader.take() {
            let _ = reader.join();
        }
    }
}

/// A connection to `asystent serve` on behalf of the Unix user running this process.
/// It is shared between threads (the workstation's input loop, its draft keeper and
/// its reconnecting thread): every method takes `&self`.
pub struct Client {
    socket: PathBuf,
    program: String,
    claimed_login: Option<String>,
    conn: Mutex<Arc<Connection>>,
    welcome: Mutex<Welcome>,
    next_id: AtomicU64,
    events_tx: Sender<Event>,
    events: Mutex<Receiver<Event>>,
    /// Set while a thread started by [`Client::reconnect_in_background`] runs.
    reconnecting: AtomicBool,
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

impl Client {
    /// Connects to the server on `socket` and says hello as `program` (e.g.
    /// [`super::program_version`]); the server identifies the Unix user.
    pub fn connect(socket: &Path, program: &str) -> Result<Client, ClientError> {
        Client::open(socket, program, None)
    }

    /// Connects claiming `login`: accepted only by a server started with
    /// `--trust-login-from-hello` (tests); any other server refuses it.
    pub fn connect_as(socket: &Path, program: &str, login: &str) -> Result<Client, ClientError> {
        Client::open(socket, program, Some(login.to_string()))
    }

    fn open(
        socket: &Path,
        program: &str,
        claimed_login: Option<String>,
    ) -> Result<Client, ClientError> {
        let (events_tx, events) = mpsc::channel();
        let (conn, welcome) = Connection::open(socket, program, &claimed_login, &events_tx)?;
        Ok(Client {
            socket: socket.to_path_buf(),
            program: program.to_string(),
            claimed_login,
            conn: Mutex::new(Arc::new(conn)),
            welcome: Mutex::new(welcome),
            next_id: AtomicU64::new(1),
            events_tx,
            events: Mutex::new(events),
            reconnecting: AtomicBool::new(false),
        })
    }

    /// What the server said at the latest hello: login, name, role, program version.
    pub fn welcome(&self) -> Welcome {
        lock(&self.welcome).clone()
    }

    /// The socket this client connects to.
    pub fn socket(&self) -> &Path {
        &self.socket
    }

    /// Pushes and the loss of the connection, in order of arrival; the same receiver
    /// keeps working after [`Client::reconnect`]. Hold the guard only briefly.
    pub fn events(&self) -> MutexGuard<'_, Receiver<Event>> {
        lock(&self.events)
    }

    /// True while the connection is up (as far as the client knows).
    pub fn is_connected(&self) -> bool {
        lock(&self.connection().pending).is_some()
    }

    fn connection(&self) -> Arc<Connection> {
        Arc::clone(&lock(&self.conn))
    }

    /// Connects again after a lost connection, retrying with a growing pause (50 ms
    /// doubling to 1 s) for up to [`RECONNECT_FOR`]. A refusal ends it at once.
    pub fn reconnect(&self) -> Result<(), ClientError> {
        self.reconnect_within(RECONNECT_FOR)
    }

    /// Starts a thread that reconnects (trying every [`BACKOFF_MAX`] at most, for as
    /// long as the client lives) and reports [`Event::Reconnected`], or
    /// [`Event::Refused`] if the server refuses. Nothing happens if such a
    /// thread already runs; calls meanwhile fail with [`ClientError::Disconnected`].
    pub fn reconnect_in_background(self: &Arc<Self>) {
        if self.reconnecting.swap(true, Ordering::SeqCst) {
            return;
        }
        let client = Arc::downgrade(self);
        let spawned = thread::Builder::new()
            .name("asystent-reconnect".into())
            .spawn(move || {
                loop {
                    // The workstation has ended when the client is gone.
                    let Some(client) = client.upgrade() else {
                        return;
                    };
                    match client.reconnect_within(BACKOFF_MAX * 5) {
                        Ok(()) => {
                            client.reconnecting.store(false, Ordering::SeqCst);
                            let _ = client.events_tx.send(Event::Reconnected);
                            return;
                        }
                        Err(ClientError::Refused(refusal)) if refusal != Refusal::ServerClosing => {
                            client.reconnecting.store(false, Ordering::SeqCst);
                            let _ = client.events_tx.send(Event::Refused(refusal));
                            return;
                        }
                        // Gone, starting, or not itself yet: keep trying.
                        Err(_) => {}
                    }
                }
            });
        if spawned.is_err() {
            self.reconnecting.store(false, Ordering::SeqCst);
        }
    }

    /// [`Client::reconnect`], trying for at most `limit`.
    pub fn reconnect_within(&self, limit: Duration) -> Result<(), ClientError> {
        let deadline = Instant::now() + limit;
        let mut pause = BACKOFF_START;
        loop {
            match Connection::open(
                &self.socket,
                &self.program,
                &self.claimed_login,
                &self.events_tx,
            ) {
                Ok((conn, welcome)) => {
                    // The old connection is dropped (and its reader joined) once the
                    // last call still holding it has returned.
                    *lock(&self.conn) = Arc::new(conn);
                    *lock(&self.welcome) = welcome;
                    return Ok(());
                }
                Err(e @ ClientError::Refused(Refusal::ServerClosing))
                | Err(e @ ClientError::Connect { .. })
                | Err(e @ ClientError::Disconnected)
                | Err(e @ ClientError::Timeout(_)) => {
                    if Instant::now() + pause > deadline {
                        return Err(e);
                    }
                    thread::sleep(pause);
                    pause = (pause * 2).min(BACKOFF_MAX);
                }
                Err(e) => return Err(e),
            }
        }
    }

    /// Sends a call and waits for its reply.
    pub fn call(&self, call: Call) -> Result<Reply, CallError> {
        let id = self.next_id.fetch_add(1, Ordering::Relaxed);
        let (tx, rx) = mpsc::channel();
        let conn = self.connection();
        match lock(&conn.pending).as_mut() {
            Some(pending) => pending.insert(id, tx),
            None => return Err(ClientError::Disconnected.into()),
        };
        let sent = {
            let mut writer = lock(&conn.writer);
            protocol::write_frame(&mut *writer, &ClientMsg::Request(Request { id, call }))
        };
        if let Err(e) = sent {
            if let Some(p) = lock(&conn.pending).as_mut() {
                p.remove(&id);
            }
            return Err(match e {
                FrameError::Protocol(p) => ClientError::Protocol(p),
                _ => ClientError::Disconnected,
            }
            .into());
        }
        match rx.recv_timeout(CALL_TIMEOUT) {
            Ok(result) => Ok(result?),
            Err(RecvTimeoutError::Timeout) => {
                if let Some(p) = lock(&conn.pending).as_mut() {
                    p.remove(&id);
                }
                Err(ClientError::Timeout(CALL_TIMEOUT).into())
            }
            Err(RecvTimeoutError::Disconnected) => Err(ClientError::Disconnected.into()),
        }
    }

    /// A round trip that does nothing.
    pub fn ping(&self) -> Result<(), CallError> {
        match self.call(Call::Ping)? {
            Reply::Pong => Ok(()),
            _ => Err(ClientError::UnexpectedReply.into()),
        }
    }

    /// The register, alerts and caseloads the caller sees on `today`.
    pub fn snapshot(&self, today: NaiveDate) -> Result<Snapshot, CallError> {
        match self.call(Call::Snapshot { today })? {
            Reply::Snapshot(s) => Ok(*s),
            _ => Err(ClientError::UnexpectedReply.into()),
        }
    }

    /// What the first Overview shows on `today`, if the caller sees the whole office.
    pub fn overview_snapshot(&self, today: NaiveDate) -> Result<Option<Snapshot>, CallError> {
        match self.call(Call::OverviewSnapshot { today })? {
            Reply::OverviewSnapshot(s) => Ok(s.map(|s| *s)),
            _ => Err(ClientError::UnexpectedReply.into()),
        }
    }

    /// Who the connection is on `today`, and the server's rules.
    pub fn session(&self, today: NaiveDate) -> Result<Session, CallError> {
        match self.call(Call::Session { today })? {
            Reply::Session(s) => Ok(*s),
            _ => Err(ClientError::UnexpectedReply.into()),
        }
    }

    /// One family's part of the snapshot on `today`, if the caller sees the family.
    pub fn family_part(&self, id: Id, today: NaiveDate) -> Result<Option<FamilyPart>, CallError> {
        match self.call(Call::FamilyPart { id, today })? {
            Reply::FamilyPart(p) => Ok(p.map(|p| *p)),
            _ => Err(ClientError::UnexpectedReply.into()),
        }
    }

    /// Everything about one family, if the caller may see it (the view is audited).
    pub fn family_detail(&self, id: Id) -> Result<Option<FamilyDetail>, CallError> {
        match self.call(Call::FamilyDetail { id })? {
            Reply::FamilyDetail(d) => Ok(d.map(|d| *d)),
            _ => Err(ClientError::UnexpectedReply.into()),
        }
    }

    /// Visits from `from` to `to` (inclusive) of every family the caller sees.
    pub fn visits_between(&self, from: NaiveDate, to: NaiveDate) -> Result<Vec<Visit>, CallError> {
        match self.call(Call::VisitsBetween { from, to })? {
            Reply::Visits(v) => Ok(v),
            _ => Err(ClientError::UnexpectedReply.into()),
        }
    }

    /// Books a visit (`expected_rev` None) or saves its outcome and record.
    pub fn save_visit(
        &self,
        visit: Visit,
        expected_rev: Option<u64>,
    ) -> Result<Versioned<Visit>, CallError> {
        match self.call(Call::SaveVisit {
            visit,
            expected_rev,
        })? {
            Reply::Visit(v) => Ok(v),
            _ => Err(ClientError::UnexpectedReply.into()),
        }
    }

    /// Adds (`expected_rev` None) or saves a member of a family.
    pub fn save_member(
        &self,
        member: Member,
        expected_rev: Option<u64>,
        today: NaiveDate,
    ) -> Result<Versioned<Member>, CallError> {
        match self.call(Call::SaveMember {
            member,
            expected_rev,
            today,
        })? {
            Reply::Member(m) => Ok(m),
            _ => Err(ClientError::UnexpectedReply.into()),
        }
    }

    /// Registers (`expected_rev` None) or saves a family.
    pub fn save_family(
        &self,
        family: Family,
        expected_rev: Option<u64>,
        today: NaiveDate,
    ) -> Result<Versioned<Family>, CallError> {
        match self.call(Call::SaveFamily {
            family,
            expected_rev,
            today,
        })? {
            Reply::Family(f) => Ok(f),
            _ => Err(ClientError::UnexpectedReply.into()),
        }
    }

    /// Changes a family's status.
    pub fn change_status(
        &self,
        id: Id,
        expected_rev: u64,
        transition: Transition,
        date: NaiveDate,
        closure: Option<Closure>,
        today: NaiveDate,
    ) -> Result<Versioned<Family>, CallError> {
        match self.call(Call::ChangeStatus {
            id,
            expected_rev,
            transition,
            date,
            closure,
            today,
        })? {
            Reply::Family(f) => Ok(f),
            _ => Err(ClientError::UnexpectedReply.into()),
        }
    }

    /// The audit log (a supervisor only), each filter optional.
    pub fn audit_log(
        &self,
        family: Option<Id>,
        login: Option<&str>,
        since: Option<NaiveDate>,
    ) -> Result<Vec<AuditEntry>, CallError> {
        match self.call(Call::AuditLog {
            family,
            login: login.map(str::to_string),
            since,
        })? {
            Reply::Audit(a) => Ok(a),
            _ => Err(ClientError::UnexpectedReply.into()),
        }
    }

    /// Who last created or changed record `id` of store tree `tree`, and when.
    pub fn last_change(&self, tree: &str, id: Id) -> Result<Option<AuditEntry>, CallError> {
        match self.call(Call::LastChange {
            tree: tree.to_string(),
            id,
        })? {
            Reply::LastChange(e) => Ok(e),
            _ => Err(ClientError::UnexpectedReply.into()),
        }
    }

    /// Saves a family's plan: a first plan (`expected_rev` None) or an edit of the current one.
    pub fn save_plan(
        &self,
        plan: WorkPlan,
        expected_rev: Option<u64>,
        today: NaiveDate,
    ) -> Result<Versioned<WorkPlan>, CallError> {
        match self.call(Call::SavePlan {
            plan,
            expected_rev,
            today,
        })? {
            Reply::Plan(p) => Ok(p),
            _ => Err(ClientError::UnexpectedReply.into()),
        }
    }

    /// Starts version N+1 from the current plan; the current one becomes history.
    pub fn new_plan_version(
        &self,
        current_id: Id,
        family_id: Id,
        expected_rev: u64,
        today: NaiveDate,
    ) -> Result<Versioned<WorkPlan>, CallError> {
        match self.call(Call::NewPlanVersion {
            current_id,
            family_id,
            expected_rev,
            today,
        })? {
            Reply::Plan(p) => Ok(p),
            _ => Err(ClientError::UnexpectedReply.into()),
        }
    }

    /// Records a periodic assessment (`expected_rev` None) or corrects the newest one.
    pub fn save_assessment(
        &self,
        assessment: Assessment,
        expected_rev: Option<u64>,
        today: NaiveDate,
    ) -> Result<Versioned<Assessment>, CallError> {
        match self.call(Call::SaveAssessment {
            assessment,
            expected_rev,
            today,
        })? {
            Reply::Assessment(a) => Ok(a),
            _ => Err(ClientError::UnexpectedReply.into()),
        }
    }

    /// The family's newest periodic assessment, if any and if the caller sees the family.
    pub fn newest_assessment(
        &self,
        family_id: Id,
    ) -> Result<Option<Versioned<Assessment>>, CallError> {
        match self.call(Call::NewestAssessment { family_id })? {
            Reply::NewestAssessment(a) => Ok(a),
            _ => Err(ClientError::UnexpectedReply.into()),
        }
    }

    /// Registers (`expected_rev` None) or saves a court's request for an opinion.
    pub fn save_court_request(
        &self,
        request: CourtRequest,
        expected_rev: Option<u64>,
        today: NaiveDate,
    ) -> Result<Versioned<CourtRequest>, CallError> {
        match self.call(Call::SaveCourtRequest {
            request,
            expected_rev,
            today,
        })? {
            Reply::CourtRequest(r) => Ok(r),
            _ => Err(ClientError::UnexpectedReply.into()),
        }
    }

    /// Adds (`expected_rev` None) or saves an entry of a family's cooperation log.
    pub fn save_cooperation(
        &self,
        entry: Cooperation,
        expected_rev: Option<u64>,
        today: NaiveDate,
    ) -> Result<Versioned<Cooperation>, CallError> {
        match self.call(Call::SaveCooperation {
            entry,
            expected_rev,
            today,
        })? {
            Reply::Cooperation(c) => Ok(c),
            _ => Err(ClientError::UnexpectedReply.into()),
        }
    }

    /// Removes a member added by mistake.
    pub fn remove_member(&self, member: &Member, expected_rev: u64) -> Result<(), CallError> {
        match self.call(Call::RemoveMember {
            member: member.clone(),
            expected_rev,
        })? {
            Reply::Done => Ok(()),
            _ => Err(ClientError::UnexpectedReply.into()),
        }
    }

    /// Deletes a family registered by mistake, with its members.
    pub fn delete_family(&self, id: Id, expected_rev: u64) -> Result<(), CallError> {
        match self.call(Call::DeleteFamily { id, expected_rev })? {
            Reply::Done => Ok(()),
            _ => Err(ClientError::UnexpectedReply.into()),
        }
    }

    /// The next free case number for a family registered on `today`.
    pub fn suggest_case_number(&self, today: NaiveDate) -> Result<String, CallError> {
        match self.call(Call::SuggestCaseNumber { today })? {
            Reply::CaseNumber(n) => Ok(n),
            _ => Err(ClientError::UnexpectedReply.into()),
        }
    }

    /// The visit with its revision, if the caller sees its family.
    pub fn visit(&self, id: Id) -> Result<Option<Versioned<Visit>>, CallError> {
        match self.call(Call::Visit { id })? {
            Reply::MaybeVisit(v) => Ok(v),
            _ => Err(ClientError::UnexpectedReply.into()),
        }
    }

    /// What deserves a warning before `visit` is booked (refused for a family the caller does not see).
    pub fn visit_warnings(&self, visit: &Visit) -> Result<Vec<VisitWarning>, CallError> {
        match self.call(Call::VisitWarnings {
            visit: visit.clone(),
        })? {
            Reply::VisitWarnings(w) => Ok(w),
            _ => Err(ClientError::UnexpectedReply.into()),
        }
    }

    /// Moves a planned visit to another date and time.
    pub fn reschedule_visit(
        &self,
        id: Id,
        expected_rev: u64,
        date: NaiveDate,
        time: NaiveTime,
        today: NaiveDate,
    ) -> Result<Versioned<Visit>, CallError> {
        match self.call(Call::RescheduleVisit {
            id,
            expected_rev,
            date,
            time,
            today,
        })? {
            Reply::Visit(v) => Ok(v),
            _ => Err(ClientError::UnexpectedReply.into()),
        }
    }

    /// Calls a planned visit off.
    pub fn cancel_visit(
        &self,
        id: Id,
        expected_rev: u64,
        today: NaiveDate,
    ) -> Result<Versioned<Visit>, CallError> {
        match self.call(Call::CancelVisit {
            id,
            expected_rev,
            today,
        })? {
            Reply::Visit(v) => Ok(v),
            _ => Err(ClientError::UnexpectedReply.into()),
        }
    }

    /// Day and length of every held visit of `assistant` from `from` to `to` the caller sees.
    pub fn held_visits(
        &self,
        assistant: Id,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Vec<(NaiveDate, u16)>, CallError> {
        match self.call(Call::HeldVisits {
            assistant,
            from,
            to,
        })? {
            Reply::HeldVisits(h) => Ok(h),
            _ => Err(ClientError::UnexpectedReply.into()),
        }
    }

    /// Visits per day from `from` to `to` of every family the caller sees.
    pub fn visit_counts(
        &self,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<BTreeMap<NaiveDate, u32>, CallError> {
        match self.call(Call::VisitCounts { from, to })? {
            Reply::VisitCounts(c) => Ok(c),
            _ => Err(ClientError::UnexpectedReply.into()),
        }
    }

    /// Visits per day and starting hour from `from` to `to` of every family the caller sees.
    pub fn hour_counts(
        &self,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<BTreeMap<(NaiveDate, u8), u32>, CallError> {
        match self.call(Call::HourCounts { from, to })? {
            Reply::HourCounts(c) => Ok(c),
            _ => Err(ClientError::UnexpectedReply.into()),
        }
    }

    /// The first `limit` visits from `from` to `to` of every family the caller sees, by
    /// date and time.
    pub fn first_visits_between(
        &self,
        from: NaiveDate,
        to: NaiveDate,
        limit: usize,
    ) -> Result<Vec<Visit>, CallError> {
        let limit = u32::try_from(limit).unwrap_or(u32::MAX);
        match self.call(Call::FirstVisitsBetween { from, to, limit })? {
            Reply::Visits(v) => Ok(v),
            _ => Err(ClientError::UnexpectedReply.into()),
        }
    }

    /// The id of the family with this case number, if the caller sees it.
    pub fn find_case(&self, case_number: &str) -> Result<Option<Id>, CallError> {
        match self.call(Call::FindCase {
            case_number: case_number.to_string(),
        })? {
            Reply::FoundCase(id) => Ok(id),
            _ => Err(ClientError::UnexpectedReply.into()),
        }
    }

    /// The name of a staff account, if there is one with that id.
    pub fn staff_name(&self, id: Id) -> Result<Option<String>, CallError> {
        match self.call(Call::StaffName { id })? {
            Reply::StaffName(n) => Ok(n),
            _ => Err(ClientError::UnexpectedReply.into()),
        }
    }

    /// The connection's login's draft of the form `key`, if one was kept.
    pub fn draft(&self, key: &str) -> Result<Option<Draft>, CallError> {
        match self.call(Call::Draft {
            key: key.to_string(),
        })? {
            Reply::Draft(d) => Ok(d),
            _ => Err(ClientError::UnexpectedReply.into()),
        }
    }

    /// Keeps the connection's login's draft of the form `key`.
    pub fn keep_draft(&self, key: &str, draft: &Draft) -> Result<(), CallError> {
        match self.call(Call::KeepDraft {
            key: key.to_string(),
            draft: draft.clone(),
        })? {
            Reply::Done => Ok(()),
            _ => Err(ClientError::UnexpectedReply.into()),
        }
    }

    /// Forgets the connection's login's draft of the form `key`.
    pub fn discard_draft(&self, key: &str) -> Result<(), CallError> {
        match self.call(Call::DiscardDraft {
            key: key.to_string(),
        })? {
            Reply::Done => Ok(()),
            _ => Err(ClientError::UnexpectedReply.into()),
        }
    }

    /// Every staff account (an administrator or a supervisor, or the first set-up).
    pub fn staff_accounts(&self) -> Result<Vec<crate::domain::Staff>, CallError> {
        match self.call(Call::StaffAccounts)? {
            Reply::StaffList(s) => Ok(s),
            _ => Err(ClientError::UnexpectedReply.into()),
        }
    }

    /// Adds an account for `login` (an administrator, or the first set-up).
    pub fn add_staff(
        &self,
        login: &str,
        name: &str,
        role: crate::domain::Role,
    ) -> Result<crate::domain::Staff, CallError> {
        match self.call(Call::AddStaff {
            login: login.to_string(),
            name: name.to_string(),
            role,
        })? {
            Reply::Staff(s) => Ok(s),
            _ => Err(ClientError::UnexpectedReply.into()),
        }
    }

    /// Disables the account of `login` (an administrator); its history stays.
    pub fn disable_staff(&self, login: &str) -> Result<crate::domain::Staff, CallError> {
        match self.call(Call::DisableStaff {
            login: login.to_string(),
        })? {
            Reply::Staff(s) => Ok(s),
            _ => Err(ClientError::UnexpectedReply.into()),
        }
    }

    /// Lets the assistant `substitute` work with the families of `absent` from `from` to
    /// `to` (a supervisor); gives the substitute's account. `today` is sent, but the
    /// server judges which stand-ins are over by its own date.
    pub fn grant_stand_in(
        &self,
        substitute: &str,
        absent: &str,
        from: NaiveDate,
        to: NaiveDate,
        today: NaiveDate,
    ) -> Result<crate::domain::Staff, CallError> {
        match self.call(Call::GrantStandIn {
            substitute: substitute.to_string(),
            absent: absent.to_string(),
            from,
            to,
            today,
        })? {
            Reply::Staff(s) => Ok(s),
            _ => Err(ClientError::UnexpectedReply.into()),
        }
    }

    /// Enters a print or an export the client made into the audit log (flushed).
    pub fn audit(
        &self,
        action: crate::domain::audit::AuditAction,
        family: Option<Id>,
        what: &str,
    ) -> Result<(), CallError> {
        match self.call(Call::Audit {
            action,
            family,
            what: what.to_string(),
        })? {
            Reply::Done => Ok(()),
            _ => Err(ClientError::UnexpectedReply.into()),
        }
    }

    /// The half-year report by `definition` from `from` to `to` (a supervisor only).
    pub fn report(
        &self,
        definition: &crate::report::ReportDefinition,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<crate::report::Report, CallError> {
        match self.call(Call::Report {
            definition: Box::new(definition.clone()),
            from,
            to,
        })? {
            Reply::Report(r) => Ok(*r),
            _ => Err(ClientError::UnexpectedReply.into()),
        }
    }

    /// One line per family on the register from `from` to `to` (a supervisor only).
    pub fn export_families(
        &self,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<ExportLines<FamilyLine>, CallError> {
        match self.call(Call::ExportFamilies { from, to })? {
            Reply::ExportFamilies(e) => Ok(e),
            _ => Err(ClientError::UnexpectedReply.into()),
        }
    }

    /// One line per visit dated from `from` to `to` (a supervisor only).
    pub fn export_visits(
        &self,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<ExportLines<VisitLine>, CallError> {
        match self.call(Call::ExportVisits { from, to })? {
            Reply::ExportVisits(e) => Ok(e),
            _ => Err(ClientError::UnexpectedReply.into()),
        }
    }
}

impl Connection {
    /// Connects, says hello, waits for the answer and starts the reader thread.
    fn open(
        socket: &Path,
        program: &str,
        claimed_login: &Option<String>,
        events: &Sender<Event>,
    ) -> Result<(Connection, Welcome), ClientError> {
        let stream = UnixStream::connect(socket).map_err(|source| ClientError::Connect {
            path: socket.to_path_buf(),
            source,
        })?;
        let hello = ClientMsg::Hello(Hello {
            protocol: PROTOCOL_VERSION,
            program: program.to_string(),
            claimed_login: claimed_login.clone(),
        });
        let mut io = &stream;
        protocol::write_frame(&mut io, &hello).map_err(|_| ClientError::Disconnected)?;
        let _ = stream.set_read_timeout(Some(CALL_TIMEOUT));
        let welcome = match protocol::read_frame::<ServerMsg>(&mut io) {
            Ok(ServerMsg::Welcome(w)) => w,
            Ok(ServerMsg::Refused(r)) => return Err(ClientError::Refused(r)),
            Ok(ServerMsg::ProtocolError(e)) => return Err(ClientError::Protocol(e)),
            Ok(_) => return Err(ClientError::UnexpectedReply),
            Err(FrameError::Protocol(e)) => return Err(ClientError::Protocol(e)),
            Err(FrameError::Io(e))
                if matches!(
                    e.kind(),
                    io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut
                ) =>
            {
                return Err(ClientError::Timeout(CALL_TIMEOUT));
            }
            Err(_) => return Err(ClientError::Disconnected),
        };
        let _ = stream.set_read_timeout(None);
        let pending: Pending = Arc::new(Mutex::new(Some(HashMap::new())));
        let input = stream.try_clone().map_err(|_| ClientError::Disconnected)?;
        let writer = stream.try_clone().map_err(|_| ClientError::Disconnected)?;
        let reader = {
            let pending = pending.clone();
            let events = events.clone();
            thread::Builder::new()
                .name("asystent-client".into())
                .spawn(move || read_loop(input, &pending, &events))
                .map_err(|_| ClientError::Disconnected)?
        };
        Ok((
            Connection {
                stream,
                writer: Mutex::new(writer),
                pending,
                reader: Some(reader),
            },
            welcome,
        ))
    }
}

/// Hands responses to their callers and pushes to the event channel until the
/// connection ends; then fails every waiting call and reports the loss once.
fn read_loop(mut input: UnixStream, pending: &Pending, events: &Sender<Event>) {
    loop {
        match protocol::read_frame::<ServerMsg>(&mut input) {
            Ok(ServerMsg::Response(r)) => {
                let waiting = lock(pending).as_mut().and_then(|p| p.remove(&r.id));
                if let Some(tx) = waiting {
                    let _ = tx.send(r.result);
                }
            }
            Ok(ServerMsg::Push(p)) => {
                let _ = events.send(Event::Push(p));
            }
            Ok(_) | Err(_) => break,
        }
    }
    // Dropping the senders wakes every waiting call with `Disconnected`.
    lock(pending).take();
    let _ = events.send(Event::Disconnected);
}
