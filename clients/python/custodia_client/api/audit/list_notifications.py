from http import HTTPStatus
from typing import Any
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.internal_problem import InternalProblem
from ...models.invalid_request_problem import InvalidRequestProblem
from ...models.list_notifications_response_200 import ListNotificationsResponse200
from ...models.list_notifications_status import ListNotificationsStatus
from ...models.role_not_allowed_problem import RoleNotAllowedProblem
from ...models.too_many_requests_problem import TooManyRequestsProblem
from ...models.unauthorized_problem import UnauthorizedProblem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    status: ListNotificationsStatus | Unset = UNSET,
    subject: UUID | Unset = UNSET,
    client_query: str | Unset = UNSET,
    limit: int | Unset = 100,
    after: UUID | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_status: str | Unset = UNSET
    if not isinstance(status, Unset):
        json_status = status

    params["status"] = json_status

    json_subject: str | Unset = UNSET
    if not isinstance(subject, Unset):
        json_subject = str(subject)
    params["subject"] = json_subject

    params["client"] = client_query

    params["limit"] = limit

    json_after: str | Unset = UNSET
    if not isinstance(after, Unset):
        json_after = str(after)
    params["after"] = json_after

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/notifications",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> (
    InternalProblem
    | InvalidRequestProblem
    | ListNotificationsResponse200
    | RoleNotAllowedProblem
    | TooManyRequestsProblem
    | UnauthorizedProblem
    | None
):
    if response.status_code == 200:
        response_200 = ListNotificationsResponse200.from_dict(response.json())

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
    InternalProblem
    | InvalidRequestProblem
    | ListNotificationsResponse200
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
    status: ListNotificationsStatus | Unset = UNSET,
    subject: UUID | Unset = UNSET,
    client_query: str | Unset = UNSET,
    limit: int | Unset = 100,
    after: UUID | Unset = UNSET,
) -> Response[
    InternalProblem
    | InvalidRequestProblem
    | ListNotificationsResponse200
    | RoleNotAllowedProblem
    | TooManyRequestsProblem
    | UnauthorizedProblem
]:
    """Recipient notifications (Art. 19)

     After a rectification, an erasure or a change of restriction, every client that had
    received the subject's data (per the audit log) and has a `webhook_url` in
    `policies/clients.toml` is told through a signed webhook carrying the subject id and
    the action, never any data. Deliveries are retried with backoff (30 s doubling, at most
    6 h, 10 attempts). This lists them for the DPO, newest first.

    **Who may call it:** role `dpo`.

    Args:
        status (ListNotificationsStatus | Unset):
        subject (UUID | Unset):
        client_query (str | Unset):
        limit (int | Unset):  Default: 100.
        after (UUID | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[InternalProblem | InvalidRequestProblem | ListNotificationsResponse200 | RoleNotAllowedProblem | TooManyRequestsProblem | UnauthorizedProblem]
    """

    kwargs = _get_kwargs(
        status=status,
        subject=subject,
        client_query=client_query,
        limit=limit,
        after=after,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    status: ListNotificationsStatus | Unset = UNSET,
    subject: UUID | Unset = UNSET,
    client_query: str | Unset = UNSET,
    limit: int | Unset = 100,
    after: UUID | Unset = UNSET,
) -> (
    InternalProblem
    | InvalidRequestProblem
    | ListNotificationsResponse200
    | RoleNotAllowedProblem
    | TooManyRequestsProblem
    | UnauthorizedProblem
    | None
):
    """Recipient notifications (Art. 19)

     After a rectification, an erasure or a change of restriction, every client that had
    received the subject's data (per the audit log) and has a `webhook_url` in
    `policies/clients.toml` is told through a signed webhook carrying the subject id and
    the action, never any data. Deliveries are retried with backoff (30 s doubling, at most
    6 h, 10 attempts). This lists them for the DPO, newest first.

    **Who may call it:** role `dpo`.

    Args:
        status (ListNotificationsStatus | Unset):
        subject (UUID | Unset):
        client_query (str | Unset):
        limit (int | Unset):  Default: 100.
        after (UUID | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        InternalProblem | InvalidRequestProblem | ListNotificationsResponse200 | RoleNotAllowedProblem | TooManyRequestsProblem | UnauthorizedProblem
    """

    return sync_detailed(
        client=client,
        status=status,
        subject=subject,
        client_query=client_query,
        limit=limit,
        after=after,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    status: ListNotificationsStatus | Unset = UNSET,
    subject: UUID | Unset = UNSET,
    client_query: str | Unset = UNSET,
    limit: int | Unset = 100,
    after: UUID | Unset = UNSET,
) -> Response[
    InternalProblem
    | InvalidRequestProblem
    | ListNotificationsResponse200
    | RoleNotAllowedProblem
    | TooManyRequestsProblem
    | UnauthorizedProblem
]:
    """Recipient notifications (Art. 19)

     After a rectification, an erasure or a change of restriction, every client that had
    received the subject's data (per the audit log) and has a `webhook_url` in
    `policies/clients.toml` is told through a signed webhook carrying the subject id and
    the action, never any data. Deliveries are retried with backoff (30 s doubling, at most
    6 h, 10 attempts). This lists them for the DPO, newest first.

    **Who may call it:** role `dpo`.

    Args:
        status (ListNotificationsStatus | Unset):
        subject (UUID | Unset):
        client_query (str | Unset):
        limit (int | Unset):  Default: 100.
        after (UUID | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[InternalProblem | InvalidRequestProblem | ListNotificationsResponse200 | RoleNotAllowedProblem | TooManyRequestsProblem | UnauthorizedProblem]
    """

    kwargs = _get_kwargs(
        status=status,
        subject=subject,
        client_query=client_query,
        limit=limit,
        after=after,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    status: ListNotificationsStatus | Unset = UNSET,
    subject: UUID | Unset = UNSET,
    client_query: str | Unset = UNSET,
    limit: int | Unset = 100,
    after: UUID | Unset = UNSET,
) -> (
    InternalProblem
    | InvalidRequestProblem
    | ListNotificationsResponse200
    | RoleNotAllowedProblem
    | TooManyRequestsProblem
    | UnauthorizedProblem
    | None
):
    """Recipient notifications (Art. 19)

     After a rectification, an erasure or a change of restriction, every client that had
    received the subject's data (per the audit log) and has a `webhook_url` in
    `policies/clients.toml` is told through a signed webhook carrying the subject id and
    the action, never any data. Deliveries are retried with backoff (30 s doubling, at most
    6 h, 10 attempts). This lists them for the DPO, newest first.

    **Who may call it:** role `dpo`.

    Args:
        status (ListNotificationsStatus | Unset):
        subject (UUID | Unset):
        client_query (str | Unset):
        limit (int | Unset):  Default: 100.
        after (UUID | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        InternalProblem | InvalidRequestProblem | ListNotificationsResponse200 | RoleNotAllowedProblem | TooManyRequestsProblem | UnauthorizedProblem
    """

    return (
        await asyncio_detailed(
            client=client,
            status=status,
            subject=subject,
            client_query=client_query,
            limit=limit,
            after=after,
        )
    ).parsed
