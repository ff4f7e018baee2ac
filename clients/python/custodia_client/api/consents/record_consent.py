from http import HTTPStatus
from typing import Any
from urllib.parse import quote
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.access_denied_problem import AccessDeniedProblem
from ...models.conflict_problem import ConflictProblem
from ...models.consent_decision import ConsentDecision
from ...models.consent_not_applicable_problem import ConsentNotApplicableProblem
from ...models.consent_recorded import ConsentRecorded
from ...models.evidence_required_problem import EvidenceRequiredProblem
from ...models.gone_problem import GoneProblem
from ...models.internal_problem import InternalProblem
from ...models.invalid_request_problem import InvalidRequestProblem
from ...models.not_found_problem import NotFoundProblem
from ...models.objection_in_force_problem import ObjectionInForceProblem
from ...models.parental_consent_required_problem import ParentalConsentRequiredProblem
from ...models.payload_too_large_problem import PayloadTooLargeProblem
from ...models.role_not_allowed_problem import RoleNotAllowedProblem
from ...models.too_many_requests_problem import TooManyRequestsProblem
from ...models.unauthorized_problem import UnauthorizedProblem
from ...models.unknown_notice_problem import UnknownNoticeProblem
from ...models.unknown_purpose_problem import UnknownPurposeProblem
from ...models.unsupported_media_type_problem import UnsupportedMediaTypeProblem
from ...models.validation_failed_problem import ValidationFailedProblem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    id: UUID,
    purpose: str,
    *,
    body: ConsentDecision,
    sec_gpc: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(sec_gpc, Unset):
        headers["Sec-GPC"] = sec_gpc

    _kwargs: dict[str, Any] = {
        "method": "put",
        "url": "/v1/subjects/{id}/consents/{purpose}".format(
            id=quote(str(id), safe=""),
            purpose=quote(str(purpose), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> (
    AccessDeniedProblem
    | RoleNotAllowedProblem
    | ConflictProblem
    | ObjectionInForceProblem
    | ConsentNotApplicableProblem
    | InvalidRequestProblem
    | UnknownNoticeProblem
    | UnknownPurposeProblem
    | ValidationFailedProblem
    | ConsentRecorded
    | EvidenceRequiredProblem
    | ParentalConsentRequiredProblem
    | GoneProblem
    | InternalProblem
    | NotFoundProblem
    | PayloadTooLargeProblem
    | TooManyRequestsProblem
    | UnauthorizedProblem
    | UnsupportedMediaTypeProblem
    | None
):
    if response.status_code == 201:
        response_201 = ConsentRecorded.from_dict(response.json())

        return response_201

    if response.status_code == 400:

        def _parse_response_400(
            data: object,
        ) -> (
            ConsentNotApplicableProblem
            | InvalidRequestProblem
            | UnknownNoticeProblem
            | UnknownPurposeProblem
            | ValidationFailedProblem
        ):
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                response_400_type_0 = InvalidRequestProblem.from_dict(data)

                return response_400_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                response_400_type_1 = ValidationFailedProblem.from_dict(data)

                return response_400_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                response_400_type_2 = UnknownPurposeProblem.from_dict(data)

                return response_400_type_2
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                response_400_type_3 = ConsentNotApplicableProblem.from_dict(data)

                return response_400_type_3
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, dict):
                raise TypeError()
            response_400_type_4 = UnknownNoticeProblem.from_dict(data)

            return response_400_type_4

        response_400 = _parse_response_400(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = UnauthorizedProblem.from_dict(response.json())

        return response_401

    if response.status_code == 403:

        def _parse_response_403(data: object) -> AccessDeniedProblem | RoleNotAllowedProblem:
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                response_403_type_0 = AccessDeniedProblem.from_dict(data)

                return response_403_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, dict):
                raise TypeError()
            response_403_type_1 = RoleNotAllowedProblem.from_dict(data)

            return response_403_type_1

        response_403 = _parse_response_403(response.json())

        return response_403

    if response.status_code == 404:
        response_404 = NotFoundProblem.from_dict(response.json())

        return response_404

    if response.status_code == 409:

        def _parse_response_409(data: object) -> ConflictProblem | ObjectionInForceProblem:
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                response_409_type_0 = ObjectionInForceProblem.from_dict(data)

                return response_409_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, dict):
                raise TypeError()
            response_409_type_1 = ConflictProblem.from_dict(data)

            return response_409_type_1

        response_409 = _parse_response_409(response.json())

        return response_409

    if response.status_code == 410:
        response_410 = GoneProblem.from_dict(response.json())

        return response_410

    if response.status_code == 413:
        response_413 = PayloadTooLargeProblem.from_dict(response.json())

        return response_413

    if response.status_code == 415:
        response_415 = UnsupportedMediaTypeProblem.from_dict(response.json())

        return response_415

    if response.status_code == 422:

        def _parse_response_422(data: object) -> EvidenceRequiredProblem | ParentalConsentRequiredProblem:
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                response_422_type_0 = EvidenceRequiredProblem.from_dict(data)

                return response_422_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, dict):
                raise TypeError()
            response_422_type_1 = ParentalConsentRequiredProblem.from_dict(data)

            return response_422_type_1

        response_422 = _parse_response_422(response.json())

        return response_422

    if response.status_code == 429:
        response_429 = TooManyRequestsProblem.from_dict(response.json())

        return response_429

    if response.status_code == 500:
        response_500 = InternalProblem.from_dict(response.json())

        return response_500

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[
    AccessDeniedProblem
    | RoleNotAllowedProblem
    | ConflictProblem
    | ObjectionInForceProblem
    | ConsentNotApplicableProblem
    | InvalidRequestProblem
    | UnknownNoticeProblem
    | UnknownPurposeProblem
    | ValidationFailedProblem
    | ConsentRecorded
    | EvidenceRequiredProblem
    | ParentalConsentRequiredProblem
    | GoneProblem
    | InternalProblem
    | NotFoundProblem
    | PayloadTooLargeProblem
    | TooManyRequestsProblem
    | UnauthorizedProblem
    | UnsupportedMediaTypeProblem
]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    id: UUID,
    purpose: str,
    *,
    client: AuthenticatedClient | Client,
    body: ConsentDecision,
    sec_gpc: str | Unset = UNSET,
) -> Response[
    AccessDeniedProblem
    | RoleNotAllowedProblem
    | ConflictProblem
    | ObjectionInForceProblem
    | ConsentNotApplicableProblem
    | InvalidRequestProblem
    | UnknownNoticeProblem
    | UnknownPurposeProblem
    | ValidationFailedProblem
    | ConsentRecorded
    | EvidenceRequiredProblem
    | ParentalConsentRequiredProblem
    | GoneProblem
    | InternalProblem
    | NotFoundProblem
    | PayloadTooLargeProblem
    | TooManyRequestsProblem
    | UnauthorizedProblem
    | UnsupportedMediaTypeProblem
]:
    """Record a consent decision

     Records one consent decision (`granted`, `withdrawn` or `refused`) for a purpose whose
    legal basis is consent, as a new row of the append-only consent ledger; older rows
    never change. The newest record decides, on every instance, from the next read on.
    The answer holds the stored record and a consent receipt: a compact JWS (EdDSA,
    Ed25519) after the Kantara consent receipt v1.1 and ISO/IEC TS 27560, which the
    customer can keep and anyone can verify with `GET /v1/.well-known/jwks.json`.

    **Who may call it:** roles `client` and `admin`. A `client` records, for a purpose
    it is registered for in `clients.toml`, a `withdrawn` or `refused` decision always
    (an unsubscribe link must work), and a `granted` one only when the purpose is in its
    `records_consent` (otherwise `403 access-denied`, reason
    `grant_not_allowed_for_client`; the shipped `mailer` records withdrawals only). For a
    purpose it is not registered for it records nothing (`403 access-denied`, reason
    `purpose_not_allowed_for_client`), answered before the subject is looked up. Each
    refusal is audited.

    Checks, each reported at once in `errors` (`400 validation-failed`): `status` and
    `source` from their lists; `collected_at` RFC 3339, not more than 5 minutes ahead of
    the vault's clock and not before 2000; `expires_at` after `collected_at`;
    `operator_id` required when `source` is `store` or `call_centre`; `evidence` only with
    the listed keys, never a raw IP address (`ip`, `ip_address`, `remote_addr` are refused
    by name) or an email address. A `tcf_tc_string` must decode as an IAB TCF v2 TC string
    and, for a grant, consent to every TCF purpose the policy maps to this purpose
    (`policies/tcf.toml`). Then the purpose must be defined (`400 unknown-purpose`) and
    based on consent (`400 consent-not-applicable`, the detail names its legal basis), and
    the subject must exist (`404`, `410` if erased).

    A grant is refused with `409` when it would not count: `objection-in-force` while an
    objection in force covers the purpose (withdraw it first with
    `POST /v1/subjects/{id}/objections/withdrawals`; the detail names the scope), and
    `conflict` for a direct-marketing purpose when the subject carries an identifier of
    an erased customer (flag `matches_erased_identifier`): such consent is given afresh by
    the customer on `PUT /v1/me/consents/{purpose}`, not recorded for them. Both are
    audited as a denied `consent.granted` (reason `objection_in_force` or
    `matches_erased_identifier`). A withdrawal or refusal is always accepted.

    **Proof of consent (GDPR Art. 7(1)).** A grant must name in `policy_version` a notice
    published in `policies/notices.toml` that covers the purpose (`400 unknown-notice`),
    carry every evidence key the purpose requires (`required_evidence` in
    `purposes.toml`; the shipped `email_marketing` and `sms_marketing` require
    `double_opt_in_ref`: `422 evidence-required`), and, for a subject whose birth date
    makes them younger than the digital consent age of their country
    (`policies/controller.toml`; 16 by default) on the day `collected_at` names, carry a
    `parental_consent_ref` (`422 parental-consent-required`, GDPR Art. 8). Each refusal
    is audited as a denied `consent.granted` (reason `unknown_notice`,
    `evidence_required` or `parental_consent_required`); the answer never repeats the
    birth date.

    **Global Privacy Control.** With `Sec-GPC: 1` and `source: web`, an objection to sale
    or sharing (scope `sale_or_sharing`) is recorded as well (audit `objection.recorded`,
    reason `gpc:sale_or_sharing`). It stops every purpose that sells or shares data
    (`targeted_advertising` in the shipped policy), whatever the grant sent with it.

    Audited as `consent.granted`, `consent.withdrawn` or `consent.refused`. Not a read:
    no `X-Purpose`.

    Args:
        id (UUID):
        purpose (str):
        sec_gpc (str | Unset):
        body (ConsentDecision): One consent decision as a channel reports it (ISO/IEC TS 27560,
            Kantara consent
            receipt). Every invalid field is reported at once in `errors`, named by a JSON pointer.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AccessDeniedProblem | RoleNotAllowedProblem | ConflictProblem | ObjectionInForceProblem | ConsentNotApplicableProblem | InvalidRequestProblem | UnknownNoticeProblem | UnknownPurposeProblem | ValidationFailedProblem | ConsentRecorded | EvidenceRequiredProblem | ParentalConsentRequiredProblem | GoneProblem | InternalProblem | NotFoundProblem | PayloadTooLargeProblem | TooManyRequestsProblem | UnauthorizedProblem | UnsupportedMediaTypeProblem]
    """

    kwargs = _get_kwargs(
        id=id,
        purpose=purpose,
        body=body,
        sec_gpc=sec_gpc,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    id: UUID,
    purpose: str,
    *,
    client: AuthenticatedClient | Client,
    body: ConsentDecision,
    sec_gpc: str | Unset = UNSET,
) -> (
    AccessDeniedProblem
    | RoleNotAllowedProblem
    | ConflictProblem
    | ObjectionInForceProblem
    | ConsentNotApplicableProblem
    | InvalidRequestProblem
    | UnknownNoticeProblem
    | UnknownPurposeProblem
    | ValidationFailedProblem
    | ConsentRecorded
    | EvidenceRequiredProblem
    | ParentalConsentRequiredProblem
    | GoneProblem
    | InternalProblem
    | NotFoundProblem
    | PayloadTooLargeProblem
    | TooManyRequestsProblem
    | UnauthorizedProblem
    | UnsupportedMediaTypeProblem
    | None
):
    """Record a consent decision

     Records one consent decision (`granted`, `withdrawn` or `refused`) for a purpose whose
    legal basis is consent, as a new row of the append-only consent ledger; older rows
    never change. The newest record decides, on every instance, from the next read on.
    The answer holds the stored record and a consent receipt: a compact JWS (EdDSA,
    Ed25519) after the Kantara consent receipt v1.1 and ISO/IEC TS 27560, which the
    customer can keep and anyone can verify with `GET /v1/.well-known/jwks.json`.

    **Who may call it:** roles `client` and `admin`. A `client` records, for a purpose
    it is registered for in `clients.toml`, a `withdrawn` or `refused` decision always
    (an unsubscribe link must work), and a `granted` one only when the purpose is in its
    `records_consent` (otherwise `403 access-denied`, reason
    `grant_not_allowed_for_client`; the shipped `mailer` records withdrawals only). For a
    purpose it is not registered for it records nothing (`403 access-denied`, reason
    `purpose_not_allowed_for_client`), answered before the subject is looked up. Each
    refusal is audited.

    Checks, each reported at once in `errors` (`400 validation-failed`): `status` and
    `source` from their lists; `collected_at` RFC 3339, not more than 5 minutes ahead of
    the vault's clock and not before 2000; `expires_at` after `collected_at`;
    `operator_id` required when `source` is `store` or `call_centre`; `evidence` only with
    the listed keys, never a raw IP address (`ip`, `ip_address`, `remote_addr` are refused
    by name) or an email address. A `tcf_tc_string` must decode as an IAB TCF v2 TC string
    and, for a grant, consent to every TCF purpose the policy maps to this purpose
    (`policies/tcf.toml`). Then the purpose must be defined (`400 unknown-purpose`) and
    based on consent (`400 consent-not-applicable`, the detail names its legal basis), and
    the subject must exist (`404`, `410` if erased).

    A grant is refused with `409` when it would not count: `objection-in-force` while an
    objection in force covers the purpose (withdraw it first with
    `POST /v1/subjects/{id}/objections/withdrawals`; the detail names the scope), and
    `conflict` for a direct-marketing purpose when the subject carries an identifier of
    an erased customer (flag `matches_erased_identifier`): such consent is given afresh by
    the customer on `PUT /v1/me/consents/{purpose}`, not recorded for them. Both are
    audited as a denied `consent.granted` (reason `objection_in_force` or
    `matches_erased_identifier`). A withdrawal or refusal is always accepted.

    **Proof of consent (GDPR Art. 7(1)).** A grant must name in `policy_version` a notice
    published in `policies/notices.toml` that covers the purpose (`400 unknown-notice`),
    carry every evidence key the purpose requires (`required_evidence` in
    `purposes.toml`; the shipped `email_marketing` and `sms_marketing` require
    `double_opt_in_ref`: `422 evidence-required`), and, for a subject whose birth date
    makes them younger than the digital consent age of their country
    (`policies/controller.toml`; 16 by default) on the day `collected_at` names, carry a
    `parental_consent_ref` (`422 parental-consent-required`, GDPR Art. 8). Each refusal
    is audited as a denied `consent.granted` (reason `unknown_notice`,
    `evidence_required` or `parental_consent_required`); the answer never repeats the
    birth date.

    **Global Privacy Control.** With `Sec-GPC: 1` and `source: web`, an objection to sale
    or sharing (scope `sale_or_sharing`) is recorded as well (audit `objection.recorded`,
    reason `gpc:sale_or_sharing`). It stops every purpose that sells or shares data
    (`targeted_advertising` in the shipped policy), whatever the grant sent with it.

    Audited as `consent.granted`, `consent.withdrawn` or `consent.refused`. Not a read:
    no `X-Purpose`.

    Args:
        id (UUID):
        purpose (str):
        sec_gpc (str | Unset):
        body (ConsentDecision): One consent decision as a channel reports it (ISO/IEC TS 27560,
            Kantara consent
            receipt). Every invalid field is reported at once in `errors`, named by a JSON pointer.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AccessDeniedProblem | RoleNotAllowedProblem | ConflictProblem | ObjectionInForceProblem | ConsentNotApplicableProblem | InvalidRequestProblem | UnknownNoticeProblem | UnknownPurposeProblem | ValidationFailedProblem | ConsentRecorded | EvidenceRequiredProblem | ParentalConsentRequiredProblem | GoneProblem | InternalProblem | NotFoundProblem | PayloadTooLargeProblem | TooManyRequestsProblem | UnauthorizedProblem | UnsupportedMediaTypeProblem
    """

    return sync_detailed(
        id=id,
        purpose=purpose,
        client=client,
        body=body,
        sec_gpc=sec_gpc,
    ).parsed


async def asyncio_detailed(
    id: UUID,
    purpose: str,
    *,
    client: AuthenticatedClient | Client,
    body: ConsentDecision,
    sec_gpc: str | Unset = UNSET,
) -> Response[
    AccessDeniedProblem
    | RoleNotAllowedProblem
    | ConflictProblem
    | ObjectionInForceProblem
    | ConsentNotApplicableProblem
    | InvalidRequestProblem
    | UnknownNoticeProblem
    | UnknownPurposeProblem
    | ValidationFailedProblem
    | ConsentRecorded
    | EvidenceRequiredProblem
    | ParentalConsentRequiredProblem
    | GoneProblem
    | InternalProblem
    | NotFoundProblem
    | PayloadTooLargeProblem
    | TooManyRequestsProblem
    | UnauthorizedProblem
    | UnsupportedMediaTypeProblem
]:
    """Record a consent decision

     Records one consent decision (`granted`, `withdrawn` or `refused`) for a purpose whose
    legal basis is consent, as a new row of the append-only consent ledger; older rows
    never change. The newest record decides, on every instance, from the next read on.
    The answer holds the stored record and a consent receipt: a compact JWS (EdDSA,
    Ed25519) after the Kantara consent receipt v1.1 and ISO/IEC TS 27560, which the
    customer can keep and anyone can verify with `GET /v1/.well-known/jwks.json`.

    **Who may call it:** roles `client` and `admin`. A `client` records, for a purpose
    it is registered for in `clients.toml`, a `withdrawn` or `refused` decision always
    (an unsubscribe link must work), and a `granted` one only when the purpose is in its
    `records_consent` (otherwise `403 access-denied`, reason
    `grant_not_allowed_for_client`; the shipped `mailer` records withdrawals only). For a
    purpose it is not registered for it records nothing (`403 access-denied`, reason
    `purpose_not_allowed_for_client`), answered before the subject is looked up. Each
    refusal is audited.

    Checks, each reported at once in `errors` (`400 validation-failed`): `status` and
    `source` from their lists; `collected_at` RFC 3339, not more than 5 minutes ahead of
    the vault's clock and not before 2000; `expires_at` after `collected_at`;
    `operator_id` required when `source` is `store` or `call_centre`; `evidence` only with
    the listed keys, never a raw IP address (`ip`, `ip_address`, `remote_addr` are refused
    by name) or an email address. A `tcf_tc_string` must decode as an IAB TCF v2 TC string
    and, for a grant, consent to every TCF purpose the policy maps to this purpose
    (`policies/tcf.toml`). Then the purpose must be defined (`400 unknown-purpose`) and
    based on consent (`400 consent-not-applicable`, the detail names its legal basis), and
    the subject must exist (`404`, `410` if erased).

    A grant is refused with `409` when it would not count: `objection-in-force` while an
    objection in force covers the purpose (withdraw it first with
    `POST /v1/subjects/{id}/objections/withdrawals`; the detail names the scope), and
    `conflict` for a direct-marketing purpose when the subject carries an identifier of
    an erased customer (flag `matches_erased_identifier`): such consent is given afresh by
    the customer on `PUT /v1/me/consents/{purpose}`, not recorded for them. Both are
    audited as a denied `consent.granted` (reason `objection_in_force` or
    `matches_erased_identifier`). A withdrawal or refusal is always accepted.

    **Proof of consent (GDPR Art. 7(1)).** A grant must name in `policy_version` a notice
    published in `policies/notices.toml` that covers the purpose (`400 unknown-notice`),
    carry every evidence key the purpose requires (`required_evidence` in
    `purposes.toml`; the shipped `email_marketing` and `sms_marketing` require
    `double_opt_in_ref`: `422 evidence-required`), and, for a subject whose birth date
    makes them younger than the digital consent age of their country
    (`policies/controller.toml`; 16 by default) on the day `collected_at` names, carry a
    `parental_consent_ref` (`422 parental-consent-required`, GDPR Art. 8). Each refusal
    is audited as a denied `consent.granted` (reason `unknown_notice`,
    `evidence_required` or `parental_consent_required`); the answer never repeats the
    birth date.

    **Global Privacy Control.** With `Sec-GPC: 1` and `source: web`, an objection to sale
    or sharing (scope `sale_or_sharing`) is recorded as well (audit `objection.recorded`,
    reason `gpc:sale_or_sharing`). It stops every purpose that sells or shares data
    (`targeted_advertising` in the shipped policy), whatever the grant sent with it.

    Audited as `consent.granted`, `consent.withdrawn` or `consent.refused`. Not a read:
    no `X-Purpose`.

    Args:
        id (UUID):
        purpose (str):
        sec_gpc (str | Unset):
        body (ConsentDecision): One consent decision as a channel reports it (ISO/IEC TS 27560,
            Kantara consent
            receipt). Every invalid field is reported at once in `errors`, named by a JSON pointer.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AccessDeniedProblem | RoleNotAllowedProblem | ConflictProblem | ObjectionInForceProblem | ConsentNotApplicableProblem | InvalidRequestProblem | UnknownNoticeProblem | UnknownPurposeProblem | ValidationFailedProblem | ConsentRecorded | EvidenceRequiredProblem | ParentalConsentRequiredProblem | GoneProblem | InternalProblem | NotFoundProblem | PayloadTooLargeProblem | TooManyRequestsProblem | UnauthorizedProblem | UnsupportedMediaTypeProblem]
    """

    kwargs = _get_kwargs(
        id=id,
        purpose=purpose,
        body=body,
        sec_gpc=sec_gpc,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    id: UUID,
    purpose: str,
    *,
    client: AuthenticatedClient | Client,
    body: ConsentDecision,
    sec_gpc: str | Unset = UNSET,
) -> (
    AccessDeniedProblem
    | RoleNotAllowedProblem
    | ConflictProblem
    | ObjectionInForceProblem
    | ConsentNotApplicableProblem
    | InvalidRequestProblem
    | UnknownNoticeProblem
    | UnknownPurposeProblem
    | ValidationFailedProblem
    | ConsentRecorded
    | EvidenceRequiredProblem
    | ParentalConsentRequiredProblem
    | GoneProblem
    | InternalProblem
    | NotFoundProblem
    | PayloadTooLargeProblem
    | TooManyRequestsProblem
    | UnauthorizedProblem
    | UnsupportedMediaTypeProblem
    | None
):
    """Record a consent decision

     Records one consent decision (`granted`, `withdrawn` or `refused`) for a purpose whose
    legal basis is consent, as a new row of the append-only consent ledger; older rows
    never change. The newest record decides, on every instance, from the next read on.
    The answer holds the stored record and a consent receipt: a compact JWS (EdDSA,
    Ed25519) after the Kantara consent receipt v1.1 and ISO/IEC TS 27560, which the
    customer can keep and anyone can verify with `GET /v1/.well-known/jwks.json`.

    **Who may call it:** roles `client` and `admin`. A `client` records, for a purpose
    it is registered for in `clients.toml`, a `withdrawn` or `refused` decision always
    (an unsubscribe link must work), and a `granted` one only when the purpose is in its
    `records_consent` (otherwise `403 access-denied`, reason
    `grant_not_allowed_for_client`; the shipped `mailer` records withdrawals only). For a
    purpose it is not registered for it records nothing (`403 access-denied`, reason
    `purpose_not_allowed_for_client`), answered before the subject is looked up. Each
    refusal is audited.

    Checks, each reported at once in `errors` (`400 validation-failed`): `status` and
    `source` from their lists; `collected_at` RFC 3339, not more than 5 minutes ahead of
    the vault's clock and not before 2000; `expires_at` after `collected_at`;
    `operator_id` required when `source` is `store` or `call_centre`; `evidence` only with
    the listed keys, never a raw IP address (`ip`, `ip_address`, `remote_addr` are refused
    by name) or an email address. A `tcf_tc_string` must decode as an IAB TCF v2 TC string
    and, for a grant, consent to every TCF purpose the policy maps to this purpose
    (`policies/tcf.toml`). Then the purpose must be defined (`400 unknown-purpose`) and
    based on consent (`400 consent-not-applicable`, the detail names its legal basis), and
    the subject must exist (`404`, `410` if erased).

    A grant is refused with `409` when it would not count: `objection-in-force` while an
    objection in force covers the purpose (withdraw it first with
    `POST /v1/subjects/{id}/objections/withdrawals`; the detail names the scope), and
    `conflict` for a direct-marketing purpose when the subject carries an identifier of
    an erased customer (flag `matches_erased_identifier`): such consent is given afresh by
    the customer on `PUT /v1/me/consents/{purpose}`, not recorded for them. Both are
    audited as a denied `consent.granted` (reason `objection_in_force` or
    `matches_erased_identifier`). A withdrawal or refusal is always accepted.

    **Proof of consent (GDPR Art. 7(1)).** A grant must name in `policy_version` a notice
    published in `policies/notices.toml` that covers the purpose (`400 unknown-notice`),
    carry every evidence key the purpose requires (`required_evidence` in
    `purposes.toml`; the shipped `email_marketing` and `sms_marketing` require
    `double_opt_in_ref`: `422 evidence-required`), and, for a subject whose birth date
    makes them younger than the digital consent age of their country
    (`policies/controller.toml`; 16 by default) on the day `collected_at` names, carry a
    `parental_consent_ref` (`422 parental-consent-required`, GDPR Art. 8). Each refusal
    is audited as a denied `consent.granted` (reason `unknown_notice`,
    `evidence_required` or `parental_consent_required`); the answer never repeats the
    birth date.

    **Global Privacy Control.** With `Sec-GPC: 1` and `source: web`, an objection to sale
    or sharing (scope `sale_or_sharing`) is recorded as well (audit `objection.recorded`,
    reason `gpc:sale_or_sharing`). It stops every purpose that sells or shares data
    (`targeted_advertising` in the shipped policy), whatever the grant sent with it.

    Audited as `consent.granted`, `consent.withdrawn` or `consent.refused`. Not a read:
    no `X-Purpose`.

    Args:
        id (UUID):
        purpose (str):
        sec_gpc (str | Unset):
        body (ConsentDecision): One consent decision as a channel reports it (ISO/IEC TS 27560,
            Kantara consent
            receipt). Every invalid field is reported at once in `errors`, named by a JSON pointer.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AccessDeniedProblem | RoleNotAllowedProblem | ConflictProblem | ObjectionInForceProblem | ConsentNotApplicableProblem | InvalidRequestProblem | UnknownNoticeProblem | UnknownPurposeProblem | ValidationFailedProblem | ConsentRecorded | EvidenceRequiredProblem | ParentalConsentRequiredProblem | GoneProblem | InternalProblem | NotFoundProblem | PayloadTooLargeProblem | TooManyRequestsProblem | UnauthorizedProblem | UnsupportedMediaTypeProblem
    """

    return (
        await asyncio_detailed(
            id=id,
            purpose=purpose,
            client=client,
            body=body,
            sec_gpc=sec_gpc,
        )
    ).parsed
