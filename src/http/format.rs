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

/// Now, in microseconds since the Unix epoch (the unit of every stored time).
pub fn now_us() -> i64 {
    i64::try_from(OffsetDateTime::now_utc().unix_timestamp_nanos() / 1_000).unwrap_or(i64::MAX)
}

/// The `{id}` path segment as a subject id, or the 400 every route gives for a malformed one.
pub fn subject_path(
    raw: &str,
    request_id: &str,
) -> Result<crate::domain::SubjectId, crate::error::ApiError> {
    raw.parse().map_err(|_| {
        crate::error::ApiError::new(
            crate::error::ErrorCode::InvalidRequest,
            "the subject id must be a UUID",
        )
        .with_request_id(request_id)
    })
}
