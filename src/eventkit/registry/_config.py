"""Reading and checking `eventkit.toml`, `service.toml` and `event.toml`."""

from __future__ import annotations

import difflib
import re
import tomllib
from pathlib import Path
from typing import Any

from eventkit.errors import RegistryConfigError, RegistryNotFoundError
from eventkit.registry._model import (
    COMPATIBILITY_MODES,
    FORMAT_MODES,
    POLICIES,
    Problem,
    RegistryConfig,
)

__all__ = [
    "CONFIG_FILE",
    "EVENT_FILE",
    "REGISTRY_NAME",
    "SERVICE_FILE",
    "read_registry_config",
    "read_settings",
]

CONFIG_FILE = "eventkit.toml"
SERVICE_FILE = "service.toml"
EVENT_FILE = "event.toml"

ENVELOPES = ("native", "foreign")
UNREADABLE_HINT = "check that the file exists and is readable (permissions, encoding UTF-8)"
# Terraform's client-side rule for Schema Registry names (AWS publishes none); EventBusName.
REGISTRY_NAME = re.compile(r"[.\-_A-Za-z0-9]{1,64}")
_BUS_NAME = re.compile(r"[.\-_A-Za-z0-9]{1,256}")

_Spec = dict[str, tuple[type, tuple[str, ...] | None]]

_REGISTRY_KEYS: _Spec = {
    "name": (str, None),
    "event_bus": (str, None),
    "source_prefix": (str, None),
    "description": (str, None),
}
_COMPAT_KEYS: _Spec = {
    "mode": (str, COMPATIBILITY_MODES),
    "policy": (str, POLICIES),
    "format": (str, FORMAT_MODES),
}
_SERVICE_KEYS: _Spec = {
    "source": (str, None),
    "owner": (str, None),
    "description": (str, None),
    "compatibility": (str, COMPATIBILITY_MODES),
    "policy": (str, POLICIES),
    "envelope": (str, ENVELOPES),
}
_EVENT_KEYS: _Spec = {**_SERVICE_KEYS, "detail_type": (str, None), "deprecated": (dict, None)}
_DEPRECATED_KEYS: _Spec = {"since": (str, None), "reason": (str, None), "replacement": (str, None)}


def _check_table(table: dict[str, Any], spec: _Spec, where: str) -> list[tuple[str, str, str]]:
    """``(key, message, hint)`` for each unknown key, wrong type or value not allowed."""
    errors: list[tuple[str, str, str]] = []
    for key, value in table.items():
        if key not in spec:
            close = difflib.get_close_matches(key, spec, n=1)
            hint = f"did you mean {close[0]}?" if close else f"known keys: {', '.join(spec)}"
            errors.append((key, f"unknown key {where}{key}", hint))
            continue
        kind, allowed = spec[key]
        if not isinstance(value, kind):
            expected = "a table" if kind is dict else "a string"
            errors.append((key, f"{where}{key} must be {expected}", f"make {key} {expected}"))
        elif allowed is not None and value not in allowed:
            errors.append(
                (
                    key,
                    f"{where}{key} = {value!r} is not allowed",
                    f"use one of {', '.join(allowed)}",
                )
            )
    return errors


def _read_toml(path: Path) -> dict[str, Any]:
    """Parse a TOML file; raises `OSError`, `UnicodeDecodeError` or `TOMLDecodeError`."""
    return tomllib.loads(path.read_text(encoding="utf-8"))


def read_registry_config(root: Path) -> RegistryConfig:
    """Read `root/eventkit.toml`; raises `RegistryNotFoundError` / `RegistryConfigError`."""
    if not root.is_dir():
        kind = "is not a folder" if root.exists() else "does not exist"
        raise RegistryNotFoundError(
            f"registry folder {root} {kind}",
            hint="pass the registry folder with --schemas DIR",
            path=str(root),
        )
    path = root / CONFIG_FILE
    if not path.is_file():
        raise RegistryNotFoundError(
            f"{path} is missing: a registry folder must hold {CONFIG_FILE}",
            hint='create it with at least: [registry]\nname = "my-registry"',
            path=CONFIG_FILE,
        )
    try:
        data = _read_toml(path)
    except (OSError, UnicodeDecodeError) as error:
        raise RegistryConfigError(
            f"{path} cannot be read: {error}", path=CONFIG_FILE, hint="check the file"
        ) from None
    except tomllib.TOMLDecodeError as error:
        raise RegistryConfigError(
            f"{path} is not valid TOML: {error}", path=CONFIG_FILE, hint="fix the TOML syntax"
        ) from None
    return _registry_config(data, path)


def _registry_config(data: dict[str, Any], path: Path) -> RegistryConfig:
    registry = data.get("registry")
    compat = data.get("compatibility", {})
    errors: list[tuple[str, str, str]] = []
    if not isinstance(registry, dict):
        errors.append(("", "a [registry] table is required", '[registry]\nname = "my-registry"'))
        registry = {}
    if not isinstance(compat, dict):
        errors.append(("", "[compatibility] must be a table", "[compatibility]\nmode = ..."))
        compat = {}
    errors += _check_table(registry, _REGISTRY_KEYS, "registry.")
    errors += _check_table(compat, _COMPAT_KEYS, "compatibility.")
    name = registry.get("name")
    if name is None and isinstance(data.get("registry"), dict):
        errors.append(("", "registry.name is required", 'add name = "my-registry"'))
    elif isinstance(name, str) and not REGISTRY_NAME.fullmatch(name):
        errors.append(
            (
                "",
                f"registry.name {name!r} is not a valid Schema Registry name",
                "use 1-64 of A-Z a-z 0-9 . - _",
            )
        )
    bus = registry.get("event_bus", "default")
    if isinstance(bus, str) and not _BUS_NAME.fullmatch(bus):
        errors.append(
            (
                "",
                f"registry.event_bus {bus!r} is not a valid bus name",
                "use 1-256 of A-Z a-z 0-9 . - _",
            )
        )
    if errors:
        lines = "\n".join(f"  - {message} (hint: {hint})" for _, message, hint in errors)
        raise RegistryConfigError(
            f"{path} is malformed ({len(errors)} problem(s)):\n{lines}",
            path=CONFIG_FILE,
            hint=errors[0][2],
        )
    return RegistryConfig(
        name=str(name),
        event_bus=str(bus),
        source_prefix=str(registry.get("source_prefix", "")),
        compatibility=str(compat.get("mode", "FULL_TRANSITIVE")),
        policy=str(compat.get("policy", "LENIENT")),
        tables={k: v for k, v in data.items() if k not in ("registry", "compatibility")},
        path=path,
        formats=str(compat.get("format", "assertion")),
    )


def read_settings(path: Path, relpath: str, *, event: bool) -> tuple[dict[str, Any], list[Problem]]:
    """Read an optional `service.toml` / `event.toml`: ``(valid settings, problems)``."""
    if not path.is_file():
        return {}, []
    try:
        data = _read_toml(path)
    except (OSError, UnicodeDecodeError) as error:
        return {}, [
            Problem("file-unreadable", f"cannot read file: {error}", relpath, hint=UNREADABLE_HINT)
        ]
    except tomllib.TOMLDecodeError as error:
        return {}, [
            Problem(
                "config-invalid", f"not valid TOML: {error}", relpath, hint="fix the TOML syntax"
            )
        ]
    spec = _EVENT_KEYS if event else _SERVICE_KEYS
    errors = _check_table(data, spec, "")
    bad = {key for key, _, _ in errors}
    deprecated = data.get("deprecated")
    if event and isinstance(deprecated, dict):
        deprecated_errors = _check_table(deprecated, _DEPRECATED_KEYS, "deprecated.")
        if deprecated_errors:
            errors += deprecated_errors
            bad.add("deprecated")
    problems = [
        Problem("config-invalid", message, relpath, hint=hint) for _, message, hint in errors
    ]
    return {k: v for k, v in data.items() if k not in bad}, problems
