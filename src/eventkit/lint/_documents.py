"""Lint's checks of one schema file after another: each file's own checks, and its examples
unless it (or a shared file it uses) is not a valid schema."""

from __future__ import annotations

from eventkit.lint import _checks
from eventkit.lint._examples import ExampleChecker
from eventkit.registry import (
    Problem,
    RefProblem,
    Registry,
    SchemaVersion,
    SharedSchema,
    iter_refs,
    split_ref,
)

__all__ = ["DocumentChecks"]


class DocumentChecks:
    """`check(document)`: the problems of one file of `registry`, called in registry order
    (the shared files first).

    A file's problems depend only on it, the shared files and which shared files are invalid:
    a file's `$ref`s reach only itself and `_shared/` (`split_ref` refuses any other file).
    """

    def __init__(self, registry: Registry) -> None:
        self.registry = registry
        self.examples = ExampleChecker(registry)
        self.invalid: set[str] = set()

    def __call__(self, document: SchemaVersion | SharedSchema) -> list[Problem]:
        meta, duplicates = _checks.check_meta_and_duplicates(document)
        problems = meta + duplicates
        problems += _checks.check_placeholders(document)
        problems += _checks.check_nested_dialect(document)
        if isinstance(document, SchemaVersion):
            problems += _checks.check_metadata(document)
        invalid = self.invalid
        if meta:
            invalid.add(document.relpath)
        elif not (invalid and _reaches(self.registry, document.relpath, invalid)):
            # Examples of an invalid schema (or one using an invalid shared file) cannot be judged.
            problems += self.examples.check(document)
            problems += self.examples.check_defaults(document)
        return problems


def _reaches(registry: Registry, relpath: str, targets: set[str]) -> bool:
    """Whether the file `relpath` refers to one of `targets`, directly or through others."""
    seen, pending = {relpath}, [relpath]
    while pending:
        base = pending.pop()
        for _, node in iter_refs(registry.document(base).schema):
            try:
                target, _ = split_ref(base, node["$ref"])
            except RefProblem:
                continue
            if target in targets:
                return True
            if target not in seen and target in registry.shared:
                seen.add(target)
                pending.append(target)
    return False
