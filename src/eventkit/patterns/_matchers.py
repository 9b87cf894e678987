"""Leaf matchers: one per pattern operator, each testing one leaf value of the event.

A leaf is a JSON string, number, boolean or null. Values are compared with their JSON
type: the string ``"300"`` never equals the number ``300``, and ``true`` never equals ``1``.
Numbers compare by value (``300`` equals ``300.0``), as AWS does.
"""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass
from typing import Any

__all__ = [
    "AnythingBut",
    "AnythingButPredicate",
    "Cidr",
    "EqualsIgnoreCase",
    "Exact",
    "Exists",
    "Matcher",
    "Numeric",
    "Prefix",
    "Suffix",
    "Wildcard",
    "is_number",
    "same_value",
]


def is_number(value: Any) -> bool:
    """A JSON number (bool is not one, although Python thinks so)."""
    return isinstance(value, int | float) and not isinstance(value, bool)


def same_value(pattern_value: Any, value: Any) -> bool:
    """Equality of two JSON leaves, type-strict, numbers by value."""
    if isinstance(pattern_value, str):
        return isinstance(value, str) and value == pattern_value
    if pattern_value is None:
        return value is None
    if isinstance(pattern_value, bool):
        return isinstance(value, bool) and value is pattern_value
    return is_number(value) and value == pattern_value


class Matcher:
    """Base: `test(leaf)` says whether one leaf value satisfies the operator."""

    __slots__ = ()

    def test(self, value: Any) -> bool:
        raise NotImplementedError


@dataclass(frozen=True, slots=True)
class Exact(Matcher):
    value: Any

    def test(self, value: Any) -> bool:
        return same_value(self.value, value)


@dataclass(frozen=True, slots=True)
class Exists(Matcher):
    """`{"exists": true}` is satisfied by any leaf; `false` is handled by absence."""

    present: bool

    def test(self, value: Any) -> bool:
        return self.present


@dataclass(frozen=True, slots=True)
class Prefix(Matcher):
    prefix: str
    ignore_case: bool = False

    def test(self, value: Any) -> bool:
        if not isinstance(value, str):
            return False
        if self.ignore_case:
            return value.lower().startswith(self.prefix)
        return value.startswith(self.prefix)


@dataclass(frozen=True, slots=True)
class Suffix(Matcher):
    suffix: str
    ignore_case: bool = False

    def test(self, value: Any) -> bool:
        if not isinstance(value, str):
            return False
        if self.ignore_case:
            return value.lower().endswith(self.suffix)
        return value.endswith(self.suffix)


@dataclass(frozen=True, slots=True)
class EqualsIgnoreCase(Matcher):
    lowered: str

    def test(self, value: Any) -> bool:
        return isinstance(value, str) and value.lower() == self.lowered


@dataclass(frozen=True, slots=True)
class Wildcard(Matcher):
    source: str
    regex: re.Pattern[str]

    def test(self, value: Any) -> bool:
        return isinstance(value, str) and self.regex.fullmatch(value) is not None


@dataclass(frozen=True, slots=True)
class Cidr(Matcher):
    network: ipaddress.IPv4Network | ipaddress.IPv6Network

    def test(self, value: Any) -> bool:
        if not isinstance(value, str):
            return False
        try:
            address = ipaddress.ip_address(value)
        except ValueError:
            return False
        return address.version == self.network.version and address in self.network


@dataclass(frozen=True, slots=True)
class Numeric(Matcher):
    """Conjunction of (operator, operand) comparisons on a number leaf."""

    terms: tuple[tuple[str, float], ...]

    def test(self, value: Any) -> bool:
        if not is_number(value):
            return False
        for op, operand in self.terms:
            if op == "=":
                ok = value == operand
            elif op == "<":
                ok = value < operand
            elif op == "<=":
                ok = value <= operand
            elif op == ">":
                ok = value > operand
            else:
                ok = value >= operand
            if not ok:
                return False
        return True


@dataclass(frozen=True, slots=True)
class AnythingBut(Matcher):
    """`{"anything-but": v}` / `[v, ...]`: any leaf (null included) equal to none of them."""

    values: tuple[Any, ...]

    def test(self, value: Any) -> bool:
        return not any(same_value(v, value) for v in self.values)


@dataclass(frozen=True, slots=True)
class AnythingButPredicate(Matcher):
    """`{"anything-but": {"prefix" | "suffix" | "equals-ignore-case" | "wildcard": ...}}`:
    any leaf that satisfies none of the inner matchers (a number or null always does)."""

    inner: tuple[Matcher, ...]

    def test(self, value: Any) -> bool:
        return not any(m.test(value) for m in self.inner)
