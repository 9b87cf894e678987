"""The typer application, the shared error handling and the entry point."""

from __future__ import annotations

import inspect
import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer
import typer.core

from eventkit import __version__
from eventkit.cli._help import HelpContext, first_paragraph
from eventkit.cli._oserrors import path_errors
from eventkit.errors import EventkitError
from eventkit.visible_text import visible_lines

CommandFunction = TypeVar("CommandFunction", bound=Callable[..., Any])


def _flags_take_no_value(params: list[Any]) -> list[Any]:
    """typer (0.29) shows a flag in --help as `--dry-run <bool>`, as if it took a value: a
    flag's metavar is set empty (an explicit metavar is kept)."""
    for param in params:
        if getattr(param, "is_flag", False) and param.metavar is None:
            param.metavar = ""
    return params


class _Command(typer.core.TyperCommand):
    context_class = HelpContext

    def get_params(self, ctx: Any) -> list[Any]:
        return _flags_take_no_value(super().get_params(ctx))

    def get_short_help_str(self, limit: int = 45) -> str:
        return self.short_help or first_paragraph(self.help)


class _Group(typer.core.TyperGroup):
    context_class = HelpContext

    def get_params(self, ctx: Any) -> list[Any]:
        return _flags_take_no_value(super().get_params(ctx))

    def get_short_help_str(self, limit: int = 45) -> str:
        return self.short_help or first_paragraph(self.help)


class Typer(typer.Typer):
    """`typer.Typer` whose commands and groups show flags without a value in --help, and whose
    --help and usage errors are click's plain text, wrapped to the terminal: typer's rich
    panels read `[registry]` in a help text as a style tag and dropped it, and in a narrow
    terminal cut words to fit their column ('eventkit.t…')."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(cls=_Group, rich_markup_mode=None, **kwargs)

    def command(
        self, name: str | None = None, **kwargs: Any
    ) -> Callable[[CommandFunction], CommandFunction]:
        register = super().command

        def decorator(func: CommandFunction) -> CommandFunction:
            rest = {key: value for key, value in kwargs.items() if key != "help"}
            help_text = kwargs.get("help") or _unwrapped(func.__doc__)
            return register(name, cls=_Command, help=help_text, **rest)(func)

        return decorator


def _unwrapped(doc: str | None) -> str | None:
    """A docstring as --help shows it best: typer re-wraps its first paragraph but prints the
    line breaks of the others as they are in the source, cutting sentences mid-line; each
    paragraph is one line here, for the terminal to wrap."""
    if not doc:
        return doc
    paragraphs = inspect.cleandoc(doc).split("\n\n")
    return "\n\n".join(" ".join(line.strip() for line in p.splitlines()) for p in paragraphs)


app = Typer(
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
            help="Show the version.",
        ),
    ] = False,
) -> None:
    """Typed, versioned event contracts for AWS EventBridge."""


def fail(error: EventkitError) -> typer.Exit:
    """Print an eventkit error for a person (no traceback) and return the Exit to raise."""
    typer.echo(f"error: {visible_lines(str(error))}", err=True)  # no terminal escapes
    return typer.Exit(error.exit_code)


def error_document(error: EventkitError) -> dict[str, Any]:
    """What `--format json` prints on stdout when a command fails: a program parsing the
    output gets the reason instead of an empty string (as `eventkit check` does)."""
    return {
        "ok": False,
        "error": {"code": error.code, "message": error.message, "hint": error.hint},
    }


@contextmanager
def reported_errors(*, as_json: bool = False) -> Iterator[None]:
    """Turn any `EventkitError` raised inside into a clear message and its exit code (and an
    `OSError` about a path the user named, such as a name too long, into exit 2); with
    `as_json`, also into `error_document` on stdout."""
    try:
        with path_errors():
            yield
    except EventkitError as error:
        if as_json:
            typer.echo(json.dumps(error_document(error), indent=2))
        raise fail(error) from None


def run_reported(func: Callable[[], T], *, as_json: bool = False) -> T:
    """Call `func`, reporting an `EventkitError` as `reported_errors` does."""
    with reported_errors(as_json=as_json):
        return func()
