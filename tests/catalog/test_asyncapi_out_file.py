"""`eventkit asyncapi --out FILE` replaced whatever FILE was without a word: `--out README.md`
or `--out pyproject.toml` destroyed the user's file. Now only a missing or empty file, or a
document a previous run wrote (YAML or JSON), is replaced; anything else is refused, exit 2,
naming the file, which is left byte for byte as it was."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from eventkit.errors import EXIT_OK, EXIT_USAGE
from tests._child_cli import cli

REPO = Path(__file__).resolve().parents[2]


def _asyncapi(out: Path, *options: str) -> tuple[int, str, str]:
    return cli("asyncapi", "--schemas", str(REPO / "schemas"), "--out", str(out), *options)


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("README.md", b"# Shop\n\nHow to run the shop.\n"),
        ("pyproject.toml", b'[project]\nname = "shop"\n'),
        ("asyncapi.yaml", b"asyncapi: 3.0.0\ninfo:\n  title: written by hand\n  version: 1.0.0\n"),
        ("data.bin", bytes(range(256))),
    ],
)
def test_a_file_eventkit_did_not_write_is_refused_and_kept(
    tmp_path: Path, name: str, content: bytes
) -> None:
    out = tmp_path / name
    out.write_bytes(content)

    code, stdout, stderr = _asyncapi(out)

    assert code == EXIT_USAGE, stderr
    assert str(out) in stderr
    assert "hint:" in stderr
    assert out.read_bytes() == content
    assert sorted(p.name for p in tmp_path.iterdir()) == [name]  # no temporary file left
    assert "wrote" not in stdout


@pytest.mark.parametrize("fmt", ["yaml", "json"])
def test_a_previous_document_or_an_empty_file_is_replaced(tmp_path: Path, fmt: str) -> None:
    out = tmp_path / f"asyncapi.{fmt}"
    out.touch()  # empty, as `mktemp` leaves it

    assert _asyncapi(out, "--format", fmt)[0] == EXIT_OK
    first = out.read_bytes()
    assert first.startswith(b"asyncapi: " if fmt == "yaml" else b'{\n  "asyncapi": ')

    stale = first.replace(b"OrderPlaced", b"OrderWasPlaced")  # an older registry's document
    out.write_bytes(stale)
    code, _, stderr = _asyncapi(out, "--format", fmt)
    assert code == EXIT_OK, stderr
    assert out.read_bytes() == first

    other = "json" if fmt == "yaml" else "yaml"  # the format switched: still ours
    assert _asyncapi(out, "--format", other)[0] == EXIT_OK
    assert out.read_bytes() != first


def test_a_previous_document_with_crlf_line_ends_is_replaced(tmp_path: Path) -> None:
    out = tmp_path / "asyncapi.yaml"
    assert _asyncapi(out)[0] == EXIT_OK
    first = out.read_bytes()
    out.write_bytes(first.replace(b"\n", b"\r\n"))  # as a checkout with autocrlf leaves it

    assert _asyncapi(out)[0] == EXIT_OK
    assert out.read_bytes() == first


def test_a_link_at_out_is_refused_and_its_target_kept(tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    target = elsewhere / "asyncapi.yaml"
    assert _asyncapi(target)[0] == EXIT_OK  # even a document of ours, out of the named folder
    before = target.read_bytes()
    named = tmp_path / "site"
    named.mkdir()
    (named / "asyncapi.yaml").symlink_to(target)

    code, _, stderr = _asyncapi(named / "asyncapi.yaml")

    assert code == EXIT_USAGE
    assert str(named / "asyncapi.yaml") in stderr
    assert target.read_bytes() == before
    assert (named / "asyncapi.yaml").is_symlink()


def test_a_registry_file_is_refused_and_kept(tmp_path: Path) -> None:
    schemas = tmp_path / "schemas"
    shutil.copytree(REPO / "schemas", schemas)
    out = schemas / "orders" / "OrderPlaced" / "1.0.0.json"
    before = out.read_bytes()

    code, _, stderr = cli("asyncapi", "--schemas", str(schemas), "--out", str(out))

    assert code == EXIT_USAGE
    assert str(out) in stderr
    assert out.read_bytes() == before
