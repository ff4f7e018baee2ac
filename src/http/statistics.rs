//! `GET /v1/consent-statistics`: consent aggregates per purpose and source over time, for the
//! DPO console's chart (DPO, admin). Counts only; not audited.

use actix_web::{web, HttpResponse};
use serde::Deserialize;
use serde_json::{json, Value};
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

use super::extract::{Authenticated, DpoOrAdmin};
use super::format::{now_us, rfc3339_us};
use super::{AppState, RequestId};
use crate::domain::{Bucket, StatisticsWindow};
use crate::error::{ApiError, ErrorCode};
use crate::service::{ConsentStatistics, StatusCounts};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StatisticsQuery {
    /// RFC 3339, inclusive; default 90 days before `to`.
    from: Option<String>,
    /// RFC 3339, exclusive; default now.
    to: Option<String>,
    /// `day`, `week` (default) or `month`.
    bucket: Option<String>,
}

fn counts(c: &StatusCounts) -> Value {
    json!({ "granted": c.granted, "withdrawn": c.withdrawn, "refused": c.refused })
}

fn answer(stats: &ConsentStatistics) -> Value {
    let purposes: Vec<Value> = stats
        .purposes
        .iter()
        .map(|p| {
            let series: Vec<Value> = p
                .series
                .iter()
                .map(|s| {
                    let points: Vec<Value> = s
                        .points
                        .iter()
                        .map(|pt| {
                            let mut v = counts(&pt.counts);
                            v["period_start"] = json!(rfc3339_us(pt.period_start_us));
                            v
                        })
                        .collect();
                    json!({ "source": s.source, "points": points })
                })
                .collect();
            json!({ "purpose": p.purpose, "current": counts(&p.current), "series": series })
        })
        .collect();
    json!({
        "from": rfc3339_us(stats.window.from_us()),
        "to": rfc3339_us(stats.window.to_us()),
        "bucket": stats.window.bucket().as_str(),
        "purposes": purposes,
    })
}

pub async fn consent_statistics(
    state: web::Data<AppState>,
    caller: Authenticated<DpoOrAdmin>,
    rid: RequestId,
    q: web::Query<StatisticsQuery>,
) -> Result<HttpResponse, ApiError> {
    let bad =
        |detail: &str| ApiError::new(ErrorCode::InvalidRequest, detail).with_request_id(&rid.0);
    let time = |value: &Option<String>, name: &str| -> Result<Option<i64>, ApiError> {
        let Some(v) = value else { return Ok(None) };
        let t = OffsetDateTime::parse(v, &Rfc3339).map_err(|_| {
            bad(&format!(
                "'{name}' must be an RFC 3339 time such as 2026-01-31T00:00:00Z"
            ))
        })?;
        Ok(Some(
            i64::try_from(t.unix_timestamp_nanos() / 1_000).unwrap_or(i64::MAX),
        ))
    };
    let from = time(&q.from, "from")?;
    let to = time(&q.to, "to")?;
    let bucket = match q.bucket.as_deref() {
        None => Bucket::default(),
        Some(b) => Bucket::parse(b).ok_or_else(|| bad("'bucket' must be day, week or month"))?,
    };
    let window =
        StatisticsWindow::new(from, to, bucket, now_us()).map_err(|e| bad(&e.to_string()))?;
    let stats = state
        .vault
        .consent_statistics(&caller.caller(&rid), window)
        .await
        .map_err(|e| ApiError::from_service(e, &rid.0))?;
    Ok(HttpResponse::Ok().json(answer(&stats)))
}
