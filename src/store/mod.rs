//! Storage: one connection pool per store (vault, behaviour), each SQLite or PostgreSQL as its
//! URL says. Queries are written once, in SQL both engines accept (`$1` placeholders work on
//! SQLite through sqlx), and [`on_db!`] compiles each body once per engine, so the same code
//! serves both while keeping sqlx's native types (uuid, bytes) that `sqlx::Any` lacks.
//! Statements built at run time are written with `$n` too and run through
//! [`positional::EngineSql`], which gives SQLite plain `?` (see there why).

mod attention;
mod audit;
mod behaviour;
mod bulk;
mod connect;
mod consent;
mod contact;
mod dsr;
mod erasure;
mod error;
mod facts;
mod journal;
mod keys;
mod merge;
mod notifications;
mod overview;
mod positional;
mod profile;
mod read;
mod recommendations;
mod retention;
mod scoped;
mod statistics;
mod suppressions;
mod triggers;
mod vault;

pub use audit::{AuditFilter, AuditRow, NewAuditRow};
pub use behaviour::{Aggregate, BehaviourStore, ChannelStats, NewEvent, SegmentFilter};
pub use bulk::BulkSubjectRow;
pub use connect::{connect, spawn_wal_checkpoints, Db, Engine, StoreKind};
pub use consent::{DecisionInputs, NewObjectionWithdrawal};
pub use contact::{ContactFacts, CountedSend};
pub use dsr::{DsrCounts, DsrCursor, DsrEventRow, DsrFilter, DsrRow, NewDsrEvent};
pub use erasure::{PendingErasure, VaultErasureCounts};
pub use error::StoreError;
pub use facts::LedgerFacts;
pub use journal::{ErasureJournal, JournalEntry, JournalError, JournalRecord};
pub use keys::{IndexedSubject, ReindexOutcome, ReindexedSubject, RewrappedDataKey, StoredDataKey};
pub use merge::{LedgerMark, MergeRow, MergeWrite, UnmergeWrite};
pub use notifications::{
    retry_delay_us, FailedAttempt, NewNotification, Retry, MAX_ATTEMPTS, RETRY_BASE_US,
    RETRY_CAP_US,
};
pub use overview::ConsentLedgers;
pub use profile::{ProfileAsk, ProfileFacts};
pub use read::DecisionRead;
pub use retention::RetentionCandidate;
pub use scoped::{purposes_tag, EventScope, PurposeWindow};
pub use statistics::{ConsentDayCount, ConsentStateCount};
pub use suppressions::ChannelSuppression;
pub use triggers::{Candidate, Settled, TriggerQuery};
pub use vault::{IdentifierRow, NewSubjectRecord, SubjectKeys, SubjectRecord, VaultStore};

/// Runs `$body` with `$pool` bound to the engine-specific pool of `$db`.
macro_rules! on_db {
    ($db:expr, $pool:ident => $body:expr) => {
        match $db {
            $crate::store::Db::Sqlite($pool) => $body,
            $crate::store::Db::Postgres($pool) => $body,
        }
    };
}
pub(crate) use on_db;

/// `INSERT INTO subject_identifiers` for `$row` (an [`IdentifierRow`]) of `$subject`, bound and
/// ready to execute; one statement text for every place that stores an identifier.
macro_rules! insert_identifier {
    ($subject:expr, $row:expr, $now:expr) => {
        sqlx::query(
            "INSERT INTO subject_identifiers (id_type, blind_index, subject_id, ciphertext, \
             created_at_us) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind($row.kind.name())
        .bind(&$row.blind_index)
        .bind($subject.as_uuid())
        .bind(&$row.ciphertext)
        .bind($now)
    };
}
pub(crate) use insert_identifier;

/// After [`insert_identifier`] in transaction `$tx`: refuses (`IdentifierTaken`) when another
/// subject holds the identifier under another look-up key (`$row.alternates`, while a
/// blind-index key rotation is under way). Checked after the insert, in its transaction, so a
/// rotation moving the other row to the write key meets this row's unique key instead.
macro_rules! guard_identifier {
    ($tx:expr, $subject:expr, $row:expr) => {
        async {
            for alt in &$row.alternates {
                let taken = sqlx::query(
                    "SELECT 1 AS one FROM subject_identifiers WHERE id_type = $1 \
                     AND blind_index = $2 AND subject_id <> $3",
                )
                .bind($row.kind.name())
                .bind(alt)
                .bind($subject.as_uuid())
                .fetch_optional(&mut *$tx)
                .await?;
                if taken.is_some() {
                    return Err($crate::store::StoreError::IdentifierTaken($row.kind));
                }
            }
            Ok::<(), $crate::store::StoreError>(())
        }
    };
}
pub(crate) use guard_identifier;

/// `INSERT INTO consent_records` for `$c` (a [`ConsentRecord`]), bound and ready to execute.
macro_rules! insert_consent {
    ($sql:expr, $c:expr) => {
        sqlx::query($sql)
            .bind($c.id)
            .bind($c.subject_id.as_uuid())
            .bind($c.purpose.as_str())
            .bind($c.status.as_str())
            .bind(&$c.legal_basis)
            .bind(&$c.source)
            .bind($c.collected_at_us)
            .bind($c.recorded_at_us)
            .bind(&$c.policy_version)
            .bind(&$c.evidence)
            .bind($c.expires_at_us)
            .bind(&$c.operator_id)
            .bind(&$c.recorded_by)
            .bind(&$c.request_id)
    };
}
pub(crate) use insert_consent;

/// The consent record insert, without and with `RETURNING` of the stored row.
pub(crate) const INSERT_CONSENT: &str = "INSERT INTO consent_records (id, subject_id, purpose, \
    status, legal_basis, source, collected_at_us, recorded_at_us, policy_version, evidence, \
    expires_at_us, operator_id, recorded_by, request_id) \
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)";

/// Microseconds since the Unix epoch: the one time format of every stored timestamp, the same
/// on both engines and exact in the audit hash.
pub fn now_us() -> i64 {
    let now = time::OffsetDateTime::now_utc();
    i64::try_from(now.unix_timestamp_nanos() / 1_000).unwrap_or(i64::MAX)
}

/// Every Rust source file below `src/` with its text: for the tests that keep a rule over
/// the whole code (no statement bypasses the engine text, no bare `LIKE` parameter).
#[cfg(test)]
pub(crate) fn source_files() -> Vec<(std::path::PathBuf, String)> {
    let mut files = Vec::new();
    let mut pending = vec![std::path::PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/src"
    ))];
    while let Some(dir) = pending.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                pending.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let text = std::fs::read_to_string(&path).unwrap();
                files.push((path, text));
            }
        }
    }
    files
}

/// A vault store on a fresh SQLite file with every migration applied, for tests that look at
/// the schema or at query plans; the directory lives as long as the returned guard.
#[cfg(test)]
pub(crate) async fn migrated_sqlite_vault() -> (tempfile::TempDir, sqlx::SqlitePool) {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite:{}", dir.path().join("vault.db").display());
    let db = connect(&url).await.unwrap();
    db.migrate(StoreKind::Vault).await.unwrap();
    let Db::Sqlite(pool) = db else {
        unreachable!("a sqlite: URL")
    };
    (dir, pool)
}

/// SQLite's plan for a query (`EXPLAIN QUERY PLAN …`, bound): each step's parent and text.
#[cfg(test)]
pub(crate) async fn sqlite_plan(
    pool: &sqlx::SqlitePool,
    explain: sqlx::query::Query<'_, sqlx::Sqlite, sqlx::sqlite::SqliteArguments>,
) -> Vec<(i64, String)> {
    use sqlx::Row;
    explain
        .fetch_all(pool)
        .await
        .unwrap()
        .iter()
        .map(|step| (step.get("parent"), step.get("detail")))
        .collect()
}
