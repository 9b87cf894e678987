"""check_compatibility: modes, policies, the report, and input the engine refuses."""

from __future__ import annotations

import time
from typing import Any

import pytest

from eventkit.compat import BACKWARD, FORWARD, MODES, check_compatibility
from eventkit.errors import CompatibilityError

OLD = {"type": "object", "properties": {"status": {"enum": ["new"]}}}
NEW = {"type": "object", "properties": {"status": {"enum": ["new", "paid"]}}}


@pytest.mark.parametrize(
    ("mode", "compatible"),
    [
        ("NONE", True),
        ("BACKWARD", True),
        ("BACKWARD_TRANSITIVE", True),
        ("FORWARD", False),
        ("FORWARD_TRANSITIVE", False),
        ("FULL", False),
        ("FULL_TRANSITIVE", False),
    ],
)
def test_modes_have_confluents_meanings(mode: str, compatible: bool) -> None:
    # adding an enum value: new readers read old data fine; old readers choke on "paid"
    report = check_compatibility(OLD, NEW, mode=mode)
    assert report.compatible is compatible
    assert report.mode == mode
    assert all(f.side == FORWARD for f in report.findings)


def test_all_seven_modes() -> None:
    assert len(MODES) == 7


def test_defaults_are_backward_strict_and_every_report_names_its_policy() -> None:
    report = check_compatibility({"type": "string"}, {"type": "string"})
    assert (report.mode, report.policy, report.compatible, report.findings) == (
        "BACKWARD",
        "STRICT",
        True,
        (),
    )


def test_lenient_treats_writers_as_closed() -> None:
    old = {"type": "object", "properties": {"id": {"type": "string"}}}
    new = {"type": "object", "properties": {"id": {"type": "string"}, "note": {"type": "integer"}}}
    assert check_compatibility(old, new, mode="FULL", policy="STRICT").compatible is False
    assert check_compatibility(old, new, mode="FULL", policy="LENIENT").compatible is True


def test_lenient_keeps_maps_open() -> None:
    # a free-form object is a map: its producer does emit keys the schema never names
    old = {"type": "object", "properties": {"tags": {"type": "object"}}}
    new = {
        "type": "object",
        "properties": {"tags": {"type": "object", "additionalProperties": {"type": "string"}}},
    }
    report = check_compatibility(old, new, mode="BACKWARD", policy="LENIENT")
    assert report.compatible is False
    assert report.findings[0].path.startswith("/tags")


def test_finding_fields_and_message_reads_like_a_review() -> None:
    old = {"type": "object", "properties": {"coupon": {"type": "string"}}, "required": ["coupon"]}
    new = {"type": "object", "properties": {}}
    report = check_compatibility(old, new, mode="FORWARD", policy="LENIENT")
    (finding,) = report.findings
    assert finding.rule_id == "PROPERTY_REMOVED"
    assert finding.pointer == "/required"
    assert "property `coupon` was removed" in finding.message
    assert "(rule PROPERTY_REMOVED)" in finding.message
    assert finding.example == {}


def test_undecided_is_never_compatible() -> None:
    report = check_compatibility(
        # equal sets, but look-ahead has no automaton (docs/compatibility.md)
        {"type": "string", "pattern": "^a+$"},
        {"type": "string", "pattern": "^(?=a)(a|aa)+$"},
    )
    assert report.compatible is None
    assert [f.severity for f in report.findings] == ["undecided"]


def test_local_and_cyclic_refs() -> None:
    tree: dict[str, Any] = {
        "$defs": {
            "node": {
                "type": "object",
                "properties": {
                    "kids": {"type": "array", "items": {"$ref": "#/$defs/node"}},
                    "v": {"type": "integer"},
                },
            }
        },
        "$ref": "#/$defs/node",
    }
    wider: dict[str, Any] = {
        "$defs": {
            "node": {
                "type": "object",
                "properties": {
                    "kids": {"type": "array", "items": {"$ref": "#/$defs/node"}},
                    "v": {"type": "number"},
                },
            }
        },
        "$ref": "#/$defs/node",
    }
    assert check_compatibility(tree, wider).compatible is True
    report = check_compatibility(wider, tree)
    assert report.compatible is False
    assert {f.rule_id for f in report.findings} == {"TYPE_NARROWED"}


def test_shared_refs_resolve_relative_to_the_file(tmp_path: Any) -> None:
    (tmp_path / "money.json").write_text(
        '{"type": "object", "properties": {"amount": {"type": "integer"}}}'
    )
    old = {"$ref": "money.json"}
    new = {"type": "object", "properties": {"amount": {"type": "integer", "minimum": 0}}}
    report = check_compatibility(old, new, old_dir=tmp_path, new_dir=tmp_path)
    assert [f.rule_id for f in report.findings] == ["MINIMUM_INCREASED"]


def _nested(depth: int) -> dict[str, Any]:
    schema: dict[str, Any] = {"type": "string"}
    for _ in range(depth):
        schema = {"type": "object", "properties": {"a": schema}}
    return schema


@pytest.mark.parametrize(
    ("old", "new", "words"),
    [
        ({"type": "strin"}, {"type": "string"}, "unknown type"),
        ({"type": "object", "properties": []}, {}, "object of schemas"),
        ({"type": "string", "maxLenght": 3}, {}, "unknown keyword `maxLenght`"),
        ({"$ref": "https://example.com/schema.json"}, {}, "remote"),
        ({"$ref": "#/$defs/missing"}, {}, "points nowhere"),
        ({"$ref": "other.json"}, {}, "no file location"),
        ({"type": "string", "pattern": "("}, {}, "not a regular expression"),
        ({"type": "string", "minLength": -1}, {}, "non-negative integer"),
        (_nested(500), _nested(500), "deeper than"),
        ([1, 2], {}, "expected a schema"),
    ],
)
def test_bad_input_is_a_clear_error(old: Any, new: Any, words: str) -> None:
    with pytest.raises(CompatibilityError) as info:
        check_compatibility(old, new)
    assert words in str(info.value)


def test_self_referencing_ref_does_not_hang() -> None:
    loop = {"$defs": {"a": {"$ref": "#/$defs/b"}, "b": {"$ref": "#/$defs/a"}}, "$ref": "#/$defs/a"}
    assert check_compatibility(loop, loop).compatible is True
    assert check_compatibility(loop, {"type": "string"}).compatible in (False, None)


def test_a_150_level_schema_gets_a_verdict() -> None:
    assert check_compatibility(_nested(150), _nested(150)).compatible is True
    report = check_compatibility(_nested(150), {**_nested(150), "required": ["a"]})
    assert report.compatible is False


def _alternatives(depth: int, longest: int) -> dict[str, Any]:
    """anyOf nested `depth` levels deep, five alternatives each: 20 KB at depth 10."""
    schema: dict[str, Any] = {"type": "string", "maxLength": longest}
    for level in range(depth):
        others = [
            {
                "type": "object",
                "properties": {f"k{level}_{w}": {"type": "integer"}},
                "required": [f"k{level}_{w}"],
            }
            for w in range(4)
        ]
        schema = {"anyOf": [schema, *others]}
    return schema


def test_nested_alternatives_get_an_answer_in_bounded_time() -> None:
    """The questions nested anyOf/oneOf make multiply: ten levels took ~50 s, twelve
    minutes. The comparison stops undecided after a fixed number of steps, never compatible."""
    started = time.monotonic()
    report = check_compatibility(_alternatives(12, 5), _alternatives(12, 6), mode="FULL")
    assert time.monotonic() - started < 20  # ~1.5 s; minutes before
    assert report.compatible is not True
    assert "UNDECIDED_COMPOSITION" in {f.rule_id for f in report.findings}
    shallow = check_compatibility(_alternatives(3, 5), _alternatives(3, 6), mode="FULL")
    assert {f.rule_id for f in shallow.findings} == {"MAX_LENGTH_INCREASED"}  # still decided


def test_huge_enum_is_fast_and_exact() -> None:
    values = [f"v{i}" for i in range(20_000)]
    assert check_compatibility({"enum": values}, {"enum": [*values, "extra"]}).compatible is True
    report = check_compatibility({"enum": values}, {"enum": values[1:]})
    assert [f.example for f in report.findings] == ["v0"]


def test_unknown_mode_or_policy() -> None:
    with pytest.raises(CompatibilityError):
        check_compatibility({}, {}, mode="SIDEWAYS")
    with pytest.raises(CompatibilityError):
        check_compatibility({}, {}, policy="LAX")


def test_sides_are_named() -> None:
    report = check_compatibility({"type": "integer"}, {"type": "string"}, mode="FULL")
    assert {f.side for f in report.findings} == {BACKWARD, FORWARD}


def test_equal_subschemas_are_only_equal_when_their_refs_resolve_alike() -> None:
    # `q` is textually unchanged, but its $defs entry points at `p`, which changed
    old = {
        "$defs": {"X": {"$ref": "#/properties/p"}},
        "properties": {"p": {"type": "string"}, "q": {"$ref": "#/$defs/X"}},
    }
    new = {
        "$defs": {"X": {"$ref": "#/properties/p"}},
        "properties": {"p": {"type": "integer"}, "q": {"$ref": "#/$defs/X"}},
    }
    paths = {f.path for f in check_compatibility(old, new).findings}
    assert paths == {"/p", "/q"}
    old2 = {"$defs": {"X": {"type": "string"}}, "properties": {"q": {"$ref": "#/$defs/X"}}}
    new2 = {"$defs": {"X": {"type": "integer"}}, "properties": {"q": {"$ref": "#/$defs/X"}}}
    assert [f.path for f in check_compatibility(old2, new2).findings] == ["/q"]
