from typing import Literal

RecipientRecipient = Literal["internal", "processor", "third_party"]

RECIPIENT_RECIPIENT_VALUES: set[RecipientRecipient] = {
    "internal",
    "processor",
    "third_party",
}


def check_recipient_recipient(value: str) -> RecipientRecipient:
    if value in RECIPIENT_RECIPIENT_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {RECIPIENT_RECIPIENT_VALUES!r}")
