"""`import eventkit` (what a Lambda does) loads pydantic and none of the tools."""

from __future__ import annotations

import pytest

from tests._modules import modules_after

HEAVY = ("typer", "jsonschema", "datamodel_code_generator", "boto3", "botocore")


def _loaded(modules: set[str], name: str) -> bool:
    return name in modules or any(m.startswith(name + ".") for m in modules)


def test_import_eventkit_is_light() -> None:
    modules = modules_after("import eventkit")
    assert [name for name in (*HEAVY, "pydantic") if _loaded(modules, name)] == []


@pytest.mark.parametrize("name", ["Event", "EventBus", "Router"])
def test_public_names_load_pydantic_but_no_tool(name: str) -> None:
    modules = modules_after(f"import eventkit\neventkit.{name}")
    assert _loaded(modules, "pydantic")
    assert [tool for tool in HEAVY if _loaded(modules, tool)] == []


@pytest.mark.parametrize("module", ["eventkit.registry", "eventkit.scaffold"])
def test_the_registry_loader_is_light(module: str) -> None:
    modules = modules_after(f"import {module}")
    assert [name for name in (*HEAVY, "referencing") if _loaded(modules, name)] == []


def test_loading_a_registry_stays_light() -> None:
    modules = modules_after(
        "from pathlib import Path\n"
        "from eventkit.registry import load_registry\n"
        f"load_registry(Path({str(__file__)!r}).parent / 'registry' / 'fixtures' / 'good')"
    )
    assert [name for name in (*HEAVY, "referencing") if _loaded(modules, name)] == []


def test_the_cli_shell_imports_tools_lazily() -> None:
    modules = modules_after("import eventkit.cli")
    assert [
        name
        for name in ("jsonschema", "datamodel_code_generator", "boto3", "botocore")
        if _loaded(modules, name)
    ] == []
