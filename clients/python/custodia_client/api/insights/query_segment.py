from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.access_denied_problem import AccessDeniedProblem
from ...models.internal_problem import InternalProblem
from ...models.invalid_purpose_problem import InvalidPurposeProblem
from ...models.invalid_request_problem import InvalidRequestProblem
from ...models.missing_purpose_problem import MissingPurposeProblem
from ...models.payload_too_large_problem import PayloadTooLargeProblem
from ...models.role_not_allowed_problem import RoleNotAllowedProblem
from ...models.segment_counts import SegmentCounts
from ...models.segment_members import SegmentMembers
from ...models.segment_query import SegmentQuery
from ...models.too_many_requests_problem import TooManyRequestsProblem
from ...models.unauthorized_problem import UnauthorizedProblem
from ...models.unknown_purpose_problem import UnknownPurposeProblem
from ...models.unsupported_media_type_problem import UnsupportedMediaTypeProblem
from ...models.validation_failed_problem import ValidationFailedProblem
from ...types import Response


def _get_kwargs(
    *,
    body: SegmentQuery,
    x_purpose: str,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    headers["X-Purpose"] = x_purpose

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/segments/query",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> (
    AccessDeniedProblem
    | RoleNotAllowedProblem
    | InternalProblem
    | InvalidPurposeProblem
    | InvalidRequestProblem
    | MissingPurposeProblem
    | UnknownPurposeProblem
    | ValidationFailedProblem
    | PayloadTooLargeProblem
    | SegmentCounts
    | SegmentMembers
    | TooManyRequestsProblem
    | UnauthorizedProblem
    | UnsupportedMediaTypeProblem
    | None
):
    if response.status_code == 200:

        def _parse_response_200(data: object) -> SegmentCounts | SegmentMembers:
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_segment_result_type_0 = SegmentMembers.from_dict(data)

                return componentsschemas_segment_result_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, dict):
                raise TypeError()
            componentsschemas_segment_result_type_1 = SegmentCounts.from_dict(data)

            return componentsschemas_segment_result_type_1

        response_200 = _parse_response_200(response.json())

        return response_200

    if response.status_code == 400:

        def _parse_response_400(
            data: object,
        ) -> (
            InvalidPurposeProblem
            | InvalidRequestProblem
            | MissingPurposeProblem
            | UnknownPurposeProblem
            | ValidationFailedProblem
        ):
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
                response_400_type_1 = ValidationFailedProblem.from_dict(data)

                return response_400_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                response_400_type_2 = MissingPurposeProblem.from_dict(data)

                return response_400_type_2
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                response_400_type_3 = InvalidPurposeProblem.from_dict(data)

                return response_400_type_3
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, dict):
                raise TypeError()
            response_400_type_4 = UnknownPurposeProblem.from_dict(data)

            return response_400_type_4

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

    if response.status_code == 413:
        response_413 = PayloadTooLargeProblem.from_dict(response.json())

        return response_413

    if response.status_code == 415:
        response_415 = UnsupportedMediaTypeProblem.from_dict(response.json())

        return response_415

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
    | InternalProblem
    | InvalidPurposeProblem
    | InvalidRequestProblem
    | MissingPurposeProblem
    | UnknownPurposeProblem
    | ValidationFailedProblem
    | PayloadTooLargeProblem
    | SegmentCounts
    | SegmentMembers
    | TooManyRequestsProblem
    | UnauthorizedProblem
    | UnsupportedMediaTypeProblem
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
    body: SegmentQuery,
    x_purpose: str,
) -> Response[
    AccessDeniedProblem
    | RoleNotAllowedProblem
    | InternalProblem
    | InvalidPurposeProblem
    | InvalidRequestProblem
    | MissingPurposeProblem
    | UnknownPurposeProblem
    | ValidationFailedProblem
    | PayloadTooLargeProblem
    | SegmentCounts
    | SegmentMembers
    | TooManyRequestsProblem
    | UnauthorizedProblem
    | UnsupportedMediaTypeProblem
]:
    """Query a segment, for a purpose

     Picks customers by conditions over their behavioural aggregates: RFM scores and
    segments, ABC revenue class (A: the customers who together bring the first 80 % of
    revenue, B the next 15 %, C the rest), channel, last purchase, orders, revenue and
    event counts. All conditions combine; no conditions selects every customer with
    events.

    The answer depends on the declared purpose:
    - **members** (a purpose that may reach people, e.g. `email_marketing`): a page of
      the members whose consent, objections and restriction allow the purpose now, each
      with the fields the purpose may see (the shape of `GET /v1/subjects/{id}`). Each
      member is a read of personal data: decided by the policy and audited
      (`segment.query`) one by one; members the policy denies are left out, never named.
      Page with `cursor` = the previous `next_cursor` (`null` at the end; a full page may
      be followed by an empty one).
    - **counts** (an aggregate-only purpose, `analytics` in the shipped policy): how many
      customers match, in total, per RFM segment (`no_purchase` for customers without a
      purchase) and per ABC class, under two disclosure rules so that no small group can
      be singled out: every count below the purpose's `min_cell_size` is `null`
      (suppressed), together with the smallest other cells of its table until the
      suppressed cells add up to 0 or at least `min_cell_size` (else the total minus the
      visible cells would give them away); and every count shown is rounded to the
      nearest multiple of 5 (never below 5), so that two overlapping queries do not give
      an exact difference. No personal data;
      audited once (`segment.query`, `aggregate.counts`). `limit` is checked but has no
      effect; a `cursor` asks for a member page, which such a purpose never gets
      (`403 access-denied`, reason `aggregate_only`, audited).

    **Who may call it:** role `client`. `X-Purpose` is required; the client must be
    registered for the purpose (`403 access-denied` otherwise, audited).

    The body is checked before the purpose: `limit` out of range or a `cursor` that is not
    one of this API's give `400 invalid-request`, bad conditions `400 validation-failed`.
    Conditions the purpose may not use are refused with `400 validation-failed` too:
    purchase conditions for a purpose that does not see purchases, and RFM scores,
    segments and ABC classes (profiling, Art. 4(4)) for a purpose not flagged `profiling`
    in `purposes.toml` (the shipped `personalisation` and `targeted_advertising` are;
    an aggregate-only purpose may count by them), and `needs_attention` for a purpose that
    sees none of the event types it is read from. Only events collected for the purpose
    and within its retention period count.

    Args:
        x_purpose (str):
        body (SegmentQuery):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AccessDeniedProblem | RoleNotAllowedProblem | InternalProblem | InvalidPurposeProblem | InvalidRequestProblem | MissingPurposeProblem | UnknownPurposeProblem | ValidationFailedProblem | PayloadTooLargeProblem | SegmentCounts | SegmentMembers | TooManyRequestsProblem | UnauthorizedProblem | UnsupportedMediaTypeProblem]
    """

    kwargs = _get_kwargs(
        body=body,
        x_purpose=x_purpose,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    body: SegmentQuery,
    x_purpose: str,
) -> (
    AccessDeniedProblem
    | RoleNotAllowedProblem
    | InternalProblem
    | InvalidPurposeProblem
    | InvalidRequestProblem
    | MissingPurposeProblem
    | UnknownPurposeProblem
    | ValidationFailedProblem
    | PayloadTooLargeProblem
    | SegmentCounts
    | SegmentMembers
    | TooManyRequestsProblem
    | UnauthorizedProblem
    | UnsupportedMediaTypeProblem
    | None
):
    """Query a segment, for a purpose

     Picks customers by conditions over their behavioural aggregates: RFM scores and
    segments, ABC revenue class (A: the customers who together bring the first 80 % of
    revenue, B the next 15 %, C the rest), channel, last purchase, orders, revenue and
    event counts. All conditions combine; no conditions selects every customer with
    events.

    The answer depends on the declared purpose:
    - **members** (a purpose that may reach people, e.g. `email_marketing`): a page of
      the members whose consent, objections and restriction allow the purpose now, each
      with the fields the purpose may see (the shape of `GET /v1/subjects/{id}`). Each
      member is a read of personal data: decided by the policy and audited
      (`segment.query`) one by one; members the policy denies are left out, never named.
      Page with `cursor` = the previous `next_cursor` (`null` at the end; a full page may
      be followed by an empty one).
    - **counts** (an aggregate-only purpose, `analytics` in the shipped policy): how many
      customers match, in total, per RFM segment (`no_purchase` for customers without a
      purchase) and per ABC class, under two disclosure rules so that no small group can
      be singled out: every count below the purpose's `min_cell_size` is `null`
      (suppressed), together with the smallest other cells of its table until the
      suppressed cells add up to 0 or at least `min_cell_size` (else the total minus the
      visible cells would give them away); and every count shown is rounded to the
      nearest multiple of 5 (never below 5), so that two overlapping queries do not give
      an exact difference. No personal data;
      audited once (`segment.query`, `aggregate.counts`). `limit` is checked but has no
      effect; a `cursor` asks for a member page, which such a purpose never gets
      (`403 access-denied`, reason `aggregate_only`, audited).

    **Who may call it:** role `client`. `X-Purpose` is required; the client must be
    registered for the purpose (`403 access-denied` otherwise, audited).

    The body is checked before the purpose: `limit` out of range or a `cursor` that is not
    one of this API's give `400 invalid-request`, bad conditions `400 validation-failed`.
    Conditions the purpose may not use are refused with `400 validation-failed` too:
    purchase conditions for a purpose that does not see purchases, and RFM scores,
    segments and ABC classes (profiling, Art. 4(4)) for a purpose not flagged `profiling`
    in `purposes.toml` (the shipped `personalisation` and `targeted_advertising` are;
    an aggregate-only purpose may count by them), and `needs_attention` for a purpose that
    sees none of the event types it is read from. Only events collected for the purpose
    and within its retention period count.

    Args:
        x_purpose (str):
        body (SegmentQuery):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AccessDeniedProblem | RoleNotAllowedProblem | InternalProblem | InvalidPurposeProblem | InvalidRequestProblem | MissingPurposeProblem | UnknownPurposeProblem | ValidationFailedProblem | PayloadTooLargeProblem | SegmentCounts | SegmentMembers | TooManyRequestsProblem | UnauthorizedProblem | UnsupportedMediaTypeProblem
    """

    return sync_detailed(
        client=client,
        body=body,
        x_purpose=x_purpose,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: SegmentQuery,
    x_purpose: str,
) -> Response[
    AccessDeniedProblem
    | RoleNotAllowedProblem
    | InternalProblem
    | InvalidPurposeProblem
    | InvalidRequestProblem
    | MissingPurposeProblem
    | UnknownPurposeProblem
    | ValidationFailedProblem
    | PayloadTooLargeProblem
    | SegmentCounts
    | SegmentMembers
    | TooManyRequestsProblem
    | UnauthorizedProblem
    | UnsupportedMediaTypeProblem
]:
    """Query a segment, for a purpose

     Picks customers by conditions over their behavioural aggregates: RFM scores and
    segments, ABC revenue class (A: the customers who together bring the first 80 % of
    revenue, B the next 15 %, C the rest), channel, last purchase, orders, revenue and
    event counts. All conditions combine; no conditions selects every customer with
    events.

    The answer depends on the declared purpose:
    - **members** (a purpose that may reach people, e.g. `email_marketing`): a page of
      the members whose consent, objections and restriction allow the purpose now, each
      with the fields the purpose may see (the shape of `GET /v1/subjects/{id}`). Each
      member is a read of personal data: decided by the policy and audited
      (`segment.query`) one by one; members the policy denies are left out, never named.
      Page with `cursor` = the previous `next_cursor` (`null` at the end; a full page may
      be followed by an empty one).
    - **counts** (an aggregate-only purpose, `analytics` in the shipped policy): how many
      customers match, in total, per RFM segment (`no_purchase` for customers without a
      purchase) and per ABC class, under two disclosure rules so that no small group can
      be singled out: every count below the purpose's `min_cell_size` is `null`
      (suppressed), together with the smallest other cells of its table until the
      suppressed cells add up to 0 or at least `min_cell_size` (else the total minus the
      visible cells would give them away); and every count shown is rounded to the
      nearest multiple of 5 (never below 5), so that two overlapping queries do not give
      an exact difference. No personal data;
      audited once (`segment.query`, `aggregate.counts`). `limit` is checked but has no
      effect; a `cursor` asks for a member page, which such a purpose never gets
      (`403 access-denied`, reason `aggregate_only`, audited).

    **Who may call it:** role `client`. `X-Purpose` is required; the client must be
    registered for the purpose (`403 access-denied` otherwise, audited).

    The body is checked before the purpose: `limit` out of range or a `cursor` that is not
    one of this API's give `400 invalid-request`, bad conditions `400 validation-failed`.
    Conditions the purpose may not use are refused with `400 validation-failed` too:
    purchase conditions for a purpose that does not see purchases, and RFM scores,
    segments and ABC classes (profiling, Art. 4(4)) for a purpose not flagged `profiling`
    in `purposes.toml` (the shipped `personalisation` and `targeted_advertising` are;
    an aggregate-only purpose may count by them), and `needs_attention` for a purpose that
    sees none of the event types it is read from. Only events collected for the purpose
    and within its retention period count.

    Args:
        x_purpose (str):
        body (SegmentQuery):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AccessDeniedProblem | RoleNotAllowedProblem | InternalProblem | InvalidPurposeProblem | InvalidRequestProblem | MissingPurposeProblem | UnknownPurposeProblem | ValidationFailedProblem | PayloadTooLargeProblem | SegmentCounts | SegmentMembers | TooManyRequestsProblem | UnauthorizedProblem | UnsupportedMediaTypeProblem]
    """

    kwargs = _get_kwargs(
        body=body,
        x_purpose=x_purpose,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    body: SegmentQuery,
    x_purpose: str,
) -> (
    AccessDeniedProblem
    | RoleNotAllowedProblem
    | InternalProblem
    | InvalidPurposeProblem
    | InvalidRequestProblem
    | MissingPurposeProblem
    | UnknownPurposeProblem
    | ValidationFailedProblem
    | PayloadTooLargeProblem
    | SegmentCounts
    | SegmentMembers
    | TooManyRequestsProblem
    | UnauthorizedProblem
    | UnsupportedMediaTypeProblem
    | None
):
    """Query a segment, for a purpose

     Picks customers by conditions over their behavioural aggregates: RFM scores and
    segments, ABC revenue class (A: the customers who together bring the first 80 % of
    revenue, B the next 15 %, C the rest), channel, last purchase, orders, revenue and
    event counts. All conditions combine; no conditions selects every customer with
    events.

    The answer depends on the declared purpose:
    - **members** (a purpose that may reach people, e.g. `email_marketing`): a page of
      the members whose consent, objections and restriction allow the purpose now, each
      with the fields the purpose may see (the shape of `GET /v1/subjects/{id}`). Each
      member is a read of personal data: decided by the policy and audited
      (`segment.query`) one by one; members the policy denies are left out, never named.
      Page with `cursor` = the previous `next_cursor` (`null` at the end; a full page may
      be followed by an empty one).
    - **counts** (an aggregate-only purpose, `analytics` in the shipped policy): how many
      customers match, in total, per RFM segment (`no_purchase` for customers without a
      purchase) and per ABC class, under two disclosure rules so that no small group can
      be singled out: every count below the purpose's `min_cell_size` is `null`
      (suppressed), together with the smallest other cells of its table until the
      suppressed cells add up to 0 or at least `min_cell_size` (else the total minus the
      visible cells would give them away); and every count shown is rounded to the
      nearest multiple of 5 (never below 5), so that two overlapping queries do not give
      an exact difference. No personal data;
      audited once (`segment.query`, `aggregate.counts`). `limit` is checked but has no
      effect; a `cursor` asks for a member page, which such a purpose never gets
      (`403 access-denied`, reason `aggregate_only`, audited).

    **Who may call it:** role `client`. `X-Purpose` is required; the client must be
    registered for the purpose (`403 access-denied` otherwise, audited).

    The body is checked before the purpose: `limit` out of range or a `cursor` that is not
    one of this API's give `400 invalid-request`, bad conditions `400 validation-failed`.
    Conditions the purpose may not use are refused with `400 validation-failed` too:
    purchase conditions for a purpose that does not see purchases, and RFM scores,
    segments and ABC classes (profiling, Art. 4(4)) for a purpose not flagged `profiling`
    in `purposes.toml` (the shipped `personalisation` and `targeted_advertising` are;
    an aggregate-only purpose may count by them), and `needs_attention` for a purpose that
    sees none of the event types it is read from. Only events collected for the purpose
    and within its retention period count.

    Args:
        x_purpose (str):
        body (SegmentQuery):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AccessDeniedProblem | RoleNotAllowedProblem | InternalProblem | InvalidPurposeProblem | InvalidRequestProblem | MissingPurposeProblem | UnknownPurposeProblem | ValidationFailedProblem | PayloadTooLargeProblem | SegmentCounts | SegmentMembers | TooManyRequestsProblem | UnauthorizedProblem | UnsupportedMediaTypeProblem
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
            x_purpose=x_purpose,
        )
    ).parsed
