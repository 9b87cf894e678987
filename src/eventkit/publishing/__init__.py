"""Publishing typed events to EventBridge, and knowing for every one whether it arrived.

`EventBus.publish_batch` validates every event and wraps it in the envelope, refuses an event
over the size limit before anything is sent, chunks by the PutEvents limits, resends only
entries that failed with a retryable code, and raises a `PublishError` listing each event not
delivered. Never drops silently. Importing this package imports no boto3.

Example:
    ```python
    from eventkit.publishing import EventBus

    bus = EventBus("shop-events", producer="orders-service")
    bus.publish(OrderPlacedV1(order_id="o-1"))
    ```
"""

from eventkit.publishing._bus import EventBus, PublishOptions
from eventkit.publishing._delivery import DeliveredEntry, FailedEntry, PreparedEvent, PublishResult
from eventkit.publishing._retry import RetryPolicy

__all__ = [
    "DeliveredEntry",
    "EventBus",
    "FailedEntry",
    "PreparedEvent",
    "PublishOptions",
    "PublishResult",
    "RetryPolicy",
]
