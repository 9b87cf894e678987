"""A pattern of plain characters (`uuid`, `^I_`, `^ord$`) is searched without google-re2
(issue 16, the second cold compat pass; docs/decisions/0030-speed-ups.md): `schema_regex`
answers it with a substring, prefix, suffix or equality test. Held here to RE2's own answer
for the translated pattern (what every pattern got before), on hypothesis patterns and texts
over an alphabet that mixes plain characters, the anchors, regex syntax, non-ASCII and lone
surrogates; and a corpus-like comparison in a fresh process does not import `re2`.
"""

from __future__ import annotations

import json

import re2  # type: ignore[import-untyped]
from hypothesis import example, given, settings
from hypothesis import strategies as st

from eventkit import schema_regex
from eventkit.errors import RegexSyntaxError
from eventkit.schema_regex._ecma import RE2, translate
from tests.compat.test_cold_import import added_by

_OPTIONS = re2.Options()
_OPTIONS.log_errors = False
_OPTIONS.never_capture = True


def _re2_search(pattern: str, text: str) -> bool:
    """What `SchemaRegex.search` answered before: RE2, or `regex` for a text RE2 cannot
    encode (a lone surrogate)."""
    program = re2.compile(translate(pattern, RE2), _OPTIONS)
    try:
        return program.search(text) is not None
    except UnicodeEncodeError:
        return schema_regex._regex_program(pattern).search(text) is not None


# Every ASCII character: a body with regex syntax in it must take RE2's path (or be refused
# as before), and every other one (controls, quotes, `-`, `/`, `#`...) is a plain character.
_PLAIN = st.text(alphabet=st.characters(max_codepoint=127), max_size=4)
_PATTERNS = st.one_of(
    st.builds(
        lambda a, b, c: a + b + c, st.sampled_from(["", "^"]), _PLAIN, st.sampled_from(["", "$"])
    ),
    st.text(alphabet="ab^$.*\\é", max_size=4),
)
_TEXTS = st.one_of(st.text(alphabet="abAB_-0 /:@\n^$é\ud800", max_size=6), st.text(max_size=6))


@settings(max_examples=1500, deadline=None)
@given(_PATTERNS, _TEXTS)
@example("uuid", "a-uuid-b")
@example("^I_", "I_1")
@example("^I_", "xI_")
@example("a$", "a\n")
@example("^$", "")
@example("^$", "\n")
@example("", "")
@example("^a", "\ud800a")
@example("a", "\ud800a")
def test_plain_patterns_answer_as_re2(pattern: str, text: str) -> None:
    try:
        compiled = schema_regex.compile(pattern)
    except RegexSyntaxError:  # not ECMA-262 (a plain pattern would reach `translate` below)
        return
    try:
        expected = _re2_search(pattern, text)
    except re2.error:  # RE2 cannot express it: `regex` answered before and now
        assert not compiled.linear
        return
    assert compiled.linear
    assert compiled.search(text) is expected


# (old, new, (rule, example) of each finding under FULL: what main gave before the change)
_PLAIN_CASES = [
    ({"type": "string", "pattern": "uuid"}, {"type": "string"}, [["PATTERN_WIDENED", ""]]),
    (
        {"type": "string", "pattern": "date-time"},
        {"type": "string", "pattern": "uuid"},
        [["PATTERN_NARROWED", "date-time"], ["PATTERN_WIDENED", "uuid"]],
    ),
    (
        {"properties": {"foo": {"type": "string"}}, "additionalProperties": False},
        {
            "properties": {"foo": {"type": "string"}},
            "patternProperties": {"^I_": {"type": "integer"}, "^S_": {"type": "string"}},
        },
        [["CONTENT_MODEL_OPENED", {"I_": 0}]],
    ),
    (
        {"type": "string", "pattern": "^ab$"},
        {"type": "string", "pattern": "b$"},
        [["PATTERN_WIDENED", "b"]],
    ),
]


def test_comparisons_with_plain_patterns_import_no_re2_and_report_as_before() -> None:
    code = (
        "import json\n"
        "from eventkit.compat import check_compatibility\n"
        f"cases = json.loads({json.dumps(json.dumps(_PLAIN_CASES))})\n"
        "for old, new, expected in cases:\n"
        "    report = check_compatibility(old, new, mode='FULL')\n"
        "    got = [[f.rule_id, f.example] for f in report.findings]\n"
        "    assert report.compatible is False and got == expected, got\n"
    )
    assert added_by(code) == []
