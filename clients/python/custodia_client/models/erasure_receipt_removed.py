from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="ErasureReceiptRemoved")


@_attrs_define
class ErasureReceiptRemoved:
    """What was deleted, by count.

    Attributes:
        personal_fields (int):
        identifiers (int):
        events (int): Behavioural events deleted from the behaviour store.
        objections (int):
        restrictions (int):
    """

    personal_fields: int
    identifiers: int
    events: int
    objections: int
    restrictions: int

    def to_dict(self) -> dict[str, Any]:
        personal_fields = self.personal_fields

        identifiers = self.identifiers

        events = self.events

        objections = self.objections

        restrictions = self.restrictions

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "personal_fields": personal_fields,
                "identifiers": identifiers,
                "events": events,
                "objections": objections,
                "restrictions": restrictions,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        personal_fields = d.pop("personal_fields")

        identifiers = d.pop("identifiers")

        events = d.pop("events")

        objections = d.pop("objections")

        restrictions = d.pop("restrictions")

        erasure_receipt_removed = cls(
            personal_fields=personal_fields,
            identifiers=identifiers,
            events=events,
            objections=objections,
            restrictions=restrictions,
        )

        return erasure_receipt_removed
