from http import HTTPStatus
from typing import Any
from urllib.parse import quote
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.gone_problem import GoneProblem
from ...models.internal_problem import InternalProblem
from ...models.invalid_request_problem import InvalidRequestProblem
from ...models.not_found_problem import NotFoundProblem
from ...models.role_not_allowed_problem import RoleNotAllowedProblem
from ...models.subject_export import SubjectExport
from ...models.too_many_requests_problem import TooManyRequestsProblem
from ...models.unauthorized_problem import UnauthorizedProblem
from ...types import Response


def _get_kwargs(
    id: UUID,
) -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/subjects/{id}/export".format(
            id=quote(str(id), safe=""),
        ),
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> (
    GoneProblem
    | InternalProblem
    | InvalidRequestProblem
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
    | InvalidRequestProblem
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
    id: UUID,
    *,
    client: AuthenticatedClient | Client,
) -> Response[
    GoneProblem
    | InternalProblem
    | InvalidRequestProblem
    | NotFoundProblem
    | RoleNotAllowedProblem
    | SubjectExport
    | TooManyRequestsProblem
    | UnauthorizedProblem
]:
    """Export everything held on a subject

     Everything the vault holds on the subject, machine-readable (GDPR Art. 15 access and
    Art. 20 portability): every personal field and identifier in full (no reduced views),
    the whole consent ledger, objections, the restriction history, every behavioural
    event (oldest first), and the Art. 15(1) information: the purposes of the policy with
    their legal basis, fields, data categories, event types and retention, the clients
    that were actually given data (from the audit log: allowed reads by role `client`),
    and the channels the data came in through.

    **Who may call it:** roles `dpo` and `admin`. The customer gets the same document
    from `GET /v1/me/export`.

    The document is streamed page by page (`Transfer-Encoding: chunked`, no
    `Content-Length`), so a subject with hundreds of thousands of events exports in
    bounded memory; `events` is the last key. With `Accept: text/csv` the same data comes
    as CSV tables, one per part of a `multipart/mixed` answer, for a spreadsheet. Errors before the
    first byte are problems as
    usual; if reading events fails mid-stream, the connection is closed and the document
    is cut short (invalid JSON): treat a document that does not parse as a failed export.
    Audited as `subject.export` with the names of the personal fields exported. Not a read
    for a purpose: no `X-Purpose`.

    Args:
        id (UUID):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[GoneProblem | InternalProblem | InvalidRequestProblem | NotFoundProblem | RoleNotAllowedProblem | SubjectExport | TooManyRequestsProblem | UnauthorizedProblem]
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
    GoneProblem
    | InternalProblem
    | InvalidRequestProblem
    | NotFoundProblem
    | RoleNotAllowedProblem
    | SubjectExport
    | TooManyRequestsProblem
    | UnauthorizedProblem
    | None
):
    """Export everything held on a subject

     Everything the vault holds on the subject, machine-readable (GDPR Art. 15 access and
    Art. 20 portability): every personal field and identifier in full (no reduced views),
    the whole consent ledger, objections, the restriction history, every behavioural
    event (oldest first), and the Art. 15(1) information: the purposes of the policy with
    their legal basis, fields, data categories, event types and retention, the clients
    that were actually given data (from the audit log: allowed reads by role `client`),
    and the channels the data came in through.

    **Who may call it:** roles `dpo` and `admin`. The customer gets the same document
    from `GET /v1/me/export`.

    The document is streamed page by page (`Transfer-Encoding: chunked`, no
    `Content-Length`), so a subject with hundreds of thousands of events exports in
    bounded memory; `events` is the last key. With `Accept: text/csv` the same data comes
    as CSV tables, one per part of a `multipart/mixed` answer, for a spreadsheet. Errors before the
    first byte are problems as
    usual; if reading events fails mid-stream, the connection is closed and the document
    is cut short (invalid JSON): treat a document that does not parse as a failed export.
    Audited as `subject.export` with the names of the personal fields exported. Not a read
    for a purpose: no `X-Purpose`.

    Args:
        id (UUID):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        GoneProblem | InternalProblem | InvalidRequestProblem | NotFoundProblem | RoleNotAllowedProblem | SubjectExport | TooManyRequestsProblem | UnauthorizedProblem
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
    GoneProblem
    | InternalProblem
    | InvalidRequestProblem
    | NotFoundProblem
    | RoleNotAllowedProblem
    | SubjectExport
    | TooManyRequestsProblem
    | UnauthorizedProblem
]:
    """Export everything held on a subject

     Everything the vault holds on the subject, machine-readable (GDPR Art. 15 access and
    Art. 20 portability): every personal field and identifier in full (no reduced views),
    the whole consent ledger, objections, the restriction history, every behavioural
    event (oldest first), and the Art. 15(1) information: the purposes of the policy with
    their legal basis, fields, data categories, event types and retention, the clients
    that were actually given data (from the audit log: allowed reads by role `client`),
    and the channels the data came in through.

    **Who may call it:** roles `dpo` and `admin`. The customer gets the same document
    from `GET /v1/me/export`.

    The document is streamed page by page (`Transfer-Encoding: chunked`, no
    `Content-Length`), so a subject with hundreds of thousands of events exports in
    bounded memory; `events` is the last key. With `Accept: text/csv` the same data comes
    as CSV tables, one per part of a `multipart/mixed` answer, for a spreadsheet. Errors before the
    first byte are problems as
    usual; if reading events fails mid-stream, the connection is closed and the document
    is cut short (invalid JSON): treat a document that does not parse as a failed export.
    Audited as `subject.export` with the names of the personal fields exported. Not a read
    for a purpose: no `X-Purpose`.

    Args:
        id (UUID):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[GoneProblem | InternalProblem | InvalidRequestProblem | NotFoundProblem | RoleNotAllowedProblem | SubjectExport | TooManyRequestsProblem | UnauthorizedProblem]
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
    GoneProblem
    | InternalProblem
    | InvalidRequestProblem
    | NotFoundProblem
    | RoleNotAllowedProblem
    | SubjectExport
    | TooManyRequestsProblem
    | UnauthorizedProblem
    | None
):
    """Export everything held on a subject

     Everything the vault holds on the subject, machine-readable (GDPR Art. 15 access and
    Art. 20 portability): every personal field and identifier in full (no reduced views),
    the whole consent ledger, objections, the restriction history, every behavioural
    event (oldest first), and the Art. 15(1) information: the purposes of the policy with
    their legal basis, fields, data categories, event types and retention, the clients
    that were actually given data (from the audit log: allowed reads by role `client`),
    and the channels the data came in through.

    **Who may call it:** roles `dpo` and `admin`. The customer gets the same document
    from `GET /v1/me/export`.

    The document is streamed page by page (`Transfer-Encoding: chunked`, no
    `Content-Length`), so a subject with hundreds of thousands of events exports in
    bounded memory; `events` is the last key. With `Accept: text/csv` the same data comes
    as CSV tables, one per part of a `multipart/mixed` answer, for a spreadsheet. Errors before the
    first byte are problems as
    usual; if reading events fails mid-stream, the connection is closed and the document
    is cut short (invalid JSON): treat a document that does not parse as a failed export.
    Audited as `subject.export` with the names of the personal fields exported. Not a read
    for a purpose: no `X-Purpose`.

    Args:
        id (UUID):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        GoneProblem | InternalProblem | InvalidRequestProblem | NotFoundProblem | RoleNotAllowedProblem | SubjectExport | TooManyRequestsProblem | UnauthorizedProblem
    """

    return (
        await asyncio_detailed(
            id=id,
            client=client,
        )
    ).parsed
