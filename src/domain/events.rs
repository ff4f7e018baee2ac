//! Behavioural events as the layers above the store see them: a stored event (without its
//! pseudonym) and a page request over one customer's events. Plain data.

use uuid::Uuid;

/// A stored event (the pseudonym is left out: callers already know it).
#[derive(Debug, Clone)]
pub struct EventRecord {
    pub id: Uuid,
    pub source_client: String,
    pub client_event_id: String,
    pub event_type: String,
    pub channel: String,
    pub occurred_at_us: i64,
    pub received_at_us: i64,
    pub properties: String,
}

/// A page request over one pseudonym's events, newest first.
#[derive(Debug, Clone, Default)]
pub struct EventQuery {
    /// Only these types (never empty: the purpose's allowed types, maybe narrowed).
    pub types: Vec<String>,
    pub channel: Option<String>,
    pub from_us: Option<i64>,
    pub to_us: Option<i64>,
    /// Continue after this (occurred_at_us, id), exclusive.
    pub before: Option<(i64, Uuid)>,
    pub limit: i64,
}
