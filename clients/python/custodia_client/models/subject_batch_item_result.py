from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Literal, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define

from ..models.identifier_type import IdentifierType, check_identifier_type
from ..models.subject_flags_item import SubjectFlagsItem, check_subject_flags_item
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.field_problem import FieldProblem


T = TypeVar("T", bound="SubjectBatchItemResult")


@_attrs_define
class SubjectBatchItemResult:
    """
    Attributes:
        index (int | Unset):
        status (Literal['rejected'] | Unset):
        id (UUID | Unset): The new subject's id.
        flags (list[SubjectFlagsItem] | Unset): Present only when there is something to flag.
            `matches_erased_identifier`: an
            identifier the subject was given (on creation, by rectifying `email` or `phone`, or by
            linking; now or earlier: the flag stays) belonged to a customer who was erased (GDPR
            Art. 17), e.g. an import from a channel that still holds old data; treat the record
            with care (no marketing without fresh consent). Phones are compared in their
            canonical E.164 form, so `+49 (0)151 …` matches an erased `+49 151 …`. Told to
            clients and operators, never to the customer on `/v1/me`.
        reason (Literal['validation_failed'] | Unset):
        identifier_type (IdentifierType | Unset): The kinds of channel identifier a subject can be found by.
        duplicate_of (int | Unset): The index of the earlier item of this batch that holds the identifier; absent when a
            stored subject holds it.
        errors (list[FieldProblem] | Unset): The invalid fields, as JSON pointers into the item (`""` for the item as a
            whole).
    """

    index: int | Unset = UNSET
    status: Literal["rejected"] | Unset = UNSET
    id: UUID | Unset = UNSET
    flags: list[SubjectFlagsItem] | Unset = UNSET
    reason: Literal["validation_failed"] | Unset = UNSET
    identifier_type: IdentifierType | Unset = UNSET
    duplicate_of: int | Unset = UNSET
    errors: list[FieldProblem] | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        index = self.index

        status = self.status

        id: str | Unset = UNSET
        if not isinstance(self.id, Unset):
            id = str(self.id)

        flags: list[str] | Unset = UNSET
        if not isinstance(self.flags, Unset):
            flags = []
            for componentsschemas_subject_flags_item_data in self.flags:
                componentsschemas_subject_flags_item: str = componentsschemas_subject_flags_item_data
                flags.append(componentsschemas_subject_flags_item)

        reason = self.reason

        identifier_type: str | Unset = UNSET
        if not isinstance(self.identifier_type, Unset):
            identifier_type = self.identifier_type

        duplicate_of = self.duplicate_of

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
        if status is not UNSET:
            field_dict["status"] = status
        if id is not UNSET:
            field_dict["id"] = id
        if flags is not UNSET:
            field_dict["flags"] = flags
        if reason is not UNSET:
            field_dict["reason"] = reason
        if identifier_type is not UNSET:
            field_dict["identifier_type"] = identifier_type
        if duplicate_of is not UNSET:
            field_dict["duplicate_of"] = duplicate_of
        if errors is not UNSET:
            field_dict["errors"] = errors

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.field_problem import FieldProblem  # noqa: PLC0415

        d = dict(src_dict)
        index = d.pop("index", UNSET)

        status = cast(Literal["rejected"] | Unset, d.pop("status", UNSET))
        if status != "rejected" and not isinstance(status, Unset):
            raise ValueError(f"status must match const 'rejected', got '{status}'")

        _id = d.pop("id", UNSET)
        id: UUID | Unset
        if isinstance(_id, Unset):
            id = UNSET
        else:
            id = UUID(_id)

        _flags = d.pop("flags", UNSET)
        flags: list[SubjectFlagsItem] | Unset = UNSET
        if _flags is not UNSET:
            flags = []
            for componentsschemas_subject_flags_item_data in _flags:
                componentsschemas_subject_flags_item = check_subject_flags_item(
                    componentsschemas_subject_flags_item_data
                )

                flags.append(componentsschemas_subject_flags_item)

        reason = cast(Literal["validation_failed"] | Unset, d.pop("reason", UNSET))
        if reason != "validation_failed" and not isinstance(reason, Unset):
            raise ValueError(f"reason must match const 'validation_failed', got '{reason}'")

        _identifier_type = d.pop("identifier_type", UNSET)
        identifier_type: IdentifierType | Unset
        if isinstance(_identifier_type, Unset):
            identifier_type = UNSET
        else:
            identifier_type = check_identifier_type(_identifier_type)

        duplicate_of = d.pop("duplicate_of", UNSET)

        _errors = d.pop("errors", UNSET)
        errors: list[FieldProblem] | Unset = UNSET
        if _errors is not UNSET:
            errors = []
            for errors_item_data in _errors:
                errors_item = FieldProblem.from_dict(errors_item_data)

                errors.append(errors_item)

        subject_batch_item_result = cls(
            index=index,
            status=status,
            id=id,
            flags=flags,
            reason=reason,
            identifier_type=identifier_type,
            duplicate_of=duplicate_of,
            errors=errors,
        )

        return subject_batch_item_result
