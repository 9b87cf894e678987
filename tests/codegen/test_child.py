"""The generator's child process (issue 16): it imports datamodel-code-generator while the
parent loads the registry. Same bytes as a run in one process, started only when the registry
changed since the last run, and a failure there falls back to this process."""

from __future__ import annotations

import json
import os
import shutil
import time
from pathlib import Path
from typing import Any

import pytest
from eventkit_codegen import generate
from eventkit_codegen._child import registry_changed_since_last_run

from tests.codegen._script import WATCH_CHILD, script_result
from tests.codegen._things import package_files, things_registry
from tests.registry._build import CONFIG

# Each run in a fresh process: a process starts the child once (a second run imports the
# generator in-process), never with threads (pytest-xdist's workers have some), and on one CPU
# not at all, so the CPU count is patched. Prints what the child did and what the run wrote.
# Run after WATCH_CHILD, which imports `_child` and fills `events`.
_RUN = """
import json, os, sys
from eventkit_codegen import _datamodel, generate
parent = os.getpid()
if sys.argv[3] == "child-fails":
    real_job = _datamodel.run_job
    def run_job(*args):
        if os.getpid() != parent:
            raise RuntimeError("the child fails")
        return real_job(*args)
    _datamodel.run_job = run_job
if sys.argv[3] == "job-unpicklable":  # e.g. a value nested deeper than pickle recurses
    real_dumps = _child.pickle.dumps
    def dumps(*args, **kwargs):
        if os.getpid() == parent:
            raise RecursionError("maximum recursion depth exceeded while pickling")
        return real_dumps(*args, **kwargs)
    _child.pickle.dumps = dumps
_child.usable_cpus = lambda: 2
result = generate(sys.argv[1], sys.argv[2], check=sys.argv[3] == "check")
print(json.dumps({"events": events, "written": result.written, "stale": result.stale,
                  "regenerated": result.regenerated}))
"""


def _run(registry: Path, out: Path, mode: str = "") -> dict[str, Any]:
    result: dict[str, Any] = script_result(WATCH_CHILD + _RUN, str(registry), str(out), mode)
    return result


def _change_one(registry: Path) -> None:
    path = registry / "svc/Thing1Happened/1.0.0.json"
    doc = json.loads(path.read_text(encoding="utf-8"))
    doc["description"] = "Thing 1 happened, described again."
    path.write_text(json.dumps(doc, indent=2), encoding="utf-8")


def test_runs_through_the_child_write_what_one_process_writes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    registry = things_registry(tmp_path / "registry", ["svc", "svc", "svc"])
    here, there = tmp_path / "here" / "events", tmp_path / "there" / "events"
    monkeypatch.setenv("EVENTKIT_CODEGEN_WORKERS", "1")  # no child in this process

    generate(registry, here)
    first = _run(registry, there)
    assert first["events"] == [["start", True, True], ["run", True]]
    assert package_files(here) == package_files(there)

    _change_one(registry)
    expected = generate(registry, here)
    assert expected.regenerated == ("svc/Thing1Happened@1",)
    second = _run(registry, there)
    assert second["events"] == [["start", True, True], ["run", True]]
    assert second["regenerated"] == list(expected.regenerated)
    assert second["written"] == list(expected.written)
    assert package_files(here) == package_files(there)

    checked = _run(registry, there, "check")
    assert checked["events"] == [["start", True, True], ["run", True]]
    assert checked["stale"] == []


def test_a_rerun_with_nothing_changed_starts_no_child(tmp_path: Path) -> None:
    registry = things_registry(tmp_path / "registry", ["svc", "svc", "svc"])
    out = tmp_path / "events"
    _run(registry, out)
    again = _run(registry, out)
    assert again["events"] == [["start", False, False]]
    assert again["written"] == []
    # A wrong guess (a file saved again, same content) costs a child, not a byte.
    path = registry / "svc/Thing0Happened/1.0.0.json"
    path.write_bytes(path.read_bytes())
    touched = _run(registry, out)
    assert touched["events"] == [["start", True, True]]  # started, then ended unused
    assert touched["written"] == []


@pytest.mark.parametrize("mode", ["child-fails", "job-unpicklable"])
def test_a_failure_in_or_on_the_way_to_the_child_is_run_again_here(
    tmp_path: Path, mode: str
) -> None:
    registry = things_registry(tmp_path / "registry", ["svc", "svc", "svc"])
    direct, fallback = tmp_path / "direct" / "events", tmp_path / "fallback" / "events"
    generate(registry, direct)
    result = _run(registry, fallback, mode)
    assert result["events"] == [["start", True, True], ["run", False]]
    assert package_files(direct) == package_files(fallback)


def test_registry_changed_since_last_run(tmp_path: Path) -> None:
    registry = things_registry(tmp_path / "registry", ["svc", "svc", "svc"])
    out = tmp_path / "events"
    assert registry_changed_since_last_run(registry, out)  # never generated
    generate(registry, out)
    assert not registry_changed_since_last_run(registry, out)
    later = time.time_ns() + 10**9  # any file or folder newer than the manifest
    for path in (registry / "svc/Thing2Happened", registry / "eventkit.toml"):
        os.utime(path, ns=(later, later))
        assert registry_changed_since_last_run(registry, out)
        os.utime(path, ns=(0, 0))
    assert not registry_changed_since_last_run(registry, out)
    # Without --out: [codegen] out of eventkit.toml, relative to the registry.
    (registry / "eventkit.toml").write_text(CONFIG + '[codegen]\nout = "../events"\n')
    os.utime(registry / "eventkit.toml", ns=(0, 0))
    assert not registry_changed_since_last_run(registry, None)
    shutil.rmtree(out)
    assert registry_changed_since_last_run(registry, None)


@pytest.mark.parametrize("layout", ["src", "flat"])
def test_a_rerun_configured_by_package_starts_no_child(tmp_path: Path, layout: str) -> None:
    # `[codegen] package` alone, as `eventkit init` writes it: a no-op run (a pre-commit
    # hook's) must not fork the generator's child either
    project = tmp_path / "project"
    registry = things_registry(project / "schemas", ["svc", "svc"])
    (registry / "eventkit.toml").write_text(CONFIG + '[codegen]\npackage = "app.events"\n')
    if layout == "src":
        (project / "src").mkdir()
    generate(registry)
    folder = project / "src" if layout == "src" else project
    assert (folder / "app/events/svc/__init__.py").is_file()
    assert not registry_changed_since_last_run(registry, None)
    again = script_result(
        WATCH_CHILD + "_child.usable_cpus = lambda: 2\n"
        "from eventkit_codegen import generate\n"
        "import json, sys\n"
        "result = generate(sys.argv[1])\n"
        "print(json.dumps({'events': events, 'written': result.written}))\n",
        str(registry),
    )
    assert again == {"events": [["start", False, False]], "written": []}
