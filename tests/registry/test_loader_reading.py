"""What the loader's reading and walking return, pinned against plain reference versions.

`read_regular_file` sizes its first read from `fstat`, `schema_nodes` skips nodes without an
applicator in one test, a folder's entries are sorted by name, `parse_json` looks for a
backslash before its surrogate-escape regex and `control_characters` skips printable text:
each must give exactly what the plain version gave.
"""

from __future__ import annotations

import json
import os
import unicodedata
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from eventkit.registry import (
    FileRefusal,
    JsonSyntaxError,
    parse_json,
    read_regular_file,
    scan_registry,
    schema_nodes,
)
from eventkit.registry._names import control_characters
from eventkit.registry._walk import SUBSCHEMA_KINDS

# -- read_regular_file -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "size", [0, 1, 2, 511, 4096, 65535, 65536, 65537, 99_999, 100_000, 100_001, 250_000]
)
@pytest.mark.parametrize("limit", [0, 1, 65536, 100_000])
def test_read_regular_file_returns_the_first_limit_plus_one_bytes(
    tmp_path: Path, size: int, limit: int
) -> None:
    data = os.urandom(size)
    path = tmp_path / "f.json"
    path.write_bytes(data)
    assert read_regular_file(path, limit) == data[: limit + 1]


def test_read_regular_file_reads_past_a_size_that_is_too_small(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A regular file whose `st_size` says less than it holds (procfs-like) is still read whole."""
    data = b"x" * 200_000
    path = tmp_path / "grown.json"
    path.write_bytes(data)
    real_fstat = os.fstat

    class _Small:
        def __init__(self, info: os.stat_result) -> None:
            self.st_mode = info.st_mode
            self.st_size = 0

    monkeypatch.setattr(os, "fstat", lambda fd: _Small(real_fstat(fd)))
    assert read_regular_file(path, 1_000_000) == data
    assert read_regular_file(path, 150_000) == data[:150_001]


def test_read_regular_file_follows_a_link_only_when_asked(tmp_path: Path) -> None:
    target = tmp_path / "target.json"
    target.write_bytes(b"{}")
    link = tmp_path / "link.json"
    link.symlink_to(target)
    assert read_regular_file(link, 10) == b"{}"
    with pytest.raises(FileRefusal) as refused:
        read_regular_file(link, 10, follow_symlinks=False)
    assert (refused.value.code, refused.value.kind) == ("unsafe-path", "a symbolic link")
    assert read_regular_file(target, 10, follow_symlinks=False) == b"{}"


def test_read_regular_file_names_what_a_special_file_is(tmp_path: Path) -> None:
    fifo = tmp_path / "1.0.0.json"
    os.mkfifo(fifo)
    for follow in (True, False):
        with pytest.raises(FileRefusal) as refused:
            read_regular_file(fifo, 10, follow_symlinks=follow)  # never blocks on the FIFO
        assert (refused.value.code, refused.value.kind) == ("special-file", "a FIFO (named pipe)")


# -- schema_nodes ------------------------------------------------------------------------------


def _plain_schema_nodes(root: Any) -> list[dict[str, Any]]:
    """The walk as it was before the leaf test (reference)."""
    if not isinstance(root, dict):
        return []
    nodes: list[dict[str, Any]] = []
    stack: list[dict[str, Any]] = [root]
    while stack:
        node = stack.pop()
        nodes.append(node)
        for key, value in node.items():
            kind = SUBSCHEMA_KINDS.get(key)
            if kind is None:
                continue
            if type(value) is dict:
                if kind in ("one", "one-or-list"):
                    stack.append(value)
                elif kind == "map":
                    stack.extend(v for v in value.values() if type(v) is dict)
            elif type(value) is list and kind in ("list", "one-or-list"):
                stack.extend(v for v in value if type(v) is dict)
    return nodes


_KEYS = st.sampled_from(
    [*SUBSCHEMA_KINDS, "type", "enum", "examples", "default", "const", "$ref", "x-a", "title"]
)
_SCALARS = st.none() | st.booleans() | st.integers() | st.text(max_size=3)
_VALUES = st.recursive(
    _SCALARS,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(_KEYS | st.text(max_size=3), inner, max_size=5)
    ),
    max_leaves=40,
)


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow])
@given(_VALUES)
def test_schema_nodes_visits_what_the_plain_walk_visits_in_its_order(root: Any) -> None:
    assert [id(n) for n in schema_nodes(root)] == [id(n) for n in _plain_schema_nodes(root)]


# -- folder order ------------------------------------------------------------------------------

_NAMES = st.lists(
    st.text(
        st.characters(codec="utf-8", exclude_characters="/\x00"),
        min_size=1,
        max_size=6,
    ).filter(lambda n: n not in (".", "..") and not n.startswith("_")),
    min_size=1,
    max_size=8,
    unique=True,
)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(_NAMES)
def test_services_come_in_the_order_of_their_sorted_paths(
    tmp_path_factory: Any, names: list[str]
) -> None:
    root: Path = tmp_path_factory.mktemp("reg")
    (root / "eventkit.toml").write_text('[registry]\nname = "r"\n', encoding="utf-8")
    made = []
    for name in names:
        try:
            (root / name).mkdir()
        except OSError:  # a name this file system refuses (too long in bytes, ...)
            continue
        made.append(root / name)
    registry, _ = scan_registry(root)
    expected = [
        p.name for p in sorted(made) if not p.name.startswith(".") and not p.name.endswith(".md")
    ]
    assert [service.name for service in registry.services] == expected


# -- parse_json's surrogate check --------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "pointer"),
    [
        ('{"a": "\\ud800"}', "/a"),
        ('{"a": ["x", "\\uDBFF y"]}', "/a/1"),
        ('{"\\udc00": 1}', "/\\udc00"),
    ],
)
def test_a_lone_surrogate_escape_is_still_refused(text: str, pointer: str) -> None:
    with pytest.raises(JsonSyntaxError) as caught:
        parse_json(text)
    assert caught.value.pointer == pointer
    assert caught.value.line == 1


@given(
    st.recursive(
        _SCALARS | st.floats(allow_nan=False, allow_infinity=False),
        lambda i: st.lists(i, max_size=3) | st.dictionaries(st.text(max_size=3), i, max_size=3),
        max_leaves=15,
    )
)
def test_json_without_lone_surrogates_parses_to_itself(value: Any) -> None:
    for ensure_ascii in (True, False):
        assert parse_json(json.dumps(value, ensure_ascii=ensure_ascii)) == value


# -- control characters ------------------------------------------------------------------------


def _plain_control_characters(text: str) -> list[str]:
    found = dict.fromkeys(
        f"U+{ord(c):04X}" for c in text if unicodedata.category(c) in ("Cc", "Zl", "Zp")
    )
    return list(found)


@settings(max_examples=500)
@given(st.text())
def test_control_characters_match_the_plain_scan(text: str) -> None:
    assert control_characters(text) == _plain_control_characters(text)


@pytest.mark.parametrize("text", ["a\x07b", "\x7f", "x\u2028", "\u2029", "\x85", "ok\tok"])
def test_control_characters_are_found_in_otherwise_printable_text(text: str) -> None:
    assert control_characters(text) == _plain_control_characters(text) != []
