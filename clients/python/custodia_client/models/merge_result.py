from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define

from ..models.field_name import FieldName, check_field_name

T = TypeVar("T", bound="MergeResult")


@_attrs_define
class MergeResult:
    """
    Attributes:
        merge_id (UUID): Pass to `POST /v1/merges/{id}/undo` to undo the merge.
        target (UUID): The subject of the path; it holds everything now.
        source (UUID): `other`, now marked as merged.
        copied_fields (list[FieldName]): Personal fields the target lacked, copied from the source, in the stable field
            order.
        identifiers_moved (int):
        events_moved (int):
        consents_changed (list[str]): Consent-based purposes whose current decision for the target changed (the source's
            was stricter or the only one).
    """

    merge_id: UUID
    target: UUID
    source: UUID
    copied_fields: list[FieldName]
    identifiers_moved: int
    events_moved: int
    consents_changed: list[str]

    def to_dict(self) -> dict[str, Any]:
        merge_id = str(self.merge_id)

        target = str(self.target)

        source = str(self.source)

        copied_fields = []
        for copied_fields_item_data in self.copied_fields:
            copied_fields_item: str = copied_fields_item_data
            copied_fields.append(copied_fields_item)

        identifiers_moved = self.identifiers_moved

        events_moved = self.events_moved

        consents_changed = self.consents_changed

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "merge_id": merge_id,
                "target": target,
                "source": source,
                "copied_fields": copied_fields,
                "identifiers_moved": identifiers_moved,
                "events_moved": events_moved,
                "consents_changed": consents_changed,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        merge_id = UUID(d.pop("merge_id"))

        target = UUID(d.pop("target"))

        source = UUID(d.pop("source"))

        copied_fields = []
        _copied_fields = d.pop("copied_fields")
        for copied_fields_item_data in _copied_fields:
            copied_fields_item = check_field_name(copied_fields_item_data)

            copied_fields.append(copied_fields_item)

        identifiers_moved = d.pop("identifiers_moved")

        events_moved = d.pop("events_moved")

        consents_changed = cast(list[str], d.pop("consents_changed"))

        merge_result = cls(
            merge_id=merge_id,
            target=target,
            source=source,
            copied_fields=copied_fields,
            identifiers_moved=identifiers_moved,
            events_moved=events_moved,
            consents_changed=consents_changed,
        )

        return merge_result
