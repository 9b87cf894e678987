"""docs/cli.md documents every command of the `eventkit` application."""

from __future__ import annotations

from pathlib import Path

import typer.main

from eventkit.cli import app

DOC = Path(__file__).resolve().parents[2] / "docs" / "cli.md"


def test_every_command_has_a_section() -> None:
    text = DOC.read_text(encoding="utf-8")
    commands = typer.main.get_group(app).commands
    assert commands
    missing = [name for name in sorted(commands) if f"\n## `eventkit {name}`\n" not in text]
    assert missing == []
