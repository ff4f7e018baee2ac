from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="Transfer")


@_attrs_define
class Transfer:
    """A recipient outside the EEA and the safeguard of the transfer (`clients.toml`).

    Attributes:
        client (str):
        name (str):
        country (str):
        safeguard (str):
    """

    client: str
    name: str
    country: str
    safeguard: str

    def to_dict(self) -> dict[str, Any]:
        client = self.client

        name = self.name

        country = self.country

        safeguard = self.safeguard

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "client": client,
                "name": name,
                "country": country,
                "safeguard": safeguard,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        client = d.pop("client")

        name = d.pop("name")

        country = d.pop("country")

        safeguard = d.pop("safeguard")

        transfer = cls(
            client=client,
            name=name,
            country=country,
            safeguard=safeguard,
        )

        return transfer
