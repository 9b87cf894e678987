"""Benchmark: build the event catalog of a 1,000-type registry, as a ratio against linting it.

Generates the synthetic registry of bench/registry_load.py (1,000 event types x 3 versions by
default: 1.0.0, 1.1.0, 1.2.0, each ~2.5 KB with nested objects, arrays, enums, formats,
patterns and refs to shared files; every third service declares it consumes the others'
events) in a temp dir, then measures in the same run, best of 3 (1 with --quick):

- lint: `eventkit.lint.lint_registry` (what a pre-commit hook runs);
- catalog: load the registry and `eventkit.catalog.build_catalog` into a fresh folder
  (every page: field tables, every version pair's diff and compatibility verdict, the graph).

Times are CPU seconds of this process (`time.process_time`): the machines are shared, and
wall time there measures the neighbours as much as the code.

Prints one JSON line with the ratio catalog/lint (lower is better). Target: a build takes
seconds, not minutes: at most 8x a lint of the same registry.

Run: .venv/bin/python bench/catalog.py [--quick] [--events N] [--versions N]
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path

# Run as a script, bench/ is on sys.path: the generator is imported, not copied.
from registry_load import SERVICES, write_synthetic_registry

TARGET = 8.0


def _declare_consumers(root: Path, events: int) -> None:
    """Each service consumes major 1 of the next service's events: a realistic graph."""
    for position, service in enumerate(SERVICES):
        target = SERVICES[(position + 1) % len(SERVICES)]
        names = [
            f'"{target}/Thing{i}Happened@1"'
            for i in range(events)
            if SERVICES[i % len(SERVICES)] == target
        ]
        (root / service / "service.toml").write_text(
            f"consumes = [{', '.join(names)}]\n", encoding="utf-8"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="one repetition")
    parser.add_argument("--events", type=int, default=1000)
    parser.add_argument("--versions", type=int, default=3)
    args = parser.parse_args()
    repeat = 1 if args.quick else 3

    from eventkit.catalog import build_catalog
    from eventkit.lint import lint_registry
    from eventkit.registry import load_registry

    with tempfile.TemporaryDirectory() as tmp:
        root = write_synthetic_registry(
            Path(tmp) / "reg", events=args.events, versions=args.versions
        )
        _declare_consumers(root, args.events)
        report = lint_registry(root)  # warm-up, and the registry must be clean
        if report.problems:
            raise SystemExit(f"synthetic registry is not lint-clean: {report.problems[0]}")
        lint = catalog = float("inf")
        pages = 0
        for attempt in range(repeat):
            start = time.process_time()
            lint_registry(root)
            lint = min(lint, time.process_time() - start)
            start = time.process_time()
            result = build_catalog(load_registry(root), Path(tmp) / f"site{attempt}")
            catalog = min(catalog, time.process_time() - start)
            pages = result.pages
    ratio = catalog / lint
    print(
        json.dumps(
            {
                "bench": "catalog_vs_lint",
                "ratio": round(ratio, 2),
                "catalog_s": round(catalog, 2),
                "lint_s": round(lint, 2),
                "events": args.events,
                "versions": args.versions,
                "pages": pages,
                "target": TARGET,
                "better": "lower",
                "ok": ratio <= TARGET,
            }
        )
    )


if __name__ == "__main__":
    main()
