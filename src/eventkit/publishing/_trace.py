"""The X-Ray trace header of a PutEvents entry, so a trace continues across EventBridge.

Lambda puts the current trace in `_X_AMZN_TRACE_ID` (set anew for every invocation, so it is
read at publish time); EventBridge takes it as the entry's `TraceHeader` (1-500 characters,
X-Ray format: `Root=1-<8 hex>-<24 hex>[;Parent=<16 hex>][;Sampled=0|1|?][;...]`).
A value from the environment that is not such a header is left out (logged once): a broken
trace must never stop an event. An explicit per-event value is the caller's, and is refused
before sending when malformed.
"""

from __future__ import annotations

import os
import re
from functools import lru_cache

from eventkit.errors import EventValidationError
from eventkit.transports.limits import MAX_TRACE_HEADER_CHARS

__all__ = ["TRACE_ENV", "check_trace_header", "environment_trace_header", "is_trace_header"]

TRACE_ENV = "_X_AMZN_TRACE_ID"
_FIELD = re.compile(r"[A-Za-z][A-Za-z0-9_.-]*=[\x21-\x3a\x3c-\x7e]*")  # key=value, no ';'/space
_ROOT = re.compile(r"1-[0-9a-fA-F]{8}-[0-9a-fA-F]{24}")
_PARENT = re.compile(r"[0-9a-fA-F]{16}")

# (raw environment value, the header to send or None): one entry, replaced as a whole, so
# threads read a consistent pair without a lock; a Lambda invocation has one value.
_last: tuple[str | None, str | None] = (None, None)


@lru_cache(maxsize=256)
def is_trace_header(value: str) -> bool:
    """Whether `value` is an X-Ray trace header EventBridge accepts as `TraceHeader`."""
    if not 1 <= len(value) <= MAX_TRACE_HEADER_CHARS or not value.isascii():
        return False
    fields = {}
    for part in value.split(";"):
        if not _FIELD.fullmatch(part):
            return False
        key, _, field_value = part.partition("=")
        fields[key] = field_value
    root = fields.get("Root")
    parent = fields.get("Parent")
    return (
        root is not None
        and _ROOT.fullmatch(root) is not None
        and (parent is None or _PARENT.fullmatch(parent) is not None)
    )


def environment_trace_header() -> str | None:
    """The Lambda trace header from `_X_AMZN_TRACE_ID`, or None (unset or not X-Ray format)."""
    global _last
    raw = os.environ.get(TRACE_ENV)
    if not raw:
        return None
    last_raw, last = _last
    if raw == last_raw:
        return last
    header = raw if is_trace_header(raw) else None
    if header is None:
        import logging  # only on this rare path

        # The library's NullHandler (see eventkit/__init__.py): no last-resort printing.
        library = logging.getLogger("eventkit")
        if not any(isinstance(h, logging.NullHandler) for h in library.handlers):
            library.addHandler(logging.NullHandler())
        logging.getLogger("eventkit.publishing").warning(
            "%s is not an X-Ray trace header (%d characters); events are published without "
            "a TraceHeader",
            TRACE_ENV,
            len(raw),
        )
    _last = (raw, header)
    return header


def check_trace_header(value: str) -> None:
    """Refuse an explicit `trace_header` EventBridge would not take (nothing is sent)."""
    if isinstance(value, str) and is_trace_header(value):  # bytes or a number: refused too
        return
    problem = (
        f"must be an X-Ray trace header of 1-{MAX_TRACE_HEADER_CHARS} characters "
        "(Root=1-<8 hex>-<24 hex>[;Parent=<16 hex>][;Sampled=1])"
    )
    raise EventValidationError(
        f"trace_header {problem}, got {value[:60]!r}" + ("..." if len(value) > 60 else "")
        if isinstance(value, str)
        else f"trace_header {problem}, got {type(value).__name__} {value!r:.60}",
        hint='omit it to use the Lambda trace (_X_AMZN_TRACE_ID), or pass "" to send none',
        errors=[{"type": "trace_header", "loc": ("trace_header",), "msg": problem, "input": value}],
    )
