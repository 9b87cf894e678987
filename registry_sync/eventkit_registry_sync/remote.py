"""Reading the Schema Registry into `RemoteSchema`s: the listing with tags and version counts,
every version's content where the plan needs it, or only the version list where the tags prove
what a schema holds (`RemoteSchema.held`). Independent schemas are read concurrently.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING

from eventkit.errors import RegistrySyncError
from eventkit_registry_sync._remote_tags import with_tags
from eventkit_registry_sync.client import call, paginate, schema_call
from eventkit_registry_sync.convert import canonical
from eventkit_registry_sync.holdings import DesiredSchema, RemoteSchema, RemoteVersion

if TYPE_CHECKING:
    from mypy_boto3_schemas import SchemasClient

__all__ = ["listed_timestamp", "read_registry", "read_top", "read_versions", "remote_for_plan"]


def read_registry(
    client: SchemasClient, registry: str, *, jobs: int = 8
) -> dict[str, RemoteSchema] | None:
    """Every schema in `registry` with its tags and version count (None: no such registry).

    Tags missing from the listing are read per schema that could be eventkit's (`_remote_tags`).
    """
    try:
        call(client, "DescribeRegistry", registry, None, RegistryName=registry)
    except RegistrySyncError as err:
        if err.aws_code == "NotFoundException":
            return None
        raise
    listed = paginate(client, "ListSchemas", registry, None, items="Schemas", RegistryName=registry)
    schemas = {
        item["SchemaName"]: RemoteSchema(
            item["SchemaName"],
            item["SchemaArn"],
            dict(item.get("Tags") or {}),
            int(item.get("VersionCount", 0)),
            modified=listed_timestamp(item.get("LastModified")),
        )
        for item in listed
    }
    return with_tags(client, registry, schemas, jobs=jobs)


def listed_timestamp(value: object) -> str | None:
    """A LastModified as the tag records it (botocore parses it into a datetime)."""
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).isoformat()
    return None


def _remote_version(
    number: str, kind: str, content: str, *, registry: str, schema: str
) -> RemoteVersion:
    """One registry version as sync compares it; content that is not eventkit's (not JSON, no
    marker) is a version without a semantic version. Content nested too deeply for Python to
    read is refused (a registry error naming it), never a traceback."""
    try:
        return _read_version(number, kind, content)
    except RecursionError:
        raise RegistrySyncError(
            f"{schema}: registry version {number} in registry {registry!r} holds content "
            "nested too deeply to parse; eventkit cannot compare it with the folder",
            hint="delete or replace that registry version (it was not written by eventkit), "
            "then sync again",
            registry=registry,
            schema_name=schema,
        ) from None


def _read_version(number: str, kind: str, content: str) -> RemoteVersion:
    try:
        doc = json.loads(content)
    except ValueError:
        return RemoteVersion(int(number), kind, None, None)
    marker = doc.get("x-eventkit") if isinstance(doc, dict) else None
    if not isinstance(marker, dict) or not isinstance(marker.get("version"), str):
        return RemoteVersion(int(number), kind, None, None)
    digest, contract = marker.get("digest"), marker.get("contract")
    return RemoteVersion(
        int(number),
        kind,
        marker["version"],
        canonical(doc),
        digest if isinstance(digest, str) else None,
        contract if isinstance(contract, str) else None,
    )


def _list_versions(
    client: SchemasClient, registry: str, remote: RemoteSchema
) -> list[tuple[str, str]]:
    """(registry version, Type) of every version of `remote`: one paginated call, no content."""
    listed = paginate(
        client,
        "ListSchemaVersions",
        registry,
        remote.name,
        items="SchemaVersions",
        RegistryName=registry,
        SchemaName=remote.name,
    )
    return [(v["SchemaVersion"], v.get("Type", "")) for v in listed]


def read_top(client: SchemasClient, registry: str, remote: RemoteSchema, kind: str) -> RemoteSchema:
    """`remote` with its highest registry version number (what the next push goes on top of),
    for a schema whose tags prove what it holds (`RemoteSchema.held`). If the version list
    disagrees with the tags (another count, another Type), every version's content is read."""
    numbers = _list_versions(client, registry, remote)
    if len(numbers) != remote.version_count or any(t != kind for _, t in numbers):
        return read_versions(client, registry, remote)
    top = max((int(n) for n, _ in numbers), default=0)
    return RemoteSchema(
        remote.name, remote.arn, remote.tags, remote.version_count, None, remote.modified, top
    )


def read_versions(client: SchemasClient, registry: str, remote: RemoteSchema) -> RemoteSchema:
    """`remote` with every version's content read (for the slow, content-comparing path)."""
    numbers = _list_versions(client, registry, remote)
    versions = []
    for number, kind in sorted(numbers, key=lambda nv: int(nv[0])):  # "10" after "9"
        got = schema_call(client, "DescribeSchema", registry, remote.name, SchemaVersion=number)
        kind = got.get("Type", kind)
        versions.append(
            _remote_version(number, kind, got["Content"], registry=registry, schema=remote.name)
        )
    return RemoteSchema(
        remote.name, remote.arn, remote.tags, len(versions), tuple(versions), remote.modified
    )


def remote_for_plan(
    client: SchemasClient,
    registry: str,
    desired: Iterable[DesiredSchema],
    remote: dict[str, RemoteSchema],
    *,
    prune: bool = False,
    jobs: int = 8,
) -> dict[str, RemoteSchema]:
    """`remote` with content read for every schema this folder may write whose tags are stale
    (or, for `prune`, record versions the folder dropped); for one whose tags prove it holds
    the folder's first versions and nothing else (versions were only added), the version list
    alone (`read_top`), so adding a version costs no read of the versions already there."""
    reads: list[tuple[RemoteSchema, str | None]] = []  # (schema, Type when the list is enough)
    for d in desired:
        have = remote.get(d.name)
        if have is None or have.refusal_for(d) is not None or have.fresh_for(d, prune=prune):
            continue
        reads.append((have, d.type if have.held(d) is not None else None))
    if not reads:
        return remote

    def read(have: RemoteSchema, kind: str | None) -> RemoteSchema:
        if kind is None:
            return read_versions(client, registry, have)
        return read_top(client, registry, have, kind)

    with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
        got = list(pool.map(lambda job: read(*job), reads))
    return {**remote, **{r.name: r for r in got}}
