"""docs/adopting.md "Shipping the models with your service": the generated package is a package
of its own, which a service's build that takes only the service's package leaves out of what
is deployed (tests pass: they find src/). The build setting the docs show puts it in."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from tests.adoption._wheel import build_wheel

REPO = Path(__file__).resolve().parents[2]
PROJECT = """\
[project]
name = "orders-service"
version = "0.1.0"

[build-system]
requires = ["hatchling"]
build-backend = "hatchling.build"
"""


def _docs_setting() -> str:
    text = (REPO / "docs" / "adopting.md").read_text(encoding="utf-8")
    section = text[text.index("### Shipping the models with your service") :]
    return section[section.index("```toml\n") + len("```toml\n") : section.index("```\n", 8)]


def _wheel_files(project: Path, pyproject: str) -> list[str]:
    (project / "pyproject.toml").write_text(pyproject, encoding="utf-8")
    wheel = build_wheel(project, project / "dist")
    names = zipfile.ZipFile(wheel).namelist()
    wheel.unlink()
    return names


@pytest.mark.slow
def test_the_documented_build_setting_ships_the_generated_package(tmp_path: Path) -> None:
    for package in ("orders_service", "orders_events"):
        (tmp_path / "src" / package).mkdir(parents=True)
        (tmp_path / "src" / package / "__init__.py").write_text("")
    # The trap the section is about: hatchling's default takes the project's package only.
    assert "orders_events/__init__.py" not in _wheel_files(tmp_path, PROJECT)
    names = _wheel_files(tmp_path, PROJECT + "\n" + _docs_setting())
    assert {"orders_service/__init__.py", "orders_events/__init__.py"} <= set(names)
