"""JSON values as JSON Schema sees them: type masks, equality, formats and regex samples.

Everything here is pure (no schema documents): the validator and the engine build on it.
"""

from __future__ import annotations

import json
import re
import sys
from functools import lru_cache

from eventkit import schema_regex
from eventkit.compat._regex_sets import patterns_apart
from eventkit.error_base import CompatibilityError, RegexSyntaxError

TYPE_CHECKING = False  # not `typing.TYPE_CHECKING`: no `typing` at run time (a cold import)
if TYPE_CHECKING:
    from typing import Any

__all__ = [
    "ALL_TYPES",
    "ARR",
    "BOOL",
    "FLOAT",
    "FORMAT_SAMPLES",
    "INT",
    "NULL",
    "NUMBER",
    "OBJ",
    "STR",
    "TYPE_BITS",
    "check_format",
    "compile_pattern",
    "describe_types",
    "format_bound",
    "format_pattern",
    "jkey",
    "pattern_samples",
    "patterns_disjoint",
    "type_bit",
    "type_mask",
]

NULL, BOOL, INT, FLOAT, STR, ARR, OBJ = 1, 2, 4, 8, 16, 32, 64
NUMBER = INT | FLOAT
ALL_TYPES = 127
TYPE_BITS: dict[str, int] = {
    "null": NULL,
    "boolean": BOOL,
    "integer": INT,
    "number": NUMBER,
    "string": STR,
    "array": ARR,
    "object": OBJ,
}
# The parts a value can be split into (integer and fraction stay one "number" part).
TYPE_PARTS = (NULL, BOOL, NUMBER, STR, ARR, OBJ)


def type_bit(value: Any) -> int:
    """The type bit of a JSON value (an integral float such as 1.0 counts as integer)."""
    if value is None:
        return NULL
    if isinstance(value, bool):
        return BOOL
    if isinstance(value, int):
        return INT
    if isinstance(value, float):
        return INT if value.is_integer() else FLOAT
    if isinstance(value, str):
        return STR
    if isinstance(value, list):
        return ARR
    return OBJ


def type_mask(schema: dict[str, Any]) -> int:
    """The type bits a schema's `type` (and OpenAPI `nullable: true`) admits."""
    declared = schema["type"]
    if declared.__class__ is str:
        mask = TYPE_BITS[declared]
    else:
        mask = 0
        for name in declared if isinstance(declared, list) else [declared]:
            mask |= TYPE_BITS[name]
    if "nullable" in schema and schema["nullable"] is True:  # no method call when absent
        mask |= NULL
    return mask


def describe_types(mask: int) -> str:
    """`string | null` style text for a type mask (each mask's text made once)."""
    text = _DESCRIBED.get(mask)
    if text is None:
        text = _DESCRIBED[mask] = _describe_types(mask)
    return text


_DESCRIBED: dict[int, str] = {}


def _describe_types(mask: int) -> str:
    names = []
    for name, bit in (
        ("null", NULL),
        ("boolean", BOOL),
        ("number", NUMBER),
        ("integer", INT),
        ("string", STR),
        ("array", ARR),
        ("object", OBJ),
    ):
        if mask & bit == bit and not (name == "integer" and mask & NUMBER == NUMBER):
            names.append(name)
    if mask & NUMBER == FLOAT:
        names.append("non-integer number")
    return " | ".join(names) if names else "nothing"


def _norm(value: Any) -> Any:
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, list):
        return [_norm(v) for v in value]
    if isinstance(value, dict):
        return {k: _norm(v) for k, v in value.items()}
    return value


def jkey(value: Any) -> str:
    """A key equal for JSON-equal values (1 == 1.0, but true != 1), for enum and uniqueness."""
    if isinstance(value, str):
        return "s" + value
    if value is None or isinstance(value, (bool, int)):
        return json.dumps(value)
    return json.dumps(_norm(value), sort_keys=True, separators=(",", ":"))


def compile_pattern(pattern: str) -> schema_regex.SchemaRegex:
    """An ECMA-262 pattern, compiled by `eventkit.schema_regex` (cached there); its `search`
    runs in bounded time and raises `RegexTimeoutError` when it cannot answer in time."""
    try:
        return schema_regex.compile(pattern)
    except RegexSyntaxError as error:
        raise CompatibilityError(error.message, hint=error.hint) from None


# Formats are treated as assertions: a consumer's generated model checks them. RFC 3339 lets
# `T` and `Z` be lower case (pydantic reads both); a hostname may end in the root's dot. Digits are
# ASCII (`[0-9]`, not `\d`, which `re` reads as any Unicode digit): RFC 3339 dates, RFC 4122
# UUIDs and dotted IPv4 are ASCII, and consumers' models reject a date in Arabic-Indic digits.
_FORMAT_RES = {
    "date-time": r"[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt][0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?([Zz]|[+-][0-9]{2}:[0-9]{2})",
    "date": r"[0-9]{4}-[0-9]{2}-[0-9]{2}",
    "time": r"[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?([Zz]|[+-][0-9]{2}:[0-9]{2})?",
    "email": r"[^@\s]+@[^@\s]+\.[^@\s]+",
    "idn-email": r"[^@\s]+@[^@\s]+",
    "uuid": r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}",
    "uri": r"[A-Za-z][A-Za-z0-9+.-]*:\S*",
    "uri-reference": r"\S*",
    "ipv4": r"(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])(\.(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])){3}",
    "ipv6": r"[0-9a-fA-F:]*:[0-9a-fA-F:.]*",
    "hostname": r"[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\.?",
    "duration": r"P(?=[0-9]|T[0-9])([0-9]+Y)?([0-9]+M)?([0-9]+W)?([0-9]+D)?(T([0-9]+H)?([0-9]+M)?([0-9]+(\.[0-9]+)?S)?)?",
}
# Formats whose expression above means the same to `re` and to ECMA-262 (ASCII classes,
# groups, repetition; no `\s`, no look-around), so the regex-set automata can hold them:
# exact ones are the format (every match is a real value), bounding ones hold every value but
# also non-values (`0000-00-00` matches date's, `:` ipv6's): a proof about a writer, never a
# reader's language nor an example.
_EXACT_FORMATS = frozenset({"uuid", "ipv4"})
_BOUNDING_FORMATS = frozenset({"date-time", "date", "time", "ipv6", "hostname"})
# Each compiled on first use: compiling all twelve was ~1 ms of a cold `import eventkit.compat`.
_FORMAT_CHECKS: dict[str, re.Pattern[str]] = {}

FORMAT_SAMPLES: dict[str, tuple[str, ...]] = {
    "date-time": ("2026-01-01T00:00:00Z", "2026-01-01t00:00:00z"),
    "date": ("2026-01-01",),
    "time": ("12:00:00Z", "12:00:00"),
    "email": ("someone@example.com",),
    "idn-email": ("someone@example.com",),
    "uuid": ("123e4567-e89b-12d3-a456-426614174000",),
    "uri": ("https://example.com/x",),
    "uri-reference": ("/relative/path",),
    "ipv4": ("192.0.2.1",),
    "ipv6": ("2001:db8::1",),
    "hostname": ("example.com",),
    "duration": ("P1D",),
}


def check_format(name: str, value: str) -> bool:
    """True when `value` has format `name`; unknown formats accept everything."""
    checker = _FORMAT_CHECKS.get(name)
    if checker is None:
        if name not in _FORMAT_RES:
            return True
        checker = _FORMAT_CHECKS[name] = re.compile(_FORMAT_RES[name])
    return checker.fullmatch(value) is not None


def known_format(name: str) -> bool:
    return name in _FORMAT_RES


def format_bound(name: str) -> tuple[str | None, bool]:
    """A schema pattern every value of format `name` matches, and whether it is exact (each
    match a value); (None, False) for a format the automata cannot hold."""
    exact = name in _EXACT_FORMATS
    if exact or name in _BOUNDING_FORMATS:
        return f"^(?:{_FORMAT_RES[name]})$", exact
    return None, False


def format_pattern(name: str) -> str | None:
    """A schema pattern matching exactly the values of format `name` (what `check_format`
    accepts, each a real value); None unless the format is exact here."""
    pattern, exact = format_bound(name)
    return pattern if exact else None


# --- strings matching a regular expression --------------------------------------------------

# The regex parser behind `re` (re._parser since 3.11): used to sample matching strings.
__import__("re._parser")  # loaded by `re` already; `sys.modules` types it as Any
_sre_p: Any = sys.modules["re._parser"]
_sre_c: Any = sys.modules["re._constants"]

_CATEGORY_CHARS = {
    _sre_c.CATEGORY_DIGIT: "0",
    _sre_c.CATEGORY_NOT_DIGIT: "a",
    _sre_c.CATEGORY_WORD: "a",
    _sre_c.CATEGORY_NOT_WORD: "-",
    _sre_c.CATEGORY_SPACE: " ",
    _sre_c.CATEGORY_NOT_SPACE: "a",
}


class _GiveUp(Exception):
    pass


def _gen(items: Any, variant: int, groups: dict[int, str]) -> str:
    out: list[str] = []
    for op, arg in items:
        if op is _sre_c.LITERAL:
            out.append(chr(arg))
        elif op is _sre_c.NOT_LITERAL:
            out.append("a" if chr(arg) != "a" else "b")
        elif op is _sre_c.ANY:
            out.append("a")
        elif op is _sre_c.IN:
            out.append(_gen_in(arg))
        elif op is _sre_c.BRANCH:
            branches = arg[1]
            out.append(_gen(branches[variant % len(branches)], variant // len(branches), groups))
        elif op is _sre_c.SUBPATTERN:
            text = _gen(arg[-1], variant, groups)
            if arg[0] is not None:
                groups[arg[0]] = text
            out.append(text)
        elif op in (
            _sre_c.MAX_REPEAT,
            _sre_c.MIN_REPEAT,
            getattr(_sre_c, "POSSESSIVE_REPEAT", None),
        ):
            low, high, sub = arg
            count = low if variant % 2 == 0 else min(low + 1, high)
            out.extend(_gen(sub, variant // 2, groups) for _ in range(min(count, 1000)))
        elif op is _sre_c.AT:
            continue
        elif op is _sre_c.GROUPREF:
            out.append(groups.get(arg, ""))
        else:  # lookarounds, conditionals: no cheap sample
            raise _GiveUp
    return "".join(out)


def _gen_in(items: Any) -> str:
    negate = any(op is _sre_c.NEGATE for op, _ in items)
    if negate:
        for candidate in "aZ0_- .":
            if not _in_set(items, candidate):
                return candidate
        raise _GiveUp
    for op, arg in items:
        if op is _sre_c.LITERAL:
            return chr(arg)
        if op is _sre_c.RANGE:
            return chr(arg[0])
        if op is _sre_c.CATEGORY and arg in _CATEGORY_CHARS:
            return _CATEGORY_CHARS[arg]
    raise _GiveUp


def _in_set(items: Any, char: str) -> bool:
    code = ord(char)
    for op, arg in items:
        if (op is _sre_c.LITERAL and arg == code) or (
            op is _sre_c.RANGE and arg[0] <= code <= arg[1]
        ):
            return True
        if op is _sre_c.CATEGORY:
            probe = re.compile(f"[{_category_escape(arg)}]")
            if probe.match(char):
                return True
    return False


def _category_escape(category: Any) -> str:
    return {
        _sre_c.CATEGORY_DIGIT: r"\d",
        _sre_c.CATEGORY_NOT_DIGIT: r"\D",
        _sre_c.CATEGORY_WORD: r"\w",
        _sre_c.CATEGORY_NOT_WORD: r"\W",
        _sre_c.CATEGORY_SPACE: r"\s",
        _sre_c.CATEGORY_NOT_SPACE: r"\S",
    }.get(category, r"\w")


@lru_cache(maxsize=2048)
def pattern_samples(pattern: str) -> tuple[str, ...]:
    """A few strings that (probably) match `pattern`, each re-checked with `schema_regex`."""
    try:  # parsed with its ECMA-262 meaning, spelled in Python's syntax
        parsed = _sre_p.parse(schema_regex.python_syntax(pattern))
    except Exception:
        return ()
    samples: list[str] = []
    for variant in range(6):
        try:
            text = _gen(parsed, variant, {})
        except (_GiveUp, RecursionError):
            break
        if text not in samples:
            samples.append(text)
    regex = compile_pattern(pattern)
    return tuple(s for s in samples if regex.search(s))


def _anchored_prefix(pattern: str) -> str | None:
    """The literal text a `^`-anchored pattern starts with (None when not anchored)."""
    try:
        parsed = list(_sre_p.parse(schema_regex.python_syntax(pattern)))
    except Exception:
        return None
    if not parsed or parsed[0] != (_sre_c.AT, _sre_c.AT_BEGINNING):
        return None
    prefix = []
    for op, arg in parsed[1:]:
        if op is not _sre_c.LITERAL:
            break
        prefix.append(chr(arg))
    return "".join(prefix)


@lru_cache(maxsize=4096)
def patterns_disjoint(first: str, second: str) -> bool:
    """True only when no string can match both (anchored literal prefixes that diverge, or
    proved by automata)."""
    a, b = _anchored_prefix(first), _anchored_prefix(second)
    if a and b and not (a.startswith(b) or b.startswith(a)):
        return True
    return patterns_apart(first, second)
