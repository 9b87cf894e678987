"""`eventkit compat` (two schema files) and `eventkit check` (the registry's CI gate).

Exit codes: 0 compatible / clean, 100 breaking or undecided findings, 2 usage or input error.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer

from eventkit.cli._app import EndpointOpt, ProfileOpt, RegionOpt, SchemasOpt, app, run_reported
from eventkit.cli._deployed import Endpoint, check_deployed, deployed_name, print_notes
from eventkit.cli._plain import run_check
from eventkit.errors import EXIT_BREAKING, CompatibilityError, EventkitError

if TYPE_CHECKING:
    from eventkit.compat import CheckReport
    from eventkit.registry import Registry

_T = TypeVar("_T")

_FORMAT_HELP = "Output: text, json, github (workflow annotations), junit or sarif."


# `-` names standard input (`git show main:x.json | eventkit compat - x.json`)
STDIN = Path("-")


def _shown(path: Path) -> str:
    return "<stdin>" if path == STDIN else str(path)


def _read_stdin(limit: int) -> bytes:
    stream = sys.stdin.buffer
    if stream.isatty():
        # a terminal would wait for typing that nobody expects to have to do
        raise CompatibilityError(
            "<stdin>: '-' reads the schema from standard input, but nothing is piped to it; "
            "pipe a schema in (git show REF:PATH | eventkit compat - NEW.json) or name a file"
        )
    return stream.read(limit + 1)


def _read_schema(path: Path) -> tuple[Any, str]:
    from eventkit.registry import BOM_HINT, BOM_MESSAGE, MAX_SCHEMA_BYTES, read_regular_file

    shown = _shown(path)
    try:
        # a regular file only (a FIFO or device would block or never end), of a schema's size
        data = (
            _read_stdin(MAX_SCHEMA_BYTES)
            if path == STDIN
            else read_regular_file(path, MAX_SCHEMA_BYTES)
        )
    except FileNotFoundError:
        raise CompatibilityError(
            f"{shown}: no such file", hint="check the path (or pass - to read standard input)"
        ) from None
    except OSError as error:
        reason = getattr(error, "message", None) or error
        raise CompatibilityError(
            f"{shown}: cannot read: {reason}", hint="pass a readable JSON Schema file"
        ) from None
    if len(data) > MAX_SCHEMA_BYTES:
        raise CompatibilityError(f"{shown}: larger than {MAX_SCHEMA_BYTES} bytes; not a schema")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:  # named as the registry's loader names it
        line = data.count(b"\n", 0, error.start) + 1
        raise CompatibilityError(
            f"{shown}: not UTF-8 text (line {line}): {error.reason}", hint="save it as UTF-8"
        ) from None
    if text.startswith("\ufeff"):  # invisible in an editor; json's words name a Python codec
        raise CompatibilityError(f"{shown}:1:1: not valid JSON: {BOM_MESSAGE}", hint=BOM_HINT)
    try:
        schema = json.loads(text)
    except json.JSONDecodeError as error:
        raise CompatibilityError(
            f"{shown}:{error.lineno}:{error.colno}: not valid JSON: {error.msg}"
        ) from None
    except RecursionError:
        raise CompatibilityError(f"{shown}: JSON nests too deeply to read") from None
    if not isinstance(schema, (dict, bool)):
        raise CompatibilityError(
            f"{shown}: a JSON Schema is an object or a boolean, not {type(schema).__name__}"
        )
    _meta_validate(shown, schema)
    return schema, text


def _meta_validate(shown: str, schema: Any) -> None:
    from eventkit.lint import meta_error  # the linter's meta-validation: one judge
    from eventkit.registry import DIALECT_2020_12

    if not isinstance(schema, dict):
        return
    dialect = schema.get("$schema", DIALECT_2020_12)
    try:
        error = meta_error(schema, dialect)
    except LookupError:
        raise CompatibilityError(f"{shown}: unknown $schema dialect {dialect!r}") from None
    except RecursionError:
        raise CompatibilityError(f"{shown}: the schema nests too deeply to validate") from None
    if error is not None:
        where = "/" + "/".join(str(p) for p in error.path)
        raise CompatibilityError(
            f"{shown}: not a valid JSON Schema at {where}: {error.message}"
        ) from None


def _check_format(fmt: str) -> str:
    from eventkit.compat.render import FORMATS

    if fmt not in FORMATS:
        raise typer.BadParameter(
            f"{fmt!r} is not one of {', '.join(FORMATS)}", param_hint="--format"
        )
    return fmt


def _folder_of(path: Path) -> Path:
    return Path.cwd() if path == STDIN else path.resolve().parent


def _name_of(path: Path) -> str:
    return _shown(path) if path == STDIN else path.name


def _compat_report(old: Path, new: Path, mode: str, policy: str) -> CheckReport:
    from eventkit.compat import CheckReport, RegistryFinding, check_compatibility
    from eventkit.json_pointer import pointer_lines

    if old == STDIN and new == STDIN:
        raise CompatibilityError(
            "both schemas are '-': standard input holds one of them; name the other as a file"
        )
    old_schema, _ = _read_schema(old)
    new_schema, new_text = _read_schema(new)
    report = check_compatibility(
        old_schema,
        new_schema,
        mode=mode,
        policy=policy,
        # a piped schema's relative $refs resolve in the current folder
        old_dir=_folder_of(old),
        new_dir=_folder_of(new),
    )
    lines = pointer_lines(new_text)
    findings = []
    for finding in report.findings:
        pointer = finding.pointer
        while pointer and pointer not in lines:
            pointer = pointer.rsplit("/", 1)[0]
        findings.append(
            RegistryFinding(
                event="",
                version=_name_of(new),
                against=(_name_of(old),),
                finding=finding,
                file=_shown(new) if new == STDIN else str(new.resolve()),
                relpath=_shown(new),
                line=lines.get(pointer, 1),
                mode=report.mode,
                policy=report.policy,
            )
        )
    return CheckReport(findings=tuple(findings), events=1, versions=2, comparisons=1)


@app.command()
def compat(
    old: Annotated[
        Path, typer.Argument(help="The old schema file (JSON); - reads standard input.")
    ],
    new: Annotated[
        Path, typer.Argument(help="The new schema file (JSON); - reads standard input.")
    ],
    mode: Annotated[
        str,
        typer.Option(
            "--mode",
            help="NONE, BACKWARD, BACKWARD_TRANSITIVE, FORWARD, FORWARD_TRANSITIVE, FULL or FULL_TRANSITIVE.",
        ),
    ] = "FULL",
    policy: Annotated[
        str,
        typer.Option(
            "--policy",
            help="LENIENT (writers closed: eventkit producers) or STRICT (pure set inclusion).",
        ),
    ] = "LENIENT",
    fmt: Annotated[str, typer.Option("--format", help=_FORMAT_HELP)] = "text",
) -> None:
    """Compare two JSON Schema files: is OLD -> NEW compatible under the mode and policy?"""
    from eventkit.compat.render import render

    fmt = _check_format(fmt)
    report = _reported(lambda: _compat_report(old, new, mode.upper(), policy.upper()), fmt)
    typer.echo(render(report, fmt, title=f"eventkit compat ({mode.upper()}, {policy.upper()})"))
    if not report.ok:
        raise typer.Exit(EXIT_BREAKING)


@app.command()
def check(
    schemas: SchemasOpt = Path("schemas"),
    against: Annotated[
        str | None,
        typer.Option(
            "--against",
            help="A git ref (branch, tag, commit; REF:PATH when the registry was at PATH there), or registry:NAME (what that Schema Registry holds): also fail when a version released there was edited or deleted, or accepts different data through a changed _shared/ file; report only what changed since.",
        ),
    ] = None,
    fmt: Annotated[str, typer.Option("--format", help=_FORMAT_HELP)] = "text",
    consumers: Annotated[
        bool,
        typer.Option(
            "--consumers",
            help="Print the dependency table (event, major, consumers, handlers) and exit.",
        ),
    ] = False,
    routers: Annotated[
        list[str] | None,
        typer.Option("--routers", help="[SERVICE=]MODULE:NAME: name the handlers in --consumers."),
    ] = None,
    endpoint_url: EndpointOpt = None,
    region: RegionOpt = None,
    profile: ProfileOpt = None,
) -> None:
    """Fail on breaking changes: every version chain within a major, under its mode and policy.
    Every finding names the declared consumers of the affected major."""
    from eventkit.compat.render import render
    from eventkit.consumers.check import consumer_aware
    from eventkit.registry import load_registry

    fmt = _check_format(fmt)
    endpoint = Endpoint(endpoint_url, region, profile)
    deployed = deployed_name(against, endpoint)  # registry:NAME (usage errors exit 2)
    if consumers:
        # the table checks nothing: an option it ignored would look like a passing gate
        if against is not None:
            raise typer.BadParameter(
                "--consumers prints the dependency table and checks nothing; "
                "run the check without --consumers",
                param_hint="--against",
            )
        if fmt not in ("text", "json"):
            raise typer.BadParameter(
                f"--consumers prints text or json, not {fmt}", param_hint="--format"
            )
        _print_consumers(schemas, routers or [], fmt)
        return
    if against is None:  # the everyday form: the typer-free path's body
        raise typer.Exit(run_check(schemas, fmt))

    registry = _reported(lambda: load_registry(schemas), fmt)
    if deployed is not None:
        checked, notes = _reported(lambda: check_deployed(registry, deployed, endpoint), fmt)
        print_notes(notes, fmt)
        report = _reported(lambda: consumer_aware(checked, registry), fmt)
    else:
        report = _reported(lambda: _check(registry, against, fmt), fmt)
    typer.echo(render(report, fmt))
    if not report.ok:
        raise typer.Exit(EXIT_BREAKING)


def _reported(func: Callable[[], _T], fmt: str) -> _T:
    """`run_reported(func)`; a failure is also printed on stdout in `fmt` (a JSON error object,
    a SARIF run whose invocation failed, ...: `render_error`), so a reader of that format
    still gets a document."""
    from eventkit.compat.render import render_error

    def run() -> _T:
        try:
            return func()
        except EventkitError as error:
            document = render_error(error, fmt)
            if document is not None:
                typer.echo(document)
            raise

    return run_reported(run)


def _check(registry: Registry, against: str, fmt: str) -> CheckReport:
    """`check_registry` against git ref `against`, consumer-aware, keeping only the consumer
    findings REF did not have; when REF has no registry yet (the pull request that adds it),
    nothing was released there: check the version chains alone and say so, instead of failing.
    """
    from eventkit.compat import check_registry, registry_at_ref
    from eventkit.compat.render import github_notice
    from eventkit.consumers.check import consumer_aware
    from eventkit.errors import RegistryAbsentAtRefError

    try:
        with registry_at_ref(registry.root, against) as base:
            report = check_registry(registry, against=base, label=against)
            return consumer_aware(report, registry, base=base)
    except RegistryAbsentAtRefError as absent:
        note = (
            f"no registry at {absent.ref} ({absent.path} has no eventkit.toml there): "
            "nothing was released yet, so only the version chains are checked"
        )
        typer.echo(f"note: {note}", err=True)
        if fmt == "github":
            typer.echo(github_notice(note, title="eventkit check"))
        return consumer_aware(check_registry(registry), registry)


def _print_consumers(schemas: Path, routers: list[str], fmt: str) -> None:
    from eventkit.consumers import load_routers
    from eventkit.consumers.check import dependency_rows, format_dependency_table
    from eventkit.registry import load_registry

    def table() -> str:
        registry = load_registry(schemas)
        rows = dependency_rows(registry, load_routers(routers, registry))
        return format_dependency_table(rows, "json" if fmt == "json" else "text")

    typer.echo(run_reported(table, as_json=fmt == "json"))
