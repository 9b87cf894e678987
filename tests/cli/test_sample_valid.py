"""`eventkit sample` prints a valid EventBridge event, or an entry PutEvents accepts, or
refuses with exit 2 naming the file and the example: an example its schema rejects, an
example that is not an object (a traceback before), an AWS service's event as a PutEvents
entry (AWS answers NotAuthorizedForSourceException). Every example of the example registry
gives an entry the in-memory EventBridge accepts and an event the rule patterns of a
router for it deliver."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
import shop_events

from eventkit.contract import BaseEvent
from eventkit.errors import EXIT_USAGE, SettingError
from eventkit.patterns import matches
from eventkit.registry import load_registry
from eventkit.routing import Router, UpcasterRegistry
from eventkit.testing import InMemoryEventBridge
from eventkit.testing.samples import sample_entry, sample_event
from tests._child_cli import cli

REPO = Path(__file__).resolve().parents[2]
EC2 = "aws_ec2/EC2InstanceStateChangeNotification"


@pytest.fixture
def schemas(tmp_path: Path) -> Path:
    copy = tmp_path / "schemas"
    shutil.copytree(REPO / "schemas", copy)
    return copy


def set_examples(schemas: Path, relpath: str, examples: list[Any]) -> None:
    path = schemas / relpath
    document = json.loads(path.read_text(encoding="utf-8"))
    document["examples"] = examples
    path.write_text(json.dumps(document, indent=2), encoding="utf-8")


@pytest.mark.parametrize(
    ("spec", "relpath", "examples"),
    [
        (EC2, f"{EC2}/1.0.0.json", ["just a string"]),
        (EC2, f"{EC2}/1.0.0.json", [{"instance-id": 5}]),
        ("orders/OrderPlaced@2", "orders/OrderPlaced/2.0.0.json", [[1, 2]]),
        ("orders/OrderPlaced@2", "orders/OrderPlaced/2.0.0.json", [{"bogus": True}]),
    ],
    ids=["foreign-string", "foreign-invalid", "native-array", "native-invalid"],
)
def test_an_example_its_schema_rejects_is_refused(
    schemas: Path, spec: str, relpath: str, examples: list[Any]
) -> None:
    set_examples(schemas, relpath, examples)
    for extra in ([], ["--entry"]):
        code, out, err = cli("sample", spec, "--schemas", str(schemas), *extra)
        assert code == EXIT_USAGE, out
        assert out == ""
        assert relpath in err


def test_an_aws_service_event_has_no_put_events_entry() -> None:
    code, out, err = cli("sample", EC2, "--entry", "--schemas", str(REPO / "schemas"))
    assert code == EXIT_USAGE
    assert out == ""
    assert "aws." in err
    assert "without --entry" in err
    code, out, _ = cli("sample", EC2, "--schemas", str(REPO / "schemas"))
    assert code == 0
    assert json.loads(out)["source"] == "aws.ec2"


@pytest.mark.parametrize(
    "bus", ["bad bus", "", "shop/events", "arn:aws:events:eu-west-1:1:event-bus/x"]
)
def test_a_bus_put_events_refuses_is_refused(bus: str) -> None:
    """`--entry --bus 'bad bus'` printed an entry PutEvents answers with ValidationException,
    and `--bus ''` one on [registry] event_bus instead; both exit 2 now, printing nothing."""
    args = ("sample", "orders/OrderPlaced", "--entry", "--schemas", str(REPO / "schemas"))
    code, out, _ = cli(*args, "--bus", bus)
    assert code == EXIT_USAGE
    assert out == ""
    with pytest.raises(SettingError) as caught:
        sample_entry(load_registry(REPO / "schemas"), "orders/OrderPlaced", bus=bus)
    assert (caught.value.code, caught.value.setting, caught.value.value) == ("setting", "bus", bus)


@pytest.mark.parametrize(
    "bus", ["shop-events.v2_1", "arn:aws:events:eu-west-1:123456789012:event-bus/shop-events"]
)
def test_a_bus_name_or_arn_goes_into_the_entry(bus: str) -> None:
    code, out, _ = cli(
        "sample", "orders/OrderPlaced", "--entry", "--bus", bus, "--schemas", str(REPO / "schemas")
    )
    assert code == 0
    assert [entry["EventBusName"] for entry in json.loads(out)] == [bus]


def test_bus_without_entry_is_a_usage_error() -> None:
    """The event as delivered names no bus: `--bus` without `--entry` was dropped in silence."""
    code, out, _ = cli(
        "sample", "orders/OrderPlaced", "--bus", "x", "--schemas", str(REPO / "schemas")
    )
    assert code == EXIT_USAGE
    assert out == ""


def _model(source: str, detail_type: str, major: int) -> type[BaseEvent]:
    for name in shop_events.__all__:
        found = getattr(shop_events, name)
        contract: Any = getattr(found, "__contract__", None)
        if contract is None or (contract.source, contract.detail_type) != (source, detail_type):
            continue
        if contract.foreign or contract.major == major:
            return found  # type: ignore[no-any-return]
    raise AssertionError(f"no generated class for {source}/{detail_type} major {major}")


def _cases() -> list[Any]:
    registry = load_registry(REPO / "schemas")
    cases = []
    for event_type in registry.events:
        for version in event_type.versions:
            for index in range(len(version.schema.get("examples", []))):
                spec = f"{event_type.key}@{version.version}"
                cases.append(pytest.param(spec, index, id=f"{spec}#{index}"))
    return cases


@pytest.mark.parametrize(("spec", "index"), _cases())
def test_every_example_is_published_delivered_and_handled(spec: str, index: int) -> None:
    registry = load_registry(REPO / "schemas")
    event_type = registry.event(spec.partition("@")[0])
    version = spec.partition("@")[2]
    model = _model(event_type.source, event_type.detail_type, int(version.split(".")[0]))
    seen: list[BaseEvent] = []
    router = Router(upcasters=UpcasterRegistry(), unhandled="fail")
    router.on(model)(seen.append)
    patterns = router.event_patterns()

    event = sample_event(registry, spec, example=index)
    assert sum(matches(p, event) for p in patterns) == 1
    router(event)
    assert len(seen) == 1
    if event_type.source.startswith("aws."):
        return  # no PutEvents entry: only AWS publishes it
    entry = sample_entry(registry, spec, example=index)
    bridge = InMemoryEventBridge()
    bridge.create_event_bus(entry["EventBusName"])
    for i, pattern in enumerate(patterns):
        bridge.put_rule(f"consumer-{i}", pattern, bus=entry["EventBusName"])
    (result,) = bridge.put_events([entry]).entries
    assert result.ok, result
    (delivery,) = bridge.deliveries
    router(delivery.event)
    assert len(seen) == 2
