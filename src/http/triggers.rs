//! Marketing automation rules: `GET /v1/triggers` and `POST /v1/triggers/{name}/dry-run`.

use actix_web::{web, HttpResponse};
use serde_json::{json, Value};

use super::extract::{Authenticated, TriggerReaders};
use super::{AppState, RequestId};
use crate::error::ApiError;
use crate::policy::Trigger;

fn trigger_json(t: &Trigger) -> Value {
    json!({
        "name": t.name,
        "description": t.description,
        "purpose": t.purpose,
        "channel": t.channel.as_str(),
        "client": t.client,
        "after": t.after,
        "category": t.category,
        "unless": t.unless,
        "within_hours": t.within_hours,
        "enabled": t.enabled,
    })
}

pub async fn list(
    state: web::Data<AppState>,
    caller: Authenticated<TriggerReaders>,
    rid: RequestId,
) -> Result<HttpResponse, ApiError> {
    let triggers = state
        .vault
        .triggers_for(&caller.caller(&rid))
        .map_err(|e| ApiError::from_service(e, &rid.0))?;
    let triggers: Vec<Value> = triggers.into_iter().map(trigger_json).collect();
    Ok(HttpResponse::Ok().json(json!({ "triggers": triggers })))
}

pub async fn dry_run(
    state: web::Data<AppState>,
    caller: Authenticated<TriggerReaders>,
    rid: RequestId,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let run = state
        .vault
        .dry_run_trigger(&caller.caller(&rid), &path)
        .await
        .map_err(|e| ApiError::from_service(e, &rid.0))?;
    Ok(HttpResponse::Ok().json(json!({
        "trigger": run.trigger,
        "candidates": run.candidates,
        "would_reach": run.would_reach,
        "held_back": run.held_back,
    })))
}
