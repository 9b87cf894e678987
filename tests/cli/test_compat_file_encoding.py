"""`eventkit compat OLD NEW` names a schema file saved as UTF-8 "with BOM" or in another
encoding as the registry's loader does (what it is, where, and how to save it), instead of
Python's own words ("Unexpected UTF-8 BOM (decode using utf-8-sig)", "'utf-8' codec can't
decode byte 0xe9 in position 40"), and every such error has a hint."""

from __future__ import annotations

import json
from pathlib import Path

from eventkit.errors import EXIT_USAGE
from tests._child_cli import cli

SCHEMA = {"type": "object", "description": "An order", "properties": {"a": {"type": "string"}}}


def _files(tmp_path: Path, old: bytes) -> tuple[str, str]:
    (tmp_path / "old.json").write_bytes(old)
    (tmp_path / "new.json").write_text(json.dumps(SCHEMA), encoding="utf-8")
    return "old.json", "new.json"


def test_a_bom_is_named_with_its_fix(tmp_path: Path) -> None:
    old, new = _files(tmp_path, b"\xef\xbb\xbf" + json.dumps(SCHEMA).encode())
    code, _, err = cli("compat", old, new, cwd=tmp_path)
    assert code == EXIT_USAGE
    assert "old.json:1:1: not valid JSON: the file starts with a UTF-8 byte order mark" in err
    assert "hint: save it as UTF-8 without a BOM" in err
    assert "utf-8-sig" not in err


def test_bytes_that_are_not_utf8_are_named_by_line(tmp_path: Path) -> None:
    text = json.dumps(SCHEMA, indent=2).replace("An order", "Une commande pass\u00e9e")
    old, new = _files(tmp_path, text.encode("latin-1"))
    code, out, err = cli("compat", old, new, "--format", "json", cwd=tmp_path)
    assert code == EXIT_USAGE
    error = json.loads(out)["error"]
    assert error["message"].startswith("old.json: not UTF-8 text (line 3): ")
    assert error["hint"] == "save it as UTF-8"
    assert "codec" not in err


def test_a_missing_file_has_a_hint(tmp_path: Path) -> None:
    _files(tmp_path, json.dumps(SCHEMA).encode())
    code, out, _ = cli("compat", "nope.json", "new.json", "--format", "json", cwd=tmp_path)
    assert code == EXIT_USAGE
    error = json.loads(out)["error"]
    assert error["message"] == "nope.json: no such file"
    assert error["hint"]
