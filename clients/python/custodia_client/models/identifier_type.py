from typing import Literal

IdentifierType = Literal["device_id", "email", "loyalty_card", "marketplace_id", "phone", "pos_customer"]

IDENTIFIER_TYPE_VALUES: set[IdentifierType] = {
    "device_id",
    "email",
    "loyalty_card",
    "marketplace_id",
    "phone",
    "pos_customer",
}


def check_identifier_type(value: str) -> IdentifierType:
    if value in IDENTIFIER_TYPE_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {IDENTIFIER_TYPE_VALUES!r}")
