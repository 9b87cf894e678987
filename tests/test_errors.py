"""The error classes match the tree drawn in the docstring of src/eventkit/errors.py."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import re

import pytest

import eventkit
from eventkit import errors
from eventkit.errors import EventkitError

_TREE_LINE = re.compile(r"^(?P<indent>[ │├└─]*?)(?P<name>[A-Z][A-Za-z0-9]*Error)\b")
_EXIT_CODES = {
    errors.EXIT_OK,
    errors.EXIT_PROBLEMS,
    errors.EXIT_USAGE,
    errors.EXIT_DELIVERY,
    errors.EXIT_BREAKING,
}


def _tree() -> dict[str, str | None]:
    """name -> parent name, parsed from the docstring (the root's parent is None)."""
    doc = errors.__doc__ or ""
    body = doc.split("Tree", 1)[1].split("\n", 1)[1]
    parents: dict[str, str | None] = {}
    stack: list[tuple[int, str]] = []
    for line in body.splitlines():
        stripped = line[4:] if line.startswith("    ") else line
        match = _TREE_LINE.match(stripped)
        if match is None:
            continue
        depth = len(match["indent"]) // 4
        while stack and stack[-1][0] >= depth:
            stack.pop()
        name = match["name"]
        assert name not in parents, f"{name} appears twice in the tree"
        parents[name] = stack[-1][1] if stack else None
        stack.append((depth, name))
    return parents


def _all_eventkit_modules() -> None:
    """Import every module of the installed packages, so every subclass is defined."""
    for package_name in ("eventkit", "eventkit_codegen", "eventkit_registry_sync"):
        try:
            package = importlib.import_module(package_name)
        except ImportError:  # pragma: no cover - an optional part not installed
            continue
        for info in pkgutil.walk_packages(package.__path__, package_name + "."):
            if info.name.endswith("__main__"):
                continue
            importlib.import_module(info.name)


def _subclasses(cls: type[EventkitError]) -> set[type[EventkitError]]:
    found: set[type[EventkitError]] = set()
    for sub in cls.__subclasses__():
        found.add(sub)
        found |= _subclasses(sub)
    return found


def test_the_tree_is_drawn() -> None:
    tree = _tree()
    assert tree["EventkitError"] is None
    assert tree["RegistryError"] == "EventkitError"
    assert tree["SchemaRefError"] == "RegistryError"
    assert len(tree) > 10


def test_every_class_is_in_the_tree_under_its_real_parent() -> None:
    _all_eventkit_modules()
    tree = _tree()
    classes = {
        c for c in _subclasses(EventkitError) if c.__module__.split(".")[0].startswith("eventkit")
    }
    for cls in classes:
        assert cls.__module__ == "eventkit.errors", (
            f"{cls.__module__}.{cls.__name__}: define eventkit errors in eventkit/errors.py "
            "(or, for the root and the compatibility engine's, eventkit/error_base.py)"
        )
        assert cls.__name__ in tree, f"{cls.__name__} is missing from the docstring tree"
        parent = cls.__mro__[1]
        assert tree[cls.__name__] == parent.__name__, (
            f"the tree puts {cls.__name__} under {tree[cls.__name__]}, "
            f"but it derives from {parent.__name__}"
        )
    drawn_only = set(tree) - {c.__name__ for c in classes} - {"EventkitError"}
    assert not drawn_only, f"in the tree but not defined: {sorted(drawn_only)}"


def test_every_class_is_exported_documented_and_coded() -> None:
    every: list[type[EventkitError]] = [EventkitError, *_subclasses(EventkitError)]
    classes = [c for c in every if c.__module__ == "eventkit.errors"]
    codes: dict[str, str] = {}
    for cls in classes:
        assert cls.__name__ in errors.__all__
        assert cls.__name__.endswith("Error")
        assert inspect.getdoc(cls), f"{cls.__name__} needs a docstring saying when it is raised"
        assert re.fullmatch(r"[a-z]+(-[a-z]+)*", cls.code), cls
        assert cls.code not in codes, (
            f"{cls.__name__} reuses code {cls.code} of {codes.get(cls.code)}"
        )
        codes[cls.code] = cls.__name__
        assert cls.exit_code in _EXIT_CODES
    assert sorted(errors.__all__) == errors.__all__


@pytest.mark.parametrize("cls", [errors.RegistryError, errors.SchemaRefError, errors.ScaffoldError])
def test_registry_errors_carry_their_location(cls: type[errors.RegistryError]) -> None:
    error = cls("bad", hint="fix it", path="orders/X/1.0.0.json", pointer="/a", line=3)
    assert (error.path, error.pointer, error.line, error.hint) == (
        "orders/X/1.0.0.json",
        "/a",
        3,
        "fix it",
    )
    assert str(error) == "bad\n  hint: fix it"
    assert isinstance(error, EventkitError)
    assert eventkit.EventkitError is EventkitError
