from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define

from ..models.subject_flags_item import SubjectFlagsItem, check_subject_flags_item
from ..types import UNSET, Unset

T = TypeVar("T", bound="LinkResult")


@_attrs_define
class LinkResult:
    """
    Attributes:
        id (UUID | Unset):
        result (Literal['absorbed_anonymous_subject'] | Unset):
        flags (list[SubjectFlagsItem] | Unset): Present only when there is something to flag.
            `matches_erased_identifier`: an
            identifier the subject was given (on creation, by rectifying `email` or `phone`, or by
            linking; now or earlier: the flag stays) belonged to a customer who was erased (GDPR
            Art. 17), e.g. an import from a channel that still holds old data; treat the record
            with care (no marketing without fresh consent). Phones are compared in their
            canonical E.164 form, so `+49 (0)151 …` matches an erased `+49 151 …`. Told to
            clients and operators, never to the customer on `/v1/me`.
        merge_id (UUID | Unset): The merge that joined the anonymous subject to this one; `POST /v1/merges/{id}/undo`
            undoes it.
        events_moved (int | Unset): Events of the absorbed anonymous subject now under this subject.
    """

    id: UUID | Unset = UNSET
    result: Literal["absorbed_anonymous_subject"] | Unset = UNSET
    flags: list[SubjectFlagsItem] | Unset = UNSET
    merge_id: UUID | Unset = UNSET
    events_moved: int | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        id: str | Unset = UNSET
        if not isinstance(self.id, Unset):
            id = str(self.id)

        result = self.result

        flags: list[str] | Unset = UNSET
        if not isinstance(self.flags, Unset):
            flags = []
            for componentsschemas_subject_flags_item_data in self.flags:
                componentsschemas_subject_flags_item: str = componentsschemas_subject_flags_item_data
                flags.append(componentsschemas_subject_flags_item)

        merge_id: str | Unset = UNSET
        if not isinstance(self.merge_id, Unset):
            merge_id = str(self.merge_id)

        events_moved = self.events_moved

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if id is not UNSET:
            field_dict["id"] = id
        if result is not UNSET:
            field_dict["result"] = result
        if flags is not UNSET:
            field_dict["flags"] = flags
        if merge_id is not UNSET:
            field_dict["merge_id"] = merge_id
        if events_moved is not UNSET:
            field_dict["events_moved"] = events_moved

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        _id = d.pop("id", UNSET)
        id: UUID | Unset
        if isinstance(_id, Unset):
            id = UNSET
        else:
            id = UUID(_id)

        result = cast(Literal["absorbed_anonymous_subject"] | Unset, d.pop("result", UNSET))
        if result != "absorbed_anonymous_subject" and not isinstance(result, Unset):
            raise ValueError(f"result must match const 'absorbed_anonymous_subject', got '{result}'")

        _flags = d.pop("flags", UNSET)
        flags: list[SubjectFlagsItem] | Unset = UNSET
        if _flags is not UNSET:
            flags = []
            for componentsschemas_subject_flags_item_data in _flags:
                componentsschemas_subject_flags_item = check_subject_flags_item(
                    componentsschemas_subject_flags_item_data
                )

                flags.append(componentsschemas_subject_flags_item)

        _merge_id = d.pop("merge_id", UNSET)
        merge_id: UUID | Unset
        if isinstance(_merge_id, Unset):
            merge_id = UNSET
        else:
            merge_id = UUID(_merge_id)

        events_moved = d.pop("events_moved", UNSET)

        link_result = cls(
            id=id,
            result=result,
            flags=flags,
            merge_id=merge_id,
            events_moved=events_moved,
        )

        return link_result
