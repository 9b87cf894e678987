"""Benchmark and conformance run of the compatibility engine.

Prints one JSON line per figure:

- conformance: agreement with Confluent's verdicts in ../shared/corpus/confluent/cases.json
  (BACKWARD/STRICT against `compatible`, LENIENT against `compatible_lenient`), skipped when
  the corpus is absent;
- throughput: corpus cases per second (BACKWARD, STRICT) in one process, side by side in the
  same run with jsoncompat 0.5.0 (PyPI; Python 3.12+, installed into a throwaway venv under
  the bench's cache dir, run in a subprocess that times its own loop). Target: >= 2x;
- check: `eventkit check` on a synthetic registry of 200 event types x 5 versions, as a ratio
  against `eventkit --version` (process start). Target: <= 3x.

Run: .venv/bin/python bench/compat.py [--quick] [--no-jsoncompat]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO.parent / "shared" / "corpus" / "confluent" / "cases.json"
CACHE = Path(tempfile.gettempdir()) / "eventkit-bench"
JSONCOMPAT = "jsoncompat==0.5.0"
PY312 = Path.home() / ".pyenv" / "versions" / "3.12.1" / "bin" / "python"
EVENTKIT = REPO / ".venv" / "bin" / "eventkit"

_PEER_LOOP = """
import json, sys, time
import jsoncompat
cases = json.load(open(sys.argv[1]))
pairs = [(json.dumps(c["original_schema"]), json.dumps(c["update_schema"])) for c in cases]
decided = agree = 0
for (old, new), case in zip(pairs, cases):
    try:
        verdict = jsoncompat.check_compat(old, new, "deserializer")
    except Exception:
        continue
    decided += 1
    agree += verdict == case["compatible"]
best = float("inf")
for _ in range(int(sys.argv[2])):
    start = time.perf_counter()
    for old, new in pairs:
        try:
            jsoncompat.check_compat(old, new, "deserializer")
        except Exception:
            pass
    best = min(best, time.perf_counter() - start)
print(json.dumps({"seconds": best, "cases": len(pairs), "decided": decided, "agree": agree}))
"""


def emit(**figures: Any) -> None:
    print(json.dumps(figures), flush=True)


def conformance(cases: list[dict[str, Any]]) -> None:
    from eventkit.compat import check_compatibility

    for policy, field in (("STRICT", "compatible"), ("LENIENT", "compatible_lenient")):
        rows = [c for c in cases if field in c]
        verdicts = [
            check_compatibility(c["original_schema"], c["update_schema"], policy=policy).compatible
            for c in rows
        ]
        decided = [(v, c[field]) for v, c in zip(verdicts, rows, strict=True) if v is not None]
        agree = sum(v == expected for v, expected in decided)
        emit(
            figure=f"conformance_{policy.lower()}",
            cases=len(rows),
            decided=len(decided),
            agree=agree,
            agreement=round(agree / len(rows), 4),
            disagreements=[
                f"{c['source_file']}#{c['index']}"
                for v, c in zip(verdicts, rows, strict=True)
                if v != c[field]
            ],
        )


def throughput(cases: list[dict[str, Any]], loops: int) -> float:
    from eventkit.compat import check_compatibility

    best = float("inf")
    for _ in range(loops):
        start = time.perf_counter()
        for case in cases:
            check_compatibility(case["original_schema"], case["update_schema"])
        best = min(best, time.perf_counter() - start)
    return len(cases) / best


def jsoncompat_throughput(loops: int) -> dict[str, Any] | None:
    venv = CACHE / "jsoncompat-0.5.0"
    python = venv / "bin" / "python"
    if not python.exists():
        if not PY312.exists():
            return None
        try:
            subprocess.run([str(PY312), "-m", "venv", str(venv)], check=True, capture_output=True)
            subprocess.run(
                [str(python), "-m", "pip", "install", "-q", JSONCOMPAT],
                check=True,
                capture_output=True,
            )
        except subprocess.CalledProcessError:
            return None
    done = subprocess.run(
        [str(python), "-c", _PEER_LOOP, str(CORPUS), str(loops)],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        return None
    result: dict[str, Any] = json.loads(done.stdout)
    return result


def _best_run(args: list[str], runs: int) -> float:
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(args, capture_output=True, check=False)
        best = min(best, time.perf_counter() - start)
    return best


def check_ratio(runs: int) -> None:
    sys.path.insert(0, str(REPO / "bench"))
    from registry_load import write_synthetic_registry

    with tempfile.TemporaryDirectory(prefix="eventkit-bench-check-") as tmp:
        root = write_synthetic_registry(Path(tmp) / "schemas", events=200, versions=5)
        done = subprocess.run(
            [str(EVENTKIT), "check", "--schemas", str(root)],
            capture_output=True,
            text=True,
            check=False,
        )
        start_s = _best_run([str(EVENTKIT), "--version"], runs)
        check_s = _best_run([str(EVENTKIT), "check", "--schemas", str(root)], runs)
    emit(
        bench="compat.check_vs_process_start",
        ratio=round(check_s / start_s, 2),
        target=3,
        better="lower",
        check_s=round(check_s, 3),
        version_s=round(start_s, 3),
        exit_code=done.returncode,
        summary=done.stdout.strip().splitlines()[-1] if done.stdout else done.stderr.strip()[-200:],
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer repetitions")
    parser.add_argument("--no-jsoncompat", action="store_true", help="skip the peer")
    args = parser.parse_args()
    loops = 3 if args.quick else 9
    os.chdir(REPO)
    if CORPUS.exists():
        cases = json.loads(CORPUS.read_text(encoding="utf-8"))
        conformance(cases)
        ours = throughput(cases, loops)
        peer = None if args.no_jsoncompat else jsoncompat_throughput(loops)
        figures: dict[str, Any] = {"bench": "compat.throughput_vs_jsoncompat"}
        if peer:
            theirs = peer["cases"] / peer["seconds"]
            figures.update(
                jsoncompat_cases_per_s=round(theirs),
                ratio=round(ours / theirs, 2),
                target=2,
                better="higher",
                eventkit_cases_per_s=round(ours),
                jsoncompat_agreement_of_decided=round(peer["agree"] / max(peer["decided"], 1), 4),
            )
        else:
            figures["eventkit_cases_per_s"] = round(ours)
            figures["jsoncompat"] = "not available (needs Python 3.12 and PyPI access)"
        emit(**figures)
    else:
        emit(figure="conformance", skipped=f"corpus absent: {CORPUS}")
    check_ratio(3 if args.quick else 5)


if __name__ == "__main__":
    main()
