"""`eventkit patterns`: the EventBridge rule patterns of a consumer's router(s)."""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from eventkit.cli._app import SchemasOpt, app, run_reported


class PatternFormat(StrEnum):
    json = "json"
    cloudformation = "cloudformation"
    sam = "sam"


@app.command()
def patterns(
    router: Annotated[
        str,
        typer.Argument(
            metavar="MODULE:ROUTER",
            help="Where the router is, e.g. app.handlers:router (a Router, routers by name, "
            "or a function returning them).",
        ),
    ],
    format: Annotated[
        PatternFormat,
        typer.Option("--format", "-f", help="json patterns, CloudFormation rules or SAM events."),
    ] = PatternFormat.json,
    bus: Annotated[
        str | None,
        typer.Option(
            "--bus",
            help="Event bus of the rules (cloudformation, sam). Default: [registry] event_bus "
            "of --schemas, else 'default'.",
        ),
    ] = None,
    schemas: SchemasOpt = Path("schemas"),
    single: Annotated[
        bool, typer.Option("--single", help="One rule per router: its patterns joined by $or.")
    ] = False,
    target_arn: Annotated[
        str | None,
        typer.Option(
            "--target-arn",
            help="Target of every rule (cloudformation), e.g. a queue; a Lambda function also "
            "gets each rule's invoke permission.",
        ),
    ] = None,
    failure_path: Annotated[
        bool,
        typer.Option(
            "--failure-path",
            help="Also the function's DLQ -> SNS -> SQS resources (cloudformation, sam).",
        ),
    ] = False,
) -> None:
    """Print the rule patterns that deliver exactly the events the router handles."""
    from eventkit.cli._rule_patterns import (
        load_routers,
        permission_note,
        render_patterns,
        template_text,
    )

    if bus is not None and format is PatternFormat.json:  # patterns name no bus: it would be lost
        raise typer.BadParameter(
            "--bus names the bus of the rules; add --format cloudformation or sam, or leave "
            "--bus out",
            param_hint="--bus",
        )

    def run() -> object:
        return render_patterns(
            load_routers(router),
            format=format.value,
            bus=bus if bus is not None else _registry_bus(schemas),
            single=single,
            target_arn=target_arn,
            failure_path=failure_path,
        )

    rendered = run_reported(run)
    if format is PatternFormat.json:
        typer.echo(json.dumps(rendered, indent=2))
    else:  # bytes: UTF-8 whatever the locale's encoding, as CloudFormation reads a template
        typer.echo(template_text(rendered))
    note = permission_note(target_arn, format.value)
    if note is not None:  # stdout stays the template; the note is for the person running it
        typer.echo(f"note: {note}", err=True)


def _registry_bus(schemas: Path) -> str:
    """The registry's ``[registry] event_bus`` when `schemas` holds one, else ``default``."""
    if not (schemas / "eventkit.toml").is_file():
        return "default"
    from eventkit.registry import read_registry_config

    return read_registry_config(schemas).event_bus
