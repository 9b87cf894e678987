"""Where a path's git work tree starts, read off the file system (no `git` process): `init`
writes its workflow only there and `check` names files from there for GitHub."""

from __future__ import annotations

from pathlib import Path

__all__ = ["git_top"]


def git_top(path: Path) -> Path | None:
    """The nearest folder from `path` up that holds `.git` (a folder, or a file in a worktree
    or submodule): the top of the git work tree `path` is in, or None outside one."""
    return next((folder for folder in (path, *path.parents) if (folder / ".git").exists()), None)
