"""Integers EventBridge refuses: JSON integers in `Detail` must fit in signed 64 bits.

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

__all__ = ["big_int_error", "may_hold_big_int"]

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


def may_hold_big_int(model: type[BaseModel]) -> bool:
    """Whether an instance of `model` may serialise an integer outside signed 64 bits (True
    for anything this cannot tell: `Any`, a custom serialiser, extra fields kept)."""
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


def big_int_error(data_json: str, model_name: str, index: int) -> EventValidationError | None:
    """The error for the first integer outside signed 64 bits in the serialised data, or
    None (the usual answer, after one search of its bytes)."""
    if _RUN not in data_json.encode("utf-8", "surrogatepass").translate(_DIGITS):
        return None
    found: list[tuple[tuple[str | int, ...], int]] = []

    def number(text: str) -> int:
        value = int(text)
        if not _LOW <= value <= _HIGH:
            found.append(((), value))
        return value

    data = json.loads(data_json, parse_int=number)
    if not found:  # the digits were in a string or a float
        return None
    value = found[0][1]
    loc = _path_to(data, value) or ()
    where = ".".join(map(str, loc)) or "<root>"
    problem = "must fit in a signed 64-bit integer (EventBridge refuses larger JSON integers)"
    return EventValidationError(
        f"events[{index}]: {model_name}: {where} {problem}, got {str(value)[:40]}",
        hint="send such a number as a string, or keep it within -2**63 .. 2**63-1",
        model=model_name,
        errors=[{"type": "int64", "loc": loc, "msg": problem, "input": value}],
    )


def _path_to(node: Any, value: int) -> tuple[str | int, ...] | None:
    """Where `value` (an int, not a bool) is in the parsed data."""
    if type(node) is int and node == value:
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
