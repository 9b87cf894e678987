"""The package `eventkit codegen` writes is typed for its users (PEP 561) once it is installed:
a service ships it in its wheel (docs/adopting.md "Shipping the models with your service"),
and another service that installs that wheel type-checks its own code against the models.
Without a `py.typed` marker, mypy skips an installed package ("missing library stubs or
py.typed marker") and every model is `Any`.

The installed package is simulated by a virtualenv whose site-packages holds the generated
package and points (a .pth file) at this environment's packages, as pip would leave it."""

from __future__ import annotations

import site
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

BIN = Path(sys.executable).parent
CONSUMER = """\
from acme_events.accounts import AccountCreatedV1


def account_of(event: AccountCreatedV1) -> str:
    return event.account_id
"""


def _eventkit(cwd: Path, *args: str) -> None:
    subprocess.run([str(BIN / "eventkit"), *args], cwd=cwd, check=True, capture_output=True)


def _site_packages(venv: Path) -> Path:
    relative = Path(sysconfig.get_path("purelib")).relative_to(sysconfig.get_path("data"))
    return venv / relative


def _this_environment() -> list[str]:
    """This environment's site-packages and the folders its .pth files add (the editable
    install's src/), each as a line of a .pth file."""
    lines = []
    for folder in site.getsitepackages():
        lines.append(folder)
        for pth in sorted(Path(folder).glob("*.pth")):
            text = pth.read_text(encoding="utf-8").splitlines()
            lines += [line for line in text if line and Path(line).is_dir()]
    return lines


@pytest.mark.slow
def test_an_installed_generated_package_is_typed(tmp_path: Path) -> None:
    project, venv = tmp_path / "orders", tmp_path / "venv"
    (project / "src").mkdir(parents=True)
    _eventkit(project, "init", "--package", "acme_events", "--no-ci", "--no-pre-commit")
    _eventkit(project, "codegen")
    assert (project / "src" / "acme_events" / "py.typed").is_file()
    _eventkit(project, "codegen", "--check")  # the marker is part of what codegen keeps

    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    installed = _site_packages(venv)
    _eventkit(project, "codegen", "--out", str(installed / "acme_events"))
    (installed / "this-environment.pth").write_text("\n".join(_this_environment()) + "\n")
    consumer = tmp_path / "consumer"
    consumer.mkdir()
    (consumer / "billing.py").write_text(CONSUMER)
    ran = subprocess.run(
        [
            str(BIN / "mypy"),
            "--strict",
            "--no-incremental",
            "--python-executable",
            str(venv / "bin" / "python"),
            "billing.py",
        ],
        cwd=consumer,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert ran.returncode == 0, ran.stdout + ran.stderr
