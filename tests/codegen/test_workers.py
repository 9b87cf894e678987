"""Codegen's worker processes (issue 16): how many the run may use (the CPUs of this process's
affinity mask, if idle while the generator warmed up), and the same bytes whether the chunks
run in forked workers or in this process."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
from eventkit_codegen import MANIFEST, _datamodel, generate

from eventkit.registry import _cpus as _cpus_module
from tests.codegen._script import script_result
from tests.registry._build import build, schema


def _cpus(monkeypatch: pytest.MonkeyPatch, mask: set[int], load: float) -> int:
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: mask, raising=False)
    monkeypatch.setattr(os, "getloadavg", lambda: (load, load, load))
    return _cpus_module.usable_cpus()


def test_workers_follow_the_affinity_mask_not_the_machine(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(os, "cpu_count", lambda: 64)
    assert _cpus(monkeypatch, {0, 1, 2, 3}, 0.0) == 4
    assert _cpus(monkeypatch, {5}, 0.0) == 1


def test_the_load_average_does_not_turn_workers_off(monkeypatch: pytest.MonkeyPatch) -> None:
    # A bench or CI script running commands back to back shows as load on its own.
    assert _cpus(monkeypatch, {0, 1}, 1.0) == 2
    assert _cpus(monkeypatch, {0, 1, 2, 3}, 6.0) == 4


def _stat(monkeypatch: pytest.MonkeyPatch, ticks: dict[int, tuple[int, int]]) -> None:
    """/proc/stat with (busy, idle) ticks per CPU."""
    lines = ["cpu  1 2 3 4 5 6 7 8 9 10"]
    lines += [f"cpu{n} {busy} 0 0 {idle} 0 0 0 0 0 0" for n, (busy, idle) in ticks.items()]
    real = Path.read_text

    def read_text(path: Path, *args: Any, **kwargs: Any) -> str:
        if str(path) == "/proc/stat":
            return "\n".join([*lines, "intr 1 2 3", "ctxt 4"]) + "\n"
        return real(path, *args, **kwargs)

    monkeypatch.setattr(Path, "read_text", read_text)


def test_idle_cpus_of_the_mask_since_a_mark(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0, 1}, raising=False)
    _stat(monkeypatch, {0: (100, 100), 1: (100, 100), 2: (0, 0)})
    before = _cpus_module.cpu_mark()
    assert before == (200, 400)
    # This process kept cpu0 busy; cpu1 was idle 90% of the time; cpu2 is not ours.
    _stat(monkeypatch, {0: (130, 100), 1: (103, 127), 2: (0, 30)})
    assert _cpus_module.idle_cpus(before) == pytest.approx(0.9)
    # Both busy (other work on the machine): no CPU to spare for a worker.
    _stat(monkeypatch, {0: (130, 100), 1: (130, 100), 2: (0, 30)})
    assert _cpus_module.idle_cpus(before) == 0.0
    # Too short a window to tell, or no mark: unknown.
    _stat(monkeypatch, {0: (102, 100), 1: (100, 102), 2: (0, 0)})
    assert _cpus_module.idle_cpus(before) is None
    assert _cpus_module.idle_cpus(None) is None


def _registry(root: Path, events: int) -> Path:
    files: dict[str, Any] = {}
    for index in range(events):
        doc = schema(title=f"Thing{index}", description=f"Thing {index} happened.")
        doc["properties"] = {
            "id": {"type": "string", "description": "The id."},
            f"field_{index}": {"type": "integer", "minimum": 0, "description": "A count."},
        }
        doc["examples"] = [{"id": "t-1", f"field_{index}": 1}]
        files[f"svc/Thing{index}Happened/1.0.0.json"] = doc
    return build(root, files)


def _tree(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): p.read_text(encoding="utf-8")
        for p in sorted(root.rglob("*.py"))
    }


# Run in a fresh process: codegen forks only from a process without threads (pytest-xdist's
# workers have some), and a fork must see the monkeypatched CPU count. argv[3] says where the
# generator runs: "workers" (this process and forked workers, no generator child) or "child"
# (the child that imported it while this process loaded the registry, forking the workers).
_FORKED = """
import json, sys
from eventkit_codegen import _child, _datamodel, generate
used = []
if sys.argv[3] == "workers":
    _child.GeneratorChild.start = classmethod(lambda cls, limit, wanted: None)
    real = _datamodel._parallel
    def spy(*args):
        result = real(*args)
        used.append(result is not None)
        return result
    _datamodel._parallel = spy
else:
    real_run = _child.GeneratorChild.run
    def spy_run(self, job):
        result = real_run(self, job)
        used.append(result is not None)
        return result
    _child.GeneratorChild.run = spy_run
_child.usable_cpus = _datamodel.usable_cpus = lambda: 2
_datamodel.idle_cpus = lambda since: None  # whatever else runs on the machine
generate(sys.argv[1], sys.argv[2])
print(json.dumps(used))
"""


@pytest.mark.parametrize("where", ["workers", "child"])
def test_forked_processes_write_the_same_package(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, where: str
) -> None:
    registry = _registry(tmp_path / "registry", events=3 * _datamodel._CHUNK + 1)
    monkeypatch.setenv("EVENTKIT_CODEGEN_WORKERS", "1")
    generate(registry, tmp_path / "one" / "events")

    two = tmp_path / "two" / "events"
    env = {**os.environ, "EVENTKIT_CODEGEN_WORKERS": "2"}
    ran = script_result(_FORKED, str(registry), str(two), where, env=env)
    assert ran == [True]  # the workers / the child did run
    one = _tree(tmp_path / "one" / "events")
    assert one == _tree(two)
    assert len([rel for rel in one if "thing" in rel]) == 3 * _datamodel._CHUNK + 1
    manifest = json.loads((two / MANIFEST).read_text(encoding="utf-8"))
    assert len(manifest["units"]) > 3 * _datamodel._CHUNK
