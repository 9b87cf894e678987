"""`--help` shows a flag without a value (typer 0.29 printed `--dry-run <bool>`, as if the flag
took one), and no sentence cut by a line break of the docstring's source (typer keeps those in
every paragraph but the first)."""

from __future__ import annotations

import pytest
import typer.main
from typer.testing import CliRunner

from eventkit.cli import app


def _command_lines() -> list[list[str]]:
    root = typer.main.get_command(app)  # typer's own click: groups have `commands`
    lines: list[list[str]] = [[]]
    for name, command in getattr(root, "commands", {}).items():
        lines.append([name])
        lines.extend([name, sub] for sub in getattr(command, "commands", {}))
    return lines


COMMANDS = _command_lines()


def test_every_command_and_group_is_covered() -> None:
    assert ["check"] in COMMANDS
    assert ["dlq", "redrive"] in COMMANDS
    assert len(COMMANDS) > 15


@pytest.mark.parametrize("words", COMMANDS, ids=lambda words: " ".join(words) or "eventkit")
def test_help_shows_flags_without_a_value(words: list[str]) -> None:
    result = CliRunner().invoke(app, [*words, "--help"], terminal_width=200)
    assert result.exit_code == 0, result.output
    assert "<bool>" not in result.output
    assert "--help" in result.output


def test_a_flag_still_works_as_a_flag() -> None:
    result = CliRunner().invoke(app, ["--version"])
    assert (result.exit_code, result.output.startswith("eventkit ")) == (0, True)


def _commands() -> list[tuple[str, object]]:
    root = typer.main.get_command(app)
    found: list[tuple[str, object]] = []
    for name, command in getattr(root, "commands", {}).items():
        found.append((name, command))
        found.extend((f"{name} {sub}", c) for sub, c in getattr(command, "commands", {}).items())
    return found


def test_no_help_paragraph_keeps_the_source_line_breaks() -> None:
    cut = [
        name
        for name, command in _commands()
        if any(
            "\n" in paragraph for paragraph in (getattr(command, "help", "") or "").split("\n\n")
        )
    ]
    assert cut == []
    assert any("\n\n" in (getattr(c, "help", "") or "") for _, c in _commands())  # kept
