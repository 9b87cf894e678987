"""Schema documents for the engine: `SNode` (a subschema and its lazily built JSON pointer),
`Doc` (`$ref` resolution: local pointers, anchors, relative files; remote refs refused), and
`same_meaning`, the cheap proof that two subschemas are equal."""

from __future__ import annotations

import json
import os
import re
from itertools import count

from eventkit.compat._dialects import DIALECT_2020_12, as_dialect, draft_of, without_earlier
from eventkit.compat._values import jkey
from eventkit.compat._vocab import (
    DEFS_REFS,
    FILE_REFS,
    OTHER_REFS,
    SCHEMA_LISTS,
    SCHEMA_MAPS,
    SCHEMA_ONE,
    join,
    ref_kind,
    scan,
)
from eventkit.error_base import CompatibilityError
from eventkit.json_pointer import resolve_pointer

TYPE_CHECKING = False  # not `typing.TYPE_CHECKING`: no `typing` at run time (a cold import)
if TYPE_CHECKING:  # pathlib is imported by the one path that reads a file (a cold start)
    from pathlib import Path
    from typing import Any

__all__ = ["Doc", "SNode", "join", "same_meaning", "same_schema_meaning", "snode"]

_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
# Each document's number, never reused: the per-pair caches are keyed by it, not by `id()`
# (reused once a document is freed) checked through a `weakref` (a module a cold import skips).
_SERIALS = count()


class SNode:
    """A (sub)schema inside a document; its JSON pointer there is built only when asked for.

    Made by `snode` (or `child`), not by calling the class: a class with an `__init__` of its
    own is called through a slow generic path, and the engine makes several nodes per pair."""

    __slots__ = ("_ptr", "_tokens", "doc", "parent", "schema")
    doc: Doc
    schema: Any
    _ptr: str | None
    parent: SNode | None
    _tokens: tuple[str | int, ...]

    @property
    def ptr(self) -> str:
        if self._ptr is None:
            assert self.parent is not None
            self._ptr = join(self.parent.ptr, *self._tokens)
        return self._ptr

    def child(self, key: str, index: str | int | None = None) -> SNode:
        """The subschema at `key` (`index` below it for a list or map of schemas). Two
        parameters, not `*tokens`: CPython 3.11 specialises no call to a function with `*args`."""
        if index is None:
            value = self.schema[key]
            tokens: tuple[str | int, ...] = (key,)
        else:
            value = self.schema[key][index]
            tokens = (key, index)
        node = SNode()  # `snode(self.doc, value, None, self, tokens)`, written out
        node.doc = self.doc
        node.schema = value
        node._ptr = None
        node.parent = self
        node._tokens = tokens
        return node

    def children(self, key: str, count: int) -> list[SNode]:
        """`child(key, i)` for i < count (a loop in a method: a comprehension at the callers
        would make their variables closure cells)."""
        out = []
        for i in range(count):
            out.append(self.child(key, i))
        return out

    def __repr__(self) -> str:
        return f"SNode({self.doc.label}#{self.ptr})"


def snode(
    doc: Doc,
    schema: Any,
    ptr: str | None = "",
    parent: SNode | None = None,
    tokens: tuple[str | int, ...] = (),
    kind: type[SNode] = SNode,
) -> SNode:
    """A node of `schema` in `doc` at `ptr` (None: `tokens` below `parent`, built when read)."""
    node = kind()
    node.doc = doc
    node.schema = schema
    node._ptr = ptr
    node.parent = parent
    node._tokens = tokens
    return node


def _read_referenced(path: Path, base_dir: Path, label: str, target: str, where: Any) -> Any:
    """The JSON of a file a `$ref` names: a regular file (no FIFO or device: never a hang),
    at most a schema's size, inside the registry that holds `base_dir` (the folder with
    `eventkit.toml` above it), or inside `base_dir` itself outside any registry. Links are
    resolved first, so none leads out."""
    from pathlib import Path  # the one path that reads a file (a cold start has no pathlib)

    from eventkit.registry import MAX_SCHEMA_BYTES, read_regular_file

    boundary = _boundary(base_dir)
    about = f"{label}: $ref {target!r} at {where or '/'}"
    if not Path(os.path.realpath(path)).is_relative_to(boundary):
        raise CompatibilityError(
            f"{about} leads to {path}, outside {boundary}: eventkit reads referenced files "
            "only inside the registry (or the schema's own folder)",
            hint="copy the definition into the registry's _shared/ folder and refer to it there",
        )
    try:
        data = read_regular_file(path, MAX_SCHEMA_BYTES)
        if len(data) > MAX_SCHEMA_BYTES:
            raise CompatibilityError(f"{about}: {path} is larger than {MAX_SCHEMA_BYTES} bytes")
        return json.loads(data.decode("utf-8"))
    except (OSError, ValueError, RecursionError) as error:
        reason = getattr(error, "message", None) or str(error) or type(error).__name__
        raise CompatibilityError(f"{about}: cannot read {path}: {reason}") from None


def _boundary(base_dir: Path) -> Path:
    """The folder `$ref`s from `base_dir` may reach: the registry root above it, else itself."""
    from pathlib import Path

    folder = Path(os.path.realpath(base_dir))
    for candidate in (folder, *folder.parents):
        if (candidate / "eventkit.toml").is_file():
            return candidate
    return folder


class Doc:
    """One schema document. Local refs always; relative file refs only with `base_dir`."""

    __slots__ = (
        "_anchors",
        "_booleans",
        "_cache",
        "_context",
        "_defs_with",
        "_dropped",
        "_enums",
        "_local",
        "_source",
        "all_refs",
        "base_dir",
        "defs_refs",
        "draft",
        "earlier",
        "is_root",
        "label",
        "negations",
        "schema",
        "serial",
    )

    def __init__(
        self,
        schema: Any,
        label: str = "schema",
        base_dir: Path | None = None,
        cache: dict[str, Doc] | None = None,
        is_root: bool = True,
        inherited: str | None = None,
    ) -> None:
        # draft-04..07 as their validators read them; a file without `$schema` (a shared
        # file) in the dialect of the document that refers to it (`inherited`)
        self.draft = draft_of(schema, inherited)
        source = schema
        schema = as_dialect(schema, self.draft)
        self.is_root = is_root  # False for a document reached through a $ref (a shared file)
        self.label = label
        self.base_dir = base_dir
        self._cache = cache if cache is not None else {}
        self._anchors: dict[str, str] | None = None
        # caches, made on first use (most documents are compared once)
        self._enums: dict[int, tuple[list[Any], frozenset[str]]] | None = None
        self._local: dict[int, tuple[Any, int]] | None = None
        # per other document, by its serial (documents never keep each other alive)
        self.serial = next(_SERIALS)
        self._context: dict[int, bool | None] | None = None
        self._defs_with: dict[int, int] | None = None
        # `_normalize.negate`'s results: (id of the subschema, formats asserted) -> (it, result)
        self.negations: dict[tuple[int, bool], tuple[Any, Any]] | None = None
        # the vocabulary scan classifies the $refs in the same walk (whole, root $defs)
        self.all_refs, self.defs_refs, self._booleans, self.earlier = scan(schema, label)
        if self.earlier:  # rare: `dependencies` or `additionalItems`, which 2020-12 ignores
            rewritten = without_earlier(schema, self.draft)
            if rewritten is not schema:  # what is left of the document, scanned again
                schema = rewritten
                self.all_refs, self.defs_refs, self._booleans, self.earlier = scan(schema, label)
        self.schema = schema
        # as written, when the dialect's reading dropped keywords: a `$ref` may point into one
        self._source = source if source is not schema else None
        self._dropped: dict[str, Any] | None = None

    @property
    def root(self) -> SNode:
        """The whole document as a node (made on demand: a Doc holds no node that holds it)."""
        return snode(self, self.schema)

    def same_context(self, other: Doc) -> bool | None:
        """Whether equal JSON in this document and in `other` means the same, whatever the
        subschema: True or False from the documents' refs alone (cached per pair), None when
        they hold other local refs and the subschema's own refs decide."""
        if not self.all_refs and not other.all_refs:  # no refs at all: `_refs_agree(0)`, True
            return True
        cache = self._context
        if cache is None:
            cache = self._context = {}
        if other.serial in cache:  # None is a verdict too
            return cache[other.serial]
        kinds = self.all_refs | other.all_refs  # what the whole documents hold: a superset
        verdict = None if kinds & _OTHER_REFS else _refs_agree(kinds, self, other)
        cache[other.serial] = verdict
        # the verdict is symmetric: the comparison's other direction asks `other` next
        back = other._context
        if back is None:
            back = other._context = {}
        back[self.serial] = verdict
        return verdict

    def defs_kinds(self, other: Doc) -> int:
        """_OTHER_REFS when this document's $defs/definitions differ from `other`'s, else the
        refs they hold (cached per pair)."""
        cache = self._defs_with
        if cache is None:
            cache = self._defs_with = {}
        found = cache.get(other.serial)
        if found is not None:
            return found
        da, db = self.schema, other.schema
        same = (
            isinstance(da, dict)
            and isinstance(db, dict)
            and da.get("$defs") == db.get("$defs")
            and da.get("definitions") == db.get("definitions")
        )
        if same and (self.values_have_booleans() or other.values_have_booleans()):
            same = json_equal(da.get("$defs"), db.get("$defs")) and json_equal(
                da.get("definitions"), db.get("definitions")
            )
        kinds = self.defs_refs if same else _OTHER_REFS
        cache[other.serial] = kinds
        # equal $defs/definitions are equal both ways (and hold the same refs): `other` asks next
        back = other._defs_with
        if back is None:
            back = other._defs_with = {}
        back[self.serial] = other.defs_refs if same else _OTHER_REFS
        return kinds

    def values_have_booleans(self) -> bool:
        """Whether a boolean may appear in a `const`, `enum` or exclusive bound (from `scan`)."""
        return self._booleans

    def ref_kinds(self, schema: Any) -> int:
        """`_ref_kinds` of a subschema of this document (cached)."""
        cache = self._local
        if cache is None:
            cache = self._local = {}
        found = cache.get(id(schema))
        if found is not None and found[0] is schema:
            return found[1]
        result = _ref_kinds(schema)
        cache[id(schema)] = (schema, result)
        return result

    def enum_keys(self, values: list[Any]) -> frozenset[str]:
        """The `jkey`s of an enum list, computed once per list (huge enums stay linear)."""
        cache = self._enums
        if cache is None:
            cache = self._enums = {}
        found = cache.get(id(values))
        if found is None or found[0] is not values:
            found = (values, frozenset(jkey(v) for v in values))
            cache[id(values)] = found
        return found[1]

    def resolve(self, ref: Any, at: SNode | str) -> SNode:
        where: Any = at if isinstance(at, str) else _Where(at)
        if not isinstance(ref, str):
            raise CompatibilityError(f"{self.label}: $ref at {where or '/'} is not a string")
        own_id = self.schema.get("$id") if isinstance(self.schema, dict) else None
        if own_id and ref.split("#", 1)[0] == own_id:
            ref = "#" + ref.split("#", 1)[1] if "#" in ref else "#"
        if _SCHEME.match(ref):
            raise CompatibilityError(
                f"{self.label}: $ref {ref!r} at {where or '/'} is remote; eventkit never fetches "
                "schemas over the network",
                hint="copy the definition into the registry's _shared/ folder and refer to it by relative path",
            )
        target, _, fragment = ref.partition("#")
        doc: Doc = self
        if target:
            doc = self._load(target, where)
        if fragment and not fragment.startswith("/"):
            pointer = doc._anchor(fragment, ref, where)
        elif "%" in fragment:
            from urllib.parse import unquote

            pointer = unquote(fragment)
        else:  # what unquote returns for text without a percent sign
            pointer = fragment
        return snode(doc, doc._at(pointer, ref, where), pointer)

    def _load(self, target: str, where: Any) -> Doc:
        if self.base_dir is None:
            raise CompatibilityError(
                f"{self.label}: $ref {target!r} at {where or '/'} points to another file, and this "
                "schema has no file location to resolve it from",
                hint="check registry schemas with `eventkit check`, which resolves shared files",
            )
        from pathlib import Path

        path = os.path.normpath(Path(self.base_dir) / target)
        # read as written (each keyword in the dialect that has it) unless it declares a
        # dialect, or this document's dialect lacks a keyword of it (the common case: neither)
        found = self._cache.get(path)
        if self.draft is None or (
            found is not None and (_declares_dialect(found.schema) or self._reads_alike(found))
        ):
            if found is None:
                found = self._cache[path] = self._read(path, target, where)
            return found
        # no `$schema` of its own: read in this document's dialect, once per dialect
        key = f"{path}#draft-{self.draft}"
        inherits = self._cache.get(key)
        if inherits is None:
            if found is None:
                found = self._cache[path] = self._read(path, target, where)
                if _declares_dialect(found.schema) or self._reads_alike(found):
                    # its own dialect, or read alike in this one: the same for every reader
                    return found
            inherits = Doc(
                found.schema,  # as read (no `$schema`: 2020-12 left it untouched)
                label=found.label,  # a registry's shared file keeps its relpath
                base_dir=found.base_dir,
                cache=self._cache,
                is_root=False,
                inherited=self.draft,
            )
            self._cache[key] = inherits
        return inherits

    def _reads_alike(self, found: Doc) -> bool:
        """Whether `found` (a file without `$schema`, read with every keyword) means in this
        document's dialect what it means as read: in 2020-12, when it holds no keyword 2020-12
        lacks and refers to no other file (which might)."""
        return (
            self.draft == DIALECT_2020_12 and not found.earlier and not found.all_refs & FILE_REFS
        )

    def _read(self, path: str, target: str, where: Any) -> Doc:
        from pathlib import Path

        assert self.base_dir is not None  # `_load` checked it
        schema = _read_referenced(Path(path), Path(self.base_dir), self.label, target, where)
        return Doc(schema, label=path, base_dir=Path(path).parent, cache=self._cache, is_root=False)

    def _anchor(self, name: str, ref: str, where: Any) -> str:
        if self._anchors is None:
            self._anchors = {}
            _collect_anchors(self.schema, "", self._anchors)
        if name not in self._anchors:
            raise CompatibilityError(
                f"{self.label}: $ref {ref!r} at {where or '/'}: no such anchor"
            )
        return self._anchors[name]

    def _at(self, pointer: str, ref: str, where: Any) -> Any:
        try:
            value = resolve_pointer(self.schema, pointer)
        except (LookupError, ValueError):
            value = self._in_source(pointer)
            if value is None:
                raise CompatibilityError(
                    f"{self.label}: $ref {ref!r} at {where or '/'} points nowhere"
                ) from None
        if not isinstance(value, (dict, bool)):
            raise CompatibilityError(
                f"{self.label}: $ref {ref!r} at {where or '/'} is not a schema"
            )
        return value

    def _in_source(self, pointer: str) -> Any:
        """The value at `pointer` in the document as written, when the dialect's reading
        dropped the keyword holding it (JSON Schema resolves a pointer anywhere: `$ref` to
        `#/dependencies/a` in 2020-12), read in that dialect and checked as a schema, once
        per pointer; None when the document as written has nothing there either."""
        if self._source is None:
            return None
        dropped = self._dropped
        if dropped is None:
            dropped = self._dropped = {}
        if pointer not in dropped:
            try:
                value = resolve_pointer(self._source, pointer)
            except (LookupError, ValueError):
                value = None
            if isinstance(value, dict):
                value = without_earlier(as_dialect(value, self.draft), self.draft)
                scan(value, self.label)
            dropped[pointer] = value
        return dropped[pointer]


def _declares_dialect(schema: Any) -> bool:
    return schema.__class__ is dict and "$schema" in schema


class _Where:
    """A node's pointer, computed only if an error message needs it."""

    __slots__ = ("node",)

    def __init__(self, node: SNode) -> None:
        self.node = node

    def __str__(self) -> str:
        return self.node.ptr or "/"


_DEFS_REFS, _FILE_REFS, _OTHER_REFS = DEFS_REFS, FILE_REFS, OTHER_REFS


def _ref_kinds(schema: Any) -> int:
    """Which $refs a subschema holds: a mask of _DEFS_REFS (into $defs/definitions),
    _FILE_REFS (to other files) and _OTHER_REFS (any other local pointer or anchor).
    Conservative: a `$ref` key anywhere counts, data included (the scan classified whole
    documents, at schema positions only)."""
    kinds = 0
    stack = [schema]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            ref = node.get("$ref")
            if ref is not None:
                if not isinstance(ref, str):
                    return _OTHER_REFS
                kinds |= ref_kind(ref)
                if kinds & _OTHER_REFS:
                    return _OTHER_REFS
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    return kinds


def same_meaning(a: SNode, b: SNode) -> bool:
    """Cheap proof that two subschemas accept the same instances: equal JSON whose refs point
    into equal $defs/definitions (which refer only there or to files), with file refs resolved
    from the same folder through the same cache."""
    return same_schema_meaning(a.doc, a.schema, b.doc, b.schema)


def same_schema_meaning(doc_a: Doc, a: Any, doc_b: Doc, b: Any) -> bool:
    """`same_meaning` of subschema `a` of `doc_a` and `b` of `doc_b` (no nodes needed)."""
    if a is not b:
        if a != b:
            return False
        # Python's `==` has `True == 1`: where a document compares values that may be either
        # (`const`, `enum`, draft-04 `exclusiveMaximum`), equal means equal as JSON
        if (doc_a.values_have_booleans() or doc_b.values_have_booleans()) and not json_equal(a, b):
            return False
    if doc_a is doc_b:
        return True
    verdict = doc_a.same_context(doc_b)
    if verdict is None:
        return _refs_agree(doc_a.ref_kinds(a), doc_a, doc_b)
    return verdict


def json_equal(a: Any, b: Any) -> bool:
    """For `a == b` already true: whether they are equal as JSON too (a boolean equals only the
    same boolean: `True == 1` does not hold, `1 == 1.0` does). Iterative: a value nested as
    deep as JSON allows never overflows the stack."""
    pairs = [(a, b)]
    while pairs:
        x, y = pairs.pop()
        if x.__class__ is bool or y.__class__ is bool:
            if x is not y:
                return False
        elif x.__class__ is dict:  # equal dicts: the same keys
            pairs.extend((value, y[key]) for key, value in x.items())
        elif x.__class__ is list:  # equal lists: the same length
            pairs.extend(zip(x, y, strict=True))
    return True


def _refs_agree(kinds: int, a: Doc, b: Doc) -> bool:
    """Whether refs of `kinds` mean the same in documents `a` and `b`."""
    if kinds & _DEFS_REFS:
        kinds |= a.defs_kinds(b)
    if kinds & _OTHER_REFS:
        return False
    if kinds & _FILE_REFS:  # an event's versions share one base_dir object
        return (
            (a.base_dir is b.base_dir or a.base_dir == b.base_dir)
            and a._cache is b._cache
            and a.draft == b.draft  # a shared file without `$schema` is read in each's dialect
        )
    return True


def _collect_anchors(schema: Any, ptr: str, out: dict[str, str]) -> None:
    if isinstance(schema, dict):
        if isinstance(schema.get("$anchor"), str):
            out[schema["$anchor"]] = ptr
        for key, value in schema.items():
            if key in SCHEMA_MAPS and isinstance(value, dict):
                for name, sub in value.items():
                    _collect_anchors(sub, join(ptr, key, name), out)
            elif key in SCHEMA_LISTS and isinstance(value, list):
                for i, sub in enumerate(value):
                    _collect_anchors(sub, join(ptr, key, i), out)
            elif key in SCHEMA_ONE or key == "items":
                _collect_anchors(value, join(ptr, key), out)
