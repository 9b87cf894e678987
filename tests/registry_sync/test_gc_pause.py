"""plan_sync converts every version with the cyclic collector paused (a no-op re-sync of 1,000
types grew faster than the registry with it on), and gives the collector back whatever happens."""

from __future__ import annotations

import gc
from pathlib import Path
from typing import Any

import pytest
from eventkit_registry_sync import sync as sync_module

from eventkit.registry import load_registry

SHOP = Path(__file__).resolve().parents[2] / "schemas"


class Stop(Exception):
    pass


def test_the_plan_is_made_with_the_collector_paused_and_restored(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    seen: list[bool] = []
    real = sync_module.desired_schemas  # type: ignore[attr-defined]  # what plan_sync calls

    def desired(*args: Any, **kwargs: Any) -> Any:
        seen.append(gc.isenabled())
        real(*args, **kwargs)  # the real conversion runs paused too
        raise Stop

    monkeypatch.setattr(sync_module, "desired_schemas", desired)
    assert gc.isenabled()
    with pytest.raises(Stop):
        sync_module.plan_sync(load_registry(SHOP), client=None)  # type: ignore[arg-type]
    assert seen == [False]
    assert gc.isenabled()
