"""`eventkit codegen` after one change (issue 16): the console script, whose generator child is
forked before the modules that plan the package are imported, which checks the patterns in the
child and leaves without the interpreter's teardown, writes what a full regeneration writes,
byte for byte, prints every line, and reports a bad pattern as a run in one process does."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from eventkit_codegen import MANIFEST, generate

from eventkit.errors import EXIT_OK, EXIT_PROBLEMS, CodegenError
from tests.codegen._script import WATCH_CHILD, script_result
from tests.codegen._things import package_files, thing, things_registry

MAIN = "from eventkit.cli import main; main()"  # the console script


def _edit(path: Path, change: Callable[[dict[str, Any]], None]) -> None:
    doc = json.loads(path.read_text(encoding="utf-8"))
    change(doc)
    path.write_text(json.dumps(doc, indent=2), encoding="utf-8")


def _describe(registry: Path) -> None:
    _edit(
        registry / "svc/Thing1Happened/1.0.0.json",
        lambda doc: doc.update(description="Thing 1 happened, described again."),
    )


def _add_field(registry: Path) -> None:
    doc = thing(0)
    doc["properties"]["note"] = {"type": "string", "description": "Added in 1.1.0."}
    (registry / "svc/Thing0Happened/1.1.0.json").write_text(json.dumps(doc), encoding="utf-8")


def _change_shared(registry: Path) -> None:
    def change(doc: dict[str, Any]) -> None:
        doc["properties"]["scale"] = {"type": "integer", "description": "Decimal places."}

    _edit(registry / "_shared/money.json", change)


def _remove_event(registry: Path) -> None:
    shutil.rmtree(registry / "svc/Thing2Happened")


def _add_major(registry: Path) -> None:
    doc = thing(1)
    doc["required"] = ["id", "price"]
    (registry / "svc/Thing1Happened/2.0.0.json").write_text(json.dumps(doc), encoding="utf-8")


def _remove_service(registry: Path) -> None:
    shutil.rmtree(registry / "other")


CHANGES = [_describe, _add_field, _change_shared, _remove_event, _add_major, _remove_service]


def _codegen(*args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "EVENTKIT_CODEGEN_WORKERS"}
    return subprocess.run(
        [sys.executable, "-c", MAIN, "codegen", *args],
        capture_output=True,
        text=True,
        check=False,
        env=env,
        timeout=300,
    )


def test_each_change_writes_what_a_full_regeneration_writes(tmp_path: Path) -> None:
    registry = things_registry(tmp_path / "registry", ["svc", "svc", "svc", "other"])
    out = tmp_path / "kept" / "events"
    assert _codegen("--schemas", str(registry), "--out", str(out)).returncode == EXIT_OK
    for turn, change in enumerate(CHANGES):
        before = package_files(out)
        change(registry)
        done = _codegen("--schemas", str(registry), "--out", str(out))
        assert done.returncode == EXIT_OK, (change.__name__, done.stderr)
        assert done.stderr == ""
        full = tmp_path / f"full{turn}" / "events"
        generate(registry, full)  # everything, in this process
        after = package_files(out)
        assert after == package_files(full), change.__name__
        # stdout names every file written or removed, then the summary: all of it, although
        # the process leaves without the interpreter's teardown
        code = [rel for rel in after if rel != MANIFEST]
        written = sorted(rel for rel in code if before.get(rel) != after[rel])
        removed = sorted(rel for rel in before if rel not in after)
        lines = done.stdout.splitlines()
        assert lines[:-1] == [f"wrote {out / rel}" for rel in written] + [
            f"removed {out / rel}" for rel in removed
        ], change.__name__
        unchanged = len(code) - len(written)
        assert lines[-1].startswith(
            f"{out}: {len(written)} written, {len(removed)} removed, {unchanged} unchanged"
        ), change.__name__
        again = _codegen("--schemas", str(registry), "--out", str(out), "--check")
        assert (again.returncode, again.stderr) == (EXIT_OK, ""), change.__name__
        assert again.stdout.startswith(f"{out}: up to date ("), change.__name__


def test_check_reports_stale_code_in_full(tmp_path: Path) -> None:
    registry = things_registry(tmp_path / "registry", ["svc", "svc", "svc", "other"])
    out = tmp_path / "events"
    assert _codegen("--schemas", str(registry), "--out", str(out)).returncode == EXIT_OK
    _add_major(registry)
    done = _codegen("--schemas", str(registry), "--out", str(out), "--check")
    assert done.returncode == EXIT_PROBLEMS
    assert done.stdout == ""
    command = f"eventkit codegen --schemas {registry} --out {out}"
    assert done.stderr.splitlines() == [
        f"stale generated code in {out} (3 file(s)); run `{command}`:",
        f"  {out / '__init__.py'}",
        f"  {out / 'svc/__init__.py'}",
        f"  {out / 'svc/thing1_happened_v2.py'}",
    ]


# A fresh process: a process forks the generator's child only without threads (pytest-xdist's
# workers have some), and the fork must see the patched CPU count. Prints what the child did
# and the error.
# Run after WATCH_CHILD, which imports `_child` and fills `events`.
_RUN = """
import json, sys
from eventkit_codegen import generate
from eventkit.errors import CodegenError
_child.usable_cpus = lambda: 2
try:
    generate(sys.argv[1], sys.argv[2], check=sys.argv[3] == "check")
    error = None
except CodegenError as exc:
    error = str(exc)
print(json.dumps({"events": events, "error": error}))
"""


def _through_the_child(registry: Path, out: Path, mode: str = "") -> dict[str, Any]:
    result: dict[str, Any] = script_result(WATCH_CHILD + _RUN, str(registry), str(out), mode)
    return result


def _bad_event_pattern(registry: Path, pattern: str) -> None:
    def change(doc: dict[str, Any]) -> None:
        doc["properties"]["code"] = {"type": "string", "pattern": pattern}

    _edit(registry / "svc/Thing1Happened/1.0.0.json", change)


def _bad_shared_pattern(registry: Path, pattern: str) -> None:
    def change(doc: dict[str, Any]) -> None:
        doc["properties"]["currency"]["pattern"] = pattern

    _edit(registry / "_shared/money.json", change)


def _bad_pattern_property(registry: Path, pattern: str) -> None:
    # a patternProperties name is a pattern the model runs too (it was never checked: one
    # look-ahead switched the whole model to Python's backtracking `re`)
    def change(doc: dict[str, Any]) -> None:
        doc["properties"]["labels"] = {
            "type": "object",
            "patternProperties": {pattern: {"type": "string"}},
        }

    _edit(registry / "svc/Thing1Happened/1.0.0.json", change)


@pytest.mark.parametrize("where", [_bad_event_pattern, _bad_shared_pattern, _bad_pattern_property])
@pytest.mark.parametrize("pattern", ["([unclosed", "^(?=a)[a-z]+$", "^(a)\\1$"])
@pytest.mark.parametrize("mode", ["", "check"])
def test_a_pattern_the_child_rejects_is_reported_as_in_one_process(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    where: Callable[[Path, str], None],
    pattern: str,
    mode: str,
) -> None:
    registry = things_registry(tmp_path / "registry", ["svc", "svc", "svc", "other"])
    out = tmp_path / "events"
    generate(registry, out)
    before = package_files(out)
    where(registry, pattern)
    monkeypatch.setenv("EVENTKIT_CODEGEN_WORKERS", "1")  # no child in this process
    with pytest.raises(CodegenError) as here:
        generate(registry, tmp_path / "other", check=mode == "check")
    there = _through_the_child(registry, out, mode)
    assert there["events"] == [["start", True, True], ["run", False]]
    assert there["error"] == str(here.value)
    assert "pattern" in there["error"]
    assert package_files(out) == before
    assert not [p for p in out.parent.iterdir() if p.name.startswith(".events.codegen-")]
