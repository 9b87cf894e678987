"""`eventkit init`: set up a registry, its CI gate and pre-commit hooks in an existing project."""

from __future__ import annotations

import os
import shlex
from pathlib import Path
from typing import Annotated

import typer

from eventkit.cli._app import app, run_reported


@app.command()
def init(
    package: Annotated[
        str,
        typer.Option(
            "--package",
            help="Import name of the package `eventkit codegen` generates, e.g. myapp_events.",
        ),
    ],
    directory: Annotated[
        Path, typer.Argument(help="The project folder (default: the current one).")
    ] = Path(),
    registry_name: Annotated[
        str | None,
        typer.Option("--registry-name", help="Schema Registry name (default: the folder's name)."),
    ] = None,
    bus: Annotated[str, typer.Option("--bus", help="The EventBridge event bus.")] = "default",
    source_prefix: Annotated[
        str | None,
        typer.Option(
            "--source-prefix",
            help="Prefix of every event's source (default: the registry name and a dot).",
        ),
    ] = None,
    no_ci: Annotated[
        bool,
        typer.Option("--no-ci", help="Do not write .github/workflows/eventkit.yml."),
    ] = False,
    no_pre_commit: Annotated[
        bool,
        typer.Option("--no-pre-commit", help="Do not write .pre-commit-config.yaml."),
    ] = False,
) -> None:
    """Scaffold a registry (schemas/ with one example event), a GitHub Actions gate and a
    pre-commit config in an existing project. Never overwrites a file: if any exists, nothing
    is written (exit 2, naming it)."""
    from eventkit.project_init import init_project

    result = run_reported(
        lambda: init_project(
            directory,
            package=package,
            registry_name=registry_name,
            bus=bus,
            source_prefix=source_prefix,
            ci=not no_ci,
            pre_commit=not no_pre_commit,
        )
    )
    for rel in result.files:
        typer.echo(f"created {directory / rel}")
    schemas = directory / result.registry
    # quoted: the commands are printed to be pasted into a shell (a folder may hold spaces)
    flag = "" if schemas == Path(result.registry) else f" --schemas {shlex.quote(str(schemas))}"
    out = _package_folder(schemas, result.package)
    commands = [
        (f"eventkit codegen{flag}", f"typed models into {out}"),
        (f"eventkit new{flag} SERVICE/EventName", "your first real event; then `eventkit lint`"),
        (
            (_pre_commit_install(directory), "run the hooks before every commit")
            if not no_pre_commit
            else (f"eventkit lint{flag}", "the checks CI runs")
        ),
    ]
    width = max(len(command) for command, _ in commands)
    typer.echo(f"registry {result.name!r} ready in {schemas}; next:")
    for command, why in commands:
        typer.echo(f"  {command.ljust(width)}  # {why}")


def _pre_commit_install(directory: Path) -> str:
    """`pre-commit install` as it works from here: it installs into the git repository of the
    current folder, and fails outside one (`git init` first)."""
    from eventkit.work_tree import git_top

    here = directory.resolve() == Path.cwd().resolve()
    command = (
        "pre-commit install" if git_top(directory.resolve()) else "git init && pre-commit install"
    )
    return command if here else f"(cd {shlex.quote(str(directory))} && {command})"


def _package_folder(schemas: Path, package: str) -> str:
    from eventkit.project_init import package_folder

    folder = package_folder(schemas, package)
    return os.path.relpath(folder) if folder.is_relative_to(Path.cwd()) else str(folder)
