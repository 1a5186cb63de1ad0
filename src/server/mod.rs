//! Server mode: one process owns the database and offers the service API on a Unix
//! socket (`asystent serve`); staff programs attach with [`client::Client`].
//! One thread per connection reads requests and runs them through the one [`Service`]
//! with the caller derived from the connection (peer credentials), never from the
//! request; a writer thread per connection sends responses and pushes. Saves run one at
//! a time (reads run side by side), and after each successful save every other client
//! gets [`Push::Changed`]. The server's own Unix user may connect without an account
//! while no active administrator exists, for its session and the staff calls only (the
//! first set-up).
//! See docs/ARCHITECTURE.md for the protocol.

pub mod client;
pub mod peer;
pub mod protocol;

use std::collections::HashMap;
use std::io;
use std::os::unix::fs::{FileTypeExt, MetadataExt, PermissionsExt};
use std::os::unix::net::{UnixListener, UnixStream};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::mpsc::{self, Receiver, SyncSender, TrySendError};
use std::sync::{Arc, Mutex, MutexGuard};
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use thiserror::Error;

use crate::domain::audit::{AuditAction, CLIENT_ENTITY_MAX};
use crate::domain::{Id, Role, validate};
use crate::service::{Caller, CommandError, Service};
use crate::store::StoreError;
use protocol::{
    Call, ClientMsg, FrameError, Hello, PROTOCOL_VERSION, ProtocolError, Push, Refusal, Reply,
    Request, Response, ServerMsg, Session, Welcome,
};

/// Name of the socket file beside the database directory.
pub const SOCKET_FILE_NAME: &str = "asystent.sock";

/// Mode of the socket file: the server's user and group (the staff group) may connect.
pub const SOCKET_MODE: u32 = 0o660;

/// How long a new connection may take to send its hello.
const HELLO_TIMEOUT: Duration = Duration::from_secs(10);

/// How long a write to a client may block before the client counts as gone.
const WRITE_TIMEOUT: Duration = Duration::from_secs(10);

/// Messages queued for one client; a client that lets this many pile up is cut off
/// (it reconnects and reads afresh).
const QUEUE: usize = 1024;

/// How often the accept loop looks for a stop request.
const ACCEPT_POLL: Duration = Duration::from_millis(10);

/// How long clients get to read `ServerClosing` before their connections are cut.
const CLOSING_GRACE: Duration = Duration::from_secs(2);

/// Overdue alerts, and as many others, that a supervisor's first Overview is sent
/// (more than a terminal has rows); the rest are counted, and the whole register
/// follows at once.
pub const FIRST_FRAME_ALERTS: usize = 256;

/// The default socket of a database directory: `asystent.sock` beside it.
pub fn default_socket(db: &Path) -> PathBuf {
    match db.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.join(SOCKET_FILE_NAME),
        _ => PathBuf::from(SOCKET_FILE_NAME),
    }
}

/// Where the login of a connection comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Identity {
    /// The Unix user of the connecting process (`SO_PEERCRED`): the only safe choice.
    PeerCredentials,
    /// The login the hello claims, else the peer's. For tests only: anyone who can
    /// reach the socket can act as anyone (`asystent serve --trust-login-from-hello`).
    TrustClaimedLogin,
}

/// How a server runs.
pub struct ServerOptions {
    /// The socket path.
    pub socket: PathBuf,
    /// Where logins come from.
    pub identity: Identity,
    /// The server's date, for stand-ins (never the client's).
    pub today: Box<dyn Fn() -> NaiveDate + Send + Sync>,
    /// The program version told to clients.
    pub program: String,
    /// Overdue alerts, and as many others, sent in a supervisor's first Overview.
    pub first_frame_alerts: usize,
}

impl ServerOptions {
    /// Peer credentials, the system clock and this program's version on `socket`.
    pub fn new(socket: PathBuf) -> ServerOptions {
        ServerOptions {
            socket,
            identity: Identity::PeerCredentials,
            today: Box::new(|| chrono::Local::now().date_naive()),
            program: program_version(),
            first_frame_alerts: FIRST_FRAME_ALERTS,
        }
    }
}

/// This program's name and version, as the hello carries it.
pub fn program_version() -> String {
    format!("asystent {}", env!("CARGO_PKG_VERSION"))
}

/// Why the server could not start or stopped with an error.
#[derive(Debug, Error)]
pub enum ServeError {
    /// A live server already answers on the socket.
    #[error("another server answers on {0}")]
    SocketInUse(PathBuf),
    /// Something that is not a socket is in the way.
    #[error("{0} exists and is not a socket")]
    NotASocket(PathBuf),
    /// The socket could not be created or prepared.
    #[error("cannot use socket {path}: {source}")]
    Socket {
        /// The socket path.
        path: PathBuf,
        /// Underlying error.
        source: io::Error,
    },
    /// The final flush failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Who a connection acts as, settled at hello.
struct Greeted {
    /// The login every call runs as.
    login: String,
    /// The server's own user without an account, welcomed for the first set-up: its
    /// session and the staff calls only.
    setup: bool,
}

/// One connected client as the server keeps it.
struct Conn {
    /// A handle on the socket, to cut the connection.
    stream: UnixStream,
    /// The client's outgoing queue, once the hello succeeded.
    tx: Option<SyncSender<ServerMsg>>,
}

/// What the connection threads share.
struct Shared {
    service: Service,
    options: ServerOptions,
    conns: Mutex<HashMap<u64, Conn>>,
    closing: Arc<AtomicBool>,
    /// Held for every save, so that saves run one at a time.
    writes: Mutex<()>,
}

impl Shared {
    fn conns(&self) -> MutexGuard<'_, HashMap<u64, Conn>> {
        // A connection thread that panicked leaves the map usable.
        self.conns.lock().unwrap_or_else(|p| p.into_inner())
    }
}

/// A way to stop a running server from another thread (a signal handler's).
#[derive(Clone)]
pub struct ServerHandle {
    closing: Arc<AtomicBool>,
}

impl ServerHandle {
    /// Asks the server to stop: it stops accepting, tells clients, flushes and returns.
    pub fn shutdown(&self) {
        self.closing.store(true, Ordering::SeqCst);
    }
}

/// A bound server, ready to run.
pub struct Server {
    shared: Arc<Shared>,
    listener: UnixListener,
    /// Device and inode of our socket file, so that only our own file is removed.
    socket_id: (u64, u64),
}

impl Server {
    /// Prepares the socket: a stale file (nobody answers) is removed, a live server's
    /// socket is left alone and refused; the new socket gets mode 0660.
    pub fn bind(service: Service, options: ServerOptions) -> Result<Server, ServeError> {
        let path = options.socket.clone();
        let socket_error = |source: io::Error| ServeError::Socket {
            path: path.clone(),
            source,
        };
        if let Ok(meta) = std::fs::symlink_metadata(&path) {
            if !meta.file_type().is_socket() {
                return Err(ServeError::NotASocket(path));
            }
            match UnixStream::connect(&path) {
                Ok(_) => return Err(ServeError::SocketInUse(path)),
                Err(e) if e.kind() == io::ErrorKind::ConnectionRefused => {
                    std::fs::remove_file(&path).map_err(socket_error)?;
                }
                Err(e) if e.kind() == io::ErrorKind::NotFound => {}
                Err(e) => return Err(socket_error(e)),
            }
        }
        let listener = UnixListener::bind(&path).map_err(socket_error)?;
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(SOCKET_MODE))
            .map_err(socket_error)?;
        let meta = std::fs::metadata(&path).map_err(socket_error)?;
        listener.set_nonblocking(true).map_err(socket_error)?;
        Ok(Server {
            shared: Arc::new(Shared {
                service,
                options,
                conns: Mutex::new(HashMap::new()),
                closing: Arc::new(AtomicBool::new(false)),
                writes: Mutex::new(()),
            }),
            listener,
            socket_id: (meta.dev(), meta.ino()),
        })
    }

    /// A handle that stops the server.
    pub fn handle(&self) -> ServerHandle {
        ServerHandle {
            closing: self.shared.closing.clone(),
        }
    }

    /// The socket path.
    pub fn socket(&self) -> &Path {
        &self.shared.options.socket
    }

    /// Accepts and serves clients until [`ServerHandle::shutdown`]; then tells every
    /// client, waits for the running calls, flushes the store, removes the socket file
    /// and gives the service back.
    pub fn run(self) -> Result<Service, ServeError> {
        let Server {
            shared,
            listener,
            socket_id,
        } = self;
        let next_id = AtomicU64::new(1);
        let mut threads: Vec<JoinHandle<()>> = Vec::new();
        while !shared.closing.load(Ordering::SeqCst) {
            match listener.accept() {
                Ok((stream, _)) => {
                    let id = next_id.fetch_add(1, Ordering::Relaxed);
                    let Ok(handle) = stream.try_clone() else {
                        continue;
                    };
                    shared.conns().insert(
                        id,
                        Conn {
                            stream: handle,
                            tx: None,
                        },
                    );
                    let theirs = shared.clone();
                    let spawned = thread::Builder::new()
                        .name(format!("client-{id}"))
                        .spawn(move || serve_connection(&theirs, stream, id));
                    match spawned {
                        Ok(t) => threads.push(t),
                        Err(_) => {
                            if let Some(conn) = shared.conns().remove(&id) {
                                let _ = conn.stream.shutdown(std::net::Shutdown::Both);
                            }
                        }
                    }
                    threads.retain(|t| !t.is_finished());
                }
                Err(e) if e.kind() == io::ErrorKind::WouldBlock => thread::sleep(ACCEPT_POLL),
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                // Out of file descriptors and the like: wait and try again.
                Err(_) => thread::sleep(ACCEPT_POLL),
            }
        }
        drop(listener);
        // No save runs from here on: a call that comes late is answered by a closed
        // connection, never acknowledged.
        let writes = shared.writes.lock().unwrap_or_else(|p| p.into_inner());
        for conn in shared.conns().values() {
            match &conn.tx {
                Some(tx) => {
                    if tx.try_send(ServerMsg::Push(Push::ServerClosing)).is_err() {
                        let _ = conn.stream.shutdown(std::net::Shutdown::Both);
                    }
                }
                // Still in its hello: nothing to tell.
                None => {
                    let _ = conn.stream.shutdown(std::net::Shutdown::Both);
                }
            }
        }
        let deadline = Instant::now() + CLOSING_GRACE;
        while threads.iter().any(|t| !t.is_finished()) && Instant::now() < deadline {
            thread::sleep(ACCEPT_POLL);
        }
        for conn in shared.conns().values() {
            let _ = conn.stream.shutdown(std::net::Shutdown::Both);
        }
        drop(writes);
        for t in threads {
            let _ = t.join();
        }
        let flushed = shared.service.flush();
        remove_own_socket(&shared.options.socket, socket_id);
        flushed?;
        let shared = Arc::try_unwrap(shared).map_err(|_| {
            ServeError::Store(StoreError::Io(
                "a connection thread is still running".into(),
            ))
        })?;
        Ok(shared.service)
    }
}

/// Removes the socket file if it is still the one we created.
fn remove_own_socket(path: &Path, (dev, ino): (u64, u64)) {
    if let Ok(meta) = std::fs::symlink_metadata(path)
        && meta.dev() == dev
        && meta.ino() == ino
    {
        let _ = std::fs::remove_file(path);
    }
}

/// Serves one connection from hello to close.
fn serve_connection(shared: &Shared, stream: UnixStream, id: u64) {
    let greeted = match greet(shared, &stream) {
        Ok(greeted) => greeted,
        Err(()) => {
            shared.conns().remove(&id);
            let _ = stream.shutdown(std::net::Shutdown::Both);
            return;
        }
    };
    let (tx, rx) = mpsc::sync_channel::<ServerMsg>(QUEUE);
    let writer = match stream.try_clone().and_then(|out| {
        thread::Builder::new()
            .name(format!("client-{id}-out"))
            .spawn(move || write_loop(out, rx))
    }) {
        Ok(w) => w,
        Err(_) => {
            shared.conns().remove(&id);
            let _ = stream.shutdown(std::net::Shutdown::Both);
            return;
        }
    };
    {
        let mut conns = shared.conns();
        if let Some(conn) = conns.get_mut(&id) {
            conn.tx = Some(tx.clone());
        }
        // The server started closing during the hello.
        if shared.closing.load(Ordering::SeqCst) {
            let _ = tx.try_send(ServerMsg::Push(Push::ServerClosing));
        }
    }
    let _ = stream.set_read_timeout(None);
    let mut input = &stream;
    loop {
        match protocol::read_frame::<ClientMsg>(&mut input) {
            Ok(ClientMsg::Request(request)) => {
                let Some(response) = answer(shared, &greeted, id, request) else {
                    break;
                };
                if tx.send(ServerMsg::Response(response)).is_err() {
                    break;
                }
            }
            Ok(ClientMsg::Hello(_)) => {
                let _ = tx.send(ServerMsg::ProtocolError(ProtocolError::HelloTwice));
                break;
            }
            Err(FrameError::Protocol(e)) => {
                let _ = tx.send(ServerMsg::ProtocolError(e));
                break;
            }
            Err(_) => break,
        }
    }
    shared.conns().remove(&id);
    drop(tx);
    // The writer sends what is queued (a protocol error, say) and ends.
    let _ = writer.join();
    let _ = stream.shutdown(std::net::Shutdown::Both);
}

/// Writes queued messages until the queue closes, a write fails, or `ServerClosing`
/// is sent (after which the connection is closed).
fn write_loop(mut out: UnixStream, rx: Receiver<ServerMsg>) {
    let _ = out.set_write_timeout(Some(WRITE_TIMEOUT));
    for msg in rx {
        let last = matches!(msg, ServerMsg::Push(Push::ServerClosing));
        if protocol::write_frame(&mut out, &msg).is_err() {
            let _ = out.shutdown(std::net::Shutdown::Both);
            return;
        }
        if last {
            let _ = out.shutdown(std::net::Shutdown::Both);
            return;
        }
    }
}

/// Reads the hello and settles identity; answers Welcome (and gives who connected) or a
/// refusal or protocol error (and gives up).
fn greet(shared: &Shared, stream: &UnixStream) -> Result<Greeted, ()> {
    let _ = stream.set_read_timeout(Some(HELLO_TIMEOUT));
    let _ = stream.set_write_timeout(Some(WRITE_TIMEOUT));
    let mut io = stream;
    let send = |msg: ServerMsg| {
        let mut out = stream;
        let _ = protocol::write_frame(&mut out, &msg);
    };
    let hello: Hello = match protocol::read_frame::<ClientMsg>(&mut io) {
        Ok(ClientMsg::Hello(hello)) => hello,
        Ok(ClientMsg::Request(_)) => {
            send(ServerMsg::ProtocolError(ProtocolError::ExpectedHello));
            return Err(());
        }
        Err(FrameError::Protocol(e)) => {
            send(ServerMsg::ProtocolError(e));
            return Err(());
        }
        Err(_) => return Err(()),
    };
    let refuse = |refusal: Refusal| {
        send(ServerMsg::Refused(refusal));
        Err(())
    };
    if hello.protocol != PROTOCOL_VERSION {
        return refuse(Refusal::ProtocolMismatch {
            server: PROTOCOL_VERSION,
            client: hello.protocol,
            server_program: shared.options.program.clone(),
        });
    }
    if shared.closing.load(Ordering::SeqCst) {
        return refuse(Refusal::ServerClosing);
    }
    // `own_user`: the connection is the server's own Unix user (by uid; a trusted claim
    // by the login of that user).
    let (login, own_user) = match (shared.options.identity, hello.claimed_login) {
        (Identity::TrustClaimedLogin, Some(claimed)) => {
            let own_user = peer::current_login().is_ok_and(|me| me == claimed);
            (claimed, own_user)
        }
        (Identity::PeerCredentials, Some(_)) => return refuse(Refusal::ClaimNotTrusted),
        (_, None) => match peer::peer_uid(stream).and_then(|uid| Ok((peer::login_of(uid)?, uid))) {
            Ok((login, uid)) => (login, uid == peer::own_uid()),
            Err(e) => {
                return refuse(Refusal::NoIdentity {
                    detail: e.to_string(),
                });
            }
        },
    };
    let today = (shared.options.today)();
    let caller = match shared.service.caller(&login, today) {
        Ok(caller) => caller,
        Err(e) => {
            return refuse(Refusal::NoIdentity {
                detail: e.to_string(),
            });
        }
    };
    let Some(account) = caller.account.clone() else {
        // The first set-up: the server's own user adds the first administrator.
        match shared.service.has_active_admin() {
            Ok(false) if own_user => {
                let _ = shared
                    .service
                    .audit(&caller, AuditAction::Login, None, "server set-up");
                send(ServerMsg::Welcome(Welcome {
                    login: login.clone(),
                    name: String::new(),
                    role: Role::Admin,
                    program: shared.options.program.clone(),
                }));
                return Ok(Greeted { login, setup: true });
            }
            Err(e) if own_user => {
                return refuse(Refusal::NoIdentity {
                    detail: e.to_string(),
                });
            }
            _ => {}
        }
        let _ = shared
            .service
            .audit(&caller, AuditAction::Refused, None, "login");
        return refuse(Refusal::UnknownLogin { login });
    };
    if !account.active {
        let _ = shared
            .service
            .audit(&caller, AuditAction::Refused, None, "login");
        return refuse(Refusal::DisabledLogin { login });
    }
    let _ = shared
        .service
        .audit(&caller, AuditAction::Login, None, "server");
    send(ServerMsg::Welcome(Welcome {
        login: login.clone(),
        name: account.name,
        role: account.role,
        program: shared.options.program.clone(),
    }));
    Ok(Greeted {
        login,
        setup: false,
    })
}

/// True for the calls of a first set-up: its session and the staff accounts.
fn is_setup_call(call: &Call) -> bool {
    matches!(
        call,
        Call::Session { .. }
            | Call::StaffAccounts
            | Call::AddStaff { .. }
            | Call::DisableStaff { .. }
            | Call::GrantStandIn { .. }
    )
}

/// Runs one request as the connection's login and gives its response; None when the
/// server is closing and a save must not start (the connection closes unanswered).
fn answer(shared: &Shared, greeted: &Greeted, conn: u64, request: Request) -> Option<Response> {
    let service = &shared.service;
    let login = greeted.login.as_str();
    // Derived on every call, on the server's date: a disabled account or an ended
    // stand-in takes effect at once, and a client cannot choose its own scope. Without
    // an account only a first set-up's staff calls run (the service decides whether
    // it may still keep the accounts), and its session, which tells it only who it is
    // and the rules.
    let caller = match service.caller(login, (shared.options.today)()) {
        Ok(caller) if caller.account.is_some() => caller,
        Ok(caller) if greeted.setup && is_setup_call(&request.call) => caller,
        Ok(_) => {
            return Some(Response {
                id: request.id,
                result: Err(CommandError::UnknownStaff {
                    login: login.to_string(),
                }),
            });
        }
        Err(e) => {
            return Some(Response {
                id: request.id,
                result: Err(CommandError::Store(e)),
            });
        }
    };
    let result = match request.call {
        Call::Ping => Ok(Reply::Pong),
        Call::Snapshot { today } => service
            .snapshot(&caller, today)
            .map(|s| Reply::Snapshot(Box::new(s)))
            .map_err(CommandError::from),
        Call::OverviewSnapshot { today } => service
            .overview_snapshot(&caller, today)
            .map(|s| {
                Reply::OverviewSnapshot(s.map(|mut s| {
                    s.keep_first_alerts(shared.options.first_frame_alerts);
                    Box::new(s)
                }))
            })
            .map_err(CommandError::from),
        Call::Session { today } => {
            let caller = service.caller(login, today);
            let (caseload_limit, caseload_margin) = service.caseload_settings();
            caller
                .map(|caller| {
                    Reply::Session(Box::new(Session {
                        caller,
                        rules: *service.rules(),
                        caseload_limit,
                        caseload_margin,
                    }))
                })
                .map_err(CommandError::from)
        }
        Call::FamilyPart { id, today } => service
            .family_part(&caller, id, today)
            .map(|p| Reply::FamilyPart(p.map(Box::new)))
            .map_err(CommandError::from),
        Call::FamilyDetail { id } => service
            .family_detail(&caller, id)
            .map(|d| Reply::FamilyDetail(d.map(Box::new)))
            .map_err(CommandError::from),
        Call::VisitsBetween { from, to } => service
            .visits_in_scope(&caller, from, to)
            .map(Reply::Visits)
            .map_err(CommandError::from),
        Call::AuditLog {
            family,
            login,
            since,
        } => service
            .audit_log(&caller, family, login.as_deref(), since)
            .map(Reply::Audit),
        Call::LastChange { tree, id } => service
            .last_change(&tree, id)
            .map(Reply::LastChange)
            .map_err(CommandError::from),
        Call::NewestAssessment { family_id } => service
            .newest_assessment(&caller, family_id)
            .map(Reply::NewestAssessment),
        Call::SuggestCaseNumber { today } => {
            service.suggest_case_number(today).map(Reply::CaseNumber)
        }
        Call::Visit { id } => service.visit(&caller, id).map(Reply::MaybeVisit),
        Call::VisitWarnings { visit } => service
            .visit_warnings_in_scope(&caller, &visit)
            .map(Reply::VisitWarnings),
        Call::HeldVisits {
            assistant,
            from,
            to,
        } => service
            .held_visits(&caller, assistant, from, to)
            .map(Reply::HeldVisits)
            .map_err(CommandError::from),
        Call::VisitCounts { from, to } => service
            .visit_counts_in_scope(&caller, from, to)
            .map(Reply::VisitCounts)
            .map_err(CommandError::from),
        Call::FindCase { case_number } => service
            .find_case(&caller, &case_number)
            .map(Reply::FoundCase)
            .map_err(CommandError::from),
        Call::StaffName { id } => service
            .staff_name(id)
            .map(Reply::StaffName)
            .map_err(CommandError::from),
        Call::Draft { key } => service
            .draft(&caller, &key)
            .map(Reply::Draft)
            .map_err(CommandError::from),
        Call::StaffAccounts => service.staff_accounts(&caller).map(Reply::StaffList),
        Call::Report {
            definition,
            from,
            to,
        } => service
            .report(&caller, &definition, from, to)
            .map(|r| Reply::Report(Box::new(r))),
        Call::ExportFamilies { from, to } => service
            .export_families(&caller, from, to)
            .map(Reply::ExportFamilies),
        Call::ExportVisits { from, to } => service
            .export_visits(&caller, from, to)
            .map(Reply::ExportVisits),
        Call::HourCounts { from, to } => service
            .hour_counts_in_scope(&caller, from, to)
            .map(Reply::HourCounts)
            .map_err(CommandError::from),
        Call::FirstVisitsBetween { from, to, limit } => service
            .first_visits_in_scope(&caller, from, to, limit as usize)
            .map(Reply::Visits)
            .map_err(CommandError::from),
        call => return save(shared, &caller, conn, request.id, call),
    };
    Some(Response {
        id: request.id,
        result,
    })
}

/// Runs a save, one at a time; tells the other clients after a successful one.
fn save(shared: &Shared, caller: &Caller, conn: u64, id: u64, call: Call) -> Option<Response> {
    let service = &shared.service;
    let _one_at_a_time = shared.writes.lock().unwrap_or_else(|p| p.into_inner());
    if shared.closing.load(Ordering::SeqCst) {
        return None;
    }
    let (result, family): (Result<Reply, CommandError>, Option<Id>) = match call {
        Call::SaveVisit {
            visit,
            expected_rev,
        } => {
            let family = visit.family_id;
            (
                service
                    .save_visit(caller, visit, expected_rev)
                    .map(Reply::Visit),
                Some(family),
            )
        }
        Call::SaveMember {
            member,
            expected_rev,
            today,
        } => {
            let family = member.family_id;
            (
                service
                    .save_member(caller, member, expected_rev, today)
                    .map(Reply::Member),
                Some(family),
            )
        }
        Call::SaveFamily {
            family,
            expected_rev,
            today,
        } => {
            let result = service
                .save_family(caller, family, expected_rev, today)
                .map(Reply::Family);
            let id = match &result {
                Ok(Reply::Family(f)) => Some(f.value.id),
                _ => None,
            };
            (result, id)
        }
        Call::ChangeStatus {
            id,
            expected_rev,
            transition,
            date,
            closure,
            today,
        } => (
            service
                .change_status(caller, id, expected_rev, transition, date, closure, today)
                .map(Reply::Family),
            Some(id),
        ),
        Call::SavePlan {
            plan,
            expected_rev,
            today,
        } => {
            let family = plan.family_id;
            (
                service
                    .save_plan(caller, plan, expected_rev, today)
                    .map(Reply::Plan),
                Some(family),
            )
        }
        Call::NewPlanVersion {
            current_id,
            family_id,
            expected_rev,
            today,
        } => (
            service
                .new_plan_version(caller, current_id, family_id, expected_rev, today)
                .map(Reply::Plan),
            Some(family_id),
        ),
        Call::SaveAssessment {
            assessment,
            expected_rev,
            today,
        } => {
            let family = assessment.family_id;
            (
                service
                    .save_assessment(caller, assessment, expected_rev, today)
                    .map(Reply::Assessment),
                Some(family),
            )
        }
        Call::SaveCourtRequest {
            request,
            expected_rev,
            today,
        } => {
            let family = request.family_id;
            (
                service
                    .save_court_request(caller, request, expected_rev, today)
                    .map(Reply::CourtRequest),
                Some(family),
            )
        }
        Call::SaveCooperation {
            entry,
            expected_rev,
            today,
        } => {
            let family = entry.family_id;
            (
                service
                    .save_cooperation(caller, entry, expected_rev, today)
                    .map(Reply::Cooperation),
                Some(family),
            )
        }
        Call::RemoveMember {
            member,
            expected_rev,
        } => (
            service
                .remove_member(caller, &member, expected_rev)
                .map(|()| Reply::Done),
            Some(member.family_id),
        ),
        Call::DeleteFamily { id, expected_rev } => (
            service
                .delete_family(caller, id, expected_rev)
                .map(|()| Reply::Done),
            Some(id),
        ),
        Call::RescheduleVisit {
            id,
            expected_rev,
            date,
            time,
            today,
        } => {
            let result = service.reschedule_visit(caller, id, expected_rev, date, time, today);
            let family = result.as_ref().ok().map(|v| v.value.family_id);
            (result.map(Reply::Visit), family)
        }
        Call::CancelVisit {
            id,
            expected_rev,
            today,
        } => {
            let result = service.cancel_visit(caller, id, expected_rev, today);
            let family = result.as_ref().ok().map(|v| v.value.family_id);
            (result.map(Reply::Visit), family)
        }
        // A draft is the login's own: kept one at a time like a save, told to nobody.
        Call::KeepDraft { key, draft } => {
            let result = service.keep_draft(caller, &key, &draft);
            return Some(Response {
                id,
                result: result.map(|()| Reply::Done).map_err(CommandError::from),
            });
        }
        Call::DiscardDraft { key } => {
            let result = service.discard_draft(caller, &key);
            return Some(Response {
                id,
                result: result.map(|()| Reply::Done).map_err(CommandError::from),
            });
        }
        // A staff change alters scopes: every other client reads again.
        Call::AddStaff { login, name, role } => (
            service
                .add_staff(caller, &login, &name, role)
                .map(Reply::Staff),
            None,
        ),
        Call::DisableStaff { login } => (
            service.disable_staff(caller, &login).map(Reply::Staff),
            None,
        ),
        // The server's date, not the client's, says which stand-ins are over: a client
        // with a wrong clock must not drop running ones.
        Call::GrantStandIn {
            substitute,
            absent,
            from,
            to,
            today: _,
        } => (
            service
                .grant_stand_in(
                    caller,
                    &substitute,
                    &absent,
                    from,
                    to,
                    (shared.options.today)(),
                )
                .map(Reply::Staff),
            None,
        ),
        // An audit entry changes nothing another client shows: told to nobody.
        Call::Audit {
            action,
            family,
            what,
        } => {
            let result = client_audit(service, caller, action, family, &what);
            return Some(Response {
                id,
                result: result.map(|()| Reply::Done),
            });
        }
        // Reads never come here; nothing was saved.
        _ => {
            return Some(Response {
                id,
                result: Ok(Reply::Pong),
            });
        }
    };
    if result.is_ok() {
        for (&other, c) in shared.conns().iter() {
            if other == conn {
                continue;
            }
            if let Some(tx) = &c.tx
                && let Err(TrySendError::Full(_)) =
                    tx.try_send(ServerMsg::Push(Push::Changed { family }))
            {
                // A client that does not read its pushes is cut off; it reconnects.
                let _ = c.stream.shutdown(std::net::Shutdown::Both);
            }
        }
    }
    Some(Response { id, result })
}

/// Appends the audit entry a client asks for: a print or an export, described in one
/// line, about a family the caller sees (or none); flushed before the acknowledgement.
/// Anything else is refused, and the refusal audited.
fn client_audit(
    service: &Service,
    caller: &Caller,
    action: AuditAction,
    family: Option<Id>,
    what: &str,
) -> Result<(), CommandError> {
    let allowed = matches!(action, AuditAction::Print | AuditAction::Export);
    if !allowed || validate::text(what, CLIENT_ENTITY_MAX, true, false).is_err() {
        let _ = service.audit(caller, AuditAction::Refused, family, "audit entry");
        return Err(CommandError::ClientAuditRefused { action });
    }
    if let Some(id) = family {
        let seen = service.store().family(id)?.map(|f| caller.sees(&f.value));
        match seen {
            None => return Err(CommandError::NotFound(id)),
            Some(false) => {
                let _ = service.audit(caller, AuditAction::Refused, Some(id), what);
                return Err(CommandError::Forbidden {
                    login: caller.login.clone(),
                });
            }
            Some(true) => {}
        }
    }
    service.audit(caller, action, family, what)?;
    service.flush()?;
    Ok(())
}
