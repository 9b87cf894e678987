"""RELEASED_MEANING_CHANGED placed in a `_shared/` file: `pointer` is a place in that file as it
is now, `old_pointer` a place in the same file as it was at REF (the JSON `document`), so a
reviewer (or a tool showing both sides) finds the definition on each side."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

from eventkit.errors import EXIT_BREAKING
from eventkit.json_pointer import resolve_pointer
from tests._child_cli import cli, git
from tests.registry._build import build, schema

SHARED = "_shared/money.json"
MONEY: dict[str, Any] = {
    "type": "object",
    "description": "An amount.",
    "properties": {"currency": {"type": "string", "description": "ISO 4217."}},
    "required": ["currency"],
}


def _repo(tmp_path: Path) -> Path:
    amount = {"$ref": f"../../{SHARED}#/$defs/Money", "description": "The amount."}
    version = schema(
        properties={"id": {"type": "string", "description": "The id."}, "amount": amount},
        required=["id", "amount"],
        examples=[{"id": "t-1", "amount": {"currency": "EUR"}}],
    )
    root = build(
        tmp_path / "repo" / "schemas",
        {"orders/Placed/1.0.0.json": version, SHARED: {"$defs": {"Money": MONEY}}},
    )
    git(root.parent, "init", "-q", "-b", "main")
    git(root.parent, "add", ".")
    git(root.parent, "commit", "-q", "-m", "release")
    return root


def _shared_at_main(root: Path) -> Any:
    done = subprocess.run(
        ["git", "show", f"main:schemas/{SHARED}"],
        cwd=root.parent,
        capture_output=True,
        check=True,
    )
    return json.loads(done.stdout)


def _finding(root: Path) -> dict[str, Any]:
    code, out, err = cli("check", "--schemas", str(root), "--against", "main", "--format", "json")
    assert code == EXIT_BREAKING, err
    (finding,) = json.loads(out)["findings"]
    assert finding["rule"] == "RELEASED_MEANING_CHANGED"
    assert finding["document"] == SHARED
    return dict(finding)


def _place(document: Any, pointer: str) -> Any:
    """The value at `pointer`, or at its parent for a keyword's place (a keyword added)."""
    try:
        return resolve_pointer(document, pointer)
    except LookupError:
        return resolve_pointer(document, pointer.rsplit("/", 1)[0])


def test_old_pointer_follows_a_definition_renamed_in_the_shared_file(tmp_path: Path) -> None:
    root = _repo(tmp_path)
    cash = json.loads(json.dumps(MONEY))
    cash["properties"]["currency"]["maxLength"] = 3  # what released 1.0.0 accepts shrinks
    new = {"$defs": {"Cash": cash, "Money": {"$ref": "#/$defs/Cash"}}}
    (root / SHARED).write_text(json.dumps(new, indent=2), encoding="utf-8")
    finding = _finding(root)
    assert finding["pointer"] == "/$defs/Cash/properties/currency/maxLength"
    assert finding["old_pointer"] == "/$defs/Money/properties/currency/maxLength"
    _place(new, finding["pointer"])
    assert _place(_shared_at_main(root), finding["old_pointer"]) == MONEY["properties"]["currency"]


def test_old_pointer_of_an_edit_in_place_is_that_place_at_ref(tmp_path: Path) -> None:
    root = _repo(tmp_path)
    new = json.loads(json.dumps({"$defs": {"Money": MONEY}}))
    new["$defs"]["Money"]["properties"]["currency"]["maxLength"] = 3
    (root / SHARED).write_text(json.dumps(new, indent=2), encoding="utf-8")
    finding = _finding(root)
    assert finding["old_pointer"] == finding["pointer"]
    assert _place(_shared_at_main(root), finding["old_pointer"]) == MONEY["properties"]["currency"]
