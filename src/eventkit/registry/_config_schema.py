"""The keys each settings file may hold, and checking a parsed file against them.

One table-driven description (`EVENTKIT_TOML`, `SERVICE_TOML`, `EVENT_TOML`) is the single
source of truth: the loader checks every file against it, and a test checks that
docs/registry.md documents exactly these keys. A typo (`[codgen]`, `ownr = ...`) or a wrong
type (`out = 5`) is reported with the file's line and a "did you mean" suggestion, never
silently ignored (an ignored `[codegen] out` typo would make codegen write elsewhere).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from eventkit.modes import COMPATIBILITY_MODES, FORMAT_MODES, POLICIES

__all__ = [
    "ENVELOPES",
    "EVENTKIT_TOML",
    "EVENT_TOML",
    "SERVICE_TOML",
    "Key",
    "KeyProblem",
    "check_keys",
    "type_name",
]

ENVELOPES = ("native", "foreign")


@dataclass(frozen=True)
class Key:
    """One allowed key: its TOML type, the values allowed, and for a table its own keys.

    `kind` is "string", "table", "array of tables" (each entry checked against `keys`) or
    "array of strings".
    """

    kind: str = "string"
    choices: tuple[str, ...] | None = None
    keys: Mapping[str, Key] = field(default_factory=dict)


def _table(**keys: Key) -> Key:
    return Key("table", keys=keys)


_STRING = Key()

EVENTKIT_TOML: Mapping[str, Key] = {
    "registry": _table(name=_STRING, event_bus=_STRING, source_prefix=_STRING, description=_STRING),
    "compatibility": _table(
        mode=Key(choices=COMPATIBILITY_MODES),
        policy=Key(choices=POLICIES),
        format=Key(choices=FORMAT_MODES),
    ),
    # Each command's own table; the command checks the values (rule IDs, sync types).
    "check": _table(
        suppressions=Key(
            "array of tables",
            keys={"event": _STRING, "rule": _STRING, "version": _STRING, "reason": _STRING},
        )
    ),
    "codegen": _table(out=_STRING, package=_STRING),
    "sync": _table(type=_STRING, owner=_STRING),
}
SERVICE_TOML: Mapping[str, Key] = {
    "source": _STRING,
    "owner": _STRING,
    "description": _STRING,
    "compatibility": Key(choices=COMPATIBILITY_MODES),
    "policy": Key(choices=POLICIES),
    "envelope": Key(choices=ENVELOPES),
    # What the service's consumers read: "service/EventName@major" (checked by eventkit lint).
    "consumes": Key("array of strings"),
}
_SERVICE_ONLY = ("consumes",)
EVENT_TOML: Mapping[str, Key] = {
    **{name: key for name, key in SERVICE_TOML.items() if name not in _SERVICE_ONLY},
    "detail_type": _STRING,
    "deprecated": _table(since=_STRING, reason=_STRING, replacement=_STRING),
}


@dataclass(frozen=True)
class KeyProblem:
    """One key that does not fit the schema.

    Attributes:
        path: the key's path in the parsed file (an array entry's index included).
        message: what is wrong, naming the dotted key.
        hint: what to do.
        suggestion: the dotted key or value meant, when one is close enough.
    """

    path: tuple[str | int, ...]
    message: str
    hint: str
    suggestion: str | None = None

    @property
    def dotted(self) -> str:
        return _dotted(self.path)

    @property
    def pointer(self) -> str:
        """The JSON pointer of the key in the parsed file."""
        return "".join(f"/{str(p).replace('~', '~0').replace('/', '~1')}" for p in self.path)


def _dotted(path: tuple[str | int, ...]) -> str:
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text


def type_name(value: Any) -> str:
    """The TOML type of a parsed value, with its article ("an integer", "a table")."""
    if isinstance(value, bool):  # before int: bool is an int in Python
        return "a boolean"
    if isinstance(value, dt.datetime):
        return "a date-time"
    names: tuple[tuple[type, str], ...] = (
        (str, "a string"),
        (int, "an integer"),
        (float, "a float"),
        (dt.date, "a date"),
        (dt.time, "a time"),
        (dict, "a table"),
    )
    for kind, name in names:
        if isinstance(value, kind):
            return name
    if isinstance(value, list):
        return "an array of tables" if value and all(type(v) is dict for v in value) else "an array"
    return type(value).__name__


def _fits(key: Key, value: Any) -> bool:
    if key.kind == "table":
        return isinstance(value, dict)
    if key.kind == "array of tables":
        return isinstance(value, list) and all(isinstance(v, dict) for v in value)
    if key.kind == "array of strings":
        return isinstance(value, list) and all(isinstance(v, str) for v in value)
    return isinstance(value, str)


def _first_misfit(key: Key, value: Any) -> tuple[int, Any] | None:
    """The first entry of the wrong kind in an array the key wants, if it is an array."""
    if not isinstance(value, list) or not key.kind.startswith("array of "):
        return None
    wanted = str if key.kind == "array of strings" else dict
    for index, entry in enumerate(value):
        if not isinstance(entry, wanted):
            return index, entry
    return None


def check_keys(data: Mapping[str, Any], schema: Mapping[str, Key]) -> list[KeyProblem]:
    """Every unknown key, wrong type and value not allowed in `data`, in file order."""
    return list(_check(data, schema, (), schema))


def _check(
    data: Mapping[str, Any],
    schema: Mapping[str, Key],
    where: tuple[str | int, ...],
    root: Mapping[str, Key],
) -> Iterator[KeyProblem]:
    for name, value in data.items():
        path = (*where, name)
        key = schema.get(name)
        if key is None:
            yield _unknown(path, value, schema, root)
            continue
        dotted = _dotted(path)
        misfit = _first_misfit(key, value)
        if misfit is not None:
            # an array of the right kind with one wrong entry: name the entry, not the array
            index, entry = misfit
            wanted = "a string" if key.kind == "array of strings" else "a table"
            yield KeyProblem(
                (*path, index),
                f"{dotted}[{index}] must be {wanted}, not {type_name(entry)} ({entry!r:.40})",
                "quote it" if key.kind == "array of strings" else _type_hint(dotted, key),
            )
        elif not _fits(key, value):
            expected = f"an {key.kind}" if key.kind.startswith("array") else f"a {key.kind}"
            yield KeyProblem(
                path,
                f"{dotted} must be {expected}, not {type_name(value)}",
                _type_hint(dotted, key),
            )
        elif key.kind == "table":
            yield from _check(value, key.keys, path, root)
        elif key.kind == "array of tables":
            for index, entry in enumerate(value):
                yield from _check(entry, key.keys, (*path, index), root)
        elif key.choices is not None and value not in key.choices:
            import difflib  # here: only a misspelt value needs a suggestion

            close = difflib.get_close_matches(value, key.choices, n=1)
            allowed = f"use one of {', '.join(key.choices)}"
            yield KeyProblem(
                path,
                f"{dotted} = {value!r} is not allowed",
                f"did you mean {close[0]}? ({allowed})" if close else allowed,
                close[0] if close else None,
            )


def _type_hint(dotted: str, key: Key) -> str:
    if key.kind == "table":
        return f"write it as a table: [{dotted}] with its keys on the lines below"
    if key.kind == "array of tables":
        return f"write each entry as a table: [[{dotted}]]"
    if key.kind == "array of strings":
        return f'write it as an array of strings: {dotted.rsplit(".", 1)[-1]} = ["...", "..."]'
    return f'quote the value: {dotted.rsplit(".", 1)[-1]} = "..."'


def _unknown(
    path: tuple[str | int, ...], value: Any, schema: Mapping[str, Key], root: Mapping[str, Key]
) -> KeyProblem:
    name = str(path[-1])
    dotted = _dotted(path)
    parent = _dotted(path[:-1])
    is_table = len(path) == 1 and isinstance(value, dict)
    what = f"unknown table [{dotted}]" if is_table else f"unknown key {dotted}"
    import difflib  # here: only a misspelt key needs a suggestion

    close = difflib.get_close_matches(name, list(schema), n=1)
    if close:
        meant = _dotted((*path[:-1], close[0]))
        shown = f"[{meant}]" if is_table and schema[close[0]].kind == "table" else meant
        return KeyProblem(path, what, f"did you mean {shown}?", meant)
    elsewhere = sorted(_where_known(name, root))
    if elsewhere and elsewhere != [dotted]:
        meant = elsewhere[0]
        return KeyProblem(path, what, f"did you mean {meant}? (it belongs there)", meant)
    if not schema:
        return KeyProblem(path, what, f"[{parent}] takes no keys: remove it")
    known = ", ".join(
        f"[{k}]" if v.kind == "table" and not parent else k for k, v in schema.items()
    )
    where = f"in [{parent}]" if parent else "here"
    return KeyProblem(path, what, f"remove or rename it (known {where}: {known})")


def _where_known(
    name: str, schema: Mapping[str, Key], where: tuple[str | int, ...] = ()
) -> Iterator[str]:
    """Every dotted path in `schema` whose last key is `name` (a key put in the wrong table)."""
    for key, spec in schema.items():
        path = (*where, key)
        if key == name:
            yield _dotted(path)
        if spec.keys:
            yield from _where_known(name, spec.keys, path)
