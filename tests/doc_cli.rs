//! `asystent doc opinion|brief|plan|visit`: the real binary on a demo database — files
//! written where they should be, private and never overwritten, every one audited; bad
//! input and other people's families refused with a message and exit code 1. Through a
//! running server (`doc` and `plan export`): the same files, written on the client's
//! side, audited in the server's log, and taken back when that entry is not confirmed.

mod common;

use std::io::Read;
use std::os::unix::net::UnixStream;
use std::path::{Path, PathBuf};
use std::process::Output;

use asystent::domain::audit::AuditAction;
use common::cli::{demo_db, run, stderr};
use common::server::ServedBinary;

/// The family with the open court request "III Nsm 233/26"; its assistant is pzielinski
/// and its referring social worker ps.lis.
const CASE: &str = "AR/2024/002";

/// Its record id in the demo register.
const FAMILY_ID: u64 = 2;

/// Runs `asystent doc ARGS` on the demo database as `login`.
fn doc(db: &Path, dir: &Path, login: &str, args: &[&str]) -> Output {
    let mut all = vec!["doc"];
    all.extend_from_slice(args);
    common::cli::run_as(dir, db, login, &all)
}

/// The path a successful run printed.
fn written(out: &Output) -> PathBuf {
    assert!(out.status.success(), "{}", stderr(out));
    PathBuf::from(String::from_utf8_lossy(&out.stdout).trim())
}

/// The family's print entries in the audit log: (login, what).
fn prints(db: &Path) -> Vec<(String, String)> {
    let store = asystent::store::Store::open(db).unwrap();
    store
        .family_audit(FAMILY_ID, 100)
        .unwrap()
        .into_iter()
        .filter(|e| e.action == AuditAction::Print)
        .map(|e| (e.login, e.entity))
        .collect()
}

/// The main part of a DOCX file, as XML.
fn document_xml(path: &Path) -> String {
    let file = std::fs::File::open(path).unwrap();
    let mut archive = zip::ZipArchive::new(file).unwrap();
    let mut xml = String::new();
    archive
        .by_name("word/document.xml")
        .unwrap()
        .read_to_string(&mut xml)
        .unwrap();
    xml
}

#[test]
fn every_document_is_written_privately_printed_and_audited() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let docs = dir.path().join("dokumenty");
    let period = ["--from", "2026-05-22", "--to", "dziś"];

    // The only court request of the family needs no naming.
    let mut args = vec!["opinion", " ar/2024/002 "];
    args.extend_from_slice(&period);
    let path = written(&doc(&db, dir.path(), "pzielinski", &args));
    assert_eq!(path, docs.join("opinia-AR-2024-002-III-Nsm-233-26.txt"));
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains("OPINIA O RODZINIE"), "{text}");
    assert!(text.contains("Okres objęty opinią: 22.05.2026 – 22.11.2026"));
    let mode = std::fs::metadata(&path).unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o600, "personal data: owner only");

    // The same by signature, as DOCX, in English; a second file, the first kept.
    let mut args = vec!["opinion", CASE, "--signature", "iii nsm 233/26"];
    args.extend_from_slice(&period);
    args.extend_from_slice(&["--format", "docx", "--lang", "en"]);
    let docx = written(&doc(&db, dir.path(), "pzielinski", &args));
    assert_eq!(docx, docs.join("opinia-AR-2024-002-III-Nsm-233-26.docx"));
    let xml = document_xml(&docx);
    assert!(xml.contains(CASE) && xml.contains("OPINION ON THE FAMILY"));
    assert_eq!(std::fs::read_to_string(&path).unwrap(), text);

    // By its number on the family's list, to a named file.
    let named = dir.path().join("opinia.txt");
    let mut args = vec!["opinion", CASE, "--request", "1", "--out"];
    args.push(named.to_str().unwrap());
    args.extend_from_slice(&period);
    assert_eq!(written(&doc(&db, dir.path(), "pzielinski", &args)), named);

    let brief = written(&doc(&db, dir.path(), "pzielinski", &["brief", CASE]));
    assert_eq!(brief, docs.join("informacja-AR-2024-002-2026-11-22.txt"));
    let text = std::fs::read_to_string(&brief).unwrap();
    assert!(text.contains("INFORMACJA O RODZINIE") && text.contains("strona 1 z 1"));

    let plan = written(&doc(
        &db,
        dir.path(),
        "pzielinski",
        &["plan", CASE, "--format", "docx"],
    ));
    assert_eq!(plan, docs.join("plan-AR-2024-002-v2.docx"));
    assert!(document_xml(&plan).contains("PLAN PRACY Z RODZINĄ"));
    let old = written(&doc(
        &db,
        dir.path(),
        "pzielinski",
        &["plan", CASE, "--version", "1"],
    ));
    assert!(
        std::fs::read_to_string(&old)
            .unwrap()
            .contains("zastąpiona nowszą wersją")
    );

    let visit = written(&doc(
        &db,
        dir.path(),
        "pzielinski",
        &["visit", CASE, "--date", "20.11.2026"],
    ));
    assert_eq!(visit, docs.join("wizyta-AR-2024-002-2026-11-20.txt"));
    let text = std::fs::read_to_string(&visit).unwrap();
    assert!(text.contains("20.11.2026 08:30"), "{text}");
    let visit = written(&doc(
        &db,
        dir.path(),
        "pzielinski",
        &[
            "visit",
            CASE,
            "--date",
            "2026-11-20",
            "--time",
            "8:30",
            "--format",
            "docx",
        ],
    ));
    assert!(visit.ends_with("wizyta-AR-2024-002-2026-11-20.docx"));

    let entries = prints(&db);
    let whats: Vec<&str> = entries.iter().map(|(_, w)| w.as_str()).collect();
    assert!(entries.iter().all(|(login, _)| login == "pzielinski"));
    assert_eq!(entries.len(), 8, "{whats:?}");
    for part in [
        "court_request 1 opinion 2026-05-22–2026-11-22 txt",
        "court_request 1 opinion 2026-05-22–2026-11-22 docx",
        "brief txt",
        "version 2 docx",
        "version 1 txt",
        "visit ",
    ] {
        assert!(
            whats.iter().any(|w| w.contains(part)),
            "{part} in {whats:?}"
        );
    }
}

#[test]
fn bad_input_is_explained_in_both_languages_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let refused = |args: &[&str], polish: &str, english: &str| {
        let out = doc(&db, dir.path(), "pzielinski", args);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {}", stderr(&out));
        assert!(out.stdout.is_empty(), "{args:?}");
        assert!(stderr(&out).contains(polish), "{args:?}: {}", stderr(&out));
        let mut en = args.to_vec();
        en.extend_from_slice(&["--lang", "en"]);
        let out = doc(&db, dir.path(), "pzielinski", &en);
        assert_eq!(out.status.code(), Some(1));
        assert!(stderr(&out).contains(english), "{args:?}: {}", stderr(&out));
    };
    let period = |from: &'static str, to: &'static str| ["--from", from, "--to", to];
    let with = |head: &[&'static str], tail: &[&'static str]| {
        let mut v = head.to_vec();
        v.extend_from_slice(tail);
        v
    };

    refused(
        &with(
            &["opinion", "AR/1999/999"],
            &period("2026-05-01", "2026-11-22"),
        ),
        "Nie znaleziono sprawy \"AR/1999/999\"",
        "No case \"AR/1999/999\"",
    );
    refused(
        &with(&["opinion", CASE], &period("2026-02-30", "2026-11-22")),
        "--from \"2026-02-30\" to nie data",
        "--from \"2026-02-30\" is not a date",
    );
    refused(
        &with(&["opinion", CASE], &period("2026-11-01", "2026-10-01")),
        "później, niż się kończy",
        "after it ends",
    );
    refused(
        &with(&["opinion", CASE], &period("2026-12-01", "2026-12-31")),
        "po dniu dzisiejszym",
        "after today",
    );
    // Another court's signature, or a number past the family's list.
    refused(
        &with(
            &["opinion", CASE, "--signature", "IV Nsm 1/26"],
            &period("2026-05-01", "2026-11-22"),
        ),
        "nie ma wniosku sądu \"IV Nsm 1/26\". Wnioski tej rodziny: 1. \"III Nsm 233/26\"",
        "has no court request \"IV Nsm 1/26\"",
    );
    refused(
        &with(
            &["opinion", CASE, "--request", "2"],
            &period("2026-05-01", "2026-11-22"),
        ),
        "nie ma wniosku sądu nr 2",
        "has no court request no. 2",
    );
    // A family without a court request (pzielinski's AR/2025/003 has none).
    refused(
        &with(
            &["opinion", "AR/2025/003"],
            &period("2026-05-01", "2026-11-22"),
        ),
        "nie ma wniosków sądu",
        "has no court requests",
    );
    refused(
        &["visit", CASE, "--date", "2026-11-21"],
        "nie ma wizyty dnia 21.11.2026",
        "has no visit on 21.11.2026",
    );
    refused(
        &["visit", CASE, "--date", "2026-11-20", "--time", "25:00"],
        "to nie godzina",
        "is not a time of day",
    );
    refused(
        &["plan", CASE, "--version", "9"],
        "nie ma wersji 9",
        "has no version 9",
    );
    assert!(
        !dir.path().join("dokumenty").exists(),
        "nothing written on errors"
    );
    assert!(prints(&db).is_empty(), "nothing audited as printed");

    // A named file that exists is never overwritten.
    let named = dir.path().join("brief.txt");
    std::fs::write(&named, "mine").unwrap();
    let out = doc(
        &db,
        dir.path(),
        "pzielinski",
        &["brief", CASE, "--out", named.to_str().unwrap()],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("nie zostanie nadpisany"),
        "{}",
        stderr(&out)
    );
    assert_eq!(std::fs::read_to_string(&named).unwrap(), "mine");
}

#[test]
fn documents_stay_within_the_callers_scope() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let opinion = [
        "opinion",
        CASE,
        "--from",
        "2026-05-01",
        "--to",
        "2026-11-22",
    ];
    for (login, args) in [
        // Another assistant's family.
        ("akowalska", &opinion[..]),
        ("akowalska", &["brief", CASE][..]),
        ("mnowak", &["visit", CASE, "--date", "2026-11-20"][..]),
        // A social worker who did not refer the family.
        ("ps.wrona", &["brief", CASE][..]),
        ("ps.wrona", &["plan", CASE][..]),
    ] {
        let out = doc(&db, dir.path(), login, args);
        assert_eq!(out.status.code(), Some(1), "{login} {args:?}");
        assert!(
            stderr(&out)
                .contains("Nie znaleziono sprawy \"AR/2024/002\" wśród rodzin, które widzisz."),
            "{login}: {}",
            stderr(&out)
        );
    }
    assert!(!dir.path().join("dokumenty").exists());
    assert!(prints(&db).is_empty());

    // The social worker who referred the family may have its documents, and so may
    // the supervisor.
    written(&doc(&db, dir.path(), "ps.lis", &["brief", CASE]));
    written(&doc(&db, dir.path(), "kierownik", &opinion));
    let logins: Vec<String> = prints(&db).into_iter().map(|(l, _)| l).collect();
    assert_eq!(logins.len(), 2);
    assert!(logins.contains(&"ps.lis".to_string()) && logins.contains(&"kierownik".to_string()));
}

/// Runs `asystent plan export CASE EXTRA` on the demo database as `login`.
fn export(db: &Path, dir: &Path, login: &str, extra: &[&str]) -> Output {
    let mut all = vec!["plan", "export", CASE];
    all.extend_from_slice(extra);
    all.extend_from_slice(&[
        "--db",
        db.to_str().unwrap(),
        "--today",
        "2026-11-22",
        "--user",
        login,
    ]);
    run(&all, dir)
}

#[test]
fn documents_through_a_running_server_are_the_embedded_ones_audited_by_the_server() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let home = dir.path();

    // On the database itself first, for comparison.
    let local_brief = written(&doc(&db, home, "pzielinski", &["brief", CASE]));
    let local_plan = written(&export(&db, home, "pzielinski", &[]));
    let local_refusals = [
        doc(&db, home, "akowalska", &["brief", CASE]),
        export(&db, home, "akowalska", &[]),
        export(&db, home, "akowalska", &["--lang", "en"]),
    ];

    let server = ServedBinary::start(&db, home);
    assert!(
        asystent::store::Store::open(&db).is_err(),
        "the database is the server's"
    );
    // The user's own documents directory, not the one beside the server's database.
    let own = home.join("asystent").join("dokumenty");
    let brief = written(&doc(&db, home, "pzielinski", &["brief", CASE]));
    assert_eq!(brief, own.join("informacja-AR-2024-002-2026-11-22.txt"));
    assert_eq!(
        std::fs::read_to_string(&brief).unwrap(),
        std::fs::read_to_string(&local_brief).unwrap()
    );
    let plan = written(&export(&db, home, "pzielinski", &[]));
    assert_eq!(plan, own.join("plan-AR-2024-002-v2.txt"));
    assert_eq!(
        std::fs::read_to_string(&plan).unwrap(),
        std::fs::read_to_string(&local_plan).unwrap()
    );
    for path in [&brief, &plan] {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(path).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600, "personal data: owner only");
    }
    // The server named, a directory given, DOCX; a second file never overwrites the first.
    let socket = asystent::server::default_socket(&db);
    let out = home.join("druk");
    std::fs::create_dir(&out).unwrap();
    let named = [
        "--server",
        socket.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ];
    let mut args = vec!["plan", CASE, "--format", "docx"];
    args.extend_from_slice(&named);
    let docx = written(&doc(&db, home, "pzielinski", &args));
    assert_eq!(docx, out.join("plan-AR-2024-002-v2.docx"));
    assert!(document_xml(&docx).contains("PLAN PRACY Z RODZINĄ"));
    let again = written(&export(&db, home, "pzielinski", &named));
    assert_eq!(again, out.join("plan-AR-2024-002-v2.txt"));
    let again = written(&export(&db, home, "pzielinski", &named));
    assert_eq!(again, out.join("plan-AR-2024-002-v2-2.txt"));

    // Another assistant's family: refused by the server, in the embedded words.
    let served_refusals = [
        doc(&db, home, "akowalska", &["brief", CASE]),
        export(&db, home, "akowalska", &[]),
        export(&db, home, "akowalska", &["--lang", "en"]),
    ];
    for (local, served) in local_refusals.iter().zip(&served_refusals) {
        assert_eq!(served.status.code(), Some(1), "{}", stderr(served));
        assert!(served.stdout.is_empty());
        assert_eq!(stderr(served), stderr(local));
    }
    assert!(stderr(&served_refusals[0]).contains("Nie znaleziono sprawy \"AR/2024/002\""));
    assert!(stderr(&served_refusals[2]).contains("No case \"AR/2024/002\""));
    let mut files: Vec<_> = std::fs::read_dir(&own)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    files.sort();
    assert_eq!(
        files,
        [
            "informacja-AR-2024-002-2026-11-22.txt",
            "plan-AR-2024-002-v2.txt"
        ],
        "nothing written for the refused"
    );

    // Each file written is in the server's log, read through the server.
    let log = run(
        &[
            "audit",
            "--db",
            db.to_str().unwrap(),
            "--user",
            "kierownik",
            "--family",
            CASE,
        ],
        home,
    );
    assert!(log.status.success(), "{}", stderr(&log));
    let log = String::from_utf8(log.stdout).unwrap();
    let count = |tail: &str| {
        log.lines()
            .filter(|l| l.contains("  pzielinski  ") && l.ends_with(tail))
            .count()
    };
    // One of each on the database itself, the rest through the server.
    assert_eq!(count("  print  AR/2024/002  brief txt"), 2, "{log}");
    assert_eq!(count(" version 2 export"), 4, "{log}");
    assert_eq!(count(" version 2 docx"), 1, "{log}");
    assert!(!log.contains("akowalska"), "{log}");
    server.stop();
}

/// A stand-in for a server on `socket` that passes every message of `connections`
/// connections on to the server on `server` and back, and hangs up on both at the first
/// call that would enter something into the audit log.
fn cut_at_audit(socket: &Path, server: &Path, connections: usize) -> std::thread::JoinHandle<()> {
    use asystent::server::protocol::{self, Call, ClientMsg, Request, ServerMsg};
    let listener = std::os::unix::net::UnixListener::bind(socket).unwrap();
    let server = server.to_path_buf();
    std::thread::spawn(move || {
        for _ in 0..connections {
            let (mut client, _) = listener.accept().unwrap();
            let mut upstream = UnixStream::connect(&server).unwrap();
            while let Ok(msg) = protocol::read_frame::<ClientMsg>(&mut client) {
                if let ClientMsg::Request(Request {
                    call: Call::Audit { .. },
                    ..
                }) = msg
                {
                    break;
                }
                protocol::write_frame(&mut upstream, &msg).unwrap();
                let answer: ServerMsg = protocol::read_frame(&mut upstream).unwrap();
                protocol::write_frame(&mut client, &answer).unwrap();
            }
        }
    })
}

#[test]
fn a_document_whose_print_the_server_did_not_acknowledge_is_removed() {
    let server = common::server::TestServer::start();
    let db = server.dir.path().join("db");
    let home = tempfile::tempdir().unwrap();
    let relay = home.path().join("relay.sock");
    let cut = cut_at_audit(&relay, &server.socket, 3);
    let through = ["--server", relay.to_str().unwrap()];
    for out in [
        doc(
            &db,
            home.path(),
            "pzielinski",
            &["brief", CASE, through[0], through[1]],
        ),
        export(&db, home.path(), "pzielinski", &through),
    ] {
        assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
        assert!(out.stdout.is_empty(), "no path printed");
        let said = stderr(&out);
        assert!(said.contains("Połączenie z serwerem zawiodło"), "{said}");
        assert!(said.contains("został usunięty"), "{said}");
    }
    let mut english = through.to_vec();
    english.extend_from_slice(&["--lang", "en", "--format", "docx"]);
    let out = doc(
        &db,
        home.path(),
        "pzielinski",
        &[&["plan", CASE][..], &english].concat(),
    );
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let said = stderr(&out);
    assert!(
        said.contains("was removed: its entry in the audit log"),
        "{said}"
    );
    assert!(said.contains("plan-AR-2024-002-v2.docx"), "{said}");
    cut.join().unwrap();
    let own = home.path().join("asystent").join("dokumenty");
    let left = std::fs::read_dir(&own).map_or(0, |d| d.count());
    assert_eq!(left, 0, "no document without its audit entry");
    server.stop();
}
