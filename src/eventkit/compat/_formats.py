"""Whether `format` asserts (eventkit's default) or only annotates (the 2020-12 default).

One comparison runs under one setting: `compare_docs` enters `format_mode`, and the engine,
its validator and the negations read `formats_asserted()`. A context variable keeps
concurrent comparisons (threads, tasks) apart."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from eventkit.errors import CompatibilityError
from eventkit.registry._model import FORMAT_MODES

__all__ = ["FORMAT_MODES", "check_format_mode", "format_mode", "formats_asserted"]

_ASSERTED: ContextVar[bool] = ContextVar("eventkit_compat_formats_asserted", default=True)


def formats_asserted() -> bool:
    return _ASSERTED.get()


def check_format_mode(mode: str) -> str:
    if mode not in FORMAT_MODES:
        raise CompatibilityError(
            f"unknown format mode {mode!r}", hint="use 'assertion' (default) or 'annotation'"
        )
    return mode


@contextmanager
def format_mode(mode: str) -> Iterator[None]:
    asserted = check_format_mode(mode) == "assertion"
    if asserted == _ASSERTED.get():  # the usual case: nothing to switch
        yield
        return
    token = _ASSERTED.set(asserted)
    try:
        yield
    finally:
        _ASSERTED.reset(token)
