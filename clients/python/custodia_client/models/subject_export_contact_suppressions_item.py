from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..models.contact_channel import ContactChannel, check_contact_channel
from ..models.subject_export_contact_suppressions_item_cause import (
    SubjectExportContactSuppressionsItemCause,
    check_subject_export_contact_suppressions_item_cause,
)

T = TypeVar("T", bound="SubjectExportContactSuppressionsItem")


@_attrs_define
class SubjectExportContactSuppressionsItem:
    """
    Attributes:
        channel (ContactChannel): A channel a message goes out on.
        cause (SubjectExportContactSuppressionsItemCause):
        since (datetime.datetime):
    """

    channel: ContactChannel
    cause: SubjectExportContactSuppressionsItemCause
    since: datetime.datetime

    def to_dict(self) -> dict[str, Any]:
        channel: str = self.channel

        cause: str = self.cause

        since = self.since.isoformat()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "channel": channel,
                "cause": cause,
                "since": since,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        channel = check_contact_channel(d.pop("channel"))

        cause = check_subject_export_contact_suppressions_item_cause(d.pop("cause"))

        since = datetime.datetime.fromisoformat(d.pop("since"))

        subject_export_contact_suppressions_item = cls(
            channel=channel,
            cause=cause,
            since=since,
        )

        return subject_export_contact_suppressions_item
