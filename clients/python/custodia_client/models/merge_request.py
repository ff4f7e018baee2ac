from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar
from uuid import UUID

from attrs import define as _attrs_define

T = TypeVar("T", bound="MergeRequest")


@_attrs_define
class MergeRequest:
    """
    Attributes:
        other (UUID): The subject to merge into the subject of the path (a UUID).
    """

    other: UUID

    def to_dict(self) -> dict[str, Any]:
        other = str(self.other)

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "other": other,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        other = UUID(d.pop("other"))

        merge_request = cls(
            other=other,
        )

        return merge_request
