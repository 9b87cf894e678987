"""What the catalog pages show, computed once from the registry (templates only format it)."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import PurePosixPath
from typing import Any

from eventkit.catalog._diff import VersionDiff, diff_versions, pairs_to_show
from eventkit.catalog._fields import COMPARED_DEPTH, COMPARED_ROWS, Field, FieldRows, fields_of
from eventkit.consumers import ConsumerIndex, declaration_problems
from eventkit.json_pointer import normalise_pointer, split_pointer
from eventkit.major_versions import major_version_values
from eventkit.registry import EventType, Registry, SchemaVersion, Service, shared_def_name
from eventkit.visible_text import json_controls_escaped

__all__ = ["FULL_VERSIONS", "CatalogView", "EventView", "ServiceView", "anchor", "build_view"]

# An event page holds every version in full up to this many versions (as many as it holds
# every pair's diff for): beyond, the newest of each major (of this many majors at most).
FULL_VERSIONS = 8
_SAMPLE_ID = "6f1c2a4e-8b7d-4c3e-9a15-2d0e7f3b9c41"
_SAMPLE_TIME = "2026-11-26T14:00:00Z"


_NOT_IN_ANCHORS = re.compile(r"[^A-Za-z0-9_.-]")


def anchor(text: str) -> str:
    """An HTML id / URL fragment made only of safe characters, a different one for each text:
    any other character is written ``~<hex>~`` (``~`` too). Mapping them all to ``-`` gave
    ``_shared/a b.json`` and ``_shared/a-b.json`` (definitions ``A B`` and ``A-B``) one id,
    and every link to the second led to the first."""
    return _NOT_IN_ANCHORS.sub(lambda m: f"~{ord(m.group()):x}~", text)


@dataclass(frozen=True)
class Ref:
    label: str
    href: str  # relative to the site root ("shared.html#...") or to the page ("#...")
    shared: bool


@dataclass
class VersionView:
    version: str
    major: int
    relpath: str
    digest: str
    title: str
    description: str
    fields: list[Field]
    refs: dict[str, Ref]
    definitions: list[tuple[str, list[Field]]]
    example: str  # a full EventBridge event, pretty JSON
    previous: str | None = None  # the version before it (its changes: that consecutive diff)
    # its own page (relative to the site root) when the event page shows it only in brief;
    # then the diffs comparing it with the newest version are there too
    page: str | None = None
    diffs: list[VersionDiff] = field(default_factory=list)

    @property
    def anchor(self) -> str:
        return f"v{self.version}"

    @property
    def field_count(self) -> int:
        return len(self.fields)


@dataclass
class MajorView:
    major: int
    versions: list[str]
    class_name: str
    import_line: str | None  # None: the registry names no codegen package
    pattern: str
    consumers: tuple[str, ...]


@dataclass
class EventView:
    event: EventType
    url: str
    versions: list[VersionView]
    majors: list[MajorView]
    diffs: list[VersionDiff]  # the ones on the event page (the rest: on version pages)
    producers: list[str]
    all_pairs: bool

    @property
    def version_pages(self) -> list[tuple[str, VersionView]]:
        """The versions with a page of their own, with its path."""
        return [(v.page, v) for v in self.versions if v.page is not None]

    @property
    def default_diff(self) -> VersionDiff | None:
        """The newest consecutive pair: what the latest version changed."""
        if len(self.versions) < 2:
            return None
        old, new = self.versions[-2].version, self.versions[-1].version
        return next((d for d in self.diffs if (d.old, d.new) == (old, new)), None)

    @property
    def consumers(self) -> list[str]:
        return sorted({name for m in self.majors for name in m.consumers})

    @property
    def search_text(self) -> str:
        e = self.event
        parts = [e.key, e.detail_type, e.source, e.owner or "", e.description or ""]
        return " ".join(parts).lower()


@dataclass
class ServiceView:
    service: Service
    url: str
    produces: list[EventView]
    consumes: list[tuple[EventView, int]]
    foreign: bool
    # `consumes` entries lint refuses (unknown event or major, malformed, repeated): shown
    # with what is wrong rather than left out, so a consumer of a deleted event stays visible
    refused: list[str] = field(default_factory=list)


@dataclass
class CatalogView:
    registry: Registry
    events: list[EventView]
    services: list[ServiceView]
    shared: list[tuple[str, str, str, FieldRows, list[tuple[str, str, list[Field]]]]]
    index: ConsumerIndex
    package: str | None
    by_key: dict[str, EventView] = field(default_factory=dict)


def _package(registry: Registry) -> str | None:
    """The import name of the generated models: `[codegen] package`, else the package folder
    named by `[codegen] out`; None when neither is set (codegen needs --out: no import line)."""
    table = registry.config.tables.get("codegen")
    if not isinstance(table, dict):
        return None
    package = table.get("package")
    if isinstance(package, str) and package:
        return package
    out = table.get("out")
    if not isinstance(out, str):
        return None
    parts = [p for p in PurePosixPath(out.replace("\\", "/")).parts if p not in ("..", ".")]
    if "src" in parts:
        parts = parts[len(parts) - parts[::-1].index("src") :]
    names = [p for p in parts if p.isidentifier()]
    return ".".join(names) or None


def _ref_target(ref: str, page_version: str) -> Ref | None:
    """Where a bundled `$ref` leads: a shared definition page anchor, or a local definition.

    The `$ref` is a URI fragment holding a JSON pointer: decoded (``%C3%9F``, ``~1``) before
    it names anything, as the ids it must match are made from the names themselves. The pages
    hold an id per definition only (a shared file, a top-level definition of one, a local
    definition): a `$ref` to part of one (``.../properties/street``) links to the definition
    holding it."""
    if not ref.startswith("#/$defs/"):
        return None
    try:
        tokens = split_pointer(normalise_pointer(ref))[1:]
    except ValueError:
        return None
    name = "/".join(tokens)
    if tokens[0].startswith("_shared."):
        label = tokens[-1] if len(tokens) > 1 else tokens[0].removeprefix("_shared.")
        shown = tokens[:3] if len(tokens) >= 3 and tokens[1] == "$defs" else tokens[:1]
        return Ref(label, f"shared.html#{anchor('/'.join(shown))}", True)
    return Ref(name, f"#{anchor(f'v{page_version}-def-{tokens[0]}')}", False)


def _example_event(event: EventType, version: SchemaVersion) -> str:
    examples = version.schema.get("examples")
    data = examples[0] if isinstance(examples, list) and examples else {}
    if event.foreign:
        detail: Any = data
    else:
        detail = {
            "metadata": {
                "event_id": _SAMPLE_ID,
                "version": str(version.version),
                "occurred_at": "2026-11-26T14:00:00.123Z",
                "producer": f"{event.service}-service",
                "correlation_id": "c0ffee00-0000-4000-8000-000000000001",
                "causation_id": None,
                "idempotency_key": _SAMPLE_ID,
                "schema_digest": version.digest,
            },
            "data": data,
        }
    envelope = {
        "version": "0",
        "id": "0d8e5a3c-1f2b-4c6d-8e9f-a1b2c3d4e5f6",
        "detail-type": event.detail_type,
        "source": event.source,
        "account": "123456789012",
        "time": _SAMPLE_TIME,
        "region": "us-east-1",
        "resources": [],
        "detail": detail,
    }
    return json_controls_escaped(json.dumps(envelope, indent=2, ensure_ascii=False))


def _pattern(event: EventType, major: int) -> str:
    pattern: dict[str, Any] = {"source": [event.source], "detail-type": [event.detail_type]}
    if not event.foreign:
        pattern["detail"] = {"metadata": {"version": major_version_values(major)}}
    return json_controls_escaped(json.dumps(pattern, ensure_ascii=False))


def _defs(schema: dict[str, Any]) -> list[tuple[str, list[Field]]]:
    defs = schema.get("$defs")
    if not isinstance(defs, dict):
        return []
    return [
        (str(name), fields_of(schema, sub))
        for name, sub in defs.items()
        if not str(name).startswith("_shared.")
    ]


def _shown_in_full(event: EventType) -> set[str]:
    """The versions whose field tables, definitions and example the event page holds: all of
    a short history; of a long one the newest version of each of the newest majors (what a
    consumer reads), so the page grows with the fields and versions, not with their product.
    The others get a page each (`<Event>/<version>.html`) and a brief entry on the event page."""
    if len(event.versions) <= FULL_VERSIONS:
        return {str(v.version) for v in event.versions}
    newest = [str(items[-1].version) for items in event.majors.values()]  # majors ascending
    return set(newest[-FULL_VERSIONS:])


def _event_view(
    registry: Registry, event: EventType, index: ConsumerIndex, package: str | None
) -> EventView:
    bundles = {str(v.version): registry.bundle(v) for v in event.versions}
    rows = {str(v.version): fields_of(bundles[str(v.version)]) for v in event.versions}
    # a table cut short (too many rows, too deep) is walked further for the diffs
    compared = {
        text: fields_of(bundles[text], max_rows=COMPARED_ROWS, max_depth=COMPARED_DEPTH)
        if table.cut
        else table
        for text, table in rows.items()
    }
    versions = []
    in_full = _shown_in_full(event)
    previous: str | None = None
    for v in event.versions:
        text = str(v.version)
        refs = {
            row.ref: target
            for row in rows[text]
            if row.ref and (target := _ref_target(row.ref, text)) is not None
        }
        title, description = v.schema.get("title"), v.schema.get("description")
        versions.append(
            VersionView(
                version=text,
                major=v.major,
                relpath=v.relpath,
                digest=v.digest,
                title=title if isinstance(title, str) else "",
                description=description if isinstance(description, str) else "",
                fields=rows[text],
                refs=refs,
                definitions=_defs(bundles[text]),
                example=_example_event(event, v),
                previous=previous,
                page=None
                if text in in_full
                else f"events/{event.service}/{event.name}/{text}.html",
            )
        )
        previous = text
    majors = [
        MajorView(
            major=major,
            versions=[str(v.version) for v in items],
            class_name=f"{event.name}V{major}",
            import_line=f"from {package} import {event.name}V{major}" if package else None,
            pattern=_pattern(event, major),
            consumers=index.consumers(event.key, major),
        )
        for major, items in event.majors.items()
    ]
    names = [str(v.version) for v in event.versions]
    pairs = pairs_to_show(names)
    formats = registry.config.formats
    diffs = [
        diff_versions(
            old,
            new,
            compared[old],
            compared[new],
            bundles[old],
            bundles[new],
            mode=event.compatibility,
            policy=event.policy,
            formats=formats,
        )
        for old, new in pairs
    ]
    # A version with a page of its own takes its diffs against the newest there: on the
    # event page they would repeat a table's worth of rows per version.
    paged = {v.version: v for v in versions if v.page is not None}
    consecutive = set(pairwise(names))
    on_page = []
    for diff in diffs:
        owner = paged.get(diff.old)
        if owner is not None and diff.new == names[-1] and (diff.old, diff.new) not in consecutive:
            owner.diffs.append(diff)
        else:
            on_page.append(diff)
    producers = [event.service]  # a foreign event's folder stands for the AWS service
    return EventView(
        event=event,
        url=f"events/{event.service}/{event.name}.html",
        versions=versions,
        majors=majors,
        diffs=on_page,
        producers=producers,
        all_pairs=len(pairs) == len(names) * (len(names) - 1) // 2,
    )


def build_view(registry: Registry) -> CatalogView:
    index = ConsumerIndex.of(registry)
    package = _package(registry)
    events = [_event_view(registry, e, index, package) for e in registry.events]
    by_key = {view.event.key: view for view in events}
    refused: dict[str, list[str]] = {}
    for problem in declaration_problems(registry):
        refused.setdefault(PurePosixPath(problem.path).parts[0], []).append(problem.message)
    services = []
    for service in registry.services:
        produces = [by_key[e.key] for e in service.events]
        consumes = [(by_key[d.event], d.major) for d in index.consumed_by(service.name)]
        foreign = bool(service.events) and all(e.foreign for e in service.events)
        services.append(
            ServiceView(
                service,
                f"services/{service.name}.html",
                produces,
                consumes,
                foreign,
                refused.get(service.name, []),
            )
        )
    shared = []
    for relpath, doc in registry.shared.items():
        bundled = registry.bundle(doc)
        name = shared_def_name(relpath)
        title = doc.schema.get("title")
        description = doc.schema.get("description")
        shared.append(
            (
                anchor(name),
                relpath + (f" - {title}" if isinstance(title, str) else ""),
                description if isinstance(description, str) else "",
                fields_of(bundled),
                [(anchor(f"{name}/$defs/{n}"), n, rows) for n, rows in _defs(bundled)],
            )
        )
    return CatalogView(registry, events, services, shared, index, package, by_key)
