from typing import Literal

IdentifierInputType = Literal["device_id", "loyalty_card", "marketplace_id", "pos_customer"]

IDENTIFIER_INPUT_TYPE_VALUES: set[IdentifierInputType] = {
    "device_id",
    "loyalty_card",
    "marketplace_id",
    "pos_customer",
}


def check_identifier_input_type(value: str) -> IdentifierInputType:
    if value in IDENTIFIER_INPUT_TYPE_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {IDENTIFIER_INPUT_TYPE_VALUES!r}")
