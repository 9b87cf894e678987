"""Tags of listed schemas, when `ListSchemas` does not carry them.

The service model has `Tags` in each `ListSchemas` summary, but AWS does not document that it
fills it (AWS CLI's example answer shows `"Tags": {}`). Ownership and the fast no-op path rest
on tags, so a summary without tags is read again with `ListTagsForResource`, but only for
schemas whose name eventkit could have written (`<source>@<DetailType>-v<major>`): a registry
full of other schemas costs nothing extra.
"""

from __future__ import annotations

import re
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING

from eventkit_registry_sync.client import call
from eventkit_registry_sync.plan import RemoteSchema

if TYPE_CHECKING:
    from mypy_boto3_schemas import SchemasClient

__all__ = ["EVENTKIT_NAME", "with_tags"]

# What desired.schema_name produces: source characters AWS accepts, "@", an identifier, "-vN".
EVENTKIT_NAME = re.compile(r"[.\-_A-Za-z0-9]+@[A-Za-z0-9]+-v[0-9]+")


def _needs_tags(schema: RemoteSchema) -> bool:
    return not schema.tags and EVENTKIT_NAME.fullmatch(schema.name) is not None


def _read_tags(client: SchemasClient, registry: str, schema: RemoteSchema) -> RemoteSchema:
    got = call(client, "ListTagsForResource", registry, schema.name, ResourceArn=schema.arn)
    tags = dict(got.get("Tags") or {})
    return RemoteSchema(
        schema.name, schema.arn, tags, schema.version_count, schema.versions, schema.modified
    )


def with_tags(
    client: SchemasClient, registry: str, listed: dict[str, RemoteSchema], *, jobs: int = 8
) -> dict[str, RemoteSchema]:
    """`listed` with the tags read for every schema that could be eventkit's and came without."""
    missing = [s for s in listed.values() if _needs_tags(s)]
    if not missing:
        return listed
    with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
        read = list(pool.map(lambda s: _read_tags(client, registry, s), missing))
    return {**listed, **{s.name: s for s in read}}
