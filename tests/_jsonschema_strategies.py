"""`from_schema` (hypothesis-jsonschema) working with the pinned hypothesis.

hypothesis-jsonschema 0.23.1 drives `hypothesis.internal.conjecture.utils.many` through its old
`more()` method, which hypothesis 6.170 replaced with a context manager and an iterator; every
object schema then fails with AttributeError. Until a release of hypothesis-jsonschema follows,
this adds `more()` back on a subclass used only by hypothesis-jsonschema's module.
"""

from __future__ import annotations

from typing import Any

import hypothesis_jsonschema._from_schema as _from_schema
from hypothesis.internal.conjecture import utils as _cu
from hypothesis_jsonschema import from_schema

__all__ = ["from_schema"]


class _Many(_cu.many):
    """`many` with the pre-6.1xx `more()` protocol on top of the new one."""

    def more(self) -> bool:
        if self._depth is None:
            self.__enter__()
            self._compat_iter = iter(self)
        try:
            next(self._compat_iter)
        except StopIteration:
            self.__exit__(None)
            return False
        return True


class _Utils:
    many = _Many

    def __getattr__(self, name: str) -> Any:
        return getattr(_cu, name)


if not hasattr(_cu.many, "more"):
    _from_schema.cu = _Utils()  # type: ignore[attr-defined, assignment]
