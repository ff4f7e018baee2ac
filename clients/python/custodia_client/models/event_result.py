from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Literal, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define

from ..models.event_reject_reason import EventRejectReason, check_event_reject_reason
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.field_problem import FieldProblem


T = TypeVar("T", bound="EventResult")


@_attrs_define
class EventResult:
    """
    Attributes:
        index (int | Unset):
        id (Any | Unset): The event's `id` exactly as sent (any JSON value; `null` when the item had none), so
            results can be matched even for malformed events.
        status (Literal['rejected'] | Unset):
        event_id (UUID | Unset): The vault's id of the stored event.
        reason (EventRejectReason | Unset): Why an event was not stored: `invalid` (its shape), `unknown_event_type`,
            `invalid_properties`, `unknown_subject`, `restricted` (the subject's processing is
            restricted), a consent or objection reason of the purposes that use the type
            (`no_consent`, `consent_withdrawn`, `consent_refused`, `consent_expired`,
            `reconsent_required`, `objected`), `not_collected` (an event naming its customer by
            identifier: any of the subject-dependent reasons, told apart only in the audit log),
            or `internal`.
        errors (list[FieldProblem] | Unset): The invalid fields, as JSON pointers into the event; empty for policy
            refusals.
    """

    index: int | Unset = UNSET
    id: Any | Unset = UNSET
    status: Literal["rejected"] | Unset = UNSET
    event_id: UUID | Unset = UNSET
    reason: EventRejectReason | Unset = UNSET
    errors: list[FieldProblem] | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        index = self.index

        id = self.id

        status = self.status

        event_id: str | Unset = UNSET
        if not isinstance(self.event_id, Unset):
            event_id = str(self.event_id)

        reason: str | Unset = UNSET
        if not isinstance(self.reason, Unset):
            reason = self.reason

        errors: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.errors, Unset):
            errors = []
            for errors_item_data in self.errors:
                errors_item = errors_item_data.to_dict()
                errors.append(errors_item)

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if index is not UNSET:
            field_dict["index"] = index
        if id is not UNSET:
            field_dict["id"] = id
        if status is not UNSET:
            field_dict["status"] = status
        if event_id is not UNSET:
            field_dict["event_id"] = event_id
        if reason is not UNSET:
            field_dict["reason"] = reason
        if errors is not UNSET:
            field_dict["errors"] = errors

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.field_problem import FieldProblem  # noqa: PLC0415

        d = dict(src_dict)
        index = d.pop("index", UNSET)

        id = d.pop("id", UNSET)

        status = cast(Literal["rejected"] | Unset, d.pop("status", UNSET))
        if status != "rejected" and not isinstance(status, Unset):
            raise ValueError(f"status must match const 'rejected', got '{status}'")

        _event_id = d.pop("event_id", UNSET)
        event_id: UUID | Unset
        if isinstance(_event_id, Unset):
            event_id = UNSET
        else:
            event_id = UUID(_event_id)

        _reason = d.pop("reason", UNSET)
        reason: EventRejectReason | Unset
        if isinstance(_reason, Unset):
            reason = UNSET
        else:
            reason = check_event_reject_reason(_reason)

        _errors = d.pop("errors", UNSET)
        errors: list[FieldProblem] | Unset = UNSET
        if _errors is not UNSET:
            errors = []
            for errors_item_data in _errors:
                errors_item = FieldProblem.from_dict(errors_item_data)

                errors.append(errors_item)

        event_result = cls(
            index=index,
            id=id,
            status=status,
            event_id=event_id,
            reason=reason,
            errors=errors,
        )

        return event_result
