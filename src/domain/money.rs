//! Money amounts as exact cents, bounded so that no sum or comparison can overflow.

use std::fmt;

/// The largest amount accepted, in cents (9,999,999,999.99): far above any order or customer's
/// revenue, and small enough that millions of them still add up in an `i64`.
pub const MAX_AMOUNT_CENTS: i64 = 999_999_999_999;

/// Most digits before the decimal point, leading zeros included (the OpenAPI pattern of amounts
/// is `^[0-9]{1,10}(\.[0-9]{1,2})?$`, so the contract and the parser agree to the character).
const MAX_WHOLE_DIGITS: usize = 10;

/// A decimal amount with at most two decimals (`"89.90"`, `"-5"`, `"0.5"`), as cents.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Amount(i64);

/// Why a text is not an [`Amount`]; the message names the rule, never the value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AmountError {
    NotADecimal,
    OutOfRange,
}

impl fmt::Display for AmountError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::NotADecimal => {
                "must be a decimal amount with at most two decimals, such as \"100.00\""
            }
            Self::OutOfRange => "is out of range (at most 10 digits before the decimal point)",
        })
    }
}

impl Amount {
    pub fn parse(text: &str) -> Result<Self, AmountError> {
        let (negative, digits) = match text.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, text),
        };
        let (whole, frac) = digits.split_once('.').unwrap_or((digits, ""));
        let all_digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
        if whole.is_empty()
            || !all_digits(whole)
            || !all_digits(frac)
            || frac.len() > 2
            || (digits.contains('.') && frac.is_empty())
        {
            return Err(AmountError::NotADecimal);
        }
        // More digits than the bound can have is out of range before any arithmetic.
        if whole.len() > MAX_WHOLE_DIGITS {
            return Err(AmountError::OutOfRange);
        }
        let whole: i64 = whole.parse().map_err(|_| AmountError::NotADecimal)?;
        let frac: i64 = format!("{frac:0<2}")
            .parse()
            .map_err(|_| AmountError::NotADecimal)?;
        let cents = whole * 100 + frac;
        if cents > MAX_AMOUNT_CENTS {
            return Err(AmountError::OutOfRange);
        }
        Ok(Self(if negative { -cents } else { cents }))
    }

    pub fn cents(self) -> i64 {
        self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_exact_cents() {
        for (text, cents) in [
            ("89.90", 8990),
            ("89.9", 8990),
            ("0.05", 5),
            ("-5", -500),
            ("007", 700),
            ("9999999999.99", MAX_AMOUNT_CENTS),
            ("0000000001", 100),
        ] {
            assert_eq!(Amount::parse(text).map(Amount::cents), Ok(cents), "{text}");
        }
    }

    #[test]
    fn refuses_what_is_not_a_bounded_two_decimal_amount() {
        for text in [
            "", "-", ".5", "5.", "1.234", "1e3", "+1", " 1", "1,00", "0x10", "--1",
        ] {
            assert_eq!(
                Amount::parse(text),
                Err(AmountError::NotADecimal),
                "{text:?}"
            );
        }
        for text in [
            "10000000000",
            "00000000001",
            "99999999999999999.99",
            "-99999999999999999999999999",
        ] {
            assert_eq!(Amount::parse(text), Err(AmountError::OutOfRange), "{text}");
        }
    }
}
