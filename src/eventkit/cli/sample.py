"""`eventkit sample`: a valid EventBridge event of a registry event, for console testing."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from eventkit.cli._app import SchemasOpt, app, run_reported

if TYPE_CHECKING:
    from eventkit.registry import Registry


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

    if bus is not None and not entry:  # the event as delivered names no bus: it would be lost
        raise typer.BadParameter(
            "--bus names the bus of the PutEvents entry; add --entry, or leave --bus out",
            param_hint="--bus",
        )

    def run() -> object:
        registry = load_registry(schemas)
        _check_example(registry, event, example)
        if entry:
            return [sample_entry(registry, event, example=example, bus=bus)]
        return sample_event(registry, event, example=example)

    typer.echo(json.dumps(run_reported(run), indent=2))


def _check_example(registry: Registry, spec: str, example: int) -> None:
    """Refuse an example its own schema rejects: the output is promised valid, and nothing
    else (`eventkit lint` may not have run) checks it on the way."""
    from eventkit.errors import RegistryError
    from eventkit.lint import ExampleChecker
    from eventkit.testing.samples import sample_version

    _, version = sample_version(registry, spec)
    where = f"/examples/{example}"
    for problem in ExampleChecker(registry).check(version):
        pointer = problem.pointer or ""
        if pointer == where or pointer.startswith(where + "/"):
            raise RegistryError(
                f"{version.relpath}: {problem.message}",
                hint="fix the example (eventkit lint lists every invalid one), or pick "
                "another with --example",
                path=version.relpath,
                pointer=pointer,
            )
