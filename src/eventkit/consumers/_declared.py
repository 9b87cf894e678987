"""Parsing `consumes = ["service/EventName@major", ...]` and checking it against the registry."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from eventkit.registry import SERVICE_FILE, Problem, Registry, Service, read_regular_file

__all__ = ["ConsumerIndex", "Declaration", "declaration_problems", "parse_declaration"]

_DECLARATION = re.compile(r"(?P<key>[^/@\s]+/[^/@\s]+)@(?P<major>0|[1-9][0-9]{0,8})")
_LONG_MAJOR = re.compile(r"(?P<key>[^/@\s]+/[^/@\s]+)@(?P<major>[0-9]{10,})")
_FORMAT_HINT = 'write it as "service/EventName@major", e.g. "orders/OrderPlaced@2"'


@dataclass(frozen=True)
class Declaration:
    """One entry of a service's `consumes`: `consumer` reads major `major` of `event`."""

    consumer: str
    event: str
    major: int
    index: int  # position in the `consumes` array (its JSON pointer is /consumes/<index>)

    @property
    def label(self) -> str:
        return f"{self.event}@{self.major}"


def parse_declaration(text: str) -> tuple[str, int] | None:
    """``("orders/OrderPlaced", 2)`` for ``"orders/OrderPlaced@2"``; None when malformed."""
    match = _DECLARATION.fullmatch(text)
    return (match["key"], int(match["major"])) if match else None


def _declarations(service: Service) -> Iterator[tuple[int, str, tuple[str, int] | None]]:
    for index, text in enumerate(service.consumes):
        yield index, text, parse_declaration(text)


@dataclass(frozen=True)
class ConsumerIndex:
    """Who consumes what: every valid declaration of the registry, by event and major.

    Declarations that do not name an existing event and major are left out (lint reports
    them); `dangling` keeps them for `eventkit check` (a consumed event that was deleted).
    """

    declarations: tuple[Declaration, ...]
    dangling: tuple[Declaration, ...] = ()
    _by_event: dict[str, dict[int, tuple[str, ...]]] = field(default_factory=dict, repr=False)

    @classmethod
    def of(cls, registry: Registry) -> ConsumerIndex:
        valid: list[Declaration] = []
        dangling: list[Declaration] = []
        majors = {event.key: set(event.majors) for event in registry.events}
        seen: set[tuple[str, str, int]] = set()
        for service in registry.services:
            for index, _, parsed in _declarations(service):
                if parsed is None or (service.name, *parsed) in seen:
                    continue
                seen.add((service.name, *parsed))
                item = Declaration(service.name, parsed[0], parsed[1], index)
                known = parsed[1] in majors.get(parsed[0], ())
                (valid if known else dangling).append(item)
        by_event: dict[str, dict[int, list[str]]] = {}
        for item in valid:
            by_event.setdefault(item.event, {}).setdefault(item.major, []).append(item.consumer)
        frozen = {
            key: {major: tuple(sorted(names)) for major, names in sorted(per.items())}
            for key, per in by_event.items()
        }
        return cls(tuple(valid), tuple(dangling), frozen)

    def consumers(self, event: str, major: int) -> tuple[str, ...]:
        """The services (folder names) that declare they read `major` of `event`, sorted."""
        return self._by_event.get(event, {}).get(major, ())

    def declared(self, event: str, major: int) -> tuple[str, ...]:
        """The services that declare `major` of `event`, whether or not it still exists (a
        deleted major's consumers are in `dangling`), sorted."""
        gone = {d.consumer for d in self.dangling if d.event == event and d.major == major}
        return tuple(sorted(gone.union(self.consumers(event, major))))

    def by_major(self, event: str) -> dict[int, tuple[str, ...]]:
        """Every consumed major of `event` and its consumers (majors ascending)."""
        return dict(self._by_event.get(event, {}))

    def consumed_by(self, service: str) -> tuple[Declaration, ...]:
        """What `service` declares it reads (valid declarations, in file order)."""
        return tuple(d for d in self.declarations if d.consumer == service)


def declaration_problems(registry: Registry) -> list[Problem]:
    """Every malformed, unknown or repeated `consumes` entry, with a did-you-mean."""
    keys = [event.key for event in registry.events]
    majors = {event.key: tuple(event.majors) for event in registry.events}
    problems: list[Problem] = []
    for service in registry.services:
        relpath = f"{service.name}/{SERVICE_FILE}"
        lines = _LineFinder(registry.root / service.name / SERVICE_FILE)
        seen: set[tuple[str, int]] = set()
        for index, text, parsed in _declarations(service):
            found = _entry_problem(text, parsed, majors, keys, seen)
            if parsed is not None:
                seen.add(parsed)
            if found is None:
                continue
            code, message, hint, suggestion = found
            problems.append(
                Problem(
                    code,
                    message,
                    relpath,
                    pointer=f"/consumes/{index}",
                    line=lines.line_of(text),
                    hint=hint,
                    suggestion=suggestion,
                )
            )
    return problems


def _entry_problem(
    text: str,
    parsed: tuple[str, int] | None,
    majors: dict[str, tuple[int, ...]],
    keys: list[str],
    seen: set[tuple[str, int]],
) -> tuple[str, str, str, str | None] | None:
    """(code, message, hint, suggestion) of what is wrong with one entry, or None."""
    if parsed is None:
        long_major = _LONG_MAJOR.fullmatch(text)
        if long_major is not None:
            digits = len(long_major["major"])
            message = (
                f"consumes entry {_shown(text)} is malformed: its major has {digits} digits "
                "(at most 9)"
            )
            return "consumes-invalid", message, _FORMAT_HINT, None
        guess = _guess_declaration(text, keys)
        hint = f"did you mean {guess!r}? ({_FORMAT_HINT})" if guess else _FORMAT_HINT
        return "consumes-invalid", f"consumes entry {_shown(text)} is malformed", hint, guess
    key, major = parsed
    if key not in majors:
        close = _close_keys(key, keys)
        meant = f"{close[0]}@{major}" if close else None
        hint = (
            f"did you mean {meant}?"
            if meant
            else "name an event type of the registry (`eventkit lint --summary` lists them)"
        )
        message = f"consumes {text!r}: the registry has no event type {key}"
        return "consumes-unknown-event", message, hint, meant
    if major not in majors[key]:
        known = ", ".join(str(m) for m in majors[key])
        nearest = min(majors[key], key=lambda m: (abs(m - major), -m))
        meant = f"{key}@{nearest}"
        return (
            "consumes-unknown-major",
            f"consumes {text!r}: {key} has no major {major} (majors: {known})",
            f"did you mean {meant}? (a declaration names a major, not a full version)",
            meant,
        )
    if parsed in seen:
        message = f"consumes {text!r} is declared twice in the same service.toml"
        return "consumes-duplicate", message, "remove the repeated entry", None
    return None


def _shown(text: str) -> str:
    """`text` quoted, its middle cut when it is too long to read in a message."""
    if len(text) <= 80:
        return repr(text)
    return f"{text[:40]!r}...{text[-20:]!r} ({len(text)} characters)"


def _close_keys(key: str, keys: list[str]) -> list[str]:
    """Known event keys close to `key`: same name in another service, case, or a typo."""
    name = key.rsplit("/", 1)[-1].lower()
    exact = [k for k in keys if k.lower() == key.lower() or k.rsplit("/", 1)[-1].lower() == name]
    return exact or difflib.get_close_matches(key, keys, n=1, cutoff=0.7)


def _guess_declaration(text: str, keys: list[str]) -> str | None:
    """A well-formed entry for a near miss: a full version, no service, no major."""
    match = re.fullmatch(r"\s*([^@\s]+?)\s*(?:@\s*v?([0-9]+)(?:\.[0-9]+)*)?\s*", text)
    if match is None:
        return None
    key = match[1] if "/" in match[1] else f"?/{match[1]}"
    close = _close_keys(key, keys)
    if not close:
        return None
    major = match[2]
    if major is None:
        return None
    major = major.lstrip("0") or "0"
    if len(major) > 9:  # more than a declaration takes (and int() refuses over 4,300 digits)
        return None
    return f"{close[0]}@{major}"


class _LineFinder:
    """The line of a `consumes` entry in service.toml: the first line quoting it.

    The file is read on first use only (most services have nothing to report), and only if
    it is a regular file of reasonable size: a FIFO or device never blocks the check.
    """

    _LIMIT = 1 << 20

    def __init__(self, path: Path) -> None:
        self._path = path
        self._read: list[str] | None = None

    @property
    def _lines(self) -> list[str]:
        if self._read is None:
            try:
                data = read_regular_file(self._path, self._LIMIT)
                self._read = data.decode("utf-8").splitlines()
            except (OSError, UnicodeDecodeError, ValueError):
                self._read = []
        return self._read

    def line_starting(self, text: str) -> int | None:
        """The first line that starts with `text` (after blanks)."""
        for number, line in enumerate(self._lines, start=1):
            if line.lstrip().startswith(text):
                return number
        return None

    def line_of(self, text: str) -> int | None:
        for quoted in (f'"{text}"', f"'{text}'"):
            for number, line in enumerate(self._lines, start=1):
                if quoted in line:
                    return number
        return self.line_starting("consumes")
