from typing import Literal

ProfileAttentionReasonsType0Item = Literal[
    "low_review", "negative_support_contact", "repeated_returns", "spam_complaint"
]

PROFILE_ATTENTION_REASONS_TYPE_0_ITEM_VALUES: set[ProfileAttentionReasonsType0Item] = {
    "low_review",
    "negative_support_contact",
    "repeated_returns",
    "spam_complaint",
}


def check_profile_attention_reasons_type_0_item(value: str) -> ProfileAttentionReasonsType0Item:
    if value in PROFILE_ATTENTION_REASONS_TYPE_0_ITEM_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {PROFILE_ATTENTION_REASONS_TYPE_0_ITEM_VALUES!r}")
