"""A build that fails while writing leaves the previous site as it was: the pages are written
into a staging folder first and moved into place only once all of them are written. Before,
a write failing half-way left old and new pages mixed, with an error saying only "cannot
write ..."."""

from __future__ import annotations

import errno
import os
from pathlib import Path
from typing import Any

import pytest

from eventkit.catalog import MARKER, build_catalog
from eventkit.errors import CatalogError
from eventkit.registry import load_registry
from tests.registry._build import build, schema


def _registry(root: Path, said: str, events: list[str]) -> Path:
    files = {f"svc/{name}/1.0.0.json": schema(description=f"{name}: {said}") for name in events}
    return build(root, files)


def _snapshot(folder: Path) -> dict[str, bytes | None]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() if p.is_file() else None
        for p in sorted(folder.rglob("*"))
    }


def _disk_full_after(monkeypatch: pytest.MonkeyPatch, writes: int) -> None:
    """`os.open` for writing fails with ENOSPC once `writes` files were opened for writing."""
    real = os.open
    count = 0

    def failing(path: Any, flags: int, *args: Any, **kwargs: Any) -> int:
        nonlocal count
        if flags & os.O_CREAT:
            count += 1
            if count > writes:
                raise OSError(errno.ENOSPC, "No space left on device")
        return real(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", failing)


@pytest.mark.parametrize("writes", [0, 3, 6])
def test_a_write_failing_midway_leaves_the_previous_site_as_it_was(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, writes: int
) -> None:
    out = tmp_path / "site"
    build_catalog(load_registry(_registry(tmp_path / "old", "old", ["A", "B"])), out)
    (out / "notes.txt").write_text("the user's")
    before = _snapshot(out)
    newer = load_registry(_registry(tmp_path / "new", "new", ["A", "C"]))
    with monkeypatch.context() as patch:
        _disk_full_after(patch, writes)
        with pytest.raises(CatalogError) as caught:
            build_catalog(newer, out)
    assert caught.value.path.startswith(str(out))
    assert _snapshot(out) == before  # no page changed, no staging folder left behind
    build_catalog(newer, out)  # and the next run completes the new site
    assert "C: new" in (out / "events" / "svc" / "C.html").read_text(encoding="utf-8")
    assert not (out / "events" / "svc" / "B.html").exists()
    assert (out / "notes.txt").read_text() == "the user's"
    assert (out / MARKER).is_file()


def test_a_move_failing_midway_says_the_site_is_partly_updated_and_a_rerun_completes_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "site"
    build_catalog(load_registry(_registry(tmp_path / "old", "old", ["A", "B"])), out)
    newer = load_registry(_registry(tmp_path / "new", "new", ["A", "C"]))
    real = os.replace
    moves = 0

    def failing(source: Any, destination: Any, **kwargs: Any) -> None:
        nonlocal moves
        moves += 1
        if moves > 3:
            raise OSError(errno.EIO, "Input/output error")
        real(source, destination, **kwargs)

    with monkeypatch.context() as patch:
        patch.setattr(os, "replace", failing)
        with pytest.raises(CatalogError) as caught:
            build_catalog(newer, out)
    assert caught.value.path == str(out)
    assert not [p for p in out.iterdir() if p.name.startswith(".eventkit-catalog-staging-")]
    build_catalog(newer, out)
    assert not (out / "events" / "svc" / "B.html").exists()  # still known as stale
    assert "C: new" in (out / "events" / "svc" / "C.html").read_text(encoding="utf-8")
