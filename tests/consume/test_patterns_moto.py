"""router.event_patterns() on moto_server's EventBridge: a real rule delivers to SQS exactly
the events the router hands to a handler (versions written as the bare major included).

Prefix and exact string matching are among the operators moto agrees with AWS on
(EVENTBRIDGE_FACTS.md section 3); eventkit's matcher must give the same verdicts.
"""

from __future__ import annotations

import json
import uuid

import pytest

from eventkit.errors import DispatchError
from eventkit.patterns import matches
from eventkit.routing import Router, UpcasterRegistry
from eventkit.testing import MotoServer, provision_bus, receive_events
from tests.consume.events import eb_event
from tests.consume.models import OrderPlacedV1, order_v1

pytestmark = pytest.mark.moto

VERSIONS = ["1", "1.", "1.0.0", "1.2.3-rc.1", "10.0.0", "11", "01.0.0", "2.0.0", "1-rc", "0"]


def handled(router: Router, version: str) -> bool:
    event = eb_event(order_v1())
    event["detail"]["metadata"]["version"] = version
    try:
        router.dispatch(event)
    except DispatchError:
        return False
    return True


def test_the_rule_delivers_exactly_the_versions_the_router_routes(moto_server: MotoServer) -> None:
    router = Router(name="orders", upcasters=UpcasterRegistry(), unhandled="fail")
    router.on(OrderPlacedV1)(lambda order: None)
    (pattern,) = router.event_patterns()
    events, sqs = moto_server.client("events"), moto_server.client("sqs")
    bus = f"versions-{uuid.uuid4().hex[:8]}"
    inbox = provision_bus(events, sqs, bus, {"orders": pattern})["orders"]
    sent = []
    for version in VERSIONS:
        event = eb_event(order_v1())
        event["detail"]["metadata"]["version"] = version
        sent.append(event)
    for start in range(0, len(sent), 10):
        response = events.put_events(
            Entries=[
                {
                    "Source": e["source"],
                    "DetailType": e["detail-type"],
                    "Detail": json.dumps(e["detail"]),
                    "EventBusName": bus,
                }
                for e in sent[start : start + 10]
            ]
        )
        assert response["FailedEntryCount"] == 0

    wanted = {v for v in VERSIONS if handled(router, v)}
    assert {"1", "1.0.0"} <= wanted
    assert "10.0.0" not in wanted
    delivered = receive_events(sqs, inbox.queue_url, expected=len(wanted), timeout=3)
    assert {e["detail"]["metadata"]["version"] for e in delivered} == wanted
    assert {e["detail"]["metadata"]["version"] for e in sent if matches(pattern, e)} == wanted
