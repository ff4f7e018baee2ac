from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define

T = TypeVar("T", bound="ObjectionRecorded")


@_attrs_define
class ObjectionRecorded:
    """
    Attributes:
        subject (UUID):
        scopes (list[str]): The scopes recorded, `direct_marketing` first.
    """

    subject: UUID
    scopes: list[str]

    def to_dict(self) -> dict[str, Any]:
        subject = str(self.subject)

        scopes = self.scopes

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "subject": subject,
                "scopes": scopes,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        subject = UUID(d.pop("subject"))

        scopes = cast(list[str], d.pop("scopes"))

        objection_recorded = cls(
            subject=subject,
            scopes=scopes,
        )

        return objection_recorded
