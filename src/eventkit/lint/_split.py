"""`eventkit lint`'s worker: a forked child that loads and checks the later event types' files
while this process loads the whole registry, where a second CPU may be free (the rule
`eventkit check` and codegen use: `eventkit.registry.idle_cpus`).

The child is forked before the registry is loaded: what both processes then build is their
own, so neither copies the other's pages, and the child reads its files while this process
reads the others. It loads only the shared files and the event folders from a boundary on
(`scan_registry(root, events_from=...)`) and checks each of its version files
(`DocumentChecks`): a file's problems depend only on it and the shared files. Its answer
names each file with a hash of its text, and the shared files too; this process takes the
child's problems for a file only when the child read the same text for it and the same
shared files, and checks any other file itself, in document order. A child that fails in any
way answers nothing, so any error is raised in document order, as in one process.
"""

# fast path: +25% on bench/registry_load.py figure registry_load.lint_vs_floor_process (measured 2026-12-06)
# (as its critical path in CPU time, this process's and the worker's: the machine had no idle CPU)

from __future__ import annotations

import contextlib
import os
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from eventkit.lint._documents import DocumentChecks
    from eventkit.registry import CpuMark, ForkedJob, Problem, SchemaVersion, SharedSchema

__all__ = ["Worker"]

# The least event types worth a worker (x 5 versions): at 100 the critical path is ~13%
# shorter, at 50 ~8%, for ~30 ms more CPU in all.
SPLIT_MIN_EVENTS = 100
# The child's share of the event types: it loads only its part while this process loads
# every file, so the child takes more than half of the checks (0.6 to 0.7 measured alike).
CHILD_SHARE = 0.65

_Fingerprint = tuple[int, int]  # length and hash of a file's text (fork keeps the hash seed)
_Answer = tuple[dict[str, _Fingerprint], dict[str, tuple[_Fingerprint, list["Problem"]]]]


def _fingerprint(text: str) -> _Fingerprint:
    return len(text), hash(text)


class Worker:
    """A child checking the version files of the event types from `start` on."""

    def __init__(self, child: ForkedJob, start: tuple[str, str]) -> None:
        self._child = child
        self.start_at = start

    @classmethod
    def start(cls, root: str | Path, idle_since: CpuMark | None) -> Worker | None:
        """A worker for the registry at `root`, or None where it would not pay (one CPU, a
        running thread, no idle CPU, a small registry) or cannot start."""
        from eventkit.registry import (
            ForkedJob,
            idle_cpus,
            runnable_tasks,
            usable_cpus,
            worker_may_start,
        )

        if not worker_may_start(usable_cpus()):
            return None
        idle = idle_cpus(idle_since)
        if idle is None:
            # Too short a window to tell, as usual here (the worker starts before the registry
            # loads, not after as check's): a CPU must be free at this instant.
            running = runnable_tasks()
            if running is not None and running >= usable_cpus():
                return None
        elif idle < 0.5:
            return None
        events = _event_folders(Path(root))
        if len(events) < max(SPLIT_MIN_EVENTS, 2):
            return None
        start = events[min(max(int(len(events) * (1 - CHILD_SHARE)), 1), len(events) - 1)]
        # What the child runs, imported before the fork: not imported twice.
        import pickle  # noqa: F401

        from eventkit.lint import _checks, _documents, _examples  # noqa: F401

        kept: list[object] = []  # the child's registry, while it writes its answer
        child = ForkedJob.start(lambda: _dumps(_check_part(root, start, kept)))
        return None if child is None else cls(child, start)

    def merge(
        self, check: DocumentChecks, versions: Sequence[SchemaVersion | SharedSchema]
    ) -> list[list[Problem]]:
        """`[check(v) for v in versions]` (the version files, after the shared ones): the
        child's part from its answer, for each file it read the same as this process."""
        cut = 0
        while cut < len(versions) and _key(versions[cut]) < self.start_at:
            cut += 1
        try:
            found = [check(version) for version in versions[:cut]]
        except BaseException:  # the first error in document order: the child's files are later
            self.stop()
            raise
        answer = self._results()
        shared = {d.relpath: _fingerprint(d.text) for d in check.registry.shared.values()}
        theirs = answer[1] if answer is not None and answer[0] == shared else {}
        for version in versions[cut:]:
            got = theirs.get(version.relpath)
            if got is not None and got[0] == _fingerprint(version.text):
                found.append(got[1])
            else:
                found.append(check(version))
        return found

    def _results(self) -> _Answer | None:
        """The child's answer (None if it failed or was cut short), reaping it."""
        data = self._child.answer()
        try:
            found = _loads(data) if data is not None else None
        except Exception:  # a truncated answer: its files are checked here
            return None
        return found if _well_formed(found) else None

    def stop(self) -> None:
        """End the child without reading its answer (an error or an interrupt here)."""
        self._child.stop()


def _key(version: SchemaVersion | SharedSchema) -> tuple[str, str]:
    service, event, _ = version.relpath.split("/", 2)  # service/event/version.json
    return service, event


def _event_folders(root: Path) -> list[tuple[str, str]]:
    """(service, event) of each event folder, in the registry's order; [] if unreadable.
    Only to place the boundary: the loader decides what is an event."""
    found = []
    with contextlib.suppress(OSError):
        for service in sorted(_folders(root)):
            if not service.startswith("_"):
                found += [(service, event) for event in sorted(_folders(root / service))]
    return found


def _folders(folder: Path) -> list[str]:
    # Symlinks are not followed (one may lead out of the registry); the loader decides what a
    # linked folder is, and the boundary is only placed a little off.
    with os.scandir(folder) as entries:
        return [
            e.name
            for e in entries
            if not e.name.startswith(".") and e.is_dir(follow_symlinks=False)
        ]


def _check_part(root: str | Path, start: tuple[str, str], kept: list[object]) -> _Answer:
    """In the child: load the shared files and the event types from `start` on, and check
    each version file. The registry and the checks' caches go to `kept`: the child ends with `os._exit` once it
    has answered, so its objects are never freed one by one while this process waits."""
    from eventkit.lint._documents import DocumentChecks
    from eventkit.registry import scan_registry

    registry, _ = scan_registry(root, events_from=start)
    check = DocumentChecks(registry)
    kept += (registry, check)
    for document in registry.shared.values():
        check(document)  # which shared files are invalid
    shared = {d.relpath: _fingerprint(d.text) for d in registry.shared.values()}
    return shared, {v.relpath: (_fingerprint(v.text), check(v)) for v in registry.versions}


def _dumps(value: object) -> bytes:
    import pickle

    return pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)


def _loads(data: bytes) -> Any:
    import pickle

    return pickle.loads(data)


def _well_formed(value: object) -> bool:
    """Whether `value` has the shape of `_check_part`'s answer."""
    from eventkit.registry import Problem

    if not (isinstance(value, tuple) and len(value) == 2):
        return False
    shared, versions = value
    return (
        isinstance(shared, dict)
        and isinstance(versions, dict)
        and all(
            isinstance(item, tuple)
            and len(item) == 2
            and isinstance(item[1], list)
            and all(isinstance(p, Problem) for p in item[1])
            for item in versions.values()
        )
    )
