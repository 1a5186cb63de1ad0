//! `asystent doc opinion|brief|plan|visit`: the real binary on a demo database — files
//! written where they should be, private and never overwritten, every one audited; bad
//! input and other people's families refused with a message and exit code 1.

mod common;

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Output;

use asystent::domain::audit::AuditAction;
use common::cli::{demo_db, run, stderr};

/// The family with the open court request "III Nsm 233/26"; its assistant is pzielinski
/// and its referring social worker ps.lis.
const CASE: &str = "AR/2024/002";

/// Its record id in the demo register.
const FAMILY_ID: u64 = 2;

/// Runs `asystent doc ARGS` on the demo database as `login`.
fn doc(db: &Path, dir: &Path, login: &str, args: &[&str]) -> Output {
    let mut all = vec!["doc"];
    all.extend_from_slice(args);
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
