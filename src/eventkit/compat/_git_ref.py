"""`check --against REF`: the registry folder as it was at a git ref, in a temporary folder
that is removed when the check is done (also when it fails)."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from io import BytesIO
from pathlib import Path

from eventkit.errors import CompatibilityError, EventkitError, RegistryAbsentAtRefError
from eventkit.registry import Registry, load_registry

__all__ = ["registry_at"]


@contextmanager
def registry_at(root: Path, ref: str) -> Iterator[Registry]:
    """The registry folder `root` as it was at git `ref` (via `git archive`, into a temporary
    folder, removed on leaving the block whatever happens: the check reads its files)."""
    root = Path(root).resolve()
    top = _git(root, "rev-parse", "--show-toplevel").decode().strip()
    rel = root.relative_to(Path(top).resolve()).as_posix()
    if _git_ok(root, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}") is None:
        raise CompatibilityError(
            f"git ref {ref!r} does not exist",
            hint="fetch it first (CI: `git fetch origin main`), or pass a branch, tag or commit",
        )
    data = _git_ok(top, "archive", "--format=tar", ref, "--", rel or ".")
    if data is None:
        raise _absent(ref, rel)
    import tarfile  # only `--against` needs these
    import tempfile

    target = Path(tempfile.mkdtemp(prefix="eventkit-against-"))
    try:
        try:
            with tarfile.open(fileobj=BytesIO(data)) as archive:
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
        folder = target / rel if rel else target
        if not (folder / "eventkit.toml").is_file():  # the pull request that adds the registry
            raise _absent(ref, rel)
        try:
            registry = load_registry(folder)
        except EventkitError as error:
            raise CompatibilityError(
                f"the registry at git ref {ref!r} cannot be loaded: {error.message}"
            ) from None
        yield registry
    finally:
        shutil.rmtree(target, ignore_errors=True)


def _absent(ref: str, rel: str) -> RegistryAbsentAtRefError:
    return RegistryAbsentAtRefError(
        f"the registry folder {rel or '.'!r} does not exist at git ref {ref!r}",
        hint="pass a ref where the registry exists, or drop --against for the first commit of a registry",
        ref=ref,
        path=rel or ".",
    )


def _git(cwd: Path | str, *args: str) -> bytes:
    result = _git_ok(cwd, *args)
    if result is None:
        raise CompatibilityError(f"{cwd} is not inside a git repository; --against needs one")
    return result


def _git_ok(cwd: Path | str, *args: str) -> bytes | None:
    try:
        done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, check=False)
    except OSError as error:
        raise CompatibilityError(f"cannot run git: {error}") from None
    return done.stdout if done.returncode == 0 else None
