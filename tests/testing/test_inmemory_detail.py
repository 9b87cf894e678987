"""InMemoryEventBridge reads `Detail` as AWS does: only a JSON object is an event.

AWS answers `MalformedDetail` for a Detail that is not a JSON object (EVENTBRIDGE_FACTS.md
2.3) and requires its integers to fit in signed 64 bits (2.1); `NaN` / `Infinity` are not
JSON (Python's json, and so moto, read them). Nesting beyond Python's parser was a
RecursionError out of `put_events`; it is a per-entry `MalformedDetail` now.
"""

from __future__ import annotations

import pytest

from eventkit.testing import InMemoryEventBridge

DEEP = '{"a": ' + "[" * 100_000 + "]" * 100_000 + "}"


@pytest.mark.parametrize(
    "detail",
    [
        '{"price": NaN}',
        '{"price": Infinity}',
        '{"price": -Infinity}',
        '{"id": 9223372036854775808}',
        '{"id": -9223372036854775809}',
        '{"id": ' + "9" * 5000 + "}",
        DEEP,
    ],
    ids=["nan", "inf", "-inf", "int64+1", "int64-1", "5000-digits", "deep"],
)
def test_detail_aws_would_refuse_is_malformed_detail(detail: str) -> None:
    bridge = InMemoryEventBridge()
    bridge.put_rule("all", {"source": ["shop.orders"]})
    rule_for_deep = {"detail": {"a": [{"exists": True}]}}
    bridge.put_rule("deep", rule_for_deep)
    bridge.fail_entries("InternalFailure", match={"detail": {"a": ["x"]}})  # reads Detail too
    result = bridge.put_events(
        [
            {"Source": "shop.orders", "DetailType": "OrderPlaced", "Detail": detail},
            {"Source": "shop.orders", "DetailType": "OrderPlaced", "Detail": '{"ok": 1}'},
        ]
    )
    bad, good = result.entries
    assert bad.error_code == "MalformedDetail"
    assert good.error_code is None
    assert [d.rule for d in bridge.deliveries] == ["all"]


def test_the_int64_bounds_themselves_are_accepted() -> None:
    bridge = InMemoryEventBridge()
    bridge.put_rule("all", {"detail": {"id": [{"exists": True}]}})
    for value in (2**63 - 1, -(2**63)):
        (result,) = bridge.put_events(
            [{"Source": "shop.orders", "DetailType": "T", "Detail": f'{{"id": {value}}}'}]
        ).entries
        assert result.error_code is None
    assert len(bridge.rule("all").deliveries) == 2
