"""The redrive journal: which dead-letter messages were already republished, so a re-run after
an interruption deletes them instead of sending them again.

One file per (queue, target) in the folder the user names, one JSON line per republished
message, appended with a single write and fsync'd before the message is deleted. A line cut
short by a crash still counts when its message id is whole (the line is written after the
message was sent); cut earlier, its message is republished again (at-least-once). The next
line written after such a tail starts on a line of its own, so a torn line never takes the
lines after it down with it; the folder is fsync'd when the file is created, so the file
itself survives a power cut.

A queue is named in the file by what identifies it, not by how its URL is spelt: the
regional endpoint, the legacy `queue.amazonaws.com` ones and a trailing slash all name the
same queue (Region, account, name), so a re-run given another spelling finds the same journal
(a journal of the spelling-based names of earlier versions is read too).
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit

from eventkit.errors import DeadLetterError

__all__ = ["DEFAULT_JOURNAL_DIR", "Journal"]

DEFAULT_JOURNAL_DIR = ".eventkit-dlq"

_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


class Journal:
    """The message ids already republished from `queue_url` to `target`."""

    def __init__(self, folder: Path, queue_url: str, target: str) -> None:
        name = f"{_safe(queue_key(queue_url))}--to--{_safe(_target_key(target))}.jsonl"
        self.path = folder / name[-200:]
        # where an earlier version kept this journal (the URL as spelt)
        legacy = folder / f"{_safe(queue_url)}--to--{_safe(target)}.jsonl"[-200:]
        self.done: set[str] = set()
        self._torn_tail = False  # the file does not end with a line break: begin with one
        try:
            folder.mkdir(parents=True, exist_ok=True)
            if self.path.is_symlink() or (self.path.exists() and not self.path.is_file()):
                raise DeadLetterError(
                    f"journal {self.path} is not a regular file",
                    path=str(self.path),
                    hint="name another folder with --journal",
                )
            if self.path.exists():
                self.done, self._torn_tail = _read(self.path)
            if legacy != self.path and legacy.is_file() and not legacy.is_symlink():
                self.done |= _read(legacy)[0]
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
        data = ("\n" if self._torn_tail else "") + "".join(lines)
        try:
            created = not self.path.exists()
            fd = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_APPEND | os.O_NOFOLLOW, 0o600)
            try:
                left = memoryview(data.encode())
                while left:  # a short write (a signal, a full disk) writes the rest, or raises
                    left = left[os.write(fd, left) :]
                os.fsync(fd)
            finally:
                os.close(fd)
            if created:
                _sync_folder(self.path.parent)
        except OSError as exc:
            raise DeadLetterError(
                f"cannot write the journal {self.path}: {exc.strerror or exc}",
                path=str(self.path),
            ) from exc
        self._torn_tail = False
        self.done.update(message_id for message_id, _ in entries)


# The start of a journal line, up to its message id (as `record` writes it).
_TORN_ID = re.compile(r'\{"message_id": ("(?:[^"\\]|\\.)*")')


def _read(path: Path) -> tuple[set[str], bool]:
    """The message ids recorded, and whether the file ends inside a line (a write cut short)."""
    data = path.read_bytes()
    done: set[str] = set()
    for raw in data.split(b"\n"):
        message_id = _message_id(raw.decode("utf-8", errors="replace"))
        if message_id is not None:
            done.add(message_id)
    return done, bool(data) and not data.endswith(b"\n")


def _message_id(line: str) -> str | None:
    """The message id of one line; of a line cut short, when the id itself is whole (the
    message was sent before its line was written); None for anything else (a torn id, NUL
    bytes a crash left, garbage)."""
    try:
        entry = json.loads(line)
    except (ValueError, RecursionError):
        found = _TORN_ID.match(line)
        if found is None:
            return None
        try:
            entry = {"message_id": json.loads(found.group(1))}
        except (ValueError, RecursionError):
            return None
    message_id = entry.get("message_id") if isinstance(entry, dict) else None
    return message_id if isinstance(message_id, str) and message_id else None


def _sync_folder(folder: Path) -> None:
    """Make a new file's entry in `folder` durable (best effort: not every system can)."""
    try:
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


# The Region in an SQS endpoint's host: sqs.eu-west-1.amazonaws.com, eu-west-1.queue...,
# sqs.cn-north-1.amazonaws.com.cn, a VPC endpoint's ...sqs.us-east-2.vpce.amazonaws.com
_REGION = re.compile(r"(?:^|\.)([a-z]{2}(?:-[a-z]+)+-[0-9])(?:\.|$)")
_LEGACY_US_EAST_1 = "queue.amazonaws.com"


def queue_key(queue_url: str) -> str:
    """What identifies the queue a URL names: ``REGION/ACCOUNT/NAME`` for an AWS queue URL
    however its endpoint is spelt (a trailing slash, upper-case host, the legacy endpoints);
    another URL (a local endpoint) by its host and path, without a trailing slash."""
    parts = urlsplit(queue_url.strip())
    host = (parts.hostname or "").lower()
    try:
        port = parts.port
    except ValueError:  # not a port: the URL as given names it
        return queue_url.strip().rstrip("/")
    segments = [segment for segment in parts.path.split("/") if segment]
    if (
        len(segments) == 2
        and segments[0].isdigit()
        and host.endswith((".amazonaws.com", ".amazonaws.com.cn", ".api.aws"))
    ):
        found = _REGION.search(host)
        region = found.group(1) if found else "us-east-1" if host == _LEGACY_US_EAST_1 else host
        return f"{region}/{segments[0]}/{segments[1]}"
    where = host + (f":{port}" if port else "")
    return f"{where}/{'/'.join(segments)}" if where else queue_url.strip().rstrip("/")


def _target_key(target: str) -> str:
    """A target label with a queue URL in it made canonical (`queue_key`)."""
    kind, _, name = target.partition(":")
    return f"queue:{queue_key(name)}" if kind == "queue" else target


def _safe(text: str) -> str:
    return _UNSAFE.sub("_", text.split("://", 1)[-1]).strip("_") or "queue"
