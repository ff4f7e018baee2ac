//! Storage: one connection pool per store (vault, behaviour), each SQLite or PostgreSQL as its
//! URL says. Queries are written once, in SQL both engines accept (`$1` placeholders work on
//! SQLite through sqlx), and [`on_db!`] compiles each body once per engine, so the same code
//! serves both while keeping sqlx's native types (uuid, bytes) that `sqlx::Any` lacks.

mod audit;
mod behaviour;
mod connect;
mod consent;
mod error;
mod vault;

pub use audit::{AuditFilter, AuditRow, NewAuditRow};
pub use behaviour::{
    Aggregate, BehaviourStore, ChannelStats, EventQuery, EventRow, NewEvent, SegmentFilter,
};
pub use connect::{connect, Db, Engine, StoreKind};
pub use consent::{ConsentRow, DecisionInputs, ObjectionRow, RestrictionRow};
pub use error::StoreError;
pub use vault::{IdentifierRow, NewSubjectRecord, SubjectKeys, SubjectRecord, VaultStore};

/// Runs `$body` with `$pool` bound to the engine-specific pool of `$db`.
macro_rules! on_db {
    ($db:expr, $pool:ident => $body:expr) => {
        match $db {
            $crate::store::Db::Sqlite($pool) => $body,
            $crate::store::Db::Postgres($pool) => $body,
        }
    };
}
pub(crate) use on_db;

/// Microseconds since the Unix epoch: the one time format of every stored timestamp, the same
/// on both engines and exact in the audit hash.
pub fn now_us() -> i64 {
    let now = time::OffsetDateTime::now_utc();
    i64::try_from(now.unix_timestamp_nanos() / 1_000).unwrap_or(i64::MAX)
}
