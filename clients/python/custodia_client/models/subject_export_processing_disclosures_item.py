from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

T = TypeVar("T", bound="SubjectExportProcessingDisclosuresItem")


@_attrs_define
class SubjectExportProcessingDisclosuresItem:
    """
    Attributes:
        at (datetime.datetime):
        client (str):
        purpose (None | str):
        fields (list[str]):
    """

    at: datetime.datetime
    client: str
    purpose: None | str
    fields: list[str]

    def to_dict(self) -> dict[str, Any]:
        at = self.at.isoformat()

        client = self.client

        purpose: None | str
        purpose = self.purpose

        fields = self.fields

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "at": at,
                "client": client,
                "purpose": purpose,
                "fields": fields,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        at = datetime.datetime.fromisoformat(d.pop("at"))

        client = d.pop("client")

        def _parse_purpose(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        purpose = _parse_purpose(d.pop("purpose"))

        fields = cast(list[str], d.pop("fields"))

        subject_export_processing_disclosures_item = cls(
            at=at,
            client=client,
            purpose=purpose,
            fields=fields,
        )

        return subject_export_processing_disclosures_item
