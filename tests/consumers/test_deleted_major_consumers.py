"""A deleted major (or event) still names the services that declare it: the VERSION_DELETED
finding of `check --against` agrees with the CONSUMED_EVENT_DELETED findings of the same run."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from typer.testing import CliRunner

from eventkit.cli import app
from eventkit.errors import EXIT_BREAKING
from tests._child_cli import git as _git
from tests.registry._build import build, schema

runner = CliRunner()


def _released(tmp_path: Path) -> Path:
    root = build(
        tmp_path / "repo" / "schemas",
        {
            "pay/Captured/1.0.0.json": schema(),
            "pay/Captured/2.0.0.json": schema(),
            "orders/service.toml": 'owner = "t"\nconsumes = ["pay/Captured@2"]\n',
            "orders/Placed/1.0.0.json": schema(),
            "mail/service.toml": 'owner = "t"\nconsumes = ["pay/Captured@2", "pay/Captured@1"]\n',
            "mail/Sent/1.0.0.json": schema(),
        },
    )
    _git(root.parent, "init", "-q", "-b", "main")
    _git(root.parent, "add", ".")
    _git(root.parent, "commit", "-q", "-m", "release")
    return root


def _check(root: Path, fmt: str) -> tuple[int, str]:
    result = runner.invoke(
        app, ["check", "--schemas", str(root), "--against", "main", "--format", fmt]
    )
    return result.exit_code, result.stdout


def test_a_deleted_major_names_its_declared_consumers(tmp_path: Path) -> None:
    root = _released(tmp_path)
    (root / "pay/Captured/2.0.0.json").unlink()
    code, out = _check(root, "json")
    assert code == EXIT_BREAKING
    findings = json.loads(out)["findings"]
    (deleted,) = [f for f in findings if f["rule"] == "VERSION_DELETED"]
    assert deleted["consumers"] == ["mail", "orders"]
    assert "Consumers of pay/Captured major 2: mail, orders." in deleted["message"]
    assert "No declared consumer" not in deleted["message"]
    gone = sorted(
        c for f in findings if f["rule"] == "CONSUMED_EVENT_DELETED" for c in f["consumers"]
    )
    assert gone == deleted["consumers"]
    code, text = _check(root, "text")
    assert code == EXIT_BREAKING
    assert "Consumers of pay/Captured major 2: mail, orders." in text


def test_a_deleted_event_names_the_consumers_of_each_major(tmp_path: Path) -> None:
    root = _released(tmp_path)
    shutil.rmtree(root / "pay")
    code, out = _check(root, "json")
    assert code == EXIT_BREAKING
    deleted = {
        f["version"]: f for f in json.loads(out)["findings"] if f["rule"] == "VERSION_DELETED"
    }
    assert deleted["1.0.0"]["consumers"] == ["mail"]
    assert deleted["2.0.0"]["consumers"] == ["mail", "orders"]
