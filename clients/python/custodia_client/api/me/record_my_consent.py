from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
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
        "url": "/v1/me/consents/{purpose}".format(
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
    ConsentNotApplicableProblem
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
    | ObjectionInForceProblem
    | PayloadTooLargeProblem
    | RoleNotAllowedProblem
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
        response_403 = RoleNotAllowedProblem.from_dict(response.json())

        return response_403

    if response.status_code == 404:
        response_404 = NotFoundProblem.from_dict(response.json())

        return response_404

    if response.status_code == 409:
        response_409 = ObjectionInForceProblem.from_dict(response.json())

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
    ConsentNotApplicableProblem
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
    | ObjectionInForceProblem
    | PayloadTooLargeProblem
    | RoleNotAllowedProblem
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
    purpose: str,
    *,
    client: AuthenticatedClient | Client,
    body: ConsentDecision,
    sec_gpc: str | Unset = UNSET,
) -> Response[
    ConsentNotApplicableProblem
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
    | ObjectionInForceProblem
    | PayloadTooLargeProblem
    | RoleNotAllowedProblem
    | TooManyRequestsProblem
    | UnauthorizedProblem
    | UnsupportedMediaTypeProblem
]:
    """Record my consent decision

     `PUT /v1/subjects/{id}/consents/{purpose}` on the token's own subject: the same body,
    checks, `Sec-GPC` handling, record, receipt and audit entry; `recorded_by` is the
    subject's own id. The customer may grant every consent purpose (no
    `records_consent` applies), also when an identifier of theirs was once erased; a
    grant under an objection in force is refused with `409 objection-in-force` (withdraw
    it first on `POST /v1/me/objections/withdrawals`).

    **Who may call it:** role `subject`.

    Args:
        purpose (str):
        sec_gpc (str | Unset):
        body (ConsentDecision): One consent decision as a channel reports it (ISO/IEC TS 27560,
            Kantara consent
            receipt). Every invalid field is reported at once in `errors`, named by a JSON pointer.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ConsentNotApplicableProblem | InvalidRequestProblem | UnknownNoticeProblem | UnknownPurposeProblem | ValidationFailedProblem | ConsentRecorded | EvidenceRequiredProblem | ParentalConsentRequiredProblem | GoneProblem | InternalProblem | NotFoundProblem | ObjectionInForceProblem | PayloadTooLargeProblem | RoleNotAllowedProblem | TooManyRequestsProblem | UnauthorizedProblem | UnsupportedMediaTypeProblem]
    """

    kwargs = _get_kwargs(
        purpose=purpose,
        body=body,
        sec_gpc=sec_gpc,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    purpose: str,
    *,
    client: AuthenticatedClient | Client,
    body: ConsentDecision,
    sec_gpc: str | Unset = UNSET,
) -> (
    ConsentNotApplicableProblem
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
    | ObjectionInForceProblem
    | PayloadTooLargeProblem
    | RoleNotAllowedProblem
    | TooManyRequestsProblem
    | UnauthorizedProblem
    | UnsupportedMediaTypeProblem
    | None
):
    """Record my consent decision

     `PUT /v1/subjects/{id}/consents/{purpose}` on the token's own subject: the same body,
    checks, `Sec-GPC` handling, record, receipt and audit entry; `recorded_by` is the
    subject's own id. The customer may grant every consent purpose (no
    `records_consent` applies), also when an identifier of theirs was once erased; a
    grant under an objection in force is refused with `409 objection-in-force` (withdraw
    it first on `POST /v1/me/objections/withdrawals`).

    **Who may call it:** role `subject`.

    Args:
        purpose (str):
        sec_gpc (str | Unset):
        body (ConsentDecision): One consent decision as a channel reports it (ISO/IEC TS 27560,
            Kantara consent
            receipt). Every invalid field is reported at once in `errors`, named by a JSON pointer.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ConsentNotApplicableProblem | InvalidRequestProblem | UnknownNoticeProblem | UnknownPurposeProblem | ValidationFailedProblem | ConsentRecorded | EvidenceRequiredProblem | ParentalConsentRequiredProblem | GoneProblem | InternalProblem | NotFoundProblem | ObjectionInForceProblem | PayloadTooLargeProblem | RoleNotAllowedProblem | TooManyRequestsProblem | UnauthorizedProblem | UnsupportedMediaTypeProblem
    """

    return sync_detailed(
        purpose=purpose,
        client=client,
        body=body,
        sec_gpc=sec_gpc,
    ).parsed


async def asyncio_detailed(
    purpose: str,
    *,
    client: AuthenticatedClient | Client,
    body: ConsentDecision,
    sec_gpc: str | Unset = UNSET,
) -> Response[
    ConsentNotApplicableProblem
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
    | ObjectionInForceProblem
    | PayloadTooLargeProblem
    | RoleNotAllowedProblem
    | TooManyRequestsProblem
    | UnauthorizedProblem
    | UnsupportedMediaTypeProblem
]:
    """Record my consent decision

     `PUT /v1/subjects/{id}/consents/{purpose}` on the token's own subject: the same body,
    checks, `Sec-GPC` handling, record, receipt and audit entry; `recorded_by` is the
    subject's own id. The customer may grant every consent purpose (no
    `records_consent` applies), also when an identifier of theirs was once erased; a
    grant under an objection in force is refused with `409 objection-in-force` (withdraw
    it first on `POST /v1/me/objections/withdrawals`).

    **Who may call it:** role `subject`.

    Args:
        purpose (str):
        sec_gpc (str | Unset):
        body (ConsentDecision): One consent decision as a channel reports it (ISO/IEC TS 27560,
            Kantara consent
            receipt). Every invalid field is reported at once in `errors`, named by a JSON pointer.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ConsentNotApplicableProblem | InvalidRequestProblem | UnknownNoticeProblem | UnknownPurposeProblem | ValidationFailedProblem | ConsentRecorded | EvidenceRequiredProblem | ParentalConsentRequiredProblem | GoneProblem | InternalProblem | NotFoundProblem | ObjectionInForceProblem | PayloadTooLargeProblem | RoleNotAllowedProblem | TooManyRequestsProblem | UnauthorizedProblem | UnsupportedMediaTypeProblem]
    """

    kwargs = _get_kwargs(
        purpose=purpose,
        body=body,
        sec_gpc=sec_gpc,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    purpose: str,
    *,
    client: AuthenticatedClient | Client,
    body: ConsentDecision,
    sec_gpc: str | Unset = UNSET,
) -> (
    ConsentNotApplicableProblem
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
    | ObjectionInForceProblem
    | PayloadTooLargeProblem
    | RoleNotAllowedProblem
    | TooManyRequestsProblem
    | UnauthorizedProblem
    | UnsupportedMediaTypeProblem
    | None
):
    """Record my consent decision

     `PUT /v1/subjects/{id}/consents/{purpose}` on the token's own subject: the same body,
    checks, `Sec-GPC` handling, record, receipt and audit entry; `recorded_by` is the
    subject's own id. The customer may grant every consent purpose (no
    `records_consent` applies), also when an identifier of theirs was once erased; a
    grant under an objection in force is refused with `409 objection-in-force` (withdraw
    it first on `POST /v1/me/objections/withdrawals`).

    **Who may call it:** role `subject`.

    Args:
        purpose (str):
        sec_gpc (str | Unset):
        body (ConsentDecision): One consent decision as a channel reports it (ISO/IEC TS 27560,
            Kantara consent
            receipt). Every invalid field is reported at once in `errors`, named by a JSON pointer.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ConsentNotApplicableProblem | InvalidRequestProblem | UnknownNoticeProblem | UnknownPurposeProblem | ValidationFailedProblem | ConsentRecorded | EvidenceRequiredProblem | ParentalConsentRequiredProblem | GoneProblem | InternalProblem | NotFoundProblem | ObjectionInForceProblem | PayloadTooLargeProblem | RoleNotAllowedProblem | TooManyRequestsProblem | UnauthorizedProblem | UnsupportedMediaTypeProblem
    """

    return (
        await asyncio_detailed(
            purpose=purpose,
            client=client,
            body=body,
            sec_gpc=sec_gpc,
        )
    ).parsed
