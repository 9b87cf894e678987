"""Event ids after `fork`: a child forked while another thread was drawing an id still gets ids
(the id pool's lock is made anew in the child, not inherited held) and never repeats the
parent's."""

from __future__ import annotations

import os
import sys
import threading
import time

import pytest

from eventkit.envelope import new_event_id
from eventkit.envelope._ids import _pool

pytestmark = pytest.mark.skipif(
    not hasattr(os, "fork") or sys.platform == "darwin", reason="needs a plain POSIX fork"
)


def _child_ids(write_fd: int) -> None:
    try:
        ids = [new_event_id() for _ in range(3)]
        os.write(write_fd, ",".join(ids).encode())
    finally:
        os._exit(0)


def test_a_child_forked_while_the_pool_lock_is_held_still_draws_ids() -> None:
    parent_id = new_event_id()
    held, release = threading.Event(), threading.Event()

    def hold_the_lock() -> None:  # another thread in the middle of drawing an id
        with _pool._lock:
            held.set()
            release.wait(10)

    holder = threading.Thread(target=hold_the_lock)
    holder.start()
    assert held.wait(5)
    read_fd, write_fd = os.pipe()
    try:
        pid = os.fork()
        if pid == 0:  # pragma: no cover - the child
            os.close(read_fd)
            _child_ids(write_fd)
        os.close(write_fd)
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline:
            done, _ = os.waitpid(pid, os.WNOHANG)
            if done:
                break
            time.sleep(0.02)
        else:
            os.kill(pid, 9)
            os.waitpid(pid, 0)
            pytest.fail("the forked child hung drawing an event id (the pool's lock was held)")
        ids = os.read(read_fd, 4096).decode().split(",")
    finally:
        release.set()
        holder.join()
        os.close(read_fd)
    assert len(set(ids)) == len(ids) == 3
    assert parent_id not in ids
    assert new_event_id() not in ids  # the parent's pool goes on independently
