from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

T = TypeVar("T", bound="PurposeCatalogueController")


@_attrs_define
class PurposeCatalogueController:
    """
    Attributes:
        name (str): Empty when `controller.toml` names none.
        country (None | str):
        withdraw_url (None | str):
    """

    name: str
    country: None | str
    withdraw_url: None | str

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        country: None | str
        country = self.country

        withdraw_url: None | str
        withdraw_url = self.withdraw_url

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "name": name,
                "country": country,
                "withdraw_url": withdraw_url,
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

        def _parse_withdraw_url(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        withdraw_url = _parse_withdraw_url(d.pop("withdraw_url"))

        purpose_catalogue_controller = cls(
            name=name,
            country=country,
            withdraw_url=withdraw_url,
        )

        return purpose_catalogue_controller
