//! Shared response formatting.

use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

/// A stored microsecond timestamp as RFC 3339 (UTC).
pub fn rfc3339_us(at_us: i64) -> String {
    OffsetDateTime::from_unix_timestamp_nanos(i128::from(at_us) * 1_000)
        .ok()
        .and_then(|t| t.format(&Rfc3339).ok())
        .unwrap_or_default()
}
