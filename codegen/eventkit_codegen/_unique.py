"""`uniqueItems: true` arrays: the generator's `set[T]` becomes eventkit's `UniqueList[T]`.

The generator marks such an array as a `set`, which would reorder its items, refuse items that
cannot be hashed and compare them as Python values (``1 == True``); it also gives each model
used as such an item ``__hash__ = object.__hash__`` (identity, so no two were ever equal).
`eventkit.contract.UniqueList` is a list (order kept, what mypy sees) whose validator refuses
two items equal as JSON values, as the keyword means. The set is found in the syntax tree,
never by text: a `Literal` value or a docstring may hold ``set[``.
"""

from __future__ import annotations

import ast

__all__ = ["unique_lists"]

_UNIQUE_LIST = "_eventkit.UniqueList"
_IMPORT = "import eventkit.contract as _eventkit"


def unique_lists(code: str) -> str:
    """`code` with every `set[...]` of a class field's annotation written `UniqueList[...]`,
    the generator's identity `__hash__` lines removed, and eventkit imported if needed."""
    if "set[" not in code and "__hash__" not in code:
        return code
    tree = ast.parse(code)
    names: list[ast.Name] = []  # the `set` of each `set[...]`
    hashes: list[ast.stmt] = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.ClassDef):
            continue
        for statement in node.body:
            if isinstance(statement, ast.AnnAssign):
                names.extend(
                    sub.value
                    for sub in ast.walk(statement.annotation)
                    if isinstance(sub, ast.Subscript)
                    and isinstance(sub.value, ast.Name)
                    and sub.value.id == "set"
                )
            elif _is_identity_hash(statement):
                hashes.append(statement)
    if not names and not hashes:
        return code
    lines = code.split("\n")
    for name in sorted(names, key=lambda n: (n.lineno, n.col_offset), reverse=True):
        line = lines[name.lineno - 1].encode()  # offsets count UTF-8 bytes
        start, end = name.col_offset, name.end_col_offset or name.col_offset
        lines[name.lineno - 1] = (line[:start] + _UNIQUE_LIST.encode() + line[end:]).decode()
    for statement in sorted(hashes, key=lambda s: s.lineno, reverse=True):
        del lines[statement.lineno - 1]
    code = "\n".join(lines)
    if names and _IMPORT not in code:
        anchor = "from __future__ import annotations\n"
        code = code.replace(anchor, f"{anchor}{_IMPORT}\n", 1)
    return code


def _is_identity_hash(statement: ast.stmt) -> bool:
    return (
        isinstance(statement, ast.Assign)
        and len(statement.targets) == 1
        and isinstance(statement.targets[0], ast.Name)
        and statement.targets[0].id == "__hash__"
        and ast.unparse(statement.value) == "object.__hash__"
    )
