//! One settings struct from flags and environment; nothing else reads environment variables.

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

#[derive(Debug, Parser)]
#[command(
    name = "openpledges",
    version,
    about = "Open data on Swedish citizen pledges and cooperation agreements"
)]
pub struct Cli {
    #[command(flatten)]
    pub settings: Settings,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run migrations, load the bundled dataset if the database lacks it, and serve HTTP (the default).
    Serve,
    /// Apply pending database migrations.
    Migrate,
    /// Validate dataset files, then write them in one transaction.
    Import {
        /// Dataset folders or files (default: `OPENPLEDGES_DATA`, else the dataset built into the binary).
        paths: Vec<PathBuf>,
        /// Only validate; write nothing.
        #[arg(long)]
        check: bool,
    },
    /// Fill the database with synthetic data of national scale, for load tests and benchmarks.
    /// Refuses a database that holds the real dataset; the same arguments give the same data.
    Generate {
        /// Number of municipalities (`syn-0001`, …).
        #[arg(long, default_value_t = 290, value_parser = clap::value_parser!(u32).range(1..=2475))]
        municipalities: u32,
        /// Number of years with pledges, from `--first-year` on.
        #[arg(long, default_value_t = 10, value_parser = clap::value_parser!(u32).range(1..=100))]
        years: u32,
        /// Seed of the generator.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// The first year.
        #[arg(long, default_value_t = 2016, value_parser = clap::value_parser!(i32).range(1900..=2100))]
        first_year: i32,
    },
    /// Write every bulk export (CSV, NDJSON, the workbook, the zip, datapackage.json) into DIR,
    /// all or nothing. DIR must not exist or be empty.
    Export {
        /// The directory to create.
        dir: PathBuf,
    },
    /// Print the OpenAPI 3.1 document.
    Openapi,
    /// Print the GraphQL schema (SDL).
    GraphqlSchema,
}

#[derive(Debug, Clone, Args)]
pub struct Settings {
    /// Address to listen on (`serve`, the default command).
    #[arg(
        long,
        env = "OPENPLEDGES_ADDR",
        global = true,
        default_value = "127.0.0.1:8080"
    )]
    pub addr: SocketAddr,
    /// PostgreSQL URL. Unset: a server on 127.0.0.1:5432, else a private cluster in `--cluster-dir`.
    #[arg(long, env = "DATABASE_URL", global = true, hide_env_values = true)]
    pub database_url: Option<String>,
    /// Where a private PostgreSQL cluster lives when no server is found (default: a per-user data
    /// folder, `$XDG_DATA_HOME/openpledges/pgdata`; `/var/lib/openpledges/pgdata` for root).
    #[arg(long, env = "OPENPLEDGES_CLUSTER_DIR", global = true)]
    pub cluster_dir: Option<PathBuf>,
    /// A dataset folder to load on start and to `import` by default, instead of the dataset built
    /// into the binary.
    #[arg(long, env = "OPENPLEDGES_DATA", global = true)]
    pub data_dir: Option<PathBuf>,
    /// Public base URL, for absolute links in feeds and oEmbed.
    #[arg(long, env = "OPENPLEDGES_PUBLIC_URL", global = true)]
    pub public_url: Option<String>,
    /// Database connections in the pool (default: the cores, at least 2).
    #[arg(
        long,
        env = "OPENPLEDGES_POOL_SIZE",
        global = true,
        default_value_t = default_pool_size()
    )]
    pub pool_size: u32,
    /// Keep whole `/v1/` responses in memory until the dataset version changes (`false` to measure
    /// the uncached path).
    #[arg(long, env = "OPENPLEDGES_RESPONSE_CACHE", global = true, default_value_t = true, action = clap::ArgAction::Set)]
    pub response_cache: bool,
    /// Proxies (IP addresses, comma-separated) whose `X-Forwarded-For`, `-Host` and `-Proto` are
    /// believed; from anyone else these headers are ignored.
    #[arg(
        long,
        env = "OPENPLEDGES_TRUSTED_PROXIES",
        global = true,
        value_delimiter = ','
    )]
    pub trusted_proxies: Vec<std::net::IpAddr>,
    /// Requests per minute per client, by budget: `cached=1200,uncached=300,graphql=120,exports=30`
    /// (budgets not named keep these defaults), or `off`.
    #[arg(long, env = "OPENPLEDGES_RATE_LIMITS", global = true, default_value = "", value_parser = parse_rate_limits)]
    pub rate_limits: RateLimitSpec,
    /// Secret that signs pagination cursors, so that they stay valid across restarts and instances
    /// (default: a random key at each start).
    #[arg(
        long,
        env = "OPENPLEDGES_CURSOR_SECRET",
        global = true,
        hide_env_values = true
    )]
    pub cursor_secret: Option<String>,
    /// Seconds between SIGTERM and closing the listener: `/readyz` answers 503 while requests are
    /// still served, so that a load balancer stops sending first.
    #[arg(
        long,
        env = "OPENPLEDGES_DRAIN_SECONDS",
        global = true,
        default_value_t = 5
    )]
    pub drain_seconds: u64,
    /// Seconds that requests in flight get to finish once the listener is closed.
    #[arg(
        long,
        env = "OPENPLEDGES_SHUTDOWN_TIMEOUT",
        global = true,
        default_value_t = 30
    )]
    pub shutdown_timeout: u64,
    /// Where the export files are written, a folder per dataset version (default: a per-user cache
    /// folder, `$XDG_CACHE_HOME/openpledges/exports`; `/var/cache/openpledges/exports` for root).
    #[arg(long, env = "OPENPLEDGES_EXPORTS_DIR", global = true)]
    pub exports_dir: Option<PathBuf>,
    /// Log as JSON lines (for machines) instead of plain text.
    #[arg(long, env = "OPENPLEDGES_LOG_JSON", global = true)]
    pub log_json: bool,
}

/// `OPENPLEDGES_RATE_LIMITS`, checked when the settings are read.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RateLimitSpec(pub String);

fn parse_rate_limits(spec: &str) -> Result<RateLimitSpec, String> {
    crate::http::ratelimit::RateLimits::parse(spec)?;
    Ok(RateLimitSpec(spec.to_owned()))
}

/// `<base>/openpledges`, by the XDG base directory rules: root's under `for_root`, anyone else's
/// under `$<xdg>`, else `~/<home_relative>`.
fn per_user(for_root: &str, xdg: &str, home_relative: &str) -> PathBuf {
    let env = |k: &str| {
        std::env::var_os(k)
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
    };
    // SAFETY: geteuid has no preconditions.
    let base = if unsafe { libc::geteuid() } == 0 {
        PathBuf::from(for_root)
    } else if let Some(dir) = env(xdg) {
        dir
    } else if let Some(home) = env("HOME") {
        home.join(home_relative)
    } else {
        std::env::temp_dir()
    };
    base.join("openpledges")
}

impl Settings {
    /// The private cluster's folder: the configured one, else a per-user data folder. Root's is
    /// under `/var/lib`, since the cluster then runs as the `postgres` user, who cannot enter `/root`.
    pub fn cluster_dir(&self) -> PathBuf {
        self.cluster_dir
            .clone()
            .unwrap_or_else(|| per_user("/var/lib", "XDG_DATA_HOME", ".local/share").join("pgdata"))
    }

    /// The export files' folder: the configured one, else a per-user cache folder (root's under `/var/cache`).
    pub fn exports_dir(&self) -> PathBuf {
        self.exports_dir
            .clone()
            .unwrap_or_else(|| per_user("/var/cache", "XDG_CACHE_HOME", ".cache").join("exports"))
    }

    /// Settings for tests and tools: no environment, the given database.
    pub fn for_database(url: &str) -> Settings {
        Settings {
            addr: ([127, 0, 0, 1], 0).into(),
            database_url: Some(url.to_owned()),
            cluster_dir: None,
            data_dir: None,
            public_url: None,
            pool_size: 4,
            response_cache: true,
            trusted_proxies: vec![],
            rate_limits: RateLimitSpec::default(),
            cursor_secret: None,
            drain_seconds: 0,
            shutdown_timeout: 30,
            exports_dir: None,
            log_json: false,
        }
    }
}

/// The cores: queries here use the CPU and little else, and the database usually shares the
/// machine, so more backends than cores only preempt each other and the server. At 8 clients on
/// 2 cores, uncached pages of activities: 4 connections p99 91–94 ms, 3 12 ms, 2 9.7 ms, at the
/// same throughput (README, *Uncached, beside peers*). With the database on its own machine,
/// raise it to that machine's cores.
pub fn default_pool_size() -> u32 {
    std::thread::available_parallelism().map_or(4, |n| n.get().clamp(2, 64) as u32)
}
