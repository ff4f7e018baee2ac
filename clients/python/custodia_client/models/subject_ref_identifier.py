from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..models.identifier_type import IdentifierType, check_identifier_type

T = TypeVar("T", bound="SubjectRefIdentifier")


@_attrs_define
class SubjectRefIdentifier:
    """
    Attributes:
        type_ (IdentifierType): The kinds of channel identifier a subject can be found by.
        value (str): Checked by the rules of its type, as on creation.
    """

    type_: IdentifierType
    value: str

    def to_dict(self) -> dict[str, Any]:
        type_: str = self.type_

        value = self.value

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "type": type_,
                "value": value,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        type_ = check_identifier_type(d.pop("type"))

        value = d.pop("value")

        subject_ref_identifier = cls(
            type_=type_,
            value=value,
        )

        return subject_ref_identifier
