//! What a decision about many subjects at once needs from the vault's ledgers: their keys,
//! newest consents, objections in force, restriction and minor marker. Read per batch (an
//! ingest of 1,000 events, a campaign asking for 1,000 customers), one statement per table and
//! chunk of ids, never one per subject; and always fresh, so a withdrawal through any instance
//! counts on the next batch.

use std::collections::HashMap;

use sqlx::Row;
use uuid::Uuid;

use super::consent::{consent_columns, consent_from_row, objection_in_force};
use super::{on_db, StoreError, SubjectKeys, VaultStore};
use crate::domain::{ConsentRecord, SubjectId};

/// Most ids bound in one statement.
const IDS_PER_STATEMENT: usize = 500;

/// The rows `$sql` gives (a future), with `{ids}` replaced by placeholders after `$binds`,
/// binding `$binds` then the ids. A future, so look-ups that do not depend on each other run
/// at once, each on a connection of its own. A macro: the row type differs per engine.
macro_rules! rows_of {
    ($pool:expr, $sql:expr, $ids:expr, [$($bind:expr),*]) => {{
        let first = 1 $(+ { let _ = &$bind; 1 })*;
        let sql = $sql.replace("{ids}", &$crate::store::positional::numbered(first, $ids.len()));
        let mut q = $crate::store::positional::EngineSql::dynamic_query($pool, &sql);
        $(q = q.bind($bind);)*
        for id in $ids {
            q = q.bind(id.as_uuid());
        }
        q.fetch_all($pool)
    }};
}
pub(super) use rows_of;

/// Runs [`rows_of`] and calls `$each` for every row.
macro_rules! for_rows_of {
    ($pool:expr, $sql:expr, $ids:expr, [$($bind:expr),*], |$r:ident| $each:block) => {{
        for $r in $crate::store::facts::rows_of!($pool, $sql, $ids, [$($bind),*]).await?.iter() $each
    }};
}
pub(super) use for_rows_of;

// The look-ups by a list of subject ids (`{ids}`: its placeholders). Each must find its rows
// through an index on the subject (`tests::every_look_up_by_ids_searches_by_subject`).

/// Live (not merged) subjects: keys, pseudonym, minor marker.
const LIVE_SUBJECTS: &str = "SELECT id, kek_version, wrapped_dek, pseudonym_ct, minor_until_us \
    FROM subjects WHERE merged_into IS NULL AND id IN ({ids})";
/// The newest consent per purpose, of the purpose `$1` (and `$2`, the same) or of all (NULL).
/// The purpose twice: `$1 IS NULL OR c.purpose = $1` would not bind positionally on SQLite
/// (see `store/positional.rs`).
pub(super) const LATEST_CONSENTS: &str = concat!(
    "SELECT ",
    consent_columns!(),
    " FROM consent_records c \
     WHERE ($1 IS NULL OR c.purpose = $2) AND c.subject_id IN ({ids}) \
     AND c.seq = (SELECT MAX(n.seq) FROM consent_records n \
     WHERE n.subject_id = c.subject_id AND n.purpose = c.purpose)"
);
const OBJECTIONS_IN_FORCE: &str = concat!(
    "SELECT o.subject_id, o.scope FROM objections o WHERE o.subject_id IN ({ids}) AND ",
    objection_in_force!()
);
const LATEST_RESTRICTIONS: &str = "SELECT r.subject_id, r.restricted FROM restrictions r \
    WHERE r.subject_id IN ({ids}) AND r.seq = (SELECT MAX(n.seq) FROM restrictions n \
    WHERE n.subject_id = r.subject_id)";

/// The ledger state of one live (not merged, not erased) subject.
#[derive(Debug)]
pub struct LedgerFacts {
    pub keys: SubjectKeys,
    pub minor_until_us: Option<i64>,
    /// The newest consent decision per purpose (of the one purpose asked for, if one was).
    pub latest_consents: Vec<ConsentRecord>,
    pub objection_scopes: Vec<String>,
    pub restricted: bool,
}

impl LedgerFacts {
    /// The newest consent decision for `purpose`.
    pub fn latest_for(&self, purpose: &str) -> Option<&ConsentRecord> {
        self.latest_consents
            .iter()
            .find(|r| r.purpose.as_str() == purpose)
    }
}

impl VaultStore {
    /// The ledger facts of every live subject of `ids` (absent: no such subject, merged or
    /// erased), with the newest consents of `purpose` only, or of every purpose (`None`).
    pub async fn ledger_facts(
        &self,
        ids: &[SubjectId],
        purpose: Option<&str>,
    ) -> Result<HashMap<SubjectId, LedgerFacts>, StoreError> {
        let mut out: HashMap<SubjectId, LedgerFacts> = HashMap::with_capacity(ids.len());
        for chunk in ids.chunks(IDS_PER_STATEMENT) {
            self.ledger_facts_into(chunk, purpose, &mut out).await?;
        }
        Ok(out)
    }

    async fn ledger_facts_into(
        &self,
        ids: &[SubjectId],
        purpose: Option<&str>,
        out: &mut HashMap<SubjectId, LedgerFacts>,
    ) -> Result<(), StoreError> {
        let id_of = |r: &Uuid| SubjectId::from_uuid(*r);
        on_db!(self.db(), pool => {
            let mut live: Vec<SubjectId> = Vec::with_capacity(ids.len());
            for_rows_of!(pool, LIVE_SUBJECTS, ids, [], |r| {
                let version: i64 = r.try_get("kek_version")?;
                let id = id_of(&r.try_get("id")?);
                live.push(id);
                out.insert(id, LedgerFacts {
                    keys: SubjectKeys {
                        kek_version: u32::try_from(version)
                            .map_err(|_| StoreError::Corrupt("kek_version out of range".into()))?,
                        wrapped_dek: r.try_get("wrapped_dek")?,
                        pseudonym_ct: r.try_get("pseudonym_ct")?,
                    },
                    minor_until_us: r.try_get("minor_until_us")?,
                    latest_consents: Vec::new(),
                    objection_scopes: Vec::new(),
                    restricted: false,
                });
            });
            if live.is_empty() {
                return Ok(());
            }
            let (consents, objections, restrictions) = tokio::try_join!(
                rows_of!(pool, LATEST_CONSENTS, &live, [purpose, purpose]),
                rows_of!(pool, OBJECTIONS_IN_FORCE, &live, []),
                rows_of!(pool, LATEST_RESTRICTIONS, &live, []),
            )?;
            for r in &consents {
                let record = consent_from_row(r)?;
                if let Some(f) = out.get_mut(&record.subject_id) {
                    f.latest_consents.push(record);
                }
            }
            for r in &objections {
                if let Some(f) = out.get_mut(&id_of(&r.try_get("subject_id")?)) {
                    f.objection_scopes.push(r.try_get("scope")?);
                }
            }
            for r in &restrictions {
                if let Some(f) = out.get_mut(&id_of(&r.try_get("subject_id")?)) {
                    f.restricted = r.try_get("restricted")?;
                }
            }
        });
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::contact::BY_IDS as CONTACT_BY_IDS;
    use crate::store::positional::{numbered, EngineSql};

    /// A batch names a few hundred subjects out of many: every look-up by a list of ids must
    /// search an index by subject (or id), never walk a table or a whole index. SQLite, without
    /// statistics, walked every live subject through the merge index and every email
    /// identifier through the identifiers' key (benches/README.md, 2026-12-06).
    #[tokio::test]
    async fn every_look_up_by_ids_searches_by_subject() {
        let (_dir, pool) = crate::store::migrated_sqlite_vault().await;
        let pool = &pool;
        let ours = [
            (LIVE_SUBJECTS, 0),
            (LATEST_CONSENTS, 2),
            (OBJECTIONS_IN_FORCE, 0),
            (LATEST_RESTRICTIONS, 0),
        ];
        for (sql, parameters) in ours.into_iter().chain(CONTACT_BY_IDS) {
            let explain = format!(
                "EXPLAIN QUERY PLAN {}",
                sql.replace("{ids}", &numbered(parameters + 1, IDS_PER_STATEMENT))
            );
            let mut query = pool.dynamic_query(&explain);
            for _ in 0..parameters {
                query = query.bind("email");
            }
            // As many ids as a statement takes: SQLite weighs a long IN list against the
            // other indexes (with three ids it kept the primary key).
            for _ in 0..IDS_PER_STATEMENT {
                query = query.bind(Uuid::nil());
            }
            let plan = crate::store::sqlite_plan(pool, query).await;
            // The outer loop (parent 0) goes by subject; a correlated subquery may search by
            // its own key; nothing walks a whole table or index.
            for (parent, step) in &plan {
                let by_subject = step.contains("(subject_id=?") || step.contains("(id=?");
                assert!(
                    !step.starts_with("SCAN")
                        && (*parent != 0 || !step.starts_with("SEARCH") || by_subject),
                    "{sql}\n  walks more than the subjects named: {step}"
                );
            }
        }
        pool.close().await;
    }
}
