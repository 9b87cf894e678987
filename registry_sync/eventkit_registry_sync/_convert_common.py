"""What the parts of the registry converter share (see convert.py): the two formats, canonical
JSON, identifiers, JSON pointers, and the context a conversion runs in, which makes its
`SchemaConversionError`s (file, pointer, keyword, format) and rewrites `$ref`s."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, unquote

from eventkit.errors import SchemaConversionError

__all__ = [
    "DRAFT4",
    "OPENAPI3",
    "TYPES",
    "WRONG_SHAPE",
    "Ctx",
    "canonical",
    "identifier",
    "is_number",
    "pointer_tokens",
    "strings",
]

DRAFT4 = "JSONSchemaDraft4"
OPENAPI3 = "OpenApi3"
TYPES = (OPENAPI3, DRAFT4)


def canonical(value: Any) -> str:
    """Canonical JSON text (sorted keys, compact): equal text means equal content."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def identifier(text: str) -> str:
    """A CamelCase identifier from free text (`"EC2 Instance State-change"` -> `EC2InstanceStateChange`)."""
    parts = [p for p in re.split(r"[^A-Za-z0-9]+", text) if p]
    name = "".join(p[:1].upper() + p[1:] for p in parts) or "Schema"
    return name if name[0].isalpha() else f"S{name}"


def pointer_tokens(fragment: str) -> list[str]:
    """`/a~1b/c%20d` -> `["a/b", "c d"]` (URI fragment of a `$ref`)."""
    fragment = unquote(fragment)
    if not fragment:
        return []
    return [t.replace("~1", "/").replace("~0", "~") for t in fragment.lstrip("/").split("/")]


def _pointer(tokens: list[str]) -> str:
    return "".join("/" + quote(t.replace("~", "~0").replace("/", "~1"), safe="") for t in tokens)


@dataclass
class Ctx:
    """One conversion: its target format, file, where definitions go and their new names."""

    target: str
    where: str  # file, for error messages
    container: tuple[str, ...]  # ("definitions",) or ("components", "schemas")
    data_name: str
    defs: dict[tuple[str, ...], str]  # pointer tokens of a hoisted definition -> new name

    def fail(self, pointer: list[str], keyword: str, why: str) -> SchemaConversionError:
        at = _pointer(pointer) or "/"
        return SchemaConversionError(
            f"{self.where}: {at}: `{keyword}` {why}; cannot convert to {self.target}",
            hint=(
                "sync with --type JSONSchemaDraft4, or express it with Draft 4 keywords"
                if self.target == OPENAPI3
                else "express it with Draft 4 keywords (see docs/sync.md, Conversion)"
            ),
            path=self.where,
            pointer=at,
            keyword=keyword,
            target=self.target,
        )

    def ref(self, ref: str, pointer: list[str]) -> str:
        if not ref.startswith("#"):
            raise self.fail(pointer, "$ref", f"points outside the document ({ref!r})")
        tokens = pointer_tokens(ref[1:])
        name, start = self.data_name, 0
        for n in range(len(tokens), 0, -1):  # the longest prefix that was hoisted
            hoisted = self.defs.get(tuple(tokens[:n]))
            if hoisted is not None:
                name, start = hoisted, n
                break
        rest = ["items" if t == "prefixItems" else t for t in tokens[start:]]
        return "#" + _pointer([*self.container, name, *rest])


# A folder sync runs on need not have passed lint: a keyword whose value has the wrong JSON
# type (`"allOf": {}`, `"dependentRequired": {"a": 1}`, `"minimum": "0"`) is refused naming
# it, never converted into garbage or a traceback. Each keyword the conversion computes with
# checks its value's type where it reads it: no exception is caught broadly, so a bug of the
# converter's own is a traceback, never blamed on the user's schema.
WRONG_SHAPE = "has a value of the wrong JSON type for that keyword (eventkit lint names it)"


def is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def strings(value: Any) -> bool:
    """A list of strings (`required`, a property dependency)."""
    return isinstance(value, list) and all(isinstance(item, str) for item in value)
