from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar
from uuid import UUID

from attrs import define as _attrs_define

from ..models.objection_assessment_outcome import ObjectionAssessmentOutcome, check_objection_assessment_outcome

T = TypeVar("T", bound="ObjectionAssessment")


@_attrs_define
class ObjectionAssessment:
    """
    Attributes:
        subject (UUID):
        scope (str): What an objection stops: `direct_marketing` (every direct-marketing purpose),
            `sale_or_sharing` (every purpose that sells or shares data; recorded from a GPC
            signal) or `purpose:<id>` (that purpose).
        outcome (ObjectionAssessmentOutcome):
    """

    subject: UUID
    scope: str
    outcome: ObjectionAssessmentOutcome

    def to_dict(self) -> dict[str, Any]:
        subject = str(self.subject)

        scope = self.scope

        outcome: str = self.outcome

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "subject": subject,
                "scope": scope,
                "outcome": outcome,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        subject = UUID(d.pop("subject"))

        scope = d.pop("scope")

        outcome = check_objection_assessment_outcome(d.pop("outcome"))

        objection_assessment = cls(
            subject=subject,
            scope=scope,
            outcome=outcome,
        )

        return objection_assessment
