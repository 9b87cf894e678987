"""Walking a registry folder into the model, collecting every problem on the way."""

from __future__ import annotations

import keyword
import os
import re
from pathlib import Path
from typing import Any

from eventkit.errors import (
    RegistryConfigError,
    RegistryError,
    SchemaFileError,
    SchemaNameError,
    SchemaRefError,
)
from eventkit.registry._config import (
    CONFIG_FILE,
    EVENT_FILE,
    SERVICE_FILE,
    UNREADABLE_HINT,
    read_registry_config,
    read_settings,
)
from eventkit.registry._json import JsonSyntaxError, parse_json, pointer_lines
from eventkit.registry._model import (
    Deprecation,
    EventType,
    Problem,
    Registry,
    RegistryConfig,
    SchemaVersion,
    SemVer,
    Service,
    SharedSchema,
)
from eventkit.registry._refs import SHARED_DIR, RefProblem, find_ref_cycles, split_ref
from eventkit.registry._walk import pointer_of, schema_nodes

__all__ = [
    "DIALECT_2020_12",
    "DIALECT_DRAFT_04",
    "MAX_SCHEMA_BYTES",
    "load_registry",
    "scan_registry",
]

MAX_SCHEMA_BYTES = 1024 * 1024  # 1 MiB: ten times the Schema Registry's 100,000-char content cap
DIALECT_2020_12 = "https://json-schema.org/draft/2020-12/schema"
DIALECT_DRAFT_04 = "http://json-schema.org/draft-04/schema#"
_DIALECTS = {
    DIALECT_2020_12: DIALECT_2020_12,
    DIALECT_2020_12 + "#": DIALECT_2020_12,
    DIALECT_DRAFT_04: DIALECT_DRAFT_04,
    DIALECT_DRAFT_04.rstrip("#"): DIALECT_DRAFT_04,
}
MAX_DETAIL_TYPE = 128  # EventBridge PutEvents DetailType limit
MAX_SOURCE = 256  # eventkit's own bound; AWS publishes none in the PutEvents model

SERVICE_NAME = re.compile(r"[a-z][a-z0-9_]*")
EVENT_NAME = re.compile(r"[A-Z][A-Za-z0-9]*")
_LENIENT_VERSION = re.compile(r"[vV]?0*([0-9]+)\.0*([0-9]+)(?:\.0*([0-9]+))?")
_IGNORED_SUFFIXES = (".md",)
_DRAFT_04 = (DIALECT_DRAFT_04, DIALECT_DRAFT_04.rstrip("#"))

_ERROR_FOR_CODE: dict[str, type[RegistryError]] = {
    "config-invalid": RegistryConfigError,
    "file-unreadable": SchemaFileError,
    "file-too-large": SchemaFileError,
    "invalid-json": SchemaFileError,
    "duplicate-key": SchemaFileError,
    "schema-not-object": SchemaFileError,
    "dialect-missing": SchemaFileError,
    "dialect-unknown": SchemaFileError,
    "version-name": SchemaNameError,
    "duplicate-version": SchemaNameError,
    "service-name": SchemaNameError,
    "event-name": SchemaNameError,
    "unexpected-file": SchemaNameError,
    "source-invalid": SchemaNameError,
    "detail-type-invalid": SchemaNameError,
    "duplicate-detail-type": SchemaNameError,
    "remote-ref": SchemaRefError,
    "ref-invalid": SchemaRefError,
    "ref-outside-registry": SchemaRefError,
    "ref-not-shared": SchemaRefError,
    "ref-missing-file": SchemaRefError,
    "ref-missing-pointer": SchemaRefError,
    "ref-not-schema": SchemaRefError,
    "ref-cycle": SchemaRefError,
    "ref-unsupported": SchemaRefError,
    "id-not-supported": SchemaRefError,
}


def scan_registry(root: str | Path) -> tuple[Registry, list[Problem]]:
    """Load the registry folder `root` as far as possible: ``(registry, problems)``.

    Content problems (a bad file, name, `$ref`, settings file) are returned, never raised;
    files with problems that make them unusable are left out of the model. Raises
    `RegistryNotFoundError` / `RegistryConfigError` only when the folder or its
    `eventkit.toml` cannot be used at all.
    """
    base = Path(root).absolute()
    config = read_registry_config(base)
    return _Scanner(base, config).run()


def load_registry(root: str | Path) -> Registry:
    """Load the registry folder `root`; raises a `RegistryError` for the first problem.

    The message counts the other problems; `eventkit lint` lists them all.
    """
    registry, problems = scan_registry(root)
    if problems:
        first = problems[0]
        error = _ERROR_FOR_CODE.get(first.code, RegistryError)
        more = len(problems) - 1
        suffix = f" (and {more} more problem(s); `eventkit lint` lists them all)" if more else ""
        raise error(
            f"{first.location}: {first.message}{suffix}",
            hint=first.hint,
            path=first.path,
            pointer=first.pointer,
            line=first.line,
        )
    return registry


def _is_ignored(path: Path) -> bool:
    return path.name.startswith(".") or path.name.endswith(_IGNORED_SUFFIXES)


class _Scanner:
    def __init__(self, root: Path, config: RegistryConfig) -> None:
        self.root = root
        self.config = config
        self.problems: list[Problem] = []
        self.unusable: set[str] = set()  # relpaths of files that exist but could not be loaded
        self._dirs: set[Path] = set()

    def add(
        self, code: str, message: str, path: str, hint: str | None = None, **where: Any
    ) -> None:
        self.problems.append(Problem(code, message, path, hint=hint, **where))

    def run(self) -> tuple[Registry, list[Problem]]:
        shared = self._shared()
        services = []
        for child in self._children(self.root):
            if child.name == SHARED_DIR:
                continue
            if not self._is_dir(child):
                if child.name != CONFIG_FILE:
                    self._unexpected(
                        child, "the registry root holds only eventkit.toml and folders"
                    )
                continue
            service = self._service(child)
            if service is not None:
                services.append(service)
        registry = Registry(
            root=self.root, config=self.config, services=tuple(services), shared=shared
        )
        self._check_refs(registry)
        self._check_unique(registry)
        if not services:
            self.add(
                "empty-registry",
                "the registry holds no event types",
                "",
                hint="add one with `eventkit new SERVICE/EventName`",
            )
        self.problems.sort(key=lambda p: (p.path, p.line or 0))
        return registry, self.problems

    def _children(self, folder: Path) -> list[Path]:
        """The entries of `folder` (sorted, ignored ones left out); folders go in `_dirs`."""
        try:
            with os.scandir(folder) as entries:
                found = []
                for entry in entries:
                    path = folder / entry.name
                    if _is_ignored(path):
                        continue
                    if entry.is_dir():
                        self._dirs.add(path)
                    found.append(path)
        except OSError as error:
            self.add(
                "file-unreadable",
                f"cannot list folder: {error.strerror or error}",
                self._rel(folder),
                hint=UNREADABLE_HINT,
            )
            return []
        return sorted(found)

    def _is_dir(self, path: Path) -> bool:
        return path in self._dirs

    def _rel(self, path: Path) -> str:
        return path.relative_to(self.root).as_posix()

    def _unexpected(self, path: Path, why: str) -> None:
        self.add(
            "unexpected-file",
            f"unexpected {'folder' if path.is_dir() else 'file'} {path.name}: {why}",
            self._rel(path),
            hint="move or delete it (files ending in .md and dot-files are ignored)",
        )

    # -- documents -------------------------------------------------------------------------

    def _read(
        self, path: Path, relpath: str, dialects: tuple[str, ...]
    ) -> tuple[dict[str, Any], str, list[dict[str, Any]]] | None:
        """Read, parse and check one schema file: ``(schema, text, subschemas)``, or None."""
        parsed = self._parse(path, relpath)
        if parsed is None:
            self.unusable.add(relpath)
            return None
        schema, text = parsed
        self._check_dialect(schema, relpath, dialects)
        nodes = schema_nodes(schema)
        draft_04 = schema.get("$schema") in _DRAFT_04
        for node in nodes:
            if (
                "$id" in node
                or "$dynamicRef" in node
                or "$recursiveRef" in node
                or (draft_04 and isinstance(node.get("id"), str))
            ):
                self._unsupported_ids(schema, text, relpath, node, draft_04)
        return schema, text, nodes

    def _unsupported_ids(
        self, schema: dict[str, Any], text: str, relpath: str, node: dict[str, Any], draft_04: bool
    ) -> None:
        pointer = pointer_of(schema, node) or ""
        lines = pointer_lines(text)
        for word in ("$id", "id") if draft_04 else ("$id",):
            if word in node and (word == "$id" or isinstance(node[word], str)):
                self.add(
                    "id-not-supported",
                    f"{word} is not supported: a registry file is identified by its path",
                    relpath,
                    hint=f"remove {word}; refer to shared files by relative path",
                    pointer=f"{pointer}/{word}",
                    line=lines.get(f"{pointer}/{word}"),
                )
        for word in ("$dynamicRef", "$recursiveRef"):
            if word in node:
                self.add(
                    "ref-unsupported",
                    f"{word} is not supported by eventkit",
                    relpath,
                    hint='use "$ref" with a JSON pointer',
                    pointer=f"{pointer}/{word}",
                    line=lines.get(f"{pointer}/{word}"),
                )

    def _parse(self, path: Path, relpath: str) -> tuple[dict[str, Any], str] | None:
        try:
            with path.open("rb") as file:
                data = file.read(MAX_SCHEMA_BYTES + 1)
            if len(data) > MAX_SCHEMA_BYTES:
                self.add(
                    "file-too-large",
                    f"file is {path.stat().st_size:,} bytes; the limit is {MAX_SCHEMA_BYTES:,} (1 MiB)",
                    relpath,
                    hint="split it: move definitions to _shared/ files",
                )
                return None
            text = data.decode("utf-8")
        except OSError as error:
            self.add(
                "file-unreadable",
                f"cannot read file: {error.strerror or error}",
                relpath,
                hint=UNREADABLE_HINT,
            )
            return None
        except UnicodeDecodeError as error:
            self.add(
                "invalid-json", f"not UTF-8 text: {error.reason}", relpath, hint="save it as UTF-8"
            )
            return None
        try:
            value = parse_json(text)
        except JsonSyntaxError as error:
            self.add(
                "invalid-json",
                f"not valid JSON: {error.message}",
                relpath,
                line=error.line,
                column=error.column,
                hint="fix the JSON syntax at that line and column",
            )
            return None
        if not isinstance(value, dict):
            kind = {bool: "a boolean", list: "an array", str: "a string"}.get(
                type(value), "a number"
            )
            self.add(
                "schema-not-object",
                f"the file holds {kind if value is not None else 'null'}, not a JSON Schema object",
                relpath,
                line=1,
                hint='a schema file must be a JSON object: {"$schema": ..., "type": "object", ...}',
            )
            return None
        return value, text

    def _check_dialect(
        self, schema: dict[str, Any], relpath: str, dialects: tuple[str, ...]
    ) -> None:
        declared = schema.get("$schema")
        if declared is None:
            if DIALECT_2020_12 in dialects and relpath.startswith(SHARED_DIR + "/"):
                return  # shared files inherit the dialect of the file that refers to them
            self.add(
                "dialect-missing",
                "no $schema: the file must declare its JSON Schema dialect",
                relpath,
                line=1,
                hint=f'add "$schema": "{DIALECT_2020_12}"',
            )
        elif _DIALECTS.get(declared) not in dialects:
            allowed = " or ".join(dialects)
            self.add(
                "dialect-unknown",
                f"$schema {declared!r} is not a dialect eventkit accepts here ({allowed})",
                relpath,
                pointer="/$schema",
                hint=f'use "$schema": "{DIALECT_2020_12}"'
                + (
                    " (draft-04 is only for foreign events)"
                    if DIALECT_DRAFT_04 not in dialects
                    else ""
                ),
            )

    def _shared(self) -> dict[str, SharedSchema]:
        folder = self.root / SHARED_DIR
        shared: dict[str, SharedSchema] = {}
        if not folder.is_dir():
            return shared
        for path in sorted(folder.rglob("*")):
            if _is_ignored(path) or path.is_dir():
                continue
            relpath = self._rel(path)
            if path.suffix != ".json":
                self._unexpected(path, "_shared/ holds only .json schema files")
                continue
            parsed = self._read(path, relpath, (DIALECT_2020_12,))
            if parsed is not None:
                shared[relpath] = SharedSchema(
                    relpath=relpath,
                    path=path,
                    schema=parsed[0],
                    text=parsed[1],
                )
                shared[relpath].__dict__["schema_nodes"] = parsed[2]
        return shared

    # -- services and events ---------------------------------------------------------------

    def _service(self, folder: Path) -> Service | None:
        name = folder.name
        if name.startswith("_"):
            self._unexpected(folder, "folder names starting with '_' are reserved (only _shared)")
            return None
        if not SERVICE_NAME.fullmatch(name) or keyword.iskeyword(name):
            self.add(
                "service-name",
                f"service folder name {name!r} must be lower_snake_case (a Python module name)",
                name,
                hint="rename the folder, e.g. orders or file_uploads",
            )
        settings, problems = read_settings(
            folder / SERVICE_FILE, f"{name}/{SERVICE_FILE}", event=False
        )
        self.problems += problems
        events, folders = [], 0
        for child in self._children(folder):
            if self._is_dir(child):
                folders += 1
                event = self._event(child, settings)
                if event is not None:
                    events.append(event)
            elif child.name != SERVICE_FILE:
                self._unexpected(child, "a service folder holds service.toml and event folders")
        if not folders:
            self.add(
                "empty-service",
                "the service folder holds no event types",
                name,
                hint=f"add one with `eventkit new {name}/EventName`, or remove the folder",
            )
        source = settings.get("source", self.config.source_prefix + name)
        return Service(
            name=name,
            source=source,
            owner=settings.get("owner"),
            description=settings.get("description"),
            events=tuple(events),
        )

    def _event(self, folder: Path, service: dict[str, Any]) -> EventType | None:
        service_name, name = folder.parent.name, folder.name
        key = f"{service_name}/{name}"
        if not EVENT_NAME.fullmatch(name):
            self.add(
                "event-name",
                f"event folder name {name!r} must be PascalCase (letters and digits, e.g. OrderPlaced)",
                key,
                hint="rename the folder; set detail_type in event.toml if the detail-type differs",
            )
        settings, problems = read_settings(folder / EVENT_FILE, f"{key}/{EVENT_FILE}", event=True)
        self.problems += problems
        merged = {**service, **settings}
        foreign = merged.get("envelope", "native") == "foreign"
        dialects = (DIALECT_2020_12, DIALECT_DRAFT_04) if foreign else (DIALECT_2020_12,)
        versions = self._versions(folder, key, dialects)
        if not versions:
            if not any(p.path.startswith(key + "/") for p in self.problems):
                self.add(
                    "empty-event",
                    "the event folder holds no version files",
                    key,
                    hint=f"add one with `eventkit new {key}`, or remove the folder",
                )
            return None
        source = merged.get("source", self.config.source_prefix + service_name)
        detail_type = settings.get("detail_type", name)
        self._check_routing(key, source, detail_type, foreign, "source" in merged)
        deprecated = settings.get("deprecated")
        latest_description = versions[-1].schema.get("description")
        return EventType(
            service=service_name,
            name=name,
            source=source,
            detail_type=detail_type,
            compatibility=merged.get("compatibility", self.config.compatibility),
            policy=merged.get("policy", self.config.policy),
            owner=merged.get("owner"),
            description=settings.get(
                "description", latest_description if isinstance(latest_description, str) else None
            ),
            deprecated=Deprecation(**deprecated) if deprecated is not None else None,
            foreign=foreign,
            versions=tuple(versions),
            path=folder,
        )

    def _check_routing(
        self, key: str, source: str, detail_type: str, foreign: bool, explicit: bool
    ) -> None:
        where = f"{key}/{EVENT_FILE}"
        if foreign and not explicit:
            self.add(
                "source-invalid",
                "a foreign event needs an explicit source (the AWS service's, e.g. aws.s3)",
                where,
                hint='set source = "aws.<service>" in service.toml or event.toml',
            )
        elif not foreign and source.startswith("aws."):
            self.add(
                "source-invalid",
                f"source {source!r} starts with 'aws.', which AWS reserves for its own services",
                where,
                hint='change source_prefix or the source (envelope = "foreign" for AWS events)',
            )
        if not 1 <= len(source) <= MAX_SOURCE or source != source.strip():
            self.add(
                "source-invalid",
                f"source {source!r} must be 1-{MAX_SOURCE} characters without surrounding spaces",
                where,
                hint="shorten the source or source_prefix",
            )
        if not 1 <= len(detail_type) <= MAX_DETAIL_TYPE or detail_type != detail_type.strip():
            self.add(
                "detail-type-invalid",
                f"detail-type is {len(detail_type)} characters; EventBridge allows 1-{MAX_DETAIL_TYPE}"
                " (longer ones are silently discarded)",
                where,
                hint="set a shorter detail_type in event.toml, or rename the folder",
            )

    def _versions(self, folder: Path, key: str, dialects: tuple[str, ...]) -> list[SchemaVersion]:
        canonical: dict[SemVer, Path] = {}
        lenient: list[tuple[Path, SemVer | None]] = []
        for child in self._children(folder):
            if child.name == EVENT_FILE:
                continue
            if self._is_dir(child) or child.suffix.lower() != ".json":
                self._unexpected(child, "an event folder holds event.toml and <version>.json files")
                continue
            try:
                if child.suffix != ".json":
                    raise ValueError
                canonical[SemVer.parse(child.stem)] = child
            except ValueError:
                match = _LENIENT_VERSION.fullmatch(child.stem)
                guess = SemVer(int(match[1]), int(match[2]), int(match[3] or 0)) if match else None
                lenient.append((child, guess))
        for path, guess in lenient:
            self._bad_version_name(path, guess, canonical)
        versions = []
        for version, path in sorted(canonical.items()):
            relpath = f"{key}/{path.name}"
            parsed = self._read(path, relpath, dialects)
            if parsed is not None:
                document = SchemaVersion(
                    relpath=relpath,
                    path=path,
                    schema=parsed[0],
                    text=parsed[1],
                    event_key=key,
                    version=version,
                )
                document.__dict__["schema_nodes"] = parsed[2]  # computed already: no second walk
                versions.append(document)
        return versions

    def _bad_version_name(
        self, path: Path, guess: SemVer | None, canonical: dict[SemVer, Path]
    ) -> None:
        relpath = self._rel(path)
        if guess is not None and guess in canonical:
            self.add(
                "duplicate-version",
                f"{path.name} names version {guess}, which {canonical[guess].name} already holds",
                relpath,
                hint=f"delete {path.name} (released versions live in one file each)",
            )
        elif guess is not None:
            self.add(
                "version-name",
                f"file name {path.name!r} is not a canonical semantic version",
                relpath,
                hint=f"rename it to {guess}.json",
            )
        else:
            self.add(
                "version-name",
                f"file name {path.name!r} is not a semantic version MAJOR.MINOR.PATCH.json",
                relpath,
                hint="name version files like 1.0.0.json",
            )

    # -- registry-wide checks --------------------------------------------------------------

    def _check_refs(self, registry: Registry) -> None:
        documents = {doc.relpath: doc for doc in registry.documents}
        resolver = registry.ref_resolver
        edges = []
        for relpath, doc in documents.items():
            for node in doc.schema_nodes:
                if "$ref" not in node:
                    continue
                try:
                    target = resolver.resolve(relpath, node["$ref"])[2]
                except RefProblem as problem:
                    if problem.code == "ref-missing-file" and self._names_unusable(relpath, node):
                        continue  # the target's own problem is reported already
                    pointer = f"{pointer_of(doc.schema, node)}/$ref"
                    self.add(
                        problem.code,
                        problem.message,
                        relpath,
                        hint=problem.hint,
                        pointer=pointer,
                        line=doc.line_of(pointer),
                    )
                else:
                    edges.append((relpath, node, target))
        for cycle in find_ref_cycles(resolver, edges):
            where = [(r, f"{pointer_of(documents[r].schema, n)}/$ref") for r, n in cycle]
            chain = " -> ".join(f"{r}#{p}" for r, p in where)
            relpath, pointer = where[0]
            self.add(
                "ref-cycle",
                f"$ref cycle that never reaches a constraint: {chain}",
                relpath,
                hint="recursion must go through properties or items, not only $ref/allOf/anyOf/oneOf",
                pointer=pointer,
                line=documents[relpath].line_of(pointer),
            )

    def _names_unusable(self, relpath: str, node: dict[str, Any]) -> bool:
        try:
            target, _ = split_ref(relpath, node["$ref"])
        except RefProblem:
            return False
        return target in self.unusable

    def _check_unique(self, registry: Registry) -> None:
        seen: dict[tuple[str, str], str] = {}
        for event in registry.events:
            route = (event.source, event.detail_type)
            if route in seen:
                self.add(
                    "duplicate-detail-type",
                    f"{event.key} has the same source {event.source!r} and detail-type "
                    f"{event.detail_type!r} as {seen[route]}",
                    event.key,
                    hint="give one of them its own detail_type in event.toml",
                )
            else:
                seen[route] = event.key
