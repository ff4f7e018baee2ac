//! Consent decisions, restriction (Art. 18) and objection (Art. 21): recorded as new ledger
//! rows, never by changing old ones, each audited; consent decisions come with a signed receipt.

use serde::Serialize;
use uuid::Uuid;

use super::permissions;
use super::subjects::{entry, Caller};
use super::{ServiceError, Vault};
use crate::audit::Action;
use crate::domain::{
    Channel, ConsentDecision, ConsentStatus, FieldError, Identifier, IdentifierType,
    ObjectionWithdrawal, PurposeId, RestrictionGround, Role, SubjectId, TcString,
};
use crate::domain::{ConsentRecord, Evidence, ObjectionRecord, RestrictionRecord};

/// Evidence values that are hashes of something a table could reverse (an IP address, a user
/// agent): stored keyed ([`Vault::keyed_evidence`]).
const KEYED_EVIDENCE: [&str; 2] = ["ip_hash", "user_agent_hash"];
use crate::policy::{
    consent_state, covering_scope, covers, purpose_scope, time_from_us, SCOPE_DIRECT_MARKETING,
    SCOPE_SALE_OR_SHARING,
};
use crate::policy::{ConsentState, DenyReason, LegalBasis, Purpose};
use crate::store::{now_us, ConsentLedgers, NewObjectionWithdrawal};

/// A recorded decision and its receipt (a compact JWS the customer can keep).
#[derive(Debug)]
pub struct ConsentRecorded {
    pub record: ConsentRecord,
    pub receipt: String,
}

/// How a batch item names its subject.
#[derive(Debug, Clone)]
pub enum SubjectRef {
    Id(SubjectId),
    Identifier(IdentifierType, String),
}

/// One record of a batch import; `decision` holds the parse errors of a malformed record so
/// they are reported in its place.
#[derive(Debug)]
pub struct BatchItem {
    pub subject: SubjectRef,
    pub purpose: String,
    pub decision: Result<ConsentDecision, Vec<FieldError>>,
}

/// The current state of one consent-based purpose.
#[derive(Debug)]
pub struct CurrentConsent {
    pub purpose: PurposeId,
    /// `granted`, `withdrawn`, `refused`, `expired`, `reconsent_required` or `none`.
    pub state: &'static str,
    /// Whether reads for the purpose are allowed by consent now.
    pub effective: bool,
    pub record: Option<ConsentRecord>,
}

/// Everything recorded about a subject's consents, objections and restriction. For a client,
/// only what concerns the purposes it is registered for.
#[derive(Debug)]
pub struct ConsentOverview {
    pub subject: SubjectId,
    pub current: Vec<CurrentConsent>,
    pub history: Vec<ConsentRecord>,
    /// The objection ledger: objections and their withdrawals, oldest first.
    pub objections: Vec<ObjectionRecord>,
    /// The objection scopes in force now.
    pub objections_in_force: Vec<String>,
    pub restriction: Option<RestrictionRecord>,
}

/// What a withdrawal of objections did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ObjectionsWithdrawn {
    /// The scopes withdrawn now (those asked for that were in force).
    pub withdrawn: Vec<String>,
    /// The scopes still in force afterwards.
    pub in_force: Vec<String>,
}

/// The receipt's claims, after the Kantara consent receipt (v1.1) and ISO/IEC TS 27560: what
/// the person may keep as proof of what they decided, under which notice, with whom. No
/// evidence (hashes, TC strings, references), no operator: those stay in the ledger.
#[derive(Serialize)]
struct ReceiptClaims<'a> {
    iss: &'static str,
    iat: i64,
    jti: String,
    version: &'static str,
    consent_receipt_id: String,
    pii_principal_id: String,
    /// The controller (`controller.toml`); absent when the policy names none.
    #[serde(skip_serializing_if = "Option::is_none")]
    pii_controller: Option<ReceiptController<'a>>,
    consent_timestamp: i64,
    recorded_at: i64,
    collection_method: &'a str,
    status: &'a str,
    legal_basis: &'static str,
    notice_version: &'a str,
    /// The published notice's address and the SHA-256 of its text (`notices.toml`); absent
    /// for a withdrawal or refusal that names no published notice.
    #[serde(skip_serializing_if = "Option::is_none")]
    policy_url: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    notice_sha256: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    expires_at: Option<i64>,
    services: [ReceiptService<'a>; 1],
    /// How to withdraw, in words.
    withdrawal: String,
}

#[derive(Serialize)]
struct ReceiptController<'a> {
    name: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    country: Option<&'a str>,
}

#[derive(Serialize)]
struct ReceiptService<'a> {
    service: &'a str,
    purposes: [ReceiptPurpose<'a>; 1],
}

#[derive(Serialize)]
struct ReceiptPurpose<'a> {
    /// The purpose in words (its description in `purposes.toml`).
    purpose: &'a str,
    purpose_category: Vec<&'a str>,
    /// `EXPLICIT` for a grant; `WITHDRAWN` or `REFUSED` for a decision that gives no consent.
    consent_type: &'static str,
    pii_category: Vec<&'a str>,
    primary_purpose: bool,
    termination: String,
    third_party_disclosure: bool,
}

/// The evidence keys `purpose` requires (`required_evidence`) that a grant lacks.
pub(super) fn missing_evidence(purpose: &Purpose, decision: &ConsentDecision) -> Vec<String> {
    purpose
        .required_evidence
        .iter()
        .filter(|k| decision.evidence.get(k).is_none())
        .cloned()
        .collect()
}

/// The purpose a `purpose:<id>` scope names.
fn scope_purpose(scope: &str) -> Option<PurposeId> {
    scope
        .strip_prefix("purpose:")
        .and_then(|p| PurposeId::parse(p).ok())
}

fn us(t: time::OffsetDateTime) -> i64 {
    i64::try_from(t.unix_timestamp_nanos() / 1_000).unwrap_or(i64::MAX)
}

impl Vault {
    pub(super) fn consent_purpose(&self, purpose: &str) -> Result<&Purpose, ServiceError> {
        let id = PurposeId::parse(purpose).map_err(|_| ServiceError::UnknownPurpose)?;
        let p = self
            .policy
            .purpose(&id)
            .ok_or(ServiceError::UnknownPurpose)?;
        if p.legal_basis != LegalBasis::Consent {
            return Err(ServiceError::ConsentNotApplicable(p.legal_basis));
        }
        Ok(p)
    }

    /// Refuses, audited as `action`, a client that is registered for aggregate-only purposes
    /// only ([`crate::policy::Policy::client_sees_people`]): it gets counts, never anything
    /// about one person, not even whether they exist. Other callers pass.
    async fn refuse_aggregate_only_client(
        &self,
        caller: &Caller<'_>,
        action: Action,
        subject: SubjectId,
    ) -> Result<(), ServiceError> {
        let Some(client) = caller.principal.client_id() else {
            return Ok(());
        };
        if caller.principal.role != Role::Client || self.policy.client_sees_people(&client) {
            return Ok(());
        }
        let mut e = entry(caller, action, Some(subject), None);
        e.reason = Some(DenyReason::AggregateOnly.as_str().to_owned());
        self.audit.record(e).await?;
        Err(ServiceError::Denied(DenyReason::AggregateOnly))
    }

    /// The evidence as stored: hashed values a client sends (`ip_hash`, `user_agent_hash`,
    /// unsalted hashes a table reverses) are hashed again under the vault's index key, so the
    /// ledger that outlives an erasure cannot be turned back into an address (Recital 26).
    /// Deterministic: the same value gives the same stored hash, so proof can be compared.
    pub(super) fn keyed_evidence(&self, evidence: &Evidence) -> String {
        let mut keyed = evidence.clone();
        for key in KEYED_EVIDENCE {
            if let Some(value) = evidence.get(key) {
                keyed.insert(key, hex::encode(self.index.evidence(key, value)));
            }
        }
        keyed.to_json()
    }

    async fn require_subject(&self, id: &SubjectId) -> Result<(), ServiceError> {
        if self.store.subject_exists(id).await? {
            Ok(())
        } else {
            Err(self.missing(id).await)
        }
    }

    /// The client's side of recording something about `subject` that concerns `covered`
    /// (the purposes a consent decision, an objection or its withdrawal is about): a client
    /// must be registered for one of them, and for a `grant` (a consent grant, or lifting an
    /// objection) list one in `records_consent`. Other roles pass: a DPO or an operator
    /// acts on a rights request, a customer on their own record. A refusal is audited as
    /// `action` for `purpose`.
    async fn check_recorder(
        &self,
        caller: &Caller<'_>,
        action: Action,
        subject: SubjectId,
        purpose: Option<&PurposeId>,
        covered: &[&Purpose],
        grant: bool,
    ) -> Result<(), ServiceError> {
        if caller.principal.role != Role::Client {
            return Ok(());
        }
        let mut reason = DenyReason::PurposeNotAllowedForClient;
        if let Some(client) = caller.principal.client_id() {
            for p in covered {
                match self.policy.check_record_for_client(&client, &p.id, grant) {
                    Ok(_) => return Ok(()),
                    Err(r @ (DenyReason::GrantNotAllowedForClient | DenyReason::AggregateOnly)) => {
                        reason = r;
                    }
                    Err(_) => {}
                }
            }
        }
        let mut e = entry(caller, action, Some(subject), purpose);
        e.reason = Some(reason.as_str().to_owned());
        self.audit.record(e).await?;
        Err(ServiceError::Denied(reason))
    }

    /// Audits a refused consent decision and returns the refusal.
    async fn refuse_consent(
        &self,
        caller: &Caller<'_>,
        action: Action,
        subject: SubjectId,
        purpose: &PurposeId,
        reason: &str,
        err: ServiceError,
    ) -> Result<ConsentRecorded, ServiceError> {
        let mut e = entry(caller, action, Some(subject), Some(purpose));
        e.reason = Some(reason.to_owned());
        self.audit.record(e).await?;
        Err(err)
    }

    /// The purposes an objection to `scope` covers.
    fn covered_by(&self, scope: &str) -> Vec<&Purpose> {
        self.policy
            .purposes()
            .filter(|p| covers(scope, p))
            .collect()
    }

    /// Checks an attached IAB TCF TC string: it must decode, and a grant must be backed by
    /// consent to every TCF purpose the policy maps to ours (`policies/tcf.toml`).
    pub(super) fn check_tcf(
        &self,
        purpose: &Purpose,
        decision: &ConsentDecision,
    ) -> Result<(), ServiceError> {
        let Some(tc) = decision.evidence.get("tcf_tc_string") else {
            return Ok(());
        };
        let pointer = "/evidence/tcf_tc_string";
        let tc = TcString::parse(tc)
            .map_err(|e| ServiceError::Invalid(vec![FieldError::new(pointer, e.to_string())]))?;
        if decision.status != ConsentStatus::Granted {
            return Ok(());
        }
        let required = self
            .policy
            .tcf_purposes(&purpose.id)
            .cloned()
            .unwrap_or_default();
        let missing: Vec<String> = required
            .iter()
            .filter(|p| !tc.has_purpose_consent(**p))
            .map(u8::to_string)
            .collect();
        if missing.is_empty() {
            Ok(())
        } else {
            Err(ServiceError::Invalid(vec![FieldError::new(
                pointer,
                format!(
                    "the TC string does not consent to TCF purpose(s) {} that {} requires",
                    missing.join(", "),
                    purpose.id
                ),
            )]))
        }
    }

    /// Records one consent decision for `purpose`, returns the record and a signed receipt.
    /// With `gpc` (a `Sec-GPC: 1` header on a web-channel request) an objection to sale or
    /// sharing is recorded too.
    pub async fn record_consent(
        &self,
        caller: &Caller<'_>,
        subject: SubjectId,
        purpose: &str,
        decision: ConsentDecision,
        gpc: bool,
    ) -> Result<ConsentRecorded, ServiceError> {
        caller.require_for(permissions::WRITERS_OR_SUBJECTS, &subject)?;
        let purpose = self.consent_purpose(purpose)?;
        self.check_tcf(purpose, &decision)?;
        let action = match decision.status {
            ConsentStatus::Granted => Action::ConsentGranted,
            ConsentStatus::Withdrawn => Action::ConsentWithdrawn,
            ConsentStatus::Refused => Action::ConsentRefused,
        };
        let grant = decision.status == ConsentStatus::Granted;
        self.check_recorder(
            caller,
            action,
            subject,
            Some(&purpose.id),
            &[purpose],
            grant,
        )
        .await?;
        self.require_subject(&subject).await?;
        if grant {
            // Proof of consent (Art. 7(1)): the notice shown is published and covers the
            // purpose.
            if !self.notice_published(purpose, &decision) {
                return self
                    .refuse_consent(
                        caller,
                        action,
                        subject,
                        &purpose.id,
                        "unknown_notice",
                        ServiceError::UnknownNotice,
                    )
                    .await;
            }
            // Art. 8: below the digital consent age, only with a parent's consent.
            self.check_digital_consent_age(caller, subject, purpose, &decision)
                .await?;
            // Only the customer may give marketing consent again once their identifier was
            // erased: neither an import nor a system may restore it for them.
            if purpose.direct_marketing
                && caller.principal.role != Role::Subject
                && self.store.has_suppression_match(&subject).await?
            {
                let err = ServiceError::Conflict(
                    "marketing consent for this customer must be given by the customer \
                     (PUT /v1/me/consents/{purpose}), not recorded for them"
                        .into(),
                );
                return self
                    .refuse_consent(
                        caller,
                        action,
                        subject,
                        &purpose.id,
                        "matches_erased_identifier",
                        err,
                    )
                    .await;
            }
            // A grant under an objection would be recorded and never count: refuse it, so the
            // caller learns that the objection must be withdrawn first.
            let scopes = self.store.objection_scopes_in_force(&subject).await?;
            if let Some(scope) = covering_scope(purpose, &scopes) {
                let err = ServiceError::ObjectionInForce(scope.to_owned());
                return self
                    .refuse_consent(
                        caller,
                        action,
                        subject,
                        &purpose.id,
                        "objection_in_force",
                        err,
                    )
                    .await;
            }
            // The proof a grant must carry, once it would count: the evidence its purpose
            // requires.
            let missing = missing_evidence(purpose, &decision);
            if !missing.is_empty() {
                return self
                    .refuse_consent(
                        caller,
                        action,
                        subject,
                        &purpose.id,
                        "evidence_required",
                        ServiceError::EvidenceRequired(missing),
                    )
                    .await;
            }
        }
        let row = self.consent_row(caller, subject, purpose, &decision);
        let record = self.store.append_consent(&row).await?;
        let mut e = entry(caller, action, Some(subject), Some(&purpose.id));
        e.allowed = true;
        self.audit.record(e).await?;
        if grant {
            // The customer asked again: a spam complaint no longer holds the channels back.
            self.lift_spam_complaints(caller, subject, purpose).await?;
        }
        if gpc && decision.source == Channel::Web {
            self.record_objection_scopes(
                caller,
                subject,
                vec![SCOPE_SALE_OR_SHARING.to_owned()],
                Channel::Web,
                "gpc",
            )
            .await?;
        }
        let receipt = self.sign_receipt(purpose, &record)?;
        Ok(ConsentRecorded { record, receipt })
    }

    /// Proof of consent (Art. 7(1)): the notice a grant names is published and covers the
    /// purpose.
    pub(super) fn notice_published(&self, purpose: &Purpose, decision: &ConsentDecision) -> bool {
        self.policy
            .notice(&decision.policy_version)
            .is_some_and(|n| n.covers(&purpose.id))
    }

    /// The ledger row of a checked decision, as it is appended.
    pub(super) fn consent_row(
        &self,
        caller: &Caller<'_>,
        subject: SubjectId,
        purpose: &Purpose,
        decision: &ConsentDecision,
    ) -> ConsentRecord {
        ConsentRecord {
            seq: 0,
            id: Uuid::new_v4(),
            subject_id: subject,
            purpose: purpose.id.clone(),
            status: decision.status,
            legal_basis: purpose.legal_basis.as_str().to_owned(),
            source: decision.source.as_str().to_owned(),
            collected_at_us: us(decision.collected_at),
            recorded_at_us: now_us(),
            policy_version: decision.policy_version.clone(),
            evidence: self.keyed_evidence(&decision.evidence),
            expires_at_us: decision.expires_at.map(us),
            operator_id: decision.operator_id.clone(),
            recorded_by: caller.principal.id.clone(),
            request_id: caller.request_id.to_owned(),
        }
    }

    fn sign_receipt(&self, purpose: &Purpose, r: &ConsentRecord) -> Result<String, ServiceError> {
        let categories: std::collections::BTreeSet<&str> = purpose
            .fields
            .iter()
            .map(|f| self.policy.category(*f))
            .collect();
        let controller = self.policy.controller();
        let notice = self
            .policy
            .notice(&r.policy_version)
            .filter(|n| n.covers(&purpose.id));
        let (consent_type, termination) = match r.status {
            ConsentStatus::Granted => (
                "EXPLICIT",
                match r.expires_at_us.and_then(time_from_us) {
                    Some(t) => format!("expires {t}, or when withdrawn"),
                    None => "until withdrawn".to_owned(),
                },
            ),
            ConsentStatus::Withdrawn => ("WITHDRAWN", "ended by this withdrawal".to_owned()),
            ConsentStatus::Refused => ("REFUSED", "no consent was given".to_owned()),
        };
        let mut withdrawal = format!(
            "You may withdraw this consent at any time, as easily as you gave it: with the \
             unsubscribe link in any message, in your account (PUT /v1/me/consents/{}, status \
             withdrawn)",
            purpose.id
        );
        if let Some(url) = &controller.withdraw_url {
            withdrawal.push_str(&format!(", or at {url}"));
        }
        withdrawal.push_str(". Withdrawing does not affect processing before it.");
        let claims = ReceiptClaims {
            iss: "custodia",
            iat: r.recorded_at_us / 1_000_000,
            jti: r.id.to_string(),
            version: "KI-CR-v1.1.0",
            consent_receipt_id: r.id.to_string(),
            pii_principal_id: r.subject_id.to_string(),
            pii_controller: (!controller.name.is_empty()).then(|| ReceiptController {
                name: &controller.name,
                country: controller.country.as_deref(),
            }),
            consent_timestamp: r.collected_at_us / 1_000_000,
            recorded_at: r.recorded_at_us / 1_000_000,
            collection_method: &r.source,
            status: r.status.as_str(),
            legal_basis: purpose.legal_basis.as_str(),
            notice_version: &r.policy_version,
            policy_url: notice.map(|n| n.url.as_str()),
            notice_sha256: notice.map(|n| n.sha256.as_str()),
            expires_at: r.expires_at_us.map(|e| e / 1_000_000),
            services: [ReceiptService {
                service: purpose.id.as_str(),
                purposes: [ReceiptPurpose {
                    purpose: &purpose.description,
                    purpose_category: purpose.fides_data_use.as_deref().into_iter().collect(),
                    consent_type,
                    pii_category: categories.into_iter().collect(),
                    primary_purpose: true,
                    termination,
                    third_party_disclosure: purpose.sale_or_sharing,
                }],
            }],
            withdrawal,
        };
        Ok(self.receipts.sign(&claims)?)
    }

    /// Records a batch of decisions (a channel's existing opt-ins); one result per item, in
    /// order, each checked exactly as [`Vault::record_consent`] checks one. A bad item never
    /// stops the others.
    pub async fn record_consent_batch(
        &self,
        caller: &Caller<'_>,
        items: Vec<BatchItem>,
    ) -> Vec<Result<ConsentRecorded, ServiceError>> {
        let mut results = Vec::with_capacity(items.len());
        for item in items {
            let outcome = async {
                // Not a `Result` as a whole: a caller the import does not admit gets the
                // refusal in every item's place.
                caller.require(permissions::WRITERS)?;
                let decision = item.decision.map_err(ServiceError::Invalid)?;
                let id = self.resolve(&item.subject).await?;
                self.record_consent(caller, id, &item.purpose, decision, false)
                    .await
            };
            results.push(outcome.await);
        }
        results
    }

    pub(super) async fn resolve(&self, subject: &SubjectRef) -> Result<SubjectId, ServiceError> {
        match subject {
            SubjectRef::Id(id) => Ok(*id),
            SubjectRef::Identifier(kind, value) => {
                let identifier = Identifier::parse(*kind, value).map_err(|msg| {
                    ServiceError::Invalid(vec![FieldError::new("/subject/identifier/value", msg)])
                })?;
                self.find_by_identifier(*kind, identifier.value())
                    .await?
                    .ok_or(ServiceError::NotFound)
            }
        }
    }

    /// The current state of every consent-based purpose, from a subject's consent history.
    pub(super) fn current_consents(&self, history: &[ConsentRecord]) -> Vec<CurrentConsent> {
        let now = time::OffsetDateTime::now_utc();
        self.policy
            .purposes()
            .filter(|p| p.legal_basis == LegalBasis::Consent)
            .map(|p| {
                let latest = history.iter().rev().find(|r| r.purpose == p.id);
                let (state, effective) = match consent_state(p, latest) {
                    ConsentState::None => ("none", false),
                    ConsentState::Granted {
                        expires_at: Some(t),
                    } if t <= now => ("expired", false),
                    ConsentState::Granted { .. } => ("granted", true),
                    ConsentState::Withdrawn => ("withdrawn", false),
                    ConsentState::Refused => ("refused", false),
                    ConsentState::ReconsentRequired => ("reconsent_required", false),
                };
                CurrentConsent {
                    purpose: p.id.clone(),
                    state,
                    effective,
                    record: latest.cloned(),
                }
            })
            .collect()
    }

    /// Current state per consent-based purpose, the full history, the objection ledger with the
    /// scopes in force, and the restriction; for a client, only the purposes it is registered
    /// for (and the objections covering one of them).
    pub async fn consent_overview(
        &self,
        caller: &Caller<'_>,
        subject: SubjectId,
    ) -> Result<ConsentOverview, ServiceError> {
        caller.require_for(permissions::STEWARDS_OR_SUBJECTS, &subject)?;
        self.refuse_aggregate_only_client(caller, Action::ConsentRead, subject)
            .await?;
        let Some(ConsentLedgers {
            mut history,
            mut objections,
            mut objections_in_force,
            restriction,
        }) = self.store.consent_ledgers(&subject).await?
        else {
            return Err(self.missing(&subject).await);
        };
        let mut current = self.current_consents(&history);
        // A client sees what concerns the purposes it is registered for, nothing of the
        // others (a mailer learns nothing of a customer's personalisation choices).
        let mut e = entry(caller, Action::ConsentRead, Some(subject), None);
        if caller.principal.role == Role::Client {
            let client = caller
                .principal
                .client_id()
                .and_then(|c| self.policy.client(&c));
            let registered = |p: &str| {
                PurposeId::parse(p)
                    .ok()
                    .is_some_and(|p| client.is_some_and(|c| c.may_use(&p)))
            };
            let concerns = |scope: &str| {
                self.covered_by(scope)
                    .iter()
                    .any(|p| registered(p.id.as_str()))
            };
            current.retain(|c| registered(c.purpose.as_str()));
            history.retain(|r| registered(r.purpose.as_str()));
            objections.retain(|o| concerns(&o.scope));
            objections_in_force.retain(|s| concerns(s));
            e.reason = Some("registered_purposes".to_owned());
        }
        e.allowed = true;
        self.audit.record(e).await?;
        Ok(ConsentOverview {
            subject,
            current,
            history,
            objections,
            objections_in_force,
            restriction,
        })
    }

    /// Restricts processing (Art. 18); reads are then denied except for purposes the policy
    /// allows under restriction. Recording it again while restricted changes nothing.
    pub async fn restrict(
        &self,
        caller: &Caller<'_>,
        subject: SubjectId,
        ground: RestrictionGround,
    ) -> Result<Option<RestrictionRecord>, ServiceError> {
        caller.require_for(permissions::STEWARDS_OR_SUBJECTS, &subject)?;
        self.set_restriction(caller, subject, Some(ground)).await
    }

    /// Lifts a restriction; lifting when none is in force changes nothing. Returns the newest
    /// restriction record (none if the subject was never restricted).
    pub async fn lift_restriction(
        &self,
        caller: &Caller<'_>,
        subject: SubjectId,
    ) -> Result<Option<RestrictionRecord>, ServiceError> {
        caller.require_for(permissions::STEWARDS_OR_SUBJECTS, &subject)?;
        self.set_restriction(caller, subject, None).await
    }

    async fn set_restriction(
        &self,
        caller: &Caller<'_>,
        subject: SubjectId,
        ground: Option<RestrictionGround>,
    ) -> Result<Option<RestrictionRecord>, ServiceError> {
        let action = if ground.is_some() {
            Action::RestrictionSet
        } else {
            Action::RestrictionLifted
        };
        self.refuse_aggregate_only_client(caller, action, subject)
            .await?;
        self.require_subject(&subject).await?;
        let restrict = ground.is_some();
        let current = self.store.latest_restriction(&subject).await?;
        let blocked = RestrictionGround::ErasureBlocked.as_str();
        if !restrict && current.as_ref().and_then(|r| r.reason.as_deref()) == Some(blocked) {
            return Err(ServiceError::Conflict(
                "processing is blocked by an erasure that a legal retention duty holds back;                  it ends when the duty does"
                    .to_owned(),
            ));
        }
        if current.as_ref().map(|r| r.restricted).unwrap_or(false) != restrict {
            let reason = ground.map(RestrictionGround::as_str);
            self.store
                .append_restriction(
                    &subject,
                    restrict,
                    reason,
                    now_us(),
                    &caller.principal.id,
                    caller.request_id,
                )
                .await?;
            let action = if restrict {
                Action::RestrictionSet
            } else {
                Action::RestrictionLifted
            };
            let mut e = entry(caller, action, Some(subject), None);
            e.allowed = true;
            e.reason = reason.map(str::to_owned);
            self.audit.record(e).await?;
            self.notify_recipients(subject, super::NotifyAction::restriction(restrict))
                .await?;
        }
        Ok(self.store.latest_restriction(&subject).await?)
    }

    /// Records an objection (Art. 21). Objecting to any direct-marketing purpose stops every
    /// direct-marketing purpose; other objections stop the named purposes where the policy
    /// says an objection does (legitimate interest, public task).
    pub async fn object(
        &self,
        caller: &Caller<'_>,
        subject: SubjectId,
        purposes: &[String],
        direct_marketing: bool,
        source: Channel,
    ) -> Result<Vec<String>, ServiceError> {
        caller.require_for(permissions::STEWARDS_OR_SUBJECTS, &subject)?;
        let mut scopes = Vec::new();
        let mut errors = Vec::new();
        let mut marketing = direct_marketing;
        for (i, name) in purposes.iter().enumerate() {
            let pointer = format!("/purposes/{i}");
            let Some(p) = PurposeId::parse(name)
                .ok()
                .and_then(|id| self.policy.purpose(&id))
            else {
                errors.push(FieldError::new(
                    pointer,
                    "is not a purpose defined in the policy",
                ));
                continue;
            };
            if p.direct_marketing {
                marketing = true;
            } else if p.open_to_objection() {
                // Also a purpose that claims compelling grounds: recorded, and it stops until
                // a DPO's assessment overrides it (Art. 21(1), Art. 18(1)(d)).
                scopes.push(purpose_scope(p.id.as_str()));
            } else {
                errors.push(FieldError::new(
                    pointer,
                    format!(
                        "an objection does not apply to this purpose (legal basis {}{})",
                        p.legal_basis.as_str(),
                        if p.legal_basis == LegalBasis::Consent {
                            ": withdraw the consent instead"
                        } else {
                            ""
                        }
                    ),
                ));
            }
        }
        if !errors.is_empty() {
            return Err(ServiceError::Invalid(errors));
        }
        if marketing {
            scopes.insert(0, SCOPE_DIRECT_MARKETING.to_owned());
        }
        if scopes.is_empty() {
            return Err(ServiceError::Invalid(vec![FieldError::new(
                "/purposes",
                "name at least one purpose, or set direct_marketing",
            )]));
        }
        // A client records an objection only for purposes it is registered for: each one it
        // names, and for `direct_marketing` alone one of the direct-marketing purposes.
        for name in purposes {
            if let Some(p) = PurposeId::parse(name)
                .ok()
                .and_then(|id| self.policy.purpose(&id))
            {
                self.check_recorder(
                    caller,
                    Action::ObjectionRecorded,
                    subject,
                    Some(&p.id),
                    &[p],
                    false,
                )
                .await?;
            }
        }
        if direct_marketing {
            let covered = self.covered_by(SCOPE_DIRECT_MARKETING);
            self.check_recorder(
                caller,
                Action::ObjectionRecorded,
                subject,
                None,
                &covered,
                false,
            )
            .await?;
        }
        self.require_subject(&subject).await?;
        self.record_objection_scopes(caller, subject, scopes.clone(), source, "request")
            .await?;
        Ok(scopes)
    }

    /// Withdraws objections (Art. 21): each scope asked for that is in force gets a new
    /// withdrawal row in the objection ledger (never a delete), audited as
    /// `objection.withdrawn`; a scope not in force is left as it is (withdrawing twice
    /// changes nothing). Lifting an objection lets processing start again, so a client needs
    /// what a consent grant needs: a purpose the scope covers in its `records_consent`.
    pub async fn withdraw_objections(
        &self,
        caller: &Caller<'_>,
        subject: SubjectId,
        scopes: &[String],
        withdrawal: ObjectionWithdrawal,
    ) -> Result<ObjectionsWithdrawn, ServiceError> {
        caller.require_for(permissions::STEWARDS_OR_SUBJECTS, &subject)?;
        let mut wanted: Vec<String> = Vec::new();
        let mut errors = Vec::new();
        for (i, scope) in scopes.iter().enumerate() {
            let known = scope == SCOPE_DIRECT_MARKETING
                || scope == SCOPE_SALE_OR_SHARING
                || scope
                    .strip_prefix("purpose:")
                    .and_then(|p| PurposeId::parse(p).ok())
                    .is_some_and(|p| self.policy.purpose(&p).is_some());
            if !known {
                errors.push(FieldError::new(
                    format!("/scopes/{i}"),
                    "must be direct_marketing, sale_or_sharing or purpose:<id> of a purpose \
                     defined in the policy",
                ));
            } else if !wanted.contains(scope) {
                wanted.push(scope.clone());
            }
        }
        if scopes.is_empty() {
            errors.push(FieldError::new("/scopes", "name at least one scope"));
        }
        if !errors.is_empty() {
            return Err(ServiceError::Invalid(errors));
        }
        for scope in &wanted {
            let purpose = scope_purpose(scope);
            let covered = self.covered_by(scope);
            self.check_recorder(
                caller,
                Action::ObjectionWithdrawn,
                subject,
                purpose.as_ref(),
                &covered,
                true,
            )
            .await?;
        }
        self.require_subject(&subject).await?;
        let evidence = self.keyed_evidence(&withdrawal.evidence);
        let withdrawn = self
            .store
            .append_objection_withdrawals(
                &subject,
                &wanted,
                &NewObjectionWithdrawal {
                    source: withdrawal.source.as_str(),
                    collected_at_us: us(withdrawal.collected_at),
                    evidence: &evidence,
                    recorded_at_us: now_us(),
                    recorded_by: &caller.principal.id,
                    request_id: caller.request_id,
                },
            )
            .await?;
        for scope in &withdrawn {
            let purpose = scope_purpose(scope);
            let mut e = entry(
                caller,
                Action::ObjectionWithdrawn,
                Some(subject),
                purpose.as_ref(),
            );
            e.allowed = true;
            e.reason = Some(if purpose.is_some() {
                "request".to_owned()
            } else {
                format!("request:{scope}")
            });
            self.audit.record(e).await?;
        }
        let in_force = self.store.objection_scopes_in_force(&subject).await?;
        Ok(ObjectionsWithdrawn {
            withdrawn,
            in_force,
        })
    }

    pub(super) async fn record_objection_scopes(
        &self,
        caller: &Caller<'_>,
        subject: SubjectId,
        scopes: Vec<String>,
        source: Channel,
        why: &str,
    ) -> Result<(), ServiceError> {
        self.store
            .append_objections(
                &subject,
                &scopes,
                source.as_str(),
                now_us(),
                &caller.principal.id,
                caller.request_id,
            )
            .await?;
        for scope in scopes {
            let purpose = scope_purpose(&scope);
            let mut e = entry(
                caller,
                Action::ObjectionRecorded,
                Some(subject),
                purpose.as_ref(),
            );
            e.allowed = true;
            e.reason = Some(if purpose.is_some() {
                why.to_owned()
            } else {
                format!("{why}:{scope}")
            });
            self.audit.record(e).await?;
        }
        Ok(())
    }
}
