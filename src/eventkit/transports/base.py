"""The transport seam: one PutEvents request in, one result per entry out."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple, Protocol, runtime_checkable

__all__ = ["BaseTransport", "EntryResult", "SendResult", "Transport"]


class EntryResult(NamedTuple):
    """The outcome of one entry: an EventBridge event id, or an error code and message."""

    event_id: str | None = None
    error_code: str | None = None
    error_message: str | None = None

    @property
    def ok(self) -> bool:
        return self.error_code is None and self.event_id is not None


@dataclass(frozen=True, slots=True)
class SendResult:
    """Per-entry results of one request, in the order the entries were sent.

    `maybe_delivered`: an earlier attempt of this request may have been processed although
    no answer came back (the SDK retried after a read timeout or a dropped connection), so
    the entries this answer reports failed may be on the bus all the same.
    """

    entries: tuple[EntryResult, ...]
    maybe_delivered: bool = False

    @property
    def failed_count(self) -> int:
        return sum(1 for e in self.entries if not e.ok)


@runtime_checkable
class Transport(Protocol):
    """Sends one PutEvents request (at most 10 entries, within the size limit).

    `send` returns one `EntryResult` per entry. A failure of the whole request (unknown
    bus, validation, throttling after the SDK's own retries, network) is raised as
    `eventkit.errors.PublishRequestError` (or its subclass `BusNotFoundError`).

    Any object with these two methods is a transport; subclass `Transport` to inherit the
    `close` that does nothing.
    """

    def send(self, entries: Sequence[Mapping[str, Any]]) -> SendResult: ...

    def close(self) -> None:
        """Release resources (clients, connections). Idempotent."""
        return None


# The former name of the subclassable base; the same interface.
BaseTransport = Transport
