"""`eventkit demo`: the quick-start run, end to end on local stand-ins."""

from __future__ import annotations

from pathlib import Path

import typer

from eventkit.cli._app import SchemasOpt, app, reported_errors


@app.command()
def demo(
    schemas: SchemasOpt = Path("schemas"),
) -> None:
    """Lint, check, codegen --check, sync to the Schema Registry stand-in, publish on a local
    moto_server EventBridge and consume with the example shop's routers. No AWS account needed."""
    from eventkit.demo.run import run_demo

    with reported_errors():
        run_demo(schemas, echo=typer.echo)
