from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..models.restriction_ground import RestrictionGround, check_restriction_ground

T = TypeVar("T", bound="RestrictionRequest")


@_attrs_define
class RestrictionRequest:
    """
    Attributes:
        reason (RestrictionGround): The ground of a restriction (GDPR Art. 18(1)): `accuracy_contested` (a),
            `unlawful_processing` (b), `legal_claims` (c), `objection_pending` (d).
    """

    reason: RestrictionGround

    def to_dict(self) -> dict[str, Any]:
        reason: str = self.reason

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "reason": reason,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        reason = check_restriction_ground(d.pop("reason"))

        restriction_request = cls(
            reason=reason,
        )

        return restriction_request
