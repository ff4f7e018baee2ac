from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.dsr_history_entry_action import DsrHistoryEntryAction, check_dsr_history_entry_action

T = TypeVar("T", bound="DsrHistoryEntry")


@_attrs_define
class DsrHistoryEntry:
    """
    Attributes:
        action (DsrHistoryEntryAction):
        at (datetime.datetime):
        actor (str): Who took the step (token `sub`).
        reason (None | str): The reason given; `subject_linked` for a verification that tied a subject.
    """

    action: DsrHistoryEntryAction
    at: datetime.datetime
    actor: str
    reason: None | str

    def to_dict(self) -> dict[str, Any]:
        action: str = self.action

        at = self.at.isoformat()

        actor = self.actor

        reason: None | str
        reason = self.reason

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "action": action,
                "at": at,
                "actor": actor,
                "reason": reason,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        action = check_dsr_history_entry_action(d.pop("action"))

        at = datetime.datetime.fromisoformat(d.pop("at"))

        actor = d.pop("actor")

        def _parse_reason(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        reason = _parse_reason(d.pop("reason"))

        dsr_history_entry = cls(
            action=action,
            at=at,
            actor=actor,
            reason=reason,
        )

        return dsr_history_entry
