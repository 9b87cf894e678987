"""The text of the files `eventkit init` writes (eventkit.project_init fills in the values).

Kept apart from the writer so the files read as what they are. Every value put into them has
been checked first (registry and bus names, source prefix, package name), and goes into TOML
as a quoted string.
"""

from __future__ import annotations

import json

__all__ = [
    "EXAMPLE_EVENT",
    "EXAMPLE_SERVICE",
    "REPOSITORY_URL",
    "eventkit_toml",
    "example_schema",
    "pre_commit_config",
    "workflow",
]

# Where eventkit's pre-commit hooks (.pre-commit-hooks.yaml) and GitHub Action (action.yml)
# live; the `rev:` / `@` is the eventkit version that wrote the files.
REPOSITORY_URL = "https://github.com/eventkit-dev/eventkit"

EXAMPLE_SERVICE = "accounts"
EXAMPLE_EVENT = "AccountCreated"


def _quoted(value: str) -> str:
    """A TOML basic string (JSON's escapes are TOML's for the characters allowed here)."""
    return json.dumps(value, ensure_ascii=False)


def eventkit_toml(*, name: str, bus: str, source_prefix: str, package: str) -> str:
    return f"""\
# The event-contract registry: one folder per owning service, one per event type, one
# immutable JSON Schema file per released version. Every key: eventkit's docs/registry.md.

[registry]
# Schema Registry name used by `eventkit sync`; the EventBridge bus the events are published
# on; source = source_prefix + service folder (e.g. "{source_prefix}{EXAMPLE_SERVICE}").
name = {_quoted(name)}
event_bus = {_quoted(bus)}
source_prefix = {_quoted(source_prefix)}

[compatibility]
mode = "FULL_TRANSITIVE"         # producers and consumers deploy in any order within a major
policy = "LENIENT"               # eventkit producers never emit undeclared fields

[codegen]
# `eventkit codegen` writes the typed models into this import package: src/<package>/ when the
# folder holding schemas/ has a src/ folder, else <package>/ there (or set out = "<folder>",
# relative to this file's folder).
package = {_quoted(package)}
"""


def example_schema() -> str:
    schema = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": EXAMPLE_EVENT,
        "description": (
            "A customer account was created. The accounts service publishes it once per "
            "account, right after the account is stored. (An example written by `eventkit "
            "init`: edit it into your first real event, or delete its folder once the "
            "registry has one, before the registry reaches your main branch.)"
        ),
        "type": "object",
        "required": ["account_id", "email", "created_at"],
        "properties": {
            "account_id": {
                "type": "string",
                "minLength": 1,
                "description": "The new account's id; never reused.",
            },
            "email": {
                "type": "string",
                "format": "email",
                "description": "The address the customer signed up with.",
            },
            "plan": {
                "type": "string",
                "enum": ["free", "team", "enterprise"],
                "description": "The plan the account starts on; absent when none was chosen.",
            },
            "created_at": {
                "type": "string",
                "format": "date-time",
                "description": "When the account was created (ISO 8601, UTC).",
            },
        },
        "examples": [
            {
                "account_id": "acc_0001",
                "email": "ada@example.com",
                "plan": "team",
                "created_at": "2026-01-15T09:30:00Z",
            }
        ],
    }
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


def workflow(*, version: str, schemas: str) -> str:
    return f"""\
# eventkit's CI gate (written by `eventkit init`): the registry is valid, a pull request breaks
# no released contract of its target branch (findings are annotated on the changed lines), and
# the generated models are up to date.
name: eventkit

# Every pull request, whatever its target branch (main, master, trunk, release/*), every merge
# queue group (a queue that requires this check gets it), and every push to the repository's
# default branch, whatever its name. A branch filter cannot name the default branch (GitHub
# evaluates no expression under `on:`), so the job's `if` does.
on:
  pull_request:
  merge_group:
  push:

permissions:
  contents: read

jobs:
  contracts:
    if: >-
      github.event_name != 'push' ||
      github.ref == format('refs/heads/{{0}}', github.event.repository.default_branch)
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
        with:
          fetch-depth: 0  # `check --against` reads the target branch's registry from git
      - uses: actions/setup-python@v5
        with:
          python-version: "3.12"
      - run: pip install "eventkit[cli,codegen]=={version}"
      - run: eventkit lint --schemas {schemas}
      # A pull request is compared with its target branch; a merge queue group with the commit
      # it is built on (the target branch, plus the groups queued ahead of it).
      - name: eventkit check (against the target branch)
        if: github.event_name == 'pull_request' || github.event_name == 'merge_group'
        env:  # a branch name reaches the shell as data, never as script text
          AGAINST: >-
            ${{{{ github.event_name == 'merge_group' && github.event.merge_group.base_sha
            || format('origin/{{0}}', github.base_ref) }}}}
        run: eventkit check --schemas {schemas} --against "$AGAINST" --format github
      - name: eventkit check
        if: github.event_name != 'pull_request' && github.event_name != 'merge_group'
        run: eventkit check --schemas {schemas} --format github
      - run: eventkit codegen --schemas {schemas} --check
"""


def pre_commit_config(*, version: str) -> str:
    return f"""\
# pre-commit hooks (written by `eventkit init`): `pre-commit install` runs them before each
# commit. They run eventkit {version} in pre-commit's own environment.
repos:
  - repo: {REPOSITORY_URL}
    rev: v{version}
    hooks:
      - id: eventkit-lint
      - id: eventkit-check
      - id: eventkit-codegen-check
"""
