//! Server mode on loopback at office scale: request latency (median, p99) and
//! throughput for 1, 10 and 30 clients, each an assistant reading a family's details
//! and every tenth request booking a visit. `cargo bench --bench server` prints the
//! figures, `-- --write BENCHMARKS.md` replaces the report's server section; the office
//! database is generated on first use in target/bench-data/ (the same one `--bench
//! workstation` uses) and copied, so the benchmark's saves stay out of it.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread;
use std::time::{Duration, Instant};

mod shared;

use shared::today;

use asystent::config::Config;
use asystent::demo::DemoSpec;
use asystent::domain::{Id, Role, Visit, VisitKind, VisitPlace, VisitStatus};
use asystent::server::client::Client;
use asystent::server::{Identity, Server, ServerOptions};
use asystent::service::Service;
use asystent::store::Store;
use chrono::{NaiveDate, NaiveTime};

/// The office scale of `benches/workstation.rs`.
const OFFICE: DemoSpec = DemoSpec {
    families: 450,
    years: 5,
    seed: 2026,
};

/// How long each client count runs.
const RUN_FOR: Duration = Duration::from_secs(4);

/// The office database of `benches/workstation.rs`, generated on first use.
fn office_database() -> PathBuf {
    shared::database("office", &OFFICE)
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1000.0)
}

/// A planned visit of `family` on a December day.
fn visit(family: Id, n: u64) -> Visit {
    Visit {
        id: 0,
        family_id: family,
        assistant: 0,
        date: NaiveDate::from_ymd_opt(2026, 12, 1).unwrap_or_default() + chrono::Days::new(n % 28),
        time: NaiveTime::from_hms_opt(8 + (n % 10) as u32, (n % 4 * 15) as u32, 0)
            .unwrap_or_default(),
        duration_min: 30,
        place: VisitPlace::FamilyHome,
        kind: VisitKind::HomeVisit,
        status: VisitStatus::Planned,
        record: Default::default(),
        history: Vec::new(),
    }
}

/// Runs `clients` clients for [`RUN_FOR`]; gives (read latencies, save latencies).
fn run(socket: &Path, logins: &[String], clients: usize) -> (Vec<Duration>, Vec<Duration>) {
    let stop = Arc::new(AtomicBool::new(false));
    let workers: Vec<_> = (0..clients)
        .map(|i| {
            let client = Client::connect_as(socket, "bench", &logins[i % logins.len()]).unwrap();
            let stop = stop.clone();
            thread::spawn(move || {
                let families: Vec<Id> = client
                    .snapshot(today())
                    .unwrap()
                    .families
                    .iter()
                    .map(|r| r.family.id)
                    .collect();
                let (mut reads, mut saves) = (Vec::new(), Vec::new());
                let mut n = 0u64;
                while !stop.load(Ordering::Relaxed) {
                    n += 1;
                    let family = families[n as usize % families.len()];
                    let start = Instant::now();
                    if n.is_multiple_of(10) {
                        client.save_visit(visit(family, n), None).unwrap();
                        saves.push(start.elapsed());
                    } else {
                        client.family_detail(family).unwrap();
                        reads.push(start.elapsed());
                    }
                }
                (reads, saves)
            })
        })
        .collect();
    thread::sleep(RUN_FOR);
    stop.store(true, Ordering::Relaxed);
    let (mut reads, mut saves) = (Vec::new(), Vec::new());
    for w in workers {
        let (r, s) = w.join().unwrap();
        reads.extend(r);
        saves.extend(s);
    }
    reads.sort();
    saves.sort();
    (reads, saves)
}

fn main() {
    if std::env::args().any(|a| a == "--help") {
        println!(
            "cargo bench --bench server: latency and throughput of asystent serve at office scale"
        );
        return;
    }
    let work = tempfile::TempDir::new().unwrap();
    let db = work.path().join("db");
    copy_dir(&office_database(), &db);
    let store = Store::open(&db).unwrap();
    let logins: Vec<String> = store
        .staff()
        .unwrap()
        .records
        .into_iter()
        .map(|s| s.value)
        .filter(|s| s.active && s.role == Role::Assistant)
        .map(|s| s.login)
        .collect();
    let config = Config::defaults();
    let service = Service::new(store, config.alert_rules(), config.caseload_limit);
    let socket = work.path().join("asystent.sock");
    let mut options = ServerOptions::new(socket.clone());
    options.identity = Identity::TrustClaimedLogin;
    options.today = Box::new(today);
    let server = Server::bind(service, options).unwrap();
    let handle = server.handle();
    let running = thread::spawn(move || server.run());

    let ping = Client::connect_as(&socket, "bench", &logins[0]).unwrap();
    let mut pings: Vec<Duration> = (0..2000)
        .map(|_| {
            let start = Instant::now();
            ping.ping().unwrap();
            start.elapsed()
        })
        .collect();
    pings.sort();
    drop(ping);
    let mut section = format!(
        "{}\n\nMeasured with `cargo bench --locked --bench server` (part of the regenerating \
         command above). Office scale ({} families × {} years), {} assistants, an in-process \
         server on a loopback Unix socket, each run {} s; every request is an assistant \
         reading a family's details (audited, so also a write), every tenth books a visit \
         (a flushed save).\n\n",
        shared::SERVER_HEADING,
        OFFICE.families,
        OFFICE.years,
        logins.len(),
        RUN_FOR.as_secs()
    );
    section.push_str(&format!(
        "Ping (1 client): median {}, p99 {}, n={}.\n\n",
        ms(percentile(&pings, 0.5)),
        ms(percentile(&pings, 0.99)),
        pings.len()
    ));
    section.push_str(
        "| clients | requests/s | family_detail median | p99 | save_visit median | p99 | requests |\n\
         |---|---|---|---|---|---|---|\n",
    );
    for clients in [1, 10, 30] {
        let (reads, saves) = run(&socket, &logins, clients);
        let total = reads.len() + saves.len();
        section.push_str(&format!(
            "| {clients} | {:.0} | {} | {} | {} | {} | {total} |\n",
            total as f64 / RUN_FOR.as_secs_f64(),
            ms(percentile(&reads, 0.5)),
            ms(percentile(&reads, 0.99)),
            ms(percentile(&saves, 0.5)),
            ms(percentile(&saves, 0.99)),
        ));
    }
    print!("{section}");
    let args: Vec<String> = std::env::args().collect();
    if let Some(path) = args
        .iter()
        .position(|a| a == "--write")
        .and_then(|i| args.get(i + 1))
    {
        shared::write_part(path, None, Some(&section));
    }
    handle.shutdown();
    let service = running.join().unwrap().unwrap();
    drop(service);
}
