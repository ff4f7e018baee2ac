from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.contact_channel import ContactChannel, check_contact_channel
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.subject_ref import SubjectRef


T = TypeVar("T", bound="ContactDecisionBatchRequest")


@_attrs_define
class ContactDecisionBatchRequest:
    """
    Attributes:
        channel (ContactChannel): A channel a message goes out on.
        subjects (list[SubjectRef]): 1 to 1,000 subjects; a malformed one gets an `error` in its place.
        campaign (None | str | Unset):
        record_send (bool | Unset):  Default: False.
    """

    channel: ContactChannel
    subjects: list[SubjectRef]
    campaign: None | str | Unset = UNSET
    record_send: bool | Unset = False

    def to_dict(self) -> dict[str, Any]:
        channel: str = self.channel

        subjects = []
        for subjects_item_data in self.subjects:
            subjects_item = subjects_item_data.to_dict()
            subjects.append(subjects_item)

        campaign: None | str | Unset
        if isinstance(self.campaign, Unset):
            campaign = UNSET
        else:
            campaign = self.campaign

        record_send = self.record_send

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "channel": channel,
                "subjects": subjects,
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
        channel = check_contact_channel(d.pop("channel"))

        subjects = []
        _subjects = d.pop("subjects")
        for subjects_item_data in _subjects:
            subjects_item = SubjectRef.from_dict(subjects_item_data)

            subjects.append(subjects_item)

        def _parse_campaign(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        campaign = _parse_campaign(d.pop("campaign", UNSET))

        record_send = d.pop("record_send", UNSET)

        contact_decision_batch_request = cls(
            channel=channel,
            subjects=subjects,
            campaign=campaign,
            record_send=record_send,
        )

        return contact_decision_batch_request
