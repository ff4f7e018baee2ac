//! Children (GDPR Art. 8, Recitals 38 and 71): a consent grant below the digital consent age
//! needs a parent's consent, and minors are never profiled or targeted. The birth date stays
//! encrypted: it is opened here, under the subject's data key, only to decide a grant, and
//! never logged; reads use the coarse marker `subjects.minor_until_us` instead
//! ([`minor_marker`]).

use time::OffsetDateTime;
use zeroize::Zeroizing;

use super::subjects::Caller;
use super::{ServiceError, Vault};
use crate::audit::Action;
use crate::domain::{BirthDate, ConsentDecision, NewSubject, PersonalField, SubjectId};
use crate::policy::Purpose;

/// The evidence key that carries a reference to a parent's (holder of parental
/// responsibility's) consent.
pub const PARENTAL_CONSENT_REF: &str = "parental_consent_ref";

/// The coarse minor marker for a birth date (`YYYY-MM-DD`, already validated) at `now`, in
/// microseconds: `Some` only while the person counts as a minor (see
/// [`BirthDate::minor_until`]); `None` for an adult.
pub(super) fn minor_marker(birth_date: &str, now: OffsetDateTime) -> Option<i64> {
    let birth = BirthDate::parse(birth_date, now.date()).ok()?;
    let until = birth.minor_until();
    (until > now).then(|| micros(until))
}

/// The marker change a new subject or a rectification makes: `Some(marker)` when the birth
/// date is set or cleared, `None` when it is not touched.
pub(super) fn marker_change(
    set: &NewSubject,
    cleared: bool,
    now: OffsetDateTime,
) -> Option<Option<i64>> {
    match set.fields().find(|(f, _)| *f == PersonalField::BirthDate) {
        Some((_, value)) => Some(minor_marker(value, now)),
        None if cleared => Some(None),
        None => None,
    }
}

fn micros(t: OffsetDateTime) -> i64 {
    i64::try_from(t.unix_timestamp_nanos() / 1_000).unwrap_or(i64::MAX)
}

impl Vault {
    /// Art. 8(1): a grant for a subject younger than the digital consent age (of their
    /// `address.country`, else the controller's default) on the day it was collected is
    /// refused, `parental-consent-required`, unless its evidence names a parent's consent.
    /// A subject without a birth date is taken as the channel reports them. The refusal is
    /// audited; the birth date appears in no error, log or audit entry.
    pub(super) async fn check_digital_consent_age(
        &self,
        caller: &Caller<'_>,
        subject: SubjectId,
        purpose: &Purpose,
        decision: &ConsentDecision,
    ) -> Result<(), ServiceError> {
        if decision.evidence.get(PARENTAL_CONSENT_REF).is_some() {
            return Ok(());
        }
        let Some(record) = self.store.load_subject(&subject).await? else {
            return Err(self.missing(&subject).await);
        };
        let sealed = |field: PersonalField| {
            record
                .fields
                .iter()
                .find(|(name, _)| name == field.name())
                .map(|(_, ct)| ct)
        };
        let Some(birth_ct) = sealed(PersonalField::BirthDate) else {
            return Ok(());
        };
        let (dek, _) = self.data_key(&subject).await?;
        // Plain values live only here, wiped when dropped.
        let open = |field: PersonalField, ct: &[u8]| -> Result<Zeroizing<String>, ServiceError> {
            let plain = dek.decrypt_field(&subject, field.name(), ct)?;
            std::str::from_utf8(&plain)
                .map(|s| Zeroizing::new(s.to_owned()))
                .map_err(|_| anyhow::anyhow!("a decrypted field is not UTF-8").into())
        };
        let birth = open(PersonalField::BirthDate, birth_ct)?;
        let Ok(birth) = BirthDate::parse(&birth, OffsetDateTime::now_utc().date()) else {
            return Ok(());
        };
        let country = match sealed(PersonalField::Country) {
            Some(ct) => Some(open(PersonalField::Country, ct)?),
            None => None,
        };
        if !self.below_digital_consent_age(&birth, country.as_deref().map(String::as_str), decision)
        {
            return Ok(());
        }
        let mut e = super::subjects::entry(
            caller,
            Action::ConsentGranted,
            Some(subject),
            Some(&purpose.id),
        );
        e.reason = Some("parental_consent_required".to_owned());
        self.audit.record(e).await?;
        Err(ServiceError::ParentalConsentRequired)
    }
}

impl Vault {
    /// Whether a person born on `birth` in `country` (`address.country`, else the
    /// controller's default) was below the digital consent age on the day `decision` was
    /// collected, and it names no parent's consent: the rule of
    /// [`Vault::check_digital_consent_age`], for a subject whose values are at hand (a new
    /// subject of a bulk creation).
    pub(super) fn below_digital_consent_age(
        &self,
        birth: &BirthDate,
        country: Option<&str>,
        decision: &ConsentDecision,
    ) -> bool {
        if decision.evidence.get(PARENTAL_CONSENT_REF).is_some() {
            return false;
        }
        let age_limit = self.policy.controller().digital_consent_age(country);
        birth.age_on(decision.collected_at.date()) < i32::from(age_limit)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn the_marker_is_the_year_after_the_eighteenth_birthday_and_only_for_minors() {
        let now = datetime!(2026-12-05 10:00 UTC);
        // Born 2012: 18 in 2030, a minor until 2031-01-01.
        assert_eq!(
            minor_marker("2012-03-04", now),
            Some(micros(datetime!(2031-01-01 0:00 UTC)))
        );
        assert_eq!(
            minor_marker("2012-12-31", now),
            Some(micros(datetime!(2031-01-01 0:00 UTC)))
        );
        // Born 2008: 18 this year, still marked until the year ends (conservative).
        assert_eq!(
            minor_marker("2008-01-01", now),
            Some(micros(datetime!(2027-01-01 0:00 UTC)))
        );
        // Born 2007: 18 last year, an adult.
        assert_eq!(minor_marker("2007-12-31", now), None);
        assert_eq!(minor_marker("1988-04-12", now), None);
        assert_eq!(minor_marker("not a date", now), None);
    }

    #[test]
    fn age_on_counts_full_years() {
        let b = BirthDate::parse("2010-06-15", datetime!(2026-12-05 0:00 UTC).date()).unwrap();
        assert_eq!(b.age_on(time::macros::date!(2026 - 06 - 14)), 15);
        assert_eq!(b.age_on(time::macros::date!(2026 - 06 - 15)), 16);
        let leap = BirthDate::parse("2008-02-29", datetime!(2026-12-05 0:00 UTC).date()).unwrap();
        assert_eq!(leap.age_on(time::macros::date!(2024 - 02 - 28)), 15);
        assert_eq!(leap.age_on(time::macros::date!(2024 - 02 - 29)), 16);
        assert_eq!(leap.age_on(time::macros::date!(2025 - 02 - 28)), 16);
        assert_eq!(leap.age_on(time::macros::date!(2025 - 03 - 01)), 17);
    }
}
