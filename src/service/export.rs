//! Access and portability (Art. 15, 20): everything held on a subject, with the Art. 15(1)
//! information (purposes, categories, recipients, retention, sources). Events are not loaded
//! at once: the caller pages through them, so a subject with 200,000 events exports in
//! bounded memory.

use std::collections::{BTreeMap, BTreeSet};

use super::permissions;
use super::subjects::{entry, present_fields, Caller, FieldValue};
use super::{ServiceError, Vault};
use crate::audit::Action;
use crate::crypto::Pseudonym;
use crate::domain::EventRecord;
use crate::domain::{ConsentRecord, ObjectionRecord, RestrictionRecord};
use crate::domain::{Field, SubjectId};
use crate::store::EventScope;

/// One client that received the subject's data: which purposes, which fields, how often.
#[derive(Debug, Clone, Default)]
pub struct Recipient {
    pub client: String,
    pub purposes: BTreeSet<String>,
    pub fields: BTreeSet<String>,
    pub reads: u64,
    pub last_read_us: i64,
}

/// One disclosure of the subject's data to a client (an allowed read in the audit log).
#[derive(Debug, Clone)]
pub struct Disclosure {
    pub at_us: i64,
    pub client: String,
    pub purpose: Option<String>,
    pub fields: Vec<String>,
}

/// What the vault infers about the subject from its behaviour (Art. 15(1): inferred data is
/// personal data too): the RFM scores over every event held.
#[derive(Debug, Clone)]
pub struct Inferred {
    pub rfm: Option<(crate::domain::rfm::Rfm, i64)>,
}

/// Everything but the events.
#[derive(Debug)]
pub struct ExportHead {
    pub subject: SubjectId,
    pub personal_data: Vec<(Field, FieldValue)>,
    pub consents: Vec<ConsentRecord>,
    pub objections: Vec<ObjectionRecord>,
    pub restrictions: Vec<RestrictionRecord>,
    pub recipients: Vec<Recipient>,
    /// Every disclosure, oldest first.
    pub disclosures: Vec<Disclosure>,
    /// The purposes that apply to the subject (Art. 15(1)(a)): a consent purpose while its
    /// consent stands, one an objection stops while there is none, every other purpose.
    pub applicable_purposes: BTreeSet<String>,
    pub inferred: Inferred,
    /// Channels the data came in through (consents and events).
    pub sources: BTreeSet<String>,
    /// The communication preferences the customer chose (`None`: none, the defaults hold).
    pub preferences: Option<crate::domain::Preferences>,
    /// Channels the customer is not contacted on, and why.
    pub suppressions: Vec<crate::store::ChannelSuppression>,
    pub(crate) pseudonym: Pseudonym,
}

impl Vault {
    /// The export's head; the events follow through [`Vault::export_events`].
    pub async fn export(
        &self,
        caller: &Caller<'_>,
        id: SubjectId,
    ) -> Result<ExportHead, ServiceError> {
        caller.require_for(permissions::DPO_ADMIN_OR_SUBJECTS, &id)?;
        let Some(record) = self.store.load_subject(&id).await? else {
            return Err(self.missing(&id).await);
        };
        let (_, pseudonym) = self.data_key(&id).await?;
        let present = present_fields(&record)?;
        let personal_data = self.open_fields(&record, &present).await?;
        let consents = self.store.consent_history(&id).await?;
        let objections = self.store.objections(&id).await?;
        let restrictions = self.store.restriction_history(&id).await?;

        let mut recipients: BTreeMap<String, Recipient> = BTreeMap::new();
        let mut disclosures = Vec::new();
        let mut after = 0;
        loop {
            let page = self
                .store
                .subject_disclosures(&id.to_string(), after, 1_000)
                .await?;
            let Some(last) = page.last() else { break };
            after = last.seq;
            for row in &page {
                let e = &row.entry;
                let fields: Vec<String> = serde_json::from_str(&e.fields_given).unwrap_or_default();
                disclosures.push(Disclosure {
                    at_us: e.at_us,
                    client: e.actor_id.clone(),
                    purpose: e.purpose.clone(),
                    fields: fields.clone(),
                });
                let r = recipients.entry(e.actor_id.clone()).or_default();
                r.client.clone_from(&e.actor_id);
                r.purposes.extend(e.purpose.clone());
                r.fields.extend(fields);
                r.reads += 1;
                r.last_read_us = r.last_read_us.max(e.at_us);
            }
            if page.len() < 1_000 {
                break;
            }
        }
        let mut sources: BTreeSet<String> = consents.iter().map(|c| c.source.clone()).collect();
        sources.extend(
            self.behaviour
                .channel_stats(
                    pseudonym.as_bytes(),
                    &self
                        .policy
                        .event_types()
                        .map(|t| t.name.clone())
                        .collect::<Vec<_>>(),
                    &EventScope::everything(),
                )
                .await?
                .into_iter()
                .map(|c| c.channel),
        );
        let now = crate::store::now_us();
        let applies = self.purposes_applying(&id, now).await?;
        let applicable_purposes = self
            .policy
            .purposes()
            .filter(|p| applies.contains(&p.id))
            .map(|p| p.id.as_str().to_owned())
            .collect();
        let held = self
            .behaviour
            .scoped_aggregate(pseudonym.as_bytes(), &EventScope::everything())
            .await?;
        let inferred = Inferred {
            rfm: held.last_purchase_us.map(|last| {
                let days = (now - last).max(0) / 86_400_000_000;
                let scores =
                    crate::domain::rfm::Rfm::new(days, held.order_count, held.revenue_cents);
                (scores, days)
            }),
        };
        let mut e = entry(caller, Action::SubjectExport, Some(id), None);
        e.allowed = true;
        e.fields_given = present.iter().map(|f| f.name()).collect();
        self.audit.record(e).await?;
        let preferences = match self.store.preferences(&id).await? {
            Some((doc, _)) => Some(
                crate::domain::Preferences::from_document(&doc).map_err(|e| anyhow::anyhow!(e))?,
            ),
            None => None,
        };
        let suppressions = self.store.channel_suppressions(&id).await?;
        Ok(ExportHead {
            subject: id,
            personal_data,
            consents,
            objections,
            restrictions,
            recipients: recipients.into_values().collect(),
            disclosures,
            applicable_purposes,
            inferred,
            sources,
            preferences,
            suppressions,
            pseudonym,
        })
    }

    /// The next page of the exported subject's events (all of them, oldest first).
    pub async fn export_events(
        &self,
        head: &ExportHead,
        after: Option<(i64, uuid::Uuid)>,
        limit: i64,
    ) -> Result<Vec<EventRecord>, ServiceError> {
        Ok(self
            .behaviour
            .all_events_page(head.pseudonym.as_bytes(), after, limit)
            .await?)
    }
}
