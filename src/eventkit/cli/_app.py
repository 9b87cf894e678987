"""The typer application, the shared error handling and the entry point."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import Annotated, TypeVar

import typer

from eventkit import __version__
from eventkit.cli._oserrors import path_errors
from eventkit.errors import EventkitError
from eventkit.visible_text import visible_lines

app = typer.Typer(
    name="eventkit",
    help="Typed, versioned event contracts for AWS EventBridge: lint, check, codegen, sync.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

T = TypeVar("T")

# Options several commands share, declared once so their names and help stay the same.
SchemasOpt = Annotated[
    Path, typer.Option("--schemas", help="The registry folder (holding eventkit.toml).")
]


class TextOrJson(StrEnum):
    """`--format` of commands that print for a person or for a program."""

    text = "text"
    json = "json"


FormatOpt = Annotated[TextOrJson, typer.Option("--format", help="Output format.")]

# Where the Schema Registry is (sync, pull, check --against registry:NAME).
ProfileOpt = Annotated[
    str | None, typer.Option("--profile", help="AWS profile (credential chain).")
]
RegionOpt = Annotated[str | None, typer.Option("--region", help="AWS Region.")]
EndpointOpt = Annotated[
    str | None,
    typer.Option("--endpoint-url", help="Schema Registry endpoint (e.g. the local stand-in)."),
]


def _version_callback(value: bool) -> None:
    if value:
        typer.echo(f"eventkit {__version__}")
        raise typer.Exit(0)


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option(
            "--version",
            callback=_version_callback,
            is_eager=True,
            metavar="",  # a flag: typer would show `<bool>`, as if it took a value
            help="Show the version.",
        ),
    ] = False,
) -> None:
    """Typed, versioned event contracts for AWS EventBridge."""


def fail(error: EventkitError) -> typer.Exit:
    """Print an eventkit error for a person (no traceback) and return the Exit to raise."""
    typer.echo(f"error: {visible_lines(str(error))}", err=True)  # no terminal escapes
    return typer.Exit(error.exit_code)


@contextmanager
def reported_errors() -> Iterator[None]:
    """Turn any `EventkitError` raised inside into a clear message and its exit code (and an
    `OSError` about a path the user named, such as a name too long, into exit 2)."""
    try:
        with path_errors():
            yield
    except EventkitError as error:
        raise fail(error) from None


def run_reported(func: Callable[[], T]) -> T:
    """Call `func`, reporting an `EventkitError` as `reported_errors` does."""
    with reported_errors():
        return func()
