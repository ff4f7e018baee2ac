//! Retention on the vault side: finding subjects whose personal fields may have outlived every
//! purpose, and deleting those fields. The rules are in `service/retention.rs`; the behaviour
//! store's half is `BehaviourStore::delete_events_before`.

use sqlx::Row;
use uuid::Uuid;

use super::positional::{numbered, EngineSql};
use super::{on_db, StoreError, SubjectKeys, VaultStore};
use crate::domain::SubjectId;

/// A subject with no activity in the vault since some time: what is needed to reach its
/// pseudonym (for its event activity) and when it was last active in the vault.
#[derive(Debug)]
pub struct RetentionCandidate {
    pub subject: SubjectId,
    /// The latest of `subjects.updated_at_us` and the newest consent grant's
    /// `recorded_at_us`.
    pub vault_activity_us: i64,
    pub keys: SubjectKeys,
}

/// Subjects holding a field or identifier whose vault activity is before `$1`, by id. Only a
/// consent *grant* is activity (a withdrawal does not restart the clock), and a subject whose
/// processing is restricted is left alone (Art. 18: restriction pauses deletion).
const CANDIDATES: &str = "SELECT s.id, s.kek_version, s.wrapped_dek, s.pseudonym_ct, \
    s.updated_at_us, (SELECT MAX(c.recorded_at_us) FROM consent_records c \
        WHERE c.subject_id = s.id AND c.status = 'granted') AS consent_us \
    FROM subjects s WHERE s.updated_at_us < $1 \
    AND NOT EXISTS (SELECT 1 FROM consent_records c WHERE c.subject_id = s.id \
        AND c.status = 'granted' AND c.recorded_at_us >= $1) \
    AND NOT EXISTS (SELECT 1 FROM restrictions r WHERE r.subject_id = s.id AND r.restricted \
        AND r.seq = (SELECT MAX(r2.seq) FROM restrictions r2 WHERE r2.subject_id = s.id)) \
    AND (EXISTS (SELECT 1 FROM subject_fields f WHERE f.subject_id = s.id) \
        OR EXISTS (SELECT 1 FROM subject_identifiers i WHERE i.subject_id = s.id)) \
    AND ($2 IS NULL OR s.id > $2) \
    ORDER BY s.id LIMIT $3";

/// The guard on every deletion: the subject's vault activity has not moved past what the
/// candidate scan saw (a rectification or consent recorded meanwhile keeps the fields).
const UNCHANGED: &str =
    "EXISTS (SELECT 1 FROM subjects s WHERE s.id = $1 AND s.updated_at_us <= $2) \
    AND NOT EXISTS (SELECT 1 FROM consent_records c WHERE c.subject_id = $1 \
        AND c.status = 'granted' AND c.recorded_at_us > $2) \
    AND NOT EXISTS (SELECT 1 FROM restrictions r WHERE r.subject_id = $1 AND r.restricted \
        AND r.seq = (SELECT MAX(r2.seq) FROM restrictions r2 WHERE r2.subject_id = $1))";

impl VaultStore {
    /// Up to `limit` subjects, in id order after `after`, that hold at least one personal
    /// field or identifier and whose vault activity is strictly before `before_us`.
    pub async fn retention_candidates(
        &self,
        before_us: i64,
        after: Option<&SubjectId>,
        limit: i64,
    ) -> Result<Vec<RetentionCandidate>, StoreError> {
        let after: Option<Uuid> = after.map(|s| *s.as_uuid());
        on_db!(self.db(), pool => {
            let rows = sqlx::query(CANDIDATES)
                .bind(before_us)
                .bind(after)
                .bind(limit)
                .fetch_all(pool)
                .await?;
            rows.iter()
                .map(|r| {
                    let version: i64 = r.try_get("kek_version")?;
                    let updated: i64 = r.try_get("updated_at_us")?;
                    let consent: Option<i64> = r.try_get("consent_us")?;
                    Ok(RetentionCandidate {
                        subject: SubjectId::from_uuid(r.try_get("id")?),
                        vault_activity_us: consent.map_or(updated, |c| c.max(updated)),
                        keys: SubjectKeys {
                            kek_version: u32::try_from(version)
                                .map_err(|_| StoreError::Corrupt("kek_version out of range".into()))?,
                            wrapped_dek: r.try_get("wrapped_dek")?,
                            pseudonym_ct: r.try_get("pseudonym_ct")?,
                        },
                    })
                })
                .collect::<Result<Vec<_>, StoreError>>()
        })
    }

    /// Deletes the named personal fields (`subject_fields.field`) and identifier types
    /// (`subject_identifiers.id_type`) of one subject, in one transaction, unless its vault
    /// activity has moved past `vault_activity_us` since the scan. Never touches the subject
    /// row. Returns one policy field name per deleted row (`email`, `identifiers.device_id`).
    pub async fn delete_expired_fields(
        &self,
        subject: &SubjectId,
        vault_activity_us: i64,
        fields: &[&str],
        identifier_types: &[&str],
    ) -> Result<Vec<String>, StoreError> {
        let fields_sql = format!(
            "DELETE FROM subject_fields WHERE subject_id = $1 AND field IN ({}) AND {UNCHANGED} \
             RETURNING field",
            numbered(3, fields.len())
        );
        let identifiers_sql = format!(
            "DELETE FROM subject_identifiers WHERE subject_id = $1 AND id_type IN ({}) \
             AND {UNCHANGED} RETURNING id_type",
            numbered(3, identifier_types.len())
        );
        on_db!(self.db(), pool => {
            let mut tx = pool.begin().await?;
            let mut deleted = Vec::new();
            if !fields.is_empty() {
                let mut q = pool.dynamic_query(&fields_sql)
                    .bind(subject.as_uuid())
                    .bind(vault_activity_us);
                for f in fields {
                    q = q.bind(*f);
                }
                for r in q.fetch_all(&mut *tx).await? {
                    deleted.push(r.try_get::<String, _>("field")?);
                }
            }
            if !identifier_types.is_empty() {
                let mut q = pool.dynamic_query(&identifiers_sql)
                    .bind(subject.as_uuid())
                    .bind(vault_activity_us);
                for t in identifier_types {
                    q = q.bind(*t);
                }
                for r in q.fetch_all(&mut *tx).await? {
                    let t: String = r.try_get("id_type")?;
                    deleted.push(format!("identifiers.{t}"));
                }
            }
            tx.commit().await?;
            Ok(deleted)
        })
    }
}
