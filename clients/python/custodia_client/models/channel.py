from typing import Literal

Channel = Literal["app", "call_centre", "email", "marketplace", "post", "push", "sms", "social", "store", "web"]

CHANNEL_VALUES: set[Channel] = {
    "app",
    "call_centre",
    "email",
    "marketplace",
    "post",
    "push",
    "sms",
    "social",
    "store",
    "web",
}


def check_channel(value: str) -> Channel:
    if value in CHANNEL_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {CHANNEL_VALUES!r}")
