from http import HTTPStatus
from typing import Any
from urllib.parse import quote
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.conflict_problem import ConflictProblem
from ...models.dsr_reason_body import DsrReasonBody
from ...models.dsr_with_history import DsrWithHistory
from ...models.internal_problem import InternalProblem
from ...models.invalid_request_problem import InvalidRequestProblem
from ...models.not_found_problem import NotFoundProblem
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
    body: DsrReasonBody,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/dsr/{id}/reject".format(
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
    ConflictProblem
    | DsrWithHistory
    | InternalProblem
    | InvalidRequestProblem
    | ValidationFailedProblem
    | NotFoundProblem
    | PayloadTooLargeProblem
    | RoleNotAllowedProblem
    | TooManyRequestsProblem
    | UnauthorizedProblem
    | UnsupportedMediaTypeProblem
    | None
):
    if response.status_code == 200:
        response_200 = DsrWithHistory.from_dict(response.json())

        return response_200

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
        response_403 = RoleNotAllowedProblem.from_dict(response.json())

        return response_403

    if response.status_code == 404:
        response_404 = NotFoundProblem.from_dict(response.json())

        return response_404

    if response.status_code == 409:
        response_409 = ConflictProblem.from_dict(response.json())

        return response_409

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
    ConflictProblem
    | DsrWithHistory
    | InternalProblem
    | InvalidRequestProblem
    | ValidationFailedProblem
    | NotFoundProblem
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
    id: UUID,
    *,
    client: AuthenticatedClient | Client,
    body: DsrReasonBody,
) -> Response[
    ConflictProblem
    | DsrWithHistory
    | InternalProblem
    | InvalidRequestProblem
    | ValidationFailedProblem
    | NotFoundProblem
    | PayloadTooLargeProblem
    | RoleNotAllowedProblem
    | TooManyRequestsProblem
    | UnauthorizedProblem
    | UnsupportedMediaTypeProblem
]:
    """Reject a request

     Moves an open request (`received` or `verified`) to `rejected` and closes it, e.g. when
    the requester's identity could not be verified or the request is manifestly
    unfounded or excessive (Art. 12(4)-(5)).

    **Who may call it:** roles `dpo` and `admin`.

    A `reason` is required (see `DsrReason`), kept as `outcome_reason`. Refused with
    `409 conflict` when the request is closed or was changed by another call meanwhile.
    Every attempt is audited (`dsr.reject`; refusals with their reason: `closed`,
    `not_found`, `concurrent_change`).

    Args:
        id (UUID):
        body (DsrReasonBody):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ConflictProblem | DsrWithHistory | InternalProblem | InvalidRequestProblem | ValidationFailedProblem | NotFoundProblem | PayloadTooLargeProblem | RoleNotAllowedProblem | TooManyRequestsProblem | UnauthorizedProblem | UnsupportedMediaTypeProblem]
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
    body: DsrReasonBody,
) -> (
    ConflictProblem
    | DsrWithHistory
    | InternalProblem
    | InvalidRequestProblem
    | ValidationFailedProblem
    | NotFoundProblem
    | PayloadTooLargeProblem
    | RoleNotAllowedProblem
    | TooManyRequestsProblem
    | UnauthorizedProblem
    | UnsupportedMediaTypeProblem
    | None
):
    """Reject a request

     Moves an open request (`received` or `verified`) to `rejected` and closes it, e.g. when
    the requester's identity could not be verified or the request is manifestly
    unfounded or excessive (Art. 12(4)-(5)).

    **Who may call it:** roles `dpo` and `admin`.

    A `reason` is required (see `DsrReason`), kept as `outcome_reason`. Refused with
    `409 conflict` when the request is closed or was changed by another call meanwhile.
    Every attempt is audited (`dsr.reject`; refusals with their reason: `closed`,
    `not_found`, `concurrent_change`).

    Args:
        id (UUID):
        body (DsrReasonBody):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ConflictProblem | DsrWithHistory | InternalProblem | InvalidRequestProblem | ValidationFailedProblem | NotFoundProblem | PayloadTooLargeProblem | RoleNotAllowedProblem | TooManyRequestsProblem | UnauthorizedProblem | UnsupportedMediaTypeProblem
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
    body: DsrReasonBody,
) -> Response[
    ConflictProblem
    | DsrWithHistory
    | InternalProblem
    | InvalidRequestProblem
    | ValidationFailedProblem
    | NotFoundProblem
    | PayloadTooLargeProblem
    | RoleNotAllowedProblem
    | TooManyRequestsProblem
    | UnauthorizedProblem
    | UnsupportedMediaTypeProblem
]:
    """Reject a request

     Moves an open request (`received` or `verified`) to `rejected` and closes it, e.g. when
    the requester's identity could not be verified or the request is manifestly
    unfounded or excessive (Art. 12(4)-(5)).

    **Who may call it:** roles `dpo` and `admin`.

    A `reason` is required (see `DsrReason`), kept as `outcome_reason`. Refused with
    `409 conflict` when the request is closed or was changed by another call meanwhile.
    Every attempt is audited (`dsr.reject`; refusals with their reason: `closed`,
    `not_found`, `concurrent_change`).

    Args:
        id (UUID):
        body (DsrReasonBody):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ConflictProblem | DsrWithHistory | InternalProblem | InvalidRequestProblem | ValidationFailedProblem | NotFoundProblem | PayloadTooLargeProblem | RoleNotAllowedProblem | TooManyRequestsProblem | UnauthorizedProblem | UnsupportedMediaTypeProblem]
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
    body: DsrReasonBody,
) -> (
    ConflictProblem
    | DsrWithHistory
    | InternalProblem
    | InvalidRequestProblem
    | ValidationFailedProblem
    | NotFoundProblem
    | PayloadTooLargeProblem
    | RoleNotAllowedProblem
    | TooManyRequestsProblem
    | UnauthorizedProblem
    | UnsupportedMediaTypeProblem
    | None
):
    """Reject a request

     Moves an open request (`received` or `verified`) to `rejected` and closes it, e.g. when
    the requester's identity could not be verified or the request is manifestly
    unfounded or excessive (Art. 12(4)-(5)).

    **Who may call it:** roles `dpo` and `admin`.

    A `reason` is required (see `DsrReason`), kept as `outcome_reason`. Refused with
    `409 conflict` when the request is closed or was changed by another call meanwhile.
    Every attempt is audited (`dsr.reject`; refusals with their reason: `closed`,
    `not_found`, `concurrent_change`).

    Args:
        id (UUID):
        body (DsrReasonBody):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ConflictProblem | DsrWithHistory | InternalProblem | InvalidRequestProblem | ValidationFailedProblem | NotFoundProblem | PayloadTooLargeProblem | RoleNotAllowedProblem | TooManyRequestsProblem | UnauthorizedProblem | UnsupportedMediaTypeProblem
    """

    return (
        await asyncio_detailed(
            id=id,
            client=client,
            body=body,
        )
    ).parsed
