"""Whether `format` asserts (eventkit's default) or only annotates (the 2020-12 default).

One comparison runs under one setting: `compare_docs` enters it, and the engine,
its validator and the negations read `formats_asserted()`. A context variable keeps
concurrent comparisons (threads, tasks) apart."""

from __future__ import annotations

from contextvars import ContextVar, Token

from eventkit.error_base import CompatibilityError
from eventkit.modes import FORMAT_MODES, FormatMode

__all__ = [
    "FORMAT_MODES",
    "check_format_mode",
    "enter_format_mode",
    "formats_asserted",
    "leave_format_mode",
]

_ASSERTED: ContextVar[bool] = ContextVar("eventkit_compat_formats_asserted", default=True)


def formats_asserted() -> bool:
    return _ASSERTED.get()


def check_format_mode(mode: str) -> str:
    if mode not in FORMAT_MODES:
        raise CompatibilityError(
            f"unknown format mode {mode!r}", hint="use 'assertion' (default) or 'annotation'"
        )
    return mode


# read once: looking a member up on its enum class costs more than the rest of the call
_ASSERTION = FormatMode.ASSERTION


def enter_format_mode(mode: str) -> Token[bool] | None:
    """Switch to `mode`; the token for `leave_format_mode`, None when nothing changed (the
    usual case, kept cheap: it runs once per comparison)."""
    if mode == _ASSERTION and _ASSERTED.get():
        return None
    return _ASSERTED.set(check_format_mode(mode) == _ASSERTION)


def leave_format_mode(token: Token[bool] | None) -> None:
    if token is not None:
        _ASSERTED.reset(token)
