//! Storage: one connection pool per store (vault, behaviour), each SQLite or PostgreSQL as its
//! URL says. Queries are written once, in SQL both engines accept (`$1` placeholders work on
//! SQLite through sqlx), and [`on_db!`] compiles each body once per engine, so the same code
//! serves both while keeping sqlx's native types (uuid, bytes) that `sqlx::Any` lacks.
//! Statements built at run time with many rows or keys write their placeholders through
//! [`Marks`], which gives SQLite plain `?`.

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
mod journal;
mod keys;
mod merge;
mod notifications;
mod positional;
mod recommendations;
mod retention;
mod scoped;
mod statistics;
mod suppressions;
mod triggers;
mod vault;

/// How a statement built at run time writes its placeholders. PostgreSQL needs `$n`. SQLite
/// accepts `$n` too, but sqlx binds each named parameter by asking SQLite for the name of
/// every position, which SQLite finds by a linear scan of the statement's parameters: binding
/// costs the square of their number, most of an import's time with inserts of a thousand
/// parameters or more. Plain `?` (numbered by position) are bound without it; a statement
/// that uses them must use them throughout.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Marks {
    /// `?` (SQLite).
    Positional,
    /// `$n` (PostgreSQL).
    Numbered,
}

impl Marks {
    pub(crate) fn of(db: &Db) -> Self {
        match db {
            Db::Sqlite(_) => Self::Positional,
            Db::Postgres(_) => Self::Numbered,
        }
    }

    /// `n` placeholders, the first being the statement's `first` parameter.
    pub(crate) fn list(self, first: usize, n: usize) -> String {
        match self {
            Self::Positional => vec!["?"; n].join(", "),
            Self::Numbered => (first..first + n)
                .map(|i| format!("${i}"))
                .collect::<Vec<_>>()
                .join(", "),
        }
    }

    /// `(…), (…)`: `rows` groups of `cols` placeholders from the statement's first.
    pub(crate) fn rows(self, rows: usize, cols: usize) -> String {
        let mut out = String::with_capacity(rows * cols * 6);
        for r in 0..rows {
            if r > 0 {
                out.push_str(", ");
            }
            out.push('(');
            out.push_str(&self.list(1 + r * cols, cols));
            out.push(')');
        }
        out
    }
}

/// A multi-row statement's text for `rows` rows, built once per (statement, engine, rows) and
/// kept: a bulk import sends the same few sizes thousands of times. The sizes are bounded by
/// each statement's chunk size, so the cache is too.
pub(crate) fn multi_row_statement(
    name: &'static str,
    marks: Marks,
    rows: usize,
    build: impl FnOnce() -> String,
) -> std::sync::Arc<str> {
    type Cache = std::collections::HashMap<(&'static str, Marks, usize), std::sync::Arc<str>>;
    static CACHE: std::sync::OnceLock<std::sync::Mutex<Cache>> = std::sync::OnceLock::new();
    let cache = CACHE.get_or_init(Default::default);
    let mut cache = cache
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    cache
        .entry((name, marks, rows))
        .or_insert_with(|| build().into())
        .clone()
}

pub use audit::{AuditFilter, AuditRow, NewAuditRow};
pub use behaviour::{Aggregate, BehaviourStore, ChannelStats, NewEvent, SegmentFilter};
pub use bulk::BulkSubjectRow;
pub use connect::{connect, Db, Engine, StoreKind};
pub use consent::{DecisionInputs, NewObjectionWithdrawal};
pub use contact::{ContactFacts, CountedSend};
pub use dsr::{DsrCounts, DsrCursor, DsrEventRow, DsrFilter, DsrRow, NewDsrEvent};
pub use erasure::{PendingErasure, VaultErasureCounts};
pub use error::StoreError;
pub use journal::{ErasureJournal, JournalEntry, JournalError, JournalRecord};
pub use keys::{IndexedSubject, ReindexOutcome, ReindexedSubject, RewrappedDataKey, StoredDataKey};
pub use merge::{LedgerMark, MergeRow, MergeWrite, UnmergeWrite};
pub use notifications::{
    retry_delay_us, FailedAttempt, NewNotification, Retry, MAX_ATTEMPTS, RETRY_BASE_US,
    RETRY_CAP_US,
};
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

#[cfg(test)]
mod marks_tests {
    use super::Marks;

    #[test]
    fn placeholders_number_rows_then_columns_or_are_positional() {
        assert_eq!(Marks::Numbered.rows(2, 3), "($1, $2, $3), ($4, $5, $6)");
        assert_eq!(Marks::Numbered.list(2, 3), "$2, $3, $4");
        assert_eq!(Marks::Positional.rows(2, 2), "(?, ?), (?, ?)");
        assert_eq!(Marks::Positional.list(7, 3), "?, ?, ?");
    }
}
