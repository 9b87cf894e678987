"""How --help is laid out: click's plain text (typer's rich panels are off, see `Typer` in
`_app`), wrapped to the terminal however narrow it is, with nothing cut.

click wraps help to at least 50 columns, cuts a command's line in its group's list to what
fits beside the name ('...'), and in a narrow terminal squeezes an option's help into a few
columns right of its name, breaking every word. Here the width is the terminal's, a command's
line is its help's whole first paragraph, and an option whose name leaves too little room
gets its help on the lines below it.
"""

from __future__ import annotations

import shutil
from collections.abc import Sequence
from typing import Any

import typer

__all__ = ["HelpContext", "first_paragraph"]

# Columns an option's help needs beside its name; with fewer it goes below the name.
_MIN_TEXT_COLUMNS = 24
_STACKED_INDENT = 4


def first_paragraph(help_text: str | None) -> str:
    """A command's line in its group's --help: the first paragraph of its help, whole."""
    return (help_text or "").split("\n\n", 1)[0].strip()


def _terminal_width() -> int:
    """`COLUMNS`, else the terminal's size (80 when there is none), 80 at most as click has
    it, less the margin click keeps."""
    return max(min(shutil.get_terminal_size().columns, 80) - 2, 20)


# click's HelpFormatter, from whichever click typer runs on (its own copy or click itself)
_ClickHelpFormatter: Any = typer.Context.formatter_class


class _HelpFormatter(_ClickHelpFormatter):  # type: ignore[misc]
    def __init__(self, *args: Any, width: int | None = None, **kwargs: Any) -> None:
        super().__init__(*args, width=width or _terminal_width(), **kwargs)

    def write_dl(
        self, rows: Sequence[tuple[str, str]], col_max: int = 30, col_spacing: int = 2
    ) -> None:
        rows = list(rows)
        first_col = min(max((len(term) for term, _ in rows), default=0), col_max) + col_spacing
        if self.width - first_col - 2 >= _MIN_TEXT_COLUMNS:
            super().write_dl(rows, col_max, col_spacing)
            return
        for term, text in rows:  # too narrow for two columns: the help below its name
            self.write(f"{'':>{self.current_indent}}{term}\n")
            if text:
                self.current_indent += _STACKED_INDENT
                try:
                    self.write_text(text)
                finally:
                    self.current_indent -= _STACKED_INDENT


class HelpContext(typer.Context):
    """The context of eventkit's commands: its --help is laid out by `_HelpFormatter`."""

    formatter_class = _HelpFormatter
