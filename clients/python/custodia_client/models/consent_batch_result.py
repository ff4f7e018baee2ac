from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.consent_batch_result_results_item import ConsentBatchResultResultsItem


T = TypeVar("T", bound="ConsentBatchResult")


@_attrs_define
class ConsentBatchResult:
    """
    Attributes:
        recorded (int):
        rejected (int):
        results (list[ConsentBatchResultResultsItem]): One per record, in the order sent.
    """

    recorded: int
    rejected: int
    results: list[ConsentBatchResultResultsItem]

    def to_dict(self) -> dict[str, Any]:
        recorded = self.recorded

        rejected = self.rejected

        results = []
        for results_item_data in self.results:
            results_item = results_item_data.to_dict()
            results.append(results_item)

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "recorded": recorded,
                "rejected": rejected,
                "results": results,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.consent_batch_result_results_item import ConsentBatchResultResultsItem  # noqa: PLC0415

        d = dict(src_dict)
        recorded = d.pop("recorded")

        rejected = d.pop("rejected")

        results = []
        _results = d.pop("results")
        for results_item_data in _results:
            results_item = ConsentBatchResultResultsItem.from_dict(results_item_data)

            results.append(results_item)

        consent_batch_result = cls(
            recorded=recorded,
            rejected=rejected,
            results=results,
        )

        return consent_batch_result
