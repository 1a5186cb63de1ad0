//! The command line: options, subcommands, and starting the workstation.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use serde::Serialize;

use crate::app::App;
use crate::backend::{Backend, Remote};
use crate::config::{self, Config, Language, LanguageSetting};
use crate::demo::{self, DemoSpec};
use crate::doc;
use crate::domain::alerts::{Alert, DeadlineKind, Severity};
use crate::domain::audit::{AuditAction, AuditEntry};
use crate::domain::caseload::{self, CaseloadSeverity};
use crate::domain::dates::{format_date, parse_date};
use crate::domain::{Id, Role, Staff};
use crate::i18n::{self, Label};
use crate::report::{self, ReportDefinition};
use crate::server::client::{Client, ClientError};
use crate::service::{Caller, CaseloadRow, CommandError, Service, Snapshot, WorkstationStart};
use crate::store::Store;
use crate::store::backup::BackupError;
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
    /// Attach to the server on this socket (default: the database's socket, when a
    /// server answers there; else the database is opened directly).
    #[arg(long, global = true, value_name = "SOCKET")]
    pub server: Option<PathBuf>,
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
    /// Check that every record reads and every index matches the records (exit 1 if not).
    Check {
        /// Rebuild indexes and the id counter if they are out of step; records are never changed.
        #[arg(long)]
        repair: bool,
    },
    /// Write every record to a new backup file (JSON Lines, one record a line).
    Backup {
        /// The file to create; an existing file is never overwritten.
        #[arg(value_name = "PATH")]
        path: PathBuf,
    },
    /// Restore a backup file into an empty database.
    Restore {
        /// The backup file to read.
        #[arg(value_name = "PATH")]
        path: PathBuf,
    },
    /// Print what is overdue, due today or due soon, for a morning e-mail; exit code 0
    /// when nothing is overdue, 1 when something is, 2 on an error.
    Alerts {
        /// Only the families of this assistant (a staff login).
        #[arg(long, value_name = "LOGIN")]
        assistant: Option<String>,
        /// Plain text lines (in the interface language) or one JSON document.
        #[arg(long, value_enum, default_value_t = AlertsFormat::Text)]
        format: AlertsFormat,
    },
    /// The audit log, for a supervisor: who viewed, changed, exported or printed what.
    Audit {
        /// Only entries about the family with this case number.
        #[arg(long, value_name = "CASE-NUMBER")]
        family: Option<String>,
        /// Only entries of this staff login.
        #[arg(long, value_name = "LOGIN")]
        staff: Option<String>,
        /// Only entries from this date on (YYYY-MM-DD or DD.MM.YYYY).
        #[arg(long, value_name = "DATE")]
        since: Option<String>,
    },
    /// Staff accounts and stand-ins: `staff list|add|disable|stand-in`.
    Staff {
        /// What to do.
        #[command(subcommand)]
        command: StaffCommand,
    },
    /// Server mode: own the database and serve staff programs on a Unix socket until
    /// SIGTERM or Ctrl+C; workstations and most commands attach to it.
    Serve {
        /// The socket (default: asystent.sock beside the database directory).
        #[arg(long, value_name = "PATH")]
        socket: Option<PathBuf>,
        /// Tests only: take each client's login from its hello instead of the socket's
        /// peer credentials. Anyone who reaches the socket can then act as anyone.
        #[arg(long, hide = true)]
        trust_login_from_hello: bool,
    },
    /// Work plans: `plan export` writes one as a document for printing and signing.
    Plan {
        /// What to do with the plan.
        #[command(subcommand)]
        command: PlanCommand,
    },
    /// Documents of a family as plain text or DOCX: `doc opinion|brief|plan|visit`;
    /// prints the path of the new file.
    Doc {
        /// Which document.
        #[command(subcommand)]
        command: DocCommand,
    },
    /// The half-year report (a supervisor only): the figures of a period, counted by the
    /// rows of the report definition (report.toml beside the config file, else built in).
    Report {
        /// First day of the period (YYYY-MM-DD or DD.MM.YYYY).
        #[arg(long, value_name = "DATE")]
        from: String,
        /// Last day of the period, included.
        #[arg(long, value_name = "DATE")]
        to: String,
        /// A text table (80 columns), CSV for a spreadsheet (`;`), or JSON.
        #[arg(long, value_enum, default_value_t = ReportFormat::Text)]
        format: ReportFormat,
        /// The report definition to use instead of report.toml beside the config file.
        #[arg(long, value_name = "PATH")]
        definition: Option<PathBuf>,
    },
    /// CSV of the families or the visits of a period for a spreadsheet (a supervisor only).
    Export {
        /// What to export.
        #[arg(value_enum)]
        what: ExportWhat,
        /// First day of the period (YYYY-MM-DD or DD.MM.YYYY).
        #[arg(long, value_name = "DATE")]
        from: String,
        /// Last day of the period, included.
        #[arg(long, value_name = "DATE")]
        to: String,
        /// A new file to write, or a directory to write it in (default: standard output).
        #[arg(long, value_name = "PATH")]
        out: Option<PathBuf>,
    },
}

/// Which document `asystent doc` writes.
#[derive(Debug, Subcommand)]
pub enum DocCommand {
    /// Draft of an opinion on the family for a court's request (art. 15 ust. 1 pkt 17),
    /// covering the period from --from to --to.
    Opinion {
        /// The family's case number, e.g. AR/2026/014 (letter case and spaces ignored).
        #[arg(value_name = "CASE-NUMBER")]
        case_number: String,
        /// The court request by its number on the family's list (1 = the first); not
        /// needed when the family has only one.
        #[arg(long, value_name = "N", conflicts_with = "signature")]
        request: Option<usize>,
        /// The court request by the court's case signature, e.g. "III Nsm 233/26".
        #[arg(long, value_name = "SIGNATURE")]
        signature: Option<String>,
        /// First day of the period (YYYY-MM-DD or DD.MM.YYYY).
        #[arg(long, value_name = "DATE")]
        from: String,
        /// Last day of the period.
        #[arg(long, value_name = "DATE")]
        to: String,
        /// Where and how to write it.
        #[command(flatten)]
        output: DocOutput,
    },
    /// One-page brief for a stand-in colleague or a case conference.
    Brief {
        /// The family's case number.
        #[arg(value_name = "CASE-NUMBER")]
        case_number: String,
        /// Where and how to write it.
        #[command(flatten)]
        output: DocOutput,
    },
    /// The family's work plan for signing (the current one, or --version N).
    Plan {
        /// The family's case number.
        #[arg(value_name = "CASE-NUMBER")]
        case_number: String,
        /// This plan version instead of the current plan.
        #[arg(long, value_name = "N")]
        version: Option<u32>,
        /// Where and how to write it.
        #[command(flatten)]
        output: DocOutput,
    },
    /// The record of a visit for the family to sign, by its date (and time, if the
    /// family had several visits that day).
    Visit {
        /// The family's case number.
        #[arg(value_name = "CASE-NUMBER")]
        case_number: String,
        /// Day of the visit (YYYY-MM-DD, DD.MM.YYYY, today, +N …).
        #[arg(long, value_name = "DATE")]
        date: String,
        /// Start time of the visit, HH:MM.
        #[arg(long, value_name = "TIME")]
        time: Option<String>,
        /// Where and how to write it.
        #[command(flatten)]
        output: DocOutput,
    },
}

/// Where and in which format `asystent doc` writes.
#[derive(Debug, Clone, clap::Args)]
pub struct DocOutput {
    /// Plain UTF-8 text for A4, or DOCX.
    #[arg(long, value_enum, default_value_t = DocFormatArg::Text)]
    pub format: DocFormatArg,
    /// A new file to write, or a directory to write it in (default: `dokumenty` beside
    /// the database directory; attached to a server, in your own data directory). An
    /// existing file is never overwritten.
    #[arg(long, value_name = "PATH")]
    pub out: Option<PathBuf>,
}

/// A document's file format on the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DocFormatArg {
    /// Plain UTF-8 text (.txt).
    Text,
    /// Office Open XML (.docx).
    Docx,
}

/// How `asystent alerts` prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum AlertsFormat {
    /// Plain UTF-8 lines: a header, then one line per alert.
    Text,
    /// One JSON document with English field names.
    Json,
}

/// How `asystent report` prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    /// A plain UTF-8 table at most 80 columns wide, in the interface language.
    Text,
    /// `;`-separated values with a header, UTF-8 with a byte-order mark.
    Csv,
    /// One JSON document with English field names.
    Json,
}

/// What `asystent export` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportWhat {
    /// One line per family on the register in the period.
    Families,
    /// One line per visit dated in the period.
    Visits,
}

/// What to do with staff accounts.
#[derive(Debug, Subcommand)]
pub enum StaffCommand {
    /// Every account: login, role, active or not, name and running stand-ins.
    List,
    /// Adds an account (an administrator; before the first one, anyone on the database
    /// itself, or the server's own Unix user through a running server).
    Add {
        /// The Unix login of the person.
        #[arg(value_name = "LOGIN")]
        login: String,
        /// Full name shown on screens and documents.
        #[arg(long, value_name = "NAME")]
        name: String,
        /// Role in the centre.
        #[arg(long, value_enum)]
        role: RoleArg,
    },
    /// Disables an account (an administrator only); its history stays.
    Disable {
        /// The login to disable.
        #[arg(value_name = "LOGIN")]
        login: String,
    },
    /// Lets an assistant work with an absent colleague's families from a date to a date
    /// (a supervisor only); it ends by itself.
    StandIn {
        /// The assistant who stands in.
        #[arg(value_name = "LOGIN")]
        login: String,
        /// The absent assistant whose families are covered.
        #[arg(long = "for", value_name = "LOGIN")]
        absent: String,
        /// First day (YYYY-MM-DD or DD.MM.YYYY).
        #[arg(long, value_name = "DATE")]
        from: String,
        /// Last day.
        #[arg(long, value_name = "DATE")]
        to: String,
    },
}

/// A role on the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RoleArg {
    /// Family assistant.
    Assistant,
    /// Social worker.
    SocialWorker,
    /// Supervisor.
    Supervisor,
    /// Administrator.
    Admin,
}

/// What to do with a family's work plan.
#[derive(Debug, Subcommand)]
pub enum PlanCommand {
    /// Write the family's current plan as a plain-text A4 document; prints its path.
    Export {
        /// The family's case number, e.g. AR/2026/014 (letter case and spaces ignored).
        #[arg(value_name = "CASE-NUMBER")]
        case_number: String,
        /// A new file to write, or a directory to write it in (default: `dokumenty`
        /// beside the database directory; attached to a server, in your own data
        /// directory).
        #[arg(long, value_name = "PATH")]
        out: Option<PathBuf>,
        /// Export this plan version instead of the current plan.
        #[arg(long, value_name = "N")]
        version: Option<u32>,
    },
}

/// Parses the process arguments and runs; the exit code says how it went.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    // `alerts` runs from cron: 1 there means "something is overdue", so its errors are 2.
    let error_code = if matches!(cli.command, Some(Command::Alerts { .. })) {
        ExitCode::from(2)
    } else {
        ExitCode::FAILURE
    };
    let env_lang = lang_env();
    // Until the configuration is read, errors speak the language of --lang or LANG.
    let early_lang = cli
        .lang
        .map(to_language)
        .unwrap_or_else(|| config::resolve_language(LanguageSetting::Auto, env_lang.as_deref()));
    match run(cli, env_lang.as_deref()) {
        Ok(code) => code,
        Err(e) => {
            let lang = e.lang.unwrap_or(early_lang);
            // Not eprintln!: it panics when stderr is gone (a closed terminal).
            let _ = writeln!(std::io::stderr(), "asystent: {}", (e.message)(lang));
            error_code
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

/// Runs the command; `Ok` carries the exit code of a command that ran to its end.
fn run(cli: Cli, env_lang: Option<&str>) -> Result<ExitCode, Failure> {
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

    let register_path = || {
        cli.db
            .clone()
            .or_else(|| {
                std::env::var_os("ASYSTENT_DB")
                    .filter(|v| !v.is_empty())
                    .map(PathBuf::from)
            })
            .or_else(|| data_dir().map(|d| d.join("db")))
            .ok_or_else(|| Failure::new(Some(lang), i18n::no_data_dir))
    };
    // The maintenance commands that also work through a running server.
    let backend = |login: &str| -> Result<Reached, Failure> {
        let db = register_path()?;
        let reach = Reach {
            server: cli.server.as_deref(),
            claimed: cli.user.as_deref(),
            login,
            today,
        };
        Reached::open(&db, &config, &reach, lang)
    };
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
        Some(Command::Check { repair }) => {
            return check(&register_path()?, repair, &config, today, lang);
        }
        Some(Command::Backup { path }) => {
            return backup(&register_path()?, &path, today, lang);
        }
        Some(Command::Restore { path }) => {
            return restore(&register_path()?, &path, &config, today, lang);
        }
        Some(Command::Alerts { assistant, format }) => {
            let request = AlertsRequest {
                assistant,
                format,
                login,
                today,
            };
            return alerts(backend(&request.login)?, &config, &request, lang);
        }
        Some(Command::Audit {
            family,
            staff,
            since,
        }) => {
            let since = match since {
                Some(text) => Some(parse_date(&text, today).map_err(|e| {
                    Failure::new(Some(lang), move |l| {
                        i18n::bad_date_option(l, "--since", &text, &e)
                    })
                })?),
                None => None,
            };
            let request = AuditRequest {
                family,
                staff,
                since,
                login,
                today,
            };
            return audit_log(backend(&request.login)?, &request, lang);
        }
        Some(Command::Serve {
            socket,
            trust_login_from_hello,
        }) => {
            let request = ServeRequest {
                socket,
                trust: trust_login_from_hello,
                today: cli.today.is_some().then_some(today),
            };
            return serve(&register_path()?, &config, request, lang);
        }
        Some(Command::Staff { command }) => {
            return staff(backend(&login)?, command, today, lang);
        }
        Some(Command::Plan {
            command:
                PlanCommand::Export {
                    case_number,
                    out,
                    version,
                },
        }) => {
            let request = DocRequest {
                case_number,
                kind: DocKind::Plan { version },
                format: doc::Format::Text,
                out,
                action: AuditAction::Export,
                today,
            };
            return document(backend(&login)?, &request, lang);
        }
        Some(Command::Doc { command }) => {
            // Dates and times first: a typing mistake is told before the register is reached.
            let request = DocRequest::parse(command, today, lang)?;
            return document(backend(&login)?, &request, lang);
        }
        Some(Command::Report {
            from,
            to,
            format,
            definition,
        }) => {
            let (from, to) = period(&from, &to, today, lang)?;
            let config_dir = config_path.as_deref().and_then(Path::parent);
            let definition = match &definition {
                Some(path) => ReportDefinition::load(path),
                None => ReportDefinition::load_or_builtin(config_dir),
            }
            .map_err(|e| {
                Failure::new(Some(lang), move |l| i18n::report::definition_error(l, &e))
            })?;
            let request = ReportRequest {
                from,
                to,
                format,
                login,
            };
            return report(backend(&request.login)?, &definition, &request, lang);
        }
        Some(Command::Export {
            what,
            from,
            to,
            out,
        }) => {
            let (from, to) = period(&from, &to, today, lang)?;
            let request = PeriodExportRequest {
                what,
                from,
                to,
                out,
                login,
            };
            return export_period(backend(&request.login)?, &request, lang);
        }
        None => (Some(register_path()?), None, true),
    };
    let db_path = db_path.ok_or_else(|| Failure::new(Some(lang), i18n::no_data_dir))?;
    if demo_spec.is_none()
        && let Some(client) = attach(&db_path, cli.server.as_deref(), cli.user.as_deref(), lang)?
    {
        let config_dir = config_path.as_deref().and_then(Path::parent);
        return workstation_attached(client, &config, config_dir, today, lang);
    }
    let start = match demo_spec {
        Some(spec) => {
            let store = open_store(&db_path, lang)?;
            let empty = store.is_empty().map_err(|e| store_failure(lang, e))?;
            if empty {
                let data = demo::generate(&spec, today);
                store.import(&data).map_err(|e| store_failure(lang, e))?;
            }
            if !open_ui {
                // As a workstation's quit does, for the first start's Overview.
                Service::new(store, config.alert_rules(), config.caseload_limit)
                    .close_for_next_start(today)
                    .map_err(|e| store_failure(lang, e))?;
                say(&i18n::demo_ready(lang, &db_path, empty));
                return Ok(ExitCode::SUCCESS);
            }
            WorkstationStart::Opened(
                Service::new(store, config.alert_rules(), config.caseload_limit)
                    .with_caseload_margin(config.caseload_warning_margin),
            )
        }
        None => Service::start_workstation(
            &db_path,
            config.alert_rules(),
            (config.caseload_limit, config.caseload_warning_margin),
            &login,
            today,
        )
        .map_err(|e| store_failure(lang, e))?,
    };
    let mut app = match start {
        WorkstationStart::Opened(service) => {
            App::overview_first(service, &login, today, lang).map_err(|e| store_failure(lang, e))?
        }
        WorkstationStart::Opening {
            opening,
            caller,
            overview,
        } => App::preview(opening, caller, overview, today, lang),
    };
    let config_dir = config_path.as_deref().and_then(Path::parent);
    let code = run_tui(&mut app, &config, config_dir, lang)?;
    // A clean end (q, SIGTERM, a hang-up): the digests and the start file for the next
    // start's first Overview. The terminal is already given back; a file that cannot
    // be written only means that start waits for the register.
    if let Backend::Local(service) = app.into_backend() {
        let _ = service.close_for_next_start(today);
    }
    Ok(code)
}

/// The workstation attached to a running server.
fn workstation_attached(
    client: Client,
    config: &Config,
    config_dir: Option<&Path>,
    today: chrono::NaiveDate,
    lang: Language,
) -> Result<ExitCode, Failure> {
    let refused = |e| command_failure(lang, e);
    let remote = Remote::new(client, today, attached_documents_dir()).map_err(refused)?;
    let mut app = App::attached_overview_first(remote, today, lang).map_err(refused)?;
    run_tui(&mut app, config, config_dir, lang)
}

/// Runs the terminal program on a built app, with the configured idle lock and the
/// directory of the report definition (read when the Reports screen is first shown; a
/// wrong one is shown there, not fatal).
fn run_tui(
    app: &mut App,
    config: &Config,
    config_dir: Option<&Path>,
    lang: Language,
) -> Result<ExitCode, Failure> {
    app.set_idle_lock(config.idle_lock_minutes);
    app.set_report_config_dir(config_dir.map(Path::to_path_buf));
    let theme = Theme::from_env(std::env::var("NO_COLOR").ok().as_deref());
    tui::run(app, &theme).map_err(|e| {
        let text = match e {
            tui::TuiError::Register(e) => i18n::command_error(lang, &e),
            other => other.to_string(),
        };
        Failure::new(Some(lang), move |_| text.clone())
    })?;
    Ok(ExitCode::SUCCESS)
}

/// What `asystent serve` was asked.
struct ServeRequest {
    socket: Option<PathBuf>,
    trust: bool,
    /// A fixed server date (`--today`), else the clock's.
    today: Option<chrono::NaiveDate>,
}

/// `asystent serve`: owns the database and serves clients on the socket until SIGTERM
/// or SIGINT, then tells the clients, flushes, removes the socket and exits 0.
fn serve(
    db: &Path,
    config: &Config,
    request: ServeRequest,
    lang: Language,
) -> Result<ExitCode, Failure> {
    use crate::server::{Identity, Server, ServerOptions};
    use signal_hook::consts::{SIGINT, SIGTERM};

    let serve_failure = |e: crate::server::ServeError| {
        let e = std::rc::Rc::new(e);
        Failure::new(Some(lang), move |l| i18n::serve_error(l, &e))
    };
    // Signals are caught before anything is opened, so that none is lost at start.
    let mut signals = signal_hook::iterator::Signals::new([SIGTERM, SIGINT]).map_err(|e| {
        let text = e.to_string();
        Failure::new(Some(lang), move |_| text.clone())
    })?;
    // Every supervisor who attaches judges every family's digest for the first
    // Overview: the server keeps them decoded between attaches.
    let store = Store::open_with_cache(db, crate::store::SERVER_CACHE_CAPACITY)
        .map_err(|e| store_failure(lang, e))?
        .keep_digests_decoded();
    let service = Service::new(store, config.alert_rules(), config.caseload_limit)
        .with_caseload_margin(config.caseload_warning_margin);
    let socket = request
        .socket
        .unwrap_or_else(|| crate::server::default_socket(db));
    let mut options = ServerOptions::new(socket.clone());
    if request.trust {
        options.identity = Identity::TrustClaimedLogin;
    }
    if let Some(day) = request.today {
        options.today = Box::new(move || day);
    }
    let server = Server::bind(service, options).map_err(serve_failure)?;
    let handle = server.handle();
    std::thread::Builder::new()
        .name("signals".into())
        .spawn(move || {
            if signals.forever().next().is_some() {
                handle.shutdown();
            }
        })
        .map_err(|e| {
            let text = e.to_string();
            Failure::new(Some(lang), move |_| text.clone())
        })?;
    let _ = writeln!(
        std::io::stderr(),
        "{}",
        i18n::serve_listening(lang, &socket, db, request.trust)
    );
    let service = server.run().map_err(serve_failure)?;
    // For the first Overview of a workstation that opens the register next; a file
    // that cannot be written only means that start reads the register.
    let today = request
        .today
        .unwrap_or_else(|| chrono::Local::now().date_naive());
    let _ = service.close_for_next_start(today);
    let _ = writeln!(std::io::stderr(), "{}", i18n::serve_stopped(lang));
    Ok(ExitCode::SUCCESS)
}

/// `asystent check [--repair]`: the report on stdout; exit 1 while a problem remains.
fn check(
    db: &Path,
    repair: bool,
    config: &Config,
    today: chrono::NaiveDate,
    lang: Language,
) -> Result<ExitCode, Failure> {
    let mut store = open_existing(db, lang)?;
    // Without a repair it only reads: the next workstation still gets its first
    // Overview from the files.
    store.leave_start_file_at_drop(today, crate::service::START_VISITS);
    let report = store.check().map_err(|e| store_failure(lang, e))?;
    say_raw(&i18n::check_report(lang, db, &report));
    say(&i18n::check_verdict(lang, &report, false));
    let mut healthy = report.is_healthy();
    if repair && !report.derived_is_sound() {
        say(&i18n::check_repairing(lang));
        store.repair().map_err(|e| store_failure(lang, e))?;
        let after = store.check().map_err(|e| store_failure(lang, e))?;
        say(&i18n::check_verdict(lang, &after, true));
        healthy = after.is_healthy();
        // The repaired digests for the next start's first Overview; a file that cannot
        // be written only means that start reads the register.
        let service = Service::new(store, config.alert_rules(), config.caseload_limit);
        let _ = service.close_for_next_start(today);
    }
    Ok(if healthy {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

/// `asystent backup PATH`: exit 1 if a damaged record had to be left out.
fn backup(
    db: &Path,
    file: &Path,
    today: chrono::NaiveDate,
    lang: Language,
) -> Result<ExitCode, Failure> {
    let mut store = open_existing(db, lang)?;
    // It only reads: the next workstation still gets its first Overview from the files.
    store.leave_start_file_at_drop(today, crate::service::START_VISITS);
    let summary = store
        .backup_to_file(file)
        .map_err(|e| backup_failure(lang, e))?;
    say(&i18n::backup_done(lang, file, &summary));
    Ok(if summary.damaged.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

/// `asystent restore PATH`: into an empty (or new) database only.
fn restore(
    db: &Path,
    file: &Path,
    config: &Config,
    today: chrono::NaiveDate,
    lang: Language,
) -> Result<ExitCode, Failure> {
    let store = open_store(db, lang)?;
    let counts = store
        .restore_from_file(file)
        .map_err(|e| backup_failure(lang, e))?;
    // As a workstation's clean end does, for the first start's Overview.
    let service = Service::new(store, config.alert_rules(), config.caseload_limit);
    let _ = service.close_for_next_start(today);
    say(&i18n::restore_done(lang, file, db, &counts));
    Ok(ExitCode::SUCCESS)
}

/// `asystent staff …`: lists, adds or disables accounts, or grants a stand-in, through
/// the service or the server (which check who may); prints the accounts or the changed one.
fn staff(
    reached: Reached,
    command: StaffCommand,
    today: chrono::NaiveDate,
    lang: Language,
) -> Result<ExitCode, Failure> {
    let (backend, caller) = (&reached.backend, &reached.caller);
    let refused = |e| command_failure(lang, e);
    let date = |option: &'static str, text: String| {
        parse_date(&text, today).map_err(|e| {
            Failure::new(Some(lang), move |l| {
                i18n::bad_date_option(l, option, &text, &e)
            })
        })
    };
    let shown = match command {
        StaffCommand::List => backend.staff_accounts(caller).map_err(refused)?,
        StaffCommand::Add { login, name, role } => {
            let role = match role {
                RoleArg::Assistant => Role::Assistant,
                RoleArg::SocialWorker => Role::SocialWorker,
                RoleArg::Supervisor => Role::Supervisor,
                RoleArg::Admin => Role::Admin,
            };
            vec![
                backend
                    .add_staff(caller, &login, &name, role)
                    .map_err(refused)?,
            ]
        }
        StaffCommand::Disable { login } => {
            vec![backend.disable_staff(caller, &login).map_err(refused)?]
        }
        StaffCommand::StandIn {
            login,
            absent,
            from,
            to,
        } => {
            let (from, to) = (date("--from", from)?, date("--to", to)?);
            vec![
                backend
                    .grant_stand_in(caller, &login, &absent, from, to, today)
                    .map_err(refused)?,
            ]
        }
    };
    reached.flush(lang)?;
    let covering = shown
        .iter()
        .any(|s| s.stand_ins.iter().any(|c| c.to >= today));
    let logins = if covering {
        reached.staff_logins(lang)?
    } else {
        std::collections::HashMap::new()
    };
    drop(reached);
    say_raw(&staff_lines(&shown, &logins, today, lang));
    Ok(ExitCode::SUCCESS)
}

/// One line per account: login, role, active or not, name, and the stand-ins running
/// from `today` on with the login of the colleague covered.
fn staff_lines(
    shown: &[Staff],
    logins: &std::collections::HashMap<Id, String>,
    today: chrono::NaiveDate,
    lang: Language,
) -> String {
    let mut out = String::new();
    for s in shown {
        let covers: Vec<String> = s
            .stand_ins
            .iter()
            .filter(|c| c.to >= today)
            .map(|c| {
                let whom = logins.get(&c.assistant).cloned().unwrap_or_default();
                format!(
                    "{} {whom} {}–{}",
                    i18n::stand_in_word(lang),
                    format_date(c.from),
                    format_date(c.to)
                )
            })
            .collect();
        out.push_str(&format!(
            "{}  {}  {}  {}{}\n",
            one_line(&s.login),
            s.role.label(lang),
            if s.active {
                i18n::active_word(lang)
            } else {
                i18n::disabled_word(lang)
            },
            one_line(&s.name),
            covers.iter().map(|c| format!("  {c}")).collect::<String>()
        ));
    }
    out
}

/// What `asystent audit` was asked for.
struct AuditRequest {
    family: Option<String>,
    staff: Option<String>,
    since: Option<chrono::NaiveDate>,
    login: String,
    today: chrono::NaiveDate,
}

/// `asystent audit [--family CASE] [--staff LOGIN] [--since DATE]`: one line per entry,
/// oldest first: time, login, action, case number, record.
fn audit_log(
    reached: Reached,
    request: &AuditRequest,
    lang: Language,
) -> Result<ExitCode, Failure> {
    let (backend, caller) = (&reached.backend, &reached.caller);
    let refused = |e| command_failure(lang, e);
    let family =
        match &request.family {
            None => None,
            Some(case) => {
                let found = backend.find_case(caller, case).map_err(refused)?;
                let case = case.clone();
                Some(found.ok_or_else(|| {
                    Failure::new(Some(lang), move |l| i18n::no_such_case(l, &case))
                })?)
            }
        };
    let entries = backend
        .audit_log(caller, family, request.staff.as_deref(), request.since)
        .map_err(refused)?;
    reached.flush(lang)?;
    let cases = if entries.iter().any(|e| e.family.is_some()) {
        reached.case_numbers(request.today, lang)?
    } else {
        std::collections::HashMap::new()
    };
    drop(reached);
    say_raw(&audit_lines(&entries, &cases));
    Ok(ExitCode::SUCCESS)
}

/// One line per audit entry: time, login, action, case number (`#id` for a family
/// deleted since, `-` for none) and record, two spaces apart.
fn audit_lines(entries: &[AuditEntry], cases: &std::collections::HashMap<Id, String>) -> String {
    let mut out = String::new();
    for e in entries {
        let case = e
            .family
            .map(|id| cases.get(&id).cloned().unwrap_or_else(|| format!("#{id}")))
            .unwrap_or_else(|| "-".into());
        out.push_str(&format!(
            "{}  {}  {}  {}  {}\n",
            e.at.format("%Y-%m-%d %H:%M:%S"),
            one_line(&e.login),
            e.action.code(),
            one_line(&case),
            one_line(&e.entity)
        ));
    }
    out
}

/// Which document `asystent doc` or `plan export` writes, its options already checked.
enum DocKind {
    /// The court opinion draft: the request by its number on the family's list or by its
    /// signature (neither when the family has one), and the period.
    Opinion {
        request: Option<usize>,
        signature: Option<String>,
        from: chrono::NaiveDate,
        to: chrono::NaiveDate,
    },
    /// The one-page family brief.
    Brief,
    /// The current work plan, or this version of it.
    Plan { version: Option<u32> },
    /// The record of the visit on this day (at this time, if the family had several).
    Visit {
        day: chrono::NaiveDate,
        time: Option<chrono::NaiveTime>,
    },
}

/// A document asked for on the command line, the same in embedded and server mode.
struct DocRequest {
    /// The case number as typed.
    case_number: String,
    /// Which document.
    kind: DocKind,
    /// Text or DOCX.
    format: doc::Format,
    /// `--out`: a new file, or a directory to write in.
    out: Option<PathBuf>,
    /// How the audit log names the file: `print` (`doc`) or `export` (`plan export`).
    action: AuditAction,
    /// The day of printing.
    today: chrono::NaiveDate,
}

impl DocRequest {
    /// `asystent doc …` with its dates and times parsed and the opinion's period checked.
    fn parse(
        command: DocCommand,
        today: chrono::NaiveDate,
        lang: Language,
    ) -> Result<DocRequest, Failure> {
        let (case_number, output, kind) = match command {
            DocCommand::Opinion {
                case_number,
                request,
                signature,
                from,
                to,
                output,
            } => {
                let from = doc_date("--from", &from, today, lang)?;
                let to = doc_date("--to", &to, today, lang)?;
                doc::check_period(from, to, today).map_err(|e| {
                    let e = std::rc::Rc::new(e);
                    Failure::new(Some(lang), move |l| i18n::doc_error(l, &e, Path::new("")))
                })?;
                let kind = DocKind::Opinion {
                    request,
                    signature,
                    from,
                    to,
                };
                (case_number, output, kind)
            }
            DocCommand::Brief {
                case_number,
                output,
            } => (case_number, output, DocKind::Brief),
            DocCommand::Plan {
                case_number,
                version,
                output,
            } => (case_number, output, DocKind::Plan { version }),
            DocCommand::Visit {
                case_number,
                date,
                time,
                output,
            } => {
                let day = doc_date("--date", &date, today, lang)?;
                let time = match time {
                    Some(text) => {
                        Some(crate::domain::dates::parse_time(&text).ok_or_else(|| {
                            Failure::new(Some(lang), move |l| i18n::bad_time_option(l, &text))
                        })?)
                    }
                    None => None,
                };
                (case_number, output, DocKind::Visit { day, time })
            }
        };
        Ok(DocRequest {
            case_number,
            kind,
            format: match output.format {
                DocFormatArg::Text => doc::Format::Text,
                DocFormatArg::Docx => doc::Format::Docx,
            },
            out: output.out,
            action: AuditAction::Print,
            today,
        })
    }
}

/// A date option of `asystent doc`, parsed or refused with its name.
fn doc_date(
    option: &'static str,
    text: &str,
    today: chrono::NaiveDate,
    lang: Language,
) -> Result<chrono::NaiveDate, Failure> {
    parse_date(text, today).map_err(|e| {
        let text = text.to_string();
        Failure::new(Some(lang), move |l| {
            i18n::bad_date_option(l, option, &text, &e)
        })
    })
}

/// `asystent doc opinion|brief|plan|visit CASE …` and `asystent plan export CASE`: reads
/// the family through the service or the server (so the caller's scope applies and the
/// view is audited), lays out the document, writes it here to a new file (`--out`, else
/// the backend's documents directory), audits the print or export through the same
/// backend and prints the file's path. Nothing is written before every input is checked,
/// and a file whose entry in the audit log failed is removed again.
fn document(reached: Reached, request: &DocRequest, lang: Language) -> Result<ExitCode, Failure> {
    let (backend, caller) = (&reached.backend, &reached.caller);
    let refused = |e| command_failure(lang, e);
    let no_case = || {
        let case = request.case_number.clone();
        Failure::new(Some(lang), move |l| i18n::no_such_case(l, &case))
    };
    let id = backend
        .find_case(caller, &request.case_number)
        .map_err(refused)?
        .ok_or_else(no_case)?;
    let detail = backend
        .family_detail(caller, id)
        .map_err(refused)?
        .ok_or_else(no_case)?;
    let case = detail.family.case_number.clone();
    let today = request.today;
    let mut ctx = doc::DocContext {
        staff_name: reached.staff_name(detail.family.assistant, lang)?,
        lang,
        today,
    };
    let doc_refused = |e: doc::DocError| {
        let e = std::rc::Rc::new(e);
        Failure::new(Some(lang), move |l| i18n::doc_error(l, &e, Path::new("")))
    };

    // The document, its default file name and what the audit log calls it.
    let (document, stem, what) = match &request.kind {
        DocKind::Opinion {
            request: number,
            signature,
            from,
            to,
        } => {
            let requests = &detail.court_requests;
            let chosen = match (number, signature) {
                (Some(n), _) => n.checked_sub(1).and_then(|i| requests.get(i)),
                (None, Some(sig)) => doc::opinion::request_by_signature(requests, sig),
                (None, None) if requests.len() == 1 => requests.first(),
                (None, None) => None,
            };
            let Some(chosen) = chosen else {
                let (number, signature) = (*number, signature.clone());
                let list: Vec<(String, chrono::NaiveDate)> = requests
                    .iter()
                    .map(|r| (one_line(&r.signature), r.received))
                    .collect();
                let case = case.clone();
                return Err(Failure::new(Some(lang), move |l| {
                    i18n::which_court_request(l, &case, number, signature.as_deref(), &list)
                }));
            };
            let spec = doc::OpinionSpec {
                request: chosen.id,
                from: *from,
                to: *to,
            };
            let document =
                doc::opinion::opinion_document(&detail, &spec, &ctx).map_err(doc_refused)?;
            let stem = doc::opinion::opinion_file_stem(&case, &chosen.signature);
            let what = format!(
                "court_request {} opinion {}–{}",
                chosen.id,
                from.format("%Y-%m-%d"),
                to.format("%Y-%m-%d")
            );
            (document, stem, what)
        }
        DocKind::Brief => {
            let document = doc::brief::brief_document(&detail, backend.rules(), &ctx);
            let stem = doc::brief::brief_file_stem(&case, today);
            (document, stem, "brief".to_string())
        }
        DocKind::Plan { version } => {
            let plan = match version {
                None => detail.plan.clone().ok_or_else(|| {
                    let case = case.clone();
                    Failure::new(Some(lang), move |l| i18n::no_plan_to_export(l, &case))
                })?,
                Some(version) => {
                    let version = *version;
                    detail
                        .plans
                        .iter()
                        .find(|p| p.version == version)
                        .cloned()
                        .ok_or_else(|| {
                            let case = case.clone();
                            Failure::new(Some(lang), move |l| {
                                i18n::no_plan_version(l, &case, version)
                            })
                        })?
                }
            };
            let document = doc::plan::plan_document(
                &detail.family,
                &detail.members,
                &plan,
                &ctx.staff_name,
                lang,
                today,
            );
            let stem = doc::plan::plan_file_stem(&case, plan.version);
            let what = format!("plan {} version {}", plan.id, plan.version);
            (document, stem, what)
        }
        DocKind::Visit { day, time } => {
            let mut that_day: Vec<&crate::domain::Visit> = detail
                .visits
                .iter()
                .filter(|v| v.date == *day && time.is_none_or(|t| v.time == t))
                .collect();
            that_day.sort_by_key(|v| (v.time, v.id));
            let [visit] = that_day.as_slice() else {
                let times: Vec<String> = that_day
                    .iter()
                    .map(|v| v.time.format("%H:%M").to_string())
                    .collect();
                let (case, day) = (case.clone(), *day);
                return Err(Failure::new(Some(lang), move |l| {
                    i18n::which_visit(l, &case, day, &times)
                }));
            };
            ctx.staff_name = reached.staff_name(Some(visit.assistant), lang)?;
            let document =
                doc::visit::visit_document(&detail.family, visit, &ctx.staff_name, lang, today);
            let stem = doc::visit::visit_file_stem(&case, visit.date);
            (document, stem, format!("visit {}", visit.id))
        }
    };

    // Written on this side: beside the database opened here, or attached to a server
    // in the user's own documents directory (the server's is not theirs to write).
    let format = request.format;
    let (target, written) = match &request.out {
        Some(out) if out.is_dir() => (
            out.clone(),
            doc::write_document(out, &stem, &document, format),
        ),
        Some(out) => (
            out.clone(),
            doc::render(&document, format).and_then(|bytes| doc::write_new_file_at(out, bytes)),
        ),
        None => {
            let dir = backend.documents_dir();
            let written = doc::write_document(&dir, &stem, &document, format);
            (dir, written)
        }
    };
    let path = written.map_err(|e| {
        let e = std::rc::Rc::new(e);
        Failure::new(Some(lang), move |l| {
            i18n::document_write_error(l, &target, &e)
        })
    })?;
    let what = match request.action {
        AuditAction::Export => format!("{what} export"),
        _ => format!("{what} {}", format.extension()),
    };
    let audited =
        backend.audit_written(caller, request.action, Some(detail.family.id), &what, &path);
    if let Err(e) = audited {
        let failure = refused(e);
        return Err(Failure::new(failure.lang, move |l| {
            i18n::document_not_audited(l, &path, &(failure.message)(l))
        }));
    }
    drop(reached);
    say(&path.display().to_string());
    Ok(ExitCode::SUCCESS)
}

/// The `--from` and `--to` of a report or export, read as dates; `--from` after `--to`
/// is refused with both named.
fn period(
    from: &str,
    to: &str,
    today: chrono::NaiveDate,
    lang: Language,
) -> Result<(chrono::NaiveDate, chrono::NaiveDate), Failure> {
    let date = |option: &'static str, text: &str| {
        parse_date(text, today).map_err(|e| {
            let text = text.to_string();
            Failure::new(Some(lang), move |l| {
                i18n::bad_date_option(l, option, &text, &e)
            })
        })
    };
    let (from, to) = (date("--from", from)?, date("--to", to)?);
    if from > to {
        return Err(Failure::new(Some(lang), move |l| {
            i18n::report::period_backwards(l, from, to)
        }));
    }
    Ok((from, to))
}

/// What `report` was asked for.
struct ReportRequest {
    from: chrono::NaiveDate,
    to: chrono::NaiveDate,
    format: ReportFormat,
    login: String,
}

/// `asystent report --from DATE --to DATE [--format text|csv|json]`: the supervisor's
/// half-year report on stdout, counted by the database opened here or by the server that
/// owns it. The database (or the connection) is closed before anything is printed.
fn report(
    reached: Reached,
    definition: &ReportDefinition,
    request: &ReportRequest,
    lang: Language,
) -> Result<ExitCode, Failure> {
    let computed = {
        let computed = reached
            .backend
            .report(&reached.caller, definition, request.from, request.to)
            .map_err(|e| command_failure(lang, e))?;
        reached.flush(lang)?;
        computed
    };
    warn_damaged(computed.damaged.len(), lang);
    let text = match request.format {
        ReportFormat::Text => report::output::text(&computed, lang),
        ReportFormat::Csv => report::output::csv(&computed, lang),
        ReportFormat::Json => report::output::json(&computed, lang),
    };
    say_raw(&text);
    Ok(ExitCode::SUCCESS)
}

/// What `export` was asked for.
struct PeriodExportRequest {
    what: ExportWhat,
    from: chrono::NaiveDate,
    to: chrono::NaiveDate,
    out: Option<PathBuf>,
    login: String,
}

/// `asystent export families|visits --from DATE --to DATE [--out PATH]`: CSV on stdout,
/// or in a new file (mode 0600, never over an existing one) whose path is printed. The
/// lines come from the database opened here or from the server that owns it; the CSV is
/// written on this side.
fn export_period(
    reached: Reached,
    request: &PeriodExportRequest,
    lang: Language,
) -> Result<ExitCode, Failure> {
    let (csv, damaged) = {
        let (backend, caller) = (&reached.backend, &reached.caller);
        let refused = |e| command_failure(lang, e);
        let (from, to) = (request.from, request.to);
        let out = match request.what {
            ExportWhat::Families => {
                let e = backend.export_families(caller, from, to).map_err(refused)?;
                (
                    report::export::families_csv(&e.lines, lang),
                    e.damaged.len(),
                )
            }
            ExportWhat::Visits => {
                let e = backend.export_visits(caller, from, to).map_err(refused)?;
                (report::export::visits_csv(&e.lines, lang), e.damaged.len())
            }
        };
        reached.flush(lang)?;
        out
    };
    warn_damaged(damaged, lang);
    let Some(out) = &request.out else {
        say_raw(&csv);
        return Ok(ExitCode::SUCCESS);
    };
    let written = if out.is_dir() {
        let kind = match request.what {
            ExportWhat::Families => report::export::FAMILIES_FILE,
            ExportWhat::Visits => report::export::VISITS_FILE,
        };
        report::export::write_csv_file(out, kind, request.from, request.to, &csv)
    } else {
        doc::write_new_file_at(out, &csv)
    };
    let path = written.map_err(|e| {
        let (e, target) = (std::rc::Rc::new(e), out.clone());
        Failure::new(Some(lang), move |l| {
            i18n::document_write_error(l, &target, &e)
        })
    })?;
    say(&path.display().to_string());
    Ok(ExitCode::SUCCESS)
}

/// Says on stderr that `n` records could not be read, if any.
fn warn_damaged(n: usize, lang: Language) {
    if n > 0 {
        let _ = writeln!(
            std::io::stderr(),
            "asystent: {}",
            i18n::report::damaged(lang, n)
        );
    }
}

/// What `alerts` was asked for.
struct AlertsRequest {
    assistant: Option<String>,
    format: AlertsFormat,
    login: String,
    today: chrono::NaiveDate,
}

/// One alert as `alerts` prints it: texts from the database already cleaned.
#[derive(Debug, Serialize)]
struct AlertOut {
    kind: &'static str,
    severity: &'static str,
    due: chrono::NaiveDate,
    days_left: i64,
    case_number: String,
    family: String,
    family_id: Id,
    assistant: Option<String>,
    record_id: Option<Id>,
    reason: &'static str,
    #[serde(skip)]
    alert: Alert,
    #[serde(skip)]
    assistant_name: String,
}

/// Alerts by severity in the JSON output.
#[derive(Debug, Serialize)]
struct AlertCounts {
    overdue: usize,
    today: usize,
    soon: usize,
}

/// An assistant's caseload at or near the limit in the JSON output.
#[derive(Debug, Serialize)]
struct CaseloadOut {
    assistant: String,
    name: String,
    active: u32,
    limit: u32,
    severity: &'static str,
}

/// The JSON document `alerts --format json` prints.
#[derive(Debug, Serialize)]
struct AlertsJson<'a> {
    today: chrono::NaiveDate,
    counts: AlertCounts,
    alerts: &'a [AlertOut],
    caseload: &'a [CaseloadOut],
    damaged_records: usize,
}

/// `asystent alerts [--assistant LOGIN] [--format text|json]`: the alerts the caller
/// sees, as the Alerts screen shows them; exit 1 when one is overdue. The database (or
/// the connection to the server) is closed before anything is printed.
fn alerts(
    reached: Reached,
    config: &Config,
    request: &AlertsRequest,
    lang: Language,
) -> Result<ExitCode, Failure> {
    let (lines, caseload, whose, damaged) = {
        let (backend, caller) = (&reached.backend, &reached.caller);
        let refused = |e| command_failure(lang, e);
        let snapshot = backend.snapshot(caller, request.today).map_err(refused)?;
        // The list goes out of the program (to a mail, say): one export entry, flushed.
        backend
            .audit(caller, AuditAction::Export, None, "alerts")
            .map_err(refused)?;
        reached.flush(lang)?;
        let caller = caller.login.clone();
        drop(reached);
        let narrowed = match &request.assistant {
            None => None,
            Some(login) => Some(alerts_assistant(&snapshot, &caller, login, lang)?),
        };
        let lines: Vec<AlertOut> = snapshot
            .alerts
            .iter()
            .filter_map(|a| {
                let row = snapshot.family(a.deadline.family_id)?;
                if narrowed
                    .as_ref()
                    .is_some_and(|(id, _)| row.family.assistant != Some(*id))
                {
                    return None;
                }
                let staff = row.family.assistant.and_then(|id| snapshot.staff.get(&id));
                Some(AlertOut {
                    kind: kind_key(a.deadline.kind),
                    severity: severity_key(a.severity),
                    due: a.deadline.due,
                    days_left: a.days_left,
                    case_number: one_line(&row.family.case_number),
                    family: one_line(&row.family.name),
                    family_id: row.family.id,
                    assistant: staff.map(|s| one_line(&s.login)),
                    record_id: a.deadline.record_id,
                    reason: i18n::deadline_reason(lang, a.deadline.kind),
                    alert: a.clone(),
                    assistant_name: staff.map(|s| one_line(&s.name)).unwrap_or_default(),
                })
            })
            .collect();
        let caseload = caseload_warnings(&snapshot, narrowed.as_ref().map(|(id, _)| *id), config);
        (
            lines,
            caseload,
            narrowed.map(|(_, name)| name),
            snapshot.damaged.len(),
        )
    };
    if damaged > 0 {
        let _ = writeln!(
            std::io::stderr(),
            "asystent: {}",
            i18n::alerts_damaged(lang, damaged)
        );
    }
    let count = |s: Severity| lines.iter().filter(|l| l.alert.severity == s).count();
    let counts = [
        count(Severity::Overdue),
        count(Severity::Today),
        count(Severity::Soon),
    ];
    match request.format {
        AlertsFormat::Text if lines.is_empty() => say(&i18n::alerts_none(
            lang,
            request.today,
            whose.as_deref(),
            config.alert_rules().warning_days,
        )),
        AlertsFormat::Text => {
            say(&i18n::alerts_header(
                lang,
                request.today,
                whose.as_deref(),
                counts,
            ));
            say_raw(&alert_lines(&lines, lang));
        }
        AlertsFormat::Json => {
            let [overdue, today, soon] = counts;
            let doc = AlertsJson {
                today: request.today,
                counts: AlertCounts {
                    overdue,
                    today,
                    soon,
                },
                alerts: &lines,
                caseload: &caseload,
                damaged_records: damaged,
            };
            let json = serde_json::to_string_pretty(&doc).map_err(|e| {
                let text = e.to_string();
                Failure::new(Some(lang), move |_| text.clone())
            })?;
            say(&json);
        }
    }
    Ok(if counts[0] > 0 {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

/// The caseloads the caller sees (only `assistant`'s when narrowed) at the limit or within
/// `caseload.warning_margin` of it, for the supervisor's morning e-mail. The limit and
/// margin are those the snapshot was computed with (a server's own), else `config`'s.
fn caseload_warnings(
    snapshot: &Snapshot,
    assistant: Option<Id>,
    config: &Config,
) -> Vec<CaseloadOut> {
    let rows: std::collections::BTreeMap<Id, &CaseloadRow> = snapshot
        .caseload
        .iter()
        .filter(|r| assistant.is_none_or(|id| r.assistant.id == id))
        .map(|r| (r.assistant.id, r))
        .collect();
    let counts = rows.iter().map(|(id, r)| (*id, r.active)).collect();
    let (limit, margin) = rows.values().next().map_or(
        (config.caseload_limit, config.caseload_warning_margin),
        |r| (r.limit, r.margin),
    );
    caseload::caseload_warnings(&counts, limit, margin)
        .into_iter()
        .filter_map(|w| {
            let row = rows.get(&w.assistant)?;
            Some(CaseloadOut {
                assistant: one_line(&row.assistant.login),
                name: one_line(&row.assistant.name),
                active: w.active,
                limit: w.limit,
                severity: match w.severity {
                    CaseloadSeverity::AtLimit => "at_limit",
                    CaseloadSeverity::NearLimit => "near_limit",
                },
            })
        })
        .collect()
}

/// The assistant `--assistant LOGIN` names, as id and display name: refused for an unknown
/// login, a login that is not an assistant's, and another assistant's login when the
/// caller (the login `caller`) is an assistant or a social worker (who see only their
/// own families).
fn alerts_assistant(
    snapshot: &Snapshot,
    caller: &str,
    login: &str,
    lang: Language,
) -> Result<(Id, String), Failure> {
    let refuse = |message: fn(Language, &str) -> String| {
        let login = login.to_string();
        Failure::new(Some(lang), move |l| message(l, &login))
    };
    // An active account wins over a disabled one with the same login.
    let staff = snapshot
        .staff
        .values()
        .filter(|s| s.login == login)
        .max_by_key(|s| s.active)
        .ok_or_else(|| refuse(i18n::unknown_assistant))?;
    if staff.role != Role::Assistant {
        let (login, role) = (login.to_string(), staff.role);
        return Err(Failure::new(Some(lang), move |l| {
            i18n::not_an_assistant(l, &login, role)
        }));
    }
    // The caller's account as `Service::caller` finds it: the first with the login.
    let own = snapshot.staff.values().find(|s| s.login == caller);
    let scoped = own.is_some_and(|s| matches!(s.role, Role::Assistant | Role::SocialWorker));
    if scoped && own.map(|a| a.id) != Some(staff.id) {
        return Err(refuse(i18n::not_your_families));
    }
    Ok((staff.id, one_line(&staff.name)))
}

/// The alert lines of the text format, columns padded with spaces (no tabs), overdue first
/// as the snapshot sorts them.
fn alert_lines(lines: &[AlertOut], lang: Language) -> String {
    // Longer names are not padded to: one long name must not widen every line.
    const MAX_PAD: usize = 30;
    let rows: Vec<[String; 7]> = lines
        .iter()
        .map(|l| {
            [
                i18n::severity_word(lang, l.alert.severity).to_string(),
                format_date(l.due),
                l.alert.deadline.kind.label(lang).to_string(),
                l.case_number.clone(),
                l.family.clone(),
                if l.assistant_name.is_empty() {
                    "—".to_string()
                } else {
                    l.assistant_name.clone()
                },
                i18n::days_left(lang, l.days_left),
            ]
        })
        .collect();
    let mut widths = [0usize; 7];
    for row in &rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count().min(MAX_PAD));
        }
    }
    let mut out = String::new();
    for row in &rows {
        let mut line = String::new();
        for (i, (cell, w)) in row.iter().zip(widths).enumerate() {
            if i > 0 {
                line.push_str("  ");
            }
            line.push_str(cell);
            let pad = w.saturating_sub(cell.chars().count());
            line.extend(std::iter::repeat_n(' ', pad));
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

/// Text from the database made one safe line: control characters and direction overrides
/// dropped, line breaks and tabs turned into spaces.
fn one_line(text: &str) -> String {
    doc::clean(text)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The stable JSON name of a deadline kind.
fn kind_key(kind: DeadlineKind) -> &'static str {
    match kind {
        DeadlineKind::Assessment => "assessment",
        DeadlineKind::WorkPlan => "work_plan",
        DeadlineKind::CourtOpinion => "court_opinion",
        DeadlineKind::PlanIncomplete => "plan_incomplete",
        DeadlineKind::NoConsultation => "no_consultation",
        DeadlineKind::ActionDeadline => "action_deadline",
        DeadlineKind::NoChildPlanLink => "no_child_plan_link",
        DeadlineKind::VisitOutcome => "visit_outcome",
        DeadlineKind::NoContact => "no_contact",
        DeadlineKind::MonitoringCheckIn => "monitoring_check_in",
        DeadlineKind::MonitoringEnded => "monitoring_ended",
    }
}

/// The stable JSON name of a severity.
fn severity_key(severity: Severity) -> &'static str {
    match severity {
        Severity::Overdue => "overdue",
        Severity::Today => "today",
        Severity::Soon => "soon",
    }
}

/// Opens a database that must exist already (a mistyped path must not create one).
fn open_existing(path: &Path, lang: Language) -> Result<Store, Failure> {
    if !Store::exists(path) {
        let path = path.to_path_buf();
        return Err(Failure::new(Some(lang), move |l| {
            i18n::no_database(l, &path)
        }));
    }
    open_store(path, lang)
}

fn backup_failure(lang: Language, e: BackupError) -> Failure {
    Failure::new(Some(lang), move |l| i18n::backup_error(l, &e))
}

fn open_store(path: &Path, lang: Language) -> Result<Store, Failure> {
    Store::open(path).map_err(|e| store_failure(lang, e))
}

fn store_failure(lang: Language, e: crate::store::StoreError) -> Failure {
    Failure::new(Some(lang), move |l| i18n::store_error(l, &e))
}

/// A refused or failed command, its message rendered in the language of the run.
fn command_failure(lang: Language, e: CommandError) -> Failure {
    let e = std::rc::Rc::new(e);
    Failure::new(Some(lang), move |l| i18n::command_line_error(l, &e))
}

/// Opens an existing database for a command with the configured rules, and identifies
/// `login` on `today`.
fn open_service(
    db: &Path,
    config: &Config,
    login: &str,
    today: chrono::NaiveDate,
    lang: Language,
) -> Result<(Service, Caller), Failure> {
    let store = open_existing(db, lang)?;
    let mut service = Service::new(store, config.alert_rules(), config.caseload_limit)
        .with_caseload_margin(config.caseload_warning_margin);
    // A command that only read (`alerts` from cron) leaves the next workstation its
    // first Overview from the files, as a quit does.
    service.leave_start_file_at_drop(today);
    let caller = service
        .caller(login, today)
        .map_err(|e| store_failure(lang, e))?;
    Ok((service, caller))
}

/// Connects to a running server: the one `--server` names (it must answer), else the
/// default socket of `db` when a server answers there. None means no server runs and
/// the caller opens the database itself. `claimed` (from `--user`) is sent in the hello;
/// only a server started for tests accepts it.
fn attach(
    db: &Path,
    server: Option<&Path>,
    claimed: Option<&str>,
    lang: Language,
) -> Result<Option<Client>, Failure> {
    let socket = match server {
        Some(path) => path.to_path_buf(),
        None => crate::server::default_socket(db),
    };
    if server.is_none() && !socket.exists() {
        return Ok(None);
    }
    let program = crate::server::program_version();
    let connected = match claimed {
        Some(login) => Client::connect_as(&socket, &program, login),
        None => Client::connect(&socket, &program),
    };
    match connected {
        Ok(client) => Ok(Some(client)),
        // A socket file nobody answers on is left by a stopped server: work locally
        // (the next server removes it).
        Err(ClientError::Connect { .. }) if server.is_none() => Ok(None),
        Err(e) => {
            let e = std::rc::Rc::new(e);
            Err(Failure::new(Some(lang), move |l| i18n::client_error(l, &e)))
        }
    }
}

/// How a maintenance command reaches the register besides the database path.
struct Reach<'a> {
    /// `--server`: the socket of the server to use.
    server: Option<&'a Path>,
    /// `--user`: the login claimed in the hello (only a server started for tests takes it).
    claimed: Option<&'a str>,
    /// The login to work as on a database opened here.
    login: &'a str,
    /// The date to work on.
    today: chrono::NaiveDate,
}

/// Where a maintenance command's calls go (the database opened here, or the server that
/// owns it), and who makes them. Either way the service decides who may do what, and the
/// command prints what it gets back in one way.
struct Reached {
    /// The embedded service or the server.
    backend: Backend,
    /// The caller: identified on the database opened here, or as the server sees it.
    caller: Caller,
}

impl Reached {
    /// Attaches to a running server (see [`attach`]), else opens the database.
    fn open(db: &Path, config: &Config, reach: &Reach, lang: Language) -> Result<Reached, Failure> {
        if let Some(client) = attach(db, reach.server, reach.claimed, lang)? {
            let remote = Remote::new(client, reach.today, attached_documents_dir())
                .map_err(|e| command_failure(lang, e))?;
            let caller = remote.caller().clone();
            return Ok(Reached {
                backend: Backend::Remote(remote),
                caller,
            });
        }
        let (service, caller) = open_service(db, config, reach.login, reach.today, lang)?;
        Ok(Reached {
            backend: Backend::Local(service),
            caller,
        })
    }

    /// The login of every account by id, to name the colleagues a stand-in covers. Over
    /// the socket this is a second call the caller may be refused (the saved change
    /// stands): the logins are then left out.
    fn staff_logins(
        &self,
        lang: Language,
    ) -> Result<std::collections::HashMap<Id, String>, Failure> {
        let accounts = match self.backend.local() {
            Some(service) => {
                let loaded = service
                    .store()
                    .staff()
                    .map_err(|e| store_failure(lang, e))?;
                loaded.records.into_iter().map(|v| v.value).collect()
            }
            None => self
                .backend
                .staff_accounts(&self.caller)
                .unwrap_or_default(),
        };
        Ok(accounts.into_iter().map(|s| (s.id, s.login)).collect())
    }

    /// The case number of every family by id: all of them in the database opened here,
    /// those the caller sees through a server.
    fn case_numbers(
        &self,
        today: chrono::NaiveDate,
        lang: Language,
    ) -> Result<std::collections::HashMap<Id, String>, Failure> {
        let families: Vec<_> = match self.backend.local() {
            Some(service) => {
                let loaded = service
                    .store()
                    .families()
                    .map_err(|e| store_failure(lang, e))?;
                loaded.records.into_iter().map(|f| f.value).collect()
            }
            None => {
                let snapshot = self
                    .backend
                    .snapshot(&self.caller, today)
                    .map_err(|e| command_failure(lang, e))?;
                snapshot.families.into_iter().map(|r| r.family).collect()
            }
        };
        Ok(families
            .into_iter()
            .map(|f| (f.id, f.case_number))
            .collect())
    }

    /// The name of a staff account, for a document's author or signer; empty for none.
    fn staff_name(&self, id: Option<Id>, lang: Language) -> Result<String, Failure> {
        let Some(id) = id else {
            return Ok(String::new());
        };
        let name = match &self.backend {
            Backend::Local(service) => {
                service.staff_name(id).map_err(|e| store_failure(lang, e))?
            }
            Backend::Opening(_) => {
                return Err(command_failure(lang, CommandError::StillOpening));
            }
            Backend::Remote(remote) => remote
                .client()
                .staff_name(id)
                .map_err(|e| command_failure(lang, crate::backend::offline(e)))?,
        };
        Ok(name.unwrap_or_default())
    }

    /// Flushes a database opened here; a server flushes its own saves.
    fn flush(&self, lang: Language) -> Result<(), Failure> {
        self.backend.flush().map_err(|e| store_failure(lang, e))
    }
}

/// Where printed documents go when a server owns the database: the user's own data
/// directory, since the server's is not theirs to write.
fn attached_documents_dir() -> PathBuf {
    data_dir()
        .map(|d| d.join(doc::DOCUMENTS_DIR))
        .unwrap_or_else(|| PathBuf::from(doc::DOCUMENTS_DIR))
}

/// The platform data directory of asystent (e.g. ~/.local/share/asystent).
fn data_dir() -> Option<PathBuf> {
    directories::ProjectDirs::from("pl", "asystent", "asystent").map(|d| d.data_dir().to_path_buf())
}

/// Writes a line to stdout; a closed or broken stdout (`| head`) is not an error worth a panic.
fn say(text: &str) {
    let _ = writeln!(std::io::stdout(), "{text}");
}

/// Writes text to stdout as it is, ignoring a closed stdout.
fn say_raw(text: &str) {
    let _ = write!(std::io::stdout(), "{text}");
}
