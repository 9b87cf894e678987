"""A Lambda invoked with something that is no event (`null`, an array, a number) is told what it
got in JSON's words: 'got null', not Python's 'got a NoneType' or the ungrammatical 'got a
array'."""

from __future__ import annotations

from typing import Any

import pytest

from eventkit.errors import EventParseError
from eventkit.routing import Router


@pytest.mark.parametrize(
    ("payload", "said"),
    [
        (None, "got null"),
        ([1, 2], "got an array"),
        (5, "got a number"),
        (1.5, "got a number"),
        ("text", "got a string"),
        (True, "got a boolean"),
    ],
)
def test_what_arrived_is_named_as_json_names_it(payload: Any, said: str) -> None:
    with pytest.raises(EventParseError) as info:
        Router()(payload, None)
    assert info.value.reason == "not-an-object"
    assert str(info.value).endswith(said)
