from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..models.identifier_input_type import IdentifierInputType, check_identifier_input_type
from ..types import UNSET, Unset

T = TypeVar("T", bound="IdentifierInput")


@_attrs_define
class IdentifierInput:
    """One channel identifier. The value is checked by the rules of its type: `email` as an
    email address (stored lower-cased), `phone` as a phone number (stored in E.164),
    every other type as 1 to 128 characters without control characters.

        Attributes:
            type_ (IdentifierInputType | Unset):
            value (str | Unset):
    """

    type_: IdentifierInputType | Unset = UNSET
    value: str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        type_: str | Unset = UNSET
        if not isinstance(self.type_, Unset):
            type_ = self.type_

        value = self.value

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if type_ is not UNSET:
            field_dict["type"] = type_
        if value is not UNSET:
            field_dict["value"] = value

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        _type_ = d.pop("type", UNSET)
        type_: IdentifierInputType | Unset
        if isinstance(_type_, Unset):
            type_ = UNSET
        else:
            type_ = check_identifier_input_type(_type_)

        value = d.pop("value", UNSET)

        identifier_input = cls(
            type_=type_,
            value=value,
        )

        return identifier_input
