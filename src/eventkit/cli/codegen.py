"""`eventkit codegen`: typed models from the registry (eventkit_codegen, imported lazily)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from eventkit.cli._app import SchemasOpt, app, run_reported
from eventkit.errors import EXIT_PROBLEMS

DEFAULT_OUT = Path("src/eventkit/events")


def _configured(schemas: Path) -> bool:
    """Whether eventkit.toml sets [codegen] out (the loader reports a broken file later)."""
    from eventkit.errors import EventkitError
    from eventkit.registry import read_registry_config  # safe: regular files only

    try:
        table = read_registry_config(schemas.absolute()).tables.get("codegen")
    except EventkitError:
        return False
    return isinstance(table, dict) and isinstance(table.get("out"), str)


@app.command()
def codegen(
    schemas: SchemasOpt = Path("schemas"),
    out: Annotated[
        Path | None,
        typer.Option(
            "--out",
            help="The output package folder (absent, empty, or generated). Default: [codegen] "
            "out in eventkit.toml (relative to the registry), else src/eventkit/events.",
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
    from eventkit_codegen import generate

    if out is None and not _configured(schemas):
        out = DEFAULT_OUT
    result = run_reported(lambda: generate(schemas, out, check=check))
    out = result.out_dir if out is None else out
    if check:
        if result.stale:
            typer.echo(
                f"stale generated code in {out} ({len(result.stale)} file(s)); "
                f"run `eventkit codegen --schemas {schemas} --out {out}`:",
                err=True,
            )
            for rel in result.stale:
                typer.echo(f"  {out / rel}", err=True)
            raise typer.Exit(EXIT_PROBLEMS)
        typer.echo(f"{out}: up to date ({result.events} event classes)")
        return
    if not result.written and not result.removed:
        typer.echo(f"{out}: up to date ({result.events} event classes); nothing written")
        return
    for rel in result.written:
        typer.echo(f"wrote {out / rel}")
    for rel in result.removed:
        typer.echo(f"removed {out / rel}")
    typer.echo(
        f"{out}: {len(result.written)} written, {len(result.removed)} removed, "
        f"{len(result.unchanged)} unchanged ({result.events} event classes)"
    )
