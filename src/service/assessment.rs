//! A DPO's assessment of an objection to a purpose that claims compelling legitimate grounds
//! (`objection_stops = false` in `purposes.toml`, e.g. fraud prevention). Such an objection is
//! recorded like any other and stops the purpose for the subject until it is assessed
//! (Art. 21(1), Art. 18(1)(d)); the DPO then documents the outcome: `overridden` (the grounds
//! override the objection, which no longer counts but stays in the ledger) or `upheld` (it
//! stands). Append-only and audited as `objection.assessed`.

use serde::Serialize;

use super::permissions;
use super::subjects::{entry, Caller};
use super::{ServiceError, Vault};
use crate::audit::Action;
use crate::domain::{FieldError, PurposeId, SubjectId};
use crate::policy::purpose_scope;

/// The longest `grounds` text.
pub const MAX_GROUNDS_CHARS: usize = 2_000;

/// What the DPO concluded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum AssessmentOutcome {
    /// Compelling legitimate grounds override the objection: processing goes on.
    Overridden,
    /// The objection stands: the purpose stays stopped for the subject.
    Upheld,
}

impl AssessmentOutcome {
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "overridden" => Some(Self::Overridden),
            "upheld" => Some(Self::Upheld),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Overridden => "overridden",
            Self::Upheld => "upheld",
        }
    }
}

/// A recorded assessment, as answered.
#[derive(Debug, Clone, Serialize)]
pub struct ObjectionAssessment {
    pub subject: SubjectId,
    pub scope: String,
    pub outcome: AssessmentOutcome,
}

impl Vault {
    /// Records the DPO's assessment of the subject's objection to `purpose` (see the module
    /// documentation). Refused with field errors for a purpose that is not assessable (a
    /// direct-marketing purpose or one an objection always stops: Art. 21(3) leaves nothing
    /// to weigh) or for empty or overlong grounds, and with `Conflict` when no objection to it
    /// is in force.
    pub async fn assess_objection(
        &self,
        caller: &Caller<'_>,
        subject: SubjectId,
        purpose: &str,
        outcome: &str,
        grounds: &str,
    ) -> Result<ObjectionAssessment, ServiceError> {
        caller.require(permissions::DPOS)?;
        let mut errors = Vec::new();
        let found = PurposeId::parse(purpose)
            .ok()
            .and_then(|id| self.policy.purpose(&id));
        match found {
            None => errors.push(FieldError::new(
                "/purpose",
                "is not a purpose defined in the policy",
            )),
            Some(p) if !p.objection_needs_assessment() => errors.push(FieldError::new(
                "/purpose",
                "an objection to this purpose is not weighed: it stops it (or does not apply)",
            )),
            Some(_) => {}
        }
        let outcome_parsed = AssessmentOutcome::parse(outcome);
        if outcome_parsed.is_none() {
            errors.push(FieldError::new("/outcome", "must be overridden or upheld"));
        }
        let grounds = grounds.trim();
        if grounds.is_empty() || grounds.chars().count() > MAX_GROUNDS_CHARS {
            errors.push(FieldError::new(
                "/grounds",
                format!("must be 1 to {MAX_GROUNDS_CHARS} characters: the documented balancing"),
            ));
        } else if crate::domain::looks_like_direct_identifier(grounds) {
            errors.push(FieldError::new(
                "/grounds",
                "must not hold an email address or a phone number",
            ));
        }
        let (Some(p), Some(outcome), true) = (found, outcome_parsed, errors.is_empty()) else {
            return Err(ServiceError::Invalid(errors));
        };
        if !self.store.subject_exists(&subject).await? {
            return Err(self.missing(&subject).await);
        }
        let scope = purpose_scope(p.id.as_str());
        let recorded = self
            .store
            .append_objection_assessment(
                &subject,
                &scope,
                outcome.as_str(),
                grounds,
                &caller.principal.id,
                caller.request_id,
            )
            .await?;
        let mut e = entry(
            caller,
            Action::ObjectionAssessed,
            Some(subject),
            Some(&p.id),
        );
        if !recorded {
            e.reason = Some("no_objection_in_force".to_owned());
            self.audit.record(e).await?;
            return Err(ServiceError::Conflict(
                "no objection to this purpose is in force for the subject".to_owned(),
            ));
        }
        e.allowed = true;
        e.reason = Some(outcome.as_str().to_owned());
        self.audit.record(e).await?;
        Ok(ObjectionAssessment {
            subject,
            scope,
            outcome,
        })
    }
}
