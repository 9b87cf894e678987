"""GitHub Actions expressions (`${{ ... }}`, step and job `if:`), evaluated as GitHub does, for
the subset eventkit's workflow and action use: literals, context properties, `!`, `==`, `!=`,
`&&`, `||`, parentheses and `format()`.

So a test can say what a workflow does on a given event (which steps run, which ref `check`
compares with) instead of comparing its text. Semantics from GitHub's "Evaluate expressions"
docs: `&&` / `||` return an operand (not a boolean), a missing property is null, strings
compare ignoring case, null and '' are falsy.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

__all__ = ["evaluate", "interpolate", "runs"]

_TOKEN = re.compile(
    r"\s*(?:(?P<str>'(?:[^']|'')*')|(?P<num>-?\d+(?:\.\d+)?)"
    r"|(?P<op>==|!=|&&|\|\||[!(),])|(?P<name>[A-Za-z_][A-Za-z0-9_\-]*(?:\.[A-Za-z_][A-Za-z0-9_\-]*)*))"
)


def _tokens(text: str) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    pos, text = 0, text.strip()
    while pos < len(text):
        match = _TOKEN.match(text, pos)
        if not match or match.end() == pos:
            raise ValueError(f"cannot read expression at {text[pos:]!r}")
        kind = match.lastgroup
        assert kind is not None
        out.append((kind, match.group(kind)))
        pos = match.end()
        while pos < len(text) and text[pos].isspace():
            pos += 1
    return out


def _truthy(value: Any) -> bool:
    return value not in (None, False, "", 0)


def _equal(left: Any, right: Any) -> bool:
    if isinstance(left, str) and isinstance(right, str):
        return left.casefold() == right.casefold()
    return bool(left == right)


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


class _Parser:
    def __init__(self, text: str, context: Mapping[str, Any]) -> None:
        self.tokens = _tokens(text)
        self.pos = 0
        self.context = context

    def peek(self) -> str | None:
        return self.tokens[self.pos][1] if self.pos < len(self.tokens) else None

    def take(self, expected: str | None = None) -> tuple[str, str]:
        token = self.tokens[self.pos]
        if expected is not None and token[1] != expected:
            raise ValueError(f"expected {expected!r}, got {token[1]!r}")
        self.pos += 1
        return token

    def parse(self) -> Any:
        value = self.or_()
        if self.pos != len(self.tokens):
            raise ValueError(f"unexpected {self.peek()!r}")
        return value

    def or_(self) -> Any:
        value = self.and_()
        while self.peek() == "||":
            self.take()
            right = self.and_()
            value = value if _truthy(value) else right
        return value

    def and_(self) -> Any:
        value = self.compare()
        while self.peek() == "&&":
            self.take()
            right = self.compare()
            value = right if _truthy(value) else value
        return value

    def compare(self) -> Any:
        value = self.unary()
        while self.peek() in ("==", "!="):
            op = self.take()[1]
            right = self.unary()
            value = _equal(value, right) if op == "==" else not _equal(value, right)
        return value

    def unary(self) -> Any:
        if self.peek() == "!":
            self.take()
            return not _truthy(self.unary())
        return self.primary()

    def primary(self) -> Any:
        kind, text = self.take()
        if text == "(":
            value = self.or_()
            self.take(")")
            return value
        if kind == "str":
            return text[1:-1].replace("''", "'")
        if kind == "num":
            return float(text)
        if text in ("true", "false", "null"):
            return {"true": True, "false": False, "null": None}[text]
        if self.peek() == "(":
            return self.call(text)
        found: Any = self.context
        for part in text.split("."):
            found = found.get(part) if isinstance(found, Mapping) else None
        return found

    def call(self, name: str) -> Any:
        self.take("(")
        args = [self.or_()]
        while self.peek() == ",":
            self.take()
            args.append(self.or_())
        self.take(")")
        if name.lower() != "format":
            raise ValueError(f"function {name} is not supported here")
        template, *values = args
        return re.sub(r"\{(\d+)\}", lambda m: _text(values[int(m.group(1))]), template)


def evaluate(expression: str, context: Mapping[str, Any]) -> Any:
    """The value of `expression` (with or without its `${{ }}`) in `context`."""
    text = expression.strip()
    if text.startswith("${{") and text.endswith("}}"):
        text = text[3:-2]
    return _Parser(text, context).parse()


def interpolate(value: str, context: Mapping[str, Any]) -> str:
    """A YAML value with `${{ ... }}` parts replaced by their text (as in `env:` or `with:`)."""
    return re.sub(
        r"\$\{\{(.*?)\}\}", lambda m: _text(evaluate(m.group(1), context)), value, flags=re.S
    )


def runs(condition: str | None, context: Mapping[str, Any]) -> bool:
    """Whether a job or step with this `if:` runs (no `if:` means it runs)."""
    return condition is None or _truthy(evaluate(condition, context))
