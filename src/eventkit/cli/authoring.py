"""`eventkit new` and `eventkit bump`: scaffold a new event type, or the next version of one."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from eventkit.cli._app import SchemasOpt, app, run_reported
from eventkit.errors import EXIT_USAGE


@app.command()
def new(
    event: Annotated[str, typer.Argument(help="SERVICE/EventName, e.g. orders/OrderShipped.")],
    schemas: SchemasOpt = Path("schemas"),
    description: Annotated[
        str | None, typer.Option("--description", help="The event's description.")
    ] = None,
    owner: Annotated[
        str | None, typer.Option("--owner", help="Owning team (written to event.toml).")
    ] = None,
) -> None:
    """Scaffold version 1.0.0 of a new event type.

    The file is valid JSON Schema with TODO placeholders that `eventkit lint` reports until
    they are replaced. Never overwrites anything.
    """
    from eventkit.scaffold import new_event

    result = run_reported(lambda: new_event(schemas, event, description=description, owner=owner))
    typer.echo(f"created {result.path}")
    typer.echo("next: replace the TODO placeholders, then run `eventkit lint`")


@app.command()
def bump(
    event: Annotated[str, typer.Argument(help="SERVICE/EventName, e.g. orders/OrderPlaced.")],
    major: Annotated[bool, typer.Option("--major", help="Next major (breaking change).")] = False,
    minor: Annotated[
        bool, typer.Option("--minor", help="Next minor (compatible addition).")
    ] = False,
    patch: Annotated[
        bool, typer.Option("--patch", help="Next patch (documentation only).")
    ] = False,
    base: Annotated[
        str | None,
        typer.Option("--from", help="Version to copy (default: the newest), e.g. 1.1.0."),
    ] = None,
    schemas: SchemasOpt = Path("schemas"),
) -> None:
    """Copy a version of an event type to the next version, for editing.

    Exactly one of --major, --minor, --patch. Never overwrites a version.
    """
    from eventkit.scaffold import bump_version

    parts = [name for name, on in (("major", major), ("minor", minor), ("patch", patch)) if on]
    if len(parts) != 1:
        typer.echo("error: give exactly one of --major, --minor, --patch", err=True)
        raise typer.Exit(EXIT_USAGE)
    result = run_reported(lambda: bump_version(schemas, event, parts[0], base=base))
    typer.echo(f"created {result.path} (copy of {result.source.name if result.source else '?'})")
    typer.echo("next: edit it, then run `eventkit lint` and `eventkit check`")
