//! Drawing values: seeded streams, choices, times, and the few text helpers the generator
//! needs. Everything here is pure: the same generator state gives the same value.

use fastrand::Rng;
use time::{Duration, OffsetDateTime};

/// SplitMix64: turns (seed, customer number) into well-spread seeds for independent streams.
pub(super) fn mix(mut x: u64) -> u64 {
    x = x.wrapping_add(0x9e37_79b9_7f4a_7c15);
    x = (x ^ (x >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

pub(super) fn stream_seed(seed: u64, n: u64, stream: u64) -> u64 {
    mix(mix(seed) ^ mix(n.wrapping_mul(4).wrapping_add(stream)))
}

pub(super) fn pick<T: Copy>(rng: &mut Rng, items: &[T]) -> T {
    items[rng.usize(..items.len())]
}

pub(super) fn pick_ref<'a, T>(rng: &mut Rng, items: &'a [T]) -> &'a T {
    &items[rng.usize(..items.len())]
}

pub(super) fn chance(rng: &mut Rng, p: f64) -> bool {
    rng.f64() < p
}

/// A standard normal sample (Box–Muller).
pub(super) fn normal(rng: &mut Rng) -> f64 {
    let u1 = 1.0 - rng.f64(); // (0, 1]
    let u2 = rng.f64();
    (-2.0 * u1.ln()).sqrt() * (std::f64::consts::TAU * u2).cos()
}

/// Lower-case ASCII for email addresses: diacritics folded, anything else dropped.
pub(super) fn ascii_slug(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars().flat_map(char::to_lowercase) {
        let folded = match c {
            'a'..='z' => {
                out.push(c);
                continue;
            }
            'ä' | 'æ' => "ae",
            'ö' | 'œ' => "oe",
            'ü' => "ue",
            'ß' => "ss",
            'à' | 'á' | 'â' | 'ã' | 'å' => "a",
            'è' | 'é' | 'ê' | 'ë' => "e",
            'ì' | 'í' | 'î' | 'ï' | 'ı' => "i",
            'ò' | 'ó' | 'ô' | 'õ' | 'ø' => "o",
            'ù' | 'ú' | 'û' => "u",
            'ñ' => "n",
            'ç' => "c",
            _ => "",
        };
        out.push_str(folded);
    }
    out
}

pub(super) fn expand_pattern(rng: &mut Rng, pattern: &str) -> String {
    const LETTERS: &[u8] = b"ABDEFGHJLNPQRSTUWXYZ";
    pattern
        .chars()
        .map(|c| match c {
            '#' => char::from(b'0' + rng.u8(0..10)),
            '@' => char::from(LETTERS[rng.usize(..LETTERS.len())]),
            other => other,
        })
        .collect()
}

pub(super) fn hex(rng: &mut Rng, digits: usize) -> String {
    (0..digits).map(|_| rng.digit(16)).collect()
}

/// RFC 3339 in UTC, e.g. `2026-03-01T09:30:00Z`.
pub(super) fn rfc3339(t: OffsetDateTime) -> String {
    let t = t.to_offset(time::UtcOffset::UTC);
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
        t.year(),
        u8::from(t.month()),
        t.day(),
        t.hour(),
        t.minute(),
        t.second()
    )
}

/// A time uniformly between `from` and `to` (`from` if the span is empty).
pub(super) fn between(rng: &mut Rng, from: OffsetDateTime, to: OffsetDateTime) -> OffsetDateTime {
    let span = (to - from).whole_seconds();
    if span <= 0 {
        return from;
    }
    from + Duration::seconds(rng.i64(0..=span))
}

/// A time between `from` and `to`, most likely within `hours` (UTC) of its day: a few tries
/// for one in those hours, then whatever came (night owls exist, and short spans may not
/// contain those hours at all).
pub(super) fn during(
    rng: &mut Rng,
    from: OffsetDateTime,
    to: OffsetDateTime,
    hours: std::ops::Range<u8>,
) -> OffsetDateTime {
    let mut t = between(rng, from, to);
    for _ in 0..8 {
        if hours.contains(&t.hour()) {
            break;
        }
        t = between(rng, from, to);
    }
    t
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_fold_diacritics() {
        assert_eq!(ascii_slug("Müller"), "mueller");
        assert_eq!(ascii_slug("Íñigo"), "inigo");
        assert_eq!(ascii_slug("van den Berg"), "vandenberg");
        assert_eq!(ascii_slug("O'Brien"), "obrien");
        assert_eq!(ascii_slug("Yılmaz"), "yilmaz");
    }
}
