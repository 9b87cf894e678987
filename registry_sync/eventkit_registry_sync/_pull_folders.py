"""Which event folder each pulled schema goes to: never one that holds another event type.

A foreign schema's folder is named after its `detail` definition, and two event types often
share one (`Detail`); a folder may also exist already for another source or detail-type. One
event folder is one event type (its source and detail-type), so pull never files a schema under
a folder that is, or in the same pull becomes, another event type's: a foreign schema then goes
to the folder named after its detail-type (`Invoice Voided` -> `InvoiceVoided`), then after the
registry schema's name (after `@`); when that is taken too, or the schema's folder is recorded
by eventkit sync, pull refuses before writing anything (`PullConflictError`). A foreign event
type that already has a folder (its event.toml names it) is pulled into that one.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from eventkit.errors import PullConflictError, PullNameError
from eventkit.registry import event_path_problems, read_registry_config
from eventkit_registry_sync._pull_paths import ascii_letters, check_event_path, read_text
from eventkit_registry_sync.convert import identifier

if TYPE_CHECKING:
    from eventkit_registry_sync.pull import PulledSchema

__all__ = ["choose_folders"]

Identity = tuple[str, str]  # (source, detail-type): what makes an event type


def _settings(path: Path) -> dict[str, Any]:
    if not os.path.lexists(path):
        return {}
    return tomllib.loads(read_text(path))


def _held(root: Path, service: str, event: str) -> Identity | None:
    """The event type an existing folder's event.toml names (with what it leaves to
    service.toml and eventkit.toml, as `eventkit lint` reads them); None without one (pull
    writes one with every event folder it makes)."""
    folder = root / service / event
    if not os.path.lexists(folder / "event.toml"):
        return None
    try:
        settings = _settings(folder / "event.toml")
        shared = _settings(root / service / "service.toml")
        prefix = read_registry_config(root).source_prefix
    except (OSError, ValueError, tomllib.TOMLDecodeError) as err:
        raise PullConflictError(
            f"{service}/{event}: cannot tell which event type the existing folder holds "
            f"({err}); nothing was written",
            path=f"{service}/{event}",
            hint="fix its event.toml, or pull with --into SERVICE into another service folder",
        ) from None
    source = settings.get("source", shared.get("source", prefix + service))
    return str(source), str(settings.get("detail_type", event))


def _existing(root: Path) -> dict[Identity, tuple[str, str]]:
    """The folder that already holds each event type (the first, by name), so pulling a foreign
    schema again finds it wherever it is: renamed by hand, or named by an eventkit that dropped
    letters outside ASCII (`acme_caf/DTail`). Folders whose event type cannot be read are
    skipped here (they are checked when a schema would go there)."""
    found: dict[Identity, tuple[str, str]] = {}
    for toml in sorted(root.glob("*/*/event.toml")):
        service, event = toml.parent.parent.name, toml.parent.name
        if event_path_problems(service, event) or toml.is_symlink():
            continue
        try:
            held = _held(root, service, event)
        except PullConflictError:
            continue
        if held is not None:
            found.setdefault(held, (service, event))
    return found


def _lost(detail_type: str) -> str:
    """Why two detail-types can want one folder: the name keeps ASCII letters and digits."""
    name = identifier(ascii_letters(detail_type))
    if name == identifier(detail_type) and detail_type.isascii():
        return ""
    return (
        f" (folder names keep ASCII letters and digits only: {detail_type!r} -> {name!r}, so "
        "detail-types that differ in other characters want the same folder)"
    )


def choose_folders(
    root: Path, into: str | None, pulled: Sequence[tuple[str, PulledSchema]]
) -> list[tuple[str, str]]:
    """The (service, event) folder of each pulled schema, checked (names, links) and never
    another event type's; raises before anything is written."""
    claimed: dict[tuple[str, str], tuple[Identity, str]] = {}  # folder -> (identity, schema)
    out: list[tuple[str, str]] = []
    existing: dict[Identity, tuple[str, str]] | None = None  # read once, when needed
    for name, schema in pulled:
        identity = (schema.source, schema.detail_type)
        service, event = schema.folder(into)
        if schema.event_key is None and into is None:  # a derived name: the event type's
            existing = _existing(root) if existing is None else existing  # folder wins
            service, event = existing.get(identity, (service, event))
        check_event_path(root, name, service, event, schema.semver)
        options = [event]
        if schema.event_key is None:  # named after `detail`: the detail-type, then the
            # registry schema's name after `@` (unique in its registry) are the next choices
            for text in (schema.detail_type, name.rpartition("@")[2]):
                alternative = identifier(ascii_letters(text))
                if alternative not in options:
                    options.append(alternative)
        others: list[str] = []
        for option in options:
            if option != event:
                try:
                    check_event_path(root, name, service, option, schema.semver)
                except PullNameError:
                    continue
            held = claimed.get((service, option))
            if held is None:
                found = _held(root, service, option)
                held = (found, "the existing folder") if found is not None else None
            if held is None or held[0] == identity:
                claimed.setdefault((service, option), (identity, name))
                out.append((service, option))
                break
            others.append(f"{service}/{option} holds {held[0][0]} {held[0][1]!r} ({held[1]})")
        else:
            raise PullConflictError(
                f"{name} ({schema.source} {schema.detail_type!r}) has no event folder of its "
                f"own: {'; '.join(others)}{_lost(schema.detail_type)}; nothing was written",
                path=f"{service}/{event}",
                schema_name=name,
                hint="pull it on its own with --into SERVICE (another service folder)",
            )
    return out
