//! Server mode against a real server: in-process servers on a temporary socket (which
//! believe the login of the hello, so one Unix user can act as several members of
//! staff), and the real `asystent serve` binary as a child process (identity from peer
//! credentials) for SIGKILL, restart and SIGTERM.

mod common;

use std::collections::HashSet;
use std::io::{Read, Write};
use std::os::unix::net::{UnixListener, UnixStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use asystent::backend::{Backend, Remote};
use asystent::config::{Config, Language};
use asystent::domain::audit::AuditAction;
use asystent::domain::visits::VisitWarning;
use asystent::domain::{
    Cooperation, CourtRequest, FamilyStatus, Id, InstitutionKind, Member, MemberRole, Role, Visit,
    VisitKind, VisitPlace, VisitStatus,
};
use asystent::i18n;
use asystent::server::client::{CallError, Client, ClientError, Event};
use asystent::server::peer;
use asystent::server::protocol::{
    self, Call, ClientMsg, Hello, PROTOCOL_VERSION, ProtocolError, Push, Refusal, Request,
    ServerMsg, Welcome,
};
use asystent::server::{ServeError, Server, ServerOptions};
use asystent::service::{CommandError, Service, StandInProblem};
use asystent::store::drafts::{Draft, DraftField};
use asystent::store::{Store, StoreError};
use chrono::{NaiveDate, NaiveTime};
use tempfile::TempDir;

use common::server::{PROGRAM, TestServer};

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// A planned home visit of `family` on `day` at `minute` past 8:00.
fn visit(family: Id, day: NaiveDate, minute: u32) -> Visit {
    Visit {
        id: 0,
        family_id: family,
        assistant: 0,
        date: day,
        time: NaiveTime::from_hms_opt(8 + minute / 60 % 10, minute % 60, 0).unwrap(),
        duration_min: 30,
        place: VisitPlace::FamilyHome,
        kind: VisitKind::HomeVisit,
        status: VisitStatus::Planned,
        record: Default::default(),
        history: Vec::new(),
    }
}

/// A new household member of `family`.
fn member(family: Id, first_name: &str) -> Member {
    Member {
        id: 0,
        family_id: family,
        role: MemberRole::Other,
        first_name: first_name.into(),
        last_name: "Testowa".into(),
        birth_date: None,
        pesel: None,
        foster: None,
        left_household: None,
    }
}

/// Ids of the families `login` sees.
fn families_of(client: &Client) -> Vec<Id> {
    client
        .snapshot(common::today())
        .unwrap()
        .families
        .iter()
        .map(|r| r.family.id)
        .collect()
}

/// Sends raw bytes after connecting and reads what the server answers (if anything).
fn raw_exchange(socket: &Path, bytes: &[u8]) -> Option<ServerMsg> {
    let mut stream = UnixStream::connect(socket).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    stream.write_all(bytes).unwrap();
    protocol::read_frame::<ServerMsg>(&mut stream).ok()
}

fn frame(msg: &ClientMsg) -> Vec<u8> {
    protocol::encode_frame(msg).unwrap()
}

#[test]
fn hello_refuses_another_protocol_unknown_and_disabled_logins() {
    let server = TestServer::start_with(|service| {
        let anyone = service.caller("setup", common::today()).unwrap();
        service.disable_staff(&anyone, "pzielinski").unwrap();
    });
    let hello = ClientMsg::Hello(Hello {
        protocol: 99,
        program: "asystent 9.9".into(),
        claimed_login: Some("akowalska".into()),
    });
    let Some(ServerMsg::Refused(refusal)) = raw_exchange(&server.socket, &frame(&hello)) else {
        panic!("a hello of protocol 99 must be refused");
    };
    assert_eq!(
        refusal,
        Refusal::ProtocolMismatch {
            server: PROTOCOL_VERSION,
            client: 99,
            server_program: asystent::server::program_version(),
        }
    );
    for lang in [Language::Polish, Language::English] {
        let text = i18n::refusal(lang, &refusal);
        assert!(text.contains("99") && text.contains(&PROTOCOL_VERSION.to_string()));
    }

    let unknown = Client::connect_as(&server.socket, PROGRAM, "nikt.obcy").err();
    let Some(ClientError::Refused(refusal @ Refusal::UnknownLogin { .. })) = unknown else {
        panic!("an unknown login must be refused: {unknown:?}");
    };
    assert!(i18n::refusal(Language::Polish, &refusal).contains("nikt.obcy"));
    let disabled = Client::connect_as(&server.socket, PROGRAM, "pzielinski").err();
    let Some(ClientError::Refused(refusal @ Refusal::DisabledLogin { .. })) = disabled else {
        panic!("a disabled login must be refused: {disabled:?}");
    };
    assert!(i18n::refusal(Language::English, &refusal).contains("pzielinski"));

    // The server still serves a known login, and names it.
    let anna = server.client("akowalska");
    assert_eq!(anna.welcome().login, "akowalska");
    assert_eq!(anna.welcome().role, Role::Assistant);
    drop(anna);
    let (_dir, service) = server.stop();
    let kierownik = service.caller("kierownik", common::today()).unwrap();
    let log = service.audit_log(&kierownik, None, None, None).unwrap();
    for login in ["nikt.obcy", "pzielinski"] {
        assert!(
            log.iter()
                .any(|e| e.login == login && e.action == AuditAction::Refused),
            "refused login of {login} audited"
        );
    }
}

#[test]
fn malformed_frames_get_a_clear_error_and_the_server_goes_on() {
    let server = TestServer::start();
    // A huge length prefix: refused before anything is read or allocated.
    let huge = raw_exchange(&server.socket, &u32::MAX.to_be_bytes());
    assert!(
        matches!(
            huge,
            Some(ServerMsg::ProtocolError(ProtocolError::FrameTooLarge { len, .. })) if len == u64::from(u32::MAX)
        ),
        "{huge:?}"
    );
    // Garbage of a sane length.
    let garbage = raw_exchange(&server.socket, &[0, 0, 0, 5, 0xde, 0xad, 0xbe, 0xef, 0xff]);
    assert!(
        matches!(
            garbage,
            Some(ServerMsg::ProtocolError(ProtocolError::Malformed { .. }))
        ),
        "{garbage:?}"
    );
    // A request before the hello.
    let early = ClientMsg::Request(Request {
        id: 1,
        call: Call::Ping,
    });
    assert!(matches!(
        raw_exchange(&server.socket, &frame(&early)),
        Some(ServerMsg::ProtocolError(ProtocolError::ExpectedHello))
    ));
    // Garbage after a good hello, and a client that vanishes in the middle of a frame.
    let client = server.client("akowalska");
    let mut bytes = frame(&ClientMsg::Hello(Hello {
        protocol: PROTOCOL_VERSION,
        program: PROGRAM.into(),
        claimed_login: Some("akowalska".into()),
    }));
    bytes.extend_from_slice(&[0, 0, 0, 2, 0xff, 0xff]);
    let mut stream = UnixStream::connect(&server.socket).unwrap();
    stream.write_all(&bytes).unwrap();
    let mut answer = Vec::new();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    let _ = stream.read_to_end(&mut answer);
    let mut reader = &answer[..];
    assert!(matches!(
        protocol::read_frame::<ServerMsg>(&mut reader),
        Ok(ServerMsg::Welcome(_))
    ));
    assert!(matches!(
        protocol::read_frame::<ServerMsg>(&mut reader),
        Ok(ServerMsg::ProtocolError(ProtocolError::Malformed { .. }))
    ));
    let mut cut = UnixStream::connect(&server.socket).unwrap();
    cut.write_all(&[0, 0, 1, 0, 1, 2, 3]).unwrap();
    drop(cut);
    // Everyone else is served as before.
    client.ping().unwrap();
    assert!(!families_of(&client).is_empty());
    server.stop();
}

#[test]
fn a_changed_revision_is_refused_never_overwritten() {
    let server = TestServer::start();
    let anna = server.client("akowalska");
    let boss = server.client("kierownik");
    let family = families_of(&anna)[0];
    let mine = anna.family_detail(family).unwrap().unwrap();
    let theirs = boss.family_detail(family).unwrap().unwrap();
    assert_eq!(mine.family_rev, theirs.family_rev);

    let mut edited = mine.family.clone();
    edited.phones = vec!["600 000 001".into()];
    let saved = anna
        .save_family(edited, Some(mine.family_rev), common::today())
        .unwrap();
    assert_eq!(saved.rev, mine.family_rev + 1);
    let mut late = theirs.family.clone();
    late.phones = vec!["700 000 002".into()];
    let refused = boss.save_family(late, Some(theirs.family_rev), common::today());
    let Err(CallError::Command(error @ CommandError::Store(StoreError::Conflict { .. }))) = refused
    else {
        panic!("the second save must be refused: {refused:?}");
    };
    // The same message as in embedded mode, and who changed it.
    assert!(i18n::command_error(Language::English, &error).contains("changed"));
    let by = boss.last_change("families", family).unwrap().unwrap();
    assert_eq!(by.login, "akowalska");
    let now = boss.family_detail(family).unwrap().unwrap();
    assert_eq!(now.family.phones, vec!["600 000 001".to_string()]);
    server.stop();
}

#[test]
fn visibility_per_role_and_a_crafted_request_is_refused_and_audited() {
    let server = TestServer::start_with(|service| {
        let anyone = service.caller("setup", common::today()).unwrap();
        service
            .add_staff(&anyone, "admin", "Adam Admin", Role::Admin)
            .unwrap();
    });
    let anna = server.client("akowalska");
    let boss = server.client("kierownik");
    let social = server.client("ps.lis");
    let admin = server.client("admin");

    let everything = boss.snapshot(common::today()).unwrap();
    let anna_id = everything
        .staff
        .values()
        .find(|s| s.login == "akowalska")
        .unwrap()
        .id;
    let hers = anna.snapshot(common::today()).unwrap();
    assert!(!hers.families.is_empty());
    assert!(
        hers.families
            .iter()
            .all(|r| r.family.assistant == Some(anna_id))
    );
    // The rebuilt index of the snapshot works on the client side.
    let first = hers.families[0].family.id;
    assert_eq!(hers.family(first).unwrap().family.id, first);
    assert!(everything.families.len() > hers.families.len());
    let referred = social.snapshot(common::today()).unwrap();
    assert!(
        referred
            .families
            .iter()
            .all(|r| r.family.social_worker.name == "Joanna Lis")
    );
    assert!(referred.families.len() < everything.families.len());
    assert!(admin.snapshot(common::today()).unwrap().families.is_empty());
    // Visits of the calendar follow the same scope.
    let week = anna
        .visits_between(date(2026, 11, 16), date(2026, 11, 29))
        .unwrap();
    let mine: HashSet<Id> = hers.families.iter().map(|r| r.family.id).collect();
    assert!(week.iter().all(|v| mine.contains(&v.family_id)));

    // A colleague's family asked for by id, and a member saved into it.
    let colleague = everything
        .families
        .iter()
        .find(|r| r.family.assistant.is_some_and(|a| a != anna_id))
        .unwrap()
        .family
        .id;
    assert!(anna.family_detail(colleague).unwrap().is_none());
    let refused = anna.save_member(member(colleague, "Intruz"), None, common::today());
    assert!(matches!(
        refused,
        Err(CallError::Command(CommandError::Forbidden { .. }))
    ));
    let refused = social.save_visit(visit(colleague, date(2026, 11, 30), 0), None);
    assert!(matches!(
        refused,
        Err(CallError::Command(CommandError::Forbidden { .. }))
    ));
    // Only a supervisor reads the audit log.
    assert!(matches!(
        anna.audit_log(None, None, None),
        Err(CallError::Command(CommandError::SupervisorOnly { .. }))
    ));
    let log = boss
        .audit_log(Some(colleague), Some("akowalska"), None)
        .unwrap();
    let refusals = log
        .iter()
        .filter(|e| e.action == AuditAction::Refused)
        .count();
    assert!(refusals >= 2, "both crafted requests audited: {log:?}");
    server.stop();
}

#[test]
fn a_save_is_pushed_to_the_other_clients() {
    let server = TestServer::start();
    let anna = server.client("akowalska");
    let boss = server.client("kierownik");
    let family = families_of(&anna)[0];
    anna.save_visit(visit(family, date(2026, 11, 27), 30), None)
        .unwrap();
    let event = boss.events().recv_timeout(Duration::from_secs(10));
    assert_eq!(
        event,
        Ok(Event::Push(Push::Changed {
            family: Some(family)
        }))
    );
    // The one who saved is not told about its own save.
    assert!(
        anna.events()
            .recv_timeout(Duration::from_millis(200))
            .is_err()
    );
    server.stop();
}

/// What a load client had acknowledged: visits and members with their revisions.
#[derive(Default)]
struct Acked {
    visits: Vec<(Id, u64)>,
    members: Vec<(Id, u64)>,
}

/// `clients` clients doing `rounds` rounds of reads and saves each, at once.
fn load(clients: usize, rounds: usize) {
    let server = TestServer::start();
    let logins = ["akowalska", "mnowak", "pzielinski", "kierownik"];
    let acked = Arc::new(Mutex::new(Acked::default()));
    let threads: Vec<_> = (0..clients)
        .map(|i| {
            let client = server.client(logins[i % logins.len()]);
            let acked = acked.clone();
            thread::spawn(move || {
                let families = families_of(&client);
                for round in 0..rounds {
                    let family = families[(i + round) % families.len()];
                    let day = date(2026, 12, 1) + chrono::Days::new((round % 20) as u64);
                    let v = client
                        .save_visit(visit(family, day, (i * 7 + round) as u32), None)
                        .unwrap();
                    let m = client
                        .save_member(
                            member(family, &format!("Osoba{i}x{round}")),
                            None,
                            common::today(),
                        )
                        .unwrap();
                    // An edit of what was just saved, then reads.
                    let mut changed = m.value.clone();
                    changed.first_name.push('a');
                    let m = client
                        .save_member(changed, Some(m.rev), common::today())
                        .unwrap();
                    let detail = client.family_detail(family).unwrap().unwrap();
                    assert!(detail.visits.iter().any(|x| x.id == v.value.id));
                    if round.is_multiple_of(4) {
                        client.snapshot(common::today()).unwrap();
                    }
                    let mut a = acked.lock().unwrap();
                    a.visits.push((v.value.id, v.rev));
                    a.members.push((m.value.id, m.rev));
                }
            })
        })
        .collect();
    for t in threads {
        t.join().unwrap();
    }
    let (_dir, service) = server.stop();
    let store = service.store();
    let acked = acked.lock().unwrap();
    assert_eq!(acked.visits.len(), clients * rounds);
    for &(id, rev) in &acked.visits {
        assert_eq!(store.visit(id).unwrap().map(|v| v.rev), Some(rev));
    }
    let mut ids = HashSet::new();
    for &(id, _) in &acked.members {
        assert!(ids.insert(id), "member ids are unique");
    }
    let members: HashSet<(Id, u64)> = store
        .members()
        .unwrap()
        .records
        .into_iter()
        .map(|m| (m.value.id, m.rev))
        .collect();
    for m in &acked.members {
        assert!(members.contains(m), "member {m:?} saved");
    }
    assert!(store.indexes_match_rebuild().unwrap());
}

#[test]
fn two_clients_at_once_lose_nothing() {
    load(2, 15);
}

#[test]
fn twenty_clients_at_once_lose_nothing() {
    load(20, 6);
}

#[test]
fn a_stale_socket_is_removed_and_a_live_one_is_not() {
    let dir = TempDir::new().unwrap();
    let socket = dir.path().join("asystent.sock");
    drop(UnixListener::bind(&socket).unwrap());
    assert!(socket.exists(), "a stale socket file is left behind");
    let config = Config::defaults();
    let open = |name: &str| {
        let store = Store::open(&dir.path().join(name)).unwrap();
        Service::new(store, config.alert_rules(), config.caseload_limit)
    };
    let server = Server::bind(open("db1"), ServerOptions::new(socket.clone())).unwrap();
    let handle = server.handle();
    let running = thread::spawn(move || server.run());
    let second = Server::bind(open("db2"), ServerOptions::new(socket.clone()));
    let Err(error @ ServeError::SocketInUse(_)) = second else {
        panic!("a live server's socket must be refused");
    };
    assert!(i18n::serve_error(Language::Polish, &error).contains("asystent.sock"));
    // The first server still answers (and, trusting peer credentials, refuses a claim).
    let claim = Client::connect_as(&socket, PROGRAM, "kierownik").err();
    assert!(matches!(
        claim,
        Some(ClientError::Refused(Refusal::ClaimNotTrusted))
    ));
    handle.shutdown();
    running.join().unwrap().unwrap();
    assert!(!socket.exists(), "the socket goes with the server");
    // Something that is not a socket is never removed.
    std::fs::write(&socket, "not a socket").unwrap();
    let refused = Server::bind(open("db2"), ServerOptions::new(socket.clone()));
    assert!(matches!(refused, Err(ServeError::NotASocket(_))));
    assert!(socket.exists());
}

/// The real `asystent serve` on a demo database whose staff includes the Unix user
/// running the tests (as a supervisor): identity from peer credentials.
struct RealServer {
    child: Child,
}

/// A demo database in `dir/db` with an account for the current Unix user.
fn real_db(dir: &Path) -> (PathBuf, String) {
    let db = common::cli::demo_db(dir);
    let me = peer::current_login().unwrap();
    let store = Store::open(&db).unwrap();
    let config = Config::defaults();
    let service = Service::new(store, config.alert_rules(), config.caseload_limit);
    let anyone = service.caller("setup", common::today()).unwrap();
    service
        .add_staff(&anyone, &me, "Test Kierownik", Role::Supervisor)
        .unwrap();
    (db, me)
}

impl RealServer {
    fn start(db: &Path, socket: &Path) -> RealServer {
        let child = Command::new(common::cli::BIN)
            .args(["serve", "--db"])
            .arg(db)
            .arg("--socket")
            .arg(socket)
            .args(["--today", "2026-11-22", "--lang", "en"])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let deadline = Instant::now() + Duration::from_secs(20);
        while Client::connect(socket, PROGRAM).is_err() {
            assert!(Instant::now() < deadline, "the server did not come up");
            thread::sleep(Duration::from_millis(50));
        }
        RealServer { child }
    }

    fn signal(&self, signal: i32) {
        let pid = i32::try_from(self.child.id()).unwrap();
        // SAFETY: kill has no memory-safety preconditions.
        assert_eq!(unsafe { libc::kill(pid, signal) }, 0);
    }
}

#[test]
fn a_server_killed_mid_load_restarts_and_every_acknowledged_save_is_there() {
    let dir = TempDir::new().unwrap();
    let (db, _me) = real_db(dir.path());
    let socket = dir.path().join("asystent.sock");
    let mut server = RealServer::start(&db, &socket);
    let acked = Arc::new(Mutex::new(Vec::<(Id, u64)>::new()));
    let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let workers: Vec<_> = (0..3)
        .map(|i| {
            let socket = socket.clone();
            let acked = acked.clone();
            let stop = stop.clone();
            thread::spawn(move || {
                let client = Client::connect(&socket, PROGRAM).unwrap();
                let families = families_of(&client);
                let mut reconnects = 0;
                let mut round = 0usize;
                while !stop.load(std::sync::atomic::Ordering::SeqCst) {
                    round += 1;
                    let family = families[(i * 31 + round) % families.len()];
                    let day = date(2026, 12, 1) + chrono::Days::new((round % 25) as u64);
                    match client.save_visit(visit(family, day, round as u32), None) {
                        Ok(v) => acked.lock().unwrap().push((v.value.id, v.rev)),
                        Err(CallError::Client(_)) => {
                            client.reconnect().unwrap();
                            reconnects += 1;
                        }
                        Err(e) => panic!("{e}"),
                    }
                }
                reconnects
            })
        })
        .collect();
    let wait_for = |n: usize| {
        let deadline = Instant::now() + Duration::from_secs(60);
        while acked.lock().unwrap().len() < n {
            assert!(Instant::now() < deadline, "saves did not go on");
            thread::sleep(Duration::from_millis(20));
        }
    };
    wait_for(30);
    server.signal(libc::SIGKILL);
    let _ = server.child.wait();
    let before_kill = acked.lock().unwrap().len();
    // The killed server's socket file stays behind; the new server removes it.
    assert!(socket.exists());
    let mut server = RealServer::start(&db, &socket);
    wait_for(before_kill + 30);
    stop.store(true, std::sync::atomic::Ordering::SeqCst);
    for w in workers {
        assert!(w.join().unwrap() >= 1, "every client reconnected");
    }
    server.signal(libc::SIGTERM);
    assert!(server.child.wait().unwrap().success());
    let store = Store::open(&db).unwrap();
    for &(id, rev) in acked.lock().unwrap().iter() {
        assert_eq!(
            store.visit(id).unwrap().map(|v| v.rev),
            Some(rev),
            "visit {id}"
        );
    }
    assert!(store.indexes_match_rebuild().unwrap());
}

#[test]
fn sigterm_tells_clients_exits_zero_and_removes_the_socket() {
    let dir = TempDir::new().unwrap();
    let (db, me) = real_db(dir.path());
    let socket = dir.path().join("asystent.sock");
    let mut server = RealServer::start(&db, &socket);
    let client = Client::connect(&socket, PROGRAM).unwrap();
    assert_eq!(client.welcome().login, me);
    assert_eq!(client.welcome().role, Role::Supervisor);
    // A second server on the same socket is refused with a clear message.
    let second = Command::new(common::cli::BIN)
        .args(["serve", "--lang", "en", "--db"])
        .arg(dir.path().join("other"))
        .arg("--socket")
        .arg(&socket)
        .output()
        .unwrap();
    assert!(!second.status.success());
    assert!(String::from_utf8_lossy(&second.stderr).contains("already answers"));
    // The socket file has mode 0660.
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(&socket).unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o660);

    server.signal(libc::SIGTERM);
    let closing = client.events().recv_timeout(Duration::from_secs(10));
    assert_eq!(closing, Ok(Event::Push(Push::ServerClosing)));
    let gone = client.events().recv_timeout(Duration::from_secs(10));
    assert_eq!(gone, Ok(Event::Disconnected));
    assert!(matches!(
        client.ping(),
        Err(CallError::Client(ClientError::Disconnected))
    ));
    let status = server.child.wait().unwrap();
    assert!(status.success(), "exit status {status:?}");
    assert!(!socket.exists(), "the socket file is removed");
    // The clean stop leaves the digest file for a workstation's next first Overview.
    let token = asystent::store::digest_file::DigestFile::read(&db)
        .expect("a digest file after the stop")
        .token();
    assert_eq!(Store::open(&db).unwrap().digest_file_token(), Some(token));
}

#[test]
fn stand_ins_follow_the_servers_date_not_the_clients() {
    let server = TestServer::start_with(|service| {
        let boss = service.caller("kierownik", common::today()).unwrap();
        let (from, to) = (date(2026, 11, 10), date(2026, 11, 21));
        service
            .grant_stand_in(&boss, "akowalska", "mnowak", from, to, from)
            .unwrap();
        let (from, to) = (date(2026, 11, 20), date(2026, 11, 30));
        service
            .grant_stand_in(&boss, "pzielinski", "mnowak", from, to, from)
            .unwrap();
    });
    let boss = server.client("kierownik");
    let everything = boss.snapshot(common::today()).unwrap();
    let nowak = everything
        .staff
        .values()
        .find(|s| s.login == "mnowak")
        .unwrap()
        .id;
    let is_nowaks = |c: &Client, day: NaiveDate| {
        c.snapshot(day)
            .unwrap()
            .families
            .iter()
            .any(|r| r.family.assistant == Some(nowak))
    };
    // The server works on 22.11: Anna's stand-in ended on 21.11, Piotr's runs.
    let anna = server.client("akowalska");
    assert!(!is_nowaks(&anna, common::today()));
    // A client that claims an earlier day gets no wider scope.
    assert!(!is_nowaks(&anna, date(2026, 11, 15)));
    let piotr = server.client("pzielinski");
    assert!(is_nowaks(&piotr, common::today()));
    server.stop();
}

#[test]
fn a_stand_in_is_granted_on_the_servers_date_whatever_the_clients_clock_says() {
    let running = (date(2026, 11, 20), date(2026, 11, 30));
    let server = TestServer::start_with(|service| {
        let boss = service.caller("kierownik", common::today()).unwrap();
        service
            .grant_stand_in(
                &boss,
                "akowalska",
                "mnowak",
                running.0,
                running.1,
                running.0,
            )
            .unwrap();
    });
    let boss = server.client("kierownik");
    // A client whose clock runs a year ahead: on the server's 22.11 Anna's stand-in for
    // Marek still runs, so it is kept beside the new one.
    let ahead = date(2027, 11, 22);
    let later = (ahead, date(2027, 11, 30));
    let holder = boss
        .grant_stand_in("akowalska", "pzielinski", later.0, later.1, ahead)
        .unwrap();
    let spans: Vec<(NaiveDate, NaiveDate)> =
        holder.stand_ins.iter().map(|s| (s.from, s.to)).collect();
    assert_eq!(spans, vec![running, later]);
    let nowak = boss
        .snapshot(common::today())
        .unwrap()
        .staff
        .values()
        .find(|s| s.login == "mnowak")
        .unwrap()
        .id;
    let anna = server.client("akowalska");
    let covers_nowak = anna
        .snapshot(common::today())
        .unwrap()
        .families
        .iter()
        .any(|r| r.family.assistant == Some(nowak));
    assert!(covers_nowak, "Anna still covers Marek's families");
    // A client whose clock runs behind cannot grant a stand-in over on the server's date.
    let behind = date(2026, 11, 1);
    assert!(matches!(
        refusal(boss.grant_stand_in(
            "akowalska",
            "pzielinski",
            date(2026, 11, 2),
            date(2026, 11, 10),
            behind
        )),
        CommandError::StandIn(StandInProblem::AlreadyOver)
    ));
    server.stop();
}

/// Anna's id and a family of hers that has a current plan and an assessment.
fn documented_family(boss: &Client, anna: &Client) -> (Id, Id) {
    let everything = boss.snapshot(common::today()).unwrap();
    let anna_id = everything
        .staff
        .values()
        .find(|s| s.login == "akowalska")
        .unwrap()
        .id;
    let family = families_of(anna)
        .into_iter()
        .find(|&id| {
            let d = anna.family_detail(id).unwrap().unwrap();
            d.plan.is_some() && !d.assessments.is_empty()
        })
        .expect("a family of Anna's with a plan and an assessment");
    (anna_id, family)
}

#[test]
fn plans_assessments_court_requests_and_cooperation_round_trip() {
    let server = TestServer::start();
    let anna = server.client("akowalska");
    let boss = server.client("kierownik");
    let (_, family) = documented_family(&boss, &anna);
    let today = common::today();
    let detail = anna.family_detail(family).unwrap().unwrap();

    // The current plan edited, then a new version started from it.
    let mut plan = detail.plan.clone().unwrap();
    let rev = detail.revs.plans[&plan.id];
    plan.strengths.push_str(" Babcia pomaga.");
    let saved = anna.save_plan(plan.clone(), Some(rev), today).unwrap();
    assert_eq!(saved.value.strengths, plan.strengths);
    assert_eq!(
        boss.events().recv_timeout(Duration::from_secs(10)),
        Ok(Event::Push(Push::Changed {
            family: Some(family)
        }))
    );
    let next = anna
        .new_plan_version(plan.id, family, saved.rev, today)
        .unwrap();
    assert_eq!(next.value.version, plan.version + 1);
    assert_eq!(next.value.drawn_up, today);
    let after = anna.family_detail(family).unwrap().unwrap();
    assert_eq!(after.plan.unwrap().id, next.value.id);
    assert_eq!(after.plan_versions, detail.plan_versions + 1);
    // The superseded version is read-only history over the socket too.
    assert!(matches!(
        anna.save_plan(plan, Some(rev), today),
        Err(CallError::Command(_))
    ));

    // A new assessment becomes the newest one.
    let mut assessment = detail.assessments[0].clone();
    assessment.id = 0;
    assessment.date = today;
    assessment.period_from = today - chrono::Days::new(90);
    assessment.period_to = today;
    assessment.sent_to_head = None;
    assessment.changes = "Postępy w prowadzeniu domu.".into();
    let saved = anna.save_assessment(assessment, None, today).unwrap();
    let newest = anna.newest_assessment(family).unwrap().unwrap();
    assert_eq!(newest, saved);
    assert_eq!(newest.value.changes, "Postępy w prowadzeniu domu.");

    // A court's request and a cooperation entry.
    let request = CourtRequest {
        id: 0,
        family_id: family,
        court: "Sąd Rejonowy w Kielcach".into(),
        signature: "III Nsm 123/26".into(),
        received: today,
        due: today + chrono::Days::new(14),
        delivered: None,
    };
    let saved = anna.save_court_request(request, None, today).unwrap();
    let delivered = CourtRequest {
        delivered: Some(today),
        ..saved.value.clone()
    };
    let saved = anna
        .save_court_request(delivered, Some(saved.rev), today)
        .unwrap();
    assert_eq!(saved.value.delivered, Some(today));
    let entry = Cooperation {
        id: 0,
        family_id: family,
        date: today,
        institution: InstitutionKind::School,
        institution_name: "Szkoła Podstawowa nr 1".into(),
        person: "pedagog szkolny".into(),
        note: "Rozmowa o frekwencji.".into(),
    };
    let saved_entry = anna.save_cooperation(entry, None, today).unwrap();
    let after = anna.family_detail(family).unwrap().unwrap();
    assert!(after.court_requests.contains(&saved.value));
    assert!(after.cooperation.contains(&saved_entry.value));
    server.stop();
}

#[test]
fn members_families_case_numbers_and_staff_round_trip() {
    let server = TestServer::start();
    let anna = server.client("akowalska");
    let boss = server.client("kierownik");
    let (anna_id, family) = documented_family(&boss, &anna);
    let today = common::today();

    let added = anna
        .save_member(member(family, "Pomyłka"), None, today)
        .unwrap();
    anna.remove_member(&added.value, added.rev).unwrap();
    let detail = anna.family_detail(family).unwrap().unwrap();
    assert!(detail.members.iter().all(|m| m.id != added.value.id));
    // A family with documentation is not deleted.
    assert!(matches!(
        anna.delete_family(family, detail.family_rev),
        Err(CallError::Command(_))
    ));
    assert!(anna.family_detail(family).unwrap().is_some());
    // One registered by mistake (referred, nothing documented) is, and others are told.
    let mistake = boss
        .snapshot(today)
        .unwrap()
        .families
        .iter()
        .filter(|r| r.family.status == FamilyStatus::Referred)
        .filter_map(|r| boss.family_detail(r.family.id).unwrap())
        .find(|d| {
            d.plans.is_empty()
                && d.visits.is_empty()
                && d.assessments.is_empty()
                && d.court_requests.is_empty()
                && d.cooperation.is_empty()
        })
        .expect("a referred family without documentation in the demo");
    while anna.events().try_recv().is_ok() {}
    boss.delete_family(mistake.family.id, mistake.family_rev)
        .unwrap();
    assert!(boss.family_detail(mistake.family.id).unwrap().is_none());
    assert_eq!(
        anna.events().recv_timeout(Duration::from_secs(10)),
        Ok(Event::Push(Push::Changed {
            family: Some(mistake.family.id)
        }))
    );

    let number = anna.suggest_case_number(today).unwrap();
    assert!(number.starts_with("AR/2026/"), "{number}");
    assert_eq!(
        anna.find_case(&detail.family.case_number).unwrap(),
        Some(family)
    );
    let everything = boss.snapshot(today).unwrap();
    let colleagues = everything
        .families
        .iter()
        .find(|r| r.family.assistant.is_some_and(|a| a != anna_id))
        .unwrap();
    assert_eq!(
        anna.find_case(&colleagues.family.case_number).unwrap(),
        None
    );
    assert_eq!(
        boss.find_case(&colleagues.family.case_number).unwrap(),
        Some(colleagues.family.id)
    );
    assert_eq!(anna.find_case("AR/1999/999").unwrap(), None);
    let name = everything.staff[&anna_id].name.clone();
    assert_eq!(anna.staff_name(anna_id).unwrap(), Some(name));
    assert_eq!(anna.staff_name(Id::MAX).unwrap(), None);
    server.stop();
}

#[test]
fn visits_are_warned_rescheduled_cancelled_and_counted_as_embedded() {
    let server = TestServer::start();
    let anna = server.client("akowalska");
    let boss = server.client("kierownik");
    let social = server.client("ps.lis");
    let (anna_id, family) = documented_family(&boss, &anna);
    let today = common::today();
    let day = date(2026, 11, 26);

    let booked = anna.save_visit(visit(family, day, 120), None).unwrap();
    assert_eq!(anna.visit(booked.value.id).unwrap(), Some(booked.clone()));
    // The same assistant at the same time: an overlap.
    let probe = Visit {
        assistant: booked.value.assistant,
        ..visit(family, day, 120)
    };
    let warnings = anna.visit_warnings(&probe).unwrap();
    assert!(
        warnings.contains(&VisitWarning::Overlaps {
            visit: booked.value.id,
            family,
            time: booked.value.time,
        }),
        "{warnings:?}"
    );
    let moved = anna
        .reschedule_visit(
            booked.value.id,
            booked.rev,
            date(2026, 11, 27),
            NaiveTime::from_hms_opt(12, 0, 0).unwrap(),
            today,
        )
        .unwrap();
    assert_eq!(moved.value.date, date(2026, 11, 27));
    assert_eq!(moved.value.history.len(), 1);
    assert!(
        anna.visit_warnings(&probe).unwrap().iter().all(
            |w| !matches!(w, VisitWarning::Overlaps { visit, .. } if *visit == booked.value.id)
        )
    );
    let cancelled = anna.cancel_visit(moved.value.id, moved.rev, today).unwrap();
    assert_eq!(cancelled.value.status, VisitStatus::Cancelled);
    assert!(matches!(
        anna.cancel_visit(moved.value.id, cancelled.rev, today),
        Err(CallError::Command(CommandError::VisitNotPlanned))
    ));

    // Counts and held visits as the embedded service gives them to the same callers.
    let (from, to) = (date(2026, 10, 1), date(2026, 12, 31));
    let mut remote = Vec::new();
    for (login, client) in [
        ("akowalska", &anna),
        ("ps.lis", &social),
        ("kierownik", &boss),
    ] {
        remote.push((
            login,
            client.visit_counts(from, to).unwrap(),
            client.held_visits(anna_id, from, to).unwrap(),
        ));
    }
    assert!(remote[0].1.values().sum::<u32>() > 0);
    assert!(!remote[0].2.is_empty());
    drop((anna, boss, social));
    let (_dir, service) = server.stop();
    for (login, counts, held) in remote {
        let caller = service.caller(login, today).unwrap();
        let snapshot = service.snapshot(&caller, today).unwrap();
        assert_eq!(
            counts,
            service.visit_counts(&caller, &snapshot, from, to).unwrap(),
            "{login}"
        );
        assert_eq!(
            held,
            service.held_visits(&caller, anna_id, from, to).unwrap(),
            "{login}"
        );
    }
}

#[test]
fn drafts_belong_to_the_login_of_the_connection() {
    let server = TestServer::start();
    let anna = server.client("akowalska");
    let boss = server.client("kierownik");
    let draft = Draft {
        saved_at: "2026-11-22 10:15".into(),
        focus: 1,
        fields: vec![DraftField {
            id: "note".into(),
            text: "Rodzina prosi o termin po szkole".into(),
            choice: 0,
            flag: false,
        }],
    };
    assert_eq!(anna.draft("visit").unwrap(), None);
    anna.keep_draft("visit", &draft).unwrap();
    assert_eq!(anna.draft("visit").unwrap(), Some(draft.clone()));
    assert_eq!(boss.draft("visit").unwrap(), None);
    // Another login's discard does not reach it; the owner's does.
    boss.discard_draft("visit").unwrap();
    assert_eq!(anna.draft("visit").unwrap(), Some(draft));
    // A draft is nobody else's business: no push.
    assert!(
        boss.events()
            .recv_timeout(Duration::from_millis(200))
            .is_err()
    );
    anna.discard_draft("visit").unwrap();
    assert_eq!(anna.draft("visit").unwrap(), None);
    server.stop();
}

#[test]
fn crafted_calls_among_the_new_ones_are_refused_and_audited() {
    let server = TestServer::start();
    let anna = server.client("akowalska");
    let boss = server.client("kierownik");
    let (anna_id, _) = documented_family(&boss, &anna);
    let today = common::today();
    let everything = boss.snapshot(today).unwrap();
    let colleague = everything
        .families
        .iter()
        .find(|r| r.family.assistant.is_some_and(|a| a != anna_id))
        .unwrap()
        .family
        .id;
    let request = CourtRequest {
        id: 0,
        family_id: colleague,
        court: "Sąd Rejonowy".into(),
        signature: "III Nsm 1/26".into(),
        received: today,
        due: today,
        delivered: None,
    };
    assert!(matches!(
        anna.save_court_request(request, None, today),
        Err(CallError::Command(CommandError::Forbidden { .. }))
    ));
    assert!(matches!(
        anna.visit_warnings(&visit(colleague, date(2026, 11, 26), 0)),
        Err(CallError::Command(CommandError::Forbidden { .. }))
    ));
    assert_eq!(anna.newest_assessment(colleague).unwrap(), None);
    let log = boss
        .audit_log(Some(colleague), Some("akowalska"), None)
        .unwrap();
    let refusals = log
        .iter()
        .filter(|e| e.action == AuditAction::Refused)
        .count();
    assert!(refusals >= 2, "both crafted requests audited: {log:?}");
    assert!(
        boss.events()
            .recv_timeout(Duration::from_millis(200))
            .is_err(),
        "a refused save is not pushed"
    );
    server.stop();
}

/// An in-process server on the demo register that takes identity from the peer
/// credentials, as a real server does: every client of the test is the test's own Unix
/// user, which is also the server's.
fn start_peer_credentials(prepare: impl FnOnce(&Service)) -> TestServer {
    TestServer::start_as(asystent::server::Identity::PeerCredentials, prepare)
}

/// Adds the administrator `admin` as the first set-up does.
fn add_admin(service: &Service) {
    let setup = service.caller("setup", common::today()).unwrap();
    service
        .add_staff(&setup, "admin", "Adam Ministrator", Role::Admin)
        .unwrap();
}

/// The command's refusal, if the call was refused by the service.
fn refusal(result: Result<impl std::fmt::Debug, CallError>) -> CommandError {
    match result {
        Err(CallError::Command(e)) => e,
        other => panic!("expected a refusal: {other:?}"),
    }
}

#[test]
fn staff_accounts_and_stand_ins_over_the_socket_each_by_its_role() {
    let server = TestServer::start_with(add_admin);
    let admin = server.client("admin");
    let boss = server.client("kierownik");
    let anna = server.client("akowalska");
    let marek = server.client("mnowak");
    let today = common::today();

    // Listing: an administrator and a supervisor; not an assistant.
    let accounts = admin.staff_accounts().unwrap();
    assert!(accounts.iter().any(|s| s.login == "akowalska"));
    assert_eq!(boss.staff_accounts().unwrap(), accounts);
    assert!(matches!(
        refusal(anna.staff_accounts()),
        CommandError::AdminOnly { login } if login == "akowalska"
    ));

    // Adding: an administrator only; the others are told, since scopes may change.
    let added = admin
        .add_staff("nowa", "  Nowa Osoba ", Role::Assistant)
        .unwrap();
    assert_eq!((added.name.as_str(), added.active), ("Nowa Osoba", true));
    let told = boss.events().recv_timeout(Duration::from_secs(10));
    assert_eq!(told, Ok(Event::Push(Push::Changed { family: None })));
    assert!(matches!(
        refusal(admin.add_staff("nowa", "Druga", Role::Assistant)),
        CommandError::LoginTaken { .. }
    ));
    assert!(matches!(
        refusal(admin.add_staff("Zła Nazwa", "Ktoś", Role::Assistant)),
        CommandError::InvalidLogin { .. }
    ));
    for (who, client) in [("kierownik", &boss), ("akowalska", &anna)] {
        assert!(matches!(
            refusal(client.add_staff("inna", "Inna Osoba", Role::Admin)),
            CommandError::AdminOnly { login } if login == who
        ));
        assert!(matches!(
            refusal(client.disable_staff("pzielinski")),
            CommandError::AdminOnly { .. }
        ));
    }

    // Stand-ins: a supervisor only; the server's date decides the scope at once.
    let (from, to) = (date(2026, 11, 22), date(2026, 11, 30));
    for client in [&admin, &anna] {
        assert!(matches!(
            refusal(client.grant_stand_in("mnowak", "akowalska", from, to, today)),
            CommandError::SupervisorOnly { .. }
        ));
    }
    assert!(matches!(
        refusal(boss.grant_stand_in("mnowak", "mnowak", from, to, today)),
        CommandError::StandIn(_)
    ));
    let hers: HashSet<Id> = families_of(&anna).into_iter().collect();
    assert!(families_of(&marek).iter().all(|f| !hers.contains(f)));
    let holder = boss
        .grant_stand_in("mnowak", "akowalska", from, to, today)
        .unwrap();
    assert_eq!(holder.login, "mnowak");
    assert_eq!(
        holder.stand_ins.last().map(|s| (s.from, s.to)),
        Some((from, to))
    );
    let now_seen: HashSet<Id> = families_of(&marek).into_iter().collect();
    assert!(hers.is_subset(&now_seen), "Marek covers Anna's families");

    // Disabling: an administrator only; the account cannot connect any more.
    let disabled = admin.disable_staff("pzielinski").unwrap();
    assert!(!disabled.active);
    assert!(matches!(
        refusal(admin.disable_staff("nikt.obcy")),
        CommandError::UnknownStaff { .. }
    ));
    assert!(matches!(
        Client::connect_as(&server.socket, PROGRAM, "pzielinski").err(),
        Some(ClientError::Refused(Refusal::DisabledLogin { .. }))
    ));

    // Every refusal by role was audited with the login.
    let log = boss.audit_log(None, Some("akowalska"), None).unwrap();
    let refused = log
        .iter()
        .filter(|e| e.action == AuditAction::Refused)
        .count();
    assert!(refused >= 4, "{log:?}");
    server.stop();
}

#[test]
fn the_servers_own_user_sets_up_the_first_administrator_and_nothing_else() {
    let me = peer::current_login().unwrap();
    let server = start_peer_credentials(|service| {
        let caller = service.caller(&me, common::today()).unwrap();
        assert!(caller.account.is_none(), "the demo has no account {me}");
        assert!(!service.has_active_admin().unwrap());
    });
    // Welcomed without an account: no name, the role it acts in.
    let setup = Client::connect(&server.socket, PROGRAM).unwrap();
    assert_eq!(setup.welcome().login, me);
    assert_eq!(setup.welcome().name, "");
    assert_eq!(setup.welcome().role, Role::Admin);
    // Staff calls only: families and everything else are refused.
    let unknown =
        |e: CommandError| matches!(e, CommandError::UnknownStaff { login } if login == me);
    assert!(unknown(refusal(setup.snapshot(common::today()))));
    assert!(unknown(refusal(setup.family_detail(1))));
    assert!(unknown(refusal(setup.find_case("AR/2024/003"))));
    assert!(unknown(refusal(setup.audit_log(None, None, None))));
    assert!(unknown(refusal(setup.audit(
        AuditAction::Export,
        None,
        "alerts"
    ))));
    assert!(unknown(refusal(setup.ping())));
    assert!(!setup.staff_accounts().unwrap().is_empty());
    let admin = setup
        .add_staff("admin", "Adam Ministrator", Role::Admin)
        .unwrap();
    assert_eq!(admin.role, Role::Admin);
    // Once an administrator exists the set-up is over, on this connection too.
    assert!(matches!(
        refusal(setup.add_staff("drugi", "Drugi Admin", Role::Admin)),
        CommandError::AdminOnly { .. }
    ));
    assert!(matches!(
        refusal(setup.staff_accounts()),
        CommandError::AdminOnly { .. }
    ));
    let again = Client::connect(&server.socket, PROGRAM).err();
    assert!(
        matches!(&again, Some(ClientError::Refused(Refusal::UnknownLogin { login })) if *login == me),
        "{again:?}"
    );
    drop(setup);
    let (_dir, service) = server.stop();
    let boss = service.caller("kierownik", common::today()).unwrap();
    let log = service.audit_log(&boss, None, Some(&me), None).unwrap();
    let actions: Vec<AuditAction> = log.iter().map(|e| e.action).collect();
    assert_eq!(actions[0], AuditAction::Login, "{log:?}");
    assert!(
        log.iter()
            .any(|e| e.action == AuditAction::Create && e.entity == "staff admin")
    );
    assert_eq!(
        actions.last(),
        Some(&AuditAction::Refused),
        "the refused hello"
    );
}

#[test]
fn a_first_set_up_learns_who_it_is_and_adds_the_administrator_through_the_backend() {
    let me = peer::current_login().unwrap();
    let server = start_peer_credentials(|_| {});
    let setup = Client::connect(&server.socket, PROGRAM).unwrap();
    // Its session reveals only itself, without an account, and the rules.
    let session = setup.session(common::today()).unwrap();
    assert_eq!(session.caller.login, me);
    assert!(session.caller.account.is_none() && session.caller.covering.is_empty());
    assert_eq!(session.rules, Config::defaults().alert_rules());
    // The one backend of the app and the command line starts with that session.
    let dir = TempDir::new().unwrap();
    let remote = Remote::new(setup, common::today(), dir.path().to_path_buf()).unwrap();
    let caller = remote.caller().clone();
    let backend = Backend::Remote(remote);
    assert!(matches!(
        backend.snapshot(&caller, common::today()),
        Err(CommandError::UnknownStaff { .. })
    ));
    let admin = backend
        .add_staff(&caller, "admin", "Adam Ministrator", Role::Admin)
        .unwrap();
    assert_eq!((admin.login.as_str(), admin.role), ("admin", Role::Admin));
    drop(backend);
    server.stop();
}

#[test]
fn the_servers_own_user_is_refused_without_an_account_once_an_administrator_exists() {
    let server = start_peer_credentials(add_admin);
    let refused = Client::connect(&server.socket, PROGRAM).err();
    assert!(
        matches!(
            refused,
            Some(ClientError::Refused(Refusal::UnknownLogin { .. }))
        ),
        "{refused:?}"
    );
    server.stop();
}

#[test]
fn a_client_enters_only_prints_and_exports_of_families_it_sees_into_the_audit_log() {
    let server = TestServer::start();
    let anna = server.client("akowalska");
    let boss = server.client("kierownik");
    let mine = families_of(&anna)[0];
    let colleague = families_of(&boss)
        .into_iter()
        .find(|f| !families_of(&anna).contains(f))
        .unwrap();
    for action in [AuditAction::View, AuditAction::Create, AuditAction::Login] {
        let e = refusal(anna.audit(action, Some(mine), "family"));
        assert!(matches!(e, CommandError::ClientAuditRefused { action: a } if a == action));
        for lang in [Language::Polish, Language::English] {
            let text = i18n::command_error(lang, &e);
            assert!(
                text.contains(action.code()) && text.contains("200"),
                "{text}"
            );
        }
    }
    for what in ["", "dwa\nwiersze", &"x".repeat(201)] {
        assert!(matches!(
            refusal(anna.audit(AuditAction::Print, Some(mine), what)),
            CommandError::ClientAuditRefused { .. }
        ));
    }
    assert!(matches!(
        refusal(anna.audit(
            AuditAction::Print,
            Some(colleague),
            "plan 1 version 1 print"
        )),
        CommandError::Forbidden { .. }
    ));
    assert!(matches!(
        refusal(anna.audit(AuditAction::Export, Some(999_999_999), "plan export")),
        CommandError::NotFound(999_999_999)
    ));
    anna.audit(AuditAction::Print, Some(mine), "plan 1 version 1 print")
        .unwrap();
    anna.audit(AuditAction::Export, None, "alerts").unwrap();
    // Nobody is told about an audit entry.
    assert!(
        boss.events()
            .recv_timeout(Duration::from_millis(200))
            .is_err()
    );
    let log = boss.audit_log(None, Some("akowalska"), None).unwrap();
    let entries: Vec<(AuditAction, Option<Id>, &str)> = log
        .iter()
        .filter(|e| e.action != AuditAction::Login)
        .map(|e| (e.action, e.family, e.entity.as_str()))
        .collect();
    assert_eq!(
        entries[entries.len() - 2..],
        [
            (AuditAction::Print, Some(mine), "plan 1 version 1 print"),
            (AuditAction::Export, None, "alerts"),
        ]
    );
    let refused = entries
        .iter()
        .filter(|e| e.0 == AuditAction::Refused)
        .count();
    assert_eq!(
        refused, 7,
        "every refusal but the missing family: {entries:?}"
    );
    server.stop();
}

/// Runs `asystent ARGS --db DB --today 2026-11-22` in `dir` and gives its stdout,
/// asserting success.
fn cli_ok(dir: &Path, db: &Path, args: &[&str]) -> String {
    let mut all = args.to_vec();
    all.extend_from_slice(&["--db", db.to_str().unwrap(), "--today", "2026-11-22"]);
    let out = common::cli::run(&all, dir);
    assert!(
        out.status.success(),
        "{args:?}: {}",
        common::cli::stderr(&out)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn staff_audit_and_alerts_commands_work_through_a_running_server_as_embedded() {
    let server = TestServer::start_with(add_admin);
    let dir = server.dir.path().to_path_buf();
    let db = dir.join("db");
    let socket = server.socket.to_str().unwrap().to_string();
    // Something of Anna's in the audit log: her login and a view.
    let anna = server.client("akowalska");
    anna.family_detail(families_of(&anna)[0]).unwrap();
    drop(anna);

    // The database is the server's: only through it, named or found beside the database.
    let held = common::cli::run(&["check", "--db", db.to_str().unwrap()], &dir);
    assert!(!held.status.success());
    let granted = cli_ok(
        &dir,
        &db,
        &[
            "staff",
            "stand-in",
            "mnowak",
            "--for",
            "akowalska",
            "--from",
            "23.11.2026",
            "--to",
            "2026-11-30",
            "--user",
            "kierownik",
            "--server",
            &socket,
        ],
    );
    assert!(
        granted.starts_with("mnowak  asystent rodziny  czynne  ")
            && granted.contains("  zastępuje akowalska 23.11.2026–30.11.2026"),
        "{granted}"
    );
    let added = cli_ok(
        &dir,
        &db,
        &[
            "staff",
            "add",
            "nowa",
            "--name",
            "Nowa Osoba",
            "--role",
            "assistant",
            "--user",
            "admin",
        ],
    );
    assert_eq!(added, "nowa  asystent rodziny  czynne  Nowa Osoba\n");
    let refused = common::cli::run(
        &[
            "staff",
            "disable",
            "nowa",
            "--db",
            db.to_str().unwrap(),
            "--user",
            "kierownik",
        ],
        &dir,
    );
    assert_eq!(refused.status.code(), Some(1));
    assert!(
        common::cli::stderr(&refused).contains("tylko administrator"),
        "{}",
        common::cli::stderr(&refused)
    );

    let list = ["staff", "list", "--user", "kierownik"];
    let audit = ["audit", "--user", "kierownik", "--staff", "akowalska"];
    let alerts = ["alerts", "--user", "kierownik"];
    let with_server = |args: &[&str]| {
        let mut all = args.to_vec();
        all.extend_from_slice(&["--server", &socket]);
        cli_ok(&dir, &db, &all)
    };
    let served = [
        with_server(&list),
        cli_ok(&dir, &db, &list),
        with_server(&audit),
        cli_ok(&dir, &db, &audit),
    ];
    assert_eq!(served[0], served[1]);
    assert_eq!(served[2], served[3]);
    assert!(served[0].contains("nowa  asystent rodziny  czynne  Nowa Osoba"));
    assert!(served[2].contains("  akowalska  view  "), "{}", served[2]);
    // Alerts exit 1 when something is overdue (the demo has some): same output anyway.
    let alerts_out = |args: &[&str]| {
        let mut all = args.to_vec();
        all.extend_from_slice(&["--db", db.to_str().unwrap(), "--today", "2026-11-22"]);
        let out = common::cli::run(&all, &dir);
        assert!(
            out.status.code().is_some_and(|c| c < 2),
            "{}",
            common::cli::stderr(&out)
        );
        (out.status.code(), String::from_utf8(out.stdout).unwrap())
    };
    let mut alerts_served = alerts.to_vec();
    alerts_served.extend_from_slice(&["--server", &socket]);
    let served_alerts = alerts_out(&alerts_served);
    assert!(!served_alerts.1.is_empty());
    // A refusal reads as in embedded mode.
    let denied = common::cli::run(
        &["audit", "--db", db.to_str().unwrap(), "--user", "mnowak"],
        &dir,
    );
    assert_eq!(denied.status.code(), Some(1));
    assert!(common::cli::stderr(&denied).contains("tylko kierownik"));

    // The same commands on the database itself once the server is gone.
    let (_dir, service) = server.stop();
    drop(service);
    assert!(!Path::new(&socket).exists());
    assert_eq!(cli_ok(&dir, &db, &list), served[0]);
    assert_eq!(cli_ok(&dir, &db, &audit), served[2]);
    assert_eq!(alerts_out(&alerts), served_alerts);
    // The export entry of each alerts run was written, through the server or not.
    let log = cli_ok(
        &dir,
        &db,
        &["audit", "--user", "kierownik", "--since", "2000-01-01"],
    );
    let exports = log
        .lines()
        .filter(|l| l.ends_with("  export  -  alerts"))
        .count();
    assert_eq!(exports, 2, "{log}");
}

#[test]
fn the_first_administrator_is_added_through_the_running_server_by_its_own_user() {
    let dir = TempDir::new().unwrap();
    let db = common::cli::demo_db(dir.path());
    let socket = dir.path().join("asystent.sock");
    let mut server = RealServer::start(&db, &socket);
    // No --server: the socket beside the database; no --user: the Unix user, the server's.
    let added = cli_ok(
        dir.path(),
        &db,
        &[
            "staff",
            "add",
            "admin",
            "--name",
            "Adam Ministrator",
            "--role",
            "admin",
        ],
    );
    assert_eq!(added, "admin  administrator  czynne  Adam Ministrator\n");
    // The set-up is over: the server's user has no account and is refused.
    let after = common::cli::run(&["staff", "list", "--db", db.to_str().unwrap()], dir.path());
    assert_eq!(after.status.code(), Some(1));
    assert!(
        common::cli::stderr(&after).contains("nie ma konta pracownika"),
        "{}",
        common::cli::stderr(&after)
    );
    // A real server takes nobody's word for a login.
    let claimed = common::cli::run(
        &[
            "staff",
            "list",
            "--db",
            db.to_str().unwrap(),
            "--user",
            "admin",
        ],
        dir.path(),
    );
    assert_eq!(claimed.status.code(), Some(1));
    server.signal(libc::SIGTERM);
    assert!(server.child.wait().unwrap().success());
    let store = Store::open(&db).unwrap();
    let accounts = store.staff().unwrap().records;
    assert!(
        accounts
            .iter()
            .any(|s| s.value.login == "admin" && s.value.role == Role::Admin)
    );
}

#[test]
fn a_trusted_claim_of_the_servers_own_login_is_a_first_set_up_too() {
    let me = peer::current_login().unwrap();
    let server = TestServer::start();
    let setup = server.client(&me);
    assert_eq!(
        (setup.welcome().name.as_str(), setup.welcome().role),
        ("", Role::Admin)
    );
    assert!(matches!(
        refusal(setup.snapshot(common::today())),
        CommandError::UnknownStaff { .. }
    ));
    // Any other login without an account stays refused.
    assert!(matches!(
        Client::connect_as(&server.socket, PROGRAM, "nikt.obcy").err(),
        Some(ClientError::Refused(Refusal::UnknownLogin { .. }))
    ));
    server.stop();
}

#[test]
fn a_command_that_loses_the_server_says_so_as_a_one_shot_command() {
    let dir = TempDir::new().unwrap();
    let socket = dir.path().join("lost.sock");
    let listener = UnixListener::bind(&socket).unwrap();
    // A server that welcomes each connection and hangs up at its first call.
    let fake = thread::spawn(move || {
        for _ in 0..2 {
            let (mut stream, _) = listener.accept().unwrap();
            let _hello: ClientMsg = protocol::read_frame(&mut stream).unwrap();
            let welcome = ServerMsg::Welcome(Welcome {
                login: "kierownik".into(),
                name: "Kierowniczka".into(),
                role: Role::Supervisor,
                program: PROGRAM.into(),
            });
            protocol::write_frame(&mut stream, &welcome).unwrap();
            let _call: ClientMsg = protocol::read_frame(&mut stream).unwrap();
        }
    });
    let db = dir.path().join("db");
    let (db, socket) = (db.to_str().unwrap(), socket.to_str().unwrap());
    // `alerts` runs from cron, where 1 means "something is overdue": its errors are 2.
    for (command, code) in [(&["staff", "list"][..], 1), (&["alerts"][..], 2)] {
        let mut args = command.to_vec();
        args.extend_from_slice(&["--db", db, "--server", socket]);
        let out = common::cli::run(&args, dir.path());
        assert_eq!(out.status.code(), Some(code), "{command:?}");
        let said = common::cli::stderr(&out);
        assert!(said.contains("Połączenie z serwerem zawiodło"), "{said}");
        assert!(
            !said.contains("formularz") && !said.contains("ponowne"),
            "no form, no reconnecting: {said}"
        );
        // The connection's own words are Polish too.
        assert!(
            !said.contains("connection") && !said.contains("server"),
            "{said}"
        );
    }
    fake.join().unwrap();
}

#[test]
fn the_period_exports_over_the_socket_are_the_services_and_only_the_supervisors() {
    let server = TestServer::start();
    let (from, to) = (date(2026, 1, 1), date(2026, 6, 30));
    let boss = Backend::Remote(
        Remote::new(
            server.client("kierownik"),
            common::today(),
            server.dir.path().join("dokumenty"),
        )
        .unwrap(),
    );
    let caller = boss.remote().unwrap().caller().clone();
    let families = boss.export_families(&caller, from, to).unwrap();
    let visits = boss.export_visits(&caller, from, to).unwrap();
    assert!(!families.lines.is_empty() && !visits.lines.is_empty());
    let anna = server.client("akowalska");
    for refused in [
        refusal(anna.export_families(from, to)),
        refusal(anna.export_visits(from, to)),
    ] {
        assert!(
            matches!(&refused, CommandError::ReportSupervisorOnly { login } if login == "akowalska"),
            "{refused:?}"
        );
    }
    // A period that ends before it starts is the service's refusal too.
    assert!(matches!(
        refusal(boss.remote().unwrap().client().export_visits(to, from)),
        CommandError::PeriodBackwards { .. }
    ));
    drop((boss, anna));

    // Every call over the socket is in the audit log, and the lines are the embedded service's.
    let (_dir, service) = server.stop();
    let boss = service.caller("kierownik", common::today()).unwrap();
    let log = service.audit_log(&boss, None, None, None).unwrap();
    let entries = |login: &str, action: AuditAction, what: &str| {
        log.iter()
            .filter(|e| e.login == login && e.action == action && e.entity == what)
            .count()
    };
    let period = "2026-01-01..2026-06-30";
    let exported = |what: &str| entries("kierownik", AuditAction::Export, what);
    assert_eq!(exported(&format!("families export {period}")), 1, "{log:?}");
    assert_eq!(exported(&format!("visits export {period}")), 1, "{log:?}");
    assert_eq!(
        entries("akowalska", AuditAction::Refused, "families export"),
        1
    );
    assert_eq!(
        entries("akowalska", AuditAction::Refused, "visits export"),
        1
    );
    assert_eq!(service.export_families(&boss, from, to).unwrap(), families);
    assert_eq!(service.export_visits(&boss, from, to).unwrap(), visits);
}
