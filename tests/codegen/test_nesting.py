"""A schema nested so deeply that pydantic cannot build its model (RecursionError on the first
event parsed or built) is refused by codegen, naming file, line and pointer; one at the bound
generates a model that validates."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from eventkit_codegen import generate

from eventkit.errors import CodegenError
from tests.registry._build import build, schema

V = "svc/Deep/1.0.0.json"
USE = (
    "import sys; sys.path.insert(0, sys.argv[1]); from deep_events.svc import DeepV1; "
    "DeepV1.model_validate({'id': 'd-1'}); print('built')"
)


def _nested(levels: int, wrap: str) -> dict[str, Any]:
    node: dict[str, Any] = {"type": "string"}
    for _ in range(levels):
        node = (
            {"type": "object", "properties": {"x": node}}
            if wrap == "object"
            else {"type": "array", "items": node}
        )
    return node


def _registry(root: Path, deep: dict[str, Any]) -> Path:
    doc = schema(properties={"id": {"type": "string", "description": "The id."}, "deep": deep})
    return build(root, {V: json.dumps(doc, indent=1)})


@pytest.mark.parametrize(("levels", "wrap"), [(100, "object"), (120, "array")])
def test_a_schema_too_deep_for_its_model_is_refused(tmp_path: Path, levels: int, wrap: str) -> None:
    registry = _registry(tmp_path / "registry", _nested(levels, wrap))
    out = tmp_path / "gen" / "deep_events"
    with pytest.raises(CodegenError) as caught:
        generate(registry, out)
    first = str(caught.value).splitlines()[0]
    assert first.startswith(f"{V}:")
    pointer = first.rsplit("(at ", 1)[1].rstrip(")")
    assert pointer.startswith("/properties/deep/")
    assert not out.exists()


def test_a_schema_at_the_bound_generates_a_model_that_builds(tmp_path: Path) -> None:
    registry = _registry(tmp_path / "registry", _nested(37, "object"))  # 40 levels in all
    out = tmp_path / "gen" / "deep_events"
    generate(registry, out)
    done = subprocess.run(
        [sys.executable, "-c", USE, str(out.parent)], capture_output=True, text=True, check=False
    )
    assert done.stdout.strip() == "built", done.stderr[-2000:]
