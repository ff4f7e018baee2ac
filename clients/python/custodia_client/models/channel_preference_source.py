from typing import Literal

ChannelPreferenceSource = Literal["customer", "default"]

CHANNEL_PREFERENCE_SOURCE_VALUES: set[ChannelPreferenceSource] = {
    "customer",
    "default",
}


def check_channel_preference_source(value: str) -> ChannelPreferenceSource:
    if value in CHANNEL_PREFERENCE_SOURCE_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {CHANNEL_PREFERENCE_SOURCE_VALUES!r}")
