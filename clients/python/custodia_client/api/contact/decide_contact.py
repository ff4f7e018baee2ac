from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.access_denied_problem import AccessDeniedProblem
from ...models.contact_decision import ContactDecision
from ...models.contact_decision_request import ContactDecisionRequest
from ...models.internal_problem import InternalProblem
from ...models.invalid_purpose_problem import InvalidPurposeProblem
from ...models.invalid_request_problem import InvalidRequestProblem
from ...models.missing_purpose_problem import MissingPurposeProblem
from ...models.payload_too_large_problem import PayloadTooLargeProblem
from ...models.role_not_allowed_problem import RoleNotAllowedProblem
from ...models.too_many_requests_problem import TooManyRequestsProblem
from ...models.unauthorized_problem import UnauthorizedProblem
from ...models.unknown_purpose_problem import UnknownPurposeProblem
from ...models.unsupported_media_type_problem import UnsupportedMediaTypeProblem
from ...models.validation_failed_problem import ValidationFailedProblem
from ...types import Response


def _get_kwargs(
    *,
    body: ContactDecisionRequest,
    x_purpose: str,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    headers["X-Purpose"] = x_purpose

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/contact-decisions",
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
    | ContactDecision
    | InternalProblem
    | InvalidPurposeProblem
    | InvalidRequestProblem
    | MissingPurposeProblem
    | UnknownPurposeProblem
    | ValidationFailedProblem
    | PayloadTooLargeProblem
    | TooManyRequestsProblem
    | UnauthorizedProblem
    | UnsupportedMediaTypeProblem
    | None
):
    if response.status_code == 200:
        response_200 = ContactDecision.from_dict(response.json())

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
    | ContactDecision
    | InternalProblem
    | InvalidPurposeProblem
    | InvalidRequestProblem
    | MissingPurposeProblem
    | UnknownPurposeProblem
    | ValidationFailedProblem
    | PayloadTooLargeProblem
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
    body: ContactDecisionRequest,
    x_purpose: str,
) -> Response[
    AccessDeniedProblem
    | RoleNotAllowedProblem
    | ContactDecision
    | InternalProblem
    | InvalidPurposeProblem
    | InvalidRequestProblem
    | MissingPurposeProblem
    | UnknownPurposeProblem
    | ValidationFailedProblem
    | PayloadTooLargeProblem
    | TooManyRequestsProblem
    | UnauthorizedProblem
    | UnsupportedMediaTypeProblem
]:
    """May we contact this customer, now, on this channel?

     The one contact decision a sender asks before every message (issue 11), for the
    purpose in `X-Purpose` and a channel the purpose contacts on (`contact_channels` in
    `purposes.toml`; another channel answers `400 validation-failed` at `/channel`).
    Answers `allow` (with the legal basis as `reason`), `defer` (not now, with
    `next_allowed_at`) or `deny`, checked in this order, the first refusal winning:
    - `not_found` (no such subject, or a merged-away id), `erased`;
    - the one policy decision: `restricted`, `minor`, `no_consent`, `consent_withdrawn`,
      `consent_refused`, `consent_expired`, `reconsent_required`, `objected`;
    - `no_address`: the customer has no address for the channel (email; phone for `sms`
      and `phone`; a device id for `push`; a street address for `post`);
    - `suppressed`: a hard bounce on the channel, or a spam complaint (not for service
      messages);
    - for purposes that are not service messages (service messages: purposes based on a
      contract or a legal obligation): `channel_opted_out` (deny), `quiet_hours` (defer
      until they end, in the customer's time zone) and `frequency_cap` (defer until the
      oldest send of the last 7 days that counts drops out; the cap is the customer's
      `max_per_week` or the policy's default).

    With `record_send: true`, an `allow` also counts the send (a `message_sent` event in
    the behaviour store, `send_recorded: true`), in the same transaction that counts the
    cap: two senders racing for the last place under a cap cannot both get `allow`.

    A customer named by `identifier` whom the purpose may not see (unknown, erased, no
    consent, objection, restriction) is answered `deny` / `not_found`, exactly as a
    stranger: the look-up hides the same. By `id` the reason is given. Every decision is
    audited (`contact.decision`, reason `<channel>:<reason>`).

    **Who may call it:** role `client`. `X-Purpose` is required.

    Args:
        x_purpose (str):
        body (ContactDecisionRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AccessDeniedProblem | RoleNotAllowedProblem | ContactDecision | InternalProblem | InvalidPurposeProblem | InvalidRequestProblem | MissingPurposeProblem | UnknownPurposeProblem | ValidationFailedProblem | PayloadTooLargeProblem | TooManyRequestsProblem | UnauthorizedProblem | UnsupportedMediaTypeProblem]
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
    body: ContactDecisionRequest,
    x_purpose: str,
) -> (
    AccessDeniedProblem
    | RoleNotAllowedProblem
    | ContactDecision
    | InternalProblem
    | InvalidPurposeProblem
    | InvalidRequestProblem
    | MissingPurposeProblem
    | UnknownPurposeProblem
    | ValidationFailedProblem
    | PayloadTooLargeProblem
    | TooManyRequestsProblem
    | UnauthorizedProblem
    | UnsupportedMediaTypeProblem
    | None
):
    """May we contact this customer, now, on this channel?

     The one contact decision a sender asks before every message (issue 11), for the
    purpose in `X-Purpose` and a channel the purpose contacts on (`contact_channels` in
    `purposes.toml`; another channel answers `400 validation-failed` at `/channel`).
    Answers `allow` (with the legal basis as `reason`), `defer` (not now, with
    `next_allowed_at`) or `deny`, checked in this order, the first refusal winning:
    - `not_found` (no such subject, or a merged-away id), `erased`;
    - the one policy decision: `restricted`, `minor`, `no_consent`, `consent_withdrawn`,
      `consent_refused`, `consent_expired`, `reconsent_required`, `objected`;
    - `no_address`: the customer has no address for the channel (email; phone for `sms`
      and `phone`; a device id for `push`; a street address for `post`);
    - `suppressed`: a hard bounce on the channel, or a spam complaint (not for service
      messages);
    - for purposes that are not service messages (service messages: purposes based on a
      contract or a legal obligation): `channel_opted_out` (deny), `quiet_hours` (defer
      until they end, in the customer's time zone) and `frequency_cap` (defer until the
      oldest send of the last 7 days that counts drops out; the cap is the customer's
      `max_per_week` or the policy's default).

    With `record_send: true`, an `allow` also counts the send (a `message_sent` event in
    the behaviour store, `send_recorded: true`), in the same transaction that counts the
    cap: two senders racing for the last place under a cap cannot both get `allow`.

    A customer named by `identifier` whom the purpose may not see (unknown, erased, no
    consent, objection, restriction) is answered `deny` / `not_found`, exactly as a
    stranger: the look-up hides the same. By `id` the reason is given. Every decision is
    audited (`contact.decision`, reason `<channel>:<reason>`).

    **Who may call it:** role `client`. `X-Purpose` is required.

    Args:
        x_purpose (str):
        body (ContactDecisionRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AccessDeniedProblem | RoleNotAllowedProblem | ContactDecision | InternalProblem | InvalidPurposeProblem | InvalidRequestProblem | MissingPurposeProblem | UnknownPurposeProblem | ValidationFailedProblem | PayloadTooLargeProblem | TooManyRequestsProblem | UnauthorizedProblem | UnsupportedMediaTypeProblem
    """

    return sync_detailed(
        client=client,
        body=body,
        x_purpose=x_purpose,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: ContactDecisionRequest,
    x_purpose: str,
) -> Response[
    AccessDeniedProblem
    | RoleNotAllowedProblem
    | ContactDecision
    | InternalProblem
    | InvalidPurposeProblem
    | InvalidRequestProblem
    | MissingPurposeProblem
    | UnknownPurposeProblem
    | ValidationFailedProblem
    | PayloadTooLargeProblem
    | TooManyRequestsProblem
    | UnauthorizedProblem
    | UnsupportedMediaTypeProblem
]:
    """May we contact this customer, now, on this channel?

     The one contact decision a sender asks before every message (issue 11), for the
    purpose in `X-Purpose` and a channel the purpose contacts on (`contact_channels` in
    `purposes.toml`; another channel answers `400 validation-failed` at `/channel`).
    Answers `allow` (with the legal basis as `reason`), `defer` (not now, with
    `next_allowed_at`) or `deny`, checked in this order, the first refusal winning:
    - `not_found` (no such subject, or a merged-away id), `erased`;
    - the one policy decision: `restricted`, `minor`, `no_consent`, `consent_withdrawn`,
      `consent_refused`, `consent_expired`, `reconsent_required`, `objected`;
    - `no_address`: the customer has no address for the channel (email; phone for `sms`
      and `phone`; a device id for `push`; a street address for `post`);
    - `suppressed`: a hard bounce on the channel, or a spam complaint (not for service
      messages);
    - for purposes that are not service messages (service messages: purposes based on a
      contract or a legal obligation): `channel_opted_out` (deny), `quiet_hours` (defer
      until they end, in the customer's time zone) and `frequency_cap` (defer until the
      oldest send of the last 7 days that counts drops out; the cap is the customer's
      `max_per_week` or the policy's default).

    With `record_send: true`, an `allow` also counts the send (a `message_sent` event in
    the behaviour store, `send_recorded: true`), in the same transaction that counts the
    cap: two senders racing for the last place under a cap cannot both get `allow`.

    A customer named by `identifier` whom the purpose may not see (unknown, erased, no
    consent, objection, restriction) is answered `deny` / `not_found`, exactly as a
    stranger: the look-up hides the same. By `id` the reason is given. Every decision is
    audited (`contact.decision`, reason `<channel>:<reason>`).

    **Who may call it:** role `client`. `X-Purpose` is required.

    Args:
        x_purpose (str):
        body (ContactDecisionRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AccessDeniedProblem | RoleNotAllowedProblem | ContactDecision | InternalProblem | InvalidPurposeProblem | InvalidRequestProblem | MissingPurposeProblem | UnknownPurposeProblem | ValidationFailedProblem | PayloadTooLargeProblem | TooManyRequestsProblem | UnauthorizedProblem | UnsupportedMediaTypeProblem]
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
    body: ContactDecisionRequest,
    x_purpose: str,
) -> (
    AccessDeniedProblem
    | RoleNotAllowedProblem
    | ContactDecision
    | InternalProblem
    | InvalidPurposeProblem
    | InvalidRequestProblem
    | MissingPurposeProblem
    | UnknownPurposeProblem
    | ValidationFailedProblem
    | PayloadTooLargeProblem
    | TooManyRequestsProblem
    | UnauthorizedProblem
    | UnsupportedMediaTypeProblem
    | None
):
    """May we contact this customer, now, on this channel?

     The one contact decision a sender asks before every message (issue 11), for the
    purpose in `X-Purpose` and a channel the purpose contacts on (`contact_channels` in
    `purposes.toml`; another channel answers `400 validation-failed` at `/channel`).
    Answers `allow` (with the legal basis as `reason`), `defer` (not now, with
    `next_allowed_at`) or `deny`, checked in this order, the first refusal winning:
    - `not_found` (no such subject, or a merged-away id), `erased`;
    - the one policy decision: `restricted`, `minor`, `no_consent`, `consent_withdrawn`,
      `consent_refused`, `consent_expired`, `reconsent_required`, `objected`;
    - `no_address`: the customer has no address for the channel (email; phone for `sms`
      and `phone`; a device id for `push`; a street address for `post`);
    - `suppressed`: a hard bounce on the channel, or a spam complaint (not for service
      messages);
    - for purposes that are not service messages (service messages: purposes based on a
      contract or a legal obligation): `channel_opted_out` (deny), `quiet_hours` (defer
      until they end, in the customer's time zone) and `frequency_cap` (defer until the
      oldest send of the last 7 days that counts drops out; the cap is the customer's
      `max_per_week` or the policy's default).

    With `record_send: true`, an `allow` also counts the send (a `message_sent` event in
    the behaviour store, `send_recorded: true`), in the same transaction that counts the
    cap: two senders racing for the last place under a cap cannot both get `allow`.

    A customer named by `identifier` whom the purpose may not see (unknown, erased, no
    consent, objection, restriction) is answered `deny` / `not_found`, exactly as a
    stranger: the look-up hides the same. By `id` the reason is given. Every decision is
    audited (`contact.decision`, reason `<channel>:<reason>`).

    **Who may call it:** role `client`. `X-Purpose` is required.

    Args:
        x_purpose (str):
        body (ContactDecisionRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AccessDeniedProblem | RoleNotAllowedProblem | ContactDecision | InternalProblem | InvalidPurposeProblem | InvalidRequestProblem | MissingPurposeProblem | UnknownPurposeProblem | ValidationFailedProblem | PayloadTooLargeProblem | TooManyRequestsProblem | UnauthorizedProblem | UnsupportedMediaTypeProblem
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
            x_purpose=x_purpose,
        )
    ).parsed
