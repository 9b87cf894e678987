"""Asserted formats in the regex automata (docs/decisions/0020-regex-inclusion-by-automata.md).

`uuid` and `ipv4` are exact (every match a real value): decided against patterns and enums on
both sides. `date-time`, `date`, `time`, `ipv6`, `hostname` only bound their values: they prove
what a writer writes, never a reader's language, and give no examples.
"""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from eventkit import schema_regex
from eventkit.compat import check_compatibility
from eventkit.compat._values import check_format, format_bound

# Arabic-Indic digits: `re`'s `\d` takes them, consumers' models do not
_ARABIC_DATE = "\u0662\u0660\u0662\u0666-\u0660\u0661-\u0660\u0661"
_ARABIC_IPV4 = "1\u0663\u0663.0.0.1"
_HELD = ["uuid", "ipv4", "date-time", "date", "time", "ipv6", "hostname"]
# The characters the formats are made of, their neighbours, and digits `re` reads as digits
_TEXT = st.text(
    alphabet=st.sampled_from("0123456789abcdefABCDEFTZz:-.+ \nx_\u0663\u0660") | st.characters(),
    max_size=40,
)


@pytest.mark.parametrize("name", _HELD)
def test_a_held_formats_pattern_is_its_check(name: str) -> None:
    pattern, _ = format_bound(name)
    assert pattern is not None
    samples = {
        "uuid": ["123e4567-e89b-12d3-a456-426614174000", "123E4567-E89B-12D3-A456-42661417400"],
        "ipv4": ["192.0.2.1", "256.0.0.1", "01.2.3.4", "1.2.3"],
        "date-time": ["2026-01-01T00:00:00Z", "2026-01-01T00:00:00.5+01:00", "2026-01-01 00:00"],
        "date": ["2026-01-01", "2026-1-01"],
        "time": ["12:00:00", "12:00:00Z", "12:00"],
        "ipv6": ["2001:db8::1", "::", "1.2.3.4"],
        "hostname": ["example.com", "-a.com", "a" * 64],
    }[name]
    for text in samples:
        assert schema_regex.search(pattern, text) == check_format(name, text), text


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(_HELD), _TEXT)
@example("date", _ARABIC_DATE)
@example("ipv4", _ARABIC_IPV4)
@example("uuid", "123e4567-e89b-12d3-a456-426614174000\n")
def test_the_automata_and_the_validator_read_a_format_alike(name: str, text: str) -> None:
    pattern, _ = format_bound(name)
    assert pattern is not None
    assert schema_regex.search(pattern, text) == check_format(name, text)


def test_digits_in_formats_are_ascii() -> None:
    assert not check_format("date", _ARABIC_DATE)
    assert not check_format("ipv4", _ARABIC_IPV4)
    assert check_format("date", "2026-01-01")


def _verdict(old: Any, new: Any, mode: str = "BACKWARD", formats: str = "assertion") -> Any:
    report = check_compatibility(old, new, mode=mode, formats=formats)
    return report.compatible, [(f.rule_id, f.example) for f in report.findings]


_UUID_PATTERN = "^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"


def test_a_pattern_and_format_uuid_are_decided_both_ways() -> None:
    pattern = {"type": "string", "pattern": _UUID_PATTERN}
    formatted = {"type": "string", "format": "uuid"}
    assert _verdict(pattern, formatted) == (True, [])  # lower-case UUIDs are UUIDs
    compatible, findings = _verdict(formatted, pattern)  # upper-case ones do not match
    assert compatible is False
    ((rule, example_value),) = findings
    assert rule == "PATTERN_NARROWED"
    assert uuid.UUID(example_value)  # a real UUID, that the pattern rejects
    assert not schema_regex.search(_UUID_PATTERN, example_value)


def test_a_loose_pattern_to_format_uuid_breaks_with_its_shortest_non_uuid() -> None:
    loose = {"type": "string", "pattern": "^[0-9a-f-]{36}$"}
    assert _verdict(loose, {"type": "string", "format": "uuid"}) == (
        False,
        [("FORMAT_NARROWED", "-" * 36)],
    )


def test_ipv4_against_a_pattern_and_an_enum() -> None:
    ipv4 = {"type": "string", "format": "ipv4"}
    assert _verdict(ipv4, {"type": "string", "pattern": "^[0-9.]{7,15}$"}) == (True, [])
    compatible, findings = _verdict(ipv4, {"type": "string", "enum": ["10.0.0.1"]})
    assert compatible is False
    assert check_format("ipv4", findings[0][1])
    assert findings[0][1] != "10.0.0.1"


def test_a_bounding_format_proves_what_a_writer_writes() -> None:
    for name, reader in [
        ("date-time", "^\\d{4}-"),
        ("date-time", "[Tt]"),
        ("date", "^[0-9-]{10}$"),
        ("time", "^[0-9]{2}:"),
        ("hostname", "^[A-Za-z0-9.-]+$"),
    ]:
        old = {"type": "string", "format": name}
        assert _verdict(old, {"type": "string", "pattern": reader}) == (True, []), name


def test_a_date_time_may_spell_t_and_z_in_lower_case() -> None:
    """RFC 3339 (and pydantic) read `2026-01-01t00:00:00z`: a reader asking for an upper-case
    `T` is refuted by that sample, where the bound once proved it."""
    old = {"type": "string", "format": "date-time"}
    assert _verdict(old, {"type": "string", "pattern": "T"}) == (
        False,
        [("PATTERN_NARROWED", "2026-01-01t00:00:00z")],
    )
    assert _verdict(old, {"type": "string", "pattern": "^[^t]*$"})[0] is not True


def test_a_hostname_may_end_in_the_root_dot() -> None:
    old = {"type": "string", "format": "hostname"}
    assert (
        _verdict(old, {"type": "string", "pattern": "^[A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)*$"})[0]
        is not True
    )


def test_a_bounding_format_gives_no_example_and_no_reader_proof() -> None:
    # its shortest matches are no values: "0000-00-00T00:00:00+00:00" would be the example
    compatible, findings = _verdict(
        {"type": "string", "format": "date-time"}, {"type": "string", "pattern": "Z$"}
    )
    assert compatible is not True
    assert all("0000-00-00" not in str(example_value) for _, example_value in findings)
    compatible, findings = _verdict(
        {"type": "string", "format": "date"}, {"type": "string", "enum": ["2026-01-01"]}
    )
    assert compatible is not True
    assert all(example_value != "0000-00-00" for _, example_value in findings)
    # a reader's date: its pattern also holds 2026-13-45, so nothing is proved with it
    writer = {"type": "string", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"}
    assert _verdict(writer, {"type": "string", "format": "date"})[0] is not True


def test_annotated_formats_prove_nothing() -> None:
    old = {"type": "string", "format": "date-time"}
    new = {"type": "string", "pattern": "^\\d{4}-"}
    assert _verdict(old, new)[0] is True
    assert _verdict(old, new, formats="annotation")[0] is False  # any string may come
