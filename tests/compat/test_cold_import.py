"""`import eventkit.compat` loads only what comparing plain schemas needs
(compat.cold_pass_vs_jsoncompat; docs/decisions/0030-speed-ups.md, "cold compat pass").

What only some keywords need is imported by the first schema that has one: google-re2 by a
`pattern` that is not plain characters (`uuid`, `^I_` are searched as text:
tests/compat/test_literal_patterns.py), `fractions` by a `multipleOf` that is not an int (an
int step is decided with `%`: tests/compat/test_multiple_of_integers.py), `urllib.parse` by a
percent-escaped `$ref` fragment, a format's regular expression by the first value checked
against it. Each such check gives, in a fresh process, the report it gives here (where
everything is loaded) and before the change.
"""

from __future__ import annotations

import json
import subprocess
import sys
from typing import Any

import pytest

from eventkit.compat import check_compatibility
from tests._modules import modules_after

# Heavy standard-library (and third-party) modules a comparison of plain schemas does without:
# typing (with contextlib), dataclasses (with inspect, ast, dis, tokenize, linecache, copy),
# fractions (with decimal, numbers), urllib.parse (with ipaddress), re2, regex, pathlib; and
# weakref, importlib (with warnings) and the forty error classes the engine never raises
# (eventkit.errors: its root and the engine's errors are in eventkit.error_base).
_NOT_IMPORTED = (
    "weakref",
    "importlib",
    "warnings",
    "eventkit.errors",
    "typing",
    "contextlib",
    "dataclasses",
    "inspect",
    "ast",
    "dis",
    "tokenize",
    "linecache",
    "copy",
    "fractions",
    "decimal",
    "numbers",
    "urllib.parse",
    "ipaddress",
    "re2",
    "regex",
    "pathlib",
)


def added_by(code: str) -> list[str]:
    """The modules of `_NOT_IMPORTED` a fresh interpreter has after `code` and not after
    starting (a site hook of some other environment may import one itself)."""
    modules, at_start = modules_after(code), modules_after("pass")
    return [name for name in _NOT_IMPORTED if name in modules and name not in at_start]


def test_importing_the_engine_imports_none_of_the_heavy_modules() -> None:
    assert added_by("import eventkit.compat") == []


def test_a_comparison_without_those_keywords_imports_none_of_them() -> None:
    added = added_by(
        "from eventkit.compat import check_compatibility\n"
        "old = {'type': 'object', 'properties': {'a': {'type': 'string'}, 'b': {'enum': [1, 2]}},"
        " 'required': ['a']}\n"
        "new = {'type': 'object', 'properties': {'a': {'type': 'integer'}}, 'required': ['a'],"
        " 'additionalProperties': False}\n"
        "report = check_compatibility(old, new, mode='FULL')\n"
        "assert report.compatible is False and repr(report.findings[0])"
    )
    assert added == []


# (old, new, (rule, example) of each finding under FULL: what main gave before the change)
_INTEGER_STEPS = [
    (
        {"type": "number", "multipleOf": 10},
        {"type": "number", "multipleOf": 11},
        [("MULTIPLE_OF_NARROWED", 10), ("MULTIPLE_OF_WIDENED", 11)],
    ),
    (
        {"enum": [4, 6, 7]},
        {"type": "integer", "multipleOf": 2},
        [("VALUE_REJECTED", 7), ("ENUM_REMOVED", 0)],
    ),
    (
        {"type": "integer", "multipleOf": 4},
        {"type": "integer", "multipleOf": 2},
        [("MULTIPLE_OF_WIDENED", 2)],
    ),
]


def test_integer_multiples_of_import_none_of_them_and_report_as_before() -> None:
    """The corpus's `multipleOf`s are ints (10, 11, 2): `fractions` stays unloaded."""
    code = (
        "import json\n"
        "from eventkit.compat import check_compatibility\n"
        f"cases = json.loads({json.dumps(json.dumps(_INTEGER_STEPS))})\n"
        "for old, new, expected in cases:\n"
        "    report = check_compatibility(old, new, mode='FULL')\n"
        "    got = [[f.rule_id, f.example] for f in report.findings]\n"
        "    assert report.compatible is False and got == expected, got\n"
    )
    assert added_by(code) == []


# name -> (old, new, the module its check imports on first use or None, (rule, example) of
# each finding under FULL: what main gave before the change)
_LAZY_CASES: dict[str, tuple[Any, Any, str | None, list[tuple[str, Any]]]] = {
    "pattern": (
        {"type": "string", "pattern": "^a"},
        {"type": "string", "pattern": "^a+$"},
        "re2",
        [("PATTERN_NARROWED", "a0")],
    ),
    "format": (
        {"type": "string"},
        {"type": "string", "format": "date"},
        None,  # the format's regular expression is compiled on first use; `re` is loaded
        [("FORMAT_NARROWED", "")],
    ),
    "multipleOf with a fraction": (
        {"type": "number", "multipleOf": 0.5},
        {"type": "number", "multipleOf": 0.2},
        "fractions",
        [("MULTIPLE_OF_NARROWED", 0.5), ("MULTIPLE_OF_WIDENED", 0.2)],
    ),
    "percent-escaped $ref fragment": (
        {"$ref": "#/$defs/a%20b", "$defs": {"a b": {"type": "string"}}},
        {"type": "integer"},
        "urllib.parse",
        [("TYPE_NARROWED", ""), ("TYPE_WIDENED", 0)],
    ),
}

_FRESH = """
import json, sys
from eventkit.compat import check_compatibility
old, new, module = json.loads(sys.argv[1])
before = module in sys.modules if module else False
report = check_compatibility(old, new, mode="FULL")
after = module in sys.modules if module else True
print(json.dumps([before, after, report.to_dict()]))
"""


@pytest.mark.parametrize("name", list(_LAZY_CASES))
def test_a_check_needing_a_lazy_import_gives_the_same_report_in_a_fresh_process(
    name: str,
) -> None:
    old, new, module, expected = _LAZY_CASES[name]
    done = subprocess.run(
        [sys.executable, "-c", _FRESH, json.dumps([old, new, module])],
        capture_output=True,
        text=True,
        check=True,
    )
    before, after, fresh = json.loads(done.stdout)
    assert (before, after) == (False, True)  # imported by the check, not by the engine
    here = check_compatibility(old, new, mode="FULL").to_dict()
    assert fresh == here
    assert fresh["compatible"] is False
    assert [(f["rule"], f["example"]) for f in fresh["findings"]] == expected
