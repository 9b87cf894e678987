"""Benchmark: load and lint a synthetic registry, as a ratio against reading its files.

Generates a registry of 200 event types x 5 versions (1.0.0, 1.1.0, 1.2.0, 2.0.0, 2.1.0;
each ~2.5 KB with nested objects, arrays, enums, formats, patterns and refs to two shared
files) in a temp dir, then measures in the same run:

- floor: read every schema file and `json.load` it (the least any tool must do);
- load: `eventkit.registry.load_registry` (parse, names, metadata, refs, digests);
- lint: `eventkit.lint.lint_registry` (load + meta-validation + examples + every check);
- lint_first_call: the first lint of the process, including importing jsonschema (reported,
  no target);

floor, load and lint are interleaved, best of 9 (3 with --quick), so other load on the
machine hits all three alike. Prints one JSON line per ratio (lower is better).
Target: lint at most 10x the floor (fast enough for a pre-commit hook).

Run: .venv/bin/python bench/registry_load.py [--quick] [--events N] [--versions N]
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

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


def _floor(root: Path) -> None:
    for path in root.rglob("*.json"):
        with path.open(encoding="utf-8") as file:
            json.load(file)


def _timed(func: Callable[[], object]) -> float:
    start = time.perf_counter()
    func()
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer repetitions")
    parser.add_argument("--events", type=int, default=200)
    parser.add_argument("--versions", type=int, default=5)
    args = parser.parse_args()
    repeat = 3 if args.quick else 9

    from eventkit.registry import load_registry

    with tempfile.TemporaryDirectory() as tmp:
        root = write_synthetic_registry(Path(tmp), events=args.events, versions=args.versions)
        files = sum(1 for _ in root.rglob("*.json"))
        _floor(root)  # warm the OS file cache before anything is timed

        start = time.perf_counter()
        from eventkit.lint import lint_registry  # jsonschema and friends: part of a cold run

        report = lint_registry(root)
        lint_first = time.perf_counter() - start
        if report.problems:
            raise SystemExit(f"synthetic registry is not lint-clean: {report.problems[0]}")
        # interleaved, best of `repeat`: other load on the machine hits all three alike
        floor = load = lint = float("inf")
        for _ in range(repeat):
            floor = min(floor, _timed(lambda: _floor(root)))
            load = min(load, _timed(lambda: load_registry(root)))
            lint = min(lint, _timed(lambda: lint_registry(root)))

    common = {"files": files, "floor_ms": round(floor * 1000, 1)}
    for name, seconds, target in (
        ("load_vs_floor", load, None),
        ("lint_vs_floor", lint, 10.0),
        ("lint_first_call_vs_floor", lint_first, None),
    ):
        line = {"bench": name, "ratio": round(seconds / floor, 2), "ms": round(seconds * 1000, 1)}
        line |= common
        if target is not None:
            line |= {"target": target, "better": "lower", "ok": seconds / floor <= target}
        print(json.dumps(line))


if __name__ == "__main__":
    main()
