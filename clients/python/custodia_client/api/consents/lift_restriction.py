from http import HTTPStatus
from typing import Any
from urllib.parse import quote
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.conflict_problem import ConflictProblem
from ...models.gone_problem import GoneProblem
from ...models.internal_problem import InternalProblem
from ...models.invalid_request_problem import InvalidRequestProblem
from ...models.not_found_problem import NotFoundProblem
from ...models.restriction_state import RestrictionState
from ...models.role_not_allowed_problem import RoleNotAllowedProblem
from ...models.too_many_requests_problem import TooManyRequestsProblem
from ...models.unauthorized_problem import UnauthorizedProblem
from ...types import Response


def _get_kwargs(
    id: UUID,
) -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "delete",
        "url": "/v1/subjects/{id}/restriction".format(
            id=quote(str(id), safe=""),
        ),
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> (
    ConflictProblem
    | GoneProblem
    | InternalProblem
    | InvalidRequestProblem
    | NotFoundProblem
    | RestrictionState
    | RoleNotAllowedProblem
    | TooManyRequestsProblem
    | UnauthorizedProblem
    | None
):
    if response.status_code == 200:
        response_200 = RestrictionState.from_dict(response.json())

        return response_200

    if response.status_code == 400:
        response_400 = InvalidRequestProblem.from_dict(response.json())

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

    if response.status_code == 410:
        response_410 = GoneProblem.from_dict(response.json())

        return response_410

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
    | GoneProblem
    | InternalProblem
    | InvalidRequestProblem
    | NotFoundProblem
    | RestrictionState
    | RoleNotAllowedProblem
    | TooManyRequestsProblem
    | UnauthorizedProblem
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
) -> Response[
    ConflictProblem
    | GoneProblem
    | InternalProblem
    | InvalidRequestProblem
    | NotFoundProblem
    | RestrictionState
    | RoleNotAllowedProblem
    | TooManyRequestsProblem
    | UnauthorizedProblem
]:
    """Lift a restriction

     Lifts the restriction of processing; reads and event collection follow the policy
    again. Lifting when none is in force changes nothing. No request body. A restriction
    the vault set because a legal retention duty blocks an erasure (reason
    `erasure_blocked`, see `ErasureReceipt.blocked`) cannot be lifted: `409 conflict`
    until the duty ends and retention completes the erasure.

    **Who may call it:** roles `client`, `dpo` and `admin`.

    A change is audited as `restriction.lifted`.

    Args:
        id (UUID):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ConflictProblem | GoneProblem | InternalProblem | InvalidRequestProblem | NotFoundProblem | RestrictionState | RoleNotAllowedProblem | TooManyRequestsProblem | UnauthorizedProblem]
    """

    kwargs = _get_kwargs(
        id=id,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    id: UUID,
    *,
    client: AuthenticatedClient | Client,
) -> (
    ConflictProblem
    | GoneProblem
    | InternalProblem
    | InvalidRequestProblem
    | NotFoundProblem
    | RestrictionState
    | RoleNotAllowedProblem
    | TooManyRequestsProblem
    | UnauthorizedProblem
    | None
):
    """Lift a restriction

     Lifts the restriction of processing; reads and event collection follow the policy
    again. Lifting when none is in force changes nothing. No request body. A restriction
    the vault set because a legal retention duty blocks an erasure (reason
    `erasure_blocked`, see `ErasureReceipt.blocked`) cannot be lifted: `409 conflict`
    until the duty ends and retention completes the erasure.

    **Who may call it:** roles `client`, `dpo` and `admin`.

    A change is audited as `restriction.lifted`.

    Args:
        id (UUID):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ConflictProblem | GoneProblem | InternalProblem | InvalidRequestProblem | NotFoundProblem | RestrictionState | RoleNotAllowedProblem | TooManyRequestsProblem | UnauthorizedProblem
    """

    return sync_detailed(
        id=id,
        client=client,
    ).parsed


async def asyncio_detailed(
    id: UUID,
    *,
    client: AuthenticatedClient | Client,
) -> Response[
    ConflictProblem
    | GoneProblem
    | InternalProblem
    | InvalidRequestProblem
    | NotFoundProblem
    | RestrictionState
    | RoleNotAllowedProblem
    | TooManyRequestsProblem
    | UnauthorizedProblem
]:
    """Lift a restriction

     Lifts the restriction of processing; reads and event collection follow the policy
    again. Lifting when none is in force changes nothing. No request body. A restriction
    the vault set because a legal retention duty blocks an erasure (reason
    `erasure_blocked`, see `ErasureReceipt.blocked`) cannot be lifted: `409 conflict`
    until the duty ends and retention completes the erasure.

    **Who may call it:** roles `client`, `dpo` and `admin`.

    A change is audited as `restriction.lifted`.

    Args:
        id (UUID):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ConflictProblem | GoneProblem | InternalProblem | InvalidRequestProblem | NotFoundProblem | RestrictionState | RoleNotAllowedProblem | TooManyRequestsProblem | UnauthorizedProblem]
    """

    kwargs = _get_kwargs(
        id=id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    id: UUID,
    *,
    client: AuthenticatedClient | Client,
) -> (
    ConflictProblem
    | GoneProblem
    | InternalProblem
    | InvalidRequestProblem
    | NotFoundProblem
    | RestrictionState
    | RoleNotAllowedProblem
    | TooManyRequestsProblem
    | UnauthorizedProblem
    | None
):
    """Lift a restriction

     Lifts the restriction of processing; reads and event collection follow the policy
    again. Lifting when none is in force changes nothing. No request body. A restriction
    the vault set because a legal retention duty blocks an erasure (reason
    `erasure_blocked`, see `ErasureReceipt.blocked`) cannot be lifted: `409 conflict`
    until the duty ends and retention completes the erasure.

    **Who may call it:** roles `client`, `dpo` and `admin`.

    A change is audited as `restriction.lifted`.

    Args:
        id (UUID):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ConflictProblem | GoneProblem | InternalProblem | InvalidRequestProblem | NotFoundProblem | RestrictionState | RoleNotAllowedProblem | TooManyRequestsProblem | UnauthorizedProblem
    """

    return (
        await asyncio_detailed(
            id=id,
            client=client,
        )
    ).parsed
