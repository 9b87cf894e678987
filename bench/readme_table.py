"""Run every benchmark and regenerate the README's "Measured" table from that run.

    .venv/bin/python bench/readme_table.py run [--quick] [--rounds N] [--only NAME ...]
    .venv/bin/python bench/readme_table.py render [--results FILE]

`run` compiles bytecode once, runs each bench (`bench/NAME.py --no-compile ...`) one after the
other, writes every JSON line they print to bench/results.jsonl (first line: machine and date)
and then renders. `render` rewrites only the part of README.md between the two
`bench-table` markers from a results file: nothing in the table is typed by hand.
`scripts/bench-table` is `run` with the same options.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import _harness

RESULTS = _harness.BENCH / "results.jsonl"
README = _harness.REPO / "README.md"
BEGIN, END = "<!-- bench-table:begin -->", "<!-- bench-table:end -->"
BENCHES = (
    "registry_load",
    "compat",
    "codegen",
    "import_time",
    "publish",
    "consume",
    "sync",
    "scale",
)

# What each figure is, in the README's words ({field}: from the figure's line, so the sizes
# are those of the run); a figure not listed is shown by its name.
LABELS = {
    "compat.check_vs_version_process": "`eventkit check`, {events} types x {versions} versions, whole process, vs `eventkit --version`",
    "registry_load.lint_vs_floor_process": "`eventkit lint`, {events} types x {versions} versions, whole process, vs a process reading + `json.load`ing the files",
    "registry_load.load_vs_floor": "registry load in-process, warm, vs reading + `json.load`",
    "registry_load.lint_vs_floor": "lint in-process, warm, vs reading + `json.load`",
    "compat.throughput_vs_jsoncompat": "compat throughput vs jsoncompat 0.5.0, Confluent's cases, warm (their time / ours)",
    "compat.cold_pass_vs_jsoncompat": "compat, one cold pass over the cases, new process each side (their time / ours)",
    "compat.conformance_strict": "agreement with Confluent's BACKWARD verdicts (STRICT)",
    "compat.conformance_lenient": "agreement with Confluent's lenient verdicts (LENIENT)",
    "codegen.full_vs_cli": "`eventkit codegen`, {events} types x {versions} versions, vs the `datamodel-codegen` CLI",
    "codegen.one_change_vs_full": "`eventkit codegen` after one schema changed vs full codegen",
    "codegen.noop_vs_full": "`eventkit codegen` with nothing changed vs full codegen",
    "import_time.service_vs_handwritten": "import of `shop_events.campaigns` vs the same models by hand in plain pydantic (both build at import)",
    "import_time.service_default_vs_handwritten": "the same, eventkit's default (validators built on first use)",
    "import_time.eventkit_vs_pydantic": "`import eventkit` vs `import pydantic`",
    "publish.client_overhead_vs_raw_boto3": "`publish_batch` client overhead vs raw boto3 with `model_dump_json`, same botocore settings (canned HTTP)",
    "publish.moto_concurrent_vs_raw_sequential": "publish on moto_server, concurrent vs raw sequential (speed)",
    "publish.moto_sequential_vs_raw": "publish on moto_server, sequential vs raw sequential (speed)",
    "consume.direct_vs_powertools": "dispatch of the 1.2 KB `OrderPlacedV2` vs Powertools `parse(..., EventBridgeEnvelope)`",
    "consume.direct_vs_model_validate": "dispatch vs bare `model_validate` of the data",
    "consume.sqs10_vs_powertools": "SQS batch of 10 vs Powertools `BatchProcessor`",
    "sync.noop_vs_first": "no-op re-sync of {events} types vs first sync ({latency_ms:.0f} ms stand-in latency)",
    "sync.concurrent_vs_sequential": "first sync of {events} types, {jobs} workers vs 1 ({latency_ms:.0f} ms stand-in latency)",
    "scale.check_peak_rss": "peak RSS of `eventkit check`, {events} types x {versions} versions (MB)",
}
KEYS = ("ratio", "exponent", "mb", "seconds")  # the figure's field, by kind


def run(args: argparse.Namespace) -> Path:
    _harness.compile_bytecode()
    header = {
        "machine": _harness.machine(),
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "command": " ".join(["bench/readme_table.py", *sys.argv[1:]]),
        "commit": subprocess.run(
            ["git", "-C", str(_harness.REPO), "describe", "--always", "--dirty"],
            capture_output=True,
            text=True,
            check=False,
        ).stdout.strip(),
    }
    lines = [json.dumps(header)]
    for name in args.only or BENCHES:
        argv = [sys.executable, str(_harness.BENCH / f"{name}.py"), "--no-compile"]
        argv += ["--quick"] * args.quick + (["--rounds", str(args.rounds)] if args.rounds else [])
        if name == "scale" and args.scale_sizes:
            argv += ["--sizes", args.scale_sizes]
        print(f"==> {' '.join(argv[1:])}", file=sys.stderr, flush=True)
        done = subprocess.run(argv, stdout=subprocess.PIPE, text=True, check=False)
        for row in done.stdout.splitlines():
            if row.startswith("{"):
                print(row, flush=True)
                lines.append(row)
        if done.returncode != 0:
            lines.append(json.dumps({"bench": name, "failed": f"exit {done.returncode}"}))
    RESULTS.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return RESULTS


def _number(value: float) -> str:
    # three decimals below 10, so that a ratio just over its target never prints as the target
    if abs(value) < 10:
        return f"{value:.3f}".rstrip("0").rstrip(".")
    return f"{value:.3g}" if abs(value) < 100 else f"{value:,.0f}"


def row(line: dict[str, Any]) -> str:
    """One table row: what, the figure (median, min-max over rounds), target, met."""
    name = line["bench"]
    label = LABELS.get(name, f"`{name}`")
    with contextlib.suppress(KeyError, ValueError):  # the sizes of this run, where named
        label = label.format(**line)
    if name.startswith("scale.growth."):
        _, _, operation, sizes = name.split(".")
        small, large = sizes.split("_to_")
        label = f"growth exponent of {operation.replace('_', ' ')}, {small} → {large} types x 5"
    if "skipped" in line or "failed" in line:
        return f"| {label} | {line.get('skipped') or line.get('failed')} | | |"
    key = next(k for k in KEYS if k in line)
    figure = _number(line[key])
    if f"{key}_min" in line and line[f"{key}_min"] != line[f"{key}_max"]:
        figure += f" ({_number(line[f'{key}_min'])}-{_number(line[f'{key}_max'])}, {line['rounds']} rounds)"
    for field, value in line.items():  # floor_ratio, named floors such as generator_floor_ratio,
        # and ceiling_ratio (the most a sound answer can score)
        if field.endswith(("floor_ratio", "ceiling_ratio")) and value is not None:
            figure += f"; {field.removesuffix('_ratio').replace('_', ' ')} {_number(value)}"
    target = line.get("target")
    if target is None:
        return f"| {label} | {figure} | — | |"
    sign = "≤" if line["better"] == "lower" else "≥"
    return f"| {label} | {figure} | {sign} {_number(target)} | {'yes' if line.get('ok') else '**no**'} |"


def table(results: Path) -> str:
    header, *lines = [json.loads(r) for r in results.read_text(encoding="utf-8").splitlines() if r]
    rows = [
        row(line)
        for line in lines
        if "bench" in line and not line["bench"].startswith("scale.size.")
    ]
    machine = header["machine"]
    where = (
        f"Measured {header['date']} on {machine['cpu']} ({machine['cores']} cores, "
        f"load {machine['load_avg_1m']} at the start), Python {machine['python']}, {machine['os']}; "
        f"`{header['command']}`"
        + (f" at commit {header['commit']}" if header.get("commit") else "")
        + "; raw lines in `bench/results.jsonl`."
    )
    return "\n".join(
        [
            where,
            "",
            "| what | figure: median (min-max, rounds) | target | met |",
            "| --- | --- | --- | --- |",
            *rows,
        ]
    )


def render(results: Path, readme: Path = README) -> None:
    text = readme.read_text(encoding="utf-8")
    if BEGIN not in text or END not in text:
        raise SystemExit(f"{readme}: the markers {BEGIN} and {END} are missing")
    head, rest = text.split(BEGIN, 1)
    _, tail = rest.split(END, 1)
    readme.write_text(f"{head}{BEGIN}\n{table(results)}\n{END}{tail}", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    run_cmd = commands.add_parser("run", help="run the benches, then render")
    run_cmd.add_argument("--quick", action="store_true")
    run_cmd.add_argument("--rounds", type=int)
    run_cmd.add_argument("--only", nargs="+", choices=BENCHES)
    run_cmd.add_argument("--scale-sizes", help="bench/scale.py --sizes, e.g. 50,200")
    render_cmd = commands.add_parser("render", help="render the README table from a results file")
    render_cmd.add_argument("--results", type=Path, default=RESULTS)
    args = parser.parse_args()
    results = run(args) if args.command == "run" else args.results
    render(results)
    print(f"README.md table regenerated from {results}", file=sys.stderr)


if __name__ == "__main__":
    main()
