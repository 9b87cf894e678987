"""Where `eventkit pull` may write: names from registry content checked, paths kept inside.

Registry content is not ours: `x-eventkit.event` could say ``../../etc/x`` and a version
could be ``/tmp/y``. Every name must pass the registry's own naming rules, every path must
resolve inside the target folder, and files are created, never written through a link.
"""

from __future__ import annotations

import os
import unicodedata
from pathlib import Path

from eventkit.errors import PullNameError
from eventkit.registry import MAX_SCHEMA_BYTES, event_path_problems, read_regular_file

__all__ = [
    "LINK_HINT",
    "NAME_HINT",
    "ascii_letters",
    "check_event_path",
    "create_new",
    "read_text",
    "refuse",
]

# Letters with no decomposition into an ASCII letter and marks, spelt as they usually are.
_SPELT = str.maketrans(
    {
        "ß": "ss",
        "ẞ": "SS",
        "æ": "ae",
        "Æ": "AE",
        "œ": "oe",
        "Œ": "OE",
        "ø": "o",
        "Ø": "O",
        "ł": "l",
        "Ł": "L",
        "đ": "d",
        "Đ": "D",
        "ð": "d",
        "Ð": "D",
        "þ": "th",
        "Þ": "Th",
        "\u0131": "i",  # dotless i
    }
)


def ascii_letters(text: str) -> str:
    """`text` with accented Latin letters as their ASCII letter (`Détail` -> `Detail`,
    `Straße` -> `Strasse`): folder names hold ASCII letters and digits only (a Python module
    and class name), and dropping `é` made `DTail`. Other characters stay, for the name rules
    to drop."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_SPELT))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def read_text(path: Path) -> str:
    """The text of `path` if it is a regular file (never blocks on a FIFO or device)."""
    return read_regular_file(path, MAX_SCHEMA_BYTES).decode("utf-8")


NAME_HINT = (
    "fix the schema in the registry, or pull this schema with --into SERVICE (the service "
    "folder) when only the source is at fault"
)
LINK_HINT = "remove the symlink that leads out of the registry folder, then pull again"


def refuse(name: str, what: str, why: str, hint: str = NAME_HINT) -> PullNameError:
    return PullNameError(
        f"{name}: refusing to write {what}: {why}; nothing was written",
        schema_name=name,
        name=what,
        hint=hint,
    )


def check_event_path(root: Path, name: str, service: str, event: str, version: str | None) -> None:
    """Raise `PullNameError` (naming schema `name`) unless `service`, `event` and `version`
    are registry names and the folder and its files resolve inside `root`."""
    shown = f"{service}/{event}" + (f"/{version}.json" if version else "")
    problems = event_path_problems(service, event, version)
    if problems:
        raise refuse(name, repr(shown), problems[0].message)
    real_root = root.resolve()
    folder = root / service / event
    files = [f"{version}.json"] if version else []
    for path in (folder, *(folder / f for f in [*files, "event.toml"])):
        if not path.resolve().is_relative_to(real_root):  # a symlinked folder in the way
            raise refuse(name, repr(shown), f"{path} resolves outside {root}", LINK_HINT)


def create_new(path: Path, text: str) -> bool:
    """Write a new file at `path`; False if anything (even a dangling symlink) is there.

    O_EXCL never follows a symlink, so this cannot write through one out of the folder.
    """
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0))
    except FileExistsError:
        return False
    with os.fdopen(fd, "w", encoding="utf-8") as file:
        file.write(text)
    return True
