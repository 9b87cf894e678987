"""Regular expressions from schemas run in bounded time, with ECMA-262 meaning.

Every CLI run here is a subprocess with a timeout: before eventkit.schema_regex, each of
these inputs made Python's `re` backtrack for hours, so the timeout is what fails the test.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from eventkit import schema_regex
from eventkit.errors import (
    EXIT_BREAKING,
    EXIT_PROBLEMS,
    EXIT_USAGE,
    RegexSyntaxError,
    RegexTimeoutError,
)
from tests.registry._build import build, schema

V = "s/E/1.0.0.json"
HOSTILE = "a" * 40 + "!"  # 2**40 ways for `(a+)+` to fail on it
NESTED = "^(a+)+$"  # RE2 expresses it: linear, a true answer
LOOKAROUND = "^(a|a)+(?=b)"  # RE2 cannot: backtracking with a time-out
WALL = 5.0  # seconds of work beyond starting the CLI: generous for a shared 2-core machine


_startup: list[float] = []


def startup_seconds() -> float:
    """How long the CLI takes to start and import its tools here (measured once): a loaded
    machine slows that down, and the bound is about the work after it."""
    if not _startup:
        start = time.monotonic()
        subprocess.run(
            [sys.executable, "-c", _MAIN, "--help"], capture_output=True, check=False, timeout=60
        )
        subprocess.run(
            [sys.executable, "-c", "import eventkit.lint._examples, eventkit.compat"],
            capture_output=True,
            check=False,
            timeout=60,
        )
        _startup.append(time.monotonic() - start)
    return _startup[0]


_MAIN = "from eventkit.cli import main; main()"


def run_cli(*args: str) -> tuple[int, str, float]:
    """`eventkit ARGS` in a subprocess, killed after 60 s (the old code never finished).

    Returns the exit code, the output, and the seconds it took beyond starting up."""
    base = startup_seconds()
    start = time.monotonic()
    try:
        done = subprocess.run(
            [sys.executable, "-c", _MAIN, *args],
            capture_output=True,
            text=True,
            check=False,
            timeout=60,
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"eventkit {' '.join(args)} did not finish within 60 s")
    return done.returncode, done.stdout + done.stderr, time.monotonic() - start - base


def lint_json(root: Path) -> tuple[int, dict[str, Any], float]:
    code, out, seconds = run_cli("lint", "--schemas", str(root), "--format", "json")
    return code, json.loads(out), seconds


def registry(tmp_path: Path, **changes: Any) -> Path:
    return build(tmp_path, {V: schema(**changes)})


# -- lint: example validation ------------------------------------------------------------------


def test_lint_nested_quantifier_in_pattern(tmp_path: Path) -> None:
    root = registry(
        tmp_path,
        properties={"id": {"type": "string", "description": "The id.", "pattern": NESTED}},
        examples=[{"id": HOSTILE}],
    )
    code, report, seconds = lint_json(root)
    assert seconds < WALL
    assert code == EXIT_PROBLEMS
    [problem] = report["problems"]
    # the linear engine answers: the example really does not match
    assert (problem["code"], problem["path"], problem["pointer"]) == (
        "example-invalid",
        V,
        "/examples/0/id",
    )
    assert NESTED in problem["message"]


def test_lint_nested_quantifier_in_pattern_properties(tmp_path: Path) -> None:
    root = registry(
        tmp_path,
        required=[],
        properties={},
        patternProperties={NESTED: {"type": "integer"}},
        additionalProperties=False,
        examples=[{HOSTILE: 1}],
    )
    code, report, seconds = lint_json(root)
    assert seconds < WALL
    assert code == EXIT_PROBLEMS
    [problem] = report["problems"]
    assert (problem["code"], problem["path"], problem["pointer"]) == (
        "example-invalid",
        V,
        "/examples/0",
    )
    assert HOSTILE in problem["message"]


def test_lint_nested_quantifier_in_property_names(tmp_path: Path) -> None:
    root = registry(
        tmp_path,
        required=[],
        properties={},
        propertyNames={"pattern": NESTED},
        examples=[{HOSTILE: 1}],
    )
    code, report, seconds = lint_json(root)
    assert seconds < WALL
    assert code == EXIT_PROBLEMS
    [problem] = report["problems"]
    assert (problem["code"], problem["path"]) == ("example-invalid", V)
    assert problem["pointer"].startswith("/examples/0")


def test_lint_reports_a_pattern_too_slow_to_evaluate(tmp_path: Path) -> None:
    root = registry(
        tmp_path,
        properties={"id": {"type": "string", "description": "The id.", "pattern": LOOKAROUND}},
        examples=[{"id": HOSTILE}] * 30,  # one time-out, then the pattern is known to be slow
    )
    code, report, seconds = lint_json(root)
    assert seconds < WALL
    assert code == EXIT_PROBLEMS
    problems = report["problems"]
    assert len(problems) == 30
    assert {(p["code"], p["path"], p["pointer"]) for p in problems} == {
        ("pattern-too-slow", V, "/properties/id/pattern")
    }
    assert LOOKAROUND in problems[0]["message"]
    assert "example 0" in problems[0]["message"]


def test_lint_text_output_names_file_pointer_and_pattern(tmp_path: Path) -> None:
    root = registry(
        tmp_path,
        properties={"id": {"type": "string", "description": "The id.", "pattern": LOOKAROUND}},
        examples=[{"id": HOSTILE}],
    )
    code, out, seconds = run_cli("lint", "--schemas", str(root))
    assert seconds < WALL
    assert code == EXIT_PROBLEMS
    assert V in out
    assert "/properties/id/pattern" in out
    assert LOOKAROUND in out
    assert "Traceback" not in out


# -- compat / check ----------------------------------------------------------------------------


def _string_schema(pattern: str, **more: int) -> dict[str, Any]:
    code = {"type": "string", "maxLength": 40, "pattern": pattern, **more}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "type": "object",
        "properties": {"code": code},
    }


def compat_json(
    tmp_path: Path, old: str, new: str, **more: int
) -> tuple[int, dict[str, Any], float]:
    """`eventkit compat` on two schemas whose `code` property has patterns `old` and `new`."""
    for name, pattern in (("old.json", old), ("new.json", new)):
        text = json.dumps(_string_schema(pattern, **more))
        (tmp_path / name).write_text(text, encoding="utf-8")
    code, out, seconds = run_cli(
        "compat", str(tmp_path / "old.json"), str(tmp_path / "new.json"), "--format", "json"
    )
    return code, json.loads(out), seconds


def test_compat_with_patterns_too_slow_to_evaluate_is_undecided(tmp_path: Path) -> None:
    code, report, seconds = compat_json(tmp_path, "^(a|a)+(?=b)", "^(a|a)+(?=c)")
    assert seconds < WALL
    assert code == EXIT_BREAKING
    assert report["ok"] is False
    assert report["summary"]["undecided"] >= 1
    assert {f["rule"] for f in report["findings"]} == {"UNDECIDED_PATTERN"}
    assert all(f["pointer"] == "/properties/code" for f in report["findings"])


def test_compat_with_nested_quantifiers_gets_a_real_verdict(tmp_path: Path) -> None:
    # the writer's candidates include "a" * 40, on which `^(a+)+b$` backtracks 2**40 ways
    code, report, seconds = compat_json(tmp_path, "^(a+)+$", "^(a+)+b$", minLength=40)
    assert seconds < WALL
    assert code == EXIT_BREAKING
    assert report["summary"]["breaking"] >= 1  # with a confirmed counterexample


def test_check_on_a_registry_with_a_slow_pattern_change(tmp_path: Path) -> None:
    def version(pattern: str) -> dict[str, Any]:
        return schema(
            properties={
                "id": {"type": "string", "description": "The id."},
                "code": {"type": "string", "maxLength": 40, "pattern": pattern},
            },
            examples=[{"id": "t-1"}],
        )

    root = build(tmp_path, {V: version("^(a|a)+(?=b)"), "s/E/1.1.0.json": version("^(a|a)+(?=c)")})
    code, out, seconds = run_cli("check", "--schemas", str(root), "--format", "json")
    assert seconds < WALL
    assert code == EXIT_BREAKING
    rules = {f["rule"] for f in json.loads(out)["findings"]}
    assert rules == {"UNDECIDED_PATTERN"}


def test_check_names_the_event_and_files_of_a_pattern_that_is_not_ecma_262(
    tmp_path: Path,
) -> None:
    """Only lint reports such a pattern as a problem; check stopped at it with the regex's
    error alone ("pattern '^a\\Z' is not a regular expression ..."), naming no file."""

    def version(pattern: str) -> dict[str, Any]:
        return schema(
            properties={"id": {"type": "string", "description": "The id.", "pattern": pattern}},
            examples=[{"id": "a"}],
        )

    root = build(tmp_path, {V: version("^a$"), "s/E/1.1.0.json": version(r"^a\Z")})
    code, out, _ = run_cli("check", "--schemas", str(root))
    assert code == EXIT_USAGE, out
    assert "Traceback" not in out
    assert "s/E: comparing 1.0.0 (s/E/1.0.0.json) with 1.1.0 (s/E/1.1.0.json)" in out
    assert "eventkit lint" in out


# -- the module itself -------------------------------------------------------------------------


def test_a_timed_out_pattern_raises_a_typed_error_quickly() -> None:
    regex = schema_regex.SchemaRegex(LOOKAROUND)
    assert not regex.linear
    start = time.monotonic()
    for _ in range(20):
        with pytest.raises(RegexTimeoutError) as caught:
            regex.search(HOSTILE)
    assert time.monotonic() - start < WALL
    assert caught.value.code == "regex-timeout"
    assert caught.value.pattern == LOOKAROUND
    assert caught.value.seconds == schema_regex.TIMEOUT


def test_nested_quantifiers_run_in_the_linear_engine() -> None:
    regex = schema_regex.compile(NESTED)
    assert regex.linear
    start = time.monotonic()
    assert not regex.search("a" * 100_000 + "!")
    assert regex.search("a" * 100_000)
    assert time.monotonic() - start < 1.0


# -- ECMA-262 meaning --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("pattern", "text", "matches"),
    [
        (r"^\d$", "3", True),
        (r"^\d$", "\u0663", False),  # ARABIC-INDIC DIGIT THREE: \d is ASCII in ECMA-262
        (r"^\w+$", "abc_09", True),
        (r"^\w+$", "\u00e9t\u00e9", False),  # \w is ASCII too
        (r"\b\u00e9", " \u00e9", False),  # so is the word boundary
        (r"^\s$", "\u00a0", True),  # \s is Unicode white space
        (r"^\s$", "\x1c", False),  # ... but not Python's extra separators
        (r"^\u00e9$", "\u00e9", True),
        (r"^\u{1F600}$", "\U0001f600", True),
        (r"^\uD83D\uDE00$", "\U0001f600", True),  # a surrogate pair is one code point
        (r"^\cC$", "\x03", True),
        (r"^[\cJ]$", "\n", True),
        (r"^a$", "a\n", False),  # $ is the very end (Python's also matches before a final \n)
        (r"^.$", "\r", False),  # . stops at every line terminator
        (r"^.$", "\u2028", False),
        (r"^(?<year>\d{4})-\k<year>$", "2026-2026", True),
        (r"(?<=a)b", "ab", True),  # look-around runs in the backtracking engine
        (r"^[^]$", "\n", True),
        (r"[]", "a", False),
    ],
)
def test_ecma_262_semantics(pattern: str, text: str, matches: bool) -> None:
    assert schema_regex.search(pattern, text) is matches


@pytest.mark.parametrize("pattern", [r"\Z", r"\A", "(?P<n>a)", "(?i)a", r"\e", "a**", "[a"])
def test_what_ecma_262_does_not_have_is_a_syntax_error(pattern: str) -> None:
    with pytest.raises(RegexSyntaxError) as caught:
        schema_regex.compile(pattern)
    assert caught.value.code == "regex-syntax"
    assert caught.value.pattern == pattern


def test_lint_validates_examples_with_ecma_262_meaning(tmp_path: Path) -> None:
    root = registry(
        tmp_path,
        properties={"id": {"type": "string", "description": "The id.", "pattern": r"^\d+$"}},
        examples=[{"id": "\u0663"}],
    )
    code, report, _ = lint_json(root)
    assert code == EXIT_PROBLEMS
    assert [(p["code"], p["pointer"]) for p in report["problems"]] == [
        ("example-invalid", "/examples/0/id")
    ]


def test_lint_rejects_a_pattern_that_is_not_ecma_262(tmp_path: Path) -> None:
    root = registry(
        tmp_path,
        properties={"id": {"type": "string", "description": "The id.", "pattern": r"^a\Z"}},
        examples=[{"id": "a"}],
    )
    code, report, _ = lint_json(root)
    assert code == EXIT_PROBLEMS
    assert [(p["code"], p["pointer"]) for p in report["problems"]] == [
        ("schema-invalid", "/properties/id/pattern")
    ]


# -- generated models ----------------------------------------------------------------------------


def test_codegen_refuses_a_pattern_the_model_could_not_check_in_linear_time(
    tmp_path: Path,
) -> None:
    root = registry(
        tmp_path / "schemas",
        properties={"id": {"type": "string", "description": "The id.", "pattern": "^a(?=b)"}},
        examples=[{"id": "ab"}],
    )
    out = tmp_path / "out" / "events"
    code, text, seconds = run_cli("codegen", "--schemas", str(root), "--out", str(out))
    assert seconds < 30
    assert code == 2
    assert f"{V}:" in text
    assert "/properties/id/pattern" in text
    assert not out.exists()


def test_runtime_engine_is_linear_for_nested_quantifiers_but_not_look_around() -> None:
    assert schema_regex.runtime_linear(NESTED)
    assert not schema_regex.runtime_linear(LOOKAROUND)


# -- EventBridge wildcard patterns (matched locally by eventkit.patterns) -------------------------


def _match_in_subprocess(code: str) -> tuple[str, float]:
    start = time.monotonic()
    try:
        done = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
        )
    except subprocess.TimeoutExpired:
        pytest.fail("wildcard matching did not finish within 60 s")
    return done.stdout.strip(), time.monotonic() - start


def test_wildcard_matching_is_linear_in_the_value() -> None:
    # `.*a.*a.*b` backtracked for 25 s on 4,000 `a`s; an event value may be 256 KB
    code = (
        "from eventkit.patterns import matches\n"
        "pattern = {'detail': {'x': [{'wildcard': '*a*a*b'}]}}\n"
        "print(matches(pattern, {'detail': {'x': 'a' * 200_000}}),"
        " matches(pattern, {'detail': {'x': 'xaaab'}}),"
        " matches(pattern, {'detail': {'x': 'ab'}}))"
    )
    out, seconds = _match_in_subprocess(code)
    assert out == "False True False"
    assert seconds < WALL + startup_seconds()
