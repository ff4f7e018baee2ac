from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.processing_activity import ProcessingActivity
    from ..models.ropa_controller_type_0 import RopaControllerType0


T = TypeVar("T", bound="Ropa")


@_attrs_define
class Ropa:
    """Records of processing activities (Art. 30(1)), generated from the policy.

    Attributes:
        controller (None | RopaControllerType0): The controller (`controller.toml`); `null` when the policy has none.
        generated_at (datetime.datetime):
        activities (list[ProcessingActivity]): One per purpose of `purposes.toml`, in file order.
    """

    controller: None | RopaControllerType0
    generated_at: datetime.datetime
    activities: list[ProcessingActivity]

    def to_dict(self) -> dict[str, Any]:
        from ..models.ropa_controller_type_0 import RopaControllerType0  # noqa: PLC0415

        controller: dict[str, Any] | None
        if isinstance(self.controller, RopaControllerType0):
            controller = self.controller.to_dict()
        else:
            controller = self.controller

        generated_at = self.generated_at.isoformat()

        activities = []
        for activities_item_data in self.activities:
            activities_item = activities_item_data.to_dict()
            activities.append(activities_item)

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "controller": controller,
                "generated_at": generated_at,
                "activities": activities,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.processing_activity import ProcessingActivity  # noqa: PLC0415
        from ..models.ropa_controller_type_0 import RopaControllerType0  # noqa: PLC0415

        d = dict(src_dict)

        def _parse_controller(data: object) -> None | RopaControllerType0:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                controller_type_0 = RopaControllerType0.from_dict(data)

                return controller_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | RopaControllerType0, data)

        controller = _parse_controller(d.pop("controller"))

        generated_at = datetime.datetime.fromisoformat(d.pop("generated_at"))

        activities = []
        _activities = d.pop("activities")
        for activities_item_data in _activities:
            activities_item = ProcessingActivity.from_dict(activities_item_data)

            activities.append(activities_item)

        ropa = cls(
            controller=controller,
            generated_at=generated_at,
            activities=activities,
        )

        return ropa
