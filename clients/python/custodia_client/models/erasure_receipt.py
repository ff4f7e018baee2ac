from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar
from uuid import UUID

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.erasure_receipt_blocked import ErasureReceiptBlocked
    from ..models.erasure_receipt_kept import ErasureReceiptKept
    from ..models.erasure_receipt_removed import ErasureReceiptRemoved


T = TypeVar("T", bound="ErasureReceipt")


@_attrs_define
class ErasureReceipt:
    """Proof of what an erasure removed and what it kept, and why; no personal data.
    `receipt_hash` is the SHA-256 (hex) of this document without `receipt_hash`, as
    serialised by the vault, and is also in the `subject.erase` audit entry.

        Attributes:
            subject (UUID): The person erased (for a request naming a merged-away id, the subject it was merged into).
            erased_subjects (list[UUID]): `subject` first, then every subject merged into it (transitively). Each of these
                ids
                answers `410` from now on; the counts below cover all of them.
            erased_at (datetime.datetime): When the erasure finished (RFC 3339, UTC, up to nanoseconds).
            data_key_destroyed (bool): The subject's wrapped data key is deleted (crypto-shredding). `false` only when a
                retention duty blocks the erasure (`blocked`): then `subject` is not in
                `erased_subjects` yet, and the key goes when the duty ends.
            removed (ErasureReceiptRemoved): What was deleted, by count.
            kept (ErasureReceiptKept): What was kept, without personal data, and on which legal ground.
            suppression_list_entries (int): Blind indexes of the erased identifiers kept to recognise them if they come
                back.
            receipt_hash (str):
            requested_subject (UUID | Unset): Present when the request named a subject that had been merged into `subject`:
                erasing any id of a person erases the whole person.
            blocked (ErasureReceiptBlocked | Unset): Present when a legal retention duty (a purpose based on a legal
                obligation that may
                run under restriction, the shipped `accounting`: invoices, HGB §257, AO §147) still
                needs some of the person's data (Art. 17(3)(b), BDSG §35(3)). Every identifier (so
                every look-up), every other field and every event not collected for the duty are
                deleted now; what is left is restricted (reason `erasure_blocked`) so that only the
                duty's purposes read it; retention completes the erasure at `until`.
    """

    subject: UUID
    erased_subjects: list[UUID]
    erased_at: datetime.datetime
    data_key_destroyed: bool
    removed: ErasureReceiptRemoved
    kept: ErasureReceiptKept
    suppression_list_entries: int
    receipt_hash: str
    requested_subject: UUID | Unset = UNSET
    blocked: ErasureReceiptBlocked | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        subject = str(self.subject)

        erased_subjects = []
        for erased_subjects_item_data in self.erased_subjects:
            erased_subjects_item = str(erased_subjects_item_data)
            erased_subjects.append(erased_subjects_item)

        erased_at = self.erased_at.isoformat()

        data_key_destroyed = self.data_key_destroyed

        removed = self.removed.to_dict()

        kept = self.kept.to_dict()

        suppression_list_entries = self.suppression_list_entries

        receipt_hash = self.receipt_hash

        requested_subject: str | Unset = UNSET
        if not isinstance(self.requested_subject, Unset):
            requested_subject = str(self.requested_subject)

        blocked: dict[str, Any] | Unset = UNSET
        if not isinstance(self.blocked, Unset):
            blocked = self.blocked.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "subject": subject,
                "erased_subjects": erased_subjects,
                "erased_at": erased_at,
                "data_key_destroyed": data_key_destroyed,
                "removed": removed,
                "kept": kept,
                "suppression_list_entries": suppression_list_entries,
                "receipt_hash": receipt_hash,
            }
        )
        if requested_subject is not UNSET:
            field_dict["requested_subject"] = requested_subject
        if blocked is not UNSET:
            field_dict["blocked"] = blocked

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.erasure_receipt_blocked import ErasureReceiptBlocked  # noqa: PLC0415
        from ..models.erasure_receipt_kept import ErasureReceiptKept  # noqa: PLC0415
        from ..models.erasure_receipt_removed import ErasureReceiptRemoved  # noqa: PLC0415

        d = dict(src_dict)
        subject = UUID(d.pop("subject"))

        erased_subjects = []
        _erased_subjects = d.pop("erased_subjects")
        for erased_subjects_item_data in _erased_subjects:
            erased_subjects_item = UUID(erased_subjects_item_data)

            erased_subjects.append(erased_subjects_item)

        erased_at = datetime.datetime.fromisoformat(d.pop("erased_at"))

        data_key_destroyed = d.pop("data_key_destroyed")

        removed = ErasureReceiptRemoved.from_dict(d.pop("removed"))

        kept = ErasureReceiptKept.from_dict(d.pop("kept"))

        suppression_list_entries = d.pop("suppression_list_entries")

        receipt_hash = d.pop("receipt_hash")

        _requested_subject = d.pop("requested_subject", UNSET)
        requested_subject: UUID | Unset
        if isinstance(_requested_subject, Unset):
            requested_subject = UNSET
        else:
            requested_subject = UUID(_requested_subject)

        _blocked = d.pop("blocked", UNSET)
        blocked: ErasureReceiptBlocked | Unset
        if isinstance(_blocked, Unset):
            blocked = UNSET
        else:
            blocked = ErasureReceiptBlocked.from_dict(_blocked)

        erasure_receipt = cls(
            subject=subject,
            erased_subjects=erased_subjects,
            erased_at=erased_at,
            data_key_destroyed=data_key_destroyed,
            removed=removed,
            kept=kept,
            suppression_list_entries=suppression_list_entries,
            receipt_hash=receipt_hash,
            requested_subject=requested_subject,
            blocked=blocked,
        )

        return erasure_receipt
