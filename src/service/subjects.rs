//! Create, read and look up subjects.

use std::collections::BTreeSet;

use super::permissions;
use super::{ServiceError, Vault};
use crate::audit::{Action, AuditEntry};
use crate::auth::Principal;
use crate::crypto::{DataKey, KeyVersion, Pseudonym, WrappedKey};
use crate::domain::{
    ClientId, Field, FieldError, Identifier, IdentifierType, NewSubject, PurposeId, Sensitive,
    SubjectId,
};
use crate::policy::{AccessRequest, Decision, DenyReason, Scope, SubjectState, Withheld};
use crate::store::{
    DecisionInputs, DecisionRead, IdentifierRow, NewSubjectRecord, SubjectKeys, SubjectRecord,
};

/// The AAD field name under which the subject's pseudonym is sealed.
pub(super) const PSEUDONYM_FIELD: &str = "pseudonym";

/// The audit reason of a change that gave a subject an identifier of an erased customer.
pub(super) const SUPPRESSION_MATCH: &str = "suppression_match";

/// A decrypted value, kept out of logs by its type.
pub type FieldValue = Sensitive<String>;

/// The answer to a read: the fields the purpose allows and the ones it withholds.
#[derive(Debug)]
pub struct SubjectDocument {
    pub id: SubjectId,
    pub purpose: PurposeId,
    /// In the stable order of [`Field::all`]; identifiers may repeat (several of one type).
    pub data: Vec<(Field, FieldValue)>,
    pub withheld: Vec<Withheld>,
}

/// Who asks, and the request id that ties the audit entry to the request's logs.
pub struct Caller<'a> {
    pub principal: &'a Principal,
    pub request_id: &'a str,
}

impl Caller<'_> {
    /// Refuses a caller whose role is not in `roles`: every use case checks its roles itself,
    /// so an entry point other than the HTTP edge (CLI, import, triggers) cannot skip it.
    pub fn require(&self, roles: &[crate::domain::Role]) -> Result<(), ServiceError> {
        if roles.contains(&self.principal.role) {
            Ok(())
        } else {
            Err(ServiceError::RoleNotAllowed)
        }
    }

    /// [`Caller::require`], for a use case on one subject's record: a customer (role
    /// `subject`) passes only for their own record, whoever built the `Caller`.
    pub fn require_for(
        &self,
        roles: &[crate::domain::Role],
        subject: &SubjectId,
    ) -> Result<(), ServiceError> {
        self.require(roles)?;
        if self.principal.role == crate::domain::Role::Subject
            && self.principal.subject_id().as_ref() != Some(subject)
        {
            return Err(ServiceError::RoleNotAllowed);
        }
        Ok(())
    }
}

impl Vault {
    /// Stores a new subject: fresh data key wrapped by the active master key, every field and
    /// identifier sealed under it, identifiers blind-indexed. Audited either way.
    pub async fn create_subject(
        &self,
        caller: &Caller<'_>,
        subject: NewSubject,
    ) -> Result<SubjectId, ServiceError> {
        caller.require(permissions::WRITERS)?;
        if subject.is_empty() {
            return Err(ServiceError::Invalid(vec![FieldError::new(
                "",
                "at least one personal field or identifier is required",
            )]));
        }
        let (record, written) = self.seal_new_subject(&subject).await?;
        let id = record.id;
        match self.store.insert_subject(&record).await {
            Ok(()) => {
                let suppressed = self.flag_if_suppressed(&id, &record.identifiers).await?;
                let mut entry = entry(caller, Action::SubjectCreate, Some(id), None);
                entry.fields_given = written;
                entry.allowed = true;
                entry.reason = suppressed.then(|| SUPPRESSION_MATCH.to_owned());
                self.audit.record(entry).await?;
                tracing::info!(subject = %id, "subject created");
                Ok(id)
            }
            Err(crate::store::StoreError::IdentifierTaken(kind)) => {
                let mut entry = entry(caller, Action::SubjectCreate, None, None);
                entry.reason = Some("identifier_taken".into());
                self.audit.record(entry).await?;
                Err(ServiceError::IdentifierTaken(kind))
            }
            Err(other) => Err(other.into()),
        }
    }

    /// A new subject as it is stored: a fresh id and data key (wrapped by the active master
    /// key), every field and look-up identifier sealed under it, identifiers blind-indexed, a
    /// fresh pseudonym; with the names of the fields written (for the audit entry).
    pub(super) async fn seal_new_subject(
        &self,
        subject: &NewSubject,
    ) -> Result<(NewSubjectRecord, Vec<String>), ServiceError> {
        let id = SubjectId::generate();
        let dek = DataKey::generate()?;
        let wrapped = self.keys.wrap(&id, &dek).await?;
        let pseudonym = Pseudonym::generate()?;

        let mut written = Vec::new();
        let mut fields = Vec::new();
        for (field, value) in subject.fields() {
            fields.push((
                field.name(),
                dek.encrypt_field(&id, field.name(), value.as_bytes())?,
            ));
            written.push(field.name().to_owned());
        }
        let mut identifiers = Vec::new();
        for identifier in subject.lookup_identifiers() {
            identifiers.push(self.seal_identifier(&id, &dek, &identifier)?);
            let name = Field::Identifiers(identifier.kind()).name();
            if !written.contains(&name) {
                written.push(name);
            }
        }
        let record = NewSubjectRecord {
            id,
            kek_version: wrapped.version.0,
            wrapped_dek: wrapped.bytes,
            pseudonym_ct: dek.encrypt_field(&id, PSEUDONYM_FIELD, pseudonym.as_bytes())?,
            pseudonym_index: self.index.pseudonym(&pseudonym).to_vec(),
            index_key: self.index.write_key_id().to_owned(),
            fields,
            identifiers,
            minor_until_us: super::children::marker_change(
                subject,
                false,
                time::OffsetDateTime::now_utc(),
            )
            .flatten(),
        };
        Ok((record, written))
    }

    fn seal_identifier(
        &self,
        subject: &SubjectId,
        dek: &DataKey,
        identifier: &Identifier,
    ) -> Result<IdentifierRow, ServiceError> {
        let kind = identifier.kind();
        let name = Field::Identifiers(kind).name();
        Ok(IdentifierRow {
            kind,
            blind_index: self.index.identifier(kind, identifier.value()).to_vec(),
            alternates: self.index.identifier_alternates(kind, identifier.value()),
            retired: self.index.identifier_retired(kind, identifier.value()),
            ciphertext: dek.encrypt_field(subject, &name, identifier.value().as_bytes())?,
        })
    }

    /// Flags subject `id` (`suppression_match`) when one of `rows`, identifiers it was just
    /// given, is on the suppression list: it belonged to an erased customer. Every path that
    /// gives a subject an identifier calls this after storing it (creation, rectification of
    /// the email and phone fields, linking), so a channel that still holds the old data cannot
    /// bring the customer back into marketing. Returns whether one matched; the caller names
    /// [`SUPPRESSION_MATCH`] as the reason of its audit entry (never the value or its hash).
    /// The flag is never cleared.
    pub(super) async fn flag_if_suppressed(
        &self,
        id: &SubjectId,
        rows: &[IdentifierRow],
    ) -> Result<bool, ServiceError> {
        for row in rows {
            // Every key an entry may have been made under: the write key, the other look-up
            // key while a rotation is under way, and a retired one (docs/operations.md).
            let indexes = std::iter::once(&row.blind_index)
                .chain(&row.alternates)
                .chain(&row.retired);
            for index in indexes {
                if self.store.is_suppressed(row.kind, index).await? {
                    self.store.mark_suppression_match(id).await?;
                    return Ok(true);
                }
            }
        }
        Ok(false)
    }

    /// The subject holding an identifier (canonical value), under every look-up key.
    pub(super) async fn find_by_identifier(
        &self,
        kind: IdentifierType,
        canonical_value: &str,
    ) -> Result<Option<SubjectId>, ServiceError> {
        for index in self.index.identifier_all(kind, canonical_value) {
            if let Some(id) = self.store.find_by_identifier(kind, &index).await? {
                return Ok(Some(id));
            }
        }
        Ok(None)
    }

    /// Whether the subject carries an identifier of an erased customer.
    pub async fn matches_erased_identifier(&self, id: &SubjectId) -> Result<bool, ServiceError> {
        Ok(self.store.has_suppression_match(id).await?)
    }

    /// Reads a subject for a declared purpose: only the fields the purpose allows, after the
    /// policy decision, and after the decision is in the audit log.
    pub async fn read_subject(
        &self,
        caller: &Caller<'_>,
        purpose_header: Option<&str>,
        id: SubjectId,
    ) -> Result<SubjectDocument, ServiceError> {
        caller.require(permissions::CLIENTS)?;
        let (client, purpose) = self
            .declared_purpose(
                caller,
                Action::SubjectRead,
                Some(id),
                purpose_header,
                Scope::Person,
            )
            .await?;
        self.read_for_purpose(caller, Action::SubjectRead, &client, purpose, id)
            .await
    }

    /// Finds a subject by a channel identifier (through its blind index) and reads it as
    /// [`Vault::read_subject`] does. The purpose is checked before the look-up, and a
    /// customer the decision withholds answers `NotFound`, so a caller learns nothing about
    /// whether a customer exists unless it may read them.
    pub async fn lookup_subject(
        &self,
        caller: &Caller<'_>,
        purpose_header: Option<&str>,
        kind: &str,
        value: &str,
    ) -> Result<SubjectDocument, ServiceError> {
        caller.require(permissions::CLIENTS)?;
        let (client, purpose) = self
            .declared_purpose(
                caller,
                Action::SubjectLookup,
                None,
                purpose_header,
                Scope::Person,
            )
            .await?;
        let kind: IdentifierType = kind.parse().map_err(|_| {
            ServiceError::Invalid(vec![FieldError::new(
                "type",
                "must be one of email, phone, loyalty_card, device_id, marketplace_id, pos_customer",
            )])
        })?;
        let identifier = Identifier::parse(kind, value)
            .map_err(|msg| ServiceError::Invalid(vec![FieldError::new("value", msg)]))?;
        let found = self.find_by_identifier(kind, identifier.value()).await?;
        let Some(id) = found else {
            let mut e = entry(caller, Action::SubjectLookup, None, Some(&purpose));
            e.reason = Some("subject_not_found".into());
            self.audit.record(e).await?;
            return Err(ServiceError::NotFound);
        };
        // A customer the purpose may not see (no consent, objection, restriction) answers as
        // one that does not exist, so a look-up cannot be used to learn who is a customer;
        // the audit entry keeps the true reason.
        match self
            .read_for_purpose(caller, Action::SubjectLookup, &client, purpose, id)
            .await
        {
            Err(ServiceError::Denied(_)) => Err(ServiceError::NotFound),
            other => other,
        }
    }

    /// Parses the declared purpose and checks the client may use it for an answer of this
    /// `scope` (a person, or counts only), before any data is read or an identifier resolved.
    /// Every refusal is audited.
    pub(super) async fn declared_purpose(
        &self,
        caller: &Caller<'_>,
        action: Action,
        subject: Option<SubjectId>,
        header: Option<&str>,
        scope: Scope,
    ) -> Result<(ClientId, PurposeId), ServiceError> {
        let refuse = |reason: &str, purpose: Option<&PurposeId>| {
            let mut e = entry(caller, action, subject, purpose);
            e.reason = Some(reason.to_owned());
            e
        };
        let Some(header) = header else {
            self.audit.record(refuse("missing_purpose", None)).await?;
            return Err(ServiceError::MissingPurpose);
        };
        let Ok(purpose) = PurposeId::parse(header) else {
            self.audit.record(refuse("invalid_purpose", None)).await?;
            return Err(ServiceError::InvalidPurpose);
        };
        let Some(client) = caller.principal.client_id() else {
            self.audit
                .record(refuse("purpose_not_allowed_for_client", Some(&purpose)))
                .await?;
            return Err(ServiceError::Denied(DenyReason::PurposeNotAllowedForClient));
        };
        let checked = match scope {
            Scope::Person => self
                .policy
                .check_person_purpose_for_client(&client, &purpose),
            Scope::Aggregate => self.policy.check_purpose_for_client(&client, &purpose),
        };
        if let Err(reason) = checked {
            self.audit
                .record(refuse(reason.as_str(), Some(&purpose)))
                .await?;
            return Err(match reason {
                DenyReason::UnknownPurpose => ServiceError::UnknownPurpose,
                other => ServiceError::Denied(other),
            });
        }
        Ok((client, purpose))
    }

    async fn read_for_purpose(
        &self,
        caller: &Caller<'_>,
        action: Action,
        client: &ClientId,
        purpose: PurposeId,
        id: SubjectId,
    ) -> Result<SubjectDocument, ServiceError> {
        let opened = self
            .open_for_purpose(caller, action, client, purpose, id, &[])
            .await?;
        self.audit.record(opened.entry).await?;
        Ok(opened.document)
    }

    /// The common part of every read of personal fields: load, decide (for the fields present
    /// and the `event_types` asked for), open what is given (reduced views applied). A denial
    /// is audited here; when allowed, the audit entry is returned for the caller to complete
    /// and record before it answers, with the event types the decision gave and the subject's
    /// key material (for its pseudonym) as read in the same statement.
    pub(super) async fn open_for_purpose(
        &self,
        caller: &Caller<'_>,
        action: Action,
        client: &ClientId,
        purpose: PurposeId,
        id: SubjectId,
        event_types: &[String],
    ) -> Result<Opened, ServiceError> {
        let Some(DecisionRead {
            record,
            pseudonym_ct,
            inputs,
        }) = self
            .store
            .subject_for_decision(&id, purpose.as_str())
            .await?
        else {
            let missing = self.missing(&id).await;
            let mut e = entry(caller, action, Some(id), Some(&purpose));
            e.reason = Some(match missing {
                ServiceError::Gone => "erased".into(),
                _ => "subject_not_found".into(),
            });
            self.audit.record(e).await?;
            return Err(missing);
        };
        let present = present_fields(&record)?;
        let decision = self.decide_on(client, &purpose, &inputs, &present, event_types);
        let mut e = entry(caller, action, Some(id), Some(&purpose));
        if !decision.allowed {
            let reason = decision.reason.unwrap_or(DenyReason::NoConsent);
            e.reason = Some(reason.as_str().to_owned());
            self.audit.record(e).await?;
            return Err(ServiceError::Denied(reason));
        }
        let today = time::OffsetDateTime::now_utc().date();
        let data = self
            .open_fields(&record, &decision.given)
            .await?
            .into_iter()
            .map(|(field, value)| match decision.view(field) {
                // The purpose is granted a reduced view: the full value never leaves here.
                Some(t) => (field, Sensitive::new(t.apply(field, value.expose(), today))),
                None => (field, value),
            })
            .collect();
        e.allowed = true;
        e.fields_given = decision
            .given
            .iter()
            .map(|&f| match decision.view(f) {
                Some(t) => format!("{}({})", f.name(), t.name()),
                None => f.name(),
            })
            .collect();
        e.fields_withheld = decision.withheld.iter().map(|w| w.field.name()).collect();
        Ok(Opened {
            keys: SubjectKeys {
                kek_version: record.kek_version,
                wrapped_dek: record.wrapped_dek,
                pseudonym_ct,
            },
            document: SubjectDocument {
                id,
                purpose,
                data,
                withheld: decision.withheld,
            },
            entry: e,
            events_given: decision.events_given,
        })
    }

    /// The one decision for a read of `present` fields and `event_types`, on the subject's
    /// current state as the ledgers record it now (never cached).
    pub(super) async fn decide_for(
        &self,
        client: &ClientId,
        purpose: &PurposeId,
        id: &SubjectId,
        present: &[Field],
        event_types: &[String],
    ) -> Result<Decision, ServiceError> {
        let inputs = match self.policy.purpose(purpose) {
            Some(_) => self.store.decision_inputs(id, purpose.as_str()).await?,
            None => DecisionInputs::default(),
        };
        Ok(self.decide_on(client, purpose, &inputs, present, event_types))
    }

    /// The one decision on `inputs` the ledgers gave just now (see [`Vault::decide_for`]).
    pub(super) fn decide_on(
        &self,
        client: &ClientId,
        purpose: &PurposeId,
        inputs: &DecisionInputs,
        present: &[Field],
        event_types: &[String],
    ) -> Decision {
        let state = match self.policy.purpose(purpose) {
            Some(p) => SubjectState::from_ledgers(
                p,
                inputs.latest_consent.as_ref(),
                &inputs.objection_scopes,
                inputs.restricted,
            )
            .with_minor_until(inputs.minor_until_us, crate::store::now_us()),
            None => SubjectState::default(),
        };
        self.policy.decide(&AccessRequest {
            client,
            purpose,
            scope: Scope::Person,
            subject: &state,
            present,
            event_types,
            now: time::OffsetDateTime::now_utc(),
        })
    }

    /// Every event type of the policy: what a read of behaviour asks for when the caller named
    /// none (the decision then gives the purpose's own).
    pub(super) fn all_event_types(&self) -> Vec<String> {
        self.policy.event_types().map(|t| t.name.clone()).collect()
    }

    /// Unwraps the subject's data key and opens exactly the fields given, nothing else.
    pub(super) async fn open_fields(
        &self,
        record: &SubjectRecord,
        given: &[Field],
    ) -> Result<Vec<(Field, FieldValue)>, ServiceError> {
        if given.is_empty() {
            return Ok(Vec::new());
        }
        let wrapped = WrappedKey {
            version: KeyVersion(record.kek_version),
            bytes: record.wrapped_dek.clone(),
        };
        let dek = self.keys.unwrap(&record.id, &wrapped).await?;
        let open = |name: &str, sealed: &[u8]| -> Result<FieldValue, ServiceError> {
            let plain = dek.decrypt_field(&record.id, name, sealed)?;
            let text = std::str::from_utf8(&plain)
                .map_err(|_| anyhow::anyhow!("a decrypted field is not UTF-8"))?;
            Ok(Sensitive::new(text.to_owned()))
        };
        let mut out = Vec::with_capacity(given.len());
        for &field in given {
            match field {
                Field::Personal(p) => {
                    if let Some((_, sealed)) = record.fields.iter().find(|(n, _)| n == p.name()) {
                        out.push((field, open(p.name(), sealed)?));
                    }
                }
                Field::Identifiers(kind) => {
                    let name = field.name();
                    for (_, sealed) in record.identifiers.iter().filter(|(k, _)| *k == kind) {
                        out.push((field, open(&name, sealed)?));
                    }
                }
            }
        }
        Ok(out)
    }
}

/// A read that the decision allowed: what [`Vault::open_for_purpose`] gives its caller.
pub(super) struct Opened {
    /// The fields given, opened (reduced views applied).
    pub document: SubjectDocument,
    /// The allowed entry, for the caller to complete and record before it answers.
    pub entry: AuditEntry,
    /// The event types the decision gave.
    pub events_given: Vec<String>,
    /// The subject's key material, as read with the record (opens its pseudonym).
    pub keys: SubjectKeys,
}

/// The fields a stored subject has, in the stable order of [`Field::all`].
pub(super) fn present_fields(record: &SubjectRecord) -> Result<Vec<Field>, ServiceError> {
    let mut have = BTreeSet::new();
    for (name, _) in &record.fields {
        let field: Field = name
            .parse()
            .map_err(|e| anyhow::anyhow!("stored field: {e}"))?;
        have.insert(field);
    }
    for (kind, _) in &record.identifiers {
        have.insert(Field::Identifiers(*kind));
    }
    Ok(Field::all().filter(|f| have.contains(f)).collect())
}

/// A denied entry for `caller`; the use case fills in what it decided.
pub(super) fn entry(
    caller: &Caller<'_>,
    action: Action,
    subject: Option<SubjectId>,
    purpose: Option<&PurposeId>,
) -> AuditEntry {
    AuditEntry {
        actor_id: caller.principal.id.clone(),
        actor_role: caller.principal.role,
        action,
        subject,
        purpose: purpose.map(|p| p.as_str().to_owned()),
        fields_given: Vec::new(),
        fields_withheld: Vec::new(),
        allowed: false,
        reason: None,
        request_id: caller.request_id.to_owned(),
    }
}
