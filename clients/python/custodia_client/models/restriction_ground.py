from typing import Literal

RestrictionGround = Literal["accuracy_contested", "legal_claims", "objection_pending", "unlawful_processing"]

RESTRICTION_GROUND_VALUES: set[RestrictionGround] = {
    "accuracy_contested",
    "legal_claims",
    "objection_pending",
    "unlawful_processing",
}


def check_restriction_ground(value: str) -> RestrictionGround:
    if value in RESTRICTION_GROUND_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {RESTRICTION_GROUND_VALUES!r}")
