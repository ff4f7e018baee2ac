//! The audit log's tables. The chain itself (what is hashed, how it is verified) lives in
//! `crate::audit`; this layer appends under the head lock and reads rows back in order.

use sqlx::Row;

use super::{on_db, StoreError};

/// An entry to append; `seq`, `prev_hash` and `hash` are assigned under the head lock.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewAuditRow {
    pub at_us: i64,
    pub actor_id: String,
    pub actor_role: String,
    pub action: String,
    pub subject_id: Option<String>,
    pub purpose: Option<String>,
    /// JSON array of field names.
    pub fields_given: String,
    /// JSON array of field names.
    pub fields_withheld: String,
    pub decision: String,
    pub reason: Option<String>,
    pub request_id: String,
}

/// A stored entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditRow {
    pub seq: i64,
    pub entry: NewAuditRow,
    pub prev_hash: Vec<u8>,
    pub hash: Vec<u8>,
}

/// Filters for the DPO's audit query; every field optional.
#[derive(Debug, Default, Clone)]
pub struct AuditFilter {
    pub subject_id: Option<String>,
    pub actor_id: Option<String>,
    pub purpose: Option<String>,
    pub from_us: Option<i64>,
    pub to_us: Option<i64>,
    /// As stored, e.g. `subject.read`.
    pub action: Option<&'static str>,
    /// `allowed` or `denied`.
    pub decision: Option<&'static str>,
    pub after_seq: Option<i64>,
    /// Only entries with a smaller seq.
    pub before_seq: Option<i64>,
    /// Highest seq first (else lowest first).
    pub newest_first: bool,
    pub limit: i64,
}

/// The column list, as a macro so queries stay `&'static str` (sqlx refuses built strings).
macro_rules! columns {
    () => {
        "seq, at_us, actor_id, actor_role, action, subject_id, purpose, fields_given, \
         fields_withheld, decision, reason, request_id, prev_hash, hash"
    };
}

/// An allowed disclosure of personal data to a client: the rows `audit_log_disclosures`
/// indexes by subject (migration 0020). Written out, not bound, so that the planner sees that a
/// query's WHERE implies the index's; the actions are `crate::audit::DISCLOSURE_ACTIONS`.
macro_rules! disclosed {
    () => {
        "decision = 'allowed' AND actor_role = 'client' \
         AND action IN ('subject.read', 'subject.lookup', 'profile.read', 'events.read', \
         'segment.query', 'recommendations.read', 'preferences.read')"
    };
}

/// A subject's disclosures after a seq, oldest first (`$1` subject, `$2` seq, `$3` limit).
/// Macros, so that the test can EXPLAIN the very text.
macro_rules! subject_disclosures_sql {
    () => {
        concat!(
            "SELECT ",
            columns!(),
            " FROM audit_log WHERE subject_id = $1 AND ",
            disclosed!(),
            " AND seq > $2 ORDER BY seq LIMIT $3"
        )
    };
}
const SUBJECT_DISCLOSURES: &str = subject_disclosures_sql!();

/// The clients that received data on a subject (`$1`), each once.
macro_rules! disclosure_recipients_sql {
    () => {
        concat!(
            "SELECT DISTINCT actor_id FROM audit_log WHERE subject_id = $1 AND ",
            disclosed!()
        )
    };
}
pub(super) const DISCLOSURE_RECIPIENTS: &str = disclosure_recipients_sql!();

fn from_row<R: Row>(r: &R) -> Result<AuditRow, sqlx::Error>
where
    for<'a> &'a str: sqlx::ColumnIndex<R>,
    i64: for<'a> sqlx::Decode<'a, R::Database> + sqlx::Type<R::Database>,
    String: for<'a> sqlx::Decode<'a, R::Database> + sqlx::Type<R::Database>,
    Option<String>: for<'a> sqlx::Decode<'a, R::Database> + sqlx::Type<R::Database>,
    Vec<u8>: for<'a> sqlx::Decode<'a, R::Database> + sqlx::Type<R::Database>,
{
    Ok(AuditRow {
        seq: r.try_get("seq")?,
        entry: NewAuditRow {
            at_us: r.try_get("at_us")?,
            actor_id: r.try_get("actor_id")?,
            actor_role: r.try_get("actor_role")?,
            action: r.try_get("action")?,
            subject_id: r.try_get("subject_id")?,
            purpose: r.try_get("purpose")?,
            fields_given: r.try_get("fields_given")?,
            fields_withheld: r.try_get("fields_withheld")?,
            decision: r.try_get("decision")?,
            reason: r.try_get("reason")?,
            request_id: r.try_get("request_id")?,
        },
        prev_hash: r.try_get("prev_hash")?,
        hash: r.try_get("hash")?,
    })
}

/// Appends `$entries` (`&[NewAuditRow]`) at the head of the chain inside the open transaction
/// `$tx`, so a use case can store its change and its entries atomically; evaluates to the
/// assigned seqs (`?` on a `sqlx::Error`). The first statement writes the head row, which
/// takes the write lock on SQLite and the row lock on PostgreSQL, so concurrent writers (on
/// any number of server instances) queue there until `$tx` ends: hold it for short work only,
/// at the end of the transaction. `$chain(prev_hash, seq, entry)` returns an entry's hash;
/// `$pool` is the engine's pool (in `on_db!`), which gives each engine its statement text.
macro_rules! append_audit_in {
    ($tx:ident, $pool:expr, $entries:expr, $chain:expr) => {{
        let entries: &[$crate::store::NewAuditRow] = $entries;
        sqlx::query("UPDATE audit_head SET seq = seq WHERE id = 1")
            .execute(&mut *$tx)
            .await?;
        let head = sqlx::query("SELECT seq, hash FROM audit_head WHERE id = 1")
            .fetch_one(&mut *$tx)
            .await?;
        let mut seq: i64 = sqlx::Row::try_get(&head, "seq")?;
        let mut prev: Vec<u8> = sqlx::Row::try_get(&head, "hash")?;
        let mut seqs = Vec::with_capacity(entries.len());
        // The chain is computed in order; the rows go in multi-row INSERTs (one round trip
        // to the database per chunk, not per entry: a batch of contact decisions writes a
        // thousand entries at once).
        let mut rows: Vec<(i64, &$crate::store::NewAuditRow, Vec<u8>, Vec<u8>)> =
            Vec::with_capacity(entries.len());
        for e in entries {
            seq += 1;
            let hash = $chain(&prev, seq, e);
            rows.push((seq, e, prev.clone(), hash.clone()));
            seqs.push(seq);
            prev = hash;
        }
        let build = |chunk: &[(i64, &$crate::store::NewAuditRow, Vec<u8>, Vec<u8>)]| {
            let mut q = $crate::store::positional::EngineSql::multi_row_query(
                $pool,
                "audit_log",
                chunk.len(),
                || $crate::store::audit::audit_insert_sql(chunk.len()),
            );
            for (seq, e, before, hash) in chunk {
                q = q
                    .bind(*seq)
                    .bind(e.at_us)
                    .bind(&e.actor_id)
                    .bind(&e.actor_role)
                    .bind(&e.action)
                    .bind(&e.subject_id)
                    .bind(&e.purpose)
                    .bind(&e.fields_given)
                    .bind(&e.fields_withheld)
                    .bind(&e.decision)
                    .bind(&e.reason)
                    .bind(&e.request_id)
                    .bind(before)
                    .bind(hash);
            }
            q
        };
        // Each chunk is bound while the one before runs in the database.
        let mut queue = rows.chunks($crate::store::audit::AUDIT_ROWS_PER_INSERT);
        let mut next = queue.next().map(|c| build(c));
        while let Some(query) = next.take() {
            let (done, following) = futures_util::future::join(query.execute(&mut *$tx), async {
                queue.next().map(|c| build(c))
            })
            .await;
            done?;
            next = following;
        }
        sqlx::query("UPDATE audit_head SET seq = $1, hash = $2 WHERE id = 1")
            .bind(seq)
            .bind(&prev)
            .execute(&mut *$tx)
            .await?;
        seqs
    }};
}
pub(crate) use append_audit_in;

impl super::VaultStore {
    /// Appends `entries` as one transaction at the head of the chain (see
    /// [`append_audit_in!`]). `chain(prev_hash, seq, entry)` returns the entry's hash.
    /// Returns the assigned seqs.
    #[tracing::instrument(name = "store.append_audit", skip_all)]
    pub async fn append_audit(
        &self,
        entries: &[NewAuditRow],
        chain: impl Fn(&[u8], i64, &NewAuditRow) -> Vec<u8>,
    ) -> Result<Vec<i64>, StoreError> {
        on_db!(self.db(), pool => {
            let mut tx = pool.begin().await?;
            let seqs = append_audit_in!(tx, pool, entries, chain);
            tx.commit().await?;
            Ok(seqs)
        })
    }

    /// The chain's head as recorded: (last seq, its hash).
    pub async fn audit_head(&self) -> Result<(i64, Vec<u8>), StoreError> {
        on_db!(self.db(), pool => {
            let r = sqlx::query("SELECT seq, hash FROM audit_head WHERE id = 1")
                .fetch_one(pool)
                .await?;
            Ok((r.try_get("seq")?, r.try_get("hash")?))
        })
    }

    /// Up to `limit` entries after `after_seq`, in chain order (for verification).
    pub async fn audit_page(
        &self,
        after_seq: i64,
        limit: i64,
    ) -> Result<Vec<AuditRow>, StoreError> {
        let sql = concat!(
            "SELECT ",
            columns!(),
            " FROM audit_log WHERE seq > $1 ORDER BY seq LIMIT $2"
        );
        on_db!(self.db(), pool => {
            let rows = sqlx::query(sql).bind(after_seq).bind(limit).fetch_all(pool).await?;
            Ok(rows.iter().map(from_row).collect::<Result<Vec<_>, _>>()?)
        })
    }

    /// Up to `limit` allowed disclosures to clients on `subject` after `after_seq`, oldest
    /// first, through the subject's range of `audit_log_disclosures` (the Art. 15 answer).
    pub async fn subject_disclosures(
        &self,
        subject: &str,
        after_seq: i64,
        limit: i64,
    ) -> Result<Vec<AuditRow>, StoreError> {
        on_db!(self.db(), pool => {
            let rows = sqlx::query(SUBJECT_DISCLOSURES)
                .bind(subject)
                .bind(after_seq)
                .bind(limit)
                .fetch_all(pool)
                .await?;
            Ok(rows.iter().map(from_row).collect::<Result<Vec<_>, _>>()?)
        })
    }

    /// Entries matching `f`, oldest first or (`newest_first`) newest first. One query either
    /// way, walking the primary key (`seq`) in the page's order.
    #[tracing::instrument(name = "store.query_audit", skip_all)]
    pub async fn query_audit(&self, f: &AuditFilter) -> Result<Vec<AuditRow>, StoreError> {
        macro_rules! matching {
            () => {
                " FROM audit_log WHERE \
                 ($1 IS NULL OR subject_id = $1) AND ($2 IS NULL OR actor_id = $2) AND \
                 ($3 IS NULL OR purpose = $3) AND ($4 IS NULL OR at_us >= $4) AND \
                 ($5 IS NULL OR at_us < $5) AND ($6 IS NULL OR action = $6) AND \
                 ($7 IS NULL OR decision = $7) AND seq > $8 AND seq < $9 "
            };
        }
        let sql = if f.newest_first {
            concat!(
                "SELECT ",
                columns!(),
                matching!(),
                "ORDER BY seq DESC LIMIT $10"
            )
        } else {
            concat!("SELECT ", columns!(), matching!(), "ORDER BY seq LIMIT $10")
        };
        on_db!(self.db(), pool => {
            let rows = sqlx::query(sql)
                .bind(&f.subject_id)
                .bind(&f.actor_id)
                .bind(&f.purpose)
                .bind(f.from_us)
                .bind(f.to_us)
                .bind(f.action)
                .bind(f.decision)
                .bind(f.after_seq.unwrap_or(0))
                .bind(f.before_seq.unwrap_or(i64::MAX))
                .bind(f.limit)
                .fetch_all(pool)
                .await?;
            Ok(rows.iter().map(from_row).collect::<Result<Vec<_>, _>>()?)
        })
    }
}

/// Audit rows per `INSERT` (14 values each: well under every engine's parameter limit).
pub(crate) const AUDIT_ROWS_PER_INSERT: usize = 64;

/// `INSERT INTO audit_log (…) VALUES (…), (…)` for `rows` rows; placeholders only.
pub(crate) fn audit_insert_sql(rows: usize) -> String {
    format!(
        concat!("INSERT INTO audit_log (", columns!(), ") VALUES {}"),
        super::positional::numbered_rows(rows, 14)
    )
}

#[cfg(test)]
mod tests {
    /// What `disclosed!` names is what the service counts as a disclosure.
    #[test]
    fn the_disclosure_condition_names_every_disclosure_action() {
        let listed = disclosed!()
            .split_once("IN (")
            .and_then(|(_, rest)| rest.split_once(')'))
            .map(|(list, _)| list)
            .expect("an IN list");
        let mut actions: Vec<&str> = listed
            .split(',')
            .map(|a| a.trim().trim_matches('\''))
            .collect();
        let mut expected = crate::audit::DISCLOSURE_ACTIONS.to_vec();
        actions.sort_unstable();
        expected.sort_unstable();
        assert_eq!(actions, expected);
    }

    /// The Art. 15 and Art. 19 look-ups use the partial index (migration 0020): the planner
    /// takes it only while their WHERE implies the index's, so this fails when the list in a
    /// query and the list in the index part.
    #[tokio::test]
    async fn subject_disclosures_are_read_through_the_partial_index() {
        let (_dir, pool) = crate::store::migrated_sqlite_vault().await;
        let plans = [
            sqlx::query(concat!("EXPLAIN QUERY PLAN ", subject_disclosures_sql!()))
                .bind("a-subject")
                .bind(0_i64)
                .bind(10_i64),
            sqlx::query(concat!("EXPLAIN QUERY PLAN ", disclosure_recipients_sql!()))
                .bind("a-subject"),
        ];
        for query in plans {
            let plan = crate::store::sqlite_plan(&pool, query).await;
            assert!(
                plan.iter()
                    .any(|(_, step)| step.contains("USING INDEX audit_log_disclosures")),
                "{plan:?}"
            );
        }
        pool.close().await;
    }
}
