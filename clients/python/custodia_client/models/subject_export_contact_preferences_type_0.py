from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

from ..models.contact_channel import ContactChannel, check_contact_channel
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.subject_export_contact_preferences_type_0_channels import SubjectExportContactPreferencesType0Channels
    from ..models.subject_export_contact_preferences_type_0_quiet_hours import (
        SubjectExportContactPreferencesType0QuietHours,
    )


T = TypeVar("T", bound="SubjectExportContactPreferencesType0")


@_attrs_define
class SubjectExportContactPreferencesType0:
    """
    Attributes:
        channels (SubjectExportContactPreferencesType0Channels):
        quiet_hours (SubjectExportContactPreferencesType0QuietHours | Unset):
        preferred_channel (ContactChannel | Unset): A channel a message goes out on.
        language (str | Unset):
    """

    channels: SubjectExportContactPreferencesType0Channels
    quiet_hours: SubjectExportContactPreferencesType0QuietHours | Unset = UNSET
    preferred_channel: ContactChannel | Unset = UNSET
    language: str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        channels = self.channels.to_dict()

        quiet_hours: dict[str, Any] | Unset = UNSET
        if not isinstance(self.quiet_hours, Unset):
            quiet_hours = self.quiet_hours.to_dict()

        preferred_channel: str | Unset = UNSET
        if not isinstance(self.preferred_channel, Unset):
            preferred_channel = self.preferred_channel

        language = self.language

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "channels": channels,
            }
        )
        if quiet_hours is not UNSET:
            field_dict["quiet_hours"] = quiet_hours
        if preferred_channel is not UNSET:
            field_dict["preferred_channel"] = preferred_channel
        if language is not UNSET:
            field_dict["language"] = language

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.subject_export_contact_preferences_type_0_channels import (
            SubjectExportContactPreferencesType0Channels,  # noqa: PLC0415
        )
        from ..models.subject_export_contact_preferences_type_0_quiet_hours import (
            SubjectExportContactPreferencesType0QuietHours,  # noqa: PLC0415
        )

        d = dict(src_dict)
        channels = SubjectExportContactPreferencesType0Channels.from_dict(d.pop("channels"))

        _quiet_hours = d.pop("quiet_hours", UNSET)
        quiet_hours: SubjectExportContactPreferencesType0QuietHours | Unset
        if isinstance(_quiet_hours, Unset):
            quiet_hours = UNSET
        else:
            quiet_hours = SubjectExportContactPreferencesType0QuietHours.from_dict(_quiet_hours)

        _preferred_channel = d.pop("preferred_channel", UNSET)
        preferred_channel: ContactChannel | Unset
        if isinstance(_preferred_channel, Unset):
            preferred_channel = UNSET
        else:
            preferred_channel = check_contact_channel(_preferred_channel)

        language = d.pop("language", UNSET)

        subject_export_contact_preferences_type_0 = cls(
            channels=channels,
            quiet_hours=quiet_hours,
            preferred_channel=preferred_channel,
            language=language,
        )

        return subject_export_contact_preferences_type_0
