from typing import Literal

DsrType = Literal["access", "erasure", "objection", "portability", "rectification", "restriction"]

DSR_TYPE_VALUES: set[DsrType] = {
    "access",
    "erasure",
    "objection",
    "portability",
    "rectification",
    "restriction",
}


def check_dsr_type(value: str) -> DsrType:
    if value in DSR_TYPE_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {DSR_TYPE_VALUES!r}")
