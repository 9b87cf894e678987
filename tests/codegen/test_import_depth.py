"""Generated modules that import each other too deeply are refused before anything is written.

A chain of `$ref`s through ~110 shared files generated a package that passed mypy and raised
`RecursionError` on its first import (Python's import system recurses per level).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from eventkit_codegen import generate
from typer.testing import CliRunner

from eventkit.cli import app
from eventkit.errors import EXIT_USAGE, CodegenError
from tests.registry._build import build, schema

V = "svc/Thing/1.0.0.json"
TOML = 'owner = "t"\ndescription = "d"\n'


def _chain_of_files(root: Path, length: int) -> Path:
    """An event using `_shared/s0.json`, which uses s1.json, ... `length` shared files."""
    files: dict[str, Any] = {"svc/service.toml": TOML, "svc/Thing/event.toml": TOML}
    for i in range(length):
        below = {"$ref": f"s{i + 1}.json"} if i + 1 < length else {"type": "string"}
        files[f"_shared/s{i}.json"] = {
            "type": "object",
            "description": f"Level {i}.",
            "properties": {"x": below},
        }
    files[V] = schema(
        properties={
            "id": {"type": "string", "description": "The id."},
            "c": {"$ref": "../../_shared/s0.json", "description": "The chain."},
        }
    )
    return build(root, files)


def test_the_deepest_chain_allowed_imports_and_validates(tmp_path: Path) -> None:
    registry = _chain_of_files(tmp_path / "registry", 63)  # 64 modules with the event's
    out = tmp_path / "gen" / "chain_events"
    generate(registry, out)
    probe = "from chain_events.svc import ThingV1\nprint(ThingV1(id='t', c={'x': {'x': {}}}).id)"
    done = subprocess.run(
        [sys.executable, "-c", probe],
        cwd=out.parent,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert done.stdout.strip() == "t", done.stderr[-2000:]


def test_a_chain_one_level_deeper_is_refused_naming_the_event(tmp_path: Path) -> None:
    registry = _chain_of_files(tmp_path / "registry", 64)
    with pytest.raises(CodegenError, match=rf"^{V}:\d+: .* 65 levels deep \(svc\.thing_v1 -> "):
        generate(registry, tmp_path / "gen" / "events")
    out = tmp_path / "gen" / "cli_events"
    cli = CliRunner().invoke(app, ["codegen", "--schemas", str(registry), "--out", str(out)])
    assert cli.exit_code == EXIT_USAGE, cli.output
    assert "Traceback" not in cli.output
    assert not out.exists()


def test_definitions_of_one_file_each_in_its_module_count_too(tmp_path: Path) -> None:
    """A shared file of definitions without a root puts each in a module of its own."""
    defs: dict[str, Any] = {"D0": {"type": "object", "properties": {"v": {"type": "string"}}}}
    for level in range(1, 80):
        defs[f"D{level}"] = {
            "type": "object",
            "properties": {"x": {"$ref": f"#/$defs/D{level - 1}"}},
        }
    files: dict[str, Any] = {
        "svc/service.toml": TOML,
        "svc/Thing/event.toml": TOML,
        "_shared/defs.json": {"$defs": defs},
        V: schema(
            properties={
                "id": {"type": "string", "description": "The id."},
                "c": {"$ref": "../../_shared/defs.json#/$defs/D79", "description": "Deep."},
            }
        ),
    }
    registry = build(tmp_path / "registry", files)
    with pytest.raises(CodegenError, match=r"81 levels deep"):
        generate(registry, tmp_path / "gen" / "events")


def test_shared_files_in_a_cycle_are_one_module_and_not_a_deep_chain(tmp_path: Path) -> None:
    files: dict[str, Any] = {"svc/service.toml": TOML, "svc/Thing/event.toml": TOML}
    count = 80
    for i in range(count):
        files[f"_shared/s{i}.json"] = {
            "type": "object",
            "description": f"Level {i}.",
            "properties": {"x": {"$ref": f"s{(i + 1) % count}.json"}},
        }
    files[V] = schema(
        properties={
            "id": {"type": "string", "description": "The id."},
            "c": {"$ref": "../../_shared/s0.json", "description": "The ring."},
        }
    )
    registry = build(tmp_path / "registry", files)
    out = tmp_path / "gen" / "ring_events"
    generate(registry, out)
    probe = "from ring_events.svc import ThingV1\nprint(ThingV1(id='r').id)"
    done = subprocess.run(
        [sys.executable, "-c", probe], cwd=out.parent, capture_output=True, text=True, check=False
    )
    assert done.stdout.strip() == "r", done.stderr[-2000:]
