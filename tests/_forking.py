"""Forcing the forked workers of `eventkit check` and `eventkit lint` in a test."""

from __future__ import annotations

import os
import threading

import pytest

import eventkit.registry


def force_worker(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Make the idle-CPU gate say yes (two CPUs, one idle) and count the children forked: the
    list returned gets each child's pid. Threads that earlier tests of this process left
    running (a thread pool, a server) do not count against the gate; one a test starts does
    (the gate's own tests start one)."""
    started: list[int] = []
    real_fork = os.fork

    def fork() -> int:
        pid = real_fork()
        if pid:
            started.append(pid)
        return pid

    active_count, left = threading.active_count, threading.active_count() - 1
    monkeypatch.setattr(threading, "active_count", lambda: active_count() - left)
    monkeypatch.setattr(eventkit.registry, "usable_cpus", lambda: 2)
    monkeypatch.setattr(eventkit.registry, "idle_cpus", lambda since: 1.0)
    monkeypatch.setattr(os, "fork", fork)
    return started
