"""The start-up fast path of `eventkit check`, `lint` and `codegen` (issue 16).

Building the whole typer application costs more than most `check` runs: every command module
is imported, and typer builds a pydantic `TypeAdapter` for each option it parses (which
imports pydantic's schema machinery, ~70 ms). When the command line is one of these commands
with only plain options (`--schemas DIR`, `--format json`, `--check`, ...), the fast path
imports that one command module and calls the very function typer would call, with the values
typer would pass: the command's behaviour, output and exit codes are the same code.

Anything else (`--help`, a positional argument, an unknown or repeated option, a value that
looks like an option or is empty, a choice that is not one of its values, an option typer
would convert some other way, shell completion) returns None, and typer parses the command
line as always, so its error messages and help are unchanged. The options are read from the
command's own typer declarations, so a new option is never parsed differently here.

The everyday forms of `check`, `lint` and `codegen` (`--schemas`, `--format`, lint's
`--summary`, codegen's `--out` and `--check`) do not even import typer: `eventkit.cli._plain`
runs them.
"""

from __future__ import annotations

import enum
import errno
import gc
import importlib
import os
import sys
import types
import typing
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from eventkit.cli._argv import FLAG, parse_options

__all__ = ["FAST_COMMANDS", "fast_command"]

# command -> the module that defines it (a function of the same name)
FAST_COMMANDS = {
    "check": "eventkit.cli.check",
    "lint": "eventkit.cli.lint",
    "codegen": "eventkit.cli.codegen",
}

# Commands that run to the end of the process with the cyclic garbage collector off and leave
# without tearing the interpreter down (`_leave`): their data are acyclic trees (parsed JSON,
# the registry model), which the collector would only re-scan as they grow, and freeing them
# one by one at exit is work nobody waits for (mypy leaves the same way).
# fast path: -8% (CPU) on bench/compat.py figure compat.check_vs_version_process and -11% on
# bench/registry_load.py figure registry_load.lint_vs_floor_process (measured 2026-12-06)
_SHORT_LIVED = frozenset(("check", "lint"))
# ... and the commands that only leave that way. codegen keeps the collector (its generator may
# run in this process and makes cyclic garbage) but not the teardown: ~20 ms of a run that
# regenerates one schema (its modules' and objects' finalisation; docs/decisions/0030).
_HARD_EXIT = _SHORT_LIVED | {"codegen"}


def fast_command(argv: Sequence[str]) -> Callable[[], None] | None:
    """A call running `argv` as typer would (exiting with the command's code), or None when
    typer must parse it."""
    if not argv or argv[0] not in FAST_COMMANDS or _completing():
        return None
    short_lived = argv[0] in _SHORT_LIVED
    hard = argv[0] in _HARD_EXIT
    from eventkit.cli._plain import plain_command

    plain = plain_command(list(argv))
    if plain is not None:  # the everyday forms: typer is not even imported
        return lambda: _run_plain(plain, short_lived=short_lived, hard=hard)
    was_enabled = gc.isenabled()
    if short_lived:
        gc.disable()  # the command's imports too; restored for whoever runs next
    try:
        module = importlib.import_module(FAST_COMMANDS[argv[0]])
        func = getattr(module, argv[0])
        options = _options(func)
        kwargs = None if options is None else parse_options(argv[1:], options)
    finally:
        if was_enabled:
            gc.enable()
    if kwargs is None:
        return None
    return lambda: _run(func, kwargs, short_lived=short_lived, hard=hard)


def _completing() -> bool:
    return any(key.startswith("_EVENTKIT_COMPLETE") for key in os.environ)


def _options(func: Callable[..., Any]) -> dict[str, tuple[str, Any]] | None:
    """`--decl` -> (parameter name, converter or FLAG) for every option of `func`, as typer
    reads them (`typer.utils.get_params_from_function`); None if the command has a parameter
    the fast path does not reproduce (read from the environment, or with a callback)."""
    from typer.models import ArgumentInfo, OptionInfo
    from typer.utils import get_params_from_function

    out: dict[str, tuple[str, Any]] = {}
    for name, meta in get_params_from_function(func).items():
        info = meta.default
        if not isinstance(info, (OptionInfo, ArgumentInfo)):
            return None
        if info.envvar is not None or info.callback is not None:
            return None
        if isinstance(info, ArgumentInfo):
            continue  # a positional argument: never given on the fast path
        convert = _converter(meta.annotation, info)
        for decl in info.param_decls or ():
            if decl.startswith("--") and "/" not in decl:
                out[decl] = (name, convert)
    return out


def _converter(kind: Any, info: Any) -> Any:
    """How typer turns the option's text into its value, for the types the fast path takes;
    None for any other (the option then goes through typer)."""
    if getattr(info, "parser", None) is not None or getattr(info, "click_type", None) is not None:
        return None
    if kind is bool:
        return FLAG
    if typing.get_origin(kind) in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(kind) if a is not type(None)]
        if len(args) != 1:
            return None
        kind = args[0]
    if kind is str:
        return str
    if kind is Path and not (info.exists or info.resolve_path or info.allow_dash):
        return Path
    if isinstance(kind, type) and issubclass(kind, enum.Enum) and info.case_sensitive:
        return lambda text: _choice(kind, text)
    return None


def _choice(kind: type[enum.Enum], text: str) -> enum.Enum:
    for member in kind:
        if member.value == text:
            return member
    raise ValueError(text)


def _run(
    func: Callable[..., Any],
    kwargs: dict[str, Any],
    *,
    short_lived: bool = False,
    hard: bool = False,
) -> None:
    """Call the command and leave as typer's standalone mode does; a click error (a bad
    parameter found inside the command) is handed to typer, which reports it with usage.
    `short_lived`: the collector off; `hard` (or `short_lived`): no teardown (`_leave`)."""
    hard = hard or short_lived
    if short_lived:
        gc.disable()  # the process ends with the command (`_leave`)
    import typer

    # click's base error, from whichever click typer runs on (its own copy or click itself)
    click_error: type[Exception] = next(
        c for c in typer.BadParameter.__mro__ if c.__name__ == "ClickException"
    )
    try:
        func(**kwargs)
    except typer.Exit as done:
        _leave(done.exit_code, hard=hard)
    except click_error:
        from eventkit.cli import load_app

        load_app()()
    except KeyboardInterrupt:
        sys.exit(130)
    except (EOFError, typer.Abort):
        sys.stderr.write("\nAborted!\n")
        sys.exit(1)
    except OSError as error:
        if error.errno != errno.EPIPE:
            raise
        sys.exit(1)
    _leave(0, hard=hard)


def _run_plain(command: Callable[[], int], *, short_lived: bool, hard: bool = False) -> None:
    """Run a command of `_plain` and leave as `_run` does."""
    hard = hard or short_lived
    if short_lived:
        gc.disable()  # the process ends with the command (`_leave`)
    try:
        code = command()
    except KeyboardInterrupt:
        sys.exit(130)
    except EOFError:
        sys.stderr.write("\nAborted!\n")
        sys.exit(1)
    except OSError as error:
        if error.errno != errno.EPIPE:
            raise
        sys.exit(1)
    _leave(code, hard=hard)


def _leave(code: int, *, hard: bool) -> None:
    """Exit with `code`; `hard`: once the output is written, skipping the interpreter's
    teardown (no eventkit code registers exit handlers on these commands' path). If the
    output cannot be written (a closed pipe), the interpreter exits and reports as always."""
    if not hard:
        sys.exit(code)
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except BaseException:
        sys.exit(code)
    os._exit(code)
