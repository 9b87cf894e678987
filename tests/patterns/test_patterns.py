"""eventkit.patterns: operators, AWS's validation rules, arrays and $or."""

from __future__ import annotations

import json
from typing import Any

import pytest

from eventkit.errors import PatternError
from eventkit.patterns import compile_pattern, matches, validate_pattern


def ev(**detail: Any) -> dict[str, Any]:
    return {"source": "shop.orders", "detail-type": "OrderPlaced", "detail": detail}


@pytest.mark.parametrize(
    ("rule", "value", "expected"),
    [
        (["a"], "a", True),
        (["a"], "A", False),
        ([300], 300.0, True),
        ([300], "300", False),
        ([True], True, True),
        ([1], True, False),
        ([None], None, True),
        ([""], "", True),
        ([{"prefix": "ord-"}], "ord-1", True),
        ([{"prefix": "ord-"}], 12, False),
        ([{"prefix": {"equals-ignore-case": "ORD-"}}], "oRd-1", True),
        ([{"suffix": ".png"}], "a.png", True),
        ([{"suffix": {"equals-ignore-case": ".PNG"}}], "a.png", True),
        ([{"equals-ignore-case": "Alice"}], "aLICE", True),
        ([{"anything-but": "x"}], "y", True),
        ([{"anything-but": "x"}], None, True),
        ([{"anything-but": ["x", "y"]}], "y", False),
        ([{"anything-but": [100, 200]}], 100.0, False),
        ([{"anything-but": {"prefix": "us-"}}], "eu-west-1", True),
        ([{"anything-but": {"prefix": "us-"}}], "us-east-1", False),
        ([{"anything-but": {"suffix": ".tmp"}}], 5, True),
        ([{"anything-but": {"equals-ignore-case": ["a", "b"]}}], "B", False),
        ([{"anything-but": {"wildcard": "*/lib/*"}}], "/usr/lib/x", False),
        ([{"numeric": [">", 0, "<=", 5]}], 5, True),
        ([{"numeric": [">", 0, "<=", 5]}], 0, False),
        ([{"numeric": ["=", 301.8]}], 301.8, True),
        ([{"numeric": [">=", 10]}], "11", False),
        ([{"cidr": "10.0.0.0/24"}], "10.0.0.255", True),
        ([{"cidr": "10.0.0.0/24"}], "10.0.1.0", False),
        ([{"cidr": "2001:db8::/32"}], "2001:db8::1", True),
        ([{"cidr": "2001:db8::/32"}], "10.0.0.1", False),
        ([{"wildcard": "arn:*:bus/*"}], "arn:aws:events:bus/x", True),
        ([{"wildcard": "a\\*b"}], "a*b", True),
        ([{"wildcard": "a\\*b"}], "axb", False),
        ([{"wildcard": "*.png"}], "x.jpg", False),
        ([{"exists": True}], None, True),
    ],
)
def test_operators_on_a_leaf(rule: list[Any], value: Any, expected: bool) -> None:
    assert matches({"detail": {"f": rule}}, ev(f=value)) is expected


def test_exists_false_and_missing_fields() -> None:
    assert matches({"detail": {"f": [{"exists": False}]}}, ev(g=1))
    assert not matches({"detail": {"f": [{"exists": False}]}}, ev(f=1))
    assert not matches({"detail": {"f": [{"anything-but": "x"}]}}, ev(g=1))
    assert not matches({"detail": {"f": [{"exists": True}]}}, ev(f={"nested": 1}))  # leaves only
    assert not matches({"detail": {"f": [{"exists": True}]}}, ev(f=[]))


def test_event_arrays_intersect_and_keep_elements_together() -> None:
    event = ev(items=[{"sku": "A", "qty": 1}, {"sku": "B", "qty": 5}])
    assert matches({"detail": {"items": {"sku": ["B"], "qty": [5]}}}, event)
    # sku from one element, qty from another: AWS requires the same element
    assert not matches({"detail": {"items": {"sku": ["A"], "qty": [5]}}}, event)
    assert matches({"resources": ["r2"]}, {"resources": ["r1", "r2"]})


def test_or_branches_and_dot_joined_keys() -> None:
    pattern = {"detail": {"$or": [{"a": [1]}, {"b": [{"numeric": [">", 5]}]}]}}
    assert matches(pattern, ev(a=1))
    assert matches(pattern, ev(b=6))
    assert not matches(pattern, ev(a=2, b=5))
    assert matches({"detail": {"state.status": ["on"]}}, ev(state={"status": "on"}))


def test_event_as_json_text_and_non_objects() -> None:
    pattern = {"source": ["shop.orders"]}
    assert matches(pattern, json.dumps(ev()))
    assert not matches(pattern, "[1, 2]")
    assert not matches(pattern, "not json")


def test_routing_pattern_of_the_envelope() -> None:
    pattern = {
        "source": ["shop.orders"],
        "detail-type": ["OrderPlaced"],
        "detail": {"metadata": {"version": [{"prefix": "1."}]}},
    }
    assert matches(pattern, ev(metadata={"version": "1.4.0"}, data={}))
    assert not matches(pattern, ev(metadata={"version": "2.0.0"}, data={}))


@pytest.mark.parametrize(
    ("pattern", "reason"),
    [
        ({"source": "shop"}, "must be an object or an array"),
        ({"source": []}, "Empty arrays are not allowed"),
        ({"source": [[1]]}, "Match value must be"),
        ({"f": [{"prefix": 1}]}, "prefix match pattern must be a string"),
        ({"f": [{"prefix": ["a"]}]}, "prefix match pattern must be a string"),
        ({"f": [{"prefix": "a", "suffix": "b"}]}, "Only one key"),
        ({"f": [{"PREFIX": "a"}]}, "Unrecognized match type"),
        ({"f": [{"equals-ignore-case": ["a"]}]}, "must be a string"),
        ({"f": [{"exists": "yes"}]}, "either true or false"),
        ({"f": [{"numeric": 5}]}, "must be an array"),
        ({"f": [{"numeric": [">", "x"]}]}, "must be numeric"),
        ({"f": [{"numeric": ["<", 1, ">", 0]}]}, "Too many elements"),
        ({"f": [{"numeric": [">", 5, "<", 1]}]}, "Bottom must be less than top"),
        ({"f": [{"numeric": [">", 6e9]}]}, "between"),
        ({"f": [{"cidr": "10.0.0.0"}]}, "one '/' required"),
        ({"f": [{"cidr": "10.0.0.300/8"}]}, "Nonstandard IP address"),
        ({"f": [{"wildcard": "a**"}]}, "Consecutive wildcard"),
        ({"f": [{"wildcard": "a\\b"}]}, "Invalid escape"),
        ({"f": [{"wildcard": "*:*:*:*:*:x/*"}]}, "too complex"),
        ({"f": [{"anything-but": None}]}, "anything-but"),
        ({"f": [{"anything-but": ["a", None]}]}, "not supported"),
        ({"f": [{"anything-but": {"prefix": ""}}]}, "Null prefix/suffix"),
        ({"f": [{"anything-but": {"exists": True}}]}, "Unsupported anything-but"),
        ({"$or": [{"a": [1]}]}, "at least two"),
    ],
)
def test_invalid_patterns_are_refused_as_aws_does(pattern: dict[str, Any], reason: str) -> None:
    with pytest.raises(PatternError) as info:
        validate_pattern(pattern)
    assert reason in str(info.value)
    assert str(info.value).startswith("Event pattern is not valid. Reason: ")


def test_invalid_pattern_error_names_the_path() -> None:
    with pytest.raises(PatternError) as info:
        validate_pattern({"detail": {"price": [{"numeric": ["<", "cheap"]}]}})
    assert info.value.path == "detail.price"


def test_pattern_text_too_long_or_not_an_object() -> None:
    with pytest.raises(PatternError, match="2,048"):
        validate_pattern(json.dumps({"source": ["x" * 5000]}))
    with pytest.raises(PatternError, match="not an object"):
        validate_pattern("[1]")
    with pytest.raises(PatternError, match="not valid JSON"):
        validate_pattern("{")


def test_or_combinations_are_bounded() -> None:
    branch = {"$or": [{f"k{i}": [i]} for i in range(11)]}
    pattern = {"a": branch, "b": branch, "c": branch}  # 11**3 = 1331 combinations
    with pytest.raises(PatternError, match="1000"):
        validate_pattern(pattern)


def test_compiled_pattern_is_reusable() -> None:
    compiled = compile_pattern({"source": ["shop.orders"]})
    assert compiled.matches(ev())
    assert matches(compiled, ev())
    assert "shop.orders" in repr(compiled)
