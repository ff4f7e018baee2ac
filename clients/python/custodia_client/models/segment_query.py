from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.segment_conditions import SegmentConditions


T = TypeVar("T", bound="SegmentQuery")


@_attrs_define
class SegmentQuery:
    """
    Attributes:
        conditions (SegmentConditions | Unset): Every condition is optional and they all combine. Omitted means no
            conditions; `null`
            for the object or a list is refused (`invalid-request`). Invalid values are reported
            at `/conditions/<name>` (`validation-failed`).
        limit (int | None | Unset): Most members per page (members answers only). Default: 100.
        cursor (None | str | Unset): The previous page's `next_cursor` (members answers only).
    """

    conditions: SegmentConditions | Unset = UNSET
    limit: int | None | Unset = 100
    cursor: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        conditions: dict[str, Any] | Unset = UNSET
        if not isinstance(self.conditions, Unset):
            conditions = self.conditions.to_dict()

        limit: int | None | Unset
        if isinstance(self.limit, Unset):
            limit = UNSET
        else:
            limit = self.limit

        cursor: None | str | Unset
        if isinstance(self.cursor, Unset):
            cursor = UNSET
        else:
            cursor = self.cursor

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if conditions is not UNSET:
            field_dict["conditions"] = conditions
        if limit is not UNSET:
            field_dict["limit"] = limit
        if cursor is not UNSET:
            field_dict["cursor"] = cursor

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.segment_conditions import SegmentConditions  # noqa: PLC0415

        d = dict(src_dict)
        _conditions = d.pop("conditions", UNSET)
        conditions: SegmentConditions | Unset
        if isinstance(_conditions, Unset):
            conditions = UNSET
        else:
            conditions = SegmentConditions.from_dict(_conditions)

        def _parse_limit(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        limit = _parse_limit(d.pop("limit", UNSET))

        def _parse_cursor(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        cursor = _parse_cursor(d.pop("cursor", UNSET))

        segment_query = cls(
            conditions=conditions,
            limit=limit,
            cursor=cursor,
        )

        return segment_query
