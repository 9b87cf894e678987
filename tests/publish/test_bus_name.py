"""`EventBus(name)` refuses a name it cannot send to with a `PublishRequestError` (code
`publish-request`, AWS's `ValidationException`): an empty or over-long name, and a name that
is no str at all, e.g. `EventBus(os.environ.get("EVENT_BUS"))` with the variable unset (that
one was a TypeError from `len(None)`)."""

from __future__ import annotations

import os
from typing import Any

import pytest

from eventkit.errors import PublishRequestError
from eventkit.publishing import EventBus
from eventkit.transports.memory import InMemoryTransport


@pytest.mark.parametrize("name", [None, 5, b"shop-events", "", "b" * 1601])
def test_a_bus_name_eventbridge_would_refuse_is_refused_at_once(name: Any) -> None:
    with pytest.raises(PublishRequestError) as info:
        EventBus(name, transport=InMemoryTransport())
    assert info.value.code == "publish-request"
    assert info.value.error_code == "ValidationException"
    assert "event bus name" in str(info.value)


def test_a_bus_named_from_an_unset_variable_says_so(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("EVENT_BUS", raising=False)
    with pytest.raises(PublishRequestError, match="got None"):
        EventBus(os.environ.get("EVENT_BUS"), transport=InMemoryTransport())  # type: ignore[arg-type]
