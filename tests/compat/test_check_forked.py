"""`eventkit check`'s forked worker (compat._registry.check_registry_forking): the same report,
byte for byte in every format, and the same error in event order, whether the later events'
comparisons run in a forked child or here; and the worker only where a CPU was idle."""

from __future__ import annotations

import json
import os
import shutil
import threading
from pathlib import Path
from typing import Any

import pytest

import eventkit.registry
from eventkit.compat import _registry as registry_check
from eventkit.compat import check_registry
from eventkit.compat._findings import NO_EXAMPLE
from eventkit.compat.render import FORMATS, render
from eventkit.errors import CompatibilityError
from eventkit.registry import _cpus as registry_cpus  # the CPU rule codegen shares
from eventkit.registry import load_registry, scan_registry
from tests._forking import force_worker
from tests.compat.conftest import Writer

COMPAT = Path(__file__).parent
DIALECT = "https://json-schema.org/draft/2020-12/schema"


def _pairs() -> list[tuple[Any, Any]]:
    pairs = []
    for folder in ("cases", "categories"):
        for path in sorted((COMPAT / folder).glob("*/*.json")):
            data = json.loads(path.read_text(encoding="utf-8"))
            if isinstance(data["old"], dict) and isinstance(data["new"], dict):  # files: objects
                pairs.append((data["old"], data["new"]))
    return pairs


def _schema(schema: dict[str, Any]) -> dict[str, Any]:
    return {"$schema": DIALECT, **schema}


@pytest.fixture
def findings_registry(make_registry: Writer) -> Path:
    """Every compat test pair as an event (old as 1.0.0, new as 1.1.0, then old again as
    1.2.0, FULL_TRANSITIVE): breaking findings with examples, undecided ones without."""
    files: dict[str, Any] = {}
    for index, (old, new) in enumerate(_pairs()):
        for version, schema in (("1.0.0", old), ("1.1.0", new), ("1.2.0", old)):
            files[f"svc{index % 3}/Case{index}Happened/{version}.json"] = _schema(schema)
    toml = '[compatibility]\nmode = "FULL_TRANSITIVE"\n'
    root = make_registry(files, toml=toml)
    _, problems = scan_registry(root)  # pairs the registry does not take (other dialects, ...)
    for problem in problems:
        folder = (root / problem.location).parent if problem.location else None
        if folder is not None and folder.parent.parent == root and folder.exists():
            shutil.rmtree(folder)
    assert not scan_registry(root)[1]
    return root


@pytest.fixture
def forks(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Force the worker (idle CPUs, any size); the list counts the children forked."""
    monkeypatch.setattr(registry_check, "_SPLIT_MIN_WORK", 0)
    return force_worker(monkeypatch)


def test_forked_report_is_byte_identical(findings_registry: Path, forks: list[int]) -> None:
    registry = load_registry(findings_registry)
    plain = check_registry(registry)
    forked = registry_check.check_registry_forking(
        load_registry(findings_registry), idle_since=None
    )
    assert len(forks) == 1
    assert plain.findings, "the pairs give findings"
    assert any(f.finding.example is NO_EXAMPLE for f in plain.findings)
    assert any(f.finding.example is not NO_EXAMPLE for f in plain.findings)
    assert any(f.finding.example is NO_EXAMPLE for f in forked.findings)  # the marker itself
    assert forked == plain
    for fmt in FORMATS:
        assert render(forked, fmt) == render(plain, fmt)
    assert forked.exit_code == plain.exit_code


def _bad(make_registry: Writer, broken: list[int], events: int = 12) -> Path:
    files: dict[str, Any] = {}
    for index in range(events):
        old: dict[str, Any] = {"type": "object", "properties": {"a": {"type": "string"}}}
        new: dict[str, Any] = {"type": "object", "properties": {"a": {"type": "string"}}}
        if index in broken:
            new["properties"]["a"]["minLength"] = -index  # compat rejects a negative count
        files[f"svc/E{index:02d}Happened/1.0.0.json"] = _schema(old)
        files[f"svc/E{index:02d}Happened/1.1.0.json"] = _schema(new)
    return make_registry(files)


def _error(check: Any) -> str:
    with pytest.raises(CompatibilityError) as raised:
        check()
    return f"{raised.value}|{raised.value.hint}"


@pytest.mark.parametrize("broken", [[10], [2], [3, 10], [11, 1]])
def test_errors_are_raised_in_event_order(
    make_registry: Writer, forks: list[int], broken: list[int]
) -> None:
    """An error in the child's events or in this process's: the first in event order, as
    without the worker (the child's events are done again here when it fails)."""
    root = _bad(make_registry, broken)
    expected = _error(lambda: check_registry(load_registry(root)))
    registry = load_registry(root)
    assert _error(lambda: registry_check.check_registry_forking(registry, idle_since=None)) == (
        expected
    )
    assert len(forks) == 1
    assert f"E{min(broken):02d}Happened" in expected


def test_no_worker_without_an_idle_cpu(
    findings_registry: Path, forks: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    registry = load_registry(findings_registry)
    monkeypatch.setattr(eventkit.registry, "idle_cpus", lambda since: 0.4)
    assert registry_check.check_registry_forking(registry, idle_since=None) == check_registry(
        registry
    )
    monkeypatch.setattr(
        eventkit.registry, "idle_cpus", lambda since: None
    )  # unknown: the mask decides
    registry_check.check_registry_forking(registry, idle_since=None)
    assert len(forks) == 1


def test_no_worker_for_small_registries_one_cpu_or_threads(
    findings_registry: Path, forks: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    registry = load_registry(findings_registry)
    plain = check_registry(registry)
    monkeypatch.setattr(registry_check, "_SPLIT_MIN_WORK", 10**9)
    assert registry_check.check_registry_forking(registry, idle_since=None) == plain
    monkeypatch.setattr(registry_check, "_SPLIT_MIN_WORK", 0)
    monkeypatch.setattr(eventkit.registry, "usable_cpus", lambda: 1)
    assert registry_check.check_registry_forking(registry, idle_since=None) == plain
    monkeypatch.setattr(eventkit.registry, "usable_cpus", lambda: 2)
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        assert registry_check.check_registry_forking(registry, idle_since=None) == plain
    finally:
        stop.set()
        thread.join()
    assert forks == []


def test_a_failed_child_is_redone_here(
    findings_registry: Path, forks: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A child that answers nothing (killed, or pickle could not carry a value): this process
    does its events, same report."""
    registry = load_registry(findings_registry)
    plain = check_registry(registry)
    monkeypatch.setattr(registry_check, "_dumps", lambda value: b"")
    assert registry_check.check_registry_forking(registry, idle_since=None) == plain
    monkeypatch.setattr(registry_check, "_dumps", lambda value: b"\x80\x05truncated")
    assert registry_check.check_registry_forking(registry, idle_since=None) == plain
    assert len(forks) == 2


def test_cpu_marks_read_proc_stat(monkeypatch: pytest.MonkeyPatch) -> None:
    """Idle ticks of the CPUs in the affinity mask only; None where unknown or too short."""
    ticks = {"cpu0": [100, 0, 0, 100, 0, 0, 0, 0], "cpu1": [0, 0, 0, 200, 0, 0, 0, 0]}

    def read_stat() -> str:
        return (
            "cpu  1 2 3 4 5 6 7 8\n"
            + "".join(f"{n} {' '.join(map(str, t))}\n" for n, t in ticks.items())
            + "cpu7 0 0 0 900 0 0 0 0\nintr 1 2\n"
        )

    monkeypatch.setattr(registry_cpus, "_read_stat", read_stat)
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0, 1}, raising=False)
    since = registry_cpus.cpu_mark()
    assert since == (300, 400)
    ticks["cpu0"][0] += 30  # this process busy on cpu0, cpu1 idle
    ticks["cpu1"][3] += 30
    assert registry_cpus.idle_cpus(since) == pytest.approx(1.0)
    ticks["cpu0"][0] += 5
    assert registry_cpus.idle_cpus((330, 460)) is None  # 5 ticks: too short to tell
    assert registry_cpus.idle_cpus(None) is None
    assert registry_cpus.usable_cpus() == 2
    monkeypatch.setattr(registry_cpus, "_read_stat", lambda: Path("/nonexistent/stat").read_text())
    assert registry_cpus.cpu_mark() is None


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_command_prints_the_same_with_or_without_the_worker(
    findings_registry: Path,
    forks: list[int],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    fmt: str,
) -> None:
    """`eventkit check` (its one body, run_check): same stdout, stderr and exit code."""
    from eventkit.cli._plain import run_check

    code = run_check(findings_registry, fmt)
    forked = capsys.readouterr()
    assert len(forks) == 1
    monkeypatch.setattr(eventkit.registry, "idle_cpus", lambda since: 0.0)
    assert run_check(findings_registry, fmt) == code == 100
    assert capsys.readouterr() == forked
    assert len(forks) == 1
