use std::str::FromStr;
use std::time::Duration;

use sqlx::migrate::Migrator;
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{PgPool, SqlitePool};

use super::StoreError;

static SQLITE_VAULT: Migrator = sqlx::migrate!("migrations/sqlite/vault");
static SQLITE_BEHAVIOUR: Migrator = sqlx::migrate!("migrations/sqlite/behaviour");
static POSTGRES_VAULT: Migrator = sqlx::migrate!("migrations/postgres/vault");
static POSTGRES_BEHAVIOUR: Migrator = sqlx::migrate!("migrations/postgres/behaviour");

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Engine {
    Sqlite,
    Postgres,
}

impl Engine {
    /// The engine a database URL names, from its scheme.
    pub fn from_url(url: &str) -> Option<Engine> {
        if url.starts_with("sqlite:") {
            Some(Engine::Sqlite)
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Some(Engine::Postgres)
        } else {
            None
        }
    }
}

/// A pool on one of the two engines.
#[derive(Clone, Debug)]
pub enum Db {
    Sqlite(SqlitePool),
    Postgres(PgPool),
}

/// Which of the two stores a pool serves; they have separate schemas.
#[derive(Debug, Clone, Copy)]
pub enum StoreKind {
    Vault,
    Behaviour,
}

/// Opens a pool for `url` (SQLite files are created if missing, in WAL mode).
pub async fn connect(url: &str) -> Result<Db, StoreError> {
    match Engine::from_url(url) {
        Some(Engine::Sqlite) => {
            let options = SqliteConnectOptions::from_str(url)?
                .create_if_missing(true)
                .journal_mode(SqliteJournalMode::Wal)
                .synchronous(SqliteSynchronous::Normal)
                .foreign_keys(true)
                // Deleted content is overwritten, so erasure and rectification leave no old
                // value in free pages.
                .pragma("secure_delete", "on")
                // No memory map: every write that grows the file made each connection remap it
                // (munmap, and a TLB shootdown on every core), which cost audited reads a
                // fifth of their throughput while the audit log grew; an import ran as fast
                // without it (benches/README.md, 2026-12-06). (`custodia import` grows the
                // cache of a connection for each of its transactions instead:
                // `VaultStore::insert_subjects`.)
                .pragma("mmap_size", "0")
                // Checkpoints run in the background (`Db::checkpoint_wal`, every second in
                // `serve`), not on the commit that crosses SQLite's default of 1,000 pages: a
                // request paid for copying everyone's pages, and copied the same hot pages
                // over and over (benches/README.md, 2026-12-06). 16,000 pages (64 MiB) stays
                // as the backstop for commands that run no background checkpoints, and the
                // size limit gives the file back after a checkpoint that reset the log.
                .pragma("wal_autocheckpoint", "16000")
                .pragma("journal_size_limit", "67108864")
                .busy_timeout(Duration::from_secs(10));
            let pool = SqlitePoolOptions::new()
                .max_connections(8)
                // No ping before each acquire: it cost every statement a second hand-off to
                // the connection's thread (sqlx pings again on release, which still finds a
                // broken connection); reads +6–9 %, the consent overview +19 %.
                .test_before_acquire(false)
                .connect_with(options)
                .await?;
            Ok(Db::Sqlite(pool))
        }
        Some(Engine::Postgres) => {
            let options = PgConnectOptions::from_str(url)?;
            let pool = PgPoolOptions::new()
                .max_connections(16)
                // No ping (a round trip) before each acquire; sqlx still pings on release,
                // which closes a connection the server dropped. Reads +14–20 %, the consent
                // overview +19–34 % (benches/README.md, 2026-12-06, midday).
                .test_before_acquire(false)
                .acquire_timeout(Duration::from_secs(10))
                .connect_with(options)
                .await?;
            Ok(Db::Postgres(pool))
        }
        None => Err(StoreError::Corrupt(
            "database URL must start with sqlite: or postgres://".into(),
        )),
    }
}

impl Db {
    pub fn engine(&self) -> Engine {
        match self {
            Db::Sqlite(_) => Engine::Sqlite,
            Db::Postgres(_) => Engine::Postgres,
        }
    }

    /// Applies the store's migrations for this engine (idempotent).
    pub async fn migrate(&self, kind: StoreKind) -> Result<(), StoreError> {
        match (self, kind) {
            (Db::Sqlite(p), StoreKind::Vault) => SQLITE_VAULT.run(p).await?,
            (Db::Sqlite(p), StoreKind::Behaviour) => SQLITE_BEHAVIOUR.run(p).await?,
            (Db::Postgres(p), StoreKind::Vault) => POSTGRES_VAULT.run(p).await?,
            (Db::Postgres(p), StoreKind::Behaviour) => POSTGRES_BEHAVIOUR.run(p).await?,
        }
        Ok(())
    }

    /// Checks that the database answers (for `/health`).
    pub async fn ping(&self) -> Result<(), StoreError> {
        super::on_db!(self, p => sqlx::query("SELECT 1").execute(p).await.map(|_| ()))?;
        Ok(())
    }

    /// Copies what SQLite's write-ahead log holds into the database file as far as it can
    /// without waiting for a reader or a writer (`PASSIVE`). PostgreSQL checkpoints by itself,
    /// so there it does nothing.
    pub async fn checkpoint_wal(&self) -> Result<(), StoreError> {
        if let Db::Sqlite(pool) = self {
            sqlx::query("PRAGMA wal_checkpoint(PASSIVE)")
                .execute(pool)
                .await?;
        }
        Ok(())
    }

    pub async fn close(&self) {
        super::on_db!(self, p => p.close().await)
    }
}

/// Checkpoints the SQLite stores among `stores` every `every`, for as long as the process runs
/// (the server's background duty; see `wal_autocheckpoint` in [`connect`]). A failed checkpoint
/// is logged and tried again at the next tick: the log only grows meanwhile, up to the backstop.
pub fn spawn_wal_checkpoints(
    stores: Vec<Db>,
    every: Duration,
) -> Option<tokio::task::JoinHandle<()>> {
    let sqlite: Vec<Db> = stores
        .into_iter()
        .filter(|db| db.engine() == Engine::Sqlite)
        .collect();
    if sqlite.is_empty() {
        return None;
    }
    Some(tokio::spawn(async move {
        let mut tick = tokio::time::interval(every);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tick.tick().await;
            for db in &sqlite {
                if let Err(e) = db.checkpoint_wal().await {
                    tracing::warn!(error = %e, "background WAL checkpoint failed");
                }
            }
        }
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Pages written since the last checkpoint sit in the log, not in the database file, until
    /// a checkpoint copies them; the background task must do that without being asked.
    #[tokio::test]
    async fn background_checkpoints_copy_the_log_into_the_database_file() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("store.db");
        let db = connect(&format!("sqlite:{}", file.display()))
            .await
            .unwrap();
        let Db::Sqlite(pool) = &db else {
            unreachable!("a sqlite: URL")
        };
        sqlx::query("CREATE TABLE filler (n INTEGER PRIMARY KEY, b BLOB NOT NULL)")
            .execute(pool)
            .await
            .unwrap();
        // 2 MiB: under the automatic checkpoint's 16,000 pages, so only a checkpoint of
        // ours moves it.
        sqlx::query(
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 512) \
             INSERT INTO filler SELECT i, randomblob(4000) FROM n",
        )
        .execute(pool)
        .await
        .unwrap();
        let size = || std::fs::metadata(&file).unwrap().len();
        let before = size();
        assert!(
            before < 1 << 20,
            "the rows went to the file at once: {before} bytes"
        );

        let task = spawn_wal_checkpoints(vec![db.clone()], Duration::from_millis(20))
            .expect("a SQLite store to checkpoint");
        let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
        while size() < 2 << 20 && tokio::time::Instant::now() < deadline {
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        task.abort();
        assert!(
            size() >= 2 << 20,
            "no checkpoint copied the log: {} bytes",
            size()
        );
        db.close().await;
    }
}
