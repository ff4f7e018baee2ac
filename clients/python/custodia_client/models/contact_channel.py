from typing import Literal

ContactChannel = Literal["email", "phone", "post", "push", "sms"]

CONTACT_CHANNEL_VALUES: set[ContactChannel] = {
    "email",
    "phone",
    "post",
    "push",
    "sms",
}


def check_contact_channel(value: str) -> ContactChannel:
    if value in CONTACT_CHANNEL_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {CONTACT_CHANNEL_VALUES!r}")
