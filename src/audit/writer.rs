use tokio::sync::{mpsc, oneshot};
use tracing::Instrument;

use super::{chain::entry_hash, AuditEntry, AuditError};
use crate::metrics::Metrics;
use crate::store::{now_us, NewAuditRow, VaultStore};

/// Most entries committed in one transaction.
const MAX_BATCH: usize = 512;

struct Pending {
    row: NewAuditRow,
    done: oneshot::Sender<Result<i64, String>>,
}

/// Appends entries through one writer task that commits whatever has queued up in a single
/// transaction (group commit). [`AuditLog::record`] returns only after the entry's transaction
/// committed, so a request that waits for it is never answered without its entry stored.
#[derive(Clone)]
pub struct AuditLog {
    queue: mpsc::Sender<Pending>,
    store: VaultStore,
    metrics: Metrics,
}

impl AuditLog {
    /// Starts the writer task on the current Tokio runtime.
    pub fn start(store: VaultStore, metrics: Metrics) -> Self {
        let (queue, rx) = mpsc::channel(4 * MAX_BATCH);
        tokio::spawn(run_writer(store.clone(), rx));
        Self {
            queue,
            store,
            metrics,
        }
    }

    /// Appends one entry and waits until it is durably stored; returns its seq.
    pub async fn record(&self, entry: AuditEntry) -> Result<i64, AuditError> {
        let (done, wait) = oneshot::channel();
        let row = entry.into_row(now_us());
        self.metrics.count_decision(&row.action, &row.decision);
        note_decision(&row);
        let span = tracing::info_span!(
            "audit.record",
            action = %row.action,
            decision = %row.decision,
            reason = row.reason.as_deref(),
        );
        async {
            self.queue
                .send(Pending { row, done })
                .await
                .map_err(|_| AuditError::WriterGone)?;
            match wait.await {
                Ok(Ok(seq)) => Ok(seq),
                Ok(Err(_)) | Err(_) => Err(AuditError::WriterGone),
            }
        }
        .instrument(span)
        .await
    }

    /// Appends many entries at once (they share group commits) and waits until every one is
    /// durably stored.
    pub async fn record_all(&self, entries: Vec<AuditEntry>) -> Result<(), AuditError> {
        let span = tracing::info_span!("audit.record", entries = count(entries.len()));
        self.record_all_in(entries).instrument(span).await
    }

    async fn record_all_in(&self, entries: Vec<AuditEntry>) -> Result<(), AuditError> {
        let mut waits = Vec::with_capacity(entries.len());
        for entry in entries {
            let (done, wait) = oneshot::channel();
            let row = entry.into_row(now_us());
            self.metrics.count_decision(&row.action, &row.decision);
            note_decision(&row);
            self.queue
                .send(Pending { row, done })
                .await
                .map_err(|_| AuditError::WriterGone)?;
            waits.push(wait);
        }
        for wait in waits {
            match wait.await {
                Ok(Ok(_)) => {}
                Ok(Err(_)) | Err(_) => return Err(AuditError::WriterGone),
            }
        }
        Ok(())
    }

    /// Entries a use case appends in its own store transaction, together with the change
    /// they record (`VaultStore::insert_subjects`), as rows stamped now; hash them with
    /// [`entry_hash`] and call [`AuditLog::appended`] once the transaction committed.
    pub fn rows(entries: Vec<AuditEntry>) -> Vec<NewAuditRow> {
        let at = now_us();
        entries.into_iter().map(|e| e.into_row(at)).collect()
    }

    /// Counts rows a use case appended itself (see [`AuditLog::rows`]) in the metrics, as
    /// [`AuditLog::record`] counts its entries.
    pub fn appended(&self, rows: &[NewAuditRow]) {
        for row in rows {
            self.metrics.count_decision(&row.action, &row.decision);
            note_decision(row);
        }
    }

    pub fn store(&self) -> &VaultStore {
        &self.store
    }
}

/// Puts an entry's action, purpose, decision and reason on the current span (the request's,
/// where it declares them): names and codes only, as in the entry itself, never a value.
fn note_decision(row: &NewAuditRow) {
    let span = tracing::Span::current();
    span.record("action", row.action.as_str());
    if let Some(purpose) = &row.purpose {
        span.record("purpose", purpose.as_str());
    }
    span.record("decision", row.decision.as_str());
    if let Some(reason) = &row.reason {
        span.record("reason", reason.as_str());
    }
}

/// A count as a span attribute (OpenTelemetry integers are signed).
fn count(n: usize) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

async fn run_writer(store: VaultStore, mut rx: mpsc::Receiver<Pending>) {
    let mut batch = Vec::with_capacity(MAX_BATCH);
    while let Some(first) = rx.recv().await {
        batch.push(first);
        while batch.len() < MAX_BATCH {
            match rx.try_recv() {
                Ok(p) => batch.push(p),
                Err(_) => break,
            }
        }
        let rows: Vec<NewAuditRow> = batch.iter().map(|p| p.row.clone()).collect();
        // One span per group commit, a trace of its own: it serves many requests at once.
        let span = tracing::info_span!(parent: None, "audit.commit", entries = count(rows.len()));
        match store.append_audit(&rows, entry_hash).instrument(span).await {
            Ok(seqs) => {
                for (p, seq) in batch.drain(..).zip(seqs) {
                    // The requester may have gone away; its entry is stored all the same.
                    let _ = p.done.send(Ok(seq));
                }
            }
            Err(err) => {
                tracing::error!(error = ?err, entries = batch.len(), "audit batch not written");
                for p in batch.drain(..) {
                    let _ = p.done.send(Err("audit write failed".into()));
                }
            }
        }
    }
}
