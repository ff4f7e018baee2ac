from typing import Literal

PurposeCataloguePurposesItemSayNo = Literal["none", "object", "object_subject_to_assessment", "withdraw_consent"]

PURPOSE_CATALOGUE_PURPOSES_ITEM_SAY_NO_VALUES: set[PurposeCataloguePurposesItemSayNo] = {
    "none",
    "object",
    "object_subject_to_assessment",
    "withdraw_consent",
}


def check_purpose_catalogue_purposes_item_say_no(value: str) -> PurposeCataloguePurposesItemSayNo:
    if value in PURPOSE_CATALOGUE_PURPOSES_ITEM_SAY_NO_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {PURPOSE_CATALOGUE_PURPOSES_ITEM_SAY_NO_VALUES!r}")
