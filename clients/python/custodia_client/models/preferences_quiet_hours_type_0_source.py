from typing import Literal

PreferencesQuietHoursType0Source = Literal["customer", "default"]

PREFERENCES_QUIET_HOURS_TYPE_0_SOURCE_VALUES: set[PreferencesQuietHoursType0Source] = {
    "customer",
    "default",
}


def check_preferences_quiet_hours_type_0_source(value: str) -> PreferencesQuietHoursType0Source:
    if value in PREFERENCES_QUIET_HOURS_TYPE_0_SOURCE_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {PREFERENCES_QUIET_HOURS_TYPE_0_SOURCE_VALUES!r}")
