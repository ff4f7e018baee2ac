from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.internal_problem import InternalProblem
from ...models.role_not_allowed_problem import RoleNotAllowedProblem
from ...models.too_many_requests_problem import TooManyRequestsProblem
from ...models.unauthorized_problem import UnauthorizedProblem
from ...models.verification import Verification
from ...types import Response


def _get_kwargs() -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/audit/verify",
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> InternalProblem | RoleNotAllowedProblem | TooManyRequestsProblem | UnauthorizedProblem | Verification | None:
    if response.status_code == 200:
        response_200 = Verification.from_dict(response.json())

        return response_200

    if response.status_code == 401:
        response_401 = UnauthorizedProblem.from_dict(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = RoleNotAllowedProblem.from_dict(response.json())

        return response_403

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
) -> Response[InternalProblem | RoleNotAllowedProblem | TooManyRequestsProblem | UnauthorizedProblem | Verification]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
) -> Response[InternalProblem | RoleNotAllowedProblem | TooManyRequestsProblem | UnauthorizedProblem | Verification]:
    """Verify the audit chain

     Recomputes the whole hash chain (`hash = SHA-256(prev_hash ‖ canonical entry)`) and
    names the first entry that does not fit it (changed, missing or added). A broken chain
    is still a `200` answer, with `valid: false`.

    **Who may call it:** role `dpo`. The same check is `custodia audit verify` on the
    command line.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[InternalProblem | RoleNotAllowedProblem | TooManyRequestsProblem | UnauthorizedProblem | Verification]
    """

    kwargs = _get_kwargs()

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
) -> InternalProblem | RoleNotAllowedProblem | TooManyRequestsProblem | UnauthorizedProblem | Verification | None:
    """Verify the audit chain

     Recomputes the whole hash chain (`hash = SHA-256(prev_hash ‖ canonical entry)`) and
    names the first entry that does not fit it (changed, missing or added). A broken chain
    is still a `200` answer, with `valid: false`.

    **Who may call it:** role `dpo`. The same check is `custodia audit verify` on the
    command line.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        InternalProblem | RoleNotAllowedProblem | TooManyRequestsProblem | UnauthorizedProblem | Verification
    """

    return sync_detailed(
        client=client,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
) -> Response[InternalProblem | RoleNotAllowedProblem | TooManyRequestsProblem | UnauthorizedProblem | Verification]:
    """Verify the audit chain

     Recomputes the whole hash chain (`hash = SHA-256(prev_hash ‖ canonical entry)`) and
    names the first entry that does not fit it (changed, missing or added). A broken chain
    is still a `200` answer, with `valid: false`.

    **Who may call it:** role `dpo`. The same check is `custodia audit verify` on the
    command line.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[InternalProblem | RoleNotAllowedProblem | TooManyRequestsProblem | UnauthorizedProblem | Verification]
    """

    kwargs = _get_kwargs()

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
) -> InternalProblem | RoleNotAllowedProblem | TooManyRequestsProblem | UnauthorizedProblem | Verification | None:
    """Verify the audit chain

     Recomputes the whole hash chain (`hash = SHA-256(prev_hash ‖ canonical entry)`) and
    names the first entry that does not fit it (changed, missing or added). A broken chain
    is still a `200` answer, with `valid: false`.

    **Who may call it:** role `dpo`. The same check is `custodia audit verify` on the
    command line.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        InternalProblem | RoleNotAllowedProblem | TooManyRequestsProblem | UnauthorizedProblem | Verification
    """

    return (
        await asyncio_detailed(
            client=client,
        )
    ).parsed
