"""The redrive journal: which dead-letter messages were already republished, so a re-run after
an interruption deletes them instead of sending them again.

One file per (queue, target) in the folder the user names, one JSON line per republished
message, appended with a single write and fsync'd before the message is deleted. A line cut
short by a crash is ignored: its message is then republished again (at-least-once).
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path

from eventkit.errors import DeadLetterError

__all__ = ["DEFAULT_JOURNAL_DIR", "Journal"]

DEFAULT_JOURNAL_DIR = ".eventkit-dlq"

_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


class Journal:
    """The message ids already republished from `queue_url` to `target`."""

    def __init__(self, folder: Path, queue_url: str, target: str) -> None:
        name = f"{_safe(queue_url)}--to--{_safe(target)}.jsonl"[-200:]
        self.path = folder / name
        self.done: set[str] = set()
        try:
            folder.mkdir(parents=True, exist_ok=True)
            if self.path.is_symlink() or (self.path.exists() and not self.path.is_file()):
                raise DeadLetterError(
                    f"journal {self.path} is not a regular file",
                    path=str(self.path),
                    hint="name another folder with --journal",
                )
            if self.path.exists():
                self.done = _read(self.path)
        except OSError as exc:
            raise DeadLetterError(
                f"cannot use the journal {self.path}: {exc.strerror or exc}",
                path=str(self.path),
                hint="name a writable folder with --journal",
            ) from exc

    def __contains__(self, message_id: object) -> bool:
        return message_id in self.done

    def record(self, entries: Iterable[tuple[str, str | None]]) -> None:
        """Append (message id, event id) pairs, durably, before the messages are deleted."""
        entries = list(entries)
        at = datetime.now(UTC).isoformat(timespec="seconds")
        lines = [
            json.dumps({"message_id": message_id, "event_id": event_id, "at": at}) + "\n"
            for message_id, event_id in entries
        ]
        if not lines:
            return
        data = "".join(lines).encode()
        try:
            fd = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_APPEND | os.O_NOFOLLOW, 0o600)
            try:
                os.write(fd, data)
                os.fsync(fd)
            finally:
                os.close(fd)
        except OSError as exc:
            raise DeadLetterError(
                f"cannot write the journal {self.path}: {exc.strerror or exc}",
                path=str(self.path),
            ) from exc
        self.done.update(message_id for message_id, _ in entries)


def _read(path: Path) -> set[str]:
    done: set[str] = set()
    with path.open(encoding="utf-8", errors="replace") as lines:
        for line in lines:
            try:
                entry = json.loads(line)
            except ValueError:  # a line cut short by a crash: that message is sent again
                continue
            if isinstance(entry, dict) and isinstance(entry.get("message_id"), str):
                done.add(entry["message_id"])
    return done


def _safe(text: str) -> str:
    return _UNSAFE.sub("_", text.split("://", 1)[-1]).strip("_") or "queue"
