"""Where `[codegen] out` may point: an absolute path is used as it is, and codegen writes only
the folder it names; the filesystem root, the registry's parent, or a folder of other files
(a home folder) is refused with exit 2, nothing written there or removed."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from eventkit_codegen import generate
from typer.testing import CliRunner

from eventkit.cli import app
from eventkit.errors import EXIT_OK, EXIT_USAGE, CodegenError
from tests.codegen._things import package_files, things_registry
from tests.registry._build import CONFIG


def _project(tmp_path: Path, out: str) -> Path:
    registry = things_registry(tmp_path / "project" / "schemas", ["svc"])
    config = CONFIG + f"[codegen]\nout = {out!r}\n".replace("'", '"')
    (registry / "eventkit.toml").write_text(config, encoding="utf-8")
    return registry


def _tree(root: Path) -> dict[str, bytes]:
    return package_files(root)


def test_an_absolute_out_is_written_there_and_nowhere_else(tmp_path: Path) -> None:
    target = tmp_path / "elsewhere" / "abs_events"
    registry = _project(tmp_path, target.as_posix())
    before = _tree(tmp_path / "project")
    cli = CliRunner().invoke(app, ["codegen", "--schemas", str(registry)])
    assert cli.exit_code == EXIT_OK, cli.output
    assert (target / "svc" / "thing0_happened_v1.py").is_file()
    assert _tree(tmp_path / "project") == before
    assert sorted(p.name for p in (tmp_path / "elsewhere").iterdir()) == ["abs_events"]


@pytest.mark.parametrize("where", ["root", "parent", "home"])
def test_out_at_a_folder_that_is_not_a_package_of_its_own_is_refused(
    tmp_path: Path, where: str
) -> None:
    home = tmp_path / "home"
    (home / ".config").mkdir(parents=True)
    (home / ".bashrc").write_text("alias ll='ls -l'\n", encoding="utf-8")
    out = {"root": "/", "parent": "..", "home": home.as_posix()}[where]
    registry = _project(tmp_path, out)
    before = _tree(tmp_path)
    cli = CliRunner().invoke(app, ["codegen", "--schemas", str(registry)])
    assert cli.exit_code == EXIT_USAGE, cli.output
    assert "Traceback" not in cli.output
    with pytest.raises(CodegenError) as caught:
        generate(registry)
    assert caught.value.code == "codegen"
    hint = caught.value.hint or ""
    suggested = re.findall(r'out = "([^"]*)"', hint)  # a suggested out must name a package
    assert all(s.rsplit("/", 1)[-1].isidentifier() for s in suggested), hint
    assert _tree(tmp_path) == before  # nothing written, nothing removed
