"""`eventbridge_event(..., time=...)` gives the `time` EventBridge would deliver had the event
been published with that `Time` through boto3: a datetime without a zone is UTC (botocore's
rule), so a handler test reads the same time on every machine, whatever its local zone."""

from __future__ import annotations

import datetime as dt

import pytest
from shop_events.orders import OrderCancelledV1

from eventkit.testing import InMemoryEventBridge, build, eventbridge_event, sqs_record
from eventkit.testing.lambda_events import envelope

pytestmark = pytest.mark.usefixtures("away_from_utc")  # tests/testing/conftest.py

NAIVE = dt.datetime(2026, 3, 1, 9, 30, 5)


def test_a_naive_time_is_utc_as_in_put_events() -> None:
    event = eventbridge_event(build(OrderCancelledV1), time=NAIVE)
    assert event["time"] == "2026-03-01T09:30:05Z"  # was 04:00:05Z in Asia/Kolkata
    bridge = InMemoryEventBridge()
    bridge.put_events([{"Source": "a.b", "DetailType": "T", "Detail": "{}", "Time": NAIVE}])
    assert bridge.events()[0]["time"] == event["time"]


def test_an_aware_time_is_converted_and_the_sqs_body_carries_it() -> None:
    aware = NAIVE.replace(tzinfo=dt.timezone(dt.timedelta(hours=-5)))
    assert envelope("a.b", "T", {}, time=aware)["time"] == "2026-03-01T14:30:05Z"
    record = sqs_record(eventbridge_event(build(OrderCancelledV1), time=NAIVE))
    assert '"time": "2026-03-01T09:30:05Z"' in record["body"]
