"""What the folder wants the Schema Registry to hold: one registry schema per event type and
major version, named `<source>@<DetailType>-v<major>`, one registry version per eventkit
version (ascending), each converted to the chosen registry format."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from eventkit.errors import RegistrySyncError, SchemaTooLargeError
from eventkit.registry import canonical_digest, shared_def_name
from eventkit_registry_sync.convert import canonical, identifier
from eventkit_registry_sync.documents import EnvelopeInfo, event_content
from eventkit_registry_sync.plan import DesiredSchema, DesiredVersion

if TYPE_CHECKING:
    from eventkit.registry import EventType, Registry

__all__ = [
    "CONTENT_LIMIT",
    "NAME_LIMIT",
    "contract_digest",
    "desired_schemas",
    "render",
    "schema_name",
]

_UNSAFE = re.compile(r"[^.\-_A-Za-z0-9]")
CONTENT_LIMIT = 100_000  # characters of Content (botocore model: __stringMin1Max100000)
DESCRIPTION_LIMIT = 256  # characters of Description (botocore model: __stringMin0Max256)
# Schema names: the botocore model sets no bound; Terraform's provider (and the stand-in) allow
# 1-385 characters of letters, digits and `. - _ @`, the rule this project adopts.
NAME_LIMIT = 385


def schema_name(source: str, detail_type: str, major: int) -> str:
    """AWS's `source@DetailType` style plus the major: `shop.orders@OrderPlaced-v1`."""
    return f"{_UNSAFE.sub('-', source)}@{identifier(detail_type)}-v{major}"


def size(text: str) -> int:
    """`text`'s length as the Schema Registry's limits count it, taken to be UTF-16 code units
    (a Java service's string length): a character outside the BMP (an emoji) counts two.
    Unverified against AWS; counting two never sends what AWS would refuse (as decision 0026
    counts pattern sizes). Content is pure ASCII most of the time: that costs one scan."""
    if text.isascii():
        return len(text)
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


def render(doc: Any, *, name: str) -> str:
    """Pretty JSON when it fits the content limit, compact when only that fits; else refuse."""
    text = json.dumps(doc, indent=2, ensure_ascii=False)
    if size(text) <= CONTENT_LIMIT:
        return text
    compact = json.dumps(doc, separators=(",", ":"), ensure_ascii=False)
    if size(compact) <= CONTENT_LIMIT:
        return compact
    raise SchemaTooLargeError(
        f"{name}: converted content is {size(compact):,} characters (UTF-16 code units); the "
        f"Schema Registry accepts at most {CONTENT_LIMIT:,}",
        hint="split the event's data, or move large enums/descriptions out of the schema",
        schema_name=name,
        size=size(compact),
        limit=CONTENT_LIMIT,
    )


def _render_with_files(doc: dict[str, Any], *, name: str) -> str:
    """`render(doc)`; if it is too large only because of `x-eventkit.files`, without them (pull
    then converts the document back instead of restoring the files exactly)."""
    try:
        return render(doc, name=name)
    except SchemaTooLargeError:
        if doc["x-eventkit"].pop("files", None) is None:
            raise
        return render(doc, name=name)


def _texts(doc: dict[str, Any], *, where: str) -> tuple[Callable[[], str], str, Callable[[], str]]:
    """(the content to push, its canonical JSON, the canonical JSON as an eventkit before
    contract digests wrote it). The canonical JSON is what a sync compares (a no-op compares
    nothing else); the other two are made on first use: pretty-printing every version was
    most of a no-op re-sync's time."""
    full = canonical(doc)
    if size(full) <= CONTENT_LIMIT:
        # The compact text is as long as the canonical one (the same items in another order),
        # so it fits: rendering can neither refuse nor drop the files.
        doc = {**doc, "x-eventkit": dict(doc["x-eventkit"])}  # `doc` is not changed after
        text = _once(lambda: render(doc, name=where))
    else:  # render decides now: the files dropped (`full` then without them), or refused
        rendered = _render_with_files(doc, name=where)
        text, full = (lambda: rendered), canonical(doc)

    def pre_contract() -> str:  # no contract digest, nor the files
        marker = {k: v for k, v in doc["x-eventkit"].items() if k not in ("contract", "files")}
        return canonical({**doc, "x-eventkit": marker})

    return text, full, _once(pre_contract)


def _once(make: Callable[[], str]) -> Callable[[], str]:
    """`make()` on the first call, the same text on every later one."""
    done: list[str] = []

    def text() -> str:
        if not done:
            done.append(make())
        return done[0]

    return text


def _description(event: EventType) -> str:
    text = event.description or str(event.latest.schema.get("description") or "")
    text = " ".join(text.split())
    if size(text) <= DESCRIPTION_LIMIT:
        return text
    kept, used = [], 0  # cut by characters as the limit counts them, then "…"
    for char in text:
        used += 2 if char > "\uffff" else 1
        if used > DESCRIPTION_LIMIT - 1:
            break
        kept.append(char)
    return "".join(kept) + "…"


def contract_digest(event: EventType, bundled: Any) -> str:
    """What a version means to consumers: its data schema with every `_shared/` file it
    reaches, its source, detail-type and envelope. Formatting and conversion do not enter it,
    so a change of this digest for a released version is a change of the contract."""
    envelope = "foreign" if event.foreign else "native"
    return canonical_digest(
        {
            "source": event.source,
            "detail_type": event.detail_type,
            "envelope": envelope,
            "schema": bundled,
        }
    )


def _check_name(name: str, event: EventType) -> None:
    """Refuse, before anything is sent, a name the Schema Registry would reject on every run
    (`schema_name` writes only letters, digits and `. - _ @`: the length is what can fail)."""
    if len(name) <= NAME_LIMIT:
        return
    raise RegistrySyncError(
        f"{event.key}: its registry schema name {name[:40]}…{name[-30:]} is {len(name)} "
        f"characters ({len(event.source)}-character source, {len(event.detail_type)}-character "
        f"detail-type); the Schema Registry accepts at most {NAME_LIMIT}; nothing was pushed",
        hint="set a shorter source or detail_type in event.toml (the name is "
        "`<source>@<DetailType>-v<major>`)",
        schema_name=name,
    )


def _clash(first: EventType, second: EventType, name: str) -> RegistrySyncError:
    """Two event types whose registry schema names are the same, saying which part of their
    routing identity the name loses: they are distinct events, so "make them distinct" would
    not help; the part has to differ in characters the name keeps."""
    parts = []
    if first.source != second.source:
        parts.append(
            f"sources {first.source!r} and {second.source!r} differ only in characters a "
            "schema name replaces with '-' (it keeps ASCII letters, digits and . - _)"
        )
    if first.detail_type != second.detail_type:
        parts.append(
            f"detail-types {first.detail_type!r} and {second.detail_type!r} differ only in "
            "what a schema name does not keep (ASCII letters and digits, each word "
            f"capitalised: {first.detail_type!r} -> {identifier(first.detail_type)!r})"
        )
    what = "; ".join(parts) or "they have the same source and detail-type"
    field = "source" if first.detail_type == second.detail_type else "detail_type"
    return RegistrySyncError(
        f"{first.key} and {second.key} both map to registry schema {name!r}: {what}; "
        "nothing was pushed",
        hint=f"set a {field} in event.toml of one of them that differs from the other's in "
        "ASCII letters or digits (changing it changes where its events are routed)",
        schema_name=name,
    )


def desired_schemas(registry: Registry, kind: str, *, owner: str) -> list[DesiredSchema]:
    """Every registry schema the folder defines, converted to `kind` and owned by `owner`;
    refuses on the first version that cannot be converted or is too large (nothing is pushed
    then)."""
    out: list[DesiredSchema] = []
    seen: dict[str, EventType] = {}
    for event in registry.events:
        for major, versions in sorted(event.majors.items()):
            name = schema_name(event.source, event.detail_type, major)
            _check_name(name, event)
            if name in seen:
                raise _clash(seen[name], event, name)
            seen[name] = event
            pushed = []
            for version in versions:
                bundled = registry.bundle(version)
                contract = contract_digest(event, bundled)
                files = {
                    "file": version.schema,
                    "shared": {
                        relpath: shared.schema
                        for relpath, shared in sorted(registry.shared.items())
                        if shared_def_name(relpath) in bundled.get("$defs", {})
                    },
                }
                info = EnvelopeInfo(
                    event_key=event.key,
                    version=str(version.version),
                    digest=version.digest,
                    source=event.source,
                    detail_type=event.detail_type,
                    name=identifier(event.detail_type),
                    foreign=event.foreign,
                    title=identifier(event.detail_type),
                    description=version.schema.get("description"),
                    contract=contract,
                    files=files,
                )
                doc = event_content(info, bundled, kind)
                text, full, pre_contract = _texts(doc, where=f"{name} ({version.relpath})")
                pushed.append(
                    DesiredVersion(
                        str(version.version),
                        text,
                        full,
                        version.digest,
                        contract,
                        pre_contract,
                        version.relpath,
                    )
                )
            out.append(
                DesiredSchema(
                    name, event.key, major, kind, _description(event), tuple(pushed), owner
                )
            )
    return out
