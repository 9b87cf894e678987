"""The bus's worker threads and its open/closed state, safe for any number of callers at once.

One `EventBus` is shared by the threads of a web worker or a Lambda's own pool. So:

- every call registers itself (`begin_call` / `end_call`); `close()` refuses new calls, waits for
  those in flight, then stops the threads: a call runs to its end or is refused whole;
- the thread pool is created, grown and shut down only under one lock, and work is submitted
  under that same lock, so no caller ever submits to a pool another caller shut down (the
  `RuntimeError: cannot schedule new futures after shutdown` of a shared, resized pool);
- the calling thread is one of the workers of its own call: if the pool cannot take work at
  all (interpreter exit), the caller still sends everything itself.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures import wait as wait_all

__all__ = ["Workers"]


class Workers:
    """A lazily created thread pool shared by the calls of one bus, and the bus's lifecycle."""

    def __init__(self) -> None:
        self._state = threading.Condition(threading.Lock())
        self._closed = False
        self._calls = 0
        self._pool: ThreadPoolExecutor | None = None
        self._size = 0

    @property
    def closed(self) -> bool:
        return self._closed

    def begin_call(self) -> bool:
        """Register a call; False (and nothing registered) once `close` has begun."""
        with self._state:
            if self._closed:
                return False
            self._calls += 1
            return True

    def end_call(self) -> None:
        with self._state:
            self._calls -= 1
            if self._calls == 0:
                self._state.notify_all()

    def run(self, task: Callable[[], None], workers: int) -> None:
        """Run `task` in `workers` threads at once (the caller's included) and return when
        every copy that started has finished. `task` must take work from a shared source
        until it is empty, so copies that never start lose nothing."""
        helpers = self._submit(task, workers - 1)
        try:
            task()
        finally:
            for future in helpers:
                future.cancel()  # the caller emptied the source: copies not started are moot
            wait_all(helpers)
        for future in helpers:
            if not future.cancelled():
                future.result()  # re-raise what a helper raised (a bug, not a delivery failure)

    def _submit(self, task: Callable[[], None], count: int) -> list[Future[None]]:
        if count <= 0:
            return []
        with self._state:
            if self._closed:
                return []
            if self._pool is None or self._size < count:
                if self._pool is not None:
                    # its queued work still runs: shutdown without cancel_futures drains the queue
                    self._pool.shutdown(wait=False)
                self._pool = ThreadPoolExecutor(count, thread_name_prefix="eventkit-publish")
                self._size = count
            futures: list[Future[None]] = []
            for _ in range(count):
                try:
                    futures.append(self._pool.submit(task))
                except RuntimeError:  # the interpreter is exiting: the caller works alone
                    break
            return futures

    def close(self) -> None:
        """Refuse new calls, wait for the calls in flight, then stop the threads. Idempotent."""
        with self._state:
            self._closed = True
            self._state.wait_for(lambda: self._calls == 0)
            pool, self._pool, self._size = self._pool, None, 0
        if pool is not None:
            pool.shutdown(wait=True)
