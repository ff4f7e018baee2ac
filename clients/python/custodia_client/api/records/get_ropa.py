from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.internal_problem import InternalProblem
from ...models.role_not_allowed_problem import RoleNotAllowedProblem
from ...models.ropa import Ropa
from ...models.too_many_requests_problem import TooManyRequestsProblem
from ...models.unauthorized_problem import UnauthorizedProblem
from ...types import Response


def _get_kwargs() -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/ropa",
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> InternalProblem | RoleNotAllowedProblem | Ropa | TooManyRequestsProblem | UnauthorizedProblem | None:
    if response.status_code == 200:
        response_200 = Ropa.from_dict(response.json())

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
) -> Response[InternalProblem | RoleNotAllowedProblem | Ropa | TooManyRequestsProblem | UnauthorizedProblem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
) -> Response[InternalProblem | RoleNotAllowedProblem | Ropa | TooManyRequestsProblem | UnauthorizedProblem]:
    """Records of processing activities (Art. 30)

     The records of processing activities, generated from the policy (`policies/`) as the
    server loaded it: the controller (`controller.toml`; `null` without one) and one
    activity per purpose of `purposes.toml`, in file order, with its legal basis and
    article, the data categories of its fields (`categories.toml`, fideslang names) and
    `user.behavior` when it sees behavioural events (listed in `event_types`), the
    categories of data subjects, the recipients (the clients of `clients.toml` registered
    for it), the retention period, transfers outside the EEA with their safeguard, and the
    security measures the vault takes. The same records are `GET /v1/ropa.csv` and
    `custodia ropa` on the command line.

    **Who may call it:** roles `dpo` and `admin`. It holds no personal data, so reading
    it is not written to the audit log.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[InternalProblem | RoleNotAllowedProblem | Ropa | TooManyRequestsProblem | UnauthorizedProblem]
    """

    kwargs = _get_kwargs()

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
) -> InternalProblem | RoleNotAllowedProblem | Ropa | TooManyRequestsProblem | UnauthorizedProblem | None:
    """Records of processing activities (Art. 30)

     The records of processing activities, generated from the policy (`policies/`) as the
    server loaded it: the controller (`controller.toml`; `null` without one) and one
    activity per purpose of `purposes.toml`, in file order, with its legal basis and
    article, the data categories of its fields (`categories.toml`, fideslang names) and
    `user.behavior` when it sees behavioural events (listed in `event_types`), the
    categories of data subjects, the recipients (the clients of `clients.toml` registered
    for it), the retention period, transfers outside the EEA with their safeguard, and the
    security measures the vault takes. The same records are `GET /v1/ropa.csv` and
    `custodia ropa` on the command line.

    **Who may call it:** roles `dpo` and `admin`. It holds no personal data, so reading
    it is not written to the audit log.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        InternalProblem | RoleNotAllowedProblem | Ropa | TooManyRequestsProblem | UnauthorizedProblem
    """

    return sync_detailed(
        client=client,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
) -> Response[InternalProblem | RoleNotAllowedProblem | Ropa | TooManyRequestsProblem | UnauthorizedProblem]:
    """Records of processing activities (Art. 30)

     The records of processing activities, generated from the policy (`policies/`) as the
    server loaded it: the controller (`controller.toml`; `null` without one) and one
    activity per purpose of `purposes.toml`, in file order, with its legal basis and
    article, the data categories of its fields (`categories.toml`, fideslang names) and
    `user.behavior` when it sees behavioural events (listed in `event_types`), the
    categories of data subjects, the recipients (the clients of `clients.toml` registered
    for it), the retention period, transfers outside the EEA with their safeguard, and the
    security measures the vault takes. The same records are `GET /v1/ropa.csv` and
    `custodia ropa` on the command line.

    **Who may call it:** roles `dpo` and `admin`. It holds no personal data, so reading
    it is not written to the audit log.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[InternalProblem | RoleNotAllowedProblem | Ropa | TooManyRequestsProblem | UnauthorizedProblem]
    """

    kwargs = _get_kwargs()

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
) -> InternalProblem | RoleNotAllowedProblem | Ropa | TooManyRequestsProblem | UnauthorizedProblem | None:
    """Records of processing activities (Art. 30)

     The records of processing activities, generated from the policy (`policies/`) as the
    server loaded it: the controller (`controller.toml`; `null` without one) and one
    activity per purpose of `purposes.toml`, in file order, with its legal basis and
    article, the data categories of its fields (`categories.toml`, fideslang names) and
    `user.behavior` when it sees behavioural events (listed in `event_types`), the
    categories of data subjects, the recipients (the clients of `clients.toml` registered
    for it), the retention period, transfers outside the EEA with their safeguard, and the
    security measures the vault takes. The same records are `GET /v1/ropa.csv` and
    `custodia ropa` on the command line.

    **Who may call it:** roles `dpo` and `admin`. It holds no personal data, so reading
    it is not written to the audit log.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        InternalProblem | RoleNotAllowedProblem | Ropa | TooManyRequestsProblem | UnauthorizedProblem
    """

    return (
        await asyncio_detailed(
            client=client,
        )
    ).parsed
