"""What an action raises, as a comparable value: the tests that hold a hand-written class to the
dataclass it replaces compare the errors both give."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


def error_of(action: Callable[[], Any]) -> tuple[type[BaseException], str] | None:
    """The class and message of the exception `action()` raises, or None if it returns."""
    try:
        action()
    except Exception as exc:
        return type(exc), str(exc)
    return None
