from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

from ..models.contact_decision_batch_result_decisions_item_decision import (
    ContactDecisionBatchResultDecisionsItemDecision,
    check_contact_decision_batch_result_decisions_item_decision,
)
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.validation_failed_problem import ValidationFailedProblem


T = TypeVar("T", bound="ContactDecisionBatchResultDecisionsItem")


@_attrs_define
class ContactDecisionBatchResultDecisionsItem:
    """
    Attributes:
        index (int | Unset):
        decision (ContactDecisionBatchResultDecisionsItemDecision | Unset):
        reason (str | Unset):
        next_allowed_at (datetime.datetime | Unset):
        send_recorded (bool | Unset):
        error (ValidationFailedProblem | Unset): An RFC 7807 problem document. Never contains personal data.
    """

    index: int | Unset = UNSET
    decision: ContactDecisionBatchResultDecisionsItemDecision | Unset = UNSET
    reason: str | Unset = UNSET
    next_allowed_at: datetime.datetime | Unset = UNSET
    send_recorded: bool | Unset = UNSET
    error: ValidationFailedProblem | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        index = self.index

        decision: str | Unset = UNSET
        if not isinstance(self.decision, Unset):
            decision = self.decision

        reason = self.reason

        next_allowed_at: str | Unset = UNSET
        if not isinstance(self.next_allowed_at, Unset):
            next_allowed_at = self.next_allowed_at.isoformat()

        send_recorded = self.send_recorded

        error: dict[str, Any] | Unset = UNSET
        if not isinstance(self.error, Unset):
            error = self.error.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if index is not UNSET:
            field_dict["index"] = index
        if decision is not UNSET:
            field_dict["decision"] = decision
        if reason is not UNSET:
            field_dict["reason"] = reason
        if next_allowed_at is not UNSET:
            field_dict["next_allowed_at"] = next_allowed_at
        if send_recorded is not UNSET:
            field_dict["send_recorded"] = send_recorded
        if error is not UNSET:
            field_dict["error"] = error

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.validation_failed_problem import ValidationFailedProblem  # noqa: PLC0415

        d = dict(src_dict)
        index = d.pop("index", UNSET)

        _decision = d.pop("decision", UNSET)
        decision: ContactDecisionBatchResultDecisionsItemDecision | Unset
        if isinstance(_decision, Unset):
            decision = UNSET
        else:
            decision = check_contact_decision_batch_result_decisions_item_decision(_decision)

        reason = d.pop("reason", UNSET)

        _next_allowed_at = d.pop("next_allowed_at", UNSET)
        next_allowed_at: datetime.datetime | Unset
        if isinstance(_next_allowed_at, Unset):
            next_allowed_at = UNSET
        else:
            next_allowed_at = datetime.datetime.fromisoformat(_next_allowed_at)

        send_recorded = d.pop("send_recorded", UNSET)

        _error = d.pop("error", UNSET)
        error: ValidationFailedProblem | Unset
        if isinstance(_error, Unset):
            error = UNSET
        else:
            error = ValidationFailedProblem.from_dict(_error)

        contact_decision_batch_result_decisions_item = cls(
            index=index,
            decision=decision,
            reason=reason,
            next_allowed_at=next_allowed_at,
            send_recorded=send_recorded,
            error=error,
        )

        return contact_decision_batch_result_decisions_item
