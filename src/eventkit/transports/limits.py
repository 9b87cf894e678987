"""PutEvents limits and the request-size formula (docs: "Calculating PutEvents event entry size").

Facts of the PutEvents API, the transport seam: the bus obeys them (to chunk and to refuse
oversize events before sending) and the in-memory EventBridge enforces them (to answer as AWS
does), so they live with the transports, below both.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

__all__ = [
    "DEFAULT_MAX_REQUEST_BYTES",
    "MAX_BUS_NAME_CHARS",
    "MAX_DETAIL_TYPE_CHARS",
    "MAX_ENTRIES_PER_REQUEST",
    "MAX_TRACE_HEADER_CHARS",
    "PUT_EVENTS_BUS_NAME",
    "RETRYABLE_ENTRY_CODES",
    "RETRYABLE_REQUEST_CODES",
    "TIME_BYTES",
    "entry_size",
    "is_put_events_bus_name",
    "within_limit",
]

MAX_ENTRIES_PER_REQUEST = 10
# What PutEvents takes as an entry's EventBusName (botocore's model: NonPartnerEventBusNameOrArn,
# 1-1600 characters): a bus name or an event-bus ARN. Anything else is refused as a whole request
# (ValidationException) before any bus is looked up.
PUT_EVENTS_BUS_NAME = re.compile(
    r"(arn:aws[\w-]*:events:[a-z]+-[a-z]+-[\w-]+:[0-9]{12}:event-bus/)?[.\-_A-Za-z0-9]+", re.ASCII
)
MAX_BUS_NAME_CHARS = 1600
# The current documented limit: "the total entry size must be less than 1MB" (botocore 1.44
# PutEvents doc; 256 KB until January 2026). "Less than": a request of exactly this many bytes
# is refused (`within_limit`). Configurable on EventBus for partitions that still have 256 KB.
DEFAULT_MAX_REQUEST_BYTES = 1024 * 1024
MAX_DETAIL_TYPE_CHARS = 128
MAX_TRACE_HEADER_CHARS = 500  # PutEventsRequestEntry.TraceHeader: 1-500 characters
TIME_BYTES = 14  # a set `Time` counts 14 bytes
RETRYABLE_ENTRY_CODES = frozenset({"InternalFailure", "ThrottlingException"})
# Whole-request error codes worth retrying later (botocore retried them already): the
# EventBridge transport and the in-memory EventBridge report `retryable` from this one set.
RETRYABLE_REQUEST_CODES = frozenset(
    {
        "ThrottlingException",
        "Throttling",
        "TooManyRequestsException",
        "RequestLimitExceeded",
        "InternalException",
        "InternalFailure",
        "InternalServerError",
        "ServiceUnavailable",
        "ServiceUnavailableException",
    }
)


def within_limit(size: int, limit: int) -> bool:
    """Whether `size` bytes fit a PutEvents size `limit`: AWS says "less than", not "at most"."""
    return size < limit


def entry_size(entry: Mapping[str, Any]) -> int:
    """Size of one PutEvents entry by AWS's formula.

    `Time` counts 14 bytes if set; `Source`, `DetailType`, `Detail` and each `Resources`
    item count their UTF-8 bytes; `EventBusName` and `TraceHeader` do not count.
    """
    size = TIME_BYTES if entry.get("Time") is not None else 0
    for key in ("Source", "DetailType", "Detail"):
        value = entry.get(key)
        if value:
            size += _utf8_bytes(value)
    for resource in entry.get("Resources") or ():
        size += _utf8_bytes(resource)
    return size


def _utf8_bytes(text: str) -> int:
    # A lone surrogate (valid in JSON text as an escape) cannot be UTF-8 encoded; counted as
    # the 3 bytes of its code unit rather than crashing the count.
    return len(text.encode("utf-8", "surrogatepass"))


def is_put_events_bus_name(name: str) -> bool:
    """Whether PutEvents accepts `name` as an EventBusName (`PUT_EVENTS_BUS_NAME`, 1-1600)."""
    return len(name) <= MAX_BUS_NAME_CHARS and PUT_EVENTS_BUS_NAME.fullmatch(name) is not None
