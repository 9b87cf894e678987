"""Rule ids of `eventkit patterns -f cloudformation|sam` that a new handler leaves alone: two
sources that spell one id (``shop.orders``, ``shop-orders``), or two routers with --single,
get a digest of the router's name, source and majors, not of the pattern's detail-types, so
adding a handler updates their rules instead of renaming (and so replacing) them. The parts of
a group split to fit the quota are named by their contents on purpose (docs/cli.md): a part
that changed is renamed, the others keep their ids."""

from __future__ import annotations

import json
from typing import Any

import pytest
from typer.testing import CliRunner

from eventkit.cli import app
from tests.cli import pattern_routers

runner = CliRunner()


def events(factory: str, *args: str) -> dict[str, Any]:
    result = runner.invoke(app, ["patterns", f"tests.cli.pattern_routers:{factory}", *args])
    assert result.exit_code == 0, result.output
    found: dict[str, Any] = json.loads(result.stdout)["Events"]
    return {logical_id: event["Properties"]["Pattern"] for logical_id, event in found.items()}


@pytest.mark.parametrize("single", [False, True])
def test_a_new_handler_keeps_the_ids_of_names_that_spell_alike(single: bool) -> None:
    args = ("-f", "sam", "--single") if single else ("-f", "sam")
    before, after = events("alike", *args), events("alike_grown", *args)
    assert len(before) == (2 if single else 4)  # one rule per router, or per source too
    assert sorted(after) == sorted(before)
    assert before != after  # the same rules, grown


def test_split_parts_are_named_by_their_contents() -> None:
    before, after = events("wide", "-f", "sam"), events("wide_grown", "-f", "sam")
    assert len(before) == len(after) == 2
    assert list(before.values()) == pattern_routers.wide().event_patterns()
    assert events("wide", "-f", "sam") == before  # deterministic
    kept = [logical_id for logical_id in before if after.get(logical_id) == before[logical_id]]
    assert len(kept) == 1  # the part the new detail-type did not join keeps its id
