from typing import Literal

SubjectFlagsItem = Literal["matches_erased_identifier"]

SUBJECT_FLAGS_ITEM_VALUES: set[SubjectFlagsItem] = {
    "matches_erased_identifier",
}


def check_subject_flags_item(value: str) -> SubjectFlagsItem:
    if value in SUBJECT_FLAGS_ITEM_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {SUBJECT_FLAGS_ITEM_VALUES!r}")
