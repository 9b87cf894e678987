"""Whether `eventkit asyncapi --out FILE` may replace what is at FILE.

The document is renamed over FILE, so whatever was there is gone: a README, a pyproject.toml,
a hand-written AsyncAPI file. Only a missing or empty file, or a document a previous run
wrote, is replaced. A previous document is recognised by its first lines, which the writer
always puts there: the `asyncapi` key, then `info` whose `version` is `registry-` and 12 hex
digits (asyncapi.py), in YAML or indented JSON. Reading the start only keeps this cheap for
a document of any size.
"""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path

from eventkit.errors import CatalogError

__all__ = ["check_replaceable"]

_HEAD = 64 * 1024  # the title and version come first; a long title fits many times over
# "\r?" throughout: a checkout may have turned the line ends into CRLF
_YAML = (
    rb"asyncapi: [^\r\n]*\r?\ninfo:\r?\n(?:  [^\r\n]*\r?\n)*?  version: registry-[0-9a-f]{12}\r?\n"
)
_JSON = (
    rb'\{\r?\n  "asyncapi": "[^\r\n]*",\r?\n  "info": \{\r?\n'
    rb'(?:    [^\r\n]*\r?\n)*?    "version": "registry-[0-9a-f]{12}",?\r?\n'
)
_PREVIOUS = re.compile(rb"\A(?:" + _YAML + rb"|" + _JSON + rb")")
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_CLOEXEC = getattr(os, "O_CLOEXEC", 0)


def check_replaceable(path: Path) -> None:
    """Refuse a regular file at `path` that is neither empty nor a previous document."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | _NOFOLLOW | _CLOEXEC)
    except FileNotFoundError:
        return
    except OSError as error:
        raise CatalogError(
            f"cannot read {path} to tell whether a previous eventkit asyncapi wrote it: "
            f"{error.strerror or error}; nothing was written",
            path=str(path),
            hint="remove it yourself if it may be replaced, or name another file",
        ) from None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return  # the caller handles links, folders and devices
        head = os.read(fd, _HEAD)
    finally:
        os.close(fd)
    if head and not _PREVIOUS.match(head):
        raise CatalogError(
            f"{path} exists and is not an AsyncAPI document eventkit wrote; "
            "it was left unchanged and nothing was written",
            path=str(path),
            hint="name another file, or remove this one yourself if it may be replaced",
        )
