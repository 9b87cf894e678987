"""Reading one schema file: size, encoding, strict JSON, an object, its dialect, no `$id`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from eventkit.json_pointer import pointer_lines
from eventkit.registry._config import BOM, BOM_HINT, BOM_MESSAGE, UNREADABLE_HINT
from eventkit.registry._files import FileRefusal, read_regular_file
from eventkit.registry._json import JsonSyntaxError, parse_json
from eventkit.registry._model import Problem
from eventkit.registry._refs import SHARED_DIR
from eventkit.registry._walk import pointer_of, schema_nodes

__all__ = [
    "DIALECT_2020_12",
    "DIALECT_DRAFT_04",
    "MAX_SCHEMA_BYTES",
    "DocumentReader",
    "dialect_of",
]

MAX_SCHEMA_BYTES = 1024 * 1024  # 1 MiB: ten times the Schema Registry's 100,000-char content cap
DIALECT_2020_12 = "https://json-schema.org/draft/2020-12/schema"
DIALECT_DRAFT_04 = "http://json-schema.org/draft-04/schema#"
_DIALECTS = {
    DIALECT_2020_12: DIALECT_2020_12,
    DIALECT_2020_12 + "#": DIALECT_2020_12,
    DIALECT_DRAFT_04: DIALECT_DRAFT_04,
    DIALECT_DRAFT_04.rstrip("#"): DIALECT_DRAFT_04,
}


def dialect_of(schema: dict[str, Any]) -> str | None:
    """The dialect `schema` declares (normalised), 2020-12 if none, None if unknown."""
    declared = schema.get("$schema", DIALECT_2020_12)
    return _DIALECTS.get(declared) if isinstance(declared, str) else None


def _json_kind(value: Any) -> str:
    if value is None:
        return "null"
    kinds = {bool: "a boolean", list: "an array", dict: "an object", str: "a string"}
    return kinds.get(type(value), "a number")


class DocumentReader:
    """Reads schema files, collecting problems; `unusable` holds the files it had to drop."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        self.unusable: set[str] = set()  # relpaths of files that exist but could not be loaded

    def add(
        self, code: str, message: str, path: str, hint: str | None = None, **where: Any
    ) -> None:
        self.problems.append(Problem(code, message, path, hint=hint, **where))

    def read(
        self, path: Path, relpath: str, dialects: tuple[str, ...]
    ) -> tuple[dict[str, Any], str, list[dict[str, Any]]] | None:
        """Read, parse and check one schema file: ``(schema, text, subschemas)``, or None."""
        parsed = self._parse(path, relpath)
        if parsed is None:
            self.unusable.add(relpath)
            return None
        schema, text = parsed
        self._check_dialect(schema, relpath, dialects)
        nodes = schema_nodes(schema)
        draft_04 = dialect_of(schema) == DIALECT_DRAFT_04
        unsupported = [
            node
            for node in nodes
            if "$id" in node
            or "$dynamicRef" in node
            or "$recursiveRef" in node
            or (draft_04 and isinstance(node.get("id"), str))
        ]
        if unsupported:
            lines = pointer_lines(text)  # once per file, not per node
            for node in unsupported:
                self._unsupported_ids(schema, lines, relpath, node, draft_04)
        return schema, text, nodes

    def _unsupported_ids(
        self,
        schema: dict[str, Any],
        lines: dict[str, int],
        relpath: str,
        node: dict[str, Any],
        draft_04: bool,
    ) -> None:
        pointer = pointer_of(schema, node) or ""
        for word in ("$id", "id") if draft_04 else ("$id",):
            if word in node and (word == "$id" or isinstance(node[word], str)):
                self.add(
                    "id-not-supported",
                    f"{word} is not supported: a registry file is identified by its path",
                    relpath,
                    hint=f"remove {word}; refer to shared files by relative path",
                    pointer=f"{pointer}/{word}",
                    line=lines.get(f"{pointer}/{word}"),
                )
        for word in ("$dynamicRef", "$recursiveRef"):
            if word in node:
                self.add(
                    "ref-unsupported",
                    f"{word} is not supported by eventkit",
                    relpath,
                    hint='use "$ref" with a JSON pointer',
                    pointer=f"{pointer}/{word}",
                    line=lines.get(f"{pointer}/{word}"),
                )

    def _parse(self, path: Path, relpath: str) -> tuple[dict[str, Any], str] | None:
        try:
            data = read_regular_file(path, MAX_SCHEMA_BYTES)
            if len(data) > MAX_SCHEMA_BYTES:
                self.add(
                    "file-too-large",
                    f"file is {path.stat().st_size:,} bytes; the limit is {MAX_SCHEMA_BYTES:,} (1 MiB)",
                    relpath,
                    hint="split it: move definitions to _shared/ files",
                )
                return None
            text = data.decode("utf-8")
        except FileRefusal as refusal:
            self.add(refusal.code, refusal.message, relpath, hint=refusal.hint)
            return None
        except OSError as error:
            self.add(
                "file-unreadable",
                f"cannot read file: {error.strerror or error}",
                relpath,
                hint=UNREADABLE_HINT,
            )
            return None
        except UnicodeDecodeError as error:
            self.add(
                "invalid-json", f"not UTF-8 text: {error.reason}", relpath, hint="save it as UTF-8"
            )
            return None
        try:
            value = parse_json(text)
        except JsonSyntaxError as error:
            if error.pointer is not None:  # a value JSON cannot carry: located by pointer
                self.add(
                    "invalid-json",
                    error.message,
                    relpath,
                    pointer=error.pointer,
                    line=error.line,
                    hint="write a finite number within range, or a string without lone surrogates",
                )
                return None
            if text.startswith(BOM):  # invisible in an editor: say what it is
                self.add(
                    "invalid-json",
                    f"not valid JSON: {BOM_MESSAGE}",
                    relpath,
                    line=1,
                    column=1,
                    hint=BOM_HINT,
                )
                return None
            self.add(
                "invalid-json",
                f"not valid JSON: {error.message}",
                relpath,
                line=error.line,
                column=error.column,
                hint=(
                    "fix the JSON syntax at that line and column"
                    if error.line is not None
                    # no place to point at: the whole document is too deep for a schema
                    else "nest arrays and objects less deeply (a schema needs far fewer levels)"
                ),
            )
            return None
        if not isinstance(value, dict):
            self.add(
                "schema-not-object",
                f"the file holds {_json_kind(value)}, not a JSON Schema object",
                relpath,
                line=1,
                hint='a schema file must be a JSON object: {"$schema": ..., "type": "object", ...}',
            )
            return None
        return value, text

    def _check_dialect(
        self, schema: dict[str, Any], relpath: str, dialects: tuple[str, ...]
    ) -> None:
        declared = schema.get("$schema")
        if declared is None:
            if DIALECT_2020_12 in dialects and relpath.startswith(SHARED_DIR + "/"):
                return  # shared files inherit the dialect of the file that refers to them
            self.add(
                "dialect-missing",
                "no $schema: the file must declare its JSON Schema dialect",
                relpath,
                line=1,
                hint=f'add "$schema": "{DIALECT_2020_12}"',
            )
        elif not isinstance(declared, str):
            self.add(
                "dialect-unknown",
                f"$schema must be a string (a dialect URI), not {_json_kind(declared)}",
                relpath,
                pointer="/$schema",
                hint=f'use "$schema": "{DIALECT_2020_12}"',
            )
        elif _DIALECTS.get(declared) not in dialects:
            allowed = " or ".join(dialects)
            self.add(
                "dialect-unknown",
                f"$schema {declared!r} is not a dialect eventkit accepts here ({allowed})",
                relpath,
                pointer="/$schema",
                hint=f'use "$schema": "{DIALECT_2020_12}"'
                + (
                    " (draft-04 is only for foreign events)"
                    if DIALECT_DRAFT_04 not in dialects
                    else ""
                ),
            )
