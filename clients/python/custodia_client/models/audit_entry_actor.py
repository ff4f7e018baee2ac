from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..models.role import Role, check_role

T = TypeVar("T", bound="AuditEntryActor")


@_attrs_define
class AuditEntryActor:
    """
    Attributes:
        id (str): The token's `sub`.
        role (Role): The caller's role, from the token.
    """

    id: str
    role: Role

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        role: str = self.role

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "id": id,
                "role": role,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        role = check_role(d.pop("role"))

        audit_entry_actor = cls(
            id=id,
            role=role,
        )

        return audit_entry_actor
