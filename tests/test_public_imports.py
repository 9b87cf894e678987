"""Every package talks to every other through its public names only.

A module may import the private (`_name`) modules and names of its own package, never those
of another package. A subpackage is another package to its parent: `eventkit._x` is for the
modules directly in `eventkit` (e.g. `eventkit.project_init`), not for `eventkit.routing`.
eventkit_codegen and eventkit_registry_sync see eventkit's public API only.
(Which package may import which: pyproject's [tool.importlinter], tests/test_layers.py.)
"""

from __future__ import annotations

import ast
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
ROOTS = {"src": REPO / "src", "codegen": REPO / "codegen", "registry_sync": REPO / "registry_sync"}
ROOT_PACKAGES = ("eventkit", "eventkit_codegen", "eventkit_registry_sync")
GENERATED = "eventkit.events"  # written by `eventkit codegen` from the schemas, not by hand


def _modules() -> Iterator[tuple[str, Path]]:
    for base in ROOTS.values():
        for path in sorted(base.rglob("*.py")):
            parts = path.relative_to(base).with_suffix("").parts
            name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
            if name != GENERATED and not name.startswith(GENERATED + "."):
                yield name, path


def _imported(path: Path, is_package: bool, module: str) -> Iterator[str]:
    """Every module `path` imports (also inside functions and TYPE_CHECKING blocks)."""
    package = module if is_package else module.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # relative: resolve against the package
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                target = ".".join([*base, node.module] if node.module else base)
            else:
                target = node.module or ""
            yield target
            # `from pkg import _mod` imports a private module too
            yield from (f"{target}.{a.name}" for a in node.names if _private(a.name))


def _private(part: str) -> bool:
    return part.startswith("_") and not part.startswith("__")


def _private_of_another_package(importer: str, importer_is_package: bool, target: str) -> bool:
    """True when `target` is (or is in) a private module or name that `importer` may not use."""
    parts = target.split(".")
    for i, part in enumerate(parts):
        if _private(part):
            owner = ".".join(parts[:i])  # the package the private module belongs to
            if owner in ROOT_PACKAGES:  # a root's privates: for the root's own modules only
                own_package = importer if importer_is_package else importer.rpartition(".")[0]
                return own_package != owner
            return not (importer == owner or importer.startswith(owner + "."))
    return False


def test_every_hand_written_module_is_read() -> None:
    names = {name for name, _ in _modules()}
    assert {
        "eventkit",
        "eventkit.registry._model",
        "eventkit.routing._reading",
        "eventkit.publishing._bus",
        "eventkit.testing",
        "eventkit_codegen",
        "eventkit_registry_sync.sync",
    } <= names
    assert not any(name.startswith(GENERATED) for name in names)


@pytest.mark.parametrize(
    ("importer", "is_package", "target", "reach_in"),
    [
        ("eventkit.compat._api", False, "eventkit.compat._engine", False),  # own package
        ("eventkit.compat", True, "eventkit.compat._api", False),  # the package's __init__
        ("eventkit.lint._checks", False, "eventkit.registry._model", True),
        ("eventkit.consumers.check", False, "eventkit.consumers._declared._LineFinder", False),
        ("eventkit.catalog._view", False, "eventkit.compat.render._rows", True),  # private name
        ("eventkit.project_init", False, "eventkit._init_templates", False),  # beside it in root
        ("eventkit", True, "eventkit._version", False),
        ("eventkit.routing._reading", False, "eventkit._json_text", True),  # a subpackage
        ("eventkit.routing", True, "eventkit._version", True),
        ("eventkit_codegen._pipeline", False, "eventkit_codegen._prepare", False),
        ("eventkit_registry_sync.sync", False, "eventkit.registry._scan", True),
        ("eventkit.cli._app", False, "eventkit.__version__", False),  # dunder: public
    ],
)
def test_the_rule(importer: str, is_package: bool, target: str, reach_in: bool) -> None:
    assert _private_of_another_package(importer, is_package, target) is reach_in


def test_no_module_imports_a_private_module_of_another_package() -> None:
    offences = []
    for name, path in _modules():
        for target in _imported(path, path.name == "__init__.py", name):
            if _private_of_another_package(name, path.name == "__init__.py", target):
                offences.append(f"{name} imports {target}")
    assert offences == []


@pytest.mark.parametrize("tool", ["eventkit_codegen", "eventkit_registry_sync"])
def test_the_tools_use_eventkits_public_api_only(tool: str) -> None:
    used = {
        target
        for name, path in _modules()
        if name.startswith(tool)
        for target in _imported(path, path.name == "__init__.py", name)
        if target.startswith("eventkit.") or target == "eventkit"
    }
    assert [t for t in sorted(used) if any(map(_private, t.split(".")))] == []


def test_the_bundle_does_not_depend_on_the_model() -> None:
    path = REPO / "src" / "eventkit" / "registry" / "_bundle.py"
    assert "eventkit.registry._model" not in set(
        _imported(path, False, "eventkit.registry._bundle")
    )


def test_the_linters_public_meta_validation_is_loaded_on_first_use() -> None:
    code = (
        "import sys, eventkit.lint\n"
        "before = 'jsonschema' in sys.modules\n"
        # a schema the quick check accepts needs no jsonschema at all; a broken one does
        "assert eventkit.lint.meta_error({'type': 'string'}) is None\n"
        "assert 'jsonschema' not in sys.modules\n"
        "eventkit.lint.meta_error({'type': 'nonsense'})\n"
        "print(before, 'jsonschema' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["False", "True"]
