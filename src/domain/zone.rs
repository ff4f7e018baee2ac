//! Time zones (IANA tz database, bundled: no dependency on the host's zoneinfo files).

pub use time_tz::Tz;

/// The time zone called `name` (`Europe/Berlin`, `UTC`), if the tz database knows it.
pub fn time_zone(name: &str) -> Option<&'static Tz> {
    time_tz::timezones::get_by_name(name)
}
