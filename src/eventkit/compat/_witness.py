"""Candidate values a writer schema accepts: the engine looks among them for a counterexample.

Candidates are guesses; the engine keeps one only after the validator confirms it is valid
under the writer's schema and invalid under the reader's."""

from __future__ import annotations

import math

from eventkit.compat._doc import SNode
from eventkit.compat._values import (
    ARR,
    BOOL,
    FLOAT,
    FORMAT_SAMPLES,
    NULL,
    NUMBER,
    OBJ,
    STR,
    jkey,
    pattern_samples,
    type_bit,
)
from eventkit.compat._view import FALSE, TooManyAlternatives, View, expand, view_of

TYPE_CHECKING = False  # not `typing.TYPE_CHECKING`: no `typing` at run time (a cold import)
if TYPE_CHECKING:
    from collections.abc import Iterator
    from typing import Any

__all__ = ["FRESH_NAMES", "MAX_ITEMS", "MAX_STRING", "MISSING", "Hints", "candidates", "sample"]

MISSING: Any = object()
_MAX_DEPTH = 8
# The largest guesses built: a schema asking for a billion characters or items gets none (its
# check stays undecided) rather than minutes and gigabytes.
MAX_STRING = 100_000
MAX_ITEMS = 10_000
# Property names no schema is likely to declare: stand-ins for "any undeclared name".
FRESH_NAMES = ("x_undeclared", "zz_extra", "Extra-Field", "_", "0")


class Hints:
    """What the failing check is about, so the guesses aim at it.

    A plain class, not a `@dataclass`: `dataclasses` (with `inspect`) is most of a cold
    `import eventkit.compat`. Only the constructor and the attributes are used.
    """

    __slots__ = ("duplicate", "lengths", "names", "numbers", "sizes")

    def __init__(
        self,
        lengths: list[int] | None = None,
        numbers: list[float] | None = None,
        names: list[str] | None = None,
        sizes: list[int] | None = None,
        duplicate: bool = False,
    ) -> None:
        self.lengths = [] if lengths is None else lengths
        self.numbers = [] if numbers is None else numbers
        self.names = [] if names is None else names
        self.sizes = [] if sizes is None else sizes
        self.duplicate = duplicate


_NO_HINTS = Hints()  # read only, never changed: shared by the calls without hints


def _alternatives(view: View) -> list[View]:
    try:
        return expand(view)
    except TooManyAlternatives:
        return [view]


def candidates(view: View, part: int, hints: Hints | None = None, depth: int = 0) -> Iterator[Any]:
    """Guesses of type `part` (a TYPE_PARTS mask) from `view`; may include invalid ones."""
    hints = hints or _NO_HINTS
    if view.enum is not None:
        for v in view.enum:  # a loop: a generator would make `part` a closure cell
            if type_bit(v) & part:
                yield v
        return
    for alt in _alternatives(view):
        if alt.false or not alt.types & part:
            continue
        if part & NULL:
            yield None
        if part & BOOL:
            yield from (True, False)
        if part & NUMBER:
            yield from _numbers(alt, hints)
        if part & STR:
            yield from _strings(alt, hints)
        if part & OBJ and depth < _MAX_DEPTH:
            yield from _objects(alt, hints, depth)
        if part & ARR and depth < _MAX_DEPTH:
            yield from _arrays(alt, hints, depth)


def sample(
    nodes: list[SNode] | tuple[SNode, ...], depth: int = 0, taken: set[str] | None = None
) -> Any:
    """One value valid under all `nodes`, or MISSING; with `taken`, one whose `jkey` is not in
    it (then added: the items of a `uniqueItems` array, told apart)."""
    if depth >= _MAX_DEPTH:
        return MISSING
    view = view_of(tuple(nodes))
    if view.false:
        return MISSING
    tries = 0
    for part in (STR, NUMBER, BOOL, NULL, OBJ, ARR):
        if view.types & part:
            for value in candidates(view, part, None, depth + 1):
                if taken is None:
                    if view.accepts(value):
                        return value
                    continue
                tries += 1
                if tries > _MAX_DISTINCT_TRIES:
                    return MISSING
                key = jkey(value)
                if key not in taken and view.accepts(value):
                    taken.add(key)
                    return value
    return MISSING


_MAX_DISTINCT_TRIES = 64  # candidates looked at for one item distinct from the others


def _numbers(view: View, hints: Hints) -> Iterator[float]:
    raw: list[float] = [0, 1, -1, 0.5, 1.5, -0.5, 2, 10, -10, 1000000, -1000000]
    for bound in (view.lo, view.hi, *hints.numbers):
        if bound is not None:
            raw.extend((bound, bound + 1, bound - 1, bound + 0.5, bound - 0.5))
    for step in view.mults:
        raw.extend((step, 2 * step, 3 * step, -step))
        for target in (*hints.numbers, view.lo, view.hi):
            if target is not None:
                raw.extend((math.floor(target / step) * step, math.ceil(target / step) * step))
                raw.extend(
                    ((math.ceil(target / step) + 1) * step, (math.floor(target / step) - 1) * step)
                )
    for value in raw:
        if not view.types & FLOAT and not float(value).is_integer():
            continue
        yield int(value) if float(value).is_integer() else value


def _strings(view: View, hints: Hints) -> Iterator[str]:
    for pattern in view.patterns:
        for text in pattern_samples(pattern):
            yield text
            if len(text) < view.min_len <= MAX_STRING:
                yield text + "a" * (view.min_len - len(text))
            yield from _padded(text, hints.lengths)
    for name in view.formats:
        for text in FORMAT_SAMPLES.get(name, ()):
            yield text
            yield from _padded(text, hints.lengths)
    lengths = [view.min_len, 0, 1, *hints.lengths]
    if view.max_len != math.inf:
        lengths.append(int(view.max_len))
    for n in lengths:
        if 0 <= n <= MAX_STRING:
            yield "a" * n
    yield from ("x", "not a date", "0", "A-1")


def _padded(text: str, lengths: list[int]) -> Iterator[str]:
    """`text` grown to each hinted length at either end (`aaa...someone@example.com` is an
    email of that length; `https://example.com/xaaa...` a URI): guesses, each checked."""
    for n in lengths:
        if len(text) < n <= MAX_STRING:
            yield "a" * (n - len(text)) + text
            yield text + "a" * (n - len(text))


def _objects(view: View, hints: Hints, depth: int) -> Iterator[dict[str, Any]]:
    base: dict[str, Any] = {}
    for name in sorted(view.required):
        schemas = view.value(name, closed=False)
        value = MISSING if schemas is FALSE else sample(schemas, depth + 1)  # type: ignore[arg-type]
        if value is MISSING:
            return
        base[name] = value
    yield base
    optional = _optional(view, base)
    extra: dict[str, Any] = {}
    for name in [*hints.names, *optional, *FRESH_NAMES]:
        if name in base or name in extra:
            continue
        schemas = view.value(name, closed=False)
        if schemas is FALSE:
            continue
        value = sample(schemas, depth + 1)  # type: ignore[arg-type]
        if value is MISSING:
            continue
        yield {**base, name: value}
        extra[name] = value
    if extra:
        yield {**base, **extra}
    for size in hints.sizes:
        if size > len(base):
            more = dict(base)
            for name, value in extra.items():
                if len(more) >= size:
                    break
                more[name] = value
            yield more
    yield from _declared_only(base, extra)


def _declared_only(base: dict[str, Any], extra: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """`base` with every name of `extra` but the `FRESH_NAMES` stand-ins: an object a writer
    that emits only its declared names writes (LENIENT); the last guess of `_objects`, so
    that the others keep their turn."""
    declared = {}
    for name, value in extra.items():  # a loop: no closure cell in `_objects`
        if name not in FRESH_NAMES:
            declared[name] = value
    if declared and len(declared) < len(extra):
        yield {**base, **declared}


def _optional(view: View, base: dict[str, Any]) -> list[str]:
    """The declared names `base` lacks (here: a comprehension in `_objects` would make `base`
    a closure cell)."""
    return [n for c in view.obj for n in c.props if n not in base]


def _arrays(view: View, hints: Hints, depth: int) -> Iterator[list[Any]]:
    def build(n: int) -> list[Any] | None:
        out = []
        taken: set[str] | None = set() if view.unique else None  # uniqueItems: told apart
        for i in range(n):
            schemas = view.item(i)
            value = MISSING if schemas is FALSE else sample(schemas, depth + 1, taken)  # type: ignore[arg-type]
            if value is MISSING:
                return None
            out.append(value)
        return out

    tuple_len = view.tuple_len()
    seen: set[int] = set()
    for n in (view.min_items, *hints.sizes, tuple_len, tuple_len + 1, view.min_items + 1, 1, 2):
        if n in seen or n < 0 or n > MAX_ITEMS:
            continue
        seen.add(n)
        built = build(n)
        if built is not None:
            yield built
            if hints.duplicate and len(built) >= 2:
                yield [built[0], built[0], *built[2:]]
    for node, need in view.contains:
        value = sample([node], depth + 1) if need < MAX_ITEMS else MISSING
        if value is not MISSING:
            yield [value] * max(need, 1)
            yield [value] * (need + 1)
    if hints.duplicate:
        first = build(1)
        if first:
            yield [first[0], first[0]]
