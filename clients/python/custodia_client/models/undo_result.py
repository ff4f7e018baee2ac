from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define

T = TypeVar("T", bound="UndoResult")


@_attrs_define
class UndoResult:
    """
    Attributes:
        merge_id (UUID):
        undone (bool):
        consents_not_restored (list[str]): Consent-based purposes the target had granted before the merge and lost to
            the
            source's stricter decision. An undo never records a grant (consent is given by the
            customer, not by a machine), so the target stays withdrawn there until the
            customer grants again.
        refusals_copied_to_source (int): Consent withdrawals or refusals, objections and a restriction recorded on the
            target
            since the merge, copied to the source as well: either person may have made them.
    """

    merge_id: UUID
    undone: bool
    consents_not_restored: list[str]
    refusals_copied_to_source: int

    def to_dict(self) -> dict[str, Any]:
        merge_id = str(self.merge_id)

        undone = self.undone

        consents_not_restored = self.consents_not_restored

        refusals_copied_to_source = self.refusals_copied_to_source

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "merge_id": merge_id,
                "undone": undone,
                "consents_not_restored": consents_not_restored,
                "refusals_copied_to_source": refusals_copied_to_source,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        merge_id = UUID(d.pop("merge_id"))

        undone = d.pop("undone")

        consents_not_restored = cast(list[str], d.pop("consents_not_restored"))

        refusals_copied_to_source = d.pop("refusals_copied_to_source")

        undo_result = cls(
            merge_id=merge_id,
            undone=undone,
            consents_not_restored=consents_not_restored,
            refusals_copied_to_source=refusals_copied_to_source,
        )

        return undo_result
