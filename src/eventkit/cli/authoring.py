"""`eventkit new` and `eventkit bump`: scaffold a new event type, or the next version of one;
`eventkit lock`: record what every version means in eventkit.lock."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from eventkit.cli._app import SchemasOpt, app, run_reported
from eventkit.errors import EXIT_PROBLEMS, EXIT_USAGE
from eventkit.registry import Problem
from eventkit.visible_text import visible


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
    typer.echo(f"created {result.path} (draft line added to eventkit.lock)")
    _say_locked(result.locked)
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
    source = result.source.name if result.source else "?"
    typer.echo(f"created {result.path} (copy of {source}; draft line added to eventkit.lock)")
    _say_locked(result.locked)
    typer.echo(
        "next: edit it, run `eventkit lint` and `eventkit check`, then `eventkit lock` once it is final"
    )


def _say_locked(locked: tuple[str, ...]) -> None:
    """Name what a lock created by `new`/`bump` holds as released: from now on `eventkit lint`
    fails when one of those versions changes."""
    if locked:
        shown = ", ".join(locked[:5]) + (f" and {len(locked) - 5} more" if len(locked) > 5 else "")
        typer.echo(
            f"created eventkit.lock: {len(locked)} version(s) already in the registry locked as "
            f"released ({shown}); `eventkit lint` now fails when one changes"
        )


@app.command()
def lock(
    schemas: SchemasOpt = Path("schemas"),
    check: Annotated[
        bool,
        typer.Option("--check", help="Write nothing; exit 1 when eventkit.lock is stale."),
    ] = False,
    accept_changes: Annotated[
        bool,
        typer.Option(
            "--accept-changes",
            help="Also re-lock released versions whose resolved schema changed, and drop "
            "deleted ones (only after review: they are meant to be immutable).",
        ),
    ] = False,
) -> None:
    """Write eventkit.lock: the digest of every version's resolved schema (the file and every
    _shared/ definition it reaches), which `eventkit lint` checks.

    A draft version (made by `new` or `bump`) that `eventkit lint` finds problems in is not
    final: it stays a draft, and the rest is written.

    Exit codes: 0 written or up to date, 1 stale (--check), refused because released
    versions changed, or a draft left unlocked, 2 registry or lock file unreadable.
    """
    from eventkit.lint import lint_registry, unfinished_drafts
    from eventkit.registry.lock_status import lock_problems, lock_registry

    unfinished = unfinished_drafts(run_reported(lambda: lint_registry(schemas)))
    result = run_reported(
        lambda: lock_registry(
            schemas, check=check, accept_changes=accept_changes, keep_draft=unfinished
        )
    )
    errors, _ = lock_problems(result.status)
    for problem in errors:
        typer.echo(str(problem), err=True)
    if result.refused:
        typer.echo(
            f"error: nothing written to {result.path}: released versions changed or were "
            "deleted since it was written; revert that, or after review run "
            "`eventkit lock --accept-changes`",
            err=True,
        )
    elif check and result.stale:
        # `eventkit lock` alone refuses to re-lock changed or deleted released versions
        released = result.status.changed or result.status.deleted
        if released and not accept_changes:
            fix = "revert that, or after review run `eventkit lock --accept-changes`"
        else:
            fix = f"run `eventkit lock{' --accept-changes' if accept_changes else ''}`"
        typer.echo(f"{result.path} is stale ({result.summary()}); {fix}", err=True)
    elif result.written:
        typer.echo(f"wrote {result.path}: {result.versions} version(s) ({result.summary()})")
    else:
        typer.echo(f"{result.path} is up to date ({result.versions} version(s))")
    if result.kept_draft and not check:
        _say_kept_draft({key: unfinished[key] for key in result.kept_draft})
    if result.exit_code:
        raise typer.Exit(EXIT_PROBLEMS)


def _say_kept_draft(kept: dict[str, tuple[Problem, ...]]) -> None:
    """Name each draft left unlocked, with its first problem (lint lists them all)."""
    typer.echo(
        f"error: {len(kept)} draft version(s) not locked: `eventkit lint` finds problems in "
        "them, so they are not final",
        err=True,
    )
    for key, problems in kept.items():
        first = problems[0]
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        typer.echo(
            f"  {key}: {visible(first.location)}: {first.code}: {visible(first.message)}{more}",
            err=True,
        )
    typer.echo(
        "  hint: fix them (`eventkit lint` lists every problem), then run `eventkit lock` again",
        err=True,
    )
