"""How deep the generated modules import each other, refused past what Python can import.

Each module imports the modules of the classes it uses when it is imported, and Python's import
system recurses about nine frames per level: a chain of `$ref`s through ~100 shared files made a
package that generated, passed mypy, and raised `RecursionError` on its first import. The
bound leaves room for the caller's own frames (a test runner, a Lambda bootstrap).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from eventkit_codegen._graph import strongly_connected

__all__ = ["MAX_IMPORT_DEPTH", "deepest_import_chain"]

MAX_IMPORT_DEPTH = 64


def deepest_import_chain(refs: Mapping[str, Sequence[str]]) -> list[str]:
    """The longest chain of modules importing one another, outermost first.

    `refs`: def key (``shared.money.Money``: module, then class) -> the def keys its schema
    refers to. A reference to a definition in another module is counted as an import of that
    module (a definition written out where it is used only moves the import one module up, so
    the count is never too low). Modules importing each other in a cycle count as one.
    """
    modules: dict[str, int] = {}
    for key in refs:
        modules.setdefault(_module(key), len(modules))
    edges: list[set[int]] = [set() for _ in modules]
    for key, found in refs.items():
        here = modules[_module(key)]
        for ref in found:
            there = modules.get(_module(ref))
            if there is not None and there != here:
                edges[here].add(there)
    components = strongly_connected(edges)
    names = list(modules)
    return [names[components[c][0]] for c in _longest_path(_condensed(edges, components))]


def _condensed(edges: list[set[int]], components: list[list[int]]) -> list[set[int]]:
    """The graph of the components: acyclic."""
    component_of = [0] * len(edges)
    for number, members in enumerate(components):
        for member in members:
            component_of[member] = number
    successors: list[set[int]] = [set() for _ in components]
    for node, targets in enumerate(edges):
        for target in targets:
            if component_of[target] != component_of[node]:
                successors[component_of[node]].add(component_of[target])
    return successors


def _longest_path(successors: list[set[int]]) -> list[int]:
    """The longest path of an acyclic graph (the first node's, on a tie), post-order without
    recursion: chains run long."""
    depth: dict[int, int] = {}
    step: dict[int, int] = {}
    for start in range(len(successors)):
        stack = [start]
        while stack:
            node = stack[-1]
            pending = [s for s in successors[node] if s not in depth]
            if pending:
                stack.extend(pending)
                continue
            stack.pop()
            if node in depth:
                continue
            best = min(successors[node], key=lambda s: (-depth[s], s), default=None)
            depth[node] = 1 if best is None else 1 + depth[best]
            if best is not None:
                step[node] = best
    top = min(range(len(successors)), key=lambda c: (-depth[c], c), default=None)
    path: list[int] = []
    while top is not None:
        path.append(top)
        top = step.get(top)
    return path


def _module(key: str) -> str:
    return key.rsplit(".", 1)[0]
