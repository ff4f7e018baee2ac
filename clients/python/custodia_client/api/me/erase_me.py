from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.erasure_receipt import ErasureReceipt
from ...models.gone_problem import GoneProblem
from ...models.internal_problem import InternalProblem
from ...models.not_found_problem import NotFoundProblem
from ...models.role_not_allowed_problem import RoleNotAllowedProblem
from ...models.too_many_requests_problem import TooManyRequestsProblem
from ...models.unauthorized_problem import UnauthorizedProblem
from ...types import Response


def _get_kwargs() -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "delete",
        "url": "/v1/me",
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> (
    ErasureReceipt
    | GoneProblem
    | InternalProblem
    | NotFoundProblem
    | RoleNotAllowedProblem
    | TooManyRequestsProblem
    | UnauthorizedProblem
    | None
):
    if response.status_code == 200:
        response_200 = ErasureReceipt.from_dict(response.json())

        return response_200

    if response.status_code == 401:
        response_401 = UnauthorizedProblem.from_dict(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = RoleNotAllowedProblem.from_dict(response.json())

        return response_403

    if response.status_code == 404:
        response_404 = NotFoundProblem.from_dict(response.json())

        return response_404

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
    ErasureReceipt
    | GoneProblem
    | InternalProblem
    | NotFoundProblem
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
    *,
    client: AuthenticatedClient | Client,
) -> Response[
    ErasureReceipt
    | GoneProblem
    | InternalProblem
    | NotFoundProblem
    | RoleNotAllowedProblem
    | TooManyRequestsProblem
    | UnauthorizedProblem
]:
    """Erase me

     `DELETE /v1/subjects/{id}` on the token's own subject (Art. 17): the same erasure,
    receipt and audit entry (`subject.erase`). Afterwards the token's routes answer
    `410 gone`.

    **Who may call it:** role `subject`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErasureReceipt | GoneProblem | InternalProblem | NotFoundProblem | RoleNotAllowedProblem | TooManyRequestsProblem | UnauthorizedProblem]
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
    ErasureReceipt
    | GoneProblem
    | InternalProblem
    | NotFoundProblem
    | RoleNotAllowedProblem
    | TooManyRequestsProblem
    | UnauthorizedProblem
    | None
):
    """Erase me

     `DELETE /v1/subjects/{id}` on the token's own subject (Art. 17): the same erasure,
    receipt and audit entry (`subject.erase`). Afterwards the token's routes answer
    `410 gone`.

    **Who may call it:** role `subject`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErasureReceipt | GoneProblem | InternalProblem | NotFoundProblem | RoleNotAllowedProblem | TooManyRequestsProblem | UnauthorizedProblem
    """

    return sync_detailed(
        client=client,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
) -> Response[
    ErasureReceipt
    | GoneProblem
    | InternalProblem
    | NotFoundProblem
    | RoleNotAllowedProblem
    | TooManyRequestsProblem
    | UnauthorizedProblem
]:
    """Erase me

     `DELETE /v1/subjects/{id}` on the token's own subject (Art. 17): the same erasure,
    receipt and audit entry (`subject.erase`). Afterwards the token's routes answer
    `410 gone`.

    **Who may call it:** role `subject`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErasureReceipt | GoneProblem | InternalProblem | NotFoundProblem | RoleNotAllowedProblem | TooManyRequestsProblem | UnauthorizedProblem]
    """

    kwargs = _get_kwargs()

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
) -> (
    ErasureReceipt
    | GoneProblem
    | InternalProblem
    | NotFoundProblem
    | RoleNotAllowedProblem
    | TooManyRequestsProblem
    | UnauthorizedProblem
    | None
):
    """Erase me

     `DELETE /v1/subjects/{id}` on the token's own subject (Art. 17): the same erasure,
    receipt and audit entry (`subject.erase`). Afterwards the token's routes answer
    `410 gone`.

    **Who may call it:** role `subject`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErasureReceipt | GoneProblem | InternalProblem | NotFoundProblem | RoleNotAllowedProblem | TooManyRequestsProblem | UnauthorizedProblem
    """

    return (
        await asyncio_detailed(
            client=client,
        )
    ).parsed
