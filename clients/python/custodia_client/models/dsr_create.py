from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.channel import Channel, check_channel
from ..models.dsr_type import DsrType, check_dsr_type
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.subject_ref import SubjectRef


T = TypeVar("T", bound="DsrCreate")


@_attrs_define
class DsrCreate:
    """
    Attributes:
        type_ (DsrType): The right exercised: `access` (Art. 15), `rectification` (16), `erasure` (17),
            `restriction` (18), `portability` (20), `objection` (21).
        subject (SubjectRef): How a batch record, event or data-subject request names its subject: exactly one of
            `id` or `identifier`. An identifier is looked up through its blind index (email in any
            letter case, phone in any accepted spelling). Problems are reported at
            `/subject/id`, `/subject/identifier/type`, `/subject/identifier/value` or `/subject`.
        channel (Channel): Where a decision, event or request was collected.
        received_at (datetime.datetime | None | Unset): When the request reached the controller (RFC 3339); omitted or
            `null` means now. Not more than 5 minutes in the future.
    """

    type_: DsrType
    subject: SubjectRef
    channel: Channel
    received_at: datetime.datetime | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        type_: str = self.type_

        subject = self.subject.to_dict()

        channel: str = self.channel

        received_at: None | str | Unset
        if isinstance(self.received_at, Unset):
            received_at = UNSET
        elif isinstance(self.received_at, datetime.datetime):
            received_at = self.received_at.isoformat()
        else:
            received_at = self.received_at

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "type": type_,
                "subject": subject,
                "channel": channel,
            }
        )
        if received_at is not UNSET:
            field_dict["received_at"] = received_at

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.subject_ref import SubjectRef  # noqa: PLC0415

        d = dict(src_dict)
        type_ = check_dsr_type(d.pop("type"))

        subject = SubjectRef.from_dict(d.pop("subject"))

        channel = check_channel(d.pop("channel"))

        def _parse_received_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                received_at_type_0 = datetime.datetime.fromisoformat(data)

                return received_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        received_at = _parse_received_at(d.pop("received_at", UNSET))

        dsr_create = cls(
            type_=type_,
            subject=subject,
            channel=channel,
            received_at=received_at,
        )

        return dsr_create
