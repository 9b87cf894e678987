"""How findings name places and values."""

from __future__ import annotations

import json

from eventkit.compat._values import TYPE_PARTS
from eventkit.json_pointer import join_pointer

TYPE_CHECKING = False  # not `typing.TYPE_CHECKING`: no `typing` at run time (a cold import)
if TYPE_CHECKING:
    from typing import Any

__all__ = ["ANY_ITEM", "UNDECLARED", "instance_path", "parts", "shown", "subject"]


class _Wildcard(str):
    """A `*` token of a place: any array item, or any undeclared object member. Both are the
    pointer token `*` (equal to it, so instance paths stay `/a/*`); `subject` names them
    apart, which the bare string could not."""

    __slots__ = ()


ANY_ITEM = _Wildcard("*")  # every item of an array (`items`, `additionalItems`, ...)
UNDECLARED = _Wildcard("*")  # any member an object does not declare (`additionalProperties`)


def parts(mask: int) -> list[int]:
    """The TYPE_PARTS present in a type mask."""
    out = []
    for p in TYPE_PARTS:  # a loop: a comprehension would make `mask` a closure cell
        if mask & p:
            out.append(p)
    return out


def subject(at: tuple[str | int, ...]) -> str:
    """`items[0].sku` style name of a place in an event (the data itself at the root).

    An array's items are `[*]` (`lines[*].sku`); an object's undeclared members `*`
    (`meta.*`), said in words where the name alone would read as a property called `*`.
    """
    if not at:
        return "the event data"
    if len(at) == 1 and at[0] is UNDECLARED:
        return "any undeclared property of the event data"
    if len(at) == 1 and at[0] is ANY_ITEM:
        return "each item of the event data"
    text = ""
    undeclared = False
    for token in at:
        if isinstance(token, int):
            text += f"[{token}]"
        elif token is ANY_ITEM:
            text += "[*]"
        else:
            undeclared = undeclared or token is UNDECLARED
            text += ("." if text else "") + token
    return f"`{text}` (`*`: any undeclared property)" if undeclared else f"`{text}`"


def instance_path(at: tuple[str | int, ...]) -> str:
    return join_pointer("", *at) if at else ""  # the event data itself: what join makes of ()


# What json.dumps(value, ensure_ascii=False) makes, without a new encoder per call.
_ENCODE = json.JSONEncoder(ensure_ascii=False).encode


def shown(value: Any) -> str:
    return "none" if value is None else _ENCODE(value)
