from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.event_batch import EventBatch
from ...models.event_batch_result import EventBatchResult
from ...models.internal_problem import InternalProblem
from ...models.invalid_request_problem import InvalidRequestProblem
from ...models.payload_too_large_problem import PayloadTooLargeProblem
from ...models.role_not_allowed_problem import RoleNotAllowedProblem
from ...models.too_many_requests_problem import TooManyRequestsProblem
from ...models.unauthorized_problem import UnauthorizedProblem
from ...models.unsupported_media_type_problem import UnsupportedMediaTypeProblem
from ...types import Response


def _get_kwargs(
    *,
    body: EventBatch,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/events",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> (
    EventBatchResult
    | InternalProblem
    | InvalidRequestProblem
    | PayloadTooLargeProblem
    | RoleNotAllowedProblem
    | TooManyRequestsProblem
    | UnauthorizedProblem
    | UnsupportedMediaTypeProblem
    | None
):
    if response.status_code == 200:
        response_200 = EventBatchResult.from_dict(response.json())

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
    EventBatchResult
    | InternalProblem
    | InvalidRequestProblem
    | PayloadTooLargeProblem
    | RoleNotAllowedProblem
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
    body: EventBatch,
) -> Response[
    EventBatchResult
    | InternalProblem
    | InvalidRequestProblem
    | PayloadTooLargeProblem
    | RoleNotAllowedProblem
    | TooManyRequestsProblem
    | UnauthorizedProblem
    | UnsupportedMediaTypeProblem
]:
    """Ingest behavioural events

     Ingests up to 1000 behavioural events (body up to 4194304 bytes) and answers per
    event, in order. Each event is checked on its own: one bad event never drops the good
    ones, and the answer is `200` whatever their outcomes; only a malformed request as a
    whole is refused.

    **Who may call it:** roles `client` and `admin`.

    For each event, in this order:
    1. its shape: `id`, `subject`, `channel`, `occurred_at` (RFC 3339, not more than
       5 minutes ahead of the vault's clock, not before 2000) → else `invalid`;
    2. its `type` must be an event type of the policy (`policies/events.toml`) → else
       `unknown_event_type`; its `properties` are checked against that type (only the
       listed properties, each of its property type, required ones present, and no value
       that looks like an email address or a phone number) → else `invalid_properties`;
    3. its subject is found by id or by identifier (through the blind index). A
       `device_id` or `marketplace_id` no subject holds yet opens an anonymous subject,
       to be linked to a customer later (`POST /v1/subjects/{id}/identifiers`); any other
       unknown, merged or erased subject → `unknown_subject`;
    4. a restricted subject → `restricted`; otherwise the event is kept only if some
       purpose that uses its type may process it now (consent, objection); else the first
       such purpose's reason (`no_consent`, `consent_withdrawn`, `objected`, …).

    **Negative feedback** (`message_bounced`, `spam_complaint`, `unsubscribe`) must name the
    contact channel the message went out on (`email`, `sms`, `push`, `app`, `call_centre`,
    `post`), else `invalid` at `/channel`. Once its subject is found, the vault acts on it
    whether or not the event itself is kept (the answer is the same as for any event): a
    hard bounce suppresses the channel until the address is rectified (`PATCH
    /v1/subjects/{id}`); a spam complaint or an unsubscribe appends a withdrawal to the
    consent ledger for every consent-based direct-marketing purpose on the channel whose
    consent was granted before the event occurred (source: the channel, evidence
    `event_ref`: the event's id, audited `consent.withdrawn` with reason `spam_complaint`
    or `unsubscribe`) and an objection to direct marketing for a legitimate-interest one;
    a spam complaint also suppresses the channel for marketing until a consent for a
    purpose on it is granted again. Suppressions are audited `channel.suppressed` and
    `channel.suppression_lifted`. A repeated event records nothing more.

    An event that names its customer **by identifier** is answered with less, so that a
    batch of addresses cannot tell who is a customer or in what state (the look-up hides
    that too): it is stored only if some purpose the calling client is registered for may
    see the customer now, and every refusal that depends on the customer (none found, not
    visible to the caller, restricted, no consent, objected) is the one answer
    `not_collected`; the real reason is in the audit log (`events.ingest`). Each such event
    costs one request of the caller's rate limit, like the look-up it amounts to
    (`429` when the bucket cannot pay for the batch). Unknown `device_id` and
    `marketplace_id` values still open anonymous subjects (see step 3), so that answer
    tells nothing about who is a customer.

    An event's `id` makes delivery idempotent per calling client and customer: an id
    this client already sent for the same customer is answered `duplicate` and stores
    nothing (the same id sent for another customer is another event). Events are stored under the
    subject's pseudonym in the behaviour store, never with a direct identifier. Audited as
    `events.ingest`: one allowed entry per subject with the event types stored, one denied
    entry per subject and refusal reason.

    Args:
        body (EventBatch):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[EventBatchResult | InternalProblem | InvalidRequestProblem | PayloadTooLargeProblem | RoleNotAllowedProblem | TooManyRequestsProblem | UnauthorizedProblem | UnsupportedMediaTypeProblem]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    body: EventBatch,
) -> (
    EventBatchResult
    | InternalProblem
    | InvalidRequestProblem
    | PayloadTooLargeProblem
    | RoleNotAllowedProblem
    | TooManyRequestsProblem
    | UnauthorizedProblem
    | UnsupportedMediaTypeProblem
    | None
):
    """Ingest behavioural events

     Ingests up to 1000 behavioural events (body up to 4194304 bytes) and answers per
    event, in order. Each event is checked on its own: one bad event never drops the good
    ones, and the answer is `200` whatever their outcomes; only a malformed request as a
    whole is refused.

    **Who may call it:** roles `client` and `admin`.

    For each event, in this order:
    1. its shape: `id`, `subject`, `channel`, `occurred_at` (RFC 3339, not more than
       5 minutes ahead of the vault's clock, not before 2000) → else `invalid`;
    2. its `type` must be an event type of the policy (`policies/events.toml`) → else
       `unknown_event_type`; its `properties` are checked against that type (only the
       listed properties, each of its property type, required ones present, and no value
       that looks like an email address or a phone number) → else `invalid_properties`;
    3. its subject is found by id or by identifier (through the blind index). A
       `device_id` or `marketplace_id` no subject holds yet opens an anonymous subject,
       to be linked to a customer later (`POST /v1/subjects/{id}/identifiers`); any other
       unknown, merged or erased subject → `unknown_subject`;
    4. a restricted subject → `restricted`; otherwise the event is kept only if some
       purpose that uses its type may process it now (consent, objection); else the first
       such purpose's reason (`no_consent`, `consent_withdrawn`, `objected`, …).

    **Negative feedback** (`message_bounced`, `spam_complaint`, `unsubscribe`) must name the
    contact channel the message went out on (`email`, `sms`, `push`, `app`, `call_centre`,
    `post`), else `invalid` at `/channel`. Once its subject is found, the vault acts on it
    whether or not the event itself is kept (the answer is the same as for any event): a
    hard bounce suppresses the channel until the address is rectified (`PATCH
    /v1/subjects/{id}`); a spam complaint or an unsubscribe appends a withdrawal to the
    consent ledger for every consent-based direct-marketing purpose on the channel whose
    consent was granted before the event occurred (source: the channel, evidence
    `event_ref`: the event's id, audited `consent.withdrawn` with reason `spam_complaint`
    or `unsubscribe`) and an objection to direct marketing for a legitimate-interest one;
    a spam complaint also suppresses the channel for marketing until a consent for a
    purpose on it is granted again. Suppressions are audited `channel.suppressed` and
    `channel.suppression_lifted`. A repeated event records nothing more.

    An event that names its customer **by identifier** is answered with less, so that a
    batch of addresses cannot tell who is a customer or in what state (the look-up hides
    that too): it is stored only if some purpose the calling client is registered for may
    see the customer now, and every refusal that depends on the customer (none found, not
    visible to the caller, restricted, no consent, objected) is the one answer
    `not_collected`; the real reason is in the audit log (`events.ingest`). Each such event
    costs one request of the caller's rate limit, like the look-up it amounts to
    (`429` when the bucket cannot pay for the batch). Unknown `device_id` and
    `marketplace_id` values still open anonymous subjects (see step 3), so that answer
    tells nothing about who is a customer.

    An event's `id` makes delivery idempotent per calling client and customer: an id
    this client already sent for the same customer is answered `duplicate` and stores
    nothing (the same id sent for another customer is another event). Events are stored under the
    subject's pseudonym in the behaviour store, never with a direct identifier. Audited as
    `events.ingest`: one allowed entry per subject with the event types stored, one denied
    entry per subject and refusal reason.

    Args:
        body (EventBatch):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        EventBatchResult | InternalProblem | InvalidRequestProblem | PayloadTooLargeProblem | RoleNotAllowedProblem | TooManyRequestsProblem | UnauthorizedProblem | UnsupportedMediaTypeProblem
    """

    return sync_detailed(
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: EventBatch,
) -> Response[
    EventBatchResult
    | InternalProblem
    | InvalidRequestProblem
    | PayloadTooLargeProblem
    | RoleNotAllowedProblem
    | TooManyRequestsProblem
    | UnauthorizedProblem
    | UnsupportedMediaTypeProblem
]:
    """Ingest behavioural events

     Ingests up to 1000 behavioural events (body up to 4194304 bytes) and answers per
    event, in order. Each event is checked on its own: one bad event never drops the good
    ones, and the answer is `200` whatever their outcomes; only a malformed request as a
    whole is refused.

    **Who may call it:** roles `client` and `admin`.

    For each event, in this order:
    1. its shape: `id`, `subject`, `channel`, `occurred_at` (RFC 3339, not more than
       5 minutes ahead of the vault's clock, not before 2000) → else `invalid`;
    2. its `type` must be an event type of the policy (`policies/events.toml`) → else
       `unknown_event_type`; its `properties` are checked against that type (only the
       listed properties, each of its property type, required ones present, and no value
       that looks like an email address or a phone number) → else `invalid_properties`;
    3. its subject is found by id or by identifier (through the blind index). A
       `device_id` or `marketplace_id` no subject holds yet opens an anonymous subject,
       to be linked to a customer later (`POST /v1/subjects/{id}/identifiers`); any other
       unknown, merged or erased subject → `unknown_subject`;
    4. a restricted subject → `restricted`; otherwise the event is kept only if some
       purpose that uses its type may process it now (consent, objection); else the first
       such purpose's reason (`no_consent`, `consent_withdrawn`, `objected`, …).

    **Negative feedback** (`message_bounced`, `spam_complaint`, `unsubscribe`) must name the
    contact channel the message went out on (`email`, `sms`, `push`, `app`, `call_centre`,
    `post`), else `invalid` at `/channel`. Once its subject is found, the vault acts on it
    whether or not the event itself is kept (the answer is the same as for any event): a
    hard bounce suppresses the channel until the address is rectified (`PATCH
    /v1/subjects/{id}`); a spam complaint or an unsubscribe appends a withdrawal to the
    consent ledger for every consent-based direct-marketing purpose on the channel whose
    consent was granted before the event occurred (source: the channel, evidence
    `event_ref`: the event's id, audited `consent.withdrawn` with reason `spam_complaint`
    or `unsubscribe`) and an objection to direct marketing for a legitimate-interest one;
    a spam complaint also suppresses the channel for marketing until a consent for a
    purpose on it is granted again. Suppressions are audited `channel.suppressed` and
    `channel.suppression_lifted`. A repeated event records nothing more.

    An event that names its customer **by identifier** is answered with less, so that a
    batch of addresses cannot tell who is a customer or in what state (the look-up hides
    that too): it is stored only if some purpose the calling client is registered for may
    see the customer now, and every refusal that depends on the customer (none found, not
    visible to the caller, restricted, no consent, objected) is the one answer
    `not_collected`; the real reason is in the audit log (`events.ingest`). Each such event
    costs one request of the caller's rate limit, like the look-up it amounts to
    (`429` when the bucket cannot pay for the batch). Unknown `device_id` and
    `marketplace_id` values still open anonymous subjects (see step 3), so that answer
    tells nothing about who is a customer.

    An event's `id` makes delivery idempotent per calling client and customer: an id
    this client already sent for the same customer is answered `duplicate` and stores
    nothing (the same id sent for another customer is another event). Events are stored under the
    subject's pseudonym in the behaviour store, never with a direct identifier. Audited as
    `events.ingest`: one allowed entry per subject with the event types stored, one denied
    entry per subject and refusal reason.

    Args:
        body (EventBatch):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[EventBatchResult | InternalProblem | InvalidRequestProblem | PayloadTooLargeProblem | RoleNotAllowedProblem | TooManyRequestsProblem | UnauthorizedProblem | UnsupportedMediaTypeProblem]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    body: EventBatch,
) -> (
    EventBatchResult
    | InternalProblem
    | InvalidRequestProblem
    | PayloadTooLargeProblem
    | RoleNotAllowedProblem
    | TooManyRequestsProblem
    | UnauthorizedProblem
    | UnsupportedMediaTypeProblem
    | None
):
    """Ingest behavioural events

     Ingests up to 1000 behavioural events (body up to 4194304 bytes) and answers per
    event, in order. Each event is checked on its own: one bad event never drops the good
    ones, and the answer is `200` whatever their outcomes; only a malformed request as a
    whole is refused.

    **Who may call it:** roles `client` and `admin`.

    For each event, in this order:
    1. its shape: `id`, `subject`, `channel`, `occurred_at` (RFC 3339, not more than
       5 minutes ahead of the vault's clock, not before 2000) → else `invalid`;
    2. its `type` must be an event type of the policy (`policies/events.toml`) → else
       `unknown_event_type`; its `properties` are checked against that type (only the
       listed properties, each of its property type, required ones present, and no value
       that looks like an email address or a phone number) → else `invalid_properties`;
    3. its subject is found by id or by identifier (through the blind index). A
       `device_id` or `marketplace_id` no subject holds yet opens an anonymous subject,
       to be linked to a customer later (`POST /v1/subjects/{id}/identifiers`); any other
       unknown, merged or erased subject → `unknown_subject`;
    4. a restricted subject → `restricted`; otherwise the event is kept only if some
       purpose that uses its type may process it now (consent, objection); else the first
       such purpose's reason (`no_consent`, `consent_withdrawn`, `objected`, …).

    **Negative feedback** (`message_bounced`, `spam_complaint`, `unsubscribe`) must name the
    contact channel the message went out on (`email`, `sms`, `push`, `app`, `call_centre`,
    `post`), else `invalid` at `/channel`. Once its subject is found, the vault acts on it
    whether or not the event itself is kept (the answer is the same as for any event): a
    hard bounce suppresses the channel until the address is rectified (`PATCH
    /v1/subjects/{id}`); a spam complaint or an unsubscribe appends a withdrawal to the
    consent ledger for every consent-based direct-marketing purpose on the channel whose
    consent was granted before the event occurred (source: the channel, evidence
    `event_ref`: the event's id, audited `consent.withdrawn` with reason `spam_complaint`
    or `unsubscribe`) and an objection to direct marketing for a legitimate-interest one;
    a spam complaint also suppresses the channel for marketing until a consent for a
    purpose on it is granted again. Suppressions are audited `channel.suppressed` and
    `channel.suppression_lifted`. A repeated event records nothing more.

    An event that names its customer **by identifier** is answered with less, so that a
    batch of addresses cannot tell who is a customer or in what state (the look-up hides
    that too): it is stored only if some purpose the calling client is registered for may
    see the customer now, and every refusal that depends on the customer (none found, not
    visible to the caller, restricted, no consent, objected) is the one answer
    `not_collected`; the real reason is in the audit log (`events.ingest`). Each such event
    costs one request of the caller's rate limit, like the look-up it amounts to
    (`429` when the bucket cannot pay for the batch). Unknown `device_id` and
    `marketplace_id` values still open anonymous subjects (see step 3), so that answer
    tells nothing about who is a customer.

    An event's `id` makes delivery idempotent per calling client and customer: an id
    this client already sent for the same customer is answered `duplicate` and stores
    nothing (the same id sent for another customer is another event). Events are stored under the
    subject's pseudonym in the behaviour store, never with a direct identifier. Audited as
    `events.ingest`: one allowed entry per subject with the event types stored, one denied
    entry per subject and refusal reason.

    Args:
        body (EventBatch):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        EventBatchResult | InternalProblem | InvalidRequestProblem | PayloadTooLargeProblem | RoleNotAllowedProblem | TooManyRequestsProblem | UnauthorizedProblem | UnsupportedMediaTypeProblem
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
        )
    ).parsed
