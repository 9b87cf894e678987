"""jsonschema keywords that match regular expressions, run through `eventkit.schema_regex`.

jsonschema's own `pattern`, `patternProperties`, `additionalProperties` (which skips names a
`patternProperties` regex matches) and `unevaluatedProperties` call Python's `re`: unbounded
time, and Python's dialect rather than ECMA-262's. These replacements, installed with
`validators.extend` (jsonschema's documented extension point), ask `schema_regex` instead;
a `RegexTimeoutError` propagates to the caller, which reports it as a lint problem.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from jsonschema import validators  # type: ignore[import-untyped]
from jsonschema.exceptions import ValidationError  # type: ignore[import-untyped]

from eventkit import schema_regex

__all__ = ["REGEX_KEYWORDS", "REGEX_KEYWORDS_DRAFT4", "with_bounded_regexes"]


def _matches(pattern: str, name: str) -> bool:
    return schema_regex.compile(pattern).search(name)


def pattern(validator: Any, patrn: str, instance: Any, schema: Any) -> Iterator[ValidationError]:
    if validator.is_type(instance, "string") and not _matches(patrn, instance):
        yield ValidationError(f"{instance!r} does not match {patrn!r}")


def pattern_properties(
    validator: Any, patterns: dict[str, Any], instance: Any, schema: Any
) -> Iterator[ValidationError]:
    if not validator.is_type(instance, "object"):
        return
    for patrn, subschema in patterns.items():
        for name, value in instance.items():
            if _matches(patrn, name):
                yield from validator.descend(value, subschema, path=name, schema_path=patrn)


def _additional_names(instance: dict[str, Any], schema: dict[str, Any]) -> list[str]:
    declared = schema.get("properties", {})
    patterns = list(schema.get("patternProperties", {}))
    return [
        name
        for name in instance
        if name not in declared and not any(_matches(p, name) for p in patterns)
    ]


def additional_properties(
    validator: Any, extra_schema: Any, instance: Any, schema: Any
) -> Iterator[ValidationError]:
    if not validator.is_type(instance, "object"):
        return
    extras = _additional_names(instance, schema)
    if validator.is_type(extra_schema, "object"):
        for name in extras:
            yield from validator.descend(instance[name], extra_schema, path=name)
    elif extra_schema is False and extras:
        if "patternProperties" in schema:
            patterns = ", ".join(repr(p) for p in sorted(schema["patternProperties"]))
            verb = "does" if len(extras) == 1 else "do"
            yield ValidationError(
                f"{_listed(extras)} {verb} not match any of the regexes: {patterns}"
            )
        else:
            yield ValidationError(f"Additional properties are not allowed ({_unexpected(extras)})")


def _listed(names: list[str]) -> str:
    return ", ".join(repr(name) for name in sorted(names))


def _unexpected(names: list[str]) -> str:
    return f"{_listed(names)} {'was' if len(names) == 1 else 'were'} unexpected"


def _evaluated_names(validator: Any, instance: dict[str, Any], schema: Any) -> set[str]:
    """Names some keyword of `schema` (or of a subschema applied in place) evaluated: what
    `unevaluatedProperties` must leave alone (JSON Schema 2020-12, section 11.3)."""
    if not isinstance(schema, dict):
        return set()
    names = set(schema.get("properties", {})) & instance.keys()
    for patrn in schema.get("patternProperties", {}):
        names.update(name for name in instance if _matches(patrn, name))
    for keyword in ("additionalProperties", "unevaluatedProperties"):
        if keyword in schema:
            check = validator.evolve(schema=schema[keyword])
            names.update(name for name, value in instance.items() if check.is_valid(value))
    for sub_validator, subschema in _applied_in_place(validator, instance, schema):
        names |= _evaluated_names(sub_validator, instance, subschema)
    return names


def _applied_in_place(
    validator: Any, instance: dict[str, Any], schema: dict[str, Any]
) -> Iterator[tuple[Any, Any]]:
    """(validator, subschema) for each subschema that applies to `instance` itself."""
    for keyword in ("$ref", "$dynamicRef"):
        if keyword in schema:
            resolved = validator._resolver.lookup(schema[keyword])
            sub = validator.evolve(schema=resolved.contents, _resolver=resolved.resolver)
            yield sub, resolved.contents
    for name, subschema in schema.get("dependentSchemas", {}).items():
        if name in instance:
            yield validator, subschema
    for subschema in schema.get("allOf", ()):
        yield validator, subschema
    for keyword in ("anyOf", "oneOf"):
        for subschema in schema.get(keyword, ()):
            if validator.evolve(schema=subschema).is_valid(instance):
                yield validator, subschema
    if "if" in schema:
        if validator.evolve(schema=schema["if"]).is_valid(instance):
            yield validator, schema["if"]
            yield validator, schema.get("then", True)
        else:
            yield validator, schema.get("else", True)


def unevaluated_properties(
    validator: Any, unevaluated: Any, instance: Any, schema: Any
) -> Iterator[ValidationError]:
    if not validator.is_type(instance, "object"):
        return
    evaluated = _evaluated_names(validator, instance, schema)
    rejected = [
        name
        for name, value in instance.items()
        if name not in evaluated and not validator.evolve(schema=unevaluated).is_valid(value)
    ]
    if rejected:
        yield ValidationError(f"Unevaluated properties are not allowed ({_unexpected(rejected)})")


REGEX_KEYWORDS_DRAFT4 = {
    "pattern": pattern,
    "patternProperties": pattern_properties,
    "additionalProperties": additional_properties,
}
REGEX_KEYWORDS = {**REGEX_KEYWORDS_DRAFT4, "unevaluatedProperties": unevaluated_properties}


def with_bounded_regexes(cls: Any) -> Any:
    """`cls` (a jsonschema validator class) with the keywords above."""
    keywords = (
        REGEX_KEYWORDS if "unevaluatedProperties" in cls.VALIDATORS else REGEX_KEYWORDS_DRAFT4
    )
    return validators.extend(cls, keywords)
