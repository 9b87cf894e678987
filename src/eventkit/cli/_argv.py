"""Reading the plain options of a command line the way typer reads them, for the start-up
fast paths (`_fast`, `_plain`): anything typer might read otherwise gives None, so typer
parses it as always and its messages are unchanged."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

__all__ = ["FLAG", "parse_options"]

FLAG = object()  # a bool option: present means True


def parse_options(
    args: Sequence[str], options: Mapping[str, tuple[str, Any]]
) -> dict[str, Any] | None:
    """`options` maps `--decl` to (parameter name, FLAG or a converter raising ValueError, or
    None for an option only typer converts); the keyword arguments, or None."""
    kwargs: dict[str, Any] = {}
    position = 0
    while position < len(args):
        decl, equals, value = args[position].partition("=")
        position += 1
        spec = options.get(decl)
        if spec is None:
            return None  # --help, a positional argument, an unknown option: typer's to report
        name, convert = spec
        if name in kwargs or convert is None:
            return None
        if convert is FLAG:
            if equals:
                return None
            kwargs[name] = True
            continue
        if not equals:
            if position >= len(args):
                return None
            value = args[position]
            position += 1
        if not value or value.startswith("-"):
            return None
        try:
            kwargs[name] = convert(value)
        except ValueError:
            return None
    return kwargs
