"""The `eventkit` command line (typer). Each command lives in its own module and stays thin:
parse arguments, call a library function, map `EventkitError` to its exit code. Tools
(jsonschema, codegen, boto3, ...) are imported inside the command that needs them.

`app` (the whole typer application) is built on first access: the `eventkit` entry point,
`main`, runs `check`, `lint` and `codegen` without building it when it can (see `_fast`)."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from eventkit.cli._main import main

if TYPE_CHECKING:
    import typer

    app: typer.Typer

__all__ = ["app", "load_app", "main"]

# Importing a command module registers its commands on `app`.
_COMMAND_MODULES = (
    "authoring",
    "catalog",
    "check",
    "codegen",
    "demo",
    "dlq",
    "init",
    "lint",
    "patterns",
    "sample",
    "sync",
)


def load_app() -> typer.Typer:
    """The typer application with every command registered."""
    for name in _COMMAND_MODULES:
        importlib.import_module(f"eventkit.cli.{name}")
    from eventkit.cli._app import app

    return app


def __getattr__(name: str) -> Any:
    if name == "app":
        return load_app()
    raise AttributeError(f"module 'eventkit.cli' has no attribute {name!r}")
