"""`parse_json` with one shared decoder and `scan_registry`'s listing without an `lstat` per
plain entry, pinned against the plain versions.

`parse_json` decodes with one module-level decoder (integers converted in C, a hook that raises
for NaN, Infinity and overflowing floats) and parses again, recording every refused value, only
when that fails; the loader classifies a plain folder or file from the listing's entry type and
asks `lstat` (`entry_kind`) only for anything else. Each must give exactly what the plain
version gave: the same value, or the same error with the same line, column and pointer; the
same problems for every kind of entry.
"""

from __future__ import annotations

import json
import math
import os
import socket
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from eventkit.json_pointer import pointer_lines
from eventkit.registry import JsonSyntaxError, parse_json, scan_registry
from eventkit.registry._json import _first_unfit, _Unfit, escape_surrogates
from tests.registry._build import build, schema

# -- parse_json --------------------------------------------------------------------------------


def _plain_parse_json(text: str) -> Any:
    """`parse_json` as it was: hooks passed to `json.loads` on every call (reference)."""
    unfit: list[_Unfit] = []

    def refuse(why: str) -> _Unfit:
        unfit.append(_Unfit(why))
        return unfit[-1]

    def constant(name: str) -> Any:
        return refuse(f"{name} is not valid JSON (JSON has no NaN or Infinity)")

    def number(literal: str) -> Any:
        value = float(literal)
        if math.isinf(value):
            short = (
                literal if len(literal) <= 24 else f"{literal[:12]}...({len(literal)} characters)"
            )
            return refuse(f"number {short} is out of range (it would become infinity)")
        return value

    def integer(literal: str) -> Any:
        try:
            return int(literal)
        except ValueError:
            short = (
                literal if len(literal) <= 24 else f"{literal[:12]}...({len(literal)} characters)"
            )
            return refuse(f"integer {short} has too many digits for Python to read")

    try:
        value = json.loads(text, parse_constant=constant, parse_float=number, parse_int=integer)
    except json.JSONDecodeError as error:
        raise JsonSyntaxError(error.msg, error.lineno, error.colno) from None
    except RecursionError:
        raise JsonSyntaxError("nested too deeply to parse") from None
    if unfit or "\\u" in text:
        found = _first_unfit(value)
        if found is not None:
            pointer, why = found
            line = pointer_lines(text).get(pointer)
            raise JsonSyntaxError(why, line, None, escape_surrogates(pointer))
    return value


def _outcome(parse: Any, text: str) -> tuple[str, Any]:
    try:
        return "value", json.dumps(parse(text), sort_keys=True)
    except JsonSyntaxError as error:
        return "error", (error.message, error.line, error.column, error.pointer)


_BIG = "7" * (sys.get_int_max_str_digits() + 1)
# Pieces of JSON text, valid and not, mixed by the strategy below.
_ATOMS = st.sampled_from(
    [
        "0",
        "-0",
        "12",
        "-7",
        "1.5",
        "-2.5e3",
        "1e400",
        "-1e999",
        "1E-400",
        "NaN",
        "Infinity",
        "-Infinity",
        _BIG,
        "-" + _BIG,
        "1" + "0" * 400 + ".0",
        '"text"',
        '"\\ud800"',
        '"\\udc00x"',
        '"\\ud83d\\ude00"',
        '"\\u00e9"',
        "true",
        "null",
        "[",
        "]",
        "{",
        "}",
        ",",
        ":",
        "nul",
        "'x'",
    ]
)


def _values(atoms: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    """JSON-ish texts: well-formed nestings of `atoms`, sometimes with a stray piece."""
    return st.recursive(
        atoms,
        lambda inner: st.one_of(
            st.lists(inner, max_size=4).map(lambda items: "[" + ", ".join(items) + "]"),
            st.lists(
                st.tuples(st.sampled_from(['"a"', '"b"', '"\\ud801"', '"$ref"']), inner), max_size=4
            ).map(lambda members: "{" + ",\n".join(f"{k}: {v}" for k, v in members) + "}"),
        ),
        max_leaves=12,
    )


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow])
@given(text=_values(_ATOMS), prefix=st.sampled_from(["", " \n", "\ufeff"]))
def test_parse_json_gives_what_the_plain_parse_gave(text: str, prefix: str) -> None:
    text = prefix + text
    assert _outcome(parse_json, text) == _outcome(_plain_parse_json, text)


@pytest.mark.parametrize(
    "text",
    [
        '{"a": NaN}',
        '{"a": [1, 2, {"b": 1e999}]}',
        '{"a": ' + _BIG + "}",
        '{"a": "\\ud800", "b": NaN}',
        '{"b": NaN, "a": "\\ud800"}',
        '{"a": NaN,}',
        '{"a": 1e999 "b": 1}',
        "\ufeff{}",
        "[" * 100_000 + "]" * 100_000,
        "[" * 100_000,
        "",
        "{}",
        '{"x": 1.0, "y": -0.0, "z": 12345678901234567890}',
    ],
)
def test_parse_json_gives_what_the_plain_parse_gave_for_each_refusal(text: str) -> None:
    assert _outcome(parse_json, text) == _outcome(_plain_parse_json, text)


@given(
    value=st.recursive(
        st.none()
        | st.booleans()
        | st.integers()
        | st.floats(allow_nan=False, allow_infinity=False)
        | st.text(),
        lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
        max_leaves=15,
    )
)
def test_parse_json_reads_json_it_can_carry_as_itself(value: Any) -> None:
    text = json.dumps(value, ensure_ascii=False)
    if any(0xD800 <= ord(c) <= 0xDFFF for c in text):
        return  # a lone surrogate: refused (pinned above)
    assert parse_json(text) == value == _plain_parse_json(text)
    assert json.dumps(parse_json(text)) == json.dumps(value)


# -- the listing -------------------------------------------------------------------------------


class _Unknown:
    """An entry whose type the listing does not give (DT_UNKNOWN: `is_dir`/`is_file` False
    without a stat here), so the loader asks `entry_kind` as before."""

    def __init__(self, entry: os.DirEntry[str]) -> None:
        self._entry = entry
        self.name = entry.name
        self.path = entry.path

    def is_dir(self, *, follow_symlinks: bool = True) -> bool:
        return False

    def is_file(self, *, follow_symlinks: bool = True) -> bool:
        return False


class _Listing:
    def __init__(self, entries: list[_Unknown]) -> None:
        self._entries = entries

    def __enter__(self) -> list[_Unknown]:
        return self._entries

    def __exit__(self, *exc: object) -> None:
        return None


def _scan_text(root: Path) -> tuple[list[str], list[str]]:
    registry, problems = scan_registry(root)
    return [repr(p) for p in problems], [d.relpath for d in registry.documents]


def test_every_kind_of_entry_is_loaded_as_lstat_classifies_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "x.json").write_text(json.dumps(schema()), encoding="utf-8")
    root = build(
        tmp_path / "reg",
        {
            "orders/Placed/1.0.0.json": schema(),
            "orders/Placed/1.1.0.json": schema(title="Other"),
            "orders/Shipped/1.0.0.json": schema(),
            "_shared/money.json": {"type": "object"},
            "orders/Placed/notes.md": "ignored",
        },
    )
    placed = root / "orders" / "Placed"
    (placed / "2.0.0.json").symlink_to(placed / "1.0.0.json")  # a link inside: followed
    (placed / "3.0.0.json").symlink_to(outside / "x.json")  # a link outside: refused
    (placed / "4.0.0.json").symlink_to(placed / "missing.json")  # broken: read reports it
    (placed / "5.0.0.json").symlink_to(placed / "5.0.0.json")  # a loop
    (root / "orders" / "Linked").symlink_to(root / "orders" / "Shipped")  # a linked folder
    (root / "elsewhere").symlink_to(outside)  # a linked folder outside
    os.mkfifo(placed / "6.0.0.json")  # a special file
    with socket.socket(socket.AF_UNIX) as sock:
        sock.bind(str(placed / "7.0.0.json"))
        (root / "orders" / "Shipped" / "stray.txt").write_text("x", encoding="utf-8")
        (root / "orders" / "Shipped" / "sub").mkdir()
        shipped = _scan_text(root)
        real_scandir = os.scandir

        def scandir(folder: Any) -> _Listing:
            with real_scandir(folder) as entries:
                return _Listing([_Unknown(e) for e in entries])

        monkeypatch.setattr(os, "scandir", scandir)
        plain = _scan_text(root)
    assert shipped == plain
    assert any("unsafe-path" in p for p in shipped[0])
    assert any("special-file" in p for p in shipped[0])
