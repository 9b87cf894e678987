"""Numbers EventBridge refuses in `Detail`: integers outside signed 64 bits, NaN and Infinity.

pydantic's `int` holds any size, so an event with `2**63` in an int field constructs and
serialises; PutEvents then refuses its entry (`MalformedDetail`) after the requests before it
went out, leaving the batch half published (docs/decisions/0007: everything is checked before
the first request).

The check costs nothing for a class whose fields cannot hold such an integer (every int field
bounded within 64 bits, as generated models of schemas with `minimum`/`maximum` are): that is
found once per class from its fields' types. For the others, the serialised data is searched
for a run of 19 digits (the shortest integer outside the range has 19) with two C-speed passes
over its bytes; only a hit (rare: such a number, or digits in a string) parses the data to
name the field.

NaN and Infinity (which JSON has not: pydantic writes them as the constants, and PutEvents
refuses the entry, `MalformedDetail`) can only come from a free-form value (`dict[str,
object]`, `Any`), since a float field refuses them at construction: the same classes are
searched, for the two constants' names.
"""

from __future__ import annotations

import enum
import functools
import json
import types
import typing
import uuid
from collections.abc import Mapping
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from pydantic import BaseModel

from eventkit.errors import EventValidationError

__all__ = ["may_hold_refused_number", "refused_number_error"]

_LOW, _HIGH = -(2**63), 2**63 - 1

# Every byte: digits kept as "0", anything else a space; 19 "0"s in a row are 19 digits.
_DIGITS = bytes(0x30 if 0x30 <= b <= 0x39 else 0x20 for b in range(256))
_RUN = b"0" * 19

# Types pydantic serialises as JSON strings, floats or booleans: never a JSON integer.
_NO_INT: tuple[type, ...] = (
    str,
    bytes,
    bool,
    float,
    Decimal,
    datetime,
    date,
    time,
    timedelta,
    uuid.UUID,
    type(None),
)


def may_hold_refused_number(model: type[BaseModel]) -> bool:
    """Whether an instance of `model` may serialise an integer outside signed 64 bits, or NaN
    or Infinity (True for anything this cannot tell: `Any`, a custom serialiser, extra fields
    kept; an int field without 64-bit bounds; never for a float field, which refuses them)."""
    return _model(model, set())


@functools.cache
def _pydantic_no_int() -> tuple[type, ...]:
    """pydantic's own types that are JSON strings (read once, on the first class checked:
    `pydantic.networks` is not imported by `import eventkit`)."""
    import pydantic

    names = (
        "AwareDatetime",
        "NaiveDatetime",
        "PastDate",
        "FutureDate",
        "PastDatetime",
        "FutureDatetime",
        "AnyUrl",
        "EmailStr",
        "NameEmail",
        "SecretStr",
        "SecretBytes",
        "IPvAnyAddress",
        "IPvAnyInterface",
        "IPvAnyNetwork",
    )
    return tuple(
        found for name in names if isinstance(found := getattr(pydantic, name, None), type)
    )


def _model(model: type[BaseModel], seen: set[type]) -> bool:
    if model in seen:  # a recursive model: its fields are being looked at already
        return False
    seen.add(model)
    if model.model_config.get("extra") == "allow" or model.model_computed_fields:
        return True
    decorators = getattr(model, "__pydantic_decorators__", None)
    if decorators is None or decorators.field_serializers or decorators.model_serializers:
        return True
    return any(
        _annotation(field.annotation, field.metadata, seen) for field in model.model_fields.values()
    )


def _annotation(annotation: Any, metadata: list[Any], seen: set[type]) -> bool:
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        inner, *extra = typing.get_args(annotation)
        return _annotation(inner, [*metadata, *extra], seen)
    if origin is typing.Literal:
        return any(_int_out_of_range(value) for value in typing.get_args(annotation))
    if origin is typing.Union or origin is types.UnionType:
        return any(_annotation(arg, metadata, seen) for arg in typing.get_args(annotation))
    if origin is not None:  # list[X], dict[str, X], tuple[X, ...]: what they hold
        if isinstance(origin, type) and issubclass(origin, Mapping):
            args = typing.get_args(annotation)[1:]
        else:
            args = typing.get_args(annotation)
        return not args or any(_annotation(arg, [], seen) for arg in args if arg is not ...)
    if not isinstance(annotation, type):
        return True  # Any, a TypeVar, a forward reference left unresolved
    if issubclass(annotation, enum.Enum):
        return any(_int_out_of_range(member.value) for member in annotation)
    if issubclass(annotation, _NO_INT) or issubclass(annotation, _pydantic_no_int()):
        return False
    if issubclass(annotation, int):
        return not _bounded(metadata)
    if issubclass(annotation, BaseModel):
        return _model(annotation, seen)
    return True


def _int_out_of_range(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and not _LOW <= value <= _HIGH


def _bounded(metadata: list[Any]) -> bool:
    """Whether the constraints (`Field(ge=..., le=...)`, annotated-types' Ge/Gt/Le/Lt or
    Interval, a FieldInfo holding them) keep an int within signed 64 bits."""
    low = high = False
    for item in metadata:
        for constraint in getattr(item, "metadata", None) or [item]:
            for name in ("ge", "gt"):
                bound = getattr(constraint, name, None)
                low = low or (isinstance(bound, int | float) and bound >= _LOW)
            for name in ("le", "lt"):
                bound = getattr(constraint, name, None)
                high = high or (isinstance(bound, int | float) and bound <= _HIGH)
    return low and high


def refused_number_error(
    data_json: str, model_name: str, index: int
) -> EventValidationError | None:
    """The error for the first integer outside signed 64 bits, or NaN or Infinity, in the
    serialised data, or None (the usual answer, after one search of its bytes)."""
    if (
        _RUN not in data_json.encode("utf-8", "surrogatepass").translate(_DIGITS)
        and "NaN" not in data_json
        and "Infinity" not in data_json
    ):
        return None
    found: list[object] = []

    def number(text: str) -> int:
        value = int(text)
        if not _LOW <= value <= _HIGH:
            found.append(value)
        return value

    def constant(name: str) -> object:  # NaN, Infinity, -Infinity: a marker to find it by
        marker = _Constant(name)
        found.append(marker)
        return marker

    data = json.loads(data_json, parse_int=number, parse_constant=constant)
    if not found:  # the digits or the names were in a string or a float
        return None
    value = found[0]
    loc = _path_to(data, value) or ()
    where = ".".join(map(str, loc)) or "<root>"
    if isinstance(value, _Constant):
        problem = "must be a finite number (JSON has no NaN or Infinity; EventBridge refuses it)"
        kind, shown, hint = (
            "finite_number",
            value.name,
            "leave the value out, or send it as a string",
        )
    else:
        problem = "must fit in a signed 64-bit integer (EventBridge refuses larger JSON integers)"
        kind, shown = "int64", str(value)[:40]
        hint = "send such a number as a string, or keep it within -2**63 .. 2**63-1"
    return EventValidationError(
        f"events[{index}]: {model_name}: {where} {problem}, got {shown}",
        hint=hint,
        model=model_name,
        errors=[
            {
                "type": kind,
                "loc": loc,
                "msg": problem,
                "input": shown if kind == "finite_number" else value,
            }
        ],
    )


class _Constant:
    """NaN or Infinity as read back from the data (compared by identity: NaN != NaN)."""

    __slots__ = ("name",)

    def __init__(self, name: str) -> None:
        self.name = name


def _path_to(node: Any, value: object) -> tuple[str | int, ...] | None:
    """Where `value` (an int, not a bool, or a `_Constant`) is in the parsed data."""
    if node is value or (type(node) is int and type(value) is int and node == value):
        return ()
    items: Any = (
        node.items()
        if isinstance(node, dict)
        else enumerate(node)
        if isinstance(node, list)
        else ()
    )
    for key, child in items:
        below = _path_to(child, value)
        if below is not None:
            return (key, *below)
    return None
