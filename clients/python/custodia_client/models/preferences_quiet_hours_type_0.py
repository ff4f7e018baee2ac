from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..models.preferences_quiet_hours_type_0_source import (
    PreferencesQuietHoursType0Source,
    check_preferences_quiet_hours_type_0_source,
)

T = TypeVar("T", bound="PreferencesQuietHoursType0")


@_attrs_define
class PreferencesQuietHoursType0:
    """
    Attributes:
        start (str):
        end (str):
        time_zone (str):
        source (PreferencesQuietHoursType0Source):
    """

    start: str
    end: str
    time_zone: str
    source: PreferencesQuietHoursType0Source

    def to_dict(self) -> dict[str, Any]:
        start = self.start

        end = self.end

        time_zone = self.time_zone

        source: str = self.source

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "start": start,
                "end": end,
                "time_zone": time_zone,
                "source": source,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        start = d.pop("start")

        end = d.pop("end")

        time_zone = d.pop("time_zone")

        source = check_preferences_quiet_hours_type_0_source(d.pop("source"))

        preferences_quiet_hours_type_0 = cls(
            start=start,
            end=end,
            time_zone=time_zone,
            source=source,
        )

        return preferences_quiet_hours_type_0
