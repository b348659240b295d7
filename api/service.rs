//! Start-up: find the database, migrate, load the bundled dataset when needed, serve.

use anyhow::Context;
use diesel::pg::PgConnection;
use diesel::Connection;

use std::sync::Arc;
use std::time::Duration;

use crate::config::Settings;
use crate::dataset::{self, import, Dataset};
use crate::db::bootstrap::Server;
use crate::db::{self, Db};
use crate::http::client::TrustedProxies;
use crate::http::ratelimit::RateLimits;
use crate::state::AppState;

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

/// The dataset the service loads: `OPENPLEDGES_DATA`'s, else the one built in. Checked before the
/// service listens: an invalid dataset is no reason to wait for.
pub fn dataset_to_load(settings: &Settings) -> anyhow::Result<Dataset> {
    dataset::load_or_bundled(settings.data_dir.as_deref()).map_err(|e| match &settings.data_dir {
        Some(dir) => anyhow::anyhow!("the dataset in {} is invalid: {e}", dir.display()),
        None => anyhow::anyhow!("the bundled dataset is invalid: {e}"),
    })
}

/// Migrates, then loads the dataset when the database lacks it.
pub fn prepare(url: &str, bundled: &Dataset) -> anyhow::Result<()> {
    let mut conn = PgConnection::establish(url).context("connecting to the database")?;
    let ran = db::migrate(&mut conn).map_err(|e| anyhow::anyhow!("migrating the database: {e}"))?;
    if ran > 0 {
        tracing::info!(migrations = ran, "migrations applied");
    }
    match decide(import::current_version(&mut conn)?, bundled) {
        Load::Import => {
            let report = import::import(&mut conn, bundled)?;
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

/// Serves until SIGINT or SIGTERM. It listens at once, while a background task connects, migrates
/// and loads the dataset (retrying while the database is down); until then every request but the
/// probes is a 503. On a signal, `/readyz` turns 503 for the drain period while requests are still
/// served; then the listener closes and requests in flight get the shutdown timeout to finish.
pub async fn serve(settings: Settings) -> anyhow::Result<()> {
    let addr = settings.addr;
    if let Some(secret) = &settings.cursor_secret {
        crate::http::cursor::set_secret(secret);
    }
    let bundled = Arc::new(dataset_to_load(&settings)?);
    let rate_limits = RateLimits::parse(&settings.rate_limits.0)
        .map_err(|e| anyhow::anyhow!("OPENPLEDGES_RATE_LIMITS: {e}"))?;
    // Finding the server needs no connection for a DATABASE_URL; a private cluster is started here.
    let server = tokio::task::spawn_blocking({
        let settings = settings.clone();
        move || Server::resolve(settings.database_url.as_deref(), &settings.cluster_dir())
    })
    .await??;
    let server = Arc::new(server);
    let name = server.default_database().to_owned();
    let url = server.database_url(&name);
    let db = Db::new(&url, settings.pool_size);
    let state = if settings.response_cache {
        AppState::cached(db, Duration::from_secs(2))
    } else {
        AppState::new(db)
    }
    .with_public_url(settings.public_url.clone())
    .with_trusted_proxies(TrustedProxies(settings.trusted_proxies.clone()))
    .with_rate_limits(rate_limits)
    .with_exports_dir(settings.exports_dir())
    .unprepared();
    actix_web::rt::spawn({
        let (server, state) = (server.clone(), state.clone());
        async move {
            prepare_until_done(server, name, bundled).await;
            if let Some(cache) = &state.cache {
                cache.look(&state.db).await;
            }
            state.lifecycle.set_prepared();
            tracing::info!("ready");
        }
    });
    let listener = std::net::TcpListener::bind(addr).with_context(|| format!("binding {addr}"))?;
    let running = crate::listener::server(
        listener,
        state.clone(),
        crate::listener::Options {
            workers: None,
            // Each blocking task holds or waits for a pooled connection: more threads than
            // connections would only wait on the pool (and time out into 503s) instead of queueing.
            max_blocking_threads: Some(settings.pool_size.max(2) as usize),
            shutdown_timeout: settings.shutdown_timeout,
        },
    )?;
    let handle = running.handle();
    let lifecycle = state.lifecycle.clone();
    let drain = Duration::from_secs(settings.drain_seconds);
    actix_web::rt::spawn(async move {
        let signal = stop_signal().await;
        lifecycle.set_draining();
        tracing::info!(%signal, drain_s = drain.as_secs(), "stopping: not ready; draining");
        actix_web::rt::time::sleep(drain).await;
        tracing::info!("closing the listener; finishing requests in flight");
        handle.stop(true).await;
    });
    tracing::info!(%addr, "listening on http://{addr}");
    running.await?;
    tracing::info!("stopped");
    // Dropping the server last stops a private cluster after the last request is done.
    drop(state);
    drop(server);
    Ok(())
}

async fn stop_signal() -> &'static str {
    use tokio::signal::unix::{signal, SignalKind};
    match (
        signal(SignalKind::terminate()),
        signal(SignalKind::interrupt()),
    ) {
        (Ok(mut term), Ok(mut int)) => tokio::select! {
            _ = term.recv() => "SIGTERM",
            _ = int.recv() => "SIGINT",
        },
        _ => {
            let _ = tokio::signal::ctrl_c().await;
            "SIGINT"
        }
    }
}

/// Creates the database if missing, migrates, loads the dataset; retries with growing pauses while
/// the database cannot be reached.
async fn prepare_until_done(server: Arc<Server>, name: String, bundled: Arc<Dataset>) {
    let mut pause = Duration::from_millis(500);
    loop {
        let attempt = tokio::task::spawn_blocking({
            let (server, name, bundled) = (server.clone(), name.clone(), bundled.clone());
            move || -> anyhow::Result<()> {
                server.ensure_database(&name, None)?;
                tracing::info!(origin = ?server.origin(), database = %name, "database resolved");
                prepare(&server.database_url(&name), &bundled)
            }
        })
        .await;
        match attempt {
            Ok(Ok(())) => return,
            Ok(Err(e)) => {
                tracing::warn!(error = %format!("{e:#}"), retry_in_s = pause.as_secs_f64(), "database not prepared")
            }
            Err(e) => tracing::error!(error = %e, "preparing the database panicked"),
        }
        actix_web::rt::time::sleep(pause).await;
        pause = (pause * 2).min(Duration::from_secs(15));
    }
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
            statements: vec![],
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
