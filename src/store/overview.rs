//! A subject's consent, objection and restriction ledgers as the consent overview shows them,
//! read on one connection: one acquire instead of five, each of which cost a hand-off (SQLite)
//! or a round trip (PostgreSQL) on top of its statement (benches/README.md, 2026-12-06,
//! midday). Each statement reads the ledgers as committed now, as the separate reads did.

use sqlx::Row;

use super::consent::{
    consent_from_row, objection_columns, objection_from_row, objection_in_force,
    restriction_columns, restriction_from, CONSENT_HISTORY,
};
use super::{on_db, StoreError, VaultStore};
use crate::domain::{ConsentRecord, ObjectionRecord, RestrictionRecord, SubjectId};

/// What the consent overview shows of a live subject's ledgers.
#[derive(Debug)]
pub struct ConsentLedgers {
    /// Every consent record, oldest first.
    pub history: Vec<ConsentRecord>,
    /// Every objection record, oldest first.
    pub objections: Vec<ObjectionRecord>,
    /// The scopes of the objections in force, in the order they were recorded.
    pub objections_in_force: Vec<String>,
    /// The newest restriction record, if any.
    pub restriction: Option<RestrictionRecord>,
}

/// A row if subject `$1` is live, with its newest restriction's columns (null for none).
const LIVE_WITH_RESTRICTION: &str = concat!(
    "SELECT r.* FROM subjects s LEFT JOIN (SELECT ",
    restriction_columns!(),
    " FROM restrictions r WHERE r.subject_id = $1 ORDER BY r.seq DESC LIMIT 1) r ON TRUE \
     WHERE s.id = $1 AND s.merged_into IS NULL"
);

/// Subject `$1`'s objection ledger, oldest first, each row saying whether it is in force.
const OBJECTIONS_WITH_FORCE: &str = concat!(
    "SELECT ",
    objection_columns!(),
    ", CASE WHEN ",
    objection_in_force!(),
    " THEN 'yes' ELSE 'no' END AS in_force FROM objections o WHERE o.subject_id = $1 \
     ORDER BY o.seq"
);

impl VaultStore {
    /// The ledgers of a live subject (see the module), or `None` when no live subject has
    /// this id.
    #[tracing::instrument(name = "store.consent_ledgers", skip_all)]
    pub async fn consent_ledgers(
        &self,
        id: &SubjectId,
    ) -> Result<Option<ConsentLedgers>, StoreError> {
        on_db!(self.db(), pool => {
            let mut conn = pool.acquire().await?;
            let Some(head) = sqlx::query(LIVE_WITH_RESTRICTION)
                .bind(id.as_uuid())
                .fetch_optional(&mut *conn)
                .await?
            else {
                return Ok(None);
            };
            let restriction = match head.try_get::<Option<i64>, _>("seq")? {
                Some(_) => Some(restriction_from(&head)?),
                None => None,
            };
            let history = sqlx::query(CONSENT_HISTORY)
                .bind(id.as_uuid())
                .fetch_all(&mut *conn)
                .await?
                .iter()
                .map(consent_from_row)
                .collect::<Result<Vec<_>, _>>()?;
            let rows = sqlx::query(OBJECTIONS_WITH_FORCE)
                .bind(id.as_uuid())
                .fetch_all(&mut *conn)
                .await?;
            let mut objections = Vec::with_capacity(rows.len());
            let mut objections_in_force = Vec::new();
            for r in &rows {
                let objection = objection_from_row(r)?;
                if r.try_get::<String, _>("in_force")? == "yes" {
                    objections_in_force.push(objection.scope.clone());
                }
                objections.push(objection);
            }
            Ok(Some(ConsentLedgers {
                history,
                objections,
                objections_in_force,
                restriction,
            }))
        })
    }
}
