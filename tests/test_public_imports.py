"""The contracts side of eventkit talks to other packages through their public names only.

A module may import private (`_name`) modules of its own package; never those of another
package. eventkit_codegen and eventkit_registry_sync see eventkit's public API only.
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
# The contracts layer (the runtime half is checked with its own restructure).
AREA = (
    "eventkit.registry",
    "eventkit.compat",
    "eventkit.lint",
    "eventkit.cli",
    "eventkit.demo",
    "eventkit.scaffold",
    "eventkit.json_pointer",
    "eventkit.schema_regex",
    "eventkit_codegen",
    "eventkit_registry_sync",
)
# Left to the runtime restructure (issue 12, runtime half): routing's pattern rendering.
KNOWN = {("eventkit.cli.patterns", "eventkit.routing._infra")}


def _modules() -> Iterator[tuple[str, Path]]:
    for base in ROOTS.values():
        for path in sorted(base.rglob("*.py")):
            parts = path.relative_to(base).with_suffix("").parts
            name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
            if name.startswith(AREA):
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


def _private_of_another_package(importer: str, target: str) -> bool:
    parts = target.split(".")
    for i, part in enumerate(parts):
        if _private(part):
            owner = ".".join(parts[:i])  # the package the private module belongs to
            return not (importer == owner or importer.startswith(owner + "."))
    return False


def test_the_area_is_found() -> None:
    names = {name for name, _ in _modules()}
    assert {"eventkit.registry._model", "eventkit.compat.render", "eventkit_codegen"} <= names


def test_no_module_imports_a_private_module_of_another_package() -> None:
    offences = []
    for name, path in _modules():
        for target in _imported(path, path.name == "__init__.py", name):
            if _private_of_another_package(name, target) and (name, target) not in KNOWN:
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
        "eventkit.lint.meta_error({'type': 'string'})\n"
        "print(before, 'jsonschema' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["False", "True"]
