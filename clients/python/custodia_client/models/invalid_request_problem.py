from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar
from uuid import UUID

from attrs import define as _attrs_define

from ..models.deny_reason import DenyReason, check_deny_reason
from ..models.problem_code import ProblemCode, check_problem_code
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.field_problem import FieldProblem


T = TypeVar("T", bound="InvalidRequestProblem")


@_attrs_define
class InvalidRequestProblem:
    """An RFC 7807 problem document. Never contains personal data.

    Attributes:
        type_ (str): `urn:custodia:problem:<code>`.
        title (str): A short, stable summary of the problem type.
        status (int): The HTTP status code.
        detail (str): A human explanation of this occurrence.
        code (ProblemCode): The stable code of a problem; also the last part of its `type`.

            | code | status | title |
            |---|---|---|
            | `invalid-request` | 400 | The request is malformed |
            | `validation-failed` | 400 | Some fields are invalid |
            | `missing-purpose` | 400 | X-Purpose header required |
            | `invalid-purpose` | 400 | X-Purpose header is not a purpose id |
            | `unknown-purpose` | 400 | The purpose is not defined in the policy |
            | `consent-not-applicable` | 400 | Consent does not apply to this purpose |
            | `unauthorized` | 401 | Authentication required |
            | `role-not-allowed` | 403 | This role may not use this operation |
            | `access-denied` | 403 | Access denied by policy |
            | `not-found` | 404 | Not found |
            | `method-not-allowed` | 405 | Method not allowed |
            | `identifier-taken` | 409 | Identifier already in use |
            | `gone` | 410 | Erased |
            | `conflict` | 409 | The request conflicts with the current state |
            | `objection-in-force` | 409 | An objection in force covers this purpose |
            | `unknown-notice` | 400 | The notice named is not published for this purpose |
            | `evidence-required` | 422 | Evidence the purpose requires is missing |
            | `parental-consent-required` | 422 | Parental consent required |
            | `payload-too-large` | 413 | Request body too large |
            | `unsupported-media-type` | 415 | Request body must be application/json |
            | `too-many-requests` | 429 | Request rate limit exceeded |
            | `unavailable` | 503 | A backing store is unavailable |
            | `internal` | 500 | Internal error |
        reason (DenyReason | Unset): Why the policy refused a read, or a client's recording of a decision; part of the
            API
            and the audit log.

            | reason | meaning |
            |---|---|
            | `unknown_purpose` | the purpose is not defined in the policy (answered as `400 unknown-purpose`, so only seen
            in the audit log) |
            | `purpose_not_allowed_for_client` | this client is not registered for the purpose |
            | `aggregate_only` | the purpose answers counts only (`aggregate_only` in `purposes.toml`, the shipped
            `analytics`): a read, look-up, a person's events or profile, a segment member page, the consent overview, a
            restriction or an objection recorded by its client are refused before the subject is loaded or an identifier
            resolved |
            | `erased` | the subject has been erased |
            | `restricted` | processing for this subject is restricted (GDPR Art. 18) |
            | `minor` | the subject is under 18 and the purpose profiles people or sells or shares data (`profiling` or
            `sale_or_sharing` in `purposes.toml`; GDPR Art. 8, Recitals 38 and 71) |
            | `no_consent` | the purpose needs consent and none is recorded |
            | `consent_withdrawn` | the subject has withdrawn consent for the purpose |
            | `consent_refused` | the subject has refused consent for the purpose |
            | `consent_expired` | the subject's consent for the purpose has expired |
            | `reconsent_required` | the consent was given under an older notice and must be renewed |
            | `objected` | the subject has objected to the purpose (GDPR Art. 21) |
            | `grant_not_allowed_for_client` | recording, not reading: the client may record withdrawals and objections for
            the purpose, not a grant (nor lift an objection); see `records_consent` in `clients.toml` |
        errors (list[FieldProblem] | Unset): For `validation-failed`, one entry per invalid field; for `unknown-notice`,
            `evidence-required` and `parental-consent-required`, the field to send
            (`/policy_version`, `/evidence/<key>`).
        request_id (UUID | Unset): The request's id, as in `X-Request-Id`; quote it when reporting a problem.
    """

    type_: str
    title: str
    status: int
    detail: str
    code: ProblemCode
    reason: DenyReason | Unset = UNSET
    errors: list[FieldProblem] | Unset = UNSET
    request_id: UUID | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        type_ = self.type_

        title = self.title

        status = self.status

        detail = self.detail

        code: str = self.code

        reason: str | Unset = UNSET
        if not isinstance(self.reason, Unset):
            reason = self.reason

        errors: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.errors, Unset):
            errors = []
            for errors_item_data in self.errors:
                errors_item = errors_item_data.to_dict()
                errors.append(errors_item)

        request_id: str | Unset = UNSET
        if not isinstance(self.request_id, Unset):
            request_id = str(self.request_id)

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "type": type_,
                "title": title,
                "status": status,
                "detail": detail,
                "code": code,
            }
        )
        if reason is not UNSET:
            field_dict["reason"] = reason
        if errors is not UNSET:
            field_dict["errors"] = errors
        if request_id is not UNSET:
            field_dict["request_id"] = request_id

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.field_problem import FieldProblem  # noqa: PLC0415

        d = dict(src_dict)
        type_ = d.pop("type")

        title = d.pop("title")

        status = d.pop("status")

        detail = d.pop("detail")

        code = check_problem_code(d.pop("code"))

        _reason = d.pop("reason", UNSET)
        reason: DenyReason | Unset
        if isinstance(_reason, Unset):
            reason = UNSET
        else:
            reason = check_deny_reason(_reason)

        _errors = d.pop("errors", UNSET)
        errors: list[FieldProblem] | Unset = UNSET
        if _errors is not UNSET:
            errors = []
            for errors_item_data in _errors:
                errors_item = FieldProblem.from_dict(errors_item_data)

                errors.append(errors_item)

        _request_id = d.pop("request_id", UNSET)
        request_id: UUID | Unset
        if isinstance(_request_id, Unset):
            request_id = UNSET
        else:
            request_id = UUID(_request_id)

        invalid_request_problem = cls(
            type_=type_,
            title=title,
            status=status,
            detail=detail,
            code=code,
            reason=reason,
            errors=errors,
            request_id=request_id,
        )

        return invalid_request_problem
