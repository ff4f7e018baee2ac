//! Recipient notifications (GDPR Art. 19): after a rectification, an erasure or a restriction
//! (set or lifted), every client that received the subject's data and has a `webhook_url` in
//! `clients.toml` is told, through a signed webhook, *that* something happened to which
//! subject id, never what the data was or is.
//!
//! - **Who**: the recipients come from the audit log, exactly as the export's recipient list
//!   does (allowed `subject.read`, `subject.lookup`, `profile.read`, `events.read` and
//!   `segment.query` answers to role `client` for the subject). The audit log is append-only
//!   and outlives an erasure, so [`Vault::notify_recipients`] can run after the erasure has
//!   deleted the subject.
//! - **Queue**: [`Vault::notify_recipients`] stores one row per recipient in `notifications`
//!   and audits `notify.enqueued` once (reason: the action word). Delivery is separate, so a
//!   receiver that is down never slows or fails the change itself.
//! - **Delivery**: [`Vault::deliver_due`] (called by [`spawn_notifier`] on an interval, and by
//!   tests) claims due rows, POSTs each with a 10 s timeout and records the outcome. Any 2xx is
//!   delivered; anything else is retried after 30 s · 2^(failed attempts before), at most 6 h
//!   apart, and given up after 10 attempts. At least once: the id is in the body and in
//!   `X-Custodia-Notification` for the receiver to drop duplicates. Safe to run on every
//!   instance (see `store/notifications.rs`). Attempts are not audited; their state is
//!   visible to the DPO at `GET /v1/notifications`.

use std::time::Duration;

use serde::Serialize;
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

use super::permissions;
use super::subjects::{entry, Caller};
use super::{ServiceError, Vault};
use crate::audit::Action;
use crate::auth::Principal;
use crate::crypto::{NOTIFICATION_HEADER, SIGNATURE_HEADER};
use crate::domain::{ClientId, NotificationFilter, NotificationRecord, Role, SubjectId};
use crate::store::{now_us, FailedAttempt, NewNotification, Retry};

/// The actor id of `notify.enqueued` audit entries (role admin): the vault itself.
pub const NOTIFY_ACTOR: &str = "notifier";
/// How long a receiver may take to answer one notification.
pub const WEBHOOK_TIMEOUT: Duration = Duration::from_secs(10);

/// Notifications one worker claims at a time.
const BATCH: i64 = 16;
/// Batches one [`Vault::deliver_due`] call works through at most.
const MAX_BATCHES: usize = 64;
/// How long a claim holds: every notification of a batch timing out, plus a margin. A worker
/// that dies leaves its batch to others after this.
const LEASE_US: i64 = (BATCH * 10 + 60) * 1_000_000;

/// What happened to a subject, as the webhook's `action` says it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum NotifyAction {
    /// Art. 16: a field was corrected or cleared.
    Rectified,
    /// Art. 17: the subject was erased.
    Erased,
    /// Art. 18: processing was restricted.
    Restricted,
    /// Art. 18: a restriction was lifted.
    RestrictionLifted,
}

impl NotifyAction {
    pub const ALL: [NotifyAction; 4] = [
        Self::Rectified,
        Self::Erased,
        Self::Restricted,
        Self::RestrictionLifted,
    ];

    /// `Restricted` when a restriction was set, `RestrictionLifted` when it was lifted.
    pub fn restriction(restricted: bool) -> NotifyAction {
        if restricted {
            Self::Restricted
        } else {
            Self::RestrictionLifted
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Rectified => "rectified",
            Self::Erased => "erased",
            Self::Restricted => "restricted",
            Self::RestrictionLifted => "restriction_lifted",
        }
    }
}

/// What one [`Vault::deliver_due`] call did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct DeliveryReport {
    /// Answered with a 2xx.
    pub delivered: usize,
    /// Failed and scheduled again.
    pub retrying: usize,
    /// Failed for the last allowed time.
    pub gave_up: usize,
}

impl DeliveryReport {
    pub fn attempted(&self) -> usize {
        self.delivered + self.retrying + self.gave_up
    }
}

/// The webhook body; field order is the serialisation order. No field value, ever.
#[derive(Serialize)]
struct WebhookBody<'a> {
    id: String,
    subject: String,
    action: &'a str,
    /// For action `trigger`: the rule that fired (`triggers.toml`).
    #[serde(skip_serializing_if = "Option::is_none")]
    trigger: Option<&'a str>,
    occurred_at: String,
}

/// The outcome of one attempt, before it is stored.
enum Outcome {
    Delivered(i32),
    Failed(Option<i32>, String),
}

impl Vault {
    /// Queues one notification of `action` on `subject` for every client that received the
    /// subject's data (per the audit log) and has a `webhook_url`; audits `notify.enqueued`
    /// once when there is at least one. Returns how many were queued. Call it after the change
    /// is stored (also after an erasure: the audit log it reads is kept).
    #[tracing::instrument(skip_all, fields(subject = %subject, action = action.as_str()))]
    pub async fn notify_recipients(
        &self,
        subject: SubjectId,
        action: NotifyAction,
    ) -> Result<usize, ServiceError> {
        let received = self.store.disclosure_recipients(&subject).await?;
        let created_at_us = now_us();
        let rows: Vec<NewNotification> = received
            .into_iter()
            .filter(|c| self.webhook_url(c).is_some())
            .map(|client| NewNotification {
                id: uuid::Uuid::now_v7(),
                client,
                subject,
                action: action.as_str(),
                trigger: None,
                created_at_us,
            })
            .collect();
        if rows.is_empty() {
            return Ok(0);
        }
        self.store.enqueue_notifications(&rows).await?;
        let principal = Principal {
            id: NOTIFY_ACTOR.to_owned(),
            role: Role::Admin,
        };
        let request_id = format!("notify-{}", uuid::Uuid::now_v7());
        let caller = Caller {
            principal: &principal,
            request_id: &request_id,
        };
        let mut e = entry(&caller, Action::NotifyEnqueued, Some(subject), None);
        e.allowed = true;
        e.reason = Some(action.as_str().to_owned());
        self.audit.record(e).await?;
        tracing::info!(recipients = rows.len(), "recipient notifications queued");
        Ok(rows.len())
    }

    /// Sends every notification due at `now` (the clock that decides what is due and when
    /// the next attempt is; the signature's `t` is always the real time of sending) and
    /// records each outcome. Must run inside an actix (Tokio local) runtime: the HTTP client
    /// is not `Send`.
    pub async fn deliver_due(&self, now: OffsetDateTime) -> Result<DeliveryReport, ServiceError> {
        let now_us = micros(now);
        let mut report = DeliveryReport::default();
        let mut http = None;
        for _ in 0..MAX_BATCHES {
            let batch = self
                .store
                .claim_due_notifications(now_us, now_us.saturating_add(LEASE_US), BATCH)
                .await?;
            let claimed = batch.len();
            if claimed == 0 {
                break;
            }
            let http = http.get_or_insert_with(http_client);
            for n in &batch {
                match self.attempt(http, n).await {
                    Outcome::Delivered(status) => {
                        if self
                            .store
                            .mark_notification_delivered(&n.id, n.attempts, now_us, status)
                            .await?
                        {
                            report.delivered += 1;
                            tracing::info!(notification = %n.id, client = %n.client, status,
                                "notification delivered");
                        }
                    }
                    Outcome::Failed(status, error) => {
                        let failure = FailedAttempt {
                            status,
                            error: &error,
                            at_us: now_us,
                        };
                        match self
                            .store
                            .mark_notification_failed(&n.id, n.attempts, &failure)
                            .await?
                        {
                            Retry::At(_) => {
                                report.retrying += 1;
                                tracing::warn!(notification = %n.id, client = %n.client,
                                    attempt = n.attempts + 1, reason = %error,
                                    "notification not delivered; will retry");
                            }
                            Retry::GaveUp => {
                                report.gave_up += 1;
                                tracing::error!(notification = %n.id, client = %n.client,
                                    attempts = n.attempts + 1, reason = %error,
                                    "notification not delivered; gave up");
                            }
                            Retry::Lost => {}
                        }
                    }
                }
            }
            if i64::try_from(claimed).unwrap_or(i64::MAX) < BATCH {
                break;
            }
        }
        Ok(report)
    }

    /// One page of notifications for the DPO (oldest first).
    pub async fn list_notifications(
        &self,
        caller: &Caller<'_>,
        filter: &NotificationFilter,
    ) -> Result<Vec<NotificationRecord>, ServiceError> {
        caller.require(permissions::DPOS)?;
        Ok(self.store.list_notifications(filter).await?)
    }

    /// The client's `webhook_url` in the loaded policy, if it has one.
    fn webhook_url(&self, client: &str) -> Option<&str> {
        let id = ClientId::parse(client).ok()?;
        self.policy.client(&id)?.webhook_url.as_deref()
    }

    async fn attempt(&self, http: &awc::Client, n: &NotificationRecord) -> Outcome {
        // The policy may have changed since the notification was queued.
        let Some(url) = self.webhook_url(&n.client) else {
            return Outcome::Failed(None, "client has no webhook_url in the policy".into());
        };
        let body = WebhookBody {
            id: n.id.to_string(),
            subject: n.subject_id.to_string(),
            action: &n.action,
            trigger: n.trigger.as_deref(),
            occurred_at: rfc3339_us(n.created_at_us),
        };
        let Ok(body) = serde_json::to_vec(&body) else {
            return Outcome::Failed(None, "body could not be serialised".into());
        };
        let t = OffsetDateTime::now_utc().unix_timestamp();
        let Some(signature) = self.webhooks.sign(&n.client, t, &body) else {
            return Outcome::Failed(None, "no webhook secret for the client".into());
        };
        let sent = http
            .post(url)
            .insert_header(("Content-Type", "application/json"))
            .insert_header((NOTIFICATION_HEADER, n.id.to_string()))
            .insert_header((SIGNATURE_HEADER, signature))
            .send_body(body)
            .await;
        match sent {
            // The response body is never read: nothing from the receiver is stored but its
            // status.
            Ok(res) => {
                let status = res.status();
                if status.is_success() {
                    Outcome::Delivered(i32::from(status.as_u16()))
                } else {
                    Outcome::Failed(
                        Some(i32::from(status.as_u16())),
                        format!("status {}", status.as_u16()),
                    )
                }
            }
            Err(e) => Outcome::Failed(None, send_error_reason(&e).to_owned()),
        }
    }
}

/// Runs [`Vault::deliver_due`] now and then every `every` (at least one second) as a local task
/// of the current actix runtime (the HTTP client is not `Send`), until the task is aborted or
/// the runtime stops. A failed run is logged and the next one tries again. Running one on
/// every instance is safe: a notification is claimed by one worker at a time.
pub fn spawn_notifier(vault: Vault, every: Duration) -> tokio::task::JoinHandle<()> {
    let every = every.max(Duration::from_secs(1));
    actix_web::rt::spawn(async move {
        let mut tick = tokio::time::interval(every);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tick.tick().await;
            match vault.deliver_due(OffsetDateTime::now_utc()).await {
                Ok(report) if report.attempted() > 0 => tracing::info!(
                    delivered = report.delivered,
                    retrying = report.retrying,
                    gave_up = report.gave_up,
                    "notification run finished"
                ),
                Ok(_) => {}
                Err(e) => {
                    let e = anyhow::Error::new(e);
                    tracing::error!(error = format!("{e:#}"), "notification run failed");
                }
            }
        }
    })
}

/// The webhook client: 10 s to connect and 10 s for the answer, no redirects (a redirect is a
/// failed attempt: the signed request goes only where the policy says). TLS by rustls with the
/// Mozilla roots, crypto by ring.
fn http_client() -> awc::Client {
    // Err means a provider is installed already (by us, or by the embedding program).
    let _ = rustls::crypto::ring::default_provider().install_default();
    awc::Client::builder()
        .connector(awc::Connector::new().timeout(WEBHOOK_TIMEOUT))
        .timeout(WEBHOOK_TIMEOUT)
        .disable_redirects()
        .add_default_header((
            "User-Agent",
            concat!("custodia/", env!("CARGO_PKG_VERSION")),
        ))
        .finish()
}

/// A short, fixed reason for a request that got no answer; never the receiver's text.
fn send_error_reason(e: &awc::error::SendRequestError) -> &'static str {
    use awc::error::{ConnectError, SendRequestError};
    match e {
        SendRequestError::Timeout => "timeout",
        SendRequestError::Url(_) => "invalid url",
        SendRequestError::Connect(c) => match c {
            ConnectError::Timeout => "connect timeout",
            ConnectError::Resolver(_) | ConnectError::NoRecords | ConnectError::Unresolved => {
                "host not found"
            }
            ConnectError::SslIsNotSupported => "https not supported",
            ConnectError::Io(io) => match io.kind() {
                std::io::ErrorKind::ConnectionRefused => "connection refused",
                std::io::ErrorKind::ConnectionReset | std::io::ErrorKind::ConnectionAborted => {
                    "connection reset"
                }
                std::io::ErrorKind::TimedOut => "connect timeout",
                std::io::ErrorKind::InvalidData => "tls handshake failed",
                _ => "connection failed",
            },
            _ => "connection failed",
        },
        SendRequestError::Send(_) | SendRequestError::Body(_) => "sending failed",
        SendRequestError::Response(_) | SendRequestError::H2(_) => "invalid response",
        _ => "request failed",
    }
}

fn micros(t: OffsetDateTime) -> i64 {
    i64::try_from(t.unix_timestamp_nanos() / 1_000).unwrap_or(i64::MAX)
}

/// A stored microsecond time as RFC 3339 (UTC).
fn rfc3339_us(at_us: i64) -> String {
    OffsetDateTime::from_unix_timestamp_nanos(i128::from(at_us) * 1_000)
        .ok()
        .and_then(|t| t.format(&Rfc3339).ok())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn action_words_match_the_table_check() {
        assert_eq!(
            NotifyAction::ALL.map(NotifyAction::as_str),
            ["rectified", "erased", "restricted", "restriction_lifted"]
        );
    }

    #[test]
    fn body_carries_ids_and_the_action_only() {
        let body = WebhookBody {
            id: "n".into(),
            subject: "s".into(),
            action: "erased",
            trigger: None,
            occurred_at: rfc3339_us(1_700_000_000_123_456),
        };
        assert_eq!(
            serde_json::to_string(&body).unwrap(),
            r#"{"id":"n","subject":"s","action":"erased","occurred_at":"2023-11-14T22:13:20.123456Z"}"#
        );
    }
}
