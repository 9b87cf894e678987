"""The console-script entry point: the fast path when it applies, else the typer app."""

from __future__ import annotations

import sys

__all__ = ["main"]

# What the `cli` extra installs (and what those import): the console script is installed with
# the runtime alone too (a service's dependencies), where any command would end in a traceback.
_CLI_EXTRA = frozenset(
    {"typer", "click", "rich", "jsonschema", "referencing", "re2", "regex", "jinja2", "yaml"}
)


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
    except ModuleNotFoundError as error:
        if (error.name or "").partition(".")[0] not in _CLI_EXTRA:
            raise
        if sys.argv[1:] == ["--version"]:  # needs nothing of the cli extra: the runtime answers
            from eventkit import __version__

            sys.stdout.write(f"eventkit {__version__}\n")
            return
        from eventkit.errors import EXIT_USAGE

        sys.stderr.write(
            f"error: the eventkit command needs the cli extra, which is not installed "
            f"(no module {error.name!r})\n"
            '  hint: pip install "eventkit[cli,codegen]" at the version of your eventkit\n'
        )
        raise SystemExit(EXIT_USAGE) from None
