//! `GET /v1/purposes`: what the policy says in public about every purpose — what it is for,
//! its legal basis, what it sees, how long it keeps data, how consent is asked and whether an
//! objection stops it. The privacy centre draws its switches from it; any role may read it,
//! and it holds no personal data, so it is not audited.

use actix_web::{web, HttpResponse};
use serde_json::{json, Value};

use super::extract::{Anyone, Authenticated};
use super::AppState;
use crate::policy::{Policy, Purpose};

/// How the customer can say no to a purpose: withdraw a consent, or object (Art. 21).
fn say_no(purpose: &Purpose) -> &'static str {
    if purpose.requires_consent() {
        "withdraw_consent"
    } else if purpose.stopped_by_objection() {
        "object"
    } else if purpose.open_to_objection() {
        // The objection stops it until a DPO documents compelling grounds (Art. 21(1)).
        "object_subject_to_assessment"
    } else {
        "none"
    }
}

fn consent_json(policy: &Policy, purpose: &Purpose) -> Value {
    if !purpose.requires_consent() {
        return Value::Null;
    }
    let notice = purpose
        .notice_version
        .as_deref()
        .and_then(|v| policy.notice(v));
    json!({
        "notice_version": purpose.notice_version,
        "notice_url": notice.map(|n| n.url.as_str()),
        "required_evidence": purpose.required_evidence,
        "reconsent_required": purpose.reconsent_required,
    })
}

fn purpose_json(policy: &Policy, purpose: &Purpose) -> Value {
    json!({
        "id": purpose.id,
        "description": purpose.description,
        "legal_basis": purpose.legal_basis.as_str(),
        "article": purpose.legal_basis.gdpr_article(),
        "fields": purpose.fields.iter().map(|f| f.name()).collect::<Vec<_>>(),
        "event_types": purpose.event_types,
        "retention_days": purpose.retention_days,
        "retention_from_year_end": purpose.retention_from_year_end,
        "direct_marketing": purpose.direct_marketing,
        "profiling": purpose.profiling,
        "say_no": say_no(purpose),
        "consent": consent_json(policy, purpose),
    })
}

pub async fn list(state: web::Data<AppState>, _caller: Authenticated<Anyone>) -> HttpResponse {
    let policy = state.vault.policy();
    let controller = policy.controller();
    let purposes: Vec<Value> = policy.purposes().map(|p| purpose_json(policy, p)).collect();
    HttpResponse::Ok().json(json!({
        "controller": {
            "name": controller.name,
            "country": controller.country,
            "withdraw_url": controller.withdraw_url,
        },
        "purposes": purposes,
    }))
}
