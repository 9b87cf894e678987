"""An `OSError` about a path the user named (`--schemas`, `--out`, an event name, the `init`
folder), as a clear `EventkitError` (exit 2) instead of a traceback.

Only errors that carry a file name are converted: a name longer than the file system allows
(ENAMETOOLONG), a folder that is a file, no permission, and so on. An `OSError` without a
file name, and a closed pipe (EPIPE, which the entry point handles), propagate unchanged, so a
genuine bug still shows its traceback.
"""

from __future__ import annotations

import errno
from collections.abc import Iterator
from contextlib import contextmanager

from eventkit.errors import EventkitError

__all__ = ["path_error", "path_errors"]


def path_error(error: OSError) -> EventkitError | None:
    """`error` as an `EventkitError` naming its path, or None when it names no path."""
    if error.filename is None or error.errno == errno.EPIPE:
        return None
    path = _text(error.filename)
    reason = error.strerror or type(error).__name__
    hint = None
    if error.errno == errno.ENAMETOOLONG:
        from eventkit.project_init import NAME_MAX  # one definition; only for this error

        hint = f"shorten the name: most file systems allow {NAME_MAX} bytes per name"
    if error.filename2 is not None:
        return EventkitError(f"cannot use {path} -> {_text(error.filename2)}: {reason}", hint=hint)
    return EventkitError(f"cannot use {path}: {reason}", hint=hint)


@contextmanager
def path_errors() -> Iterator[None]:
    """Raise an `OSError` naming a path inside the block as `path_error`'s `EventkitError`."""
    try:
        yield
    except OSError as error:
        converted = path_error(error)
        if converted is None:
            raise
        raise converted from None


def _text(name: object) -> str:
    if isinstance(name, bytes):
        return name.decode("utf-8", "backslashreplace")
    return str(name)
