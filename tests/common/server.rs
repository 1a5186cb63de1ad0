//! An in-process `asystent serve` on the demo register and a temporary socket, trusting
//! the login of each hello so that one Unix user can act as several members of staff.

use std::path::PathBuf;
use std::thread::{self, JoinHandle};

use asystent::config::Config;
use asystent::server::client::Client;
use asystent::server::{Identity, ServeError, Server, ServerHandle, ServerOptions};
use asystent::service::Service;
use tempfile::TempDir;

/// The program version test clients say hello with.
pub const PROGRAM: &str = "asystent-test";

/// A running in-process server.
pub struct TestServer {
    pub dir: TempDir,
    pub socket: PathBuf,
    pub handle: ServerHandle,
    pub thread: JoinHandle<Result<Service, ServeError>>,
}

impl TestServer {
    /// Starts on a fresh demo register.
    pub fn start() -> TestServer {
        TestServer::start_with(|_| {})
    }

    /// Starts after `prepare` has run on the service (to add or disable accounts).
    pub fn start_with(prepare: impl FnOnce(&Service)) -> TestServer {
        TestServer::start_as(Identity::TrustClaimedLogin, prepare)
    }

    /// Starts after `prepare`, taking each client's login as `identity` says.
    pub fn start_as(identity: Identity, prepare: impl FnOnce(&Service)) -> TestServer {
        let (dir, store) = super::demo_store();
        let config = Config::defaults();
        let service = Service::new(store, config.alert_rules(), config.caseload_limit)
            .with_clock(super::clock);
        prepare(&service);
        TestServer::bind(dir, service, identity)
    }

    /// Starts again on a service given back by [`TestServer::stop`], on the same socket.
    pub fn resume(dir: TempDir, service: Service) -> TestServer {
        TestServer::bind(dir, service, Identity::TrustClaimedLogin)
    }

    /// Serves `service` on the socket in `dir`.
    fn bind(dir: TempDir, service: Service, identity: Identity) -> TestServer {
        let socket = dir.path().join("asystent.sock");
        let mut options = ServerOptions::new(socket.clone());
        options.identity = identity;
        options.today = Box::new(super::today);
        // Fewer than the demo's alerts, more than an 80×24 Overview shows: every
        // supervisor's first Overview is sent cut short.
        options.first_frame_alerts = 10;
        let server = Server::bind(service, options).unwrap();
        let handle = server.handle();
        let thread = thread::spawn(move || server.run());
        TestServer {
            dir,
            socket,
            handle,
            thread,
        }
    }

    /// A client claiming `login`.
    pub fn client(&self, login: &str) -> Client {
        Client::connect_as(&self.socket, PROGRAM, login).unwrap()
    }

    /// Stops the server and gives the service back (the store still open).
    pub fn stop(self) -> (TempDir, Service) {
        self.handle.shutdown();
        let service = self.thread.join().unwrap().unwrap();
        (self.dir, service)
    }
}

/// `asystent serve` (the real binary) on `db` as a child process on the database's own
/// socket, trusting the login each client claims with `--user`; killed if a test fails
/// before [`ServedBinary::stop`].
pub struct ServedBinary(pub std::process::Child);

impl ServedBinary {
    /// Starts the server with `dir` as its config and data directory; returns once its
    /// socket answers.
    pub fn start(db: &std::path::Path, dir: &std::path::Path) -> ServedBinary {
        let child = std::process::Command::new(super::cli::BIN)
            .args(["serve", "--db", db.to_str().unwrap()])
            .args(["--today", "2026-11-22", "--trust-login-from-hello"])
            .env("XDG_CONFIG_HOME", dir)
            .env("XDG_DATA_HOME", dir)
            .stdin(std::process::Stdio::null())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        let served = ServedBinary(child);
        let socket = asystent::server::default_socket(db);
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
        while std::os::unix::net::UnixStream::connect(&socket).is_err() {
            assert!(
                std::time::Instant::now() < deadline,
                "the server did not come up"
            );
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
        served
    }

    /// SIGTERM, as `systemctl stop` sends it; the server must exit 0.
    pub fn stop(mut self) {
        let pid = i32::try_from(self.0.id()).unwrap();
        // SAFETY: kill has no memory-safety preconditions.
        assert_eq!(unsafe { libc::kill(pid, libc::SIGTERM) }, 0);
        assert!(self.0.wait().unwrap().success(), "the server exits 0");
    }
}

impl Drop for ServedBinary {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}
