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
    Serve {
        /// Address to listen on.
        #[arg(long, env = "OPENPLEDGES_ADDR", default_value = "127.0.0.1:8080")]
        addr: SocketAddr,
    },
    /// Apply pending database migrations.
    Migrate,
    /// Validate dataset files, then write them in one transaction.
    Import {
        /// Dataset folders or files (default: the bundled `data/`).
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
        #[arg(long, default_value_t = 10, value_parser = clap::value_parser!(u32).range(1..=50))]
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
    /// PostgreSQL URL. Unset: a server on 127.0.0.1:5432, else a private cluster in `--cluster-dir`.
    #[arg(long, env = "DATABASE_URL", global = true, hide_env_values = true)]
    pub database_url: Option<String>,
    /// Where a private PostgreSQL cluster lives when no server is found.
    #[arg(long, env = "OPENPLEDGES_CLUSTER_DIR", global = true, default_value_os_t = default_cluster_dir())]
    pub cluster_dir: PathBuf,
    /// The bundled dataset loaded on start.
    #[arg(long, env = "OPENPLEDGES_DATA", global = true, default_value_os_t = crate::dataset::bundled_dir())]
    pub data_dir: PathBuf,
    /// Public base URL, for absolute links in feeds and oEmbed.
    #[arg(long, env = "OPENPLEDGES_PUBLIC_URL", global = true)]
    pub public_url: Option<String>,
    /// Database connections in the pool.
    #[arg(
        long,
        env = "OPENPLEDGES_POOL_SIZE",
        global = true,
        default_value_t = 16
    )]
    pub pool_size: u32,
    /// Keep whole `/v1/` responses in memory until the dataset version changes (`false` to measure
    /// the uncached path).
    #[arg(long, env = "OPENPLEDGES_RESPONSE_CACHE", global = true, default_value_t = true, action = clap::ArgAction::Set)]
    pub response_cache: bool,
    /// Log as JSON lines (for machines) instead of plain text.
    #[arg(long, env = "OPENPLEDGES_LOG_JSON", global = true)]
    pub log_json: bool,
}

fn default_cluster_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(".pgdata")
}

impl Settings {
    /// Settings for tests and tools: no environment, the given database.
    pub fn for_database(url: &str) -> Settings {
        Settings {
            database_url: Some(url.to_owned()),
            cluster_dir: default_cluster_dir(),
            data_dir: crate::dataset::bundled_dir(),
            public_url: None,
            pool_size: 4,
            response_cache: true,
            log_json: false,
        }
    }
}
