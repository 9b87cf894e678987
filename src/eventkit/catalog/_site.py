"""Render every page in memory, then write them into --out (and nowhere else)."""

from __future__ import annotations

import json
import os
import re
import stat
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from eventkit import __version__
from eventkit.catalog._fields import COMPARED_DEPTH, COMPARED_ROWS, MAX_DEPTH, MAX_ROWS
from eventkit.catalog._outside import check_outside_registry
from eventkit.catalog._stage import (
    discard,
    install,
    remove_left_staging,
    stage,
    writing_into,
)
from eventkit.catalog._view import FULL_VERSIONS, anchor, build_view
from eventkit.errors import CatalogError
from eventkit.project_init import NAME_MAX
from eventkit.registry import Registry, event_path_problems
from eventkit.visible_text import visible_on_page

__all__ = ["MARKER", "CatalogResult", "build_catalog", "render_site"]

MARKER = ".eventkit-catalog.json"  # proves a folder holds a catalog we may replace
# A base URL is put before every link. Never in it: `//` or `/\` at the start of a path (a
# browser reads another host there, so the page's script would load from it), a backslash
# anywhere (read as `/` by browsers), `?` or `#` (every link would end up in the query or
# fragment), quotes, whitespace or control characters.
_URL_TEXT = r"[^\s\"'<>`\\?#\x00-\x1f\x7f]"
_BASE_URL = re.compile(rf"(https?://{_URL_TEXT}+|/(?![/\\]){_URL_TEXT}*)")
# Stale files are removed by walking folder descriptors opened without following links,
# so no folder on the way can be swapped for a link between the check and the removal.
_DIR_FLAGS = (
    os.O_RDONLY
    | getattr(os, "O_DIRECTORY", 0)
    | getattr(os, "O_NOFOLLOW", 0)
    | getattr(os, "O_CLOEXEC", 0)
)
_BY_DESCRIPTOR = (
    hasattr(os, "O_DIRECTORY")
    and hasattr(os, "O_NOFOLLOW")
    and {os.open, os.stat, os.unlink} <= os.supports_dir_fd
)


@dataclass(frozen=True)
class CatalogResult:
    out: Path
    pages: int
    events: int
    services: int

    @property
    def index(self) -> Path:
        return self.out / "index.html"


# Bidi embeddings, overrides and isolates: in a page they reorder the text around them
# ("\u202eevil\u202c" reads "live"), so a detail-type, an owner or a description would show
# other text than it holds. Every printed value shows them as escapes; the rest of the text,
# right-to-left scripts included, is left as it is (descriptions stay readable).
_BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")


def _shown(value: Any) -> Any:
    """What a template prints for `value` (before escaping): bidi controls and C0/C1 control
    characters made visible (a page shows an escape sequence or NUL as nothing, or as U+FFFD;
    tab and line breaks stay white space). (Markup, a `str` subclass built by the catalog
    itself, is left alone; most text is printable and skips the searches.)"""
    if type(value) is str and not value.isprintable():
        return visible_on_page(_BIDI_CONTROLS.sub(lambda m: f"\\u{ord(m.group()):04x}", value))
    return value


def _environment() -> Any:
    from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

    env = Environment(
        loader=PackageLoader("eventkit.catalog", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        finalize=_shown,
    )
    env.filters["anchor"] = anchor
    env.globals.update(  # the limits of a table, and of what a diff compares
        max_rows=f"{MAX_ROWS:,}",
        max_depth=MAX_DEPTH,
        compared_rows=f"{COMPARED_ROWS:,}",
        compared_depth=COMPARED_DEPTH,
        full_versions=FULL_VERSIONS,  # a longer history is summed up on the index
    )
    return env


def _root(base_url: str | None, depth: int) -> str:
    if base_url:
        return base_url.rstrip("/") + "/"
    return "../" * depth


def check_base_url(base_url: str | None) -> str | None:
    """An absolute path (``/docs/events``) or an http(s) URL, without a query, a fragment or a
    backslash; anything else (``//host/``, a relative path) is refused."""
    if base_url is None or base_url == "":
        return None
    if not _BASE_URL.fullmatch(base_url):
        raise CatalogError(
            f"--base-url {base_url!r} is not an absolute path or an http(s) URL (without "
            "a query, a fragment, a backslash, or a second slash at the start)",
            path=base_url,
            hint="give the path the site is served under, e.g. --base-url /catalog/, or the "
            "full URL, e.g. https://docs.example.com/catalog/",
        )
    return base_url


def render_site(registry: Registry, *, base_url: str | None = None) -> dict[str, str]:
    """Every file of the site, by relative path (nothing is written)."""
    from eventkit.catalog._graph import graph_svg

    base_url = check_base_url(base_url)
    view = build_view(registry)
    env = _environment()
    common: dict[str, Any] = {
        "registry_name": registry.config.name,
        "registry_description": registry.config.description,
        "eventkit_version": __version__,
        "counts": {"events": len(registry.events), "versions": len(registry.versions)},
        "services": view.services,
        "events": view.events,
    }
    files: dict[str, str] = {}

    def page(path: str, template: str, **values: Any) -> None:
        root = _root(base_url, path.count("/"))
        files[path] = env.get_template(template).render(**common, root=root, **values)

    page("index.html", "index.html")
    page("graph.html", "graph.html", graph=graph_svg(view, _root(base_url, 0)))
    page("shared.html", "shared.html", shared=view.shared)
    for service in view.services:
        _check_names(service.service.name, None)
        page(service.url, "service.html", s=service)
    for event in view.events:
        _check_names(event.event.service, event.event.name)
        replacement = event.event.deprecated.replacement if event.event.deprecated else None
        target = view.by_key.get(replacement) if replacement else None
        page(event.url, "event.html", e=event, replacement_url=target.url if target else None)
        for path, version in event.version_pages:
            page(path, "version.html", e=event, v=version)
    static = resources.files("eventkit.catalog") / "static"
    for name in ("catalog.css", "catalog.js"):
        files[f"assets/{name}"] = (static / name).read_text(encoding="utf-8")
    return files


def _check_names(service: str, event: str | None) -> None:
    # Page names come from registry names; the loader checked them, this makes sure.
    problems = event_path_problems(service, event or "Placeholder")
    if problems:
        raise CatalogError(
            f"{service}/{event or ''}: {problems[0].message}", path=f"{service}/{event or ''}"
        )


def build_catalog(
    registry: Registry, out: str | Path, *, base_url: str | None = None
) -> CatalogResult:
    """Write the static site for `registry` into the folder `out`.

    `out` must be outside the registry folder (or under a dot-folder of it, which the
    registry ignores), and missing, empty, or a catalog written before (it holds `MARKER`); then the
    files of the previous build are replaced. Everything is rendered and every folder the
    site needs is checked before anything is written or removed, so a refused build leaves
    `out` as it was; every page is written into a staging folder before any is moved into
    place, so a build failing to write leaves it as it was too. A stale file (listed in `MARKER`, no longer built) is removed only if it
    is a regular file reached from `out` through real folders: one behind a link, or a link
    itself, is left alone. Raises `CatalogError`.
    """
    files = render_site(registry, base_url=base_url)
    target = Path(out)
    check_outside_registry(registry.root, target)
    _make_folder(target)
    # Locked before the previous catalog is read: another build writing into `target` meanwhile
    # would change what it holds (and its staging folder is not one a killed build left).
    with writing_into(target) as locked:
        previous = _previous_files(target)
        _check_way(target, [*files, MARKER])  # every refusal comes before the first change
        _write(target, files, previous, remove_left=locked)
    return CatalogResult(
        out=target,
        pages=sum(1 for p in files if p.endswith(".html")),
        events=len(registry.events),
        services=len(registry.services),
    )


def _write(target: Path, files: dict[str, str], previous: set[str], *, remove_left: bool) -> None:
    def manifest(listed: set[str]) -> str:
        data = {"generator": f"eventkit {__version__}", "files": sorted(listed)}
        return json.dumps(data, indent=2) + "\n"

    def remove_stale() -> None:
        for relpath in sorted(previous - set(files)):
            _remove_stale(target, relpath)

    if remove_left:
        remove_left_staging(target)
    # Written into a staging folder first: a write failing leaves the old site as it was.
    staging = stage(target, files, (manifest(previous | set(files)), manifest(set(files))))
    try:
        install(target, staging, list(files), MARKER, remove_stale)
    finally:
        discard(staging)


def _make_folder(target: Path) -> None:
    """Check `target` is a folder or missing (then made), not a link."""
    if target.is_symlink():
        raise CatalogError(
            f"{target} is a symbolic link (the catalog never writes through one)",
            path=str(target),
            hint="name the folder it points to, or a real folder",
        )
    if target.exists() and not target.is_dir():
        raise CatalogError(
            f"{target} exists and is not a folder", path=str(target), hint="name a folder"
        )
    if not target.exists():
        try:
            target.mkdir()
        except OSError as error:
            raise CatalogError(
                f"cannot create {target}: {error.strerror or error}",
                path=str(target),
                hint="create the parent folder first, or name another one",
            ) from None


def _previous_files(target: Path) -> set[str]:
    """The files of a previous catalog in the folder `target`; refuses a folder holding
    other files."""
    marker = target / MARKER
    # Dot-entries (a gh-pages worktree's `.git`, `.nojekyll`) are not the catalog's: a folder
    # holding only those is as good as empty, and they are never removed (below).
    visible = [entry for entry in target.iterdir() if not entry.name.startswith(".")]
    if not visible and not os.path.lexists(marker):
        return set()
    if not marker.is_file() or marker.is_symlink():
        raise CatalogError(
            f"{target} is not empty and holds no previous catalog ({MARKER} is missing)",
            path=str(target),
            hint="name an empty or new folder (dot-entries such as .git may stay); eventkit "
            "catalog replaces only its own output",
        )
    try:
        data = json.loads(marker.read_text(encoding="utf-8"))
        listed = data["files"]
    except (OSError, ValueError, KeyError, TypeError):
        listed = []
    # The catalog writes no page under a dot-name: a listed one is never its own to remove.
    return {
        p
        for p in listed
        if isinstance(p, str)
        and _inside(p)
        and not any(part.startswith(".") for part in p.split("/"))
    }


def _inside(relpath: str) -> bool:
    parts = relpath.split("/")
    return (
        bool(parts)
        and all(p not in ("", ".", "..") for p in parts)
        and not any(c in relpath for c in "\\:\0")
    )


def _in_the_way(path: Path, *, folder: bool) -> bool:
    """Whether `path` (not followed if a link) stops the catalog writing a folder/file there."""
    try:
        mode = path.lstat().st_mode
    except FileNotFoundError:
        return False
    except OSError as error:
        raise CatalogError(
            f"cannot read {path}: {error.strerror or error}",
            path=str(path),
            hint="check the permissions of --out, or build into a new folder",
        ) from None
    if folder:
        return not stat.S_ISDIR(mode)  # a link, even to a folder, is in the way
    return stat.S_ISDIR(mode)  # a link or a file there is replaced


def _check_way(target: Path, relpaths: list[str]) -> None:
    """Refuse (before anything is written or removed) a page name the file system cannot
    hold, a link or a file where the catalog needs a folder, and a folder where it writes a
    file."""
    folders: set[str] = set()
    for relpath in relpaths:
        parts = relpath.split("/")
        # An event folder may be named up to NAME_MAX bytes: its page (`<Event>.html`) is
        # longer. Writing would fail half-way, leaving a site without its MARKER that the
        # next build into the same folder refuses.
        if long := [part for part in parts if len(part.encode("utf-8")) > NAME_MAX]:
            raise CatalogError(
                f"{target / relpath}: the page name {long[0][:60]!r}... is "
                f"{len(long[0].encode('utf-8'))} bytes, more than a file name may hold "
                f"({NAME_MAX})",
                path=str(target / relpath),
                hint="shorten the event or service folder's name",
            )
        folders.update("/".join(parts[:i]) for i in range(1, len(parts)))
    for folder in sorted(folders, key=lambda f: (f.count("/"), f)):
        path = target / folder
        if _in_the_way(path, folder=True):
            raise CatalogError(
                f"{path} is in the way (a link or a file where the catalog needs a folder)",
                path=str(path),
                hint="remove it, or build into a new folder",
            )
    for relpath in relpaths:
        path = target / relpath
        if _in_the_way(path, folder=False):
            raise CatalogError(
                f"{path} is in the way (a folder where the catalog writes a file)",
                path=str(path),
                hint="remove it, or build into a new folder",
            )


def _remove_stale(target: Path, relpath: str) -> bool:
    """Remove the regular file `target/relpath` if every folder on the way is a real folder
    (no link is followed, so it lies inside `target`); anything else is left alone.
    Returns whether the file was removed."""
    if not _inside(relpath):
        return False
    parts = relpath.split("/")
    try:
        if _BY_DESCRIPTOR:
            return _remove_by_descriptor(target, parts)
        return _remove_by_path(target, parts)
    except OSError as error:
        stale = target / relpath
        raise CatalogError(
            f"cannot remove the stale file {stale}: {error.strerror or error}",
            path=str(stale),
            hint="remove it yourself, or build into a new folder",
        ) from None


def _remove_by_descriptor(target: Path, parts: list[str]) -> bool:
    try:
        fd = os.open(target, _DIR_FLAGS)
    except OSError:
        return False
    try:
        for part in parts[:-1]:
            try:
                inner = os.open(part, _DIR_FLAGS, dir_fd=fd)
            except OSError:  # missing, a link (ELOOP) or not a folder (ENOTDIR)
                return False
            os.close(fd)
            fd = inner
        try:
            mode = os.stat(parts[-1], dir_fd=fd, follow_symlinks=False).st_mode
        except OSError:
            return False
        if not stat.S_ISREG(mode):
            return False
        os.unlink(parts[-1], dir_fd=fd)
        return True
    finally:
        os.close(fd)


def _remove_by_path(target: Path, parts: list[str]) -> bool:
    path = target
    for i, part in enumerate(parts, 1):
        path = path / part
        try:
            mode = path.lstat().st_mode
        except OSError:
            return False
        if not (stat.S_ISREG(mode) if i == len(parts) else stat.S_ISDIR(mode)):
            return False
    root = target.resolve()
    if not path.resolve().is_relative_to(root) or path.resolve() == root:
        return False
    path.unlink()
    return True
