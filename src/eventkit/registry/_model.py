"""The immutable registry model: what `load_registry` / `scan_registry` return."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any, NamedTuple

from eventkit.errors import RegistryError, SchemaRefError
from eventkit.json_pointer import normalise_pointer, pointer_lines
from eventkit.registry._bundle import bundle
from eventkit.registry._json import canonical_digest
from eventkit.registry._refs import RefProblem, RefResolver
from eventkit.registry._walk import schema_nodes
from eventkit.visible_text import visible

__all__ = [
    "Deprecation",
    "EventType",
    "Problem",
    "Registry",
    "RegistryConfig",
    "SchemaVersion",
    "SemVer",
    "Service",
    "SharedSchema",
]

# Canonical semantic version of a released schema: no leading zeros, no pre-release/build.
_SEMVER = re.compile(r"(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)")
# Digits of one version part: far beyond any release, below what int() converts (4,300).
_MAX_DIGITS = 1000


class SemVer(NamedTuple):
    """A released semantic version, ordered numerically (1.10.0 > 1.9.0)."""

    major: int
    minor: int
    patch: int

    @classmethod
    def parse(cls, text: str) -> SemVer:
        """Parse ``"MAJOR.MINOR.PATCH"`` (canonical form only); raises `ValueError`."""
        match = _SEMVER.fullmatch(text)
        shown = (
            repr(text)
            if len(text) <= 40
            else f"{text[:20]!r}...{text[-10:]!r} ({len(text)} characters)"
        )
        if match is None:
            raise ValueError(
                f"{shown} is not a semantic version MAJOR.MINOR.PATCH (no leading zeros, "
                "no pre-release or build suffix)"
            )
        if max(len(part) for part in match.groups()) > _MAX_DIGITS:
            # int() refuses over sys.get_int_max_str_digits(), and no version gets there
            raise ValueError(
                f"{shown} is not a usable version: a part has over {_MAX_DIGITS} digits"
            )
        return cls(int(match[1]), int(match[2]), int(match[3]))

    def __str__(self) -> str:
        return f"{self.major}.{self.minor}.{self.patch}"

    def bump(self, part: str) -> SemVer:
        """The next version: part is "major", "minor" or "patch"."""
        if part == "major":
            return SemVer(self.major + 1, 0, 0)
        if part == "minor":
            return SemVer(self.major, self.minor + 1, 0)
        if part == "patch":
            return SemVer(self.major, self.minor, self.patch + 1)
        raise ValueError(f"unknown version part {part!r}: use major, minor or patch")


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the registry, located as precisely as possible.

    Attributes:
        code: stable kebab-case problem code (documented in docs/registry.md).
        message: what is wrong, in a sentence.
        path: registry-relative file or folder ("orders/OrderPlaced/1.0.0.json"), "" for the root.
        pointer: JSON pointer inside the file, when the problem is inside one.
        line: 1-based line in the file, when known.
        column: 1-based column in the file, when known.
        hint: what to do about it.
        suggestion: the name most likely meant, for a misspelt one (a settings key such as
            ``codegen.out``, or an allowed value); None when nothing is close.
    """

    code: str
    message: str
    path: str = ""
    pointer: str | None = None
    line: int | None = None
    column: int | None = None
    hint: str | None = None
    suggestion: str | None = None

    @property
    def location(self) -> str:
        """``path[:line[:column]]``, or ``path#pointer`` when only the pointer is known."""
        where = self.path or "."
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        return where

    def __str__(self) -> str:
        # one line, and one for the hint, whatever the registry's names and keys hold
        text = f"{visible(self.location)}: {self.code}: {visible(self.message)}"
        if self.pointer:
            text += f" (at {visible(self.pointer)})"
        if self.hint:
            text += f"\n  hint: {visible(self.hint)}"
        return text

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict (for `--format json`)."""
        return {
            "code": self.code,
            "message": self.message,
            "path": self.path,
            "pointer": self.pointer,
            "line": self.line,
            "column": self.column,
            "hint": self.hint,
            "suggestion": self.suggestion,
        }


@dataclass(frozen=True)
class RegistryConfig:
    """The resolved `eventkit.toml`.

    Attributes:
        name: Schema Registry name used by `eventkit sync`.
        event_bus: default EventBridge bus for the runtime and the demo.
        source_prefix: prefix of every native source (``source_prefix + service folder``).
        compatibility: default compatibility mode for every event.
        policy: default compatibility policy (LENIENT or STRICT).
        formats: "assertion" (default: a format change can break) or "annotation".
        tables: every other top-level table ([check], [codegen], [sync], ...), uninterpreted.
        path: the eventkit.toml file.
        description: what the registry holds (`[registry] description`), shown by the catalog.
    """

    name: str
    event_bus: str = "default"
    source_prefix: str = ""
    compatibility: str = "FULL_TRANSITIVE"
    policy: str = "LENIENT"
    tables: Mapping[str, Any] = field(default_factory=dict)
    path: Path | None = None
    formats: str = "assertion"
    description: str | None = None


@dataclass(frozen=True)
class Deprecation:
    """An event's `[deprecated]` table."""

    since: str | None = None
    reason: str | None = None
    replacement: str | None = None


@dataclass(frozen=True, eq=False, kw_only=True)
class _Document:
    """A parsed JSON Schema file of the registry (a version file or a shared file)."""

    relpath: str
    path: Path
    schema: dict[str, Any]
    text: str

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.relpath!r})"

    def line_of(self, pointer: str) -> int | None:
        """1-based line where the value at JSON `pointer` starts in the file text, or None.

        ``""`` (or ``"#"``) is the document itself; ``"/properties/id"`` its property `id`.
        For an object member the line is the line of its key.
        """
        return self._lines.get(normalise_pointer(pointer))

    @cached_property
    def digest(self) -> str:
        """``"sha256:<hex>"`` of the canonical JSON of `schema` (computed on first use)."""
        return canonical_digest(self.schema)

    @cached_property
    def schema_nodes(self) -> list[dict[str, Any]]:
        """Every object subschema of `schema` (itself included), found by keyword, not data."""
        return schema_nodes(self.schema)

    @cached_property
    def _lines(self) -> dict[str, int]:
        return pointer_lines(self.text)


@dataclass(frozen=True, eq=False, kw_only=True)
class SchemaVersion(_Document):
    """One immutable version file of an event type.

    Attributes:
        event_key: ``"service/EventName"``.
        version: its semantic version (from the file name).
        path: absolute path of the file.
        relpath: registry-relative path, e.g. ``"orders/OrderPlaced/1.1.0.json"``.
        schema: the parsed JSON Schema (treat as read-only; `Registry.bundle` gives a copy).
        text: the file text.
        digest: ``"sha256:<hex>"`` of the canonical JSON of `schema`.
    """

    event_key: str
    version: SemVer

    @property
    def major(self) -> int:
        """The major version number."""
        return self.version.major


@dataclass(frozen=True, eq=False, kw_only=True)
class SharedSchema(_Document):
    """A shared definition file under `_shared/`, keyed by its relpath ("_shared/money.json")."""


@dataclass(frozen=True, eq=False, kw_only=True)
class EventType:
    """One event type (one folder), its resolved metadata and its versions (ascending)."""

    service: str
    name: str
    source: str
    detail_type: str
    compatibility: str
    policy: str
    owner: str | None
    description: str | None
    deprecated: Deprecation | None
    foreign: bool
    versions: tuple[SchemaVersion, ...]
    path: Path

    def __repr__(self) -> str:
        versions = ", ".join(str(v.version) for v in self.versions)
        return f"EventType({self.key!r}, versions=[{versions}])"

    @property
    def key(self) -> str:
        """``"service/EventName"``, e.g. ``"orders/OrderPlaced"``."""
        return f"{self.service}/{self.name}"

    @cached_property
    def majors(self) -> dict[int, tuple[SchemaVersion, ...]]:
        """Versions grouped by major version (ascending within each)."""
        groups: dict[int, list[SchemaVersion]] = {}
        for version in self.versions:
            groups.setdefault(version.major, []).append(version)
        return {major: tuple(items) for major, items in sorted(groups.items())}

    @property
    def latest(self) -> SchemaVersion:
        """The newest version."""
        return self.versions[-1]

    def latest_in(self, major: int) -> SchemaVersion:
        """The newest version of `major`; raises `RegistryError` if there is none."""
        try:
            return self.majors[major][-1]
        except KeyError:
            known = ", ".join(str(m) for m in self.majors) or "none"
            raise RegistryError(
                f"{self.key} has no major version {major} (majors: {known})",
                path=self.key,
            ) from None

    def version(self, version: str | SemVer) -> SchemaVersion:
        """The version `version` ("1.1.0"); raises `RegistryError` naming the known ones."""
        try:
            wanted = SemVer.parse(version) if isinstance(version, str) else version
        except ValueError as error:
            raise RegistryError(f"{self.key}: {error}", path=self.key) from None
        for item in self.versions:
            if item.version == wanted:
                return item
        known = ", ".join(str(v.version) for v in self.versions)
        raise RegistryError(
            f"{self.key} has no version {wanted} (versions: {known})", path=self.key
        )


@dataclass(frozen=True, eq=False, kw_only=True)
class Service:
    """An owning service (one top-level folder), its event types, and what its consumers
    declare they read (`consumes` of service.toml: "service/EventName@major", as written)."""

    name: str
    source: str
    owner: str | None
    description: str | None
    events: tuple[EventType, ...]
    consumes: tuple[str, ...] = ()

    def __repr__(self) -> str:
        return f"Service({self.name!r}, events={len(self.events)})"


@dataclass(frozen=True, eq=False, kw_only=True)
class Registry:
    """A loaded registry folder. Build it with `load_registry` or `scan_registry`."""

    root: Path
    config: RegistryConfig
    services: tuple[Service, ...]
    shared: Mapping[str, SharedSchema]

    def __repr__(self) -> str:
        return f"Registry({str(self.root)!r}, events={len(self.events)})"

    @cached_property
    def events(self) -> tuple[EventType, ...]:
        """Every event type, sorted by key."""
        return tuple(sorted((e for s in self.services for e in s.events), key=lambda e: e.key))

    @cached_property
    def _by_key(self) -> dict[str, EventType]:
        return {event.key: event for event in self.events}

    @property
    def versions(self) -> tuple[SchemaVersion, ...]:
        """Every version of every event type (by event key, then version)."""
        return tuple(v for e in self.events for v in e.versions)

    @property
    def documents(self) -> tuple[SchemaVersion | SharedSchema, ...]:
        """Every schema file: the shared ones, then every version."""
        return (*self.shared.values(), *self.versions)

    def document(self, relpath: str) -> SchemaVersion | SharedSchema:
        """The schema file at registry-relative `relpath`; raises `RegistryError` if unknown."""
        found = self._documents.get(relpath)
        if found is None:
            raise RegistryError(f"the registry has no schema file {relpath}", path=relpath)
        return found

    @cached_property
    def _documents(self) -> dict[str, SchemaVersion | SharedSchema]:
        return {doc.relpath: doc for doc in self.documents}

    def event(self, key: str) -> EventType:
        """The event type ``"service/EventName"``; raises `RegistryError` naming the known keys."""
        found = self._by_key.get(key)
        if found is not None:
            return found
        import difflib  # here: only an unknown key needs a suggestion

        close = difflib.get_close_matches(key, self._by_key, n=3)
        hint = f"did you mean {', '.join(close)}?" if close else None
        keys = list(self._by_key)
        known = ", ".join(keys[:12]) + (f", ... ({len(keys)} in all)" if len(keys) > 12 else "")
        raise RegistryError(
            f"no event type {key!r} in the registry (known: {known or 'none'})", hint=hint
        )

    def bundle(self, version: SchemaVersion | SharedSchema) -> dict[str, Any]:
        """A self-contained deep copy of `version`'s schema.

        Every shared file it reaches (transitively) is copied under ``$defs`` as
        ``"_shared.<stem>"`` (sub-folders joined with '.'), and every `$ref` to a shared file
        is rewritten to ``"#/$defs/_shared.<stem>[/rest]"``.
        """
        return bundle(
            lambda relpath: self.document(relpath).schema, version.relpath, version.schema
        )

    def resolve(self, relpath: str, ref: str) -> tuple[str, str, Any]:
        """Resolve `ref` as written in file `relpath`: ``(target relpath, pointer, value)``.

        Raises `SchemaRefError` for a remote, escaping or dangling reference.
        """
        try:
            return self.ref_resolver.resolve(relpath, ref)
        except RefProblem as problem:
            raise SchemaRefError(problem.message, hint=problem.hint, path=relpath) from None

    @cached_property
    def ref_resolver(self) -> RefResolver:
        """The registry's `$ref` resolver (caches what repeats across files)."""
        return RefResolver(self._documents)
