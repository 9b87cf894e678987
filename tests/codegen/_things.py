"""A small registry of `Thing<N>Happened` events sharing `_shared/money.json`, and the files of
a generated package: what the codegen tests that compare runs (with or without the forked
child, after one change or in full) build and read."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from tests.registry._build import build, schema


def money() -> dict[str, Any]:
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "Money",
        "description": "An amount.",
        "type": "object",
        "required": ["amount", "currency"],
        "properties": {
            "amount": {"type": "integer", "description": "Minor units."},
            "currency": {"type": "string", "pattern": "^[A-Z]{3}$", "description": "ISO."},
        },
    }


def thing(index: int) -> dict[str, Any]:
    doc = schema(title=f"Thing{index}", description=f"Thing {index} happened.")
    doc["properties"] = {
        "id": {"type": "string", "pattern": "^t-[0-9]+$", "description": "The id."},
        "price": {"$ref": "../../_shared/money.json"},
    }
    doc["examples"] = [{"id": "t-1", "price": {"amount": 1, "currency": "EUR"}}]
    return doc


def things_registry(root: Path, services: Sequence[str]) -> Path:
    """`Thing<i>Happened` 1.0.0 in service `services[i]`, for each i."""
    files: dict[str, Any] = {"_shared/money.json": money()}
    for index, service in enumerate(services):
        files[f"{service}/Thing{index}Happened/1.0.0.json"] = thing(index)
    return build(root, files)


def package_files(root: Path) -> dict[str, bytes]:
    """Every file under `root` but bytecode caches, by its relative path."""
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and "__pycache__" not in p.parts
    }
