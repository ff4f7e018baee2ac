//! Per-subject random pseudonyms for the behaviour store.

use std::fmt;

use super::{fill_random, CryptoError};

/// 128 random bits standing in for a subject in the behaviour store. Not personal data on its
/// own: the link back to the subject lives only in the vault.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Pseudonym([u8; 16]);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("pseudonym must be 32 hex characters")]
pub struct BadPseudonym;

impl Pseudonym {
    pub fn generate() -> Result<Pseudonym, CryptoError> {
        let mut bytes = [0u8; 16];
        fill_random(&mut bytes)?;
        Ok(Self(bytes))
    }

    pub fn from_bytes(bytes: [u8; 16]) -> Pseudonym {
        Self(bytes)
    }

    pub fn as_bytes(&self) -> &[u8; 16] {
        &self.0
    }

    /// Lower-case hex, 32 characters.
    pub fn to_hex(&self) -> String {
        hex::encode(self.0)
    }

    pub fn parse_hex(s: &str) -> Result<Pseudonym, BadPseudonym> {
        let mut bytes = [0u8; 16];
        hex::decode_to_slice(s, &mut bytes).map_err(|_| BadPseudonym)?;
        Ok(Self(bytes))
    }
}

impl fmt::Debug for Pseudonym {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // A prefix is enough to tell pseudonyms apart in a log line.
        write!(f, "Pseudonym({}…)", hex::encode(&self.0[..4]))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_pseudonyms_are_random() {
        assert_ne!(
            Pseudonym::generate().unwrap(),
            Pseudonym::generate().unwrap()
        );
    }

    #[test]
    fn hex_round_trip() {
        let p = Pseudonym::generate().unwrap();
        let hex = p.to_hex();
        assert_eq!(hex.len(), 32);
        assert_eq!(Pseudonym::parse_hex(&hex), Ok(p));
        assert_eq!(Pseudonym::parse_hex(&hex.to_uppercase()), Ok(p));
    }

    #[test]
    fn bad_hex_is_rejected() {
        for bad in ["", "00", &"0".repeat(31), &"0".repeat(34), &"g".repeat(32)] {
            assert_eq!(Pseudonym::parse_hex(bad), Err(BadPseudonym), "{bad}");
        }
    }

    #[test]
    fn debug_is_short() {
        let p = Pseudonym::from_bytes([0xab; 16]);
        assert_eq!(format!("{p:?}"), "Pseudonym(abababab…)");
    }
}
