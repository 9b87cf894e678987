"""The packages that import their names on first use (PEP 562): every public name resolves to
its home module's object, is kept after the first read, and an unknown name fails as on a
plain module. The cost side (what `import` leaves unloaded) is in the import-cost tests."""

from __future__ import annotations

import importlib
import subprocess
import sys
from types import ModuleType

import pytest

LAZY_PACKAGES = ["eventkit", "eventkit.registry", "eventkit.compat", "eventkit.transports"]


@pytest.mark.parametrize("package_name", LAZY_PACKAGES)
def test_every_public_name_resolves(package_name: str) -> None:
    package = importlib.import_module(package_name)
    for name in package.__all__:
        value = getattr(package, name)
        assert value is not None, f"{package_name}.{name}"
        assert vars(package)[name] is value  # kept: the next read is a plain lookup


@pytest.mark.parametrize("package_name", LAZY_PACKAGES)
def test_an_unknown_name_raises_attribute_error_naming_the_package(package_name: str) -> None:
    package = importlib.import_module(package_name)
    with pytest.raises(AttributeError, match=rf"module '{package_name}' has no attribute 'nope'"):
        package.nope  # noqa: B018
    assert not hasattr(package, "nope")
    with pytest.raises(ImportError):
        exec(f"from {package_name} import nope", {})


def _read_in_fresh_process(package: str, name: str) -> tuple[bool, bool]:
    """In a new interpreter: is `name`'s home loaded after `import package`, and after a read?"""
    home = {
        ("eventkit.registry", "load_registry"): "eventkit.registry._scan",
        ("eventkit.compat", "check_registry"): "eventkit.compat._registry",
        ("eventkit.transports", "InMemoryTransport"): "eventkit.transports.memory",
    }[(package, name)]
    code = (
        f"import sys, {package} as p; before = {home!r} in sys.modules; "
        f"v = p.{name}; print(before, {home!r} in sys.modules and "
        f"v is getattr(sys.modules[{home!r}], {name!r}))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.split()
    return out[0] == "True", out[1] == "True"


@pytest.mark.parametrize(
    ("package", "name"),
    [
        ("eventkit.registry", "load_registry"),
        ("eventkit.compat", "check_registry"),
        ("eventkit.transports", "InMemoryTransport"),
    ],
)
def test_a_name_is_imported_when_first_read_not_before(package: str, name: str) -> None:
    assert _read_in_fresh_process(package, name) == (False, True)


def test_the_module_type_is_plain() -> None:
    # The packages stay ordinary modules (no proxy class): pickling and reloading them work.
    for package_name in LAZY_PACKAGES:
        assert type(importlib.import_module(package_name)) is ModuleType
