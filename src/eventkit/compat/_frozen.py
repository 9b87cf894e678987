"""Frozen dataclasses written by hand, for the engine's public value types.

`Rule` (in `_catalog`), `Finding` and `CompatReport` (in `_findings`) are frozen dataclasses to
their users: `dataclasses.fields`, `replace`, `asdict` and `is_dataclass` answer for them as
before. But `import dataclasses` imports `inspect` (with `ast`, `dis`, `tokenize`): ~9 ms of a
process that imports the engine, most of what compat.cold_pass_vs_jsoncompat's eventkit side
paid for `import eventkit.compat` (docs/decisions/0030-speed-ups.md, "cold compat pass"). So
those classes write out what `@dataclass(frozen=True)` generated (`__init__`, `__repr__`,
`__eq__`, `__hash__`, `__setattr__`/`__delattr__`, `__match_args__`), with:

- `frozen`: for type checkers, a frozen dataclass (`dataclass_transform`); at run time the
  class as written, marked as the class whose instances refuse every assignment.
- `FrozenValue`: the base with the methods that are the same for every such class (`__eq__`,
  `__hash__`, `__setattr__`, `__delattr__`); each class writes its `__init__`, `_astuple` and
  `__repr__`. `eventkit.contract.EventContract` writes the same four methods itself, on
  purpose: a generated service's import loads `eventkit.contract` and no other eventkit module
  (tests/test_import_generated.py), and this package may not load `eventkit.contract`
  (it imports pydantic; contract `contracts-without-runtime`).
- `DataclassMeta`: `__dataclass_fields__` and `__dataclass_params__` made on first read, from
  a twin class that `dataclasses.dataclass` processes then.
- `refuse`: the `FrozenInstanceError` an assignment or deletion raises, with the dataclass's
  message (`dataclasses` is imported when one is raised).

tests/compat/test_value_classes.py pins each class against its `@dataclass(frozen=True)`.
"""

from __future__ import annotations

TYPE_CHECKING = False  # not `typing.TYPE_CHECKING`: no `typing` at run time (a cold import)
if TYPE_CHECKING:
    from dataclasses import FrozenInstanceError
    from typing import Any, TypeVar, dataclass_transform

    _T = TypeVar("_T")

    @dataclass_transform(frozen_default=True)
    def frozen(cls: type[_T]) -> type[_T]: ...

else:

    def frozen(cls):
        cls._frozen_class = cls  # the class whose instances refuse every assignment
        return cls


__all__ = ["DataclassMeta", "FrozenValue", "frozen", "refuse"]


class FrozenValue:
    """What `@dataclass(frozen=True)` writes alike for every value type: equality with an
    object of the same class by the fields (`_astuple`, in `__match_args__` order), a hash of
    them, and no assignment or deletion: of any attribute on the decorated class itself, of
    its fields on a subclass (as for a frozen dataclass's subclass that is no dataclass).
    Each class writes `_astuple` and `__repr__` (its fields, spelt out: no loop over names)."""

    __slots__ = ()
    __match_args__: tuple[str, ...] = ()
    _frozen_class: type[FrozenValue]  # set by `frozen`

    def _astuple(self) -> tuple[Any, ...]:
        raise NotImplementedError

    def __eq__(self, other: object) -> bool:
        if other.__class__ is self.__class__:
            return self._astuple() == other._astuple()
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self._astuple())

    def __setattr__(self, name: str, value: Any) -> None:
        owner = self._frozen_class
        if type(self) is owner or name in owner.__match_args__:
            raise refuse("assign to", name)
        super().__setattr__(name, value)

    def __delattr__(self, name: str) -> None:
        owner = self._frozen_class
        if type(self) is owner or name in owner.__match_args__:
            raise refuse("delete", name)
        super().__delattr__(name)


class DataclassMeta:
    """A class attribute standing for `__dataclass_fields__` or `__dataclass_params__`.

    On first read (from the class or an instance), `dataclasses.dataclass(frozen=True,
    init=init)` processes a twin of the owner: its annotations, the defaults its body sets,
    and `factories` (field name -> default factory) for the fields with one. Both attributes
    are then set on the owner, replacing the two descriptors; later reads are plain lookups.
    """

    def __init__(self, factories: dict[str, Any] | None = None, *, init: bool = False) -> None:
        self.factories = factories or {}
        self.init = init  # what the dataclass was declared with (its params show it)

    def __set_name__(self, owner: type, name: str) -> None:
        self.owner = owner  # a subclass reads its base's fields, as from a dataclass base
        self.name = name

    def __get__(self, instance: object, cls: type) -> Any:
        import dataclasses
        import inspect  # imported by dataclasses anyway

        owner = self.owner
        namespace: dict[str, Any] = {
            "__annotations__": inspect.get_annotations(owner),
            "__module__": owner.__module__,
            "__qualname__": owner.__qualname__,
        }
        for name in namespace["__annotations__"]:
            if name in self.factories:
                namespace[name] = dataclasses.field(default_factory=self.factories[name])
            elif name in owner.__dict__:
                namespace[name] = owner.__dict__[name]
        twin: Any = dataclasses.dataclass(frozen=True, init=self.init)(
            type(owner.__name__, (), namespace)
        )
        for name in ("__dataclass_fields__", "__dataclass_params__"):
            setattr(owner, name, getattr(twin, name))  # type.__setattr__: the class's own
        return getattr(owner, self.name)


def refuse(action: str, name: str) -> FrozenInstanceError:
    """The error a frozen dataclass raises for `action` ("assign to", "delete") on `name`."""
    from dataclasses import FrozenInstanceError  # an error path: imported when raised

    return FrozenInstanceError(f"cannot {action} field {name!r}")
