from typing import Literal

SubjectExportContactSuppressionsItemCause = Literal["hard_bounce", "spam_complaint"]

SUBJECT_EXPORT_CONTACT_SUPPRESSIONS_ITEM_CAUSE_VALUES: set[SubjectExportContactSuppressionsItemCause] = {
    "hard_bounce",
    "spam_complaint",
}


def check_subject_export_contact_suppressions_item_cause(value: str) -> SubjectExportContactSuppressionsItemCause:
    if value in SUBJECT_EXPORT_CONTACT_SUPPRESSIONS_ITEM_CAUSE_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {SUBJECT_EXPORT_CONTACT_SUPPRESSIONS_ITEM_CAUSE_VALUES!r}"
    )
