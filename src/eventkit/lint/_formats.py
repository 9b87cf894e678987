"""String formats as jsonschema's format checker judges them, without importing jsonschema when
the answer is certain.

Importing jsonschema (with `referencing` and attrs) costs more than linting a clean registry
of 1,000 files once its fast paths have run, and a clean registry only ever asks about a
handful of everyday values: `$schema` dialect URIs, relative `$ref`s, and example values
with the `uuid`, `email`, `date-time` and `date` formats. `conforms` answers those from
conservative patterns, each accepting only strings that every implementation jsonschema may
use for the format (its own, `rfc3339-validator`, `rfc3986-validator`, `rfc3987`) accepts;
anything else is handed to jsonschema's checker, imported then.
tests/lint/test_formats.py checks that a certain answer always agrees with jsonschema's.
"""

from __future__ import annotations

import re
from datetime import date
from functools import cache
from typing import Any

__all__ = ["conforms", "format_checker"]

# The dialect URIs eventkit writes: absolute URIs under any reading of RFC 3986.
_KNOWN_URIS = frozenset(
    (
        "https://json-schema.org/draft/2020-12/schema",
        "https://json-schema.org/draft/2020-12/schema#",
        "http://json-schema.org/draft-04/schema#",
        "http://json-schema.org/draft-04/schema",
    )
)
# A relative reference without a scheme, authority-free colon or query: path characters
# (unreserved and "/") and an optional fragment of the same plus "$" (a sub-delim), e.g.
# "../../_shared/money.json#/$defs/Money" or "#/$defs/Line". RFC 3986 relative-ref.
_RELATIVE_REF = re.compile(r"[A-Za-z0-9._~/-]*(?:#[A-Za-z0-9._~/$-]*)?")
_UUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")
# RFC 3339 date-time, upper case only, no leap second (stricter than rfc3339-validator).
_DATE_TIME = re.compile(
    r"[0-9]{4}-(?:0[1-9]|1[0-2])-[0-9]{2}T(?:[01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9]"
    r"(?:\.[0-9]+)?(?:Z|[+-](?:[01][0-9]|2[0-3]):[0-5][0-9])"
)
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _real_date(text: str) -> bool:
    try:
        date.fromisoformat(text)  # the day exists in that month; year 0 is refused
    except ValueError:
        return False
    return True


def _certain(value: str, fmt: str) -> bool:
    """True only when every format checker jsonschema may use accepts `value` as `fmt`."""
    if fmt == "uri":
        return value in _KNOWN_URIS
    if fmt == "uri-reference":
        return value in _KNOWN_URIS or (value != "" and _RELATIVE_REF.fullmatch(value) is not None)
    if fmt == "uuid":
        return _UUID.fullmatch(value) is not None
    if fmt == "email":
        return "@" in value
    if fmt == "date-time":
        return _DATE_TIME.fullmatch(value) is not None and _real_date(value[:10])
    if fmt == "date":
        return _DATE.fullmatch(value) is not None and _real_date(value)
    return False


@cache
def format_checker() -> Any:
    """jsonschema's 2020-12 format checker (importing jsonschema on first call), for examples
    and defaults of every dialect: draft-04's own checker knows no `date`, `time` or `uuid`,
    which the generated models still parse as `date` and `UUID` (codegen reads the format
    whatever the dialect), so a draft-04 example `"day": "yesterday"` would pass lint and fail
    the model.

    Its `uuid` accepts ASCII hex digits only: jsonschema's parses with Python's `UUID`, which
    takes any Unicode digit ("\u0661" for 1), where the generated model's `UUID` refuses it."""
    from jsonschema import Draft202012Validator, FormatChecker  # type: ignore[import-untyped]

    checker = FormatChecker(formats=())
    checker.checkers = {**Draft202012Validator.FORMAT_CHECKER.checkers, "uuid": (_uuid, ())}
    return checker


def _uuid(instance: Any) -> bool:
    return type(instance) is not str or _UUID.fullmatch(instance) is not None


def conforms(value: Any, fmt: str) -> bool:
    """Whether jsonschema's 2020-12 format checker accepts `value` as `fmt`."""
    # fast path: -14% (CPU) on bench/registry_load.py figure registry_load.lint_vs_floor_process,
    # jsonschema not imported for a clean registry (measured 2026-12-06)
    if type(value) is str and _certain(value, fmt):
        return True
    return bool(format_checker().conforms(value, fmt))
