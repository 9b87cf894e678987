"""The start-up fast path of `eventkit check` / `lint` / `codegen` (issue 16): the console
script answers exactly as the typer application does (stdout, stderr, exit code), hands every
command line it does not fully understand to typer, and does not load pydantic or the other
command modules for a plain `check` or `lint`."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from eventkit.cli._fast import fast_command
from eventkit.errors import EXIT_BREAKING, EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE
from tests.registry._build import build, schema

GOOD = Path(__file__).parents[1] / "registry" / "fixtures" / "good"
SCHEMAS = Path(__file__).parents[2] / "schemas"
MAIN = "from eventkit.cli import main; main()"  # the console script
TYPER = "from eventkit.cli import load_app; load_app()()"  # the whole typer application


def _run(code: str, *args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", code, *args],
        capture_output=True,
        text=True,
        check=False,
        cwd=cwd,
        timeout=120,
    )


@pytest.fixture(scope="module")
def breaking(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A registry whose 1.1.0 changes a field's type: `check` exits 100."""
    root = tmp_path_factory.mktemp("breaking")
    old = schema()
    new = json.loads(json.dumps(old))
    new["properties"]["id"]["type"] = "integer"
    new["examples"] = [{"id": 1}]
    build(root, {"s/E/1.0.0.json": old, "s/E/1.1.0.json": new})
    return root


@pytest.fixture(scope="module")
def consumed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A registry whose versions are compatible, but whose deprecated event is still declared
    as consumed: the only finding is the one `consumer_aware` adds."""
    root = tmp_path_factory.mktemp("consumed")
    build(
        root,
        {
            "s/E/1.0.0.json": schema(),
            "s/E/1.1.0.json": schema(),
            "s/E/event.toml": '[deprecated]\nsince = "2026-01-01"\n',
            "c/service.toml": 'consumes = ["s/E@1"]\n',
            "c/X/1.0.0.json": schema(),
        },
    )
    return root


def _argvs(breaking: Path, consumed: Path, tmp: Path) -> list[list[str]]:
    good, bad = str(GOOD), str(breaking)
    return [
        ["check", "--schemas", good],
        ["check", f"--schemas={good}", "--format", "json"],
        ["check", "--schemas", str(consumed)],
        ["check", "--schemas", str(consumed), "--format", "json"],
        ["check", "--schemas", str(SCHEMAS), "--format", "json"],  # consumers declared
        ["check", "--schemas", bad],
        ["check", "--schemas", bad, "--format=sarif"],
        ["check", "--schemas", bad, "--format", "bogus"],  # typer's usage error, exit 2
        ["check", "--schemas", str(tmp / "absent")],  # exit 2, no traceback
        ["check", "--schemas", good, "--consumers"],
        ["check", "--schemas"],  # missing value: typer's error
        ["lint", "--schemas", good, "--summary"],
        ["lint", "--schemas", good, "--format", "json"],
        ["lint", "--schemas", good, "--format", "JSON"],  # not a choice: typer's error
        ["lint", "--schemas", bad],
        ["lint", "--schemas", str(tmp / "absent"), "--format", "json"],
        ["codegen", "--schemas", good, "--out", str(tmp / "absent-out"), "--check"],
        ["codegen", "--schemas", str(SCHEMAS), "--check"],  # up to date, out from eventkit.toml
        ["codegen", "--schemas", str(tmp / "absent")],  # exit 2, nothing written
        ["check", "--help"],
    ]


def test_the_console_script_answers_as_typer_does(
    breaking: Path, consumed: Path, tmp_path: Path
) -> None:
    for argv in _argvs(breaking, consumed, tmp_path):
        fast, typer = _run(MAIN, *argv), _run(TYPER, *argv)
        assert (fast.returncode, fast.stdout, fast.stderr) == (
            typer.returncode,
            typer.stdout,
            typer.stderr,
        ), argv
        assert "Traceback" not in fast.stderr, argv


def test_codegen_writes_and_reports_as_typer_does(tmp_path: Path) -> None:
    fast_out, typer_out = tmp_path / "fast" / "pkg", tmp_path / "typer" / "pkg"
    for out in (fast_out, typer_out):
        out.parent.mkdir()
    fast = _run(MAIN, "codegen", "--schemas", str(GOOD), "--out", str(fast_out))
    typer = _run(TYPER, "codegen", "--schemas", str(GOOD), "--out", str(typer_out))
    assert fast.returncode == typer.returncode == EXIT_OK, fast.stderr + typer.stderr
    assert fast.stdout.replace(str(fast_out), "OUT") == typer.stdout.replace(str(typer_out), "OUT")
    assert fast.stdout.startswith("wrote ")
    files = sorted(p.relative_to(fast_out) for p in fast_out.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(typer_out) for p in typer_out.rglob("*") if p.is_file())
    for rel in files:
        assert (fast_out / rel).read_bytes() == (typer_out / rel).read_bytes(), rel
    (fast_out / files[-1]).write_text("# edited by hand\n", encoding="utf-8")
    stale = _run(MAIN, "codegen", "--schemas", str(GOOD), "--out", str(fast_out), "--check")
    assert stale.returncode == EXIT_PROBLEMS
    assert str(fast_out / files[-1]) in stale.stderr


def test_plain_codegen_does_not_import_typer() -> None:
    modules = _imported_modules("codegen", "--check", "--schemas", str(SCHEMAS))
    assert "eventkit.cli._plain" in modules
    assert "eventkit_codegen" in modules
    assert not any(m == "typer" or m.startswith("typer.") for m in modules)


def _imported_modules(*argv: str) -> set[str]:
    """The modules the console script imports for `argv` (which must succeed): -X importtime
    lists every import on stderr as it happens (a forked child's too)."""
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", MAIN, *argv],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert done.returncode == EXIT_OK, done.stderr
    return {
        line.rsplit("|", 1)[-1].strip()
        for line in done.stderr.splitlines()
        if line.startswith("import time:")
    }


def test_exit_codes_through_the_console_script(breaking: Path, tmp_path: Path) -> None:
    assert _run(MAIN, "check", "--schemas", str(GOOD)).returncode == EXIT_OK
    broken = _run(MAIN, "check", "--schemas", str(breaking), "--format", "json")
    assert broken.returncode == EXIT_BREAKING
    assert {f["event"] for f in json.loads(broken.stdout)["findings"]} == {"s/E"}
    assert _run(MAIN, "lint", "--schemas", str(breaking)).returncode == EXIT_OK
    missing = _run(MAIN, "check", "--schemas", str(tmp_path / "absent"))
    assert missing.returncode == EXIT_USAGE
    assert str(tmp_path / "absent") in missing.stderr
    build(tmp_path / "untitled", {"s/E/1.0.0.json": schema(title=None)})
    assert _run(MAIN, "lint", "--schemas", str(tmp_path / "untitled")).returncode == EXIT_PROBLEMS


def test_the_console_script_reports_findings_only_consumers_give(consumed: Path) -> None:
    """The versions compare clean; the consumed deprecated event is still a finding."""
    result = _run(MAIN, "check", "--schemas", str(consumed), "--format", "json")
    assert result.returncode == EXIT_BREAKING
    findings = json.loads(result.stdout)["findings"]
    assert [(f["rule"], f["consumers"]) for f in findings] == [("CONSUMED_EVENT_DEPRECATED", ["c"])]


@pytest.mark.parametrize(
    "argv",
    [
        ["check"],
        ["check", "--schemas", "x", "--format", "json", "--against", "main"],
        ["check", "--schemas=x", "--consumers"],
        ["lint", "--schemas", "x", "--format", "json", "--summary"],
        ["codegen", "--schemas", "x", "--out", "y", "--check"],
    ],
)
def test_plain_command_lines_take_the_fast_path(argv: list[str]) -> None:
    assert fast_command(argv) is not None


@pytest.mark.parametrize(
    "argv",
    [
        [],
        ["--version"],
        ["compat", "a.json", "b.json"],
        ["check", "--help"],
        ["check", "-h"],
        ["check", "extra"],
        ["check", "--schemas"],
        ["check", "--schemas", ""],
        ["check", "--schemas", "--format"],
        ["check", "--schemas", "a", "--schemas", "b"],  # repeated: typer decides
        ["check", "--consumers=yes"],
        ["check", "--routers", "m:r"],  # a list option: typer converts it
        ["check", "--unknown"],
        ["lint", "--format", "xml"],
        ["lint", "--format", "JSON"],
        ["lint", "--no-summary"],
        ["check", "--", "--schemas"],
    ],
)
def test_anything_else_goes_to_typer(argv: list[str]) -> None:
    assert fast_command(argv) is None


def test_typer_path_keeps_the_garbage_collector() -> None:
    import gc

    assert gc.isenabled()
    assert fast_command(["check", "--help"]) is None
    assert gc.isenabled()


def test_completion_requests_go_to_typer(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("_EVENTKIT_COMPLETE", "bash_source")
    assert fast_command(["check", "--schemas", "x"]) is None


@pytest.mark.parametrize("command", ["check", "lint"])
def test_check_and_lint_start_without_pydantic_or_other_commands(command: str) -> None:
    modules = _imported_modules(command, "--schemas", str(SCHEMAS))
    assert "eventkit.cli._fast" in modules
    assert not any(m == "typer" or m.startswith("typer.") for m in modules)  # eventkit.cli._plain
    assert not any(m == "pydantic" or m.startswith("pydantic.") for m in modules)
    others = {"authoring", "catalog", "demo", "init", "patterns", "sync"}
    assert {
        m.rsplit(".", 1)[-1] for m in modules if m.startswith("eventkit.cli.")
    } & others == set()


@pytest.mark.parametrize("command", ["check", "lint", "codegen"])
def test_plain_options_are_the_typer_commands_options(command: str) -> None:
    import importlib

    from eventkit.cli._argv import FLAG
    from eventkit.cli._fast import _options
    from eventkit.cli._plain import PLAIN_OPTIONS

    func = getattr(importlib.import_module(f"eventkit.cli.{command}"), command)
    declared = _options(func)
    assert declared is not None
    for decl, (name, kind) in PLAIN_OPTIONS[command].items():
        typer_name, convert = declared[decl]
        assert name == typer_name, decl
        if kind is FLAG:
            assert convert is FLAG, decl
        elif kind is Path:
            assert convert is Path, decl
        else:  # a string, or a choice the plain path checks itself
            assert convert is str or callable(convert), decl


def test_plain_echo_writes_what_typer_echo_writes() -> None:
    code = (
        "import sys, typer\n"
        "from eventkit.cli._plain import echo\n"
        "for text in ('plain', 'colour \\x1b[31mred\\x1b[0m', 'caf\\u00e9'):\n"
        "    echo(text); typer.echo(text)\n"
        "    echo(text, err=True); typer.echo(text, err=True)\n"
    )
    done = _run(code)
    assert done.returncode == 0, done.stderr
    for stream in (done.stdout, done.stderr):
        lines = stream.splitlines()
        assert lines[0::2] == lines[1::2]
        assert "colour red" in lines
