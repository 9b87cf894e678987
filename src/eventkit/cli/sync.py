"""`eventkit sync` and `eventkit pull`: the EventBridge Schema Registry (eventkit_registry_sync,
imported lazily inside each command so `eventkit --help` never loads boto3)."""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

from eventkit.cli._app import (
    EndpointOpt,
    FormatOpt,
    ProfileOpt,
    RegionOpt,
    SchemasOpt,
    TextOrJson,
    app,
    error_document,
    fail,
    run_reported,
)
from eventkit.cli._oserrors import path_errors
from eventkit.errors import EXIT_PROBLEMS, EventkitError


class SchemaType(StrEnum):
    OpenApi3 = "OpenApi3"
    JSONSchemaDraft4 = "JSONSchemaDraft4"


def _client(profile: str | None, region: str | None, endpoint: str | None, jobs: int) -> Any:
    from eventkit_registry_sync.client import make_client

    return make_client(profile=profile, region=region, endpoint_url=endpoint, max_pool=jobs + 2)


def _progress(n: int, total: int, outcome: Any) -> None:
    if total >= 10:  # long runs only
        state = "failed" if outcome.error is not None else "done"
        sys.stderr.write(f"[{n}/{total}] {outcome.action.schema}: {state}\n")


@app.command()
def sync(
    schemas: SchemasOpt = Path("schemas"),
    registry: Annotated[
        str | None,
        typer.Option("--registry", help="Schema Registry name (default: eventkit.toml's)."),
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Show the plan; write nothing.")
    ] = False,
    check: Annotated[
        bool,
        typer.Option("--check", help="Write nothing; exit 1 if the registry differs (CI)."),
    ] = False,
    prune: Annotated[
        bool,
        typer.Option(
            "--prune",
            help="Delete schemas and versions eventkit wrote that the folder no longer has.",
        ),
    ] = False,
    schema_type: Annotated[
        SchemaType | None,
        typer.Option("--type", help="Registry format (default: [sync] type, else OpenApi3)."),
    ] = None,
    skip_check: Annotated[
        str | None,
        typer.Option(
            "--skip-check",
            metavar="REASON",
            help="Push even if `eventkit check` fails; REASON is recorded on the registry.",
        ),
    ] = None,
    jobs: Annotated[int, typer.Option("--jobs", min=1, max=32, help="Schemas pushed at once.")] = 8,
    fmt: FormatOpt = TextOrJson.text,
    verbose: Annotated[
        bool, typer.Option("--verbose", "-v", help="List unchanged schemas too.")
    ] = False,
    profile: ProfileOpt = None,
    region: RegionOpt = None,
    endpoint_url: EndpointOpt = None,
) -> None:
    """Make the EventBridge Schema Registry match the registry folder (plan, then apply)."""
    from eventkit_registry_sync import sync_registry
    from eventkit_registry_sync.render import head_text, result_text

    from eventkit.registry import load_registry

    planned: list[Any] = []  # the report, once planned (sync fills in what it applies)

    def run() -> Any:
        return sync_registry(
            load_registry(schemas),
            client=_client(profile, region, endpoint_url, jobs),
            registry_name=registry,
            schema_type=schema_type.value if schema_type else None,
            prune=prune,
            dry_run=dry_run or check,
            override_reason=skip_check,
            jobs=jobs,
            progress=_progress,
            on_plan=show_plan,
        )

    def show_plan(report: Any) -> None:
        planned.append(report)
        if fmt is TextOrJson.text:
            typer.echo(head_text(report, verbose=verbose))

    try:
        with path_errors():
            report = run()
    except EventkitError as error:
        if fmt is TextOrJson.json:
            # A refusal or a partial sync comes after the plan: JSON readers get the plan,
            # what was applied and the error, as text readers get the plan above the error.
            # Before a plan (a registry lint refuses, a schema too large) the error alone.
            known = planned[0].to_dict() if planned else {}
            typer.echo(json.dumps({**known, **error_document(error)}, indent=2))
        raise fail(error) from None
    if fmt is TextOrJson.json:
        typer.echo(json.dumps(report.to_dict(), indent=2))
    else:
        typer.echo(result_text(report, check=check))
    if check and report.plan.drifted:
        if fmt is TextOrJson.text:
            typer.echo(
                "drift: the registry does not match the folder; run `eventkit sync`", err=True
            )
        raise typer.Exit(EXIT_PROBLEMS)


@app.command()
def pull(
    registry: Annotated[
        str, typer.Option("--registry", help="Registry to pull from, e.g. aws.events.")
    ],
    schema: Annotated[
        list[str] | None,
        typer.Option("--schema", help="Schema name (repeatable; default: every schema)."),
    ] = None,
    into: Annotated[
        str | None,
        typer.Option("--into", help="Service folder to write into (default: from the source)."),
    ] = None,
    schemas: SchemasOpt = Path("schemas"),
    fmt: FormatOpt = TextOrJson.text,
    profile: ProfileOpt = None,
    region: RegionOpt = None,
    endpoint_url: EndpointOpt = None,
) -> None:
    """Bring schemas from a Schema Registry into the registry folder as version files."""
    from eventkit_registry_sync import pull_registry
    from eventkit_registry_sync.render import pull_text

    def run() -> Any:
        return pull_registry(
            schemas,
            client=_client(profile, region, endpoint_url, 4),
            registry_name=registry,
            schemas=schema,
            into=into,
        )

    def run_or_say() -> Any:  # a JSON reader gets a document on stdout whatever happens
        try:
            return run()
        except EventkitError as error:
            if fmt is TextOrJson.json:
                typer.echo(json.dumps(error_document(error), indent=2))
            raise

    report = run_reported(run_or_say)
    if fmt is TextOrJson.json:
        typer.echo(json.dumps(report.__dict__, indent=2))
    else:
        typer.echo(pull_text(report, registry))
    if report.problems:
        raise typer.Exit(EXIT_PROBLEMS)
