from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.trigger import Trigger


T = TypeVar("T", bound="ListTriggersResponse200")


@_attrs_define
class ListTriggersResponse200:
    """
    Attributes:
        triggers (list[Trigger]):
    """

    triggers: list[Trigger]

    def to_dict(self) -> dict[str, Any]:
        triggers = []
        for triggers_item_data in self.triggers:
            triggers_item = triggers_item_data.to_dict()
            triggers.append(triggers_item)

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "triggers": triggers,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.trigger import Trigger  # noqa: PLC0415

        d = dict(src_dict)
        triggers = []
        _triggers = d.pop("triggers")
        for triggers_item_data in _triggers:
            triggers_item = Trigger.from_dict(triggers_item_data)

            triggers.append(triggers_item)

        list_triggers_response_200 = cls(
            triggers=triggers,
        )

        return list_triggers_response_200
