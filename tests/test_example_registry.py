"""The example shop registry (schemas/) keeps the promises the rest of the project builds on.

Counts (services, event types, versions, majors), shared definitions used through `$ref`,
foreign AWS events marked as foreign, a deprecation, schema hygiene (title, description on
every property, examples that validate), minors that only add optional properties, and the
sample events in tests/events/ matching the registry. See docs/example-shop.md.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator, FormatChecker  # type: ignore[import-untyped]

from eventkit.registry import EventType, Registry, SchemaVersion, load_registry
from tests.events import event_names, load_event

SCHEMAS = Path(__file__).resolve().parent.parent / "schemas"
DRAFT_2020_12 = "https://json-schema.org/draft/2020-12/schema"
FORMATS = FormatChecker()


@pytest.fixture(scope="module")
def registry() -> Registry:
    return load_registry(SCHEMAS)


def _native(registry: Registry) -> list[EventType]:
    return [event for event in registry.events if not event.foreign]


def _all_versions() -> Iterator[SchemaVersion]:
    yield from (version for event in load_registry(SCHEMAS).events for version in event.versions)


def _walk(node: Any, pointer: str = "") -> Iterator[tuple[str, dict[str, Any]]]:
    """Every schema object in `node` with its JSON pointer."""
    if isinstance(node, dict):
        yield pointer, node
        for key, value in node.items():
            if key in ("examples", "enum", "const", "default"):
                continue
            yield from _walk(value, f"{pointer}/{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _walk(value, f"{pointer}/{index}")


def _validator(registry: Registry, version: SchemaVersion) -> Draft202012Validator:
    return Draft202012Validator(registry.bundle(version), format_checker=FORMATS)


def _errors(validator: Draft202012Validator, instance: object) -> list[str]:
    return [f"{error.json_path}: {error.message}" for error in validator.iter_errors(instance)]


# --- registry settings and counts ---------------------------------------------------------


def test_registry_settings(registry: Registry) -> None:
    config = registry.config
    assert (config.name, config.event_bus, config.source_prefix) == ("shop", "shop-events", "shop.")
    assert (config.compatibility, config.policy) == ("FULL_TRANSITIVE", "LENIENT")


def test_at_least_six_native_services_and_twelve_event_types(registry: Registry) -> None:
    native = _native(registry)
    services = {event.service for event in native}
    assert {"users", "orders", "payments", "uploads", "notifications", "campaigns"} <= services
    assert len(services) >= 6
    assert len(native) >= 12
    for event in native:
        assert event.source == f"shop.{event.service}"
        assert event.detail_type == event.name
        assert event.owner, f"{event.key} has no owner"
        assert event.description, f"{event.key} has no description"


def test_event_names_are_unique_pascal_case(registry: Registry) -> None:
    # Generated classes are named <EventName>V<major> and re-exported from one package.
    names = [event.name for event in registry.events]
    assert len(names) == len(set(names))
    for name in names:
        assert name[0].isupper()
        assert name.isalnum(), name


def test_several_event_types_have_several_versions_and_a_major_bump(registry: Registry) -> None:
    multi = [event for event in _native(registry) if len(event.versions) > 1]
    assert len(multi) >= 3
    with_major_bump = [event.key for event in multi if len(event.majors) > 1]
    assert "orders/OrderPlaced" in with_major_bump
    assert "payments/PaymentCaptured" in with_major_bump
    placed = registry.event("orders/OrderPlaced")
    assert [str(v.version) for v in placed.versions] == ["1.0.0", "1.1.0", "2.0.0"]
    assert str(placed.latest_in(1).version) == "1.1.0"
    assert str(placed.latest.version) == "2.0.0"


def test_shared_definitions_are_used_by_several_events(registry: Registry) -> None:
    assert {"_shared/money.json", "_shared/common.json", "_shared/customer_ref.json"} <= set(
        registry.shared
    )
    users: dict[str, set[str]] = {relpath: set() for relpath in registry.shared}
    for event in registry.events:
        for version in event.versions:
            for _, node in _walk(version.schema):
                ref = node.get("$ref")
                if isinstance(ref, str) and ref.startswith("../../_shared/"):
                    users[ref.removeprefix("../../").split("#")[0]].add(event.key)
    for relpath, keys in users.items():
        assert len(keys) >= 2, f"{relpath} is used by {sorted(keys)} only"


def test_foreign_aws_events_are_marked_foreign(registry: Registry) -> None:
    s3 = registry.event("aws_s3/ObjectCreated")
    ec2 = registry.event("aws_ec2/EC2InstanceStateChangeNotification")
    assert (s3.foreign, s3.source, s3.detail_type) == (True, "aws.s3", "Object Created")
    assert (ec2.foreign, ec2.source, ec2.detail_type) == (
        True,
        "aws.ec2",
        "EC2 Instance State-change Notification",
    )
    assert [event.key for event in registry.events if event.foreign] == [ec2.key, s3.key]


def test_one_event_is_deprecated_with_a_real_replacement(registry: Registry) -> None:
    deprecated = [event for event in registry.events if event.deprecated is not None]
    assert [event.key for event in deprecated] == ["notifications/PushNotificationRequested"]
    (event,) = deprecated
    assert event.deprecated is not None
    assert event.deprecated.reason
    assert event.deprecated.replacement is not None
    registry.event(event.deprecated.replacement)


# --- every version file ---------------------------------------------------------------------


@pytest.mark.parametrize("version", list(_all_versions()), ids=lambda v: v.relpath)
def test_version_file_is_complete_and_its_examples_validate(
    registry: Registry, version: SchemaVersion
) -> None:
    schema = version.schema
    assert schema["$schema"] == DRAFT_2020_12
    assert schema["type"] == "object"
    assert schema["title"] == version.event_key.split("/")[1]
    assert schema["description"]
    assert schema["required"]
    Draft202012Validator.check_schema(schema)
    for pointer, node in _walk(schema):
        assert node.get("additionalProperties") is not False, f"closed object at {pointer}"
        for name, prop in node.get("properties", {}).items():
            assert prop.get("description"), f"{pointer}/properties/{name} has no description"
    examples = schema["examples"]
    assert 1 <= len(examples) <= 2
    validator = _validator(registry, version)
    for example in examples:
        assert _errors(validator, example) == []


def _added_only_optional(old: Any, new: Any, pointer: str, found: list[str]) -> None:
    """Collect differences that are more than new optional properties (and new wording)."""
    if not (isinstance(old, dict) and isinstance(new, dict)):
        if old != new:
            found.append(pointer)
        return
    for key in old.keys() | new.keys():
        if key in ("description", "examples", "title"):
            continue
        here = f"{pointer}/{key}"
        if key not in old or key not in new:
            found.append(here)
        elif key in ("properties", "$defs"):
            for name, sub in old[key].items():
                if name not in new[key]:
                    found.append(f"{here}/{name}")
                else:
                    _added_only_optional(sub, new[key][name], f"{here}/{name}", found)
        else:
            _added_only_optional(old[key], new[key], here, found)


def test_minor_versions_only_add_optional_properties(registry: Registry) -> None:
    checked = 0
    for event in registry.events:
        for versions in event.majors.values():
            for older, newer in itertools.pairwise(versions):
                found: list[str] = []
                _added_only_optional(older.schema, newer.schema, "", found)
                assert found == [], f"{newer.relpath} vs {older.relpath}"
                checked += 1
    assert checked >= 4


def test_examples_validate_across_versions_of_one_major(registry: Registry) -> None:
    for event in registry.events:
        for versions in event.majors.values():
            for writer in versions:
                for reader in versions:
                    validator = _validator(registry, reader)
                    for example in writer.schema["examples"]:
                        assert _errors(validator, example) == [], (writer.relpath, reader.relpath)


def test_major_bumps_are_really_breaking(registry: Registry) -> None:
    # A new major exists because old data no longer fits: the old examples fail the new major.
    for key in ("orders/OrderPlaced", "payments/PaymentCaptured"):
        event = registry.event(key)
        old, new = event.latest_in(1), event.latest_in(2)
        validator = _validator(registry, new)
        for example in old.schema["examples"]:
            assert _errors(validator, example) != []


# --- tests/events samples -------------------------------------------------------------------


def _eventbridge_samples() -> list[str]:
    return [name for name in event_names() if not name.startswith("sqs_")]


@pytest.mark.parametrize("name", _eventbridge_samples())
def test_sample_event_matches_the_registry(registry: Registry, name: str) -> None:
    event = load_event(name)
    assert set(event) >= {"version", "id", "detail-type", "source", "account", "time", "region"}
    (event_type,) = [
        e
        for e in registry.events
        if (e.source, e.detail_type) == (event["source"], event["detail-type"])
    ]
    if event_type.foreign:
        data = event["detail"]
        version = event_type.latest
    else:
        metadata = event["detail"]["metadata"]
        data = event["detail"]["data"]
        (version,) = [v for v in event_type.versions if str(v.version) == metadata["version"]]
        assert metadata["schema_digest"] == version.digest
        assert metadata["producer"] == f"{event_type.service}-service"
    errors = _errors(_validator(registry, version), data)
    if name.endswith("_invalid_data"):
        assert errors != []
    else:
        assert errors == []


def test_sample_order_flow_is_causally_linked() -> None:
    flow = [
        "order_placed_1_1_0",
        "payment_authorized_1_0_0",
        "payment_captured_1_0_0",
        "order_confirmed_1_0_0",
        "client_notification_requested_1_1_0",
    ]
    metadata = [load_event(name)["detail"]["metadata"] for name in flow]
    assert len({m["correlation_id"] for m in metadata}) == 1
    assert metadata[0]["causation_id"] is None
    for cause, effect in itertools.pairwise(metadata):
        assert effect["causation_id"] == cause["event_id"]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        (
            "sqs_batch_order_placed_payment_captured",
            ["order_placed_1_1_0", "payment_captured_1_0_0"],
        ),
        (
            "sqs_batch_with_poison",
            ["order_placed_1_1_0", None, "order_placed_1_1_0_invalid_data"],
        ),
    ],
)
def test_sqs_batches_wrap_the_sample_events(name: str, expected: list[str | None]) -> None:
    records = load_event(name)["Records"]
    assert [record["eventSource"] for record in records] == ["aws:sqs"] * len(expected)
    assert len({record["messageId"] for record in records}) == len(records)
    for record, sample in zip(records, expected, strict=True):
        if sample is None:
            with pytest.raises(json.JSONDecodeError):
                json.loads(record["body"])
        else:
            assert json.loads(record["body"]) == load_event(sample)


def test_load_event_names_unknown_events() -> None:
    assert load_event("order_placed_1_1_0.json") == load_event("order_placed_1_1_0")
    with pytest.raises(FileNotFoundError, match="order_placed_1_1_0"):
        load_event("no_such_event")
