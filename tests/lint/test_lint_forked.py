"""`eventkit lint`'s forked worker (`eventkit.lint.lint_registry_forking`): the same report,
byte for byte in every output, and the same error in document order, whether the later
event types' files are loaded and checked in a forked child or here; and the worker only where
it may pay."""

from __future__ import annotations

import json
import os
import pickle
import threading
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import eventkit.registry
from eventkit.lint import (
    LintReport,
    _checks,
    _documents,
    _split,
    lint_registry,
    lint_registry_forking,
)
from eventkit.registry import _cpus as registry_cpus  # the CPU rule check shares
from eventkit.registry import scan_registry
from tests._forking import force_worker
from tests._modules import modules_after
from tests.registry._build import DIALECT, build, schema

SHARED_OK = "_shared/money.json"
SHARED_BAD = "_shared/broken.json"

# What can be wrong with one version file (or the shared file it uses): every kind of
# per-document problem, and the examples that are not judged because of another.
BREAKAGES: dict[str, Any] = {
    "clean": schema(),
    "invalid-json": '{"$schema": "' + DIALECT + '",',
    "schema-invalid": schema(properties={"id": {"type": "strin"}}, examples=[{"id": 1}]),
    "example-invalid": schema(examples=[{"id": 3}, {}]),
    "todo": schema(description="TODO: say what happened"),
    "no-title": schema(title=None),
    "duplicate-key": '{"$schema": "'
    + DIALECT
    + '", "title": "T", "title": "T", "description": "d", "type": "object", '
    '"examples": [{}]}',
    "nested-dialect": schema(properties={"id": {"$schema": DIALECT, "type": "string"}}),
    "uses-broken-shared": schema(
        properties={"id": {"type": "string"}, "m": {"$ref": "../../_shared/broken.json"}},
        examples=[{"id": "x", "m": 5}],
    ),
    "uses-shared": schema(
        properties={"id": {"type": "string"}, "m": {"$ref": "../../_shared/money.json"}},
        examples=[{"id": "x", "m": {"amount": "1"}}],
    ),
    "unevaluated": schema(unevaluatedProperties=False, examples=[{"id": "x", "extra": 1}]),
    "remote-ref": schema(properties={"id": {"$ref": "https://example.com/id.json"}}),
    "self-ref": schema(
        properties={"id": {"type": "string"}, "next": {"$ref": "#"}},
        examples=[{"id": "a", "next": {"id": 3}}],
    ),
}
SHARED = {
    SHARED_OK: {
        "$schema": DIALECT,
        "type": "object",
        "properties": {"amount": {"type": "integer"}},
    },
    SHARED_BAD: {"$schema": DIALECT, "type": "objekt"},
}


def _registry(root: Path, kinds: list[str], versions: int = 2) -> Path:
    """An event per entry of `kinds` (its last version broken that way), in two services."""
    files: dict[str, Any] = dict(SHARED)
    for index, kind in enumerate(kinds):
        folder = f"svc{index % 2}/E{index:02d}Happened"
        for minor in range(versions - 1):
            files[f"{folder}/1.{minor}.0.json"] = schema()
        files[f"{folder}/1.{versions - 1}.0.json"] = BREAKAGES[kind]
    return build(root, files)


@pytest.fixture
def forks(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Force the worker (idle CPUs, any size); the list counts the children forked."""
    monkeypatch.setattr(_split, "SPLIT_MIN_EVENTS", 0)
    return force_worker(monkeypatch)


def _same(forked: LintReport, plain: LintReport) -> None:
    assert forked.problems == plain.problems
    assert forked.notes == plain.notes
    assert forked.counts == plain.counts
    assert forked.format_text() == plain.format_text()
    assert json.dumps(forked.to_dict()) == json.dumps(plain.to_dict())
    assert forked.exit_code == plain.exit_code


@pytest.fixture
def checked_here(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The files this process checks itself (the child's are not counted here)."""
    checked: list[str] = []
    real = _documents.DocumentChecks.__call__

    def call(self: Any, document: Any) -> Any:
        checked.append(document.relpath)
        return real(self, document)

    monkeypatch.setattr(_documents.DocumentChecks, "__call__", call)
    return checked


@pytest.fixture
def answered(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The files the child's answer holds."""
    files: list[str] = []
    real = _split.Worker._results

    def results(self: Any) -> Any:
        answer = real(self)
        files.extend(answer[1] if answer is not None else ())
        return answer

    monkeypatch.setattr(_split.Worker, "_results", results)
    return files


@pytest.mark.parametrize("kind", sorted(set(BREAKAGES) - {"clean"}))
@pytest.mark.parametrize("where", ["first", "last", "both"])
def test_broken_files_in_either_half(
    tmp_path: Path,
    forks: list[int],
    checked_here: list[str],
    answered: list[str],
    kind: str,
    where: str,
) -> None:
    kinds = ["clean"] * 8
    if where in ("first", "both"):
        kinds[0] = kind
    if where in ("last", "both"):
        kinds[-1] = kind
    root = _registry(tmp_path, kinds)
    plain = lint_registry(root)
    checked_here.clear()
    forked = lint_registry_forking(root, idle_since=None)
    assert len(forks) == 1
    # Each file checked once: the shared files and the earlier event types' here, the later
    # ones' (~65%) in the child.
    versions = [v.relpath for v in plain.registry.versions]
    here = [relpath for relpath in checked_here if not relpath.startswith("_shared/")]
    assert sorted(here + answered) == sorted(versions)
    assert versions == here + sorted(answered, key=versions.index)
    assert len(answered) >= len(versions) // 2
    assert plain.problems, "each breakage is a problem"
    _same(forked, plain)


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    kinds=st.lists(st.sampled_from(sorted(BREAKAGES)), min_size=1, max_size=10),
    versions=st.integers(1, 3),
)
def test_many_registries(
    tmp_path_factory: pytest.TempPathFactory, forks: list[int], kinds: list[str], versions: int
) -> None:
    root = _registry(tmp_path_factory.mktemp("reg"), kinds, versions)
    before = len(forks)
    _same(lint_registry_forking(root, idle_since=None), lint_registry(root))
    assert len(forks) - before == (1 if len(kinds) >= 2 else 0)  # two event folders or more


def _answer(versions: dict[str, Any], shared: dict[str, Any] | None = None) -> bytes:
    return pickle.dumps((shared or {}, versions))


@pytest.mark.parametrize(
    "answer",
    [
        b"",
        b"\x80\x05truncated",
        pickle.dumps("not an answer"),
        _answer({"svc0/E02Happened/1.1.0.json": ((1, 2), ["not a problem"])}),
        _answer({}),  # no file: every file of the child's part is checked here
    ],
)
def test_a_failed_child_is_redone_here(
    tmp_path: Path, forks: list[int], monkeypatch: pytest.MonkeyPatch, answer: bytes
) -> None:
    """A child that answers nothing, a truncated answer or one of the wrong shape: this
    process checks its files, same report."""
    root = _registry(tmp_path, ["example-invalid", "clean", "todo", "schema-invalid"])
    plain = lint_registry(root)
    monkeypatch.setattr(_split, "_dumps", lambda value: answer)
    _same(lint_registry_forking(root, idle_since=None), plain)
    assert len(forks) == 1


@pytest.mark.parametrize("changed", ["file", "shared"])
def test_files_the_child_read_otherwise_are_checked_here(
    tmp_path: Path, forks: list[int], monkeypatch: pytest.MonkeyPatch, changed: str
) -> None:
    """The child's problems count only for files it read as this process did (same text, same
    shared files): a file changed in between is checked here."""
    root = _registry(tmp_path, ["clean", "clean", "todo", "example-invalid"])
    plain = lint_registry(root)
    real = _split._check_part

    def check_part(root: Path, start: tuple[str, str], kept: list[object]) -> Any:
        shared, versions = real(root, start, kept)
        assert versions, "the child has files to check"
        if changed == "shared":
            shared = dict.fromkeys(shared, (0, 0))
        # what the child found for another text of the files: no problems at all
        return shared, {
            relpath: ((found[0][0] + 1, 0) if changed == "file" else found[0], [])
            for relpath, found in versions.items()
        }

    monkeypatch.setattr(_split, "_check_part", check_part)
    _same(lint_registry_forking(root, idle_since=None), plain)
    assert len(forks) == 1


@pytest.mark.parametrize("broken", [[7], [1], [2, 7], [6, 0]])
def test_errors_are_raised_in_document_order(
    tmp_path: Path, forks: list[int], monkeypatch: pytest.MonkeyPatch, broken: list[int]
) -> None:
    """An error in the child's documents or in this process's: the first in document order,
    as without the worker (the child's documents are checked again here when it fails)."""
    root = _registry(tmp_path, ["clean"] * 8, versions=1)
    names = {f"E{index:02d}Happened" for index in broken}
    real = _checks.check_placeholders

    def check_placeholders(document: Any) -> Any:
        if document.relpath.split("/")[1] in names:
            raise ValueError(document.relpath)
        return real(document)

    monkeypatch.setattr(_checks, "check_placeholders", check_placeholders)
    with pytest.raises(ValueError, match=r"Happened") as plain:
        lint_registry(root)
    with pytest.raises(ValueError, match=r"Happened") as forked:
        lint_registry_forking(root, idle_since=None)
    assert str(forked.value) == str(plain.value)
    assert len(forks) == 1


def test_no_worker_without_an_idle_cpu(
    tmp_path: Path, forks: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _registry(tmp_path, ["todo"] * 6)
    plain = lint_registry(root)
    monkeypatch.setattr(eventkit.registry, "runnable_tasks", lambda: 1)
    monkeypatch.setattr(eventkit.registry, "idle_cpus", lambda since: 0.4)
    _same(lint_registry_forking(root, idle_since=None), plain)
    assert forks == []
    # Too short a window to tell: a CPU must be free at this instant (this process alone).
    monkeypatch.setattr(eventkit.registry, "idle_cpus", lambda since: None)
    monkeypatch.setattr(eventkit.registry, "runnable_tasks", lambda: 2)
    _same(lint_registry_forking(root, idle_since=None), plain)
    assert forks == []
    monkeypatch.setattr(eventkit.registry, "runnable_tasks", lambda: 1)
    _same(lint_registry_forking(root, idle_since=None), plain)
    assert len(forks) == 1
    monkeypatch.setattr(eventkit.registry, "runnable_tasks", lambda: None)  # unknown: the mask
    _same(lint_registry_forking(root, idle_since=None), plain)
    assert len(forks) == 2


def test_runnable_tasks_reads_proc_stat(monkeypatch: pytest.MonkeyPatch) -> None:
    stat = "cpu  1 2 3 4 5 6 7 8\ncpu0 1 2 3 4 5 6 7 8\nprocs_running 3\nprocs_blocked 0\n"
    monkeypatch.setattr(registry_cpus, "_read_stat", lambda: stat)
    assert eventkit.registry.runnable_tasks() == 3
    monkeypatch.setattr(registry_cpus, "_read_stat", lambda: "cpu  1 2 3\n")
    assert eventkit.registry.runnable_tasks() is None
    monkeypatch.setattr(registry_cpus, "_read_stat", lambda: Path("/nonexistent/stat").read_text())
    assert eventkit.registry.runnable_tasks() is None


def test_no_worker_for_small_registries_one_cpu_or_threads(
    tmp_path: Path, forks: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _registry(tmp_path, ["todo"] * 6)
    plain = lint_registry(root)
    assert forks == []  # lint_registry itself never forks
    monkeypatch.setattr(_split, "SPLIT_MIN_EVENTS", 10**9)
    _same(lint_registry_forking(root, idle_since=None), plain)
    monkeypatch.setattr(_split, "SPLIT_MIN_EVENTS", 0)
    monkeypatch.setattr(eventkit.registry, "usable_cpus", lambda: 1)
    _same(lint_registry_forking(root, idle_since=None), plain)
    monkeypatch.setattr(eventkit.registry, "usable_cpus", lambda: 2)
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        _same(lint_registry_forking(root, idle_since=None), plain)
    finally:
        stop.set()
        thread.join()
    assert forks == []


def test_the_default_size_gate(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A registry of a few dozen event types is checked in one process even with CPUs to
    spare."""
    monkeypatch.setattr(eventkit.registry, "usable_cpus", lambda: 2)
    monkeypatch.setattr(eventkit.registry, "idle_cpus", lambda since: 2.0)
    monkeypatch.setattr(os, "fork", lambda: pytest.fail("forked for a small registry"))
    root = _registry(tmp_path, ["clean", "todo"] * 10)
    _same(lint_registry_forking(root, idle_since=None), lint_registry(root))


@pytest.mark.parametrize(("output", "summary"), [("text", False), ("text", True), ("json", False)])
def test_the_command_prints_the_same_with_or_without_the_worker(
    tmp_path: Path,
    forks: list[int],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    output: str,
    summary: bool,
) -> None:
    """`eventkit lint` (its one body, run_lint): same stdout, stderr and exit code."""
    from eventkit.cli._plain import run_lint

    root = _registry(tmp_path, ["example-invalid", "clean", "clean", "invalid-json", "todo"])
    code = run_lint(root, output, summary)
    forked = capsys.readouterr()
    assert len(forks) == 1
    monkeypatch.setattr(eventkit.registry, "idle_cpus", lambda since: 0.0)
    assert run_lint(root, output, summary) == code == 1
    assert capsys.readouterr() == forked
    assert len(forks) == 1


@pytest.mark.parametrize(
    "start", [("svc0", "E00Happened"), ("svc0", "E03"), ("svc1", ""), ("t", "")]
)
def test_a_part_of_the_registry_loads_its_files_as_the_whole(
    tmp_path: Path, start: tuple[str, str]
) -> None:
    """`scan_registry(root, events_from=...)`: the shared files and the event types from
    `start` on, each file as the whole registry has it."""
    root = _registry(tmp_path, ["clean", "todo", "invalid-json", "uses-shared", "clean"])
    whole, _ = scan_registry(root)
    part, _ = scan_registry(root, events_from=start)
    expected = [v for v in whole.versions if tuple(v.relpath.split("/")[:2]) >= start]
    assert [(v.relpath, v.text, v.schema) for v in part.versions] == [
        (v.relpath, v.text, v.schema) for v in expected
    ]
    assert part.shared.keys() == whole.shared.keys()
    assert all(part.shared[k].schema == whole.shared[k].schema for k in whole.shared)


def test_lint_without_consumes_does_not_load_the_consumers_package(tmp_path: Path) -> None:
    """Nothing declared in any service.toml: no consumer problem, and eventkit.consumers is
    not loaded; with a declaration it is, and judges it."""
    root = _registry(tmp_path, ["clean", "clean"])
    code = f"from eventkit.lint import lint_registry; r = lint_registry({str(root)!r})"
    assert "eventkit.consumers" not in modules_after(code)
    (root / "svc0" / "service.toml").write_text('consumes = ["svc1/NoSuchEvent@1"]\n')
    problems = lint_registry(root).problems
    assert [p.code for p in problems if p.path.startswith("svc0")] == ["consumes-unknown-event"]
    assert "eventkit.consumers" in modules_after(code)


@pytest.mark.parametrize("target", ["outside", "inside"])
def test_a_linked_service_folder_gives_the_same_report(
    tmp_path: Path, forks: list[int], target: str
) -> None:
    # The boundary is placed without following links (one may lead out of the registry); the
    # loader refuses a link leaving it, in both processes, and reads one staying inside.
    root = _registry(tmp_path / "reg", ["clean"] * 6)
    if target == "outside":
        linked = _registry(tmp_path / "elsewhere", ["clean"] * 2) / "svc0"
    else:
        linked = root / "svc1"
    (root / "svc9").symlink_to(linked, target_is_directory=True)
    plain = lint_registry(root)
    forked = lint_registry_forking(root, idle_since=None)
    assert len(forks) == 1
    _same(forked, plain)
    codes = {p.code for p in plain.problems if p.path.startswith("svc9")}
    assert ("unsafe-path" in codes) is (target == "outside")
