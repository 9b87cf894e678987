"""The bus's worker threads and its open/closed state, safe for any number of callers at once.

One `EventBus` is shared by the threads of a web worker or a Lambda's own pool. So:

- every call registers itself (`begin_call` / `end_call`); `close()` refuses new calls, waits for
  those in flight, then stops the threads: a call runs to its end or is refused whole;
- a `close()` made by one of the calls in flight (a handler the in-memory EventBridge calls while
  the batch is being sent, in the caller's thread or a helper's) cannot wait for them, since it
  would wait for itself: it refuses new calls and returns, and the last call in flight to end
  stops the threads and closes the transport;
- the thread pool is created, grown and shut down only under one lock, and work is submitted
  under that same lock, so no caller ever submits to a pool another caller shut down (the
  `RuntimeError: cannot schedule new futures after shutdown` of a shared, resized pool);
- the calling thread is one of the workers of its own call, and a call is done when each of its
  items is: if the pool cannot take work at all (interpreter exit, no thread can start), the
  caller sends everything itself, and a helper that starts late finds nothing left to do;
- a KeyboardInterrupt or SystemExit out of the caller's own item ends the call only once the
  helpers' items in flight are done (no item is started after it), so the call is never
  counted ended, nor the transport closed, while one of its threads still sends.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Generic, TypeVar

__all__ = ["Workers"]

T = TypeVar("T")


class Workers:
    """A lazily created thread pool shared by the calls of one bus, and the bus's lifecycle."""

    def __init__(self) -> None:
        self._state = threading.Condition(threading.Lock())
        self._closed = False
        self._calls = 0
        self._pool: ThreadPoolExecutor | None = None
        self._size = 0
        # what a `close()` made from inside a call left for the last call to do when it ends
        self._deferred: Callable[[], None] | None = None
        # the threads working on a call in flight, once per call they are in (caller or helper)
        self._threads: list[int] = []

    @property
    def closed(self) -> bool:
        return self._closed

    def begin_call(self) -> bool:
        """Register a call; False (and nothing registered) once `close` has begun."""
        with self._state:
            if self._closed:
                return False
            self._calls += 1
            self._threads.append(threading.get_ident())
            return True

    def end_call(self) -> None:
        with self._state:
            self._calls -= 1
            self._threads.remove(threading.get_ident())
            if self._calls:
                return
            self._state.notify_all()
            finish, self._deferred = self._deferred, None
            pool = self._take_pool() if finish is not None else None
        if finish is not None:
            # this thread may be one of the pool's (a handler's nested publish): never join it
            if pool is not None:
                pool.shutdown(wait=False)
            finish()

    def run_all(self, items: Sequence[T], fn: Callable[[T], None], workers: int) -> None:
        """Call `fn(item)` for every item, in up to `workers` threads at once (the caller's
        included); return when every call has returned. Done is counted per item, not per
        thread, so a helper that starts late, or never, loses nothing."""
        queue = _ItemQueue(items, fn)
        helpers = self._submit(lambda: self._help(queue), workers - 1)
        try:
            queue.work()
        finally:
            for future in helpers:
                future.cancel()  # the queue is empty: helpers not started yet have nothing to do
            # A KeyboardInterrupt or SystemExit out of the caller's item: start no other item,
            # but let the helpers finish theirs before the call ends, or `end_call` (running
            # a `close()` made inside the call) would close the transport under their sends.
            queue.stop()
            queue.wait()

    def _help(self, queue: _ItemQueue[T]) -> None:
        """A helper's share of a call: while it works, this thread is inside the call."""
        with self._state:
            self._threads.append(threading.get_ident())
        try:
            queue.work()
        finally:
            with self._state:
                self._threads.remove(threading.get_ident())

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
                except RuntimeError:  # interpreter exiting, no thread can start: caller works alone
                    break
            return futures

    def close(self, finish: Callable[[], None]) -> None:
        """Refuse new calls, wait for the calls in flight, stop the threads, then call `finish`
        (closing the transport). Idempotent for the threads; `finish` runs on every call made
        from outside the calls.

        Made from inside a call in flight (its thread is the caller or a helper of one), it
        waits for nothing: the last call to end stops the threads and calls `finish`."""
        with self._state:
            self._closed = True
            if threading.get_ident() in self._threads:
                self._deferred = finish
                return
            self._state.wait_for(lambda: self._calls == 0)
            self._deferred = None  # a close from inside is overtaken by this one
            pool = self._take_pool()
        if pool is not None:
            pool.shutdown(wait=True)
        finish()

    def _take_pool(self) -> ThreadPoolExecutor | None:
        pool, self._pool, self._size = self._pool, None, 0
        return pool


class _ItemQueue(Generic[T]):
    """One call's work: items taken one at a time by whichever thread is free."""

    def __init__(self, items: Sequence[T], fn: Callable[[T], None]) -> None:
        self._items = iter(items)
        self._fn = fn
        self._left = len(items)
        self._lock = threading.Condition(threading.Lock())

    def work(self) -> None:
        while True:
            with self._lock:
                try:
                    item = next(self._items)
                except StopIteration:
                    return
            try:
                self._fn(item)
            finally:
                with self._lock:
                    self._left -= 1
                    if self._left == 0:
                        self._lock.notify_all()

    def stop(self) -> None:
        """Hand out no more items; those never taken count as done (none after `work`
        returned)."""
        with self._lock:
            self._left -= sum(1 for _ in self._items)
            if self._left == 0:
                self._lock.notify_all()

    def wait(self) -> None:
        with self._lock:
            self._lock.wait_for(lambda: self._left == 0)
