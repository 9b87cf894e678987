"""`eventkit codegen`: typed models from the registry (eventkit_codegen, imported lazily)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from eventkit.cli._app import SchemasOpt, app
from eventkit.cli._plain import run_codegen


@app.command()
def codegen(
    schemas: SchemasOpt = Path("schemas"),
    out: Annotated[
        Path | None,
        typer.Option(
            "--out",
            help="The output package folder (absent, empty, or generated). Default: [codegen] "
            "out in eventkit.toml (relative to the registry), else the folder of [codegen] "
            "package; without either, codegen refuses (exit 2).",
        ),
    ] = None,
    check: Annotated[
        bool,
        typer.Option(
            "--check",
            help="Write nothing; exit 1 naming the stale files if the code is out of date.",
        ),
    ] = False,
) -> None:
    """Generate typed Pydantic models and publish/subscribe helpers from the registry."""
    code = run_codegen(schemas, out, check)  # the typer-free path runs the same body
    if code:
        raise typer.Exit(code)
