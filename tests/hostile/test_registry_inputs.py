"""Hostile registry folders: what the loader refuses to read, and that every command agrees.

Issue 11 items 4, 10 and 14: symlinks leaving the registry, special files (FIFO, socket,
device), values JSON cannot carry, deeply nested TOML, keyword folder names. Cases that could
block (a FIFO, a device) run the CLI in a subprocess with a timeout, so a regression fails
instead of hanging the suite.
"""

from __future__ import annotations

import json
import os
import socket
import stat
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from eventkit_registry_sync.standin import StandinServer
from typer.testing import CliRunner

from eventkit.cli import app
from eventkit.errors import EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE
from tests.registry._build import build, schema

runner = CliRunner()
V = "s/E/1.0.0.json"
V2 = "s/E/1.1.0.json"
LIMIT = 60  # seconds: a hang fails the test; a normal run takes one or two


def cli(*args: str) -> tuple[int, str, str]:
    """The CLI in a child process (a hang is a failure, not a stuck suite)."""
    done = subprocess.run(
        [sys.executable, "-c", "from eventkit.cli import main; main()", *args],
        capture_output=True,
        text=True,
        timeout=LIMIT,
        check=False,
        env={**os.environ, "PYTHONUTF8": "1"},
    )
    return done.returncode, done.stdout, done.stderr


def lint_json(root: Path) -> tuple[int, dict[str, Any], str]:
    code, out, err = cli("lint", "--schemas", str(root), "--format", "json")
    assert "Traceback" not in out + err
    return code, json.loads(out), err


def problem(report: dict[str, Any], path: str) -> dict[str, Any]:
    found = [p for p in report["problems"] if p["path"] == path]
    assert len(found) == 1, report["problems"]
    only: dict[str, Any] = found[0]
    return only


def secret(tmp_path: Path) -> Path:
    """A valid schema outside the registry: following a link to it would load (and upload) it."""
    path = tmp_path / "outside" / "secret.json"
    path.parent.mkdir()
    path.write_text(json.dumps(schema(title="SECRET", description="not yours")))
    return path


def registry(tmp_path: Path, files: dict[str, Any] | None = None) -> Path:
    return build(tmp_path / "schemas", {V: schema(), **(files or {})})


# -- item 4: symlinks and special files ---------------------------------------------------------


def test_symlink_to_a_file_outside_the_registry_is_refused(tmp_path: Path) -> None:
    root = registry(tmp_path)
    (root / V2).symlink_to(secret(tmp_path))
    code, report, _ = lint_json(root)
    assert code == EXIT_PROBLEMS
    found = problem(report, V2)
    assert found["code"] == "unsafe-path"
    assert "outside" in found["message"]
    assert report["counts"]["versions"] == 1  # the target never became a version


def test_symlink_to_etc_passwd_is_refused_not_parsed(tmp_path: Path) -> None:
    root = registry(tmp_path)
    (root / V2).symlink_to("/etc/passwd")
    code, report, _ = lint_json(root)
    assert code == EXIT_PROBLEMS
    assert problem(report, V2)["code"] == "unsafe-path"  # not invalid-json: never read


def test_folder_symlink_leaving_the_registry_is_refused(tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere" / "Leak"
    build(outside.parent, {"Leak/1.0.0.json": schema()}, config=None)
    root = registry(tmp_path)
    (root / "s" / "Leak").symlink_to(outside, target_is_directory=True)
    (root / "_shared").mkdir()
    (root / "_shared" / "away").symlink_to(outside, target_is_directory=True)
    code, report, _ = lint_json(root)
    assert code == EXIT_PROBLEMS
    assert problem(report, "s/Leak")["code"] == "unsafe-path"
    assert problem(report, "_shared/away")["code"] == "unsafe-path"
    assert report["counts"]["event_types"] == 1
    assert report["counts"]["shared"] == 0


def test_symlink_inside_the_registry_is_still_followed(tmp_path: Path) -> None:
    root = registry(tmp_path, {"s/F/1.0.0.json": schema()})
    (root / V2).symlink_to("../F/1.0.0.json")
    code, report, _ = lint_json(root)
    assert code == EXIT_OK, report["problems"]
    assert report["counts"]["versions"] == 3


def test_symlink_loops_finish_and_are_reported(tmp_path: Path) -> None:
    root = registry(tmp_path)
    (root / "s" / "a").symlink_to("b")
    (root / "s" / "b").symlink_to("a")
    shared = root / "_shared"
    shared.mkdir()
    (shared / "money.json").write_text(json.dumps({"type": "string"}))
    (shared / "again").symlink_to(".", target_is_directory=True)  # a folder loop inside
    code, report, _ = lint_json(root)
    assert code == EXIT_PROBLEMS
    assert problem(report, "s/a")["code"] == "unsafe-path"
    assert problem(report, "s/b")["code"] == "unsafe-path"
    assert report["counts"]["shared"] >= 1


@pytest.mark.parametrize("where", [V2, "s/E/event.toml", "s/service.toml", "_shared/x.json"])
def test_fifo_is_refused_without_blocking(tmp_path: Path, where: str) -> None:
    root = registry(tmp_path)
    (root / where).parent.mkdir(parents=True, exist_ok=True)
    os.mkfifo(root / where)
    code, report, _ = lint_json(root)
    assert code == EXIT_PROBLEMS
    found = problem(report, where)
    assert found["code"] == "special-file"
    assert "FIFO" in found["message"]


def test_socket_is_refused(tmp_path: Path) -> None:
    root = registry(tmp_path)
    path = root / V2
    if len(os.fsencode(path)) > 100:
        pytest.skip("the temporary path is too long for an AF_UNIX socket")
    with socket.socket(socket.AF_UNIX) as sock:
        sock.bind(str(path))
        code, report, _ = lint_json(root)
    assert code == EXIT_PROBLEMS
    assert problem(report, V2)["code"] == "special-file"


def test_fifo_eventkit_toml_is_a_config_error(tmp_path: Path) -> None:
    root = registry(tmp_path)
    (root / "eventkit.toml").unlink()
    os.mkfifo(root / "eventkit.toml")
    code, out, err = cli("lint", "--schemas", str(root))
    assert code == EXIT_USAGE
    assert "eventkit.toml" in err
    assert "FIFO" in err
    assert "Traceback" not in out + err


@pytest.mark.parametrize("hole", ["fifo", "outside"])
@pytest.mark.parametrize("command", ["codegen", "check", "sync"])
def test_sync_codegen_and_check_never_read_the_target(
    tmp_path: Path, hole: str, command: str
) -> None:
    root = registry(tmp_path)
    if hole == "fifo":
        os.mkfifo(root / V2)
    else:
        (root / V2).symlink_to(secret(tmp_path))
    out_dir = tmp_path / "generated"
    with StandinServer() as server:
        args = {
            "codegen": ["--out", str(out_dir)],
            "check": [],
            "sync": ["--endpoint-url", server.url, "--region", "us-east-1"],
        }[command]
        code, out, err = cli(command, "--schemas", str(root), *args)
        calls = list(server.calls)
    assert code == EXIT_USAGE, out + err
    assert "s/E/1.1.0.json" in err
    assert "Traceback" not in out + err
    assert "SECRET" not in out + err
    assert calls == []  # sync refused before talking to the registry: nothing uploaded
    assert not out_dir.exists()


# -- item 14: a device says so ----------------------------------------------------------------


def test_symlink_to_dev_null_says_device_not_empty(tmp_path: Path) -> None:
    root = registry(tmp_path)
    (root / V2).symlink_to("/dev/null")
    code, report, _ = lint_json(root)
    assert code == EXIT_PROBLEMS
    found = problem(report, V2)
    assert found["code"] == "unsafe-path"
    assert "character device, not a file" in found["message"]


def test_device_node_in_the_registry_says_device(tmp_path: Path) -> None:
    root = registry(tmp_path)
    null = Path("/dev/null").stat()
    try:
        os.mknod(root / V2, stat.S_IFCHR | 0o644, null.st_rdev)
    except PermissionError:
        pytest.skip("creating a device node needs root")
    code, report, _ = lint_json(root)
    assert code == EXIT_PROBLEMS
    found = problem(report, V2)
    assert found["code"] == "special-file"
    assert "character device, not a file" in found["message"]


# -- item 10: values JSON cannot carry -----------------------------------------------------------

_EXAMPLE = json.dumps(schema(), indent=2).replace('"t-1"\n', '"t-1",\n      "n": VALUE\n')


@pytest.mark.parametrize(
    ("value", "pointer"),
    [
        ("1e999", "/examples/0/n"),
        ("-1e999", "/examples/0/n"),
        ("NaN", "/examples/0/n"),
        ("Infinity", "/examples/0/n"),
        ("-Infinity", "/examples/0/n"),
        ("1" * 5000, "/examples/0/n"),
        ('"\\ud800"', "/examples/0/n"),
        ('{"\\udc00": 1}', "/examples/0/n/\\udc00"),
    ],
    ids=["overflow", "neg-overflow", "nan", "inf", "neg-inf", "5000-digits", "surrogate", "key"],
)
def test_values_json_cannot_carry_are_refused_with_pointer(
    tmp_path: Path, value: str, pointer: str
) -> None:
    root = build(tmp_path / "schemas", {V: _EXAMPLE.replace("VALUE", value)})
    code, report, _ = lint_json(root)
    assert code == EXIT_PROBLEMS
    found = problem(report, V)
    assert (found["code"], found["pointer"]) == ("invalid-json", pointer)
    assert found["line"] is not None


def test_overflowing_bound_never_reaches_codegen_or_sync(tmp_path: Path) -> None:
    text = json.dumps(schema(properties={"id": {"type": "number", "maximum": 1}}))
    root = build(tmp_path / "schemas", {V: text.replace('"maximum": 1', '"maximum": 1e999')})
    out_dir = tmp_path / "generated"
    code, out, err = cli("codegen", "--schemas", str(root), "--out", str(out_dir))
    assert code == EXIT_USAGE
    assert "/properties/id/maximum" in err
    assert not out_dir.exists()  # no float("inf") written anywhere
    with StandinServer() as server:
        code, out, err = cli(
            "sync", "--schemas", str(root), "--endpoint-url", server.url, "--region", "us-east-1"
        )
        assert server.calls == []  # no `Infinity` uploaded
    assert code == EXIT_USAGE
    assert "Traceback" not in out + err


@pytest.mark.parametrize("value", [5, [], {}, True])
def test_non_string_dollar_schema_is_a_problem(tmp_path: Path, value: Any) -> None:
    root = build(
        tmp_path / "schemas",
        {V: schema(**{"$schema": value}), "_shared/x.json": {"$schema": value, "type": "string"}},
    )
    code, report, _ = lint_json(root)
    assert code == EXIT_PROBLEMS
    for path in (V, "_shared/x.json"):
        found = problem(report, path)
        assert (found["code"], found["pointer"]) == ("dialect-unknown", "/$schema")


@pytest.mark.parametrize("nest", ["[" * 5000 + "]" * 5000, "{a=" * 5000 + "}" * 5000])
def test_deeply_nested_event_toml_is_a_config_problem(tmp_path: Path, nest: str) -> None:
    root = registry(tmp_path, {"s/E/event.toml": f"x = {nest}\n"})
    code, report, _ = lint_json(root)
    assert code == EXIT_PROBLEMS
    assert problem(report, "s/E/event.toml")["code"] == "config-invalid"


def test_deeply_nested_eventkit_toml_is_a_config_error(tmp_path: Path) -> None:
    root = registry(tmp_path)
    with (root / "eventkit.toml").open("a") as file:
        file.write("[check]\nx = " + "[" * 5000 + "]" * 5000 + "\n")
    for args in (["lint"], ["codegen", "--out", str(tmp_path / "g")], ["check"]):
        code, out, err = cli(*args, "--schemas", str(root))
        assert code == EXIT_USAGE, out + err
        assert "eventkit.toml" in err
        assert "Traceback" not in out + err


# -- item 10: folder names that are Python keywords or constants ------------------------------


@pytest.mark.parametrize("event", ["None", "True", "False"])
def test_constant_event_folder_lints_clean_and_generates(tmp_path: Path, event: str) -> None:
    root = build(tmp_path / "schemas", {f"s/{event}/1.0.0.json": schema()})
    assert runner.invoke(app, ["lint", "--schemas", str(root)]).exit_code == EXIT_OK
    out_dir = tmp_path / "pkg" / "kw_events"
    code, out, err = cli("codegen", "--schemas", str(root), "--out", str(out_dir))
    assert code == EXIT_OK, out + err
    imported = subprocess.run(
        [sys.executable, "-c", f"from kw_events.s import {event}V1; print({event}V1.__name__)"],
        cwd=out_dir.parent,
        capture_output=True,
        text=True,
        timeout=LIMIT,
        check=False,
    )
    assert imported.stdout.strip() == f"{event}V1", imported.stderr


@pytest.mark.parametrize("service", ["match", "case", "type"])
def test_soft_keyword_service_folder_lints_clean_and_generates(
    tmp_path: Path, service: str
) -> None:
    root = build(tmp_path / "schemas", {f"{service}/E/1.0.0.json": schema()})
    assert runner.invoke(app, ["lint", "--schemas", str(root)]).exit_code == EXIT_OK
    out_dir = tmp_path / "pkg" / "kw_events"
    code, out, err = cli("codegen", "--schemas", str(root), "--out", str(out_dir))
    assert code == EXIT_OK, out + err
    imported = subprocess.run(
        [sys.executable, "-c", "import kw_events; print(len(kw_events.all_events()))"],
        cwd=out_dir.parent,
        capture_output=True,
        text=True,
        timeout=LIMIT,
        check=False,
    )
    assert imported.stdout.strip() == "1", imported.stderr


@pytest.mark.parametrize("service", ["class", "none", "con"])
def test_keyword_or_reserved_service_folder_is_refused_by_lint_and_codegen(
    tmp_path: Path, service: str
) -> None:
    root = build(tmp_path / "schemas", {f"{service}/E/1.0.0.json": schema()})
    if service == "none":  # a constant's lowercase form is an ordinary module name
        assert runner.invoke(app, ["lint", "--schemas", str(root)]).exit_code == EXIT_OK
        return
    result = runner.invoke(app, ["lint", "--schemas", str(root), "--format", "json"])
    assert result.exit_code == EXIT_PROBLEMS
    assert problem(json.loads(result.stdout), service)["code"] == "service-name"
    code, out, err = cli("codegen", "--schemas", str(root), "--out", str(tmp_path / "g"))
    assert code == EXIT_USAGE
    assert service in err
    assert "Traceback" not in out + err


def test_thousands_of_located_problems_in_one_file_finish(tmp_path: Path) -> None:
    """A file just under the size limit with 7,500 nested `$schema`s and TODO titles: each
    problem's pointer comes from one walk (looking each node up again took minutes)."""
    properties = {
        f"p{i}": {"$schema": schema()["$schema"], "type": "string", "title": "TODO x"}
        for i in range(7500)
    }
    root = build(tmp_path, {V: schema(properties=properties, examples=[{"id": "x"}])})
    assert (root / V).stat().st_size < 1024 * 1024
    code, report, _ = lint_json(root)
    assert code == EXIT_PROBLEMS
    found = [(p["code"], p["pointer"]) for p in report["problems"]]
    assert len(found) == 15000
    assert found[:2] == [
        ("dialect-not-at-root", "/properties/p0/$schema"),
        ("todo-placeholder", "/properties/p0/title"),
    ]


def test_a_name_that_is_not_utf8_is_refused_before_anything_writes_it(tmp_path: Path) -> None:
    """A `_shared/` file named with a byte that is not UTF-8 loaded (as "x\\udcff.json"):
    `eventkit lock` and `catalog` then crashed writing it (UnicodeEncodeError), leaving the
    lock's temporary file in the registry."""
    root = build(tmp_path / "reg", {V: schema()})
    (root / "_shared").mkdir()
    (root / "_shared" / os.fsdecode(b"x\xff.json")).write_text("{}", encoding="utf-8")

    def run(*args: str) -> tuple[int, str]:
        done = subprocess.run(
            [sys.executable, "-c", "from eventkit.cli import main; main()", *args],
            capture_output=True,
            timeout=LIMIT,
            check=False,
        )
        # the name is echoed as it is on disk: not UTF-8
        return done.returncode, (done.stdout + done.stderr).decode("utf-8", "replace")

    code, out = run("lint", "--schemas", str(root))
    assert code == EXIT_PROBLEMS, out
    assert "unexpected-file" in out
    assert "is not UTF-8" in out
    for args in (["lock"], ["catalog", "--out", str(tmp_path / "site")]):
        code, out = run(*args, "--schemas", str(root))
        assert code == EXIT_USAGE, out
        assert "Traceback" not in out
        assert "is not UTF-8" in out
    assert sorted(p.name for p in root.iterdir()) == ["_shared", "eventkit.toml", "s"]
