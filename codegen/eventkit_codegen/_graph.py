"""Strongly connected components of a small directed graph (the `$ref`s between definitions)."""

from __future__ import annotations

from collections.abc import Sequence, Set

__all__ = ["strongly_connected"]


def strongly_connected(edges: Sequence[Set[int]]) -> list[list[int]]:
    """The strongly connected components of the graph whose node ``i`` has the successors
    ``edges[i]``: each component's nodes ascending, components ordered by their first node.

    Tarjan's algorithm with an explicit stack (a long chain of definitions must not reach
    Python's recursion limit).
    """
    count = len(edges)
    index = [-1] * count  # discovery order; -1: not visited yet
    low = [0] * count
    on_stack = [False] * count
    stack: list[int] = []
    components: list[list[int]] = []
    counter = 0
    for start in range(count):
        if index[start] != -1:
            continue
        # (node, its successors not looked at yet)
        work: list[tuple[int, list[int]]] = []
        index[start] = low[start] = counter
        counter += 1
        stack.append(start)
        on_stack[start] = True
        work.append((start, sorted(edges[start])))
        while work:
            node, todo = work[-1]
            if todo:
                succ = todo.pop()
                if index[succ] == -1:
                    index[succ] = low[succ] = counter
                    counter += 1
                    stack.append(succ)
                    on_stack[succ] = True
                    work.append((succ, sorted(edges[succ])))
                elif on_stack[succ]:
                    low[node] = min(low[node], index[succ])
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                component: list[int] = []
                while True:
                    member = stack.pop()
                    on_stack[member] = False
                    component.append(member)
                    if member == node:
                        break
                components.append(sorted(component))
    return sorted(components, key=lambda c: c[0])
