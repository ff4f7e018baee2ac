from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.contact_channel import ContactChannel, check_contact_channel
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.subject_ref import SubjectRef


T = TypeVar("T", bound="ContactDecisionRequest")


@_attrs_define
class ContactDecisionRequest:
    """
    Attributes:
        subject (SubjectRef): How a batch record, event or data-subject request names its subject: exactly one of
            `id` or `identifier`. An identifier is looked up through its blind index (email in any
            letter case, phone in any accepted spelling). Problems are reported at
            `/subject/id`, `/subject/identifier/type`, `/subject/identifier/value` or `/subject`.
        channel (ContactChannel): A channel a message goes out on.
        campaign (None | str | Unset):
        record_send (bool | Unset): On `allow`, count the send against the weekly cap (atomically). Default: False.
    """

    subject: SubjectRef
    channel: ContactChannel
    campaign: None | str | Unset = UNSET
    record_send: bool | Unset = False

    def to_dict(self) -> dict[str, Any]:
        subject = self.subject.to_dict()

        channel: str = self.channel

        campaign: None | str | Unset
        if isinstance(self.campaign, Unset):
            campaign = UNSET
        else:
            campaign = self.campaign

        record_send = self.record_send

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "subject": subject,
                "channel": channel,
            }
        )
        if campaign is not UNSET:
            field_dict["campaign"] = campaign
        if record_send is not UNSET:
            field_dict["record_send"] = record_send

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.subject_ref import SubjectRef  # noqa: PLC0415

        d = dict(src_dict)
        subject = SubjectRef.from_dict(d.pop("subject"))

        channel = check_contact_channel(d.pop("channel"))

        def _parse_campaign(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        campaign = _parse_campaign(d.pop("campaign", UNSET))

        record_send = d.pop("record_send", UNSET)

        contact_decision_request = cls(
            subject=subject,
            channel=channel,
            campaign=campaign,
            record_send=record_send,
        )

        return contact_decision_request
