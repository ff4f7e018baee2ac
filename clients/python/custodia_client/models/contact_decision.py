from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..models.contact_decision_decision import ContactDecisionDecision, check_contact_decision_decision
from ..types import UNSET, Unset

T = TypeVar("T", bound="ContactDecision")


@_attrs_define
class ContactDecision:
    """
    Attributes:
        decision (ContactDecisionDecision):
        reason (str): For `allow`, the legal basis (`consent`, `contract`, `legitimate_interest`, …).
            For `defer`: `quiet_hours`, `frequency_cap`. For `deny`: `not_found`, `erased`,
            `restricted`, `minor`, `no_consent`, `consent_withdrawn`, `consent_refused`,
            `consent_expired`, `reconsent_required`, `objected`, `no_address`, `suppressed`,
            `channel_opted_out`.
        send_recorded (bool):
        next_allowed_at (datetime.datetime | Unset): For `defer`, when to ask again.
    """

    decision: ContactDecisionDecision
    reason: str
    send_recorded: bool
    next_allowed_at: datetime.datetime | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        decision: str = self.decision

        reason = self.reason

        send_recorded = self.send_recorded

        next_allowed_at: str | Unset = UNSET
        if not isinstance(self.next_allowed_at, Unset):
            next_allowed_at = self.next_allowed_at.isoformat()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "decision": decision,
                "reason": reason,
                "send_recorded": send_recorded,
            }
        )
        if next_allowed_at is not UNSET:
            field_dict["next_allowed_at"] = next_allowed_at

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        decision = check_contact_decision_decision(d.pop("decision"))

        reason = d.pop("reason")

        send_recorded = d.pop("send_recorded")

        _next_allowed_at = d.pop("next_allowed_at", UNSET)
        next_allowed_at: datetime.datetime | Unset
        if isinstance(_next_allowed_at, Unset):
            next_allowed_at = UNSET
        else:
            next_allowed_at = datetime.datetime.fromisoformat(_next_allowed_at)

        contact_decision = cls(
            decision=decision,
            reason=reason,
            send_recorded=send_recorded,
            next_allowed_at=next_allowed_at,
        )

        return contact_decision
