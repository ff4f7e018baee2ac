from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..models.field_name import FieldName, check_field_name
from ..models.withhold_reason import WithholdReason, check_withhold_reason

T = TypeVar("T", bound="Withheld")


@_attrs_define
class Withheld:
    """
    Attributes:
        field (FieldName): The name of one field, as used in policies, `withheld` and the audit log. Address
            parts are `address.<part>`; the identifiers of one type are `identifiers.<type>`.
        reason (WithholdReason): Why a field was left out of an allowed read. `not_in_purpose`, the purpose does not
            cover the field.
    """

    field: FieldName
    reason: WithholdReason

    def to_dict(self) -> dict[str, Any]:
        field: str = self.field

        reason: str = self.reason

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "field": field,
                "reason": reason,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        field = check_field_name(d.pop("field"))

        reason = check_withhold_reason(d.pop("reason"))

        withheld = cls(
            field=field,
            reason=reason,
        )

        return withheld
