//! `custodia export-all`: every live subject, decrypted, as CSV in exactly the columns
//! `custodia import subjects` reads, or as JSON lines, so import → export-all → import
//! round-trips. The vault hands out pages of 500 subjects (`Vault::export_all_page`, which
//! audits one `subject.export_all` entry per subject before handing a page out) and the rows
//! are written as they come: memory stays bounded whatever the vault's size.
//!
//! CSV columns: the personal fields, one `id:<type>` column per identifier (as many columns
//! of a type as the subject holding most of them needs; an `email` or `phone` identifier that
//! is the subject's own `email` or `phone` field is not repeated), and per consent purpose of
//! the policy `consent:<purpose>` with the newest decision and its
//! `consent:<purpose>:collected_at|source|policy_version|evidence|operator_id|expires_at`.
//! `evidence` is the reference the import stores (the purpose's first required evidence key,
//! else `form_id`); the JSON lines carry the whole evidence object. Objections, restrictions,
//! the consent history before the newest decision and behavioural events are not part of the
//! format (the per-subject export, `GET /v1/subjects/{id}/export`, has them).

use std::io::Write;
use std::path::PathBuf;
use std::time::Instant;

use anyhow::Context;
use serde::Serialize;
use serde_json::{json, Map, Value};
use time::format_description::well_known::Rfc3339;

use super::columns::{evidence_key, Column, ConsentAttr};
use crate::auth::Principal;
use crate::domain::{
    ConsentRecord, Evidence, Identifier, IdentifierType, PersonalField, PurposeId, Role,
};
use crate::policy::LegalBasis;
use crate::service::{Caller, ExportedSubject, Vault, EXPORT_ALL_PAGE};

/// The principal an export acts as.
pub const EXPORT_PRINCIPAL: &str = "export-all";

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ExportFormat {
    Csv,
    Jsonl,
}

/// `custodia export-all`.
#[derive(Debug, Clone, clap::Args)]
pub struct ExportAllArgs {
    #[arg(long, value_enum, default_value_t = ExportFormat::Csv)]
    pub format: ExportFormat,
    /// Write to this file (created with mode 0600) instead of standard output.
    #[arg(long, short)]
    pub output: Option<PathBuf>,
}

/// What an export wrote (counts only).
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct ExportSummary {
    pub subjects: u64,
    pub consents: u64,
    /// Subjects left out: an erasure under a retention duty holds them back.
    pub left_out_blocked: u64,
    pub seconds: f64,
}

fn rfc3339(us: i64) -> String {
    time::OffsetDateTime::from_unix_timestamp_nanos(i128::from(us) * 1_000)
        .ok()
        .and_then(|t| t.format(&Rfc3339).ok())
        .unwrap_or_default()
}

/// The reference a consent record's evidence holds for the import's `consent_evidence`.
fn evidence_ref(record: &ConsentRecord, key: &str) -> String {
    let evidence = Evidence::from_json(&record.evidence);
    evidence
        .get(key)
        .or_else(|| evidence.get("form_id"))
        .unwrap_or_default()
        .to_owned()
}

/// The subject's identifiers without the ones its email and phone fields already make.
fn own_identifiers(s: &ExportedSubject) -> Vec<(IdentifierType, &str)> {
    let derived: Vec<(IdentifierType, String)> = [
        (PersonalField::Email, IdentifierType::Email),
        (PersonalField::Phone, IdentifierType::Phone),
    ]
    .into_iter()
    .filter_map(|(field, kind)| {
        let value = s.fields.iter().find(|(f, _)| *f == field)?.1.expose();
        Identifier::parse(kind, value)
            .ok()
            .map(|i| (kind, i.value().to_owned()))
    })
    .collect();
    s.identifiers
        .iter()
        .filter(|(kind, v)| !derived.iter().any(|(k, d)| k == kind && d == v.expose()))
        .map(|(kind, v)| (*kind, v.expose().as_str()))
        .collect()
}

/// Writes every live subject to `out` (see the module doc).
pub async fn export_all(
    vault: &Vault,
    format: ExportFormat,
    out: &mut dyn Write,
) -> anyhow::Result<ExportSummary> {
    let started = Instant::now();
    let principal = Principal {
        id: EXPORT_PRINCIPAL.into(),
        role: Role::Admin,
    };
    let census_id = "export-all:census".to_owned();
    let census = vault
        .export_all_census(&Caller {
            principal: &principal,
            request_id: &census_id,
        })
        .await
        .map_err(|e| anyhow::Error::new(e).context("export census"))?;
    let purposes: Vec<PurposeId> = vault
        .policy()
        .purposes()
        .filter(|p| p.legal_basis == LegalBasis::Consent)
        .map(|p| p.id.clone())
        .collect();
    let mut header: Vec<String> = PersonalField::ALL
        .iter()
        .map(|f| f.name().to_owned())
        .collect();
    for (kind, n) in &census.identifier_columns {
        for _ in 0..*n {
            header.push(Column::Identifier(*kind).name());
        }
    }
    for p in &purposes {
        header.push(Column::Consent(p.clone()).name());
        for attr in ConsentAttr::ALL {
            header.push(Column::ConsentAttr(Some(p.clone()), attr).name());
        }
    }
    let is_csv = format == ExportFormat::Csv;
    if is_csv {
        let mut w = csv::Writer::from_writer(Vec::with_capacity(1 << 16));
        w.write_record(&header)?;
        out.write_all(&w.into_inner().map_err(|e| anyhow::anyhow!("{e}"))?)?;
    }
    let mut summary = ExportSummary {
        left_out_blocked: census.blocked,
        ..ExportSummary::default()
    };
    let mut after = None;
    let mut page_no = 0u64;
    loop {
        page_no += 1;
        let request_id = format!("export-all:page:{page_no}");
        let caller = Caller {
            principal: &principal,
            request_id: &request_id,
        };
        let page = vault
            .export_all_page(&caller, after, EXPORT_ALL_PAGE)
            .await
            .map_err(|e| anyhow::Error::new(e).context("exporting a page of subjects"))?;
        let mut buf = csv::Writer::from_writer(Vec::with_capacity(1 << 20));
        let mut lines = Vec::with_capacity(1 << 20);
        for s in &page.subjects {
            summary.subjects += 1;
            summary.consents += s.consents.len() as u64;
            if is_csv {
                buf.write_record(csv_row(vault, s, &census.identifier_columns, &purposes))?;
            } else {
                serde_json::to_writer(&mut lines, &json_line(vault, s))?;
                lines.push(b'\n');
            }
        }
        if is_csv {
            out.write_all(&buf.into_inner().map_err(|e| anyhow::anyhow!("{e}"))?)?;
        } else {
            out.write_all(&lines)?;
        }
        match page.next {
            Some(next) => after = Some(next),
            None => break,
        }
    }
    out.flush()?;
    summary.seconds = (started.elapsed().as_secs_f64() * 1_000.0).round() / 1_000.0;
    Ok(summary)
}

fn csv_row(
    vault: &Vault,
    s: &ExportedSubject,
    identifier_columns: &[(IdentifierType, usize)],
    purposes: &[PurposeId],
) -> Vec<String> {
    let mut row: Vec<String> = PersonalField::ALL
        .iter()
        .map(|f| {
            s.fields
                .iter()
                .find(|(g, _)| g == f)
                .map(|(_, v)| v.expose().clone())
                .unwrap_or_default()
        })
        .collect();
    let own = own_identifiers(s);
    for (kind, n) in identifier_columns {
        let mut values = own.iter().filter(|(k, _)| k == kind).map(|(_, v)| *v);
        for _ in 0..*n {
            row.push(values.next().unwrap_or_default().to_owned());
        }
    }
    for p in purposes {
        let record = s.consents.iter().rev().find(|r| &r.purpose == p);
        match record {
            Some(r) => {
                row.push(r.status.as_str().to_owned());
                for attr in ConsentAttr::ALL {
                    row.push(match attr {
                        ConsentAttr::CollectedAt => rfc3339(r.collected_at_us),
                        ConsentAttr::Source => r.source.clone(),
                        ConsentAttr::PolicyVersion => r.policy_version.clone(),
                        ConsentAttr::Evidence => evidence_ref(r, &evidence_key(vault.policy(), p)),
                        ConsentAttr::OperatorId => r.operator_id.clone().unwrap_or_default(),
                        ConsentAttr::ExpiresAt => r.expires_at_us.map(rfc3339).unwrap_or_default(),
                    });
                }
            }
            None => row.extend(std::iter::repeat_n(
                String::new(),
                1 + ConsentAttr::ALL.len(),
            )),
        }
    }
    row
}

fn json_line(vault: &Vault, s: &ExportedSubject) -> Value {
    let mut doc = Map::new();
    doc.insert("id".into(), json!(s.id));
    let mut address = Map::new();
    for (field, value) in &s.fields {
        match field.address_key() {
            Some(key) => {
                address.insert(key.to_owned(), json!(value.expose()));
            }
            None => {
                doc.insert(field.name().to_owned(), json!(value.expose()));
            }
        }
    }
    if !address.is_empty() {
        doc.insert("address".into(), Value::Object(address));
    }
    let identifiers: Vec<Value> = own_identifiers(s)
        .into_iter()
        .map(|(kind, v)| json!({"type": kind.name(), "value": v}))
        .collect();
    if !identifiers.is_empty() {
        doc.insert("identifiers".into(), Value::Array(identifiers));
    }
    let consents: Vec<Value> = s
        .consents
        .iter()
        .map(|r| {
            json!({
                "purpose": r.purpose,
                "status": r.status.as_str(),
                "collected_at": rfc3339(r.collected_at_us),
                "source": r.source,
                "policy_version": r.policy_version,
                "evidence": Evidence::from_json(&r.evidence).as_map(),
                "evidence_ref": evidence_ref(r, &evidence_key(vault.policy(), &r.purpose)),
                "operator_id": r.operator_id,
                "expires_at": r.expires_at_us.map(rfc3339),
            })
        })
        .collect();
    doc.insert("consents".into(), Value::Array(consents));
    Value::Object(doc)
}

/// Opens `--output` for writing (mode 0600: it holds every customer's data in the clear).
pub fn open_output(path: &std::path::Path) -> anyhow::Result<std::fs::File> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    options
        .open(path)
        .with_context(|| format!("cannot write {}", path.display()))
}
