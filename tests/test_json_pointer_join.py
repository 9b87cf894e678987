"""`join_pointer` builds what RFC 6901 says for any tokens: each escaped by `escape_token`
(`~` first, then `/`) and appended after a `/`; `split_pointer` gives the tokens back.

The reference below is the earlier one-line definition (a generator over `escape_token`),
which the loop in `join_pointer` replaced for speed: both must agree on every input."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from eventkit.json_pointer import escape_token, join_pointer, split_pointer


def _reference(pointer: str, *tokens: Any) -> str:
    return pointer + "".join("/" + escape_token(t) for t in tokens)


# Text rich in the two escaped characters and in what looks like an escape already.
_TEXT = st.lists(st.sampled_from(["~", "/", "0", "1", "~0", "~1", "a", "é", " "])).map("".join)
_TOKENS = st.lists(
    st.one_of(_TEXT, st.text(), st.integers(), st.booleans(), st.floats(allow_nan=False)),
    max_size=6,
)


@settings(max_examples=600, deadline=None)
@given(st.one_of(_TEXT, st.text()), _TOKENS)
def test_join_is_the_escaped_tokens_after_the_pointer(pointer: str, tokens: list[Any]) -> None:
    joined = join_pointer(pointer, *tokens)
    assert joined == _reference(pointer, *tokens)
    assert type(joined) is str


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(_TEXT, st.text()), max_size=6))
def test_split_gives_the_joined_tokens_back(tokens: list[str]) -> None:
    assert split_pointer(join_pointer("", *tokens)) == tokens


def test_examples() -> None:
    assert join_pointer("") == ""
    assert join_pointer("/a") == "/a"
    assert join_pointer("", "properties", "a/b", 0) == "/properties/a~1b/0"
    assert join_pointer("/x", "~1", "~/") == "/x/~01/~0~1"
    assert join_pointer("#", True) == "#/True"


def test_a_pointer_that_is_not_text_fails_as_before() -> None:
    for tokens in [(), ("a",)]:
        with pytest.raises(TypeError) as new:
            join_pointer(None, *tokens)  # type: ignore[arg-type]
        with pytest.raises(TypeError) as old:
            _reference(None, *tokens)  # type: ignore[arg-type]
        assert str(new.value) == str(old.value)


class _Text(str):
    """Text of a subclass, which `str()` hands back as it is."""

    def __radd__(self, other: str) -> str:
        return other + "<" + str.__str__(self) + ">"


class _Named:
    def __init__(self, text: str) -> None:
        self.text = text

    def __str__(self) -> str:
        return _Text(self.text)


@settings(max_examples=200, deadline=None)
@given(st.lists(_TEXT.map(_Named), max_size=4))
def test_tokens_whose_text_is_a_subclass_join_as_before(tokens: list[_Named]) -> None:
    joined = join_pointer("/r", *tokens)  # type: ignore[arg-type]  # any object with text
    assert joined == _reference("/r", *tokens)
    assert type(joined) is str


class _Loud:
    def __str__(self) -> str:
        raise ValueError("no text")


def test_a_token_without_text_fails_before_the_join() -> None:
    with pytest.raises(ValueError, match="no text"):
        join_pointer(None, "a", _Loud())  # type: ignore[arg-type]
