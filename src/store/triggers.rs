//! What automation rules read and write in the behaviour store (issue 12): the candidates of a
//! rule (pseudonyms whose starting event has waited long enough with no cancelling event) and
//! each rule's firings, so a starting event leads to one message at most.

use sqlx::Row;
use uuid::Uuid;

use super::positional::{numbered, EngineSql};
use super::{on_db, BehaviourStore, EventScope, StoreError};

/// One rule's question, in store terms.
#[derive(Debug, Clone)]
pub struct TriggerQuery<'a> {
    pub name: &'a str,
    pub after: &'a str,
    pub category: Option<&'a str>,
    pub unless: &'a [String],
    /// The events the rule's purpose may see.
    pub scope: &'a EventScope,
    /// Starting events from `from_us` (inclusive) to `to_us` (exclusive) count.
    pub from_us: i64,
    pub to_us: i64,
    /// Now: a deferred firing due by then is asked again.
    pub now_us: i64,
}

/// A candidate: the pseudonym and the starting event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    pub pseudonym: Vec<u8>,
    pub anchor: Uuid,
}

/// How a firing ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settled {
    pub candidate: Candidate,
    /// `allow`, `defer` or `deny`.
    pub outcome: &'static str,
    pub not_before_us: Option<i64>,
}

impl BehaviourStore {
    /// The candidates of a rule: per pseudonym the latest starting event in the window with
    /// no cancelling event after it, and no firing for it that is settled (or deferred and not
    /// yet due). At most `limit`, in pseudonym order. The window bounds the scan.
    pub async fn trigger_candidates(
        &self,
        q: &TriggerQuery<'_>,
        limit: i64,
    ) -> Result<Vec<Candidate>, StoreError> {
        let unless = if q.unless.is_empty() {
            "FALSE".to_owned()
        } else {
            format!(
                "EXISTS (SELECT 1 FROM events u WHERE u.pseudonym = e.pseudonym \
                 AND u.event_type || '' IN ({}) AND u.occurred_at_us > e.occurred_at_us \
                 AND u.purposes LIKE CAST($4 AS TEXT) ESCAPE '!' AND ($5 IS NULL OR u.category = $5))",
                numbered(8, q.unless.len())
            )
        };
        let sql = format!(
            "SELECT e.pseudonym, e.id, e.occurred_at_us FROM events e \
             WHERE e.event_type = $1 AND e.occurred_at_us >= $2 AND e.occurred_at_us < $3 \
             AND e.purposes LIKE CAST($4 AS TEXT) ESCAPE '!' AND ($5 IS NULL OR e.category = $5) \
             AND NOT {unless} \
             AND NOT EXISTS (SELECT 1 FROM trigger_firings f WHERE f.trigger_name = $6 \
                 AND f.pseudonym = e.pseudonym AND f.anchor_id = e.id \
                 AND (f.outcome <> 'defer' OR f.not_before_us > $7)) \
             ORDER BY e.pseudonym, e.occurred_at_us DESC"
        );
        let mut out: Vec<Candidate> = Vec::new();
        on_db!(self.db(), pool => {
            let mut q2 = pool.dynamic_query(&sql)
                .bind(q.after)
                .bind(q.from_us.max(q.scope.since_us))
                .bind(q.to_us)
                .bind(&q.scope.pattern)
                .bind(q.category)
                .bind(q.name)
                .bind(q.now_us);
            for u in q.unless {
                q2 = q2.bind(u);
            }
            for r in q2.fetch_all(pool).await? {
                let pseudonym: Vec<u8> = r.try_get("pseudonym")?;
                if out.last().is_some_and(|c| c.pseudonym == pseudonym) {
                    continue;
                }
                out.push(Candidate { pseudonym, anchor: r.try_get("id")? });
                if out.len() as i64 >= limit {
                    break;
                }
            }
        });
        Ok(out)
    }

    /// Claims candidates for a run of rule `name`: a firing row `pending` per candidate, or a
    /// deferred one that is due taken back to `pending`. Returns, per candidate, whether this
    /// run claimed it (another instance's run may have got there first).
    pub async fn claim_firings(
        &self,
        name: &str,
        candidates: &[Candidate],
        now_us: i64,
    ) -> Result<Vec<bool>, StoreError> {
        on_db!(self.db(), pool => {
            let mut tx = pool.begin().await?;
            let mut claimed = Vec::with_capacity(candidates.len());
            for c in candidates {
                let done = sqlx::query(
                    "INSERT INTO trigger_firings (trigger_name, pseudonym, anchor_id, outcome, \
                     decided_at_us) VALUES ($1, $2, $3, 'pending', $4) \
                     ON CONFLICT (trigger_name, pseudonym, anchor_id) DO UPDATE \
                     SET outcome = 'pending', decided_at_us = excluded.decided_at_us \
                     WHERE trigger_firings.outcome = 'defer' AND trigger_firings.not_before_us <= $4",
                )
                .bind(name)
                .bind(&c.pseudonym)
                .bind(c.anchor)
                .bind(now_us)
                .execute(&mut *tx)
                .await?;
                claimed.push(done.rows_affected() == 1);
            }
            tx.commit().await?;
            Ok(claimed)
        })
    }

    /// Records how each claimed firing ended.
    pub async fn settle_firings(
        &self,
        name: &str,
        settled: &[Settled],
        now_us: i64,
    ) -> Result<(), StoreError> {
        on_db!(self.db(), pool => {
            let mut tx = pool.begin().await?;
            for s in settled {
                sqlx::query(
                    "UPDATE trigger_firings SET outcome = $4, decided_at_us = $5, not_before_us = $6 \
                     WHERE trigger_name = $1 AND pseudonym = $2 AND anchor_id = $3",
                )
                .bind(name)
                .bind(&s.candidate.pseudonym)
                .bind(s.candidate.anchor)
                .bind(s.outcome)
                .bind(now_us)
                .bind(s.not_before_us)
                .execute(&mut *tx)
                .await?;
            }
            tx.commit().await?;
            Ok(())
        })
    }
}
