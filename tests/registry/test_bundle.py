"""`Registry.bundle(version)`: a self-contained schema, shared files under `$defs`."""

from __future__ import annotations

import copy
from pathlib import Path

import jsonschema  # type: ignore[import-untyped]
import pytest

from eventkit.errors import SchemaRefError
from eventkit.registry import Registry, load_registry, shared_def_name

from ._build import DIALECT, build, schema

GOOD = Path(__file__).parent / "fixtures" / "good"


@pytest.fixture(scope="module")
def registry() -> Registry:
    return load_registry(GOOD)


def _refs(value: object) -> list[str]:
    if isinstance(value, dict):
        found = [value["$ref"]] if isinstance(value.get("$ref"), str) else []
        return found + [r for v in value.values() for r in _refs(v)]
    if isinstance(value, list):
        return [r for v in value for r in _refs(v)]
    return []


def test_shared_def_name() -> None:
    assert shared_def_name("_shared/money.json") == "_shared.money"
    assert shared_def_name("_shared/geo/address.json") == "_shared.geo.address"


def test_bundle_copies_shared_files_and_rewrites_refs(registry: Registry) -> None:
    version = registry.event("orders/OrderPlaced").version("1.1.0")
    original = copy.deepcopy(version.schema)
    bundled = registry.bundle(version)
    assert version.schema == original, "the loaded schema is never modified"
    assert bundled["properties"]["total"] == {"$ref": "#/$defs/_shared.money"}
    assert bundled["properties"]["ship_to"] == {"$ref": "#/$defs/_shared.geo.address"}
    assert bundled["properties"]["currency"] == {"$ref": "#/$defs/_shared.money/$defs/Currency"}
    assert sorted(bundled["$defs"]) == ["_shared.geo.address", "_shared.money"]
    money = bundled["$defs"]["_shared.money"]
    assert "$schema" not in money
    # a ref local to the shared file now points into its copy
    assert money["properties"]["currency"] == {"$ref": "#/$defs/_shared.money/$defs/Currency"}
    assert all(ref.startswith("#") for ref in _refs(bundled))


def test_bundle_keeps_local_refs_and_existing_defs(registry: Registry) -> None:
    version = registry.event("orders/OrderPlaced").version("2.0.0")
    bundled = registry.bundle(version)
    assert bundled["properties"]["lines"]["items"] == {"$ref": "#/$defs/Line"}
    assert sorted(bundled["$defs"]) == ["Line", "_shared.money"]
    assert bundled["$defs"]["Line"]["properties"]["price"] == {"$ref": "#/$defs/_shared.money"}


def test_bundle_without_shared_refs_is_an_equal_copy(registry: Registry) -> None:
    version = registry.event("catalog/CategoryTreeChanged").latest
    bundled = registry.bundle(version)
    assert bundled == version.schema
    assert bundled is not version.schema


@pytest.mark.parametrize("key", ["orders/OrderPlaced", "catalog/CategoryTreeChanged"])
def test_bundled_schemas_validate_their_examples_offline(registry: Registry, key: str) -> None:
    for version in registry.event(key).versions:
        bundled = registry.bundle(version)
        jsonschema.Draft202012Validator.check_schema(bundled)
        validator = jsonschema.Draft202012Validator(bundled)
        for example in bundled["examples"]:
            validator.validate(example)
        with pytest.raises(jsonschema.ValidationError):
            validator.validate({"order_id": 1, "root": 1})


def test_transitive_and_recursive_shared_files(tmp_path: Path) -> None:
    files = {
        "_shared/node.json": {
            "type": "object",
            "properties": {
                "next": {"$ref": "node.json"},
                "tag": {"$ref": "tags/tag.json#tag"},
            },
        },
        "_shared/tags/tag.json": {"$defs": {"T": {"$anchor": "tag", "type": "string"}}},
        "s/E/1.0.0.json": schema(properties={"head": {"$ref": "../../_shared/node.json"}}),
    }
    registry = load_registry(build(tmp_path, files))
    bundled = registry.bundle(registry.event("s/E").latest)
    node = bundled["$defs"]["_shared.node"]
    assert node["properties"]["next"] == {"$ref": "#/$defs/_shared.node"}
    assert node["properties"]["tag"] == {"$ref": "#/$defs/_shared.tags.tag/$defs/T"}
    validator = jsonschema.Draft202012Validator(bundled)
    validator.validate({"id": "x", "head": {"next": {"tag": "a"}}})
    with pytest.raises(jsonschema.ValidationError):
        validator.validate({"id": "x", "head": {"next": {"tag": 1}}})


def test_bundle_of_a_shared_file(tmp_path: Path) -> None:
    files = {
        "_shared/a.json": {"$schema": DIALECT, "properties": {"b": {"$ref": "b.json"}}},
        "_shared/b.json": {"properties": {"a": {"$ref": "a.json#/properties"}}},
        "s/E/1.0.0.json": schema(),
    }
    registry = load_registry(build(tmp_path, files))
    bundled = registry.bundle(registry.shared["_shared/a.json"])
    assert bundled["properties"]["b"] == {"$ref": "#/$defs/_shared.b"}
    assert bundled["$defs"]["_shared.b"]["properties"]["a"] == {"$ref": "#/properties"}


def test_bundle_refuses_a_clashing_def_name(tmp_path: Path) -> None:
    files = {
        "_shared/money.json": {"type": "integer"},
        "s/E/1.0.0.json": schema(
            properties={"m": {"$ref": "../../_shared/money.json"}},
            **{"$defs": {"_shared.money": {"type": "string"}}},
        ),
    }
    registry = load_registry(build(tmp_path, files))
    with pytest.raises(SchemaRefError, match="already has"):
        registry.bundle(registry.event("s/E").latest)
