"""`pull_registry`: bring schemas from a Schema Registry (e.g. AWS's `aws.events`) into the
registry folder as version files.

Each registry schema's latest version becomes `<service>/<Event>/<semver>.json` (draft
2020-12) plus an `event.toml` with its source and detail-type. Foreign events (anything eventkit
did not write) keep their `detail` shape and are marked `envelope = "foreign"`; schemas eventkit
synced come back as the data schema of the version recorded in them (`x-eventkit`).
Existing version files are never overwritten. Every name taken from the content (service,
event, version) must pass the registry's naming rules and stay inside the folder before
anything is written; otherwise nothing is (`PullNameError`).
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from eventkit.errors import PullNameError, RegistrySyncError
from eventkit.registry import (
    DIALECT_2020_12,
    JsonSyntaxError,
    parse_json,
    read_registry_config,
    version_files,
)
from eventkit_registry_sync._pull_paths import (
    LINK_HINT,
    check_event_path,
    create_new,
    read_text,
    refuse,
)
from eventkit_registry_sync.client import check_registry_name, paginate, schema_call
from eventkit_registry_sync.convert import canonical, identifier, pointer_tokens

if TYPE_CHECKING:
    from mypy_boto3_schemas import SchemasClient

__all__ = ["PullReport", "PulledSchema", "from_registry_content", "pull_registry"]

_ANNOTATIONS = frozenset({"title", "description", "examples", "$schema", "$comment"})


@dataclass(frozen=True)
class PulledSchema:
    """A registry document read back as an eventkit version."""

    source: str
    detail_type: str
    event_name: str
    foreign: bool
    semver: str | None  # recorded by eventkit sync; None for foreign schemas
    schema: dict[str, Any]  # the 2020-12 version file content
    event_key: str | None = None  # "orders/OrderPlaced", recorded by eventkit sync

    def folder(self, into: str | None) -> tuple[str, str]:
        """(service folder, event folder): `into`, else the recorded key, else the source."""
        service, _, event = (self.event_key or "").partition("/")
        if not event:
            service, event = _service_folder(self.source), self.event_name
        return into or service, event


@dataclass
class PullReport:
    """What pull wrote (registry-relative paths), left alone, and what lint says about it."""

    written: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def _defs_and_root(doc: Mapping[str, Any]) -> tuple[str, dict[str, Any], dict[str, Any]]:
    """(ref prefix, definitions, the AWSEvent envelope) of an OpenApi3 or Draft 4 document."""
    if "openapi" in doc:
        defs = dict(doc.get("components", {}).get("schemas", {}))
        root = next(
            (s for s in defs.values() if isinstance(s, dict) and "x-amazon-events-source" in s),
            defs.get("AWSEvent", {}),
        )
        return "#/components/schemas/", defs, root
    return "#/definitions/", dict(doc.get("definitions", {})), dict(doc)


def from_registry_content(content: str, *, schema_name: str) -> PulledSchema:
    """Parse one registry document (OpenApi3 or JSONSchemaDraft4) into a version file."""
    try:
        doc = parse_json(content)  # strict: no NaN/Infinity, overflow or lone surrogates
    except JsonSyntaxError as exc:
        where = f" at {exc.pointer or '/'}" if exc.pointer is not None else ""
        raise RegistrySyncError(
            f"{schema_name}: content is not JSON eventkit can keep{where}: {exc.message}",
            schema_name=schema_name,
        ) from None
    if not isinstance(doc, dict):
        raise RegistrySyncError(
            f"{schema_name}: content is not a JSON object (an OpenApi3 or JSONSchemaDraft4 "
            "document)",
            schema_name=schema_name,
        )
    prefix, defs, root = _defs_and_root(doc)
    source = root.get("x-amazon-events-source") or schema_name.split("@")[0]
    detail_type = root.get("x-amazon-events-detail-type") or schema_name.split("@")[-1]
    detail_ref = root.get("properties", {}).get("detail", {}).get("$ref", "")
    if not detail_ref.startswith(prefix) or detail_ref[len(prefix) :] not in defs:
        raise RegistrySyncError(
            f"{schema_name}: no `detail` definition found (expected an AWSEvent envelope whose "
            "detail is a $ref)",
            schema_name=schema_name,
        )
    detail_name = detail_ref[len(prefix) :]
    marker = doc.get("x-eventkit") if isinstance(doc.get("x-eventkit"), dict) else None
    for key in ("event", "version"):
        if marker and key in marker and not isinstance(marker[key], str):
            raise PullNameError(
                f"{schema_name}: x-eventkit.{key} is not a string, so it cannot name a path",
                schema_name=schema_name,
                name=json.dumps(marker[key]),
                hint="fix the schema in the registry (eventkit sync writes strings there)",
            )
    data_name, foreign = detail_name, True
    data_ref = defs[detail_name].get("properties", {}).get("data", {}).get("$ref", "")
    if marker and data_ref.startswith(prefix) and data_ref[len(prefix) :] in defs:
        data_name, foreign = data_ref[len(prefix) :], False
    schema = _to_2020(defs, data_name, prefix)
    body = {k: v for k, v in schema.items() if k not in ("title", "description", "examples")}
    description = schema.get("description") or (
        f"The `detail` of {source} '{detail_type}' events, pulled from the EventBridge Schema "
        f"Registry (schema {schema_name})."
    )
    examples = schema.get("examples") or [_example(schema, schema.get("$defs", {}), 0)]
    out = {
        "$schema": DIALECT_2020_12,
        "title": schema.get("title") or identifier(detail_type),
        "description": description,
        **body,
        "examples": examples,
    }
    return PulledSchema(
        source,
        detail_type,
        identifier(detail_name if foreign else detail_type),
        foreign,
        marker.get("version") if marker else None,
        out,
        marker.get("event") if marker else None,
    )


def _to_2020(defs: Mapping[str, Any], root_name: str, prefix: str) -> dict[str, Any]:
    """The definition `root_name` as a self-contained 2020-12 schema (reachable defs in $defs)."""
    reachable: list[str] = []

    def visit_refs(node: Any) -> None:
        if isinstance(node, list):
            for item in node:
                visit_refs(item)
        elif isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str) and ref.startswith(prefix):
                name = pointer_tokens(ref[len(prefix) - 1 :].lstrip("/"))[0]
                if name in defs and name != root_name and name not in reachable:
                    reachable.append(name)
                    visit_refs(defs[name])
            for value in node.values():
                visit_refs(value)

    visit_refs(defs[root_name])

    def ref(value: str) -> str:
        if not value.startswith(prefix):
            return value
        tokens = pointer_tokens(value[len(prefix) - 1 :].lstrip("/"))
        if tokens and tokens[0] == root_name:
            return "#" + "".join("/" + t for t in tokens[1:])
        rest = ["$defs" if t == "definitions" else t for t in tokens]
        return "#/$defs/" + "/".join(rest)

    root: dict[str, Any] = _back(defs[root_name], ref)
    if reachable:
        root["$defs"] = {name: _back(defs[name], ref) for name in reachable}
    return root


_Ref = Callable[[str], str]
# Keywords whose value is a schema or a list of schemas (maps are handled in _back_key).
_SUBSCHEMAS = frozenset(
    {"allOf", "anyOf", "oneOf", "not", "items", "additionalProperties", "if", "then", "else"}
)


def _back_bound(out: dict[str, Any], node: Mapping[str, Any], key: str, value: Any) -> None:
    plain = "minimum" if key == "exclusiveMinimum" else "maximum"
    if value is True and plain in node:
        out[key] = node[plain]
    elif not isinstance(value, bool):
        out[key] = value


def _back_key(
    out: dict[str, Any], node: Mapping[str, Any], key: str, value: Any, ref: _Ref
) -> None:
    if key == "$ref":
        out[key] = ref(value)
    elif key in ("properties", "patternProperties", "definitions"):
        out["$defs" if key == "definitions" else key] = {k: _back(v, ref) for k, v in value.items()}
    elif key == "example":
        out["examples"] = [value]
    elif key in ("exclusiveMinimum", "exclusiveMaximum"):
        _back_bound(out, node, key, value)
    elif key == "items" and isinstance(value, list):
        out["prefixItems"] = [_back(v, ref) for v in value]
        if "additionalItems" in node:
            out["items"] = _back(node["additionalItems"], ref)
    elif key == "dependencies":
        for name, dep in value.items():
            slot = "dependentRequired" if isinstance(dep, list) else "dependentSchemas"
            out.setdefault(slot, {})[name] = _back(dep, ref)
    elif key in _SUBSCHEMAS:
        out[key] = _back(value, ref)
    else:  # values, not schemas: enum, const, default, examples, x-*, ...
        out[key] = value


def _skipped(node: Mapping[str, Any], key: str) -> bool:
    """Keywords with no 2020-12 counterpart of their own (folded into another, or dropped)."""
    if key in ("nullable", "id", "$schema", "additionalItems") or key.startswith("x-amazon-"):
        return True
    exclusive = "exclusive" + key[:1].upper() + key[1:]
    return key in ("minimum", "maximum") and node.get(exclusive) is True


def _back(node: Any, ref: _Ref) -> Any:
    """One Draft 4 / OpenAPI 3.0 schema object rewritten as draft 2020-12."""
    if isinstance(node, list):
        return [_back(v, ref) for v in node]
    if not isinstance(node, dict):
        return node
    out: dict[str, Any] = {}
    for key, value in node.items():
        if not _skipped(node, key):
            _back_key(out, node, key, value, ref)
    if node.get("nullable") is True and isinstance(out.get("type"), str):
        out["type"] = [out["type"], "null"]
    return out


_FORMAT_EXAMPLES = {"date-time": "2026-01-01T00:00:00Z", "date": "2026-01-01"}


def _example(schema: Any, defs: Mapping[str, Any], depth: int) -> Any:
    """A minimal instance (required properties only) to serve as the version's example."""
    if not isinstance(schema, dict) or depth > 20:
        return None
    ref = schema.get("$ref")
    if isinstance(ref, str) and ref.startswith("#/$defs/"):
        return _example(defs.get(ref.split("/")[2], {}), defs, depth + 1)
    if "const" in schema:
        return schema["const"]
    if schema.get("enum"):
        return schema["enum"][0]
    branches = schema.get("anyOf") or schema.get("oneOf") or schema.get("allOf")
    if branches:
        return _example(branches[0], defs, depth + 1)
    kind = schema.get("type")
    kind = next((t for t in kind if t != "null"), "null") if isinstance(kind, list) else kind
    if kind == "object" or "properties" in schema:
        props = schema.get("properties", {})
        return {k: _example(props.get(k, {}), defs, depth + 1) for k in schema.get("required", [])}
    if kind == "array":
        return [_example(schema.get("items", {}), defs, depth + 1)] * schema.get("minItems", 0)
    scalars = {
        "integer": schema.get("minimum", 0),
        "number": schema.get("minimum", 0),
        "boolean": False,
        "string": _FORMAT_EXAMPLES.get(str(schema.get("format")), "string"),
    }
    return scalars.get(str(kind))


def _service_folder(source: str) -> str:
    name = re.sub(r"[^a-z0-9_]+", "_", source.lower()).strip("_")
    return name if name[:1].isalpha() else f"s_{name}"


def _structure(schema: Mapping[str, Any]) -> str:
    """Canonical text without annotations: two files with the same structure hold the same contract."""

    def strip(node: Any) -> Any:
        if isinstance(node, list):
            return [strip(v) for v in node]
        if isinstance(node, dict):
            return {k: strip(v) for k, v in node.items() if k not in _ANNOTATIONS}
        return node

    return canonical(strip(schema))


def _same_contract(path: Path, schema: Mapping[str, Any]) -> bool:
    """`path` holds `schema`, annotations aside (False if it is not readable JSON)."""
    try:
        existing = json.loads(read_text(path))
    except (OSError, ValueError):
        return False
    return _structure(existing) == _structure(schema)


def _write_event(
    root: Path, into: str | None, pulled: PulledSchema, report: PullReport, name: str
) -> None:
    service, event = pulled.folder(into)
    folder = root / service / event
    semver = pulled.semver
    if semver is None:
        versions = version_files(folder)
        if versions:
            latest = max(versions)
            if _same_contract(versions[latest], pulled.schema):
                report.unchanged.append(str(versions[latest].relative_to(root)))
                return
            semver = str(latest.bump("minor"))
        else:
            semver = "1.0.0"
    target = folder / f"{semver}.json"
    rel = str(target.relative_to(root))
    if os.path.lexists(target):
        if _same_contract(target, pulled.schema):
            report.unchanged.append(rel)
        else:
            report.skipped.append(
                f"{rel}: exists with different content; released versions are never overwritten"
            )
        return
    folder.mkdir(parents=True, exist_ok=True)
    if not folder.resolve().is_relative_to(root.resolve()):  # changed since _check_paths
        raise refuse(name, repr(rel), f"{folder} resolves outside {root}", LINK_HINT)
    text = json.dumps(pulled.schema, indent=2, ensure_ascii=False) + "\n"
    if not create_new(target, text):
        report.skipped.append(f"{rel}: appeared while pulling; left alone")
        return
    report.written.append(rel)
    toml = folder / "event.toml"
    if not os.path.lexists(toml):
        lines = [
            "# Pulled from the EventBridge Schema Registry by `eventkit pull`.",
            f"source = {json.dumps(pulled.source)}",
            f"detail_type = {json.dumps(pulled.detail_type)}",
        ]
        if pulled.foreign:
            lines.append('envelope = "foreign"')
        create_new(toml, "\n".join(lines) + "\n")


def pull_registry(
    root: Path,
    *,
    client: SchemasClient,
    registry_name: str,
    schemas: list[str] | None = None,
    into: str | None = None,
    lint: bool = True,
) -> PullReport:
    """Pull `schemas` (default: all) of `registry_name` into the registry folder `root`.

    Raises `RegistryNotFoundError` / `RegistryConfigError` before any call when `root` is not
    a usable registry folder (its eventkit.toml missing or malformed).
    """
    read_registry_config(Path(root))
    check_registry_name(registry_name, writable=False)
    names = list(schemas or [])
    if not names:
        listed = paginate(
            client, "ListSchemas", registry_name, None, items="Schemas", RegistryName=registry_name
        )
        names = [item["SchemaName"] for item in listed]
    pulled_all = []
    for name in names:
        got = schema_call(client, "DescribeSchema", registry_name, name)
        pulled_all.append((name, from_registry_content(got["Content"], schema_name=name)))
    for name, pulled in pulled_all:  # every name checked before the first write
        service, event = pulled.folder(into)
        check_event_path(Path(root), name, service, event, pulled.semver)
    report = PullReport()
    for name, pulled in pulled_all:
        _write_event(Path(root), into, pulled, report, name)
    if lint and report.written:
        from eventkit.lint import lint_registry  # every check `eventkit lint` makes

        touched = {str(Path(w).parent) for w in report.written}
        report.problems = [
            str(p)
            for p in lint_registry(root).problems
            if str(Path(p.path).parent) in touched or p.path in report.written
        ]
    return report
