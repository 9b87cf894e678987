"""`SchemaVersion.line_of(pointer)`: the line of a JSON pointer in the file text."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from eventkit.json_pointer import duplicate_keys, pointer_lines
from eventkit.registry import load_registry

from ._build import build

TEXT = """{
  "$schema": "https://json-schema.org/draft/2020-12/schema",
  "title": "T", "description": "D",
  "type": "object",
  "properties": {
    "a/b": {"type": "string"},
    "til~de": {
      "type": "array",
      "items": [
        {"type": "integer"},

        {"type": "string", "description": "with \\"quotes\\" and {braces} [and] , commas: ok"}
      ]
    },
    "": {"type": "null"}
  },
  "examples": [{"a/b": "x"}, {"a/b": "y"}]
}
"""


@pytest.mark.parametrize(
    ("pointer", "line"),
    [
        ("", 1),
        ("#", 1),
        ("/$schema", 2),
        ("/title", 3),
        ("/description", 3),
        ("/properties", 5),
        ("/properties/a~1b", 6),
        ("/properties/a~1b/type", 6),
        ("/properties/til~0de", 7),
        ("/properties/til~0de/items", 9),
        ("/properties/til~0de/items/0", 10),
        ("/properties/til~0de/items/1", 12),
        ("/properties/til~0de/items/1/description", 12),
        ("/properties/", 15),
        ("/examples/1/a~1b", 17),
        ("#/properties/a~1b", 6),
        ("#/properties/til~0de/items/1", 12),
        ("#/properties/a~1b/type", 6),
    ],
)
def test_line_of(tmp_path: Path, pointer: str, line: int) -> None:
    registry = load_registry(build(tmp_path, {"s/E/1.0.0.json": TEXT}))
    assert registry.event("s/E").latest.line_of(pointer) == line


@pytest.mark.parametrize("pointer", ["/nope", "/properties/a~1b/format", "/examples/2", "/type/x"])
def test_line_of_a_missing_pointer_is_none(tmp_path: Path, pointer: str) -> None:
    registry = load_registry(build(tmp_path, {"s/E/1.0.0.json": TEXT}))
    assert registry.event("s/E").latest.line_of(pointer) is None


def test_percent_encoded_fragment() -> None:
    text = '{\n"a b": {\n"c%d": 1}}'
    lines = pointer_lines(text)
    assert lines["/a b/c%d"] == 3


def test_every_pointer_of_a_compact_document_is_on_line_one() -> None:
    value = {"a": [1, {"b": None}], "c": {"d": "e"}}
    lines = pointer_lines(json.dumps(value))
    assert lines == {"": 1, "/a": 1, "/a/0": 1, "/a/1": 1, "/a/1/b": 1, "/c": 1, "/c/d": 1}


def test_duplicate_keys_found_with_lines() -> None:
    assert duplicate_keys('{"a": 1,\n "b": {"c": 1,\n "c": 2},\n "a": 3}') == [
        ("/b/c", 3),
        ("/a", 4),
    ]
