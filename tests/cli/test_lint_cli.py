"""`eventkit lint` through typer's runner: output, formats, exit codes 0 / 1 / 2."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from eventkit.cli import app
from eventkit.errors import EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE
from tests.registry._build import build, schema

runner = CliRunner()
GOOD = Path(__file__).parents[1] / "registry" / "fixtures" / "good"
V = "s/E/1.0.0.json"


def lint(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["lint", *args])
    return result.exit_code, result.stdout, result.stderr


def test_clean_registry_exits_0() -> None:
    code, out, _ = lint("--schemas", str(GOOD))
    assert code == EXIT_OK
    assert (
        out.strip()
        == "ok: 3 services, 4 event types, 6 versions, 2 shared files checked, no problems"
    )


def test_summary() -> None:
    code, out, _ = lint("--schemas", str(GOOD), "--summary")
    assert code == EXIT_OK
    assert "OrderPlaced: 1.0.0 1.1.0 | 2.0.0" in out
    assert out.rstrip().endswith("no problems")


def test_problems_exit_1_and_are_all_listed(tmp_path: Path) -> None:
    build(
        tmp_path,
        {
            V: '{\n  "title": "x",\n  oops\n}',
            "s/F/1.0.0.json": schema(properties={"a": {"$ref": "https://example.com/a.json"}}),
            "s/G/1.0.json": schema(),
        },
    )
    code, out, _ = lint("--schemas", str(tmp_path))
    assert code == EXIT_PROBLEMS
    assert f"{V}:3:3: invalid-json: not valid JSON" in out
    assert "s/F/1.0.0.json:" in out
    assert "remote-ref" in out
    assert "(at /properties/a/$ref)" in out
    assert "s/G/1.0.json: version-name" in out
    assert "  hint: rename it to 1.0.0.json" in out
    assert out.rstrip().endswith(
        "3 problem(s) in 3 file(s) or folder(s); checked 1 services, 1 event types, 1 versions, 0 shared files"
    )


def test_json_format(tmp_path: Path) -> None:
    build(tmp_path, {V: schema(examples=[{"id": 1}])})
    code, out, _ = lint("--schemas", str(tmp_path), "--format", "json")
    assert code == EXIT_PROBLEMS
    data = json.loads(out)
    assert data["ok"] is False
    assert data["problems"][0]["code"] == "example-invalid"
    assert data["problems"][0]["pointer"] == "/examples/0/id"
    assert data["problems"][0]["line"] > 1


def test_missing_registry_exits_2(tmp_path: Path) -> None:
    code, out, err = lint("--schemas", str(tmp_path / "nope"))
    assert code == EXIT_USAGE
    assert out == ""
    assert err.startswith("error: registry folder")
    assert "does not exist" in err
    assert "Traceback" not in err


def test_missing_eventkit_toml_exits_2(tmp_path: Path) -> None:
    build(tmp_path, {V: schema()}, config=None)
    code, _, err = lint("--schemas", str(tmp_path))
    assert code == EXIT_USAGE
    assert "eventkit.toml is missing" in err


def test_malformed_eventkit_toml_exits_2_also_in_json(tmp_path: Path) -> None:
    build(tmp_path, {V: schema()}, config="[registry]\nname = 'n n'\n[compatibility]\nmode = 'X'\n")
    code, out, _ = lint("--schemas", str(tmp_path), "--format", "json")
    assert code == EXIT_USAGE
    data = json.loads(out)
    assert data["ok"] is False
    assert data["error"]["code"] == "registry-config"
    assert "registry.name" in data["error"]["message"]
    assert "compatibility.mode" in data["error"]["message"]  # the other problems are listed too


def test_empty_registry_exits_1(tmp_path: Path) -> None:
    build(tmp_path, {})
    code, out, _ = lint("--schemas", str(tmp_path))
    assert code == EXIT_PROBLEMS
    assert "empty-registry" in out


def test_bad_option_exits_2() -> None:
    result = runner.invoke(app, ["lint", "--format", "xml"])
    assert result.exit_code == EXIT_USAGE


def test_console_script_runs_in_a_fresh_process(tmp_path: Path) -> None:
    build(tmp_path, {V: schema(title=None)})
    done = subprocess.run(
        [sys.executable, "-m", "eventkit.cli", "lint", "--schemas", str(tmp_path)],
        capture_output=True,
        text=True,
        check=False,
    )
    if "No module named eventkit.cli.__main__" in done.stderr:
        done = subprocess.run(
            [
                sys.executable,
                "-c",
                "from eventkit.cli import main; main()",
                "lint",
                "--schemas",
                str(tmp_path),
            ],
            capture_output=True,
            text=True,
            check=False,
        )
    assert done.returncode == EXIT_PROBLEMS, done.stderr
    assert "missing-title" in done.stdout
