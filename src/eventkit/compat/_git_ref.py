"""`check --against REF`: the registry folder as it was at a git ref, in a temporary folder
that is removed when the check is done (also when it fails).

The registry is looked for at REF by its path in the repository, or at the path given as
`REF:PATH`. A registry that is absent there but that REF holds at another place the working
tree no longer has was moved or renamed: that is an error, never "nothing was released".
"""

from __future__ import annotations

import posixpath
import re
import shlex
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from io import BytesIO
from pathlib import Path

from eventkit.errors import (
    CompatibilityError,
    EventkitError,
    RegistryAbsentAtRefError,
    RegistryMovedAtRefError,
)
from eventkit.registry import CONFIG_FILE, Registry, load_registry

__all__ = ["registry_at_ref"]


@contextmanager
def registry_at_ref(root: Path, ref: str) -> Iterator[Registry]:
    """The registry folder `root` as it was at git `ref` (via `git archive`, into a temporary
    folder, removed on leaving the block whatever happens: the check reads its files).

    `ref` may be `REF:PATH` to read the registry from PATH (relative to the repository) at
    REF, e.g. where it was before the pull request moved it.
    """
    root = Path(root).resolve()
    top = Path(_git(root, "rev-parse", "--show-toplevel").decode().strip()).resolve()
    rel = root.relative_to(top).as_posix()
    commit_name, named = _split(ref)
    found = _git_ok(root, "rev-parse", "--verify", "--quiet", f"{commit_name}^{{commit}}")
    if found is None:
        if _git_ok(root, "rev-parse", "--verify", "--quiet", "HEAD^{commit}") is None:
            # A new repository (the adopting flow before its first commit): nothing to fetch.
            raise CompatibilityError(
                f"git ref {commit_name!r} does not exist: the repository at {top} has no "
                "commit yet",
                hint="commit the registry first, or run `eventkit check` without --against",
            )
        raise CompatibilityError(
            f"git ref {commit_name!r} does not exist (or is not a commit)",
            hint=_fetch_hint(root, commit_name),
        )
    commit = found.decode().strip()
    where = named if named is not None else rel
    if not _has_registry(top, commit, where):
        if named is not None:  # asked for that place explicitly: never "nothing released"
            raise CompatibilityError(
                f"git ref {commit_name!r} has no registry at {where!r} "
                f"(no {CONFIG_FILE} there), as --against {ref!r} asks",
                hint="PATH in --against REF:PATH is the registry folder relative to the "
                "repository's top, as it was at REF",
            )
        moved = _moved_from(top, commit, rel)
        if moved:
            raise _moved(ref, rel, moved)
        raise _absent(ref, rel)
    done = _run(top, "archive", "--format=tar", commit, "--", where)
    if done.returncode != 0:  # the path is there: anything else is git failing, not absence
        raise CompatibilityError(
            f"cannot read the registry at git ref {ref!r} (git archive): "
            f"{done.stderr.decode(errors='replace').strip()}",
            hint="a shallow or partial clone may lack its files: fetch REF in full",
        )
    import tarfile  # only `--against` needs these
    import tempfile

    target = Path(tempfile.mkdtemp(prefix="eventkit-against-"))
    try:
        try:
            with tarfile.open(fileobj=BytesIO(done.stdout)) as archive:
                archive.extractall(target, filter="data")
        except tarfile.FilterError as error:  # a link leading out of the tree, an absolute path
            raise CompatibilityError(
                f"the registry at git ref {ref!r} cannot be loaded (unsafe-path): {error}",
                hint="a registry entry must not be a link leading out of the registry: fix it "
                "at that ref, or pass another ref",
            ) from None
        except tarfile.TarError as error:
            raise CompatibilityError(
                f"cannot unpack the registry at git ref {ref!r} (git archive): {error}"
            ) from None
        _unaltered(top, commit, where, target, ref)
        folder = target / where
        if not (folder / CONFIG_FILE).is_file():  # not a regular file once unpacked (a link)
            raise CompatibilityError(
                f"the registry at git ref {ref!r} cannot be loaded: "
                f"{_inside(where, CONFIG_FILE)} is not a regular file there"
            )
        try:
            registry = load_registry(folder)
        except EventkitError as error:
            raise CompatibilityError(
                f"the registry at git ref {ref!r} cannot be loaded: {error.message}"
            ) from None
        yield registry
    finally:
        shutil.rmtree(target, ignore_errors=True)


def _fetch_hint(root: Path, commit_name: str) -> str:
    """What to do about `commit_name` missing: in a shallow clone (CI checkouts fetch one
    commit by default) the ref is usually beyond its history, whatever its name."""
    if (_git_ok(root, "rev-parse", "--is-shallow-repository") or b"").strip() == b"true":
        return (
            f"this clone is shallow (its history is cut short), so {commit_name!r} may lie "
            "beyond it: fetch the history (`git fetch --unshallow`, or in CI check out with "
            "fetch-depth: 0), or pass a branch, tag or commit"
        )
    return (
        f"fetch it first (CI: {_fetch_command(root, commit_name)}, or check out with "
        "fetch-depth: 0), or pass a branch, tag or commit"
    )


def _fetch_command(root: Path, commit_name: str) -> str:
    """The fetch that brings `commit_name` when it names a remote's branch (``origin/master``,
    or a commit counted from one, ``origin/master~1``: `git fetch origin master`), else the
    general form: never a branch the user did not name."""
    remote, slash, branch = commit_name.partition("/")
    branch = re.split(r"[~^@:]", branch, maxsplit=1)[0]  # `main~1`, `main^2`, `main@{1}`
    if slash and branch:
        remotes = (_git_ok(root, "remote") or b"").decode(errors="replace").split()
        if remote in remotes:
            return f"`git fetch {shlex.quote(remote)} {shlex.quote(branch)}`"
    return "`git fetch origin BRANCH`"


def _split(ref: str) -> tuple[str, str | None]:
    """(the commit-ish, the registry's path at it or None) of `REF` or `REF:PATH` (git refs
    cannot contain a colon, so the first one separates them)."""
    name, colon, path = ref.partition(":")
    if not colon:
        return ref, None
    clean = posixpath.normpath(path.strip() or ".")
    if not name or clean.startswith(("/", "../")) or clean == "..":
        raise CompatibilityError(
            f"--against {ref!r}: expected REF or REF:PATH, PATH relative to the repository's "
            "top (e.g. origin/main:schemas)"
        )
    return name, clean


def _has_registry(top: Path, commit: str, where: str) -> bool:
    """Whether `where` holds an eventkit.toml file (the mark of a registry) at `commit`."""
    kind = _git_ok(top, "cat-file", "-t", f"{commit}:{_inside(where, CONFIG_FILE)}")
    return kind is not None and kind.strip() == b"blob"


def _inside(folder: str, name: str) -> str:
    """`folder/name` as git names a path at a commit (a leading "./" would be cwd-relative)."""
    return name if folder == "." else f"{folder}/{name}"


def _moved_from(top: Path, commit: str, rel: str) -> list[str]:
    """The registry folders `commit` holds (an eventkit.toml) other than `rel` and that the
    working tree no longer has: where the registry at `rel` may have come from."""
    listing = _git(top, "ls-tree", "-r", "--name-only", "-z", commit).split(b"\0")
    out = []
    for raw in listing:
        name = raw.decode(errors="replace")
        if posixpath.basename(name) != CONFIG_FILE:
            continue
        folder = posixpath.dirname(name) or "."
        if folder != rel and not (top / folder / CONFIG_FILE).is_file():
            out.append(folder)
    return sorted(out)


def _unaltered(top: Path, commit: str, where: str, target: Path, ref: str) -> None:
    """Make every file `commit` holds under `where` be in `target` with its content there.

    `git archive` obeys the .gitattributes of the tree it reads: `export-ignore` leaves a file
    out and `export-subst` rewrites it (a folder kept out of release tarballs, say). A released
    version left out would pass as never released and an edit to it go unseen, so each file
    missing or different is written from the object database instead.
    """
    expected: dict[str, str] = {}  # path -> blob id, regular files (links are kept as links)
    for entry in _git(top, "ls-tree", "-r", "-z", commit, "--", where).split(b"\0"):
        meta, tab, raw = entry.partition(b"\t")
        fields = meta.split()
        if tab and len(fields) == 3 and fields[1] == b"blob" and fields[0] != b"120000":
            expected[raw.decode(errors="surrogateescape")] = fields[2].decode()
    names = list(expected)
    differ = [name for name in names if not (target / name).is_file()]
    present = [name for name in names if name not in differ]
    if present:
        listed = "".join(f"{target / name}\n" for name in present).encode(errors="surrogateescape")
        done = _run(top, "hash-object", "--no-filters", "--stdin-paths", feed=listed)
        ids = done.stdout.decode().split() if done.returncode == 0 else []
        if len(ids) != len(present):
            raise CompatibilityError(
                f"cannot verify the registry read at git ref {ref!r} (git hash-object): "
                f"{done.stderr.decode(errors='replace').strip()}"
            )
        differ += [name for name, oid in zip(present, ids, strict=True) if oid != expected[name]]
    for name in differ:
        path = target / name
        if not path.resolve().is_relative_to(target.resolve()):  # a folder that is a link
            raise CompatibilityError(
                f"the registry at git ref {ref!r} cannot be loaded (unsafe-path): {name}"
            )
        blob = _git(top, "cat-file", "blob", expected[name])
        path.unlink(missing_ok=True)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(blob)


def _moved(ref: str, rel: str, moved: list[str]) -> RegistryMovedAtRefError:
    places = " and ".join(repr(m) for m in moved)
    return RegistryMovedAtRefError(
        f"the registry folder {rel!r} does not exist at git ref {ref!r}, but {places} held a "
        f"registry there and no longer {'does' if len(moved) == 1 else 'do'}: the registry was "
        "moved or renamed, and comparing it with nothing would pass every breaking change",
        hint="compare with the registry where REF held it: "
        + " or ".join(f"--against {ref}:{m}" for m in moved)
        + " (if this registry is new, not that one moved, check it without --against once)",
        ref=ref,
        path=rel,
        old_paths=tuple(moved),
    )


def _absent(ref: str, rel: str) -> RegistryAbsentAtRefError:
    return RegistryAbsentAtRefError(
        f"the registry folder {rel!r} does not exist at git ref {ref!r}",
        hint="pass a ref where the registry exists, or drop --against for the first commit of a registry",
        ref=ref,
        path=rel,
    )


def _git(cwd: Path | str, *args: str) -> bytes:
    done = _run(cwd, *args)
    if done.returncode == 0:
        return done.stdout
    said = done.stderr.decode(errors="replace").strip()
    owned = re.search(r"dubious ownership in repository at '([^']*)'", said)
    if owned:  # a CI container whose user does not own the checkout: git refuses it
        raise CompatibilityError(
            f"git refuses to read the repository at {owned.group(1)}: it belongs to another "
            "user (git's safe.directory check)",
            hint="if you trust it, run `git config --global --add safe.directory "
            f"{shlex.quote(owned.group(1))}` first (in a CI container, for the checkout's folder)",
        )
    if args[0] == "rev-parse" and "not a git repository" in said:
        raise CompatibilityError(f"{cwd} is not inside a git repository; --against needs one")
    raise CompatibilityError(
        f"git {args[0]} failed in {cwd}: {said.splitlines()[0] if said else 'no message'}"
    )


def _git_ok(cwd: Path | str, *args: str) -> bytes | None:
    done = _run(cwd, *args)
    return done.stdout if done.returncode == 0 else None


def _run(
    cwd: Path | str, *args: str, feed: bytes | None = None
) -> subprocess.CompletedProcess[bytes]:
    try:
        return subprocess.run(["git", *args], cwd=cwd, capture_output=True, check=False, input=feed)
    except OSError as error:
        raise CompatibilityError(f"cannot run git: {error}") from None
