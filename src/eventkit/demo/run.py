"""`eventkit demo`: the example shop end to end on local stand-ins, one stage after another.

lint -> check -> codegen --check -> sync (Schema Registry stand-in, twice: the second run must
write nothing) -> publish (moto_server EventBridge, one SQS queue per consumer rule) -> consume
(each service's router drains its queues, as Lambda would) -> a table that must add up.
"""

from __future__ import annotations

import importlib
import os
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from eventkit.errors import EXIT_DELIVERY, DemoFailedError
from eventkit.project_init import REPOSITORY_URL
from eventkit.registry import Registry

__all__ = ["DemoResult", "run_demo"]

Echo = Callable[[str], None]
STAGES = 6


@dataclass
class DemoResult:
    """Counts the final table shows."""

    published: int = 0
    expected: int = 0
    delivered: int = 0
    handled: int = 0
    ignored: int = 0
    failed: int = 0
    rows: list[tuple[str, int, int, int, int, int]] = field(default_factory=list)
    catalog: Path | None = None  # the event catalog the demo published (index.html)

    @property
    def adds_up(self) -> bool:
        return (
            self.delivered == self.expected
            and self.delivered == self.handled + self.ignored + self.failed
        )


@contextmanager
def _stage(echo: Echo, number: int, name: str) -> Iterator[None]:
    echo(f"\n[{number}/{STAGES}] {name}")
    start = time.perf_counter()
    yield
    echo(f"      ({time.perf_counter() - start:.1f} s)")


def _lint(root: Path, echo: Echo) -> Registry:
    from eventkit.errors import EXIT_PROBLEMS
    from eventkit.lint import format_summary, lint_registry

    report = lint_registry(root)
    echo(format_summary(report.registry))
    echo(report.format_text().splitlines()[-1] if report.ok else report.format_text())
    if not report.ok:
        raise DemoFailedError("lint found problems", stage="lint", exit_code=EXIT_PROBLEMS)
    return report.registry


def _check(registry: Registry, echo: Echo) -> None:
    from eventkit.compat import check_registry
    from eventkit.errors import EXIT_BREAKING

    report = check_registry(registry)
    c = report.counts()
    echo(
        f"{c['events']} event types, {c['versions']} versions, {c['comparisons']} comparisons: "
        f"{c['breaking']} breaking, {c['undecided']} undecided, {c['suppressed']} suppressed"
    )
    for finding in report.findings:
        echo(f"  {finding.message}")
    if not report.ok:
        raise DemoFailedError(
            "check found breaking changes", stage="check", exit_code=EXIT_BREAKING
        )


def _codegen(registry: Registry, echo: Echo) -> None:
    """`codegen --check` on the registry's own package when it has one on disk (the shop's
    examples/shop_events in a checkout), else a generation into a temporary folder."""
    from eventkit_codegen import generate

    from eventkit.errors import EXIT_PROBLEMS

    package = _codegen_package(registry)
    if package is not None and package.is_dir():
        result = generate(registry.root, check=True)
        if not result.ok:
            for name in result.stale:
                echo(f"  stale: {name}")
            raise DemoFailedError(
                f"the checked-in {package} is stale",
                stage="codegen",
                exit_code=EXIT_PROBLEMS,
                hint="run `eventkit codegen` and commit the result",
            )
        echo(
            f"{package.name} is up to date: {result.events} event classes, {len(result.unchanged)} files"
        )
        return
    with tempfile.TemporaryDirectory() as tmp:  # no package of its own: show it generates
        result = generate(registry.root, Path(tmp) / "events")
        echo(
            f"generated {result.events} event classes into a temporary package ({len(result.written)} files)"
        )


def _codegen_package(registry: Registry) -> Path | None:
    """The folder `[codegen] out` names (relative to the registry), if it does."""
    table = registry.config.tables.get("codegen")
    out = table.get("out") if isinstance(table, dict) else None
    return (registry.root / out).resolve() if isinstance(out, str) else None


def _example_shop() -> None:
    """The shop's demo code and models live in this repository's examples/, not in the wheel."""
    from eventkit.errors import EXIT_USAGE

    for module in ("shop_demo.consumers", "shop_events"):
        try:
            importlib.import_module(module)
        except ModuleNotFoundError as exc:
            if exc.name is None or exc.name.split(".")[0] not in ("shop_demo", "shop_events"):
                raise
            raise DemoFailedError(
                "`eventkit demo` runs the example shop, which lives in eventkit's source "
                f"repository (examples/), not in the installed package: {exc.name} is not importable",
                stage="setup",
                exit_code=EXIT_USAGE,
                hint=f"git clone {REPOSITORY_URL} && cd eventkit && ./scripts/demo",
            ) from None


def _sync(registry: Registry, echo: Echo) -> None:
    from eventkit_registry_sync.client import make_client
    from eventkit_registry_sync.standin import serve
    from eventkit_registry_sync.sync import sync_registry

    with serve() as url:
        client = make_client(endpoint_url=url, region="us-east-1")
        first = sync_registry(registry, client=client)
        echo(f"first sync to the stand-in at {url}: {first.summary}")
        second = sync_registry(registry, client=client)
        echo(f"second sync: {second.summary} ({second.writes} write calls)")
        if second.writes:
            raise DemoFailedError(
                "a second sync with no changes wanted to write",
                stage="sync",
                exit_code=EXIT_DELIVERY,
            )


@dataclass
class _Shop:
    """The local AWS side of the demo: moto clients, the bus, the consumers and their rules."""

    events_client: Any
    sqs: Any
    bus: Any
    transport: Any
    consumers: Any
    rules: dict[str, dict[str, Any]]
    owner: dict[str, str]
    queues: dict[str, Any]


def _provision(registry: Registry, moto: Any, echo: Echo) -> _Shop:
    from shop_demo.consumers import build_consumers
    from shop_demo.stream import RecordingTransport

    from eventkit.publishing import EventBus
    from eventkit.testing import provision_bus
    from eventkit.transports.eventbridge import EventBridgeTransport

    bus_name = registry.config.event_bus
    events_client, sqs = moto.client("events"), moto.client("sqs")
    transport = RecordingTransport(EventBridgeTransport(client=events_client))
    bus = EventBus(bus_name, transport=transport, producer="shop-demo")
    consumers = build_consumers(bus=bus)
    rules: dict[str, dict[str, Any]] = {}
    owner: dict[str, str] = {}
    for service, router in consumers.routers().items():
        for i, pattern in enumerate(router.event_patterns(), start=1):
            rules[f"{service}-{i}"] = pattern
            owner[f"{service}-{i}"] = service
    queues = provision_bus(events_client, sqs, bus_name, rules)
    echo(
        f"moto_server at {moto.url}: bus {bus_name!r}, {len(rules)} rules (one SQS queue each) "
        "from the consumers' router.event_patterns()"
    )
    return _Shop(events_client, sqs, bus, transport, consumers, rules, owner, queues)


def _publish(registry: Registry, shop: _Shop, echo: Echo) -> None:
    from shop_demo.stream import example_events, foreign_entries, poison_entry

    bus_name = registry.config.event_bus
    result = shop.bus.publish_batch(example_events(registry))
    raw = [*foreign_entries(registry, bus_name), poison_entry(bus_name)]
    answer = shop.events_client.put_events(Entries=raw)
    if answer["FailedEntryCount"]:
        raise DemoFailedError(
            "moto_server refused raw entries", stage="publish", exit_code=EXIT_DELIVERY
        )
    shop.transport.accepted.extend(raw)
    echo(
        f"published {len(result.delivered)} typed events (the registry's examples) with "
        f"EventBus.publish_batch, and raw: {len(raw) - 1} foreign AWS event(s), 1 poisoned message"
    )


def _consume(shop: _Shop, echo: Echo) -> DemoResult:
    from shop_demo.stream import envelope_of

    from eventkit.patterns import matches
    from eventkit.routing import drain

    routers = shop.consumers.routers()
    totals: dict[str, list[int]] = {name: [0, 0, 0, 0] for name in shop.rules}
    for _ in range(5):  # payments publishes PaymentCaptured while it handles orders
        seen = 0
        for rule, queue in shop.queues.items():
            got = drain(
                routers[shop.owner[rule]],
                queue.queue_url,
                sqs_client=shop.sqs,
                visibility_timeout=300,  # a failed message stays out of this run
            )
            for k, v in enumerate((got.delivered, got.handled, got.ignored, got.failed)):
                totals[rule][k] += v
            seen += got.delivered
            for failure in got.failures:
                echo(f"  in batchItemFailures of {shop.owner[rule]}: {failure.error}")
        if not seen:
            break
    journal = shop.consumers.journal
    for line in journal[:8]:
        echo(f"  {line}")
    if len(journal) > 8:
        echo(f"  ... and {len(journal) - 8} more")
    accepted = [envelope_of(e) for e in shop.transport.accepted]
    demo = DemoResult(published=len(accepted))
    for rule, pattern in shop.rules.items():
        expected = sum(1 for env in accepted if matches(pattern, env))
        delivered, handled, ignored, failed = totals[rule]
        demo.rows.append((rule, expected, delivered, handled, ignored, failed))
        demo.expected += expected
        demo.delivered += delivered
        demo.handled += handled
        demo.ignored += ignored
        demo.failed += failed
    return demo


def _table(demo: DemoResult, echo: Echo) -> None:
    header = ("rule (queue)", "expected", "delivered", "handled", "ignored", "failed")
    rows = [tuple(str(x) for x in row) for row in demo.rows]
    total = ("total", demo.expected, demo.delivered, demo.handled, demo.ignored, demo.failed)
    rows.append(tuple(str(x) for x in total))
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]

    def line(cells: tuple[str, ...]) -> str:
        return "  ".join(
            c.ljust(w) if i == 0 else c.rjust(w)
            for i, (c, w) in enumerate(zip(cells, widths, strict=True))
        )

    echo("")
    echo(
        f"published on the bus: {demo.published} events (typed, foreign, poisoned, and those handlers published)"
    )
    echo(line(header))
    echo("  ".join("-" * w for w in widths))
    for row in rows:
        echo(line(row))
    echo("expected = events on the bus that eventkit's pattern matcher says each rule matches")


def run_demo(schemas: str | os.PathLike[str] = "schemas", *, echo: Echo = print) -> DemoResult:
    """Run every stage; raise `DemoFailedError` (or another `EventkitError`) at the first failure."""
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"):
        os.environ.setdefault(name, "demo")  # local stand-ins only: any value will do
    _example_shop()
    root = Path(schemas)
    with _stage(echo, 1, f"lint {root}"):
        registry = _lint(root, echo)
    with _stage(echo, 2, "check: every version chain within its major"):
        _check(registry, echo)
    with _stage(echo, 3, "codegen --check"):
        _codegen(registry, echo)
    with _stage(echo, 4, "sync to the Schema Registry stand-in"):
        _sync(registry, echo)
    from eventkit.testing import MotoServer

    with MotoServer() as moto:
        with _stage(echo, 5, "publish: EventBus -> moto_server EventBridge -> rules -> SQS"):
            shop = _provision(registry, moto, echo)
            _publish(registry, shop, echo)
        with _stage(echo, 6, "consume: each service's router drains its queues, as Lambda would"):
            demo = _consume(shop, echo)
    _table(demo, echo)
    if not demo.adds_up or demo.failed != 1:
        raise DemoFailedError(
            "the delivery table does not add up (only the poisoned message may fail)",
            stage="consume",
            exit_code=EXIT_DELIVERY,
        )
    echo(
        "\nok: every published event reached every consumer whose rule matches it; "
        "the poisoned message alone was reported (batchItemFailures)"
    )
    demo.catalog = _publish_catalog(registry, echo)
    return demo


def _publish_catalog(registry: Registry, echo: Echo) -> Path:
    """The event catalog of the shop, in a fresh temp folder (docs/catalog.md)."""
    from eventkit.catalog import build_catalog

    result = build_catalog(registry, Path(tempfile.mkdtemp(prefix="eventkit-catalog-")))
    echo(f"\ncatalog: {result.pages} pages; open {result.index.resolve().as_uri()}")
    return result.index
