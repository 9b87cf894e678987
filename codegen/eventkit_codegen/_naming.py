"""Safe names: every identifier in generated code is computed here, never copied from a schema.

A schema can hold any property name. Python identifiers are NFKC-normalised by the parser (so
``"ﬁle"`` and ``"file"`` would be the same attribute), may shadow keywords, builtins or pydantic
attributes, and may be long enough to be unreadable. The normaliser maps a name to a short,
ASCII, snake_case identifier that shadows nothing; the original name becomes the field's alias.
"""

from __future__ import annotations

import hashlib
import keyword
import re
import unicodedata
from collections.abc import Iterable

__all__ = [
    "MAX_IDENTIFIER",
    "MODEL_ATTRIBUTES",
    "class_identifier",
    "event_class_identifier",
    "field_alias_map",
    "field_identifier",
    "module_identifier",
    "safe_comment",
    "unique_name",
]

MAX_IDENTIFIER = 64

# Names a field must not take: keywords, the builtins and imported names an annotation may use
# (pydantic resolves annotations in the class namespace, where a field would shadow them), and
# the public attributes of pydantic's BaseModel and of eventkit's Event / ForeignEvent (the
# normaliser never yields a leading "_" or "model_", so only these can clash). Spelled out so
# that a no-op run imports no pydantic; tests/codegen/test_naming.py keeps the list complete.
MODEL_ATTRIBUTES: frozenset[str] = frozenset(
    {
        *("construct", "copy", "dict", "from_orm", "json", "parse_file", "parse_obj"),
        *("parse_raw", "schema", "schema_json", "update_forward_refs", "validate"),
        *("publish", "subscribe"),  # eventkit's helpers
    }
)
_RESERVED: frozenset[str] = frozenset(
    {
        *keyword.kwlist,
        *keyword.softkwlist,
        *("bool", "bytes", "dict", "float", "frozenset", "int", "list", "object", "set", "str"),
        *("tuple", "type", "none", "true", "false"),
        *MODEL_ATTRIBUTES,
        "annotated",
        "any",
        "aware_datetime",
        "class_var",
        "date",
        "datetime",
        "decimal",
        "enum",
        "field",
        "literal",
        "root",
        "self",
        "time",
        "timedelta",
        "uuid",
    }
)
_CAMEL_1 = re.compile(r"([a-z0-9])([A-Z])")
_CAMEL_2 = re.compile(r"([A-Z]+)([A-Z][a-z])")
_NON_WORD = re.compile(r"[^a-z0-9]+")
_NON_ALNUM = re.compile(r"[^A-Za-z0-9]+")
_SAFE_COMMENT = re.compile(r"[^\x20-\x7e]")


def _ascii_fold(name: str) -> str:
    """Compatibility-decompose, drop combining marks, keep ASCII (``"Café"`` -> ``"Cafe"``)."""
    decomposed = unicodedata.normalize("NFKD", name)
    return "".join(c for c in decomposed if c.isascii() and not unicodedata.combining(c))


def _digest8(name: str) -> str:
    return hashlib.sha256(name.encode("utf-8", "surrogatepass")).hexdigest()[:8]


def _shorten(ident: str, original: str) -> str:
    if len(ident) <= MAX_IDENTIFIER:
        return ident
    return f"{ident[: MAX_IDENTIFIER - 9].rstrip('_')}_{_digest8(original)}"


def field_identifier(name: str) -> str:
    """The Python attribute for a schema property name (not yet made unique)."""
    text = _ascii_fold(name)
    text = _CAMEL_2.sub(r"\1_\2", _CAMEL_1.sub(r"\1_\2", text)).lower()
    ident = _NON_WORD.sub("_", text).strip("_")
    if not ident:  # nothing ASCII survives: name it by its digest
        ident = f"f_{_digest8(name)}" if name else "empty"
    if ident[0].isdigit():
        ident = f"f_{ident}"
    if ident.startswith("model_"):  # pydantic's namespace
        ident = f"f_{ident}"
    ident = _shorten(ident, name)
    if ident in _RESERVED:
        ident = f"{ident}_"
    return ident


# Module names that would rebind a name of the module importing them: event and shared modules
# import a shared module by its name (`from ..shared import money`), and one named
# `annotations` rebinds what `from __future__ import annotations` binds (mypy: incompatible
# import; the annotations then resolve through the module).
_RESERVED_MODULES = frozenset({"annotations"})


def module_identifier(name: str) -> str:
    """A module name for a service, event folder or shared file or definition
    (``"OrderPlaced"`` -> ``"order_placed"``)."""
    ident = field_identifier(name)
    return f"{ident}_" if ident in _RESERVED_MODULES else ident


def _pascal(name: str) -> str:
    words = [w for w in _NON_ALNUM.split(_ascii_fold(name)) if w]
    ident = "".join(w[0].upper() + w[1:] for w in words) or "Model"
    if ident[0].isdigit():
        ident = f"M{ident}"
    if len(ident) > MAX_IDENTIFIER:
        ident = f"{ident[: MAX_IDENTIFIER - 9]}X{_digest8(name)}"
    return ident


def class_identifier(name: str) -> str:
    """A PascalCase class name for an event or definition name (``"order-placed"`` -> ``"OrderPlaced"``)."""
    ident = _pascal(name)
    if keyword.iskeyword(ident) or ident in _RESERVED:
        ident = f"{ident}_"
    return ident


def event_class_identifier(name: str, major: int) -> str:
    """The class of an event folder's major: ``<Name>V<major>`` (``"None"`` -> ``"NoneV1"``).

    The ``V<major>`` suffix already keeps a keyword or constant (`None`, `True`) from being
    the whole name, so no ``_`` is added (the generator would drop it again).
    """
    return f"{_pascal(name)}V{major}"


def field_alias_map(names: Iterable[str]) -> dict[str, str]:
    """Original property name -> identifier, for every name whose identifier differs.

    Injective over all the names given (the whole registry, so that the result does not depend
    on which events one run regenerates): a name that already is its own identifier keeps it;
    then a keyword or builtin takes its ``name_``; the others take theirs in sorted order, with
    ``_2``, ``_3`` ... on a clash.
    """
    identifiers = {name: field_identifier(name) for name in set(names)}
    # Fixed points first, then names that only needed a "_" (keywords, builtins), then the rest.
    ordered = sorted(identifiers, key=lambda n: (identifiers[n] != f"{n}_", n))
    taken = {name for name, ident in identifiers.items() if ident == name}
    return {
        name: unique_name(identifiers[name], taken, separator="_")
        for name in ordered
        if identifiers[name] != name
    }


def unique_name(base: str, taken: set[str], *, separator: str) -> str:
    """`base`, or `base` + separator + 2, 3 ... if taken; the result is added to `taken`."""
    candidate, counter = base, 2
    while candidate in taken:
        candidate = f"{base}{separator}{counter}"
        counter += 1
    taken.add(candidate)
    return candidate


def safe_comment(text: str) -> str:
    """`text` made safe for a one-line comment: printable ASCII, the rest as \\u escapes."""
    return _SAFE_COMMENT.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
