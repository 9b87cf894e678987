"""How findings name places and values."""

from __future__ import annotations

import json

from eventkit.compat._values import TYPE_PARTS
from eventkit.json_pointer import join_pointer

TYPE_CHECKING = False  # not `typing.TYPE_CHECKING`: no `typing` at run time (a cold import)
if TYPE_CHECKING:
    from typing import Any

__all__ = ["instance_path", "parts", "shown", "subject"]


def parts(mask: int) -> list[int]:
    """The TYPE_PARTS present in a type mask."""
    out = []
    for p in TYPE_PARTS:  # a loop: a comprehension would make `mask` a closure cell
        if mask & p:
            out.append(p)
    return out


def subject(at: tuple[str | int, ...]) -> str:
    """`items[0].sku` style name of a place in an event (the data itself at the root)."""
    if not at:
        return "the event data"
    text = ""
    for token in at:
        if isinstance(token, int):
            text += f"[{token}]"
        elif token == "*":
            text += "[*]" if text else "items"
        else:
            text += ("." if text else "") + token
    return f"`{text}`"


def instance_path(at: tuple[str | int, ...]) -> str:
    return join_pointer("", *at) if at else ""  # the event data itself: what join makes of ()


# What json.dumps(value, ensure_ascii=False) makes, without a new encoder per call.
_ENCODE = json.JSONEncoder(ensure_ascii=False).encode


def shown(value: Any) -> str:
    return "none" if value is None else _ENCODE(value)
