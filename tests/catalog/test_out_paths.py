"""Where `eventkit catalog --out` and `eventkit asyncapi --out` may write."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from eventkit.catalog import build_catalog
from eventkit.catalog.asyncapi import write_document
from eventkit.cli import app
from eventkit.errors import EXIT_OK, EXIT_USAGE, CatalogError
from eventkit.registry import load_registry

REPO = Path(__file__).resolve().parents[2]
runner = CliRunner()


@pytest.fixture
def shop(tmp_path: Path) -> Path:
    return Path(shutil.copytree(REPO / "schemas", tmp_path / "shop"))


def _files(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*"))


@pytest.mark.parametrize(
    "command", [["catalog", "--out", "site"], ["asyncapi", "--out", "asyncapi.yaml"]]
)
def test_an_output_inside_the_registry_is_refused_and_nothing_written(
    shop: Path, command: list[str]
) -> None:
    """Written into the registry, the output became files the loader refuses: every command
    reading the registry then failed."""
    before = _files(shop)
    name, option, inside = command
    result = runner.invoke(app, [name, "--schemas", str(shop), option, str(shop / inside)])
    assert result.exit_code == EXIT_USAGE, result.output
    assert _files(shop) == before
    assert runner.invoke(app, ["lint", "--schemas", str(shop)]).exit_code == EXIT_OK


def test_the_refusal_names_the_output_and_the_registry(shop: Path) -> None:
    registry = load_registry(shop)
    for out in (shop / "site", shop, shop / "orders" / "site"):
        with pytest.raises(CatalogError) as caught:
            build_catalog(registry, out)
        assert (caught.value.path, caught.value.registry) == (str(out), str(registry.root))
    with pytest.raises(CatalogError) as caught:
        write_document(shop / "api.yaml", "x", registry_root=registry.root)
    assert (caught.value.path, caught.value.registry) == (str(shop / "api.yaml"), str(shop))
    assert not (shop / "site").exists()
    assert not (shop / "api.yaml").exists()


def test_a_linked_way_into_the_registry_is_refused_too(shop: Path, tmp_path: Path) -> None:
    link = tmp_path / "link"
    link.symlink_to(shop, target_is_directory=True)
    result = runner.invoke(app, ["catalog", "--schemas", str(shop), "--out", str(link / "site")])
    assert result.exit_code == EXIT_USAGE, result.output
    assert not (shop / "site").exists()


def test_a_dot_folder_of_the_registry_is_allowed(shop: Path) -> None:
    """The loader ignores dot-entries: output there leaves the registry as it was."""
    site = runner.invoke(app, ["catalog", "--schemas", str(shop), "--out", str(shop / ".site")])
    assert site.exit_code == EXIT_OK, site.output
    doc = shop / ".api.yaml"
    api = runner.invoke(app, ["asyncapi", "--schemas", str(shop), "--out", str(doc)])
    assert api.exit_code == EXIT_OK, api.output
    assert (shop / ".site" / "index.html").is_file()
    assert doc.is_file()
    assert runner.invoke(app, ["lint", "--schemas", str(shop)]).exit_code == EXIT_OK


def test_a_folder_holding_only_dot_entries_is_built_into_and_they_stay(tmp_path: Path) -> None:
    """A gh-pages worktree (only `.git`) was refused as "not empty" on the first build."""
    out = tmp_path / "gh-pages"
    out.mkdir()
    (out / ".git").write_text("gitdir: /elsewhere/.git/worktrees/gh-pages\n")
    (out / ".nojekyll").write_text("")
    (out / ".github").mkdir()
    (out / ".github" / "CODEOWNERS").write_text("* @docs\n")
    schemas = str(REPO / "schemas")
    for _ in range(2):  # the first build, then a rebuild of it
        result = runner.invoke(app, ["catalog", "--schemas", schemas, "--out", str(out)])
        assert result.exit_code == EXIT_OK, result.output
    assert (out / "index.html").is_file()
    assert (out / ".git").read_text() == "gitdir: /elsewhere/.git/worktrees/gh-pages\n"
    assert (out / ".nojekyll").is_file()
    assert (out / ".github" / "CODEOWNERS").is_file()


def test_a_dot_entry_a_manifest_lists_is_never_removed(tmp_path: Path) -> None:
    out = tmp_path / "site"
    build_catalog(load_registry(REPO / "schemas"), out)
    (out / ".git").write_text("gitdir: x\n")
    (out / ".github").mkdir()
    (out / ".github" / "CODEOWNERS").write_text("* @docs\n")
    manifest = json.loads((out / ".eventkit-catalog.json").read_text())
    manifest["files"] += [".git", ".github/CODEOWNERS"]
    (out / ".eventkit-catalog.json").write_text(json.dumps(manifest))
    build_catalog(load_registry(REPO / "schemas"), out)
    assert (out / ".git").is_file()
    assert (out / ".github" / "CODEOWNERS").is_file()


def test_a_linked_out_is_refused_and_nothing_is_written_through_it(tmp_path: Path) -> None:
    real = tmp_path / "real"
    real.mkdir()
    link = tmp_path / "link"
    link.symlink_to(real, target_is_directory=True)
    with pytest.raises(CatalogError) as caught:
        build_catalog(load_registry(REPO / "schemas"), link)
    assert caught.value.path == str(link)
    assert list(real.iterdir()) == []
