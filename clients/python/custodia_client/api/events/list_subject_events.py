import datetime
from http import HTTPStatus
from typing import Any
from urllib.parse import quote
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.access_denied_problem import AccessDeniedProblem
from ...models.channel import Channel
from ...models.event_page import EventPage
from ...models.gone_problem import GoneProblem
from ...models.internal_problem import InternalProblem
from ...models.invalid_purpose_problem import InvalidPurposeProblem
from ...models.invalid_request_problem import InvalidRequestProblem
from ...models.missing_purpose_problem import MissingPurposeProblem
from ...models.not_found_problem import NotFoundProblem
from ...models.role_not_allowed_problem import RoleNotAllowedProblem
from ...models.too_many_requests_problem import TooManyRequestsProblem
from ...models.unauthorized_problem import UnauthorizedProblem
from ...models.unknown_purpose_problem import UnknownPurposeProblem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    id: UUID,
    *,
    type_: str | Unset = UNSET,
    channel: Channel | Unset = UNSET,
    from_: datetime.datetime | Unset = UNSET,
    to: datetime.datetime | Unset = UNSET,
    cursor: str | Unset = UNSET,
    limit: int | Unset = 100,
    x_purpose: str,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    headers["X-Purpose"] = x_purpose

    params: dict[str, Any] = {}

    params["type"] = type_

    json_channel: str | Unset = UNSET
    if not isinstance(channel, Unset):
        json_channel = channel

    params["channel"] = json_channel

    json_from_: str | Unset = UNSET
    if not isinstance(from_, Unset):
        json_from_ = from_.isoformat()
    params["from"] = json_from_

    json_to: str | Unset = UNSET
    if not isinstance(to, Unset):
        json_to = to.isoformat()
    params["to"] = json_to

    params["cursor"] = cursor

    params["limit"] = limit

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/subjects/{id}/events".format(
            id=quote(str(id), safe=""),
        ),
        "params": params,
    }

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> (
    AccessDeniedProblem
    | RoleNotAllowedProblem
    | EventPage
    | GoneProblem
    | InternalProblem
    | InvalidPurposeProblem
    | InvalidRequestProblem
    | MissingPurposeProblem
    | UnknownPurposeProblem
    | NotFoundProblem
    | TooManyRequestsProblem
    | UnauthorizedProblem
    | None
):
    if response.status_code == 200:
        response_200 = EventPage.from_dict(response.json())

        return response_200

    if response.status_code == 400:

        def _parse_response_400(
            data: object,
        ) -> InvalidPurposeProblem | InvalidRequestProblem | MissingPurposeProblem | UnknownPurposeProblem:
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                response_400_type_0 = InvalidRequestProblem.from_dict(data)

                return response_400_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                response_400_type_1 = MissingPurposeProblem.from_dict(data)

                return response_400_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                response_400_type_2 = InvalidPurposeProblem.from_dict(data)

                return response_400_type_2
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, dict):
                raise TypeError()
            response_400_type_3 = UnknownPurposeProblem.from_dict(data)

            return response_400_type_3

        response_400 = _parse_response_400(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = UnauthorizedProblem.from_dict(response.json())

        return response_401

    if response.status_code == 403:

        def _parse_response_403(data: object) -> AccessDeniedProblem | RoleNotAllowedProblem:
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                response_403_type_0 = AccessDeniedProblem.from_dict(data)

                return response_403_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, dict):
                raise TypeError()
            response_403_type_1 = RoleNotAllowedProblem.from_dict(data)

            return response_403_type_1

        response_403 = _parse_response_403(response.json())

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
    AccessDeniedProblem
    | RoleNotAllowedProblem
    | EventPage
    | GoneProblem
    | InternalProblem
    | InvalidPurposeProblem
    | InvalidRequestProblem
    | MissingPurposeProblem
    | UnknownPurposeProblem
    | NotFoundProblem
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
    type_: str | Unset = UNSET,
    channel: Channel | Unset = UNSET,
    from_: datetime.datetime | Unset = UNSET,
    to: datetime.datetime | Unset = UNSET,
    cursor: str | Unset = UNSET,
    limit: int | Unset = 100,
    x_purpose: str,
) -> Response[
    AccessDeniedProblem
    | RoleNotAllowedProblem
    | EventPage
    | GoneProblem
    | InternalProblem
    | InvalidPurposeProblem
    | InvalidRequestProblem
    | MissingPurposeProblem
    | UnknownPurposeProblem
    | NotFoundProblem
    | TooManyRequestsProblem
    | UnauthorizedProblem
]:
    """A subject's events, for a purpose

     Pages through the subject's behavioural events, newest first, limited to the event
    types the declared purpose may see (its `event_types` in the policy).

    **Who may call it:** role `client`. `X-Purpose` is required.

    The read is policy-checked as `GET /v1/subjects/{id}` is (client registered for the
    purpose → erased → restricted → consent → objection; the first that applies is the
    `reason` of a `403 access-denied`) and written to the audit log (action `events.read`,
    with the event types given) before the answer is sent, allowed or denied. A `type`
    filter narrows the purpose's types and never widens them: types the purpose may not
    see are dropped silently, and when none is left the page is empty. To get the next
    page pass `next_cursor` as `cursor`; it is `null` when the page was not full.

    Args:
        id (UUID):
        type_ (str | Unset):
        channel (Channel | Unset): Where a decision, event or request was collected.
        from_ (datetime.datetime | Unset):
        to (datetime.datetime | Unset):
        cursor (str | Unset):
        limit (int | Unset):  Default: 100.
        x_purpose (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AccessDeniedProblem | RoleNotAllowedProblem | EventPage | GoneProblem | InternalProblem | InvalidPurposeProblem | InvalidRequestProblem | MissingPurposeProblem | UnknownPurposeProblem | NotFoundProblem | TooManyRequestsProblem | UnauthorizedProblem]
    """

    kwargs = _get_kwargs(
        id=id,
        type_=type_,
        channel=channel,
        from_=from_,
        to=to,
        cursor=cursor,
        limit=limit,
        x_purpose=x_purpose,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    id: UUID,
    *,
    client: AuthenticatedClient | Client,
    type_: str | Unset = UNSET,
    channel: Channel | Unset = UNSET,
    from_: datetime.datetime | Unset = UNSET,
    to: datetime.datetime | Unset = UNSET,
    cursor: str | Unset = UNSET,
    limit: int | Unset = 100,
    x_purpose: str,
) -> (
    AccessDeniedProblem
    | RoleNotAllowedProblem
    | EventPage
    | GoneProblem
    | InternalProblem
    | InvalidPurposeProblem
    | InvalidRequestProblem
    | MissingPurposeProblem
    | UnknownPurposeProblem
    | NotFoundProblem
    | TooManyRequestsProblem
    | UnauthorizedProblem
    | None
):
    """A subject's events, for a purpose

     Pages through the subject's behavioural events, newest first, limited to the event
    types the declared purpose may see (its `event_types` in the policy).

    **Who may call it:** role `client`. `X-Purpose` is required.

    The read is policy-checked as `GET /v1/subjects/{id}` is (client registered for the
    purpose → erased → restricted → consent → objection; the first that applies is the
    `reason` of a `403 access-denied`) and written to the audit log (action `events.read`,
    with the event types given) before the answer is sent, allowed or denied. A `type`
    filter narrows the purpose's types and never widens them: types the purpose may not
    see are dropped silently, and when none is left the page is empty. To get the next
    page pass `next_cursor` as `cursor`; it is `null` when the page was not full.

    Args:
        id (UUID):
        type_ (str | Unset):
        channel (Channel | Unset): Where a decision, event or request was collected.
        from_ (datetime.datetime | Unset):
        to (datetime.datetime | Unset):
        cursor (str | Unset):
        limit (int | Unset):  Default: 100.
        x_purpose (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AccessDeniedProblem | RoleNotAllowedProblem | EventPage | GoneProblem | InternalProblem | InvalidPurposeProblem | InvalidRequestProblem | MissingPurposeProblem | UnknownPurposeProblem | NotFoundProblem | TooManyRequestsProblem | UnauthorizedProblem
    """

    return sync_detailed(
        id=id,
        client=client,
        type_=type_,
        channel=channel,
        from_=from_,
        to=to,
        cursor=cursor,
        limit=limit,
        x_purpose=x_purpose,
    ).parsed


async def asyncio_detailed(
    id: UUID,
    *,
    client: AuthenticatedClient | Client,
    type_: str | Unset = UNSET,
    channel: Channel | Unset = UNSET,
    from_: datetime.datetime | Unset = UNSET,
    to: datetime.datetime | Unset = UNSET,
    cursor: str | Unset = UNSET,
    limit: int | Unset = 100,
    x_purpose: str,
) -> Response[
    AccessDeniedProblem
    | RoleNotAllowedProblem
    | EventPage
    | GoneProblem
    | InternalProblem
    | InvalidPurposeProblem
    | InvalidRequestProblem
    | MissingPurposeProblem
    | UnknownPurposeProblem
    | NotFoundProblem
    | TooManyRequestsProblem
    | UnauthorizedProblem
]:
    """A subject's events, for a purpose

     Pages through the subject's behavioural events, newest first, limited to the event
    types the declared purpose may see (its `event_types` in the policy).

    **Who may call it:** role `client`. `X-Purpose` is required.

    The read is policy-checked as `GET /v1/subjects/{id}` is (client registered for the
    purpose → erased → restricted → consent → objection; the first that applies is the
    `reason` of a `403 access-denied`) and written to the audit log (action `events.read`,
    with the event types given) before the answer is sent, allowed or denied. A `type`
    filter narrows the purpose's types and never widens them: types the purpose may not
    see are dropped silently, and when none is left the page is empty. To get the next
    page pass `next_cursor` as `cursor`; it is `null` when the page was not full.

    Args:
        id (UUID):
        type_ (str | Unset):
        channel (Channel | Unset): Where a decision, event or request was collected.
        from_ (datetime.datetime | Unset):
        to (datetime.datetime | Unset):
        cursor (str | Unset):
        limit (int | Unset):  Default: 100.
        x_purpose (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AccessDeniedProblem | RoleNotAllowedProblem | EventPage | GoneProblem | InternalProblem | InvalidPurposeProblem | InvalidRequestProblem | MissingPurposeProblem | UnknownPurposeProblem | NotFoundProblem | TooManyRequestsProblem | UnauthorizedProblem]
    """

    kwargs = _get_kwargs(
        id=id,
        type_=type_,
        channel=channel,
        from_=from_,
        to=to,
        cursor=cursor,
        limit=limit,
        x_purpose=x_purpose,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    id: UUID,
    *,
    client: AuthenticatedClient | Client,
    type_: str | Unset = UNSET,
    channel: Channel | Unset = UNSET,
    from_: datetime.datetime | Unset = UNSET,
    to: datetime.datetime | Unset = UNSET,
    cursor: str | Unset = UNSET,
    limit: int | Unset = 100,
    x_purpose: str,
) -> (
    AccessDeniedProblem
    | RoleNotAllowedProblem
    | EventPage
    | GoneProblem
    | InternalProblem
    | InvalidPurposeProblem
    | InvalidRequestProblem
    | MissingPurposeProblem
    | UnknownPurposeProblem
    | NotFoundProblem
    | TooManyRequestsProblem
    | UnauthorizedProblem
    | None
):
    """A subject's events, for a purpose

     Pages through the subject's behavioural events, newest first, limited to the event
    types the declared purpose may see (its `event_types` in the policy).

    **Who may call it:** role `client`. `X-Purpose` is required.

    The read is policy-checked as `GET /v1/subjects/{id}` is (client registered for the
    purpose → erased → restricted → consent → objection; the first that applies is the
    `reason` of a `403 access-denied`) and written to the audit log (action `events.read`,
    with the event types given) before the answer is sent, allowed or denied. A `type`
    filter narrows the purpose's types and never widens them: types the purpose may not
    see are dropped silently, and when none is left the page is empty. To get the next
    page pass `next_cursor` as `cursor`; it is `null` when the page was not full.

    Args:
        id (UUID):
        type_ (str | Unset):
        channel (Channel | Unset): Where a decision, event or request was collected.
        from_ (datetime.datetime | Unset):
        to (datetime.datetime | Unset):
        cursor (str | Unset):
        limit (int | Unset):  Default: 100.
        x_purpose (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AccessDeniedProblem | RoleNotAllowedProblem | EventPage | GoneProblem | InternalProblem | InvalidPurposeProblem | InvalidRequestProblem | MissingPurposeProblem | UnknownPurposeProblem | NotFoundProblem | TooManyRequestsProblem | UnauthorizedProblem
    """

    return (
        await asyncio_detailed(
            id=id,
            client=client,
            type_=type_,
            channel=channel,
            from_=from_,
            to=to,
            cursor=cursor,
            limit=limit,
            x_purpose=x_purpose,
        )
    ).parsed
