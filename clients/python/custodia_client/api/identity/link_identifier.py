from http import HTTPStatus
from typing import Any
from urllib.parse import quote
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.gone_problem import GoneProblem
from ...models.identifier_input import IdentifierInput
from ...models.identifier_taken_problem import IdentifierTakenProblem
from ...models.internal_problem import InternalProblem
from ...models.invalid_request_problem import InvalidRequestProblem
from ...models.link_result import LinkResult
from ...models.not_found_problem import NotFoundProblem
from ...models.payload_too_large_problem import PayloadTooLargeProblem
from ...models.role_not_allowed_problem import RoleNotAllowedProblem
from ...models.too_many_requests_problem import TooManyRequestsProblem
from ...models.unauthorized_problem import UnauthorizedProblem
from ...models.unsupported_media_type_problem import UnsupportedMediaTypeProblem
from ...models.validation_failed_problem import ValidationFailedProblem
from ...types import Response


def _get_kwargs(
    id: UUID,
    *,
    body: IdentifierInput,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/subjects/{id}/identifiers".format(
            id=quote(str(id), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> (
    GoneProblem
    | IdentifierTakenProblem
    | InternalProblem
    | InvalidRequestProblem
    | ValidationFailedProblem
    | LinkResult
    | NotFoundProblem
    | PayloadTooLargeProblem
    | RoleNotAllowedProblem
    | TooManyRequestsProblem
    | UnauthorizedProblem
    | UnsupportedMediaTypeProblem
    | None
):
    if response.status_code == 200:
        response_200 = LinkResult.from_dict(response.json())

        return response_200

    if response.status_code == 201:
        response_201 = LinkResult.from_dict(response.json())

        return response_201

    if response.status_code == 400:

        def _parse_response_400(data: object) -> InvalidRequestProblem | ValidationFailedProblem:
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                response_400_type_0 = InvalidRequestProblem.from_dict(data)

                return response_400_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, dict):
                raise TypeError()
            response_400_type_1 = ValidationFailedProblem.from_dict(data)

            return response_400_type_1

        response_400 = _parse_response_400(response.json())

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

    if response.status_code == 409:
        response_409 = IdentifierTakenProblem.from_dict(response.json())

        return response_409

    if response.status_code == 410:
        response_410 = GoneProblem.from_dict(response.json())

        return response_410

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
    GoneProblem
    | IdentifierTakenProblem
    | InternalProblem
    | InvalidRequestProblem
    | ValidationFailedProblem
    | LinkResult
    | NotFoundProblem
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
    id: UUID,
    *,
    client: AuthenticatedClient | Client,
    body: IdentifierInput,
) -> Response[
    GoneProblem
    | IdentifierTakenProblem
    | InternalProblem
    | InvalidRequestProblem
    | ValidationFailedProblem
    | LinkResult
    | NotFoundProblem
    | PayloadTooLargeProblem
    | RoleNotAllowedProblem
    | TooManyRequestsProblem
    | UnauthorizedProblem
    | UnsupportedMediaTypeProblem
]:
    """Link a channel identifier to a subject

     Links one channel identifier (an app's device id, a marketplace buyer id, a loyalty
    card, …) to the customer, so events and look-ups by it reach this subject.

    **Who may call it:** roles `dpo` and `admin`, and `client` when its policy allows
    identity management (`identity_management = true` in `policies/clients.toml`; the
    shipped `crm` does, the `mailer` does not). Any other client gets `403
    role-not-allowed`, audited (`identifier.link`, reason `identity_management_not_allowed`).

    The answer says what happened:
    - `added` (`201`): the identifier was free and now belongs to the subject;
    - `already_linked` (`200`): the subject already held it;
    - `absorbed_anonymous_subject` (`201`): it belonged to an anonymous subject (one opened
      by `POST /v1/events` for an unknown `device_id` or `marketplace_id`, or a record
      with identifiers only, no personal fields); that subject was merged into this one
      with every rule of `POST /v1/subjects/{id}/merge` (its objections, restriction and
      stricter consent decisions come along, its events move (`events_moved`)), and the
      merge can be undone with its `merge_id`.

    An identifier held by another customer who has personal fields is refused with
    `409 identifier-taken`: joining two customers is a merge
    (`POST /v1/subjects/{id}/merge`), decided by a person. The value is checked by the
    rules of its type (`400 validation-failed`, field `/type` or `/value`). An added
    email or phone that belonged to an erased customer flags the subject (`flags:
    [matches_erased_identifier]` in the answer for roles `admin` and `dpo` only). Audited
    as `identifier.link` (with
    `identifiers.<type>`; reason `suppression_match` when it flagged the subject), and an
    absorption also as `subject.merge` on this subject and `subject.merged` on the
    absorbed one.

    Args:
        id (UUID):
        body (IdentifierInput): One channel identifier. The value is checked by the rules of its
            type: `email` as an
            email address (stored lower-cased), `phone` as a phone number (stored in E.164),
            every other type as 1 to 128 characters without control characters.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[GoneProblem | IdentifierTakenProblem | InternalProblem | InvalidRequestProblem | ValidationFailedProblem | LinkResult | NotFoundProblem | PayloadTooLargeProblem | RoleNotAllowedProblem | TooManyRequestsProblem | UnauthorizedProblem | UnsupportedMediaTypeProblem]
    """

    kwargs = _get_kwargs(
        id=id,
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    id: UUID,
    *,
    client: AuthenticatedClient | Client,
    body: IdentifierInput,
) -> (
    GoneProblem
    | IdentifierTakenProblem
    | InternalProblem
    | InvalidRequestProblem
    | ValidationFailedProblem
    | LinkResult
    | NotFoundProblem
    | PayloadTooLargeProblem
    | RoleNotAllowedProblem
    | TooManyRequestsProblem
    | UnauthorizedProblem
    | UnsupportedMediaTypeProblem
    | None
):
    """Link a channel identifier to a subject

     Links one channel identifier (an app's device id, a marketplace buyer id, a loyalty
    card, …) to the customer, so events and look-ups by it reach this subject.

    **Who may call it:** roles `dpo` and `admin`, and `client` when its policy allows
    identity management (`identity_management = true` in `policies/clients.toml`; the
    shipped `crm` does, the `mailer` does not). Any other client gets `403
    role-not-allowed`, audited (`identifier.link`, reason `identity_management_not_allowed`).

    The answer says what happened:
    - `added` (`201`): the identifier was free and now belongs to the subject;
    - `already_linked` (`200`): the subject already held it;
    - `absorbed_anonymous_subject` (`201`): it belonged to an anonymous subject (one opened
      by `POST /v1/events` for an unknown `device_id` or `marketplace_id`, or a record
      with identifiers only, no personal fields); that subject was merged into this one
      with every rule of `POST /v1/subjects/{id}/merge` (its objections, restriction and
      stricter consent decisions come along, its events move (`events_moved`)), and the
      merge can be undone with its `merge_id`.

    An identifier held by another customer who has personal fields is refused with
    `409 identifier-taken`: joining two customers is a merge
    (`POST /v1/subjects/{id}/merge`), decided by a person. The value is checked by the
    rules of its type (`400 validation-failed`, field `/type` or `/value`). An added
    email or phone that belonged to an erased customer flags the subject (`flags:
    [matches_erased_identifier]` in the answer for roles `admin` and `dpo` only). Audited
    as `identifier.link` (with
    `identifiers.<type>`; reason `suppression_match` when it flagged the subject), and an
    absorption also as `subject.merge` on this subject and `subject.merged` on the
    absorbed one.

    Args:
        id (UUID):
        body (IdentifierInput): One channel identifier. The value is checked by the rules of its
            type: `email` as an
            email address (stored lower-cased), `phone` as a phone number (stored in E.164),
            every other type as 1 to 128 characters without control characters.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        GoneProblem | IdentifierTakenProblem | InternalProblem | InvalidRequestProblem | ValidationFailedProblem | LinkResult | NotFoundProblem | PayloadTooLargeProblem | RoleNotAllowedProblem | TooManyRequestsProblem | UnauthorizedProblem | UnsupportedMediaTypeProblem
    """

    return sync_detailed(
        id=id,
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    id: UUID,
    *,
    client: AuthenticatedClient | Client,
    body: IdentifierInput,
) -> Response[
    GoneProblem
    | IdentifierTakenProblem
    | InternalProblem
    | InvalidRequestProblem
    | ValidationFailedProblem
    | LinkResult
    | NotFoundProblem
    | PayloadTooLargeProblem
    | RoleNotAllowedProblem
    | TooManyRequestsProblem
    | UnauthorizedProblem
    | UnsupportedMediaTypeProblem
]:
    """Link a channel identifier to a subject

     Links one channel identifier (an app's device id, a marketplace buyer id, a loyalty
    card, …) to the customer, so events and look-ups by it reach this subject.

    **Who may call it:** roles `dpo` and `admin`, and `client` when its policy allows
    identity management (`identity_management = true` in `policies/clients.toml`; the
    shipped `crm` does, the `mailer` does not). Any other client gets `403
    role-not-allowed`, audited (`identifier.link`, reason `identity_management_not_allowed`).

    The answer says what happened:
    - `added` (`201`): the identifier was free and now belongs to the subject;
    - `already_linked` (`200`): the subject already held it;
    - `absorbed_anonymous_subject` (`201`): it belonged to an anonymous subject (one opened
      by `POST /v1/events` for an unknown `device_id` or `marketplace_id`, or a record
      with identifiers only, no personal fields); that subject was merged into this one
      with every rule of `POST /v1/subjects/{id}/merge` (its objections, restriction and
      stricter consent decisions come along, its events move (`events_moved`)), and the
      merge can be undone with its `merge_id`.

    An identifier held by another customer who has personal fields is refused with
    `409 identifier-taken`: joining two customers is a merge
    (`POST /v1/subjects/{id}/merge`), decided by a person. The value is checked by the
    rules of its type (`400 validation-failed`, field `/type` or `/value`). An added
    email or phone that belonged to an erased customer flags the subject (`flags:
    [matches_erased_identifier]` in the answer for roles `admin` and `dpo` only). Audited
    as `identifier.link` (with
    `identifiers.<type>`; reason `suppression_match` when it flagged the subject), and an
    absorption also as `subject.merge` on this subject and `subject.merged` on the
    absorbed one.

    Args:
        id (UUID):
        body (IdentifierInput): One channel identifier. The value is checked by the rules of its
            type: `email` as an
            email address (stored lower-cased), `phone` as a phone number (stored in E.164),
            every other type as 1 to 128 characters without control characters.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[GoneProblem | IdentifierTakenProblem | InternalProblem | InvalidRequestProblem | ValidationFailedProblem | LinkResult | NotFoundProblem | PayloadTooLargeProblem | RoleNotAllowedProblem | TooManyRequestsProblem | UnauthorizedProblem | UnsupportedMediaTypeProblem]
    """

    kwargs = _get_kwargs(
        id=id,
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    id: UUID,
    *,
    client: AuthenticatedClient | Client,
    body: IdentifierInput,
) -> (
    GoneProblem
    | IdentifierTakenProblem
    | InternalProblem
    | InvalidRequestProblem
    | ValidationFailedProblem
    | LinkResult
    | NotFoundProblem
    | PayloadTooLargeProblem
    | RoleNotAllowedProblem
    | TooManyRequestsProblem
    | UnauthorizedProblem
    | UnsupportedMediaTypeProblem
    | None
):
    """Link a channel identifier to a subject

     Links one channel identifier (an app's device id, a marketplace buyer id, a loyalty
    card, …) to the customer, so events and look-ups by it reach this subject.

    **Who may call it:** roles `dpo` and `admin`, and `client` when its policy allows
    identity management (`identity_management = true` in `policies/clients.toml`; the
    shipped `crm` does, the `mailer` does not). Any other client gets `403
    role-not-allowed`, audited (`identifier.link`, reason `identity_management_not_allowed`).

    The answer says what happened:
    - `added` (`201`): the identifier was free and now belongs to the subject;
    - `already_linked` (`200`): the subject already held it;
    - `absorbed_anonymous_subject` (`201`): it belonged to an anonymous subject (one opened
      by `POST /v1/events` for an unknown `device_id` or `marketplace_id`, or a record
      with identifiers only, no personal fields); that subject was merged into this one
      with every rule of `POST /v1/subjects/{id}/merge` (its objections, restriction and
      stricter consent decisions come along, its events move (`events_moved`)), and the
      merge can be undone with its `merge_id`.

    An identifier held by another customer who has personal fields is refused with
    `409 identifier-taken`: joining two customers is a merge
    (`POST /v1/subjects/{id}/merge`), decided by a person. The value is checked by the
    rules of its type (`400 validation-failed`, field `/type` or `/value`). An added
    email or phone that belonged to an erased customer flags the subject (`flags:
    [matches_erased_identifier]` in the answer for roles `admin` and `dpo` only). Audited
    as `identifier.link` (with
    `identifiers.<type>`; reason `suppression_match` when it flagged the subject), and an
    absorption also as `subject.merge` on this subject and `subject.merged` on the
    absorbed one.

    Args:
        id (UUID):
        body (IdentifierInput): One channel identifier. The value is checked by the rules of its
            type: `email` as an
            email address (stored lower-cased), `phone` as a phone number (stored in E.164),
            every other type as 1 to 128 characters without control characters.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        GoneProblem | IdentifierTakenProblem | InternalProblem | InvalidRequestProblem | ValidationFailedProblem | LinkResult | NotFoundProblem | PayloadTooLargeProblem | RoleNotAllowedProblem | TooManyRequestsProblem | UnauthorizedProblem | UnsupportedMediaTypeProblem
    """

    return (
        await asyncio_detailed(
            id=id,
            client=client,
            body=body,
        )
    ).parsed
