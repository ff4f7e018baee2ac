//! The time window of the consent statistics (`GET /v1/consent-statistics`): a range of
//! recording times cut into UTC buckets (days, weeks starting on Monday, calendar months).
//! Pure arithmetic over microseconds since the Unix epoch, the unit of every stored time.

use std::fmt;

/// Microseconds in a day.
pub const DAY_US: i64 = 86_400_000_000;

/// The longest window, in days: two years, one of them a leap year.
pub const MAX_STATISTICS_DAYS: i64 = 731;

/// The most buckets a window may have.
pub const MAX_STATISTICS_POINTS: usize = 1_000;

/// The default window when none is given: 90 days before `to`.
pub const DEFAULT_STATISTICS_DAYS: i64 = 90;

/// How a series is cut. Days and months start at 00:00 UTC (months on the 1st), weeks on
/// Monday 00:00 UTC (ISO 8601).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Bucket {
    Day,
    #[default]
    Week,
    Month,
}

impl Bucket {
    pub const ALL: [Bucket; 3] = [Self::Day, Self::Week, Self::Month];

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|b| b.as_str() == s)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Day => "day",
            Self::Week => "week",
            Self::Month => "month",
        }
    }

    /// The start of the bucket holding `at_us`.
    pub fn start_us(self, at_us: i64) -> i64 {
        let day = at_us.div_euclid(DAY_US);
        match self {
            Self::Day => day * DAY_US,
            // Day 0 (1970-01-01) was a Thursday: Monday is 3 days before it.
            Self::Week => (day - (day + 3).rem_euclid(7)) * DAY_US,
            Self::Month => {
                let (year, month) = year_month(day);
                month_start_us(year, month)
            }
        }
    }

    /// The start of the bucket after the one starting at `start_us`.
    pub fn next_us(self, start_us: i64) -> i64 {
        match self {
            Self::Day => start_us + DAY_US,
            Self::Week => start_us + 7 * DAY_US,
            Self::Month => {
                let (year, month) = year_month(start_us.div_euclid(DAY_US));
                if month == 12 {
                    month_start_us(year + 1, 1)
                } else {
                    month_start_us(year, month + 1)
                }
            }
        }
    }
}

impl fmt::Display for Bucket {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The (year, month 1–12) of a day counted from 1970-01-01 (civil calendar, proleptic
/// Gregorian; Howard Hinnant's `civil_from_days`).
fn year_month(day: i64) -> (i64, u32) {
    let z = day + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, u32::try_from(month).unwrap_or(1))
}

/// 00:00 UTC on the 1st of `month` of `year`, in microseconds (`days_from_civil`).
fn month_start_us(year: i64, month: u32) -> i64 {
    let m = i64::from(month);
    let y = if m <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let mp = if m > 2 { m - 3 } else { m + 9 };
    let doy = (153 * mp + 2) / 5;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    (era * 146_097 + doe - 719_468) * DAY_US
}

/// Why a window was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WindowError {
    /// `from` is not before `to`.
    Empty,
    /// Longer than [`MAX_STATISTICS_DAYS`].
    TooLong,
    /// More than [`MAX_STATISTICS_POINTS`] buckets.
    TooManyPoints,
    /// Starts before 1970-01-01 (the ledger's clock starts there).
    BeforeEpoch,
}

impl fmt::Display for WindowError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Empty => f.write_str("'from' must be before 'to'"),
            Self::TooLong => write!(
                f,
                "the range from 'from' to 'to' may span at most {MAX_STATISTICS_DAYS} days"
            ),
            Self::TooManyPoints => write!(
                f,
                "the range would have more than {MAX_STATISTICS_POINTS} buckets: choose a larger 'bucket'"
            ),
            Self::BeforeEpoch => f.write_str("'from' must not be before 1970-01-01T00:00:00Z"),
        }
    }
}

/// A checked window: `0 <= from_us < to_us`, at most [`MAX_STATISTICS_DAYS`] long, at most
/// [`MAX_STATISTICS_POINTS`] buckets. Records count when `from_us <= recorded_at < to_us`;
/// the first and the last bucket may be partly outside it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StatisticsWindow {
    from_us: i64,
    to_us: i64,
    bucket: Bucket,
}

impl StatisticsWindow {
    /// `to` defaults to `now_us`, `from` to [`DEFAULT_STATISTICS_DAYS`] before `to`.
    pub fn new(
        from_us: Option<i64>,
        to_us: Option<i64>,
        bucket: Bucket,
        now_us: i64,
    ) -> Result<Self, WindowError> {
        let to_us = to_us.unwrap_or(now_us);
        let from_us =
            from_us.unwrap_or_else(|| to_us.saturating_sub(DEFAULT_STATISTICS_DAYS * DAY_US));
        if from_us >= to_us {
            return Err(WindowError::Empty);
        }
        if from_us < 0 {
            return Err(WindowError::BeforeEpoch);
        }
        if to_us.saturating_sub(from_us) > MAX_STATISTICS_DAYS * DAY_US {
            return Err(WindowError::TooLong);
        }
        let window = Self {
            from_us,
            to_us,
            bucket,
        };
        if window.bucket_starts().len() > MAX_STATISTICS_POINTS {
            return Err(WindowError::TooManyPoints);
        }
        Ok(window)
    }

    pub fn from_us(&self) -> i64 {
        self.from_us
    }

    pub fn to_us(&self) -> i64 {
        self.to_us
    }

    pub fn bucket(&self) -> Bucket {
        self.bucket
    }

    /// The start of every bucket the window touches, in order (at most one more than
    /// [`MAX_STATISTICS_POINTS`], where counting stops).
    pub fn bucket_starts(&self) -> Vec<i64> {
        let mut starts = Vec::new();
        let mut at = self.bucket.start_us(self.from_us);
        while at < self.to_us && starts.len() <= MAX_STATISTICS_POINTS {
            starts.push(at);
            at = self.bucket.next_us(at);
        }
        starts
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn us(s: &str) -> i64 {
        let t =
            time::OffsetDateTime::parse(s, &time::format_description::well_known::Rfc3339).unwrap();
        i64::try_from(t.unix_timestamp_nanos() / 1_000).unwrap()
    }

    #[test]
    fn days_start_at_midnight_utc() {
        assert_eq!(
            Bucket::Day.start_us(us("2026-03-14T23:59:59.999999Z")),
            us("2026-03-14T00:00:00Z")
        );
        assert_eq!(
            Bucket::Day.start_us(us("2026-03-15T00:00:00Z")),
            us("2026-03-15T00:00:00Z")
        );
        assert_eq!(
            Bucket::Day.next_us(us("2026-03-14T00:00:00Z")),
            us("2026-03-15T00:00:00Z")
        );
    }

    #[test]
    fn weeks_start_on_monday() {
        // 2026-03-16 is a Monday.
        for day in ["16", "17", "18", "19", "20", "21", "22"] {
            assert_eq!(
                Bucket::Week.start_us(us(&format!("2026-03-{day}T13:05:00Z"))),
                us("2026-03-16T00:00:00Z"),
                "{day}"
            );
        }
        assert_eq!(
            Bucket::Week.start_us(us("2026-03-15T23:59:59Z")),
            us("2026-03-09T00:00:00Z")
        );
        // Across a year's end and before the epoch (a Thursday).
        assert_eq!(
            Bucket::Week.start_us(us("2026-01-01T10:00:00Z")),
            us("2025-12-29T00:00:00Z")
        );
        assert_eq!(
            Bucket::Week.start_us(us("1970-01-01T00:00:00Z")),
            us("1969-12-29T00:00:00Z")
        );
        assert_eq!(
            Bucket::Week.next_us(us("2025-12-29T00:00:00Z")),
            us("2026-01-05T00:00:00Z")
        );
    }

    #[test]
    fn months_start_on_the_first() {
        for (at, start) in [
            ("2026-03-31T23:59:59Z", "2026-03-01T00:00:00Z"),
            ("2026-03-01T00:00:00Z", "2026-03-01T00:00:00Z"),
            ("2024-02-29T12:00:00Z", "2024-02-01T00:00:00Z"),
            ("2026-12-31T12:00:00Z", "2026-12-01T00:00:00Z"),
            ("2000-01-15T00:00:00Z", "2000-01-01T00:00:00Z"),
            ("1969-12-31T23:00:00Z", "1969-12-01T00:00:00Z"),
        ] {
            assert_eq!(Bucket::Month.start_us(us(at)), us(start), "{at}");
        }
        assert_eq!(
            Bucket::Month.next_us(us("2026-12-01T00:00:00Z")),
            us("2027-01-01T00:00:00Z")
        );
        assert_eq!(
            Bucket::Month.next_us(us("2024-02-01T00:00:00Z")),
            us("2024-03-01T00:00:00Z")
        );
    }

    #[test]
    fn month_arithmetic_agrees_with_the_calendar_for_every_day() {
        let mut day = us("1999-12-01T00:00:00Z") / DAY_US;
        let end = us("2031-01-01T00:00:00Z") / DAY_US;
        while day < end {
            let date = time::OffsetDateTime::from_unix_timestamp(day * 86_400)
                .unwrap()
                .date();
            let first = date.replace_day(1).unwrap().midnight().assume_utc();
            let expected = i64::try_from(first.unix_timestamp_nanos() / 1_000).unwrap();
            assert_eq!(Bucket::Month.start_us(day * DAY_US + 1), expected, "{date}");
            day += 1;
        }
    }

    #[test]
    fn windows_default_and_refuse() {
        let now = us("2026-06-10T12:00:00Z");
        let w = StatisticsWindow::new(None, None, Bucket::Week, now).unwrap();
        assert_eq!((w.from_us(), w.to_us()), (now - 90 * DAY_US, now));
        assert_eq!(
            StatisticsWindow::new(Some(now), Some(now), Bucket::Day, now),
            Err(WindowError::Empty)
        );
        assert_eq!(
            StatisticsWindow::new(Some(now + 1), None, Bucket::Day, now),
            Err(WindowError::Empty)
        );
        assert_eq!(
            StatisticsWindow::new(Some(now - 732 * DAY_US), None, Bucket::Month, now),
            Err(WindowError::TooLong)
        );
        let longest = StatisticsWindow::new(Some(now - 731 * DAY_US), None, Bucket::Day, now);
        assert_eq!(longest.unwrap().bucket_starts().len(), 732);
        let w = StatisticsWindow::new(
            Some(us("2026-01-31T00:00:00Z")),
            Some(us("2026-03-01T00:00:00Z")),
            Bucket::Month,
            now,
        )
        .unwrap();
        assert_eq!(
            w.bucket_starts(),
            [us("2026-01-01T00:00:00Z"), us("2026-02-01T00:00:00Z")]
        );
        assert_eq!(
            StatisticsWindow::new(Some(-1), Some(DAY_US), Bucket::Day, now),
            Err(WindowError::BeforeEpoch)
        );
        assert_eq!(Bucket::parse("week"), Some(Bucket::Week));
        assert_eq!(Bucket::parse("year"), None);
    }
}
