//! Reference backend for the audit-log dashboard: the Banata audit-log API
//! (list, export, create) on SQLite, and the built app with an SPA fallback.

mod api;
mod assets;
mod auth;
mod db;
mod seed;
mod shape;
mod web;

use std::future::Future;
use std::io;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

use clap::Parser;
use tokio::net::TcpListener;
use tokio::signal::unix::{signal, SignalKind};

pub use shape::Shape;

/// Command-line configuration; secrets may also come from the environment
/// (comma-separated) so they stay out of the process list.
#[derive(Debug, Clone, Parser)]
#[command(version, about)]
pub struct Config {
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1")]
    pub host: String,
    /// Port to listen on (0 picks a free one).
    #[arg(long, default_value_t = 8080)]
    pub port: u16,
    /// SQLite database file.
    #[arg(long, default_value = "audit-logs.sqlite3")]
    pub db: PathBuf,
    /// Directory of the built app, served for every non-API GET.
    #[arg(long, default_value = "dist")]
    pub dist: PathBuf,
    /// URL path the app is served under, e.g. /admin/audit/ (the API stays at /api).
    #[arg(long, default_value = "/", value_parser = parse_base_path)]
    pub base_path: String,
    /// Events to seed when the database is empty (0 disables).
    #[arg(long, default_value_t = 5000)]
    pub seed: u64,
    /// End of the seeded time range in epoch ms (default: now).
    #[arg(long)]
    pub seed_now: Option<i64>,
    /// Event JSON shape in responses.
    #[arg(long, value_enum, default_value_t = Shape::Flat)]
    pub shape: Shape,
    /// API key with admin rights (Authorization: Bearer KEY). Repeatable.
    #[arg(
        long = "admin-key",
        env = "BANATA_ADMIN_KEY",
        value_delimiter = ',',
        hide_env_values = true
    )]
    pub admin_keys: Vec<String>,
    /// API key without audit permissions. Repeatable.
    #[arg(
        long = "member-key",
        env = "BANATA_MEMBER_KEY",
        value_delimiter = ',',
        hide_env_values = true
    )]
    pub member_keys: Vec<String>,
    /// Session token (cookie banata_session) of an admin. Repeatable.
    #[arg(
        long = "admin-session",
        env = "BANATA_ADMIN_SESSION",
        value_delimiter = ',',
        hide_env_values = true
    )]
    pub admin_sessions: Vec<String>,
    /// Session token of a member without audit permissions. Repeatable.
    #[arg(
        long = "member-session",
        env = "BANATA_MEMBER_SESSION",
        value_delimiter = ',',
        hide_env_values = true
    )]
    pub member_sessions: Vec<String>,
    /// Create an admin session at start and set its cookie on every page,
    /// so a browser opening the dashboard is signed in.
    #[arg(long)]
    pub dev_session: bool,
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("port {0} is already in use")]
    PortInUse(u16),
    #[error("cannot listen on {addr}: {source}")]
    Listen { addr: String, source: io::Error },
    #[error("cannot use database {path}: {source}")]
    Db {
        path: PathBuf,
        source: rusqlite::Error,
    },
    #[error("cannot create a random secret: {0}")]
    Random(getrandom::Error),
    #[error("cannot handle signals: {0}")]
    Signals(io::Error),
    #[error("server failed: {0}")]
    Serve(io::Error),
    #[error("cannot serve the app: {0}")]
    Assets(#[from] assets::AssetsError),
}

/// A base path as `/segment/.../`: slashes added where missing; only URL-safe characters,
/// since it is written as it is into the page's asset URLs and `data-base`.
fn parse_base_path(value: &str) -> Result<String, String> {
    let segments: Vec<&str> = value.split('/').filter(|s| !s.is_empty()).collect();
    let safe = |c: char| c.is_ascii_alphanumeric() || "-._~".contains(c);
    if let Some(bad) = segments
        .iter()
        .find(|s| !s.chars().all(safe) || **s == "." || **s == "..")
    {
        return Err(format!(
            "{bad:?} is not a plain path segment (letters, digits, - . _ ~)"
        ));
    }
    if segments.first() == Some(&"api") {
        return Err("the app cannot live under /api, where the API is".to_owned());
    }
    Ok(segments
        .iter()
        .fold(String::from("/"), |path, s| format!("{path}{s}/")))
}

/// A bound, ready-to-serve server: the port is taken and the database is open
/// and seeded, so callers can print or use `addr` before serving.
pub struct Server {
    pub addr: SocketAddr,
    /// The admin API key created because none was configured.
    pub generated_admin_key: Option<String>,
    /// The admin session token handed to browsers with `--dev-session`.
    pub dev_session: Option<String>,
    listener: TcpListener,
    router: axum::Router,
}

impl Server {
    pub async fn bind(mut config: Config) -> Result<Self, Error> {
        // Bind first so a taken port fails fast, before a long seed.
        let listener = TcpListener::bind((config.host.as_str(), config.port))
            .await
            .map_err(|source| match source.kind() {
                io::ErrorKind::AddrInUse => Error::PortInUse(config.port),
                _ => Error::Listen {
                    addr: format!("{}:{}", config.host, config.port),
                    source,
                },
            })?;
        let addr = listener.local_addr().map_err(Error::Serve)?;

        let now = config.seed_now.unwrap_or_else(now_ms);
        let (path, count) = (config.db.clone(), config.seed);
        let db = tokio::task::spawn_blocking(move || db::Db::open(&path, count, now))
            .await
            .expect("database setup panicked")
            .map_err(|source| Error::Db {
                path: config.db.clone(),
                source,
            })?;

        // Trimmed as a presented secret is; a blank one (`BANATA_ADMIN_SESSION=""`, a
        // trailing comma) is none, or an empty cookie would sign in.
        for secrets in [
            &mut config.admin_keys,
            &mut config.member_keys,
            &mut config.admin_sessions,
            &mut config.member_sessions,
        ] {
            secrets.retain_mut(|secret| {
                *secret = secret.trim().to_owned();
                !secret.is_empty()
            });
        }
        let generated_admin_key = if config.admin_keys.is_empty() {
            let key = format!("bk_admin_{}", random_hex()?);
            config.admin_keys.push(key.clone());
            Some(key)
        } else {
            None
        };
        let dev_session = if config.dev_session {
            let token = random_hex()?;
            config.admin_sessions.push(token.clone());
            Some(token)
        } else {
            None
        };

        let state = api::AppState {
            db: Arc::new(db),
            auth: Arc::new(auth::Auth::new(&config)),
            shape: config.shape,
        };
        let assets = if config.dist.join("index.html").is_file() {
            let (dist, base_path) = (config.dist.clone(), config.base_path.clone());
            let page_salt = dev_session.clone().unwrap_or_default();
            let assets = tokio::task::spawn_blocking(move || {
                assets::Assets::load(&dist, &base_path, &page_salt)
            });
            Some(assets.await.expect("reading the app panicked")?)
        } else {
            None
        };
        let router = web::router(state, assets, &config.dist, dev_session.as_deref());
        Ok(Self {
            addr,
            generated_admin_key,
            dev_session,
            listener,
            router,
        })
    }

    /// Serves until `shutdown` completes, then finishes in-flight requests.
    pub async fn serve(
        self,
        shutdown: impl Future<Output = ()> + Send + 'static,
    ) -> Result<(), Error> {
        axum::serve(self.listener, self.router)
            .with_graceful_shutdown(shutdown)
            .await
            .map_err(Error::Serve)
    }
}

/// Binds, prints the start-up lines (the `listening on` line last, as scripts
/// wait for it) and serves until Ctrl-C or SIGTERM.
pub async fn run(config: Config) -> Result<(), Error> {
    let server = Server::bind(config).await?;
    // Handle signals before announcing readiness: a script may stop the
    // server right after the `listening on` line.
    let shutdown = shutdown_signal().map_err(Error::Signals)?;
    if let Some(key) = &server.generated_admin_key {
        println!("admin API key: {key}");
    }
    if server.dev_session.is_some() {
        println!("dev session active: pages sign the browser in as admin");
    }
    println!("listening on http://{}", server.addr);
    server.serve(shutdown).await
}

fn shutdown_signal() -> io::Result<impl Future<Output = ()>> {
    let mut interrupt = signal(SignalKind::interrupt())?;
    let mut terminate = signal(SignalKind::terminate())?;
    Ok(async move {
        tokio::select! {
            _ = interrupt.recv() => {},
            _ = terminate.recv() => {},
        }
    })
}

/// 128 bits from the OS generator, as hex: secrets must not be guessable.
fn random_hex() -> Result<String, Error> {
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes).map_err(Error::Random)?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

fn now_ms() -> i64 {
    let since_epoch = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap_or_default();
    i64::try_from(since_epoch.as_millis()).unwrap_or(i64::MAX)
}

#[cfg(test)]
mod tests {
    use super::parse_base_path;

    #[test]
    fn base_paths_are_normalised_to_leading_and_trailing_slashes() {
        for (given, expected) in [
            ("/", "/"),
            ("", "/"),
            ("/admin/audit/", "/admin/audit/"),
            ("admin/audit", "/admin/audit/"),
            ("//admin//audit", "/admin/audit/"),
            ("/v1.2/audit_logs~x/", "/v1.2/audit_logs~x/"),
        ] {
            assert_eq!(parse_base_path(given).as_deref(), Ok(expected), "{given}");
        }
    }

    #[test]
    fn base_paths_that_could_break_out_of_the_page_or_the_api_are_refused() {
        for bad in [
            "/a\"><script>/",
            "/a b/",
            "/../etc/",
            "/./",
            "/caf%C3%A9/",
            "/api/",
            "/api/ui/",
            "https://example.com/",
        ] {
            assert!(parse_base_path(bad).is_err(), "{bad}");
        }
    }
}
