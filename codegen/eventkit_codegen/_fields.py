"""A field's constraints moved from its annotation to its default: `x: T = Field(...)`.

datamodel-code-generator writes ``x: Annotated[str | None, Field(max_length=254)] = None``.
With ``from __future__ import annotations`` pydantic compiles and evaluates that annotation
string per field at import, ~1% of importing a generated service (bench/import_time.py,
import_time.service_vs_handwritten; docs/decisions/0030). Written as
``x: str | None = Field(default=None, max_length=254)`` the `Field` call runs from bytecode and
the annotation is a plain type. pydantic builds the same field either way (same schema, same
validation: tests/codegen/test_field_defaults.py).

Not the generator's own ``use_annotated: False``: that also turns a constrained
``additionalProperties`` type alias into a RootModel class (another type, another schema).

The default is a `default=` keyword, never positional: a type checker without pydantic's plugin
reads fields through `dataclass_transform`, which sees only that keyword, so
``Field(None, ...)`` would make an optional field required there, and a required field has no
default at all (not ``...``). A field with an alias keeps the annotated form: as a `Field`
default, `dataclass_transform` would make the alias the constructor's keyword.
"""

from __future__ import annotations

import ast
import re

__all__ = ["constraints_as_defaults"]

_ALIASES = frozenset({"alias", "validation_alias", "serialization_alias"})


def constraints_as_defaults(code: str) -> str:
    """`code` with every class field ``x: Annotated[T, Field(k=v)] = d`` written
    ``x: T = Field(default=d, k=v)`` (without `default=` when there is no `= d`)."""
    tree = ast.parse(code)
    lines = _lines(code)
    edits: list[tuple[ast.AnnAssign, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ClassDef):
            for statement in node.body:
                new = _rewritten(statement, lines)
                if new is not None:
                    assert isinstance(statement, ast.AnnAssign)
                    edits.append((statement, new))
    # From the end, so that earlier positions stay valid.
    for statement, new in sorted(edits, key=lambda e: (e[0].lineno, e[0].col_offset), reverse=True):
        assert statement.end_lineno is not None
        assert statement.end_col_offset is not None
        first, last = statement.lineno - 1, statement.end_lineno - 1
        head = _line_prefix(lines[first], statement.col_offset)
        tail = _line_suffix(lines[last], statement.end_col_offset)
        lines[first : last + 1] = [head + new + tail]
    return "".join(lines)


def _rewritten(statement: ast.stmt, lines: list[str]) -> str | None:
    if not (
        isinstance(statement, ast.AnnAssign)
        and isinstance(statement.target, ast.Name)
        and isinstance(statement.annotation, ast.Subscript)
        and isinstance(statement.annotation.value, ast.Name)
        and statement.annotation.value.id == "Annotated"
        and isinstance(statement.annotation.slice, ast.Tuple)
        and len(statement.annotation.slice.elts) == 2
    ):
        return None
    type_, field = statement.annotation.slice.elts
    if not (
        isinstance(field, ast.Call)
        and isinstance(field.func, ast.Name)
        and field.func.id == "Field"
        and not field.args
        and all(k.arg is not None and k.arg not in _ALIASES for k in field.keywords)
        and all(k.arg not in ("default", "default_factory") for k in field.keywords)
    ):
        return None
    arguments = [_source(lines, k) for k in field.keywords]
    if statement.value is not None:
        if isinstance(statement.value, ast.Constant) and statement.value.value is Ellipsis:
            return None  # an explicit "required" default: left as the generator wrote it
        arguments.insert(0, f"default={_source(lines, statement.value)}")
    annotation = _source(lines, type_)
    if "\n" in annotation:  # a line break is only valid inside brackets
        annotation = f"({annotation})"
    return f"{statement.target.id}: {annotation} = Field({', '.join(arguments)})"


def _source(lines: list[str], node: ast.expr | ast.keyword) -> str:
    """The text of `node` (what `ast.get_source_segment` gives, from lines split once: that
    function splits the whole module again on every call, quadratic in a module's fields)."""
    first, last = node.lineno - 1, node.end_lineno
    start, end = node.col_offset, node.end_col_offset
    if last is None or end is None:  # pragma: no cover (every parsed expression has both)
        raise ValueError(f"no source for {ast.dump(node)}")
    last -= 1
    if first == last:
        return lines[first].encode("utf-8")[start:end].decode("utf-8")
    return (
        _line_suffix(lines[first], start)
        + "".join(lines[first + 1 : last])
        + _line_prefix(lines[last], end)
    )


# Lines as the parser counts them (ends kept): only \r\n, \r and \n end one, unlike
# `str.splitlines`, which also splits at \f, \v, \x1c-\x1e, \x85, \u2028 and \u2029.
_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+")


def _lines(code: str) -> list[str]:
    return _LINE.findall(code)


# ast's column offsets count UTF-8 bytes; schema text can reach a line (e.g. a default).
def _line_prefix(line: str, byte_offset: int) -> str:
    return line.encode("utf-8")[:byte_offset].decode("utf-8")


def _line_suffix(line: str, byte_offset: int) -> str:
    return line.encode("utf-8")[byte_offset:].decode("utf-8")
