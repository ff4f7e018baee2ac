from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.contact_decision_batch_result_counts import ContactDecisionBatchResultCounts
    from ..models.contact_decision_batch_result_decisions_item import ContactDecisionBatchResultDecisionsItem


T = TypeVar("T", bound="ContactDecisionBatchResult")


@_attrs_define
class ContactDecisionBatchResult:
    """
    Attributes:
        counts (ContactDecisionBatchResultCounts):
        decisions (list[ContactDecisionBatchResultDecisionsItem]):
    """

    counts: ContactDecisionBatchResultCounts
    decisions: list[ContactDecisionBatchResultDecisionsItem]

    def to_dict(self) -> dict[str, Any]:
        counts = self.counts.to_dict()

        decisions = []
        for decisions_item_data in self.decisions:
            decisions_item = decisions_item_data.to_dict()
            decisions.append(decisions_item)

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "counts": counts,
                "decisions": decisions,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.contact_decision_batch_result_counts import ContactDecisionBatchResultCounts  # noqa: PLC0415
        from ..models.contact_decision_batch_result_decisions_item import ContactDecisionBatchResultDecisionsItem  # noqa: PLC0415

        d = dict(src_dict)
        counts = ContactDecisionBatchResultCounts.from_dict(d.pop("counts"))

        decisions = []
        _decisions = d.pop("decisions")
        for decisions_item_data in _decisions:
            decisions_item = ContactDecisionBatchResultDecisionsItem.from_dict(decisions_item_data)

            decisions.append(decisions_item)

        contact_decision_batch_result = cls(
            counts=counts,
            decisions=decisions,
        )

        return contact_decision_batch_result
