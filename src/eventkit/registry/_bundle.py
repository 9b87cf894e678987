"""`Registry.bundle`: one self-contained schema, shared files copied under `$defs`."""

from __future__ import annotations

import copy
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from eventkit.errors import SchemaRefError
from eventkit.registry._json import escape_token
from eventkit.registry._refs import RefProblem, anchor_pointer, iter_refs, split_ref

if TYPE_CHECKING:
    from eventkit.registry._model import Registry, SchemaVersion, SharedSchema

__all__ = ["bundle", "shared_def_name"]

_FRAGMENT_SAFE = "/~!$&'()*+,;=:@-._"


def shared_def_name(relpath: str) -> str:
    """``"_shared/geo/address.json"`` -> ``"_shared.geo.address"`` (its key under `$defs`)."""
    return relpath.removesuffix(".json").replace("/", ".")


def _fragment(pointer: str) -> str:
    return "#" + quote(pointer, safe=_FRAGMENT_SAFE)


def bundle(registry: Registry, document: SchemaVersion | SharedSchema) -> dict[str, Any]:
    """See `Registry.bundle`. Raises `SchemaRefError` if a `$ref` cannot be followed."""
    root_relpath = document.relpath
    result = copy.deepcopy(document.schema)
    copies: dict[str, dict[str, Any]] = {}
    pending = _rewrite(registry, result, root_relpath, root_relpath)
    while pending:
        relpath = pending.pop()
        if relpath in copies or relpath == root_relpath:
            continue
        shared = copy.deepcopy(registry.document(relpath).schema)
        shared.pop("$schema", None)
        shared.pop("$id", None)
        copies[relpath] = shared
        pending |= _rewrite(registry, shared, relpath, root_relpath)
    if copies:
        defs = result.setdefault("$defs", {})
        for relpath in sorted(copies):
            name = shared_def_name(relpath)
            if name in defs:
                raise SchemaRefError(
                    f"{root_relpath} already has $defs/{name}; cannot bundle {relpath}",
                    path=root_relpath,
                    pointer=f"/$defs/{escape_token(name)}",
                    hint=f"rename $defs/{name} (names starting with _shared. are reserved)",
                )
            defs[name] = copies[relpath]
    return result


def _rewrite(registry: Registry, schema: dict[str, Any], base: str, root: str) -> set[str]:
    """Rewrite every `$ref` of `schema` (from file `base`) in place; return files it reaches."""
    reached: set[str] = set()
    for pointer, node in list(iter_refs(schema)):
        ref = node["$ref"]
        try:
            target, fragment = split_ref(base, ref)
        except RefProblem as problem:
            raise SchemaRefError(
                problem.message, hint=problem.hint, path=base, pointer=f"{pointer}/$ref"
            ) from None
        if target == base == root:
            continue  # local to the root document: already right
        if fragment and not fragment.startswith("/"):
            anchor = anchor_pointer(registry.document(target).schema, fragment)
            if anchor is None:
                raise SchemaRefError(
                    f"$ref {ref!r}: {target} has no $anchor {fragment!r}",
                    path=base,
                    pointer=f"{pointer}/$ref",
                )
            fragment = anchor
        if target == root:
            node["$ref"] = _fragment(fragment)
            continue
        registry.document(target)  # raises RegistryError if it does not exist
        reached.add(target)
        node["$ref"] = _fragment(f"/$defs/{escape_token(shared_def_name(target))}{fragment}")
    return reached
