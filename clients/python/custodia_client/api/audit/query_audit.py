import datetime
from http import HTTPStatus
from typing import Any
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.audit_page import AuditPage
from ...models.internal_problem import InternalProblem
from ...models.invalid_request_problem import InvalidRequestProblem
from ...models.query_audit_action import QueryAuditAction
from ...models.query_audit_decision import QueryAuditDecision
from ...models.query_audit_order import QueryAuditOrder
from ...models.role_not_allowed_problem import RoleNotAllowedProblem
from ...models.too_many_requests_problem import TooManyRequestsProblem
from ...models.unauthorized_problem import UnauthorizedProblem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    subject: UUID | Unset = UNSET,
    client_query: str | Unset = UNSET,
    purpose: str | Unset = UNSET,
    from_: datetime.datetime | Unset = UNSET,
    to: datetime.datetime | Unset = UNSET,
    decision: QueryAuditDecision | Unset = UNSET,
    action: QueryAuditAction | Unset = UNSET,
    after: int | Unset = UNSET,
    before: int | Unset = UNSET,
    order: QueryAuditOrder | Unset = "oldest",
    limit: int | Unset = 100,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_subject: str | Unset = UNSET
    if not isinstance(subject, Unset):
        json_subject = str(subject)
    params["subject"] = json_subject

    params["client"] = client_query

    params["purpose"] = purpose

    json_from_: str | Unset = UNSET
    if not isinstance(from_, Unset):
        json_from_ = from_.isoformat()
    params["from"] = json_from_

    json_to: str | Unset = UNSET
    if not isinstance(to, Unset):
        json_to = to.isoformat()
    params["to"] = json_to

    json_decision: str | Unset = UNSET
    if not isinstance(decision, Unset):
        json_decision = decision

    params["decision"] = json_decision

    json_action: str | Unset = UNSET
    if not isinstance(action, Unset):
        json_action = action

    params["action"] = json_action

    params["after"] = after

    params["before"] = before

    json_order: str | Unset = UNSET
    if not isinstance(order, Unset):
        json_order = order

    params["order"] = json_order

    params["limit"] = limit

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/audit",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> (
    AuditPage
    | InternalProblem
    | InvalidRequestProblem
    | RoleNotAllowedProblem
    | TooManyRequestsProblem
    | UnauthorizedProblem
    | None
):
    if response.status_code == 200:
        response_200 = AuditPage.from_dict(response.json())

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
    AuditPage
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
    subject: UUID | Unset = UNSET,
    client_query: str | Unset = UNSET,
    purpose: str | Unset = UNSET,
    from_: datetime.datetime | Unset = UNSET,
    to: datetime.datetime | Unset = UNSET,
    decision: QueryAuditDecision | Unset = UNSET,
    action: QueryAuditAction | Unset = UNSET,
    after: int | Unset = UNSET,
    before: int | Unset = UNSET,
    order: QueryAuditOrder | Unset = "oldest",
    limit: int | Unset = 100,
) -> Response[
    AuditPage
    | InternalProblem
    | InvalidRequestProblem
    | RoleNotAllowedProblem
    | TooManyRequestsProblem
    | UnauthorizedProblem
]:
    """Query the audit log

     Pages through the audit log, oldest first (or newest first with `order=newest`): one
    entry per access decision, with the names of the fields given and withheld, never a
    value.

    **Who may call it:** role `dpo`.

    All filters combine. Oldest first, pass the previous page's `next_after` as `after` to
    get the next page; newest first (`order=newest`, the most recent entries on the first
    page), pass its `next_before` as `before` to get the next, older, page. The cursor
    of the page's direction is `null` when the page was not full (the last page); the
    other one is always `null`. Either way it is one query along the chain's `seq`. This
    query itself is not written to the audit log.

    Args:
        subject (UUID | Unset):
        client_query (str | Unset):
        purpose (str | Unset):
        from_ (datetime.datetime | Unset):
        to (datetime.datetime | Unset):
        decision (QueryAuditDecision | Unset):
        action (QueryAuditAction | Unset):
        after (int | Unset):
        before (int | Unset):
        order (QueryAuditOrder | Unset):  Default: 'oldest'.
        limit (int | Unset):  Default: 100.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AuditPage | InternalProblem | InvalidRequestProblem | RoleNotAllowedProblem | TooManyRequestsProblem | UnauthorizedProblem]
    """

    kwargs = _get_kwargs(
        subject=subject,
        client_query=client_query,
        purpose=purpose,
        from_=from_,
        to=to,
        decision=decision,
        action=action,
        after=after,
        before=before,
        order=order,
        limit=limit,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    subject: UUID | Unset = UNSET,
    client_query: str | Unset = UNSET,
    purpose: str | Unset = UNSET,
    from_: datetime.datetime | Unset = UNSET,
    to: datetime.datetime | Unset = UNSET,
    decision: QueryAuditDecision | Unset = UNSET,
    action: QueryAuditAction | Unset = UNSET,
    after: int | Unset = UNSET,
    before: int | Unset = UNSET,
    order: QueryAuditOrder | Unset = "oldest",
    limit: int | Unset = 100,
) -> (
    AuditPage
    | InternalProblem
    | InvalidRequestProblem
    | RoleNotAllowedProblem
    | TooManyRequestsProblem
    | UnauthorizedProblem
    | None
):
    """Query the audit log

     Pages through the audit log, oldest first (or newest first with `order=newest`): one
    entry per access decision, with the names of the fields given and withheld, never a
    value.

    **Who may call it:** role `dpo`.

    All filters combine. Oldest first, pass the previous page's `next_after` as `after` to
    get the next page; newest first (`order=newest`, the most recent entries on the first
    page), pass its `next_before` as `before` to get the next, older, page. The cursor
    of the page's direction is `null` when the page was not full (the last page); the
    other one is always `null`. Either way it is one query along the chain's `seq`. This
    query itself is not written to the audit log.

    Args:
        subject (UUID | Unset):
        client_query (str | Unset):
        purpose (str | Unset):
        from_ (datetime.datetime | Unset):
        to (datetime.datetime | Unset):
        decision (QueryAuditDecision | Unset):
        action (QueryAuditAction | Unset):
        after (int | Unset):
        before (int | Unset):
        order (QueryAuditOrder | Unset):  Default: 'oldest'.
        limit (int | Unset):  Default: 100.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AuditPage | InternalProblem | InvalidRequestProblem | RoleNotAllowedProblem | TooManyRequestsProblem | UnauthorizedProblem
    """

    return sync_detailed(
        client=client,
        subject=subject,
        client_query=client_query,
        purpose=purpose,
        from_=from_,
        to=to,
        decision=decision,
        action=action,
        after=after,
        before=before,
        order=order,
        limit=limit,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    subject: UUID | Unset = UNSET,
    client_query: str | Unset = UNSET,
    purpose: str | Unset = UNSET,
    from_: datetime.datetime | Unset = UNSET,
    to: datetime.datetime | Unset = UNSET,
    decision: QueryAuditDecision | Unset = UNSET,
    action: QueryAuditAction | Unset = UNSET,
    after: int | Unset = UNSET,
    before: int | Unset = UNSET,
    order: QueryAuditOrder | Unset = "oldest",
    limit: int | Unset = 100,
) -> Response[
    AuditPage
    | InternalProblem
    | InvalidRequestProblem
    | RoleNotAllowedProblem
    | TooManyRequestsProblem
    | UnauthorizedProblem
]:
    """Query the audit log

     Pages through the audit log, oldest first (or newest first with `order=newest`): one
    entry per access decision, with the names of the fields given and withheld, never a
    value.

    **Who may call it:** role `dpo`.

    All filters combine. Oldest first, pass the previous page's `next_after` as `after` to
    get the next page; newest first (`order=newest`, the most recent entries on the first
    page), pass its `next_before` as `before` to get the next, older, page. The cursor
    of the page's direction is `null` when the page was not full (the last page); the
    other one is always `null`. Either way it is one query along the chain's `seq`. This
    query itself is not written to the audit log.

    Args:
        subject (UUID | Unset):
        client_query (str | Unset):
        purpose (str | Unset):
        from_ (datetime.datetime | Unset):
        to (datetime.datetime | Unset):
        decision (QueryAuditDecision | Unset):
        action (QueryAuditAction | Unset):
        after (int | Unset):
        before (int | Unset):
        order (QueryAuditOrder | Unset):  Default: 'oldest'.
        limit (int | Unset):  Default: 100.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AuditPage | InternalProblem | InvalidRequestProblem | RoleNotAllowedProblem | TooManyRequestsProblem | UnauthorizedProblem]
    """

    kwargs = _get_kwargs(
        subject=subject,
        client_query=client_query,
        purpose=purpose,
        from_=from_,
        to=to,
        decision=decision,
        action=action,
        after=after,
        before=before,
        order=order,
        limit=limit,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    subject: UUID | Unset = UNSET,
    client_query: str | Unset = UNSET,
    purpose: str | Unset = UNSET,
    from_: datetime.datetime | Unset = UNSET,
    to: datetime.datetime | Unset = UNSET,
    decision: QueryAuditDecision | Unset = UNSET,
    action: QueryAuditAction | Unset = UNSET,
    after: int | Unset = UNSET,
    before: int | Unset = UNSET,
    order: QueryAuditOrder | Unset = "oldest",
    limit: int | Unset = 100,
) -> (
    AuditPage
    | InternalProblem
    | InvalidRequestProblem
    | RoleNotAllowedProblem
    | TooManyRequestsProblem
    | UnauthorizedProblem
    | None
):
    """Query the audit log

     Pages through the audit log, oldest first (or newest first with `order=newest`): one
    entry per access decision, with the names of the fields given and withheld, never a
    value.

    **Who may call it:** role `dpo`.

    All filters combine. Oldest first, pass the previous page's `next_after` as `after` to
    get the next page; newest first (`order=newest`, the most recent entries on the first
    page), pass its `next_before` as `before` to get the next, older, page. The cursor
    of the page's direction is `null` when the page was not full (the last page); the
    other one is always `null`. Either way it is one query along the chain's `seq`. This
    query itself is not written to the audit log.

    Args:
        subject (UUID | Unset):
        client_query (str | Unset):
        purpose (str | Unset):
        from_ (datetime.datetime | Unset):
        to (datetime.datetime | Unset):
        decision (QueryAuditDecision | Unset):
        action (QueryAuditAction | Unset):
        after (int | Unset):
        before (int | Unset):
        order (QueryAuditOrder | Unset):  Default: 'oldest'.
        limit (int | Unset):  Default: 100.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AuditPage | InternalProblem | InvalidRequestProblem | RoleNotAllowedProblem | TooManyRequestsProblem | UnauthorizedProblem
    """

    return (
        await asyncio_detailed(
            client=client,
            subject=subject,
            client_query=client_query,
            purpose=purpose,
            from_=from_,
            to=to,
            decision=decision,
            action=action,
            after=after,
            before=before,
            order=order,
            limit=limit,
        )
    ).parsed
