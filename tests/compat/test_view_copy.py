"""`View.copy` is spelled out slot by slot (a loop over __slots__ was slower): it must still
copy every slot, and the containers one level deep."""

from __future__ import annotations

from eventkit.compat._doc import Doc
from eventkit.compat._view import view_of


def test_copy_carries_every_slot_and_fresh_containers() -> None:
    doc = Doc({"type": "object", "properties": {"a": {"type": "string"}}, "required": ["a"]})
    view = view_of((doc.root,))
    view.enum = [1]
    twin = view.copy()
    for slot in type(view).__slots__:
        mine, theirs = getattr(view, slot), getattr(twin, slot)
        assert mine == theirs, slot
        if isinstance(mine, (list, set, dict)):
            assert mine is not theirs, slot
