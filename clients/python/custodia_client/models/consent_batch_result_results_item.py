from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Literal, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.consent_batch_result_results_item_error import ConsentBatchResultResultsItemError


T = TypeVar("T", bound="ConsentBatchResultResultsItem")


@_attrs_define
class ConsentBatchResultResultsItem:
    """
    Attributes:
        index (int | Unset):
        status (Literal['rejected'] | Unset):
        record_id (UUID | Unset):
        receipt (str | Unset): A compact JWS (RFC 7515), header `{"alg": "EdDSA", "typ": "JWT", "kid": …}`, signed
            with the vault's Ed25519 receipt key (verify with `GET /v1/.well-known/jwks.json`).
            Its claims follow the Kantara consent receipt v1.1: `iss` (`custodia`), `iat`, `jti`
            and `consent_receipt_id` (the record id), `version` (`KI-CR-v1.1.0`),
            `pii_principal_id` (the subject id), `pii_controller` (`name` and `country` of the
            controller, from `policies/controller.toml`), `consent_timestamp` (collected at) and
            `recorded_at` (seconds since the epoch), `collection_method` (the source), `status`,
            `legal_basis`, `notice_version`, `policy_url` and `notice_sha256` (the published
            notice's address and the SHA-256 of its text, from `policies/notices.toml`; absent
            for a withdrawal or refusal naming no published notice), `expires_at` (when given),
            `services` (one service: the purpose id, with the purpose in words, fideslang data
            use, `consent_type` — `EXPLICIT` for a grant, `WITHDRAWN` or `REFUSED` otherwise —
            the data categories of its fields, `primary_purpose`, `termination` and
            `third_party_disclosure`) and `withdrawal` (how to withdraw, in words). It holds no
            evidence (references, hashes, TC strings) and no operator id: those stay in the
            ledger.
        error (ConsentBatchResultResultsItemError | Unset): Why, as a problem document (its `request_id` is the batch
            request's):
            `validation-failed`, `unknown-purpose`, `consent-not-applicable`,
            `access-denied`, `not-found`, `gone`, `conflict`, `objection-in-force`
            or `internal`. Present on every rejection the use case reports.
    """

    index: int | Unset = UNSET
    status: Literal["rejected"] | Unset = UNSET
    record_id: UUID | Unset = UNSET
    receipt: str | Unset = UNSET
    error: ConsentBatchResultResultsItemError | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        index = self.index

        status = self.status

        record_id: str | Unset = UNSET
        if not isinstance(self.record_id, Unset):
            record_id = str(self.record_id)

        receipt = self.receipt

        error: dict[str, Any] | Unset = UNSET
        if not isinstance(self.error, Unset):
            error = self.error.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if index is not UNSET:
            field_dict["index"] = index
        if status is not UNSET:
            field_dict["status"] = status
        if record_id is not UNSET:
            field_dict["record_id"] = record_id
        if receipt is not UNSET:
            field_dict["receipt"] = receipt
        if error is not UNSET:
            field_dict["error"] = error

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.consent_batch_result_results_item_error import ConsentBatchResultResultsItemError  # noqa: PLC0415

        d = dict(src_dict)
        index = d.pop("index", UNSET)

        status = cast(Literal["rejected"] | Unset, d.pop("status", UNSET))
        if status != "rejected" and not isinstance(status, Unset):
            raise ValueError(f"status must match const 'rejected', got '{status}'")

        _record_id = d.pop("record_id", UNSET)
        record_id: UUID | Unset
        if isinstance(_record_id, Unset):
            record_id = UNSET
        else:
            record_id = UUID(_record_id)

        receipt = d.pop("receipt", UNSET)

        _error = d.pop("error", UNSET)
        error: ConsentBatchResultResultsItemError | Unset
        if isinstance(_error, Unset):
            error = UNSET
        else:
            error = ConsentBatchResultResultsItemError.from_dict(_error)

        consent_batch_result_results_item = cls(
            index=index,
            status=status,
            record_id=record_id,
            receipt=receipt,
            error=error,
        )

        return consent_batch_result_results_item
