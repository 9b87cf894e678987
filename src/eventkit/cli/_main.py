"""The console-script entry point: the fast path when it applies, else the typer app."""

from __future__ import annotations

import sys

__all__ = ["main"]


def main() -> None:
    """Console-script entry point."""
    try:
        from eventkit.cli._fast import fast_command

        run = fast_command(sys.argv[1:])
        if run is not None:
            run()
            return
        from eventkit.cli import load_app

        load_app()()
    except KeyboardInterrupt:
        sys.stderr.write("interrupted\n")
        raise SystemExit(130) from None
