//! How batch records name their subject: `{"id": …}` or `{"identifier": {"type", "value"}}`.

use serde::Deserialize;

use crate::domain::{FieldError, IdentifierType};
use crate::service::SubjectRef;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IdentifierRef {
    #[serde(rename = "type")]
    pub kind: String,
    pub value: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SubjectRefBody {
    #[serde(default, deserialize_with = "present")]
    pub id: Option<String>,
    #[serde(default, deserialize_with = "present")]
    pub identifier: Option<IdentifierRef>,
}

/// A member that may be left out but, when given, is not `null` (as the schema says).
fn present<'de, D, T>(d: D) -> Result<Option<T>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: Deserialize<'de>,
{
    T::deserialize(d).map(Some)
}

impl SubjectRefBody {
    pub fn parse(self) -> Result<SubjectRef, FieldError> {
        match (self.id, self.identifier) {
            (Some(id), None) => id
                .parse()
                .map(SubjectRef::Id)
                .map_err(|_| FieldError::new("/subject/id", "must be a UUID")),
            (None, Some(i)) => {
                let kind = i.kind.parse::<IdentifierType>().map_err(|_| {
                    FieldError::new("/subject/identifier/type", "is not an identifier type")
                })?;
                Ok(SubjectRef::Identifier(kind, i.value))
            }
            _ => Err(FieldError::new("/subject", "give either id or identifier")),
        }
    }
}
