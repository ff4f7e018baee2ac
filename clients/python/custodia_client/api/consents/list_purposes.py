from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.internal_problem import InternalProblem
from ...models.purpose_catalogue import PurposeCatalogue
from ...models.too_many_requests_problem import TooManyRequestsProblem
from ...models.unauthorized_problem import UnauthorizedProblem
from ...types import Response


def _get_kwargs() -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/purposes",
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> InternalProblem | PurposeCatalogue | TooManyRequestsProblem | UnauthorizedProblem | None:
    if response.status_code == 200:
        response_200 = PurposeCatalogue.from_dict(response.json())

        return response_200

    if response.status_code == 401:
        response_401 = UnauthorizedProblem.from_dict(response.json())

        return response_401

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
) -> Response[InternalProblem | PurposeCatalogue | TooManyRequestsProblem | UnauthorizedProblem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
) -> Response[InternalProblem | PurposeCatalogue | TooManyRequestsProblem | UnauthorizedProblem]:
    """The purposes of processing, in public

     What `policies/purposes.toml` says about every purpose, for anyone with a token:
    what it is for, its legal basis and GDPR article, the fields and event types it sees,
    how long data is kept, and how a customer says no to it (`say_no`: withdraw a consent,
    object, object subject to a DPO's assessment, or `none` for a contract or legal
    obligation). For a consent purpose, `consent` names the notice a grant must cite
    (`policy_version` of `PUT …/consents/{purpose}`), where it is published and the
    evidence a grant must carry. The privacy centre (`/privacy`) draws its switches from it.
    It holds no personal data and is not audited.

    **Who may call it:** every role.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[InternalProblem | PurposeCatalogue | TooManyRequestsProblem | UnauthorizedProblem]
    """

    kwargs = _get_kwargs()

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
) -> InternalProblem | PurposeCatalogue | TooManyRequestsProblem | UnauthorizedProblem | None:
    """The purposes of processing, in public

     What `policies/purposes.toml` says about every purpose, for anyone with a token:
    what it is for, its legal basis and GDPR article, the fields and event types it sees,
    how long data is kept, and how a customer says no to it (`say_no`: withdraw a consent,
    object, object subject to a DPO's assessment, or `none` for a contract or legal
    obligation). For a consent purpose, `consent` names the notice a grant must cite
    (`policy_version` of `PUT …/consents/{purpose}`), where it is published and the
    evidence a grant must carry. The privacy centre (`/privacy`) draws its switches from it.
    It holds no personal data and is not audited.

    **Who may call it:** every role.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        InternalProblem | PurposeCatalogue | TooManyRequestsProblem | UnauthorizedProblem
    """

    return sync_detailed(
        client=client,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
) -> Response[InternalProblem | PurposeCatalogue | TooManyRequestsProblem | UnauthorizedProblem]:
    """The purposes of processing, in public

     What `policies/purposes.toml` says about every purpose, for anyone with a token:
    what it is for, its legal basis and GDPR article, the fields and event types it sees,
    how long data is kept, and how a customer says no to it (`say_no`: withdraw a consent,
    object, object subject to a DPO's assessment, or `none` for a contract or legal
    obligation). For a consent purpose, `consent` names the notice a grant must cite
    (`policy_version` of `PUT …/consents/{purpose}`), where it is published and the
    evidence a grant must carry. The privacy centre (`/privacy`) draws its switches from it.
    It holds no personal data and is not audited.

    **Who may call it:** every role.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[InternalProblem | PurposeCatalogue | TooManyRequestsProblem | UnauthorizedProblem]
    """

    kwargs = _get_kwargs()

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
) -> InternalProblem | PurposeCatalogue | TooManyRequestsProblem | UnauthorizedProblem | None:
    """The purposes of processing, in public

     What `policies/purposes.toml` says about every purpose, for anyone with a token:
    what it is for, its legal basis and GDPR article, the fields and event types it sees,
    how long data is kept, and how a customer says no to it (`say_no`: withdraw a consent,
    object, object subject to a DPO's assessment, or `none` for a contract or legal
    obligation). For a consent purpose, `consent` names the notice a grant must cite
    (`policy_version` of `PUT …/consents/{purpose}`), where it is published and the
    evidence a grant must carry. The privacy centre (`/privacy`) draws its switches from it.
    It holds no personal data and is not audited.

    **Who may call it:** every role.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        InternalProblem | PurposeCatalogue | TooManyRequestsProblem | UnauthorizedProblem
    """

    return (
        await asyncio_detailed(
            client=client,
        )
    ).parsed
