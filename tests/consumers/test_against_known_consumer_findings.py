"""`eventkit check --against REF` reports only the consumer findings the change introduced.

CONSUMED_EVENT_DEPRECATED and CONSUMED_EVENT_DELETED are about the registry as a whole; a
declaration REF already had, unchanged, is REF's finding, not the pull request's (as for the
version-chain findings). A new consumer of a deprecated event, a newly deprecated consumed
event or a consumed major deleted now is still reported.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from eventkit.errors import EXIT_BREAKING, EXIT_OK
from tests._child_cli import cli, git
from tests.registry._build import build, schema

DEPRECATED = '[deprecated]\nreason = "replaced"\n'


def _repo(tmp_path: Path, files: dict[str, Any]) -> Path:
    base: dict[str, Any] = {
        "orders/Placed/1.0.0.json": schema(),
        "pay/Captured/1.0.0.json": schema(),
        "pay/service.toml": 'owner = "t"\nconsumes = ["orders/Placed@1"]\n',
        "mail/Sent/1.0.0.json": schema(),
    }
    root = build(tmp_path / "repo" / "schemas", {**base, **files})
    git(root.parent, "init", "-q", "-b", "main")
    git(root.parent, "add", ".")
    git(root.parent, "commit", "-q", "-m", "release")
    return root


def _check(root: Path) -> tuple[int, list[dict[str, Any]]]:
    code, out, err = cli("check", "--schemas", str(root), "--against", "main", "--format", "json")
    assert code in (EXIT_OK, EXIT_BREAKING), err
    return code, json.loads(out)["findings"]


def _rules(findings: list[dict[str, Any]]) -> list[tuple[str, str, list[str]]]:
    return [(f["rule"], f["event"], f["consumers"]) for f in findings]


def test_a_deprecated_event_consumed_at_ref_is_not_reported_again(tmp_path: Path) -> None:
    root = _repo(tmp_path, {"orders/Placed/event.toml": DEPRECATED})
    (root / "mail/Sent/1.1.0.json").write_text(json.dumps(schema()), encoding="utf-8")
    code, findings = _check(root)  # an unrelated, compatible change
    assert (code, findings) == (EXIT_OK, [])


def test_a_new_consumer_of_a_deprecated_event_is_reported(tmp_path: Path) -> None:
    root = _repo(tmp_path, {"orders/Placed/event.toml": DEPRECATED})
    (root / "mail/service.toml").write_text(
        'owner = "t"\nconsumes = ["orders/Placed@1"]\n', encoding="utf-8"
    )
    code, findings = _check(root)
    assert code == EXIT_BREAKING
    assert _rules(findings) == [("CONSUMED_EVENT_DEPRECATED", "orders/Placed", ["mail", "pay"])]


def test_deprecating_a_consumed_event_is_reported(tmp_path: Path) -> None:
    root = _repo(tmp_path, {})
    (root / "orders/Placed/event.toml").write_text(DEPRECATED, encoding="utf-8")
    code, findings = _check(root)
    assert code == EXIT_BREAKING
    assert _rules(findings) == [("CONSUMED_EVENT_DEPRECATED", "orders/Placed", ["pay"])]


def test_a_declaration_dangling_at_ref_is_not_reported_again(tmp_path: Path) -> None:
    root = _repo(tmp_path, {"mail/service.toml": 'owner = "t"\nconsumes = ["orders/Placed@2"]\n'})
    code, findings = _check(root)  # nothing changed since REF
    assert (code, findings) == (EXIT_OK, [])


def test_deleting_a_consumed_major_is_reported(tmp_path: Path) -> None:
    root = _repo(tmp_path, {"orders/Placed/2.0.0.json": schema()})
    (root / "orders/Placed/1.0.0.json").unlink()
    code, findings = _check(root)
    assert code == EXIT_BREAKING
    assert sorted(f["rule"] for f in findings) == ["CONSUMED_EVENT_DELETED", "VERSION_DELETED"]
