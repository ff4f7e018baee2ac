from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.contact_channel import ContactChannel, check_contact_channel
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.preferences_update_channels import PreferencesUpdateChannels
    from ..models.quiet_hours import QuietHours


T = TypeVar("T", bound="PreferencesUpdate")


@_attrs_define
class PreferencesUpdate:
    """Every part optional, at least one named; what is left out keeps its value.

    Attributes:
        channels (PreferencesUpdateChannels | Unset):
        quiet_hours (None | QuietHours | Unset): `null`: left as it is (as when left out).
        preferred_channel (ContactChannel | None | Unset):
        language (None | str | Unset): A language tag such as `de` or `en-GB`; `null` leaves it as it is.
    """

    channels: PreferencesUpdateChannels | Unset = UNSET
    quiet_hours: None | QuietHours | Unset = UNSET
    preferred_channel: ContactChannel | None | Unset = UNSET
    language: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        from ..models.quiet_hours import QuietHours  # noqa: PLC0415

        channels: dict[str, Any] | Unset = UNSET
        if not isinstance(self.channels, Unset):
            channels = self.channels.to_dict()

        quiet_hours: dict[str, Any] | None | Unset
        if isinstance(self.quiet_hours, Unset):
            quiet_hours = UNSET
        elif isinstance(self.quiet_hours, QuietHours):
            quiet_hours = self.quiet_hours.to_dict()
        else:
            quiet_hours = self.quiet_hours

        preferred_channel: None | str | Unset
        if isinstance(self.preferred_channel, Unset):
            preferred_channel = UNSET
        elif isinstance(self.preferred_channel, str):
            preferred_channel = self.preferred_channel
        else:
            preferred_channel = self.preferred_channel

        language: None | str | Unset
        if isinstance(self.language, Unset):
            language = UNSET
        else:
            language = self.language

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if channels is not UNSET:
            field_dict["channels"] = channels
        if quiet_hours is not UNSET:
            field_dict["quiet_hours"] = quiet_hours
        if preferred_channel is not UNSET:
            field_dict["preferred_channel"] = preferred_channel
        if language is not UNSET:
            field_dict["language"] = language

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.preferences_update_channels import PreferencesUpdateChannels  # noqa: PLC0415
        from ..models.quiet_hours import QuietHours  # noqa: PLC0415

        d = dict(src_dict)
        _channels = d.pop("channels", UNSET)
        channels: PreferencesUpdateChannels | Unset
        if isinstance(_channels, Unset):
            channels = UNSET
        else:
            channels = PreferencesUpdateChannels.from_dict(_channels)

        def _parse_quiet_hours(data: object) -> None | QuietHours | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                quiet_hours_type_1 = QuietHours.from_dict(data)

                return quiet_hours_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | QuietHours | Unset, data)

        quiet_hours = _parse_quiet_hours(d.pop("quiet_hours", UNSET))

        def _parse_preferred_channel(data: object) -> ContactChannel | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                preferred_channel_type_1 = check_contact_channel(data)

                return preferred_channel_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(ContactChannel | None | Unset, data)

        preferred_channel = _parse_preferred_channel(d.pop("preferred_channel", UNSET))

        def _parse_language(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        language = _parse_language(d.pop("language", UNSET))

        preferences_update = cls(
            channels=channels,
            quiet_hours=quiet_hours,
            preferred_channel=preferred_channel,
            language=language,
        )

        return preferences_update
