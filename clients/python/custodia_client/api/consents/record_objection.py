from http import HTTPStatus
from typing import Any
from urllib.parse import quote
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.access_denied_problem import AccessDeniedProblem
from ...models.gone_problem import GoneProblem
from ...models.internal_problem import InternalProblem
from ...models.invalid_request_problem import InvalidRequestProblem
from ...models.not_found_problem import NotFoundProblem
from ...models.objection_recorded import ObjectionRecorded
from ...models.objection_request import ObjectionRequest
from ...models.payload_too_large_problem import PayloadTooLargeProblem
from ...models.role_not_allowed_problem import RoleNotAllowedProblem
from ...models.too_many_requests_problem import TooManyRequestsProblem
from ...models.unauthorized_problem import UnauthorizedProblem
from ...models.unsupported_media_type_problem import UnsupportedMediaTypeProblem
from ...models.validation_failed_problem import ValidationFailedProblem
from ...types import Response


def _get_kwargs(
    id: UUID,
    *,
    body: ObjectionRequest,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/subjects/{id}/objections".format(
            id=quote(str(id), safe=""),
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
    | GoneProblem
    | InternalProblem
    | InvalidRequestProblem
    | ValidationFailedProblem
    | NotFoundProblem
    | ObjectionRecorded
    | PayloadTooLargeProblem
    | TooManyRequestsProblem
    | UnauthorizedProblem
    | UnsupportedMediaTypeProblem
    | None
):
    if response.status_code == 201:
        response_201 = ObjectionRecorded.from_dict(response.json())

        return response_201

    if response.status_code == 400:

        def _parse_response_400(data: object) -> InvalidRequestProblem | ValidationFailedProblem:
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                response_400_type_0 = InvalidRequestProblem.from_dict(data)

                return response_400_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, dict):
                raise TypeError()
            response_400_type_1 = ValidationFailedProblem.from_dict(data)

            return response_400_type_1

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

    if response.status_code == 410:
        response_410 = GoneProblem.from_dict(response.json())

        return response_410

    if response.status_code == 413:
        response_413 = PayloadTooLargeProblem.from_dict(response.json())

        return response_413

    if response.status_code == 415:
        response_415 = UnsupportedMediaTypeProblem.from_dict(response.json())

        return response_415

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
    | GoneProblem
    | InternalProblem
    | InvalidRequestProblem
    | ValidationFailedProblem
    | NotFoundProblem
    | ObjectionRecorded
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
    *,
    client: AuthenticatedClient | Client,
    body: ObjectionRequest,
) -> Response[
    AccessDeniedProblem
    | RoleNotAllowedProblem
    | GoneProblem
    | InternalProblem
    | InvalidRequestProblem
    | ValidationFailedProblem
    | NotFoundProblem
    | ObjectionRecorded
    | PayloadTooLargeProblem
    | TooManyRequestsProblem
    | UnauthorizedProblem
    | UnsupportedMediaTypeProblem
]:
    """Record an objection

     Records the subject's objection to processing (GDPR Art. 21). An objection to any
    direct-marketing purpose, or `direct_marketing: true`, records the scope
    `direct_marketing`, which stops every direct-marketing purpose (Art. 21(2)-(3)). Any
    other purpose named is recorded as scope `purpose:<id>` when it is based on a
    legitimate interest or a public task (Art. 21(1)). Reads for a stopped purpose are
    then denied with reason `objected`, and events only it would use are no longer
    collected, and a consent grant it covers is refused (`409 objection-in-force`) until
    the objection is withdrawn with `POST /v1/subjects/{id}/objections/withdrawals`. A
    purpose whose policy claims compelling grounds (`objection_stops = false`, the shipped
    `fraud_prevention`) is stopped too, pending the DPO's documented assessment
    (Art. 18(1)(d), `POST /v1/subjects/{id}/objections/assessments`).

    **Who may call it:** roles `client`, `dpo` and `admin`; the customer objects on
    `POST /v1/me/objections`. A `client` records an objection only for purposes it is
    registered for: each purpose named, and for `direct_marketing: true` one of the
    direct-marketing purposes (otherwise `403 access-denied`, reason
    `purpose_not_allowed_for_client`, audited).

    A purpose that is not defined, or that an objection does not apply to (contract,
    legal obligation, consent — withdraw the consent instead), is refused with
    `400 validation-failed` at
    `/purposes/<index>`; naming nothing (no purpose and no `direct_marketing`) at
    `/purposes`; more than 64 purposes with `400 invalid-request`. Audited as
    `objection.recorded`, one entry per scope (reason `request`, or
    `request:direct_marketing` for the direct-marketing scope).

    Args:
        id (UUID):
        body (ObjectionRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AccessDeniedProblem | RoleNotAllowedProblem | GoneProblem | InternalProblem | InvalidRequestProblem | ValidationFailedProblem | NotFoundProblem | ObjectionRecorded | PayloadTooLargeProblem | TooManyRequestsProblem | UnauthorizedProblem | UnsupportedMediaTypeProblem]
    """

    kwargs = _get_kwargs(
        id=id,
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    id: UUID,
    *,
    client: AuthenticatedClient | Client,
    body: ObjectionRequest,
) -> (
    AccessDeniedProblem
    | RoleNotAllowedProblem
    | GoneProblem
    | InternalProblem
    | InvalidRequestProblem
    | ValidationFailedProblem
    | NotFoundProblem
    | ObjectionRecorded
    | PayloadTooLargeProblem
    | TooManyRequestsProblem
    | UnauthorizedProblem
    | UnsupportedMediaTypeProblem
    | None
):
    """Record an objection

     Records the subject's objection to processing (GDPR Art. 21). An objection to any
    direct-marketing purpose, or `direct_marketing: true`, records the scope
    `direct_marketing`, which stops every direct-marketing purpose (Art. 21(2)-(3)). Any
    other purpose named is recorded as scope `purpose:<id>` when it is based on a
    legitimate interest or a public task (Art. 21(1)). Reads for a stopped purpose are
    then denied with reason `objected`, and events only it would use are no longer
    collected, and a consent grant it covers is refused (`409 objection-in-force`) until
    the objection is withdrawn with `POST /v1/subjects/{id}/objections/withdrawals`. A
    purpose whose policy claims compelling grounds (`objection_stops = false`, the shipped
    `fraud_prevention`) is stopped too, pending the DPO's documented assessment
    (Art. 18(1)(d), `POST /v1/subjects/{id}/objections/assessments`).

    **Who may call it:** roles `client`, `dpo` and `admin`; the customer objects on
    `POST /v1/me/objections`. A `client` records an objection only for purposes it is
    registered for: each purpose named, and for `direct_marketing: true` one of the
    direct-marketing purposes (otherwise `403 access-denied`, reason
    `purpose_not_allowed_for_client`, audited).

    A purpose that is not defined, or that an objection does not apply to (contract,
    legal obligation, consent — withdraw the consent instead), is refused with
    `400 validation-failed` at
    `/purposes/<index>`; naming nothing (no purpose and no `direct_marketing`) at
    `/purposes`; more than 64 purposes with `400 invalid-request`. Audited as
    `objection.recorded`, one entry per scope (reason `request`, or
    `request:direct_marketing` for the direct-marketing scope).

    Args:
        id (UUID):
        body (ObjectionRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AccessDeniedProblem | RoleNotAllowedProblem | GoneProblem | InternalProblem | InvalidRequestProblem | ValidationFailedProblem | NotFoundProblem | ObjectionRecorded | PayloadTooLargeProblem | TooManyRequestsProblem | UnauthorizedProblem | UnsupportedMediaTypeProblem
    """

    return sync_detailed(
        id=id,
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    id: UUID,
    *,
    client: AuthenticatedClient | Client,
    body: ObjectionRequest,
) -> Response[
    AccessDeniedProblem
    | RoleNotAllowedProblem
    | GoneProblem
    | InternalProblem
    | InvalidRequestProblem
    | ValidationFailedProblem
    | NotFoundProblem
    | ObjectionRecorded
    | PayloadTooLargeProblem
    | TooManyRequestsProblem
    | UnauthorizedProblem
    | UnsupportedMediaTypeProblem
]:
    """Record an objection

     Records the subject's objection to processing (GDPR Art. 21). An objection to any
    direct-marketing purpose, or `direct_marketing: true`, records the scope
    `direct_marketing`, which stops every direct-marketing purpose (Art. 21(2)-(3)). Any
    other purpose named is recorded as scope `purpose:<id>` when it is based on a
    legitimate interest or a public task (Art. 21(1)). Reads for a stopped purpose are
    then denied with reason `objected`, and events only it would use are no longer
    collected, and a consent grant it covers is refused (`409 objection-in-force`) until
    the objection is withdrawn with `POST /v1/subjects/{id}/objections/withdrawals`. A
    purpose whose policy claims compelling grounds (`objection_stops = false`, the shipped
    `fraud_prevention`) is stopped too, pending the DPO's documented assessment
    (Art. 18(1)(d), `POST /v1/subjects/{id}/objections/assessments`).

    **Who may call it:** roles `client`, `dpo` and `admin`; the customer objects on
    `POST /v1/me/objections`. A `client` records an objection only for purposes it is
    registered for: each purpose named, and for `direct_marketing: true` one of the
    direct-marketing purposes (otherwise `403 access-denied`, reason
    `purpose_not_allowed_for_client`, audited).

    A purpose that is not defined, or that an objection does not apply to (contract,
    legal obligation, consent — withdraw the consent instead), is refused with
    `400 validation-failed` at
    `/purposes/<index>`; naming nothing (no purpose and no `direct_marketing`) at
    `/purposes`; more than 64 purposes with `400 invalid-request`. Audited as
    `objection.recorded`, one entry per scope (reason `request`, or
    `request:direct_marketing` for the direct-marketing scope).

    Args:
        id (UUID):
        body (ObjectionRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AccessDeniedProblem | RoleNotAllowedProblem | GoneProblem | InternalProblem | InvalidRequestProblem | ValidationFailedProblem | NotFoundProblem | ObjectionRecorded | PayloadTooLargeProblem | TooManyRequestsProblem | UnauthorizedProblem | UnsupportedMediaTypeProblem]
    """

    kwargs = _get_kwargs(
        id=id,
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    id: UUID,
    *,
    client: AuthenticatedClient | Client,
    body: ObjectionRequest,
) -> (
    AccessDeniedProblem
    | RoleNotAllowedProblem
    | GoneProblem
    | InternalProblem
    | InvalidRequestProblem
    | ValidationFailedProblem
    | NotFoundProblem
    | ObjectionRecorded
    | PayloadTooLargeProblem
    | TooManyRequestsProblem
    | UnauthorizedProblem
    | UnsupportedMediaTypeProblem
    | None
):
    """Record an objection

     Records the subject's objection to processing (GDPR Art. 21). An objection to any
    direct-marketing purpose, or `direct_marketing: true`, records the scope
    `direct_marketing`, which stops every direct-marketing purpose (Art. 21(2)-(3)). Any
    other purpose named is recorded as scope `purpose:<id>` when it is based on a
    legitimate interest or a public task (Art. 21(1)). Reads for a stopped purpose are
    then denied with reason `objected`, and events only it would use are no longer
    collected, and a consent grant it covers is refused (`409 objection-in-force`) until
    the objection is withdrawn with `POST /v1/subjects/{id}/objections/withdrawals`. A
    purpose whose policy claims compelling grounds (`objection_stops = false`, the shipped
    `fraud_prevention`) is stopped too, pending the DPO's documented assessment
    (Art. 18(1)(d), `POST /v1/subjects/{id}/objections/assessments`).

    **Who may call it:** roles `client`, `dpo` and `admin`; the customer objects on
    `POST /v1/me/objections`. A `client` records an objection only for purposes it is
    registered for: each purpose named, and for `direct_marketing: true` one of the
    direct-marketing purposes (otherwise `403 access-denied`, reason
    `purpose_not_allowed_for_client`, audited).

    A purpose that is not defined, or that an objection does not apply to (contract,
    legal obligation, consent — withdraw the consent instead), is refused with
    `400 validation-failed` at
    `/purposes/<index>`; naming nothing (no purpose and no `direct_marketing`) at
    `/purposes`; more than 64 purposes with `400 invalid-request`. Audited as
    `objection.recorded`, one entry per scope (reason `request`, or
    `request:direct_marketing` for the direct-marketing scope).

    Args:
        id (UUID):
        body (ObjectionRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AccessDeniedProblem | RoleNotAllowedProblem | GoneProblem | InternalProblem | InvalidRequestProblem | ValidationFailedProblem | NotFoundProblem | ObjectionRecorded | PayloadTooLargeProblem | TooManyRequestsProblem | UnauthorizedProblem | UnsupportedMediaTypeProblem
    """

    return (
        await asyncio_detailed(
            id=id,
            client=client,
            body=body,
        )
    ).parsed
