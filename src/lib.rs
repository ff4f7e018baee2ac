//! custodia: a privacy-first customer data vault. See `docs/architecture.md` for the map.

pub mod audit;
pub mod auth;
pub mod config;
pub mod crypto;
// `custodia demo seed`: behind the cargo feature `demo` (default), so production can leave it out.
#[cfg(feature = "demo")]
pub mod demo;
pub mod domain;
pub mod error;
pub mod http;
// `custodia import subjects` and `custodia export-all`: onboarding an existing CRM, and leaving.
pub mod import;
pub mod metrics;
pub mod policy;
pub mod service;
pub mod startup;
pub mod store;
// Log lines and OpenTelemetry traces (OTLP when OTEL_EXPORTER_OTLP_ENDPOINT is set).
pub mod telemetry;
