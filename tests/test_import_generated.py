"""What importing a generated service module loads of eventkit: the base classes, nothing else."""

from __future__ import annotations

import eventkit
from eventkit import __version__
from eventkit._version import __version__ as packaged
from tests._modules import modules_after


def test_a_generated_module_loads_only_eventkit_contract() -> None:
    modules = modules_after("import shop_events.campaigns")
    assert sorted(m for m in modules if m.split(".")[0] == "eventkit") == [
        "eventkit",
        "eventkit.contract",
    ]


def test_the_version_is_the_packaged_one_both_ways() -> None:
    assert eventkit.__version__ == __version__ == packaged


def test_the_version_is_read_on_first_use() -> None:
    assert "eventkit._version" not in modules_after("import eventkit")
    assert "eventkit._version" in modules_after("import eventkit\neventkit.__version__")
