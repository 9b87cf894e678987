"""`eventkit lint`: check a registry folder and report every problem in one run.

Uses jsonschema (the `cli` extra); never imported by `import eventkit`.

Example:
    ```python
    from eventkit.lint import lint_registry, print_summary

    report = lint_registry("schemas")
    print(report.format_text())   # every problem, with file, line, pointer and a hint
    print_summary(report)         # what the registry holds
    raise SystemExit(report.exit_code)
    ```
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any, TextIO

from eventkit.lint._report import (
    INPUT_PROBLEMS,
    LintReport,
    dumps,
    format_summary,
    lint_registry,
    lint_registry_forking,
)

__all__ = [
    "INPUT_PROBLEMS",
    "ExampleChecker",
    "LintReport",
    "MetaError",
    "dumps",
    "format_summary",
    "lint_registry",
    "lint_registry_forking",
    "meta_error",
    "print_summary",
    "unfinished_drafts",
]


if TYPE_CHECKING:
    from eventkit.lint._drafts import unfinished_drafts
    from eventkit.lint._examples import ExampleChecker
    from eventkit.lint._meta import MetaError, meta_error


def __getattr__(name: str) -> Any:
    # jsonschema is imported on first use: `import eventkit.lint` stays as light as before
    if name in ("MetaError", "meta_error"):
        from eventkit.lint import _meta

        return getattr(_meta, name)
    if name == "unfinished_drafts":  # `eventkit lock`: which drafts stay drafts
        from eventkit.lint import _drafts

        return _drafts.unfinished_drafts
    if name == "ExampleChecker":  # examples and defaults against their schemas (codegen too)
        from eventkit.lint import _examples

        return _examples.ExampleChecker
    raise AttributeError(f"module 'eventkit.lint' has no attribute {name!r}")


def print_summary(report: LintReport, file: TextIO | None = None) -> None:
    """Print what the registry holds, then the lint verdict (for the demo)."""
    out = file or sys.stdout
    print(format_summary(report.registry), file=out)
    verdict = "lint: ok" if report.ok else f"lint: {len(report.problems)} problem(s)"
    print(verdict, file=out)
