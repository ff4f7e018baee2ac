//! Communication preferences (issue 11): per channel opted in or out and a weekly cap, quiet
//! hours, preferred channel and language. Read and changed by the customer (`/v1/me`), by a
//! DPO, and by a client for a purpose that contacts people (`contact_channels`) and may
//! process this customer now (the one decision: consent, objection, restriction).

use time::OffsetDateTime;

use super::contact::EffectivePreferences;
use super::permissions;
use super::subjects::{entry, Caller};
use super::{ServiceError, Vault};
use crate::audit::Action;
use crate::domain::{FieldError, PreferencesPatch, Role, SubjectId};
use crate::policy::{DenyReason, Scope};

/// The preferences that hold, and when the customer last changed them.
#[derive(Debug, Clone)]
pub struct PreferencesView {
    pub subject: SubjectId,
    pub preferences: EffectivePreferences,
    pub updated_at: Option<OffsetDateTime>,
}

impl Vault {
    /// The preferences holding for `id`: the customer's choices over the policy's defaults.
    pub async fn preferences(
        &self,
        caller: &Caller<'_>,
        purpose_header: Option<&str>,
        id: SubjectId,
    ) -> Result<PreferencesView, ServiceError> {
        caller.require_for(permissions::CONTACT_STEWARDS, &id)?;
        let purpose = self
            .check_preferences_caller(caller, Action::PreferencesRead, purpose_header, id)
            .await?;
        let view = self.preferences_view(id).await?;
        let mut e = entry(caller, Action::PreferencesRead, Some(id), purpose.as_ref());
        e.allowed = true;
        self.audit.record(e).await?;
        Ok(view)
    }

    /// Changes what `patch` names and keeps the rest; answers the preferences now holding.
    pub async fn update_preferences(
        &self,
        caller: &Caller<'_>,
        purpose_header: Option<&str>,
        id: SubjectId,
        patch: Result<PreferencesPatch, Vec<FieldError>>,
    ) -> Result<PreferencesView, ServiceError> {
        caller.require_for(permissions::CONTACT_STEWARDS, &id)?;
        // Who may change whose preferences first, then what the change says.
        let purpose = self
            .check_preferences_caller(caller, Action::PreferencesUpdate, purpose_header, id)
            .await?;
        let patch = patch.map_err(ServiceError::Invalid)?;
        if patch.is_empty() {
            return Err(ServiceError::Invalid(vec![FieldError::new(
                "",
                "name at least one of channels, quiet_hours, preferred_channel, language",
            )]));
        }
        let stored = self.store.preferences(&id).await?;
        let current = self
            .effective_preferences(stored.as_ref().map(|(doc, _)| doc.as_str()))?
            .chosen;
        let defaults = self.policy.contact();
        let next = current.apply(&patch, |c| defaults.channel(c).opted_in);
        if !self.store.put_preferences(&id, &next.to_document()).await? {
            return Err(self.missing(&id).await);
        }
        let mut e = entry(
            caller,
            Action::PreferencesUpdate,
            Some(id),
            purpose.as_ref(),
        );
        e.allowed = true;
        e.fields_given = changed_parts(&patch);
        self.audit.record(e).await?;
        self.preferences_view(id).await
    }

    /// [`Vault::update_preferences`] for many subjects at once, by an admin or a DPO (who
    /// name no purpose): the stored documents are read in one statement per 500 subjects and
    /// the new ones written in one transaction, with one `preferences.update` entry per
    /// subject changed, as a single update records. A subject that is not live is left out
    /// (no write, no entry). Answers how many subjects' preferences were stored. Used by
    /// `custodia demo seed`, which sets those of thousands of new customers.
    pub async fn update_preferences_many(
        &self,
        caller: &Caller<'_>,
        patches: Vec<(SubjectId, PreferencesPatch)>,
    ) -> Result<usize, ServiceError> {
        caller.require(permissions::DPO_OR_ADMIN)?;
        if patches.iter().any(|(_, p)| p.is_empty()) {
            return Err(ServiceError::Invalid(vec![FieldError::new(
                "",
                "name at least one of channels, quiet_hours, preferred_channel, language",
            )]));
        }
        let ids: Vec<SubjectId> = patches.iter().map(|(id, _)| *id).collect();
        let stored = self.store.preferences_of(&ids).await?;
        let defaults = self.policy.contact();
        let mut documents = Vec::with_capacity(patches.len());
        for (id, patch) in &patches {
            let current = self
                .effective_preferences(stored.get(id).map(String::as_str))?
                .chosen;
            let next = current.apply(patch, |c| defaults.channel(c).opted_in);
            documents.push((*id, next.to_document()));
        }
        let written = self.store.put_preferences_many(&documents).await?;
        let mut entries = Vec::with_capacity(patches.len());
        for ((id, patch), written) in patches.iter().zip(&written) {
            if *written {
                let mut e = entry(caller, Action::PreferencesUpdate, Some(*id), None);
                e.allowed = true;
                e.fields_given = changed_parts(patch);
                entries.push(e);
            }
        }
        let count = entries.len();
        self.audit.record_all(entries).await?;
        Ok(count)
    }

    async fn preferences_view(&self, id: SubjectId) -> Result<PreferencesView, ServiceError> {
        let stored = self.store.preferences(&id).await?;
        Ok(PreferencesView {
            subject: id,
            preferences: self.effective_preferences(stored.as_ref().map(|(d, _)| d.as_str()))?,
            updated_at: stored.and_then(|(_, at)| crate::policy::time_from_us(at)),
        })
    }

    /// The caller's side: the subject must be live; a client must name a purpose it is
    /// registered for that contacts people, and the decision must allow that purpose for this
    /// customer now. Refusals are audited. Returns the purpose a client named.
    async fn check_preferences_caller(
        &self,
        caller: &Caller<'_>,
        action: Action,
        purpose_header: Option<&str>,
        id: SubjectId,
    ) -> Result<Option<crate::domain::PurposeId>, ServiceError> {
        if caller.principal.role != Role::Client {
            if !self.store.subject_exists(&id).await? {
                return Err(self.missing(&id).await);
            }
            return Ok(None);
        }
        let (client, purpose) = self
            .declared_purpose(caller, action, Some(id), purpose_header, Scope::Person)
            .await?;
        let contacts = self
            .policy
            .purpose(&purpose)
            .is_some_and(|p| !p.contact_channels.is_empty());
        if !contacts {
            return Err(ServiceError::Invalid(vec![FieldError::new(
                "X-Purpose",
                format!("purpose {purpose} contacts nobody (it has no contact_channels)"),
            )]));
        }
        if !self.store.subject_exists(&id).await? {
            let missing = self.missing(&id).await;
            let mut e = entry(caller, action, Some(id), Some(&purpose));
            e.reason = Some(match missing {
                ServiceError::Gone => "erased".into(),
                _ => "subject_not_found".into(),
            });
            self.audit.record(e).await?;
            return Err(missing);
        }
        let decision = self.decide_for(&client, &purpose, &id, &[], &[]).await?;
        if !decision.allowed {
            let reason = decision.reason.unwrap_or(DenyReason::NoConsent);
            let mut e = entry(caller, action, Some(id), Some(&purpose));
            e.reason = Some(reason.as_str().to_owned());
            self.audit.record(e).await?;
            return Err(ServiceError::Denied(reason));
        }
        Ok(Some(purpose))
    }
}

/// What a change names, for the audit entry (never a value).
fn changed_parts(patch: &PreferencesPatch) -> Vec<String> {
    let mut parts: Vec<String> = patch
        .channels
        .keys()
        .map(|c| format!("channels.{c}"))
        .collect();
    if patch.quiet_hours.is_some() {
        parts.push("quiet_hours".into());
    }
    if patch.preferred_channel.is_some() {
        parts.push("preferred_channel".into());
    }
    if patch.language.is_some() {
        parts.push("language".into());
    }
    parts
}
