from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.access_denied_problem import AccessDeniedProblem
from ...models.gone_problem import GoneProblem
from ...models.identifier_type import IdentifierType
from ...models.internal_problem import InternalProblem
from ...models.invalid_purpose_problem import InvalidPurposeProblem
from ...models.invalid_request_problem import InvalidRequestProblem
from ...models.missing_purpose_problem import MissingPurposeProblem
from ...models.not_found_problem import NotFoundProblem
from ...models.role_not_allowed_problem import RoleNotAllowedProblem
from ...models.subject_read import SubjectRead
from ...models.too_many_requests_problem import TooManyRequestsProblem
from ...models.unauthorized_problem import UnauthorizedProblem
from ...models.unknown_purpose_problem import UnknownPurposeProblem
from ...models.validation_failed_problem import ValidationFailedProblem
from ...types import UNSET, Response


def _get_kwargs(
    *,
    type_: IdentifierType,
    value: str,
    x_purpose: str,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    headers["X-Purpose"] = x_purpose

    params: dict[str, Any] = {}

    json_type_: str = type_
    params["type"] = json_type_

    params["value"] = value

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/subjects",
        "params": params,
    }

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> (
    AccessDeniedProblem
    | RoleNotAllowedProblem
    | GoneProblem
    | InternalProblem
    | InvalidPurposeProblem
    | InvalidRequestProblem
    | MissingPurposeProblem
    | UnknownPurposeProblem
    | ValidationFailedProblem
    | NotFoundProblem
    | SubjectRead
    | TooManyRequestsProblem
    | UnauthorizedProblem
    | None
):
    if response.status_code == 200:
        response_200 = SubjectRead.from_dict(response.json())

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
    | GoneProblem
    | InternalProblem
    | InvalidPurposeProblem
    | InvalidRequestProblem
    | MissingPurposeProblem
    | UnknownPurposeProblem
    | ValidationFailedProblem
    | NotFoundProblem
    | SubjectRead
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
    type_: IdentifierType,
    value: str,
    x_purpose: str,
) -> Response[
    AccessDeniedProblem
    | RoleNotAllowedProblem
    | GoneProblem
    | InternalProblem
    | InvalidPurposeProblem
    | InvalidRequestProblem
    | MissingPurposeProblem
    | UnknownPurposeProblem
    | ValidationFailedProblem
    | NotFoundProblem
    | SubjectRead
    | TooManyRequestsProblem
    | UnauthorizedProblem
]:
    """Look up a subject by identifier

     Finds a subject through the blind index of one channel identifier (email in any
    letter case or Unicode compatibility form — full-width letters, an internationalised
    domain in Unicode or punycode —, phone in any of the accepted spellings, loyalty card,
    …) and reads it for the declared purpose, as `GET /v1/subjects/{id}` does.

    **Who may call it:** role `client`. `X-Purpose` is required.

    The purpose is checked before the look-up, so a client that may not use the purpose
    learns nothing about whether the customer exists. A customer the decision withholds
    for the purpose (no consent, consent withdrawn, objection, restriction) answers `404`,
    exactly as an identifier nobody holds does, so a look-up is no membership test; the
    audit entry records the real reason. The read is policy-checked
    (purpose × client × consent × restriction × erasure) and audited (action
    `subject.lookup`), allowed or denied, including a look-up that finds nobody (`404`).
    A `value` that is not valid for its `type` is refused with `400 validation-failed`
    (`errors[].field` is `type` or `value`).

    Args:
        type_ (IdentifierType): The kinds of channel identifier a subject can be found by.
        value (str):
        x_purpose (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AccessDeniedProblem | RoleNotAllowedProblem | GoneProblem | InternalProblem | InvalidPurposeProblem | InvalidRequestProblem | MissingPurposeProblem | UnknownPurposeProblem | ValidationFailedProblem | NotFoundProblem | SubjectRead | TooManyRequestsProblem | UnauthorizedProblem]
    """

    kwargs = _get_kwargs(
        type_=type_,
        value=value,
        x_purpose=x_purpose,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    type_: IdentifierType,
    value: str,
    x_purpose: str,
) -> (
    AccessDeniedProblem
    | RoleNotAllowedProblem
    | GoneProblem
    | InternalProblem
    | InvalidPurposeProblem
    | InvalidRequestProblem
    | MissingPurposeProblem
    | UnknownPurposeProblem
    | ValidationFailedProblem
    | NotFoundProblem
    | SubjectRead
    | TooManyRequestsProblem
    | UnauthorizedProblem
    | None
):
    """Look up a subject by identifier

     Finds a subject through the blind index of one channel identifier (email in any
    letter case or Unicode compatibility form — full-width letters, an internationalised
    domain in Unicode or punycode —, phone in any of the accepted spellings, loyalty card,
    …) and reads it for the declared purpose, as `GET /v1/subjects/{id}` does.

    **Who may call it:** role `client`. `X-Purpose` is required.

    The purpose is checked before the look-up, so a client that may not use the purpose
    learns nothing about whether the customer exists. A customer the decision withholds
    for the purpose (no consent, consent withdrawn, objection, restriction) answers `404`,
    exactly as an identifier nobody holds does, so a look-up is no membership test; the
    audit entry records the real reason. The read is policy-checked
    (purpose × client × consent × restriction × erasure) and audited (action
    `subject.lookup`), allowed or denied, including a look-up that finds nobody (`404`).
    A `value` that is not valid for its `type` is refused with `400 validation-failed`
    (`errors[].field` is `type` or `value`).

    Args:
        type_ (IdentifierType): The kinds of channel identifier a subject can be found by.
        value (str):
        x_purpose (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AccessDeniedProblem | RoleNotAllowedProblem | GoneProblem | InternalProblem | InvalidPurposeProblem | InvalidRequestProblem | MissingPurposeProblem | UnknownPurposeProblem | ValidationFailedProblem | NotFoundProblem | SubjectRead | TooManyRequestsProblem | UnauthorizedProblem
    """

    return sync_detailed(
        client=client,
        type_=type_,
        value=value,
        x_purpose=x_purpose,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    type_: IdentifierType,
    value: str,
    x_purpose: str,
) -> Response[
    AccessDeniedProblem
    | RoleNotAllowedProblem
    | GoneProblem
    | InternalProblem
    | InvalidPurposeProblem
    | InvalidRequestProblem
    | MissingPurposeProblem
    | UnknownPurposeProblem
    | ValidationFailedProblem
    | NotFoundProblem
    | SubjectRead
    | TooManyRequestsProblem
    | UnauthorizedProblem
]:
    """Look up a subject by identifier

     Finds a subject through the blind index of one channel identifier (email in any
    letter case or Unicode compatibility form — full-width letters, an internationalised
    domain in Unicode or punycode —, phone in any of the accepted spellings, loyalty card,
    …) and reads it for the declared purpose, as `GET /v1/subjects/{id}` does.

    **Who may call it:** role `client`. `X-Purpose` is required.

    The purpose is checked before the look-up, so a client that may not use the purpose
    learns nothing about whether the customer exists. A customer the decision withholds
    for the purpose (no consent, consent withdrawn, objection, restriction) answers `404`,
    exactly as an identifier nobody holds does, so a look-up is no membership test; the
    audit entry records the real reason. The read is policy-checked
    (purpose × client × consent × restriction × erasure) and audited (action
    `subject.lookup`), allowed or denied, including a look-up that finds nobody (`404`).
    A `value` that is not valid for its `type` is refused with `400 validation-failed`
    (`errors[].field` is `type` or `value`).

    Args:
        type_ (IdentifierType): The kinds of channel identifier a subject can be found by.
        value (str):
        x_purpose (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AccessDeniedProblem | RoleNotAllowedProblem | GoneProblem | InternalProblem | InvalidPurposeProblem | InvalidRequestProblem | MissingPurposeProblem | UnknownPurposeProblem | ValidationFailedProblem | NotFoundProblem | SubjectRead | TooManyRequestsProblem | UnauthorizedProblem]
    """

    kwargs = _get_kwargs(
        type_=type_,
        value=value,
        x_purpose=x_purpose,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    type_: IdentifierType,
    value: str,
    x_purpose: str,
) -> (
    AccessDeniedProblem
    | RoleNotAllowedProblem
    | GoneProblem
    | InternalProblem
    | InvalidPurposeProblem
    | InvalidRequestProblem
    | MissingPurposeProblem
    | UnknownPurposeProblem
    | ValidationFailedProblem
    | NotFoundProblem
    | SubjectRead
    | TooManyRequestsProblem
    | UnauthorizedProblem
    | None
):
    """Look up a subject by identifier

     Finds a subject through the blind index of one channel identifier (email in any
    letter case or Unicode compatibility form — full-width letters, an internationalised
    domain in Unicode or punycode —, phone in any of the accepted spellings, loyalty card,
    …) and reads it for the declared purpose, as `GET /v1/subjects/{id}` does.

    **Who may call it:** role `client`. `X-Purpose` is required.

    The purpose is checked before the look-up, so a client that may not use the purpose
    learns nothing about whether the customer exists. A customer the decision withholds
    for the purpose (no consent, consent withdrawn, objection, restriction) answers `404`,
    exactly as an identifier nobody holds does, so a look-up is no membership test; the
    audit entry records the real reason. The read is policy-checked
    (purpose × client × consent × restriction × erasure) and audited (action
    `subject.lookup`), allowed or denied, including a look-up that finds nobody (`404`).
    A `value` that is not valid for its `type` is refused with `400 validation-failed`
    (`errors[].field` is `type` or `value`).

    Args:
        type_ (IdentifierType): The kinds of channel identifier a subject can be found by.
        value (str):
        x_purpose (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AccessDeniedProblem | RoleNotAllowedProblem | GoneProblem | InternalProblem | InvalidPurposeProblem | InvalidRequestProblem | MissingPurposeProblem | UnknownPurposeProblem | ValidationFailedProblem | NotFoundProblem | SubjectRead | TooManyRequestsProblem | UnauthorizedProblem
    """

    return (
        await asyncio_detailed(
            client=client,
            type_=type_,
            value=value,
            x_purpose=x_purpose,
        )
    ).parsed
