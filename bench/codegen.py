"""Benchmark: `eventkit codegen` against the `datamodel-codegen` CLI on the same schemas.

Builds a synthetic registry of 50 event types (5 services x 10 events; one in three has a second
major; each ~2 KB with nested objects, arrays, enums, formats, patterns and `$ref`s to two shared
files) in a temp dir, then measures in the same run, median of `--repeat` runs, each a fresh
process (what a developer or CI pays):

- full_vs_cli: `eventkit codegen` into an empty folder, against ONE `datamodel-codegen` CLI call
  on a folder holding the same schema files (the newest version of each major plus the shared
  files, same relative layout, so `$ref`s resolve), with equivalent options and ruff as its
  formatter. Target: at most 1.0 (the wrapper must not be slower).
- noop_vs_full: `eventkit codegen` again with nothing changed, against the full run.
  Target: at most 0.2.
- noop_vs_full_in_process: the same two runs as library calls (`eventkit_codegen.generate`) in
  one warm process, where interpreter start-up does not blur the ratio. Reported.

Prints one JSON line per ratio (lower is better).
Run: .venv/bin/python bench/codegen.py [--quick] [--repeat N]
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

BIN = Path(sys.executable).parent
SERVICES = ("orders", "payments", "users", "uploads", "campaigns")
SCHEMA = "https://json-schema.org/draft/2020-12/schema"


def _event_schema(service: str, index: int, major: int) -> dict[str, Any]:
    props: dict[str, Any] = {
        "id": {"type": "string", "pattern": "^[a-z]{3}_[0-9A-Za-z]{12}$", "description": "Id."},
        "occurred_at": {"type": "string", "format": "date-time", "description": "When."},
        "status": {
            "type": "string",
            "enum": ["new", "active", "closed", "archived"],
            "description": "Status.",
        },
        "amount": {"$ref": "../../_shared/money.json", "description": "Amount."},
        "address": {"$ref": "../../_shared/address.json", "description": "Where."},
        "lines": {
            "type": "array",
            "minItems": 1,
            "maxItems": 100,
            "description": "Lines.",
            "items": {
                "type": "object",
                "required": ["sku", "quantity", "unit_price"],
                "properties": {
                    "sku": {"type": "string", "pattern": "^[A-Z0-9-]{3,32}$"},
                    "quantity": {"type": "integer", "minimum": 1, "maximum": 999},
                    "unit_price": {"$ref": "../../_shared/money.json"},
                    "tags": {"type": "array", "items": {"type": "string", "maxLength": 40}},
                },
            },
        },
        "meta": {
            "type": "object",
            "description": "Nested.",
            "properties": {
                "channel": {"type": "string", "enum": ["web", "app", "api"]},
                "campaign": {"type": "string", "maxLength": 64},
                "score": {"type": "number", "minimum": 0, "maximum": 1},
                "flags": {"type": "object", "additionalProperties": {"type": "boolean"}},
            },
        },
    }
    for extra in range(8):
        props[f"field_{extra}_{service}"] = {
            "type": "string" if extra % 2 else "integer",
            "description": f"Extra field {extra}.",
        }
    required = ["id", "occurred_at", "status", "amount"]
    if major == 2:
        props["reason"] = {"type": "string", "minLength": 1, "description": "Added in 2.0.0."}
        required.append("reason")
    example: dict[str, Any] = {
        "id": "abc_0123456789ab",
        "occurred_at": "2026-11-26T14:00:00Z",
        "status": "new",
        "amount": {"amount_minor": 100, "currency": "EUR"},
    }
    if major == 2:
        example["reason"] = "why"
    return {
        "$schema": SCHEMA,
        "title": f"{service.title()}Event{index}",
        "description": f"Synthetic event {index} of {service}, major {major}.",
        "type": "object",
        "required": required,
        "properties": props,
        "examples": [example],
    }


def build_registry(root: Path) -> int:
    """Write the synthetic registry; return the number of event types."""
    (root / "_shared").mkdir(parents=True)
    (root / "eventkit.toml").write_text(
        '[registry]\nname = "bench"\nevent_bus = "bench"\nsource_prefix = "bench."\n'
        '[compatibility]\nmode = "NONE"\npolicy = "LENIENT"\n'
    )
    money = {
        "$schema": SCHEMA,
        "title": "Money",
        "description": "Money in minor units.",
        "type": "object",
        "required": ["amount_minor", "currency"],
        "properties": {
            "amount_minor": {"type": "integer", "minimum": 0},
            "currency": {"type": "string", "pattern": "^[A-Z]{3}$"},
        },
    }
    address = {
        "$schema": SCHEMA,
        "title": "Address",
        "description": "A postal address.",
        "type": "object",
        "required": ["street", "city", "country"],
        "properties": {
            "street": {"type": "string"},
            "city": {"type": "string"},
            "postal_code": {"type": "string"},
            "country": {"type": "string", "pattern": "^[A-Z]{2}$"},
        },
    }
    (root / "_shared" / "money.json").write_text(json.dumps(money, indent=2))
    (root / "_shared" / "address.json").write_text(json.dumps(address, indent=2))
    count = 0
    for service in SERVICES:
        for index in range(10):
            folder = root / service / f"{service.title()}Thing{index}Happened"
            folder.mkdir(parents=True)
            (folder / "1.0.0.json").write_text(json.dumps(_event_schema(service, index, 1)))
            if index % 3 == 0:
                (folder / "2.0.0.json").write_text(json.dumps(_event_schema(service, index, 2)))
            count += 1
    return count


def cli_input(registry: Path, target: Path) -> None:
    """The same schema files for the datamodel-codegen CLI (no TOML, same layout)."""
    for path in sorted(registry.rglob("*.json")):
        dest = target / path.relative_to(registry)
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(path, dest)


def _timed(argv: list[str]) -> float:
    start = time.perf_counter()
    proc = subprocess.run(argv, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(f"{argv[0]} failed:\n{proc.stdout}\n{proc.stderr}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer repeats")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    repeat = 2 if args.quick else args.repeat

    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        registry = base / "registry"
        events = build_registry(registry)
        cli_in = base / "cli_in"
        cli_input(registry, cli_in)

        full, noop, cli = [], [], []
        for run in range(repeat):
            codegen = [str(BIN / "eventkit"), "codegen", "--schemas", str(registry)]
            codegen += ["--out", str(base / f"run{run}" / "events")]
            full.append(_timed(codegen))
            noop.append(_timed(codegen))  # the same command again: nothing to do
            cli.append(
                _timed(
                    [
                        str(BIN / "datamodel-codegen"),
                        "--input",
                        str(cli_in),
                        "--input-file-type",
                        "jsonschema",
                        "--output",
                        str(base / f"cli{run}"),
                        "--output-model-type",
                        "pydantic_v2.BaseModel",
                        "--target-python-version",
                        "3.11",
                        "--use-annotated",
                        "--field-constraints",
                        "--snake-case-field",
                        "--disable-timestamp",
                        "--use-schema-description",
                        "--use-field-description",
                        "--enum-field-as-literal",
                        "all",
                        "--collapse-root-models",
                        "--formatters",
                        "ruff-format",
                        "ruff-check",
                    ]
                )
            )

        # In-process: the library call, warm.
        from eventkit_codegen import generate

        lib_full, lib_noop = [], []
        for run in range(repeat):
            out = base / f"lib{run}" / "events"
            start = time.perf_counter()
            generate(registry, out)
            lib_full.append(time.perf_counter() - start)
            start = time.perf_counter()
            result = generate(registry, out)
            lib_noop.append(time.perf_counter() - start)
            assert not result.written, result.written

    med = statistics.median
    rows = [
        {
            "bench": "codegen.full_vs_cli",
            "events": events,
            "eventkit_s": round(med(full), 4),
            "datamodel_codegen_cli_s": round(med(cli), 4),
            "ratio": round(med(full) / med(cli), 3),
            "target": 1.0,
            "better": "lower",
        },
        {
            "bench": "codegen.noop_vs_full",
            "noop_s": round(med(noop), 4),
            "full_s": round(med(full), 4),
            "ratio": round(med(noop) / med(full), 3),
            "target": 0.2,
            "better": "lower",
        },
        {
            "bench": "codegen.noop_vs_full_in_process",
            "noop_s": round(med(lib_noop), 4),
            "full_s": round(med(lib_full), 4),
            "ratio": round(med(lib_noop) / med(lib_full), 3),
        },
    ]
    for row in rows:
        print(json.dumps(row))


if __name__ == "__main__":
    main()
