"""Base classes that every generated event model derives from, and the contract they carry.

A generated model is the typed *data* of one event major version. Its class attribute
`__contract__` binds it to the registry (source, detail-type, version, schema digest), so the
bus can publish it and the router can route to it with nothing else.

- Construction (`OrderPlacedV1(order_id=...)`) is the producer side and is strict: a keyword
  that is neither a field name nor an alias is refused, so no undeclared field leaves a service,
  and every refusal (invalid values too) is an `EventValidationError` (also a `ValueError`).
  An optional field (one with a default) given `None` holds `None` but counts as unset, as if
  not given: `None` is how the model says "absent" (parsing an event without the field gives
  `None`), and the published data (`exclude_unset`) leaves the field out, where
  `"note": null` would be refused by every consumer whose schema does not allow null there.
  The same holds for `event.note = None` and `event.model_copy(update={"note": None})`, and
  a value given either way is checked (`EventValidationError`) as a constructor keyword is.
- Parsing (`OrderPlacedV1.model_validate(data)`) is the consumer side and is tolerant: unknown
  fields are ignored, as the compatibility policy assumes.

Typed helpers every generated event inherits (docs/codegen.md):

- `event.publish(bus)` (native events only; `ForeignEvent` has no `publish`, so mypy rejects
  publishing a consume-only event) is `bus.publish(event)` with the bus's own return type.
- `@OrderPlacedV1.subscribe(router)` is `@router.on(OrderPlacedV1)`, typed so that mypy rejects a
  handler whose parameter type is not the event's model.
"""

from __future__ import annotations

import os
import reprlib
from collections.abc import Callable, Mapping
from dataclasses import FrozenInstanceError
from typing import (
    TYPE_CHECKING,
    Annotated,
    Any,
    ClassVar,
    Protocol,
    Self,
    TypeVar,
    cast,
    dataclass_transform,
)

from pydantic import AfterValidator, BaseModel, ConfigDict, ValidationError

if TYPE_CHECKING:
    from eventkit.errors import EventValidationError

__all__ = [
    "BaseEvent",
    "Event",
    "EventContract",
    "EventkitModel",
    "ForeignEvent",
    "SupportsOn",
    "SupportsPublish",
    "UniqueList",
]

# pydantic builds each model's validator on first use instead of at import (`defer_build`): a
# Lambda cold start pays only for the models it uses (bench/import_time.py; docs/codegen.md).
# EVENTKIT_DEFER_BUILD=0 builds every model at import (then a broken model fails at import).
DEFER_BUILD = os.environ.get("EVENTKIT_DEFER_BUILD", "1").lower() not in ("0", "false", "no")

E = TypeVar("E", bound="BaseEvent")
R = TypeVar("R")
R_co = TypeVar("R_co", covariant=True)
T = TypeVar("T")


def _unique_items(items: list[T]) -> list[T]:
    """`items`, refused (ValueError) when two of them are equal as JSON values: what
    `uniqueItems: true` means (1 and 1.0 are equal, true and 1 are not, an object's key order
    does not count)."""
    seen: set[Any] = set()
    for item in items:
        key = _json_key(item)
        if key in seen:
            raise ValueError("items must be unique (uniqueItems): one is repeated")
        seen.add(key)
    return items


def _json_key(value: Any) -> Any:
    """A hashable key equal for values that are equal as JSON."""
    if isinstance(value, bool):
        return ("b", value)
    if isinstance(value, int | float):
        return ("n", value)
    if value is None or isinstance(value, str):
        return ("s", value)
    if isinstance(value, BaseModel):  # as published: by alias, unset fields left out
        value = value.model_dump(mode="json", by_alias=True, exclude_unset=True)
    if isinstance(value, dict):
        return ("o", frozenset((k, _json_key(v)) for k, v in value.items()))
    if isinstance(value, list | tuple):
        return ("a", tuple(_json_key(v) for v in value))
    from pydantic_core import to_jsonable_python  # a datetime, UUID, ...: its JSON value

    return _json_key(to_jsonable_python(value))


# A list whose items must differ (`uniqueItems: true`); the generated code's annotation for
# such an array. A type checker reads it as the list it is.
UniqueList = Annotated[list[T], AfterValidator(_unique_items)]


class SupportsPublish(Protocol[R_co]):
    """Anything with `publish(event)`, e.g. `eventkit.EventBus`; `R_co` is what it returns."""

    def publish(self, event: Event, /) -> R_co: ...


class SupportsOn(Protocol):
    """Anything with `on(model)` returning a handler decorator, e.g. `eventkit.Router`."""

    def on(self, model: Any, /) -> Any: ...


@dataclass_transform(frozen_default=True)
def _frozen(cls: type[T]) -> type[T]:
    """A frozen dataclass for type checkers (read-only fields); at run time the class as written.

    `EventContract` writes by hand what `@dataclass(frozen=True, slots=True)` generated: the
    dataclass `exec`'d six methods at import, ~0.8% of importing a generated service
    (bench/import_time.py, import_time.service_vs_handwritten; docs/decisions/0030).
    """
    return cls


@_frozen
class EventContract:
    """What a generated model is bound to in the registry.

    Immutable and hashable; equal when every field is (and the class is the same).

    Attributes:
        source: EventBridge `source`, e.g. ``"shop.orders"``.
        detail_type: EventBridge `detail-type`, e.g. ``"OrderPlaced"``.
        version: the semantic version the model was generated from (newest of its major).
        schema_digest: ``"sha256:<hex>"`` of that version's canonical schema.
        schema_path: registry-relative path of that version file.
        foreign: True for AWS service events: no metadata/data wrapper, consume-only.
        deprecated: the event type's ``[deprecated]`` note ("since 1.1.0: reason; use X
            instead"), or None.
    """

    # What `@dataclass(frozen=True, slots=True)` made, written out (tests/test_contract.py
    # pins each method against that dataclass); the slots are the fields. compat's value types
    # share these methods through `eventkit.compat._frozen.FrozenValue`; this class writes them
    # itself, so that a generated service's import loads no eventkit module but this one.
    __match_args__ = (
        "source",
        "detail_type",
        "version",
        "schema_digest",
        "schema_path",
        "foreign",
        "deprecated",
    )
    __slots__ = __match_args__

    source: str
    detail_type: str
    version: str
    schema_digest: str
    schema_path: str
    foreign: bool
    deprecated: str | None

    def __init__(
        self,
        source: str,
        detail_type: str,
        version: str,
        schema_digest: str,
        schema_path: str,
        foreign: bool = False,
        deprecated: str | None = None,
    ) -> None:
        set_ = object.__setattr__
        set_(self, "source", source)
        set_(self, "detail_type", detail_type)
        set_(self, "version", version)
        set_(self, "schema_digest", schema_digest)
        set_(self, "schema_path", schema_path)
        set_(self, "foreign", foreign)
        set_(self, "deprecated", deprecated)

    def _astuple(self) -> tuple[str, str, str, str, str, bool, str | None]:
        return (
            self.source,
            self.detail_type,
            self.version,
            self.schema_digest,
            self.schema_path,
            self.foreign,
            self.deprecated,
        )

    @reprlib.recursive_repr()
    def __repr__(self) -> str:
        return (
            f"{type(self).__qualname__}(source={self.source!r}, "
            f"detail_type={self.detail_type!r}, version={self.version!r}, "
            f"schema_digest={self.schema_digest!r}, schema_path={self.schema_path!r}, "
            f"foreign={self.foreign!r}, deprecated={self.deprecated!r})"
        )

    def __eq__(self, other: object) -> bool:
        if other.__class__ is self.__class__:
            return self._astuple() == other._astuple()
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self._astuple())

    def __setattr__(self, name: str, value: Any) -> None:
        if type(self) is EventContract or name in EventContract.__slots__:
            raise FrozenInstanceError(f"cannot assign to field {name!r}")
        super().__setattr__(name, value)

    def __delattr__(self, name: str) -> None:
        if type(self) is EventContract or name in EventContract.__slots__:
            raise FrozenInstanceError(f"cannot delete field {name!r}")
        super().__delattr__(name)

    def __reduce__(self) -> tuple[type[EventContract], tuple[Any, ...]]:
        # pickle and copy: through __init__ (the default would set the slots and be refused)
        return (type(self), self._astuple())

    def __setstate__(self, state: list[Any]) -> None:
        # what a pickle the dataclass wrote asks for: its field values, in order
        for name, value in zip(self.__match_args__, state, strict=True):
            object.__setattr__(self, name, value)

    @property
    def major(self) -> int:
        """The major version number, part of what routing matches on."""
        return int(self.version.split(".", 1)[0])


class EventkitModel(BaseModel):
    """Base of every generated model, nested and shared ones included."""

    # protected_namespaces=(): a schema property may be called `model_name`; the generator renames
    # the ones that would shadow a pydantic attribute, so the warning only adds noise.
    # defer_build=True for the base classes themselves (nothing validates them; their
    # subclasses get DEFER_BUILD, set below once they exist).
    # JSON has no NaN or Infinity (nor has a JSON Schema number): a float field refuses them
    # (pydantic's default would publish them as `null`, an event its consumers refuse), and
    # one slipped in later (a mutated instance, a `dict[str, object]` value) is written as
    # the constant, which EventBridge refuses for that entry (MalformedDetail), reported.
    model_config = ConfigDict(
        extra="ignore",
        populate_by_name=True,
        protected_namespaces=(),
        defer_build=True,
        allow_inf_nan=False,
        ser_json_inf_nan="constants",
        validate_assignment=True,
    )

    # Names accepted as constructor keywords, each mapped to its field's name when the field is
    # optional (has a default), else to "", computed once per class on first construction (read
    # from the class's own __dict__). Declared for type checkers only: see the end.
    if TYPE_CHECKING:
        __eventkit_init_names__: ClassVar[dict[str, str]]

    def __init__(self, /, **data: Any) -> None:
        cls = type(self)
        names = cls.__dict__.get("__eventkit_init_names__")
        if names is None:
            names = _names(cls)
        undeclared = data.keys() - names.keys()
        # A class with a typed `additionalProperties` (extra="allow", its `__pydantic_extra__`
        # typed) declares other members: pydantic checks each against that schema.
        if undeclared and cls.model_config.get("extra") != "allow":
            from eventkit.errors import EventValidationError  # see _invalid

            raise EventValidationError(
                f"{cls.__name__}: undeclared field(s) {', '.join(sorted(undeclared))}; "
                "the contract does not allow them to leave the service",
                hint="remove them, or add them to the schema as a new minor version",
                model=cls.__name__,
                errors=[
                    {
                        "type": "extra_forbidden",
                        "loc": (name,),
                        "msg": "Extra inputs are not permitted",
                        "input": data[name],
                    }
                    for name in sorted(undeclared)
                ],
            )
        absent = None
        for value in data.values():
            if value is None:  # rare: an identity test per keyword until one is None
                absent = {names[k] for k, v in data.items() if v is None and names.get(k)}
                break
        try:
            super().__init__(**data)
        except ValidationError as exc:
            raise _invalid(cls, exc) from None
        if absent:
            self.__pydantic_fields_set__.difference_update(absent)

    def __setattr__(self, name: str, value: Any) -> None:
        # Checked as a constructor keyword is (validate_assignment), refused as one is; and
        # `event.note = None` unsets an optional field, as `None` does in the constructor
        # (pydantic marks an assigned field set). Not on the parsing path: validation fills
        # __dict__ without __setattr__.
        try:
            super().__setattr__(name, value)
        except ValidationError as exc:
            raise _invalid(type(self), exc) from None
        if value is None and _names(type(self)).get(name):
            self.__pydantic_fields_set__.discard(name)

    def model_copy(self, *, update: Mapping[str, Any] | None = None, deep: bool = False) -> Self:
        """pydantic's `model_copy`, where each updated field is checked and set as by
        assignment (pydantic sets `update` unchecked): an invalid value raises
        `EventValidationError`, and `None` for an optional field counts as unset, so that the
        copy's data leaves it out. Other names are left to pydantic."""
        if not update:
            return super().model_copy(deep=deep)
        fields = type(self).model_fields
        copied = super().model_copy(
            update={key: value for key, value in update.items() if key not in fields},
            deep=deep,
        )
        for key, value in update.items():
            if key in fields:
                setattr(copied, key, value)
        return copied

    # Without this pydantic sees a custom __init__ and calls it for every model it validates,
    # so parsing (`model_validate`, the consumer side) would refuse unknown fields instead of
    # ignoring them, and run this check on every nested object (about 30% slower).
    __init__.__pydantic_base_init__ = True  # type: ignore[attr-defined]


def _invalid(cls: type[BaseModel], exc: ValidationError) -> EventValidationError:
    """eventkit's error for a construction pydantic refused, with pydantic's error list."""
    # Imported when a construction is refused, not with the models: importing a generated
    # module then loads no error hierarchy (bench/import_time.py,
    # import_time.service_vs_handwritten).
    from eventkit.errors import EventValidationError

    errors = exc.errors()
    listed = "; ".join(
        f"{'.'.join(map(str, error['loc'])) or '(root)'}: {error['msg']}" for error in errors[:10]
    )
    more = f"; and {len(errors) - 10} more" if len(errors) > 10 else ""
    return EventValidationError(
        f"{cls.__name__}: {len(errors)} invalid field(s): {listed}{more}",
        model=cls.__name__,
        errors=errors,
    )


def _names(cls: type[EventkitModel]) -> dict[str, str]:
    """`cls`'s `__eventkit_init_names__` (see `_init_names`), computed on first use."""
    names: dict[str, str] | None = cls.__dict__.get("__eventkit_init_names__")
    if names is None:
        names = _init_names(cls)
        cls.__eventkit_init_names__ = names
    return names


def _init_names(cls: type[BaseModel]) -> dict[str, str]:
    """Each constructor keyword of `cls` (field names and aliases) -> its field's name when the
    field is optional (given `None`, it counts as unset, so that the data leaves it out), else
    ""."""
    names: dict[str, str] = {}
    for field_name, field in cls.model_fields.items():
        optional = "" if field.is_required() else field_name
        names[field_name] = optional
        if field.alias:
            names[field.alias] = optional
        if isinstance(field.validation_alias, str):
            names[field.validation_alias] = optional
    return names


class BaseEvent(EventkitModel):
    """Base of every generated event model (native and foreign)."""

    if TYPE_CHECKING:  # see the end of the module
        __contract__: ClassVar[EventContract]

    @classmethod
    def subscribe(
        cls: type[E], router: SupportsOn, /
    ) -> Callable[[Callable[[E], R]], Callable[[E], R]]:
        """Register the decorated function as this event's handler on `router`.

        ``@OrderPlacedV1.subscribe(router)`` is ``@router.on(OrderPlacedV1)``; mypy checks that
        the handler takes this model (or a supertype of it).
        """
        return cast("Callable[[Callable[[E], R]], Callable[[E], R]]", router.on(cls))


class Event(BaseEvent):
    """A native eventkit event: published inside the metadata/data envelope."""

    def publish(self, bus: SupportsPublish[R], /) -> R:
        """Publish this event on `bus` (``bus.publish(self)``) and return what the bus returns."""
        return bus.publish(self)


class ForeignEvent(BaseEvent):
    """An AWS service event (e.g. `aws.ec2`): its schema describes `detail`; consume-only."""


# Two things the base classes leave to the end, once they all exist:
# - They are never validated themselves: building their (empty) validators and serializers at
#   import was ~0.4 ms of a cold start with EVENTKIT_DEFER_BUILD=0. A subclass's config is its
#   bases' `model_config` merged with its own, so generated models inherit DEFER_BUILD.
# - They declare their class variables for type checkers only: pydantic evaluates every
#   annotation of every base for each model class it creates (string annotations, in the base's
#   module namespace), ~40 us per generated class and base annotation. Their names are made
#   pydantic's class variables here all the same (no instance may set them), and every
#   subclass inherits the set.
# (bench/import_time.py, import_time.service_vs_handwritten.)
for _base in (EventkitModel, BaseEvent, Event, ForeignEvent):
    _base.model_config["defer_build"] = DEFER_BUILD
    _base.__class_vars__.add("__eventkit_init_names__")
    if issubclass(_base, BaseEvent):
        _base.__class_vars__.add("__contract__")
del _base
