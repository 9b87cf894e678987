"""From a registry to one JSON Schema document datamodel-code-generator can take in one call.

Every event major version and every shared file becomes entries of one ``$defs`` table whose
dotted keys say where the class goes: ``orders.order_placed_v1.OrderPlacedV1`` (an event),
``orders.order_placed_v1.Line`` (one of its local definitions), ``shared.money.Money`` (a shared
file). datamodel-code-generator turns dotted keys into modules, so a shared definition becomes
one class in one module that every event imports, never a copy per event. The schemas reach
that table only through `_rewrite`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from eventkit.errors import CodegenError
from eventkit_codegen._constants import DEF_MARK, ROOT_MARK
from eventkit_codegen._dialects import draft04_documents
from eventkit_codegen._import_depth import MAX_IMPORT_DEPTH, deepest_import_chain
from eventkit_codegen._naming import (
    class_identifier,
    event_class_identifier,
    field_alias_map,
    module_identifier,
)
from eventkit_codegen._nesting import check_nesting
from eventkit_codegen._patterns import pattern_problem
from eventkit_codegen._rewrite import Rewriter, Rewritten, clean_description, schema_error

if TYPE_CHECKING:
    from eventkit.registry import EventType, Registry, SchemaVersion

__all__ = [
    "SHARED_PACKAGE",
    "EventUnit",
    "Prepared",
    "SharedUnit",
    "check_patterns",
    "patterns_of",
    "prepare",
]

SHARED_PACKAGE = "shared"

# Keys that say nothing about a value: a shared file holding only these (and $defs) has no
# root model, only its definitions.
_META_KEYS = frozenset(
    {"$defs", "definitions", "$schema", "$id", "id", "title", "description", "examples", "$comment"}
)


@dataclass(frozen=True, slots=True)
class SharedUnit:
    """One shared file: one module in the shared package.

    A file of several definitions and no root model (``_shared/common.json``: ``$defs`` only)
    puts each definition in a module of its own (``shared/common_defs/error_info.py``), so that
    an event imports and builds only the definitions it uses; ``shared/common.py`` then
    re-exports them on first access (`exports`). Definitions that refer to each other in a
    cycle share one module (`Rewriter.register`). A file whose package ``<file>_defs`` another
    shared file's module or package already is keeps the one-module layout. Modules of
    several files that import each other in a cycle are one module, the first file's
    (`Rewriter.merge_cycles`); the other files' modules re-export their classes.
    """

    relpath: str  # "_shared/money.json"
    digest: str
    module: tuple[str, ...]  # ("shared", "money")
    # (name, its module, its class name there) of each class the file offers when they are
    # not all in `module` under their names, e.g.
    # ("ErrorInfo", ("shared", "common_defs", "error_info"), "ErrorInfo"); empty: they are
    exports: tuple[tuple[str, tuple[str, ...], str], ...] = ()
    # the modules besides `module` whose code this file's unit writes (its definitions' own)
    parts: tuple[tuple[str, ...], ...] = ()
    # (module, other file) for each other file whose classes a module of this unit holds
    guests: tuple[tuple[tuple[str, ...], str], ...] = ()

    @property
    def file(self) -> str:
        return "/".join(self.module) + ".py"

    @property
    def part_files(self) -> list[str]:
        """The files of the definitions' own modules (none unless split)."""
        return ["/".join(module) + ".py" for module in self.parts]

    @property
    def files(self) -> list[str]:
        return [self.file, *self.part_files]

    def guests_of(self, module: tuple[str, ...]) -> list[str]:
        """The other files whose classes `module` holds (a cycle across files)."""
        return [relpath for held, relpath in self.guests if held == module]


@dataclass(frozen=True, slots=True)
class EventUnit:
    """One event major version: one module in its service's package."""

    event_key: str  # "orders/OrderPlaced"
    major: int
    service: str
    service_module: str  # "orders"
    module: str  # "order_placed_v1"
    class_name: str  # "OrderPlacedV1"
    version: str
    digest: str
    relpath: str
    source: str
    detail_type: str
    foreign: bool
    deprecated: str | None  # "since 1.1.0: reason; use X instead"
    required: tuple[str, ...]  # schema names of the required properties declared in the root
    shared: tuple[str, ...]  # shared relpaths reached, transitively

    @property
    def key(self) -> str:
        return f"{self.event_key}@{self.major}"

    @property
    def def_key(self) -> str:
        return f"{self.service_module}.{self.module}.{self.class_name}"

    @property
    def file(self) -> str:
        return f"{self.service_module}/{self.module}.py"


@dataclass(frozen=True, slots=True)
class Prepared:
    """The registry, planned: units, and the generator input of each.

    Attributes:
        registry: the registry planned.
        events: one unit per event major version.
        shared: one unit per shared file (all generated together, as unit `SHARED_PACKAGE`).
        inputs: unit key (or `SHARED_PACKAGE`) -> its rewritten definitions.
        aliases: property name -> Python identifier, over the whole registry.
    """

    registry: Registry
    events: list[EventUnit]
    shared: list[SharedUnit]
    inputs: dict[str, Rewritten]
    aliases: dict[str, str]

    @property
    def reexported(self) -> list[str]:
        """The def keys of the classes shared files' modules re-export, in key order."""
        return sorted(
            {".".join((*module, cls)) for unit in self.shared for _, module, cls in unit.exports}
        )

    def document(self, unit_keys: set[str]) -> dict[str, Any]:
        """The one schema document for the events in `unit_keys` and every shared file; each
        event root's description ends with `ROOT_MARK` (`_render.event_module` removes it),
        each of `reexported` with ``DEF_MARK-<index>`` (`_render.strip_def_marks`)."""
        defs: dict[str, Any] = dict(self.inputs[SHARED_PACKAGE].defs)
        for index, key in enumerate(self.reexported):
            definition = defs[key]
            mark = f"{DEF_MARK}-{index}"
            defs[key] = {**definition, "description": _marked(definition, mark)}
        for unit in self.events:
            if unit.key in unit_keys:
                defs.update(self.inputs[unit.key].defs)
                root = defs[unit.def_key]
                defs[unit.def_key] = {**root, "description": _marked(root, ROOT_MARK)}
        return {"$defs": dict(sorted(defs.items()))}


def _marked(definition: dict[str, Any], mark: str) -> str:
    return f"{definition.get('description', '')}\n\n{mark}".strip()


def prepare(registry: Registry) -> Prepared:
    """Plan the output of `registry` and build the generator input of every unit.

    Raises:
        CodegenError: two events or services would get the same module or class name, or a
            schema holds something the generated models cannot express.
    """
    rewriter = Rewriter(registry)
    modules_seen: dict[tuple[str, ...], str] = {}
    # every shared module and package, before any split claims a name: a split package that
    # would collide with one of them is not split (the layout registries had before splits)
    plain = {m[:i] for m in map(_shared_module, registry.shared) for i in range(2, len(m) + 1)}
    relpaths = sorted(registry.shared)
    for relpath in relpaths:
        shared = registry.shared[relpath]
        module = _shared_module(relpath)
        _claim(modules_seen, module, relpath)
        root = class_identifier(module[-1]) if _model_ish(shared.schema) else None
        split_package = (*module[:-1], f"{module[-1]}_defs")
        if root is None and _definition_count(shared.schema) > 1 and split_package not in plain:
            # not "_common": the generator renames a module with a leading underscore
            _claim(modules_seen, split_package, relpath)
            rewriter.register(relpath, ".".join(split_package), None, split=True)
        else:
            rewriter.register(relpath, ".".join(module), root)
    rewriter.merge_cycles(relpaths)
    shared_units = _shared_units(registry, rewriter, relpaths)

    units = _event_units(registry, modules_seen)
    check_nesting(registry, [*relpaths, *(unit.relpath for unit in units)])
    for unit in units:
        rewriter.register(unit.relpath, f"{unit.service_module}.{unit.module}", unit.class_name)
    rewriter.draft04 = draft04_documents(registry, [unit.relpath for unit in units])

    inputs = {SHARED_PACKAGE: rewriter.rewrite_documents([s.relpath for s in shared_units])}
    for unit in units:
        rewritten = inputs[unit.key] = rewriter.rewrite_documents([unit.relpath])
        if unit.deprecated:
            root = rewritten.defs[unit.def_key]
            note = clean_description(f"Deprecated {unit.deprecated}.")
            root["description"] = f"{root.get('description', '')}\n\n{note}".strip()
    _check_type_sizes(registry, rewriter, inputs)
    names = set().union(*(r.property_names for r in inputs.values()))
    return Prepared(
        registry=registry,
        events=units,
        shared=shared_units,
        inputs=inputs,
        aliases=field_alias_map(names),
    )


# The generator writes a definition that is no class (an anyOf, an array, a string: no
# `properties`) out in full wherever it is used. Definitions using such definitions several
# times each, level after level, make types that grow exponentially: 12 levels of a
# three-reference anyOf took the generator two minutes for a 540 KB module, 20 levels never
# ended. The bound is on the terms a definition's uses are written with at most (a class
# counts one), an over-estimate computed in linear time; 4**9 terms generate in seconds.
_MAX_TYPE_TERMS = 250_000


def _check_type_sizes(registry: Registry, rewriter: Rewriter, inputs: dict[str, Rewritten]) -> None:
    """Raise a `CodegenError` naming the first definition (in key order) whose type would be
    written with more than `_MAX_TYPE_TERMS` terms, or the modules' import chain when it is
    too deep (both read the same `$ref` table)."""
    defs: dict[str, Any] = {}
    for rewritten in inputs.values():
        defs.update(rewritten.defs)
    refs = {key: _refs_of(schema) for key, schema in defs.items()}
    _check_import_depth(registry, rewriter, refs)
    inline = {
        key: [r for r in found if r in defs and not _is_class(defs[r])]
        for key, found in refs.items()
    }
    terms: dict[str, int] = {}
    visiting: set[str] = set()  # being computed: a cycle back to one counts one term
    for start in sorted(defs):
        # post-order without recursion: a chain of definitions may be thousands long
        stack = [(start, False)]
        while stack:
            key, expanded = stack.pop()
            if key in terms:
                continue
            if not expanded:
                if key not in visiting:
                    visiting.add(key)
                    stack.append((key, True))
                    stack += [
                        (r, False) for r in inline[key] if r not in terms and r not in visiting
                    ]
                continue
            visiting.discard(key)
            classes = len(refs[key]) - len(inline[key])
            terms[key] = total = 1 + classes + sum(terms.get(r, 1) for r in inline[key])
            if total > _MAX_TYPE_TERMS:
                relpath, pointer = rewriter.locations().get(key, ("", ""))
                raise schema_error(
                    registry,
                    relpath,
                    pointer,
                    f"its type would be written with over {_MAX_TYPE_TERMS:,} terms: "
                    "definitions that are no class (anyOf, arrays, ...) are written out where "
                    "they are used, and these use each other several times, level after level",
                )


def _check_import_depth(registry: Registry, rewriter: Rewriter, refs: dict[str, list[str]]) -> None:
    """Raise a `CodegenError` naming the outermost module's file when the generated modules
    would import each other deeper than Python can import (`_import_depth`)."""
    chain = deepest_import_chain(refs)
    if len(chain) <= MAX_IMPORT_DEPTH:
        return
    locations = rewriter.locations()
    first = min(key for key in refs if key.rsplit(".", 1)[0] == chain[0])
    relpath, pointer = locations.get(first, ("", ""))
    raise schema_error(
        registry,
        relpath,
        pointer,
        f"the generated modules would import each other {len(chain)} levels deep "
        f"({chain[0]} -> {chain[1]} -> ... -> {chain[-1]}), more than the {MAX_IMPORT_DEPTH} "
        "Python can import safely (RecursionError on first import): shorten the chain of "
        "$refs between shared files (each shared file, and each definition of a shared file "
        "without a root, is a module of its own)",
    )


def _refs_of(schema: Any) -> list[str]:
    """The def keys of every `$ref` in a rewritten schema, once per occurrence."""
    found: list[str] = []
    todo = [schema]
    while todo:
        node = todo.pop()
        if isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str) and ref.startswith("#/$defs/"):
                found.append(ref.removeprefix("#/$defs/"))
            todo.extend(node.values())
        elif isinstance(node, list):
            todo.extend(node)
    return found


def _is_class(schema: Any) -> bool:
    return isinstance(schema, dict) and isinstance(schema.get("properties"), dict)


def _shared_units(registry: Registry, rewriter: Rewriter, relpaths: list[str]) -> list[SharedUnit]:
    """One unit per shared file, once every class has its module (`Rewriter.merge_cycles`):
    a module's code is written by the first file with a class in it."""
    classes = {
        r: [(n, tuple(k.split(".")[:-1]), k.rsplit(".", 1)[1]) for n, k in rewriter.classes(r)]
        for r in relpaths
    }
    holders: dict[tuple[str, ...], list[str]] = {}
    for relpath in relpaths:
        for _, module, _ in classes[relpath]:
            if relpath not in holders.setdefault(module, []):
                holders[module].append(relpath)
    units: list[SharedUnit] = []
    for relpath in relpaths:
        module = _shared_module(relpath)
        mine = [m for m, files in holders.items() if files[0] == relpath]
        own = all(m == module and n == c for n, m, c in classes[relpath])
        units.append(
            SharedUnit(
                relpath=relpath,
                digest=registry.shared[relpath].digest,
                module=module,
                exports=() if own else tuple(classes[relpath]),
                parts=tuple(m for m in mine if m != module),
                guests=tuple((m, other) for m in mine for other in holders[m][1:]),
            )
        )
    return units


def check_patterns(prepared: Prepared, unit_keys: set[str]) -> None:
    """Every pattern of the units about to be generated must be ECMA-262 and run in linear
    time in the generated model (pydantic-core's Rust regex), so that no event can make a
    consumer's validation take seconds (`_patterns`). Raises the first problem, in key order."""
    for key in sorted(unit_keys):
        for relpath, pointer, pattern in prepared.inputs[key].patterns:
            message = pattern_problem(pattern)
            if message is not None:
                raise schema_error(prepared.registry, relpath, pointer, message)


def patterns_of(prepared: Prepared, unit_keys: set[str]) -> list[str]:
    """The distinct patterns `check_patterns(prepared, unit_keys)` checks, sorted."""
    return sorted({pattern for key in unit_keys for _, _, pattern in prepared.inputs[key].patterns})


# Names the package's own modules and index (`package_index`) use: a service module of that
# name would be bound over them on import (a service `importlib` broke every lazy export).
_RESERVED_MODULES = frozenset({SHARED_PACKAGE, "importlib", "all_events", "annotations"})


def _event_units(registry: Registry, modules_seen: dict[tuple[str, ...], str]) -> list[EventUnit]:
    """One unit per event major version (its newest version); names checked to be distinct."""
    units: list[EventUnit] = []
    classes_seen: dict[str, str] = {}
    services_seen: dict[str, str] = {}
    for event in registry.events:
        service_module = module_identifier(event.service)
        if service_module in _RESERVED_MODULES:
            service_module = f"{service_module}_"
        _claim_service(services_seen, service_module, event.service)
        for major in sorted(event.majors):
            version = event.latest_in(major)
            shared = _shared_reached(registry, version.relpath)
            unit = _event_unit(event, major, version, service_module, shared)
            _claim(modules_seen, (service_module, unit.module), unit.key)
            if unit.class_name in classes_seen:
                raise CodegenError(
                    f"events {classes_seen[unit.class_name]} and {unit.key} would both generate "
                    f"the class {unit.class_name}",
                    hint="rename one of the event folders (or set a distinct folder name)",
                )
            classes_seen[unit.class_name] = unit.key
            _check_root(version)
            units.append(unit)
    return units


def _check_root(version: SchemaVersion) -> None:
    """An event's data (or a foreign event's detail) must be a JSON object."""
    schema = version.schema
    if schema.get("type") == "object" or "properties" in schema or "allOf" in schema:
        return
    raise CodegenError(
        f"{version.relpath}: the schema of an event must describe a JSON object "
        '("type": "object" with "properties"); EventBridge details are objects',
        hint="wrap the value in an object property",
    )


def _shared_reached(registry: Registry, relpath: str) -> set[str]:
    """The shared files the document `relpath` refers to, directly or through other ones."""
    seen: set[str] = set()
    todo = [relpath]
    while todo:
        current = todo.pop()
        for node in registry.document(current).schema_nodes:
            if "$ref" in node:
                target = registry.resolve(current, node["$ref"])[0]
                if target != relpath and target not in seen:
                    seen.add(target)
                    todo.append(target)
    return seen


def _model_ish(schema: dict[str, Any]) -> bool:
    return any(k not in _META_KEYS for k in schema)


def _definition_count(schema: dict[str, Any]) -> int:
    return sum(len(d) for c in ("$defs", "definitions") if isinstance(d := schema.get(c), dict))


def _shared_module(relpath: str) -> tuple[str, ...]:
    parts = relpath.split("/")[1:]  # drop "_shared"
    parts[-1] = parts[-1].removesuffix(".json")
    return (SHARED_PACKAGE, *(module_identifier(p) for p in parts))


def _event_unit(
    event: EventType, major: int, version: SchemaVersion, service_module: str, shared: set[str]
) -> EventUnit:
    return EventUnit(
        event_key=event.key,
        major=major,
        service=event.service,
        service_module=service_module,
        module=f"{module_identifier(event.name)}_v{major}",
        class_name=event_class_identifier(event.name, major),
        version=str(version.version),
        digest=version.digest,
        relpath=version.relpath,
        source=event.source,
        detail_type=event.detail_type,
        foreign=bool(event.foreign),
        deprecated=_deprecation(event),
        required=_declared_required(version.schema),
        shared=tuple(sorted(shared)),
    )


def _declared_required(schema: dict[str, Any]) -> tuple[str, ...]:
    """The root's required names that are also declared under its `properties` (or under
    those of an inline `allOf` member): the fields of the generated class. JSON Schema allows
    a required name that is no property; it is no field, so it stays out of the example."""
    declared: set[str] = set()
    for piece in [schema, *(schema.get("allOf") or [])]:
        properties = piece.get("properties") if isinstance(piece, dict) else None
        if isinstance(properties, dict):
            declared.update(properties)
    required = schema.get("required")
    if not isinstance(required, list):
        return ()
    return tuple(r for r in required if isinstance(r, str) and r in declared)


def _deprecation(event: EventType) -> str | None:
    deprecated = event.deprecated
    if deprecated is None:
        return None
    text = f"since {deprecated.since}" if deprecated.since else "deprecated"
    reason = deprecated.reason.strip().rstrip(".") if deprecated.reason else ""
    if reason:
        text += f": {reason}"
    if deprecated.replacement:
        text += f"; use {deprecated.replacement} instead"
    return text


def _claim(seen: dict[tuple[str, ...], str], module: tuple[str, ...], owner: str) -> None:
    if module in seen:
        raise CodegenError(
            f"{seen[module]} and {owner} would both generate the module {'.'.join(module)}",
            hint="rename one of them so that their snake_case names differ",
        )
    seen[module] = owner


def _claim_service(seen: dict[str, str], module: str, service: str) -> None:
    if seen.setdefault(module, service) != service:
        raise CodegenError(
            f"services {seen[module]!r} and {service!r} would both generate the package {module}",
            hint="rename one of the service folders",
        )
