from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

T = TypeVar("T", bound="RopaControllerType0")


@_attrs_define
class RopaControllerType0:
    """The controller (`controller.toml`); `null` when the policy has none.

    Attributes:
        name (str):
        country (None | str): ISO 3166-1 alpha-2.
    """

    name: str
    country: None | str

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        country: None | str
        country = self.country

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "name": name,
                "country": country,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        name = d.pop("name")

        def _parse_country(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        country = _parse_country(d.pop("country"))

        ropa_controller_type_0 = cls(
            name=name,
            country=country,
        )

        return ropa_controller_type_0
