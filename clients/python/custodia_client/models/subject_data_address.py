from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="SubjectDataAddress")


@_attrs_define
class SubjectDataAddress:
    """
    Attributes:
        line1 (str | Unset):
        line2 (str | Unset):
        postal_code (Any | str | Unset):
        city (str | Unset):
        country (Any | str | Unset):
    """

    line1: str | Unset = UNSET
    line2: str | Unset = UNSET
    postal_code: Any | str | Unset = UNSET
    city: str | Unset = UNSET
    country: Any | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        line1 = self.line1

        line2 = self.line2

        postal_code: Any | str | Unset
        if isinstance(self.postal_code, Unset):
            postal_code = UNSET
        else:
            postal_code = self.postal_code

        city = self.city

        country: Any | str | Unset
        if isinstance(self.country, Unset):
            country = UNSET
        else:
            country = self.country

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if line1 is not UNSET:
            field_dict["line1"] = line1
        if line2 is not UNSET:
            field_dict["line2"] = line2
        if postal_code is not UNSET:
            field_dict["postal_code"] = postal_code
        if city is not UNSET:
            field_dict["city"] = city
        if country is not UNSET:
            field_dict["country"] = country

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        line1 = d.pop("line1", UNSET)

        line2 = d.pop("line2", UNSET)

        def _parse_postal_code(data: object) -> Any | str | Unset:
            if isinstance(data, Unset):
                return data
            return cast(Any | str | Unset, data)

        postal_code = _parse_postal_code(d.pop("postal_code", UNSET))

        city = d.pop("city", UNSET)

        def _parse_country(data: object) -> Any | str | Unset:
            if isinstance(data, Unset):
                return data
            return cast(Any | str | Unset, data)

        country = _parse_country(d.pop("country", UNSET))

        subject_data_address = cls(
            line1=line1,
            line2=line2,
            postal_code=postal_code,
            city=city,
            country=country,
        )

        return subject_data_address
