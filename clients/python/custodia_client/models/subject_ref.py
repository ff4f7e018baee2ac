from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar
from uuid import UUID

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.subject_ref_identifier import SubjectRefIdentifier


T = TypeVar("T", bound="SubjectRef")


@_attrs_define
class SubjectRef:
    """How a batch record, event or data-subject request names its subject: exactly one of
    `id` or `identifier`. An identifier is looked up through its blind index (email in any
    letter case, phone in any accepted spelling). Problems are reported at
    `/subject/id`, `/subject/identifier/type`, `/subject/identifier/value` or `/subject`.

        Attributes:
            id (UUID | Unset):
            identifier (SubjectRefIdentifier | Unset):
    """

    id: UUID | Unset = UNSET
    identifier: SubjectRefIdentifier | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        id: str | Unset = UNSET
        if not isinstance(self.id, Unset):
            id = str(self.id)

        identifier: dict[str, Any] | Unset = UNSET
        if not isinstance(self.identifier, Unset):
            identifier = self.identifier.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if id is not UNSET:
            field_dict["id"] = id
        if identifier is not UNSET:
            field_dict["identifier"] = identifier

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.subject_ref_identifier import SubjectRefIdentifier  # noqa: PLC0415

        d = dict(src_dict)
        _id = d.pop("id", UNSET)
        id: UUID | Unset
        if isinstance(_id, Unset):
            id = UNSET
        else:
            id = UUID(_id)

        _identifier = d.pop("identifier", UNSET)
        identifier: SubjectRefIdentifier | Unset
        if isinstance(_identifier, Unset):
            identifier = UNSET
        else:
            identifier = SubjectRefIdentifier.from_dict(_identifier)

        subject_ref = cls(
            id=id,
            identifier=identifier,
        )

        return subject_ref
