"""`eventkit check`, `lint` and `codegen` in their everyday form, without importing typer.

`check --schemas DIR [--format F]`, `lint --schemas DIR [--format text|json] [--summary]` and
`codegen [--schemas DIR] [--out DIR] [--check]` are what CI and pre-commit hooks run. Importing typer (and its click) costs ~20 ms, which
these commands would spend only to parse two options and print their report, so the fast
path (`eventkit.cli._fast`) runs them here: the same library calls as `check.py` and
`lint.py` make for these options, the same messages and exit codes, and `echo` writes what
`typer.echo` writes. Any other option, a value that is not plain, a `--format` not among
the choices (typer reports it with usage) or output that `typer.echo` would alter goes to
typer. The typer commands run the same bodies (`run_check`, `run_lint`, `run_codegen`) for
these options, so the two paths cannot drift; tests/cli/test_fast_path.py compares both
paths' output, and the options here with the commands' typer declarations.
"""

# fast path: -6% (CPU) on bench/compat.py figure compat.check_vs_version_process, -4.5% on
# bench/registry_load.py figure registry_load.lint_vs_floor_process (measured 2026-12-06)

from __future__ import annotations

import codecs
import json
import os
import signal
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from eventkit.cli._argv import FLAG, parse_options
from eventkit.cli._oserrors import path_errors
from eventkit.errors import EXIT_BREAKING, EXIT_OK, EXIT_PROBLEMS, EventkitError
from eventkit.visible_text import visible_lines

__all__ = ["PLAIN_OPTIONS", "echo", "plain_command", "run_check", "run_codegen", "run_lint"]

_LINT_FORMATS = ("text", "json")

# The last check's or lint's registry and report, kept: both commands leave without tearing
# the interpreter down (`_fast._leave`), and freeing the registry's objects one by one as
# `run_check` or `run_lint` returns (~5 ms of CPU at 200 x 5) is work nobody waits for. One
# slot: a process running a command again frees the previous one's objects then.
_kept: list[object] = []

# command -> option -> (parameter of the typer command, how its value is read)
PLAIN_OPTIONS: dict[str, dict[str, tuple[str, Any]]] = {
    "check": {"--schemas": ("schemas", Path), "--format": ("fmt", str)},
    "lint": {
        "--schemas": ("schemas", Path),
        "--format": ("output", str),
        "--summary": ("summary", FLAG),
    },
    "codegen": {"--schemas": ("schemas", Path), "--out": ("out", Path), "--check": ("check", FLAG)},
}


def plain_command(argv: list[str]) -> Callable[[], int] | None:
    """The command run without typer (returning its exit code), or None."""
    options = PLAIN_OPTIONS.get(argv[0]) if argv else None
    if options is None:
        return None
    kwargs = parse_options(argv[1:], options)
    if kwargs is None:
        return None
    if argv[0] == "codegen":
        return lambda: run_codegen(
            kwargs.get("schemas", Path("schemas")), kwargs.get("out"), kwargs.get("check", False)
        )
    if argv[0] == "check":
        from eventkit.compat.render import FORMATS

        if kwargs.setdefault("fmt", "text") not in FORMATS:
            return None  # typer's usage error
        return lambda: run_check(kwargs.get("schemas", Path("schemas")), kwargs["fmt"])
    if kwargs.setdefault("output", "text") not in _LINT_FORMATS:
        return None  # typer's usage error
    return lambda: run_lint(
        kwargs.get("schemas", Path("schemas")), kwargs["output"], kwargs.get("summary", False)
    )


def echo(text: str, *, err: bool = False) -> None:
    """`typer.echo(text, err=err)`: written as is when click would write it as is (no ANSI
    escape to strip, not Windows, a stream not encoded as ASCII), else by typer itself."""
    stream = sys.stderr if err else sys.stdout
    encoding = getattr(stream, "encoding", None) if stream is not None else None
    if stream is None or not encoding or "\x1b" in text or os.name == "nt" or _ascii(encoding):
        import typer

        typer.echo(text, err=err)
        return
    stream.write(text + "\n")
    stream.flush()


def _ascii(encoding: str) -> bool:
    try:
        return codecs.lookup(encoding).name == "ascii"
    except LookupError:
        return True  # click would treat it as ASCII too: let it


def run_check(schemas: Path, fmt: str) -> int:
    """`eventkit check` without --against or --consumers (both paths): check the version
    chains, print the report, return the exit code."""
    from eventkit.registry import cpu_mark

    started = cpu_mark()  # were CPUs idle while this command loaded? (a worker for the check)
    from eventkit.compat import check_registry_forking
    from eventkit.compat.render import render, render_error
    from eventkit.registry import load_registry

    try:
        with path_errors():
            registry = load_registry(schemas)
            report = check_registry_forking(registry, idle_since=started)
            # No finding to annotate and no service declaring what it consumes: consumer_aware
            # would return the same report, so it (and its modules) are not loaded.
            if report.findings or report.suppressed or any(s.consumes for s in registry.services):
                from eventkit.consumers.check import consumer_aware

                report = consumer_aware(report, registry)
    except EventkitError as error:
        document = render_error(error, fmt)  # a JSON or SARIF reader still gets a document
        if document is not None:
            echo(document)
        echo(f"error: {visible_lines(str(error))}", err=True)
        return error.exit_code
    _kept[:] = [registry, report]
    echo(render(report, fmt))
    return EXIT_OK if report.ok else EXIT_BREAKING


def run_lint(schemas: Path, output: str, summary: bool, routers: list[str] | None = None) -> int:
    """`eventkit lint` (both paths): lint, print the report, return the exit code."""
    from eventkit.registry import cpu_mark

    started = cpu_mark()  # were CPUs idle while this command loaded? (a worker for the checks)
    from eventkit.lint import dumps, format_summary, lint_registry_forking

    try:
        with path_errors():
            report = lint_registry_forking(schemas, idle_since=started)
            if routers:
                from eventkit.lint.consumers import with_routers

                report = with_routers(report, routers)
    except EventkitError as error:
        if output == "json":
            payload = {
                "registry": str(schemas),
                "ok": False,
                "error": {"code": error.code, "message": error.message, "hint": error.hint},
            }
            echo(json.dumps(payload, indent=2))  # and, as with text, for a person below
        echo(f"error: {visible_lines(str(error))}", err=True)
        return error.exit_code
    _kept[:] = [report]
    if output == "json":
        echo(dumps(report))
    else:
        if summary:
            echo(format_summary(report.registry))
        echo(report.format_text())
    return report.exit_code


@contextmanager
def _terminate_as_exit() -> Iterator[None]:
    """SIGTERM (a CI job cancelled, a file watcher restarting the command) ends this process
    as an exception, exit code 143, so that codegen's cleanup runs: killed outright, it left
    its staging folder (a copy of the package) beside the output package for good. A process
    forked meanwhile (the generator's child, its workers) dies of it as before."""
    owner = os.getpid()

    def terminated(signum: int, _frame: object) -> None:
        if os.getpid() != owner:
            signal.signal(signum, signal.SIG_DFL)
            os.kill(os.getpid(), signum)
            return
        raise SystemExit(128 + signum)

    if threading.current_thread() is not threading.main_thread():
        yield  # only the main thread may set a handler (a test calling the body)
        return
    previous = signal.signal(signal.SIGTERM, terminated)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def run_codegen(schemas: Path, out: Path | None, check: bool) -> int:
    """`eventkit codegen` (both paths): generate or verify, report, return the exit code.
    eventkit_codegen is imported here, so a typer-free run forks its generator child (which
    imports datamodel-code-generator meanwhile) before anything else is loaded."""
    from shlex import quote  # the command printed for stale code is pasted into a shell

    from eventkit_codegen import generate

    command = f"eventkit codegen --schemas {quote(str(schemas))}"
    command += f" --out {quote(str(out))}" if out else ""
    try:
        with path_errors(), _terminate_as_exit():
            result = generate(schemas, out, check=check)
    except EventkitError as error:
        echo(f"error: {visible_lines(str(error))}", err=True)
        return error.exit_code
    out = result.out_dir if out is None else out
    if check:
        if result.stale:
            echo(
                f"stale generated code in {out} ({len(result.stale)} file(s)); run `{command}`:",
                err=True,
            )
            why = dict(result.refused)
            for rel in result.stale:
                echo(f"  {out / rel}" + (f": {why[rel]}" if rel in why else ""), err=True)
            return EXIT_PROBLEMS
        echo(f"{out}: up to date ({result.events} event classes)")
        return EXIT_OK
    if not result.written and not result.removed:
        echo(f"{out}: up to date ({result.events} event classes); nothing written")
        return EXIT_OK
    why = {rel: f": {reason}" for rel, reason in result.refused}
    for rel in result.written:
        echo(f"wrote {out / rel}{why.get(rel, '')}")
    for rel in result.removed:
        echo(f"removed {out / rel}{why.get(rel, '')}")
    echo(
        f"{out}: {len(result.written)} written, {len(result.removed)} removed, "
        f"{len(result.unchanged)} unchanged ({result.events} event classes)"
    )
    return EXIT_OK
