use std::process::ExitCode;

use clap::Parser;
use diesel::{Connection, PgConnection, RunQueryDsl};

use openpledges::config::{Cli, Command};
use openpledges::{dataset, db, service, telemetry};

/// mimalloc returns freed memory to the system, where glibc's per-thread arenas kept RSS near its
/// peak after a burst of uncached reads.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// mimalloc's `mi_option_purge_delay` (mimalloc.h): 0 gives freed pages back at once instead of
/// after 10 ms batches; with it, RSS after a burst of uncached reads fell from 225 to about 150 MB.
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

fn main() -> ExitCode {
    // SAFETY: sets a plain option; mimalloc reads it at its next purge.
    unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, 0) };
    let cli = Cli::parse();
    let _log = telemetry::init(cli.settings.log_json);
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn run(cli: Cli) -> anyhow::Result<()> {
    let settings = cli.settings;
    match cli.command.unwrap_or(Command::Serve) {
        Command::Serve => actix_web::rt::System::new().block_on(service::serve(settings)),
        Command::Openapi => {
            print!("{}", openpledges::rest::openapi::document());
            Ok(())
        }
        Command::GraphqlSchema => {
            print!("{}", openpledges::graphql::sdl());
            Ok(())
        }
        Command::Migrate => {
            let database = service::database(&settings)?;
            let mut conn = PgConnection::establish(&database.url)?;
            let ran = db::migrate(&mut conn).map_err(|e| anyhow::anyhow!("migrating: {e}"))?;
            println!("{ran} migration(s) applied");
            Ok(())
        }
        Command::Generate {
            municipalities,
            years,
            seed,
            first_year,
        } => {
            let started = std::time::Instant::now();
            let params = dataset::synthetic::Params {
                municipalities,
                years,
                seed,
                first_year,
            };
            let database = service::database(&settings)?;
            let mut conn = PgConnection::establish(&database.url)?;
            db::migrate(&mut conn).map_err(|e| anyhow::anyhow!("migrating: {e}"))?;
            // Refuse before the work; the import refuses again, under its lock.
            if let Some((version, _, false)) = dataset::import::current_version(&mut conn)? {
                anyhow::bail!("the database holds the real dataset (version {version}); synthetic data is never written into it: use another database");
            }
            let themes = dataset::load_or_bundled(settings.data_dir.as_deref())
                .map_err(|e| {
                    anyhow::anyhow!(
                        "the themes come from the bundled dataset, which is invalid: {e}"
                    )
                })?
                .themes;
            let generating = std::time::Instant::now();
            let data = dataset::synthetic::generate(&params, themes).map_err(anyhow::Error::msg)?;
            let generated = generating.elapsed();
            let writing = std::time::Instant::now();
            let report = dataset::import::import(&mut conn, &data)?;
            if report.changed_rows() > 0 {
                // Fresh statistics (or the planner guesses until autovacuum comes round), and the
                // GIN indexes' pending lists merged so full-text searches use them.
                diesel::sql_query("VACUUM ANALYZE").execute(&mut conn)?;
            }
            let written = writing.elapsed();
            let activities: usize = data.pledges.iter().map(|p| p.activities.len()).sum();
            let focus_areas: usize = data
                .agreements
                .iter()
                .map(|a| a.focus_areas.len())
                .chain(data.pledges.iter().map(|p| p.focus_areas.len()))
                .sum();
            let status_events: usize = data
                .pledges
                .iter()
                .flat_map(|p| &p.activities)
                .map(|a| a.status_events.len())
                .sum();
            println!(
                "synthetic data ({municipalities} municipalities × {years} years from {first_year}, seed {seed}): \
                 {} municipalities, {} agreements, {} pledges, {focus_areas} focus areas, {activities} activities, \
                 {status_events} status events, {} people, {} events",
                data.municipalities.len(),
                data.agreements.len(),
                data.pledges.len(),
                data.people.len(),
                data.events.len(),
            );
            println!("written: {report}");
            println!(
                "took {:.1} s: {:.1} s generating, {:.1} s writing",
                started.elapsed().as_secs_f64(),
                generated.as_secs_f64(),
                written.as_secs_f64()
            );
            Ok(())
        }
        Command::Export { dir } => {
            let database = service::database(&settings)?;
            let mut conn = PgConnection::establish(&database.url)?;
            let written =
                openpledges::exports::directory::export(&mut conn, &dir).map_err(|e| {
                    anyhow::anyhow!("export to {} failed, nothing written: {e:#}", dir.display())
                })?;
            println!(
                "dataset {} exported: {} files in {}",
                written.version,
                written.files.len(),
                dir.display()
            );
            Ok(())
        }
        Command::Import { paths, check } => {
            let data = match (paths.is_empty(), &settings.data_dir) {
                (false, _) => dataset::load(&paths)?,
                (true, dir) => dataset::load_or_bundled(dir.as_deref())?,
            };
            if check {
                println!(
                    "dataset {} is valid: {} municipalities, {} agreements, {} pledges, {} sources",
                    data.version,
                    data.municipalities.len(),
                    data.agreements.len(),
                    data.pledges.len(),
                    data.sources.len()
                );
                return Ok(());
            }
            let database = service::database(&settings)?;
            let mut conn = PgConnection::establish(&database.url)?;
            db::migrate(&mut conn).map_err(|e| anyhow::anyhow!("migrating: {e}"))?;
            let report = dataset::import::import(&mut conn, &data)?;
            println!("dataset {} imported: {report}", data.version);
            Ok(())
        }
    }
}
