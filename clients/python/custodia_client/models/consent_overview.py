from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.consent_overview_objections_item import ConsentOverviewObjectionsItem
    from ..models.consent_record import ConsentRecord
    from ..models.current_consent import CurrentConsent
    from ..models.restriction_state import RestrictionState


T = TypeVar("T", bound="ConsentOverview")


@_attrs_define
class ConsentOverview:
    """
    Attributes:
        subject (UUID):
        current (list[CurrentConsent]): One entry per consent-based purpose of the policy, in policy order (for a
            client, those it is registered for).
        history (list[ConsentRecord]): Every record, oldest first.
        objections (list[ConsentOverviewObjectionsItem]): The objection ledger, oldest first: every objection recorded
            and every withdrawal
            of one (`withdrawn: true`). Rows never change; the newest row of a scope is its
            state.
        objections_in_force (list[str]): The scopes in force now (their newest row is an objection), in the order
            recorded.
        restriction (RestrictionState): Whether processing is restricted now, and if so on which ground since when.
    """

    subject: UUID
    current: list[CurrentConsent]
    history: list[ConsentRecord]
    objections: list[ConsentOverviewObjectionsItem]
    objections_in_force: list[str]
    restriction: RestrictionState

    def to_dict(self) -> dict[str, Any]:
        subject = str(self.subject)

        current = []
        for current_item_data in self.current:
            current_item = current_item_data.to_dict()
            current.append(current_item)

        history = []
        for history_item_data in self.history:
            history_item = history_item_data.to_dict()
            history.append(history_item)

        objections = []
        for objections_item_data in self.objections:
            objections_item = objections_item_data.to_dict()
            objections.append(objections_item)

        objections_in_force = self.objections_in_force

        restriction = self.restriction.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "subject": subject,
                "current": current,
                "history": history,
                "objections": objections,
                "objections_in_force": objections_in_force,
                "restriction": restriction,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.consent_overview_objections_item import ConsentOverviewObjectionsItem  # noqa: PLC0415
        from ..models.consent_record import ConsentRecord  # noqa: PLC0415
        from ..models.current_consent import CurrentConsent  # noqa: PLC0415
        from ..models.restriction_state import RestrictionState  # noqa: PLC0415

        d = dict(src_dict)
        subject = UUID(d.pop("subject"))

        current = []
        _current = d.pop("current")
        for current_item_data in _current:
            current_item = CurrentConsent.from_dict(current_item_data)

            current.append(current_item)

        history = []
        _history = d.pop("history")
        for history_item_data in _history:
            history_item = ConsentRecord.from_dict(history_item_data)

            history.append(history_item)

        objections = []
        _objections = d.pop("objections")
        for objections_item_data in _objections:
            objections_item = ConsentOverviewObjectionsItem.from_dict(objections_item_data)

            objections.append(objections_item)

        objections_in_force = cast(list[str], d.pop("objections_in_force"))

        restriction = RestrictionState.from_dict(d.pop("restriction"))

        consent_overview = cls(
            subject=subject,
            current=current,
            history=history,
            objections=objections,
            objections_in_force=objections_in_force,
            restriction=restriction,
        )

        return consent_overview
