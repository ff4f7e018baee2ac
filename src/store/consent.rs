//! The consent ledger, objections and restrictions: append-only tables, read back newest first.

use sqlx::Row;
use uuid::Uuid;

use super::{insert_consent, on_db, Db, StoreError, VaultStore};
use crate::domain::{
    ConsentRecord, ConsentStatus, ObjectionRecord, PurposeId, RestrictionRecord, SubjectId,
};

/// One withdrawal of objections, as appended.
#[derive(Debug, Clone)]
pub struct NewObjectionWithdrawal<'a> {
    pub source: &'a str,
    pub collected_at_us: i64,
    /// JSON object of evidence references.
    pub evidence: &'a str,
    pub recorded_at_us: i64,
    pub recorded_by: &'a str,
    pub request_id: &'a str,
}

/// The condition "this row is the newest of its scope and an objection", for the objection
/// ledger aliased `o`: the scopes in force.
/// An objection row `o` is in force: it is the newest row of its scope, not a withdrawal, and
/// no DPO assessment found compelling grounds that override it (`overridden`).
macro_rules! objection_in_force {
    () => {
        "NOT o.withdrawn AND o.seq = (SELECT MAX(n.seq) FROM objections n \
         WHERE n.subject_id = o.subject_id AND n.scope = o.scope) \
         AND NOT EXISTS (SELECT 1 FROM objection_assessments a \
         WHERE a.objection_seq = o.seq AND a.outcome = 'overridden')"
    };
}
pub(super) use objection_in_force;

/// What a read needs to decide: the newest consent for the purpose, every objection scope in
/// force, and whether processing is restricted now.
#[derive(Debug, Default)]
pub struct DecisionInputs {
    pub latest_consent: Option<ConsentRecord>,
    pub objection_scopes: Vec<String>,
    pub restricted: bool,
    /// The subject's coarse minor marker (`subjects.minor_until_us`), if any.
    pub minor_until_us: Option<i64>,
}

/// The objection ledger's columns, for the ledger aliased `o`.
macro_rules! objection_columns {
    () => {
        "o.seq, o.scope, o.source, o.recorded_at_us, o.recorded_by, o.withdrawn, \
         o.collected_at_us, o.evidence"
    };
}
pub(super) use objection_columns;

/// The newest restriction record's columns, for the ledger aliased `r`.
macro_rules! restriction_columns {
    () => {
        "r.seq, r.restricted, r.reason, r.recorded_at_us, r.recorded_by"
    };
}
pub(super) use restriction_columns;

macro_rules! consent_columns {
    () => {
        "seq, id, subject_id, purpose, status, legal_basis, source, collected_at_us, \
         recorded_at_us, policy_version, evidence, expires_at_us, operator_id, recorded_by, \
         request_id"
    };
}
pub(super) use consent_columns;

/// Every consent record of subject `$1`, oldest first.
pub(super) const CONSENT_HISTORY: &str = concat!(
    "SELECT ",
    consent_columns!(),
    " FROM consent_records WHERE subject_id = $1 ORDER BY seq"
);

/// `WHERE EXISTS` the subject `$param` is live (not merged, not erased), for a ledger append.
/// On PostgreSQL the row is read `FOR SHARE`: a merge holding the subject's row lock makes the
/// append wait and then see the merge, and an append that got there first makes the merge wait
/// and then see the new row in its ledger mark (`store/merge.rs`). So a decision recorded while
/// a merge runs is either in the merge or refused, never lost. SQLite has one writer at a time,
/// and this statement is that writer.
macro_rules! live_subject {
    ($param:literal, sqlite) => {
        concat!(
            " WHERE EXISTS (SELECT 1 FROM subjects s WHERE s.id = ",
            $param,
            " AND s.merged_into IS NULL)"
        )
    };
    ($param:literal, postgres) => {
        concat!(
            " WHERE EXISTS (SELECT 1 FROM subjects s WHERE s.id = ",
            $param,
            " AND s.merged_into IS NULL FOR SHARE)"
        )
    };
}

/// The refusal of an append whose subject is no longer live.
const NOT_LIVE: StoreError =
    StoreError::Conflict("the subject has been merged or erased in the meantime");

pub(super) fn consent_from_row<R: Row>(r: &R) -> Result<ConsentRecord, sqlx::Error>
where
    for<'a> &'a str: sqlx::ColumnIndex<R>,
    i64: for<'a> sqlx::Decode<'a, R::Database> + sqlx::Type<R::Database>,
    Option<i64>: for<'a> sqlx::Decode<'a, R::Database> + sqlx::Type<R::Database>,
    String: for<'a> sqlx::Decode<'a, R::Database> + sqlx::Type<R::Database>,
    Option<String>: for<'a> sqlx::Decode<'a, R::Database> + sqlx::Type<R::Database>,
    Uuid: for<'a> sqlx::Decode<'a, R::Database> + sqlx::Type<R::Database>,
{
    Ok(ConsentRecord {
        seq: r.try_get("seq")?,
        id: r.try_get("id")?,
        subject_id: SubjectId::from_uuid(r.try_get("subject_id")?),
        purpose: PurposeId::parse(&r.try_get::<String, _>("purpose")?).map_err(|_| {
            sqlx::Error::Decode("consent record: purpose is not a purpose id".into())
        })?,
        status: ConsentStatus::parse(&r.try_get::<String, _>("status")?)
            .ok_or_else(|| sqlx::Error::Decode("consent record: unknown status".into()))?,
        legal_basis: r.try_get("legal_basis")?,
        source: r.try_get("source")?,
        collected_at_us: r.try_get("collected_at_us")?,
        recorded_at_us: r.try_get("recorded_at_us")?,
        policy_version: r.try_get("policy_version")?,
        evidence: r.try_get("evidence")?,
        expires_at_us: r.try_get("expires_at_us")?,
        operator_id: r.try_get("operator_id")?,
        recorded_by: r.try_get("recorded_by")?,
        request_id: r.try_get("request_id")?,
    })
}

/// An objection ledger row, as [`objection_columns`] selects it.
pub(super) fn objection_from_row<R: Row>(r: &R) -> Result<ObjectionRecord, sqlx::Error>
where
    for<'a> &'a str: sqlx::ColumnIndex<R>,
    i64: for<'a> sqlx::Decode<'a, R::Database> + sqlx::Type<R::Database>,
    Option<i64>: for<'a> sqlx::Decode<'a, R::Database> + sqlx::Type<R::Database>,
    bool: for<'a> sqlx::Decode<'a, R::Database> + sqlx::Type<R::Database>,
    String: for<'a> sqlx::Decode<'a, R::Database> + sqlx::Type<R::Database>,
    Option<String>: for<'a> sqlx::Decode<'a, R::Database> + sqlx::Type<R::Database>,
{
    Ok(ObjectionRecord {
        seq: r.try_get("seq")?,
        scope: r.try_get("scope")?,
        source: r.try_get("source")?,
        recorded_at_us: r.try_get("recorded_at_us")?,
        recorded_by: r.try_get("recorded_by")?,
        withdrawn: r.try_get("withdrawn")?,
        collected_at_us: r.try_get("collected_at_us")?,
        evidence: r.try_get("evidence")?,
    })
}

pub(super) fn restriction_from<R: Row>(r: &R) -> Result<RestrictionRecord, sqlx::Error>
where
    for<'a> &'a str: sqlx::ColumnIndex<R>,
    i64: for<'a> sqlx::Decode<'a, R::Database> + sqlx::Type<R::Database>,
    bool: for<'a> sqlx::Decode<'a, R::Database> + sqlx::Type<R::Database>,
    String: for<'a> sqlx::Decode<'a, R::Database> + sqlx::Type<R::Database>,
    Option<String>: for<'a> sqlx::Decode<'a, R::Database> + sqlx::Type<R::Database>,
{
    Ok(RestrictionRecord {
        seq: r.try_get("seq")?,
        restricted: r.try_get("restricted")?,
        reason: r.try_get("reason")?,
        recorded_at_us: r.try_get("recorded_at_us")?,
        recorded_by: r.try_get("recorded_by")?,
    })
}

impl VaultStore {
    pub async fn subject_exists(&self, id: &SubjectId) -> Result<bool, StoreError> {
        on_db!(self.db(), pool => {
            let row = sqlx::query("SELECT 1 AS one FROM subjects WHERE id = $1 AND merged_into IS NULL")
                .bind(id.as_uuid())
                .fetch_optional(pool)
                .await?;
            Ok(row.is_some())
        })
    }

    /// Appends a consent record (never updates one) for a live subject; returns it with its
    /// seq.
    #[tracing::instrument(name = "store.append_consent", skip_all)]
    pub async fn append_consent(&self, c: &ConsentRecord) -> Result<ConsentRecord, StoreError> {
        macro_rules! sql {
            ($engine:ident) => {
                concat!(
                    "INSERT INTO consent_records (id, subject_id, purpose, status, legal_basis, \
                     source, collected_at_us, recorded_at_us, policy_version, evidence, \
                     expires_at_us, operator_id, recorded_by, request_id) \
                     SELECT $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14",
                    live_subject!("$2", $engine),
                    " RETURNING ",
                    consent_columns!()
                )
            };
        }
        let row = match self.db() {
            Db::Sqlite(pool) => insert_consent!(sql!(sqlite), c)
                .fetch_optional(pool)
                .await?
                .map(|r| consent_from_row(&r))
                .transpose()?,
            Db::Postgres(pool) => insert_consent!(sql!(postgres), c)
                .fetch_optional(pool)
                .await?
                .map(|r| consent_from_row(&r))
                .transpose()?,
        };
        row.ok_or(NOT_LIVE)
    }

    /// Every consent record of a subject, oldest first.
    #[tracing::instrument(name = "store.consent_history", skip_all)]
    pub async fn consent_history(&self, id: &SubjectId) -> Result<Vec<ConsentRecord>, StoreError> {
        on_db!(self.db(), pool => {
            let rows = sqlx::query(CONSENT_HISTORY).bind(id.as_uuid()).fetch_all(pool).await?;
            Ok(rows.iter().map(consent_from_row).collect::<Result<Vec<_>, _>>()?)
        })
    }

    /// Appends objections in one transaction.
    #[tracing::instrument(name = "store.append_objections", skip_all)]
    pub async fn append_objections(
        &self,
        subject: &SubjectId,
        scopes: &[String],
        source: &str,
        recorded_at_us: i64,
        recorded_by: &str,
        request_id: &str,
    ) -> Result<(), StoreError> {
        macro_rules! sql {
            ($engine:ident) => {
                concat!(
                    "INSERT INTO objections (subject_id, scope, source, recorded_at_us, \
                     recorded_by, request_id) SELECT $1, $2, $3, $4, $5, $6",
                    live_subject!("$1", $engine)
                )
            };
        }
        let sql = match self.db() {
            Db::Sqlite(_) => sql!(sqlite),
            Db::Postgres(_) => sql!(postgres),
        };
        on_db!(self.db(), pool => {
            let mut tx = pool.begin().await?;
            for scope in scopes {
                let written = sqlx::query(sql)
                    .bind(subject.as_uuid())
                    .bind(scope)
                    .bind(source)
                    .bind(recorded_at_us)
                    .bind(recorded_by)
                    .bind(request_id)
                    .execute(&mut *tx)
                    .await?
                    .rows_affected();
                if written != 1 {
                    return Err(NOT_LIVE);
                }
            }
            tx.commit().await?;
            Ok(())
        })
    }

    /// The whole objection ledger of a subject, objections and withdrawals, oldest first.
    pub async fn objections(&self, id: &SubjectId) -> Result<Vec<ObjectionRecord>, StoreError> {
        on_db!(self.db(), pool => {
            let rows = sqlx::query(concat!(
                "SELECT ",
                objection_columns!(),
                " FROM objections o WHERE o.subject_id = $1 ORDER BY o.seq"
            ))
            .bind(id.as_uuid())
            .fetch_all(pool)
            .await?;
            rows.iter()
                .map(objection_from_row)
                .collect::<Result<Vec<_>, sqlx::Error>>()
                .map_err(StoreError::from)
        })
    }

    /// The objection scopes in force for a subject (the newest row of each scope is an
    /// objection, not a withdrawal), in the order they were recorded. Every decision about
    /// the subject uses these, never the raw ledger.
    pub async fn objection_scopes_in_force(
        &self,
        id: &SubjectId,
    ) -> Result<Vec<String>, StoreError> {
        let sql = concat!(
            "SELECT o.scope FROM objections o WHERE o.subject_id = $1 AND ",
            objection_in_force!(),
            " ORDER BY o.seq"
        );
        on_db!(self.db(), pool => {
            let rows = sqlx::query(sql).bind(id.as_uuid()).fetch_all(pool).await?;
            rows.iter()
                .map(|r| r.try_get("scope"))
                .collect::<Result<Vec<String>, sqlx::Error>>()
                .map_err(StoreError::from)
        })
    }

    /// Records a DPO's assessment of the objection to `scope` in force, in one statement that
    /// finds that objection row (so the check and the write are one). Returns whether there
    /// was such an objection.
    pub async fn append_objection_assessment(
        &self,
        subject: &SubjectId,
        scope: &str,
        outcome: &str,
        grounds: &str,
        recorded_by: &str,
        request_id: &str,
    ) -> Result<bool, StoreError> {
        let sql = concat!(
            "INSERT INTO objection_assessments (subject_id, scope, objection_seq, outcome, \
             grounds, recorded_at_us, recorded_by, request_id) \
             SELECT o.subject_id, o.scope, o.seq, $3, $4, $5, $6, $7 FROM objections o \
             WHERE o.subject_id = $1 AND o.scope = $2 AND ",
            objection_in_force!()
        );
        on_db!(self.db(), pool => {
            let done = sqlx::query(sql)
                .bind(subject.as_uuid())
                .bind(scope)
                .bind(outcome)
                .bind(grounds)
                .bind(super::now_us())
                .bind(recorded_by)
                .bind(request_id)
                .execute(pool)
                .await?;
            Ok(done.rows_affected() > 0)
        })
    }

    /// Withdraws the objections to `scopes` that are in force, in one transaction: one new
    /// ledger row per such scope (a scope not in force gets none). Each row is written by a
    /// statement that checks the scope is in force, so the check and the write are one.
    /// Returns the scopes withdrawn, in the order given.
    pub async fn append_objection_withdrawals(
        &self,
        subject: &SubjectId,
        scopes: &[String],
        w: &NewObjectionWithdrawal<'_>,
    ) -> Result<Vec<String>, StoreError> {
        let sql = concat!(
            "INSERT INTO objections (subject_id, scope, source, recorded_at_us, recorded_by, \
             request_id, withdrawn, collected_at_us, evidence) \
             SELECT $1, $2, $3, $4, $5, $6, TRUE, $7, $8 WHERE EXISTS \
             (SELECT 1 FROM objections o WHERE o.subject_id = $1 AND o.scope = $2 AND ",
            objection_in_force!(),
            ")"
        );
        on_db!(self.db(), pool => {
            let mut tx = pool.begin().await?;
            let mut withdrawn = Vec::new();
            for scope in scopes {
                let done = sqlx::query(sql)
                    .bind(subject.as_uuid())
                    .bind(scope)
                    .bind(w.source)
                    .bind(w.recorded_at_us)
                    .bind(w.recorded_by)
                    .bind(w.request_id)
                    .bind(w.collected_at_us)
                    .bind(w.evidence)
                    .execute(&mut *tx)
                    .await?;
                if done.rows_affected() > 0 {
                    withdrawn.push(scope.clone());
                }
            }
            tx.commit().await?;
            Ok(withdrawn)
        })
    }

    #[tracing::instrument(name = "store.append_restriction", skip_all)]
    pub async fn append_restriction(
        &self,
        subject: &SubjectId,
        restricted: bool,
        reason: Option<&str>,
        recorded_at_us: i64,
        recorded_by: &str,
        request_id: &str,
    ) -> Result<(), StoreError> {
        macro_rules! sql {
            ($engine:ident) => {
                concat!(
                    "INSERT INTO restrictions (subject_id, restricted, reason, recorded_at_us, \
                     recorded_by, request_id) SELECT $1, $2, $3, $4, $5, $6",
                    live_subject!("$1", $engine)
                )
            };
        }
        let sql = match self.db() {
            Db::Sqlite(_) => sql!(sqlite),
            Db::Postgres(_) => sql!(postgres),
        };
        on_db!(self.db(), pool => {
            let written = sqlx::query(sql)
                .bind(subject.as_uuid())
                .bind(restricted)
                .bind(reason)
                .bind(recorded_at_us)
                .bind(recorded_by)
                .bind(request_id)
                .execute(pool)
                .await?
                .rows_affected();
            if written == 1 { Ok(()) } else { Err(NOT_LIVE) }
        })
    }

    /// Every restriction record of a subject, oldest first.
    pub async fn restriction_history(
        &self,
        id: &SubjectId,
    ) -> Result<Vec<RestrictionRecord>, StoreError> {
        on_db!(self.db(), pool => {
            let rows = sqlx::query(
                "SELECT seq, restricted, reason, recorded_at_us, recorded_by FROM restrictions \
                 WHERE subject_id = $1 ORDER BY seq",
            )
            .bind(id.as_uuid())
            .fetch_all(pool)
            .await?;
            rows.iter()
                .map(restriction_from)
                .collect::<Result<Vec<_>, sqlx::Error>>()
                .map_err(StoreError::from)
        })
    }

    /// The newest restriction record, if any.
    pub async fn latest_restriction(
        &self,
        id: &SubjectId,
    ) -> Result<Option<RestrictionRecord>, StoreError> {
        on_db!(self.db(), pool => {
            let row = sqlx::query(concat!(
                "SELECT ",
                restriction_columns!(),
                " FROM restrictions r WHERE r.subject_id = $1 ORDER BY r.seq DESC LIMIT 1"
            ))
            .bind(id.as_uuid())
            .fetch_optional(pool)
            .await?;
            row.as_ref()
                .map(restriction_from)
                .transpose()
                .map_err(StoreError::from)
        })
    }

    /// The newest consent record for `purpose` of every subject that has one (segments decide
    /// over many subjects at once with the same rule as a single read).
    pub async fn latest_consents_for(
        &self,
        purpose: &str,
    ) -> Result<Vec<ConsentRecord>, StoreError> {
        let sql = concat!(
            "SELECT ",
            consent_columns!(),
            " FROM consent_records WHERE seq IN (SELECT MAX(seq) FROM consent_records \
             WHERE purpose = $1 GROUP BY subject_id)"
        );
        on_db!(self.db(), pool => {
            let rows = sqlx::query(sql).bind(purpose).fetch_all(pool).await?;
            Ok(rows.iter().map(consent_from_row).collect::<Result<Vec<_>, _>>()?)
        })
    }

    /// Every objection scope in force, by subject.
    pub async fn all_objection_scopes(&self) -> Result<Vec<(SubjectId, String)>, StoreError> {
        let sql = concat!(
            "SELECT o.subject_id, o.scope FROM objections o WHERE ",
            objection_in_force!()
        );
        on_db!(self.db(), pool => {
            let rows = sqlx::query(sql).fetch_all(pool).await?;
            rows.iter()
                .map(|r| Ok((SubjectId::from_uuid(r.try_get("subject_id")?), r.try_get("scope")?)))
                .collect::<Result<Vec<_>, sqlx::Error>>()
                .map_err(StoreError::from)
        })
    }

    /// One subject's coarse minor marker (`subjects.minor_until_us`), if it has one.
    pub async fn minor_until(&self, id: &SubjectId) -> Result<Option<i64>, StoreError> {
        on_db!(self.db(), pool => {
            let until: Option<Option<i64>> =
                sqlx::query_scalar("SELECT minor_until_us FROM subjects WHERE id = $1")
                    .bind(id.as_uuid())
                    .fetch_optional(pool)
                    .await?;
            Ok(until.flatten())
        })
    }

    /// The subjects that are minors at `now_us` (their minor marker lies ahead).
    pub async fn minor_subjects(&self, now_us: i64) -> Result<Vec<SubjectId>, StoreError> {
        on_db!(self.db(), pool => {
            let rows = sqlx::query("SELECT id FROM subjects WHERE minor_until_us > $1")
                .bind(now_us)
                .fetch_all(pool)
                .await?;
            rows.iter()
                .map(|r| Ok(SubjectId::from_uuid(r.try_get("id")?)))
                .collect::<Result<Vec<_>, sqlx::Error>>()
                .map_err(StoreError::from)
        })
    }

    /// The subjects whose newest restriction record restricts processing.
    pub async fn restricted_subjects(&self) -> Result<Vec<SubjectId>, StoreError> {
        on_db!(self.db(), pool => {
            let rows = sqlx::query(
                "SELECT subject_id, restricted FROM restrictions WHERE seq IN \
                 (SELECT MAX(seq) FROM restrictions GROUP BY subject_id)",
            )
            .fetch_all(pool)
            .await?;
            let mut out = Vec::new();
            for r in rows {
                if r.try_get::<bool, _>("restricted")? {
                    out.push(SubjectId::from_uuid(r.try_get("subject_id")?));
                }
            }
            Ok(out)
        })
    }
}
