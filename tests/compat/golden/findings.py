"""Every verdict and finding of `check_compatibility` on the test pairs, as JSON lines.

The pairs: tests/compat/cases, tests/compat/categories and, when present, Confluent's corpus
(../shared/corpus/confluent/cases.json). Each pair runs both ways round, under FULL (both
readers) with each policy and with formats read as annotations. `local.txt` (this repository's
pairs) and `corpus.txt` (Confluent's) hold, per run, a digest of the output of the engine before
its speed-ups of issue 16 (digests: the corpus is third-party data and stays outside the
repository); test_golden.py holds the engine to them, so a speed-up cannot change a verdict,
message, pointer, path or example. On a mismatch, run this module on main and on the branch
with `--show` and diff the two outputs.

Regenerate (only when a change of output is intended): python -m tests.compat.golden.findings
"""

from __future__ import annotations

import hashlib
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from eventkit.compat import check_compatibility
from eventkit.errors import CompatibilityError

HERE = Path(__file__).parent
COMPAT = HERE.parent
CORPUS_FILE = COMPAT.parent.parent.parent / "shared" / "corpus" / "confluent" / "cases.json"
LOCAL_GOLDEN = HERE / "local.txt"
CORPUS_GOLDEN = HERE / "corpus.txt"

# (mode, policy, formats): FULL reports both readers' findings, BACKWARD's first.
SETTINGS = (
    ("FULL", "STRICT", "assertion"),
    ("FULL", "LENIENT", "assertion"),
    ("FULL", "STRICT", "annotation"),
)


def local_pairs() -> Iterator[tuple[str, Any, Any]]:
    for path in sorted((COMPAT / "cases").glob("*/*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        yield f"cases/{path.parent.name}/{path.stem}", data["old"], data["new"]
    for path in sorted((COMPAT / "categories").glob("*/*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        yield f"categories/{path.parent.name}/{path.stem}", data["old"], data["new"]


def corpus_pairs() -> Iterator[tuple[str, Any, Any]]:
    for case in json.loads(CORPUS_FILE.read_text(encoding="utf-8")):
        name = f"{case['source_file']}#{case['index']}"
        yield name, case["original_schema"], case["update_schema"]


def _outcome(old: Any, new: Any, mode: str, policy: str, formats: str) -> dict[str, Any]:
    try:
        report = check_compatibility(old, new, mode=mode, policy=policy, formats=formats)
    except CompatibilityError as error:
        return {"error": str(error), "hint": error.hint}
    return {
        "compatible": report.compatible,
        "findings": [
            {**f.to_dict(), "side": f.side, "document": f.document} for f in report.findings
        ],
    }


def outputs(pairs: Iterator[tuple[str, Any, Any]]) -> Iterator[str]:
    """One JSON line per pair, direction and setting (fresh copies of the schemas each call)."""
    for name, old, new in pairs:
        text_old, text_new = json.dumps(old), json.dumps(new)
        for swap in (False, True):
            first, second = (text_new, text_old) if swap else (text_old, text_new)
            for mode, policy, formats in SETTINGS:
                outcome = _outcome(json.loads(first), json.loads(second), mode, policy, formats)
                key = f"{name} {'new->old' if swap else 'old->new'} {mode} {policy} {formats}"
                yield json.dumps({"case": key, **outcome}, sort_keys=True, ensure_ascii=False)


def digests(pairs: Iterator[tuple[str, Any, Any]]) -> dict[str, str]:
    """Run name -> a digest of its output line."""
    out = {}
    for line in outputs(pairs):
        out[json.loads(line)["case"]] = hashlib.sha256(line.encode()).hexdigest()[:20]
    return out


def read_golden(path: Path) -> dict[str, str]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return dict(line.rsplit(" ", 1) for line in lines)


def _write(path: Path, pairs: Iterator[tuple[str, Any, Any]]) -> None:
    text = "".join(f"{key} {digest}\n" for key, digest in digests(pairs).items())
    path.write_text(text, encoding="utf-8")


def main() -> None:
    if "--show" in sys.argv:  # the full output, to diff two engines
        sys.stdout.writelines(line + "\n" for line in outputs(local_pairs()))
        if CORPUS_FILE.exists():
            sys.stdout.writelines(line + "\n" for line in outputs(corpus_pairs()))
        return
    _write(LOCAL_GOLDEN, local_pairs())
    if CORPUS_FILE.exists():
        _write(CORPUS_GOLDEN, corpus_pairs())


if __name__ == "__main__":
    main()
