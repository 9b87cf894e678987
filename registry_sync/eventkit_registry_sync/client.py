"""The boto3 `schemas` client, built from the standard credential chain, and the translation
of botocore failures into `RegistrySyncError`s that say what to do. Credentials are never
logged or put in a message."""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator
from datetime import datetime
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import boto3
import botocore
import botocore.exceptions
from botocore.config import Config
from botocore.utils import parse_timestamp

from eventkit import __version__
from eventkit.errors import RegistrySyncError
from eventkit.registry import REGISTRY_NAME

if TYPE_CHECKING:
    from mypy_boto3_schemas import SchemasClient

__all__ = [
    "aws_error",
    "call",
    "check_registry_name",
    "make_client",
    "paginate",
    "redact",
    "schema_call",
]


def make_client(
    *,
    profile: str | None = None,
    region: str | None = None,
    endpoint_url: str | None = None,
    max_attempts: int = 5,
    max_pool: int = 10,
    session: boto3.Session | None = None,
) -> SchemasClient:
    """A `schemas` client with botocore's standard retry mode: throttling (429), 5xx and
    connection errors are retried with backoff, `max_attempts` tries in all."""
    if endpoint_url is not None:
        _check_endpoint(endpoint_url)
    config = Config(
        retries={"mode": "standard", "total_max_attempts": max_attempts},
        connect_timeout=5,
        read_timeout=30,
        max_pool_connections=max_pool,
        user_agent_extra=f"eventkit/{__version__}",
    )
    try:
        if session is None:  # ours: its parser settings change no one else's clients
            session = boto3.Session(profile_name=profile)
            factory = session._session.get_component("response_parser_factory")
            factory.set_parser_defaults(timestamp_parser=_timestamp)
        return session.client(
            "schemas", region_name=region, endpoint_url=endpoint_url, config=config
        )
    except botocore.exceptions.ProfileNotFound as exc:
        raise RegistrySyncError(
            f"AWS profile {profile!r} not found", hint="check --profile and ~/.aws/config"
        ) from exc
    except botocore.exceptions.NoRegionError as exc:
        raise RegistrySyncError(
            "no AWS region configured",
            hint="pass --region, set AWS_DEFAULT_REGION, or set region in ~/.aws/config",
        ) from exc
    except ValueError as exc:  # a malformed --endpoint-url
        raise RegistrySyncError(
            f"cannot use endpoint {redact(repr(endpoint_url))}: {redact(str(exc))}"
        ) from exc


def _check_endpoint(url: str) -> None:
    """Refuse an endpoint botocore cannot send to, before any call: without a scheme
    (`localhost:4599`) botocore says only "Invalid endpoint", and a port out of range
    (`:99999`) failed while signing the first request, as a traceback."""
    why = None
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 (reading it validates it: a ValueError when out of range)
    except ValueError as exc:
        why = str(exc)
    else:
        if parts.scheme not in ("http", "https"):
            why = "it must start with http:// or https://"
        elif not parts.hostname:
            why = "it names no host"
    if why is not None:
        raise RegistrySyncError(
            f"cannot use endpoint {redact(repr(url))}: {redact(why)}",
            hint="pass an http:// or https:// URL with a host and a port of 1-65535, e.g. "
            "--endpoint-url http://localhost:4599",
        )


# The user-info part of a URL (`https://user:secret@host/`): an endpoint behind an
# authenticating proxy may carry a password there, and botocore repeats the URL in its errors.
_USERINFO = re.compile(r"(?<=//)[^/@\s\"']+@")


def redact(text: str) -> str:
    """`text` with the user-info of every URL in it replaced by `***@`."""
    return _USERINFO.sub("***@", text)


def _timestamp(value: Any) -> Any:
    """botocore's timestamp parser, except that ISO 8601 text with a zone (what the Schema
    Registry sends) is read by `datetime.fromisoformat`: the same instant, and dateutil's
    parser was a quarter of a no-op re-sync of 1,000 schemas (one `LastModified` each)."""
    if isinstance(value, str):
        with contextlib.suppress(ValueError):
            parsed = datetime.fromisoformat(value)
            if parsed.tzinfo is not None:
                return parsed
    return parse_timestamp(value)


def check_registry_name(name: str, *, writable: bool = True) -> None:
    """Refuse, before any call, a registry name AWS would reject."""
    ok = REGISTRY_NAME.fullmatch(name) is not None
    reserved = writable and (name.lower().startswith("aws.") or name == "discovered-schemas")
    if ok and not reserved:
        return
    why = (
        "is reserved for AWS" if ok else "must be 1-64 characters of letters, digits, '.', '-', '_'"
    )
    raise RegistrySyncError(
        f"registry name {name!r} {why}",
        hint="set [registry] name in eventkit.toml or pass --registry",
        registry=name,
    )


def aws_error(
    exc: Exception,
    *,
    operation: str,
    registry: str,
    schema_name: str | None = None,
    version: str | None = None,
) -> RegistrySyncError:
    """A clear `RegistrySyncError` for a botocore failure (raise it `from exc`); `version`:
    the registry version the call was about, when it was about one."""
    where = _where(operation, registry, schema_name)
    if version is not None:
        where += f", registry version {version}"
    fields: dict[str, Any] = {
        "registry": registry,
        "schema_name": schema_name,
        "operation": operation,
    }
    if isinstance(exc, botocore.exceptions.NoCredentialsError):
        return RegistrySyncError(
            "no AWS credentials found",
            hint="set AWS_PROFILE / pass --profile, or configure credentials (aws configure)",
            **fields,
        )
    if isinstance(
        exc, botocore.exceptions.EndpointConnectionError | botocore.exceptions.ConnectionError
    ):
        return RegistrySyncError(
            f"{where}: the endpoint does not answer ({redact(str(exc))})",
            hint="check --endpoint-url / --region and your network; nothing further was sent",
            **fields,
        )
    if isinstance(exc, botocore.exceptions.ClientError):
        err = exc.response.get("Error", {})
        code = str(err.get("Code", "Unknown"))
        status = exc.response.get("ResponseMetadata", {}).get("HTTPStatusCode")
        hint = {
            "UnauthorizedException": "the credentials were rejected; check them",
            "ForbiddenException": "the credentials lack a schemas:* permission, or the registry is AWS-managed",
            "TooManyRequestsException": "throttled even after retries; run again later (sync: with a lower --jobs)",
            "UnknownOperationException": "the endpoint does not implement this Schema Registry operation",
        }.get(code)
        return RegistrySyncError(
            f"{where} failed: {code} (HTTP {status}): {err.get('Message', '')}",
            hint=hint,
            aws_code=code,
            **fields,
        )
    if isinstance(exc, botocore.exceptions.BotoCoreError):
        return RegistrySyncError(f"{where} failed: {redact(str(exc))}", **fields)
    raise exc


def _where(operation: str, registry: str, schema: str | None) -> str:
    """The call, for a message: ``UpdateSchema on registry 'shop', schema 'x'``."""
    return f"{operation} on registry {registry!r}" + (f", schema {schema!r}" if schema else "")


# What sync and pull read from each answer. The model makes every member optional, but the
# Schema Registry always sends these; an answer without them is not the registry's.
_REQUIRED = {
    "DescribeRegistry": ("RegistryArn",),
    "CreateSchema": ("SchemaArn", "SchemaVersion"),
    "UpdateSchema": ("SchemaVersion",),
    "DescribeSchema": ("SchemaArn", "Content"),
}
_ITEMS_REQUIRED = {"Schemas": ("SchemaName", "SchemaArn"), "SchemaVersions": ("SchemaVersion",)}


def _not_the_registry(answer: Any, operation: str, items: str | None) -> str | None:
    """Why a successful `answer` cannot be the Schema Registry's (None: it can be). botocore
    reads an HTML page (a proxy's login page, a wrong --endpoint-url) or `{}` answered with
    HTTP 200 as an answer without members: that was a KeyError traceback in sync, and an
    empty registry for pull."""
    headers = answer.get("ResponseMetadata", {}).get("HTTPHeaders", {})
    kind = str(headers.get("content-type", ""))
    if kind and "json" not in kind:
        return f"its Content-Type is {kind[:60]!r}, not JSON"
    missing = [m for m in _REQUIRED.get(operation, ()) if m not in answer]
    if items is not None and items in answer:
        listed = answer[items]
        if not isinstance(listed, list) or not all(isinstance(i, dict) for i in listed):
            return f"its {items} is not a list of objects"
        missing += sorted({m for i in listed for m in _ITEMS_REQUIRED.get(items, ()) if m not in i})
    return f"it has no {', '.join(missing)}" if missing else None


def call(
    client: SchemasClient,
    operation: str,
    registry: str,
    schema: str | None,
    *,
    items: str | None = None,
    **params: Any,
) -> Any:
    """Call `operation` ("DescribeRegistry"); a botocore failure, or a successful answer that
    is not the registry's (`items`: the list a paged answer holds), becomes a
    `RegistrySyncError` naming the operation, `registry` and `schema`."""
    method = getattr(client, botocore.xform_name(operation))
    version = params.get("SchemaVersion")
    why: str | None
    try:
        answer = method(**params)
    except (botocore.exceptions.BotoCoreError, botocore.exceptions.ClientError) as exc:
        raise aws_error(
            exc, operation=operation, registry=registry, schema_name=schema, version=version
        ) from exc
    except (AttributeError, TypeError) as exc:  # botocore's parser, on JSON of other types
        answer, why = None, f"botocore cannot read it: {type(exc).__name__}"
    else:
        why = _not_the_registry(answer, operation, items)
    if why is not None:
        where = _where(operation, registry, schema)
        raise RegistrySyncError(
            f"{where}: the endpoint answered, but not as the Schema Registry does ({why})",
            hint="check --endpoint-url and --region (a proxy or a login page in the way?)",
            registry=registry,
            schema_name=schema,
            operation=operation,
        )
    return answer


def schema_call(
    client: SchemasClient, operation: str, registry: str, schema: str, **params: Any
) -> Any:
    """`call` of an operation on one schema (RegistryName and SchemaName filled in)."""
    return call(
        client, operation, registry, schema, RegistryName=registry, SchemaName=schema, **params
    )


def paginate(
    client: SchemasClient,
    operation: str,
    registry: str,
    schema: str | None,
    *,
    items: str,
    **params: Any,
) -> Iterator[dict[str, Any]]:
    """Every entry under `items` of a paged listing, 100 a page, following `NextToken`."""
    params = {"Limit": 100, **params}
    seen: set[str] = set()
    while True:
        page = call(client, operation, registry, schema, items=items, **params)
        yield from page.get(items, [])
        token = page.get("NextToken")
        if not token:
            return
        if token in seen:  # an endpoint handing back a token again: the listing never ends
            where = _where(operation, registry, schema)
            raise RegistrySyncError(
                f"{where}: the endpoint answered a NextToken it had answered before, so the "
                f"listing would never end (after {len(seen)} page(s))",
                hint="check --endpoint-url (botocore's own paginators refuse a repeated token too); "
                "nothing further was sent",
                registry=registry,
                schema_name=schema,
                operation=operation,
            )
        seen.add(str(token))
        params["NextToken"] = token
