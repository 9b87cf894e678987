"""`eventkit sample`: a valid EventBridge event of a registry event, for console testing."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from eventkit.cli._app import SchemasOpt, app, run_reported


@app.command()
def sample(
    event: Annotated[
        str,
        typer.Argument(
            metavar="SERVICE/Event[@VERSION]",
            help="e.g. orders/OrderPlaced (newest), orders/OrderPlaced@1 (newest of major 1), "
            "orders/OrderPlaced@1.1.0.",
        ),
    ],
    schemas: SchemasOpt = Path("schemas"),
    entry: Annotated[
        bool,
        typer.Option(
            "--entry",
            help="Print a PutEvents entry list instead (aws events put-events --entries).",
        ),
    ] = False,
    example: Annotated[
        int, typer.Option("--example", help="Which of the schema's examples (0: the first).")
    ] = 0,
    bus: Annotated[
        str | None,
        typer.Option("--bus", help="EventBusName of the entry (default: [registry] event_bus)."),
    ] = None,
) -> None:
    """Print a valid EventBridge event built from the schema's examples (a Lambda console test
    event), or with --entry the PutEvents entry that publishes it."""
    from eventkit.registry import load_registry
    from eventkit.testing.samples import sample_entry, sample_event

    def run() -> object:
        registry = load_registry(schemas)
        if entry:
            return [sample_entry(registry, event, example=example, bus=bus)]
        return sample_event(registry, event, example=example)

    typer.echo(json.dumps(run_reported(run), indent=2))
