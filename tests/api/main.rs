//! Integration tests over real HTTP. Each test runs against SQLite and, when
//! `CUSTODIA_TEST_POSTGRES_URL` is set (CI sets it), against PostgreSQL too; every test gets
//! fresh databases and its own server on a random port.

// Test code: a failed unwrap is a failed test, which is what we want.
#![allow(clippy::unwrap_used, clippy::expect_used)]
mod helpers;

mod logs;

mod access_export;
mod aggregate_only;
mod at_rest;
mod audit;
mod auth;
mod consent;
mod consent_proof;
mod consent_rights;
mod contact;
#[cfg(feature = "demo")]
mod demo;
mod dsr;
mod eprivacy;
mod erasure;
mod erasure_duty;
mod errors;
mod events;
mod feedback;
mod hostile;
mod import;
mod index_rotation;
mod integrity;
mod key_rotation;
mod limits;
mod merge;
mod notifications;
mod objection_assessment;
mod objections;
mod one_decision;
mod oracles;
#[cfg(feature = "otel")]
mod otel;
mod pages;
mod permissions;
mod profiling;
mod recommendations;
mod restore;
mod retention;
mod rights;
mod ropa;
mod subjects;
mod suppression;
mod transit;
mod triggers;
mod what_stays;
