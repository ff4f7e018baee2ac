from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define

from ..models.contact_channel import ContactChannel, check_contact_channel

if TYPE_CHECKING:
    from ..models.preferences_channels import PreferencesChannels
    from ..models.preferences_quiet_hours_type_0 import PreferencesQuietHoursType0


T = TypeVar("T", bound="Preferences")


@_attrs_define
class Preferences:
    """
    Attributes:
        subject_id (UUID):
        channels (PreferencesChannels):
        quiet_hours (None | PreferencesQuietHoursType0):
        preferred_channel (ContactChannel | None):
        language (None | str):
        updated_at (datetime.datetime | None):
    """

    subject_id: UUID
    channels: PreferencesChannels
    quiet_hours: None | PreferencesQuietHoursType0
    preferred_channel: ContactChannel | None
    language: None | str
    updated_at: datetime.datetime | None

    def to_dict(self) -> dict[str, Any]:
        from ..models.preferences_quiet_hours_type_0 import PreferencesQuietHoursType0  # noqa: PLC0415

        subject_id = str(self.subject_id)

        channels = self.channels.to_dict()

        quiet_hours: dict[str, Any] | None
        if isinstance(self.quiet_hours, PreferencesQuietHoursType0):
            quiet_hours = self.quiet_hours.to_dict()
        else:
            quiet_hours = self.quiet_hours

        preferred_channel: None | str
        if isinstance(self.preferred_channel, str):
            preferred_channel = self.preferred_channel
        else:
            preferred_channel = self.preferred_channel

        language: None | str
        language = self.language

        updated_at: None | str
        if isinstance(self.updated_at, datetime.datetime):
            updated_at = self.updated_at.isoformat()
        else:
            updated_at = self.updated_at

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "subject_id": subject_id,
                "channels": channels,
                "quiet_hours": quiet_hours,
                "preferred_channel": preferred_channel,
                "language": language,
                "updated_at": updated_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.preferences_channels import PreferencesChannels  # noqa: PLC0415
        from ..models.preferences_quiet_hours_type_0 import PreferencesQuietHoursType0  # noqa: PLC0415

        d = dict(src_dict)
        subject_id = UUID(d.pop("subject_id"))

        channels = PreferencesChannels.from_dict(d.pop("channels"))

        def _parse_quiet_hours(data: object) -> None | PreferencesQuietHoursType0:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                quiet_hours_type_0 = PreferencesQuietHoursType0.from_dict(data)

                return quiet_hours_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | PreferencesQuietHoursType0, data)

        quiet_hours = _parse_quiet_hours(d.pop("quiet_hours"))

        def _parse_preferred_channel(data: object) -> ContactChannel | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                preferred_channel_type_1 = check_contact_channel(data)

                return preferred_channel_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(ContactChannel | None, data)

        preferred_channel = _parse_preferred_channel(d.pop("preferred_channel"))

        def _parse_language(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        language = _parse_language(d.pop("language"))

        def _parse_updated_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                updated_at_type_0 = datetime.datetime.fromisoformat(data)

                return updated_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        updated_at = _parse_updated_at(d.pop("updated_at"))

        preferences = cls(
            subject_id=subject_id,
            channels=channels,
            quiet_hours=quiet_hours,
            preferred_channel=preferred_channel,
            language=language,
            updated_at=updated_at,
        )

        return preferences
