"""The files a registry document eventkit wrote carries in `x-eventkit.files`, written back.

Sync records the version file and every `_shared/` file its bundle reaches (decision 0021),
so pull restores them exactly: `$ref`s to `_shared/` stay references, and syncing the pulled
folder changes nothing. The content is not ours: the version file must match the recorded
digest, `_shared/` paths must be plain names inside the folder, and an existing `_shared/`
file with other content is never overwritten (`PullConflictError`, before anything is written).
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from eventkit.errors import PullConflictError
from eventkit.registry import canonical_digest
from eventkit_registry_sync._pull_paths import LINK_HINT, create_new, read_text, refuse
from eventkit_registry_sync.convert import canonical

__all__ = ["Source", "check_shared", "exact_source", "write_shared"]

# `_shared/<name>.json` or deeper; every segment a plain name (no `.`/`..`, no separators).
_SHARED_PATH = re.compile(r"_shared(?:/[A-Za-z0-9_][A-Za-z0-9_.\-]*)+\.json")


@dataclass(frozen=True)
class Source:
    """The files one registry version was synced from."""

    file: dict[str, Any]
    shared: Mapping[str, Any]


def exact_source(marker: Mapping[str, Any]) -> Source | None:
    """The recorded source, if it is there and is what the marker's digest says (else None:
    pull converts the document back instead)."""
    files = marker.get("files")
    if not isinstance(files, dict):
        return None
    file, shared = files.get("file"), files.get("shared", {})
    if not isinstance(file, dict) or not isinstance(shared, dict):
        return None
    if canonical_digest(file) != marker.get("digest"):
        return None  # edited by hand, or not eventkit's: do not trust the rest either
    if not all(isinstance(v, dict) for v in shared.values()):
        return None
    return Source(file, shared)


def check_shared(root: Path, name: str, shared: Iterable[str]) -> None:
    """Raise `PullNameError` unless every `_shared/` path is a plain name inside `root`."""
    real_root = root.resolve()
    for relpath in shared:
        if not _SHARED_PATH.fullmatch(relpath) or "/../" in f"/{relpath}/":
            raise refuse(name, repr(relpath), "it is not a _shared/<name>.json path")
        if not (root / relpath).resolve().is_relative_to(real_root):
            raise refuse(name, repr(relpath), f"it resolves outside {root}", LINK_HINT)


def _existing(path: Path) -> Any:
    try:
        return json.loads(read_text(path))
    except (OSError, ValueError):
        return None


def write_shared(
    root: Path, wanted: Iterable[tuple[str, str, Mapping[str, Any]]]
) -> tuple[list[str], list[str]]:
    """Write each `(schema name, relpath, content)` not yet in `root`; returns (written,
    unchanged). Refuses, before writing any, a file that exists or is wanted with other content.
    """
    first: dict[
        str, tuple[str, str, Mapping[str, Any]]
    ] = {}  # relpath -> (name, canonical, content)
    for name, relpath, content in wanted:
        text = canonical(content)
        seen = first.setdefault(relpath, (name, text, content))
        if seen[1] != text:
            raise PullConflictError(
                f"{relpath}: schemas {seen[0]} and {name} were synced with different content "
                "for it; nothing was written",
                hint="pull those schemas one at a time (--schema) into different folders",
                schema_name=name,
                path=relpath,
            )
        path = root / relpath
        if os.path.lexists(path) and canonical(_existing(path)) != text:
            raise PullConflictError(
                f"{relpath} already exists with other content than {name} was synced with; "
                "it is never overwritten, and nothing was written",
                hint=f"move {relpath} aside (or pull into another folder) and pull again",
                schema_name=name,
                path=relpath,
            )
    written: list[str] = []
    unchanged: list[str] = []
    for relpath, (_, _, content) in sorted(first.items()):
        path = root / relpath
        path.parent.mkdir(parents=True, exist_ok=True)
        pretty = json.dumps(content, indent=2, ensure_ascii=False) + "\n"
        (written if create_new(path, pretty) else unchanged).append(relpath)
    return written, unchanged
