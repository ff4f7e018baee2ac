from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.create_subject import CreateSubject


T = TypeVar("T", bound="SubjectBatch")


@_attrs_define
class SubjectBatch:
    """
    Attributes:
        subjects (list[CreateSubject]): 1 to 1000 subjects. Each is checked on its own: an item that is not a
            `CreateSubject` is rejected in `results`, it does not fail the request.
    """

    subjects: list[CreateSubject]

    def to_dict(self) -> dict[str, Any]:
        subjects = []
        for subjects_item_data in self.subjects:
            subjects_item = subjects_item_data.to_dict()
            subjects.append(subjects_item)

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "subjects": subjects,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.create_subject import CreateSubject  # noqa: PLC0415

        d = dict(src_dict)
        subjects = []
        _subjects = d.pop("subjects")
        for subjects_item_data in _subjects:
            subjects_item = CreateSubject.from_dict(subjects_item_data)

            subjects.append(subjects_item)

        subject_batch = cls(
            subjects=subjects,
        )

        return subject_batch
