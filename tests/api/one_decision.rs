//! One decision covers every read: for each read path of personal or behavioural data, a
//! read that the customer's consent allows answers with data; once the consent is withdrawn
//! (or the customer objects, or processing is restricted) the very next read is denied, and
//! the audit log holds that denial with its real reason.
//!
//! Paths: the read by id, the look-up (which hides a denial as "not found"), the profile, the
//! events read and segment membership.

use custodia::domain::Role;
use serde_json::{json, Value};

use crate::helpers::{both_engines, jane, Reply, TestApp};
use crate::merge::now;

both_engines!(
    read_by_id_is_denied_after_withdrawal,
    lookup_hides_the_subject_after_withdrawal,
    profile_is_denied_after_withdrawal,
    events_read_is_denied_after_withdrawal,
    segment_leaves_out_a_member_after_withdrawal,
    read_by_id_is_denied_after_objection,
    segment_leaves_out_a_member_after_direct_marketing_objection,
    read_by_id_is_denied_under_restriction,
    events_read_is_denied_under_restriction,
);

/// A consent decision (`granted` or `withdrawn`) collected now under the current notice.
fn consent(status: &str) -> Value {
    json!({
        "status": status,
        "source": "web",
        "collected_at": now(),
        "policy_version": "2026-01",
        "evidence": { "double_opt_in_ref": "doi-600", "form_id": "newsletter-footer" }
    })
}

/// Records a consent decision for `id` with `token` (`/v1/subjects/{id}/consents/{purpose}`).
async fn record(app: &TestApp, token: &str, id: &str, purpose: &str, status: &str) {
    let r = app
        .send(
            "PUT",
            &format!("/v1/subjects/{id}/consents/{purpose}"),
            Some(token),
            None,
            Some(&consent(status)),
        )
        .await;
    assert_eq!(r.status, 201, "{status} {purpose}: {}", r.body);
    assert_eq!(r.body["record"]["status"], status, "{}", r.body);
}

/// The CRM collects the opt-in: it records grants for its consent purposes (clients.toml).
async fn crm_grants(app: &TestApp, id: &str, purpose: &str) {
    record(app, &app.client_token("crm"), id, purpose, "granted").await;
}

/// Stores `events` through the ingest API and checks every one was accepted.
async fn ingest(app: &TestApp, events: Vec<Value>) {
    let n = events.len();
    let r = app
        .send(
            "POST",
            "/v1/events",
            Some(&app.client_token("crm")),
            None,
            Some(&json!({ "events": events })),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.body["accepted"], n, "{}", r.body);
}

fn event(id: &str, subject: &str, kind: &str, channel: &str, properties: Value) -> Value {
    json!({
        "id": id,
        "subject": {"id": subject},
        "type": kind,
        "channel": channel,
        "occurred_at": now(),
        "properties": properties,
    })
}

fn purchase(id: &str, subject: &str) -> Value {
    event(
        id,
        subject,
        "purchase",
        "web",
        json!({"order_id": format!("O-{id}"), "amount": "25.00", "currency": "EUR", "category": "shoes"}),
    )
}

fn page_view(id: &str, subject: &str) -> Value {
    event(
        id,
        subject,
        "page_view",
        "web",
        json!({"path": "/shoes/runner-2"}),
    )
}

fn email_open(id: &str, subject: &str) -> Value {
    event(
        id,
        subject,
        "email_open",
        "email",
        json!({"campaign_id": "spring-sale"}),
    )
}

async fn get(app: &TestApp, client: &str, path: &str, purpose: &str) -> Reply {
    app.send(
        "GET",
        path,
        Some(&app.client_token(client)),
        Some(purpose),
        None,
    )
    .await
}

/// The ids of the members of one page of a segment query.
fn member_ids(r: &Reply) -> Vec<String> {
    r.body["members"]
        .as_array()
        .unwrap_or_else(|| panic!("no members in {}", r.body))
        .iter()
        .map(|m| m["id"].as_str().unwrap().to_owned())
        .collect()
}

/// Every member of a segment query, page by page.
async fn segment_members(app: &TestApp, client: &str, purpose: &str) -> Vec<String> {
    let mut all = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let mut body = json!({"conditions": {}, "limit": 50});
        if let Some(c) = &cursor {
            body["cursor"] = json!(c);
        }
        let r = app
            .send(
                "POST",
                "/v1/segments/query",
                Some(&app.client_token(client)),
                Some(purpose),
                Some(&body),
            )
            .await;
        assert_eq!(r.status, 200, "{}", r.body);
        all.extend(member_ids(&r));
        match r.body["next_cursor"].as_str() {
            Some(c) => cursor = Some(c.to_owned()),
            None => return all,
        }
    }
}

/// `(decision, reason, purpose)` of the subject's audit entries for `read` recorded
/// after the last entry of `change` (the withdrawal, objection or restriction), and the same
/// for those before it.
async fn reads_around(
    app: &TestApp,
    id: &str,
    change: &str,
    read: &str,
) -> (Vec<(String, String, String)>, Vec<(String, String, String)>) {
    let entries = app.audit(&format!("?subject={id}&limit=1000")).await;
    let at = entries
        .iter()
        .rposition(|e| e["action"] == change)
        .unwrap_or_else(|| panic!("no {change} in the audit log of the subject"));
    let pick = |es: &[Value]| -> Vec<(String, String, String)> {
        es.iter()
            .filter(|e| e["action"] == read)
            .map(|e| {
                (
                    e["decision"].as_str().unwrap_or("").to_owned(),
                    e["reason"].as_str().unwrap_or("").to_owned(),
                    e["purpose"].as_str().unwrap_or("").to_owned(),
                )
            })
            .collect()
    };
    (pick(&entries[..at]), pick(&entries[at + 1..]))
}

/// The audit log holds an allowed `read` before `change` and exactly one denied `read`,
/// with `reason`, after it.
async fn assert_audited(
    app: &TestApp,
    id: &str,
    change: &str,
    read: &str,
    purpose: &str,
    reason: &str,
) {
    let (before, after) = reads_around(app, id, change, read).await;
    assert!(
        before.contains(&("allowed".into(), String::new(), purpose.into())),
        "no allowed {read} for {purpose} before {change}: {before:?}"
    );
    assert_eq!(
        after,
        [("denied".to_owned(), reason.to_owned(), purpose.to_owned())],
        "{read} after {change}"
    );
}

/// Path 1: `GET /v1/subjects/{id}`. The mailer reads for email marketing; the customer's
/// unsubscribe (recorded by the mailer) denies the next read.
async fn read_by_id_is_denied_after_withdrawal(app: TestApp) {
    let id = app.create_subject(&jane(600)).await;
    crm_grants(&app, &id, "email_marketing").await;
    let r = app.read_subject("mailer", &id, "email_marketing").await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.body["data"]["email"], "Jane.Quillfeather.600@Example.com");

    record(
        &app,
        &app.client_token("mailer"),
        &id,
        "email_marketing",
        "withdrawn",
    )
    .await;
    let r = app.read_subject("mailer", &id, "email_marketing").await;
    assert_eq!(
        (r.status, r.body["reason"].clone()),
        (403, json!("consent_withdrawn")),
        "{}",
        r.body
    );
    assert!(r.body.get("data").is_none(), "{}", r.body);
    assert_audited(
        &app,
        &id,
        "consent.withdrawn",
        "subject.read",
        "email_marketing",
        "consent_withdrawn",
    )
    .await;
}

/// Path 2: `GET /v1/subjects?type=email&value=…`. The customer withdraws in their own
/// account; the next look-up answers as for someone who is not a customer.
async fn lookup_hides_the_subject_after_withdrawal(app: TestApp) {
    let id = app.create_subject(&jane(601)).await;
    crm_grants(&app, &id, "personalisation").await;
    let lookup = "/v1/subjects?type=email&value=jane.quillfeather.601@example.com";
    let r = get(&app, "crm", lookup, "personalisation").await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.body["id"], id.as_str());
    assert_eq!(r.body["data"]["first_name"], "Janequill601");

    let r = app
        .send(
            "PUT",
            "/v1/me/consents/personalisation",
            Some(&app.token(Role::Subject, &id)),
            None,
            Some(&consent("withdrawn")),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.body);
    let r = get(&app, "crm", lookup, "personalisation").await;
    assert_eq!(r.status, 404, "{}", r.body);
    assert!(r.body.get("data").is_none(), "{}", r.body);
    assert!(
        !r.text.contains(&id),
        "the answer names the subject: {}",
        r.text
    );
    // The same answer as for an address no customer has: the look-up tells nothing.
    let unknown = get(
        &app,
        "crm",
        "/v1/subjects?type=email&value=nobody.601@example.com",
        "personalisation",
    )
    .await;
    assert_eq!(unknown.status, 404, "{}", unknown.body);
    for key in ["type", "title", "detail", "code", "reason"] {
        assert_eq!(
            r.body[key], unknown.body[key],
            "{key}: {} vs {}",
            r.body, unknown.body
        );
    }
    // The audit log keeps the true reason.
    assert_audited(
        &app,
        &id,
        "consent.withdrawn",
        "subject.lookup",
        "personalisation",
        "consent_withdrawn",
    )
    .await;
}

/// Path 3: `GET /v1/subjects/{id}/profile` for personalisation (fields and behaviour).
async fn profile_is_denied_after_withdrawal(app: TestApp) {
    let id = app.create_subject(&jane(602)).await;
    crm_grants(&app, &id, "personalisation").await;
    ingest(
        &app,
        vec![page_view("od602a", &id), purchase("od602b", &id)],
    )
    .await;
    let path = format!("/v1/subjects/{id}/profile");
    let r = get(&app, "crm", &path, "personalisation").await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.body["data"]["first_name"], "Janequill602");
    assert_eq!(r.body["orders"]["count"], 1, "{}", r.body);
    assert!(
        r.body["channels"].as_array().is_some_and(|c| !c.is_empty()),
        "{}",
        r.body
    );

    record(
        &app,
        &app.client_token("crm"),
        &id,
        "personalisation",
        "withdrawn",
    )
    .await;
    let r = get(&app, "crm", &path, "personalisation").await;
    assert_eq!(
        (r.status, r.body["reason"].clone()),
        (403, json!("consent_withdrawn")),
        "{}",
        r.body
    );
    for part in ["data", "orders", "channels", "rfm"] {
        assert!(r.body.get(part).is_none(), "{part} in {}", r.body);
    }
    assert_audited(
        &app,
        &id,
        "consent.withdrawn",
        "profile.read",
        "personalisation",
        "consent_withdrawn",
    )
    .await;
}

/// Path 4: `GET /v1/subjects/{id}/events` for email marketing; an operator records the
/// withdrawal the customer sent by letter.
async fn events_read_is_denied_after_withdrawal(app: TestApp) {
    let id = app.create_subject(&jane(603)).await;
    crm_grants(&app, &id, "email_marketing").await;
    ingest(
        &app,
        vec![email_open("od603a", &id), email_open("od603b", &id)],
    )
    .await;
    let path = format!("/v1/subjects/{id}/events?limit=100");
    let r = get(&app, "mailer", &path, "email_marketing").await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(
        r.body["events"].as_array().map(Vec::len),
        Some(2),
        "{}",
        r.body
    );

    record(
        &app,
        &app.token(Role::Admin, "ops"),
        &id,
        "email_marketing",
        "withdrawn",
    )
    .await;
    let r = get(&app, "mailer", &path, "email_marketing").await;
    assert_eq!(
        (r.status, r.body["reason"].clone()),
        (403, json!("consent_withdrawn")),
        "{}",
        r.body
    );
    assert!(r.body.get("events").is_none(), "{}", r.body);
    assert_audited(
        &app,
        &id,
        "consent.withdrawn",
        "events.read",
        "email_marketing",
        "consent_withdrawn",
    )
    .await;
}

/// Two customers who both opted in to email marketing and bought something: the segment's
/// members. Returns (the one who will change their mind, the one who stays).
async fn two_members(app: &TestApp, tags: (u32, u32)) -> (String, String) {
    let leaving = app.create_subject(&jane(tags.0)).await;
    let staying = app.create_subject(&jane(tags.1)).await;
    for (n, id) in [(tags.0, &leaving), (tags.1, &staying)] {
        crm_grants(app, id, "email_marketing").await;
        ingest(app, vec![purchase(&format!("od{n}"), id)]).await;
    }
    let mut members = segment_members(app, "mailer", "email_marketing").await;
    members.sort();
    let mut both = vec![leaving.clone(), staying.clone()];
    both.sort();
    assert_eq!(members, both, "both customers are members");
    (leaving, staying)
}

/// Path 5: `POST /v1/segments/query` members for email marketing. Leaving a customer out of
/// the members is a decision about them: audited with its real reason, like any other read.
async fn segment_leaves_out_a_member_after_withdrawal(app: TestApp) {
    let (leaving, staying) = two_members(&app, (604, 605)).await;
    record(
        &app,
        &app.client_token("mailer"),
        &leaving,
        "email_marketing",
        "withdrawn",
    )
    .await;
    let members = segment_members(&app, "mailer", "email_marketing").await;
    assert_eq!(
        members,
        [staying],
        "the next query leaves out only the one who withdrew"
    );
    assert_audited(
        &app,
        &leaving,
        "consent.withdrawn",
        "segment.query",
        "email_marketing",
        "consent_withdrawn",
    )
    .await;
}

/// Path 1 with an objection: customer feedback reads on legitimate interest until the customer
/// objects.
async fn read_by_id_is_denied_after_objection(app: TestApp) {
    let id = app.create_subject(&jane(606)).await;
    let r = app.read_subject("crm", &id, "customer_feedback").await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert!(r.body["data"]["first_name"].is_string(), "{}", r.body);

    let r = app
        .send(
            "POST",
            &format!("/v1/subjects/{id}/objections"),
            Some(&app.client_token("crm")),
            None,
            Some(&json!({"purposes": ["customer_feedback"], "source": "web"})),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.body);
    let r = app.read_subject("crm", &id, "customer_feedback").await;
    assert_eq!(
        (r.status, r.body["reason"].clone()),
        (403, json!("objected")),
        "{}",
        r.body
    );
    assert_audited(
        &app,
        &id,
        "objection.recorded",
        "subject.read",
        "customer_feedback",
        "objected",
    )
    .await;
}

/// Path 5 with an objection to direct marketing: it stops email marketing despite the consent.
async fn segment_leaves_out_a_member_after_direct_marketing_objection(app: TestApp) {
    let (leaving, staying) = two_members(&app, (607, 608)).await;
    let r = app
        .send(
            "POST",
            &format!("/v1/subjects/{leaving}/objections"),
            Some(&app.client_token("mailer")),
            None,
            Some(&json!({"direct_marketing": true, "source": "email"})),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.body);
    let members = segment_members(&app, "mailer", "email_marketing").await;
    assert_eq!(
        members,
        [staying],
        "the next query leaves out only the one who objected"
    );
    assert_audited(
        &app,
        &leaving,
        "objection.recorded",
        "segment.query",
        "email_marketing",
        "objected",
    )
    .await;
}

/// Restricts processing for `id` as the DPO.
async fn restrict(app: &TestApp, id: &str) {
    let r = app
        .send(
            "POST",
            &format!("/v1/subjects/{id}/restriction"),
            Some(&app.token(Role::Dpo, "dpo")),
            None,
            Some(&json!({"reason": "accuracy_contested"})),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.body["restricted"], true, "{}", r.body);
}

/// Path 1 under restriction: even a consented purpose is stopped.
async fn read_by_id_is_denied_under_restriction(app: TestApp) {
    let id = app.create_subject(&jane(609)).await;
    crm_grants(&app, &id, "personalisation").await;
    let r = app.read_subject("crm", &id, "personalisation").await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.body["data"]["first_name"], "Janequill609");

    restrict(&app, &id).await;
    let r = app.read_subject("crm", &id, "personalisation").await;
    assert_eq!(
        (r.status, r.body["reason"].clone()),
        (403, json!("restricted")),
        "{}",
        r.body
    );
    assert_audited(
        &app,
        &id,
        "restriction.set",
        "subject.read",
        "personalisation",
        "restricted",
    )
    .await;
}

/// Path 4 under restriction: the events a consented purpose could read are withheld.
async fn events_read_is_denied_under_restriction(app: TestApp) {
    let id = app.create_subject(&jane(610)).await;
    crm_grants(&app, &id, "personalisation").await;
    ingest(
        &app,
        vec![page_view("od610a", &id), purchase("od610b", &id)],
    )
    .await;
    let path = format!("/v1/subjects/{id}/events?limit=100");
    let r = get(&app, "crm", &path, "personalisation").await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(
        r.body["events"].as_array().map(Vec::len),
        Some(2),
        "{}",
        r.body
    );

    restrict(&app, &id).await;
    let r = get(&app, "crm", &path, "personalisation").await;
    assert_eq!(
        (r.status, r.body["reason"].clone()),
        (403, json!("restricted")),
        "{}",
        r.body
    );
    assert!(r.body.get("events").is_none(), "{}", r.body);
    assert_audited(
        &app,
        &id,
        "restriction.set",
        "events.read",
        "personalisation",
        "restricted",
    )
    .await;
}
