//! Merging two subjects (and undoing it) as single transactions on the vault store.

use sqlx::Row;

use super::{
    insert_consent, insert_identifier, now_us, on_db, IdentifierRow, StoreError, VaultStore,
    INSERT_CONSENT,
};
use crate::domain::{ConsentRecord, IdentifierType, SubjectId};

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
    pub consents: Vec<ConsentRecord>,
    pub objection_scopes: Vec<String>,
    /// Restrict the target (the source was restricted).
    pub restrict: Option<String>,
    /// JSON: the target's consent record id (or null) per purpose changed.
    pub consents_before: String,
    /// The two subjects' ledgers when the merge was computed: if either changed before the
    /// write, the merge is refused instead of losing the newer decision.
    pub ledgers: LedgerMark,
    pub created_by: String,
    pub request_id: String,
}

/// The newest consent, objection and restriction row of two subjects (0 for none).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct LedgerMark {
    pub consent: i64,
    pub objection: i64,
    pub restriction: i64,
}

const LEDGER_MARK: &str = "SELECT \
    (SELECT COALESCE(MAX(seq), 0) FROM consent_records WHERE subject_id IN ($1, $2)) AS c, \
    (SELECT COALESCE(MAX(seq), 0) FROM objections WHERE subject_id IN ($1, $2)) AS o, \
    (SELECT COALESCE(MAX(seq), 0) FROM restrictions WHERE subject_id IN ($1, $2)) AS r";

/// The [`LedgerMark`] of subjects `$a` and `$b`, read through `$executor` (a pool or a
/// transaction of either engine).
macro_rules! read_ledger_mark {
    ($executor:expr, $a:expr, $b:expr) => {
        sqlx::query(LEDGER_MARK)
            .bind($a.as_uuid())
            .bind($b.as_uuid())
            .fetch_one($executor)
            .await
            .and_then(|r| {
                Ok(LedgerMark {
                    consent: r.try_get("c")?,
                    objection: r.try_get("o")?,
                    restriction: r.try_get("r")?,
                })
            })
    };
}

/// Locks a live (not merged) subject's row for the rest of the transaction, or says it is not
/// live. On PostgreSQL the no-op update takes the row lock, so a concurrent merge, undo or
/// erasure touching the same subject waits and then sees the committed state; on SQLite the
/// first write takes the database's write lock, which serialises them the same way.
const LOCK_LIVE_SUBJECT: &str =
    "UPDATE subjects SET merged_into = merged_into WHERE id = $1 AND merged_into IS NULL";

/// A recorded merge.
#[derive(Debug, Clone)]
pub struct MergeRow {
    pub id: String,
    pub target: SubjectId,
    pub source: SubjectId,
    pub copied_fields: Vec<String>,
    pub moved_identifiers: Vec<(IdentifierType, Vec<u8>)>,
    pub consents_before: String,
    pub created_at_us: i64,
    pub undone_at_us: Option<i64>,
    /// Whether the behaviour store's half (the events) is done.
    pub events_moved: bool,
}

/// Everything an undo writes.
#[derive(Debug)]
pub struct UnmergeWrite<'a> {
    pub merge: &'a MergeRow,
    /// The moved identifiers, sealed again under the source's key.
    pub identifiers: Vec<IdentifierRow>,
    /// Consent records appended to the target (withdrawals of grants that came with the source).
    pub consents: Vec<ConsentRecord>,
    /// Refusals recorded on the target since the merge, copied to the source: either person
    /// may have made them, so both keep them.
    pub source_consents: Vec<ConsentRecord>,
    pub source_objection_scopes: Vec<String>,
    /// Restrict the source too (the target was restricted since the merge).
    pub restrict_source: Option<String>,
    /// The two ledgers when the undo was computed (see [`LedgerMark`]).
    pub ledgers: LedgerMark,
    pub undone_by: String,
    pub request_id: String,
}

fn moved_json(rows: &[IdentifierRow]) -> String {
    let list: Vec<(&str, String)> = rows
        .iter()
        .map(|r| (r.kind.name(), hex::encode(&r.blind_index)))
        .collect();
    serde_json::to_string(&list).unwrap_or_else(|_| "[]".into())
}

macro_rules! merge_columns {
    () => {
        "id, target_id, source_id, copied_fields, moved_identifiers, consents_before, \
         created_at_us, undone_at_us, events_moved"
    };
}

fn merge_from_row<R: Row>(r: &R) -> Result<MergeRow, StoreError>
where
    for<'a> &'a str: sqlx::ColumnIndex<R>,
    String: for<'a> sqlx::Decode<'a, R::Database> + sqlx::Type<R::Database>,
    i64: for<'a> sqlx::Decode<'a, R::Database> + sqlx::Type<R::Database>,
    Option<i64>: for<'a> sqlx::Decode<'a, R::Database> + sqlx::Type<R::Database>,
    bool: for<'a> sqlx::Decode<'a, R::Database> + sqlx::Type<R::Database>,
    uuid::Uuid: for<'a> sqlx::Decode<'a, R::Database> + sqlx::Type<R::Database>,
{
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
                t.parse::<IdentifierType>()
                    .map_err(|_| corrupt("identifier type"))?,
                hex::decode(h).map_err(|_| corrupt("blind index"))?,
            ))
        })
        .collect::<Result<Vec<_>, StoreError>>()?;
    Ok(MergeRow {
        id: r.try_get("id")?,
        target: SubjectId::from_uuid(r.try_get("target_id")?),
        source: SubjectId::from_uuid(r.try_get("source_id")?),
        copied_fields: copied,
        moved_identifiers: moved,
        consents_before: r.try_get("consents_before")?,
        created_at_us: r.try_get("created_at_us")?,
        undone_at_us: r.try_get("undone_at_us")?,
        events_moved: r.try_get("events_moved")?,
    })
}

impl VaultStore {
    #[tracing::instrument(name = "store.apply_merge", skip_all)]
    pub async fn apply_merge(&self, m: &MergeWrite) -> Result<(), StoreError> {
        let now = now_us();
        let copied: Vec<&str> = m.copied_fields.iter().map(|(f, _)| *f).collect();
        let copied = serde_json::to_string(&copied).unwrap_or_else(|_| "[]".into());
        // Lock in one order (by id) so two opposite merges cannot deadlock.
        let mut pair = [m.target, m.source];
        pair.sort_by_key(|id| *id.as_uuid());
        on_db!(self.db(), pool => {
            let mut tx = pool.begin().await?;
            for id in pair {
                let live = sqlx::query(LOCK_LIVE_SUBJECT)
                    .bind(id.as_uuid())
                    .execute(&mut *tx)
                    .await?
                    .rows_affected();
                if live != 1 {
                    return Err(StoreError::Conflict(
                        "one of the two subjects has been merged or erased in the meantime",
                    ));
                }
            }
            if read_ledger_mark!(&mut *tx, m.target, m.source)? != m.ledgers {
                return Err(StoreError::Conflict(
                    "a consent, objection or restriction was recorded for one of the subjects \
                     during the merge; send the merge again",
                ));
            }
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
            // A copied birth date brings its minor marker along.
            if m.copied_fields.iter().any(|(f, _)| *f == "birth_date") {
                sqlx::query(
                    "UPDATE subjects SET minor_until_us = \
                     (SELECT s.minor_until_us FROM subjects s WHERE s.id = $2) WHERE id = $1",
                )
                .bind(m.target.as_uuid())
                .bind(m.source.as_uuid())
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
            // A source that carries an erased customer's identifier passes the flag on.
            sqlx::query(
                "UPDATE subjects SET suppression_match = TRUE WHERE id = $1 AND EXISTS \
                 (SELECT 1 FROM subjects s WHERE s.id = $2 AND s.suppression_match)",
            )
            .bind(m.target.as_uuid())
            .bind(m.source.as_uuid())
            .execute(&mut *tx)
            .await?;
            // Contact: a bounce or complaint of either record holds for the person; the
            // target's preferences stay, a target without any takes the source's.
            for sql in [
                "INSERT INTO channel_suppressions (subject_id, channel, cause, since_us, event_id) \
                 SELECT $1, channel, cause, since_us, event_id FROM channel_suppressions \
                 WHERE subject_id = $2 ON CONFLICT (subject_id, channel, cause) DO NOTHING",
                "INSERT INTO contact_preferences (subject_id, document, updated_at_us) \
                 SELECT $1, document, updated_at_us FROM contact_preferences WHERE subject_id = $2 \
                 ON CONFLICT (subject_id) DO NOTHING",
            ] {
                sqlx::query(sql)
                    .bind(m.target.as_uuid())
                    .bind(m.source.as_uuid())
                    .execute(&mut *tx)
                    .await?;
            }
            sqlx::query("UPDATE subjects SET merged_into = $1 WHERE id = $2 AND merged_into IS NULL")
                .bind(m.target.as_uuid())
                .bind(m.source.as_uuid())
                .execute(&mut *tx)
                .await?;
            sqlx::query(
                "INSERT INTO merges (id, target_id, source_id, created_at_us, created_by, \
                 request_id, copied_fields, moved_identifiers, consents_before, events_moved) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, FALSE)",
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
        let sql = concat!("SELECT ", merge_columns!(), " FROM merges WHERE id = $1");
        on_db!(self.db(), pool => {
            let row = sqlx::query(sql).bind(id).fetch_optional(pool).await?;
            row.as_ref().map(merge_from_row).transpose()
        })
    }

    /// Merges (or undos) whose vault half is written but whose events have not moved yet (the
    /// process stopped in between); completed at start.
    pub async fn merges_with_events_pending(&self) -> Result<Vec<MergeRow>, StoreError> {
        let sql = concat!(
            "SELECT ",
            merge_columns!(),
            " FROM merges WHERE events_moved = FALSE"
        );
        on_db!(self.db(), pool => {
            let rows = sqlx::query(sql).fetch_all(pool).await?;
            rows.iter().map(merge_from_row).collect()
        })
    }

    /// Notes that a merge's events have moved.
    pub async fn merge_events_moved(&self, id: &str) -> Result<(), StoreError> {
        on_db!(self.db(), pool => {
            sqlx::query("UPDATE merges SET events_moved = TRUE WHERE id = $1")
                .bind(id)
                .execute(pool)
                .await?;
            Ok(())
        })
    }

    /// The ledger mark of two subjects (see [`LedgerMark`]).
    pub async fn ledger_mark(
        &self,
        a: &SubjectId,
        b: &SubjectId,
    ) -> Result<LedgerMark, StoreError> {
        on_db!(self.db(), pool => {
            Ok(read_ledger_mark!(pool, a, b)?)
        })
    }

    /// Where a subject stands: `None` if there is no such row, `Some(None)` if it is live,
    /// `Some(Some(t))` if it was merged into `t`.
    pub async fn merged_into(
        &self,
        id: &SubjectId,
    ) -> Result<Option<Option<SubjectId>>, StoreError> {
        on_db!(self.db(), pool => {
            let row = sqlx::query("SELECT merged_into FROM subjects WHERE id = $1")
                .bind(id.as_uuid())
                .fetch_optional(pool)
                .await?;
            row.map(|r| {
                Ok(r.try_get::<Option<uuid::Uuid>, _>("merged_into")?
                    .map(SubjectId::from_uuid))
            })
            .transpose()
        })
    }

    /// The subjects merged directly into `id`.
    pub async fn merged_sources(&self, id: &SubjectId) -> Result<Vec<SubjectId>, StoreError> {
        on_db!(self.db(), pool => {
            let rows = sqlx::query("SELECT id FROM subjects WHERE merged_into = $1")
                .bind(id.as_uuid())
                .fetch_all(pool)
                .await?;
            rows.iter()
                .map(|r| Ok(SubjectId::from_uuid(r.try_get("id")?)))
                .collect()
        })
    }

    /// Reverses a merge's vault part: identifiers back to the source (sealed for it), copied
    /// fields removed from the target, the target's own consent decisions re-asserted, the
    /// source a subject of its own again.
    pub async fn apply_unmerge(&self, u: &UnmergeWrite<'_>) -> Result<(), StoreError> {
        let m = u.merge;
        let now = now_us();
        on_db!(self.db(), pool => {
            let mut tx = pool.begin().await?;
            // The merge row first: of two concurrent undos, one waits here and then matches
            // nothing.
            let open = sqlx::query(
                "UPDATE merges SET undone_at_us = $1, events_moved = FALSE WHERE id = $2 \
                 AND undone_at_us IS NULL",
            )
            .bind(now)
            .bind(&m.id)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if open != 1 {
                return Err(StoreError::Conflict("this merge has already been undone"));
            }
            let live = sqlx::query(LOCK_LIVE_SUBJECT)
                .bind(m.target.as_uuid())
                .execute(&mut *tx)
                .await?
                .rows_affected();
            let split = sqlx::query(
                "UPDATE subjects SET merged_into = NULL WHERE id = $1 AND merged_into = $2",
            )
            .bind(m.source.as_uuid())
            .bind(m.target.as_uuid())
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if live != 1 || split != 1 {
                return Err(StoreError::Conflict(
                    "the merge target has since been merged into another subject; undo that \
                     merge first",
                ));
            }
            if read_ledger_mark!(&mut *tx, m.target, m.source)? != u.ledgers {
                return Err(StoreError::Conflict(
                    "a consent, objection or restriction was recorded during the undo; send it \
                     again",
                ));
            }
            for (kind, index) in &m.moved_identifiers {
                let gone = sqlx::query(
                    "DELETE FROM subject_identifiers WHERE id_type = $1 AND blind_index = $2 \
                     AND subject_id = $3",
                )
                .bind(kind.name())
                .bind(index)
                .bind(m.target.as_uuid())
                .execute(&mut *tx)
                .await?
                .rows_affected();
                if gone != 1 {
                    return Err(StoreError::Conflict(
                        "an identifier the merge moved is no longer held by the target, so the \
                         source cannot get it back",
                    ));
                }
            }
            for row in &u.identifiers {
                insert_identifier!(m.source, row, now)
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
            // The copied birth date goes back, and with it the marker it brought.
            if m.copied_fields.iter().any(|f| f == "birth_date") {
                sqlx::query("UPDATE subjects SET minor_until_us = NULL WHERE id = $1")
                    .bind(m.target.as_uuid())
                    .execute(&mut *tx)
                    .await?;
            }
            for c in u.consents.iter().chain(&u.source_consents) {
                insert_consent!(INSERT_CONSENT, c)
                .execute(&mut *tx)
                .await?;
            }
            for scope in &u.source_objection_scopes {
                sqlx::query(
                    "INSERT INTO objections (subject_id, scope, source, recorded_at_us, \
                     recorded_by, request_id) VALUES ($1, $2, 'merge', $3, $4, $5)",
                )
                .bind(m.source.as_uuid())
                .bind(scope)
                .bind(now)
                .bind(&u.undone_by)
                .bind(&u.request_id)
                .execute(&mut *tx)
                .await?;
            }
            if let Some(reason) = &u.restrict_source {
                sqlx::query(
                    "INSERT INTO restrictions (subject_id, restricted, reason, recorded_at_us, \
                     recorded_by, request_id) VALUES ($1, TRUE, $2, $3, $4, $5)",
                )
                .bind(m.source.as_uuid())
                .bind(reason)
                .bind(now)
                .bind(&u.undone_by)
                .bind(&u.request_id)
                .execute(&mut *tx)
                .await?;
            }
            tx.commit().await?;
            Ok(())
        })
    }
}
