"""router.event_patterns(): the rules deliver exactly the events the router handles.

Checked with the in-memory bus's pattern matcher (eventkit.patterns, the one the AWS
conformance corpus judges), over every combination of the sources, detail-types and versions
in play: a pattern matches an event if and only if the router would hand it to a handler.
"""

from __future__ import annotations

import itertools
from typing import Any

import pytest

from eventkit.errors import EventParseError, RoutingError, UnroutableEventError
from eventkit.patterns import matches, validate_pattern
from eventkit.routing import Router, UpcasterRegistry
from tests.consume.events import envelope
from tests.consume.models import (
    EC2InstanceStateChangeNotification,
    OrderCancelledV1,
    OrderPlacedV2,
    OrderPlacedV3,
    PaymentCapturedV1,
)
from tests.consume.test_upcast import v2_to_v3


def make_router() -> Router:
    registry = UpcasterRegistry()
    registry(OrderPlacedV2, OrderPlacedV3)(v2_to_v3)  # so major 2 is handled too, upcast
    router = Router(upcasters=registry)
    router.on(OrderPlacedV3)(lambda e: None)
    router.on(OrderCancelledV1)(lambda e: None)
    router.on(PaymentCapturedV1)(lambda e: None)
    router.on(EC2InstanceStateChangeNotification)(lambda e: None)
    return router


def test_patterns_are_minimal_and_deterministic() -> None:
    assert make_router().event_patterns() == [
        {
            "source": ["aws.ec2"],
            "detail-type": ["EC2 Instance State-change Notification"],
        },
        {
            "source": ["shop.orders"],
            "detail-type": ["OrderCancelled"],
            "detail": {"metadata": {"version": [{"prefix": "1."}, "1"]}},
        },
        {
            "source": ["shop.orders"],
            "detail-type": ["OrderPlaced"],
            "detail": {"metadata": {"version": [{"prefix": "2."}, {"prefix": "3."}, "2", "3"]}},
        },
        {
            "source": ["shop.payments"],
            "detail-type": ["PaymentCaptured"],
            "detail": {"metadata": {"version": [{"prefix": "1."}, "1"]}},
        },
    ]


def test_detail_types_sharing_source_and_majors_share_a_pattern() -> None:
    router = Router(upcasters=UpcasterRegistry())
    router.on(OrderCancelledV1)(lambda e: None)
    router.on(OrderPlacedV2)(lambda e: None)
    router.on(PaymentCapturedV1)(lambda e: None)
    patterns = router.event_patterns()
    assert len(patterns) == 3  # OrderCancelled is major 1 and OrderPlaced major 2: apart
    router2 = Router(upcasters=UpcasterRegistry())
    router2.on(OrderCancelledV1)(lambda e: None)
    router2.on(EC2InstanceStateChangeNotification)(lambda e: None)
    assert [p["source"] for p in router2.event_patterns()] == [["aws.ec2"], ["shop.orders"]]


def _universe() -> list[dict[str, Any]]:
    """Events around the router's edges: other sources, types, majors, look-alike versions."""
    sources = ["shop.orders", "shop.payments", "aws.ec2", "shop.orders.eu"]
    detail_types = [
        "OrderPlaced",
        "OrderCancelled",
        "PaymentCaptured",
        "EC2 Instance State-change Notification",
        "orderplaced",
    ]
    versions = ["1.0.0", "1.4.2", "2.0.0", "2.1.0", "3.0.0", "4.0.0", "10.0.0", "21.0.0", "0.9.0"]
    # the router routes on the text before the first dot: a bare major is routed too
    versions += ["1", "2", "3", "10", "01.0.0", "1-rc.1", "2.", " 1.0.0"]
    events = []
    for source, detail_type, version in itertools.product(sources, detail_types, versions):
        detail = {"metadata": {"version": version}, "data": {}}
        events.append(envelope(source, detail_type, detail))
    for source, detail_type in itertools.product(sources, detail_types):
        events.append(envelope(source, detail_type, {"instance-id": "i-1", "state": "running"}))
    return events


def _routed(router: Router, event: dict[str, Any]) -> bool:
    """Would the router hand this event to a handler (rather than ignore or refuse it)?"""
    routes = router.routes().get((event["source"], event["detail-type"]))
    if routes is None:
        return False
    if routes.foreign:
        return True
    version = event["detail"].get("metadata", {}).get("version")
    return isinstance(version, str) and version.partition(".")[0] in routes.by_major


def test_each_pattern_matches_exactly_what_the_router_handles() -> None:
    router = make_router()
    patterns = router.event_patterns()
    for pattern in patterns:
        validate_pattern(pattern)
    combined = router.event_pattern()
    validate_pattern(combined)
    universe = _universe()
    wanted = [e for e in universe if _routed(router, e)]
    assert 10 < len(wanted) < len(universe)  # the universe has both kinds
    for event in universe:
        matching = [p for p in patterns if matches(p, event)]
        assert len(matching) == (1 if _routed(router, event) else 0), event
        assert matches(combined, event) == _routed(router, event), event


def test_every_handled_event_is_dispatched_and_nothing_else() -> None:
    """What the patterns let through, the router routes (then fails on the bare envelope)."""
    router = make_router()
    router.unhandled = "fail"
    for event in _universe():
        routes = router.routes().get((event["source"], event["detail-type"]))
        if not _routed(router, event):
            if routes is None:
                with pytest.raises(UnroutableEventError):
                    router.dispatch(event)
            continue
        if routes is not None and routes.foreign and "instance-id" in event["detail"]:
            router.dispatch(event)
        else:
            with pytest.raises(EventParseError):  # the envelope is bare, but it was routed
                router.dispatch(event)


def test_a_router_without_handlers_has_no_patterns() -> None:
    router = Router(upcasters=UpcasterRegistry())
    assert router.event_patterns() == []
    with pytest.raises(RoutingError):
        router.event_pattern()
