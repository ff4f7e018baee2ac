from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.consent_record import ConsentRecord


T = TypeVar("T", bound="ConsentRecorded")


@_attrs_define
class ConsentRecorded:
    """
    Attributes:
        record (ConsentRecord): One row of the consent ledger. Rows are never changed; the newest per purpose decides.
        receipt (str): A compact JWS (RFC 7515), header `{"alg": "EdDSA", "typ": "JWT", "kid": …}`, signed
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
    """

    record: ConsentRecord
    receipt: str

    def to_dict(self) -> dict[str, Any]:
        record = self.record.to_dict()

        receipt = self.receipt

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "record": record,
                "receipt": receipt,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.consent_record import ConsentRecord  # noqa: PLC0415

        d = dict(src_dict)
        record = ConsentRecord.from_dict(d.pop("record"))

        receipt = d.pop("receipt")

        consent_recorded = cls(
            record=record,
            receipt=receipt,
        )

        return consent_recorded
