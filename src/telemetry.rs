//! Logs and traces: builds the process's tracing subscriber (log lines on stderr, and with
//! `OTEL_EXPORTER_OTLP_ENDPOINT` set the spans over OTLP), continues a caller's W3C
//! `traceparent`, and flushes the exporter on exit.
//!
//! The OTLP exporter (cargo feature `otel`, default) speaks HTTP/protobuf from the batch span
//! processor's own thread; the standard `OTEL_*` variables configure it
//! (`OTEL_EXPORTER_OTLP_ENDPOINT` or `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT`,
//! `OTEL_EXPORTER_OTLP_HEADERS`, `OTEL_SERVICE_NAME`, `OTEL_TRACES_SAMPLER`,
//! `OTEL_BSP_SCHEDULE_DELAY`, …). Spans carry what the log lines carry: ids, route templates,
//! purposes, decisions and reasons, never a personal value (docs/operations.md, "Traces").

use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::util::SubscriberInitExt;
use tracing_subscriber::Layer;

use crate::config::LogFormat;

/// The variables that turn the OTLP exporter on (the second for traces alone).
const ENDPOINT_VARS: [&str; 2] = [
    "OTEL_EXPORTER_OTLP_ENDPOINT",
    "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT",
];

/// What must outlive the program's work: the span exporter, flushed by [`Telemetry::shutdown`].
#[must_use = "call shutdown() before exit, or the last spans are lost"]
pub struct Telemetry {
    #[cfg(feature = "otel")]
    provider: Option<opentelemetry_sdk::trace::SdkTracerProvider>,
}

impl Telemetry {
    /// Exports the spans still queued and stops the exporter (waits at most a few seconds for
    /// the collector).
    pub fn shutdown(self) {
        #[cfg(feature = "otel")]
        if let Some(provider) = self.provider {
            if let Err(e) = provider.shutdown_with_timeout(std::time::Duration::from_secs(5)) {
                eprintln!("custodia: exporting the last spans failed: {e}");
            }
        }
    }
}

/// Whether an OTLP endpoint is configured in the environment.
fn endpoint_configured() -> bool {
    ENDPOINT_VARS
        .iter()
        .any(|v| std::env::var(v).is_ok_and(|s| !s.trim().is_empty()))
}

/// Installs the global subscriber: `RUST_LOG` (or `default_filter`) chooses what is logged and
/// traced; log lines go to stderr as text or JSON; spans go over OTLP when an endpoint is set.
/// An endpoint the exporter cannot use refuses the start.
pub fn init(format: LogFormat, default_filter: &str) -> anyhow::Result<Telemetry> {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(default_filter));
    let fmt = tracing_subscriber::fmt::layer().with_writer(std::io::stderr);
    let fmt = match format {
        LogFormat::Json => fmt.json().boxed(),
        LogFormat::Pretty => fmt.boxed(),
    };
    let registry = tracing_subscriber::registry().with(filter).with(fmt);

    #[cfg(feature = "otel")]
    {
        if endpoint_configured() {
            let provider = otlp::provider()?;
            registry.with(otlp::layer(&provider)).try_init()?;
            tracing::info!("exporting traces over OTLP");
            return Ok(Telemetry {
                provider: Some(provider),
            });
        }
        registry.try_init()?;
        Ok(Telemetry { provider: None })
    }
    #[cfg(not(feature = "otel"))]
    {
        registry.try_init()?;
        if endpoint_configured() {
            tracing::warn!(
                "OTEL_EXPORTER_OTLP_ENDPOINT is set but this build has no OpenTelemetry \
                 (cargo feature `otel`): no traces are exported"
            );
        }
        Ok(Telemetry {})
    }
}

/// Makes `span` (a request's span) continue the trace of the caller's W3C `traceparent`
/// header, if it sent a valid one; otherwise the request starts a trace of its own.
pub fn continue_trace(span: &tracing::Span, headers: &actix_web::http::header::HeaderMap) {
    #[cfg(feature = "otel")]
    otlp::continue_trace(span, headers);
    #[cfg(not(feature = "otel"))]
    let _ = (span, headers);
}

#[cfg(feature = "otel")]
mod otlp {
    use opentelemetry::propagation::{Extractor, TextMapPropagator};
    use opentelemetry::trace::TracerProvider as _;
    use opentelemetry_sdk::propagation::TraceContextPropagator;
    use opentelemetry_sdk::trace::SdkTracerProvider;
    use opentelemetry_sdk::Resource;
    use tracing_opentelemetry::OpenTelemetrySpanExt;
    use tracing_subscriber::registry::LookupSpan;

    /// The tracer provider with the OTLP HTTP/protobuf exporter behind a batch processor,
    /// both configured by the standard `OTEL_*` variables.
    pub(super) fn provider() -> anyhow::Result<SdkTracerProvider> {
        use anyhow::Context;
        // The exporter's HTTP client is built without TLS: an https endpoint would fail at
        // every export, silently. Refuse it at start instead.
        for var in super::ENDPOINT_VARS {
            if std::env::var(var).is_ok_and(|v| v.trim().to_ascii_lowercase().starts_with("https:"))
            {
                anyhow::bail!(
                    "{var}: this build exports over plain HTTP only; send to a collector on the \
                     same host or network (docs/operations.md, \"Traces (OpenTelemetry)\")"
                );
            }
        }
        let exporter = opentelemetry_otlp::SpanExporter::builder()
            .with_http()
            .build()
            .context("the OTLP exporter (OTEL_EXPORTER_OTLP_ENDPOINT)")?;
        let mut resource = Resource::builder();
        if std::env::var("OTEL_SERVICE_NAME").is_err() {
            resource = resource.with_service_name("custodia");
        }
        let resource = resource
            .with_attribute(opentelemetry::KeyValue::new(
                "service.version",
                env!("CARGO_PKG_VERSION"),
            ))
            .build();
        Ok(SdkTracerProvider::builder()
            .with_batch_exporter(exporter)
            .with_resource(resource)
            .build())
    }

    /// The layer that turns the subscriber's spans into OpenTelemetry spans of `provider`.
    /// Code locations and thread names stay out: the attributes are the spans' own fields.
    pub(super) fn layer<S>(provider: &SdkTracerProvider) -> impl tracing_subscriber::Layer<S>
    where
        S: tracing::Subscriber + for<'a> LookupSpan<'a>,
    {
        tracing_opentelemetry::layer()
            .with_tracer(provider.tracer("custodia"))
            .with_location(false)
            .with_threads(false)
    }

    /// The request headers as the propagator reads them.
    struct Headers<'a>(&'a actix_web::http::header::HeaderMap);

    impl Extractor for Headers<'_> {
        fn get(&self, key: &str) -> Option<&str> {
            self.0.get(key).and_then(|v| v.to_str().ok())
        }

        fn keys(&self) -> Vec<&str> {
            self.0.keys().map(|k| k.as_str()).collect()
        }
    }

    pub(super) fn continue_trace(
        span: &tracing::Span,
        headers: &actix_web::http::header::HeaderMap,
    ) {
        if !headers.contains_key("traceparent") {
            return;
        }
        let parent = TraceContextPropagator::new().extract(&Headers(headers));
        // Without an OpenTelemetry layer (no endpoint set) there is nothing to continue.
        let _ = span.set_parent(parent);
    }
}
