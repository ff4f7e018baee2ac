//! Records of processing activities (GDPR Art. 30(1)), generated from the policy alone: one
//! activity per purpose of `purposes.toml`, in file order. The one builder behind
//! `GET /v1/ropa`, `GET /v1/ropa.csv` and `custodia ropa` (which reads only `policies/`).
//! The records hold no personal data, so reading them is not audited.

use serde::Serialize;
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

use super::csv_text::csv_table;
use super::permissions;
use super::subjects::Caller;
use super::{ServiceError, Vault};
use crate::policy::{Policy, Purpose, RecipientInfo};

/// The technical and organisational measures (Art. 30(1)(g), Art. 32) custodia itself takes
/// for every purpose. Each one is true of the code; keep it so when the code changes.
pub const SECURITY_MEASURES: [&str; 8] = [
    "field-level encryption (AES-256-GCM) with a data key per subject, wrapped by a master key",
    "blind indexes (HMAC-SHA-256) for look-ups by identifier: no identifier stored in the clear",
    "behavioural data stored under a pseudonym only, apart from the personal data",
    "purpose, client and consent checked on every read; only the fields the purpose needs are given",
    "hash-chained, append-only audit log of every access decision, verifiable",
    "erasure by destroying the subject's data key (crypto-shredding)",
    "TLS for the API and the database connections when configured",
    "role-based bearer tokens (client, dpo, admin, subject)",
];

/// The category every purpose's people belong to.
const CUSTOMERS: &str = "customers";
/// For purposes a minor is refused for (profiling, selling or sharing).
const ADULT_CUSTOMERS: &str = "customers (adults: every read for the purpose refuses a minor)";
/// For the other consent purposes: a child may take part with a parent's consent.
const CHILDREN: &str = "children below the digital consent age, with a parent's consent (Art. 8)";
/// The data category of behavioural events (fideslang), listed when a purpose sees any.
const BEHAVIOUR: &str = "user.behavior";

/// The records of processing activities.
#[derive(Debug, Clone, Serialize)]
pub struct Ropa {
    /// From `controller.toml`; `None` without one.
    pub controller: Option<RopaController>,
    /// RFC 3339, UTC.
    pub generated_at: String,
    pub activities: Vec<ProcessingActivity>,
}

/// The controller (Art. 30(1)(a)).
#[derive(Debug, Clone, Serialize)]
pub struct RopaController {
    pub name: String,
    pub country: Option<String>,
}

/// One purpose's record.
#[derive(Debug, Clone, Serialize)]
pub struct ProcessingActivity {
    pub purpose: String,
    pub description: String,
    pub legal_basis: &'static str,
    /// The point of Art. 6(1), e.g. `Art. 6(1)(a)`.
    pub article: &'static str,
    /// The fideslang categories of the purpose's fields, sorted, each once, then
    /// `user.behavior` when it sees behavioural events (listed in `event_types`).
    pub categories_of_data: Vec<String>,
    /// The behavioural event types it sees (`events.toml`), sorted.
    pub event_types: Vec<String>,
    pub categories_of_subjects: Vec<&'static str>,
    /// The clients registered for the purpose, in `clients.toml` order.
    pub recipients: Vec<RecipientEntry>,
    pub retention_days: u32,
    pub retention_from_year_end: bool,
    /// Recipients outside the EEA, with their safeguard (Art. 30(1)(e)); empty when none.
    pub transfers: Vec<TransferEntry>,
    pub security_measures: &'static [&'static str],
}

/// A client as a recipient: the same entry in the records of processing and in an access
/// answer (`GET …/export`, which adds what it received).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RecipientEntry {
    pub client: String,
    pub name: String,
    /// `internal`, `processor` or `third_party`.
    pub recipient: &'static str,
    pub country: Option<String>,
}

impl RecipientEntry {
    pub fn of(client: &str, info: &RecipientInfo) -> Self {
        Self {
            client: client.to_owned(),
            name: info.name.clone(),
            recipient: info.kind.as_str(),
            country: info.country.clone(),
        }
    }
}

/// A transfer to a recipient outside the EEA, with its safeguard (Art. 15(2), 30(1)(e)).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TransferEntry {
    pub client: String,
    pub name: String,
    pub country: Option<String>,
    pub safeguard: Option<String>,
}

impl TransferEntry {
    /// The transfer to `client`, or `None` when it processes the data inside the EEA (or
    /// declares no country).
    pub fn of(client: &str, info: &RecipientInfo) -> Option<Self> {
        info.is_transfer().then(|| Self {
            client: client.to_owned(),
            name: info.name.clone(),
            country: info.country.clone(),
            safeguard: info.transfer_safeguard.clone(),
        })
    }
}

/// The CSV columns, one row per activity.
pub const ROPA_CSV_HEADER: [&str; 12] = [
    "purpose",
    "description",
    "legal_basis",
    "article",
    "categories_of_data",
    "event_types",
    "categories_of_subjects",
    "recipients",
    "retention_days",
    "retention_from_year_end",
    "transfers",
    "security_measures",
];

/// Builds the records of processing from `policy`, as of `now`.
pub fn records_of_processing(policy: &Policy, now: OffsetDateTime) -> Ropa {
    let controller = policy.controller();
    Ropa {
        controller: (!controller.name.is_empty()).then(|| RopaController {
            name: controller.name.clone(),
            country: controller.country.clone(),
        }),
        generated_at: now.format(&Rfc3339).unwrap_or_default(),
        activities: policy.purposes().map(|p| activity(policy, p)).collect(),
    }
}

fn activity(policy: &Policy, p: &Purpose) -> ProcessingActivity {
    let mut categories_of_data: Vec<String> = policy
        .field_categories(p)
        .into_iter()
        .map(str::to_owned)
        .collect();
    if !p.event_types.is_empty() {
        categories_of_data.push(BEHAVIOUR.to_owned());
    }
    let mut categories_of_subjects = vec![if p.closed_to_minors() {
        ADULT_CUSTOMERS
    } else {
        CUSTOMERS
    }];
    if p.requires_consent() && !p.closed_to_minors() {
        categories_of_subjects.push(CHILDREN);
    }
    let clients: Vec<_> = policy.clients().filter(|c| c.may_use(&p.id)).collect();
    ProcessingActivity {
        purpose: p.id.as_str().to_owned(),
        description: p.description.clone(),
        legal_basis: p.legal_basis.as_str(),
        article: p.legal_basis.gdpr_article(),
        categories_of_data,
        event_types: p.event_types.iter().cloned().collect(),
        categories_of_subjects,
        recipients: clients
            .iter()
            .map(|c| RecipientEntry::of(c.id.as_str(), &c.recipient))
            .collect(),
        retention_days: p.retention_days,
        retention_from_year_end: p.retention_from_year_end,
        transfers: clients
            .iter()
            .filter_map(|c| TransferEntry::of(c.id.as_str(), &c.recipient))
            .collect(),
        security_measures: &SECURITY_MEASURES,
    }
}

/// Cells of a list, joined with `; `.
fn joined<S: AsRef<str>>(items: &[S]) -> String {
    items
        .iter()
        .map(AsRef::as_ref)
        .collect::<Vec<_>>()
        .join("; ")
}

impl Ropa {
    /// As CSV: a header row ([`ROPA_CSV_HEADER`]), then one row per activity; list cells
    /// joined with `; `, a recipient written `client: name (kind, country)`, a transfer
    /// `client: name (country), safeguard`.
    pub fn to_csv(&self) -> String {
        let rows = self.activities.iter().map(|a| {
            let recipients: Vec<String> = a
                .recipients
                .iter()
                .map(|r| {
                    let place = r.country.as_deref().unwrap_or("country not declared");
                    format!("{}: {} ({}, {place})", r.client, r.name, r.recipient)
                })
                .collect();
            let transfers: Vec<String> = a
                .transfers
                .iter()
                .map(|t| {
                    format!(
                        "{}: {} ({}), {}",
                        t.client,
                        t.name,
                        t.country.as_deref().unwrap_or_default(),
                        t.safeguard.as_deref().unwrap_or("no safeguard declared")
                    )
                })
                .collect();
            vec![
                a.purpose.clone(),
                a.description.clone(),
                a.legal_basis.to_owned(),
                a.article.to_owned(),
                joined(&a.categories_of_data),
                joined(&a.event_types),
                joined(&a.categories_of_subjects),
                joined(&recipients),
                a.retention_days.to_string(),
                a.retention_from_year_end.to_string(),
                joined(&transfers),
                joined(a.security_measures),
            ]
        });
        csv_table(&ROPA_CSV_HEADER, rows)
    }
}

impl Vault {
    /// The records of processing activities (roles [`permissions::DPO_OR_ADMIN`]).
    pub fn records_of_processing(&self, caller: &Caller<'_>) -> Result<Ropa, ServiceError> {
        caller.require(permissions::DPO_OR_ADMIN)?;
        Ok(records_of_processing(
            &self.policy,
            OffsetDateTime::now_utc(),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_purpose_of_the_shipped_policy_has_its_record_and_row() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("policies");
        let policy = Policy::load(&dir).unwrap();
        let ropa = records_of_processing(&policy, OffsetDateTime::UNIX_EPOCH);
        let ids: Vec<&str> = policy.purposes().map(|p| p.id.as_str()).collect();
        let listed: Vec<&str> = ropa.activities.iter().map(|a| a.purpose.as_str()).collect();
        assert_eq!(listed, ids);
        let mail = ropa
            .activities
            .iter()
            .find(|a| a.purpose == "email_marketing")
            .unwrap();
        assert_eq!(mail.article, "Art. 6(1)(a)");
        assert!(mail.categories_of_subjects.contains(&CHILDREN));
        assert_eq!(
            mail.transfers
                .iter()
                .map(|t| t.client.as_str())
                .collect::<Vec<_>>(),
            ["mailer"]
        );
        let ads = ropa
            .activities
            .iter()
            .find(|a| a.purpose == "targeted_advertising")
            .unwrap();
        assert_eq!(ads.categories_of_subjects, [ADULT_CUSTOMERS]);

        let csv = ropa.to_csv();
        let mut reader = csv::Reader::from_reader(csv.as_bytes());
        assert_eq!(
            reader.headers().unwrap().iter().collect::<Vec<_>>(),
            ROPA_CSV_HEADER
        );
        assert_eq!(reader.records().count(), ids.len());
    }
}
