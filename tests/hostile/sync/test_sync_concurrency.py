"""Concurrent `eventkit sync` runs of the same folder end in the state one run produces
(issue 11, item 13): no extra registry versions, the right content, no failed run.

Every run plans against the same registry state (a barrier in `on_plan`, which sync calls
after planning and before writing), then all write at once. UpdateSchema carries a
ClientTokenId derived from what is pushed and on top of which registry version, so the
registry keeps one version per push; a CreateSchema that loses the race re-plans from content.
Stand-in over HTTP, with a little latency so requests interleave.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from eventkit_registry_sync.standin import StandinServer
from eventkit_registry_sync.sync import SyncReport

from tests.hostile.sync.sync_env import (
    make_folder,
    new_client,
    run,
    schema_versions,
    write_version,
)

RUNS = 4


@pytest.fixture
def server() -> Iterator[StandinServer]:
    """A little latency, so that the runs' requests interleave."""
    with StandinServer(latency=0.003) as standin:
        yield standin


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return make_folder(
        tmp_path / "schemas",
        name="shop",
        prefix="shop.",
        events={
            "orders/OrderPlaced": ["1.0.0", "1.1.0", "1.2.0", "2.0.0"],
            "orders/OrderShipped": ["1.0.0", "1.1.0"],
            "users/UserSignedUp": ["1.0.0"],
        },
    )


def _concurrently(folder: Path, server: StandinServer, **kwargs: Any) -> list[SyncReport]:
    """RUNS syncs of `folder`, each with its own client, writing only once all have planned."""
    barrier = threading.Barrier(RUNS, timeout=20)
    reports: list[SyncReport] = []
    errors: list[BaseException] = []

    def one() -> None:
        try:
            client = new_client(server)
            reports.append(run(folder, client, jobs=4, on_plan=lambda _: barrier.wait(), **kwargs))
        except BaseException as exc:  # reported below, with the others
            errors.append(exc)

    threads = [threading.Thread(target=one) for _ in range(RUNS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(t.is_alive() for t in threads), "a sync run hung"
    assert errors == []
    return reports


@pytest.mark.parametrize("attempt", range(3))
def test_concurrent_first_syncs_make_exactly_one_runs_versions(
    folder: Path, server: StandinServer, attempt: int
) -> None:
    client = new_client(server)
    run(folder, client, registry_name="reference")  # what one run makes
    reports = _concurrently(folder, server)
    assert all(r.plan.counts["create"] == 4 for r in reports)
    assert schema_versions(client, "shop") == schema_versions(client, "reference")
    assert not run(folder, client).plan.drifted


@pytest.mark.parametrize("attempt", range(3))
def test_concurrent_syncs_push_each_new_version_once(
    folder: Path, server: StandinServer, attempt: int
) -> None:
    client = new_client(server)
    run(folder, client)
    run(folder, client, registry_name="reference")
    props = {"id": {"type": "string"}, "more": {"type": "string"}}
    write_version(folder, "orders/OrderPlaced", "1.3.0", props)
    write_version(folder, "orders/OrderShipped", "1.2.0", props)
    write_version(folder, "users/UserSignedUp", "1.1.0", props)
    run(folder, client, registry_name="reference")
    _concurrently(folder, server)
    held = schema_versions(client, "shop")
    assert held == schema_versions(client, "reference")
    assert held["shop.orders@OrderPlaced-v1"] == ["1.0.0", "1.1.0", "1.2.0", "1.3.0"]
    assert not run(folder, client).plan.drifted


def test_an_older_version_added_concurrently_is_pushed_once_with_the_latest_after_it(
    tmp_path: Path, server: StandinServer
) -> None:
    folder = make_folder(
        tmp_path / "schemas",
        name="shop",
        prefix="shop.",
        events={"orders/OrderPlaced": ["1.0.0", "1.2.0"]},
    )
    client = new_client(server)
    run(folder, client)
    write_version(folder, "orders/OrderPlaced", "1.1.0", {"id": {"type": "string"}})
    _concurrently(folder, server)
    # 1.1.0 goes on top, then the latest again so the registry's latest is the folder's latest
    assert schema_versions(client, "shop")["shop.orders@OrderPlaced-v1"] == [
        "1.0.0",
        "1.2.0",
        "1.1.0",
        "1.2.0",
    ]
