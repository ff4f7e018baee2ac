//! Counts over the consent ledger for the DPO's statistics: grouped in SQL, never a record
//! loaded. Days are integer arithmetic on `recorded_at_us` (the same on both engines); weeks
//! and months are summed from days by the caller.

use sqlx::Row;

use super::{on_db, StoreError, VaultStore};
use crate::domain::DAY_US;

/// How many ledger records of `purpose` from `source` with `status` were recorded on `day`
/// (days since 1970-01-01, UTC).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConsentDayCount {
    pub purpose: String,
    pub source: String,
    pub status: String,
    pub day: i64,
    pub count: i64,
}

/// How many live subjects' newest record for `purpose` has `status`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConsentStateCount {
    pub purpose: String,
    pub status: String,
    pub count: i64,
}

impl VaultStore {
    /// Ledger records with `from_us <= recorded_at_us < to_us`, counted per purpose, source,
    /// status and UTC day (the index `consent_records_by_recorded_at` covers the query).
    pub async fn consent_counts_by_day(
        &self,
        from_us: i64,
        to_us: i64,
    ) -> Result<Vec<ConsentDayCount>, StoreError> {
        // The day's length is written out: it must be the same expression in SELECT and
        // GROUP BY on PostgreSQL, and an integer (BIGINT) division on both engines.
        const SQL: &str = "SELECT purpose, source, status, recorded_at_us / 86400000000 AS day, \
             COUNT(*) AS n FROM consent_records \
             WHERE recorded_at_us >= $1 AND recorded_at_us < $2 \
             GROUP BY purpose, source, status, recorded_at_us / 86400000000";
        const _: () = assert!(DAY_US == 86_400_000_000);
        on_db!(self.db(), pool => {
            let rows = sqlx::query(SQL)
                .bind(from_us)
                .bind(to_us)
                .fetch_all(pool)
                .await?;
            rows.iter()
                .map(|r| {
                    Ok(ConsentDayCount {
                        purpose: r.try_get("purpose")?,
                        source: r.try_get("source")?,
                        status: r.try_get("status")?,
                        day: r.try_get("day")?,
                        count: r.try_get("n")?,
                    })
                })
                .collect::<Result<Vec<_>, sqlx::Error>>()
                .map_err(StoreError::from)
        })
    }

    /// The current state of every purpose over the people the vault holds: per purpose and
    /// status, the subjects whose newest record has it. Erased subjects (no subject row: their
    /// records stay as proof), subjects merged into another (the target carries the decision)
    /// and subjects whose erasure a retention duty blocks are not counted.
    pub async fn consent_state_counts(&self) -> Result<Vec<ConsentStateCount>, StoreError> {
        const SQL: &str = "SELECT c.purpose, c.status, COUNT(*) AS n FROM consent_records c \
             JOIN subjects s ON s.id = c.subject_id \
             WHERE s.merged_into IS NULL AND s.blocked_until_us IS NULL \
             AND c.seq IN (SELECT MAX(seq) FROM consent_records GROUP BY subject_id, purpose) \
             GROUP BY c.purpose, c.status";
        on_db!(self.db(), pool => {
            let rows = sqlx::query(SQL).fetch_all(pool).await?;
            rows.iter()
                .map(|r| {
                    Ok(ConsentStateCount {
                        purpose: r.try_get("purpose")?,
                        status: r.try_get("status")?,
                        count: r.try_get("n")?,
                    })
                })
                .collect::<Result<Vec<_>, sqlx::Error>>()
                .map_err(StoreError::from)
        })
    }
}
