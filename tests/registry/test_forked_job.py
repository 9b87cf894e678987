"""`eventkit.registry.ForkedJob` and `worker_may_start`: the forked child that check's and
lint's workers run in."""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

import pytest

from eventkit.registry import ForkedJob, worker_may_start

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="needs os.fork")


def _started(job: ForkedJob | None) -> ForkedJob:
    assert job is not None
    return job


def test_the_answer_is_the_bytes_the_job_returned() -> None:
    big = bytes(range(256)) * 4096  # 1 MiB: more than a pipe holds at once
    assert _started(ForkedJob.start(lambda: big)).answer() == big


def test_the_job_runs_in_another_process_which_is_reaped() -> None:
    answer = _started(ForkedJob.start(lambda: str(os.getpid()).encode())).answer()
    assert answer is not None
    pid = int(answer)
    assert pid != os.getpid()
    with pytest.raises(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)  # already reaped: no zombie left behind


def test_a_job_that_raises_answers_none() -> None:
    def job() -> bytes:
        raise ValueError("boom")

    assert _started(ForkedJob.start(job)).answer() is None


def test_an_empty_answer_is_none() -> None:
    assert _started(ForkedJob.start(lambda: b"")).answer() is None


def test_stop_ends_a_child_still_working_and_may_be_called_twice() -> None:
    def job() -> bytes:
        time.sleep(60)
        return b"late"

    child = _started(ForkedJob.start(job))
    began = time.monotonic()
    child.stop()
    child.stop()
    assert time.monotonic() - began < 10


def test_a_failed_fork_starts_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse() -> int:
        raise OSError("no more processes")

    monkeypatch.setattr(os, "fork", refuse)
    fds = Path("/proc/self/fd")
    before = len(list(fds.iterdir())) if fds.is_dir() else None
    assert ForkedJob.start(lambda: b"x") is None
    if before is not None:
        assert len(list(fds.iterdir())) == before  # the pipe was closed


def test_a_worker_needs_two_cpus_and_no_other_thread(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(threading, "active_count", lambda: 1)  # earlier tests' threads aside
    assert worker_may_start(2) is True
    assert worker_may_start(1) is False
    monkeypatch.undo()
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        assert worker_may_start(2) is False
    finally:
        stop.set()
        thread.join()
