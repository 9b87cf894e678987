"""Validate an event pattern the way AWS does, and compile it into a `CompiledPattern`.

Every operator is checked with AWS's own reasons (InvalidEventPatternException); the
result is a list of alternatives, one per combination of `$or` branches, each a tuple of
fields (a leaf's dot-joined path and the matchers any of which must hold). Matching is
`_compiled`'s.
"""

from __future__ import annotations

import decimal
import ipaddress
import json
import math
from collections.abc import Mapping
from functools import lru_cache
from typing import Any

from eventkit.errors import PatternError
from eventkit.pattern_quota import DEFAULT_MAX_PATTERN_CHARS, MAX_PATTERN_CHARS, text_chars
from eventkit.patterns._compiled import CompiledPattern, PatternField
from eventkit.patterns._matchers import (
    AnythingBut,
    AnythingButPredicate,
    Cidr,
    EqualsIgnoreCase,
    Exact,
    Exists,
    Matcher,
    Numeric,
    Prefix,
    Suffix,
    Wildcard,
    is_number,
)
from eventkit.patterns._wildcard import (
    COMPLEXITY_LIMIT,
    WildcardSyntaxError,
    complexity,
    parse_wildcard,
)

__all__ = [
    "DEFAULT_MAX_PATTERN_CHARS",
    "MAX_PATTERN_CHARS",
    "CompiledPattern",
    "compile_pattern",
    "pattern_size",
]

# The "Event pattern size" quota: 2,048 characters by default, adjustable (Service Quotas)
# up to the API's own ceiling, EventPattern's 4,096 in the PutRule model.
MAX_COMBINATIONS = 1000
NUMERIC_LIMIT = 5.0e9
MAX_DECIMALS = 6
_REASON = "Event pattern is not valid. Reason: "
_OPERATORS = frozenset(
    {
        "prefix",
        "suffix",
        "equals-ignore-case",
        "anything-but",
        "numeric",
        "exists",
        "cidr",
        "wildcard",
    }
)
_NUMERIC_OPS = frozenset({"<", "<=", "=", ">", ">="})


def _fail(reason: str, path: str | None) -> PatternError:
    where = f" (at {path})" if path else ""
    return PatternError(f"{_REASON}{reason}{where}", path=path)


def _text_of(pattern: Mapping[str, Any]) -> str:
    """The shortest JSON text of a pattern object: what to send to PutRule."""
    try:
        return json.dumps(pattern, sort_keys=False, separators=(",", ":"), ensure_ascii=False)
    except RecursionError:
        # Too deep for the encoder (~1,000 levels) is also far over the API's 4,096
        # characters: each level is at least `{"":` and `}`.
        raise PatternError(
            f"Event pattern nests too deep to measure; the API takes at most {MAX_PATTERN_CHARS:,} "
            "characters",
            hint="shorten it: a pattern names the few fields it tests",
        ) from None
    except (TypeError, ValueError) as exc:  # not JSON: a set, bytes, NaN, a circular dict
        raise _fail(f"Filter is not valid JSON: {exc}", None) from None


def pattern_size(pattern: str | Mapping[str, Any]) -> int:
    """The size of `pattern` as the "Event pattern size" quota counts it, in characters:
    JSON text as given (whitespace counts), a pattern object as its compact JSON text
    (`json.dumps(p, separators=(",", ":"), ensure_ascii=False)`)."""
    return text_chars(pattern if isinstance(pattern, str) else _text_of(pattern))


def compile_pattern(
    pattern: str | Mapping[str, Any], *, max_chars: int = DEFAULT_MAX_PATTERN_CHARS
) -> CompiledPattern:
    """Validate `pattern` (object or JSON text) and compile it.

    Args:
        max_chars: the account's "Event pattern size" quota (default 2,048, AWS's default;
            at most 4,096, the API's limit). A pattern of more characters is refused.

    Raises:
        PatternError: AWS would reject the pattern; the message gives AWS's reason.
    """
    if not 1 <= max_chars <= MAX_PATTERN_CHARS:
        raise ValueError(
            f"max_chars must be 1-{MAX_PATTERN_CHARS} (the API limit), got {max_chars}"
        )
    if isinstance(pattern, str):
        text = pattern
    elif isinstance(pattern, Mapping):
        text = _text_of(pattern)
    else:
        raise _fail("Filter is not an object", None)
    size = text_chars(text)
    if size > max_chars:
        raise PatternError(
            f"Event pattern is {size:,} characters; the limit is {max_chars:,} (the "
            '"Event pattern size" quota; its default is 2,048, adjustable up to 4,096)',
            hint="split it into several rules, or shorten it (prefix/wildcard matching, "
            "fewer alternatives); or raise the quota and pass max_chars",
        )
    return _compile_text(text)


@lru_cache(maxsize=512)
def _compile_text(text: str) -> CompiledPattern:
    try:
        source = json.loads(text, parse_constant=_not_json)
    except ValueError as exc:
        raise _fail(f"Filter is not valid JSON: {exc}", None) from exc
    except RecursionError:
        raise _too_deep() from None
    if not isinstance(source, dict):
        raise _fail("Filter is not an object", None)
    try:
        alternatives = _compile_object(source, "")
    except RecursionError:  # ~800 levels fit in 4,096 characters; called from a deep stack
        raise _too_deep() from None
    if len(alternatives) > MAX_COMBINATIONS:
        raise _fail(
            f"The pattern has {len(alternatives)} $or combinations; the limit is {MAX_COMBINATIONS}",
            None,
        )
    for fields in alternatives:
        for f in fields:
            _check_complexity(f)
    return CompiledPattern(source, alternatives)


def _not_json(constant: str) -> Any:
    """`NaN`, `Infinity`, `-Infinity`: Python's json reads them, JSON (and AWS) does not."""
    raise ValueError(f"{constant} is not a JSON value")


def _too_deep() -> PatternError:
    return PatternError(
        "Event pattern nests too deep to evaluate here (Python's recursion limit)",
        hint="a pattern names the few fields it tests; flatten it with dot-joined keys "
        '("a.b": [...])',
    )


def _compile_object(obj: dict[str, Any], path: str) -> list[tuple[PatternField, ...]]:
    """The alternatives of one pattern object: a product over its keys, `$or` branching."""
    if not obj:  # AWS: "Empty objects are not allowed" (`{}` would name no field to test)
        raise _fail("Empty objects are not allowed", path or None)
    alternatives: list[tuple[PatternField, ...]] = [()]
    for key, value in obj.items():
        if key == "$or":
            branches = _compile_or(value, path)
            alternatives = [a + b for a in alternatives for b in branches]
        else:
            child = f"{path}.{key}" if path else key
            if isinstance(value, dict):
                sub = _compile_object(value, child)
                alternatives = [a + b for a in alternatives for b in sub]
            elif isinstance(value, list):
                field = _compile_field(value, child)
                alternatives = [(*a, field) for a in alternatives]
            else:
                raise _fail(f'"{key}" must be an object or an array', child)
        if len(alternatives) > MAX_COMBINATIONS:
            raise _fail(f"The $or combinations exceed {MAX_COMBINATIONS}", path or None)
    return alternatives


def _compile_or(value: Any, path: str) -> list[tuple[PatternField, ...]]:
    where = f"{path}.$or" if path else "$or"
    if not isinstance(value, list) or len(value) < 2:
        raise _fail("$or must be an array of at least two objects", where)
    branches: list[tuple[PatternField, ...]] = []
    for item in value:
        if not isinstance(item, dict) or not item:
            raise _fail("Each $or alternative must be a non-empty object", where)
        branches.extend(_compile_object(item, path))
    return branches


def _compile_field(values: list[Any], path: str) -> PatternField:
    if not values:
        raise _fail("Empty arrays are not allowed", path)
    matchers: list[Matcher] = []
    absent_ok = False
    for value in values:
        if isinstance(value, dict):
            matcher = _compile_operator(value, path)
            if isinstance(matcher, Exists) and not matcher.present:
                absent_ok = True
                continue
            matchers.append(matcher)
        elif value is None or isinstance(value, str | bool) or is_number(value):
            matchers.append(Exact(value))
        else:
            raise _fail("Match value must be String, number, true, false, or null", path)
    return PatternField(path, tuple(matchers), absent_ok)


def _compile_operator(expr: dict[str, Any], path: str) -> Matcher:
    if len(expr) != 1:
        raise _fail("Only one key allowed in match expression", path)
    ((op, arg),) = expr.items()
    if op not in _OPERATORS:
        raise _fail(f"Unrecognized match type {op}", path)
    if op == "exists":
        if not isinstance(arg, bool):
            raise _fail("exists match pattern must be either true or false.", path)
        return Exists(arg)
    if op in ("prefix", "suffix"):
        return _affix(op, arg, path)
    if op == "equals-ignore-case":
        if not isinstance(arg, str):
            raise _fail("equals-ignore-case match pattern must be a string", path)
        return EqualsIgnoreCase(arg.lower())
    if op == "wildcard":
        return _wildcard(arg, path)
    if op == "cidr":
        return _cidr(arg, path)
    if op == "numeric":
        return _numeric(arg, path)
    return _anything_but(arg, path)


def _affix(op: str, arg: Any, path: str) -> Matcher:
    cls = Prefix if op == "prefix" else Suffix
    if isinstance(arg, dict):
        if len(arg) != 1 or "equals-ignore-case" not in arg:
            raise _fail(f"Unsupported {op} pattern: {', '.join(arg) or '{}'}", path)
        inner = arg["equals-ignore-case"]
        if not isinstance(inner, str):
            raise _fail(f"{op}/equals-ignore-case match pattern must be a string", path)
        return cls(inner.lower(), ignore_case=True)
    if not isinstance(arg, str):
        raise _fail(f"{op} match pattern must be a string", path)
    return cls(arg)


def _wildcard(arg: Any, path: str) -> Wildcard:
    if not isinstance(arg, str):
        raise _fail("wildcard match pattern must be a string", path)
    try:
        regex, _ = parse_wildcard(arg)
    except WildcardSyntaxError as exc:
        raise _fail(str(exc), path) from exc
    return Wildcard(arg, regex)


def _cidr(arg: Any, path: str) -> Cidr:
    if not isinstance(arg, str):
        raise _fail("cidr match pattern must be a string", path)
    address, slash, mask = arg.partition("/")
    if not slash:
        raise _fail("Malformed CIDR, one '/' required", path)
    if not mask.isdigit():
        raise _fail("Malformed CIDR, mask bits must be an integer", path)
    try:
        network = ipaddress.ip_network(arg, strict=False)
    except ValueError as exc:
        raise _fail(f"Nonstandard IP address: {address}", path) from exc
    return Cidr(network)


def _numeric_operand(value: Any, op: str, path: str) -> float:
    if not is_number(value) or not math.isfinite(value):
        name = "equals" if op == "=" else op
        raise _fail(f"Value of {name} must be numeric", path)
    _check_comparable(value, path)
    return float(value)


def _check_comparable(value: int | float, path: str) -> None:
    """What AWS can compare as a number (event-ruler's ComparableNumber; the docs: numbers
    from -5.0e9 to 5.0e9, six decimals): more decimals or a larger value is refused."""
    if isinstance(value, float):
        exponent = decimal.Decimal(repr(value)).normalize().as_tuple().exponent
        if isinstance(exponent, int) and -exponent > MAX_DECIMALS:
            raise _fail("Only values upto 6 decimals are supported", path)
    if not -NUMERIC_LIMIT <= value <= NUMERIC_LIMIT:
        raise _fail(f"Value must be between {-NUMERIC_LIMIT} and {NUMERIC_LIMIT}, inclusive", path)


def _numeric(arg: Any, path: str) -> Numeric:
    if not isinstance(arg, list):
        raise _fail("Value of numeric must be an array.", path)
    if not arg:
        raise _fail("Invalid member in numeric match: ]", path)
    first = arg[0]
    if not isinstance(first, str):
        raise _fail(f"Invalid member in numeric match: {json.dumps(first)}", path)
    if first not in _NUMERIC_OPS:
        raise _fail(f"Unrecognized numeric range operator: {first}", path)
    terms = [(first, _numeric_operand(arg[1] if len(arg) > 1 else None, first, path))]
    if len(arg) > 2:
        if first not in (">", ">="):
            raise _fail("Too many elements in numeric expression", path)
        second = arg[2]
        if not isinstance(second, str) or second not in ("<", "<="):
            raise _fail(f"Bad numeric range operator: {json.dumps(second)}", path)
        top = _numeric_operand(arg[3] if len(arg) > 3 else None, second, path)
        if top <= terms[0][1]:
            raise _fail("Bottom must be less than top", path)
        if len(arg) > 4:
            raise _fail("Too many terms in numeric range expression", path)
        terms.append((second, top))
    return Numeric(tuple(terms))


_BUT_INNER = ("prefix", "suffix", "equals-ignore-case", "wildcard")


def _anything_but(arg: Any, path: str) -> Matcher:
    if is_number(arg):
        _check_comparable(arg, path)
    if isinstance(arg, str) or is_number(arg):
        return AnythingBut((arg,))
    if isinstance(arg, list):
        if not arg:
            raise _fail("Empty arrays are not allowed", path)
        for item in arg:
            if not (isinstance(item, str) or is_number(item)):
                raise _fail("Inside anything but list, start|null|boolean is not supported.", path)
        if any(isinstance(item, str) for item in arg) and any(is_number(i) for i in arg):
            raise _fail(
                "Inside anything but list, either all values are number or string, "
                "mixed type is not supported",
                path,
            )
        for item in arg:
            if is_number(item):
                _check_comparable(item, path)
        return AnythingBut(tuple(arg))
    if not isinstance(arg, dict):
        raise _fail("Value of anything-but must be an array or single string/number value.", path)
    return _anything_but_object(arg, path)


def _anything_but_object(arg: dict[str, Any], path: str) -> Matcher:
    if len(arg) != 1:
        raise _fail("Only one key allowed in match expression", path)
    ((op, inner),) = arg.items()
    if op not in _BUT_INNER:
        raise _fail(f"Unsupported anything-but pattern: {op}", path)
    items = inner if isinstance(inner, list) else [inner]
    if not items:
        raise _fail("Empty arrays are not allowed", path)
    if not all(isinstance(i, str) for i in items):
        raise _fail(
            f"Inside anything-but/{op} list, number|start|null|boolean is not supported.", path
        )
    if op in ("prefix", "suffix") and not all(items):
        raise _fail("Null prefix/suffix not allowed", path)
    build = _BUT_BUILDERS[op]
    return AnythingButPredicate(tuple(build(item, path) for item in items))


_BUT_BUILDERS: dict[str, Any] = {
    "prefix": lambda item, path: Prefix(item),
    "suffix": lambda item, path: Suffix(item),
    "equals-ignore-case": lambda item, path: EqualsIgnoreCase(item.lower()),
    "wildcard": lambda item, path: _wildcard(item, path),
}


def _check_complexity(f: PatternField) -> None:
    tokens: list[list[int]] = []
    for m in f.matchers:
        inner = m.inner if isinstance(m, AnythingButPredicate) else (m,)
        for w in inner:
            if isinstance(w, Wildcard):
                tokens.append(parse_wildcard(w.source)[1])
    if tokens and complexity(tokens) > COMPLEXITY_LIMIT:
        raise _fail(
            "Rule is too complex - try using fewer wildcard characters or fewer repeating "
            "character sequences after a wildcard character",
            f.path,
        )
