from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.event_result import EventResult


T = TypeVar("T", bound="EventBatchResult")


@_attrs_define
class EventBatchResult:
    """
    Attributes:
        accepted (int):
        duplicates (int):
        rejected (int):
        results (list[EventResult]): One per event, in the order sent.
    """

    accepted: int
    duplicates: int
    rejected: int
    results: list[EventResult]

    def to_dict(self) -> dict[str, Any]:
        accepted = self.accepted

        duplicates = self.duplicates

        rejected = self.rejected

        results = []
        for results_item_data in self.results:
            results_item = results_item_data.to_dict()
            results.append(results_item)

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "accepted": accepted,
                "duplicates": duplicates,
                "rejected": rejected,
                "results": results,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.event_result import EventResult  # noqa: PLC0415

        d = dict(src_dict)
        accepted = d.pop("accepted")

        duplicates = d.pop("duplicates")

        rejected = d.pop("rejected")

        results = []
        _results = d.pop("results")
        for results_item_data in _results:
            results_item = EventResult.from_dict(results_item_data)

            results.append(results_item)

        event_batch_result = cls(
            accepted=accepted,
            duplicates=duplicates,
            rejected=rejected,
            results=results,
        )

        return event_batch_result
