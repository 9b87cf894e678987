"""`eventkit lint`: check every schema file of the registry (jsonschema, imported lazily)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from eventkit.cli._app import FormatOpt, SchemasOpt, TextOrJson, app
from eventkit.cli._plain import run_lint


@app.command()
def lint(
    schemas: SchemasOpt = Path("schemas"),
    output: FormatOpt = TextOrJson.text,
    summary: Annotated[
        bool,
        typer.Option("--summary", help="Also print what the registry holds (text format)."),
    ] = False,
    routers: Annotated[
        list[str] | None,
        typer.Option(
            "--routers",
            help="[SERVICE=]MODULE:NAME of a Router (or a mapping of them, or a function "
            "returning them): a handled but undeclared event, or a declared but unhandled "
            "one, is a problem. Repeatable.",
        ),
    ] = None,
) -> None:
    """Check every schema: valid JSON Schema, required title/description/examples, examples
    valid, names and EventBridge limits, $refs (never fetched). Reports every problem.

    Exit codes: 0 clean, 1 problems found, 2 usage error or unreadable input.
    """
    raise typer.Exit(run_lint(schemas, output.value, summary, routers))  # the typer-free body
