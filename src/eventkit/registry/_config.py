"""Reading and checking `eventkit.toml`, `service.toml` and `event.toml`.

The keys each file may hold are declared in `_config_schema`.
"""

from __future__ import annotations

import os
import re
import tomllib
from pathlib import Path
from typing import Any

from eventkit.errors import RegistryConfigError, RegistryNotFoundError
from eventkit.registry._config_schema import (
    EVENT_TOML,
    EVENTKIT_TOML,
    SERVICE_TOML,
    KeyProblem,
    check_keys,
)
from eventkit.registry._files import FileRefusal, entry_kind, read_regular_file
from eventkit.registry._model import Problem, RegistryConfig
from eventkit.visible_text import visible

__all__ = [
    "CONFIG_FILE",
    "EVENT_FILE",
    "LOCK_FILE",
    "REGISTRY_NAME",
    "SERVICE_FILE",
    "read_registry_config",
    "read_settings",
    "scan_registry_config",
]

CONFIG_FILE = "eventkit.toml"
SERVICE_FILE = "service.toml"
EVENT_FILE = "event.toml"
LOCK_FILE = "eventkit.lock"  # beside eventkit.toml; written by `eventkit lock` (registry/lock.py)

UNREADABLE_HINT = "check that the file exists and is readable (permissions, encoding UTF-8)"
# Editors on Windows may save UTF-8 "with BOM": invisible there, and neither JSON nor TOML
# allows it, so the parsers' own message (line 1, column 1) would point at nothing visible.
BOM = "\ufeff"
BOM_MESSAGE = "the file starts with a UTF-8 byte order mark (BOM), which is not allowed"
BOM_HINT = "save it as UTF-8 without a BOM (in most editors: 'UTF-8', not 'UTF-8 with BOM')"
# Terraform's client-side rule for Schema Registry names (AWS publishes none); EventBusName.
REGISTRY_NAME = re.compile(r"[.\-_A-Za-z0-9]{1,64}")
EVENT_BUS_NAME = re.compile(r"[.\-_A-Za-z0-9]{1,256}")


MAX_SETTINGS_BYTES = 1024 * 1024  # a settings file is a few lines; this only bounds the read
NOT_UTF8_HINT = "save it as UTF-8"


class _NotUtf8(ValueError):
    """A settings file with bytes that are not UTF-8 (an editor's Latin-1 or Windows-1252):
    the line of the first one, which Python's codec error gives only as a byte offset."""

    def __init__(self, error: UnicodeDecodeError, data: bytes) -> None:
        self.line = data.count(b"\n", 0, error.start) + 1
        self.reason = error.reason
        super().__init__(f"not UTF-8 text (line {self.line}): {error.reason}")


def _read_text(path: Path) -> tuple[str, dict[str, Any]]:
    """The text of a TOML file and its parsed form.

    Raises `FileRefusal` (not a regular file, or a link out of the registry), `OSError`,
    `_NotUtf8` or `TOMLDecodeError` (also for nesting deeper than the parser can follow).
    """
    data = read_regular_file(path, MAX_SETTINGS_BYTES)
    if len(data) > MAX_SETTINGS_BYTES:
        raise tomllib.TOMLDecodeError(f"the file is over {MAX_SETTINGS_BYTES:,} bytes")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise _NotUtf8(error, data) from None
    try:
        return text, tomllib.loads(text)
    except RecursionError:  # tomllib recurses once per nested array or inline table
        raise tomllib.TOMLDecodeError("arrays or tables nested too deeply to parse") from None
    except tomllib.TOMLDecodeError:
        if text.startswith(BOM):
            raise tomllib.TOMLDecodeError(f"{BOM_MESSAGE}; {BOM_HINT}") from None
        raise


def _problems(found: list[KeyProblem], text: str, relpath: str) -> list[Problem]:
    """`config-invalid` problems located by line (only scanned for when something is wrong)."""
    if not found:
        return []
    from eventkit.registry._toml_lines import TomlLines  # its patterns: only for a problem

    lines = TomlLines(text)
    return [
        Problem(
            "config-invalid",
            p.message,
            relpath,
            pointer=p.pointer,
            line=lines.line_of(p.path),
            hint=p.hint,
            suggestion=p.suggestion,
        )
        for p in found
    ]


def read_registry_config(root: Path) -> RegistryConfig:
    """Read `root/eventkit.toml`, refusing any problem in it.

    Raises `RegistryNotFoundError` / `RegistryConfigError` (listing every problem).
    """
    config, problems = scan_registry_config(root)
    if problems:
        raise _config_error(config.path or root / CONFIG_FILE, problems)
    return config


def scan_registry_config(root: Path) -> tuple[RegistryConfig, list[Problem]]:
    """Read `root/eventkit.toml`: ``(config, problems)``.

    Unknown keys, wrong types and values not allowed are `config-invalid` problems (the
    setting falls back to its default). Raises `RegistryNotFoundError` /
    `RegistryConfigError` only when the file cannot be used at all: missing, unreadable,
    not TOML, or without a valid ``[registry] name``.
    """
    if not root.is_dir():
        kind = "is not a folder" if root.exists() else "does not exist"
        raise RegistryNotFoundError(
            f"registry folder {root} {kind}", hint=_not_found_hint(root), path=str(root)
        )
    path = root / CONFIG_FILE
    try:
        found = entry_kind(path, root.resolve()) if os.path.lexists(path) else None
    except FileRefusal as refusal:
        raise RegistryConfigError(
            f"{path} {refusal.message}", path=CONFIG_FILE, hint=refusal.hint
        ) from None
    if found == "dir":  # "missing" would send the user looking for a file that is there
        raise RegistryConfigError(
            f"{path} is a folder, not a file: a registry folder must hold the file {CONFIG_FILE}",
            hint=f"move that folder aside and write {CONFIG_FILE} (the registry's settings: "
            "docs/registry.md)",
            path=CONFIG_FILE,
        )
    if found != "file":
        raise RegistryNotFoundError(
            f"{path} is missing: a registry folder must hold {CONFIG_FILE}",
            hint=_missing_config_hint(root),
            path=CONFIG_FILE,
        )
    try:
        text, data = _read_text(path)
    except FileRefusal as refusal:
        raise RegistryConfigError(
            f"{path} {refusal.message}", path=CONFIG_FILE, hint=refusal.hint
        ) from None
    except _NotUtf8 as error:
        raise RegistryConfigError(
            f"{path} is {error}", path=CONFIG_FILE, line=error.line, hint=NOT_UTF8_HINT
        ) from None
    except OSError as error:
        raise RegistryConfigError(
            f"{path} cannot be read: {error}", path=CONFIG_FILE, hint="check the file"
        ) from None
    except tomllib.TOMLDecodeError as error:
        raise RegistryConfigError(
            f"{path} is not valid TOML: {error}", path=CONFIG_FILE, hint="fix the TOML syntax"
        ) from None
    return _registry_config(data, text, path)


def _not_found_hint(root: Path) -> str:
    """What to do about a registry folder that is not there: a command run in a sub-folder of
    the project is told where the registry of that name is; anyone else how to make one."""
    start = Path(os.path.normpath(root.absolute()))
    for folder in start.parent.parents:
        found = folder / start.name
        if (found / CONFIG_FILE).is_file():
            return f"the registry is {_schemas_option(found)} (or run from {folder})"
    return (
        "pass the registry folder with --schemas DIR, or set one up in this project with "
        "`eventkit init --package NAME` (docs/adopting.md)"
    )


def _missing_config_hint(root: Path) -> str:
    """What to do about a folder without eventkit.toml: most often the project's folder was
    named (`--schemas .`) instead of the registry in it."""
    inside = root / "schemas"
    if (inside / CONFIG_FILE).is_file():
        return f"the registry is its sub-folder {_schemas_option(inside)}"
    # a service or event folder of a registry (a shell completes `schemas/accounts/`)
    for folder in Path(os.path.normpath(root.absolute())).parents:
        if (folder / CONFIG_FILE).is_file():
            return f"the registry is the folder holding it, {_schemas_option(folder)}"
    return (
        "set a registry up with `eventkit init --package NAME` (in the project's folder), "
        'or write eventkit.toml with a [registry] table holding name = "my-registry"'
    )


def _schemas_option(registry: Path) -> str:
    """``PATH: pass --schemas PATH`` for a registry found elsewhere, PATH relative to the
    working folder and quoted for a shell."""
    from shlex import quote  # only on these error paths: the loader's import stays lean

    shown = os.path.relpath(registry)
    return f"{shown}: pass --schemas {quote(shown)}"


def _config_error(path: Path, problems: list[Problem]) -> RegistryConfigError:
    def where(p: Problem) -> str:
        return f"line {p.line}: " if p.line else ""

    if len(problems) == 1:  # its hint is the error's: printed once, on the hint line
        only = problems[0]
        return RegistryConfigError(
            f"{path} is malformed: {where(only)}{visible(only.message)}",
            path=CONFIG_FILE,
            hint=only.hint,
        )
    lines = "\n".join(f"  - {where(p)}{visible(p.message)} (hint: {p.hint})" for p in problems)
    return RegistryConfigError(
        f"{path} is malformed ({len(problems)} problem(s)):\n{lines}",
        path=CONFIG_FILE,
        hint="fix each problem listed above",
    )


def _registry_config(
    data: dict[str, Any], text: str, path: Path
) -> tuple[RegistryConfig, list[Problem]]:
    found = check_keys(data, EVENTKIT_TOML)
    bad = {p.path for p in found}
    registry = data.get("registry")
    compat = data.get("compatibility")
    registry = registry if isinstance(registry, dict) else {}
    compat = compat if isinstance(compat, dict) else {}

    def setting(table: dict[str, Any], section: str, key: str, default: str) -> str:
        value = table.get(key, default)
        return default if (section, key) in bad or not isinstance(value, str) else value

    # Without a usable name there is no registry to speak of: every command stops here.
    fatal: list[Problem] = []
    name = registry.get("name")
    if not isinstance(data.get("registry"), dict):
        fatal.append(_fatal("a [registry] table is required", '[registry]\nname = "my-registry"'))
    elif name is None:
        fatal.append(_fatal("registry.name is required", 'add name = "my-registry"'))
    elif isinstance(name, str) and not REGISTRY_NAME.fullmatch(name):
        fatal.append(
            _fatal(
                f"registry.name {name!r} is not a valid Schema Registry name",
                "use 1-64 of A-Z a-z 0-9 . - _",
            )
        )
    bus = setting(registry, "registry", "event_bus", "default")
    if not EVENT_BUS_NAME.fullmatch(bus):
        found.append(
            KeyProblem(
                ("registry", "event_bus"),
                f"registry.event_bus {bus!r} is not a valid bus name",
                "use 1-256 of A-Z a-z 0-9 . - _",
            )
        )
        bus = "default"
    problems = _problems(found, text, CONFIG_FILE)
    if fatal or not isinstance(name, str):
        raise _config_error(path, fatal + problems)
    config = RegistryConfig(
        name=name,
        event_bus=bus,
        source_prefix=setting(registry, "registry", "source_prefix", ""),
        compatibility=setting(compat, "compatibility", "mode", "FULL_TRANSITIVE"),
        policy=setting(compat, "compatibility", "policy", "LENIENT"),
        formats=setting(compat, "compatibility", "format", "assertion"),
        tables={k: v for k, v in data.items() if k not in ("registry", "compatibility")},
        path=path,
        description=setting(registry, "registry", "description", "") or None,
    )
    return config, problems


def _fatal(message: str, hint: str) -> Problem:
    return Problem("config-invalid", message, CONFIG_FILE, hint=hint)


def read_settings(path: Path, relpath: str, *, event: bool) -> tuple[dict[str, Any], list[Problem]]:
    """Read an optional `service.toml` / `event.toml`: ``(valid settings, problems)``.

    A key with a problem is left out of the settings (its default applies).
    """
    if not os.path.lexists(path):
        return {}, []
    try:
        text, data = _read_text(path)
    except FileRefusal as refusal:
        return {}, [Problem(refusal.code, refusal.message, relpath, hint=refusal.hint)]
    except _NotUtf8 as error:
        return {}, [
            Problem(  # the line is the problem's location
                "config-invalid",
                f"not UTF-8 text: {error.reason}",
                relpath,
                line=error.line,
                hint=NOT_UTF8_HINT,
            )
        ]
    except OSError as error:
        return {}, [
            Problem("file-unreadable", f"cannot read file: {error}", relpath, hint=UNREADABLE_HINT)
        ]
    except tomllib.TOMLDecodeError as error:
        return {}, [
            Problem(
                "config-invalid", f"not valid TOML: {error}", relpath, hint="fix the TOML syntax"
            )
        ]
    found = check_keys(data, EVENT_TOML if event else SERVICE_TOML)
    for i, problem in enumerate(found):
        if not event and len(problem.path) == 1 and problem.path[0] in EVENT_TOML:
            # A per-event key (detail_type, [deprecated]) written for the whole service.
            found[i] = KeyProblem(
                problem.path,
                problem.message,
                f"{problem.path[0]} is set per event: move it to <event folder>/{EVENT_FILE}",
            )
    bad = {problem.path[0] for problem in found}
    return {k: v for k, v in data.items() if k not in bad}, _problems(found, text, relpath)
