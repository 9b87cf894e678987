"""Authoring helpers behind `eventkit new` and `eventkit bump`.

`new_event` writes a first version 1.0.0 whose title is the event name and whose descriptions
are `TODO` placeholders: the file is valid JSON Schema and its example validates, but
`eventkit lint` reports each placeholder (`todo-placeholder`) until it is replaced, so a
scaffold cannot be committed by accident. `bump_version` copies a released version, byte for
byte, to the next major, minor or patch version for editing. Neither ever overwrites a file.
Both add a `draft` line for the new version to eventkit.lock (creating the lock when the
registry has none), written atomically; `eventkit lock` locks the version once it is final.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from eventkit.errors import RegistryError, ScaffoldError, SchemaFileError, SchemaNameError
from eventkit.registry import (
    DIALECT_2020_12,
    EVENT_FILE,
    LOCK_FILE,
    MAX_SCHEMA_BYTES,
    SERVICE_FILE,
    FileRefusal,
    SemVer,
    entry_kind,
    event_name_problem,
    read_registry_config,
    read_regular_file,
    routing_problems,
    service_name_problem,
    version_files,
)
from eventkit.registry.lock import lock_with_draft, write_lock

__all__ = ["Scaffolded", "bump_version", "new_event", "parse_event_key"]

PLACEHOLDER = "TODO: "


@dataclass(frozen=True)
class Scaffolded:
    """What `new_event` / `bump_version` wrote."""

    path: Path  # the new version file
    version: SemVer
    source: Path | None = None  # the version it was copied from (bump)
    # Without an eventkit.lock, the one written locks every version already there as released:
    # their keys ("service/Event@1.0.0"), or () when the lock existed.
    locked: tuple[str, ...] = ()


def parse_event_key(key: str) -> tuple[str, str]:
    """``"orders/OrderShipped"`` -> ``("orders", "OrderShipped")``; `SchemaNameError` if malformed."""
    service, sep, name = key.strip().strip("/").partition("/")
    if not sep or "/" in name:
        raise SchemaNameError(
            f"{key!r} is not SERVICE/EventName",
            hint="e.g. eventkit new orders/OrderShipped",
        )
    problem = service_name_problem(service) or event_name_problem(f"{service}/{name}", name)
    if problem is not None:
        # The registry's hint says to rename a folder; here the user typed the name.
        suggestion = _suggested_key(service, name)
        raise SchemaNameError(
            problem.message,
            hint=(
                f"did you mean {suggestion}? (set detail_type in event.toml if the "
                "detail-type must differ)"
                if suggestion is not None
                else "SERVICE is lower_snake_case and EventName PascalCase, in ASCII letters "
                "and digits, e.g. orders/OrderShipped"
            ),
            path=problem.path,
        )
    return service, name


_ASCII_WORDS = re.compile(r"[A-Za-z0-9_\- .]+")


def _suggested_key(service: str, name: str) -> str | None:
    """`service/name` in the registry's spelling (``Orders/order-shipped`` ->
    ``orders/OrderShipped``), or None when that is not a valid key either, or would drop a
    letter (``Ordér``: eventkit's names are ASCII)."""
    if not _ASCII_WORDS.fullmatch(service) or not _ASCII_WORDS.fullmatch(name):
        return None
    words = [w for w in re.split(r"[^A-Za-z0-9]+", name) if w]
    pascal = "".join(w[0].upper() + w[1:] for w in words)
    snake = "_".join(w.lower() for w in re.split(r"[^A-Za-z0-9]+", service) if w)
    if service_name_problem(snake) or event_name_problem(f"{snake}/{pascal}", pascal):
        return None
    return f"{snake}/{pascal}"


def _event_folder(root: str | Path, key: str) -> tuple[str, Path, dict[SemVer, Path]]:
    """``("service/EventName", its folder, its versions)``, once `root` is a valid registry.

    Read as the loader reads (docs/registry.md, "What the loader reads"): the service and
    event folders and every version file must be real folders and regular files inside the
    registry (a link is followed only when it stays inside); anything else is refused here,
    before anything is read or written (`SchemaFileError`, naming the path).
    """
    base = Path(root)
    read_registry_config(base)  # it must be a registry (eventkit.toml), and a valid one
    service, name = parse_event_key(key)
    real_root = base.resolve()
    folder = base / service / name
    if not (_is_folder(base / service, real_root) and _is_folder(folder, real_root)):
        return f"{service}/{name}", folder, {}
    versions = version_files(folder)
    for path in versions.values():
        try:
            entry_kind(path, real_root)
        except FileRefusal as refusal:
            raise _refused(path, refusal) from None
    return f"{service}/{name}", folder, versions


def _refused(path: Path, refusal: FileRefusal) -> SchemaFileError:
    return SchemaFileError(
        f"{path} {refusal.message}; nothing was written",
        hint=refusal.hint,
        path=str(path),
    )


def _is_folder(path: Path, real_root: Path) -> bool:
    """Whether `path` exists (as a folder the loader would enter; `SchemaFileError` or
    `ScaffoldError` for anything else there: a link out, a broken link, a file)."""
    if not os.path.lexists(path):
        return False
    try:
        kind = entry_kind(path, real_root)
    except FileRefusal as refusal:
        raise _refused(path, refusal) from None
    if kind != "dir":
        what = "a broken symbolic link" if path.is_symlink() else "a file"
        raise ScaffoldError(
            f"{path} is {what} where a folder is needed; nothing was written",
            hint=f"move or delete {path.name}, or pick another name",
            path=str(path),
        )
    return True


# O_EXCL: never overwrite (and never follow a link planted as the file); O_NOFOLLOW as well.
_CREATE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
_CREATE |= getattr(os, "O_CLOEXEC", 0)


def _write_new(root: str | Path, path: Path, data: bytes) -> None:
    """Create `path` with `data`; never overwrite (`ScaffoldError` if it exists).

    The folders on the way are created one by one (a dangling link is never created through)
    and checked as the loader would enter them: the file is only ever written inside the
    registry.
    """
    real_root = Path(root).resolve()
    for folder in (path.parent.parent, path.parent):
        try:
            folder.mkdir()
        except FileExistsError:
            pass  # there already (or a link): checked just below
        except OSError as error:
            raise ScaffoldError(
                f"cannot create {folder}: {error.strerror or error}", path=str(folder)
            ) from None
        _is_folder(folder, real_root)
    try:
        fd = os.open(path, _CREATE, 0o666)
        with os.fdopen(fd, "wb") as file:
            file.write(data)
    except FileExistsError:
        raise ScaffoldError(
            f"{path} already exists; eventkit never overwrites a version file",
            hint="released versions are immutable: use `eventkit bump` for the next one",
            path=str(path),
        ) from None
    except OSError as error:
        raise ScaffoldError(
            f"cannot write {path}: {error.strerror or error}", path=str(path)
        ) from None


def _create_version(
    root: str | Path, event_key: str, version: SemVer, path: Path, data: bytes
) -> tuple[str, ...]:
    """Write the new version file and its draft line in eventkit.lock, both or neither.
    Returns the versions a lock created here locks as released (`Scaffolded.locked`)."""
    created_lock = not os.path.lexists(Path(root) / LOCK_FILE)
    lock = lock_with_draft(root, event_key, version)  # a malformed lock stops us before writing
    created = [f for f in (path.parent.parent, path.parent) if not os.path.lexists(f)]
    _write_new(root, path, data)
    try:
        write_lock(root, lock)
    except BaseException:
        # undo what we created a moment ago, so nothing half-made is left behind
        path.unlink(missing_ok=True)
        for folder in reversed(created):
            with contextlib.suppress(OSError):
                folder.rmdir()
        raise
    if not created_lock:
        return ()
    return tuple(sorted(key for key, line in lock.versions.items() if not line.draft))


def _template(name: str, description: str | None) -> str:
    schema = {
        "$schema": DIALECT_2020_12,
        "title": name,
        "description": description
        or f"{PLACEHOLDER}what happened, in one or two sentences, and when it is published.",
        "type": "object",
        "required": ["id"],
        "properties": {
            "id": {
                "type": "string",
                "description": f"{PLACEHOLDER}replace with the event's real fields, each "
                "with a description (it becomes the field's documentation).",
            }
        },
        "examples": [{"id": "replace-me"}],
    }
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


def _refuse_unroutable(root: str | Path, event_key: str, folder: Path) -> None:
    """Refuse (`SchemaNameError`) a new event whose source or detail-type, as the folders
    make them, EventBridge would reject: `eventkit lint` would fail the scaffold at once.
    A value that a service.toml or event.toml already on disk sets is left to lint."""
    config = read_registry_config(Path(root))
    service = folder.parent.name
    problems = routing_problems(
        event_key,
        config.source_prefix + service,
        folder.name,
        foreign=False,
        explicit_source=False,
    )
    overridden = {
        "source-invalid": (folder.parent / SERVICE_FILE).exists(),
        "detail-type-invalid": (folder / EVENT_FILE).exists(),
    }
    for problem in problems:
        if not overridden.get(problem.code, False):
            raise SchemaNameError(
                f"{event_key}: {problem.message}; nothing was written",
                hint=problem.hint,
                path=event_key,
            )


def new_event(
    root: str | Path, key: str, *, description: str | None = None, owner: str | None = None
) -> Scaffolded:
    """Scaffold version 1.0.0 of the new event type `key` ("service/EventName") in `root`.

    Raises `RegistryNotFoundError` if `root` is not a registry, `SchemaNameError` for a bad
    key, `ScaffoldError` if the event type already has versions.
    """
    event_key, folder, existing = _event_folder(root, key)
    if existing:
        raise ScaffoldError(
            f"{event_key} already exists (latest version {max(existing)})",
            hint=f"use `eventkit bump {event_key} --minor` (or --major) for a new version",
            path=event_key,
        )
    _refuse_blank("--description", description, event_key)
    _refuse_blank("--owner", owner, event_key)
    write_owner = owner is not None and _owner_to_write(folder / EVENT_FILE, owner)
    _refuse_unroutable(root, event_key, folder)
    path = folder / "1.0.0.json"
    data = _template(folder.name, description).encode("utf-8")
    locked = _create_version(root, event_key, SemVer(1, 0, 0), path, data)
    if write_owner:
        _write_new(root, folder / EVENT_FILE, f"owner = {json.dumps(owner)}\n".encode())
    return Scaffolded(path=path, version=SemVer(1, 0, 0), locked=locked)


def _refuse_blank(option: str, value: str | None, event_key: str) -> None:
    """An empty `--description` or `--owner` would be dropped (the TODO placeholder instead)
    or written as a value lint takes for a real one: refused, before anything is written."""
    if value is not None and not value.strip():
        raise ScaffoldError(
            f"{event_key}: {option} is empty; nothing was written",
            hint=f"give {option} some text, or leave the option out",
            path=event_key,
        )


def _owner_to_write(event_file: Path, owner: str) -> bool:
    """Whether `--owner` must be written as a new event.toml: yes when there is none; no when
    the one there already says the same owner. Any other event.toml (another owner, none, or
    unreadable) is refused (`ScaffoldError` naming it): `new` never edits an existing file, and
    the option must not be dropped silently."""
    if not os.path.lexists(event_file):
        return True
    try:
        data = read_regular_file(event_file, MAX_SCHEMA_BYTES)
        present = tomllib.loads(data.decode("utf-8")).get("owner")
    except (FileRefusal, OSError, UnicodeDecodeError, tomllib.TOMLDecodeError, RecursionError):
        present = None
    if present == owner:
        return False
    raise ScaffoldError(
        f"{event_file} exists and does not set owner = {json.dumps(owner)}; eventkit new "
        "never edits an existing file, so --owner would be lost; nothing was written",
        hint=f"add owner = {json.dumps(owner)} to {event_file} yourself (or change the owner "
        "there), then run again without --owner",
        path=str(event_file),
    )


def bump_version(root: str | Path, key: str, part: str, *, base: str | None = None) -> Scaffolded:
    """Copy a version of `key` to its next `part` ("major", "minor" or "patch") version.

    The copy is byte for byte, from `base` (default: the newest version). Raises
    `ScaffoldError` if the event type has no versions, `base` does not exist, or the new
    version already does.
    """
    event_key, folder, existing = _event_folder(root, key)
    if not existing:
        raise ScaffoldError(
            f"{event_key} has no version to bump",
            hint=f"create it with `eventkit new {event_key}`",
            path=event_key,
        )
    try:
        source_version = SemVer.parse(base) if base is not None else max(existing)
    except ValueError as error:
        raise ScaffoldError(str(error), hint="e.g. --from 1.1.0") from None
    if source_version not in existing:
        known = ", ".join(str(v) for v in sorted(existing))
        raise ScaffoldError(
            f"{event_key} has no version {source_version} (versions: {known})", path=event_key
        )
    try:
        target = source_version.bump(part)
    except ValueError as error:
        raise RegistryError(str(error)) from None
    path = folder / f"{target}.json"
    if target in existing:
        raise ScaffoldError(
            f"{event_key} {target} already exists; eventkit never overwrites a version",
            hint="bump from the newest version, or pick another part (--major/--minor/--patch)",
            path=f"{event_key}/{target}.json",
        )
    source = existing[source_version]
    try:
        data = read_regular_file(source, MAX_SCHEMA_BYTES)  # never blocks on a FIFO
    except FileRefusal as refusal:
        raise _refused(source, refusal) from None
    except OSError as error:
        raise ScaffoldError(
            f"cannot read {source}: {error.strerror or error}", path=str(source)
        ) from None
    if len(data) > MAX_SCHEMA_BYTES:
        raise SchemaFileError(
            f"{source} is over {MAX_SCHEMA_BYTES:,} bytes: not a schema eventkit loads",
            hint="shrink it (the loader refuses it too: file-too-large)",
            path=str(source),
        )
    locked = _create_version(root, event_key, target, path, data)
    return Scaffolded(path=path, version=target, source=source, locked=locked)
