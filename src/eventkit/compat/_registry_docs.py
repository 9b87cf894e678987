"""A registry's versions as compat `Doc`s, and how a pointer maps back to a file line."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from eventkit.compat._doc import Doc, json_equal
from eventkit.json_pointer import join_pointer

if TYPE_CHECKING:
    from eventkit.registry import Registry, SchemaVersion, SharedSchema

__all__ = ["RegistryDocs", "first_difference", "nearest_line"]


class RegistryDocs:
    """One `Doc` per version, built once; shared files are parsed once and resolved in place
    (no bundled copies), so unchanged shared definitions compare by identity."""

    def __init__(self, registry: Registry) -> None:
        self.registry = registry
        self._docs: dict[str, Doc] = {}
        self._shared: dict[str, Doc] = {}
        self._folders: dict[str, Path] = {}  # a version file's folder, as text -> normalised
        for shared in registry.shared.values():
            path = Path(os.path.normpath(shared.path))
            self._shared[str(path)] = Doc(
                shared.schema,
                label=shared.relpath,
                base_dir=path.parent,
                cache=self._shared,
                is_root=False,
            )

    def __call__(self, version: SchemaVersion) -> Doc:
        found = self._docs.get(version.relpath)
        if found is None:
            # an event's versions share one folder, keyed by its text (no Path to build and hash)
            where = os.path.dirname(str(version.path))  # noqa: PTH120 (a str key, no Path)
            folder = self._folders.get(where)
            if folder is None:
                folder = Path(os.path.normpath(version.path)).parent
                self._folders[where] = folder
            found = Doc(version.schema, label=version.relpath, base_dir=folder, cache=self._shared)
            self._docs[version.relpath] = found
        return found


def nearest_line(version: SchemaVersion | SharedSchema, pointer: str) -> int | None:
    while True:
        line = version.line_of(pointer)
        if line is not None or not pointer:
            return line if line is not None else 1
        pointer = pointer.rsplit("/", 1)[0]


def first_difference(old: Any, new: Any, pointer: str = "") -> str:
    if isinstance(old, dict) and isinstance(new, dict):
        for key in sorted(set(old) | set(new)):
            if key not in old or key not in new:
                return pointer if key not in new else join_pointer(pointer, key)
            if not _same(old[key], new[key]):
                return first_difference(old[key], new[key], join_pointer(pointer, key))
    if isinstance(old, list) and isinstance(new, list) and len(old) == len(new):
        for i, (a, b) in enumerate(zip(old, new, strict=True)):
            if not _same(a, b):
                return first_difference(a, b, join_pointer(pointer, i))
    return pointer


def _same(a: Any, b: Any) -> bool:
    """Equal as JSON: `True == 1` holds in Python, so `"const": 1` edited to `true` would
    otherwise be passed over and the difference placed at its parent."""
    return a == b and json_equal(a, b)
