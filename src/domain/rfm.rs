//! Recency, frequency and monetary (RFM) scores, 1 (low) to 5 (high), on fixed thresholds so
//! a score means the same thing for every customer and every query, and a named segment.

/// Days since the last purchase at or under which a recency score is reached (5, 4, 3, 2).
pub const RECENCY_DAYS: [i64; 4] = [30, 90, 180, 365];
/// Orders at or over which a frequency score is reached (5, 4, 3, 2).
pub const FREQUENCY_ORDERS: [i64; 4] = [10, 5, 3, 2];
/// Net revenue in cents at or over which a monetary score is reached (5, 4, 3, 2).
pub const MONETARY_CENTS: [i64; 4] = [100_000, 50_000, 20_000, 5_000];

fn score(passes: impl Fn(usize) -> bool) -> u8 {
    (0..4).find(|&i| passes(i)).map_or(1, |i| 5 - i as u8)
}

pub fn recency_score(days_since_last_purchase: i64) -> u8 {
    score(|i| days_since_last_purchase <= RECENCY_DAYS[i])
}

pub fn frequency_score(orders: i64) -> u8 {
    score(|i| orders >= FREQUENCY_ORDERS[i])
}

pub fn monetary_score(revenue_cents: i64) -> u8 {
    score(|i| revenue_cents >= MONETARY_CENTS[i])
}

/// The most days since the last purchase that still reach recency `score` (none for 1).
pub fn max_days_for_recency(score: u8) -> Option<i64> {
    (2..=5)
        .contains(&score)
        .then(|| RECENCY_DAYS[usize::from(5 - score)])
}

pub fn min_orders_for_frequency(score: u8) -> i64 {
    if (2..=5).contains(&score) {
        FREQUENCY_ORDERS[usize::from(5 - score)]
    } else {
        0
    }
}

pub fn min_cents_for_monetary(score: u8) -> i64 {
    if (2..=5).contains(&score) {
        MONETARY_CENTS[usize::from(5 - score)]
    } else {
        i64::MIN
    }
}

/// A customer's RFM scores and the segment they fall in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rfm {
    pub r: u8,
    pub f: u8,
    pub m: u8,
}

/// The named segments, in the order they are tested.
pub const SEGMENTS: [&str; 7] = [
    "champions",
    "loyal",
    "potential_loyalist",
    "new",
    "at_risk",
    "hibernating",
    "needs_attention",
];

impl Rfm {
    pub fn new(days_since_last_purchase: i64, orders: i64, revenue_cents: i64) -> Self {
        Self {
            r: recency_score(days_since_last_purchase),
            f: frequency_score(orders),
            m: monetary_score(revenue_cents),
        }
    }

    pub fn segment(&self) -> &'static str {
        match (self.r, self.f) {
            (4..=5, 4..=5) => "champions",
            (3..=5, 3..=5) => "loyal",
            (4..=5, 2) => "potential_loyalist",
            (4..=5, 1) => "new",
            (1..=2, 3..=5) => "at_risk",
            (1..=2, 1..=2) => "hibernating",
            _ => "needs_attention",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scores_follow_the_thresholds() {
        assert_eq!(recency_score(0), 5);
        assert_eq!(recency_score(30), 5);
        assert_eq!(recency_score(31), 4);
        assert_eq!(recency_score(400), 1);
        assert_eq!(frequency_score(1), 1);
        assert_eq!(frequency_score(2), 2);
        assert_eq!(frequency_score(12), 5);
        assert_eq!(monetary_score(4_999), 1);
        assert_eq!(monetary_score(100_000), 5);
    }

    #[test]
    fn inverse_bounds_agree_with_scores() {
        for s in 2..=5u8 {
            let days = max_days_for_recency(s).unwrap();
            assert_eq!(recency_score(days), s);
            assert_eq!(frequency_score(min_orders_for_frequency(s)), s);
            assert_eq!(monetary_score(min_cents_for_monetary(s)), s);
        }
        assert_eq!(max_days_for_recency(1), None);
    }

    #[test]
    fn segments() {
        assert_eq!(Rfm::new(3, 12, 200_000).segment(), "champions");
        assert_eq!(Rfm::new(10, 1, 1_000).segment(), "new");
        assert_eq!(Rfm::new(500, 6, 60_000).segment(), "at_risk");
        assert_eq!(Rfm::new(500, 1, 100).segment(), "hibernating");
        assert!(SEGMENTS.contains(&Rfm::new(100, 2, 100).segment()));
    }
}
