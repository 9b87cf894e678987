"""Which event folder each pulled schema goes to: never one that holds another event type.

A foreign schema's folder is named after its `detail` definition, and two event types often
share one (`Detail`); a folder may also exist already for another source or detail-type. One
event folder is one event type (its source and detail-type), so pull never files a schema under
a folder that is, or in the same pull becomes, another event type's: a foreign schema then goes
to the folder named after its detail-type (`Invoice Voided` -> `InvoiceVoided`); when that is
taken too, or the schema's folder is recorded by eventkit sync, pull refuses before writing
anything (`PullConflictError`).
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from eventkit.errors import PullConflictError, PullNameError
from eventkit.registry import read_registry_config
from eventkit_registry_sync._pull_paths import check_event_path, read_text
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


def choose_folders(
    root: Path, into: str | None, pulled: Sequence[tuple[str, PulledSchema]]
) -> list[tuple[str, str]]:
    """The (service, event) folder of each pulled schema, checked (names, links) and never
    another event type's; raises before anything is written."""
    claimed: dict[tuple[str, str], tuple[Identity, str]] = {}  # folder -> (identity, schema)
    out: list[tuple[str, str]] = []
    for name, schema in pulled:
        identity = (schema.source, schema.detail_type)
        service, event = schema.folder(into)
        check_event_path(root, name, service, event, schema.semver)
        options = [event]
        alternative = identifier(schema.detail_type)
        if schema.event_key is None and alternative not in options:  # named after `detail`
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
                f"own: {'; '.join(others)}; nothing was written",
                path=f"{service}/{event}",
                schema_name=name,
                hint="pull it on its own with --into SERVICE (another service folder)",
            )
    return out
