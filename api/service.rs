//! Start-up: find the database, migrate, load the bundled dataset when needed, serve.

use anyhow::Context;
use diesel::pg::PgConnection;
use diesel::Connection;

use crate::app::{self, AppState};
use crate::config::Settings;
use crate::dataset::{self, import, Dataset};
use crate::db::bootstrap::Server;
use crate::db::{self, Db};

/// The database the service uses, and the server that holds it (which may be a private cluster
/// this process started and stops when dropped).
pub struct Database {
    pub server: Server,
    pub url: String,
}

/// Resolves the database as the README describes and makes sure it exists.
pub fn database(settings: &Settings) -> anyhow::Result<Database> {
    let server = Server::resolve(settings.database_url.as_deref(), &settings.cluster_dir())?;
    let name = server.default_database().to_owned();
    server.ensure_database(&name, None)?;
    let url = server.database_url(&name);
    tracing::info!(origin = ?server.origin(), database = %name, "database resolved");
    Ok(Database { server, url })
}

/// What to do with the bundled dataset, given what the database holds.
#[derive(Debug, PartialEq, Eq)]
pub enum Load {
    /// The database holds none, an older version, or the same version with other contents.
    Import,
    /// The database holds exactly this dataset.
    UpToDate,
    /// The database holds a newer version (imported by hand): leave it.
    KeepNewer(String),
    /// The database holds synthetic data: never mix the real dataset into it.
    KeepSynthetic,
}

fn version_key(v: &str) -> Option<(u64, u64, u64)> {
    let mut parts = v.split('.').map(|p| p.parse::<u64>().ok());
    let key = (parts.next()??, parts.next()??, parts.next()??);
    parts.next().is_none().then_some(key)
}

pub fn decide(current: Option<(String, String, bool)>, bundled: &Dataset) -> Load {
    match current {
        None => Load::Import,
        Some((_, _, true)) => Load::KeepSynthetic,
        Some((version, digest, false)) => {
            match version_key(&version).cmp(&version_key(&bundled.version)) {
                std::cmp::Ordering::Less => Load::Import,
                std::cmp::Ordering::Greater => Load::KeepNewer(version),
                std::cmp::Ordering::Equal if digest == bundled.digest => Load::UpToDate,
                std::cmp::Ordering::Equal => Load::Import,
            }
        }
    }
}

/// Migrates, then loads the bundled dataset when the database lacks it.
pub fn prepare(url: &str, settings: &Settings) -> anyhow::Result<()> {
    let mut conn = PgConnection::establish(url).context("connecting to the database")?;
    let ran = db::migrate(&mut conn).map_err(|e| anyhow::anyhow!("migrating the database: {e}"))?;
    if ran > 0 {
        tracing::info!(migrations = ran, "migrations applied");
    }
    let bundled = dataset::load_or_bundled(settings.data_dir.as_deref()).map_err(|e| {
        match &settings.data_dir {
            Some(dir) => anyhow::anyhow!("the dataset in {} is invalid: {e}", dir.display()),
            None => anyhow::anyhow!("the bundled dataset is invalid: {e}"),
        }
    })?;
    match decide(import::current_version(&mut conn)?, &bundled) {
        Load::Import => {
            let report = import::import(&mut conn, &bundled)?;
            tracing::info!(version = %bundled.version, changes = %report, "bundled dataset loaded");
        }
        Load::UpToDate => tracing::info!(version = %bundled.version, "dataset up to date"),
        Load::KeepNewer(v) => {
            tracing::warn!(database = %v, bundled = %bundled.version, "database holds a newer dataset; kept")
        }
        Load::KeepSynthetic => {
            tracing::warn!("database holds synthetic data; the bundled dataset was not loaded")
        }
    }
    Ok(())
}

/// Serves until SIGINT or SIGTERM, then finishes the requests in flight.
pub async fn serve(settings: Settings) -> anyhow::Result<()> {
    let addr = settings.addr;
    let database = tokio::task::spawn_blocking({
        let settings = settings.clone();
        move || -> anyhow::Result<Database> {
            let database = database(&settings)?;
            prepare(&database.url, &settings)?;
            Ok(database)
        }
    })
    .await??;
    // One cache for all workers; the dataset version is checked every two seconds.
    let db = Db::new(&database.url, settings.pool_size);
    let state = if settings.response_cache {
        AppState::cached(db, std::time::Duration::from_secs(2))
    } else {
        AppState::new(db)
    }
    .with_public_url(settings.public_url.clone())
    .with_exports_dir(settings.exports_dir());
    let server = actix_web::HttpServer::new(move || app::build(state.clone()))
        .on_connect(app::no_delay)
        .bind(addr)
        .with_context(|| format!("binding {addr}"))?
        .shutdown_timeout(10)
        .run();
    tracing::info!(%addr, "listening on http://{addr}");
    server.await?;
    tracing::info!("stopped");
    // Dropping the database last stops a private cluster after the last request is done.
    drop(database);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bundled(version: &str, digest: &str) -> Dataset {
        Dataset {
            version: version.into(),
            released_on: chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(),
            licence: "CC0-1.0".into(),
            digest: digest.into(),
            synthetic: false,
            themes: vec![],
            sources: vec![],
            organizations: vec![],
            municipalities: vec![],
            people: vec![],
            agreements: vec![],
            pledges: vec![],
            events: vec![],
        }
    }

    #[test]
    fn loads_only_over_missing_or_older_data() {
        let b = bundled("1.2.0", "aa");
        let cur = |v: &str, d: &str, s: bool| Some((v.to_owned(), d.to_owned(), s));
        assert_eq!(decide(None, &b), Load::Import);
        assert_eq!(decide(cur("1.1.9", "bb", false), &b), Load::Import);
        assert_eq!(
            decide(cur("1.10.0", "bb", false), &b),
            Load::KeepNewer("1.10.0".into())
        );
        assert_eq!(decide(cur("1.2.0", "aa", false), &b), Load::UpToDate);
        assert_eq!(decide(cur("1.2.0", "bb", false), &b), Load::Import);
        assert_eq!(decide(cur("0.0.1", "bb", true), &b), Load::KeepSynthetic);
    }
}
