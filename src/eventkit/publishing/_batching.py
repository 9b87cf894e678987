"""Split PutEvents entries into requests: at most 10 entries and within the size limit
(a request's total must be *less than* the limit, as AWS states it)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeVar

from eventkit.transports.limits import MAX_ENTRIES_PER_REQUEST, within_limit

__all__ = ["chunk"]

T = TypeVar("T")


def chunk(
    items: Sequence[T],
    sizes: Sequence[int],
    *,
    max_bytes: int,
    max_entries: int = MAX_ENTRIES_PER_REQUEST,
) -> list[list[T]]:
    """Greedy, order-preserving split. Every single size must already be < max_bytes."""
    chunks: list[list[T]] = []
    current: list[T] = []
    total = 0
    for item, size in zip(items, sizes, strict=True):
        if current and (len(current) == max_entries or not within_limit(total + size, max_bytes)):
            chunks.append(current)
            current, total = [], 0
        current.append(item)
        total += size
    if current:
        chunks.append(current)
    return chunks
