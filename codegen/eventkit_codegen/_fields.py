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

A default that is not yet a value of the field's type as written (a `date-time`, `date` or
`uuid` default is its JSON string; an integer may be written ``1.0``) is handed to pydantic to
parse, as it parses the same value on the wire: ``x: AwareDatetime | None =
Field(default="2020-01-01T00:00:00Z", validate_default=True)`` (an aliased field keeps its alias
in the annotation and gets that default). So the attribute has its declared type and a type
checker sees a `Field` call, not a `str` assigned to a `datetime`. Codegen has checked that the
default validates against its schema (`_rewrite`), so parsing it cannot fail.
"""

from __future__ import annotations

import ast
import re

__all__ = ["constraints_as_defaults"]

_ALIASES = frozenset({"alias", "validation_alias", "serialization_alias"})
# Types whose values the generated code can only write as their JSON text (see `_parsed`).
_PARSED_TYPES = frozenset({"AwareDatetime", "date", "UUID"})
_VALIDATE = "validate_default=True"


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
    found = _as_default(statement, lines)
    if found is not None or not isinstance(statement, ast.AnnAssign):
        return found
    value = statement.value
    if not (isinstance(statement.target, ast.Name) and _parsed(statement.annotation, value)):
        return None
    assert value is not None
    annotation = _source(lines, statement.annotation)
    if "\n" in annotation:
        annotation = f"({annotation})"
    if isinstance(value, ast.Call):  # the generator's Field(default=...): one keyword more
        call = _source(lines, value).rstrip()[:-1].rstrip()
        new = f"{call} {_VALIDATE})" if call.endswith(",") else f"{call}, {_VALIDATE})"
    else:
        new = f"Field(default={_source(lines, value)}, {_VALIDATE})"
    return f"{statement.target.id}: {annotation} = {new}"


def _parsed(annotation: ast.expr, value: ast.expr | None) -> bool:
    """Whether the default `value` of a field annotated `annotation` needs pydantic to parse
    it into the field's type (`validate_default`): its type holds a date-time, date or UUID
    (the default is their JSON text), or the default holds an integral float (JSON's ``1.0``
    for an integer, which mypy would refuse for `int` or a `Literal`)."""
    if value is None or (isinstance(value, ast.Constant) and value.value in (None, Ellipsis)):
        return False
    if isinstance(value, ast.Call):  # a Field(...) call: only one giving a default
        if not (isinstance(value.func, ast.Name) and value.func.id == "Field"):
            return False
        keywords = {k.arg: k.value for k in value.keywords}
        if "validate_default" in keywords or "default" not in keywords:
            return False
        value = keywords["default"]
        if isinstance(value, ast.Constant) and value.value is None:
            return False
    if any(isinstance(n, ast.Name) and n.id in _PARSED_TYPES for n in ast.walk(annotation)):
        return True
    return any(
        isinstance(n, ast.Constant) and type(n.value) is float and n.value.is_integer()
        for n in ast.walk(value)
    )


def _as_default(statement: ast.stmt, lines: list[str]) -> str | None:
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
        if _parsed(type_, statement.value) and all(
            k.arg != "validate_default" for k in field.keywords
        ):
            arguments.append(_VALIDATE)
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
