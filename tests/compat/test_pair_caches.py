"""What compat remembers per document pair and per registry: the mode table, type texts, the
`$defs` and ref-context verdicts filled in both directions at once, and a version's folder."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from eventkit.compat import _values
from eventkit.compat._api import sides_of
from eventkit.compat._catalog import BACKWARD, FORWARD
from eventkit.compat._doc import Doc
from eventkit.compat._registry_docs import RegistryDocs
from eventkit.errors import CompatibilityError
from eventkit.registry import COMPATIBILITY_MODES, load_registry
from tests.compat.conftest import Writer, version_schema


def _expected_sides(mode: str) -> tuple[str, ...]:
    """Confluent's modes as documented: NONE protects no reader, FULL both."""
    if mode == "NONE":
        return ()
    if mode.startswith("BACKWARD"):
        return (BACKWARD,)
    if mode.startswith("FORWARD"):
        return (FORWARD,)
    return (BACKWARD, FORWARD)


@given(st.sampled_from([str(m) for m in COMPATIBILITY_MODES]), st.data())
def test_sides_of_every_mode_in_any_case(mode: str, data: st.DataObject) -> None:
    flips = data.draw(st.lists(st.booleans(), min_size=len(mode), max_size=len(mode)))
    spelled = "".join(c.lower() if f else c for c, f in zip(mode, flips, strict=True))
    assert sides_of(spelled) == _expected_sides(mode)


@given(st.text(max_size=20))
def test_sides_of_unknown_mode_names_it_upper_case(mode: str) -> None:
    if mode.upper() in {str(m) for m in COMPATIBILITY_MODES}:
        return
    with pytest.raises(CompatibilityError) as raised:
        sides_of(mode)
    assert str(raised.value).startswith(f"unknown compatibility mode {mode.upper()!r}")
    assert raised.value.hint == f"use one of {', '.join(COMPATIBILITY_MODES)}"


def test_type_texts_are_the_same_every_time() -> None:
    for mask in range(128):
        first = _values.describe_types(mask)
        assert first == _values._describe_types(mask) == _values.describe_types(mask)
    assert _values.describe_types(_values.STR | _values.NULL) == "null | string"
    assert _values.describe_types(_values.NUMBER) == "number"
    assert _values.describe_types(_values.FLOAT) == "non-integer number"
    assert _values.describe_types(0) == "nothing"


_REFS = st.sampled_from(["#/$defs/a", "#/definitions/b", "#/properties/x", "#a", "other.json"])
_LEAF = st.one_of(
    st.just({"type": "string"}),
    st.just({"type": "integer"}),
    _REFS.map(lambda r: {"$ref": r}),
)
_DEFS = st.dictionaries(st.sampled_from(["a", "b"]), _LEAF, max_size=2)


@st.composite
def _documents(draw: st.DrawFn) -> dict[str, Any]:
    schema: dict[str, Any] = {"type": "object", "properties": {"x": draw(_LEAF)}}
    for key in ("$defs", "definitions"):
        if draw(st.booleans()):
            schema[key] = draw(_DEFS)
    return schema


@settings(max_examples=200)
@given(_documents(), _documents(), st.sampled_from(["/r/a", "/r/b"]), st.booleans())
def test_pair_verdicts_do_not_depend_on_which_side_asked_first(
    old: dict[str, Any], new: dict[str, Any], folder: str, same_cache: bool
) -> None:
    """Asking `a` about `b` also answers `b` about `a`: that answer must be what `b` alone
    computes (fresh documents, nothing cached)."""
    shared: dict[str, Doc] = {}

    def pair() -> tuple[Doc, Doc]:
        a = Doc(old, base_dir=Path("/r/a"), cache=shared)
        b = Doc(new, base_dir=Path(folder), cache=shared if same_cache else {})
        return a, b

    for ask in ("defs_kinds", "same_context"):
        a, b = pair()
        forth = getattr(a, ask)(b)
        back = getattr(b, ask)(a)
        fresh_a, fresh_b = pair()
        alone_back = getattr(fresh_b, ask)(fresh_a)
        fresh_a, fresh_b = pair()
        assert (forth, back) == (getattr(fresh_a, ask)(fresh_b), alone_back)


def test_version_folders_share_one_base_dir(make_registry: Writer) -> None:
    schema = version_schema({"id": {"type": "string"}}, ["id"])
    root = make_registry(
        {
            "orders/OrderPlaced/1.0.0.json": schema,
            "orders/OrderPlaced/1.1.0.json": schema,
            "orders/OrderShipped/1.0.0.json": schema,
        }
    )
    registry = load_registry(root)
    docs = RegistryDocs(registry)
    made = {v.relpath: docs(v) for event in registry.events for v in event.versions}
    placed = [made["orders/OrderPlaced/1.0.0.json"], made["orders/OrderPlaced/1.1.0.json"]]
    shipped = made["orders/OrderShipped/1.0.0.json"]
    assert placed[0].base_dir is placed[1].base_dir
    assert placed[0].base_dir != shipped.base_dir
    for event in registry.events:
        for version in event.versions:
            assert docs(version) is made[version.relpath]
            assert made[version.relpath].base_dir == Path(os.path.normpath(version.path)).parent


def test_a_freed_documents_answers_are_never_given_to_a_new_one() -> None:
    """The per-pair caches outlive the other document: a new one (which may reuse a freed one's
    `id()`) must get its own verdict, not the freed document's."""
    keeper = Doc({"$defs": {"a": {"type": "string"}}, "$ref": "#/$defs/a"})
    differing = {"$defs": {"a": {"type": "integer"}}, "$ref": "#/$defs/a"}
    equal = {"$defs": {"a": {"type": "string"}}, "$ref": "#/$defs/a"}
    reused = False
    for _ in range(50):  # CPython hands a freed block to the next object of its size
        gone = Doc(differing)
        gone_id = id(gone)
        assert keeper.defs_kinds(gone) != keeper.defs_refs
        assert keeper.same_context(gone) is False
        del gone
        fresh = Doc(equal)
        reused |= id(fresh) == gone_id
        assert keeper.defs_kinds(fresh) == keeper.defs_refs
        assert keeper.same_context(fresh) is True
    assert reused, "no id() was reused: the edge this test is for was not reached"
