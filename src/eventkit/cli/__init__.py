"""The `eventkit` command line (typer). Each command lives in its own module and stays thin:
parse arguments, call a library function, map `EventkitError` to its exit code. Tools
(jsonschema, codegen, boto3, ...) are imported inside the command that needs them."""

from __future__ import annotations

# Importing a command module registers its commands on `app`.
from eventkit.cli import (  # noqa: F401  (registration by import)
    authoring,
    catalog,
    check,
    codegen,
    demo,
    dlq,
    init,
    lint,
    patterns,
    sample,
    sync,
)
from eventkit.cli._app import app, main

__all__ = ["app", "main"]
