from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="Evidence")


@_attrs_define
class Evidence:
    """Proof of how the decision was collected: short references and hashes only. Only these
    keys (others are refused, a raw IP under `ip`, `ip_address` or `remote_addr` with a
    hint to send `ip_hash`); values are trimmed, 1 to 256 characters (a TC string up to
    8192), without control characters, never an IP address or an email address. Omitted
    means `{}`; `null` is refused. `ip_hash` and `user_agent_hash` are stored (and answered)
    hashed again under the vault's key (HMAC-SHA-256, hex): an unsalted hash of an IP
    address is reversed by a table, and the ledger outlives an erasure. The same value
    always gives the same stored hash.

        Attributes:
            double_opt_in_ref (str | Unset):
            parental_consent_ref (str | Unset):
            form_id (str | Unset):
            ip_hash (str | Unset): A hex digest of 32 to 128 characters (e.g. SHA-256), optionally prefixed `sha256:`.
            user_agent_hash (str | Unset): A hex digest of 32 to 128 characters (e.g. SHA-256), optionally prefixed
                `sha256:`.
            tcf_tc_string (str | Unset): An IAB TCF v2 TC string. It must decode, and a grant must consent to every TCF
                purpose the policy maps to this purpose (`policies/tcf.toml`).
            recording_ref (str | Unset):
            document_ref (str | Unset):
            event_ref (str | Unset):
    """

    double_opt_in_ref: str | Unset = UNSET
    parental_consent_ref: str | Unset = UNSET
    form_id: str | Unset = UNSET
    ip_hash: str | Unset = UNSET
    user_agent_hash: str | Unset = UNSET
    tcf_tc_string: str | Unset = UNSET
    recording_ref: str | Unset = UNSET
    document_ref: str | Unset = UNSET
    event_ref: str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        double_opt_in_ref = self.double_opt_in_ref

        parental_consent_ref = self.parental_consent_ref

        form_id = self.form_id

        ip_hash = self.ip_hash

        user_agent_hash = self.user_agent_hash

        tcf_tc_string = self.tcf_tc_string

        recording_ref = self.recording_ref

        document_ref = self.document_ref

        event_ref = self.event_ref

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if double_opt_in_ref is not UNSET:
            field_dict["double_opt_in_ref"] = double_opt_in_ref
        if parental_consent_ref is not UNSET:
            field_dict["parental_consent_ref"] = parental_consent_ref
        if form_id is not UNSET:
            field_dict["form_id"] = form_id
        if ip_hash is not UNSET:
            field_dict["ip_hash"] = ip_hash
        if user_agent_hash is not UNSET:
            field_dict["user_agent_hash"] = user_agent_hash
        if tcf_tc_string is not UNSET:
            field_dict["tcf_tc_string"] = tcf_tc_string
        if recording_ref is not UNSET:
            field_dict["recording_ref"] = recording_ref
        if document_ref is not UNSET:
            field_dict["document_ref"] = document_ref
        if event_ref is not UNSET:
            field_dict["event_ref"] = event_ref

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        double_opt_in_ref = d.pop("double_opt_in_ref", UNSET)

        parental_consent_ref = d.pop("parental_consent_ref", UNSET)

        form_id = d.pop("form_id", UNSET)

        ip_hash = d.pop("ip_hash", UNSET)

        user_agent_hash = d.pop("user_agent_hash", UNSET)

        tcf_tc_string = d.pop("tcf_tc_string", UNSET)

        recording_ref = d.pop("recording_ref", UNSET)

        document_ref = d.pop("document_ref", UNSET)

        event_ref = d.pop("event_ref", UNSET)

        evidence = cls(
            double_opt_in_ref=double_opt_in_ref,
            parental_consent_ref=parental_consent_ref,
            form_id=form_id,
            ip_hash=ip_hash,
            user_agent_hash=user_agent_hash,
            tcf_tc_string=tcf_tc_string,
            recording_ref=recording_ref,
            document_ref=document_ref,
            event_ref=event_ref,
        )

        return evidence
