from typing import Literal

FieldName = Literal[
    "address.city",
    "address.country",
    "address.line1",
    "address.line2",
    "address.postal_code",
    "birth_date",
    "email",
    "first_name",
    "identifiers.device_id",
    "identifiers.email",
    "identifiers.loyalty_card",
    "identifiers.marketplace_id",
    "identifiers.phone",
    "identifiers.pos_customer",
    "language",
    "last_name",
    "phone",
]

FIELD_NAME_VALUES: set[FieldName] = {
    "address.city",
    "address.country",
    "address.line1",
    "address.line2",
    "address.postal_code",
    "birth_date",
    "email",
    "first_name",
    "identifiers.device_id",
    "identifiers.email",
    "identifiers.loyalty_card",
    "identifiers.marketplace_id",
    "identifiers.phone",
    "identifiers.pos_customer",
    "language",
    "last_name",
    "phone",
}


def check_field_name(value: str) -> FieldName:
    if value in FIELD_NAME_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {FIELD_NAME_VALUES!r}")
