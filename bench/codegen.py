"""Benchmark: `eventkit codegen` against the `datamodel-codegen` CLI on the same schemas.

The registry is bench/registry_load.py's synthetic one: 50 event types x 5 versions (two majors
each, so 100 event models; nested objects, arrays, enums, formats, patterns and `$ref`s to two
shared files). Every figure is a whole process (what a developer or CI pays), the sides
interleaved round by round (bench/_harness.py):

- codegen.full_vs_cli: `eventkit codegen` into an empty folder, against ONE `datamodel-codegen`
  CLI call on a folder holding the same schema files (the newest version of each major plus the
  shared files, same relative layout, so `$ref`s resolve), with equivalent options and ruff as
  its formatter. Target: at most 0.8.
- codegen.one_change_vs_full: `eventkit codegen` into a folder generated before, after one
  schema changed (a description, toggled each round), against the full run. Target: at most 0.1.
- codegen.noop_vs_full: the same with nothing changed. Reported.

The two "vs full" rows also give `floor_ratio`: `eventkit --version` (starting the CLI process,
which no incremental run can save) against the full run, measured in the same rounds. The
one-change row adds `generator_floor_ratio`: a process that starts the CLI and runs
datamodel-code-generator once on a one-property schema (its import and first call, which a run
that regenerates even one schema cannot save), against the full run.

Run: .venv/bin/python bench/codegen.py [--rounds N] [--quick] [--events N]
"""

from __future__ import annotations

import itertools
import json
import shutil
import tempfile
from pathlib import Path
from typing import Any

import _harness
from registry_load import write_synthetic_registry

CLI_OPTIONS = [
    "--input-file-type",
    "jsonschema",
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


# The floor of a run that regenerates one schema: the CLI's start, then datamodel-code-generator
# imported and run once, with eventkit's model type and no formatter, on the smallest schema.
GENERATOR_FLOOR = """
import eventkit.cli
from datamodel_code_generator import generate
from datamodel_code_generator.enums import DataModelType, InputFileType
generate(
    '{"type": "object", "properties": {"id": {"type": "string"}}}',
    input_file_type=InputFileType.JsonSchema,
    output_model_type=DataModelType.PydanticV2BaseModel,
    formatters=[],
)
"""


def codegen_argv(registry: Path, out: Path) -> list[str]:
    return [str(_harness.EVENTKIT), "codegen", "--schemas", str(registry), "--out", str(out)]


def cli_input(registry: Path, target: Path) -> None:
    """The same schema files for the datamodel-codegen CLI: the newest version of each major
    and the shared files, same layout, no TOML."""
    newest: dict[tuple[Path, str], Path] = {}
    for path in sorted(registry.rglob("*.json")):
        if path.parent.name == "_shared":
            newest[(path.parent, path.name)] = path
            continue
        major = path.stem.split(".", 1)[0]
        key = (path.parent, major)
        if key not in newest or _semver(path) > _semver(newest[key]):
            newest[key] = path
    for path in newest.values():
        dest = target / path.relative_to(registry)
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(path, dest)


def _semver(path: Path) -> tuple[int, ...]:
    return tuple(int(part) for part in path.stem.split("."))


class OneChange:
    """Changes one schema (the description of the first event's newest version), alternating
    between two texts so every call is a real change."""

    def __init__(self, registry: Path) -> None:
        first = min(p for p in registry.glob("*/*") if p.is_dir() and p.parent.name != "_shared")
        self.path = max(first.glob("*.json"), key=_semver)
        self._turn = itertools.count()

    def __call__(self) -> None:
        doc = json.loads(self.path.read_text(encoding="utf-8"))
        doc["description"] = f"Changed by the benchmark (turn {next(self._turn)})."
        self.path.write_text(json.dumps(doc, indent=2), encoding="utf-8")


def after(prepare: OneChange, argv: list[str]) -> _harness.Side:
    """A side that changes one schema (untimed), then times the process `argv`."""
    run = _harness.process(argv)

    def side() -> float:
        prepare()
        return run()

    return side


def main() -> None:
    parser = _harness.parser(__doc__.splitlines()[0], rounds=5)
    parser.add_argument("--events", type=int, default=50)
    args = parser.parse_args()
    rounds = _harness.start(args)
    events = min(args.events, 20) if args.quick else args.events

    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        registry = write_synthetic_registry(base / "registry", events=events, versions=5)
        cli_in = base / "cli_in"
        cli_input(registry, cli_in)
        runs = itertools.count()

        def full() -> float:
            return _harness.process(codegen_argv(registry, base / f"full{next(runs)}"))()

        def cli() -> float:
            argv = [str(_harness.BIN / "datamodel-codegen"), "--input", str(cli_in)]
            argv += ["--output", str(base / f"cli{next(runs)}"), *CLI_OPTIONS]
            return _harness.process(argv)()

        kept = codegen_argv(registry, base / "kept")
        times = _harness.interleave(
            {
                "full": full,
                "cli": cli,
                "one_change": after(OneChange(registry), kept),
                "noop": _harness.process(kept),
                "start": _harness.process([str(_harness.EVENTKIT), "--version"]),
                "generator": _harness.process(
                    [str(_harness.BIN / "python"), "-c", GENERATOR_FLOOR]
                ),
            },
            rounds,
        )
    models = {"events": events, "versions": 5, "event_models": events * 2}
    # The part of any codegen run no change can save: starting the CLI process.
    floor = round(_harness.paired(times, "start", "full").median, 3)
    # ... and what a run that regenerates one schema cannot save: the generator's import.
    generator_floor = round(_harness.paired(times, "generator", "full").median, 3)
    for name, num, den, target in (
        ("full_vs_cli", "full", "cli", 0.8),
        ("one_change_vs_full", "one_change", "full", 0.1),
        ("noop_vs_full", "noop", "full", None),
    ):
        extra: dict[str, Any] = dict(models)
        if num == "one_change":
            extra["generator_floor_ratio"] = generator_floor
        _harness.compare(
            f"codegen.{name}",
            times,
            num,
            den,
            target=target,
            better="lower",
            floor_ratio=floor if den == "full" else None,
            **extra,
        )


if __name__ == "__main__":
    main()
