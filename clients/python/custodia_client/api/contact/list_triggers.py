from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.internal_problem import InternalProblem
from ...models.list_triggers_response_200 import ListTriggersResponse200
from ...models.role_not_allowed_problem import RoleNotAllowedProblem
from ...models.too_many_requests_problem import TooManyRequestsProblem
from ...models.unauthorized_problem import UnauthorizedProblem
from ...types import Response


def _get_kwargs() -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/triggers",
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> (
    InternalProblem
    | ListTriggersResponse200
    | RoleNotAllowedProblem
    | TooManyRequestsProblem
    | UnauthorizedProblem
    | None
):
    if response.status_code == 200:
        response_200 = ListTriggersResponse200.from_dict(response.json())

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
) -> Response[
    InternalProblem | ListTriggersResponse200 | RoleNotAllowedProblem | TooManyRequestsProblem | UnauthorizedProblem
]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
) -> Response[
    InternalProblem | ListTriggersResponse200 | RoleNotAllowedProblem | TooManyRequestsProblem | UnauthorizedProblem
]:
    """Marketing automation rules

     The rules of `policies/triggers.toml` (issue 12): what starts each (`after`, optionally
    of one product `category`), what cancels it (`unless`), how long it waits
    (`within_hours`), the purpose, channel and client it serves, and whether the server
    runs it (`enabled`). A rule's candidates pass the contact decision as its client
    (`POST /v1/contact-decisions`, with `record_send`), and only an `allow` queues a signed
    webhook to the client (action `trigger`, the rule's name in `trigger`).

    **Who may call it:** roles `client` (the rules of the purposes it is registered for),
    `dpo` and `admin` (all).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[InternalProblem | ListTriggersResponse200 | RoleNotAllowedProblem | TooManyRequestsProblem | UnauthorizedProblem]
    """

    kwargs = _get_kwargs()

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
) -> (
    InternalProblem
    | ListTriggersResponse200
    | RoleNotAllowedProblem
    | TooManyRequestsProblem
    | UnauthorizedProblem
    | None
):
    """Marketing automation rules

     The rules of `policies/triggers.toml` (issue 12): what starts each (`after`, optionally
    of one product `category`), what cancels it (`unless`), how long it waits
    (`within_hours`), the purpose, channel and client it serves, and whether the server
    runs it (`enabled`). A rule's candidates pass the contact decision as its client
    (`POST /v1/contact-decisions`, with `record_send`), and only an `allow` queues a signed
    webhook to the client (action `trigger`, the rule's name in `trigger`).

    **Who may call it:** roles `client` (the rules of the purposes it is registered for),
    `dpo` and `admin` (all).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        InternalProblem | ListTriggersResponse200 | RoleNotAllowedProblem | TooManyRequestsProblem | UnauthorizedProblem
    """

    return sync_detailed(
        client=client,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
) -> Response[
    InternalProblem | ListTriggersResponse200 | RoleNotAllowedProblem | TooManyRequestsProblem | UnauthorizedProblem
]:
    """Marketing automation rules

     The rules of `policies/triggers.toml` (issue 12): what starts each (`after`, optionally
    of one product `category`), what cancels it (`unless`), how long it waits
    (`within_hours`), the purpose, channel and client it serves, and whether the server
    runs it (`enabled`). A rule's candidates pass the contact decision as its client
    (`POST /v1/contact-decisions`, with `record_send`), and only an `allow` queues a signed
    webhook to the client (action `trigger`, the rule's name in `trigger`).

    **Who may call it:** roles `client` (the rules of the purposes it is registered for),
    `dpo` and `admin` (all).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[InternalProblem | ListTriggersResponse200 | RoleNotAllowedProblem | TooManyRequestsProblem | UnauthorizedProblem]
    """

    kwargs = _get_kwargs()

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
) -> (
    InternalProblem
    | ListTriggersResponse200
    | RoleNotAllowedProblem
    | TooManyRequestsProblem
    | UnauthorizedProblem
    | None
):
    """Marketing automation rules

     The rules of `policies/triggers.toml` (issue 12): what starts each (`after`, optionally
    of one product `category`), what cancels it (`unless`), how long it waits
    (`within_hours`), the purpose, channel and client it serves, and whether the server
    runs it (`enabled`). A rule's candidates pass the contact decision as its client
    (`POST /v1/contact-decisions`, with `record_send`), and only an `allow` queues a signed
    webhook to the client (action `trigger`, the rule's name in `trigger`).

    **Who may call it:** roles `client` (the rules of the purposes it is registered for),
    `dpo` and `admin` (all).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        InternalProblem | ListTriggersResponse200 | RoleNotAllowedProblem | TooManyRequestsProblem | UnauthorizedProblem
    """

    return (
        await asyncio_detailed(
            client=client,
        )
    ).parsed
