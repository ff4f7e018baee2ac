//! `GET /v1/subjects/{id}/export` (DPO, admin) and `GET /v1/me/export` (the customer):
//! everything held, as one JSON document streamed page by page (bounded memory).

use actix_web::web::Bytes;
use actix_web::{web, HttpResponse};
use serde_json::{json, Value};

use super::consents::record_json;
use super::extract::{Authenticated, DpoOrAdmin};
use super::format::rfc3339_us;
use super::subjects::data_json;
use super::{AppState, RequestId};
use crate::domain::SubjectId;
use crate::error::{ApiError, ErrorCode};
use crate::service::{Caller, ExportHead};

/// Events per streamed page.
const EXPORT_PAGE: i64 = 1_000;

/// The export without its events, as JSON.
fn head_json(state: &AppState, head: &ExportHead) -> Value {
    let policy = state.vault.policy();
    let purposes: Vec<Value> = policy
        .purposes()
        .map(|p| {
            let categories: std::collections::BTreeSet<&str> =
                p.fields.iter().map(|f| policy.category(*f)).collect();
            json!({
                "id": p.id,
                "description": p.description,
                "legal_basis": p.legal_basis.as_str(),
                "article": p.legal_basis.gdpr_article(),
                "fields": p.fields.iter().map(|f| f.name()).collect::<Vec<_>>(),
                "categories": categories,
                "event_types": p.event_types,
                "retention_days": p.retention_days,
            })
        })
        .collect();
    let recipients: Vec<Value> = head
        .recipients
        .iter()
        .map(|r| {
            json!({
                "client": r.client,
                "purposes": r.purposes,
                "fields": r.fields,
                "disclosures": r.reads,
                "last_at": rfc3339_us(r.last_read_us),
            })
        })
        .collect();
    json!({
        "subject": head.subject,
        "exported_at": rfc3339_us(crate::store::now_us()),
        "personal_data": data_json(&head.personal_data),
        "consents": head.consents.iter().map(record_json).collect::<Vec<_>>(),
        "objections": head.objections.iter().map(|o| json!({
            "scope": o.scope, "source": o.source, "recorded_at": rfc3339_us(o.recorded_at_us),
        })).collect::<Vec<_>>(),
        "restrictions": head.restrictions.iter().map(|r| json!({
            "restricted": r.restricted, "reason": r.reason, "recorded_at": rfc3339_us(r.recorded_at_us),
        })).collect::<Vec<_>>(),
        "processing": {
            "purposes": purposes,
            "recipients": recipients,
            "sources": head.sources,
        },
    })
}

struct Streaming {
    state: web::Data<AppState>,
    head: ExportHead,
    after: Option<(i64, uuid::Uuid)>,
    first_event: bool,
    done: bool,
}

/// Streams `head` followed by every event, closing the JSON document at the end.
pub(super) fn stream(state: web::Data<AppState>, head: ExportHead) -> HttpResponse {
    let mut prefix = head_json(&state, &head).to_string();
    // Reopen the object to append the events array.
    prefix.pop();
    prefix.push_str(",\"events\":[");
    let start =
        futures_util::stream::once(async move { Ok::<_, actix_web::Error>(Bytes::from(prefix)) });
    let pages = futures_util::stream::unfold(
        Streaming {
            state,
            head,
            after: None,
            first_event: true,
            done: false,
        },
        |mut st| async move {
            if st.done {
                return None;
            }
            let page = match st
                .state
                .vault
                .export_events(&st.head, st.after, EXPORT_PAGE)
                .await
            {
                Ok(p) => p,
                Err(e) => {
                    tracing::error!(error = %e, "export stream failed");
                    st.done = true;
                    return Some((
                        Err(actix_web::error::ErrorInternalServerError("export failed")),
                        st,
                    ));
                }
            };
            let mut chunk = String::new();
            for r in &page {
                if !st.first_event {
                    chunk.push(',');
                }
                st.first_event = false;
                let ev = json!({
                    "event_id": r.id,
                    "id": r.client_event_id,
                    "source": r.source_client,
                    "type": r.event_type,
                    "channel": r.channel,
                    "occurred_at": rfc3339_us(r.occurred_at_us),
                    "received_at": rfc3339_us(r.received_at_us),
                    "properties": serde_json::from_str::<Value>(&r.properties).unwrap_or_else(|_| json!({})),
                });
                chunk.push_str(&ev.to_string());
            }
            st.after = page.last().map(|r| (r.occurred_at_us, r.id));
            if (page.len() as i64) < EXPORT_PAGE {
                st.done = true;
                chunk.push_str("]}");
            }
            Some((Ok(Bytes::from(chunk)), st))
        },
    );
    use futures_util::StreamExt as _;
    HttpResponse::Ok()
        .content_type("application/json")
        .streaming(start.chain(pages))
}

pub async fn export_subject(
    state: web::Data<AppState>,
    caller: Authenticated<DpoOrAdmin>,
    rid: RequestId,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id: SubjectId = path.parse().map_err(|_| {
        ApiError::new(ErrorCode::InvalidRequest, "the subject id must be a UUID")
            .with_request_id(&rid.0)
    })?;
    let caller = Caller {
        principal: &caller.principal,
        request_id: &rid.0,
    };
    let head = state
        .vault
        .export(&caller, id)
        .await
        .map_err(|e| ApiError::from_service(e, &rid.0))?;
    Ok(stream(state, head))
}
