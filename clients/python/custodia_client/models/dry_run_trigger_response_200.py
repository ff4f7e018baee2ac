from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.dry_run_trigger_response_200_held_back import DryRunTriggerResponse200HeldBack


T = TypeVar("T", bound="DryRunTriggerResponse200")


@_attrs_define
class DryRunTriggerResponse200:
    """
    Attributes:
        trigger (str):
        candidates (int):
        would_reach (int):
        held_back (DryRunTriggerResponse200HeldBack):
    """

    trigger: str
    candidates: int
    would_reach: int
    held_back: DryRunTriggerResponse200HeldBack

    def to_dict(self) -> dict[str, Any]:
        trigger = self.trigger

        candidates = self.candidates

        would_reach = self.would_reach

        held_back = self.held_back.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "trigger": trigger,
                "candidates": candidates,
                "would_reach": would_reach,
                "held_back": held_back,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.dry_run_trigger_response_200_held_back import DryRunTriggerResponse200HeldBack  # noqa: PLC0415

        d = dict(src_dict)
        trigger = d.pop("trigger")

        candidates = d.pop("candidates")

        would_reach = d.pop("would_reach")

        held_back = DryRunTriggerResponse200HeldBack.from_dict(d.pop("held_back"))

        dry_run_trigger_response_200 = cls(
            trigger=trigger,
            candidates=candidates,
            would_reach=would_reach,
            held_back=held_back,
        )

        return dry_run_trigger_response_200
