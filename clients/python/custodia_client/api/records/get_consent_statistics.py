import datetime
from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.consent_statistics import ConsentStatistics
from ...models.get_consent_statistics_bucket import GetConsentStatisticsBucket
from ...models.internal_problem import InternalProblem
from ...models.invalid_request_problem import InvalidRequestProblem
from ...models.role_not_allowed_problem import RoleNotAllowedProblem
from ...models.too_many_requests_problem import TooManyRequestsProblem
from ...models.unauthorized_problem import UnauthorizedProblem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    from_: datetime.datetime | Unset = UNSET,
    to: datetime.datetime | Unset = UNSET,
    bucket: GetConsentStatisticsBucket | Unset = "week",
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_from_: str | Unset = UNSET
    if not isinstance(from_, Unset):
        json_from_ = from_.isoformat()
    params["from"] = json_from_

    json_to: str | Unset = UNSET
    if not isinstance(to, Unset):
        json_to = to.isoformat()
    params["to"] = json_to

    json_bucket: str | Unset = UNSET
    if not isinstance(bucket, Unset):
        json_bucket = bucket

    params["bucket"] = json_bucket

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/consent-statistics",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> (
    ConsentStatistics
    | InternalProblem
    | InvalidRequestProblem
    | RoleNotAllowedProblem
    | TooManyRequestsProblem
    | UnauthorizedProblem
    | None
):
    if response.status_code == 200:
        response_200 = ConsentStatistics.from_dict(response.json())

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
    ConsentStatistics
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
    from_: datetime.datetime | Unset = UNSET,
    to: datetime.datetime | Unset = UNSET,
    bucket: GetConsentStatisticsBucket | Unset = "week",
) -> Response[
    ConsentStatistics
    | InternalProblem
    | InvalidRequestProblem
    | RoleNotAllowedProblem
    | TooManyRequestsProblem
    | UnauthorizedProblem
]:
    """Consent statistics per purpose and source

     Aggregates of the consent ledger for every consent-based purpose of the policy (in
    policy order, zeros included), counted in the database; no record and no personal
    value leaves it.

    - `current`: how many people the vault holds whose newest record for the purpose is
      `granted`, `withdrawn` or `refused` now (whatever the window; a grant past its
      `expires_at`, or given under a notice that needs re-consent, still counts as
      `granted` here: it is the ledger's state, not a read decision). Erased people are not
      counted (their records stay in the ledger as proof of consent), nor subjects merged
      into another (the target carries the decision) or whose erasure a retention duty
      blocks.
    - `series`: the ledger's records whose recording time (the vault's clock, not the
      client's `collected_at`) lies in `[from, to)`, counted per source (the collection
      channel) and UTC bucket: days from 00:00, weeks from Monday 00:00, months from the
      1st 00:00. Only buckets with a record are listed, in order; the first and last
      bucket may reach outside the window. Records of erased people count here: they
      were recorded.

    Defaults: `to` now, `from` 90 days before `to`, `bucket` `week`. `from` must be
    before `to`, not before 1970, and at most 731 days before it (two years); otherwise
    `400 invalid-request`, as for an unknown bucket or a time that is not RFC 3339.

    **Who may call it:** roles `dpo` and `admin`. Not audited (aggregates only).

    Args:
        from_ (datetime.datetime | Unset):
        to (datetime.datetime | Unset):
        bucket (GetConsentStatisticsBucket | Unset):  Default: 'week'.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ConsentStatistics | InternalProblem | InvalidRequestProblem | RoleNotAllowedProblem | TooManyRequestsProblem | UnauthorizedProblem]
    """

    kwargs = _get_kwargs(
        from_=from_,
        to=to,
        bucket=bucket,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    from_: datetime.datetime | Unset = UNSET,
    to: datetime.datetime | Unset = UNSET,
    bucket: GetConsentStatisticsBucket | Unset = "week",
) -> (
    ConsentStatistics
    | InternalProblem
    | InvalidRequestProblem
    | RoleNotAllowedProblem
    | TooManyRequestsProblem
    | UnauthorizedProblem
    | None
):
    """Consent statistics per purpose and source

     Aggregates of the consent ledger for every consent-based purpose of the policy (in
    policy order, zeros included), counted in the database; no record and no personal
    value leaves it.

    - `current`: how many people the vault holds whose newest record for the purpose is
      `granted`, `withdrawn` or `refused` now (whatever the window; a grant past its
      `expires_at`, or given under a notice that needs re-consent, still counts as
      `granted` here: it is the ledger's state, not a read decision). Erased people are not
      counted (their records stay in the ledger as proof of consent), nor subjects merged
      into another (the target carries the decision) or whose erasure a retention duty
      blocks.
    - `series`: the ledger's records whose recording time (the vault's clock, not the
      client's `collected_at`) lies in `[from, to)`, counted per source (the collection
      channel) and UTC bucket: days from 00:00, weeks from Monday 00:00, months from the
      1st 00:00. Only buckets with a record are listed, in order; the first and last
      bucket may reach outside the window. Records of erased people count here: they
      were recorded.

    Defaults: `to` now, `from` 90 days before `to`, `bucket` `week`. `from` must be
    before `to`, not before 1970, and at most 731 days before it (two years); otherwise
    `400 invalid-request`, as for an unknown bucket or a time that is not RFC 3339.

    **Who may call it:** roles `dpo` and `admin`. Not audited (aggregates only).

    Args:
        from_ (datetime.datetime | Unset):
        to (datetime.datetime | Unset):
        bucket (GetConsentStatisticsBucket | Unset):  Default: 'week'.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ConsentStatistics | InternalProblem | InvalidRequestProblem | RoleNotAllowedProblem | TooManyRequestsProblem | UnauthorizedProblem
    """

    return sync_detailed(
        client=client,
        from_=from_,
        to=to,
        bucket=bucket,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    from_: datetime.datetime | Unset = UNSET,
    to: datetime.datetime | Unset = UNSET,
    bucket: GetConsentStatisticsBucket | Unset = "week",
) -> Response[
    ConsentStatistics
    | InternalProblem
    | InvalidRequestProblem
    | RoleNotAllowedProblem
    | TooManyRequestsProblem
    | UnauthorizedProblem
]:
    """Consent statistics per purpose and source

     Aggregates of the consent ledger for every consent-based purpose of the policy (in
    policy order, zeros included), counted in the database; no record and no personal
    value leaves it.

    - `current`: how many people the vault holds whose newest record for the purpose is
      `granted`, `withdrawn` or `refused` now (whatever the window; a grant past its
      `expires_at`, or given under a notice that needs re-consent, still counts as
      `granted` here: it is the ledger's state, not a read decision). Erased people are not
      counted (their records stay in the ledger as proof of consent), nor subjects merged
      into another (the target carries the decision) or whose erasure a retention duty
      blocks.
    - `series`: the ledger's records whose recording time (the vault's clock, not the
      client's `collected_at`) lies in `[from, to)`, counted per source (the collection
      channel) and UTC bucket: days from 00:00, weeks from Monday 00:00, months from the
      1st 00:00. Only buckets with a record are listed, in order; the first and last
      bucket may reach outside the window. Records of erased people count here: they
      were recorded.

    Defaults: `to` now, `from` 90 days before `to`, `bucket` `week`. `from` must be
    before `to`, not before 1970, and at most 731 days before it (two years); otherwise
    `400 invalid-request`, as for an unknown bucket or a time that is not RFC 3339.

    **Who may call it:** roles `dpo` and `admin`. Not audited (aggregates only).

    Args:
        from_ (datetime.datetime | Unset):
        to (datetime.datetime | Unset):
        bucket (GetConsentStatisticsBucket | Unset):  Default: 'week'.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ConsentStatistics | InternalProblem | InvalidRequestProblem | RoleNotAllowedProblem | TooManyRequestsProblem | UnauthorizedProblem]
    """

    kwargs = _get_kwargs(
        from_=from_,
        to=to,
        bucket=bucket,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    from_: datetime.datetime | Unset = UNSET,
    to: datetime.datetime | Unset = UNSET,
    bucket: GetConsentStatisticsBucket | Unset = "week",
) -> (
    ConsentStatistics
    | InternalProblem
    | InvalidRequestProblem
    | RoleNotAllowedProblem
    | TooManyRequestsProblem
    | UnauthorizedProblem
    | None
):
    """Consent statistics per purpose and source

     Aggregates of the consent ledger for every consent-based purpose of the policy (in
    policy order, zeros included), counted in the database; no record and no personal
    value leaves it.

    - `current`: how many people the vault holds whose newest record for the purpose is
      `granted`, `withdrawn` or `refused` now (whatever the window; a grant past its
      `expires_at`, or given under a notice that needs re-consent, still counts as
      `granted` here: it is the ledger's state, not a read decision). Erased people are not
      counted (their records stay in the ledger as proof of consent), nor subjects merged
      into another (the target carries the decision) or whose erasure a retention duty
      blocks.
    - `series`: the ledger's records whose recording time (the vault's clock, not the
      client's `collected_at`) lies in `[from, to)`, counted per source (the collection
      channel) and UTC bucket: days from 00:00, weeks from Monday 00:00, months from the
      1st 00:00. Only buckets with a record are listed, in order; the first and last
      bucket may reach outside the window. Records of erased people count here: they
      were recorded.

    Defaults: `to` now, `from` 90 days before `to`, `bucket` `week`. `from` must be
    before `to`, not before 1970, and at most 731 days before it (two years); otherwise
    `400 invalid-request`, as for an unknown bucket or a time that is not RFC 3339.

    **Who may call it:** roles `dpo` and `admin`. Not audited (aggregates only).

    Args:
        from_ (datetime.datetime | Unset):
        to (datetime.datetime | Unset):
        bucket (GetConsentStatisticsBucket | Unset):  Default: 'week'.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ConsentStatistics | InternalProblem | InvalidRequestProblem | RoleNotAllowedProblem | TooManyRequestsProblem | UnauthorizedProblem
    """

    return (
        await asyncio_detailed(
            client=client,
            from_=from_,
            to=to,
            bucket=bucket,
        )
    ).parsed
