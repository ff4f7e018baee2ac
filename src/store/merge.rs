//! Merging two subjects (and undoing it) as single transactions on the vault store.

use sqlx::Row;

use super::{
    insert_consent, insert_identifier, now_us, on_db, ConsentRow, IdentifierRow, StoreError,
    VaultStore, INSERT_CONSENT,
};
use crate::domain::{IdentifierType, SubjectId};

/// Everything a merge writes to the vault, already sealed for the target.
#[derive(Debug)]
pub struct MergeWrite {
    pub merge_id: String,
    pub target: SubjectId,
    pub source: SubjectId,
    /// Fields the target lacked, sealed under the target's key.
    pub copied_fields: Vec<(&'static str, Vec<u8>)>,
    /// The source's identifiers, sealed under the target's key.
    pub identifiers: Vec<IdentifierRow>,
    /// Consent records appended to the target (the stricter decision per purpose).
    pub consents: Vec<ConsentRow>,
    pub objection_scopes: Vec<String>,
    /// Restrict the target (the source was restricted).
    pub restrict: Option<String>,
    /// JSON: the target's consent record id (or null) per purpose changed.
    pub consents_before: String,
    pub created_by: String,
    pub request_id: String,
}

/// A recorded merge.
#[derive(Debug, Clone)]
pub struct MergeRow {
    pub id: String,
    pub target: SubjectId,
    pub source: SubjectId,
    pub copied_fields: Vec<String>,
    pub moved_identifiers: Vec<(IdentifierType, Vec<u8>)>,
    pub consents_before: String,
    pub undone_at_us: Option<i64>,
}

/// Everything an undo writes.
#[derive(Debug)]
pub struct UnmergeWrite<'a> {
    pub merge: &'a MergeRow,
    /// The moved identifiers, sealed again under the source's key.
    pub identifiers: Vec<IdentifierRow>,
    /// Consent records appended to the target to restore its own decisions.
    pub consents: Vec<ConsentRow>,
}

fn moved_json(rows: &[IdentifierRow]) -> String {
    let list: Vec<(&str, String)> = rows
        .iter()
        .map(|r| (r.kind.name(), hex::encode(&r.blind_index)))
        .collect();
    serde_json::to_string(&list).unwrap_or_else(|_| "[]".into())
}

impl VaultStore {
    pub async fn apply_merge(&self, m: &MergeWrite) -> Result<(), StoreError> {
        let now = now_us();
        let copied: Vec<&str> = m.copied_fields.iter().map(|(f, _)| *f).collect();
        let copied = serde_json::to_string(&copied).unwrap_or_else(|_| "[]".into());
        on_db!(self.db(), pool => {
            let mut tx = pool.begin().await?;
            sqlx::query("DELETE FROM subject_identifiers WHERE subject_id = $1")
                .bind(m.source.as_uuid())
                .execute(&mut *tx)
                .await?;
            for row in &m.identifiers {
                insert_identifier!(m.target, row, now)
                .execute(&mut *tx)
                .await?;
            }
            for (field, ct) in &m.copied_fields {
                sqlx::query(
                    "INSERT INTO subject_fields (subject_id, field, ciphertext) VALUES ($1, $2, $3)",
                )
                .bind(m.target.as_uuid())
                .bind(*field)
                .bind(ct)
                .execute(&mut *tx)
                .await?;
            }
            for c in &m.consents {
                insert_consent!(INSERT_CONSENT, c)
                .execute(&mut *tx)
                .await?;
            }
            for scope in &m.objection_scopes {
                sqlx::query(
                    "INSERT INTO objections (subject_id, scope, source, recorded_at_us, \
                     recorded_by, request_id) VALUES ($1, $2, 'merge', $3, $4, $5)",
                )
                .bind(m.target.as_uuid())
                .bind(scope)
                .bind(now)
                .bind(&m.created_by)
                .bind(&m.request_id)
                .execute(&mut *tx)
                .await?;
            }
            if let Some(reason) = &m.restrict {
                sqlx::query(
                    "INSERT INTO restrictions (subject_id, restricted, reason, recorded_at_us, \
                     recorded_by, request_id) VALUES ($1, TRUE, $2, $3, $4, $5)",
                )
                .bind(m.target.as_uuid())
                .bind(reason)
                .bind(now)
                .bind(&m.created_by)
                .bind(&m.request_id)
                .execute(&mut *tx)
                .await?;
            }
            sqlx::query("UPDATE subjects SET merged_into = $1 WHERE id = $2")
                .bind(m.target.as_uuid())
                .bind(m.source.as_uuid())
                .execute(&mut *tx)
                .await?;
            sqlx::query(
                "INSERT INTO merges (id, target_id, source_id, created_at_us, created_by, \
                 request_id, copied_fields, moved_identifiers, consents_before) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
            )
            .bind(&m.merge_id)
            .bind(m.target.as_uuid())
            .bind(m.source.as_uuid())
            .bind(now)
            .bind(&m.created_by)
            .bind(&m.request_id)
            .bind(&copied)
            .bind(moved_json(&m.identifiers))
            .bind(&m.consents_before)
            .execute(&mut *tx)
            .await?;
            tx.commit().await?;
            Ok(())
        })
    }

    pub async fn load_merge(&self, id: &str) -> Result<Option<MergeRow>, StoreError> {
        on_db!(self.db(), pool => {
            let row = sqlx::query(
                "SELECT id, target_id, source_id, copied_fields, moved_identifiers, \
                 consents_before, undone_at_us FROM merges WHERE id = $1",
            )
            .bind(id)
            .fetch_optional(pool)
            .await?;
            let Some(r) = row else { return Ok(None) };
            let corrupt = |what: &str| StoreError::Corrupt(format!("merge record: {what}"));
            let copied: Vec<String> = serde_json::from_str(&r.try_get::<String, _>("copied_fields")?)
                .map_err(|_| corrupt("copied_fields"))?;
            let moved: Vec<(String, String)> =
                serde_json::from_str(&r.try_get::<String, _>("moved_identifiers")?)
                    .map_err(|_| corrupt("moved_identifiers"))?;
            let moved = moved
                .into_iter()
                .map(|(t, h)| {
                    Ok((
                        t.parse::<IdentifierType>().map_err(|_| corrupt("identifier type"))?,
                        hex::decode(h).map_err(|_| corrupt("blind index"))?,
                    ))
                })
                .collect::<Result<Vec<_>, StoreError>>()?;
            Ok(Some(MergeRow {
                id: r.try_get("id")?,
                target: SubjectId::from_uuid(r.try_get("target_id")?),
                source: SubjectId::from_uuid(r.try_get("source_id")?),
                copied_fields: copied,
                moved_identifiers: moved,
                consents_before: r.try_get("consents_before")?,
                undone_at_us: r.try_get("undone_at_us")?,
            }))
        })
    }

    /// Reverses a merge's vault part: identifiers back to the source (sealed for it), copied
    /// fields removed from the target, the target's own consent decisions re-asserted, the
    /// source a subject of its own again.
    pub async fn apply_unmerge(&self, u: &UnmergeWrite<'_>) -> Result<(), StoreError> {
        let m = u.merge;
        on_db!(self.db(), pool => {
            let mut tx = pool.begin().await?;
            for (kind, index) in &m.moved_identifiers {
                sqlx::query(
                    "DELETE FROM subject_identifiers WHERE id_type = $1 AND blind_index = $2 \
                     AND subject_id = $3",
                )
                .bind(kind.name())
                .bind(index)
                .bind(m.target.as_uuid())
                .execute(&mut *tx)
                .await?;
            }
            for row in &u.identifiers {
                insert_identifier!(m.source, row, now_us())
                .execute(&mut *tx)
                .await?;
            }
            for field in &m.copied_fields {
                sqlx::query("DELETE FROM subject_fields WHERE subject_id = $1 AND field = $2")
                    .bind(m.target.as_uuid())
                    .bind(field)
                    .execute(&mut *tx)
                    .await?;
            }
            for c in &u.consents {
                insert_consent!(INSERT_CONSENT, c)
                .execute(&mut *tx)
                .await?;
            }
            sqlx::query("UPDATE subjects SET merged_into = NULL WHERE id = $1")
                .bind(m.source.as_uuid())
                .execute(&mut *tx)
                .await?;
            sqlx::query("UPDATE merges SET undone_at_us = $1 WHERE id = $2")
                .bind(now_us())
                .bind(&m.id)
                .execute(&mut *tx)
                .await?;
            tx.commit().await?;
            Ok(())
        })
    }
}
