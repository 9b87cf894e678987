"""Service tests that need no AWS: the pytest plugin from the entry point, the transport chosen
from the environment, test-event builders, the Lambda inputs and `eventkit sample`."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import jsonschema  # type: ignore[import-untyped]
import pytest
from shop_events import OrderPlacedV2, PaymentCapturedV2
from shop_events.shared.money import Money
from typer.testing import CliRunner

from eventkit import EventBus, Router
from eventkit.cli import app
from eventkit.errors import (
    EXIT_USAGE,
    EventValidationError,
    RegistryNotFoundError,
    SettingError,
)
from eventkit.registry import load_registry
from eventkit.testing import (
    InMemoryEventBridge,
    activate,
    build,
    eventbridge_event,
    lambda_context,
    sns_sqs_record,
    sqs_batch,
    use_registry,
)
from eventkit.transports.selection import ActiveBridgeTransport, set_default_transport

REPO = Path(__file__).resolve().parents[2]
SCHEMAS = REPO / "schemas"
EVENTKIT = Path(sys.executable).parent / "eventkit"  # the console script, as a user runs it
runner = CliRunner()


def _pytest(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST_", "EVENTKIT_"))}
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "no:xdist", *args],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


SERVICE = """
from eventkit import EventBus

bus = EventBus("shop-events", producer="orders-service")   # module level, no transport


def place(order):
    bus.publish(order)
"""

SERVICE_TEST = """
from shop_events import OrderPlacedV2
from eventkit.testing import build

import service


def test_a_module_level_bus_publishes_into_the_tests_bridge(eventbridge, eventkit_bus_name):
    assert eventkit_bus_name == "shop-events"
    order = build(OrderPlacedV2)
    service.place(order)
    eventbridge.assert_published(order, times=1)


def test_every_test_gets_a_fresh_bridge(eventbridge, event_bus):
    assert eventbridge.events() == []
    assert event_bus.bus_name == "shop-events"
    event_bus.publish(build(OrderPlacedV2))
    assert len(eventbridge.events(bus="shop-events")) == 1
"""


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "service.py").write_text(SERVICE)
    (tmp_path / "test_service.py").write_text(SERVICE_TEST)
    (tmp_path / "pyproject.toml").write_text(
        f"[tool.pytest.ini_options]\neventkit_schemas = {json.dumps(str(SCHEMAS))}\n"
    )
    return tmp_path


def test_the_plugin_loads_from_the_entry_point_without_a_conftest(project: Path) -> None:
    result = _pytest(project)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "2 passed" in result.stdout


def test_a_conftest_naming_the_plugin_still_works(project: Path) -> None:
    (project / "conftest.py").write_text('pytest_plugins = ["eventkit.testing.pytest_plugin"]\n')
    result = _pytest(project)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_environment_wins_over_the_plugin(project: Path) -> None:
    # EVENTKIT_TRANSPORT=eventbridge: the module-level bus goes to AWS (here: nowhere),
    # so the in-memory bridge sees nothing.
    result = _pytest(project, "-o", "eventkit_transport=eventbridge", "-x")
    assert result.returncode == 1
    assert "test_a_module_level_bus_publishes_into_the_tests_bridge" in result.stdout


def test_an_unknown_transport_setting_is_refused_naming_it(project: Path) -> None:
    result = _pytest(project, "-o", "eventkit_transport=carrier-pigeon")
    assert result.returncode != 0
    assert "carrier-pigeon" in result.stdout + result.stderr


def test_an_eventkit_schemas_setting_without_a_registry_is_refused_naming_it(
    project: Path,
) -> None:
    # A typo would leave the fixtures on the `default` bus and build() without examples.
    result = _pytest(project, "-o", "eventkit_schemas=contracts")
    assert result.returncode == pytest.ExitCode.USAGE_ERROR, result.stdout + result.stderr
    assert "eventkit_schemas = 'contracts'" in result.stderr
    assert "Traceback" not in result.stderr


def test_eventkit_transport_memory_sends_to_the_active_bridge(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("EVENTKIT_TRANSPORT", "memory")
    bus = EventBus("orders", producer="orders-service")
    assert isinstance(bus.transport, ActiveBridgeTransport)
    first, second = InMemoryEventBridge(), InMemoryEventBridge()
    for bridge in (first, second):
        bridge.create_event_bus("orders")
    with activate(first):
        bus.publish(build(OrderPlacedV2))
    with activate(second):
        bus.publish(build(OrderPlacedV2))
        bus.publish(build(OrderPlacedV2))
    assert (len(first.events()), len(second.events())) == (1, 2)


def test_eventkit_transport_eventbridge_overrides_the_process_default(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from eventkit.transports.eventbridge import EventBridgeTransport

    monkeypatch.setenv("EVENTKIT_TRANSPORT", "eventbridge")
    assert isinstance(EventBus("orders").transport, EventBridgeTransport)
    monkeypatch.delenv("EVENTKIT_TRANSPORT")
    previous = set_default_transport("eventbridge")
    try:
        assert isinstance(EventBus("orders").transport, EventBridgeTransport)
    finally:
        set_default_transport(previous)


def test_a_bad_eventkit_transport_is_a_setting_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EVENTKIT_TRANSPORT", "kinesis")
    with pytest.raises(SettingError) as caught:
        EventBus("orders")
    assert (caught.value.code, caught.value.setting, caught.value.value) == (
        "setting",
        "EVENTKIT_TRANSPORT",
        "kinesis",
    )


def test_event_bus_from_registry_uses_its_event_bus(tmp_path: Path) -> None:
    bridge = InMemoryEventBridge()
    bus = EventBus.from_registry(SCHEMAS, producer="orders-service")
    assert bus.bus_name == "shop-events"
    with pytest.raises(RegistryNotFoundError):
        EventBus.from_registry(tmp_path / "nowhere")
    bridge.create_event_bus("shop-events")
    with activate(bridge):  # the plugin made memory the session default
        bus.publish(build(OrderPlacedV2))
    assert len(bridge.events(bus="shop-events")) == 1


def test_build_starts_from_the_registry_example() -> None:
    schema = json.loads((SCHEMAS / OrderPlacedV2.__contract__.schema_path).read_text())
    example = schema["examples"][0]
    order = build(OrderPlacedV2)
    assert order == OrderPlacedV2.model_validate(example)
    changed = build(OrderPlacedV2, order_id="ord_000000000001")
    assert changed.order_id == "ord_000000000001"
    assert changed.lines == order.lines


def test_build_refuses_what_the_contract_refuses() -> None:
    with pytest.raises(EventValidationError) as caught:
        build(OrderPlacedV2, no_such_field=1)
    assert "no_such_field" in str(caught.value)
    with pytest.raises(EventValidationError) as caught:
        build(OrderPlacedV2, order_id=42)
    assert "order_id" in str(caught.value)


def test_build_draws_from_the_constraints_without_an_example(tmp_path: Path) -> None:
    money = build(Money)  # a shared model: no schema version of its own
    assert Money.model_validate(money.model_dump(mode="json", by_alias=True)) == money
    use_registry(tmp_path)  # a registry without the file: constraints only
    try:
        captured = build(PaymentCapturedV2, final_capture=True)
        again = build(PaymentCapturedV2, final_capture=True)
    finally:
        use_registry(None)
    assert captured.final_capture is True
    assert captured == again  # seeded: a test builds the same event on every run
    PaymentCapturedV2.model_validate(captured.model_dump(mode="json", by_alias=True))


def test_the_lambda_inputs_reach_the_handler() -> None:
    seen: list[OrderPlacedV2] = []
    router = Router(name="billing")
    router.on(OrderPlacedV2)(seen.append)
    order = build(OrderPlacedV2)
    router(eventbridge_event(order), lambda_context())
    answer = router(sqs_batch(order, build(OrderPlacedV2, order_id="ord_000000000002")), None)
    assert answer == {"batchItemFailures": []}
    assert [o.order_id for o in seen] == [order.order_id, order.order_id, "ord_000000000002"]


def test_the_sns_wrapped_record_carries_the_eventbridge_event() -> None:
    order = build(OrderPlacedV2)
    record = sns_sqs_record(order, topic="orders")
    assert (record["eventSource"], record["eventSourceARN"].split(":")[2]) == ("aws:sqs", "sqs")
    notification = json.loads(record["body"])
    assert notification["Type"] == "Notification"
    assert notification["TopicArn"].endswith(":orders")
    delivered = json.loads(notification["Message"])
    assert (delivered["source"], delivered["detail-type"]) == ("shop.orders", "OrderPlaced")
    assert OrderPlacedV2.model_validate(delivered["detail"]["data"]) == order


def test_lambda_context_counts_down() -> None:
    context = lambda_context(function_name="billing", timeout_seconds=3)
    assert context.invoked_function_arn.endswith(":function:billing")
    assert 0 < context.get_remaining_time_in_millis() <= 3000


def test_sample_prints_an_event_the_schema_and_a_router_accept() -> None:
    result = runner.invoke(app, ["sample", "orders/OrderPlaced@1.1.0", "--schemas", str(SCHEMAS)])
    assert result.exit_code == 0, result.output
    event = json.loads(result.output)
    registry = load_registry(SCHEMAS)
    schema = registry.bundle(registry.event("orders/OrderPlaced").version("1.1.0"))
    jsonschema.validate(event["detail"]["data"], schema)
    assert event["detail"]["metadata"]["version"] == "1.1.0"
    from shop_events import OrderPlacedV1

    seen: list[OrderPlacedV1] = []
    router = Router(name="console")
    router.on(OrderPlacedV1)(seen.append)
    router(event, None)
    assert len(seen) == 1


def test_sample_entry_is_accepted_by_put_events() -> None:
    result = runner.invoke(
        app, ["sample", "orders/OrderPlaced", "--entry", "--schemas", str(SCHEMAS)]
    )
    assert result.exit_code == 0, result.output
    entries = json.loads(result.output)
    assert [e["EventBusName"] for e in entries] == ["shop-events"]
    bridge = InMemoryEventBridge()
    bridge.create_event_bus("shop-events")
    assert bridge.put_events(entries).entries[0].ok
    assert bridge.published(OrderPlacedV2, bus="shop-events")


@pytest.mark.parametrize(
    ("spec", "named"),
    [
        ("orders/Nope", "orders/Nope"),
        ("orders/OrderPlaced@7", "7"),
        ("orders/OrderPlaced@9.9.9", "9.9.9"),
    ],
)
def test_sample_of_something_not_there_is_exit_2(spec: str, named: str) -> None:
    result = runner.invoke(app, ["sample", spec, "--schemas", str(SCHEMAS)])
    assert result.exit_code == EXIT_USAGE
    assert named in result.output
    assert "Traceback" not in result.output


def test_sample_example_out_of_range_names_the_file() -> None:
    result = runner.invoke(
        app, ["sample", "orders/OrderPlaced", "--example", "5", "--schemas", str(SCHEMAS)]
    )
    assert result.exit_code == EXIT_USAGE
    assert "orders/OrderPlaced/2.0.0.json" in result.output


def test_patterns_default_to_the_registry_bus_and_find_src_modules(tmp_path: Path) -> None:
    (tmp_path / "schemas").mkdir()
    (tmp_path / "schemas" / "eventkit.toml").write_text(
        '[registry]\nname = "acme"\nevent_bus = "acme-bus"\nsource_prefix = "acme."\n'
    )
    package = tmp_path / "src" / "billing"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "handlers.py").write_text(
        textwrap.dedent(
            """
            from shop_events import OrderCancelledV1
            from eventkit import Router

            router = Router(name="billing")
            router.on(OrderCancelledV1)(lambda event: None)
            """
        )
    )
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    for output in ("cloudformation", "sam"):
        result = subprocess.run(
            [str(EVENTKIT), "patterns", "billing.handlers:router", "-f", output],
            cwd=tmp_path,
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert result.returncode == 0, result.stderr
        assert '"EventBusName": "acme-bus"' in result.stdout
    result = subprocess.run(
        [
            str(EVENTKIT),
            "patterns",
            "billing.handlers:router",
            "-f",
            "sam",
            "--bus",
            "other",
        ],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert '"EventBusName": "other"' in result.stdout


def test_cloudformation_ids_survive_added_and_reordered_handlers() -> None:
    def ids(spec: str) -> dict[str, object]:
        result = runner.invoke(
            app, ["patterns", spec, "-f", "cloudformation", "--schemas", str(SCHEMAS)]
        )
        assert result.exit_code == 0, result.output
        resources = json.loads(result.output)["Resources"]
        return {k: v["Properties"]["EventPattern"] for k, v in resources.items()}

    before = ids("tests.adoption._routers:before")
    after = ids("tests.adoption._routers:after")
    assert len(after) == len(before) + 1
    for logical_id, pattern in before.items():
        assert after[logical_id] == pattern  # same id, same rule: CloudFormation updates nothing
