//! Which purposes apply to a subject now: what retention keeps data for and what the access
//! answer lists (the rule is [`crate::policy::applicable_purposes`]; this loads its ledgers).

use std::collections::HashSet;

use super::{ServiceError, Vault};
use crate::domain::{PurposeId, SubjectId};
use crate::policy::{applicable_purposes, time_from_us};

impl Vault {
    /// The purposes that apply to `subject` at `now_us`, from its consent and objection
    /// ledgers as they stand.
    pub(super) async fn purposes_applying(
        &self,
        subject: &SubjectId,
        now_us: i64,
    ) -> Result<HashSet<PurposeId>, ServiceError> {
        let history = self.store.consent_history(subject).await?;
        let scopes = self.store.objection_scopes_in_force(subject).await?;
        let now = time_from_us(now_us).unwrap_or_else(time::OffsetDateTime::now_utc);
        Ok(applicable_purposes(&self.policy, &history, &scopes, now))
    }
}
