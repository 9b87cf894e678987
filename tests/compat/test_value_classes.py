"""`Rule`, `Finding` and `CompatReport` behave as the frozen dataclasses they were written from.

The classes are written by hand (`import dataclasses` was most of a cold `import
eventkit.compat`: docs/decisions/0030-speed-ups.md, "cold compat pass"); their dataclass
metadata is made on first read (eventkit.compat._catalog). Each behaviour is compared here with
the old definition, on the same field values: construction, repr, equality, hash, immutability,
copies and pickles, and what `dataclasses` itself reads (`fields`, `replace`, `asdict`,
`astuple`, `is_dataclass`, the params).
"""

from __future__ import annotations

import copy
import dataclasses
import inspect
import json
import pickle
import subprocess
import sys
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from eventkit.compat import RULES, CompatReport, Finding, Rule
from eventkit.compat._findings import NO_EXAMPLE
from tests._raising import error_of

# -- the references: the old definitions, under other names ------------------------------------


@dataclasses.dataclass(frozen=True)
class Rule_:
    id: str
    category: str
    purpose: str
    breaks: str
    hint: str = "Ship it as {next_major}, or revert this change."
    consequence: str = ""
    severity: str = "breaking"


@dataclasses.dataclass(frozen=True)  # declared `init=False` with an `__init__` of these fields
class Finding_:
    rule_id: str
    pointer: str
    what: str
    side: str
    severity: str = "breaking"
    path: str = ""
    example: Any = NO_EXAMPLE
    old_pointer: str = ""
    document: str = ""


@dataclasses.dataclass(frozen=True)  # declared `init=False`, as `Finding_`
class CompatReport_:
    mode: str
    policy: str
    findings: tuple[Finding, ...] = dataclasses.field(default_factory=tuple)


# the params each old class was declared with
_PARAMS = {Rule: (True, True), Finding: (False, True), CompatReport: (False, True)}  # init, frozen

texts = st.text(max_size=8)
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | texts,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(texts, inner, max_size=3),
    max_leaves=6,
)


def values_of(
    required: list[str], optional: dict[str, st.SearchStrategy[Any]]
) -> st.SearchStrategy[dict[str, Any]]:
    """Keyword arguments: the required fields (texts) and any of the optional ones."""
    return st.fixed_dictionaries(dict.fromkeys(required, texts), optional=optional)


rule_values = values_of(
    ["id", "category", "purpose", "breaks"],
    {"hint": texts, "consequence": texts, "severity": texts},
)
finding_values = values_of(
    ["rule_id", "pointer", "what", "side"],
    {
        "severity": texts,
        "path": texts,
        "example": json_values,
        "old_pointer": texts,
        "document": texts,
    },
)
findings = st.lists(finding_values.map(lambda kw: Finding(**kw)), max_size=3).map(tuple)
report_values = values_of(["mode", "policy"], {"findings": findings})

CASES = [(Rule, Rule_, rule_values), (Finding, Finding_, finding_values)]
CASES += [(CompatReport, CompatReport_, report_values)]
IDS = ["Rule", "Finding", "CompatReport"]


def names(cls: type) -> list[str]:
    return [f.name for f in dataclasses.fields(cls)]


@pytest.mark.parametrize(("cls", "ref", "values"), CASES, ids=IDS)
@given(data=st.data())
def test_fields_repr_hash_and_equality_are_the_dataclass_ones(
    cls: type, ref: type, values: Any, data: st.DataObject
) -> None:
    a, b = data.draw(values), data.draw(values)
    ours_a, ref_a, ours_b, ref_b = cls(**a), ref(**a), cls(**b), ref(**b)
    assert [getattr(ours_a, n) for n in names(ref)] == [getattr(ref_a, n) for n in names(ref)]
    assert repr(ours_a) == repr(ref_a).replace(f"{ref.__name__}(", f"{cls.__name__}(")
    assert error_of(lambda: hash(ours_a)) == error_of(lambda: hash(ref_a))  # a list example
    assert (ours_a == ours_b) == (ref_a == ref_b)
    assert (ours_a != ours_b) == (ref_a != ref_b)
    assert ours_a == cls(**a)
    assert ours_a != ref_a  # another class: never equal, as between two dataclasses
    if list(a) == names(ref)[: len(a)]:  # the given fields are a prefix: positionally too
        assert cls(*a.values()) == ours_a


@pytest.mark.parametrize(("cls", "ref", "values"), CASES, ids=IDS)
@given(data=st.data())
def test_immutability_errors_are_the_dataclass_ones(
    cls: type, ref: type, values: Any, data: st.DataObject
) -> None:
    kwargs = data.draw(values)
    name = data.draw(st.sampled_from([*names(ref), "other"]))
    ours, theirs = cls(**kwargs), ref(**kwargs)
    assert error_of(lambda: setattr(ours, name, "x")) == error_of(
        lambda: setattr(theirs, name, "x")
    )
    assert error_of(lambda: delattr(ours, name)) == error_of(lambda: delattr(theirs, name))
    assert error_of(lambda: setattr(ours, name, "x")) == (
        dataclasses.FrozenInstanceError,
        f"cannot assign to field {name!r}",
    )


@pytest.mark.parametrize(("cls", "ref", "values"), CASES, ids=IDS)
@given(data=st.data())
def test_copies_pickles_and_the_dataclasses_functions(
    cls: type, ref: type, values: Any, data: st.DataObject
) -> None:
    kwargs = data.draw(values)
    ours, theirs = cls(**kwargs), ref(**kwargs)
    # NO_EXAMPLE (the default example) cannot be pickled, with or without the change; a deep
    # copy makes another object of its class (so `has_example` is True there, as before)
    assert error_of(lambda: pickle.dumps(ours)) == error_of(lambda: pickle.dumps(theirs))
    copiers: list[Any] = [copy.copy, copy.deepcopy]
    if error_of(lambda: pickle.dumps(theirs)) is None:
        copiers.append(lambda value: pickle.loads(pickle.dumps(value)))
    for copier in copiers:
        other = copier(ours)
        assert type(other) is cls
        assert repr(other) == repr(copier(theirs)).replace(f"{ref.__name__}(", f"{cls.__name__}(")
    assert vars(copy.copy(ours)) == vars(ours)
    assert vars(ours) == vars(theirs)
    assert dataclasses.is_dataclass(cls(**kwargs))
    assert dataclasses.is_dataclass(cls)
    assert json.dumps(dataclasses.asdict(ours), default=repr) == json.dumps(
        dataclasses.asdict(theirs), default=repr
    )
    assert repr(dataclasses.astuple(ours)) == repr(dataclasses.astuple(theirs))
    changed = {names(ref)[0]: "changed"}
    assert vars(dataclasses.replace(ours, **changed)) == vars(
        dataclasses.replace(theirs, **changed)
    )
    assert type(dataclasses.replace(ours, **changed)) is cls


@pytest.mark.parametrize(("cls", "ref"), [(c, r) for c, r, _ in CASES], ids=IDS)
def test_fields_params_signature_and_match_args(cls: type, ref: type) -> None:
    def described(f: dataclasses.Field[Any]) -> tuple[Any, ...]:
        return (f.name, f.type, f.default, f.default_factory, f.init, f.repr, f.hash, f.compare)

    assert [described(f) for f in dataclasses.fields(cls)] == [
        described(f) for f in dataclasses.fields(ref)
    ]
    params = cls.__dataclass_params__  # type: ignore[attr-defined]
    reference = ref.__dataclass_params__  # type: ignore[attr-defined]
    assert (params.init, params.frozen) == _PARAMS[cls]
    for name in ("repr", "eq", "order", "unsafe_hash"):
        assert getattr(params, name) == getattr(reference, name)
    if params.init:  # the others' written `__init__`: tests/compat/test_engine_pinned.py
        assert inspect.signature(cls).parameters == inspect.signature(ref).parameters
    assert cls.__match_args__ == ref.__match_args__  # type: ignore[attr-defined]


def test_the_catalog_rules_are_the_values_the_dataclass_made() -> None:
    for rule in RULES.values():
        same = Rule_(**vars(rule))
        assert repr(rule) == repr(same).replace("Rule_(", "Rule(", 1)
        assert hash(rule) == hash(same)


_FRESH = """
import dataclasses, sys
from eventkit.compat import CompatReport, Finding, Rule
assert "dataclasses" in sys.modules  # this script imported it; the engine does not
finding = Finding("TYPE_NARROWED", "/type", "x", "BACKWARD")
print([f.name for f in dataclasses.fields(finding)])  # first read from an instance
class Sub(Finding):
    pass
print([f.name for f in dataclasses.fields(Sub)])  # a subclass reads the base's fields
print(dataclasses.replace(CompatReport("FULL", "STRICT"), findings=(finding,)).compatible)
print(dataclasses.is_dataclass(Rule), Rule.__dataclass_params__.init)
"""


def test_the_metadata_made_on_first_read_from_an_instance_or_a_subclass() -> None:
    done = subprocess.run(
        [sys.executable, "-c", _FRESH], capture_output=True, text=True, check=True
    )
    fields = str([f.name for f in dataclasses.fields(Finding_)])
    assert done.stdout.splitlines() == [fields, fields, "False", "True True"]
