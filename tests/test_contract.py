"""`EventContract` behaves as the `@dataclass(frozen=True, slots=True)` it was written from.

The class is written by hand (a dataclass `exec`s its methods at import: docs/decisions/0030);
each public behaviour is compared here with that dataclass, on the same field values.
"""

from __future__ import annotations

import copy
import dataclasses
import inspect
import pickle
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from eventkit.contract import EventContract
from tests._raising import error_of


@dataclasses.dataclass(frozen=True, slots=True)
class EventContract_:  # the reference: the old definition, under another name
    source: str
    detail_type: str
    version: str
    schema_digest: str
    schema_path: str
    foreign: bool = False
    deprecated: str | None = None


FIELDS = [f.name for f in dataclasses.fields(EventContract_)]
texts = st.text(max_size=12)
values = st.fixed_dictionaries(
    {
        "source": texts,
        "detail_type": texts,
        "version": texts,
        "schema_digest": texts,
        "schema_path": texts,
    },
    optional={"foreign": st.booleans(), "deprecated": st.none() | texts},
)


def both(kwargs: dict[str, Any]) -> tuple[EventContract, EventContract_]:
    return EventContract(**kwargs), EventContract_(**kwargs)


@given(values)
def test_fields_repr_and_hash_are_the_dataclass_ones(kwargs: dict[str, Any]) -> None:
    ours, ref = both(kwargs)
    assert [getattr(ours, n) for n in FIELDS] == [getattr(ref, n) for n in FIELDS]
    assert repr(ours) == repr(ref).replace("EventContract_(", "EventContract(", 1)
    assert hash(ours) == hash(ref)
    positional = [kwargs[n] for n in FIELDS if n in kwargs]
    if len(positional) == len(kwargs) and list(kwargs) == FIELDS[: len(kwargs)]:
        assert EventContract(*positional) == ours


@given(values, values)
def test_equality_is_the_dataclass_one(a: dict[str, Any], b: dict[str, Any]) -> None:
    ours_a, ref_a = both(a)
    ours_b, ref_b = both(b)
    assert (ours_a == ours_b) == (ref_a == ref_b)
    assert (ours_a != ours_b) == (ref_a != ref_b)
    assert ours_a == EventContract(**a)
    assert ours_a != ref_a  # another class: never equal, as between two dataclasses
    assert ours_a != tuple(getattr(ours_a, n) for n in FIELDS)


@given(values, st.sampled_from(FIELDS))
def test_immutability_errors_are_the_dataclass_ones(kwargs: dict[str, Any], name: str) -> None:
    ours, ref = both(kwargs)
    for target in (ours, ref):
        assert not hasattr(target, "__dict__")
    assert error_of(lambda: setattr(ours, name, "x")) == error_of(lambda: setattr(ref, name, "x"))
    assert error_of(lambda: delattr(ours, name)) == error_of(lambda: delattr(ref, name))
    assert error_of(lambda: setattr(ours, name, "x")) == (
        dataclasses.FrozenInstanceError,
        f"cannot assign to field {name!r}",
    )


@pytest.mark.parametrize("name", ["major", "other"])
def test_other_names_are_refused_as_frozen(name: str) -> None:
    # The dataclass meant the same (`type(self) is cls`), but with slots=True its class was
    # replaced, so on Python 3.11 it raised TypeError from `super()` instead.
    contract = EventContract("s", "d", "1.0.0", "sha256:0", "p.json")
    with pytest.raises(dataclasses.FrozenInstanceError, match=f"cannot assign to field '{name}'"):
        setattr(contract, name, 1)
    with pytest.raises(dataclasses.FrozenInstanceError, match=f"cannot delete field '{name}'"):
        delattr(contract, name)
    assert contract.major == 1


@given(values)
def test_copies_and_pickles_are_equal(kwargs: dict[str, Any]) -> None:
    ours = EventContract(**kwargs)
    for other in (copy.copy(ours), copy.deepcopy(ours), pickle.loads(pickle.dumps(ours))):
        assert type(other) is EventContract
        assert other == ours
        assert repr(other) == repr(ours)


@given(values)
def test_a_pickle_of_the_dataclass_loads(kwargs: dict[str, Any]) -> None:
    # what such a pickle does: __new__, then __setstate__ with the dataclass's state
    ref = EventContract_(**kwargs)
    reduced = ref.__reduce_ex__(2)
    assert isinstance(reduced, tuple)
    state = reduced[2]
    loaded = EventContract.__new__(EventContract)
    loaded.__setstate__(state)
    assert loaded == EventContract(**kwargs)


def test_signature_match_args_and_major() -> None:
    ours, ref = inspect.signature(EventContract), inspect.signature(EventContract_)
    assert ours.parameters == ref.parameters  # the return annotation: 'None' against None
    assert EventContract.__match_args__ == EventContract_.__match_args__
    contract = EventContract("shop.orders", "OrderPlaced", "2.1.0", "sha256:0", "p.json")
    match contract:
        case EventContract(source, detail_type, version):
            assert (source, detail_type, version) == ("shop.orders", "OrderPlaced", "2.1.0")
    assert contract.major == 2
    with pytest.raises(TypeError):
        EventContract("shop.orders", "OrderPlaced", "2.1.0", "sha256:0")  # type: ignore[call-arg]
    with pytest.raises(TypeError):
        EventContract(*"abcde", nope=1)  # type: ignore[call-arg]
