"""When `EventBridgeTransport` cannot create its boto3 client (no Region, an unknown profile),
nothing was sent: every event is reported not delivered, `maybe_delivered=False`, with
botocore's error as the code and a hint about the Region. It was reported "of unknown outcome,
maybe delivered", which tells the caller to deduplicate or check by hand for nothing."""

from __future__ import annotations

import pytest

from eventkit.errors import PublishRequestError
from eventkit.publishing import EventBus
from eventkit.transports import EventBridgeTransport
from tests.publish._events import OrderPlacedV1


def _orders(n: int) -> list[OrderPlacedV1]:
    return [OrderPlacedV1(order_id=f"o-{i}", total_cents=1) for i in range(n)]


@pytest.mark.parametrize(
    ("variable", "value", "code"),
    [("AWS_DEFAULT_REGION", None, "NoRegionError"), ("AWS_PROFILE", "nope", "ProfileNotFound")],
)
def test_no_client_means_nothing_was_sent(
    monkeypatch: pytest.MonkeyPatch, variable: str, value: str | None, code: str
) -> None:
    if value is None:
        monkeypatch.delenv(variable)
    else:
        monkeypatch.setenv(variable, value)
    bus = EventBus("shop-events", transport=EventBridgeTransport(), producer="orders")
    with pytest.raises(PublishRequestError) as info:
        bus.publish_batch(_orders(12))
    error = info.value
    assert (error.error_code, error.maybe_delivered) == (code, False)
    assert error.unknown == ()
    assert [f.error_code for f in error.failed] == [code] * 10 + ["NotSent"] * 2
    assert "Region" in (error.hint or "")
