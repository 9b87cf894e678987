"""Every --help, in a terminal of 40 or 80 columns (COLUMNS) with NO_COLOR: no line wider than
the terminal, and every help text whole. typer's rich panels read `[registry]` in a help text
as a style tag and dropped it (`sample --help`: 'default:  event_bus'), cut words to fit a
narrow column ('eventkit.t…'), and click cut each command's line in its group's list ('...')."""

from __future__ import annotations

import pytest
import typer.main
from typer.testing import CliRunner

from eventkit.cli import app


def _commands() -> list[tuple[list[str], object]]:
    root = typer.main.get_command(app)
    found: list[tuple[list[str], object]] = [([], root)]
    for name, command in getattr(root, "commands", {}).items():
        found.append(([name], command))
        found.extend(([name, sub], c) for sub, c in getattr(command, "commands", {}).items())
    return found


COMMANDS = _commands()


def _squashed(text: str) -> str:
    """`text` without its white space: what a help text is, however it was wrapped."""
    return "".join(text.split())


def _texts(command: object) -> list[str]:
    """Every help text --help of `command` must show: its own, its parameters', and the first
    paragraph of each subcommand's."""
    texts = [getattr(command, "help", None) or ""]
    texts += [getattr(p, "help", None) or "" for p in getattr(command, "params", [])]
    for sub in getattr(command, "commands", {}).values():
        texts.append((sub.help or "").split("\n\n")[0])
    return [t for t in texts if t.strip()]


@pytest.mark.parametrize("columns", [40, 80])
@pytest.mark.parametrize(
    ("words", "command"), COMMANDS, ids=[" ".join(w) or "eventkit" for w, _ in COMMANDS]
)
def test_help_fits_the_terminal_and_cuts_nothing(
    words: list[str], command: object, columns: int
) -> None:
    result = CliRunner().invoke(
        app, [*words, "--help"], env={"COLUMNS": str(columns), "NO_COLOR": "1"}
    )
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert [line for line in out.splitlines() if len(line) > columns] == []
    assert "\x1b[" not in out
    assert "…" not in out
    shown = _squashed(out)
    assert [text[:60] for text in _texts(command) if _squashed(text) not in shown] == []
