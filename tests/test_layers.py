"""The import contracts (pyproject's [tool.importlinter]) hold, and each catches its break.

`lint-imports` runs in scripts/check too; here each contract is also shown to fail: a copy of
the three packages gets one forbidden import and the contract that forbids it must break.
docs/internals/architecture.md draws the layers.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")
PACKAGES = ("src/eventkit", "codegen/eventkit_codegen", "registry_sync/eventkit_registry_sync")


def _lint_imports(root: Path, *contracts: str) -> subprocess.CompletedProcess[str]:
    # PYTHONPATH puts the packages under `root` ahead of the editable install's.
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(str(root / p.split("/")[0]) for p in PACKAGES),
    }
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache", "--no-logo", *(f"--contract={c}" for c in contracts)],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def _contract_ids() -> list[str]:
    config = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    return [c["id"] for c in config["tool"]["importlinter"]["contracts"]]


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    for package in PACKAGES:
        shutil.copytree(
            REPO / package, tmp_path / package, ignore=shutil.ignore_patterns("__pycache__")
        )
    shutil.copy(REPO / "pyproject.toml", tmp_path / "pyproject.toml")
    return tmp_path


def test_the_contracts_hold() -> None:
    done = _lint_imports(REPO)
    assert done.returncode == 0, done.stdout + done.stderr
    assert f"Contracts: {len(_contract_ids())} kept, 0 broken." in done.stdout


def test_the_copy_the_breaks_are_made_in_holds(tree: Path) -> None:
    done = _lint_imports(tree)
    assert done.returncode == 0, done.stdout + done.stderr


# (file in the copy, code appended to it, the contract that must break)
BREAKS = [
    # the runtime never loads the tools, test support or the top
    ("src/eventkit/routing/_describe.py", "import eventkit.cli", "eventkit-layers"),
    ("src/eventkit/envelope/_ids.py", "import eventkit.registry", "eventkit-layers"),
    ("src/eventkit/contract.py", "import eventkit.testing", "eventkit-layers"),
    # a lazy import (inside a function) is an import all the same
    (
        "src/eventkit/publishing/_retry.py",
        "def _late() -> None:\n    import eventkit.routing\n",
        "publishing-alone",
    ),
    ("src/eventkit/publishing/_retry.py", "import eventkit.transports.memory", "publishing-alone"),
    ("src/eventkit/routing/_describe.py", "import eventkit.patterns", "routing-alone"),
    ("src/eventkit/lint/_checks.py", "import eventkit_codegen", "tools-called-from-the-top"),
    (
        "codegen/eventkit_codegen/_naming.py",
        "import eventkit_registry_sync.render",
        "tools-independent",
    ),
    ("src/eventkit/compat/_api.py", "import eventkit.testing", "testing-for-tests"),
    ("src/eventkit/registry/_walk.py", "import eventkit.envelope", "contracts-without-runtime"),
    (
        "codegen/eventkit_codegen/_naming.py",
        "import eventkit.contract",
        "contracts-without-runtime",
    ),
    (
        "registry_sync/eventkit_registry_sync/owner.py",
        "import eventkit.publishing",
        "tools-take-little-runtime",
    ),
    ("src/eventkit/registry/_walk.py", "import typer", "home-typer"),
    ("src/eventkit/registry/_refs.py", "from jsonschema import validate", "home-jsonschema"),
    (
        "src/eventkit/lint/_checks.py",
        "import datamodel_code_generator",
        "home-datamodel-code-generator",
    ),
    ("src/eventkit/envelope/_ids.py", "import botocore.config", "home-boto3"),
    ("src/eventkit/scaffold.py", "import yaml", "home-catalog-libraries"),
    ("src/eventkit/compat/_values.py", "import regex", "home-regex-engines"),
    ("src/eventkit/registry/_walk.py", "import eventkit.registry._model", "registry-inside"),
    ("src/eventkit/compat/_catalog.py", "import eventkit.compat._engine", "compat-inside"),
    ("src/eventkit/routing/_describe.py", "import eventkit.routing._router", "routing-inside"),
]


def test_every_contract_has_a_break() -> None:
    assert sorted({contract for _, _, contract in BREAKS}) == sorted(_contract_ids())


@pytest.mark.parametrize(
    ("file", "code", "contract"), BREAKS, ids=[f"{c}:{Path(f).stem}" for f, _, c in BREAKS]
)
def test_the_contract_catches_its_break(tree: Path, file: str, code: str, contract: str) -> None:
    with (tree / file).open("a", encoding="utf-8") as module:
        module.write(f"\n{code}\n")
    done = _lint_imports(tree, contract)
    assert done.returncode == 1, done.stdout + done.stderr
    assert "0 kept, 1 broken" in done.stdout


@pytest.mark.parametrize(
    "package",
    ["src/eventkit/newpart", "src/eventkit/registry/_newpart", "src/eventkit/routing/newpart"],
)
def test_a_new_package_must_be_given_a_layer(tree: Path, package: str) -> None:
    (tree / package).mkdir()
    (tree / package / "__init__.py").write_text("", encoding="utf-8")
    done = _lint_imports(tree)
    assert done.returncode == 1
    assert "not listed as layers" in done.stdout
    assert package.removeprefix("src/").replace("/", ".") in done.stdout
