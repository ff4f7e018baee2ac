from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.internal_problem import InternalProblem
from ...models.role_not_allowed_problem import RoleNotAllowedProblem
from ...models.too_many_requests_problem import TooManyRequestsProblem
from ...models.unauthorized_problem import UnauthorizedProblem
from ...types import Response


def _get_kwargs() -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/ropa.csv",
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> InternalProblem | RoleNotAllowedProblem | TooManyRequestsProblem | UnauthorizedProblem | str | None:
    if response.status_code == 200:
        response_200 = response.text
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
) -> Response[InternalProblem | RoleNotAllowedProblem | TooManyRequestsProblem | UnauthorizedProblem | str]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
) -> Response[InternalProblem | RoleNotAllowedProblem | TooManyRequestsProblem | UnauthorizedProblem | str]:
    """Records of processing activities as CSV

     `GET /v1/ropa` as CSV (RFC 4180 quoting, UTF-8) for a spreadsheet or a regulator: a
    header row, then one row per purpose in policy order, with the columns `purpose`,
    `description`, `legal_basis`, `article`, `categories_of_data`, `event_types`,
    `categories_of_subjects`, `recipients` (each `client: name (kind, country)`),
    `retention_days`, `retention_from_year_end`, `transfers` (each
    `client: name (country), safeguard`) and `security_measures`. The items of a list
    cell are joined with `; `. A cell that a spreadsheet would run as a formula (starting
    with `=`, `+`, `-`, `@`) gets a leading `'`.

    **Who may call it:** roles `dpo` and `admin`. Not audited (no personal data).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[InternalProblem | RoleNotAllowedProblem | TooManyRequestsProblem | UnauthorizedProblem | str]
    """

    kwargs = _get_kwargs()

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
) -> InternalProblem | RoleNotAllowedProblem | TooManyRequestsProblem | UnauthorizedProblem | str | None:
    """Records of processing activities as CSV

     `GET /v1/ropa` as CSV (RFC 4180 quoting, UTF-8) for a spreadsheet or a regulator: a
    header row, then one row per purpose in policy order, with the columns `purpose`,
    `description`, `legal_basis`, `article`, `categories_of_data`, `event_types`,
    `categories_of_subjects`, `recipients` (each `client: name (kind, country)`),
    `retention_days`, `retention_from_year_end`, `transfers` (each
    `client: name (country), safeguard`) and `security_measures`. The items of a list
    cell are joined with `; `. A cell that a spreadsheet would run as a formula (starting
    with `=`, `+`, `-`, `@`) gets a leading `'`.

    **Who may call it:** roles `dpo` and `admin`. Not audited (no personal data).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        InternalProblem | RoleNotAllowedProblem | TooManyRequestsProblem | UnauthorizedProblem | str
    """

    return sync_detailed(
        client=client,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
) -> Response[InternalProblem | RoleNotAllowedProblem | TooManyRequestsProblem | UnauthorizedProblem | str]:
    """Records of processing activities as CSV

     `GET /v1/ropa` as CSV (RFC 4180 quoting, UTF-8) for a spreadsheet or a regulator: a
    header row, then one row per purpose in policy order, with the columns `purpose`,
    `description`, `legal_basis`, `article`, `categories_of_data`, `event_types`,
    `categories_of_subjects`, `recipients` (each `client: name (kind, country)`),
    `retention_days`, `retention_from_year_end`, `transfers` (each
    `client: name (country), safeguard`) and `security_measures`. The items of a list
    cell are joined with `; `. A cell that a spreadsheet would run as a formula (starting
    with `=`, `+`, `-`, `@`) gets a leading `'`.

    **Who may call it:** roles `dpo` and `admin`. Not audited (no personal data).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[InternalProblem | RoleNotAllowedProblem | TooManyRequestsProblem | UnauthorizedProblem | str]
    """

    kwargs = _get_kwargs()

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
) -> InternalProblem | RoleNotAllowedProblem | TooManyRequestsProblem | UnauthorizedProblem | str | None:
    """Records of processing activities as CSV

     `GET /v1/ropa` as CSV (RFC 4180 quoting, UTF-8) for a spreadsheet or a regulator: a
    header row, then one row per purpose in policy order, with the columns `purpose`,
    `description`, `legal_basis`, `article`, `categories_of_data`, `event_types`,
    `categories_of_subjects`, `recipients` (each `client: name (kind, country)`),
    `retention_days`, `retention_from_year_end`, `transfers` (each
    `client: name (country), safeguard`) and `security_measures`. The items of a list
    cell are joined with `; `. A cell that a spreadsheet would run as a formula (starting
    with `=`, `+`, `-`, `@`) gets a leading `'`.

    **Who may call it:** roles `dpo` and `admin`. Not audited (no personal data).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        InternalProblem | RoleNotAllowedProblem | TooManyRequestsProblem | UnauthorizedProblem | str
    """

    return (
        await asyncio_detailed(
            client=client,
        )
    ).parsed
