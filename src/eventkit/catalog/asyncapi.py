"""The registry as one AsyncAPI 3.0 document: a channel per event type on the bus, a message
per major (payload: the newest version of that major), `send` operations for the owning
service of each native event and `receive` operations from the declared consumers.

Self-contained: every schema is bundled into `components.schemas` and every `$ref` points
inside the document (no file, no URL). Payload schemas are the registry's own JSON Schemas,
given in AsyncAPI's default schema format (a superset of draft-07): the registry's keyword
set reads the same there (docs/catalog.md says where it would not).
"""

from __future__ import annotations

import copy
import hashlib
import json
import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from eventkit.catalog._document_file import write_document
from eventkit.consumers import ConsumerIndex
from eventkit.errors import CatalogError
from eventkit.major_versions import major_version_values
from eventkit.registry import EventType, Registry
from eventkit.visible_text import json_controls_escaped

__all__ = ["ASYNCAPI_VERSION", "asyncapi_document", "dump_document", "write_document"]

ASYNCAPI_VERSION = "3.0.0"
_SCHEMAS = "#/components/schemas/"
_METADATA = "eventkit.Metadata"

# detail.metadata of every native event (docs/internals/interfaces.md, "The envelope").
_METADATA_SCHEMA: dict[str, Any] = {
    "type": "object",
    "description": "eventkit's envelope metadata, the same for every native event.",
    "required": ["event_id", "version", "occurred_at", "producer", "correlation_id"],
    "properties": {
        "event_id": {"type": "string", "format": "uuid", "description": "Unique per event."},
        "version": {"type": "string", "description": "The schema version, MAJOR.MINOR.PATCH."},
        "occurred_at": {"type": "string", "format": "date-time", "description": "When."},
        "producer": {"type": "string", "description": "The publishing service."},
        "correlation_id": {"type": "string", "description": "Shared by one flow's events."},
        "causation_id": {"type": ["string", "null"], "description": "The event that caused it."},
        "idempotency_key": {"type": "string", "description": "Same across retries."},
        "schema_digest": {"type": "string", "description": "sha256 of the schema."},
    },
}


def _component_key(event: EventType, major: int) -> str:
    return f"{event.service}.{event.name}.v{major}"


# Keywords whose value is data (never holds a schema), and keywords whose value maps names
# (of properties, patterns, definitions) to schemas: there a key is a name, so a property
# called `default` or `enum` is a schema like any other.
_DATA_KEYWORDS = frozenset({"examples", "enum", "const", "default"})
_NAME_MAPS = frozenset(
    {"properties", "patternProperties", "$defs", "definitions", "dependentSchemas", "dependencies"}
)


def _rewrite_refs(node: Any, mapping: dict[str | None, str], *, names: bool = False) -> Any:
    """Every `#/$defs/<name>...` ref of a bundled schema, pointed at `components.schemas`.
    `names`: `node` is a map of names to schemas (the value of `properties` and the like)."""
    if isinstance(node, dict):
        out = {}
        for key, value in node.items():
            if names:
                out[key] = _rewrite_refs(value, mapping)
            elif key == "$ref" and isinstance(value, str):
                out[key] = _map_ref(value, mapping)
            elif key in _DATA_KEYWORDS:
                out[key] = copy.deepcopy(value)  # data, not schemas
            else:
                out[key] = _rewrite_refs(value, mapping, names=key in _NAME_MAPS)
        return out
    if isinstance(node, list):
        return [_rewrite_refs(item, mapping) for item in node]
    return node


def _map_ref(ref: str, mapping: dict[str | None, str]) -> str:
    """`ref` (a pointer into the bundled schema, `#/$defs/<name>...` or `#...`) as a URI
    fragment pointing into `components.schemas` (`mapping`: a def's name -> its key, None ->
    the schema's own key: no definition name, not even "#", can stand for the root)."""
    from urllib.parse import unquote

    text = unquote(ref)
    if text.startswith("#/$defs/"):
        token, sep, rest = text.removeprefix("#/$defs/").partition("/")
        name = token.replace("~1", "/").replace("~0", "~")  # RFC 6901, in this order
        if name in mapping:
            return _fragment(mapping[name], sep + rest)
    if text.startswith("#"):
        return _fragment(mapping[None], text.removeprefix("#"))
    return _fragment(mapping[None], text)  # not produced by the bundle: kept under the schema


def _fragment(component: str, pointer: str) -> str:
    """`#/components/schemas/<component><pointer>` as a URI fragment: the key escaped as a JSON
    Pointer token, then whatever a fragment cannot hold percent-encoded (RFC 3986)."""
    from urllib.parse import quote

    token = component.replace("~", "~0").replace("/", "~1")
    return "#" + quote(f"{_SCHEMAS_POINTER}{token}{pointer}", safe=_FRAGMENT_SAFE)


# The JSON Pointer of components.schemas, and what a URI fragment holds as is besides letters,
# digits and "-._~" (RFC 3986: pchar, "/" and "?"; "%" is always encoded).
_SCHEMAS_POINTER = "/components/schemas/"
_FRAGMENT_SAFE = "/?:@!$&'()*+,;="
# AsyncAPI 3.0: the keys of `components` objects match this.
_COMPONENT_KEY = re.compile(r"[A-Za-z0-9._-]+")


def _def_key(key: str, name: str) -> str:
    """The `components.schemas` key of the definition `name` of the schema under `key`: shared
    files once under their own name, local ones under `key.name`. Characters a component key
    cannot hold become `_`, with a short digest of the name appended (so two names stay two)."""
    target = name if name.startswith("_shared.") else f"{key}.{name}"
    if _COMPONENT_KEY.fullmatch(target):
        return target
    digest = hashlib.sha256(name.encode("utf-8", "surrogatepass")).hexdigest()[:8]
    return f"{re.sub(r'[^A-Za-z0-9._-]', '_', target)}-{digest}"


def _bundle_into(registry: Registry, event: EventType, major: int, schemas: dict[str, Any]) -> str:
    """Add the newest schema of `major` (and its definitions) to `schemas`; its key."""
    key = _component_key(event, major)
    bundled = registry.bundle(event.latest_in(major))
    defs = bundled.pop("$defs", {}) if isinstance(bundled.get("$defs"), dict) else {}
    mapping: dict[str | None, str] = {None: key}
    for name in defs:
        mapping[name] = _def_key(key, name)
    for name, sub in defs.items():
        # A shared file is the same wherever it is reached: bundled once.
        schemas.setdefault(mapping[name], _rewrite_refs(sub, mapping))
    bundled.pop("$schema", None)
    schemas[key] = _rewrite_refs(bundled, mapping)
    return key


def _message(registry: Registry, event: EventType, major: int, schema_key: str) -> dict[str, Any]:
    latest = event.latest_in(major)
    if event.foreign:
        payload: dict[str, Any] = {"$ref": _SCHEMAS + schema_key}
    else:
        payload = {
            "type": "object",
            "required": ["metadata", "data"],
            "properties": {
                "metadata": {"$ref": _SCHEMAS + _METADATA},
                "data": {"$ref": _SCHEMAS + schema_key},
            },
        }
    pattern: dict[str, Any] = {"source": [event.source], "detail-type": [event.detail_type]}
    if not event.foreign:
        pattern["detail"] = {"metadata": {"version": major_version_values(major)}}
    message: dict[str, Any] = {
        "name": f"{event.name}V{major}",
        "title": f"{event.key} major {major} (newest {latest.version})",
        "contentType": "application/json",
        "payload": payload,
        "x-eventbridge": {
            "source": event.source,
            "detail-type": event.detail_type,
            "versions": [str(v.version) for v in event.majors[major]],
            "rule-pattern": pattern,
            "envelope": "foreign" if event.foreign else "native",
        },
    }
    if event.description:
        message["summary"] = event.description
    examples = latest.schema.get("examples")
    if isinstance(examples, list) and examples and not event.foreign:
        message["examples"] = [{"name": "example", "payload": {"data": examples[0]}}]
    elif isinstance(examples, list) and examples:
        message["examples"] = [{"name": "example", "payload": examples[0]}]
    if event.deprecated is not None:
        message["x-deprecated"] = {k: v for k, v in vars(event.deprecated).items() if v is not None}
    return message


# An AsyncAPI address is a URI template: `{name}` is a channel parameter, and a query (`?`) or
# fragment (`#`) is not allowed. EventBridge text may hold any of them ("Order {id} placed"):
# percent-encoded in the address; each message's `x-eventbridge` keeps the text as it is.
_ADDRESS_ESCAPES = str.maketrans({c: f"%{ord(c):02X}" for c in "%{}?#"})


def _address(source: str, detail_type: str) -> str:
    return f"{source}/{detail_type}".translate(_ADDRESS_ESCAPES)


def asyncapi_document(registry: Registry) -> dict[str, Any]:
    """The AsyncAPI 3.0 document of `registry` (a dict, ready for JSON or YAML)."""
    index = ConsumerIndex.of(registry)
    schemas: dict[str, Any] = {_METADATA: copy.deepcopy(_METADATA_SCHEMA)}
    messages: dict[str, Any] = {}
    channels: dict[str, Any] = {}
    operations: dict[str, Any] = {}
    for event in registry.events:
        channel_key = f"{event.service}.{event.name}"
        channel_messages = {}
        for major in event.majors:
            with _deep_enough(), _too_deep(f"{event.key} major {major}", event, major):
                schema_key = _bundle_into(registry, event, major, schemas)
                message_key = _component_key(event, major)
                messages[message_key] = _message(registry, event, major, schema_key)
            channel_messages[f"v{major}"] = {"$ref": f"#/components/messages/{message_key}"}
        channel: dict[str, Any] = {
            "address": _address(event.source, event.detail_type),
            "title": event.key,
            "messages": channel_messages,
        }
        if event.description:
            channel["description"] = event.description
        channels[channel_key] = channel

        def refs(majors: list[int], key: str = channel_key) -> list[dict[str, str]]:
            return [{"$ref": f"#/channels/{key}/messages/v{m}"} for m in majors]

        if not event.foreign:  # AWS sends foreign events; no service of the registry does
            operations[f"{event.service}.send.{event.name}"] = {
                "action": "send",
                "channel": {"$ref": f"#/channels/{channel_key}"},
                "title": f"{event.service} publishes {event.name}",
                "messages": refs(list(event.majors)),
            }
        consumers: dict[str, list[int]] = {}
        for major, names in index.by_major(event.key).items():
            for name in names:
                consumers.setdefault(name, []).append(major)
        for name, majors in sorted(consumers.items()):
            operations[f"{name}.receive.{event.service}.{event.name}"] = {
                "action": "receive",
                "channel": {"$ref": f"#/channels/{channel_key}"},
                "title": f"{name} consumes {event.name} major {', '.join(map(str, majors))}",
                "messages": refs(majors),
            }
    digest = hashlib.sha256(
        "\n".join(f"{v.relpath} {v.digest}" for v in registry.versions).encode()
    ).hexdigest()
    generated = (
        f"The event contracts of the {registry.config.name} registry on the "
        f"EventBridge bus {registry.config.event_bus}, generated by eventkit."
    )
    own = registry.config.description
    info: dict[str, Any] = {
        "title": f"{registry.config.name} events",
        "version": f"registry-{digest[:12]}",
        "description": f"{own}\n\n{generated}" if own else generated,
    }
    return {
        "asyncapi": ASYNCAPI_VERSION,
        "info": info,
        "defaultContentType": "application/json",
        "channels": channels,
        "operations": operations,
        "components": {"schemas": schemas, "messages": messages},
    }


_YAML_BREAKS = "\x85\u2028\u2029"  # line breaks to YAML besides CR and LF


def dump_document(document: dict[str, Any], fmt: str = "yaml") -> str:
    """The document as YAML (block style, no anchors) or indented JSON."""
    with _deep_enough(), _too_deep("the AsyncAPI document"):
        if fmt == "json":
            # C1 controls as escapes, as the YAML writer does: the same strings, and nothing
            # printed to a terminal starts a control sequence (U+009B)
            return json_controls_escaped(json.dumps(document, indent=2, ensure_ascii=False)) + "\n"
        import yaml

        class _NoAliases(yaml.SafeDumper):
            def ignore_aliases(self, data: Any) -> bool:
                return True

        def _string(dumper: yaml.SafeDumper, data: str) -> yaml.ScalarNode:
            # PyYAML writes U+0085 (NEL) as it is in a plain or single-quoted scalar, where
            # YAML reads it as a line break: a property name or value holding one came back
            # changed. The double-quoted style writes it (and U+2028/U+2029) as an escape.
            style = '"' if any(c in data for c in _YAML_BREAKS) else None
            return dumper.represent_scalar("tag:yaml.org,2002:str", data, style=style)

        _NoAliases.add_representer(str, _string)
        text: str = yaml.dump(
            document, Dumper=_NoAliases, sort_keys=False, allow_unicode=True, width=100
        )
        return text


# A schema (or example) nested as deep as the loader reads takes a few frames per level to
# copy and several to write as YAML: the budget a document is built and written under (as a
# comparison runs, eventkit.compat). Restored afterwards.
_RECURSION_LIMIT = 20_000


@contextmanager
def _deep_enough() -> Iterator[None]:
    limit = sys.getrecursionlimit()
    if limit < _RECURSION_LIMIT:
        sys.setrecursionlimit(_RECURSION_LIMIT)
    try:
        yield
    finally:
        if limit < _RECURSION_LIMIT:
            sys.setrecursionlimit(limit)


@contextmanager
def _too_deep(what: str, event: EventType | None = None, major: int = 0) -> Iterator[None]:
    """A `RecursionError` in the block as a `CatalogError` naming `what` (and its file)."""
    try:
        yield
    except RecursionError:
        path = event.latest_in(major).relpath if event is not None else None
        where = f"{what} ({path})" if path else what
        raise CatalogError(
            f"{where} nests too deeply to export",
            path=path or "-",
            hint="flatten the schema (and its examples) with $defs and $ref",
        ) from None
