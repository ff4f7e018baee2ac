from typing import Literal

ObjectionAssessmentOutcome = Literal["overridden", "upheld"]

OBJECTION_ASSESSMENT_OUTCOME_VALUES: set[ObjectionAssessmentOutcome] = {
    "overridden",
    "upheld",
}


def check_objection_assessment_outcome(value: str) -> ObjectionAssessmentOutcome:
    if value in OBJECTION_ASSESSMENT_OUTCOME_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {OBJECTION_ASSESSMENT_OUTCOME_VALUES!r}")
