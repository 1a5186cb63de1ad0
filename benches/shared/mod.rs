//! What the benchmarks share: the demo databases kept in target/bench-data/, the date
//! they are generated for, and the writing of one section of BENCHMARKS.md.

use std::path::{Path, PathBuf};

use asystent::demo::{self, DemoSpec};
use asystent::store::Store;
use chrono::NaiveDate;

/// The day every benchmark works on.
pub fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 22).unwrap_or_default()
}

/// The demo database `name` of the size `spec`, generated on first use and kept in
/// target/bench-data/ (a `ready` file marks a finished generation).
pub fn database(name: &str, spec: &DemoSpec) -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("target")
        .join("bench-data")
        .join(format!(
            "{name}-{}-{}-{}",
            spec.families, spec.years, spec.seed
        ));
    let ready = dir.join("ready");
    if !ready.exists() {
        let _ = std::fs::remove_dir_all(&dir);
        eprintln!("generating the {name} database in {} …", dir.display());
        let start = std::time::Instant::now();
        let store = Store::open(&dir.join("db")).unwrap();
        store.import(&demo::generate(spec, today())).unwrap();
        drop(store);
        std::fs::write(&ready, "").unwrap();
        eprintln!("  done in {:.1} s", start.elapsed().as_secs_f64());
    }
    dir.join("db")
}

/// The heading of the server benchmark's section, the last one of BENCHMARKS.md.
pub const SERVER_HEADING: &str = "## Server mode";

/// Writes `file` with the workstation's part (`head`, everything before the server
/// section) or the server's part (`tail`, that section), keeping the other part as the
/// file has it, so that the two benchmarks can run in either order.
pub fn write_part(file: &str, head: Option<&str>, tail: Option<&str>) {
    let old = std::fs::read_to_string(file).unwrap_or_default();
    let (old_head, old_tail) = match old.find(SERVER_HEADING) {
        Some(at) => old.split_at(at),
        None => (old.as_str(), ""),
    };
    let head = head.unwrap_or(old_head).trim_end();
    let tail = tail.unwrap_or(old_tail).trim_end();
    let text = if tail.is_empty() {
        format!("{head}\n")
    } else {
        format!("{head}\n\n{tail}\n")
    };
    std::fs::write(file, text).unwrap();
    eprintln!("wrote {file}");
}
