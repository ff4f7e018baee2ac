from typing import Literal

RopaRecipientRecipient = Literal["internal", "processor", "third_party"]

ROPA_RECIPIENT_RECIPIENT_VALUES: set[RopaRecipientRecipient] = {
    "internal",
    "processor",
    "third_party",
}


def check_ropa_recipient_recipient(value: str) -> RopaRecipientRecipient:
    if value in ROPA_RECIPIENT_RECIPIENT_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {ROPA_RECIPIENT_RECIPIENT_VALUES!r}")
