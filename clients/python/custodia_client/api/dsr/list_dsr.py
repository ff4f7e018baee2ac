import datetime
from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.dsr_page import DsrPage
from ...models.internal_problem import InternalProblem
from ...models.invalid_request_problem import InvalidRequestProblem
from ...models.list_dsr_status import ListDsrStatus
from ...models.role_not_allowed_problem import RoleNotAllowedProblem
from ...models.too_many_requests_problem import TooManyRequestsProblem
from ...models.unauthorized_problem import UnauthorizedProblem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    status: ListDsrStatus | Unset = UNSET,
    due_before: datetime.datetime | Unset = UNSET,
    overdue: bool | Unset = UNSET,
    after: str | Unset = UNSET,
    limit: int | Unset = 100,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_status: str | Unset = UNSET
    if not isinstance(status, Unset):
        json_status = status

    params["status"] = json_status

    json_due_before: str | Unset = UNSET
    if not isinstance(due_before, Unset):
        json_due_before = due_before.isoformat()
    params["due_before"] = json_due_before

    params["overdue"] = overdue

    params["after"] = after

    params["limit"] = limit

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/dsr",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> (
    DsrPage
    | InternalProblem
    | InvalidRequestProblem
    | RoleNotAllowedProblem
    | TooManyRequestsProblem
    | UnauthorizedProblem
    | None
):
    if response.status_code == 200:
        response_200 = DsrPage.from_dict(response.json())

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
    DsrPage
    | InternalProblem
    | InvalidRequestProblem
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
    status: ListDsrStatus | Unset = UNSET,
    due_before: datetime.datetime | Unset = UNSET,
    overdue: bool | Unset = UNSET,
    after: str | Unset = UNSET,
    limit: int | Unset = 100,
) -> Response[
    DsrPage
    | InternalProblem
    | InvalidRequestProblem
    | RoleNotAllowedProblem
    | TooManyRequestsProblem
    | UnauthorizedProblem
]:
    """List data-subject requests

     Pages through the requests, overdue ones first, then by due time (earliest first).
    A request is overdue when it is still open (`received` or `verified`) after the end
    of its due day. `counts` are over all requests, whatever the filters. All filters
    combine. To get the next page pass `next_after` as `after`; it is `null` when the page
    was not full. Listings carry no `history`.

    **Who may call it:** roles `dpo` and `admin`.

    Audited as `dsr.read` (reason `list`). Each successful call also refreshes the
    `custodia_dsr_open` and `custodia_dsr_overdue` gauges of `/metrics`.

    Args:
        status (ListDsrStatus | Unset):
        due_before (datetime.datetime | Unset):
        overdue (bool | Unset):
        after (str | Unset):
        limit (int | Unset):  Default: 100.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[DsrPage | InternalProblem | InvalidRequestProblem | RoleNotAllowedProblem | TooManyRequestsProblem | UnauthorizedProblem]
    """

    kwargs = _get_kwargs(
        status=status,
        due_before=due_before,
        overdue=overdue,
        after=after,
        limit=limit,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    status: ListDsrStatus | Unset = UNSET,
    due_before: datetime.datetime | Unset = UNSET,
    overdue: bool | Unset = UNSET,
    after: str | Unset = UNSET,
    limit: int | Unset = 100,
) -> (
    DsrPage
    | InternalProblem
    | InvalidRequestProblem
    | RoleNotAllowedProblem
    | TooManyRequestsProblem
    | UnauthorizedProblem
    | None
):
    """List data-subject requests

     Pages through the requests, overdue ones first, then by due time (earliest first).
    A request is overdue when it is still open (`received` or `verified`) after the end
    of its due day. `counts` are over all requests, whatever the filters. All filters
    combine. To get the next page pass `next_after` as `after`; it is `null` when the page
    was not full. Listings carry no `history`.

    **Who may call it:** roles `dpo` and `admin`.

    Audited as `dsr.read` (reason `list`). Each successful call also refreshes the
    `custodia_dsr_open` and `custodia_dsr_overdue` gauges of `/metrics`.

    Args:
        status (ListDsrStatus | Unset):
        due_before (datetime.datetime | Unset):
        overdue (bool | Unset):
        after (str | Unset):
        limit (int | Unset):  Default: 100.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        DsrPage | InternalProblem | InvalidRequestProblem | RoleNotAllowedProblem | TooManyRequestsProblem | UnauthorizedProblem
    """

    return sync_detailed(
        client=client,
        status=status,
        due_before=due_before,
        overdue=overdue,
        after=after,
        limit=limit,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    status: ListDsrStatus | Unset = UNSET,
    due_before: datetime.datetime | Unset = UNSET,
    overdue: bool | Unset = UNSET,
    after: str | Unset = UNSET,
    limit: int | Unset = 100,
) -> Response[
    DsrPage
    | InternalProblem
    | InvalidRequestProblem
    | RoleNotAllowedProblem
    | TooManyRequestsProblem
    | UnauthorizedProblem
]:
    """List data-subject requests

     Pages through the requests, overdue ones first, then by due time (earliest first).
    A request is overdue when it is still open (`received` or `verified`) after the end
    of its due day. `counts` are over all requests, whatever the filters. All filters
    combine. To get the next page pass `next_after` as `after`; it is `null` when the page
    was not full. Listings carry no `history`.

    **Who may call it:** roles `dpo` and `admin`.

    Audited as `dsr.read` (reason `list`). Each successful call also refreshes the
    `custodia_dsr_open` and `custodia_dsr_overdue` gauges of `/metrics`.

    Args:
        status (ListDsrStatus | Unset):
        due_before (datetime.datetime | Unset):
        overdue (bool | Unset):
        after (str | Unset):
        limit (int | Unset):  Default: 100.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[DsrPage | InternalProblem | InvalidRequestProblem | RoleNotAllowedProblem | TooManyRequestsProblem | UnauthorizedProblem]
    """

    kwargs = _get_kwargs(
        status=status,
        due_before=due_before,
        overdue=overdue,
        after=after,
        limit=limit,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    status: ListDsrStatus | Unset = UNSET,
    due_before: datetime.datetime | Unset = UNSET,
    overdue: bool | Unset = UNSET,
    after: str | Unset = UNSET,
    limit: int | Unset = 100,
) -> (
    DsrPage
    | InternalProblem
    | InvalidRequestProblem
    | RoleNotAllowedProblem
    | TooManyRequestsProblem
    | UnauthorizedProblem
    | None
):
    """List data-subject requests

     Pages through the requests, overdue ones first, then by due time (earliest first).
    A request is overdue when it is still open (`received` or `verified`) after the end
    of its due day. `counts` are over all requests, whatever the filters. All filters
    combine. To get the next page pass `next_after` as `after`; it is `null` when the page
    was not full. Listings carry no `history`.

    **Who may call it:** roles `dpo` and `admin`.

    Audited as `dsr.read` (reason `list`). Each successful call also refreshes the
    `custodia_dsr_open` and `custodia_dsr_overdue` gauges of `/metrics`.

    Args:
        status (ListDsrStatus | Unset):
        due_before (datetime.datetime | Unset):
        overdue (bool | Unset):
        after (str | Unset):
        limit (int | Unset):  Default: 100.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        DsrPage | InternalProblem | InvalidRequestProblem | RoleNotAllowedProblem | TooManyRequestsProblem | UnauthorizedProblem
    """

    return (
        await asyncio_detailed(
            client=client,
            status=status,
            due_before=due_before,
            overdue=overdue,
            after=after,
            limit=limit,
        )
    ).parsed
