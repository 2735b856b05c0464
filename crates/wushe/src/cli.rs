use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use clap::{Parser, Subcommand};
use wushe_app::demo;
use wushe_app::startup::open_database;
use wushe_domain::account::NewAccount;
use wushe_store::{Db, Scope, regions};
use wushe_web::{Application, Settings};

use crate::import;

#[derive(Parser)]
#[command(name = "wushe", version, about = "五社联动服务平台 — Five-Society Linkage platform")]
pub struct Cli {
    /// Configuration file (TOML); see wushe.example.toml.
    #[arg(long, global = true, env = "WUSHE_CONFIG")]
    config: Option<PathBuf>,
    /// Database URL: postgres://… for PostgreSQL; SQLite in the data folder when absent.
    #[arg(long, global = true)]
    database_url: Option<String>,
    /// Folder for the SQLite database and the data key.
    #[arg(long, global = true)]
    data_dir: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Start the web server (loads the national regions on first start).
    Serve {
        /// Also load the demo service network and accounts.
        #[arg(long)]
        demo: bool,
        /// Address to listen on, e.g. 127.0.0.1:8080.
        #[arg(long)]
        bind: Option<std::net::SocketAddr>,
    },
    /// Apply database migrations and exit.
    Migrate,
    /// The national division codes.
    Regions {
        #[command(subcommand)]
        command: RegionsCommand,
    },
    /// Load the demo service network and accounts; with `--scale N`, also a whole municipality's
    /// records for benchmarks (N = 100: 10 million service records, 1 million volunteers).
    Demo {
        #[arg(long)]
        scale: Option<u64>,
        /// The same seed gives the same records.
        #[arg(long, default_value_t = 2026)]
        seed: u64,
        /// Whose communities get the records.
        #[arg(long, default_value = "50")]
        prefix: String,
    },
    /// Create a platform administrator (the first account of an installation).
    AddAdmin {
        #[arg(long)]
        username: String,
        #[arg(long, default_value = "平台管理员")]
        name: String,
        /// Home region code; CN for the whole country.
        #[arg(long, default_value = "CN")]
        region: String,
        /// First password; read from WUSHE_ADMIN_PASSWORD. Must be changed at first sign-in.
        #[arg(long, env = "WUSHE_ADMIN_PASSWORD", hide_env_values = true)]
        password: String,
    },
    /// Check the hash chains of the audit log and the hours ledger; exits non-zero on a break.
    Verify,
    /// Write a consistent backup into a new folder while the server keeps serving: the database
    /// (SQLite's `VACUUM INTO`, or `pg_dump` of one snapshot), the chain anchors and a manifest of
    /// the copy's digest and chain heads. The data key is not in it. See docs/OPERATIONS.md.
    Backup { folder: PathBuf },
    /// Put a backup folder back (stop the server first). SQLite: with --replace the current
    /// database is moved aside; PostgreSQL: into a new, empty database. Checks the backup under
    /// the data key before touching anything, and verifies the chains afterwards.
    Restore {
        folder: PathBuf,
        /// Move the current database and anchors aside (kept, not deleted) and restore over them.
        #[arg(long)]
        replace: bool,
    },
    /// Import a registry from an .xlsx or .csv file (the web UI's template). The whole file is
    /// checked first; if any row is wrong nothing is loaded and every problem is listed.
    Import {
        #[command(subcommand)]
        registry: ImportCommand,
    },
    /// The data key that seals personal numbers.
    Keys {
        #[command(subcommand)]
        command: KeysCommand,
    },
    /// Write a generated registry file, for benchmarks.
    Generate {
        #[command(subcommand)]
        registry: GenerateCommand,
    },
    /// The figures' rollups.
    Figures {
        #[command(subcommand)]
        command: FiguresCommand,
    },
    /// Measure a part of the platform on the database.
    Bench {
        #[command(subcommand)]
        command: BenchCommand,
    },
}

#[derive(Subcommand)]
enum FiguresCommand {
    /// Make every rollup row again from the records (writers wait meanwhile).
    Rebuild,
    /// Compare the rollups with the records; lists any difference and exits non-zero.
    Check,
}

#[derive(Subcommand)]
enum BenchCommand {
    /// Build the volunteer index from the database and time recommendation queries.
    Match {
        /// Timed queries.
        #[arg(long, default_value_t = 20_000)]
        queries: usize,
        /// Untimed queries first.
        #[arg(long, default_value_t = 2_000)]
        warmup: usize,
        /// Candidates per query.
        #[arg(long, default_value_t = 10)]
        k: usize,
    },
    /// Prepare the concurrent check-in benchmark: accounts, sessions, an activity, sign-ups.
    CheckIns {
        #[arg(long, default_value_t = 1000)]
        count: usize,
    },
    /// Time the figures' summary for random regions and periods (each with its year before).
    Figures {
        #[arg(long, default_value_t = 2_000)]
        queries: usize,
        #[arg(long, default_value = "50")]
        prefix: String,
    },
    /// Write COUNT messages to a demo account, then time its inbox page, a deep page and the
    /// header's unread count.
    Messages {
        #[arg(long, default_value_t = 100_000)]
        count: usize,
        #[arg(long, default_value = "wz.room")]
        account: String,
    },
    /// Time single-row transactions on one connection: the engine's raw commit rate.
    Commits {
        #[arg(long, default_value_t = 5)]
        seconds: u64,
    },
}

#[derive(Subcommand)]
enum ImportCommand {
    /// Volunteers, in the columns of the web's template.
    Volunteers { file: PathBuf },
    /// Social organizations, in the columns of the web's template.
    Organizations { file: PathBuf },
    /// Residents served, in the columns of the web's template.
    Residents { file: PathBuf },
    /// Social workers, in the columns of the web's template (postings by service-point name).
    SocialWorkers { file: PathBuf },
    /// Donors, in the columns of the web's template.
    Donors { file: PathBuf },
}

#[derive(Subcommand)]
enum KeysCommand {
    /// Re-seal every personal value with a new key (WUSHE_NEW_DATA_KEY, or a generated one) in
    /// one transaction; stop the server first. See docs/OPERATIONS.md.
    Rotate,
}

#[derive(Subcommand)]
enum GenerateCommand {
    /// Volunteers spread over the real villages under a region prefix.
    Volunteers {
        #[arg(long, default_value_t = 100_000)]
        count: usize,
        #[arg(long, default_value = "50")]
        prefix: String,
        /// Output file: .xlsx, or .csv for anything else.
        out: PathBuf,
    },
}

#[derive(Subcommand)]
enum RegionsCommand {
    /// Load the embedded 2023 national division codes (all five levels, 665,276 units).
    Load {
        /// Only units under these code prefixes (with their ancestors), e.g. 50 for Chongqing.
        #[arg(long = "prefix")]
        prefixes: Vec<String>,
    },
    /// Count loaded regions by level.
    Status,
}

fn settings(cli: &Cli) -> Result<Settings, String> {
    let mut s = Settings::load(cli.config.as_deref(), std::env::vars()).map_err(|e| e.to_string())?;
    if let Some(url) = &cli.database_url {
        s.database_url = Some(wushe_app::settings::Secret::new(url.clone()));
    }
    if let Some(dir) = &cli.data_dir {
        s.data_dir = dir.clone();
    }
    Ok(s)
}

fn init_logs(filter: &str) {
    let filter =
        tracing_subscriber::EnvFilter::try_new(filter).unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    let _ = tracing_subscriber::fmt().with_env_filter(filter).with_target(false).try_init();
}

pub async fn run(cli: Cli) -> Result<ExitCode, String> {
    let mut settings = settings(&cli)?;
    init_logs(&settings.log);
    match cli.command {
        Command::Serve { demo, bind } => {
            if let Some(b) = bind {
                settings.bind = b;
            }
            serve(settings, demo).await
        }
        Command::Migrate => {
            open(&settings).await?;
            println!("数据库已是最新 / database is up to date");
            Ok(ExitCode::SUCCESS)
        }
        Command::Regions { command: RegionsCommand::Load { prefixes } } => {
            let db = open(&settings).await?;
            let refs: Vec<&str> = prefixes.iter().map(String::as_str).collect();
            load_regions(&db, &refs).await?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Regions { command: RegionsCommand::Status } => {
            let db = open(&settings).await?;
            for (level, n) in regions::counts(&db).await.map_err(|e| e.to_string())? {
                println!("{:<24} {n:>8}", level.label(wushe_domain::Lang::Zh));
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Demo { scale, seed, prefix } => {
            let db = open(&settings).await?;
            ensure_regions(&db).await?;
            load_demo(&db).await?;
            if let Some(n) = scale {
                crate::demo_scale::run(&db, &settings.data_dir, n, seed, &prefix).await?;
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::AddAdmin { username, name, region, password } => {
            let db = open(&settings).await?;
            let input = wushe_domain::account::AccountInput {
                username,
                display_name: name,
                phone: None,
                role: "platform_admin".into(),
                region,
                service_point: None,
                organization: None,
                password,
            };
            let new = NewAccount::parse(&input).map_err(|e| e.message(wushe_domain::Lang::Zh))?;
            let hash = wushe_domain::password::hash(&new.password).map_err(|e| e.to_string())?;
            let a =
                wushe_store::accounts::create(&db, &Scope::all(), &new, &hash, true, None).await.map_err(
                    |e| match e {
                        wushe_store::StoreError::Field(f) => f.message(wushe_domain::Lang::Zh),
                        other => other.to_string(),
                    },
                )?;
            println!("已创建平台管理员 {} / created administrator {}", a.username, a.username);
            Ok(ExitCode::SUCCESS)
        }
        Command::Import { registry } => {
            use wushe_app::network::organization_sheets::Organizations;
            use wushe_app::people::{
                donor_sheets::Donors, resident_sheets::Residents, social_worker_sheets::SocialWorkers,
                volunteer_sheets::Volunteers,
            };
            // An import into the embedded database while a server serves it would hold the
            // write lock for its whole batch: the folder's lock makes it wait for a stop instead.
            let _lock = lock_embedded(&settings)?;
            let db = open(&settings).await?;
            match registry {
                ImportCommand::Volunteers { file } => import::registry::<Volunteers>(&db, &file).await,
                ImportCommand::Organizations { file } => import::registry::<Organizations>(&db, &file).await,
                ImportCommand::Residents { file } => import::registry::<Residents>(&db, &file).await,
                ImportCommand::SocialWorkers { file } => import::registry::<SocialWorkers>(&db, &file).await,
                ImportCommand::Donors { file } => import::registry::<Donors>(&db, &file).await,
            }
        }
        Command::Generate { registry: GenerateCommand::Volunteers { count, prefix, out } } => {
            let rows = crate::generate::volunteers(count, &prefix)?;
            let headers = wushe_app::people::volunteer_sheets::HEADERS;
            let bytes = if out.extension().is_some_and(|e| e == "xlsx") {
                wushe_sheets::write_xlsx("志愿者", &headers, &rows)
                    .map_err(|e| wushe_app::people::sheet_errors::message(&e, wushe_domain::Lang::Zh))?
            } else {
                wushe_sheets::write_csv(&headers, &rows)
            };
            std::fs::write(&out, bytes).map_err(|e| format!("cannot write {}: {e}", out.display()))?;
            println!("已生成 {count} 名志愿者 / wrote {count} volunteers to {}", out.display());
            Ok(ExitCode::SUCCESS)
        }
        Command::Keys { command: KeysCommand::Rotate } => {
            let _lock = lock_embedded(&settings)?;
            crate::keys::rotate(&settings).await
        }
        Command::Bench { command: BenchCommand::CheckIns { count } } => {
            crate::bench_checkin::prepare(&open(&settings).await?, count).await
        }
        Command::Bench { command: BenchCommand::Figures { queries, prefix } } => {
            crate::bench_figures::run(&open(&settings).await?, queries, &prefix).await
        }
        Command::Bench { command: BenchCommand::Messages { count, account } } => {
            crate::bench_messages::run(&open(&settings).await?, count, &account).await
        }
        Command::Bench { command: BenchCommand::Commits { seconds } } => {
            crate::bench_commit::run(&settings, seconds).await
        }
        Command::Bench { command: BenchCommand::Match { queries, warmup, k } } => {
            crate::bench_match::run(&open(&settings).await?, queries, warmup, k).await
        }
        Command::Figures { command: FiguresCommand::Rebuild } => {
            crate::figures_cmd::rebuild(&open(&settings).await?).await
        }
        Command::Figures { command: FiguresCommand::Check } => crate::figures_cmd::check(&open(&settings).await?).await,
        Command::Backup { folder } => {
            let db = open(&settings).await?;
            crate::backup::run(&settings, &db, &folder).await
        }
        Command::Restore { folder, replace } => crate::restore::run(&settings, &folder, replace).await,
        Command::Verify => {
            let db = open(&settings).await?;
            let intact = crate::verify::run(&db, &wushe_app::anchors::path(&settings.data_dir)).await?;
            Ok(if intact { ExitCode::SUCCESS } else { ExitCode::from(2) })
        }
    }
}

/// The data folder's lock, for commands that must not run beside a server on the embedded
/// database. PostgreSQL serves many writers, so nothing is locked for it.
pub fn lock_embedded(settings: &Settings) -> Result<Option<wushe_app::startup::DataLock>, String> {
    if settings.database_url.is_some() {
        return Ok(None);
    }
    wushe_app::startup::lock_data_dir(&settings.data_dir).map(Some).map_err(|e| e.to_string())
}

pub async fn open(settings: &Settings) -> Result<Db, String> {
    open_database(settings).await.map_err(|e| e.to_string())
}

async fn load_regions(db: &Db, prefixes: &[&str]) -> Result<(), String> {
    let started = Instant::now();
    let inserted = regions::load_national(db, prefixes, |_, _| {}).await.map_err(|e| e.to_string())?;
    let secs = started.elapsed().as_secs_f64();
    println!(
        "已载入区划 {inserted} 个，用时 {secs:.2} 秒 / loaded {inserted} regions in {secs:.2} s ({:.0} per second) on {}",
        inserted as f64 / secs.max(1e-9),
        db.backend.name()
    );
    Ok(())
}

/// On first start the country's regions are loaded; later starts find them there.
async fn ensure_regions(db: &Db) -> Result<(), String> {
    let loaded: i64 = regions::counts(db).await.map_err(|e| e.to_string())?.iter().map(|(_, n)| n).sum();
    if loaded <= 1 {
        println!("首次启动：正在载入全国区划代码… / first start: loading the national division codes…");
        load_regions(db, &[]).await?;
    }
    Ok(())
}

async fn load_demo(db: &Db) -> Result<(), String> {
    if demo::ensure(db).await.map_err(|e| e.to_string())? {
        println!("已载入演示数据 / demo data loaded");
    }
    Ok(())
}

async fn serve(settings: Settings, with_demo: bool) -> Result<ExitCode, String> {
    let _lock = lock_embedded(&settings)?;
    let db = open(&settings).await?;
    ensure_regions(&db).await?;
    if with_demo {
        load_demo(&db).await?;
    }
    let app = Application::build(settings, db).await.map_err(|e| e.to_string())?;
    let addr = app.address();
    println!("五社联动服务平台已启动 / Wushe is running: http://{addr}");
    if with_demo {
        println!("演示账号 / demo accounts (密码 password: {}):", demo::DEMO_PASSWORD);
        for a in &demo::ACCOUNTS {
            println!("  {:<14} {}", a.username, a.role.label(wushe_domain::Lang::Zh));
        }
    }
    let stop = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    app.run_until_stopped(stop).await.map_err(|e| format!("the server stopped: {e}"))?;
    Ok(ExitCode::SUCCESS)
}
