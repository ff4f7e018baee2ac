//! A consent decision as a channel reports it (design §4), parsed and checked: status, channel,
//! times, notice version, evidence (never a raw IP), optional expiry and operator.

use std::collections::BTreeMap;
use std::net::IpAddr;

use serde::Serialize;
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

use super::FieldError;

/// How far in the future a client's `collected_at` may lie (clock skew between systems).
pub const MAX_CLOCK_SKEW: time::Duration = time::Duration::minutes(5);

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ConsentStatus {
    Granted,
    Withdrawn,
    Refused,
}

impl ConsentStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Granted => "granted",
            Self::Withdrawn => "withdrawn",
            Self::Refused => "refused",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "granted" => Some(Self::Granted),
            "withdrawn" => Some(Self::Withdrawn),
            "refused" => Some(Self::Refused),
            _ => None,
        }
    }
}

/// Where a decision (or a request) was collected.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    Web,
    App,
    Store,
    CallCentre,
    Marketplace,
    Social,
    Email,
    Sms,
    /// A push notification of the app.
    Push,
    /// Letters and catalogues.
    Post,
}

impl Channel {
    pub const ALL: [Channel; 10] = [
        Self::Web,
        Self::App,
        Self::Store,
        Self::CallCentre,
        Self::Marketplace,
        Self::Social,
        Self::Email,
        Self::Sms,
        Self::Push,
        Self::Post,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Web => "web",
            Self::App => "app",
            Self::Store => "store",
            Self::CallCentre => "call_centre",
            Self::Marketplace => "marketplace",
            Self::Social => "social",
            Self::Email => "email",
            Self::Sms => "sms",
            Self::Push => "push",
            Self::Post => "post",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.as_str() == s)
    }

    /// Channels where a person (an operator) captures the decision for the customer.
    pub fn needs_operator(self) -> bool {
        matches!(self, Self::Store | Self::CallCentre)
    }
}

/// The evidence keys accepted. Anything else is refused, so no personal data can slip in
/// under a made-up key.
///
/// `event_ref` names a behavioural event (its uuid in the behaviour store): a spam complaint or
/// an unsubscribe that withdrew a consent (`service/feedback.rs`), so the ledger shows which
/// act of the customer ended it.
pub const EVIDENCE_KEYS: [&str; 9] = [
    "double_opt_in_ref",
    "parental_consent_ref",
    "form_id",
    "ip_hash",
    "user_agent_hash",
    "tcf_tc_string",
    "recording_ref",
    "document_ref",
    "event_ref",
];

/// Proof of how the decision was collected; values are short references, hashes or a TCF
/// TC string, never an address, email or phone number.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Evidence(BTreeMap<String, String>);

impl Evidence {
    pub fn get(&self, key: &str) -> Option<&str> {
        self.0.get(key).map(String::as_str)
    }

    pub fn insert(&mut self, key: &str, value: String) {
        self.0.insert(key.to_owned(), value);
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string(&self.0).unwrap_or_else(|_| "{}".to_owned())
    }

    pub fn from_json(s: &str) -> Self {
        Self(serde_json::from_str(s).unwrap_or_default())
    }

    pub fn as_map(&self) -> &BTreeMap<String, String> {
        &self.0
    }

    fn parse(raw: &BTreeMap<String, String>, errors: &mut Vec<FieldError>) -> Self {
        let mut out = BTreeMap::new();
        for (key, value) in raw {
            let pointer = format!("/evidence/{key}");
            if matches!(key.as_str(), "ip" | "ip_address" | "remote_addr") {
                errors.push(FieldError::new(
                    pointer,
                    "a raw IP address is not accepted: send ip_hash (e.g. SHA-256, hex)",
                ));
                continue;
            }
            if !EVIDENCE_KEYS.contains(&key.as_str()) {
                errors.push(FieldError::new(
                    "/evidence",
                    format!(
                        "unknown evidence key; allowed: {}",
                        EVIDENCE_KEYS.join(", ")
                    ),
                ));
                continue;
            }
            let v = value.trim();
            let max = if key == "tcf_tc_string" { 8192 } else { 256 };
            let problem = if v.is_empty() || v.len() > max {
                Some("must be 1 to 256 characters (TC strings up to 8192)")
            } else if v.chars().any(char::is_control) {
                Some("must not contain control characters")
            } else if v.parse::<IpAddr>().is_ok() {
                Some("a raw IP address is not accepted: hash it")
            } else if v.contains('@') {
                Some("must not contain an email address")
            } else if key.ends_with("_hash") && !is_hash(v) {
                Some("must be a hex digest of at least 32 characters (e.g. SHA-256)")
            } else {
                None
            };
            match problem {
                Some(msg) => errors.push(FieldError::new(pointer, msg)),
                None => {
                    out.insert(key.clone(), v.to_owned());
                }
            }
        }
        Self(out)
    }
}

fn is_hash(v: &str) -> bool {
    let hex = v.strip_prefix("sha256:").unwrap_or(v);
    hex.len() >= 32 && hex.len() <= 128 && hex.chars().all(|c| c.is_ascii_hexdigit())
}

/// The raw decision as received.
#[derive(Debug, Default, Clone)]
pub struct RawConsentDecision<'a> {
    pub status: &'a str,
    pub source: &'a str,
    pub collected_at: &'a str,
    pub policy_version: &'a str,
    pub evidence: BTreeMap<String, String>,
    pub expires_at: Option<&'a str>,
    pub operator_id: Option<&'a str>,
}

/// A consent decision that passed every check that needs no policy or database.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConsentDecision {
    pub status: ConsentStatus,
    pub source: Channel,
    pub collected_at: OffsetDateTime,
    pub policy_version: String,
    pub evidence: Evidence,
    pub expires_at: Option<OffsetDateTime>,
    pub operator_id: Option<String>,
}

fn parse_time(raw: &str, pointer: &str, errors: &mut Vec<FieldError>) -> Option<OffsetDateTime> {
    match OffsetDateTime::parse(raw.trim(), &Rfc3339) {
        Ok(t) => Some(t),
        Err(_) => {
            errors.push(FieldError::new(
                pointer,
                "must be an RFC 3339 time such as 2026-11-23T10:00:00Z",
            ));
            None
        }
    }
}

impl ConsentDecision {
    /// Parses and checks a decision received at `now`; one error per bad field.
    pub fn parse(
        raw: &RawConsentDecision<'_>,
        now: OffsetDateTime,
    ) -> Result<Self, Vec<FieldError>> {
        let mut errors = Vec::new();
        let status = ConsentStatus::parse(raw.status);
        if status.is_none() {
            errors.push(FieldError::new(
                "/status",
                "must be granted, withdrawn or refused",
            ));
        }
        let source = Channel::parse(raw.source);
        if source.is_none() {
            errors.push(FieldError::new(
                "/source",
                "must be one of web, app, store, call_centre, marketplace, social, email",
            ));
        }
        let collected_at = parse_time(raw.collected_at, "/collected_at", &mut errors);
        if let Some(t) = collected_at {
            if t > now + MAX_CLOCK_SKEW {
                errors.push(FieldError::new(
                    "/collected_at",
                    "must not be in the future (more than 5 minutes ahead of the vault's clock)",
                ));
            }
            if t.year() < 2000 {
                errors.push(FieldError::new("/collected_at", "must not be before 2000"));
            }
        }
        let version = raw.policy_version.trim();
        if version.is_empty() || version.len() > 64 || version.chars().any(char::is_control) {
            errors.push(FieldError::new(
                "/policy_version",
                "must be the notice version shown, 1 to 64 characters",
            ));
        }
        let evidence = Evidence::parse(&raw.evidence, &mut errors);
        let expires_at = raw
            .expires_at
            .and_then(|e| parse_time(e, "/expires_at", &mut errors));
        if let (Some(exp), Some(col)) = (expires_at, collected_at) {
            if exp <= col {
                errors.push(FieldError::new("/expires_at", "must be after collected_at"));
            }
        }
        let operator_id = raw.operator_id.map(str::trim).filter(|o| !o.is_empty());
        if let Some(op) = operator_id {
            let ok = op.len() <= 64
                && op
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | ':'));
            if !ok {
                errors.push(FieldError::new(
                    "/operator_id",
                    "must be an operator reference of up to 64 letters, digits, '-', '_', '.', ':'",
                ));
            }
        }
        if source.is_some_and(Channel::needs_operator) && operator_id.is_none() {
            errors.push(FieldError::new(
                "/operator_id",
                "is required when consent is captured in a store or call centre",
            ));
        }
        match (status, source, collected_at) {
            (Some(status), Some(source), Some(collected_at)) if errors.is_empty() => Ok(Self {
                status,
                source,
                collected_at,
                policy_version: version.to_owned(),
                evidence,
                expires_at,
                operator_id: operator_id.map(str::to_owned),
            }),
            _ => Err(errors),
        }
    }
}

/// The raw withdrawal of objections as received (the scopes are checked against the policy by
/// the service).
#[derive(Debug, Default, Clone)]
pub struct RawObjectionWithdrawal<'a> {
    pub source: &'a str,
    pub collected_at: &'a str,
    pub evidence: BTreeMap<String, String>,
}

/// How and when the subject lifted objections: the channel, the time it was collected (the
/// consent ledger's rules) and evidence (the consent ledger's closed set of keys).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ObjectionWithdrawal {
    pub source: Channel,
    pub collected_at: OffsetDateTime,
    pub evidence: Evidence,
}

impl ObjectionWithdrawal {
    /// Parses and checks a withdrawal received at `now`; one error per bad field.
    pub fn parse(
        raw: &RawObjectionWithdrawal<'_>,
        now: OffsetDateTime,
    ) -> Result<Self, Vec<FieldError>> {
        let mut errors = Vec::new();
        let source = Channel::parse(raw.source);
        if source.is_none() {
            errors.push(FieldError::new(
                "/source",
                "must be one of web, app, store, call_centre, marketplace, social, email",
            ));
        }
        let collected_at = parse_time(raw.collected_at, "/collected_at", &mut errors);
        if let Some(t) = collected_at {
            if t > now + MAX_CLOCK_SKEW {
                errors.push(FieldError::new(
                    "/collected_at",
                    "must not be in the future (more than 5 minutes ahead of the vault's clock)",
                ));
            }
            if t.year() < 2000 {
                errors.push(FieldError::new("/collected_at", "must not be before 2000"));
            }
        }
        let evidence = Evidence::parse(&raw.evidence, &mut errors);
        match (source, collected_at) {
            (Some(source), Some(collected_at)) if errors.is_empty() => Ok(Self {
                source,
                collected_at,
                evidence,
            }),
            _ => Err(errors),
        }
    }
}

/// Why processing is restricted (Art. 18(1)(a)–(d)).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RestrictionGround {
    AccuracyContested,
    UnlawfulProcessing,
    LegalClaims,
    ObjectionPending,
    /// Set by the vault, never asked for: an erasure that a retention duty blocks
    /// (Art. 17(3)(b)); it cannot be lifted until the duty ends.
    ErasureBlocked,
}

impl RestrictionGround {
    /// The grounds a request may name ([`RestrictionGround::ErasureBlocked`] is the vault's).
    pub const ALL: [RestrictionGround; 4] = [
        Self::AccuracyContested,
        Self::UnlawfulProcessing,
        Self::LegalClaims,
        Self::ObjectionPending,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::AccuracyContested => "accuracy_contested",
            Self::UnlawfulProcessing => "unlawful_processing",
            Self::LegalClaims => "legal_claims",
            Self::ObjectionPending => "objection_pending",
            Self::ErasureBlocked => "erasure_blocked",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|g| g.as_str() == s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    const NOW: OffsetDateTime = datetime!(2026-11-23 12:00 UTC);

    fn raw() -> RawConsentDecision<'static> {
        RawConsentDecision {
            status: "granted",
            source: "web",
            collected_at: "2026-11-23T11:59:00Z",
            policy_version: "2026-01",
            ..Default::default()
        }
    }

    fn fields(errs: Vec<FieldError>) -> Vec<String> {
        errs.into_iter().map(|e| e.field).collect()
    }

    #[test]
    fn a_plain_grant_parses() {
        let d = ConsentDecision::parse(&raw(), NOW).unwrap();
        assert_eq!(d.status, ConsentStatus::Granted);
        assert_eq!(d.source, Channel::Web);
    }

    #[test]
    fn collected_at_far_in_the_future_is_refused_small_skew_is_not() {
        let mut r = raw();
        r.collected_at = "2026-11-23T12:04:00Z";
        assert!(ConsentDecision::parse(&r, NOW).is_ok());
        r.collected_at = "2027-01-01T00:00:00Z";
        assert_eq!(
            fields(ConsentDecision::parse(&r, NOW).unwrap_err()),
            ["/collected_at"]
        );
    }

    #[test]
    fn raw_ips_and_emails_are_not_evidence() {
        let mut r = raw();
        r.evidence.insert("ip".into(), "203.0.113.7".into());
        r.evidence.insert("form_id".into(), "2001:db8::1".into());
        r.evidence
            .insert("double_opt_in_ref".into(), "jane@example.com".into());
        r.evidence.insert("ip_hash".into(), "not-hex".into());
        let errs = ConsentDecision::parse(&r, NOW).unwrap_err();
        assert_eq!(errs.len(), 4);
        assert!(errs.iter().all(|e| !e.message.contains("203.0.113.7")));
    }

    #[test]
    fn store_and_call_centre_need_an_operator() {
        let mut r = raw();
        r.source = "store";
        assert_eq!(
            fields(ConsentDecision::parse(&r, NOW).unwrap_err()),
            ["/operator_id"]
        );
        r.operator_id = Some("op-17");
        assert_eq!(
            ConsentDecision::parse(&r, NOW)
                .unwrap()
                .operator_id
                .as_deref(),
            Some("op-17")
        );
    }

    #[test]
    fn expiry_must_follow_collection_and_bad_words_are_named() {
        let mut r = raw();
        r.expires_at = Some("2026-01-01T00:00:00Z");
        r.status = "maybe";
        r.source = "fax";
        assert_eq!(
            fields(ConsentDecision::parse(&r, NOW).unwrap_err()),
            ["/status", "/source", "/expires_at"]
        );
    }
}
