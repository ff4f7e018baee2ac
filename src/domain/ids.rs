use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};
use uuid::Uuid;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IdError {
    #[error("must be a UUID")]
    NotAUuid,
    #[error("must be 1 to 64 characters of a-z, 0-9 and _ starting with a letter")]
    BadPurposeId,
    #[error("must be 1 to 128 characters of A-Z, a-z, 0-9, '.', '_', '-' or ':'")]
    BadClientId,
}

/// The vault's own id for a customer. Random (UUID v4) so it leaks neither order nor time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct SubjectId(Uuid);

impl SubjectId {
    pub fn generate() -> Self {
        Self(Uuid::new_v4())
    }

    pub fn from_uuid(id: Uuid) -> Self {
        Self(id)
    }

    pub fn as_uuid(&self) -> &Uuid {
        &self.0
    }

    pub fn as_bytes(&self) -> &[u8; 16] {
        self.0.as_bytes()
    }
}

impl FromStr for SubjectId {
    type Err = IdError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Uuid::parse_str(s).map(Self).map_err(|_| IdError::NotAUuid)
    }
}

impl fmt::Display for SubjectId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.hyphenated().fmt(f)
    }
}

/// The one rule for snake_case names: `a-z`, `0-9` and `_`, starting with a letter, 1 to 64
/// characters. Purpose ids follow it, and so do the names of event types and their properties
/// in the policy.
pub fn is_snake_case_name(s: &str) -> bool {
    (1..=64).contains(&s.len())
        && s.starts_with(|c: char| c.is_ascii_lowercase())
        && s.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

/// A purpose id as named in `policies/purposes.toml`, e.g. `email_marketing`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
pub struct PurposeId(String);

impl PurposeId {
    pub fn parse(s: &str) -> Result<Self, IdError> {
        if is_snake_case_name(s) {
            Ok(Self(s.to_owned()))
        } else {
            Err(IdError::BadPurposeId)
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl<'de> Deserialize<'de> for PurposeId {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Self::parse(&s).map_err(serde::de::Error::custom)
    }
}

impl fmt::Display for PurposeId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The id of a calling system (the JWT `sub` of a client, DPO or admin token).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
pub struct ClientId(String);

impl ClientId {
    pub fn parse(s: &str) -> Result<Self, IdError> {
        let ok = (1..=128).contains(&s.len())
            && s.chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-' | ':'));
        if ok {
            Ok(Self(s.to_owned()))
        } else {
            Err(IdError::BadClientId)
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl<'de> Deserialize<'de> for ClientId {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Self::parse(&s).map_err(serde::de::Error::custom)
    }
}

impl fmt::Display for ClientId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn purpose_ids_are_snake_case() {
        assert!(PurposeId::parse("email_marketing").is_ok());
        for bad in ["", "Email", "1x", "a-b", "a b", &"x".repeat(65)] {
            assert_eq!(PurposeId::parse(bad), Err(IdError::BadPurposeId), "{bad}");
        }
    }

    #[test]
    fn client_ids_reject_spaces_and_quotes() {
        assert!(ClientId::parse("crm").is_ok());
        assert!(ClientId::parse("svc:mailer-1.eu").is_ok());
        assert!(ClientId::parse("x' or 1=1").is_err());
        assert!(ClientId::parse("").is_err());
    }

    #[test]
    fn subject_ids_must_be_uuids() {
        assert!("not-a-uuid".parse::<SubjectId>().is_err());
        let id = SubjectId::generate();
        assert_eq!(id.to_string().parse::<SubjectId>(), Ok(id));
    }
}
