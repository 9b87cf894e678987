"""Helpers for compat tests: small registries written into tmp_path."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

DIALECT = "https://json-schema.org/draft/2020-12/schema"


def version_schema(properties: dict[str, Any], required: list[str], **extra: Any) -> dict[str, Any]:
    return {
        "$schema": DIALECT,
        "title": "OrderPlaced",
        "description": "An order was placed.",
        "examples": [{}],
        "type": "object",
        "properties": properties,
        "required": required,
        **extra,
    }


Writer = Callable[..., Path]


@pytest.fixture
def make_registry(tmp_path: Path) -> Writer:
    """`make_registry({"orders/OrderPlaced/1.0.0.json": schema, ...}, toml=...)` -> root."""

    def write(files: dict[str, Any], toml: str = "", root: Path | None = None) -> Path:
        base = root or tmp_path / "schemas"
        base.mkdir(parents=True, exist_ok=True)
        (base / "eventkit.toml").write_text('[registry]\nname = "test"\n' + toml, encoding="utf-8")
        for rel, schema in files.items():
            path = base / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(json.dumps(schema, indent=2) + "\n", encoding="utf-8")
        return base

    return write
