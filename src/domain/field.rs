use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// A personal-data field of a subject. Each is encrypted on its own, with its name bound into
/// the ciphertext, and each is allowed or withheld on its own by the policy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum PersonalField {
    Email,
    Phone,
    FirstName,
    LastName,
    BirthDate,
    Language,
    AddressLine1,
    AddressLine2,
    PostalCode,
    City,
    Country,
}

impl PersonalField {
    pub const ALL: [PersonalField; 11] = [
        Self::Email,
        Self::Phone,
        Self::FirstName,
        Self::LastName,
        Self::BirthDate,
        Self::Language,
        Self::AddressLine1,
        Self::AddressLine2,
        Self::PostalCode,
        Self::City,
        Self::Country,
    ];

    pub const ADDRESS: [PersonalField; 5] = [
        Self::AddressLine1,
        Self::AddressLine2,
        Self::PostalCode,
        Self::City,
        Self::Country,
    ];

    /// The stable name used in policies, the audit log, the API and the encryption AAD.
    pub fn name(self) -> &'static str {
        match self {
            Self::Email => "email",
            Self::Phone => "phone",
            Self::FirstName => "first_name",
            Self::LastName => "last_name",
            Self::BirthDate => "birth_date",
            Self::Language => "language",
            Self::AddressLine1 => "address.line1",
            Self::AddressLine2 => "address.line2",
            Self::PostalCode => "address.postal_code",
            Self::City => "address.city",
            Self::Country => "address.country",
        }
    }

    /// The key under `address` in API documents, for the address sub-fields.
    pub fn address_key(self) -> Option<&'static str> {
        self.name().strip_prefix("address.")
    }
}

/// The kinds of channel identifier a subject can be found by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum IdentifierType {
    Email,
    Phone,
    LoyaltyCard,
    DeviceId,
    MarketplaceId,
    PosCustomer,
}

impl IdentifierType {
    pub const ALL: [IdentifierType; 6] = [
        Self::Email,
        Self::Phone,
        Self::LoyaltyCard,
        Self::DeviceId,
        Self::MarketplaceId,
        Self::PosCustomer,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Self::Email => "email",
            Self::Phone => "phone",
            Self::LoyaltyCard => "loyalty_card",
            Self::DeviceId => "device_id",
            Self::MarketplaceId => "marketplace_id",
            Self::PosCustomer => "pos_customer",
        }
    }
}

impl FromStr for IdentifierType {
    type Err = UnknownField;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::ALL
            .into_iter()
            .find(|t| t.name() == s)
            .ok_or_else(|| UnknownField(s.to_owned()))
    }
}

impl fmt::Display for IdentifierType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Anything the policy can allow or withhold: a personal field or the identifiers of one type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Field {
    Personal(PersonalField),
    Identifiers(IdentifierType),
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown field '{0}'")]
pub struct UnknownField(pub String);

impl Field {
    /// Every field, in a stable order (personal fields first).
    pub fn all() -> impl Iterator<Item = Field> {
        PersonalField::ALL
            .into_iter()
            .map(Field::Personal)
            .chain(IdentifierType::ALL.into_iter().map(Field::Identifiers))
    }

    /// Expands a policy name into fields: a field name (`email`, `address.city`,
    /// `identifiers.loyalty_card`) or a group (`address`, `identifiers`).
    pub fn expand(name: &str) -> Result<Vec<Field>, UnknownField> {
        match name {
            "address" => Ok(PersonalField::ADDRESS.map(Field::Personal).to_vec()),
            "identifiers" => Ok(IdentifierType::ALL.map(Field::Identifiers).to_vec()),
            _ => name.parse().map(|f| vec![f]),
        }
    }

    /// Whether the field names or reaches one person on its own (GDPR Recital 26): email,
    /// phone, names, street lines and every channel identifier. Birth date, language, postal
    /// code, city and country only narrow a group down.
    pub fn is_direct_identifier(self) -> bool {
        match self {
            Field::Personal(p) => matches!(
                p,
                PersonalField::Email
                    | PersonalField::Phone
                    | PersonalField::FirstName
                    | PersonalField::LastName
                    | PersonalField::AddressLine1
                    | PersonalField::AddressLine2
            ),
            Field::Identifiers(_) => true,
        }
    }

    pub fn name(self) -> String {
        match self {
            Field::Personal(p) => p.name().to_owned(),
            Field::Identifiers(t) => format!("identifiers.{}", t.name()),
        }
    }
}

impl FromStr for Field {
    type Err = UnknownField;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        if let Some(t) = s.strip_prefix("identifiers.") {
            return t
                .parse()
                .map(Field::Identifiers)
                .map_err(|_| UnknownField(s.to_owned()));
        }
        PersonalField::ALL
            .into_iter()
            .find(|p| p.name() == s)
            .map(Field::Personal)
            .ok_or_else(|| UnknownField(s.to_owned()))
    }
}

impl fmt::Display for Field {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.name())
    }
}

impl Serialize for Field {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_field_name_parses_back() {
        for f in Field::all() {
            assert_eq!(f.name().parse::<Field>(), Ok(f));
        }
    }

    #[test]
    fn groups_expand() {
        assert_eq!(Field::expand("address").map(|v| v.len()), Ok(5));
        assert_eq!(Field::expand("identifiers").map(|v| v.len()), Ok(6));
        assert_eq!(
            Field::expand("email"),
            Ok(vec![Field::Personal(PersonalField::Email)])
        );
        assert!(Field::expand("password").is_err());
        assert!(Field::expand("identifiers.passport").is_err());
    }
}
