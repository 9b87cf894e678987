"""Build small registries in a temp folder for loader and lint tests."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

DIALECT = "https://json-schema.org/draft/2020-12/schema"
CONFIG = '[registry]\nname = "test"\nevent_bus = "test-bus"\nsource_prefix = "test."\n'


def schema(**changes: Any) -> dict[str, Any]:
    """A small valid, lint-clean version schema; keyword arguments replace or add keys."""
    base: dict[str, Any] = {
        "$schema": DIALECT,
        "title": "Thing",
        "description": "A thing happened.",
        "type": "object",
        "required": ["id"],
        "properties": {"id": {"type": "string", "description": "The id."}},
        "examples": [{"id": "t-1"}],
    }
    base.update(changes)
    return {k: v for k, v in base.items() if v is not None}


def deny(monkeypatch: pytest.MonkeyPatch, name: str, method: str = "open") -> None:
    """Make `Path.<method>` fail with "Permission denied" for files called `name`.

    (Tests may run as root, for whom chmod 000 takes nothing away.)
    """
    real = getattr(Path, method)

    def denied(self: Path, *args: Any, **kwargs: Any) -> Any:
        if self.name == name:
            raise PermissionError(13, "Permission denied")
        return real(self, *args, **kwargs)

    monkeypatch.setattr(Path, method, denied)
    if method == "open":  # the loader opens files with os.open (non-blocking, see _files.py)
        real_os_open = os.open

        def os_denied(path: Any, *args: Any, **kwargs: Any) -> int:
            if Path(os.fsdecode(path)).name == name:
                raise PermissionError(13, "Permission denied")
            return real_os_open(path, *args, **kwargs)

        monkeypatch.setattr(os, "open", os_denied)


def build(root: Path, files: dict[str, Any], *, config: str | None = CONFIG) -> Path:
    """Write `files` (relpath -> dict (JSON), str or bytes) under `root` and return it."""
    root.mkdir(parents=True, exist_ok=True)
    if config is not None:
        (root / "eventkit.toml").write_text(config, encoding="utf-8")
    for relpath, content in files.items():
        path = root / relpath
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        elif isinstance(content, str):
            path.write_text(content, encoding="utf-8")
        else:
            path.write_text(json.dumps(content, indent=2) + "\n", encoding="utf-8")
    return root
