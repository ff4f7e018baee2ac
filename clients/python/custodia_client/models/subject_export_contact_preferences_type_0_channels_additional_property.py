from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="SubjectExportContactPreferencesType0ChannelsAdditionalProperty")


@_attrs_define
class SubjectExportContactPreferencesType0ChannelsAdditionalProperty:
    """
    Attributes:
        opted_in (bool):
        max_per_week (int | Unset):
    """

    opted_in: bool
    max_per_week: int | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        opted_in = self.opted_in

        max_per_week = self.max_per_week

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "opted_in": opted_in,
            }
        )
        if max_per_week is not UNSET:
            field_dict["max_per_week"] = max_per_week

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        opted_in = d.pop("opted_in")

        max_per_week = d.pop("max_per_week", UNSET)

        subject_export_contact_preferences_type_0_channels_additional_property = cls(
            opted_in=opted_in,
            max_per_week=max_per_week,
        )

        return subject_export_contact_preferences_type_0_channels_additional_property
