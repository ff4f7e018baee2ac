from typing import Literal

ObjectionAssessmentRequestOutcome = Literal["overridden", "upheld"]

OBJECTION_ASSESSMENT_REQUEST_OUTCOME_VALUES: set[ObjectionAssessmentRequestOutcome] = {
    "overridden",
    "upheld",
}


def check_objection_assessment_request_outcome(value: str) -> ObjectionAssessmentRequestOutcome:
    if value in OBJECTION_ASSESSMENT_REQUEST_OUTCOME_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {OBJECTION_ASSESSMENT_REQUEST_OUTCOME_VALUES!r}")
