from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.ropa_recipient_recipient import RopaRecipientRecipient, check_ropa_recipient_recipient

T = TypeVar("T", bound="RopaRecipient")


@_attrs_define
class RopaRecipient:
    """A client as a recipient, as an access answer's `Recipient` names it.

    Attributes:
        client (str): The client id (token `sub`).
        name (str): The recipient as named in `clients.toml`.
        recipient (RopaRecipientRecipient): `internal`, a `processor` (Art. 28) or a `third_party` controller.
        country (None | str): Where it processes the data (ISO 3166-1 alpha-2), when declared.
    """

    client: str
    name: str
    recipient: RopaRecipientRecipient
    country: None | str

    def to_dict(self) -> dict[str, Any]:
        client = self.client

        name = self.name

        recipient: str = self.recipient

        country: None | str
        country = self.country

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "client": client,
                "name": name,
                "recipient": recipient,
                "country": country,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        client = d.pop("client")

        name = d.pop("name")

        recipient = check_ropa_recipient_recipient(d.pop("recipient"))

        def _parse_country(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        country = _parse_country(d.pop("country"))

        ropa_recipient = cls(
            client=client,
            name=name,
            recipient=recipient,
            country=country,
        )

        return ropa_recipient
