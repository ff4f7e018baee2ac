//! Prometheus metrics: requests by route template and status, latencies, and access decisions
//! by action and result. Labels never carry ids or values, only bounded vocabularies, and never
//! the reason of a refusal: a look-up answers a customer it withholds exactly like one that does
//! not exist, and a counter of "denied because objected" beside it would undo that (the reason
//! stays in the audit log, for the DPO).

use prometheus::{
    Encoder, HistogramOpts, HistogramVec, IntCounterVec, IntGauge, Opts, Registry, TextEncoder,
};

#[derive(Clone)]
pub struct Metrics {
    registry: Registry,
    requests: IntCounterVec,
    latency: HistogramVec,
    decisions: IntCounterVec,
    dsr_open: IntGauge,
    dsr_overdue: IntGauge,
    key_cache: IntCounterVec,
}

impl Metrics {
    pub fn new() -> Result<Self, prometheus::Error> {
        let registry = Registry::new_custom(Some("custodia".into()), None)?;
        let requests = IntCounterVec::new(
            Opts::new(
                "http_requests_total",
                "HTTP requests by method, route and status",
            ),
            &["method", "route", "status"],
        )?;
        let latency = HistogramVec::new(
            HistogramOpts::new(
                "http_request_duration_seconds",
                "HTTP request latency by route",
            )
            .buckets(vec![
                0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5,
            ]),
            &["route"],
        )?;
        let decisions = IntCounterVec::new(
            Opts::new(
                "access_decisions_total",
                "Audited access decisions by action and result",
            ),
            &["action", "decision"],
        )?;
        registry.register(Box::new(requests.clone()))?;
        registry.register(Box::new(latency.clone()))?;
        registry.register(Box::new(decisions.clone()))?;
        // Set from the database on every /v1/dsr call (see `set_dsr_counts`).
        let dsr_open = IntGauge::new(
            "dsr_open",
            "Open data-subject requests (received or verified), as of the last /v1/dsr call",
        )?;
        let dsr_overdue = IntGauge::new(
            "dsr_overdue",
            "Open data-subject requests past their legal deadline, as of the last /v1/dsr call",
        )?;
        registry.register(Box::new(dsr_open.clone()))?;
        registry.register(Box::new(dsr_overdue.clone()))?;
        let key_cache = IntCounterVec::new(
            Opts::new(
                "key_cache_lookups_total",
                "Data-key cache look-ups by result (hit: no key service call; miss: unwrapped)",
            ),
            &["result"],
        )?;
        registry.register(Box::new(key_cache.clone()))?;
        Ok(Self {
            registry,
            requests,
            latency,
            decisions,
            dsr_open,
            dsr_overdue,
            key_cache,
        })
    }

    pub fn observe_request(&self, method: &str, route: &str, status: u16, seconds: f64) {
        self.requests
            .with_label_values(&[method, route, &status.to_string()])
            .inc();
        self.latency.with_label_values(&[route]).observe(seconds);
    }

    /// The counters the data-key cache increments (`crypto::CachingKeyProvider`).
    pub fn key_cache_counters(&self) -> crate::crypto::CacheCounters {
        crate::crypto::CacheCounters {
            hits: self.key_cache.with_label_values(&["hit"]),
            misses: self.key_cache.with_label_values(&["miss"]),
        }
    }

    pub fn count_decision(&self, action: &str, decision: &str) {
        self.decisions.with_label_values(&[action, decision]).inc();
    }

    /// Open and overdue data-subject requests, counted over the whole vault store (so every
    /// instance reports the same numbers, each as of its own last update).
    pub fn set_dsr_counts(&self, open: i64, overdue: i64) {
        self.dsr_open.set(open);
        self.dsr_overdue.set(overdue);
    }

    /// The text exposition format.
    pub fn render(&self) -> String {
        let mut out = Vec::new();
        // Encoding into a Vec cannot fail for well-formed metrics; an empty page is the fallback.
        let _ = TextEncoder::new().encode(&self.registry.gather(), &mut out);
        String::from_utf8(out).unwrap_or_default()
    }
}
