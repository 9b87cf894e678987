"""Validating every `examples` entry against its schema, offline.

`$ref`s are followed inside the loaded registry only: nothing is ever retrieved. For speed,
`$ref` is resolved by the registry loader's (cached) resolver instead of building a
`referencing` registry per file; schemas that need jsonschema's own reference machinery
(`unevaluated*` keywords, draft-04 foreign schemas) are validated as `Registry.bundle` output,
with a `referencing` registry that refuses to retrieve anything.
"""

from __future__ import annotations

import numbers
from collections.abc import Callable, Iterator
from functools import cache, cached_property
from typing import TYPE_CHECKING, Any

from eventkit.errors import RegexTimeoutError, SchemaRefError, SchemaRegexError
from eventkit.json_pointer import escape_token, resolve_pointer
from eventkit.lint._fastvalid import Memo, certainly_valid
from eventkit.lint._formats import format_checker
from eventkit.registry import (
    DIALECT_2020_12,
    DIALECT_DRAFT_04,
    Problem,
    RefProblem,
    Registry,
    SchemaVersion,
    SharedSchema,
    dialect_of,
    iter_schemas,
    pointer_of,
    shared_def_name,
)

if TYPE_CHECKING:
    from jsonschema.exceptions import ValidationError  # type: ignore[import-untyped]

__all__ = ["ExampleChecker"]

MAX_ERRORS_PER_EXAMPLE = 5
_UNEVALUATED = ("unevaluatedProperties", "unevaluatedItems")


_TYPE_TESTS: dict[str, Callable[[Any], bool]] = {
    # draft 2020-12 semantics, as jsonschema's type checker has them
    "string": lambda x: isinstance(x, str),
    "object": lambda x: isinstance(x, dict),
    "array": lambda x: isinstance(x, list),
    "null": lambda x: x is None,
    "boolean": lambda x: isinstance(x, bool),
    "integer": lambda x: (
        (isinstance(x, int) and not isinstance(x, bool))
        or (isinstance(x, float) and x.is_integer())
    ),
    "number": lambda x: isinstance(x, numbers.Number) and not isinstance(x, bool),
}


def _type(validator: Any, types: Any, instance: Any, schema: Any) -> Iterator[ValidationError]:
    """`type` without jsonschema's per-call type-checker lookups; its messages on failure."""
    names = (types,) if isinstance(types, str) else types
    tests = [_TYPE_TESTS.get(name) for name in names]
    if None not in tests and any(test(instance) for test in tests if test is not None):
        return
    from jsonschema import Draft202012Validator  # type: ignore[import-untyped]

    yield from Draft202012Validator.VALIDATORS["type"](validator, types, instance, schema)


def _refuse(uri: str) -> Any:
    from referencing.exceptions import NoSuchResource

    raise NoSuchResource(uri)  # a remote $ref is never fetched


# jsonschema (with referencing and attrs) is imported only when an example needs it: the
# fast path (`certainly_valid`) decides every example of a clean registry without it.
@cache
def _offline() -> Any:
    """A `referencing` registry that refuses to retrieve anything."""
    from referencing import Registry as ReferencingRegistry

    return ReferencingRegistry(retrieve=_refuse)  # type: ignore[call-arg]


@cache
def _bounded(draft_04: bool) -> Any:
    """The validator class whose regex keywords run in bounded time (eventkit.schema_regex)."""
    from jsonschema import Draft4Validator, Draft202012Validator

    from eventkit.lint._patterns import with_bounded_regexes

    cls: Any = with_bounded_regexes(Draft4Validator if draft_04 else Draft202012Validator)
    cls.evolve = _in_one_dialect(cls.evolve, _dialect_dropped)
    return cls


def _dialect_dropped(schema: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in schema.items() if k != "$schema"}


def _in_one_dialect(evolve: Any, drop_dialect: Callable[[dict[str, Any]], Any]) -> Any:
    """`evolve` that keeps this validator class at a subschema holding its own `$schema`.

    jsonschema switches to its stock class there: unbounded regexes, and `$ref`s it would
    try to retrieve. A registry file is one schema resource (no `$id`), so a `$schema` below
    its root has no meaning (lint reports it as dialect-not-at-root) and is dropped here.
    """

    def evolve_in_one_dialect(self: Any, **changes: Any) -> Any:
        schema = changes.get("schema")
        if type(schema) is dict and "$schema" in schema:
            changes["schema"] = drop_dialect(schema)
        return evolve(self, **changes)

    return evolve_in_one_dialect


def _in_own_dialect(evolve: Any, own: Callable[[dict[str, Any]], Any]) -> Any:
    """`evolve` that continues in class `own(schema)` at a subschema it names one for (a
    shared file's root kept with its own `$schema` in a bundle), minus that `$schema`; any
    other `$schema` below the root is dropped, as `_in_one_dialect` does.

    JSON Schema lets a referenced resource declare its own dialect, and jsonschema reads it
    so; the compatibility engine and codegen read a shared file the same way."""

    def evolve_in_own_dialect(self: Any, **changes: Any) -> Any:
        schema = changes.get("schema")
        if type(schema) is not dict or "$schema" not in schema:
            return evolve(self, **changes)
        target = own(schema)
        changes["schema"] = _dialect_dropped(schema)
        evolved = evolve(self, **changes)
        if target is None or type(evolved) is target:
            return evolved
        # jsonschema's validators are attrs classes: the same fields, so `evolve`'s copy
        fields = type(evolved).__attrs_attrs__
        return target(**{f.alias: getattr(evolved, f.name) for f in fields if f.init})

    return evolve_in_own_dialect


class ExampleChecker:
    """Checks the examples of every document of one loaded registry."""

    def __init__(self, registry: Registry) -> None:
        self.registry = registry
        self.resolver = registry.ref_resolver
        self._roots: dict[int, dict[str, Any]] = {}
        self._memo: Memo = {}  # verdicts on scalars, for this registry's (living) subschemas
        self._bundled: dict[str, Any] = {}  # relpath -> validator of its bundle (`slow` files)
        # a bundle's copy of a shared file that declares another dialect than its root:
        # id -> (the copy, the validator class of its dialect)
        self._own_dialect: dict[int, tuple[dict[str, Any], Any]] = {}
        # jsonschema's own reference machinery is needed for draft-04 (foreign) schemas and
        # for unevaluated* (it looks $refs up itself): those are validated as bundles
        unevaluated = {
            d.relpath
            for d in registry.documents
            if "unevaluated" in d.text  # cheap pre-check: the keyword is rare
            and any(key in node for node in d.schema_nodes for key in _UNEVALUATED)
        }
        everything = not unevaluated.isdisjoint(registry.shared)
        self.slow = {
            d.relpath
            for d in registry.documents
            if everything or d.relpath in unevaluated or dialect_of(d.schema) != DIALECT_2020_12
        }

    @cached_property
    def owner(self) -> dict[int, str]:
        """The file of each subschema holding a `$ref` (for jsonschema's `$ref`, which is
        handed the subschema only); built when jsonschema is first needed."""
        owner: dict[int, str] = {}
        for document in self.registry.documents:
            for node in document.schema_nodes:
                if "$ref" in node:
                    owner[id(node)] = document.relpath
        return owner

    @cached_property
    def fast(self) -> Any:
        """The validator class for 2020-12 documents: `$ref` through the registry's resolver."""
        from jsonschema import Draft202012Validator, validators

        from eventkit.lint._patterns import REGEX_KEYWORDS

        fast: Any = validators.extend(
            Draft202012Validator, {"$ref": self._ref, "type": _type, **REGEX_KEYWORDS}
        )
        fast.descend = _same_resolver(fast.descend)
        fast.evolve = _memoised_evolve(_in_one_dialect(fast.evolve, self._without_dialect))
        return fast

    def _ref(
        self, validator: Any, ref: str, instance: Any, schema: dict[str, Any]
    ) -> Iterator[ValidationError]:
        base = self.owner[id(schema)]
        _, _, target = self.resolver.resolve(base, ref)
        yield from validator.descend(instance, target, resolver=validator._resolver)

    def _without_dialect(self, root: dict[str, Any]) -> dict[str, Any]:
        """`root` (a file's root, or a subschema holding `$schema`) minus `$schema`: jsonschema
        would switch to its stock validator class there."""
        found = self._roots.get(id(root))
        if found is None:
            found = self._roots[id(root)] = _dialect_dropped(root)
            if id(root) in self.owner:
                self.owner[id(found)] = self.owner[id(root)]
        return found

    def _validator(self, document: SchemaVersion | SharedSchema) -> Any:
        if document.relpath not in self.slow:
            schema = self._without_dialect(document.schema)
            return self.fast(schema, format_checker=format_checker())
        return self._bundled_validator(document)

    def _bundled_validator(self, document: SchemaVersion | SharedSchema) -> Any:
        """A validator of `document`'s bundle: the class of its dialect, and the class of
        their own dialect at the copies of shared files that declare another one."""
        bundled = self.registry.bundle(document)
        # without `$schema`, jsonschema keeps this class for a `$ref` to the root (with it,
        # it would switch to its stock class, whose regexes are unbounded)
        bundled.pop("$schema", None)
        cls: Any = _bounded(dialect_of(document.schema) == DIALECT_DRAFT_04)
        if cls is not _bounded(False) and self._own_dialects(bundled):
            cls = self._switching
        return cls(bundled, registry=_offline(), format_checker=format_checker())

    def _own_dialects(self, bundled: dict[str, Any]) -> bool:
        """Mark the shared copies of a draft-04 bundle whose file declares 2020-12 (the one
        dialect a shared file may declare), giving them back their `$schema`; whether any."""
        defs = bundled.get("$defs")
        if type(defs) is not dict:
            return False
        marked = False
        for relpath, shared in self.registry.shared.items():
            copy = defs.get(shared_def_name(relpath))
            declares = "$schema" in shared.schema  # without: the referring event's dialect
            if type(copy) is dict and declares and dialect_of(shared.schema) == DIALECT_2020_12:
                copy["$schema"] = DIALECT_2020_12
                self._own_dialect[id(copy)] = (copy, _bounded(False))
                marked = True
        return marked

    @cached_property
    def _switching(self) -> Any:
        """The draft-04 bundle class that reads a marked shared copy in its own dialect."""
        from jsonschema import validators

        cls: Any = validators.extend(_bounded(True), {})
        cls.evolve = _in_own_dialect(cls.evolve, self._dialect_of_copy)
        return cls

    def _dialect_of_copy(self, schema: dict[str, Any]) -> Any:
        found = self._own_dialect.get(id(schema))
        return found[1] if found is not None and found[0] is schema else None

    def check(self, document: SchemaVersion | SharedSchema) -> list[Problem]:
        """A problem for each error of each example of `document` (none without examples)."""
        examples = document.schema.get("examples")
        if not isinstance(examples, list) or not examples:
            return []
        problems: list[Problem] = []
        try:
            undecided = [
                (index, example)
                for index, example in enumerate(examples)
                if not self._certainly_valid(document, example)
            ]
            if not undecided:
                return problems  # the common case: no jsonschema validator needed at all
            validator = self._validator(document)
            for index, example in undecided:
                problems += self._check_one(document, validator, index, example)
        except RefProblem:
            return []  # a $ref it cannot follow is reported by the loader already
        return problems

    def check_defaults(self, document: SchemaVersion | SharedSchema) -> list[Problem]:
        """A problem for each `default` of `document` that its own subschema rejects."""
        text = document.text
        if ('"default"' not in text and "\\u" not in text) or not any(
            "default" in node for node in document.schema_nodes
        ):
            return []  # the common case: no walk with pointers
        problems: list[Problem] = []
        for pointer, node in iter_schemas(document.schema):
            if "default" not in node:
                continue
            where = f"{pointer}/default"
            for message in self.default_errors(document, pointer, node)[:MAX_ERRORS_PER_EXAMPLE]:
                problems.append(
                    Problem(
                        "default-invalid",
                        f"the default at {pointer or '/'} does not match its own schema: {message}",
                        document.relpath,
                        pointer=where,
                        line=document.line_of(where) or document.line_of(pointer),
                        hint="fix the default (a default must validate against the schema it "
                        "is written in), or remove it",
                    )
                )
        return problems

    def default_errors(
        self, document: SchemaVersion | SharedSchema, pointer: str, node: dict[str, Any]
    ) -> list[str]:
        """Why `node` (the subschema of `document` at `pointer`) rejects its own `default`,
        one message per error (none: valid, or a `$ref` the loader reports already)."""
        value = node["default"]
        try:
            if document.relpath not in self.slow:
                if certainly_valid(node, value, self._resolve, self._memo, document.relpath):
                    return []
                schema = self._without_dialect(node) if "$schema" in node else node
                validator = self.fast(schema, format_checker=format_checker())
            else:
                root = self._bundled.get(document.relpath)
                if root is None:
                    root = self._bundled[document.relpath] = self._bundled_validator(document)
                validator = root.evolve(schema=resolve_pointer(root.schema, pointer))
            errors = sorted(validator.iter_errors(value), key=lambda e: [str(p) for p in e.path])
        except (RefProblem, SchemaRefError, LookupError):
            return []  # a $ref it cannot follow is reported by the loader already
        except RegexTimeoutError as slow:
            return [f"pattern {slow.pattern!r} is too slow to evaluate on it"]
        except (RecursionError, SchemaRegexError):
            return ["it is nested too deeply (or its pattern too complex) to check"]
        return [
            f"at {where}: {e.message}"
            if (where := "".join("/" + escape_token(p) for p in e.absolute_path))
            else e.message
            for e in errors
        ]

    def _resolve(self, base: str, ref: str) -> tuple[str, Any]:
        """`(file, target)` of `ref` written in the file `base`; raises `RefProblem`."""
        target, _, value = self.resolver.resolve(base, ref)
        return target, value

    def _certainly_valid(self, document: SchemaVersion | SharedSchema, example: Any) -> bool:
        if document.relpath in self.slow:
            return False
        try:
            # fast path: +58% on bench/registry_load.py figure registry_load.lint_vs_floor (measured 2026-12-06)
            return certainly_valid(
                document.schema, example, self._resolve, self._memo, document.relpath
            )
        except (RecursionError, SchemaRegexError):
            return False  # jsonschema's pass decides, and reports

    def _check_one(
        self, document: SchemaVersion | SharedSchema, validator: Any, index: int, example: Any
    ) -> list[Problem]:
        try:
            errors = sorted(validator.iter_errors(example), key=lambda e: [str(p) for p in e.path])
        except RegexTimeoutError as slow:
            return [_too_slow(document, index, slow)]
        except RecursionError:
            return [
                Problem(
                    "example-invalid",
                    f"example {index} is nested too deeply to check",
                    document.relpath,
                    pointer=f"/examples/{index}",
                    line=document.line_of(f"/examples/{index}"),
                    hint="use a smaller example",
                )
            ]
        problems = []
        for error in errors[:MAX_ERRORS_PER_EXAMPLE]:
            where = "".join("/" + escape_token(p) for p in error.absolute_path)
            pointer = f"/examples/{index}{where}"
            line = document.line_of(pointer) or document.line_of(f"/examples/{index}")
            problems.append(
                Problem(
                    "example-invalid",
                    f"example {index} does not match the schema at {where or '/'}: {error.message}",
                    document.relpath,
                    pointer=pointer,
                    line=line,
                    hint=f"fix the example (or the schema, if the example is right: its "
                    f"{error.validator!r} keyword rejected it)",
                )
            )
        if len(errors) > MAX_ERRORS_PER_EXAMPLE:
            more = len(errors) - MAX_ERRORS_PER_EXAMPLE
            problems[-1] = Problem(
                **{**problems[-1].to_dict(), "message": problems[-1].message + f" (+{more} more)"}
            )
        return problems


def _too_slow(
    document: SchemaVersion | SharedSchema, index: int, error: RegexTimeoutError
) -> Problem:
    """The problem for a pattern that could not be evaluated on example `index` in time."""
    where = _pattern_pointer(document, error.pattern)
    pointer = where or f"/examples/{index}"
    return Problem(
        "pattern-too-slow",
        f"pattern {error.pattern!r} is too slow to evaluate on example {index} within "
        f"{error.seconds:g} s, so the example was not checked",
        document.relpath,
        pointer=pointer,
        line=document.line_of(pointer),
        hint=error.hint,
    )


def _pattern_pointer(document: SchemaVersion | SharedSchema, pattern: str) -> str | None:
    """Where `document` writes `pattern` (as `pattern` or a `patternProperties` key)."""
    for node in document.schema_nodes:
        if node.get("pattern") == pattern:
            return f"{pointer_of(document.schema, node) or ''}/pattern"
        patterns = node.get("patternProperties")
        if isinstance(patterns, dict) and pattern in patterns:
            base = pointer_of(document.schema, node) or ""
            return f"{base}/patternProperties/{escape_token(pattern)}"
    return None


def _same_resolver(descend: Any) -> Any:
    """`descend` that keeps the current `referencing` resolver.

    jsonschema opens a sub-resource for every subschema it enters, to track `$id` scopes. The
    registry forbids `$id` and this class resolves `$ref` itself, so that work is wasted.
    """

    def descend_keeping_resolver(
        self: Any,
        instance: Any,
        schema: Any,
        path: Any = None,
        schema_path: Any = None,
        resolver: Any = None,
    ) -> Any:
        return descend(self, instance, schema, path, schema_path, resolver or self._resolver)

    return descend_keeping_resolver


def _memoised_evolve(evolve: Any) -> Any:
    """`evolve` that builds the validator of each subschema once per lint run, not per visit.

    Safe for this class only: `$ref` never uses the resolver, and every validator of the run
    has the same format checker, so a subschema's validator is the same wherever it is used.
    """
    made: dict[int, Any] = {}

    def evolve_once(self: Any, **changes: Any) -> Any:
        schema = changes.get("schema")
        if type(schema) is not dict or not changes.keys() <= {"schema", "_resolver"}:
            return evolve(self, **changes)
        found = made.get(id(schema))
        if found is None:
            found = made[id(schema)] = evolve(self, **changes)
        return found

    return evolve_once
