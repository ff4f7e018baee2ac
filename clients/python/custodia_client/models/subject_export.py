from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar
from uuid import UUID

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.consent_record import ConsentRecord
    from ..models.stored_event import StoredEvent
    from ..models.subject_export_contact import SubjectExportContact
    from ..models.subject_export_inferred import SubjectExportInferred
    from ..models.subject_export_objections_item import SubjectExportObjectionsItem
    from ..models.subject_export_personal_data import SubjectExportPersonalData
    from ..models.subject_export_processing import SubjectExportProcessing
    from ..models.subject_export_restrictions_item import SubjectExportRestrictionsItem


T = TypeVar("T", bound="SubjectExport")


@_attrs_define
class SubjectExport:
    """Everything held on a subject (Art. 15, 20). The keys come in this order, `events`
    last (the document is streamed).

        Attributes:
            subject (UUID):
            exported_at (datetime.datetime):
            personal_data (SubjectExportPersonalData): Every personal field and identifier the vault holds, in full and in
                canonical form
                (the shape of `SubjectData`, never a reduced view); `{}` when nothing is left.
            consents (list[ConsentRecord]): The whole consent ledger, oldest first.
            objections (list[SubjectExportObjectionsItem]): The objection ledger, oldest first; a row with `withdrawn` lifts
                the objection to its scope.
            restrictions (list[SubjectExportRestrictionsItem]): Every restriction set or lifted, oldest first.
            inferred (SubjectExportInferred): What the vault infers from the subject's behaviour (inferred data is personal
                data
                too): the RFM scores over every event held, `null` without a purchase.
            contact (SubjectExportContact): What the customer chose about being contacted (`preferences`: only their own
                choices, `null` when they made none) and the channels they are not contacted on
                (`suppressions`: a hard bounce or a spam complaint, since when).
            processing (SubjectExportProcessing): The information of Art. 15(1)(a)-(h) and 15(2).
            events (list[StoredEvent]): Every behavioural event of the subject, oldest first.
    """

    subject: UUID
    exported_at: datetime.datetime
    personal_data: SubjectExportPersonalData
    consents: list[ConsentRecord]
    objections: list[SubjectExportObjectionsItem]
    restrictions: list[SubjectExportRestrictionsItem]
    inferred: SubjectExportInferred
    contact: SubjectExportContact
    processing: SubjectExportProcessing
    events: list[StoredEvent]

    def to_dict(self) -> dict[str, Any]:
        subject = str(self.subject)

        exported_at = self.exported_at.isoformat()

        personal_data = self.personal_data.to_dict()

        consents = []
        for consents_item_data in self.consents:
            consents_item = consents_item_data.to_dict()
            consents.append(consents_item)

        objections = []
        for objections_item_data in self.objections:
            objections_item = objections_item_data.to_dict()
            objections.append(objections_item)

        restrictions = []
        for restrictions_item_data in self.restrictions:
            restrictions_item = restrictions_item_data.to_dict()
            restrictions.append(restrictions_item)

        inferred = self.inferred.to_dict()

        contact = self.contact.to_dict()

        processing = self.processing.to_dict()

        events = []
        for events_item_data in self.events:
            events_item = events_item_data.to_dict()
            events.append(events_item)

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "subject": subject,
                "exported_at": exported_at,
                "personal_data": personal_data,
                "consents": consents,
                "objections": objections,
                "restrictions": restrictions,
                "inferred": inferred,
                "contact": contact,
                "processing": processing,
                "events": events,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.consent_record import ConsentRecord  # noqa: PLC0415
        from ..models.stored_event import StoredEvent  # noqa: PLC0415
        from ..models.subject_export_contact import SubjectExportContact  # noqa: PLC0415
        from ..models.subject_export_inferred import SubjectExportInferred  # noqa: PLC0415
        from ..models.subject_export_objections_item import SubjectExportObjectionsItem  # noqa: PLC0415
        from ..models.subject_export_personal_data import SubjectExportPersonalData  # noqa: PLC0415
        from ..models.subject_export_processing import SubjectExportProcessing  # noqa: PLC0415
        from ..models.subject_export_restrictions_item import SubjectExportRestrictionsItem  # noqa: PLC0415

        d = dict(src_dict)
        subject = UUID(d.pop("subject"))

        exported_at = datetime.datetime.fromisoformat(d.pop("exported_at"))

        personal_data = SubjectExportPersonalData.from_dict(d.pop("personal_data"))

        consents = []
        _consents = d.pop("consents")
        for consents_item_data in _consents:
            consents_item = ConsentRecord.from_dict(consents_item_data)

            consents.append(consents_item)

        objections = []
        _objections = d.pop("objections")
        for objections_item_data in _objections:
            objections_item = SubjectExportObjectionsItem.from_dict(objections_item_data)

            objections.append(objections_item)

        restrictions = []
        _restrictions = d.pop("restrictions")
        for restrictions_item_data in _restrictions:
            restrictions_item = SubjectExportRestrictionsItem.from_dict(restrictions_item_data)

            restrictions.append(restrictions_item)

        inferred = SubjectExportInferred.from_dict(d.pop("inferred"))

        contact = SubjectExportContact.from_dict(d.pop("contact"))

        processing = SubjectExportProcessing.from_dict(d.pop("processing"))

        events = []
        _events = d.pop("events")
        for events_item_data in _events:
            events_item = StoredEvent.from_dict(events_item_data)

            events.append(events_item)

        subject_export = cls(
            subject=subject,
            exported_at=exported_at,
            personal_data=personal_data,
            consents=consents,
            objections=objections,
            restrictions=restrictions,
            inferred=inferred,
            contact=contact,
            processing=processing,
            events=events,
        )

        return subject_export
