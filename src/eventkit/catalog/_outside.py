"""Keep the catalog and the AsyncAPI document out of the registry they describe.

Written inside the registry folder, the output becomes part of it: the loader reports each page
as an unexpected file, so every command reading the registry fails from then on. The loader
ignores dot-entries (src/eventkit/registry/_scan.py), so a path under one is allowed.
"""

from __future__ import annotations

from pathlib import Path

from eventkit.errors import CatalogError

__all__ = ["check_outside_registry"]


def check_outside_registry(registry_root: Path, out: Path) -> None:
    """Refuse `out` (the site folder or the document) when the registry's loader would read
    it: the registry folder itself or a path inside it not under a dot-entry. Links are
    followed on both sides, as the loader and the writer do."""
    root = registry_root.resolve()
    target = out.resolve()
    if not target.is_relative_to(root):
        return
    parts = target.relative_to(root).parts
    if any(part.startswith(".") for part in parts):
        return
    raise CatalogError(
        f"{out} is inside the registry folder {registry_root}: the registry would then hold "
        "the output as unexpected files, and every command reading it would fail",
        path=str(out),
        registry=str(registry_root),
        hint="write outside the registry folder (or under a folder of it whose name starts "
        "with a dot, which the registry ignores)",
    )
