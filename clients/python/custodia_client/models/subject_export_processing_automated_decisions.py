from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

T = TypeVar("T", bound="SubjectExportProcessingAutomatedDecisions")


@_attrs_define
class SubjectExportProcessingAutomatedDecisions:
    """Art. 15(1)(h) and Art. 22.

    Attributes:
        profiling_purposes (list[str]):
        significant_effects (bool):
        logic (str):
    """

    profiling_purposes: list[str]
    significant_effects: bool
    logic: str

    def to_dict(self) -> dict[str, Any]:
        profiling_purposes = self.profiling_purposes

        significant_effects = self.significant_effects

        logic = self.logic

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "profiling_purposes": profiling_purposes,
                "significant_effects": significant_effects,
                "logic": logic,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        profiling_purposes = cast(list[str], d.pop("profiling_purposes"))

        significant_effects = d.pop("significant_effects")

        logic = d.pop("logic")

        subject_export_processing_automated_decisions = cls(
            profiling_purposes=profiling_purposes,
            significant_effects=significant_effects,
            logic=logic,
        )

        return subject_export_processing_automated_decisions
