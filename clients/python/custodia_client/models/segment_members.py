from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.subject_read import SubjectRead


T = TypeVar("T", bound="SegmentMembers")


@_attrs_define
class SegmentMembers:
    """
    Attributes:
        purpose (str): A purpose id of the policy.
        members (list[SubjectRead]): Members the policy allows for the purpose, each as a read for it, at most `limit`.
        next_cursor (None | str): Pass as `cursor` for the next page; `null` when the scan reached the end.
    """

    purpose: str
    members: list[SubjectRead]
    next_cursor: None | str

    def to_dict(self) -> dict[str, Any]:
        purpose = self.purpose

        members = []
        for members_item_data in self.members:
            members_item = members_item_data.to_dict()
            members.append(members_item)

        next_cursor: None | str
        next_cursor = self.next_cursor

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "purpose": purpose,
                "members": members,
                "next_cursor": next_cursor,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.subject_read import SubjectRead  # noqa: PLC0415

        d = dict(src_dict)
        purpose = d.pop("purpose")

        members = []
        _members = d.pop("members")
        for members_item_data in _members:
            members_item = SubjectRead.from_dict(members_item_data)

            members.append(members_item)

        def _parse_next_cursor(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        next_cursor = _parse_next_cursor(d.pop("next_cursor"))

        segment_members = cls(
            purpose=purpose,
            members=members,
            next_cursor=next_cursor,
        )

        return segment_members
