from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define

T = TypeVar("T", bound="ObjectionsWithdrawn")


@_attrs_define
class ObjectionsWithdrawn:
    """
    Attributes:
        subject (UUID):
        withdrawn (list[str]): The scopes withdrawn by this request (asked for and in force), in the order asked; empty
            when none was in force.
        in_force (list[str]): The scopes still in force, in the order they were recorded.
    """

    subject: UUID
    withdrawn: list[str]
    in_force: list[str]

    def to_dict(self) -> dict[str, Any]:
        subject = str(self.subject)

        withdrawn = self.withdrawn

        in_force = self.in_force

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "subject": subject,
                "withdrawn": withdrawn,
                "in_force": in_force,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        subject = UUID(d.pop("subject"))

        withdrawn = cast(list[str], d.pop("withdrawn"))

        in_force = cast(list[str], d.pop("in_force"))

        objections_withdrawn = cls(
            subject=subject,
            withdrawn=withdrawn,
            in_force=in_force,
        )

        return objections_withdrawn
