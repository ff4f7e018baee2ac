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
use crate::error::ApiError;
use crate::service::csv_text::{csv_into, csv_table};
use crate::service::{ExportHead, RecipientEntry, TransferEntry};

/// Art. 15(1)(e)-(f): the rights the data subject has, and where to exercise them.
const RIGHTS: [&str; 6] = [
    "rectification (Art. 16): PATCH /v1/me",
    "erasure (Art. 17): DELETE /v1/me",
    "restriction of processing (Art. 18): POST /v1/me/restriction",
    "objection (Art. 21): POST /v1/me/objections",
    "withdrawal of consent at any time (Art. 7(3)): PUT /v1/me/consents/{purpose}",
    "a complaint to a supervisory authority (Art. 77), e.g. the one of your member state",
];

/// Events per streamed page.
const EXPORT_PAGE: i64 = 1_000;

/// The export without its events, as JSON.
fn head_json(state: &AppState, head: &ExportHead) -> Value {
    let policy = state.vault.policy();
    // Only the purposes that apply to the subject (Art. 15(1)(a)).
    let purposes: Vec<Value> = policy
        .purposes()
        .filter(|p| head.applicable_purposes.contains(p.id.as_str()))
        .map(|p| {
            let categories = policy.field_categories(p);
            json!({
                "id": p.id,
                "description": p.description,
                "legal_basis": p.legal_basis.as_str(),
                "article": p.legal_basis.gdpr_article(),
                "fields": p.fields.iter().map(|f| f.name()).collect::<Vec<_>>(),
                "categories": categories,
                "event_types": p.event_types,
                "retention_days": p.retention_days,
                "retention_from_year_end": p.retention_from_year_end,
            })
        })
        .collect();
    // Who each recipient is: the same entry as in the records of processing, with what this
    // subject's data it received.
    let recipients: Vec<Value> = head
        .recipients
        .iter()
        .map(|r| {
            let mut entry = json!(RecipientEntry::of(
                &r.client,
                &policy.recipient_info(&r.client)
            ));
            if let Value::Object(map) = &mut entry {
                map.insert("purposes".into(), json!(r.purposes));
                map.insert("fields".into(), json!(r.fields));
                map.insert("disclosures".into(), json!(r.reads));
                map.insert("last_at".into(), json!(rfc3339_us(r.last_read_us)));
            }
            entry
        })
        .collect();
    // Art. 15(2): recipients outside the EEA, with the safeguard of the transfer.
    let transfers: Vec<Value> = head
        .recipients
        .iter()
        .filter_map(|r| TransferEntry::of(&r.client, &policy.recipient_info(&r.client)))
        .map(|t| json!(t))
        .collect();
    let disclosures: Vec<Value> = head
        .disclosures
        .iter()
        .map(|d| {
            json!({
                "at": rfc3339_us(d.at_us),
                "client": d.client,
                "purpose": d.purpose,
                "fields": d.fields,
            })
        })
        .collect();
    let profiling: Vec<&str> = policy
        .purposes()
        .filter(|p| p.profiling && head.applicable_purposes.contains(p.id.as_str()))
        .map(|p| p.id.as_str())
        .collect();
    let inferred = json!({
        "rfm": head.inferred.rfm.as_ref().map(|(rfm, days)| json!({
            "recency_days": days,
            "r": rfm.r, "f": rfm.f, "m": rfm.m,
            "segment": rfm.segment(),
        })),
    });
    json!({
        "subject": head.subject,
        "exported_at": rfc3339_us(super::format::now_us()),
        "personal_data": data_json(&head.personal_data),
        "consents": head.consents.iter().map(record_json).collect::<Vec<_>>(),
        "objections": head.objections.iter().map(|o| json!({
            "scope": o.scope, "withdrawn": o.withdrawn, "source": o.source,
            "recorded_at": rfc3339_us(o.recorded_at_us),
        })).collect::<Vec<_>>(),
        "restrictions": head.restrictions.iter().map(|r| json!({
            "restricted": r.restricted, "reason": r.reason, "recorded_at": rfc3339_us(r.recorded_at_us),
        })).collect::<Vec<_>>(),
        "inferred": inferred,
        "contact": {
            "preferences": head.preferences.as_ref().map(|p| {
                serde_json::from_str::<Value>(&p.to_document()).unwrap_or(Value::Null)
            }),
            "suppressions": head.suppressions.iter().map(|s| json!({
                "channel": s.channel, "cause": s.cause, "since": rfc3339_us(s.since_us),
            })).collect::<Vec<_>>(),
        },
        "processing": {
            "purposes": purposes,
            "recipients": recipients,
            "disclosures": disclosures,
            "transfers": transfers,
            "sources": head.sources,
            "automated_decisions": {
                "profiling_purposes": profiling,
                "significant_effects": false,
                "logic": "RFM scores (recency, frequency and monetary value of purchases) \
                    select customers for offers; no decision with legal or similarly \
                    significant effect is taken by automated means alone (Art. 22).",
            },
            "rights": RIGHTS,
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
    req: actix_web::HttpRequest,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = super::format::subject_path(&path, &rid.0)?;
    let caller = caller.caller(&rid);
    let head = state
        .vault
        .export(&caller, id)
        .await
        .map_err(|e| ApiError::from_service(e, &rid.0))?;
    Ok(if wants_csv(&req) {
        stream_csv(state, head)
    } else {
        stream(state, head)
    })
}

/// One part of a `multipart/mixed` answer.
fn part(boundary: &str, filename: &str, body: &str) -> String {
    format!(
        "--{boundary}\r\nContent-Type: text/csv; charset=utf-8\r\n\
         Content-Disposition: attachment; filename=\"{filename}\"\r\n\r\n{body}\r\n"
    )
}

fn text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

/// The export as `multipart/mixed`: one CSV per table (personal data, consents, objections,
/// restrictions, recipients, purposes, events), each of which a spreadsheet opens. Events are
/// streamed a page at a time like the JSON export.
pub(super) fn stream_csv(state: web::Data<AppState>, head: ExportHead) -> HttpResponse {
    let boundary = format!("custodia-export-{}", uuid::Uuid::new_v4().simple());
    let doc = head_json(&state, &head);
    let mut personal = Vec::new();
    if let Value::Object(map) = &doc["personal_data"] {
        for (k, v) in map {
            match (k.as_str(), v) {
                ("address", Value::Object(a)) => {
                    for (sub, sv) in a {
                        personal.push(vec![format!("address.{sub}"), text(sv)]);
                    }
                }
                ("identifiers", Value::Array(ids)) => {
                    for i in ids {
                        personal.push(vec![
                            format!("identifiers.{}", text(&i["type"])),
                            text(&i["value"]),
                        ]);
                    }
                }
                _ => personal.push(vec![k.clone(), text(v)]),
            }
        }
    }
    let rows = |key: &str, cols: &[&str]| -> Vec<Vec<String>> {
        doc[key]
            .as_array()
            .map(|list| {
                list.iter()
                    .map(|r| cols.iter().map(|c| text(&r[*c])).collect())
                    .collect()
            })
            .unwrap_or_default()
    };
    let consent_cols = [
        "id",
        "purpose",
        "status",
        "legal_basis",
        "source",
        "collected_at",
        "recorded_at",
        "policy_version",
        "expires_at",
        "operator_id",
        "recorded_by",
    ];
    let mut head_text = String::new();
    head_text.push_str(&part(
        &boundary,
        "personal_data.csv",
        &csv_table(&["field", "value"], personal),
    ));
    head_text.push_str(&part(
        &boundary,
        "consents.csv",
        &csv_table(&consent_cols, rows("consents", &consent_cols)),
    ));
    head_text.push_str(&part(
        &boundary,
        "objections.csv",
        &csv_table(
            &["scope", "withdrawn", "source", "recorded_at"],
            rows(
                "objections",
                &["scope", "withdrawn", "source", "recorded_at"],
            ),
        ),
    ));
    head_text.push_str(&part(
        &boundary,
        "restrictions.csv",
        &csv_table(
            &["restricted", "reason", "recorded_at"],
            rows("restrictions", &["restricted", "reason", "recorded_at"]),
        ),
    ));
    let recipients = doc["processing"]["recipients"]
        .as_array()
        .map(|l| {
            l.iter()
                .map(|r| {
                    vec![
                        text(&r["client"]),
                        text(&r["name"]),
                        text(&r["recipient"]),
                        text(&r["country"]),
                        r["purposes"].to_string(),
                        r["fields"].to_string(),
                        text(&r["disclosures"]),
                        text(&r["last_at"]),
                    ]
                })
                .collect::<Vec<_>>()
        })
        .unwrap_or_default();
    head_text.push_str(&part(
        &boundary,
        "recipients.csv",
        &csv_table(
            &[
                "client",
                "name",
                "recipient",
                "country",
                "purposes",
                "fields",
                "disclosures",
                "last_at",
            ],
            recipients,
        ),
    ));
    let disclosures = doc["processing"]["disclosures"]
        .as_array()
        .map(|l| {
            l.iter()
                .map(|d| {
                    vec![
                        text(&d["at"]),
                        text(&d["client"]),
                        text(&d["purpose"]),
                        d["fields"].to_string(),
                    ]
                })
                .collect::<Vec<_>>()
        })
        .unwrap_or_default();
    head_text.push_str(&part(
        &boundary,
        "disclosures.csv",
        &csv_table(&["at", "client", "purpose", "fields"], disclosures),
    ));
    let transfers = doc["processing"]["transfers"]
        .as_array()
        .map(|l| {
            l.iter()
                .map(|t| {
                    ["client", "name", "country", "safeguard"]
                        .iter()
                        .map(|k| text(&t[*k]))
                        .collect()
                })
                .collect::<Vec<_>>()
        })
        .unwrap_or_default();
    head_text.push_str(&part(
        &boundary,
        "transfers.csv",
        &csv_table(&["client", "name", "country", "safeguard"], transfers),
    ));
    let purposes = doc["processing"]["purposes"]
        .as_array()
        .map(|l| {
            l.iter()
                .map(|p| {
                    vec![
                        text(&p["id"]),
                        text(&p["description"]),
                        text(&p["legal_basis"]),
                        text(&p["article"]),
                        p["fields"].to_string(),
                        text(&p["retention_days"]),
                    ]
                })
                .collect::<Vec<_>>()
        })
        .unwrap_or_default();
    head_text.push_str(&part(
        &boundary,
        "purposes.csv",
        &csv_table(
            &[
                "purpose",
                "description",
                "legal_basis",
                "article",
                "fields",
                "retention_days",
            ],
            purposes,
        ),
    ));
    head_text.push_str(&format!(
        "--{boundary}\r\nContent-Type: text/csv; charset=utf-8\r\n\
         Content-Disposition: attachment; filename=\"events.csv\"\r\n\r\n"
    ));
    head_text.push_str(&csv_table(
        &[
            "event_id",
            "id",
            "source",
            "type",
            "channel",
            "occurred_at",
            "received_at",
            "properties",
        ],
        Vec::new(),
    ));
    let closing = format!("\r\n--{boundary}--\r\n");
    let start =
        futures_util::stream::once(
            async move { Ok::<_, actix_web::Error>(Bytes::from(head_text)) },
        );
    let pages = futures_util::stream::unfold(
        (state, head, None::<(i64, uuid::Uuid)>, false, closing),
        |(state, head, after, done, closing)| async move {
            if done {
                return None;
            }
            let page = match state.vault.export_events(&head, after, EXPORT_PAGE).await {
                Ok(p) => p,
                Err(e) => {
                    tracing::error!(error = %e, "csv export stream failed");
                    return Some((
                        Err(actix_web::error::ErrorInternalServerError("export failed")),
                        (state, head, after, true, closing),
                    ));
                }
            };
            let rows = page.iter().map(|r| {
                vec![
                    r.id.to_string(),
                    r.client_event_id.clone(),
                    r.source_client.clone(),
                    r.event_type.clone(),
                    r.channel.clone(),
                    rfc3339_us(r.occurred_at_us),
                    rfc3339_us(r.received_at_us),
                    r.properties.clone(),
                ]
            });
            let mut chunk = csv_into(csv::Writer::from_writer(Vec::new()), rows);
            let next = page.last().map(|r| (r.occurred_at_us, r.id));
            let finished = (page.len() as i64) < EXPORT_PAGE;
            if finished {
                chunk.push_str(&closing);
            }
            Some((
                Ok(Bytes::from(chunk)),
                (state, head, next, finished, closing),
            ))
        },
    );
    use futures_util::StreamExt as _;
    HttpResponse::Ok()
        .content_type(format!("multipart/mixed; boundary={boundary}"))
        .streaming(start.chain(pages))
}

/// Whether the client asked for CSV (`Accept: text/csv`).
pub(super) fn wants_csv(req: &actix_web::HttpRequest) -> bool {
    req.headers()
        .get(actix_web::http::header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("text/csv"))
}
