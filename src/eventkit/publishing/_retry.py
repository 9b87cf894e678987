"""Per-entry retry policy: exponential backoff with full jitter, bounded attempts."""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from eventkit.errors import SettingError

__all__ = ["RetryPolicy"]


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """How the bus resends entries that failed with a retryable code.

    Attributes:
        max_attempts: sends per entry, the first included (1 = never resend).
        base_delay: seconds before the first resend (doubled each time, then capped).
        max_delay: the cap on one wait, in seconds.
        jitter: "full" jitter (a uniform wait in [0, delay]) to spread resends of many
            producers; False waits exactly the delay (tests).
        sleep: the function that waits (injectable for tests).
    """

    max_attempts: int = 5
    base_delay: float = 0.1
    max_delay: float = 3.0
    jitter: bool = True
    sleep: Callable[[float], None] = field(default=time.sleep, repr=False, compare=False)

    def __post_init__(self) -> None:
        attempts = self.max_attempts
        if isinstance(attempts, bool) or not isinstance(attempts, int) or attempts < 1:
            raise SettingError(
                f"RetryPolicy: max_attempts must be a whole number, at least 1; got {attempts!r:.60}",
                setting="max_attempts",
                value=repr(attempts),
            )
        for name in ("base_delay", "max_delay"):
            delay = getattr(self, name)
            if isinstance(delay, bool) or not isinstance(delay, int | float) or not delay >= 0:
                raise SettingError(
                    f"RetryPolicy: {name} must be a number of seconds, not negative; "
                    f"got {delay!r:.60}",
                    setting=name,
                    value=repr(delay),
                )

    def delay(self, attempt: int) -> float:
        """Seconds to wait after failed attempt number `attempt` (1-based)."""
        cap = min(self.max_delay, self.base_delay * (2 ** (attempt - 1)))
        return random.uniform(0.0, cap) if self.jitter else cap

    def wait(self, attempt: int) -> None:
        seconds = self.delay(attempt)
        if seconds > 0:
            self.sleep(seconds)
