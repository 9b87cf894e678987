"""A `_shared/` file without `$schema` takes the dialect of the event that refers to it: a
draft-04 foreign event reads it as draft-04, as lint's validator does. Read as 2020-12 by
the engine alone, a change that breaks readers was proved compatible while lint accepted the
very example that shows it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from eventkit.cli import app
from eventkit.errors import EXIT_BREAKING, EXIT_OK
from tests.compat.conftest import Writer

D4 = "http://json-schema.org/draft-04/schema#"
D2020 = "https://json-schema.org/draft/2020-12/schema"
FOREIGN = 'envelope = "foreign"\nsource = "aws.x"\n'
# `const` is no keyword in draft-04: read there, this accepts any string
SHARED = {"_shared/kind.json": {"type": "string", "const": "a"}}


def _version(dialect: str, kind: dict[str, Any], example: str) -> dict[str, Any]:
    return {
        "$schema": dialect,
        "title": "Thing",
        "description": "A thing.",
        "type": "object",
        "properties": {"kind": kind},
        "examples": [{"kind": example}],
    }


def _registry(make_registry: Writer, dialect: str, event: str) -> Path:
    root = make_registry(
        {
            **SHARED,
            f"{event}/1.0.0.json": _version(dialect, {"$ref": "../../_shared/kind.json"}, "b"),
            f"{event}/1.1.0.json": _version(dialect, {"type": "string", "enum": ["a"]}, "a"),
        },
        toml='[compatibility]\nmode = "BACKWARD"\npolicy = "STRICT"\n',
    )
    if dialect == D4:
        (root / event / "event.toml").write_text(FOREIGN, encoding="utf-8")
    return root


def _run(*args: str) -> tuple[int, dict[str, Any]]:
    result = CliRunner().invoke(app, [*args, "--format", "json"])
    return result.exit_code, json.loads(result.stdout)


def test_a_draft_04_event_reads_a_shared_file_as_draft_04(make_registry: Writer) -> None:
    root = _registry(make_registry, D4, "aws_x/Thing")
    code, lint = _run("lint", "--schemas", str(root))
    assert code == EXIT_OK, lint  # lint: {"kind": "b"} is a valid 1.0.0 event
    code, report = _run("check", "--schemas", str(root))
    assert code == EXIT_BREAKING  # was 0: const read as 2020-12, "b" never written
    (finding,) = report["findings"]
    assert (finding["event"], finding["version"]) == ("aws_x/Thing", "1.1.0")


def test_a_2020_12_event_still_reads_it_as_2020_12(make_registry: Writer) -> None:
    root = _registry(make_registry, D2020, "orders/Thing")
    (root / "orders/Thing/1.0.0.json").write_text(
        json.dumps(_version(D2020, {"$ref": "../../_shared/kind.json"}, "a")), encoding="utf-8"
    )
    code, report = _run("check", "--schemas", str(root))
    assert code == EXIT_OK, report  # const "a" -> enum ["a"]: the same values


def test_one_shared_file_read_in_both_dialects_in_one_run(make_registry: Writer) -> None:
    root = _registry(make_registry, D4, "aws_x/Thing")
    _registry(make_registry, D2020, "orders/Thing")  # the same root, the same shared file
    (root / "orders/Thing/1.0.0.json").write_text(
        json.dumps(_version(D2020, {"$ref": "../../_shared/kind.json"}, "a")), encoding="utf-8"
    )
    code, report = _run("check", "--schemas", str(root))
    assert code == EXIT_BREAKING
    assert [(f["event"], f["version"]) for f in report["findings"]] == [("aws_x/Thing", "1.1.0")]


def test_a_shared_file_declaring_2020_12_is_read_so_by_lint_check_and_codegen(
    make_registry: Writer, tmp_path: Path
) -> None:
    """A shared file's own `$schema` wins over the referring draft-04 event's (jsonschema
    switches dialect at a referenced resource that declares one): lint read it as draft-04
    (its bundle dropped the `$schema`), so it passed an example the engine and the generated
    model both reject. Now all three read `const` there."""
    root = make_registry(
        {
            "_shared/kind.json": {"$schema": D2020, "type": "string", "const": "a"},
            "aws_x/Thing/1.0.0.json": _version(D4, {"$ref": "../../_shared/kind.json"}, "b"),
        },
        toml='[compatibility]\nmode = "BACKWARD"\npolicy = "STRICT"\n',
    )
    (root / "aws_x/Thing/event.toml").write_text(FOREIGN, encoding="utf-8")
    code, lint = _run("lint", "--schemas", str(root))
    assert code != EXIT_OK  # was 0: `const` read as draft-04, where it is no keyword
    assert [(p["code"], p["path"], p["pointer"]) for p in lint["problems"]] == [
        ("example-invalid", "aws_x/Thing/1.0.0.json", "/examples/0/kind")
    ]
    # the generated model rejects "b" and accepts "a"
    out = tmp_path / "gen"
    result = CliRunner().invoke(
        app, ["codegen", "--schemas", str(root), "--out", str(out / "things")]
    )
    assert result.exit_code == EXIT_OK, result.output
    probe = (
        "import sys, pydantic\n"
        "from things.aws_x.thing_v1 import ThingV1\n"
        "ThingV1.model_validate({'kind': 'a'})\n"
        "try:\n    ThingV1.model_validate({'kind': 'b'})\nexcept pydantic.ValidationError:\n"
        "    sys.exit(0)\nsys.exit(3)\n"
    )
    assert subprocess.run([sys.executable, "-c", probe], cwd=out, check=False).returncode == 0
    # the engine: 1.0.0 writes only "a", so `enum: ["a"]` after it breaks nobody
    (root / "aws_x/Thing/1.1.0.json").write_text(
        json.dumps(_version(D4, {"type": "string", "enum": ["a"]}, "a")), encoding="utf-8"
    )
    code, report = _run("check", "--schemas", str(root))
    assert code == EXIT_OK, report
