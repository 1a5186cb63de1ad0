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
        let (dir, store) = super::demo_store();
        let config = Config::defaults();
        let service = Service::new(store, config.alert_rules(), config.caseload_limit)
            .with_clock(super::clock);
        prepare(&service);
        TestServer::resume(dir, service)
    }

    /// Starts again on a service given back by [`TestServer::stop`], on the same socket.
    pub fn resume(dir: TempDir, service: Service) -> TestServer {
        let socket = dir.path().join("asystent.sock");
        let mut options = ServerOptions::new(socket.clone());
        options.identity = Identity::TrustClaimedLogin;
        options.today = Box::new(super::today);
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
