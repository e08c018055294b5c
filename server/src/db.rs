//! SQLite storage: flat columns exactly like the real backend, keyset paging.

use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use rusqlite::types::Value;
use rusqlite::{params, params_from_iter, Connection, OpenFlags, OptionalExtension, Row};
use serde::Serialize;

/// One stored event; serialises to the backend's flat shape (camelCase).
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Event {
    pub id: String,
    pub project_id: String,
    pub action: String,
    pub version: i64,
    pub actor_type: String,
    pub actor_id: String,
    pub actor_name: Option<String>,
    pub actor_email: Option<String>,
    pub actor_metadata: Option<String>,
    pub targets: Option<String>,
    pub organization_id: Option<String>,
    pub ip_address: Option<String>,
    pub user_agent: Option<String>,
    pub request_id: Option<String>,
    pub changes: Option<String>,
    pub idempotency_key: Option<String>,
    pub metadata: Option<String>,
    pub occurred_at: i64,
    pub created_at: i64,
}

const COLUMNS: &str = "id, project_id, action, version, actor_type, actor_id, actor_name, \
    actor_email, actor_metadata, targets, organization_id, ip_address, user_agent, request_id, \
    changes, idempotency_key, metadata, occurred_at, created_at";

const SCHEMA: &str = "CREATE TABLE IF NOT EXISTS audit_logs (
    id TEXT NOT NULL,
    project_id TEXT NOT NULL,
    action TEXT NOT NULL,
    version INTEGER NOT NULL,
    actor_type TEXT NOT NULL,
    actor_id TEXT NOT NULL,
    actor_name TEXT,
    actor_email TEXT,
    actor_metadata TEXT,
    targets TEXT,
    organization_id TEXT,
    ip_address TEXT,
    user_agent TEXT,
    request_id TEXT,
    changes TEXT,
    idempotency_key TEXT,
    metadata TEXT,
    occurred_at INTEGER NOT NULL,
    created_at INTEGER NOT NULL
)";

// Created after seeding: building an index from sorted data is much faster
// than updating it row by row. Every list order is (occurred_at, id), so each
// filter has an index that also serves the order and the keyset range.
const INDEXES: &str = "
CREATE UNIQUE INDEX IF NOT EXISTS audit_logs_id ON audit_logs (id);
CREATE UNIQUE INDEX IF NOT EXISTS audit_logs_idempotency
    ON audit_logs (idempotency_key) WHERE idempotency_key IS NOT NULL;
CREATE INDEX IF NOT EXISTS audit_logs_time ON audit_logs (occurred_at, id);
CREATE INDEX IF NOT EXISTS audit_logs_action ON audit_logs (action, occurred_at, id);
CREATE INDEX IF NOT EXISTS audit_logs_actor ON audit_logs (actor_id, occurred_at, id);
CREATE INDEX IF NOT EXISTS audit_logs_org ON audit_logs (organization_id, occurred_at, id);
";

impl Event {
    fn from_row(row: &Row) -> rusqlite::Result<Self> {
        Ok(Self {
            id: row.get("id")?,
            project_id: row.get("project_id")?,
            action: row.get("action")?,
            version: row.get("version")?,
            actor_type: row.get("actor_type")?,
            actor_id: row.get("actor_id")?,
            actor_name: row.get("actor_name")?,
            actor_email: row.get("actor_email")?,
            actor_metadata: row.get("actor_metadata")?,
            targets: row.get("targets")?,
            organization_id: row.get("organization_id")?,
            ip_address: row.get("ip_address")?,
            user_agent: row.get("user_agent")?,
            request_id: row.get("request_id")?,
            changes: row.get("changes")?,
            idempotency_key: row.get("idempotency_key")?,
            metadata: row.get("metadata")?,
            occurred_at: row.get("occurred_at")?,
            created_at: row.get("created_at")?,
        })
    }

    /// Inserts unless the idempotency key is taken; returns whether it did.
    fn insert(&self, conn: &Connection) -> rusqlite::Result<bool> {
        let sql = format!(
            "INSERT INTO audit_logs ({COLUMNS}) VALUES \
             (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19) \
             ON CONFLICT DO NOTHING"
        );
        let inserted = conn.prepare_cached(&sql)?.execute(params![
            self.id,
            self.project_id,
            self.action,
            self.version,
            self.actor_type,
            self.actor_id,
            self.actor_name,
            self.actor_email,
            self.actor_metadata,
            self.targets,
            self.organization_id,
            self.ip_address,
            self.user_agent,
            self.request_id,
            self.changes,
            self.idempotency_key,
            self.metadata,
            self.occurred_at,
            self.created_at,
        ])?;
        Ok(inserted == 1)
    }
}

/// Exact-match filters; `None` means "not applied".
#[derive(Debug, Clone)]
pub struct Filters {
    pub organization_id: Option<String>,
    pub action: Option<String>,
    pub actor_id: Option<String>,
}

/// Where a list page starts: the newest rows, or strictly older / newer than
/// a cursor row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Page<'a> {
    First,
    After(&'a str),
    Before(&'a str),
}

#[derive(Debug)]
pub struct ListPage {
    /// Newest first.
    pub events: Vec<Event>,
    pub has_newer: bool,
    pub has_older: bool,
}

#[derive(Debug)]
pub struct ExportQuery {
    pub filters: Filters,
    pub start: Option<i64>,
    pub end: Option<i64>,
    /// Only rows with occurred_at strictly below this.
    pub cursor: Option<i64>,
    pub limit: u32,
}

#[derive(Debug)]
pub struct ExportPage {
    pub events: Vec<Event>,
    pub next_cursor: Option<i64>,
}

#[derive(Debug, thiserror::Error)]
pub enum QueryError {
    #[error("unknown cursor {0:?}")]
    UnknownCursor(String),
    #[error(transparent)]
    Sql(#[from] rusqlite::Error),
}

/// A WHERE clause under construction, with its positional parameters.
#[derive(Debug, Default, Clone)]
struct Where {
    conditions: Vec<&'static str>,
    params: Vec<Value>,
}

impl Where {
    fn new(filters: &Filters) -> Self {
        let mut w = Self::default();
        for (column, value) in [
            ("organization_id = ?", &filters.organization_id),
            ("action = ?", &filters.action),
            ("actor_id = ?", &filters.actor_id),
        ] {
            if let Some(value) = value {
                w = w.and(column, [Value::Text(value.clone())]);
            }
        }
        w
    }

    fn and(mut self, condition: &'static str, params: impl IntoIterator<Item = Value>) -> Self {
        self.conditions.push(condition);
        self.params.extend(params);
        self
    }

    fn sql(&self) -> String {
        if self.conditions.is_empty() {
            String::new()
        } else {
            format!(" WHERE {}", self.conditions.join(" AND "))
        }
    }

    fn select(
        &self,
        conn: &Connection,
        order: &str,
        limit: Option<u32>,
    ) -> rusqlite::Result<Vec<Event>> {
        let limit = limit.map(|n| format!(" LIMIT {n}")).unwrap_or_default();
        let sql = format!(
            "SELECT {COLUMNS} FROM audit_logs{} ORDER BY occurred_at {order}, id {order}{limit}",
            self.sql()
        );
        let mut stmt = conn.prepare_cached(&sql)?;
        let rows = stmt.query_map(params_from_iter(&self.params), Event::from_row)?;
        rows.collect()
    }

    fn exists(&self, conn: &Connection) -> rusqlite::Result<bool> {
        let sql = format!("SELECT EXISTS (SELECT 1 FROM audit_logs{})", self.sql());
        conn.prepare_cached(&sql)?
            .query_row(params_from_iter(&self.params), |row| row.get(0))
    }
}

fn key(event: &Event) -> [Value; 2] {
    [
        Value::Integer(event.occurred_at),
        Value::Text(event.id.clone()),
    ]
}

const OLDER: &str = "(occurred_at, id) < (?, ?)";
const NEWER: &str = "(occurred_at, id) > (?, ?)";

/// The store: one writer, and a small pool of read-only connections so that
/// reads run in parallel with each other and with the writer (WAL).
pub struct Db {
    path: PathBuf,
    writer: Mutex<Connection>,
    readers: Mutex<Vec<Connection>>,
}

/// A poisoned lock only means another request panicked; the connection itself
/// is still usable (SQLite rolls back unfinished transactions).
fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

impl Db {
    /// Opens (creating if needed) the database and, when it holds no events,
    /// seeds `seed` of them ending at `now` (epoch ms).
    pub fn open(path: &Path, seed: u64, now: i64) -> rusqlite::Result<Self> {
        let mut conn = Connection::open(path)?;
        conn.busy_timeout(BUSY_TIMEOUT)?;
        // The first statement that reads the file; fails on a non-database.
        conn.pragma_update_and_check(None, "journal_mode", "WAL", |row| row.get::<_, String>(0))?;
        conn.pragma_update(None, "synchronous", "FULL")?;
        conn.execute_batch(SCHEMA)?;
        let empty: bool =
            conn.query_row("SELECT NOT EXISTS (SELECT 1 FROM audit_logs)", [], |row| {
                row.get(0)
            })?;
        let seeding = empty && seed > 0;
        if seeding {
            let tx = conn.transaction()?;
            for event in crate::seed::events(seed, now) {
                event.insert(&tx)?;
            }
            tx.commit()?;
        }
        conn.execute_batch(INDEXES)?;
        if seeding {
            // Seeding and indexing went through the WAL; don't leave it that large.
            conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
        }
        Ok(Self {
            path: path.to_owned(),
            writer: Mutex::new(conn),
            readers: Mutex::default(),
        })
    }

    /// Runs `f` on an idle reader, opening one when all are busy.
    fn read<T>(
        &self,
        f: impl FnOnce(&Connection) -> Result<T, QueryError>,
    ) -> Result<T, QueryError> {
        let idle = lock(&self.readers).pop();
        let conn = match idle {
            Some(conn) => conn,
            None => {
                let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
                let conn = Connection::open_with_flags(&self.path, flags)?;
                conn.busy_timeout(BUSY_TIMEOUT)?;
                conn
            }
        };
        // One read transaction, so a page and its "more rows?" checks see
        // the same snapshot even while events are being created.
        let result = conn
            .unchecked_transaction()
            .map_err(QueryError::from)
            .and_then(|tx| f(&tx));
        lock(&self.readers).push(conn);
        result
    }

    pub fn list(&self, filters: &Filters, page: Page, limit: u32) -> Result<ListPage, QueryError> {
        self.read(|conn| {
            let base = Where::new(filters);
            let (query, ascending) = match page {
                Page::First => (base.clone(), false),
                Page::After(id) => (base.clone().and(OLDER, cursor_key(conn, id)?), false),
                Page::Before(id) => (base.clone().and(NEWER, cursor_key(conn, id)?), true),
            };
            // One extra row tells whether more exist in the paging direction.
            let mut events = query.select(
                conn,
                if ascending { "ASC" } else { "DESC" },
                Some(limit + 1),
            )?;
            let more = events.len() > limit as usize;
            events.truncate(limit as usize);
            if ascending {
                // Fetched closest-to-cursor first; the response is newest first.
                events.reverse();
            }
            let exists_beyond = |bound, event: Option<&Event>| match event {
                Some(event) => base.clone().and(bound, key(event)).exists(conn),
                None => Ok(false),
            };
            let has_newer = if ascending {
                more
            } else {
                exists_beyond(NEWER, events.first())?
            };
            let has_older = if ascending {
                exists_beyond(OLDER, events.last())?
            } else {
                more
            };
            Ok(ListPage {
                events,
                has_newer,
                has_older,
            })
        })
    }

    pub fn export(&self, q: &ExportQuery) -> Result<ExportPage, QueryError> {
        self.read(|conn| {
            let mut base = Where::new(&q.filters);
            for (condition, bound) in [
                ("occurred_at >= ?", q.start),
                ("occurred_at <= ?", q.end),
                ("occurred_at < ?", q.cursor),
            ] {
                if let Some(bound) = bound {
                    base = base.and(condition, [Value::Integer(bound)]);
                }
            }
            let mut events = base.select(conn, "DESC", Some(q.limit))?;
            let Some(last) = events.last().cloned() else {
                return Ok(ExportPage {
                    events,
                    next_cursor: None,
                });
            };
            // The export cursor is a bare timestamp, so a page must not end in
            // the middle of rows sharing one millisecond: the next page starts
            // strictly below it and would skip the rest. Extend the page with
            // the remaining rows of that millisecond (it may exceed `limit`).
            if events.len() == q.limit as usize {
                let ties = base
                    .clone()
                    .and("occurred_at = ? AND id < ?", key(&last))
                    .select(conn, "DESC", None)?;
                events.extend(ties);
            }
            let older = base
                .and("occurred_at < ?", [Value::Integer(last.occurred_at)])
                .exists(conn)?;
            Ok(ExportPage {
                events,
                next_cursor: older.then_some(last.occurred_at),
            })
        })
    }

    /// Stores `event`, or returns the event already stored under its
    /// idempotency key. Committed before returning.
    pub fn create(&self, event: Event) -> rusqlite::Result<Event> {
        let conn = lock(&self.writer);
        if event.insert(&conn)? {
            return Ok(event);
        }
        conn.query_row(
            &format!("SELECT {COLUMNS} FROM audit_logs WHERE idempotency_key = ?"),
            [&event.idempotency_key],
            Event::from_row,
        )
    }
}

/// The (occurred_at, id) key of the cursor row.
fn cursor_key(conn: &Connection, id: &str) -> Result<[Value; 2], QueryError> {
    let occurred_at: Option<i64> = conn
        .prepare_cached("SELECT occurred_at FROM audit_logs WHERE id = ?")?
        .query_row([id], |row| row.get(0))
        .optional()?;
    let occurred_at = occurred_at.ok_or_else(|| QueryError::UnknownCursor(id.to_owned()))?;
    Ok([Value::Integer(occurred_at), Value::Text(id.to_owned())])
}
