"""The loader on a well-formed fixture registry: model, metadata resolution, lookups."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from eventkit.errors import RegistryError
from eventkit.registry import (
    Deprecation,
    Registry,
    SemVer,
    canonical_digest,
    load_registry,
    scan_registry,
)

from ._build import build, schema

GOOD = Path(__file__).parent / "fixtures" / "good"
REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def registry() -> Registry:
    return load_registry(GOOD)


def test_services_and_events_are_sorted(registry: Registry) -> None:
    assert [s.name for s in registry.services] == ["aws_s3", "catalog", "orders"]
    assert [e.key for e in registry.events] == [
        "aws_s3/ObjectCreated",
        "catalog/CategoryTreeChanged",
        "orders/OrderCancelled",
        "orders/OrderPlaced",
    ]
    assert registry.root == GOOD.absolute()
    assert sorted(registry.shared) == ["_shared/geo/address.json", "_shared/money.json"]


def test_config(registry: Registry) -> None:
    config = registry.config
    assert (config.name, config.event_bus, config.source_prefix) == (
        "fixture",
        "fixture-events",
        "fix.",
    )
    assert (config.compatibility, config.policy) == ("FULL_TRANSITIVE", "LENIENT")
    assert config.tables["check"]["suppressions"][0]["rule"] == "PROPERTY_REMOVED"


def test_metadata_defaults_come_from_folders_and_eventkit_toml(registry: Registry) -> None:
    placed = registry.event("orders/OrderPlaced")
    assert (placed.service, placed.name, placed.key) == (
        "orders",
        "OrderPlaced",
        "orders/OrderPlaced",
    )
    assert placed.source == "fix.orders"
    assert placed.detail_type == "OrderPlaced"
    assert (placed.compatibility, placed.policy) == ("FULL_TRANSITIVE", "LENIENT")
    assert placed.owner == "team-orders"  # from service.toml
    assert placed.description == "A customer placed an order."
    assert placed.deprecated is None
    assert placed.foreign is False
    orders = next(s for s in registry.services if s.name == "orders")
    assert (orders.source, orders.owner, orders.description) == (
        "fix.orders",
        "team-orders",
        "Takes orders.",
    )


def test_event_toml_overrides_service_and_registry(registry: Registry) -> None:
    cancelled = registry.event("orders/OrderCancelled")
    assert cancelled.detail_type == "Order Cancelled"
    assert cancelled.owner == "team-support"
    assert cancelled.compatibility == "BACKWARD"
    assert cancelled.deprecated == Deprecation(
        since="1.0.0", reason="Use OrderPlaced 2 with status", replacement="orders/OrderPlaced"
    )


def test_description_falls_back_to_the_latest_schema(registry: Registry) -> None:
    tree = registry.event("catalog/CategoryTreeChanged")
    assert tree.description == "The category tree changed (a recursive schema)."
    assert tree.owner is None


def test_foreign_event(registry: Registry) -> None:
    created = registry.event("aws_s3/ObjectCreated")
    assert created.foreign is True
    assert created.source == "aws.s3"
    assert created.detail_type == "Object Created"


def test_versions_majors_latest(registry: Registry) -> None:
    placed = registry.event("orders/OrderPlaced")
    assert [str(v.version) for v in placed.versions] == ["1.0.0", "1.1.0", "2.0.0"]
    assert {m: [str(v.version) for v in vs] for m, vs in placed.majors.items()} == {
        1: ["1.0.0", "1.1.0"],
        2: ["2.0.0"],
    }
    assert placed.latest.version == SemVer(2, 0, 0)
    assert placed.latest_in(1).version == SemVer(1, 1, 0)
    assert placed.version("1.0.0").relpath == "orders/OrderPlaced/1.0.0.json"
    with pytest.raises(RegistryError, match=r"no major version 3 \(majors: 1, 2\)"):
        placed.latest_in(3)
    with pytest.raises(RegistryError, match=r"versions: 1\.0\.0, 1\.1\.0, 2\.0\.0"):
        placed.version("1.2.0")
    with pytest.raises(RegistryError, match="not a semantic version"):
        placed.version("1.0")


def test_schema_version_fields(registry: Registry) -> None:
    version = registry.event("orders/OrderPlaced").version("1.1.0")
    assert version.event_key == "orders/OrderPlaced"
    assert version.path == GOOD.absolute() / "orders/OrderPlaced/1.1.0.json"
    assert version.relpath == "orders/OrderPlaced/1.1.0.json"
    assert version.text == version.path.read_text(encoding="utf-8")
    assert version.schema == json.loads(version.text)
    assert version.digest == canonical_digest(version.schema)
    assert version.digest.startswith("sha256:")
    assert len(version.digest) == 7 + 64
    assert version.major == 1


def test_digest_ignores_formatting_and_key_order(tmp_path: Path) -> None:
    compact = json.dumps(schema(), separators=(",", ":"))
    reordered = json.dumps(dict(reversed(list(schema().items()))), indent=4)
    one = load_registry(build(tmp_path / "a", {"s/E/1.0.0.json": compact}))
    two = load_registry(build(tmp_path / "b", {"s/E/1.0.0.json": reordered}))
    assert one.events[0].latest.digest == two.events[0].latest.digest


def test_versions_sort_numerically(tmp_path: Path) -> None:
    names = ["1.9.0", "1.10.0", "1.2.0", "10.0.0", "2.0.0"]
    root = build(tmp_path, {f"s/E/{n}.json": schema() for n in names})
    event = load_registry(root).event("s/E")
    assert [str(v.version) for v in event.versions] == [
        "1.2.0",
        "1.9.0",
        "1.10.0",
        "2.0.0",
        "10.0.0",
    ]


def test_unknown_event_names_the_known_ones(registry: Registry) -> None:
    with pytest.raises(RegistryError, match="known: aws_s3/ObjectCreated") as caught:
        registry.event("orders/OrderPlacd")
    assert caught.value.hint is not None
    assert caught.value.hint.startswith("did you mean orders/OrderPlaced")


def test_document_lookup(registry: Registry) -> None:
    assert registry.document("_shared/money.json").schema["title"] == "Money"
    assert len(registry.documents) == len(registry.shared) + len(registry.versions) == 2 + 6
    with pytest.raises(RegistryError, match="no schema file"):
        registry.document("_shared/nope.json")


def test_resolve(registry: Registry) -> None:
    target, pointer, value = registry.resolve(
        "orders/OrderPlaced/1.1.0.json", "../../_shared/money.json#/$defs/Currency"
    )
    assert (target, pointer, value["pattern"]) == (
        "_shared/money.json",
        "/$defs/Currency",
        "^[A-Z]{3}$",
    )


def test_model_is_immutable(registry: Registry) -> None:
    event = registry.event("orders/OrderPlaced")
    with pytest.raises(AttributeError):
        event.source = "x"  # type: ignore[misc]
    with pytest.raises(AttributeError):
        registry.services = ()  # type: ignore[misc]


def test_semver() -> None:
    assert SemVer.parse("1.2.3") == (1, 2, 3)
    assert str(SemVer(1, 10, 0)) == "1.10.0"
    assert SemVer(1, 10, 0) > SemVer(1, 9, 9)
    assert SemVer(1, 2, 3).bump("major") == SemVer(2, 0, 0)
    assert SemVer(1, 2, 3).bump("minor") == SemVer(1, 3, 0)
    assert SemVer(1, 2, 3).bump("patch") == SemVer(1, 2, 4)
    for bad in ["01.0.0", "1.0", "v1.0.0", "1.0.0-rc.1", "1.0.0+build", "", "a.b.c"]:
        with pytest.raises(ValueError, match="not a semantic version"):
            SemVer.parse(bad)


def test_scan_of_a_clean_registry_has_no_problems() -> None:
    _, problems = scan_registry(GOOD)
    assert problems == []


def test_the_example_shop_registry_loads() -> None:
    schemas = REPO / "schemas"
    if not (schemas / "eventkit.toml").is_file():
        pytest.skip("schemas/ is not there yet")
    _, problems = scan_registry(schemas)
    assert [str(p) for p in problems] == []
