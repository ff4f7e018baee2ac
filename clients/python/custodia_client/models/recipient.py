from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.recipient_recipient import RecipientRecipient, check_recipient_recipient

T = TypeVar("T", bound="Recipient")


@_attrs_define
class Recipient:
    """
    Attributes:
        client (str): The client id (token `sub`).
        name (str): The recipient as named in `clients.toml` for data subjects.
        recipient (RecipientRecipient): `internal`, a `processor` (Art. 28) or a `third_party` controller.
        country (None | str): Where it processes the data (ISO 3166-1 alpha-2), when declared.
        purposes (list[str]): The purposes the data was given for, sorted.
        fields (list[str]): What was given, sorted, as named in the audit log: field names (with a reduced
            view in brackets, e.g. `email(mask)`), event types, and `events.channels`,
            `events.orders`, `events.categories` for profile parts.
        disclosures (int): How many allowed reads.
        last_at (datetime.datetime): The latest of them.
    """

    client: str
    name: str
    recipient: RecipientRecipient
    country: None | str
    purposes: list[str]
    fields: list[str]
    disclosures: int
    last_at: datetime.datetime

    def to_dict(self) -> dict[str, Any]:
        client = self.client

        name = self.name

        recipient: str = self.recipient

        country: None | str
        country = self.country

        purposes = self.purposes

        fields = self.fields

        disclosures = self.disclosures

        last_at = self.last_at.isoformat()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "client": client,
                "name": name,
                "recipient": recipient,
                "country": country,
                "purposes": purposes,
                "fields": fields,
                "disclosures": disclosures,
                "last_at": last_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        client = d.pop("client")

        name = d.pop("name")

        recipient = check_recipient_recipient(d.pop("recipient"))

        def _parse_country(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        country = _parse_country(d.pop("country"))

        purposes = cast(list[str], d.pop("purposes"))

        fields = cast(list[str], d.pop("fields"))

        disclosures = d.pop("disclosures")

        last_at = datetime.datetime.fromisoformat(d.pop("last_at"))

        recipient = cls(
            client=client,
            name=name,
            recipient=recipient,
            country=country,
            purposes=purposes,
            fields=fields,
            disclosures=disclosures,
            last_at=last_at,
        )

        return recipient
