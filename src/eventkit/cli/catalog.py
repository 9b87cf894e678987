"""`eventkit catalog` (the registry as a static HTML site) and `eventkit asyncapi` (one
AsyncAPI 3.0 document). Both read the registry only; jinja2 / PyYAML are imported lazily."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from eventkit.cli._app import SchemasOpt, app, run_reported


@app.command()
def catalog(
    out: Annotated[Path, typer.Option("--out", help="The folder to write the site into.")],
    schemas: SchemasOpt = Path("schemas"),
    base_url: Annotated[
        str | None,
        typer.Option(
            "--base-url",
            help="Serve the site under this path or URL (e.g. /catalog/): links become "
            "absolute. Default: relative links (works from file:// and any folder).",
        ),
    ] = None,
) -> None:
    """Build the event catalog: a static, offline HTML site of the registry.

    Exit codes: 0 written, 2 the registry cannot be loaded or --out cannot be used (a
    non-empty folder that is not a previous catalog is refused) or written.
    """
    from eventkit.catalog import build_catalog
    from eventkit.registry import load_registry

    result = run_reported(lambda: build_catalog(load_registry(schemas), out, base_url=base_url))
    typer.echo(
        f"catalog: {result.events} event types, {result.services} services, "
        f"{result.pages} pages written to {result.out}"
    )
    typer.echo(f"open {result.index.resolve().as_uri()}")


class AsyncApiFormat(StrEnum):
    yaml = "yaml"
    json = "json"


@app.command()
def asyncapi(
    schemas: SchemasOpt = Path("schemas"),
    out: Annotated[
        Path | None,
        typer.Option("--out", help="Write the document to this file (default: stdout)."),
    ] = None,
    fmt: Annotated[AsyncApiFormat, typer.Option("--format", help="yaml or json.")] = (
        AsyncApiFormat.yaml
    ),
) -> None:
    """Export the registry as one self-contained AsyncAPI 3.0 document.

    Exit codes: 0 written, 2 the registry cannot be loaded or --out cannot be used (an
    existing file is replaced only if empty or written by a previous run) or written.
    """
    from eventkit.catalog.asyncapi import asyncapi_document, dump_document, write_document
    from eventkit.registry import load_registry

    def export() -> str:
        registry = load_registry(schemas)
        text = dump_document(asyncapi_document(registry), fmt.value)
        if out is not None:
            write_document(out, text, registry_root=registry.root)
        return text

    text = run_reported(export)
    if out is None:
        typer.echo(text, nl=False)
    else:
        typer.echo(f"asyncapi: wrote {out}")
