"""Walking a registry folder into the model, collecting every problem on the way."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, TypeVar

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
    LOCK_FILE,
    SERVICE_FILE,
    UNREADABLE_HINT,
    read_settings,
    scan_registry_config,
)
from eventkit.registry._cross_checks import check_refs, check_routes_unique
from eventkit.registry._documents import (
    DIALECT_2020_12,
    DIALECT_DRAFT_04,
    DocumentReader,
)
from eventkit.registry._files import FileRefusal, entry_kind
from eventkit.registry._gc import gc_paused
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
from eventkit.registry._names import (
    event_name_problem,
    guess_version,
    routing_problems,
    service_name_problem,
    version_name_problem,
)
from eventkit.registry._refs import SHARED_DIR
from eventkit.visible_text import visible

__all__ = ["load_registry", "scan_registry"]

_IGNORED_SUFFIXES = (".md",)
_Doc = TypeVar("_Doc", SchemaVersion, SharedSchema)

_ERROR_FOR_CODE: dict[str, type[RegistryError]] = {
    "config-invalid": RegistryConfigError,
    "file-unreadable": SchemaFileError,
    "special-file": SchemaFileError,
    "unsafe-path": SchemaFileError,
    "file-too-large": SchemaFileError,
    "invalid-json": SchemaFileError,
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


def scan_registry(
    root: str | Path, *, events_from: tuple[str, str] | None = None
) -> tuple[Registry, list[Problem]]:
    """Load the registry folder `root` as far as possible: ``(registry, problems)``.

    Content problems (a bad file, name, `$ref`, settings file) are returned, never raised;
    files with problems that make them unusable are left out of the model. Raises
    `RegistryNotFoundError` / `RegistryConfigError` only when the folder or its
    `eventkit.toml` cannot be used at all.

    `events_from` ``(service, event)``: a part of the registry, for a worker checking part of
    its files (`eventkit lint`'s): the shared files and only the event folders from that one
    on, in the registry's order (by service, then event name), without the checks across
    files (`$ref`s, routes). Each file loaded is loaded as in the whole registry; the problems
    are those of the part, not the registry's.
    """
    base = Path(root).absolute()
    config, problems = scan_registry_config(base)
    with gc_paused():
        return _Scanner(base, config, problems, events_from).run()


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
        at = f" (at {visible(first.pointer)})" if first.pointer else ""
        raise error(
            f"{visible(first.location)}: {visible(first.message)}{at}{suffix}",
            hint=visible(first.hint) if first.hint else None,
            path=first.path,
            pointer=first.pointer,
            line=first.line,
        )
    return registry


def _document(
    cls: type[_Doc],
    relpath: str,
    path: Path,
    parsed: tuple[dict[str, Any], str, list[dict[str, Any]]],
    **fields: Any,
) -> _Doc:
    """A `cls` document from `DocumentReader.read`'s ``(schema, text, subschemas)``."""
    schema, text, nodes = parsed
    document = cls(relpath=relpath, path=path, schema=schema, text=text, **fields)
    document.__dict__["schema_nodes"] = nodes  # found by the reader already: no second walk
    return document


def _utf8(name: str) -> bool:
    """Whether the file system's `name` was UTF-8 (undecodable bytes come as surrogates)."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


class _Scanner:
    def __init__(
        self,
        root: Path,
        config: RegistryConfig,
        problems: list[Problem],
        events_from: tuple[str, str] | None = None,
    ) -> None:
        self.root = root
        self.events_from = events_from
        self.real_root = root.resolve()  # once: symlinks must stay below it
        self.config = config
        self.problems: list[Problem] = list(problems)  # eventkit.toml's, then every file's
        self.reader = DocumentReader(self.problems)
        self.add = self.reader.add  # both collect into `problems`
        self._dirs: set[Path] = set()

    def run(self) -> tuple[Registry, list[Problem]]:
        children = self._children(self.root)
        shared = self._shared()
        services = []
        for child in children:
            if child.name == SHARED_DIR or self._before(child.name):
                continue
            if not self._is_dir(child):
                if child.name not in (CONFIG_FILE, LOCK_FILE):
                    self._unexpected(
                        child,
                        "the registry root holds only eventkit.toml, eventkit.lock and folders",
                    )
                continue
            service = self._service(child)
            if service is not None:
                services.append(service)
        registry = Registry(
            root=self.root, config=self.config, services=tuple(services), shared=shared
        )
        if self.events_from is None:
            check_refs(registry, self.reader)
            check_routes_unique(registry, self.reader)
        if not services:
            self.add(
                "empty-registry",
                f"the registry folder {self.root} holds no event types",
                "",
                hint="add one with `eventkit new SERVICE/EventName`",
            )
        self.problems.sort(key=lambda p: (p.path, p.line or 0))
        return registry, self.problems

    def _children(self, folder: Path) -> list[Path]:
        """The usable entries of `folder` (sorted, ignored ones left out); folders go in `_dirs`.

        Special files and symlinks leaving the registry are reported and left out: nothing
        downstream (lint, codegen, sync, check) ever opens them.
        """
        try:
            with os.scandir(folder) as entries:
                found = []
                for entry in entries:
                    name = entry.name
                    if name.startswith(".") or name.endswith(_IGNORED_SUFFIXES):
                        continue  # ignored: no path made for it
                    path = folder / name
                    if not _utf8(name):
                        self._not_utf8(path)
                        continue
                    try:
                        # A plain folder or file is known from the listing (d_type): no lstat.
                        # A link or anything else is classified from lstat, as entry_kind does.
                        if entry.is_dir(follow_symlinks=False):
                            kind = "dir"
                        elif entry.is_file(follow_symlinks=False):
                            kind = "file"
                        else:
                            kind = entry_kind(path, self.real_root)
                    except FileRefusal as refusal:
                        self.add(refusal.code, refusal.message, self._rel(path), hint=refusal.hint)
                        self.reader.unusable.add(self._rel(path))  # no second report via $ref
                        continue
                    if kind == "dir":
                        self._dirs.add(path)
                    found.append((name, path))
        except OSError as error:
            self.add(
                "file-unreadable",
                f"cannot list folder: {error.strerror or error}",
                self._rel(folder),
                hint=UNREADABLE_HINT,
            )
            return []
        # By name: the paths share their folder, so this is their order, without comparing
        # Path objects (each comparison builds and compares their lists of parts).
        found.sort()
        return [path for _, path in found]

    def _before(self, service: str, event: str | None = None) -> bool:
        """Whether a part of the registry is loaded that starts after this service (or this
        event of it)."""
        start = self.events_from
        if start is None:
            return False
        return service < start[0] if event is None else (service, event) < start

    def _is_dir(self, path: Path) -> bool:
        return path in self._dirs

    def _rel(self, path: Path) -> str:
        return path.relative_to(self.root).as_posix()

    def _settings(
        self, children: list[Path], path: Path, where: str, *, event: bool
    ) -> dict[str, Any]:
        """The settings file `path` of the folder `where` (`{}` when it has none)."""
        if path not in children:
            return {}
        settings, problems = read_settings(path, f"{where}/{path.name}", event=event)
        self.problems += problems
        return settings

    def _not_utf8(self, path: Path) -> None:
        # The file system hands such a name over with surrogate escapes ("\udcff"): no text
        # file eventkit writes (eventkit.lock, the catalog's pages) could hold it.
        self.add(
            "unexpected-file",
            f"the name {path.name!r} is not UTF-8 text",
            self._rel(path),
            hint="rename it: names in the registry are written to eventkit.lock, generated "
            "code and the catalog, all UTF-8",
        )
        self.reader.unusable.add(self._rel(path))  # no second report via $ref

    def _unexpected(self, path: Path, why: str) -> None:
        self.add(
            "unexpected-file",
            f"unexpected {'folder' if path in self._dirs else 'file'} {path.name}: {why}",
            self._rel(path),
            hint="move or delete it (files ending in .md and dot-files are ignored)",
        )

    def _shared_files(self, folder: Path, seen: set[Path]) -> list[Path]:
        """Every usable file below `folder`; a folder reached twice (a symlink loop) is skipped."""
        real = folder.resolve()
        if real in seen:
            return []
        seen.add(real)
        files = []
        for child in self._children(folder):
            if child in self._dirs:
                files += self._shared_files(child, seen)
            else:
                files.append(child)
        return files

    def _shared(self) -> dict[str, SharedSchema]:
        folder = self.root / SHARED_DIR
        shared: dict[str, SharedSchema] = {}
        if folder not in self._dirs:
            return shared
        for path in sorted(self._shared_files(folder, set())):
            relpath = self._rel(path)
            if path.suffix != ".json":
                self._unexpected(path, "_shared/ holds only .json schema files")
                continue
            parsed = self.reader.read(path, relpath, (DIALECT_2020_12,))
            if parsed is not None:
                shared[relpath] = _document(SharedSchema, relpath, path, parsed)
        return shared

    # -- services and events ---------------------------------------------------------------

    def _service(self, folder: Path) -> Service | None:
        name = folder.name
        if name.startswith("_"):
            self._unexpected(folder, "folder names starting with '_' are reserved (only _shared)")
            return None
        problem = service_name_problem(name)
        if problem is not None:
            self.problems.append(problem)
        children = self._children(folder)
        settings = self._settings(children, folder / SERVICE_FILE, name, event=False)
        events, folders = [], 0
        for child in children:
            if self._is_dir(child):
                folders += 1
                if self._before(name, child.name):
                    continue
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
            consumes=tuple(settings.get("consumes", ())),
        )

    def _event(self, folder: Path, service: dict[str, Any]) -> EventType | None:
        service_name, name = folder.parent.name, folder.name
        key = f"{service_name}/{name}"
        problem = event_name_problem(key, name)
        if problem is not None:
            self.problems.append(problem)
        children = self._children(folder)
        settings = self._settings(children, folder / EVENT_FILE, key, event=True)
        merged = {**service, **settings}
        foreign = merged.get("envelope", "native") == "foreign"
        dialects = (DIALECT_2020_12, DIALECT_DRAFT_04) if foreign else (DIALECT_2020_12,)
        versions = self._versions(children, key, dialects)
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
        self.problems += routing_problems(
            key,
            source,
            detail_type,
            foreign=foreign,
            explicit_source="source" in merged,
            # Blame the file each value came from (it may not be this event's event.toml).
            source_file=self._origin("source", key, settings, service, CONFIG_FILE),
            detail_type_file=self._origin("detail_type", key, settings, service, key),
            envelope_file=self._origin("envelope", key, settings, service, key),
        )
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

    @staticmethod
    def _origin(
        setting: str, key: str, event: dict[str, Any], service: dict[str, Any], default: str
    ) -> str:
        """The file an event's `setting` comes from: event.toml, service.toml, or `default`."""
        if setting in event:
            return f"{key}/{EVENT_FILE}"
        if setting in service:
            return f"{key.split('/')[0]}/{SERVICE_FILE}"
        return default

    def _versions(
        self, children: list[Path], key: str, dialects: tuple[str, ...]
    ) -> list[SchemaVersion]:
        canonical: dict[SemVer, Path] = {}
        lenient: list[tuple[Path, SemVer | None]] = []
        for child in children:
            if child.name == EVENT_FILE:
                continue
            suffix = child.suffix
            if self._is_dir(child) or suffix.lower() != ".json":
                self._unexpected(child, "an event folder holds event.toml and <version>.json files")
                continue
            try:
                if suffix != ".json":
                    raise ValueError
                canonical[SemVer.parse(child.stem)] = child
            except ValueError:
                lenient.append((child, guess_version(child.stem)))
        for path, guess in lenient:
            holder = canonical.get(guess) if guess is not None else None
            self.problems.append(
                version_name_problem(
                    f"{key}/{path.name}", path.name, guess, holder.name if holder else None
                )
            )
        versions = []
        for version, path in sorted(canonical.items()):
            relpath = f"{key}/{path.name}"
            parsed = self.reader.read(path, relpath, dialects)
            if parsed is not None:
                versions.append(
                    _document(SchemaVersion, relpath, path, parsed, event_key=key, version=version)
                )
        return versions
