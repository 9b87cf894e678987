"""`eventkit compat` and `check --against` on hostile files (found by a defect hunt).

- A `$ref` in a schema led anywhere on disk (`/etc/passwd` was opened and parsed), and a `$ref`
  to a FIFO or `/dev/zero`, or a FIFO given as OLD or NEW, hung the command or ran it out of
  memory. Now referenced files stay inside the registry (or the schema's own folder outside a
  registry) and only regular files of a schema's size are read.
- `check --against REF` printed a tarfile traceback (exit 1, and no JSON with `--format
  json`) when the registry at REF held a link leading out; now the documented exit 2.

The CLI runs in a child process with a timeout: a regression fails instead of hanging.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from eventkit.errors import EXIT_BREAKING, EXIT_USAGE
from tests.registry._build import build, schema

LIMIT = 60  # seconds; a normal run takes one or two
DIALECT = "https://json-schema.org/draft/2020-12/schema"


def cli(*args: str, cwd: Path | None = None) -> tuple[int, str]:
    done = subprocess.run(
        [sys.executable, "-c", "from eventkit.cli import main; main()", *args],
        capture_output=True,
        text=True,
        timeout=LIMIT,
        check=False,
        cwd=cwd,
        env={**os.environ, "PYTHONUTF8": "1"},
    )
    output = done.stdout + done.stderr
    assert "Traceback" not in output
    return done.returncode, output


def _write(path: Path, document: object) -> Path:
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


@pytest.fixture
def old(tmp_path: Path) -> Path:
    return _write(tmp_path / "old.json", {"type": "object"})


@pytest.mark.parametrize("target", ["../../../../../../../../etc/passwd", "/dev/zero"])
def test_a_ref_leading_out_of_the_folder_is_refused(tmp_path: Path, old: Path, target: str) -> None:
    new = _write(tmp_path / "new.json", {"$schema": DIALECT, "$ref": target})
    code, output = cli("compat", str(old), str(new))
    assert code == EXIT_USAGE
    assert f"$ref {target!r}" in output
    assert "outside" in output
    assert "root:" not in output  # nothing of /etc/passwd is shown


def test_a_link_leading_out_is_refused_like_the_path(tmp_path: Path, old: Path) -> None:
    secret = tmp_path / "elsewhere" / "secret.json"
    secret.parent.mkdir()
    _write(secret, {"type": "string"})
    folder = tmp_path / "schemas"
    folder.mkdir()
    (folder / "shared.json").symlink_to(secret)
    new = _write(folder / "new.json", {"$schema": DIALECT, "$ref": "shared.json"})
    code, output = cli("compat", str(old), str(new))
    assert code == EXIT_USAGE
    assert "outside" in output


def test_a_fifo_is_never_opened_for_reading(tmp_path: Path, old: Path) -> None:
    os.mkfifo(tmp_path / "pipe")
    new = _write(tmp_path / "new.json", {"$schema": DIALECT, "$ref": "pipe"})
    code, output = cli("compat", str(old), str(new))
    assert code == EXIT_USAGE
    assert "FIFO" in output
    code, output = cli("compat", str(old), str(tmp_path / "pipe"))
    assert code == EXIT_USAGE
    assert "FIFO" in output


def test_a_sibling_file_and_a_registry_shared_file_still_resolve(tmp_path: Path, old: Path) -> None:
    _write(tmp_path / "sibling.json", {"type": "string"})
    new = _write(tmp_path / "new.json", {"$schema": DIALECT, "$ref": "sibling.json"})
    code, output = cli("compat", str(old), str(new))
    assert code == EXIT_BREAKING
    assert "TYPE_NARROWED" in output
    # inside a registry, a version reaches _shared/ two folders up
    root = build(
        tmp_path / "repo" / "schemas",
        {
            "_shared/money.json": {"type": "integer", "minimum": 0},
            "orders/OrderPlaced/1.0.0.json": schema(
                properties={"total": {"$ref": "../../_shared/money.json"}},
                examples=[{"total": 1}],
            ),
            "orders/OrderPlaced/1.1.0.json": schema(
                properties={"total": {"type": "integer"}}, examples=[{"total": 1}]
            ),
        },
    )
    versions = root / "orders" / "OrderPlaced"
    code, output = cli(
        "compat", str(versions / "1.1.0.json"), str(versions / "1.0.0.json"), "--mode", "BACKWARD"
    )
    assert code == EXIT_BREAKING, output
    assert "MINIMUM" in output


def _git(cwd: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@e", *args],
        cwd=cwd,
        check=True,
        capture_output=True,
    )


@pytest.mark.parametrize("link", ["/etc/passwd", "../../../../../../../../etc/passwd"])
def test_a_ref_whose_registry_links_out_is_a_clear_error(tmp_path: Path, link: str) -> None:
    root = build(
        tmp_path / "repo" / "schemas",
        {"s/E/1.0.0.json": schema(properties={"a": {"type": "string"}}, examples=[{"a": "x"}])},
    )
    _git(root.parent, "init", "-q", "-b", "main")
    _git(root.parent, "add", ".")
    _git(root.parent, "commit", "-q", "-m", "base")
    _git(root.parent, "checkout", "-q", "-b", "evil")
    (root / "s" / "E" / "2.0.0.json").symlink_to(link)
    _git(root.parent, "add", ".")
    _git(root.parent, "commit", "-q", "-m", "evil")
    _git(root.parent, "checkout", "-q", "main")
    code, output = cli("check", "--schemas", str(root), "--against", "evil", "--format", "json")
    assert code == EXIT_USAGE
    assert "the registry at git ref 'evil' cannot be loaded (unsafe-path)" in output
