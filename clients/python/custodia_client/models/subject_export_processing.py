from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.channel import Channel, check_channel

if TYPE_CHECKING:
    from ..models.processing_purpose import ProcessingPurpose
    from ..models.recipient import Recipient
    from ..models.subject_export_processing_automated_decisions import SubjectExportProcessingAutomatedDecisions
    from ..models.subject_export_processing_disclosures_item import SubjectExportProcessingDisclosuresItem
    from ..models.transfer import Transfer


T = TypeVar("T", bound="SubjectExportProcessing")


@_attrs_define
class SubjectExportProcessing:
    """The information of Art. 15(1)(a)-(h) and 15(2).

    Attributes:
        purposes (list[ProcessingPurpose]): The purposes that apply to the subject, in policy order: a consent purpose
            while
            its consent stands, a purpose an objection stops while there is none, every
            other purpose (contract, legal obligation); each with its retention.
        disclosures (list[SubjectExportProcessingDisclosuresItem]): Every disclosure to a client (an allowed read),
            oldest first.
        transfers (list[Transfer]): Recipients outside the EEA and the safeguard of each transfer (Art. 15(2), 45, 46).
        automated_decisions (SubjectExportProcessingAutomatedDecisions): Art. 15(1)(h) and Art. 22.
        rights (list[str]): The rights of Art. 15(1)(e)-(f) and where to exercise them.
        recipients (list[Recipient]): The clients that were given the subject's data (allowed reads by role `client`
            in the audit log: `subject.read`, `subject.lookup`, `profile.read`,
            `events.read`, `segment.query`, `recommendations.read`), by client id.
        sources (list[Channel]): The channels the data came in through (of consents and events), sorted.
    """

    purposes: list[ProcessingPurpose]
    disclosures: list[SubjectExportProcessingDisclosuresItem]
    transfers: list[Transfer]
    automated_decisions: SubjectExportProcessingAutomatedDecisions
    rights: list[str]
    recipients: list[Recipient]
    sources: list[Channel]

    def to_dict(self) -> dict[str, Any]:
        purposes = []
        for purposes_item_data in self.purposes:
            purposes_item = purposes_item_data.to_dict()
            purposes.append(purposes_item)

        disclosures = []
        for disclosures_item_data in self.disclosures:
            disclosures_item = disclosures_item_data.to_dict()
            disclosures.append(disclosures_item)

        transfers = []
        for transfers_item_data in self.transfers:
            transfers_item = transfers_item_data.to_dict()
            transfers.append(transfers_item)

        automated_decisions = self.automated_decisions.to_dict()

        rights = self.rights

        recipients = []
        for recipients_item_data in self.recipients:
            recipients_item = recipients_item_data.to_dict()
            recipients.append(recipients_item)

        sources = []
        for sources_item_data in self.sources:
            sources_item: str = sources_item_data
            sources.append(sources_item)

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "purposes": purposes,
                "disclosures": disclosures,
                "transfers": transfers,
                "automated_decisions": automated_decisions,
                "rights": rights,
                "recipients": recipients,
                "sources": sources,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.processing_purpose import ProcessingPurpose  # noqa: PLC0415
        from ..models.recipient import Recipient  # noqa: PLC0415
        from ..models.subject_export_processing_automated_decisions import SubjectExportProcessingAutomatedDecisions  # noqa: PLC0415
        from ..models.subject_export_processing_disclosures_item import SubjectExportProcessingDisclosuresItem  # noqa: PLC0415
        from ..models.transfer import Transfer  # noqa: PLC0415

        d = dict(src_dict)
        purposes = []
        _purposes = d.pop("purposes")
        for purposes_item_data in _purposes:
            purposes_item = ProcessingPurpose.from_dict(purposes_item_data)

            purposes.append(purposes_item)

        disclosures = []
        _disclosures = d.pop("disclosures")
        for disclosures_item_data in _disclosures:
            disclosures_item = SubjectExportProcessingDisclosuresItem.from_dict(disclosures_item_data)

            disclosures.append(disclosures_item)

        transfers = []
        _transfers = d.pop("transfers")
        for transfers_item_data in _transfers:
            transfers_item = Transfer.from_dict(transfers_item_data)

            transfers.append(transfers_item)

        automated_decisions = SubjectExportProcessingAutomatedDecisions.from_dict(d.pop("automated_decisions"))

        rights = cast(list[str], d.pop("rights"))

        recipients = []
        _recipients = d.pop("recipients")
        for recipients_item_data in _recipients:
            recipients_item = Recipient.from_dict(recipients_item_data)

            recipients.append(recipients_item)

        sources = []
        _sources = d.pop("sources")
        for sources_item_data in _sources:
            sources_item = check_channel(sources_item_data)

            sources.append(sources_item)

        subject_export_processing = cls(
            purposes=purposes,
            disclosures=disclosures,
            transfers=transfers,
            automated_decisions=automated_decisions,
            rights=rights,
            recipients=recipients,
            sources=sources,
        )

        return subject_export_processing
