"""Rule patterns stay within EventBridge's "Event pattern size" quota (2,048 characters by
default): a router whose detail-types do not fit one pattern gets several, each one AWS
accepts, together delivering exactly its events; one rule for all of them (`--single`) is
refused with a clear error (exit 2) instead of printed for AWS to reject at deploy time."""

from __future__ import annotations

import inspect
import json
from pathlib import Path

import pytest

from eventkit.errors import EXIT_USAGE, RoutingError
from eventkit.patterns import DEFAULT_MAX_PATTERN_CHARS, matches, validate_pattern
from eventkit.routing import Router
from tests._child_cli import cli
from tests.consume.events import envelope
from tests.consume.wide_router import DETAIL_TYPES, SOURCE, build

ROOT = Path(__file__).resolve().parents[2]


def test_patterns_of_a_wide_router_each_fit_the_quota_and_cover_it_exactly() -> None:
    code, out, err = cli("patterns", "tests.consume.wide_router:build", cwd=ROOT)
    assert code == 0, err
    patterns = json.loads(out)
    assert len(patterns) > 1
    for pattern in patterns:
        validate_pattern(pattern)  # the default quota: AWS accepts each rule
    covered = [t for p in patterns for t in p["detail-type"]]
    assert sorted(covered) == sorted(DETAIL_TYPES)
    for detail_type in [*DETAIL_TYPES, "CatalogProductAttributeChanged999"]:
        event = envelope(SOURCE, detail_type, {"metadata": {"version": "1.0.0"}, "data": {}})
        hits = sum(matches(p, event) for p in patterns)
        assert hits == (1 if detail_type in DETAIL_TYPES else 0), detail_type


def test_single_rule_over_the_quota_is_a_usage_error() -> None:
    code, out, err = cli("patterns", "tests.consume.wide_router:build", "--single", cwd=ROOT)
    assert code == EXIT_USAGE
    assert out == ""
    assert "2,048" in err
    assert "without --single" in err
    with pytest.raises(RoutingError):
        build().event_pattern()


def test_a_raised_quota_keeps_one_pattern() -> None:
    router = build()
    (pattern,) = router.event_patterns(max_chars=4096)
    validate_pattern(pattern, max_chars=4096)
    assert router.event_pattern(max_chars=4096) == pattern


def test_the_routers_default_is_the_pattern_engines_quota() -> None:
    # routing may not load eventkit.patterns (import contract), so it keeps its own copy
    default = inspect.signature(Router.event_patterns).parameters["max_chars"].default
    assert default == DEFAULT_MAX_PATTERN_CHARS


def test_a_quota_beyond_the_api_limit_is_refused() -> None:
    with pytest.raises(RoutingError):
        build().event_patterns(max_chars=10_000)
