"""`check --against`: what the gate itself protects, and how consumers find an event.

COMPATIBILITY_WEAKENED: an event's effective compatibility mode, policy or format mode now
protects fewer readers than at REF, for a major that existed there. Without it, the pull
request that ships a breaking version could set `compatibility = "NONE"` beside it and pass.

ROUTING_IDENTITY_CHANGED: an event's `source` or `detail_type` (what consumers' EventBridge
rules match) differs from REF, for a major that existed there.

EVENT_BUS_CHANGED: the bus a native event is sent on (`[registry] event_bus`) differs from REF,
for a major that existed there: consumers' rules on the old bus stop receiving it.

Each finding is placed at the line that sets the value now (event.toml, service.toml or
eventkit.toml; the file it would be set in when it is a default) and names, as `affected`,
the newest released version of every major concerned, so `eventkit check` adds the consumers.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import TYPE_CHECKING, Any

from eventkit.compat._api import sides_of
from eventkit.compat._catalog import BACKWARD, BOTH, FORWARD
from eventkit.compat._findings import Finding
from eventkit.compat._registry_findings import RegistryFinding
from eventkit.registry import (
    CONFIG_FILE,
    EVENT_FILE,
    SERVICE_FILE,
    FormatMode,
    Policy,
    TomlLines,
    read_regular_file,
)

if TYPE_CHECKING:
    from eventkit.registry import EventType, Registry

__all__ = ["settings_findings"]

WEAKENED = "COMPATIBILITY_WEAKENED"
ROUTING = "ROUTING_IDENTITY_CHANGED"
BUS = "EVENT_BUS_CHANGED"

_TOML_LIMIT = 1 << 20
_READERS = {BACKWARD: "readers of old data", FORWARD: "old readers of new data"}


def settings_findings(registry: Registry, base: Registry, label: str) -> list[RegistryFinding]:
    """COMPATIBILITY_WEAKENED, ROUTING_IDENTITY_CHANGED and EVENT_BUS_CHANGED for every event
    of `registry` with a major that `base` (the state at `label`) already had."""
    files = _Files(registry)
    released = {event.key: event for event in base.events}
    out: list[RegistryFinding] = []
    for event in registry.events:
        old = released.get(event.key)
        if old is None:
            continue
        majors = [m for m in old.majors if m in event.majors]
        if not majors:
            continue
        affected = tuple(f"{event.key}@{old.latest_in(m).version}" for m in majors)
        place = _Placer(registry, event, files, affected)
        out += _weakened(event, old, base, registry, label, place)
        out += _routing(event, old, label, place)
        was_bus, bus = base.config.event_bus, registry.config.event_bus
        if was_bus != bus and not event.foreign:  # AWS sends a foreign event, not eventkit
            out.append(
                place.finding(
                    BUS, f"event bus {was_bus!r} at {label} is now {bus!r}", "", BOTH, "event_bus"
                )
            )
    return out


def _transitive(mode: str) -> bool:
    return mode.upper().endswith("_TRANSITIVE")


def _weakened(
    event: EventType,
    old: EventType,
    base: Registry,
    registry: Registry,
    label: str,
    place: _Placer,
) -> list[RegistryFinding]:
    out = []
    was, now = set(sides_of(old.compatibility)), set(sides_of(event.compatibility))
    lost = [side for side in (BACKWARD, FORWARD) if side in was and side not in now]
    lost_transitive = _transitive(old.compatibility) and not _transitive(event.compatibility)
    if lost or (lost_transitive and was & now):
        why = []
        if lost:
            why.append(" and ".join(_READERS[side] for side in lost) + " are no longer protected")
        if lost_transitive and was & now:
            why.append(
                "a new version is compared with the previous one only, no longer with every "
                "earlier version of the major"
            )
        side = lost[0] if len(lost) == 1 and not (lost_transitive and was & now) else BOTH
        out.append(
            place.finding(
                WEAKENED,
                f"compatibility mode {old.compatibility} at {label} is now {event.compatibility}",
                "; ".join(why),
                side,
                "compatibility",
            )
        )
    if not (was and now):
        return out  # nothing was protected, or the mode finding above says it all
    if old.policy == Policy.STRICT and event.policy == Policy.LENIENT:
        out.append(
            place.finding(
                WEAKENED,
                f"compatibility policy STRICT at {label} is now LENIENT",
                "LENIENT assumes every writer is a closed eventkit producer, so changes STRICT "
                "reports (a property added to an open model, say) now pass",
                BOTH,
                "policy",
            )
        )
    if (
        base.config.formats == FormatMode.ASSERTION
        and registry.config.formats == FormatMode.ANNOTATION
    ):
        out.append(
            place.finding(
                WEAKENED,
                f"[compatibility] format assertion at {label} is now annotation",
                "a changed `format` is no longer a finding",
                BOTH,
                "format",
            )
        )
    return out


def _routing(event: EventType, old: EventType, label: str, place: _Placer) -> list[RegistryFinding]:
    out = []
    for key, name, was, now in (
        ("source", "source", old.source, event.source),
        ("detail_type", "detail-type", old.detail_type, event.detail_type),
    ):
        if was != now:
            out.append(
                place.finding(
                    ROUTING,
                    f"{name} {was!r} at {label} is now {now!r}",
                    "",
                    BOTH,
                    key,
                )
            )
    return out


class _Files:
    """The settings files of `registry` as parsed TOML and lines, read once each."""

    def __init__(self, registry: Registry) -> None:
        self.root = registry.root
        self._read: dict[str, tuple[dict[str, Any], TomlLines] | None] = {}

    def get(self, relpath: str) -> tuple[dict[str, Any], TomlLines] | None:
        if relpath not in self._read:
            self._read[relpath] = self._load(self.root / relpath)
        return self._read[relpath]

    @staticmethod
    def _load(path: Path) -> tuple[dict[str, Any], TomlLines] | None:
        try:
            text = read_regular_file(path, _TOML_LIMIT).decode("utf-8")
            return tomllib.loads(text), TomlLines(text)
        except (OSError, ValueError):  # absent, unreadable, not UTF-8 or not TOML
            return None

    def line(self, relpath: str, table: str | None, key: str | None) -> int | None:
        """The line of `key` (in `[table]`, or top level), or of `[table]` when key is None
        (dotted keys and inline tables too: the loader's own `TomlLines`)."""
        found = self.get(relpath)
        if found is None:
            return None
        path = tuple(part for part in (table, key) if part is not None)
        return found[1].line_of(path) if path else None


class _Placer:
    """Places one event's setting findings at the file and line setting the value now."""

    def __init__(
        self, registry: Registry, event: EventType, files: _Files, affected: tuple[str, ...]
    ) -> None:
        self.registry = registry
        self.event = event
        self.files = files
        self.affected = affected

    def _origin(self, setting: str) -> tuple[str, int | None]:
        key = self.event.key
        event_file, service_file = f"{key}/{EVENT_FILE}", f"{self.event.service}/{SERVICE_FILE}"
        candidates: list[str] = []
        if setting in ("compatibility", "policy", "source", "detail_type"):
            candidates.append(event_file)
        if setting in ("compatibility", "policy", "source"):
            candidates.append(service_file)
        for relpath in candidates:
            found = self.files.get(relpath)
            if found is not None and setting in found[0]:
                return relpath, self.files.line(relpath, None, setting)
        if setting == "detail_type":  # the folder name: where it would be set
            if self.files.get(event_file) is not None:
                return event_file, None
            return self.event.latest.relpath, None
        table, name = {
            "compatibility": ("compatibility", "mode"),
            "policy": ("compatibility", "policy"),
            "format": ("compatibility", "format"),
            "source": ("registry", "source_prefix"),
            "event_bus": ("registry", "event_bus"),
        }[setting]
        return CONFIG_FILE, self.files.line(CONFIG_FILE, table, name)  # else the table's line

    def finding(self, rule: str, change: str, why: str, side: str, setting: str) -> RegistryFinding:
        relpath, line = self._origin(setting)
        majors = ", ".join(a.rpartition("@")[2].split(".", 1)[0] for a in self.affected)
        what = f"{self.event.key}: {change} (set in {relpath}"
        what += f":{line})" if line is not None else ")"
        what += f" for released major(s) {majors}"
        if why:
            what += f": {why}"
        finding = Finding(rule, "", what, side, "release")
        first = self.affected[0]
        return RegistryFinding(
            self.event.key,
            first.rpartition("@")[2],
            (),
            finding,
            str(self.registry.root / relpath),
            relpath,
            line,
            self.event.compatibility,
            self.event.policy,
            affected=self.affected,
        )
