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
from collections.abc import Mapping
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
from eventkit_registry_sync._pull_convert import example_of, to_2020
from eventkit_registry_sync._pull_folders import choose_folders
from eventkit_registry_sync._pull_paths import (
    LINK_HINT,
    ascii_letters,
    create_new,
    read_text,
    refuse,
)
from eventkit_registry_sync._pull_source import check_shared, exact_source, write_shared
from eventkit_registry_sync.client import check_registry_name, paginate, schema_call
from eventkit_registry_sync.convert import canonical, identifier

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
    shared: Mapping[str, Any] = field(default_factory=dict)  # `_shared/` files it references
    exact: bool = False  # restored from `x-eventkit.source`, not converted back

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


class _NotADocument(Exception):
    """A part of the document pull reads is not the JSON type it must be."""


def _defs_and_root(doc: Mapping[str, Any]) -> tuple[str, dict[str, Any], dict[str, Any]]:
    """(ref prefix, definitions, the AWSEvent envelope) of an OpenApi3 or Draft 4 document."""
    if "openapi" in doc:
        components = _object(doc.get("components", {}), "components")
        defs = _object(components.get("schemas", {}), "components.schemas")
        root = next(
            (s for s in defs.values() if isinstance(s, dict) and "x-amazon-events-source" in s),
            defs.get("AWSEvent", {}),
        )
        return "#/components/schemas/", dict(defs), _object(root, "the AWSEvent schema")
    return "#/definitions/", dict(_object(doc.get("definitions", {}), "definitions")), dict(doc)


def _object(value: Any, what: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise _NotADocument(f"{what} is not a JSON object")
    return value


def _property_ref(node: Mapping[str, Any], name: str) -> str:
    """The `$ref` of property `name` of `node` ("" when there is none, or it is not text)."""
    props = node.get("properties")
    target = props.get(name) if isinstance(props, dict) else None
    ref = target.get("$ref") if isinstance(target, dict) else None
    return ref if isinstance(ref, str) else ""


def from_registry_content(
    content: str, *, schema_name: str, version: str | None = None
) -> PulledSchema:
    """Parse one registry document (OpenApi3 or JSONSchemaDraft4) into a version file.

    `version` (the registry version read) is named in the errors, when given.
    """
    where = f"{schema_name} registry version {version}" if version else schema_name
    try:
        doc = parse_json(content)  # strict: no NaN/Infinity, overflow or lone surrogates
    except JsonSyntaxError as exc:
        at = f" at {exc.pointer or '/'}" if exc.pointer is not None else ""
        raise RegistrySyncError(
            f"{where}: content is not JSON eventkit can keep{at}: {exc.message}",
            schema_name=schema_name,
        ) from None
    if not isinstance(doc, dict):
        raise RegistrySyncError(
            f"{where}: content is not a JSON object (an OpenApi3 or JSONSchemaDraft4 document)",
            schema_name=schema_name,
        )
    try:
        return _read_document(doc, schema_name)
    except (_NotADocument, RecursionError) as exc:
        # Content anyone with schemas:UpdateSchema wrote: a refusal naming it, never a traceback.
        what = "it is nested too deeply" if isinstance(exc, RecursionError) else str(exc)
        raise RegistrySyncError(
            f"{where}: {what}, so it is not an OpenApi3 or JSONSchemaDraft4 document pull can read",
            hint="fix or delete that registry version, or leave the schema out (--schema)",
            schema_name=schema_name,
        ) from None


def _read_document(doc: Mapping[str, Any], schema_name: str) -> PulledSchema:
    prefix, defs, root = _defs_and_root(doc)
    source = root.get("x-amazon-events-source") or schema_name.split("@")[0]
    detail_type = root.get("x-amazon-events-detail-type") or schema_name.split("@")[-1]
    for key, value in (("source", source), ("detail-type", detail_type)):
        if not isinstance(value, str):  # it names the folders and the event.toml
            raise _NotADocument(f"x-amazon-events-{key} is {json.dumps(value)[:80]}, not text")
    detail_ref = _property_ref(root, "detail")
    if not detail_ref.startswith(prefix) or detail_ref[len(prefix) :] not in defs:
        raise _NotADocument(
            "no `detail` definition found (expected an AWSEvent envelope whose detail is a $ref)"
        )
    detail_name = detail_ref[len(prefix) :]
    detail = _object(defs[detail_name], f"the detail definition {detail_name!r}")
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
    data_ref = _property_ref(detail, "data")
    if marker and data_ref.startswith(prefix) and data_ref[len(prefix) :] in defs:
        data_name, foreign = data_ref[len(prefix) :], False
        _object(defs[data_name], f"the data definition {data_name!r}")
    files = exact_source(marker) if marker else None
    if marker and files is not None:  # the files it was synced from, as they were
        return PulledSchema(
            source,
            detail_type,
            _event_folder(detail_name if foreign else detail_type),
            foreign,
            marker.get("version"),
            files.file,
            marker.get("event"),
            shared=files.shared,
            exact=True,
        )
    schema = to_2020(defs, data_name, prefix)
    body = {k: v for k, v in schema.items() if k not in ("title", "description", "examples")}
    description = schema.get("description") or (
        f"The `detail` of {source} '{detail_type}' events, pulled from the EventBridge Schema "
        f"Registry (schema {schema_name})."
    )
    examples = schema.get("examples") or [example_of(schema, schema.get("$defs", {}))]
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
        _event_folder(detail_name if foreign else detail_type),
        foreign,
        marker.get("version") if marker else None,
        out,
        marker.get("event") if marker else None,
    )


def _event_folder(name: str) -> str:
    """The event folder named after a definition or detail-type, readable (`Détail` ->
    `Detail`, not `DTail`). Only the folder: the registry schema name sync derives from the
    detail-type (`desired.schema_name`) is not changed."""
    return identifier(ascii_letters(name))


def _service_folder(source: str) -> str:
    name = re.sub(r"[^a-z0-9_]+", "_", ascii_letters(source).lower()).strip("_")
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
    root: Path, where: tuple[str, str], pulled: PulledSchema, report: PullReport, name: str
) -> None:
    service, event = where
    folder = root / service / event
    semver = pulled.semver
    if semver is None:  # a foreign version: 1.0.0, then the next minor for each new structure
        versions = version_files(folder)
        for number in sorted(versions, reverse=True):
            if _same_contract(versions[number], pulled.schema):
                report.unchanged.append(str(versions[number].relative_to(root)))
                return
        semver = str(max(versions).bump("minor")) if versions else "1.0.0"
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
            f"source = {_toml_string(pulled.source)}",
            f"detail_type = {_toml_string(pulled.detail_type)}",
        ]
        if pulled.foreign:
            lines.append('envelope = "foreign"')
        create_new(toml, "\n".join(lines) + "\n")


def _toml_string(text: str) -> str:
    """`text` as a TOML basic string. JSON's escapes are TOML's, but for a character outside
    the BMP, which `json.dumps` writes as a surrogate pair (`"\\ud83d\\udcb3"`): TOML refuses
    those, so such characters (and all non-ASCII) stay as they are; DEL, which JSON leaves
    unescaped and TOML does not allow, is escaped."""
    return json.dumps(text, ensure_ascii=False).replace("\x7f", "\\u007f")


def _every_version(client: SchemasClient, registry: str, name: str) -> list[PulledSchema]:
    """Every registry version of `name`, oldest first, read back; of the versions eventkit
    synced, only the latest registry version holding each semantic version."""
    listed = paginate(
        client,
        "ListSchemaVersions",
        registry,
        name,
        items="SchemaVersions",
        RegistryName=registry,
        SchemaName=name,
    )
    numbers = sorted({int(v["SchemaVersion"]) for v in listed})  # "10" after "9"
    pulled: list[PulledSchema] = []
    for number in numbers:
        got = schema_call(client, "DescribeSchema", registry, name, SchemaVersion=str(number))
        pulled.append(from_registry_content(got["Content"], schema_name=name, version=str(number)))
    latest = {p.semver: i for i, p in enumerate(pulled) if p.semver is not None}
    return [p for i, p in enumerate(pulled) if p.semver is None or latest[p.semver] == i]


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
    pulled_all = [
        (name, pulled) for name in names for pulled in _every_version(client, registry_name, name)
    ]
    # every name checked, and every schema given its own event type's folder, before writing
    folders = choose_folders(Path(root), into, pulled_all)
    for name, pulled in pulled_all:
        check_shared(Path(root), name, pulled.shared)
    report = PullReport()
    shared = [(n, rel, doc) for n, p in pulled_all for rel, doc in p.shared.items()]
    written, unchanged = write_shared(Path(root), shared)  # refuses a conflict before writing
    report.written += written
    report.unchanged += unchanged
    for (name, pulled), where in zip(pulled_all, folders, strict=True):
        _write_event(Path(root), where, pulled, report, name)
    if lint and report.written:
        from eventkit.lint import lint_registry  # every check `eventkit lint` makes

        touched = {str(Path(w).parent) for w in report.written}
        report.problems = [
            str(p)
            for p in lint_registry(root).problems
            if str(Path(p.path).parent) in touched or p.path in report.written
        ]
    return report
