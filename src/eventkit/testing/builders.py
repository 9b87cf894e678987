"""Test-event builders: a valid instance of any generated model, with the fields a test cares
about given explicitly.

``build(OrderPlacedV2, order_id="ord_1")`` starts from the registry's first example of the
model's schema version (realistic values a reviewer already read), and falls back to values
drawn from the model's constraints by polyfactory (the ``eventkit[testing]`` extra) when
there is no example: a nested model, a registry that is not at hand, or an example that no
longer fits the model. The overrides are then applied by field name and the whole instance
is validated again, so a test cannot build an event its contract refuses.

Where the registry is: `use_registry(path)`, else ``EVENTKIT_SCHEMAS``, else the nearest
``schemas/eventkit.toml`` from the current folder upwards (the pytest plugin points it at
``<rootdir>/<eventkit_schemas>``).
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

__all__ = ["build", "example_data", "use_registry"]

M = TypeVar("M", bound=BaseModel)

REGISTRY_VARIABLE = "EVENTKIT_SCHEMAS"
_registry: Path | None = None
_SEED = 20260115  # fixed: the same test builds the same values on every run


def use_registry(path: str | os.PathLike[str] | None) -> None:
    """Read examples from the registry folder `path` (None: find it again)."""
    global _registry
    _registry = Path(path) if path is not None else None


def _registry_root() -> Path | None:
    if _registry is not None:
        return _registry
    configured = os.environ.get(REGISTRY_VARIABLE)
    if configured:
        return Path(configured)
    here = Path.cwd()
    for folder in (here, *here.parents):
        if (folder / "schemas" / "eventkit.toml").is_file():
            return folder / "schemas"
    return None


def example_data(model: type[BaseModel]) -> dict[str, Any] | None:
    """The first `examples` entry of the schema version `model` was generated from, or None
    (not an event model, no registry found, no such file, no example)."""
    contract = getattr(model, "__contract__", None)
    root = _registry_root()
    if contract is None or root is None:
        return None
    path = (root / contract.schema_path).resolve()
    if not path.is_relative_to(root.resolve()):  # schema_path comes from generated code
        return None
    try:
        schema = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    examples = schema.get("examples") if isinstance(schema, dict) else None
    if isinstance(examples, list) and examples and isinstance(examples[0], dict):
        return examples[0]
    return None


def _from_example(model: type[M]) -> dict[str, Any] | None:
    data = example_data(model)
    if data is None:
        return None
    try:
        instance = model.model_validate(data)
    except ValidationError:
        return None  # the registry moved on since codegen: fall back to the constraints
    return {name: getattr(instance, name) for name in instance.model_fields_set}


def _from_constraints(model: type[M], overrides: dict[str, Any]) -> dict[str, Any]:
    try:
        from polyfactory.factories.pydantic_factory import ModelFactory
    except ImportError:
        raise ImportError(
            f"build({model.__name__}): no registry example to start from, and drawing values "
            "from the model's constraints needs polyfactory: pip install 'eventkit[testing]' "
            "(or point eventkit.testing.use_registry() at the registry folder)"
        ) from None
    base = _stable_factory(ModelFactory)
    factory = base.create_factory(model, __random_seed__=_SEED, __check_model__=False)
    instance = factory.build(**overrides)
    return {name: getattr(instance, name) for name in instance.model_fields_set}


# Dates and times are drawn from this fixed window: polyfactory draws them up to "now", so a
# seeded build gave another `placed_at` on every run (and another date on every day).
_FROM = datetime(2020, 1, 1)
_UNTIL = datetime(2025, 12, 31, 23, 59, 59)
_FACTORIES: dict[type[Any], type[Any]] = {}


def _stable_factory(model_factory: type[Any]) -> type[Any]:
    """`model_factory` (polyfactory's ModelFactory, imported by the caller: an optional extra)
    with dates and datetimes from a fixed window; dates that must lie in the future still
    follow the clock, as they must."""
    if model_factory in _FACTORIES:
        return _FACTORIES[model_factory]
    import pydantic

    class StableFactory(model_factory):  # type: ignore[misc]
        __is_base_factory__ = True

        @classmethod
        def get_provider_map(cls) -> dict[Any, Callable[[], Any]]:
            faker = cls.__faker__

            def naive() -> datetime:
                return faker.date_time_between(_FROM, _UNTIL)  # type: ignore[no-any-return]

            def aware() -> datetime:
                return faker.date_time_between(_FROM, _UNTIL, tzinfo=UTC)  # type: ignore[no-any-return]

            def day() -> date:
                return faker.date_between(_FROM.date(), _UNTIL.date())  # type: ignore[no-any-return]

            return {
                **super().get_provider_map(),
                datetime: naive,
                date: day,
                pydantic.NaiveDatetime: naive,
                pydantic.AwareDatetime: aware,
                pydantic.PastDatetime: aware,
                pydantic.PastDate: day,
            }

    _FACTORIES[model_factory] = StableFactory
    return StableFactory


def build(model: type[M], /, **overrides: Any) -> M:
    """A valid `model` instance: the registry's example (else values drawn from the model's
    constraints), with `overrides` (field names, as the constructor takes them) applied.

    Raises:
        TypeError / EventValidationError / pydantic.ValidationError: an override is not a
            field of the model, or its value breaks the contract (as the constructor would).
    """
    data = _from_example(model)
    if data is None:
        known = {k: v for k, v in overrides.items() if k in model.model_fields}
        data = _from_constraints(model, known)
    return model(**{**data, **overrides})
