//! The command line: options, subcommands, and starting the workstation.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

use crate::app::App;
use crate::config::{self, Config, Language, LanguageSetting};
use crate::demo::{self, DemoSpec};
use crate::domain::dates::parse_date;
use crate::i18n;
use crate::service::Service;
use crate::store::Store;
use crate::tui;
use crate::ui::Theme;

/// Interface language chosen on the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LangArg {
    /// Polish.
    Pl,
    /// English.
    En,
}

/// asystent — terminal workstation for family assistants (asystent rodziny).
#[derive(Debug, Parser)]
#[command(name = "asystent", version, about)]
pub struct Cli {
    /// Database directory (else $ASYSTENT_DB, else the platform data directory).
    #[arg(long, global = true, value_name = "PATH")]
    pub db: Option<PathBuf>,
    /// The date to work on, YYYY-MM-DD (default: the system clock).
    #[arg(long, global = true, value_name = "DATE")]
    pub today: Option<String>,
    /// Interface language (default: the config file, else LANG).
    #[arg(long, global = true, value_enum)]
    pub lang: Option<LangArg>,
    /// Configuration file (default: config.toml in the platform config directory).
    #[arg(long, global = true, value_name = "PATH")]
    pub config: Option<PathBuf>,
    /// Staff login to work as (default: the Unix user).
    #[arg(long, global = true, value_name = "LOGIN")]
    pub user: Option<String>,
    /// What to do; without a command the workstation opens.
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// Subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create (or reuse) a demo database with fictional data and open the workstation on it.
    Demo {
        /// Number of families to generate.
        #[arg(long, default_value_t = DemoSpec::default().families)]
        families: usize,
        /// Years of history to generate.
        #[arg(long, default_value_t = DemoSpec::default().years)]
        years: u32,
        /// Seed of the generator (same seed, same data).
        #[arg(long, default_value_t = DemoSpec::default().seed)]
        seed: u64,
        /// Only create the database; do not open the workstation.
        #[arg(long)]
        no_open: bool,
    },
}

/// Parses the process arguments and runs; the exit code says how it went.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    let env_lang = lang_env();
    // Until the configuration is read, errors speak the language of --lang or LANG.
    let early_lang = cli
        .lang
        .map(to_language)
        .unwrap_or_else(|| config::resolve_language(LanguageSetting::Auto, env_lang.as_deref()));
    match run(cli, env_lang.as_deref()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            let lang = e.lang.unwrap_or(early_lang);
            // Not eprintln!: it panics when stderr is gone (a closed terminal).
            let _ = writeln!(std::io::stderr(), "asystent: {}", (e.message)(lang));
            ExitCode::FAILURE
        }
    }
}

/// An error on the way: its message is rendered once the language is known.
struct Failure {
    lang: Option<Language>,
    message: Box<dyn Fn(Language) -> String>,
}

impl Failure {
    fn new(lang: Option<Language>, message: impl Fn(Language) -> String + 'static) -> Failure {
        Failure {
            lang,
            message: Box::new(message),
        }
    }
}

fn to_language(l: LangArg) -> Language {
    match l {
        LangArg::Pl => Language::Polish,
        LangArg::En => Language::English,
    }
}

/// The first non-empty of LC_ALL, LC_MESSAGES and LANG, as POSIX orders them.
fn lang_env() -> Option<String> {
    ["LC_ALL", "LC_MESSAGES", "LANG"]
        .iter()
        .filter_map(|k| std::env::var(k).ok())
        .find(|v| !v.is_empty())
}

fn run(cli: Cli, env_lang: Option<&str>) -> Result<(), Failure> {
    let config_path = cli.config.clone().or_else(config::default_path);
    let config = match &config_path {
        Some(p) => Config::load(p).map_err(|e| {
            let e = std::rc::Rc::new(e);
            Failure::new(None, move |lang| i18n::config_error(lang, &e))
        })?,
        None => Config::defaults(),
    };
    let lang = cli
        .lang
        .map(to_language)
        .unwrap_or_else(|| config::resolve_language(config.language, env_lang));
    let today = match &cli.today {
        Some(text) => {
            let clock = chrono::Local::now().date_naive();
            parse_date(text, clock).map_err(|e| {
                let text = text.clone();
                Failure::new(Some(lang), move |l| i18n::bad_today(l, &text, &e))
            })?
        }
        None => chrono::Local::now().date_naive(),
    };
    let login = cli
        .user
        .clone()
        .or_else(|| std::env::var("USER").ok())
        .or_else(|| std::env::var("LOGNAME").ok())
        .unwrap_or_else(|| "?".into());

    let (db_path, demo_spec, open_ui) = match cli.command {
        Some(Command::Demo {
            families,
            years,
            seed,
            no_open,
        }) => {
            let path = cli
                .db
                .clone()
                .or_else(|| data_dir().map(|d| d.join("demo")));
            (
                path,
                Some(DemoSpec {
                    families,
                    years,
                    seed,
                }),
                !no_open,
            )
        }
        None => {
            let path = cli
                .db
                .clone()
                .or_else(|| {
                    std::env::var_os("ASYSTENT_DB")
                        .filter(|v| !v.is_empty())
                        .map(PathBuf::from)
                })
                .or_else(|| data_dir().map(|d| d.join("db")));
            (path, None, true)
        }
    };
    let db_path = db_path.ok_or_else(|| Failure::new(Some(lang), i18n::no_data_dir))?;
    let store = open_store(&db_path, lang)?;
    if let Some(spec) = demo_spec {
        let empty = store.is_empty().map_err(|e| store_failure(lang, e))?;
        if empty {
            let data = demo::generate(&spec, today);
            store.import(&data).map_err(|e| store_failure(lang, e))?;
        }
        if !open_ui {
            let _ = writeln!(
                std::io::stdout(),
                "{}",
                i18n::demo_ready(lang, &db_path, empty)
            );
            return Ok(());
        }
    }
    let service = Service::new(store, config.alert_rules(), config.caseload_limit);
    let mut app = App::new(service, &login, today, lang).map_err(|e| store_failure(lang, e))?;
    let theme = Theme::from_env(std::env::var("NO_COLOR").ok().as_deref());
    tui::run(&mut app, &theme).map_err(|e| {
        let text = e.to_string();
        Failure::new(Some(lang), move |_| text.clone())
    })
}

fn open_store(path: &Path, lang: Language) -> Result<Store, Failure> {
    Store::open(path).map_err(|e| store_failure(lang, e))
}

fn store_failure(lang: Language, e: crate::store::StoreError) -> Failure {
    Failure::new(Some(lang), move |l| i18n::store_error(l, &e))
}

/// The platform data directory of asystent (e.g. ~/.local/share/asystent).
fn data_dir() -> Option<PathBuf> {
    directories::ProjectDirs::from("pl", "asystent", "asystent").map(|d| d.data_dir().to_path_buf())
}
