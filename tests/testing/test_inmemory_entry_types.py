"""Hand-built PutEvents entries with wrong types get an error, as botocore gives one before
sending (ParamValidationError), not an AttributeError or UnicodeEncodeError out of the
in-memory EventBridge's size count; nothing is recorded or delivered."""

from __future__ import annotations

from typing import Any

import pytest

from eventkit.errors import PublishRequestError
from eventkit.testing import InMemoryEventBridge


def base(**overrides: Any) -> dict[str, Any]:
    return {"Source": "shop.orders", "DetailType": "T", "Detail": "{}", **overrides}


@pytest.mark.parametrize(
    ("entry", "field"),
    [
        (base(Source=5), "Entries[0].Source"),
        (base(DetailType=["T"]), "Entries[0].DetailType"),
        (base(Detail={"a": 1}), "Entries[0].Detail"),
        (base(Resources=[1]), "Entries[0].Resources[0]"),
        (base(Resources="arn:aws:s3:::b"), "Entries[0].Resources"),
        ("not an entry", "Entries[0]"),
    ],
)
def test_wrong_types_are_a_request_error(entry: Any, field: str) -> None:
    bridge = InMemoryEventBridge()
    bridge.put_rule("all", {"source": ["shop.orders"]})
    with pytest.raises(PublishRequestError) as info:
        bridge.put_events([entry])
    assert info.value.error_code == "ParamValidationError"
    assert field in str(info.value)
    assert bridge.deliveries == []


def test_a_lone_surrogate_is_counted_not_a_crash() -> None:
    bridge = InMemoryEventBridge()
    bridge.put_rule("all", {"source": ["shop.orders"]})
    (result,) = bridge.put_events([base(Detail='{"a": "\\udc80"}', Resources=["\udc80"])]).entries
    assert result.ok
