"""A build killed outright (SIGKILL) leaves its staging folder inside --out: the next build
removes it (only a folder named and filled as a staging folder, never through a link), and
never one a build running meanwhile is writing (that second build is refused instead).
Before, the folder stayed for good, and was published with the site (a gh-pages branch with
`.nojekyll` serves dot-folders)."""

from __future__ import annotations

import errno
import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from eventkit.catalog import MARKER, build_catalog
from eventkit.cli import app
from eventkit.errors import EXIT_OK, EXIT_USAGE, CatalogError
from eventkit.registry import load_registry
from tests._child_cli import cli
from tests.registry._build import build, schema

PREFIX = ".eventkit-catalog-staging-"

# A build in a child process that, once it has written `writes` files of its staging
# folder, either kills itself (SIGKILL) or says so in `ready` and waits for `go` to exist.
_CHILD = textwrap.dedent(
    """
    import os, signal, sys, time
    from pathlib import Path
    from eventkit.catalog import build_catalog
    from eventkit.registry import load_registry

    schemas, out, writes, ready, go = sys.argv[1:]
    registry = load_registry(schemas)
    real = os.open
    count = 0

    def paused(path, flags, *args, **kwargs):
        global count
        if flags & os.O_CREAT and PREFIX in os.fsdecode(path):
            count += 1
            if count == int(writes):
                if ready == "-":
                    os.kill(os.getpid(), signal.SIGKILL)
                Path(ready).touch()
                deadline = time.monotonic() + 60
                while not Path(go).exists() and time.monotonic() < deadline:
                    time.sleep(0.02)
        return real(path, flags, *args, **kwargs)

    os.open = paused
    build_catalog(registry, out)
    """
).replace("PREFIX", repr(PREFIX))


def _registry(root: Path) -> Path:
    files = {f"svc/{name}/1.0.0.json": schema() for name in ("A", "B", "C")}
    return build(root, files)


def _child(schemas: Path, out: Path, ready: str = "-", go: str = "-") -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", _CHILD, str(schemas), str(out), "3", ready, go], text=True
    )


def _staging(out: Path) -> list[str]:
    return sorted(p.name for p in out.iterdir() if p.name.startswith(PREFIX))


def test_the_next_build_removes_the_staging_folder_of_a_killed_one_and_only_that(
    tmp_path: Path,
) -> None:
    schemas, out = _registry(tmp_path / "reg"), tmp_path / "site"
    build_catalog(load_registry(schemas), out)
    killed = _child(schemas, out)
    assert killed.wait(timeout=60) == -9
    [left] = _staging(out)
    # dot-entries of the user's that look like one: another name, other contents, a link
    (out / ".git").mkdir()
    (out / f"{PREFIX}keep").mkdir()
    (out / f"{PREFIX}mine1234").mkdir()
    (out / f"{PREFIX}mine1234" / "notes.txt").write_text("the user's")
    elsewhere = tmp_path / "elsewhere"
    (elsewhere / "site").mkdir(parents=True)
    (elsewhere / "site" / "page.html").write_text("not the catalog's")
    (out / f"{PREFIX}link5678").symlink_to(elsewhere, target_is_directory=True)

    code, _, err = cli("catalog", "--schemas", str(schemas), "--out", str(out))

    assert code == EXIT_OK, err
    assert left not in _staging(out)
    assert _staging(out) == [f"{PREFIX}keep", f"{PREFIX}link5678", f"{PREFIX}mine1234"]
    assert (out / f"{PREFIX}mine1234" / "notes.txt").read_text() == "the user's"
    assert (elsewhere / "site" / "page.html").read_text() == "not the catalog's"
    assert (out / ".git").is_dir()
    assert (out / MARKER).is_file()
    assert (out / "events" / "svc" / "C.html").is_file()


def test_a_first_build_killed_leaves_a_folder_the_next_one_builds_into(tmp_path: Path) -> None:
    schemas, out = _registry(tmp_path / "reg"), tmp_path / "site"
    assert _child(schemas, out).wait(timeout=60) == -9
    assert _staging(out)
    code, _, err = cli("catalog", "--schemas", str(schemas), "--out", str(out))
    assert code == EXIT_OK, err
    assert _staging(out) == []
    assert (out / "index.html").is_file()


def test_a_build_while_another_writes_into_the_folder_is_refused_and_removes_nothing(
    tmp_path: Path,
) -> None:
    schemas, out = _registry(tmp_path / "reg"), tmp_path / "site"
    ready, go = tmp_path / "ready", tmp_path / "go"
    writing = _child(schemas, out, str(ready), str(go))
    try:
        deadline = time.monotonic() + 60
        while not ready.exists() and writing.poll() is None and time.monotonic() < deadline:
            time.sleep(0.02)
        assert ready.exists()
        [theirs] = _staging(out)
        with pytest.raises(CatalogError) as caught:
            build_catalog(load_registry(schemas), out)
        assert caught.value.code == "catalog"
        assert caught.value.path == str(out)
        assert _staging(out) == [theirs]
    finally:
        go.touch()
        assert writing.wait(timeout=60) == 0
    assert _staging(out) == []
    assert (out / "events" / "svc" / "C.html").is_file()


def test_an_existing_folder_that_cannot_be_written_is_a_usage_error_naming_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    schemas, out = _registry(tmp_path / "reg"), tmp_path / "site"
    out.mkdir()
    real_mkdir = os.mkdir

    def read_only(path: Any, *args: Any, **kwargs: Any) -> None:
        # what a folder without write permission answers (tests may run as root)
        if Path(os.fsdecode(path)).parent == out:
            raise PermissionError(errno.EACCES, "Permission denied", os.fsdecode(path))
        real_mkdir(path, *args, **kwargs)

    monkeypatch.setattr(os, "mkdir", read_only)
    result = CliRunner().invoke(app, ["catalog", "--schemas", str(schemas), "--out", str(out)])
    assert result.exit_code == EXIT_USAGE, result.output
    assert isinstance(result.exception, SystemExit)
    with pytest.raises(CatalogError) as caught:
        build_catalog(load_registry(schemas), out)
    assert caught.value.path == str(out)
    assert list(out.iterdir()) == []
