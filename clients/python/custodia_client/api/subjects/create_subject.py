from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.create_subject import CreateSubject
from ...models.created import Created
from ...models.identifier_taken_problem import IdentifierTakenProblem
from ...models.internal_problem import InternalProblem
from ...models.invalid_request_problem import InvalidRequestProblem
from ...models.payload_too_large_problem import PayloadTooLargeProblem
from ...models.role_not_allowed_problem import RoleNotAllowedProblem
from ...models.too_many_requests_problem import TooManyRequestsProblem
from ...models.unauthorized_problem import UnauthorizedProblem
from ...models.unsupported_media_type_problem import UnsupportedMediaTypeProblem
from ...models.validation_failed_problem import ValidationFailedProblem
from ...types import Response


def _get_kwargs(
    *,
    body: CreateSubject,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/subjects",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> (
    Created
    | IdentifierTakenProblem
    | InternalProblem
    | InvalidRequestProblem
    | ValidationFailedProblem
    | PayloadTooLargeProblem
    | RoleNotAllowedProblem
    | TooManyRequestsProblem
    | UnauthorizedProblem
    | UnsupportedMediaTypeProblem
    | None
):
    if response.status_code == 201:
        response_201 = Created.from_dict(response.json())

        return response_201

    if response.status_code == 400:

        def _parse_response_400(data: object) -> InvalidRequestProblem | ValidationFailedProblem:
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                response_400_type_0 = ValidationFailedProblem.from_dict(data)

                return response_400_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, dict):
                raise TypeError()
            response_400_type_1 = InvalidRequestProblem.from_dict(data)

            return response_400_type_1

        response_400 = _parse_response_400(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = UnauthorizedProblem.from_dict(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = RoleNotAllowedProblem.from_dict(response.json())

        return response_403

    if response.status_code == 409:
        response_409 = IdentifierTakenProblem.from_dict(response.json())

        return response_409

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
    Created
    | IdentifierTakenProblem
    | InternalProblem
    | InvalidRequestProblem
    | ValidationFailedProblem
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
    body: CreateSubject,
) -> Response[
    Created
    | IdentifierTakenProblem
    | InternalProblem
    | InvalidRequestProblem
    | ValidationFailedProblem
    | PayloadTooLargeProblem
    | RoleNotAllowedProblem
    | TooManyRequestsProblem
    | UnauthorizedProblem
    | UnsupportedMediaTypeProblem
]:
    """Create a subject

     Stores a new customer with personal fields and channel identifiers. Each field is
    encrypted under a fresh per-subject data key; `email`, `phone` and every identifier
    become look-up keys (blind indexes). When an email or phone belonged to an erased
    customer (the suppression list keeps only those, for three years) the subject is still
    created and flagged (audit reason `suppression_match`); the answer carries
    `flags: [matches_erased_identifier]` for role `admin` only: a client is never told
    that a customer matches an erased one.

    **Who may call it:** roles `client` and `admin`.

    Input is canonicalised: values are trimmed, `phone` is stored in E.164 with spaces,
    dots, dashes and brackets dropped and a national trunk prefix written after the
    country code dropped (`+49 (0)151 …` and `+49 0151 …` are `+49151…`; where 0 is part
    of the number, as in Italy's `+39 06 …`, it is kept; see `PhoneInput`), `language` as `ll` or `ll-
    RR`, `postal_code` and
    `country` upper-cased, email identifiers lower-cased. At least one personal field or
    identifier is required. Every invalid field is reported at once in `errors`, each
    named by a JSON pointer into the body. The creation is written to the audit log
    (action `subject.create`, with the names of the fields stored, never their values),
    and so is a refusal because an identifier is already held by another subject (`409`).

    Args:
        body (CreateSubject): A new subject. Every property is optional, but at least one personal
            field or
            identifier must carry a value. `null` is accepted for any personal field and for
            `address` (and its parts) and means "not given". Unknown properties are refused.
            Values are trimmed before they are checked; lengths count Unicode characters after
            trimming, and text must not contain control characters.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Created | IdentifierTakenProblem | InternalProblem | InvalidRequestProblem | ValidationFailedProblem | PayloadTooLargeProblem | RoleNotAllowedProblem | TooManyRequestsProblem | UnauthorizedProblem | UnsupportedMediaTypeProblem]
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
    body: CreateSubject,
) -> (
    Created
    | IdentifierTakenProblem
    | InternalProblem
    | InvalidRequestProblem
    | ValidationFailedProblem
    | PayloadTooLargeProblem
    | RoleNotAllowedProblem
    | TooManyRequestsProblem
    | UnauthorizedProblem
    | UnsupportedMediaTypeProblem
    | None
):
    """Create a subject

     Stores a new customer with personal fields and channel identifiers. Each field is
    encrypted under a fresh per-subject data key; `email`, `phone` and every identifier
    become look-up keys (blind indexes). When an email or phone belonged to an erased
    customer (the suppression list keeps only those, for three years) the subject is still
    created and flagged (audit reason `suppression_match`); the answer carries
    `flags: [matches_erased_identifier]` for role `admin` only: a client is never told
    that a customer matches an erased one.

    **Who may call it:** roles `client` and `admin`.

    Input is canonicalised: values are trimmed, `phone` is stored in E.164 with spaces,
    dots, dashes and brackets dropped and a national trunk prefix written after the
    country code dropped (`+49 (0)151 …` and `+49 0151 …` are `+49151…`; where 0 is part
    of the number, as in Italy's `+39 06 …`, it is kept; see `PhoneInput`), `language` as `ll` or `ll-
    RR`, `postal_code` and
    `country` upper-cased, email identifiers lower-cased. At least one personal field or
    identifier is required. Every invalid field is reported at once in `errors`, each
    named by a JSON pointer into the body. The creation is written to the audit log
    (action `subject.create`, with the names of the fields stored, never their values),
    and so is a refusal because an identifier is already held by another subject (`409`).

    Args:
        body (CreateSubject): A new subject. Every property is optional, but at least one personal
            field or
            identifier must carry a value. `null` is accepted for any personal field and for
            `address` (and its parts) and means "not given". Unknown properties are refused.
            Values are trimmed before they are checked; lengths count Unicode characters after
            trimming, and text must not contain control characters.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Created | IdentifierTakenProblem | InternalProblem | InvalidRequestProblem | ValidationFailedProblem | PayloadTooLargeProblem | RoleNotAllowedProblem | TooManyRequestsProblem | UnauthorizedProblem | UnsupportedMediaTypeProblem
    """

    return sync_detailed(
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: CreateSubject,
) -> Response[
    Created
    | IdentifierTakenProblem
    | InternalProblem
    | InvalidRequestProblem
    | ValidationFailedProblem
    | PayloadTooLargeProblem
    | RoleNotAllowedProblem
    | TooManyRequestsProblem
    | UnauthorizedProblem
    | UnsupportedMediaTypeProblem
]:
    """Create a subject

     Stores a new customer with personal fields and channel identifiers. Each field is
    encrypted under a fresh per-subject data key; `email`, `phone` and every identifier
    become look-up keys (blind indexes). When an email or phone belonged to an erased
    customer (the suppression list keeps only those, for three years) the subject is still
    created and flagged (audit reason `suppression_match`); the answer carries
    `flags: [matches_erased_identifier]` for role `admin` only: a client is never told
    that a customer matches an erased one.

    **Who may call it:** roles `client` and `admin`.

    Input is canonicalised: values are trimmed, `phone` is stored in E.164 with spaces,
    dots, dashes and brackets dropped and a national trunk prefix written after the
    country code dropped (`+49 (0)151 …` and `+49 0151 …` are `+49151…`; where 0 is part
    of the number, as in Italy's `+39 06 …`, it is kept; see `PhoneInput`), `language` as `ll` or `ll-
    RR`, `postal_code` and
    `country` upper-cased, email identifiers lower-cased. At least one personal field or
    identifier is required. Every invalid field is reported at once in `errors`, each
    named by a JSON pointer into the body. The creation is written to the audit log
    (action `subject.create`, with the names of the fields stored, never their values),
    and so is a refusal because an identifier is already held by another subject (`409`).

    Args:
        body (CreateSubject): A new subject. Every property is optional, but at least one personal
            field or
            identifier must carry a value. `null` is accepted for any personal field and for
            `address` (and its parts) and means "not given". Unknown properties are refused.
            Values are trimmed before they are checked; lengths count Unicode characters after
            trimming, and text must not contain control characters.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Created | IdentifierTakenProblem | InternalProblem | InvalidRequestProblem | ValidationFailedProblem | PayloadTooLargeProblem | RoleNotAllowedProblem | TooManyRequestsProblem | UnauthorizedProblem | UnsupportedMediaTypeProblem]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    body: CreateSubject,
) -> (
    Created
    | IdentifierTakenProblem
    | InternalProblem
    | InvalidRequestProblem
    | ValidationFailedProblem
    | PayloadTooLargeProblem
    | RoleNotAllowedProblem
    | TooManyRequestsProblem
    | UnauthorizedProblem
    | UnsupportedMediaTypeProblem
    | None
):
    """Create a subject

     Stores a new customer with personal fields and channel identifiers. Each field is
    encrypted under a fresh per-subject data key; `email`, `phone` and every identifier
    become look-up keys (blind indexes). When an email or phone belonged to an erased
    customer (the suppression list keeps only those, for three years) the subject is still
    created and flagged (audit reason `suppression_match`); the answer carries
    `flags: [matches_erased_identifier]` for role `admin` only: a client is never told
    that a customer matches an erased one.

    **Who may call it:** roles `client` and `admin`.

    Input is canonicalised: values are trimmed, `phone` is stored in E.164 with spaces,
    dots, dashes and brackets dropped and a national trunk prefix written after the
    country code dropped (`+49 (0)151 …` and `+49 0151 …` are `+49151…`; where 0 is part
    of the number, as in Italy's `+39 06 …`, it is kept; see `PhoneInput`), `language` as `ll` or `ll-
    RR`, `postal_code` and
    `country` upper-cased, email identifiers lower-cased. At least one personal field or
    identifier is required. Every invalid field is reported at once in `errors`, each
    named by a JSON pointer into the body. The creation is written to the audit log
    (action `subject.create`, with the names of the fields stored, never their values),
    and so is a refusal because an identifier is already held by another subject (`409`).

    Args:
        body (CreateSubject): A new subject. Every property is optional, but at least one personal
            field or
            identifier must carry a value. `null` is accepted for any personal field and for
            `address` (and its parts) and means "not given". Unknown properties are refused.
            Values are trimmed before they are checked; lengths count Unicode characters after
            trimming, and text must not contain control characters.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Created | IdentifierTakenProblem | InternalProblem | InvalidRequestProblem | ValidationFailedProblem | PayloadTooLargeProblem | RoleNotAllowedProblem | TooManyRequestsProblem | UnauthorizedProblem | UnsupportedMediaTypeProblem
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
        )
    ).parsed
