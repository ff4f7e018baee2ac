from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.gone_problem import GoneProblem
from ...models.internal_problem import InternalProblem
from ...models.not_found_problem import NotFoundProblem
from ...models.role_not_allowed_problem import RoleNotAllowedProblem
from ...models.subject_export import SubjectExport
from ...models.too_many_requests_problem import TooManyRequestsProblem
from ...models.unauthorized_problem import UnauthorizedProblem
from ...types import Response


def _get_kwargs() -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/me/export",
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> (
    GoneProblem
    | InternalProblem
    | NotFoundProblem
    | RoleNotAllowedProblem
    | SubjectExport
    | TooManyRequestsProblem
    | UnauthorizedProblem
    | None
):
    if response.status_code == 200:
        response_200 = SubjectExport.from_dict(response.json())

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
    GoneProblem
    | InternalProblem
    | NotFoundProblem
    | RoleNotAllowedProblem
    | SubjectExport
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
    GoneProblem
    | InternalProblem
    | NotFoundProblem
    | RoleNotAllowedProblem
    | SubjectExport
    | TooManyRequestsProblem
    | UnauthorizedProblem
]:
    """Export everything held on me

     `GET /v1/subjects/{id}/export` on the token's own subject (Art. 15, 20): the same
    streamed document (or CSV tables with `Accept: text/csv`) and audit entry
    (`subject.export`).

    **Who may call it:** role `subject`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[GoneProblem | InternalProblem | NotFoundProblem | RoleNotAllowedProblem | SubjectExport | TooManyRequestsProblem | UnauthorizedProblem]
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
    GoneProblem
    | InternalProblem
    | NotFoundProblem
    | RoleNotAllowedProblem
    | SubjectExport
    | TooManyRequestsProblem
    | UnauthorizedProblem
    | None
):
    """Export everything held on me

     `GET /v1/subjects/{id}/export` on the token's own subject (Art. 15, 20): the same
    streamed document (or CSV tables with `Accept: text/csv`) and audit entry
    (`subject.export`).

    **Who may call it:** role `subject`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        GoneProblem | InternalProblem | NotFoundProblem | RoleNotAllowedProblem | SubjectExport | TooManyRequestsProblem | UnauthorizedProblem
    """

    return sync_detailed(
        client=client,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
) -> Response[
    GoneProblem
    | InternalProblem
    | NotFoundProblem
    | RoleNotAllowedProblem
    | SubjectExport
    | TooManyRequestsProblem
    | UnauthorizedProblem
]:
    """Export everything held on me

     `GET /v1/subjects/{id}/export` on the token's own subject (Art. 15, 20): the same
    streamed document (or CSV tables with `Accept: text/csv`) and audit entry
    (`subject.export`).

    **Who may call it:** role `subject`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[GoneProblem | InternalProblem | NotFoundProblem | RoleNotAllowedProblem | SubjectExport | TooManyRequestsProblem | UnauthorizedProblem]
    """

    kwargs = _get_kwargs()

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
) -> (
    GoneProblem
    | InternalProblem
    | NotFoundProblem
    | RoleNotAllowedProblem
    | SubjectExport
    | TooManyRequestsProblem
    | UnauthorizedProblem
    | None
):
    """Export everything held on me

     `GET /v1/subjects/{id}/export` on the token's own subject (Art. 15, 20): the same
    streamed document (or CSV tables with `Accept: text/csv`) and audit entry
    (`subject.export`).

    **Who may call it:** role `subject`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        GoneProblem | InternalProblem | NotFoundProblem | RoleNotAllowedProblem | SubjectExport | TooManyRequestsProblem | UnauthorizedProblem
    """

    return (
        await asyncio_detailed(
            client=client,
        )
    ).parsed
