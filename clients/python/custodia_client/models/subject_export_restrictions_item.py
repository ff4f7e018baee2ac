from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.restriction_reason import RestrictionReason, check_restriction_reason

T = TypeVar("T", bound="SubjectExportRestrictionsItem")


@_attrs_define
class SubjectExportRestrictionsItem:
    """
    Attributes:
        restricted (bool):
        reason (None | RestrictionReason): The ground of a restriction; `null` when it was lifted.
        recorded_at (datetime.datetime):
    """

    restricted: bool
    reason: None | RestrictionReason
    recorded_at: datetime.datetime

    def to_dict(self) -> dict[str, Any]:
        restricted = self.restricted

        reason: None | str
        if isinstance(self.reason, str):
            reason = self.reason
        else:
            reason = self.reason

        recorded_at = self.recorded_at.isoformat()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "restricted": restricted,
                "reason": reason,
                "recorded_at": recorded_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        restricted = d.pop("restricted")

        def _parse_reason(data: object) -> None | RestrictionReason:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                reason_type_0 = check_restriction_reason(data)

                return reason_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | RestrictionReason, data)

        reason = _parse_reason(d.pop("reason"))

        recorded_at = datetime.datetime.fromisoformat(d.pop("recorded_at"))

        subject_export_restrictions_item = cls(
            restricted=restricted,
            reason=reason,
            recorded_at=recorded_at,
        )

        return subject_export_restrictions_item
