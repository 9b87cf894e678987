"""A registry nested deeply (a schema ~160-480 levels, or an example ~900 levels through a
recursive `$defs/Node`), which lint, check or codegen accept, is exported by `eventkit asyncapi`
(YAML and JSON) and `eventkit catalog` too: no RecursionError traceback."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from eventkit.catalog import asyncapi as asyncapi_module
from eventkit.errors import EXIT_OK, EXIT_USAGE
from tests.registry._build import CONFIG, build, schema

_MAIN = "from eventkit.cli import main; main()"


def eventkit(cwd: Path, *args: str) -> tuple[int, str, str]:
    try:
        done = subprocess.run(
            [sys.executable, "-c", _MAIN, *args],
            cwd=cwd,
            capture_output=True,
            text=True,
            check=False,
            timeout=120,
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"eventkit {' '.join(args)} did not finish within 120 s")
    assert "Traceback" not in done.stderr, done.stderr[-2000:]
    return done.returncode, done.stdout, done.stderr


def deep_schema(levels: int) -> dict[str, Any]:
    inner: dict[str, Any] = {"type": "string"}
    for _ in range(levels):
        inner = {"type": "object", "properties": {"a": inner}}
    return schema(title="Deep", required=None, properties={"a": inner}, examples=[{}])


def deep_example(levels: int) -> dict[str, Any]:
    example: dict[str, Any] = {}
    for _ in range(levels):
        example = {"n": example}
    node = {"type": "object", "properties": {"n": {"$ref": "#/$defs/Node"}}}
    return schema(
        title="Deep",
        required=None,
        properties={"n": {"$ref": "#/$defs/Node"}},
        examples=[example],
        **{"$defs": {"Node": node}},
    )


def registry(tmp_path: Path, document: dict[str, Any]) -> Path:
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(max(limit, 10_000))  # json.dumps of this test's own deep input
    try:
        text = json.dumps(document, separators=(",", ":"))
    finally:
        sys.setrecursionlimit(limit)
    build(tmp_path / "schemas", {"acc/Deep/1.0.0.json": text}, config=CONFIG)
    return tmp_path


def depth(value: Any) -> int:
    deepest, todo = 0, [(value, 1)]
    while todo:
        node, level = todo.pop()
        deepest = max(deepest, level)
        children = (
            node.values() if isinstance(node, dict) else node if isinstance(node, list) else ()
        )
        todo.extend((child, level + 1) for child in children)
    return deepest


@pytest.mark.parametrize(
    "document",
    [deep_schema(160), deep_schema(480), deep_example(900)],
    ids=["schema-160", "schema-480", "example-900"],
)
@pytest.mark.parametrize("fmt", ["yaml", "json"])
def test_asyncapi_exports_a_deep_registry(
    tmp_path: Path, document: dict[str, Any], fmt: str
) -> None:
    cwd = registry(tmp_path, document)
    code, out, err = eventkit(cwd, "asyncapi", "--format", fmt)
    assert code == EXIT_OK, err[-2000:]
    if fmt == "json":
        limit = sys.getrecursionlimit()
        sys.setrecursionlimit(max(limit, 10_000))
        try:
            exported = json.loads(out)["components"]["schemas"]["acc.Deep.v1"]
        finally:
            sys.setrecursionlimit(limit)
        assert depth(exported) >= depth(document) - 2
    else:
        assert out.startswith("asyncapi: 3.0.0\n")


@pytest.mark.parametrize(
    "document", [deep_schema(250), deep_example(900)], ids=["schema-250", "example-900"]
)
def test_catalog_builds_a_deep_registry(tmp_path: Path, document: dict[str, Any]) -> None:
    cwd = registry(tmp_path, document)
    code, _, err = eventkit(cwd, "catalog", "--out", "site")
    assert code == EXIT_OK, err[-2000:]
    assert (cwd / "site" / "index.html").is_file()


def test_a_document_too_deep_even_so_is_a_clear_error_naming_the_event(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from typer.testing import CliRunner

    from eventkit.cli import app

    def overflow(*args: object) -> object:
        raise RecursionError("maximum recursion depth exceeded")

    cwd = registry(tmp_path, deep_schema(3))
    monkeypatch.setattr(asyncapi_module, "_rewrite_refs", overflow)
    result = CliRunner().invoke(app, ["asyncapi", "--schemas", str(cwd / "schemas")])
    assert result.exit_code == EXIT_USAGE, result.output
    assert "acc/Deep major 1 (acc/Deep/1.0.0.json) nests too deeply to export" in result.output
    assert "hint: flatten the schema" in result.output
