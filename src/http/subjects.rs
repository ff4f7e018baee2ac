//! `/v1/subjects`: create, read for a purpose, look up by identifier.

use actix_web::{web, HttpResponse};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::extract::{Authenticated, Clients, DpoOrAdmin, PurposeHeader, Stewards, Writers};
use super::{AppState, RequestId};
use crate::domain::{
    Field, FieldError, NewSubject, PersonalField, RawAddress, RawSubject, Role, SubjectId,
};
use crate::error::{ApiError, ErrorCode};
use crate::service::{
    BulkOptions, BulkOutcome, BulkSubject, Caller, Holder, LinkOutcome, Rectification,
    SubjectDocument, MAX_SUBJECTS_PER_BATCH,
};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AddressBody {
    line1: Option<String>,
    line2: Option<String>,
    postal_code: Option<String>,
    city: Option<String>,
    country: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IdentifierBody {
    #[serde(rename = "type")]
    kind: String,
    value: String,
}

/// `POST /v1/subjects` body. Unknown fields are refused, never silently dropped.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CreateSubjectBody {
    email: Option<String>,
    phone: Option<String>,
    first_name: Option<String>,
    last_name: Option<String>,
    birth_date: Option<String>,
    language: Option<String>,
    address: Option<AddressBody>,
    #[serde(default)]
    identifiers: Vec<IdentifierBody>,
}

impl CreateSubjectBody {
    /// The body as the domain's raw input, for `NewSubject::parse`.
    pub fn raw(&self) -> RawSubject<'_> {
        RawSubject {
            email: self.email.as_deref(),
            phone: self.phone.as_deref(),
            first_name: self.first_name.as_deref(),
            last_name: self.last_name.as_deref(),
            birth_date: self.birth_date.as_deref(),
            language: self.language.as_deref(),
            address: self.address.as_ref().map(|a| RawAddress {
                line1: a.line1.as_deref(),
                line2: a.line2.as_deref(),
                postal_code: a.postal_code.as_deref(),
                city: a.city.as_deref(),
                country: a.country.as_deref(),
            }),
            identifiers: self
                .identifiers
                .iter()
                .map(|i| (i.kind.as_str(), i.value.as_str()))
                .collect(),
        }
    }
}

#[derive(Serialize)]
struct Created {
    id: SubjectId,
    /// `matches_erased_identifier`: an identifier belonged to an erased customer.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    flags: Vec<&'static str>,
}

/// The `flags` of an answer: `matches_erased_identifier` when the subject carries (now, or
/// since an earlier change) an identifier of an erased customer.
fn flags(flagged: bool) -> Vec<&'static str> {
    if flagged {
        vec!["matches_erased_identifier"]
    } else {
        Vec::new()
    }
}

/// [`flags`] for a subject, told to operators and DPOs only: neither a client (a CRM must not
/// learn that a new customer shares an address with an erased one, Recital 26) nor the
/// customer on `/v1/me` is told.
async fn flags_for(
    state: &AppState,
    principal: &crate::auth::Principal,
    id: &SubjectId,
    rid: &RequestId,
) -> Result<Vec<&'static str>, ApiError> {
    if !matches!(principal.role, Role::Admin | Role::Dpo) {
        return Ok(Vec::new());
    }
    let flagged = state
        .vault
        .matches_erased_identifier(id)
        .await
        .map_err(|e| ApiError::from_service(e, &rid.0))?;
    Ok(flags(flagged))
}

pub async fn create(
    state: web::Data<AppState>,
    caller: Authenticated<Writers>,
    rid: RequestId,
    body: web::Json<CreateSubjectBody>,
) -> Result<HttpResponse, ApiError> {
    let today = time::OffsetDateTime::now_utc().date();
    let subject = NewSubject::parse(&body.raw(), today).map_err(|errors| {
        ApiError::from_service(crate::service::ServiceError::Invalid(errors), &rid.0)
    })?;
    let caller = caller.caller(&rid);
    let id = state
        .vault
        .create_subject(&caller, subject)
        .await
        .map_err(|e| ApiError::from_service(e, &rid.0))?;
    let flags = flags_for(&state, caller.principal, &id, &rid).await?;
    Ok(HttpResponse::Created()
        .insert_header(("Location", format!("/v1/subjects/{id}")))
        .json(Created { id, flags }))
}

/// `POST /v1/subjects:batch` body: each item is a `POST /v1/subjects` body, checked on its own
/// (an item that is not one is rejected in its place, not the request).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SubjectBatchBody {
    subjects: Vec<Value>,
}

/// One item of a batch as the domain's input, or why it is refused.
fn batch_subject(value: Value, today: time::Date) -> Result<BulkSubject, Vec<FieldError>> {
    let body: CreateSubjectBody = serde_json::from_value(value).map_err(|_| {
        vec![FieldError::new(
            "",
            "not a subject: an object with the properties of a POST /v1/subjects body",
        )]
    })?;
    let subject = NewSubject::parse(&body.raw(), today)?;
    Ok(BulkSubject {
        subject,
        consents: Vec::new(),
    })
}

fn field_errors(errors: &[FieldError]) -> Vec<Value> {
    errors
        .iter()
        .map(|e| serde_json::json!({"field": e.field, "message": e.message}))
        .collect()
}

/// `POST /v1/subjects:batch`: up to 1,000 subjects in one transaction, one result per item
/// (`created`, `duplicate` or `rejected`), each as `POST /v1/subjects` would have decided it.
pub async fn create_batch(
    state: web::Data<AppState>,
    caller: Authenticated<Writers>,
    rid: RequestId,
    body: web::Json<SubjectBatchBody>,
) -> Result<HttpResponse, ApiError> {
    let items = body.into_inner().subjects;
    if items.is_empty() || items.len() > MAX_SUBJECTS_PER_BATCH {
        return Err(ApiError::new(
            ErrorCode::InvalidRequest,
            format!("'subjects' must hold 1 to {MAX_SUBJECTS_PER_BATCH} subjects"),
        )
        .with_request_id(&rid.0));
    }
    // Each item costs one request of the caller's rate limit, as a POST /v1/subjects would
    // (a duplicate tells that an identifier is held: a batch must not make that cheaper).
    if let Some(extra) = u32::try_from(items.len().saturating_sub(1))
        .ok()
        .and_then(std::num::NonZeroU32::new)
    {
        state
            .rate_limits
            .check_n(&caller.principal, extra)
            .map_err(|wait| {
                ApiError::new(
                    ErrorCode::TooManyRequests,
                    "too many subjects for the rate limit; retry after the time in Retry-After",
                )
                .with_retry_after(wait)
                .with_request_id(&rid.0)
            })?;
    }
    let today = time::OffsetDateTime::now_utc().date();
    // Parse every item first; a malformed one is rejected at its index.
    let mut parsed = Vec::with_capacity(items.len());
    let mut early: Vec<Option<Vec<FieldError>>> = Vec::with_capacity(items.len());
    for value in items {
        match batch_subject(value, today) {
            Ok(item) => {
                parsed.push(item);
                early.push(None);
            }
            Err(errors) => early.push(Some(errors)),
        }
    }
    let caller = caller.caller(&rid);
    let mut done = state
        .vault
        .create_subjects(&caller, parsed, BulkOptions::api())
        .await
        .map_err(|e| ApiError::from_service(e, &rid.0))?
        .into_iter();
    // Flags are told to operators only, as on a single creation.
    let tell_flags = matches!(caller.principal.role, Role::Admin | Role::Dpo);
    let (mut created, mut duplicates, mut rejected) = (0, 0, 0);
    let results: Vec<Value> = early
        .into_iter()
        .map(|e| e.map(BulkOutcome::Rejected).or_else(|| done.next()))
        .enumerate()
        .map(|(index, outcome)| match outcome {
            Some(BulkOutcome::Created { id, flagged, .. }) => {
                created += 1;
                let mut r = serde_json::json!({"index": index, "status": "created", "id": id});
                if tell_flags && flagged {
                    r["flags"] = serde_json::json!(flags(true));
                }
                r
            }
            Some(BulkOutcome::Duplicate { kind, holder }) => {
                duplicates += 1;
                // Never the holder's id: as a 409 on a single creation, a duplicate says
                // that the identifier is held, not by whom.
                let mut r = serde_json::json!({
                    "index": index, "status": "duplicate", "reason": "identifier_taken",
                    "identifier_type": kind.name(),
                });
                if let Holder::Earlier(j) = holder {
                    r["duplicate_of"] = serde_json::json!(j);
                }
                r
            }
            Some(BulkOutcome::Rejected(errors)) => {
                rejected += 1;
                serde_json::json!({"index": index, "status": "rejected",
                    "reason": "validation_failed", "errors": field_errors(&errors)})
            }
            // No consents in an API batch, no stop, no dry run: not reached.
            Some(_) | None => {
                rejected += 1;
                serde_json::json!({"index": index, "status": "rejected",
                    "reason": "validation_failed", "errors": []})
            }
        })
        .collect();
    Ok(HttpResponse::Ok().json(serde_json::json!({
        "created": created,
        "duplicates": duplicates,
        "rejected": rejected,
        "results": results,
    })))
}

pub async fn read(
    state: web::Data<AppState>,
    caller: Authenticated<Clients>,
    rid: RequestId,
    purpose: PurposeHeader,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = super::format::subject_path(&path, &rid.0)?;
    let caller = caller.caller(&rid);
    let doc = state
        .vault
        .read_subject(&caller, purpose.0.as_deref(), id)
        .await
        .map_err(|e| ApiError::from_service(e, &rid.0))?;
    Ok(HttpResponse::Ok().json(document_json(&doc)))
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LookupQuery {
    #[serde(rename = "type")]
    kind: String,
    value: String,
}

pub async fn lookup(
    state: web::Data<AppState>,
    caller: Authenticated<Clients>,
    rid: RequestId,
    purpose: PurposeHeader,
    query: web::Query<LookupQuery>,
) -> Result<HttpResponse, ApiError> {
    let caller = caller.caller(&rid);
    let doc = state
        .vault
        .lookup_subject(&caller, purpose.0.as_deref(), &query.kind, &query.value)
        .await
        .map_err(|e| ApiError::from_service(e, &rid.0))?;
    Ok(HttpResponse::Ok().json(document_json(&doc)))
}

/// Personal fields as an API document: address parts under `address`, identifiers as a list
/// of `{type, value}`.
pub(super) fn data_json(fields: &[(Field, crate::service::FieldValue)]) -> Value {
    let mut data = Map::new();
    let mut address = Map::new();
    let mut identifiers = Vec::new();
    for (field, value) in fields {
        let value = Value::String(value.expose().clone());
        match field {
            Field::Personal(p) => match p.address_key() {
                Some(key) => {
                    address.insert(key.to_owned(), value);
                }
                None => {
                    data.insert(p.name().to_owned(), value);
                }
            },
            Field::Identifiers(kind) => {
                identifiers.push(serde_json::json!({ "type": kind.name(), "value": value }));
            }
        }
    }
    if !address.is_empty() {
        data.insert("address".into(), Value::Object(address));
    }
    if !identifiers.is_empty() {
        data.insert("identifiers".into(), Value::Array(identifiers));
    }
    Value::Object(data)
}

/// `{id, purpose, data{…}, withheld[{field, reason}]}`.
pub(super) fn document_json(doc: &SubjectDocument) -> Value {
    let data = data_json(&doc.data);
    let withheld: Vec<Value> = doc
        .withheld
        .iter()
        .map(|w| serde_json::json!({ "field": w.field.name(), "reason": w.reason.as_str() }))
        .collect();
    serde_json::json!({
        "id": doc.id,
        "purpose": doc.purpose,
        "data": data,
        "withheld": withheld,
    })
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LinkBody {
    #[serde(rename = "type")]
    kind: String,
    value: String,
}

/// `POST /v1/subjects/{id}/identifiers`: link a channel identifier to the customer.
pub async fn link_identifier(
    state: web::Data<AppState>,
    caller: Authenticated<Stewards>,
    rid: RequestId,
    path: web::Path<String>,
    body: web::Json<LinkBody>,
) -> Result<HttpResponse, ApiError> {
    let id = super::format::subject_path(&path, &rid.0)?;
    let caller = caller.caller(&rid);
    let outcome = state
        .vault
        .link_identifier(&caller, id, &body.kind, &body.value)
        .await
        .map_err(|e| ApiError::from_service(e, &rid.0))?;
    let (status, mut body) = match outcome {
        LinkOutcome::Added => (201, serde_json::json!({"id": id, "result": "added"})),
        LinkOutcome::AlreadyLinked => (
            200,
            serde_json::json!({"id": id, "result": "already_linked"}),
        ),
        LinkOutcome::Absorbed {
            merge_id,
            events_moved,
        } => (
            201,
            serde_json::json!({"id": id, "result": "absorbed_anonymous_subject",
                "merge_id": merge_id, "events_moved": events_moved}),
        ),
    };
    let flags = flags_for(&state, caller.principal, &id, &rid).await?;
    if !flags.is_empty() {
        body["flags"] = serde_json::json!(flags);
    }
    Ok(
        HttpResponse::build(actix_web::http::StatusCode::from_u16(status).unwrap_or_default())
            .json(body),
    )
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MergeBody {
    other: String,
}

/// `POST /v1/subjects/{id}/merge`: merge `other` into this subject.
pub async fn merge(
    state: web::Data<AppState>,
    caller: Authenticated<Stewards>,
    rid: RequestId,
    path: web::Path<String>,
    body: web::Json<MergeBody>,
) -> Result<HttpResponse, ApiError> {
    let bad = || {
        ApiError::new(ErrorCode::InvalidRequest, "subject ids must be UUIDs")
            .with_request_id(&rid.0)
    };
    let target: SubjectId = path.parse().map_err(|_| bad())?;
    let source: SubjectId = body.other.parse().map_err(|_| bad())?;
    let caller = caller.caller(&rid);
    let r = state
        .vault
        .merge_subjects(&caller, target, source)
        .await
        .map_err(|e| ApiError::from_service(e, &rid.0))?;
    Ok(HttpResponse::Ok().json(serde_json::json!({
        "merge_id": r.merge_id,
        "target": target,
        "source": source,
        "copied_fields": r.copied_fields,
        "identifiers_moved": r.identifiers_moved,
        "events_moved": r.events_moved,
        "consents_changed": r.consents_changed,
    })))
}

/// `POST /v1/merges/{id}/undo`.
pub async fn undo_merge(
    state: web::Data<AppState>,
    caller: Authenticated<Stewards>,
    rid: RequestId,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = path.into_inner();
    if uuid::Uuid::parse_str(&id).is_err() {
        return Err(
            ApiError::new(ErrorCode::InvalidRequest, "the merge id must be a UUID")
                .with_request_id(&rid.0),
        );
    }
    let caller = caller.caller(&rid);
    let undone = state
        .vault
        .undo_merge(&caller, &id)
        .await
        .map_err(|e| ApiError::from_service(e, &rid.0))?;
    Ok(HttpResponse::Ok().json(serde_json::json!({
        "merge_id": id,
        "undone": true,
        "consents_not_restored": undone.consents_not_restored,
        "refusals_copied_to_source": undone.refusals_copied_to_source,
    })))
}

/// `DELETE /v1/subjects/{id}`: erasure (Art. 17); answers the erasure receipt.
pub async fn erase(
    state: web::Data<AppState>,
    caller: Authenticated<DpoOrAdmin>,
    rid: RequestId,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = super::format::subject_path(&path, &rid.0)?;
    let caller = caller.caller(&rid);
    let receipt = state
        .vault
        .erase_subject(&caller, id)
        .await
        .map_err(|e| ApiError::from_service(e, &rid.0))?;
    Ok(HttpResponse::Ok().json(receipt))
}

/// Parses a PATCH body: a value sets a field (validated as on creation), `null` clears it.
/// Identifiers are linked through their own route.
fn rectification(body: &Map<String, Value>) -> Result<Rectification, Vec<FieldError>> {
    let (values, clear, mut errors) = rectification_values(body);
    let raw = patch_raw(&values);
    let set = NewSubject::parse(&raw, time::OffsetDateTime::now_utc().date()).map_err(|mut e| {
        e.append(&mut errors);
        e
    });
    match set {
        Ok(set) if errors.is_empty() => Ok(Rectification { set, clear }),
        Ok(_) => Err(errors),
        Err(e) => Err(e),
    }
}

/// A PATCH body's values to set, fields to clear, and the errors found before the values are
/// parsed (wrong JSON types, unknown keys).
#[allow(clippy::type_complexity)]
pub fn rectification_values(
    body: &Map<String, Value>,
) -> (
    Vec<(PersonalField, String)>,
    Vec<PersonalField>,
    Vec<FieldError>,
) {
    let mut errors = Vec::new();
    let mut clear = Vec::new();
    let mut values: Vec<(PersonalField, String)> = Vec::new();
    // A value sets, null clears, anything else is an error.
    let mut take =
        |field: PersonalField, v: &Value, pointer: String, errors: &mut Vec<FieldError>| match v {
            Value::Null => clear.push(field),
            Value::String(s) => values.push((field, s.clone())),
            _ => errors.push(FieldError::new(
                pointer,
                "must be a string, or null to clear it",
            )),
        };
    for (key, v) in body {
        if key == "address" {
            let Value::Object(a) = v else {
                errors.push(FieldError::new("/address", "must be an object"));
                continue;
            };
            for (sub, sv) in a {
                let name = format!("address.{sub}");
                match PersonalField::ALL.into_iter().find(|f| f.name() == name) {
                    Some(f) => take(f, sv, format!("/address/{sub}"), &mut errors),
                    None => errors.push(FieldError::new("/address", "has an unknown key")),
                }
            }
            continue;
        }
        match PersonalField::ALL
            .into_iter()
            .find(|f| f.name() == key && f.address_key().is_none())
        {
            Some(f) => take(f, v, format!("/{key}"), &mut errors),
            None if key == "identifiers" => errors.push(FieldError::new(
                "/identifiers",
                "identifiers are linked with POST /v1/subjects/{id}/identifiers",
            )),
            None => errors.push(FieldError::new("", "the body has an unknown key")),
        }
    }
    (values, clear, errors)
}

/// The raw subject a PATCH body's values make (no identifiers: they have their own route).
pub fn patch_raw(values: &[(PersonalField, String)]) -> RawSubject<'_> {
    let get = |f: PersonalField| {
        values
            .iter()
            .find(|(g, _)| *g == f)
            .map(|(_, s)| s.as_str())
    };
    let address_keys = PersonalField::ADDRESS.iter().any(|f| get(*f).is_some());
    RawSubject {
        email: get(PersonalField::Email),
        phone: get(PersonalField::Phone),
        first_name: get(PersonalField::FirstName),
        last_name: get(PersonalField::LastName),
        birth_date: get(PersonalField::BirthDate),
        language: get(PersonalField::Language),
        address: address_keys.then(|| RawAddress {
            line1: get(PersonalField::AddressLine1),
            line2: get(PersonalField::AddressLine2),
            postal_code: get(PersonalField::PostalCode),
            city: get(PersonalField::City),
            country: get(PersonalField::Country),
        }),
        identifiers: Vec::new(),
    }
}

/// `PATCH /v1/subjects/{id}`: rectification (Art. 16).
pub async fn rectify(
    state: web::Data<AppState>,
    caller: Authenticated<Writers>,
    rid: RequestId,
    path: web::Path<String>,
    body: web::Json<Map<String, Value>>,
) -> Result<HttpResponse, ApiError> {
    let id = super::format::subject_path(&path, &rid.0)?;
    rectify_subject(&state, &caller.principal, &rid, id, &body).await
}

pub(super) async fn rectify_subject(
    state: &AppState,
    principal: &crate::auth::Principal,
    rid: &RequestId,
    id: SubjectId,
    body: &Map<String, Value>,
) -> Result<HttpResponse, ApiError> {
    let change = rectification(body)
        .map_err(|e| ApiError::from_service(crate::service::ServiceError::Invalid(e), &rid.0))?;
    let caller = Caller {
        principal,
        request_id: &rid.0,
    };
    let changed = state
        .vault
        .rectify(&caller, id, change)
        .await
        .map_err(|e| ApiError::from_service(e, &rid.0))?;
    let mut body = serde_json::json!({ "id": id, "changed": changed });
    let flags = flags_for(state, principal, &id, rid).await?;
    if !flags.is_empty() {
        body["flags"] = serde_json::json!(flags);
    }
    Ok(HttpResponse::Ok().json(body))
}
