from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..models.objection_assessment_request_outcome import (
    ObjectionAssessmentRequestOutcome,
    check_objection_assessment_request_outcome,
)

T = TypeVar("T", bound="ObjectionAssessmentRequest")


@_attrs_define
class ObjectionAssessmentRequest:
    """
    Attributes:
        purpose (str): A purpose whose objections are weighed (`objection_stops = false`).
        outcome (ObjectionAssessmentRequestOutcome):
        grounds (str): The documented balancing (a reference to the DPIA, the facts weighed); no personal data.
    """

    purpose: str
    outcome: ObjectionAssessmentRequestOutcome
    grounds: str

    def to_dict(self) -> dict[str, Any]:
        purpose = self.purpose

        outcome: str = self.outcome

        grounds = self.grounds

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "purpose": purpose,
                "outcome": outcome,
                "grounds": grounds,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        purpose = d.pop("purpose")

        outcome = check_objection_assessment_request_outcome(d.pop("outcome"))

        grounds = d.pop("grounds")

        objection_assessment_request = cls(
            purpose=purpose,
            outcome=outcome,
            grounds=grounds,
        )

        return objection_assessment_request
