from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar
from uuid import UUID

from attrs import define as _attrs_define

from ..models.subject_flags_item import SubjectFlagsItem, check_subject_flags_item
from ..types import UNSET, Unset

T = TypeVar("T", bound="Created")


@_attrs_define
class Created:
    """
    Attributes:
        id (UUID): The new subject's id.
        flags (list[SubjectFlagsItem] | Unset): Present only when there is something to flag.
            `matches_erased_identifier`: an
            identifier the subject was given (on creation, by rectifying `email` or `phone`, or by
            linking; now or earlier: the flag stays) belonged to a customer who was erased (GDPR
            Art. 17), e.g. an import from a channel that still holds old data; treat the record
            with care (no marketing without fresh consent). Phones are compared in their
            canonical E.164 form, so `+49 (0)151 …` matches an erased `+49 151 …`. Told to
            clients and operators, never to the customer on `/v1/me`.
    """

    id: UUID
    flags: list[SubjectFlagsItem] | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        id = str(self.id)

        flags: list[str] | Unset = UNSET
        if not isinstance(self.flags, Unset):
            flags = []
            for componentsschemas_subject_flags_item_data in self.flags:
                componentsschemas_subject_flags_item: str = componentsschemas_subject_flags_item_data
                flags.append(componentsschemas_subject_flags_item)

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "id": id,
            }
        )
        if flags is not UNSET:
            field_dict["flags"] = flags

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = UUID(d.pop("id"))

        _flags = d.pop("flags", UNSET)
        flags: list[SubjectFlagsItem] | Unset = UNSET
        if _flags is not UNSET:
            flags = []
            for componentsschemas_subject_flags_item_data in _flags:
                componentsschemas_subject_flags_item = check_subject_flags_item(
                    componentsschemas_subject_flags_item_data
                )

                flags.append(componentsschemas_subject_flags_item)

        created = cls(
            id=id,
            flags=flags,
        )

        return created
