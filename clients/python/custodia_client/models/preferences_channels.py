from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.channel_preference import ChannelPreference


T = TypeVar("T", bound="PreferencesChannels")


@_attrs_define
class PreferencesChannels:
    """
    Attributes:
        email (ChannelPreference):
        sms (ChannelPreference):
        push (ChannelPreference):
        phone (ChannelPreference):
        post (ChannelPreference):
    """

    email: ChannelPreference
    sms: ChannelPreference
    push: ChannelPreference
    phone: ChannelPreference
    post: ChannelPreference

    def to_dict(self) -> dict[str, Any]:
        email = self.email.to_dict()

        sms = self.sms.to_dict()

        push = self.push.to_dict()

        phone = self.phone.to_dict()

        post = self.post.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "email": email,
                "sms": sms,
                "push": push,
                "phone": phone,
                "post": post,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.channel_preference import ChannelPreference  # noqa: PLC0415

        d = dict(src_dict)
        email = ChannelPreference.from_dict(d.pop("email"))

        sms = ChannelPreference.from_dict(d.pop("sms"))

        push = ChannelPreference.from_dict(d.pop("push"))

        phone = ChannelPreference.from_dict(d.pop("phone"))

        post = ChannelPreference.from_dict(d.pop("post"))

        preferences_channels = cls(
            email=email,
            sms=sms,
            push=push,
            phone=phone,
            post=post,
        )

        return preferences_channels
