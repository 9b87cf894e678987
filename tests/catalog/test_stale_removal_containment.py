"""Stale-file removal touches only regular files inside --out, reached through real folders.

A previous catalog's `.eventkit-catalog.json` lists the files to remove once they are no
longer built. A listed path through a linked folder, with `..`, absolute, or itself a link
must never remove anything outside --out; and a refused build removes nothing at all.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from eventkit.catalog import MARKER, build_catalog
from eventkit.catalog import _site as site
from eventkit.cli import app
from eventkit.errors import EXIT_OK, EXIT_USAGE, CatalogError
from eventkit.registry import load_registry
from tests.registry._build import CONFIG, build, schema

runner = CliRunner()


@pytest.fixture(params=["descriptor", "path"], autouse=True)
def removal(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Run every test with both ways of removing (folder descriptors, and the path-based
    fallback for platforms without them)."""
    if request.param == "descriptor" and not getattr(site, "_BY_DESCRIPTOR", True):
        pytest.skip("this platform cannot remove through folder descriptors")
    monkeypatch.setattr(site, "_BY_DESCRIPTOR", request.param == "descriptor", raising=False)
    return str(request.param)


@pytest.fixture
def schemas(tmp_path: Path) -> Path:
    return build(tmp_path / "schemas", {"svc/Thing/1.0.0.json": schema()}, config=CONFIG)


def previous_catalog(out: Path, listed: list[str]) -> None:
    """Make `out` look like a catalog built before that wrote `listed`."""
    out.mkdir(exist_ok=True)
    manifest = {"generator": "eventkit 0.1.0", "files": listed}
    (out / MARKER).write_text(json.dumps(manifest) + "\n", encoding="utf-8")


def catalog(schemas: Path, out: Path) -> tuple[int, str]:
    result = runner.invoke(app, ["catalog", "--schemas", str(schemas), "--out", str(out)])
    assert "Traceback" not in result.output
    return result.exit_code, result.output


def test_a_stale_path_through_a_linked_folder_is_left_alone(tmp_path: Path, schemas: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "keep.txt").write_text("precious")
    out = tmp_path / "site"
    previous_catalog(out, ["victim/keep.txt", "old/Gone.html"])
    (out / "victim").symlink_to(outside, target_is_directory=True)
    (out / "old").mkdir()
    (out / "old" / "Gone.html").write_text("stale page")

    code, output = catalog(schemas, out)

    assert code == EXIT_OK, output
    assert (outside / "keep.txt").read_text() == "precious"
    assert (out / "victim").is_symlink()  # not the catalog's: left as it was
    assert not (out / "old" / "Gone.html").exists()  # a real stale file is still removed
    assert (out / "index.html").is_file()
    assert "victim/keep.txt" not in json.loads((out / MARKER).read_text())["files"]


def test_a_link_deeper_down_is_not_followed_either(tmp_path: Path, schemas: Path) -> None:
    outside = tmp_path / "outside"
    (outside / "deep").mkdir(parents=True)
    (outside / "deep" / "keep.txt").write_text("precious")
    out = tmp_path / "site"
    previous_catalog(out, ["old/inner/deep/keep.txt", "old/inner/keep.txt"])
    (out / "old").mkdir()
    (out / "old" / "inner").symlink_to(outside, target_is_directory=True)
    (outside / "keep.txt").write_text("precious too")

    build_catalog(load_registry(schemas), out)

    assert (outside / "deep" / "keep.txt").read_text() == "precious"
    assert (outside / "keep.txt").read_text() == "precious too"


def test_a_refused_build_removes_nothing(tmp_path: Path, schemas: Path) -> None:
    # The linked folder is one the catalog writes: the build is refused (exit 2) before
    # any stale file, behind the link or not, is removed.
    outside = tmp_path / "outside"
    (outside / "svc").mkdir(parents=True)
    (outside / "svc" / "Old.html").write_text("precious")
    out = tmp_path / "site"
    previous_catalog(out, ["events/svc/Old.html", "old/Gone.html"])
    (out / "events").symlink_to(outside, target_is_directory=True)
    (out / "old").mkdir()
    (out / "old" / "Gone.html").write_text("stale page")
    marker = (out / MARKER).read_text()

    code, output = catalog(schemas, out)

    assert code == EXIT_USAGE, output
    assert str(out / "events") in output
    assert "in the way" in output
    assert (outside / "svc" / "Old.html").read_text() == "precious"
    assert (out / "old" / "Gone.html").read_text() == "stale page"  # nothing removed
    assert (out / MARKER).read_text() == marker  # nothing written
    assert not (out / "index.html").exists()


def test_a_link_to_a_folder_the_catalog_needs_deeper_down_is_refused_first(
    tmp_path: Path, schemas: Path
) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "Old.html").write_text("precious")
    out = tmp_path / "site"
    previous_catalog(out, ["events/svc/Old.html", "assets/old.css"])
    (out / "events").mkdir()
    (out / "events" / "svc").symlink_to(outside, target_is_directory=True)
    (out / "assets").mkdir()
    (out / "assets" / "old.css").write_text("stale")

    with pytest.raises(CatalogError) as caught:
        build_catalog(load_registry(schemas), out)

    assert caught.value.path == str(out / "events" / "svc")
    assert (outside / "Old.html").read_text() == "precious"
    assert (out / "assets" / "old.css").read_text() == "stale"


def test_a_folder_where_a_page_goes_is_refused_before_removing(
    tmp_path: Path, schemas: Path
) -> None:
    out = tmp_path / "site"
    previous_catalog(out, ["old/Gone.html"])
    (out / "old").mkdir()
    (out / "old" / "Gone.html").write_text("stale page")
    (out / "index.html").mkdir()

    code, output = catalog(schemas, out)

    assert code == EXIT_USAGE, output
    assert str(out / "index.html") in output
    assert (out / "old" / "Gone.html").read_text() == "stale page"


def test_dotdot_absolute_and_linked_entries_never_remove_outside(
    tmp_path: Path, schemas: Path
) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    victims = [outside / f"keep{i}.txt" for i in range(4)]
    for victim in victims:
        victim.write_text("precious")
    out = tmp_path / "site"
    previous_catalog(
        out,
        [
            "../outside/keep0.txt",
            str(victims[1]),
            "link.txt",
            "sub/../../outside/keep3.txt",
            "old\\..\\..\\outside\\keep3.txt",
            "nul\u0000.txt",
            "",
        ],
    )
    (out / "link.txt").symlink_to(victims[2])
    (out / "sub").mkdir()

    code, output = catalog(schemas, out)

    assert code == EXIT_OK, output
    for victim in victims:
        assert victim.read_text() == "precious"
    assert (out / "link.txt").is_symlink()


def test_stale_pages_of_a_real_previous_catalog_are_still_removed(
    tmp_path: Path, schemas: Path
) -> None:
    out = tmp_path / "site"
    build_catalog(load_registry(schemas), out)
    manifest = json.loads((out / MARKER).read_text())
    (out / "events" / "svc" / "Gone.html").write_text("stale page")
    (out / "services" / "gone.html").write_text("stale service")
    (out / "mine.txt").write_text("the user's")
    manifest["files"] += ["events/svc/Gone.html", "services/gone.html", "missing/x.html"]
    (out / MARKER).write_text(json.dumps(manifest))

    build_catalog(load_registry(schemas), out)

    assert not (out / "events" / "svc" / "Gone.html").exists()
    assert not (out / "services" / "gone.html").exists()
    assert (out / "mine.txt").read_text() == "the user's"
    assert (out / "events" / "svc" / "Thing.html").is_file()
