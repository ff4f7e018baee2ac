//! Erasure (Art. 17) on the vault side: tombstones, the resumable erasure job, the
//! suppression list. The behaviour side is `BehaviourStore::erase_pseudonym`.

use sqlx::Row;

use super::positional::{numbered, EngineSql};
use super::{now_us, on_db, StoreError, VaultStore};
use crate::domain::{IdentifierType, SubjectId};

/// An erasure job that has not finished (a process died in the middle).
#[derive(Debug, Clone)]
pub struct PendingErasure {
    pub subject: SubjectId,
    /// The person whose erasure this is part of: the subject itself, or the subject it was
    /// merged into.
    pub person: SubjectId,
    pub pseudonym: Vec<u8>,
    pub requested_by: String,
    pub request_id: String,
    /// Set once the behaviour store's half is done.
    pub events_deleted: Option<i64>,
}

/// What the vault held of a subject, counted as it is erased.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct VaultErasureCounts {
    pub fields: i64,
    pub identifiers: i64,
    /// Of `identifiers`, those the suppression list keeps (email and phone: what an opt-out
    /// needs).
    pub suppressible: i64,
    pub objections: i64,
    pub restrictions: i64,
    pub consent_records_kept: i64,
}

/// Puts subject `$1`'s email and phone blind indexes on the suppression list (erased at `$2`):
/// what an opt-out needs, nothing more.
/// Each entry keeps the id of the blind-index key its subject's indexes were made under
/// (`subjects.index_key`), so `keys status` can tell when a retired index key is no longer
/// needed for the suppression list.
const SUPPRESS_IDENTIFIERS: &str = "INSERT INTO suppressed_identifiers (id_type, blind_index, \
    erased_at_us, index_key) SELECT i.id_type, i.blind_index, $2, s.index_key \
    FROM subject_identifiers i JOIN subjects s ON s.id = i.subject_id WHERE i.subject_id = $1 \
    AND i.id_type IN ('email', 'phone') ON CONFLICT (id_type, blind_index) DO NOTHING";

impl VaultStore {
    /// The erasure receipt of an erased subject, if it was erased.
    pub async fn erasure_of(&self, id: &SubjectId) -> Result<Option<(i64, String)>, StoreError> {
        on_db!(self.db(), pool => {
            let row = sqlx::query("SELECT erased_at_us, receipt FROM erased_subjects WHERE subject_id = $1")
                .bind(id.as_uuid())
                .fetch_optional(pool)
                .await?;
            row.map(|r| Ok((r.try_get("erased_at_us")?, r.try_get("receipt")?)))
                .transpose()
                .map_err(|e: sqlx::Error| StoreError::from(e))
        })
    }

    /// Every tombstone: (subject, erased at, receipt hash). For the erasure journal's
    /// backfill at start.
    pub async fn tombstones(&self) -> Result<Vec<(SubjectId, i64, String)>, StoreError> {
        on_db!(self.db(), pool => {
            let rows = sqlx::query(
                "SELECT subject_id, erased_at_us, receipt_hash FROM erased_subjects ORDER BY erased_at_us",
            )
            .fetch_all(pool)
            .await?;
            rows.iter()
                .map(|r| {
                    Ok((
                        SubjectId::from_uuid(r.try_get("subject_id")?),
                        r.try_get("erased_at_us")?,
                        r.try_get("receipt_hash")?,
                    ))
                })
                .collect::<Result<Vec<_>, sqlx::Error>>()
                .map_err(StoreError::from)
        })
    }

    /// Until when a subject's erasure is blocked by a retention duty, if it is.
    pub async fn blocked_until(&self, id: &SubjectId) -> Result<Option<i64>, StoreError> {
        on_db!(self.db(), pool => {
            let row = sqlx::query("SELECT blocked_until_us FROM subjects WHERE id = $1")
                .bind(id.as_uuid())
                .fetch_optional(pool)
                .await?;
            Ok(row
                .map(|r| r.try_get::<Option<i64>, _>("blocked_until_us"))
                .transpose()?
                .flatten())
        })
    }

    /// Every subject whose erasure a retention duty blocks, with until when.
    pub async fn blocked_subjects(&self) -> Result<Vec<(SubjectId, i64)>, StoreError> {
        on_db!(self.db(), pool => {
            let rows = sqlx::query(
                "SELECT id, blocked_until_us FROM subjects WHERE blocked_until_us IS NOT NULL ORDER BY id",
            )
            .fetch_all(pool)
            .await?;
            rows.iter()
                .map(|r| {
                    Ok((
                        SubjectId::from_uuid(r.try_get("id")?),
                        r.try_get("blocked_until_us")?,
                    ))
                })
                .collect::<Result<Vec<_>, sqlx::Error>>()
                .map_err(StoreError::from)
        })
    }

    /// The names of the fields a subject holds (sealed values are not read).
    pub async fn field_names(&self, id: &SubjectId) -> Result<Vec<String>, StoreError> {
        on_db!(self.db(), pool => {
            let rows = sqlx::query("SELECT field FROM subject_fields WHERE subject_id = $1 ORDER BY field")
                .bind(id.as_uuid())
                .fetch_all(pool)
                .await?;
            rows.iter()
                .map(|r| r.try_get::<String, _>("field"))
                .collect::<Result<Vec<_>, sqlx::Error>>()
                .map_err(StoreError::from)
        })
    }

    /// Records that the erasure of `id`, as part of `person`'s, has started (idempotent),
    /// keeping the pseudonym until done.
    #[tracing::instrument(name = "store.start_erasure_job", skip_all)]
    pub async fn start_erasure_job(
        &self,
        id: &SubjectId,
        person: &SubjectId,
        pseudonym: &[u8],
        requested_by: &str,
        request_id: &str,
    ) -> Result<(), StoreError> {
        on_db!(self.db(), pool => {
            sqlx::query(
                "INSERT INTO erasure_jobs (subject_id, pseudonym, state, started_at_us, \
                 requested_by, request_id, person_id) VALUES ($1, $2, 'pending', $3, $4, $5, $6) \
                 ON CONFLICT (subject_id) DO NOTHING",
            )
            .bind(id.as_uuid())
            .bind(pseudonym)
            .bind(now_us())
            .bind(requested_by)
            .bind(request_id)
            .bind(person.as_uuid())
            .execute(pool)
            .await?;
            Ok(())
        })
    }

    /// Notes that the behaviour store's half of an erasure is done.
    pub async fn erasure_events_deleted(&self, id: &SubjectId, n: i64) -> Result<(), StoreError> {
        on_db!(self.db(), pool => {
            sqlx::query("UPDATE erasure_jobs SET events_deleted = $2 WHERE subject_id = $1")
                .bind(id.as_uuid())
                .bind(n)
                .execute(pool)
                .await?;
            Ok(())
        })
    }

    /// Every erasure job not finished.
    pub async fn pending_erasures(&self) -> Result<Vec<PendingErasure>, StoreError> {
        self.pending_erasure_jobs(None).await
    }

    /// The unfinished jobs of one person's erasure.
    pub async fn pending_erasures_of(
        &self,
        person: &SubjectId,
    ) -> Result<Vec<PendingErasure>, StoreError> {
        self.pending_erasure_jobs(Some(person)).await
    }

    async fn pending_erasure_jobs(
        &self,
        person: Option<&SubjectId>,
    ) -> Result<Vec<PendingErasure>, StoreError> {
        // Jobs from before `person_id` existed are their own person.
        on_db!(self.db(), pool => {
            let rows = sqlx::query(
                "SELECT subject_id, COALESCE(person_id, subject_id) AS person, pseudonym, \
                 requested_by, request_id, events_deleted FROM erasure_jobs \
                 WHERE state = 'pending' AND ($1 IS NULL OR COALESCE(person_id, subject_id) = $1)",
            )
            .bind(person.map(|p| *p.as_uuid()))
            .fetch_all(pool)
            .await?;
            rows.iter()
                .map(|r| {
                    Ok(PendingErasure {
                        subject: SubjectId::from_uuid(r.try_get("subject_id")?),
                        person: SubjectId::from_uuid(r.try_get("person")?),
                        pseudonym: r.try_get::<Option<Vec<u8>>, _>("pseudonym")?.unwrap_or_default(),
                        requested_by: r.try_get("requested_by")?,
                        request_id: r.try_get("request_id")?,
                        events_deleted: r.try_get("events_deleted")?,
                    })
                })
                .collect::<Result<Vec<_>, sqlx::Error>>()
                .map_err(StoreError::from)
        })
    }

    /// Counts what the vault holds of a subject (for the receipt), before erasing it.
    pub async fn erasure_counts(&self, id: &SubjectId) -> Result<VaultErasureCounts, StoreError> {
        on_db!(self.db(), pool => {
            let r = sqlx::query(
                "SELECT \
                 (SELECT COUNT(*) FROM subject_fields WHERE subject_id = $1) AS fields, \
                 (SELECT COUNT(*) FROM subject_identifiers WHERE subject_id = $1) AS identifiers, \
                 (SELECT COUNT(*) FROM subject_identifiers WHERE subject_id = $1 \
                     AND id_type IN ('email', 'phone')) AS suppressible, \
                 (SELECT COUNT(*) FROM objections WHERE subject_id = $1) AS objections, \
                 (SELECT COUNT(*) FROM restrictions WHERE subject_id = $1) AS restrictions, \
                 (SELECT COUNT(*) FROM consent_records WHERE subject_id = $1) AS consents",
            )
            .bind(id.as_uuid())
            .fetch_one(pool)
            .await?;
            Ok(VaultErasureCounts {
                fields: r.try_get("fields")?,
                identifiers: r.try_get("identifiers")?,
                suppressible: r.try_get("suppressible")?,
                objections: r.try_get("objections")?,
                restrictions: r.try_get("restrictions")?,
                consent_records_kept: r.try_get("consents")?,
            })
        })
    }

    /// The vault half of an erasure of a person (`erased`: every subject of the person, with
    /// the events deleted for each), in one transaction: identifiers onto the suppression list
    /// (as keyed hashes), the subject rows with their wrapped data keys deleted (fields and
    /// identifiers go with them), objections, restrictions and merge records deleted, a
    /// tombstone with the receipt written for each id, the jobs closed and their pseudonyms
    /// forgotten. Consent records stay: they prove consent (Art. 7(1)) and hold no personal
    /// data. The ledgers' DELETE triggers let objections and restrictions go only here, while
    /// the subject's job is pending.
    #[tracing::instrument(name = "store.finish_erasure", skip_all)]
    pub async fn finish_erasure(
        &self,
        erased: &[(SubjectId, i64)],
        receipt: &str,
        receipt_hash: &str,
    ) -> Result<(), StoreError> {
        let now = now_us();
        on_db!(self.db(), pool => {
            let mut tx = pool.begin().await?;
            for (id, events_deleted) in erased {
                sqlx::query(SUPPRESS_IDENTIFIERS)
                .bind(id.as_uuid())
                .bind(now)
                .execute(&mut *tx)
                .await?;
                for sql in [
                    "DELETE FROM subject_identifiers WHERE subject_id = $1",
                    "DELETE FROM subject_fields WHERE subject_id = $1",
                    "DELETE FROM subjects WHERE id = $1",
                    "DELETE FROM objections WHERE subject_id = $1",
                    "DELETE FROM objection_assessments WHERE subject_id = $1",
                    "DELETE FROM restrictions WHERE subject_id = $1",
                    "DELETE FROM merges WHERE target_id = $1 OR source_id = $1",
                ] {
                    sqlx::query(sql).bind(id.as_uuid()).execute(&mut *tx).await?;
                }
                sqlx::query(
                    "INSERT INTO erased_subjects (subject_id, erased_at_us, receipt, receipt_hash) \
                     VALUES ($1, $2, $3, $4) ON CONFLICT (subject_id) DO NOTHING",
                )
                .bind(id.as_uuid())
                .bind(now)
                .bind(receipt)
                .bind(receipt_hash)
                .execute(&mut *tx)
                .await?;
                sqlx::query(
                    "UPDATE erasure_jobs SET state = 'done', pseudonym = NULL, events_deleted = $2, \
                     finished_at_us = $3 WHERE subject_id = $1",
                )
                .bind(id.as_uuid())
                .bind(events_deleted)
                .bind(now)
                .execute(&mut *tx)
                .await?;
            }
            tx.commit().await?;
            Ok(())
        })
    }

    /// Blocks a subject instead of erasing it, while a retention duty runs (`until_us`): in
    /// one transaction, its identifiers go on the suppression list and are deleted (no look-up
    /// finds it any more), every field but `keep_fields` is deleted, processing is restricted
    /// with reason `erasure_blocked` (only purposes allowed under restriction pass) and the
    /// subject remembers until when. Returns (fields, identifiers) deleted.
    pub async fn block_subject(
        &self,
        id: &SubjectId,
        keep_fields: &[String],
        until_us: i64,
        recorded_by: &str,
        request_id: &str,
    ) -> Result<(i64, i64), StoreError> {
        let now = now_us();
        let keep = if keep_fields.is_empty() {
            String::new()
        } else {
            format!("AND field NOT IN ({})", numbered(2, keep_fields.len()))
        };
        let delete_fields = format!("DELETE FROM subject_fields WHERE subject_id = $1 {keep}");
        on_db!(self.db(), pool => {
            let mut tx = pool.begin().await?;
            sqlx::query(SUPPRESS_IDENTIFIERS)
            .bind(id.as_uuid())
            .bind(now)
            .execute(&mut *tx)
            .await?;
            let identifiers = sqlx::query("DELETE FROM subject_identifiers WHERE subject_id = $1")
                .bind(id.as_uuid())
                .execute(&mut *tx)
                .await?
                .rows_affected();
            let mut q = pool.dynamic_query(&delete_fields).bind(id.as_uuid());
            for f in keep_fields {
                q = q.bind(f);
            }
            let fields = q.execute(&mut *tx).await?.rows_affected();
            // Nobody is contacted while blocked: what served contact goes.
            for sql in [
                "DELETE FROM contact_preferences WHERE subject_id = $1",
                "DELETE FROM channel_suppressions WHERE subject_id = $1",
            ] {
                sqlx::query(sql).bind(id.as_uuid()).execute(&mut *tx).await?;
            }
            sqlx::query(
                "INSERT INTO restrictions (subject_id, restricted, reason, recorded_at_us, \
                 recorded_by, request_id) VALUES ($1, $2, 'erasure_blocked', $3, $4, $5)",
            )
            .bind(id.as_uuid())
            .bind(true)
            .bind(now)
            .bind(recorded_by)
            .bind(request_id)
            .execute(&mut *tx)
            .await?;
            sqlx::query("UPDATE subjects SET blocked_until_us = $2, updated_at_us = $3 WHERE id = $1")
                .bind(id.as_uuid())
                .bind(until_us)
                .bind(now)
                .execute(&mut *tx)
                .await?;
            tx.commit().await?;
            Ok((
                i64::try_from(fields).unwrap_or(i64::MAX),
                i64::try_from(identifiers).unwrap_or(i64::MAX),
            ))
        })
    }

    /// Blocked subjects whose retention duty has ended by `now_us`: their erasure is due.
    pub async fn blocks_ended(&self, now_us: i64) -> Result<Vec<SubjectId>, StoreError> {
        on_db!(self.db(), pool => {
            let rows = sqlx::query(
                "SELECT id FROM subjects WHERE blocked_until_us IS NOT NULL \
                 AND blocked_until_us <= $1 ORDER BY id",
            )
            .bind(now_us)
            .fetch_all(pool)
            .await?;
            rows.iter()
                .map(|r| r.try_get::<uuid::Uuid, _>("id").map(SubjectId::from_uuid))
                .collect::<Result<Vec<_>, sqlx::Error>>()
                .map_err(StoreError::from)
        })
    }

    /// Deletes what erasure kept (the consent records proving consent, the suppression
    /// list) once it is older than `before_us`: erased before it. Returns (consent records,
    /// suppression entries) deleted.
    pub async fn expire_erasure_leftovers(&self, before_us: i64) -> Result<(u64, u64), StoreError> {
        on_db!(self.db(), pool => {
            let mut tx = pool.begin().await?;
            let records = sqlx::query(
                "DELETE FROM consent_records WHERE subject_id IN \
                 (SELECT subject_id FROM erased_subjects WHERE erased_at_us < $1)",
            )
            .bind(before_us)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            let suppressed = sqlx::query("DELETE FROM suppressed_identifiers WHERE erased_at_us < $1")
                .bind(before_us)
                .execute(&mut *tx)
                .await?
                .rows_affected();
            tx.commit().await?;
            Ok((records, suppressed))
        })
    }

    /// Whether an identifier belonged to an erased subject.
    pub async fn is_suppressed(
        &self,
        kind: IdentifierType,
        blind_index: &[u8],
    ) -> Result<bool, StoreError> {
        on_db!(self.db(), pool => {
            let row = sqlx::query(
                "SELECT 1 AS one FROM suppressed_identifiers WHERE id_type = $1 AND blind_index = $2",
            )
            .bind(kind.name())
            .bind(blind_index)
            .fetch_optional(pool)
            .await?;
            Ok(row.is_some())
        })
    }

    pub async fn mark_suppression_match(&self, id: &SubjectId) -> Result<(), StoreError> {
        on_db!(self.db(), pool => {
            sqlx::query("UPDATE subjects SET suppression_match = TRUE WHERE id = $1")
                .bind(id.as_uuid())
                .execute(pool)
                .await?;
            Ok(())
        })
    }

    pub async fn has_suppression_match(&self, id: &SubjectId) -> Result<bool, StoreError> {
        on_db!(self.db(), pool => {
            let row = sqlx::query("SELECT suppression_match FROM subjects WHERE id = $1")
                .bind(id.as_uuid())
                .fetch_optional(pool)
                .await?;
            Ok(row.map(|r| r.try_get::<bool, _>("suppression_match")).transpose()?.unwrap_or(false))
        })
    }

    /// Writes the SQLite WAL back into the database file and empties it, so erased pages (zeroed
    /// by `secure_delete`) leave no older copy behind. A no-op on PostgreSQL.
    pub async fn checkpoint(&self) -> Result<(), StoreError> {
        if let super::Db::Sqlite(pool) = self.db() {
            sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)")
                .execute(pool)
                .await?;
        }
        Ok(())
    }
}
