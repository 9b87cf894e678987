"""`import eventkit` (what a Lambda does) loads pydantic and none of the tools."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

HEAVY = ("typer", "jsonschema", "datamodel_code_generator", "boto3", "botocore")


def _modules_after(code: str) -> set[str]:
    done = subprocess.run(
        [sys.executable, "-c", f"{code}\nimport sys, json\nprint(json.dumps(sorted(sys.modules)))"],
        capture_output=True,
        text=True,
        check=True,
    )
    return set(json.loads(done.stdout.splitlines()[-1]))


def _loaded(modules: set[str], name: str) -> bool:
    return name in modules or any(m.startswith(name + ".") for m in modules)


def test_import_eventkit_is_light() -> None:
    modules = _modules_after("import eventkit")
    assert [name for name in (*HEAVY, "pydantic") if _loaded(modules, name)] == []


@pytest.mark.parametrize("name", ["Event", "EventBus", "Router"])
def test_public_names_load_pydantic_but_no_tool(name: str) -> None:
    modules = _modules_after(f"import eventkit\neventkit.{name}")
    assert _loaded(modules, "pydantic")
    assert [tool for tool in HEAVY if _loaded(modules, tool)] == []


@pytest.mark.parametrize("module", ["eventkit.registry", "eventkit.scaffold"])
def test_the_registry_loader_is_light(module: str) -> None:
    modules = _modules_after(f"import {module}")
    assert [name for name in (*HEAVY, "referencing") if _loaded(modules, name)] == []


def test_loading_a_registry_stays_light() -> None:
    modules = _modules_after(
        "from pathlib import Path\n"
        "from eventkit.registry import load_registry\n"
        f"load_registry(Path({str(__file__)!r}).parent / 'registry' / 'fixtures' / 'good')"
    )
    assert [name for name in (*HEAVY, "referencing") if _loaded(modules, name)] == []


def test_the_cli_shell_imports_tools_lazily() -> None:
    modules = _modules_after("import eventkit.cli")
    assert [
        name
        for name in ("jsonschema", "datamodel_code_generator", "boto3", "botocore")
        if _loaded(modules, name)
    ] == []
