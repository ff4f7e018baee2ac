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
                .busy_timeout(Duration::from_secs(10));
            let pool = SqlitePoolOptions::new()
                .max_connections(8)
                .connect_with(options)
                .await?;
            Ok(Db::Sqlite(pool))
        }
        Some(Engine::Postgres) => {
            let options = PgConnectOptions::from_str(url)?;
            let pool = PgPoolOptions::new()
                .max_connections(16)
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

    pub async fn close(&self) {
        super::on_db!(self, p => p.close().await)
    }
}
