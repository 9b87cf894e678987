"""Benchmark: lint a synthetic registry, as a ratio against reading its files; and the
generator of synthetic registries the other benches use (`write_synthetic_registry`).

The registry: N event types (default 200) x V versions (default 5: 1.0.0, 1.1.0, 1.2.0, 2.0.0,
2.1.0; each ~2.5 KB with nested objects, arrays, enums, formats, patterns and refs to two shared
files), written to a temp dir. Measured in the same run, interleaved (bench/_harness.py):

- lint_vs_floor_process: the whole `eventkit lint --schemas DIR` process against a process that
  reads every schema file and `json.load`s it (the least any tool must do, interpreter start-up
  included on both sides). Target: at most 3. `floor_ratio`: the figure if lint cost only
  starting eventkit's CLI (importing it) and reading the files, measured in the same rounds.
- load_vs_floor, lint_vs_floor (in-process, warm): `eventkit.registry.load_registry` and
  `eventkit.lint.lint_registry` against the same read + `json.load` loop. Reported.

Run: .venv/bin/python bench/registry_load.py [--rounds N] [--quick] [--events N] [--versions N]
"""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path
from typing import Any

import _harness

DIALECT = "https://json-schema.org/draft/2020-12/schema"
VERSIONS = ("1.0.0", "1.1.0", "1.2.0", "2.0.0", "2.1.0", "2.2.0", "3.0.0", "3.1.0")
SERVICES = ("orders", "payments", "users", "uploads", "campaigns", "notifications", "billing")

MONEY = {
    "$schema": DIALECT,
    "title": "Money",
    "description": "An amount of money in minor units.",
    "type": "object",
    "required": ["amount_minor", "currency"],
    "properties": {
        "amount_minor": {"type": "integer", "description": "Amount in minor units."},
        "currency": {"type": "string", "pattern": "^[A-Z]{3}$", "description": "ISO 4217."},
    },
    "examples": [{"amount_minor": 1250, "currency": "EUR"}],
}
COMMON = {
    "$schema": DIALECT,
    "title": "Common",
    "description": "Shared definitions.",
    "$defs": {
        "Address": {
            "type": "object",
            "description": "A postal address.",
            "required": ["line1", "city", "country"],
            "properties": {
                "line1": {"type": "string", "minLength": 1, "description": "Street and number."},
                "city": {"type": "string", "minLength": 1, "description": "City."},
                "postal_code": {"type": "string", "maxLength": 16, "description": "Postcode."},
                "country": {"type": "string", "pattern": "^[A-Z]{2}$", "description": "ISO 3166."},
            },
        },
        "CustomerRef": {
            "type": "object",
            "description": "Who the event is about.",
            "required": ["customer_id"],
            "properties": {
                "customer_id": {"type": "string", "format": "uuid", "description": "Id."},
                "email": {"type": "string", "format": "email", "description": "Email."},
            },
        },
    },
}


def _event_schema(name: str, index: int, version: str) -> dict[str, Any]:
    major, minor, _ = (int(p) for p in version.split("."))
    properties: dict[str, Any] = {
        "event_ref": {
            "type": "string",
            "pattern": f"^e{index}_[0-9A-Za-z]{{12}}$",
            "description": "The id of the thing this event is about.",
        },
        "customer": {"$ref": "../../_shared/common.json#/$defs/CustomerRef"},
        "occurred_at": {
            "type": "string",
            "format": "date-time",
            "description": "When it happened.",
        },
        "status": {
            "type": "string",
            "enum": ["pending", "active", "done", "failed"][: 2 + major],
            "description": "Where the thing stands.",
        },
        "amount": {"$ref": "../../_shared/money.json", "description": "How much."},
        "lines": {
            "type": "array",
            "minItems": 1,
            "maxItems": 50,
            "description": "Line items.",
            "items": {"$ref": "#/$defs/Line"},
        },
        "ship_to": {"$ref": "../../_shared/common.json#/$defs/Address"},
        "tags": {
            "type": "array",
            "uniqueItems": True,
            "items": {"type": "string", "maxLength": 32},
            "description": "Free-form tags.",
        },
    }
    for extra in range(minor):
        properties[f"added_{major}_{extra}"] = {
            "type": ["string", "null"],
            "maxLength": 200,
            "description": f"Optional field added in {major}.{extra + 1}.0.",
        }
    required = ["event_ref", "customer", "occurred_at", "status", "lines"]
    if major >= 2:
        required.append("amount")
    example: dict[str, Any] = {
        "event_ref": f"e{index}_abcdefABCDEF",
        "customer": {"customer_id": "6f1c2f9e-3b7a-4c1e-9a53-0d2f8b7c6e21", "email": "a@b.example"},
        "occurred_at": "2026-11-26T14:00:00Z",
        "status": "pending",
        "amount": {"amount_minor": 1999, "currency": "EUR"},
        "lines": [
            {"sku": "SKU-1", "quantity": 2, "unit_price": {"amount_minor": 999, "currency": "EUR"}}
        ],
        "ship_to": {"line1": "Main St 1", "city": "Berlin", "country": "DE"},
        "tags": ["gift"],
    }
    return {
        "$schema": DIALECT,
        "title": name,
        "description": f"Synthetic event {name}, version {version}.",
        "type": "object",
        "required": required,
        "properties": properties,
        "$defs": {
            "Line": {
                "type": "object",
                "description": "One line.",
                "required": ["sku", "quantity", "unit_price"],
                "properties": {
                    "sku": {
                        "type": "string",
                        "pattern": "^[A-Z0-9-]{3,32}$",
                        "description": "SKU.",
                    },
                    "quantity": {
                        "type": "integer",
                        "minimum": 1,
                        "maximum": 999,
                        "description": "How many.",
                    },
                    "unit_price": {"$ref": "../../_shared/money.json"},
                },
            }
        },
        "examples": [example],
    }


def write_synthetic_registry(root: Path, *, events: int = 200, versions: int = 5) -> Path:
    """Write a lint-clean registry of `events` event types x `versions` versions to `root`."""
    if versions > len(VERSIONS):
        raise ValueError(f"at most {len(VERSIONS)} versions per event")
    (root / "_shared").mkdir(parents=True, exist_ok=True)
    (root / "eventkit.toml").write_text(
        '[registry]\nname = "synthetic"\nevent_bus = "synthetic"\nsource_prefix = "syn."\n',
        encoding="utf-8",
    )
    for name, doc in (("money.json", MONEY), ("common.json", COMMON)):
        (root / "_shared" / name).write_text(json.dumps(doc, indent=2), encoding="utf-8")
    for index in range(events):
        service = SERVICES[index % len(SERVICES)]
        name = f"Thing{index}Happened"
        folder = root / service / name
        folder.mkdir(parents=True)
        for version in VERSIONS[:versions]:
            doc = _event_schema(name, index, version)
            (folder / f"{version}.json").write_text(json.dumps(doc, indent=2), encoding="utf-8")
    return root


# The floor as a process: the same interpreter reading and parsing every file, nothing else.
FLOOR_SCRIPT = """
import json, sys
from pathlib import Path
if len(sys.argv) > 2:
    __import__(sys.argv[2])
for path in Path(sys.argv[1]).rglob("*.json"):
    with path.open(encoding="utf-8") as file:
        json.load(file)
"""


def floor_argv(root: Path, *, importing: str | None = None) -> list[str]:
    """argv of the floor process for the registry at `root`; with `importing`, the process
    imports that module first (e.g. the CLI, for a floor of a CLI command)."""
    return [sys.executable, "-c", FLOOR_SCRIPT, str(root), *([importing] if importing else [])]


def read_all(root: Path) -> None:
    """The floor in-process: read and `json.load` every file of the registry."""
    for path in root.rglob("*.json"):
        with path.open(encoding="utf-8") as file:
            json.load(file)


def main() -> None:
    parser = _harness.parser((__doc__ or "").splitlines()[0])
    parser.add_argument("--events", type=int, default=200)
    parser.add_argument("--versions", type=int, default=5)
    args = parser.parse_args()
    rounds = _harness.start(args)
    if args.quick:
        args.events = min(args.events, 50)

    from eventkit.lint import lint_registry
    from eventkit.registry import load_registry

    with tempfile.TemporaryDirectory() as tmp:
        root = write_synthetic_registry(Path(tmp), events=args.events, versions=args.versions)
        files = sum(1 for _ in root.rglob("*.json"))
        report = lint_registry(root)
        if report.problems:
            raise SystemExit(f"synthetic registry is not lint-clean: {report.problems[0]}")
        size = {"events": args.events, "versions": args.versions, "files": files}

        lint_argv = [str(_harness.EVENTKIT), "lint", "--schemas", str(root)]
        times = _harness.interleave(
            {
                "lint": _harness.process(lint_argv),
                "floor": _harness.process(floor_argv(root)),
                "cli_floor": _harness.process(floor_argv(root, importing="eventkit.cli")),
            },
            rounds,
        )
        _harness.compare(
            "registry_load.lint_vs_floor_process",
            times,
            "lint",
            "floor",
            target=3.0,
            better="lower",
            floor_ratio=round(_harness.paired(times, "cli_floor", "floor").median, 3),
            **size,
        )

        times = _harness.interleave(
            {
                "floor": _harness.wall(lambda: read_all(root)),
                "load": _harness.wall(lambda: load_registry(root)),
                "lint": _harness.wall(lambda: lint_registry(root)),
            },
            rounds,
        )
        for name in ("load", "lint"):
            _harness.compare(
                f"registry_load.{name}_vs_floor",
                times,
                name,
                "floor",
                target=None,
                better="lower",
                **size,
            )


if __name__ == "__main__":
    main()
