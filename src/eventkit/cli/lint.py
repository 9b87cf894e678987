"""`eventkit lint`: check every schema file of the registry (jsonschema, imported lazily)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from eventkit.cli._app import FormatOpt, SchemasOpt, TextOrJson, app, fail
from eventkit.errors import EventkitError


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
    from eventkit.lint import dumps, format_summary, lint_registry

    try:
        report = lint_registry(schemas)
        if routers:
            from eventkit.lint.consumers import with_routers

            report = with_routers(report, routers)
    except EventkitError as error:
        if output is TextOrJson.json:
            payload = {
                "registry": str(schemas),
                "ok": False,
                "error": {"code": error.code, "message": error.message, "hint": error.hint},
            }
            typer.echo(json.dumps(payload, indent=2))
            raise typer.Exit(error.exit_code) from None
        raise fail(error) from None
    if output is TextOrJson.json:
        typer.echo(dumps(report))
    else:
        if summary:
            typer.echo(format_summary(report.registry))
        typer.echo(report.format_text())
    raise typer.Exit(report.exit_code)
