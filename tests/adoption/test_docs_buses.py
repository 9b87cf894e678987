"""docs/adopting.md's service-test example publishes on a bus its registry names: followed as
written, the test's in-memory EventBridge has that bus (it has `default` and
`[registry] event_bus` only), so the example's tests pass instead of failing on
ResourceNotFoundException."""

from __future__ import annotations

import re
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def _section(title: str) -> str:
    text = (REPO / "docs" / "adopting.md").read_text(encoding="utf-8")
    section = text[text.index(f"## {title}") :]
    return section[: section.index("\n## ", 1)]


def test_the_testing_example_says_how_its_registry_names_its_bus() -> None:
    section = _section("Testing services")
    buses = set(re.findall(r'EventBus\("([^"]+)"', section))
    buses |= set(re.findall(r'bus="([^"]+)"', section))
    assert buses  # the example publishes on a named bus
    for bus in buses - {"default"}:
        assert f"--bus {bus}" in section or f'event_bus = "{bus}"' in section, bus
