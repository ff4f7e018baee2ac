from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.channel_preference_update import ChannelPreferenceUpdate


T = TypeVar("T", bound="PreferencesUpdateChannels")


@_attrs_define
class PreferencesUpdateChannels:
    """
    Attributes:
        email (ChannelPreferenceUpdate | Unset): `null` is the same as leaving the part out; at least one part must be
            given.
        sms (ChannelPreferenceUpdate | Unset): `null` is the same as leaving the part out; at least one part must be
            given.
        push (ChannelPreferenceUpdate | Unset): `null` is the same as leaving the part out; at least one part must be
            given.
        phone (ChannelPreferenceUpdate | Unset): `null` is the same as leaving the part out; at least one part must be
            given.
        post (ChannelPreferenceUpdate | Unset): `null` is the same as leaving the part out; at least one part must be
            given.
    """

    email: ChannelPreferenceUpdate | Unset = UNSET
    sms: ChannelPreferenceUpdate | Unset = UNSET
    push: ChannelPreferenceUpdate | Unset = UNSET
    phone: ChannelPreferenceUpdate | Unset = UNSET
    post: ChannelPreferenceUpdate | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        email: dict[str, Any] | Unset = UNSET
        if not isinstance(self.email, Unset):
            email = self.email.to_dict()

        sms: dict[str, Any] | Unset = UNSET
        if not isinstance(self.sms, Unset):
            sms = self.sms.to_dict()

        push: dict[str, Any] | Unset = UNSET
        if not isinstance(self.push, Unset):
            push = self.push.to_dict()

        phone: dict[str, Any] | Unset = UNSET
        if not isinstance(self.phone, Unset):
            phone = self.phone.to_dict()

        post: dict[str, Any] | Unset = UNSET
        if not isinstance(self.post, Unset):
            post = self.post.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if email is not UNSET:
            field_dict["email"] = email
        if sms is not UNSET:
            field_dict["sms"] = sms
        if push is not UNSET:
            field_dict["push"] = push
        if phone is not UNSET:
            field_dict["phone"] = phone
        if post is not UNSET:
            field_dict["post"] = post

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.channel_preference_update import ChannelPreferenceUpdate  # noqa: PLC0415

        d = dict(src_dict)
        _email = d.pop("email", UNSET)
        email: ChannelPreferenceUpdate | Unset
        if isinstance(_email, Unset):
            email = UNSET
        else:
            email = ChannelPreferenceUpdate.from_dict(_email)

        _sms = d.pop("sms", UNSET)
        sms: ChannelPreferenceUpdate | Unset
        if isinstance(_sms, Unset):
            sms = UNSET
        else:
            sms = ChannelPreferenceUpdate.from_dict(_sms)

        _push = d.pop("push", UNSET)
        push: ChannelPreferenceUpdate | Unset
        if isinstance(_push, Unset):
            push = UNSET
        else:
            push = ChannelPreferenceUpdate.from_dict(_push)

        _phone = d.pop("phone", UNSET)
        phone: ChannelPreferenceUpdate | Unset
        if isinstance(_phone, Unset):
            phone = UNSET
        else:
            phone = ChannelPreferenceUpdate.from_dict(_phone)

        _post = d.pop("post", UNSET)
        post: ChannelPreferenceUpdate | Unset
        if isinstance(_post, Unset):
            post = UNSET
        else:
            post = ChannelPreferenceUpdate.from_dict(_post)

        preferences_update_channels = cls(
            email=email,
            sms=sms,
            push=push,
            phone=phone,
            post=post,
        )

        return preferences_update_channels
