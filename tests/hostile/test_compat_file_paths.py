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
from pathlib import Path

import pytest

from eventkit.errors import EXIT_BREAKING, EXIT_USAGE
from tests._child_cli import cli as child_cli
from tests._child_cli import git
from tests.registry._build import build, schema

LIMIT = 60  # seconds; a normal run takes one or two
DIALECT = "https://json-schema.org/draft/2020-12/schema"


def cli(*args: str) -> tuple[int, str]:
    code, out, err = child_cli(*args, timeout=LIMIT)
    return code, out + err


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


@pytest.mark.parametrize("link", ["/etc/passwd", "../../../../../../../../etc/passwd"])
def test_a_ref_whose_registry_links_out_is_a_clear_error(tmp_path: Path, link: str) -> None:
    root = build(
        tmp_path / "repo" / "schemas",
        {"s/E/1.0.0.json": schema(properties={"a": {"type": "string"}}, examples=[{"a": "x"}])},
    )
    git(root.parent, "init", "-q", "-b", "main")
    git(root.parent, "add", ".")
    git(root.parent, "commit", "-q", "-m", "base")
    git(root.parent, "checkout", "-q", "-b", "evil")
    (root / "s" / "E" / "2.0.0.json").symlink_to(link)
    git(root.parent, "add", ".")
    git(root.parent, "commit", "-q", "-m", "evil")
    git(root.parent, "checkout", "-q", "main")
    code, output = cli("check", "--schemas", str(root), "--against", "evil", "--format", "json")
    assert code == EXIT_USAGE
    assert "the registry at git ref 'evil' cannot be loaded (unsafe-path)" in output
