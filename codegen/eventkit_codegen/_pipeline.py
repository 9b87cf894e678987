"""`generate()`: registry -> checked-in package of typed models, deterministic and incremental."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from eventkit_codegen._child import GeneratorChild, registry_changed_since_last_run
from eventkit_codegen._constants import MANIFEST
from eventkit_codegen._datamodel import workers_limit

__all__ = ["CODEGEN_VERSION", "MANIFEST", "CodegenResult", "generate"]

# Bump when the generated code changes for the same input (it is part of every input digest).
CODEGEN_VERSION = "2"


@dataclass(frozen=True, slots=True)
class CodegenResult:
    """What one run did (paths relative to `out_dir`, sorted).

    Attributes:
        out_dir: the output package.
        written: files created or changed (check mode: none).
        unchanged: files already up to date.
        stale: check mode: files that differ from what the registry generates, are missing, or
            should not be there. Empty when the package is up to date.
        removed: files deleted because the registry no longer generates them.
        regenerated: the units (``"orders/OrderPlaced@1"``, ``"shared"``) run through the generator.
        events: number of event classes in the package.
        refused: (path, reason) of each entry of the package that was not read: a link, a
            FIFO, socket or device, a file too large or not UTF-8. Each is also in `stale`
            (check mode) or replaced (`written`) or deleted (`removed`), never followed.
    """

    out_dir: Path
    written: tuple[str, ...] = ()
    unchanged: tuple[str, ...] = ()
    stale: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    regenerated: tuple[str, ...] = ()
    events: int = 0
    refused: tuple[tuple[str, str], ...] = ()

    @property
    def ok(self) -> bool:
        """True when nothing is stale."""
        return not self.stale


def generate(
    registry_root: str | os.PathLike[str],
    out_dir: str | os.PathLike[str] | None = None,
    *,
    check: bool = False,
) -> CodegenResult:
    """Generate (or, with `check`, verify) the typed models of a registry.

    Args:
        registry_root: the registry folder (holding eventkit.toml).
        out_dir: the output package folder, e.g. ``src/myapp_events``. It must be absent,
            empty, or a package this function generated. None: the registry's
            ``[codegen] out`` setting in eventkit.toml (relative to the registry folder).
        check: compare only; write nothing. `CodegenResult.stale` names every file that differs.

    Returns:
        What was written, left unchanged, found stale or removed.

    Raises:
        RegistryError: the registry cannot be loaded.
        CodegenError: a schema the generator cannot express, two events with the same generated
            name, an output folder that is not writable or not a generated package. Nothing
            is written then.
    """
    # Started first: it imports the generator while this process loads and plans (_child),
    # and imports the modules that do (`_build`) only then.
    root = Path(registry_root)
    wanted = check or registry_changed_since_last_run(root, out_dir)
    child = GeneratorChild.start(workers_limit(), wanted=wanted)
    try:
        from eventkit_codegen._build import build

        return build(root, out_dir, check=check, child=child)
    finally:
        if child is not None:
            child.close()
