from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.subject_batch_item_result import SubjectBatchItemResult


T = TypeVar("T", bound="SubjectBatchResult")


@_attrs_define
class SubjectBatchResult:
    """
    Attributes:
        created (int):
        duplicates (int):
        rejected (int):
        results (list[SubjectBatchItemResult]): One per item, in the order sent.
    """

    created: int
    duplicates: int
    rejected: int
    results: list[SubjectBatchItemResult]

    def to_dict(self) -> dict[str, Any]:
        created = self.created

        duplicates = self.duplicates

        rejected = self.rejected

        results = []
        for results_item_data in self.results:
            results_item = results_item_data.to_dict()
            results.append(results_item)

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "created": created,
                "duplicates": duplicates,
                "rejected": rejected,
                "results": results,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.subject_batch_item_result import SubjectBatchItemResult  # noqa: PLC0415

        d = dict(src_dict)
        created = d.pop("created")

        duplicates = d.pop("duplicates")

        rejected = d.pop("rejected")

        results = []
        _results = d.pop("results")
        for results_item_data in _results:
            results_item = SubjectBatchItemResult.from_dict(results_item_data)

            results.append(results_item)

        subject_batch_result = cls(
            created=created,
            duplicates=duplicates,
            rejected=rejected,
            results=results,
        )

        return subject_batch_result
