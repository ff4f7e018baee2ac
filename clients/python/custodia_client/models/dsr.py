from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define

from ..models.channel import Channel, check_channel
from ..models.dsr_status import DsrStatus, check_dsr_status
from ..models.dsr_type import DsrType, check_dsr_type
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.dsr_export_type_1 import DsrExportType1


T = TypeVar("T", bound="Dsr")


@_attrs_define
class Dsr:
    """A request, as listed (no history).

    Attributes:
        id (UUID):
        type_ (DsrType): The right exercised: `access` (Art. 15), `rectification` (16), `erasure` (17),
            `restriction` (18), `portability` (20), `objection` (21).
        channel (Channel): Where a decision, event or request was collected.
        status (DsrStatus): `received` and `verified` are open; `completed` and `rejected` are final.
        received_at (datetime.datetime): When it reached the controller (UTC).
        due_at (datetime.datetime): The last microsecond of the due day in the controller's time zone, given in UTC;
            three months after receipt once extended.
        due_date (datetime.date): The due day, on the controller's calendar (`time_zone` in `controller.toml`).
        overdue (bool): Open and past `due_at` now.
        late (bool): Closed after `due_at`.
        extended (bool):
        extension_reason (None | str):
        verified_at (datetime.datetime | None):
        closed_at (datetime.datetime | None):
        outcome_reason (None | str): The reason given on completion or rejection.
        created_at (datetime.datetime): When it was logged.
        created_by (str): Who logged it (token `sub`).
        export (DsrExportType1 | None): The export delivered, recorded when an access or portability request was
            completed; `null` for every other request and while open.
        subject (None | Unset | UUID): The subject the request is about; `null` while unresolved. Left out of answers to
            role `client`.
    """

    id: UUID
    type_: DsrType
    channel: Channel
    status: DsrStatus
    received_at: datetime.datetime
    due_at: datetime.datetime
    due_date: datetime.date
    overdue: bool
    late: bool
    extended: bool
    extension_reason: None | str
    verified_at: datetime.datetime | None
    closed_at: datetime.datetime | None
    outcome_reason: None | str
    created_at: datetime.datetime
    created_by: str
    export: DsrExportType1 | None
    subject: None | Unset | UUID = UNSET

    def to_dict(self) -> dict[str, Any]:
        from ..models.dsr_export_type_1 import DsrExportType1  # noqa: PLC0415

        id = str(self.id)

        type_: str = self.type_

        channel: str = self.channel

        status: str = self.status

        received_at = self.received_at.isoformat()

        due_at = self.due_at.isoformat()

        due_date = self.due_date.isoformat()

        overdue = self.overdue

        late = self.late

        extended = self.extended

        extension_reason: None | str
        extension_reason = self.extension_reason

        verified_at: None | str
        if isinstance(self.verified_at, datetime.datetime):
            verified_at = self.verified_at.isoformat()
        else:
            verified_at = self.verified_at

        closed_at: None | str
        if isinstance(self.closed_at, datetime.datetime):
            closed_at = self.closed_at.isoformat()
        else:
            closed_at = self.closed_at

        outcome_reason: None | str
        outcome_reason = self.outcome_reason

        created_at = self.created_at.isoformat()

        created_by = self.created_by

        export: dict[str, Any] | None
        if isinstance(self.export, DsrExportType1):
            export = self.export.to_dict()
        else:
            export = self.export

        subject: None | str | Unset
        if isinstance(self.subject, Unset):
            subject = UNSET
        elif isinstance(self.subject, UUID):
            subject = str(self.subject)
        else:
            subject = self.subject

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "id": id,
                "type": type_,
                "channel": channel,
                "status": status,
                "received_at": received_at,
                "due_at": due_at,
                "due_date": due_date,
                "overdue": overdue,
                "late": late,
                "extended": extended,
                "extension_reason": extension_reason,
                "verified_at": verified_at,
                "closed_at": closed_at,
                "outcome_reason": outcome_reason,
                "created_at": created_at,
                "created_by": created_by,
                "export": export,
            }
        )
        if subject is not UNSET:
            field_dict["subject"] = subject

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.dsr_export_type_1 import DsrExportType1  # noqa: PLC0415

        d = dict(src_dict)
        id = UUID(d.pop("id"))

        type_ = check_dsr_type(d.pop("type"))

        channel = check_channel(d.pop("channel"))

        status = check_dsr_status(d.pop("status"))

        received_at = datetime.datetime.fromisoformat(d.pop("received_at"))

        due_at = datetime.datetime.fromisoformat(d.pop("due_at"))

        due_date = datetime.date.fromisoformat(d.pop("due_date"))

        overdue = d.pop("overdue")

        late = d.pop("late")

        extended = d.pop("extended")

        def _parse_extension_reason(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        extension_reason = _parse_extension_reason(d.pop("extension_reason"))

        def _parse_verified_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                verified_at_type_0 = datetime.datetime.fromisoformat(data)

                return verified_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        verified_at = _parse_verified_at(d.pop("verified_at"))

        def _parse_closed_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                closed_at_type_0 = datetime.datetime.fromisoformat(data)

                return closed_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        closed_at = _parse_closed_at(d.pop("closed_at"))

        def _parse_outcome_reason(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        outcome_reason = _parse_outcome_reason(d.pop("outcome_reason"))

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        created_by = d.pop("created_by")

        def _parse_export(data: object) -> DsrExportType1 | None:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                export_type_1 = DsrExportType1.from_dict(data)

                return export_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(DsrExportType1 | None, data)

        export = _parse_export(d.pop("export"))

        def _parse_subject(data: object) -> None | Unset | UUID:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                subject_type_0 = UUID(data)

                return subject_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Unset | UUID, data)

        subject = _parse_subject(d.pop("subject", UNSET))

        dsr = cls(
            id=id,
            type_=type_,
            channel=channel,
            status=status,
            received_at=received_at,
            due_at=due_at,
            due_date=due_date,
            overdue=overdue,
            late=late,
            extended=extended,
            extension_reason=extension_reason,
            verified_at=verified_at,
            closed_at=closed_at,
            outcome_reason=outcome_reason,
            created_at=created_at,
            created_by=created_by,
            export=export,
            subject=subject,
        )

        return dsr
