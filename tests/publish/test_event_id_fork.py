"""Event ids after `fork`: a forked child never draws the ids its parent draws next (no id
state is shared across a fork)."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable

import pytest

from eventkit.envelope import new_event_id, new_event_ids

pytestmark = pytest.mark.skipif(
    not hasattr(os, "fork") or sys.platform == "darwin", reason="needs a plain POSIX fork"
)


def _drawn_in_a_child(draw: Callable[[], list[str]]) -> list[str]:
    """The ids `draw` gives in a forked child."""
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child
        try:
            os.close(read_fd)
            os.write(write_fd, ",".join(draw()).encode())
        finally:
            os._exit(0)
    os.close(write_fd)
    try:
        _, status = os.waitpid(pid, 0)
        drawn = os.read(read_fd, 4096).decode().split(",")
    finally:
        os.close(read_fd)
    assert os.waitstatus_to_exitcode(status) == 0
    return drawn


def test_a_forked_child_and_its_parent_draw_different_ids() -> None:
    parent_before = new_event_id()
    child = _drawn_in_a_child(lambda: [new_event_id() for _ in range(3)])
    parent_after = [new_event_id() for _ in range(3)]
    assert len(set(child)) == 3
    assert not set(child) & {parent_before, *parent_after}


def test_a_forked_child_draws_other_batch_ids_than_its_parent() -> None:
    child = _drawn_in_a_child(lambda: new_event_ids(5))
    assert len(set(child)) == 5
    assert not set(child) & set(new_event_ids(5))
