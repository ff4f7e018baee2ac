//! IAB TCF v2 (2.0 to 2.3) TC strings: the consent signal a CMP stores for ad-tech purposes.
//!
//! Only the core segment (the part before the first `.`) is decoded, and only up to and including
//! `PublisherCC`; the vendor sections and any further segments are kept verbatim in
//! [`TcString::as_str`] as evidence but not interpreted. Core segment layout (big-endian bit
//! fields, offsets in bits):
//!
//! | offset | bits | field                  |
//! |-------:|-----:|------------------------|
//! |      0 |    6 | Version (must be 2)    |
//! |      6 |   36 | Created (deciseconds)  |
//! |     42 |   36 | LastUpdated            |
//! |     78 |   12 | CmpId                  |
//! |     90 |   12 | CmpVersion             |
//! |    102 |    6 | ConsentScreen          |
//! |    108 |   12 | ConsentLanguage        |
//! |    120 |   12 | VendorListVersion      |
//! |    132 |    6 | TcfPolicyVersion       |
//! |    138 |    1 | IsServiceSpecific      |
//! |    139 |    1 | UseNonStandardTexts    |
//! |    140 |   12 | SpecialFeatureOptIns   |
//! |    152 |   24 | PurposesConsent        |
//! |    176 |   24 | PurposesLITransparency |
//! |    200 |    1 | PurposeOneTreatment    |
//! |    201 |   12 | PublisherCC            |
//! |    213 |      | vendor sections...     |
//!
//! A segment is base64url text read as a stream of 6-bit groups, one per character. It is decoded
//! character by character rather than as bytes because encoders don't agree on padding: some emit
//! a length that is not a whole number of bytes, which byte-oriented base64 decoders reject.

use std::collections::BTreeSet;

use time::OffsetDateTime;

/// Longest accepted input, all segments included.
pub const MAX_TC_STRING_LEN: usize = 8 * 1024;

/// The only TC string `Version` this module decodes.
const SUPPORTED_VERSION: u8 = 2;

/// Bits in the core segment up to and including `PublisherCC`.
const MIN_CORE_BITS: usize = 213;

/// Purposes are numbered 1 to 24 in the TCF v2 purpose bit fields.
const PURPOSE_COUNT: u8 = 24;

/// Why a TC string was refused. Messages never echo the input.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TcfError {
    #[error("TC string is empty")]
    Empty,
    #[error("TC string is longer than {MAX_TC_STRING_LEN} bytes")]
    TooLong,
    #[error("TC string has an empty segment")]
    EmptySegment,
    #[error("TC string is not base64url text")]
    NotBase64Url,
    #[error("TC string core segment is too short")]
    TooShort,
    #[error("TC string version {0} is not supported (expected 2)")]
    UnsupportedVersion(u8),
    #[error("TC string consent language is not two letters A-Z")]
    InvalidLanguage,
    #[error("TC string timestamp is out of range")]
    InvalidTimestamp,
}

/// A decoded TCF v2 TC string. Once one exists, its core segment was well formed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TcString {
    raw: String,
    version: u8,
    created: OffsetDateTime,
    last_updated: OffsetDateTime,
    cmp_id: u16,
    vendor_list_version: u16,
    policy_version: u8,
    consent_language: [u8; 2],
    /// Bit `24 - p` (counting from the least significant bit) is purpose `p`.
    purpose_consents: u32,
    purpose_legitimate_interests: u32,
}

impl TcString {
    /// Decodes the core segment of `s`. Every segment must be non-empty base64url (padding
    /// optional); the core segment must be version 2 and hold at least the bits up to
    /// `PublisherCC`. `TcfPolicyVersion` is not restricted: callers that need TCF 2.2 check
    /// [`TcString::policy_version`] themselves.
    pub fn parse(s: &str) -> Result<TcString, TcfError> {
        if s.is_empty() {
            return Err(TcfError::Empty);
        }
        if s.len() > MAX_TC_STRING_LEN {
            return Err(TcfError::TooLong);
        }

        let mut segments = s.split('.');
        // `split` always yields at least one item; an empty core is caught by `decode_segment`.
        let core = decode_segment(segments.next().unwrap_or_default())?;
        for segment in segments {
            decode_segment(segment)?;
        }

        let mut bits = BitReader::new(&core);
        let version = bits.read_u8(6)?;
        if version != SUPPORTED_VERSION {
            return Err(TcfError::UnsupportedVersion(version));
        }
        if bits.len() < MIN_CORE_BITS {
            return Err(TcfError::TooShort);
        }

        let created = deciseconds_to_datetime(bits.read(36)?)?;
        let last_updated = deciseconds_to_datetime(bits.read(36)?)?;
        let cmp_id = bits.read_u16(12)?;
        bits.skip(12)?; // CmpVersion
        bits.skip(6)?; // ConsentScreen
        let consent_language = [read_letter(&mut bits)?, read_letter(&mut bits)?];
        let vendor_list_version = bits.read_u16(12)?;
        let policy_version = bits.read_u8(6)?;
        bits.skip(1)?; // IsServiceSpecific
        bits.skip(1)?; // UseNonStandardTexts
        bits.skip(12)?; // SpecialFeatureOptIns
        let purpose_consents = bits.read_u32(24)?;
        let purpose_legitimate_interests = bits.read_u32(24)?;
        bits.skip(1)?; // PurposeOneTreatment
        bits.skip(12)?; // PublisherCC: required to be present, not interpreted

        Ok(TcString {
            raw: s.to_owned(),
            version,
            created,
            last_updated,
            cmp_id,
            vendor_list_version,
            policy_version,
            consent_language,
            purpose_consents,
            purpose_legitimate_interests,
        })
    }

    pub fn version(&self) -> u8 {
        self.version
    }

    pub fn created(&self) -> OffsetDateTime {
        self.created
    }

    pub fn last_updated(&self) -> OffsetDateTime {
        self.last_updated
    }

    pub fn cmp_id(&self) -> u16 {
        self.cmp_id
    }

    pub fn vendor_list_version(&self) -> u16 {
        self.vendor_list_version
    }

    /// `TcfPolicyVersion`: 2 for TCF 2.0/2.1, 4 for TCF 2.2, 5 for TCF 2.3.
    pub fn policy_version(&self) -> u8 {
        self.policy_version
    }

    /// The two upper-case letters of `ConsentLanguage`, e.g. `"EN"`.
    pub fn consent_language(&self) -> String {
        self.consent_language
            .iter()
            .map(|&b| char::from(b))
            .collect()
    }

    /// Purpose ids (1 to 24) whose `PurposesConsent` bit is set.
    pub fn purpose_consents(&self) -> BTreeSet<u8> {
        purposes_in(self.purpose_consents)
    }

    /// Purpose ids (1 to 24) whose `PurposesLITransparency` bit is set.
    pub fn purpose_legitimate_interests(&self) -> BTreeSet<u8> {
        purposes_in(self.purpose_legitimate_interests)
    }

    /// Whether the `PurposesConsent` bit of `purpose` is set; false for ids outside 1 to 24.
    pub fn has_purpose_consent(&self, purpose: u8) -> bool {
        purpose_bit(self.purpose_consents, purpose)
    }

    /// The string exactly as given to [`TcString::parse`], all segments included.
    pub fn as_str(&self) -> &str {
        &self.raw
    }
}

/// The 6-bit groups of one base64url segment. Trailing `=` padding is accepted only as standard
/// base64 pads (at most two, making the length a multiple of four).
fn decode_segment(segment: &str) -> Result<Vec<u8>, TcfError> {
    let data = segment.trim_end_matches('=');
    let padding = segment.len() - data.len();
    if padding > 2 || (padding > 0 && segment.len() % 4 != 0) {
        return Err(TcfError::NotBase64Url);
    }
    if data.is_empty() {
        return Err(TcfError::EmptySegment);
    }
    data.bytes()
        .map(sextet)
        .collect::<Option<Vec<u8>>>()
        .ok_or(TcfError::NotBase64Url)
}

/// The value of one base64url character (RFC 4648 §5 alphabet).
fn sextet(c: u8) -> Option<u8> {
    match c {
        b'A'..=b'Z' => Some(c - b'A'),
        b'a'..=b'z' => Some(c - b'a' + 26),
        b'0'..=b'9' => Some(c - b'0' + 52),
        b'-' => Some(62),
        b'_' => Some(63),
        _ => None,
    }
}

fn read_letter(bits: &mut BitReader<'_>) -> Result<u8, TcfError> {
    let value = bits.read_u8(6)?;
    if value < 26 {
        Ok(b'A' + value)
    } else {
        Err(TcfError::InvalidLanguage)
    }
}

fn deciseconds_to_datetime(deciseconds: u64) -> Result<OffsetDateTime, TcfError> {
    // 36 bits of deciseconds reach the year 2187, well inside `time`'s range; the check stays so
    // that no input can panic.
    OffsetDateTime::from_unix_timestamp_nanos(i128::from(deciseconds) * 100_000_000)
        .map_err(|_| TcfError::InvalidTimestamp)
}

fn purpose_bit(field: u32, purpose: u8) -> bool {
    (1..=PURPOSE_COUNT).contains(&purpose) && (field >> (PURPOSE_COUNT - purpose)) & 1 == 1
}

fn purposes_in(field: u32) -> BTreeSet<u8> {
    (1..=PURPOSE_COUNT)
        .filter(|&p| purpose_bit(field, p))
        .collect()
}

/// Reads big-endian bit fields from a sequence of 6-bit groups. Reading past the end is an error,
/// never a panic.
struct BitReader<'a> {
    sextets: &'a [u8],
    pos: usize,
}

impl<'a> BitReader<'a> {
    fn new(sextets: &'a [u8]) -> Self {
        Self { sextets, pos: 0 }
    }

    fn len(&self) -> usize {
        self.sextets.len().saturating_mul(6)
    }

    /// The next `width` bits (at most 64) as an unsigned number.
    fn read(&mut self, width: u32) -> Result<u64, TcfError> {
        debug_assert!(width <= 64);
        let mut value = 0u64;
        for _ in 0..width {
            let sextet = self.sextets.get(self.pos / 6).ok_or(TcfError::TooShort)?;
            let bit = (sextet >> (5 - self.pos % 6)) & 1;
            value = (value << 1) | u64::from(bit);
            self.pos += 1;
        }
        Ok(value)
    }

    fn skip(&mut self, width: u32) -> Result<(), TcfError> {
        self.read(width).map(|_| ())
    }

    fn read_u8(&mut self, width: u32) -> Result<u8, TcfError> {
        debug_assert!(width <= 8);
        // At most `width` bits were read, so the value fits.
        Ok(self.read(width)? as u8)
    }

    fn read_u16(&mut self, width: u32) -> Result<u16, TcfError> {
        debug_assert!(width <= 16);
        Ok(self.read(width)? as u16)
    }

    fn read_u32(&mut self, width: u32) -> Result<u32, TcfError> {
        debug_assert!(width <= 32);
        Ok(self.read(width)? as u32)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use base64::engine::general_purpose::{URL_SAFE, URL_SAFE_NO_PAD};
    use base64::Engine as _;
    use time::macros::datetime;

    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

    /// Builds a bit string field by field and renders it as unpadded base64url, the way a CMP
    /// would (final 6-bit group zero-filled).
    #[derive(Default)]
    struct BitWriter {
        bits: Vec<bool>,
    }

    impl BitWriter {
        fn push(&mut self, value: u64, width: u32) -> &mut Self {
            assert!(
                width == 64 || value < (1u64 << width),
                "{value} overflows {width} bits"
            );
            for i in (0..width).rev() {
                self.bits.push((value >> i) & 1 == 1);
            }
            self
        }

        fn to_base64url(&self) -> String {
            self.bits
                .chunks(6)
                .map(|chunk| {
                    let mut v = 0usize;
                    for i in 0..6 {
                        v = (v << 1) | usize::from(chunk.get(i).copied().unwrap_or(false));
                    }
                    char::from(ALPHABET[v])
                })
                .collect()
        }
    }

    /// Field values for a core segment; `Default` is a plausible TCF 2.2 string.
    struct Core {
        version: u64,
        created_ds: u64,
        last_updated_ds: u64,
        cmp_id: u64,
        cmp_version: u64,
        consent_screen: u64,
        language: [u64; 2],
        vendor_list_version: u64,
        policy_version: u64,
        special_features: u64,
        purpose_consents: Vec<u8>,
        purpose_lis: Vec<u8>,
        publisher_cc: [u64; 2],
        /// Zero bits after PublisherCC. 46 of them are the smallest valid vendor sections: no
        /// vendor consents, no vendor LIs (MaxVendorId 0, bit field), no publisher restrictions.
        trailing_zero_bits: u32,
    }

    impl Default for Core {
        fn default() -> Self {
            Core {
                version: 2,
                created_ds: 17_000_000_000,
                last_updated_ds: 17_000_000_000,
                cmp_id: 7,
                cmp_version: 1,
                consent_screen: 1,
                language: [4, 13], // "EN"
                vendor_list_version: 1,
                policy_version: 4,
                special_features: 0,
                purpose_consents: vec![],
                purpose_lis: vec![],
                publisher_cc: [3, 4], // "DE"
                trailing_zero_bits: 46,
            }
        }
    }

    fn purpose_field(purposes: &[u8]) -> u64 {
        purposes
            .iter()
            .fold(0, |acc, &p| acc | 1u64 << (24 - u32::from(p)))
    }

    fn encode(core: &Core) -> String {
        let mut w = BitWriter::default();
        w.push(core.version, 6)
            .push(core.created_ds, 36)
            .push(core.last_updated_ds, 36)
            .push(core.cmp_id, 12)
            .push(core.cmp_version, 12)
            .push(core.consent_screen, 6)
            .push(core.language[0], 6)
            .push(core.language[1], 6)
            .push(core.vendor_list_version, 12)
            .push(core.policy_version, 6)
            .push(1, 1) // IsServiceSpecific
            .push(0, 1) // UseNonStandardTexts
            .push(core.special_features, 12)
            .push(purpose_field(&core.purpose_consents), 24)
            .push(purpose_field(&core.purpose_lis), 24)
            .push(0, 1) // PurposeOneTreatment
            .push(core.publisher_cc[0], 6)
            .push(core.publisher_cc[1], 6);
        assert_eq!(w.bits.len(), MIN_CORE_BITS);
        for _ in 0..core.trailing_zero_bits {
            w.push(0, 1);
        }
        w.to_base64url()
    }

    /// Deciseconds since the Unix epoch of `t` (which must be a whole number of deciseconds).
    fn ds(t: OffsetDateTime) -> u64 {
        u64::try_from(t.unix_timestamp_nanos() / 100_000_000).unwrap()
    }

    #[test]
    fn round_trips_chosen_field_values() {
        let created = datetime!(2024-05-01 12:34:56.7 UTC);
        let last_updated = datetime!(2024-06-30 23:59:59.9 UTC);
        let s = encode(&Core {
            created_ds: ds(created),
            last_updated_ds: ds(last_updated),
            cmp_id: 300,
            vendor_list_version: 150,
            policy_version: 4,
            purpose_consents: vec![1, 3, 4, 7],
            purpose_lis: vec![2, 7, 10],
            ..Core::default()
        });

        let tc = TcString::parse(&s).unwrap();

        assert_eq!(tc.version(), 2);
        assert_eq!(tc.created(), created);
        assert_eq!(tc.last_updated(), last_updated);
        assert_eq!(tc.cmp_id(), 300);
        assert_eq!(tc.vendor_list_version(), 150);
        assert_eq!(tc.policy_version(), 4);
        assert_eq!(tc.consent_language(), "EN");
        assert_eq!(tc.purpose_consents(), BTreeSet::from([1, 3, 4, 7]));
        assert_eq!(
            tc.purpose_legitimate_interests(),
            BTreeSet::from([2, 7, 10])
        );
        for p in 0..=30 {
            assert_eq!(
                tc.has_purpose_consent(p),
                [1, 3, 4, 7].contains(&p),
                "purpose {p}"
            );
        }
        assert_eq!(tc.as_str(), s);
    }

    #[test]
    fn round_trips_extreme_field_values() {
        let all: Vec<u8> = (1..=24).collect();
        let s = encode(&Core {
            created_ds: 0,
            last_updated_ds: (1 << 36) - 1,
            cmp_id: 4095,
            vendor_list_version: 4095,
            policy_version: 63,
            language: [25, 25],
            purpose_consents: all.clone(),
            purpose_lis: vec![24],
            ..Core::default()
        });

        let tc = TcString::parse(&s).unwrap();

        assert_eq!(tc.created(), OffsetDateTime::UNIX_EPOCH);
        assert_eq!(
            tc.last_updated(),
            OffsetDateTime::from_unix_timestamp_nanos(((1i128 << 36) - 1) * 100_000_000).unwrap()
        );
        assert_eq!(tc.last_updated().year(), 2187);
        assert_eq!(tc.cmp_id(), 4095);
        assert_eq!(tc.vendor_list_version(), 4095);
        assert_eq!(tc.policy_version(), 63);
        assert_eq!(tc.consent_language(), "ZZ");
        assert_eq!(tc.purpose_consents(), all.into_iter().collect());
        assert_eq!(tc.purpose_legitimate_interests(), BTreeSet::from([24]));
        assert!(tc.has_purpose_consent(24));
        assert!(!tc.has_purpose_consent(25));
        assert!(!tc.has_purpose_consent(0));
    }

    #[test]
    fn core_segment_without_vendor_sections_is_enough() {
        let s = encode(&Core {
            purpose_consents: vec![2],
            trailing_zero_bits: 0,
            ..Core::default()
        });
        assert_eq!(
            TcString::parse(&s).unwrap().purpose_consents(),
            BTreeSet::from([2])
        );
    }

    #[test]
    fn padding_is_optional() {
        let s = encode(&Core {
            purpose_consents: vec![1, 3, 4, 7],
            trailing_zero_bits: 58,
            ..Core::default()
        });
        assert_ne!(
            s.len() % 4,
            0,
            "test needs a string that standard base64 would pad"
        );
        let padded = format!("{s}{}", "=".repeat(4 - s.len() % 4));

        let plain = TcString::parse(&s).unwrap();
        let with_pad = TcString::parse(&padded).unwrap();

        assert_eq!(with_pad.purpose_consents(), plain.purpose_consents());
        assert_eq!(with_pad.created(), plain.created());
        assert_eq!(with_pad.as_str(), padded);
    }

    #[test]
    fn only_the_core_segment_is_decoded_but_all_are_kept() {
        let core = encode(&Core {
            purpose_consents: vec![9],
            ..Core::default()
        });
        let s = format!("{core}.argAC0gAAAAAAAAAAAA.YAAAAAAAAXA");

        let tc = TcString::parse(&s).unwrap();

        assert_eq!(tc.purpose_consents(), BTreeSet::from([9]));
        assert_eq!(tc.as_str(), s);
    }

    /// Public example from the GDPR::IAB::TCFv2 Perl library's test suite (t/01-parse.t), which
    /// documents the decoded values asserted here.
    #[test]
    fn decodes_public_example_with_bit_field_vendors() {
        let s =
            "CLcVDxRMWfGmWAVAHCENAXCkAKDAADnAABRgA5mdfCKZuYJez-NQm0TBMYA4oCAAGQYIAAAAAAEAIAEgAA";

        let tc = TcString::parse(s).unwrap();

        assert_eq!(tc.version(), 2);
        assert_eq!(
            tc.created(),
            OffsetDateTime::from_unix_timestamp_nanos(1_228_644_257_700_000_000).unwrap()
        );
        assert_eq!(
            tc.last_updated(),
            OffsetDateTime::from_unix_timestamp_nanos(1_326_215_413_400_000_000).unwrap()
        );
        assert_eq!(tc.cmp_id(), 21);
        assert_eq!(tc.vendor_list_version(), 23);
        assert_eq!(tc.policy_version(), 2);
        assert_eq!(tc.consent_language(), "EN");
        assert_eq!(tc.purpose_consents(), BTreeSet::from([1, 3, 9, 10]));
        assert_eq!(
            tc.purpose_legitimate_interests(),
            BTreeSet::from([3, 4, 5, 8, 9, 10])
        );
        assert_eq!(tc.as_str(), s);

        // The same core with a publisher TC segment decodes to the same core values.
        let with_publisher = TcString::parse(&format!("{s}.argAC0gAAAAAAAAAAAA")).unwrap();
        assert_eq!(with_publisher.purpose_consents(), tc.purpose_consents());
        assert_eq!(with_publisher.created(), tc.created());
    }

    /// Second public example from the same test suite (range-encoded vendors, no purposes).
    #[test]
    fn decodes_public_example_with_range_vendors() {
        let s = "COyfVVoOyfVVoADACHENAwCAAAAAAAAAAAAAE5QBgALgAqgD8AQACSwEygJyAnSAMABgAFkAgQCDASeAmYBOgAA";

        let tc = TcString::parse(s).unwrap();

        assert_eq!(tc.version(), 2);
        assert_eq!(tc.created(), datetime!(2020-04-27 00:07:00 UTC));
        assert_eq!(tc.created().unix_timestamp(), 1_587_946_020);
        assert_eq!(tc.last_updated(), tc.created());
        assert_eq!(tc.cmp_id(), 3);
        assert_eq!(tc.vendor_list_version(), 48);
        assert_eq!(tc.policy_version(), 2);
        assert_eq!(tc.consent_language(), "EN");
        assert!(tc.purpose_consents().is_empty());
        assert!(tc.purpose_legitimate_interests().is_empty());
    }

    /// A TCF 2.3 string (policy version 5, publisher TC segment) from the same library's
    /// t/05-tcf-v23.t; only its version and policy version are documented there.
    #[test]
    fn accepts_public_tcf_2_3_example() {
        let s = "CP188cAQKFpAAAHABBENBSFsAP_gAEPgAAiQKqNX_H__bW9r8X73aft0eY1P9_j77uQxBhfJE-4FzLvW_\
                 JwXx2ExNA36tqIKmRIEu3bBIQNlHJHUTVigaogVryHMak2cpTNKJ6BkiFMRM2dYCF5vm4tj-QKY5_r993\
                 dx2D-t_dv83dzyz81Hn3f5_2e0eLCdQ5-tDfv9bROb-9IPd_78v4v8_l_rk2_eT1n_tevr7D_-ft8__XW\
                 _9_fff_9Pn_-uB_-_3_vf_EFUwCTDQqIA-wJCQg0DCKBACoKwgIoFAQAAJA0QEAJgwKdgYALrCRACAFAA\
                 MEAIAAQZAAgAAAgAQiACQAoEAAEAgUAAYAEAwEABAwAAgAsBAIAAQHQMUwIIFAsIEjMioUwIQoEggJbKh\
                 BICgQVwhCLPAIgERMFAAgAAAVgACAsFgcSSAlQkECXUG0AABAAgFEIFQgk9MAAwJmy1B4MG0ZWmAYPmCR\
                 DTAMgCIIyEAAAA.f_wACHwAAAAA";

        let tc = TcString::parse(s).unwrap();

        assert_eq!(tc.version(), 2);
        assert_eq!(tc.policy_version(), 5);
        assert_eq!(tc.as_str(), s);
    }

    #[test]
    fn rejects_empty_input() {
        assert_eq!(TcString::parse(""), Err(TcfError::Empty));
    }

    #[test]
    fn rejects_garbage_and_non_base64url() {
        let valid = encode(&Core::default());
        for bad in [
            "hello world",
            "not a tc string!",
            " CPXxRfAPXxRfAAfKABENB-CgAAAAAAAAAAYgAAAAAAAA",
            "CPXxRfAPXxRfAAfKABENB+CgAAAAAAAAAAYgAAAAAAAA", // standard base64 '+'
            "CPXxRfAPXxRfAAfKABENB/CgAAAAAAAAAAYgAAAAAAAA", // standard base64 '/'
            "CPXxRfAPXxRfAAfKAB=NBCgAAAAAAAAAAYgAAAAAAAAA", // padding in the middle
            "CPXxRfAPXxRfAAfKABENBCgAAAAAAAAAAYgAAAAAAAAA===", // three pads
            "CPXxRfAPXxRfAAfKABENBCgAAAAAAAAAAYgAAAAAAAAAA=", // pad that isn't standard
            "CPXxRfAPXxRfAAfKABENBCgAAAAAAAAAAYgAAAAAAAAAé",
        ] {
            assert_eq!(TcString::parse(bad), Err(TcfError::NotBase64Url), "{bad:?}");
        }
        assert_eq!(
            TcString::parse(&format!("{valid}\n")),
            Err(TcfError::NotBase64Url)
        );
        assert_eq!(
            TcString::parse(&format!("{valid}.ab+c")),
            Err(TcfError::NotBase64Url)
        );
    }

    #[test]
    fn rejects_empty_segments() {
        let valid = encode(&Core::default());
        for bad in [
            ".".to_owned(),
            format!(".{valid}"),
            format!("{valid}."),
            format!("{valid}..YAAAAAAAAXA"),
        ] {
            assert_eq!(
                TcString::parse(&bad),
                Err(TcfError::EmptySegment),
                "{bad:?}"
            );
        }
    }

    #[test]
    fn rejects_truncated_strings() {
        let s = encode(&Core {
            trailing_zero_bits: 0,
            ..Core::default()
        });
        // 213 bits are 36 characters (the last one partly padding); every prefix is too short.
        assert_eq!(s.len(), 36);
        for len in 1..s.len() {
            assert_eq!(TcString::parse(&s[..len]), Err(TcfError::TooShort), "{len}");
        }
        assert!(TcString::parse(&s).is_ok());

        let real =
            "CLcVDxRMWfGmWAVAHCENAXCkAKDAADnAABRgA5mdfCKZuYJez-NQm0TBMYA4oCAAGQYIAAAAAAEAIAEgAA";
        assert_eq!(TcString::parse(&real[..30]), Err(TcfError::TooShort));
    }

    #[test]
    fn rejects_other_versions() {
        for version in [0, 1, 3, 63] {
            let s = encode(&Core {
                version,
                ..Core::default()
            });
            assert_eq!(
                TcString::parse(&s),
                Err(TcfError::UnsupportedVersion(u8::try_from(version).unwrap()))
            );
        }
        // The TCF v1.1 example consent string from IAB's v1.1 format specification.
        assert_eq!(
            TcString::parse("BOEFEAyOEFEAyAHABDENAI4AAAB9vABAASA"),
            Err(TcfError::UnsupportedVersion(1))
        );
    }

    #[test]
    fn rejects_language_codes_that_are_not_letters() {
        for language in [[26, 4], [4, 63]] {
            let s = encode(&Core {
                language,
                ..Core::default()
            });
            assert_eq!(TcString::parse(&s), Err(TcfError::InvalidLanguage));
        }
    }

    #[test]
    fn rejects_inputs_over_8_kib() {
        let core = encode(&Core::default());
        let filler = "A".repeat(MAX_TC_STRING_LEN - core.len() - 1);
        let at_limit = format!("{core}.{filler}");
        assert_eq!(at_limit.len(), MAX_TC_STRING_LEN);
        assert!(TcString::parse(&at_limit).is_ok());
        assert_eq!(
            TcString::parse(&format!("{at_limit}A")),
            Err(TcfError::TooLong)
        );
    }

    #[test]
    fn error_messages_do_not_echo_the_input() {
        let marker = "SecretMarker";
        let inputs = [
            format!("{marker}!"),
            marker.to_owned(),
            format!("B{marker}"),
            "x".repeat(MAX_TC_STRING_LEN + 1),
        ];
        for input in inputs {
            let err = TcString::parse(&input).unwrap_err();
            let shown = format!("{err} {err:?}");
            assert!(!shown.contains(marker), "{shown}");
            assert!(!shown.contains("xxxx"), "{shown}");
        }
    }

    /// splitmix64: a tiny deterministic generator, so the fuzz loop needs no extra crate.
    struct Rng(u64);

    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
            let mut z = self.0;
            z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            z ^ (z >> 31)
        }

        fn below(&mut self, n: usize) -> usize {
            usize::try_from(self.next() % u64::try_from(n).unwrap()).unwrap()
        }
    }

    fn exercise(tc: &TcString) {
        assert_eq!(tc.version(), 2);
        assert!(tc.created() >= OffsetDateTime::UNIX_EPOCH);
        assert!(tc.last_updated().year() <= 2187);
        assert!(tc.cmp_id() < 4096);
        assert!(tc.vendor_list_version() < 4096);
        assert!(tc.policy_version() < 64);
        let language = tc.consent_language();
        assert!(language.len() == 2 && language.bytes().all(|b| b.is_ascii_uppercase()));
        let consents = tc.purpose_consents();
        assert!(consents.iter().all(|p| (1..=24).contains(p)));
        assert!(tc
            .purpose_legitimate_interests()
            .iter()
            .all(|p| (1..=24).contains(p)));
        for p in 0..=u8::MAX {
            assert_eq!(tc.has_purpose_consent(p), consents.contains(&p));
        }
    }

    #[test]
    fn random_input_never_panics() {
        let mut rng = Rng(0x00C0_FFEE);
        let mut parsed = 0;
        for i in 0..20_000 {
            let mut bytes: Vec<u8> = (0..rng.below(64)).map(|_| rng.next() as u8).collect();
            // Make half of them version 2 so the field decoding is reached, not just the version
            // check.
            if i % 2 == 0 {
                if let Some(first) = bytes.first_mut() {
                    *first = 0b0000_1000 | (*first & 0b11);
                }
            }
            let encoded = match i % 3 {
                0 => URL_SAFE_NO_PAD.encode(&bytes),
                1 => URL_SAFE.encode(&bytes),
                _ => {
                    // Random segments joined by dots, occasionally with stray characters.
                    let second = URL_SAFE_NO_PAD.encode(&bytes[bytes.len() / 2..]);
                    let stray = ["", ".", "=", "+", "é", "\0"][rng.below(6)];
                    format!("{}.{second}{stray}", URL_SAFE_NO_PAD.encode(&bytes))
                }
            };
            if let Ok(tc) = TcString::parse(&encoded) {
                parsed += 1;
                exercise(&tc);
                assert_eq!(tc.as_str(), encoded);
            }

            // Arbitrary (mostly invalid) text too, including multi-byte characters.
            let text: String = (0..rng.below(80))
                .map(|_| char::from_u32(u32::try_from(rng.below(0x2FF)).unwrap()).unwrap_or('?'))
                .collect();
            if let Ok(tc) = TcString::parse(&text) {
                exercise(&tc);
            }
        }
        assert!(parsed > 300, "only {parsed} random strings decoded");
    }
}
