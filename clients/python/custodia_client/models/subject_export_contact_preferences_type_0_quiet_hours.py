from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="SubjectExportContactPreferencesType0QuietHours")


@_attrs_define
class SubjectExportContactPreferencesType0QuietHours:
    """
    Attributes:
        start (str):
        end (str):
        time_zone (str):
    """

    start: str
    end: str
    time_zone: str

    def to_dict(self) -> dict[str, Any]:
        start = self.start

        end = self.end

        time_zone = self.time_zone

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "start": start,
                "end": end,
                "time_zone": time_zone,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        start = d.pop("start")

        end = d.pop("end")

        time_zone = d.pop("time_zone")

        subject_export_contact_preferences_type_0_quiet_hours = cls(
            start=start,
            end=end,
            time_zone=time_zone,
        )

        return subject_export_contact_preferences_type_0_quiet_hours
