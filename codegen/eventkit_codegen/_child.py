"""datamodel-code-generator in a forked child, imported while this process loads the registry.

Importing the generator is ~0.25 s of CPU, most of a run that regenerates one schema; loading
the registry, planning the units and finding what changed is ~0.1 s more that does not need it.
With a second CPU the child imports it meanwhile, then runs the chunks this process sends (and
forks the workers, if any, itself). Where that cannot help or is not safe, `start` returns None
and the generator runs in this process as before: one CPU, threads (a fork copies their locks),
no fork, `EVENTKIT_CODEGEN_WORKERS=1`, the generator already imported here, or a second run in
the same process (it imports the generator here once, instead of once per run in a child).
"""

from __future__ import annotations

import contextlib
import os
import pickle
import signal
import sys
import threading
from pathlib import Path
from typing import Any

from eventkit.registry import usable_cpus
from eventkit_codegen._constants import MANIFEST

__all__ = ["GeneratorChild", "Job", "Results", "registry_changed_since_last_run"]

# (one schema document per chunk, the aliases, the warm-up document or None, the patterns to
# check before generating anything: `_patterns`)
Job = tuple[list[dict[str, Any]], dict[str, str], dict[str, Any] | None, list[str]]
Results = list[dict[str, str] | None]  # per chunk: relpath -> code, None where it failed

_GENERATOR = "datamodel_code_generator"
_started = False  # a process overlaps the import once (see the module docstring)


class GeneratorChild:
    """A forked process importing the generator; `run` sends it one job, `close` ends it."""

    def __init__(self, pid: int, job_fd: int, result_fd: int) -> None:
        self._pid: int | None = pid
        self._job_fd = job_fd
        self._result_fd = result_fd

    @classmethod
    def start(cls, workers_limit: int, *, wanted: bool) -> GeneratorChild | None:
        """Fork the child, or None where it cannot help (see the module docstring) or is not
        `wanted` (likely nothing to regenerate)."""
        global _started
        if (
            not wanted
            or _started
            or _GENERATOR in sys.modules
            or workers_limit < 2
            or usable_cpus() < 2
            or threading.active_count() > 1
            or not hasattr(os, "fork")
        ):
            return None
        _started = True
        job_read, job_write = os.pipe()
        result_read, result_write = os.pipe()
        try:
            pid = os.fork()
        except OSError:
            for fd in (job_read, job_write, result_read, result_write):
                os.close(fd)
            return None
        if pid == 0:  # the child: never returns
            try:
                os.close(job_write)
                os.close(result_read)
                _serve(job_read, result_write)
            finally:
                os._exit(0)  # no atexit handlers, no flush of buffers copied from the parent
        os.close(job_read)
        os.close(result_write)
        return cls(pid, job_write, result_read)

    def run(self, job: Job) -> Results | None:
        """The job's results from the child; None if it failed (run it in this process)."""
        if self._pid is None:
            return None
        try:
            with os.fdopen(self._job_fd, "wb") as out:
                self._job_fd = -1
                out.write(pickle.dumps(job, protocol=pickle.HIGHEST_PROTOCOL))
            with os.fdopen(self._result_fd, "rb") as answer:
                self._result_fd = -1
                data = answer.read()
            self._reap(kill=False)
            results = pickle.loads(data) if data else None
        except Exception:  # a pipe, pickling (a value nested too deep), the child: run it here
            self.close()
            return None
        if not isinstance(results, list) or len(results) != len(job[0]):
            return None
        return results

    def close(self) -> None:
        """End the child if it still runs (nothing to generate, or an error here)."""
        for fd in (self._job_fd, self._result_fd):
            if fd >= 0:
                with contextlib.suppress(OSError):
                    os.close(fd)
        self._job_fd = self._result_fd = -1
        self._reap(kill=True)

    def _reap(self, *, kill: bool) -> None:
        if self._pid is None:
            return
        with contextlib.suppress(OSError):
            if kill:
                os.kill(self._pid, signal.SIGKILL)
            os.waitpid(self._pid, 0)
        self._pid = None


def _serve(job_fd: int, result_fd: int) -> None:
    """The child's work: import the generator, then run the one job this process sends."""
    from eventkit_codegen._datamodel import run_job, warm_up
    from eventkit_codegen._patterns import patterns_hold

    try:
        warm_up()
        with os.fdopen(job_fd, "rb") as source:
            data = source.read()
        if not data:  # the parent closed the pipe: nothing to generate
            return
        documents, aliases, warmup, patterns = pickle.loads(data)
        # a pattern problem: None, and the parent's check names the schema (`_datamodel`)
        results = run_job(documents, aliases, warmup) if patterns_hold(patterns) else None
    except BaseException:  # reported as a failure; the parent then runs the job itself
        results = None
    with os.fdopen(result_fd, "wb") as out:
        out.write(pickle.dumps(results, protocol=pickle.HIGHEST_PROTOCOL))


def registry_changed_since_last_run(root: Path, out_dir: str | os.PathLike[str] | None) -> bool:
    """Whether some file or folder of the registry is newer than the output's manifest (or
    either is unknown): a guess of whether the run will regenerate anything, made before the
    registry is loaded. A run with nothing to regenerate (the usual re-run) then starts no
    child, whose import would only compete for the CPU; a wrong guess costs time, not bytes."""
    out = Path(out_dir) if out_dir is not None else _configured_out(root)
    if out is None:
        return True
    try:
        last_run = (out / MANIFEST).stat().st_mtime_ns
        return _newest_mtime(root) >= last_run
    except OSError:
        return True


def _configured_out(root: Path) -> Path | None:
    """`[codegen] out` of eventkit.toml (relative to the registry), else the folder of
    `[codegen] package` (what `eventkit init` writes); None if neither is plainly set."""
    import tomllib

    try:
        with (root / "eventkit.toml").open("rb") as file:
            table = tomllib.load(file).get("codegen", {})
        out, package = table.get("out"), table.get("package")
    except (OSError, ValueError, AttributeError):
        return None
    if isinstance(out, str) and out:
        return root / out
    if not isinstance(package, str) or not all(p.isidentifier() for p in package.split(".")):
        return None
    # `eventkit.project_init.package_folder`'s rule, written again: that module's imports
    # would run before the fork, where this guess must cost next to nothing
    project = Path(os.path.normpath(root.absolute())).parent
    base = project / "src" if (project / "src").is_dir() else project
    return base.joinpath(*package.split("."))


def _newest_mtime(folder: Path) -> int:
    newest = folder.stat().st_mtime_ns
    todo = [os.fspath(folder)]
    while todo:
        with os.scandir(todo.pop()) as entries:
            for entry in entries:
                newest = max(newest, entry.stat(follow_symlinks=False).st_mtime_ns)
                if entry.is_dir(follow_symlinks=False):
                    todo.append(entry.path)
    return newest
