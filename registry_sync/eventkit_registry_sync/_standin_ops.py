"""The stand-in's operations: one handler per implemented Schema Registry operation.

Handlers take the decoded input members and return the output members (by member name);
`_wire.py` turns both into HTTP. Errors are `WireError`s with AWS's code and HTTP status.
"""

from __future__ import annotations

import base64
import json
import re
from collections.abc import Callable, Mapping
from typing import Any

from eventkit_registry_sync._standin_state import (
    RegistryRecord,
    SchemaRecord,
    State,
    VersionRecord,
    not_found,
    now,
)
from eventkit_registry_sync._wire import WireError

__all__ = ["CONTENT_LIMIT", "HANDLERS", "IMPLEMENTED", "WRITE_OPERATIONS"]

CONTENT_LIMIT = 100_000
DEFAULT_PAGE = 100
WRITE_OPERATIONS = frozenset(
    {
        "CreateRegistry",
        "UpdateRegistry",
        "DeleteRegistry",
        "CreateSchema",
        "UpdateSchema",
        "DeleteSchema",
        "DeleteSchemaVersion",
        "TagResource",
        "UntagResource",
    }
)
_REGISTRY_NAME = re.compile(r"^[.\-_A-Za-z0-9]{1,64}$")
_SCHEMA_NAME = re.compile(r"^[.\-_A-Za-z0-9@]{1,385}$")


def _bad(message: str) -> WireError:
    return WireError(400, "BadRequestException", message)


def _check_tags(tags: Mapping[str, str]) -> dict[str, str]:
    if len(tags) > 50:
        raise _bad("A resource can have at most 50 tags.")
    for key, value in tags.items():
        if not 1 <= len(key) <= 128 or len(value) > 256 or key.lower().startswith("aws:"):
            raise _bad(f"Invalid tag {key!r}: keys are 1-128 characters, values at most 256.")
    return dict(tags)


def _check_content(content: str, kind: str) -> None:
    # Counted as UTF-16 code units, as a Java service would (assumed; see docs/sync.md)
    units = len(content.encode("utf-16-le", "surrogatepass")) // 2
    if not 1 <= units <= CONTENT_LIMIT:
        raise _bad(f"Content must be 1-{CONTENT_LIMIT} characters, got {units}.")
    if kind not in ("OpenApi3", "JSONSchemaDraft4"):
        raise _bad(f"Invalid Type '{kind}': expected OpenApi3 or JSONSchemaDraft4.")
    try:
        parsed = json.loads(content)
    except ValueError:
        raise _bad("Content is not valid JSON.") from None
    if not isinstance(parsed, dict) or (
        kind == "OpenApi3" and not str(parsed.get("openapi", "")).startswith("3.")
    ):
        raise _bad(f"Content is not a valid {kind} document.")


def _page(items: list[Any], params: Mapping[str, Any], scope: str) -> tuple[list[Any], str | None]:
    limit = params.get("Limit", DEFAULT_PAGE)
    if not 1 <= limit <= 100:
        raise _bad("Limit must be between 1 and 100.")
    start = 0
    if "NextToken" in params:
        try:
            tscope, tstart = base64.urlsafe_b64decode(params["NextToken"]).decode().split("|")
            start = int(tstart)
        except ValueError:
            raise _bad("Invalid NextToken.") from None
        if tscope != scope:
            raise _bad("Invalid NextToken.")
    end = start + limit
    token = (
        base64.urlsafe_b64encode(f"{scope}|{end}".encode()).decode() if end < len(items) else None
    )
    return items[start:end], token


Handler = Callable[[State, dict[str, Any]], dict[str, Any] | None]
HANDLERS: dict[str, Handler] = {}


def _op(func: Handler) -> Handler:
    HANDLERS[func.__name__.lstrip("_")] = func
    return func


@_op
def _CreateRegistry(s: State, p: dict[str, Any]) -> dict[str, Any]:
    name = p["RegistryName"]
    if not _REGISTRY_NAME.match(name) or name.lower().startswith("aws."):
        raise _bad(f"Invalid registry name '{name}': 1-64 of [.-_A-Za-z0-9], not 'aws.'.")
    if name in s.registries:
        raise WireError(409, "ConflictException", f"Registry with name '{name}' already exists.")
    reg = RegistryRecord(
        name,
        s.arn_of("registry", name),
        p.get("Description"),
        _check_tags(p.get("Tags", {})),
        "Local",
    )
    s.registries[name] = reg
    return s.registry_out(reg)


@_op
def _DescribeRegistry(s: State, p: dict[str, Any]) -> dict[str, Any]:
    return s.registry_out(s.registry(p["RegistryName"]))


@_op
def _UpdateRegistry(s: State, p: dict[str, Any]) -> dict[str, Any]:
    reg = s.writable(p["RegistryName"])
    if "Description" in p:
        reg.description = p["Description"]
    return s.registry_out(reg)


@_op
def _DeleteRegistry(s: State, p: dict[str, Any]) -> None:
    s.writable(p["RegistryName"])
    del s.registries[p["RegistryName"]]


@_op
def _ListRegistries(s: State, p: dict[str, Any]) -> dict[str, Any]:
    regs = sorted(s.registries.values(), key=lambda r: r.name)
    scope = p.get("Scope")
    if scope is not None and scope not in ("Local", "AWS"):
        raise _bad("Scope must be Local or AWS.")
    regs = [r for r in regs if (scope is None or r.scope == scope)]
    regs = [r for r in regs if r.name.startswith(p.get("RegistryNamePrefix", ""))]
    page, token = _page(regs, p, "registries")
    items = [{"RegistryName": r.name, "RegistryArn": r.arn, "Tags": dict(r.tags)} for r in page]
    return {"Registries": items, "NextToken": token}


@_op
def _CreateSchema(s: State, p: dict[str, Any]) -> dict[str, Any]:
    reg = s.writable(p["RegistryName"])
    name = p["SchemaName"]
    if not _SCHEMA_NAME.match(name):
        raise _bad(f"Invalid schema name '{name}': 1-385 of [.-_A-Za-z0-9@].")
    if name in reg.schemas:
        # Not modelled for CreateSchema; assumed (docs/sync.md).
        raise WireError(409, "ConflictException", f"Schema with name '{name}' already exists.")
    _check_content(p["Content"], p["Type"])
    schema = SchemaRecord(
        reg.name,
        name,
        s.arn_of("schema", f"{reg.name}/{name}"),
        p.get("Description"),
        _check_tags(p.get("Tags", {})),
    )
    version = VersionRecord(1, p["Content"], p["Type"], now())
    schema.versions.append(version)
    schema.next_number = 2
    reg.schemas[name] = schema
    return s.schema_out(schema, version)


@_op
def _UpdateSchema(s: State, p: dict[str, Any]) -> dict[str, Any]:
    s.writable(p["RegistryName"])
    schema = s.schema(p["RegistryName"], p["SchemaName"])
    token = p.get("ClientTokenId")
    if token is not None and len(token) > 36:
        raise _bad("ClientTokenId must be at most 36 characters.")
    if token in schema.tokens:
        return schema.tokens[token]
    if "Description" in p:
        schema.description = p["Description"]
    latest = schema.versions[-1]
    if "Content" in p or "Type" in p:
        kind = p.get("Type", latest.type)
        content = p.get("Content", latest.content)
        _check_content(content, kind)
        latest = VersionRecord(schema.next_number, content, kind, now())
        schema.versions.append(latest)
        schema.next_number += 1
    schema.modified = now()
    out = s.schema_out(schema, latest)
    if token is not None:
        schema.tokens[token] = out
    return out


def _find_version(schema: SchemaRecord, version: str | None) -> VersionRecord:
    if version is None:
        return schema.versions[-1]
    for v in schema.versions:
        if str(v.number) == version:
            return v
    raise not_found(f"Version '{version}' of schema '{schema.name}' does not exist.")


@_op
def _DescribeSchema(s: State, p: dict[str, Any]) -> dict[str, Any]:
    schema = s.schema(p["RegistryName"], p["SchemaName"])
    return s.schema_out(schema, _find_version(schema, p.get("SchemaVersion")), content=True)


@_op
def _DeleteSchema(s: State, p: dict[str, Any]) -> None:
    s.writable(p["RegistryName"])
    s.schema(p["RegistryName"], p["SchemaName"])
    del s.registries[p["RegistryName"]].schemas[p["SchemaName"]]


@_op
def _DeleteSchemaVersion(s: State, p: dict[str, Any]) -> None:
    s.writable(p["RegistryName"])
    schema = s.schema(p["RegistryName"], p["SchemaName"])
    version = _find_version(schema, p["SchemaVersion"])
    if len(schema.versions) == 1:
        raise _bad("Cannot delete the only version of a schema; delete the schema instead.")
    schema.versions.remove(version)


@_op
def _ListSchemas(s: State, p: dict[str, Any]) -> dict[str, Any]:
    reg = s.registry(p["RegistryName"])
    prefix = p.get("SchemaNamePrefix", "")
    schemas = [reg.schemas[n] for n in sorted(reg.schemas) if n.startswith(prefix)]
    page, token = _page(schemas, p, f"schemas/{reg.name}")
    items = [
        {
            "SchemaName": x.name,
            "SchemaArn": x.arn,
            "LastModified": x.modified,
            "VersionCount": len(x.versions),
            "Tags": _listed_tags(s, x),
        }
        for x in page
    ]
    return {"Schemas": items, "NextToken": token}


def _listed_tags(s: State, schema: SchemaRecord) -> dict[str, str] | None:
    # Whether AWS fills Tags in ListSchemas is not documented (the model has the member, AWS
    # CLI's example shows `{}`): the stand-in can answer each way (`StandinServer(list_tags=)`).
    if s.list_tags == "absent":
        return None
    return {} if s.list_tags == "empty" else dict(schema.tags)


@_op
def _ListSchemaVersions(s: State, p: dict[str, Any]) -> dict[str, Any]:
    schema = s.schema(p["RegistryName"], p["SchemaName"])
    page, token = _page(schema.versions, p, f"versions/{schema.arn}")
    items = [
        {
            "SchemaArn": schema.arn,
            "SchemaName": schema.name,
            "SchemaVersion": str(v.number),
            "Type": v.type,
        }
        for v in page
    ]
    return {"SchemaVersions": items, "NextToken": token}


@_op
def _SearchSchemas(s: State, p: dict[str, Any]) -> dict[str, Any]:
    reg = s.registry(p["RegistryName"])
    words = p["Keywords"].lower()
    hits = [reg.schemas[n] for n in sorted(reg.schemas) if words in n.lower()]
    page, token = _page(hits, p, f"search/{reg.name}/{words}")
    items = [
        {
            "RegistryName": reg.name,
            "SchemaArn": x.arn,
            "SchemaName": x.name,
            "SchemaVersions": [
                {"SchemaVersion": str(v.number), "Type": v.type, "CreatedDate": v.created}
                for v in x.versions
            ],
        }
        for x in page
    ]
    return {"Schemas": items, "NextToken": token}


@_op
def _TagResource(s: State, p: dict[str, Any]) -> None:
    res = s.resource(p["ResourceArn"])
    res.tags = _check_tags({**res.tags, **p["Tags"]})


@_op
def _UntagResource(s: State, p: dict[str, Any]) -> None:
    res = s.resource(p["ResourceArn"])
    for key in p["TagKeys"]:
        res.tags.pop(key, None)


@_op
def _ListTagsForResource(s: State, p: dict[str, Any]) -> dict[str, Any]:
    return {"Tags": dict(s.resource(p["ResourceArn"]).tags)}


IMPLEMENTED = frozenset(HANDLERS)
