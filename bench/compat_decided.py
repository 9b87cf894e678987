"""How much the compatibility engine decides: undecided verdicts and input errors.

Runs `check_compatibility` over every pair of the Confluent corpus
(../shared/corpus/confluent/cases.json, skipped when absent), every rule fixture
(tests/compat/cases/) and the category fixtures (tests/compat/categories/), in both
directions (BACKWARD and FORWARD, STRICT), and prints one JSON line per source:

    {"source": "confluent", "pairs": 408, "undecided": 0, "errors": 0, "agree": ..., ...}

`undecided` counts verdicts of None, `errors` counts `CompatibilityError` raised on a schema
jsonschema accepts as valid; `agree` (Confluent only) counts BACKWARD/STRICT verdicts equal to
Confluent's. Run: .venv/bin/python bench/compat_decided.py [--list]
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO.parent / "shared" / "corpus" / "confluent" / "cases.json"
FIXTURE_DIRS = (REPO / "tests" / "compat" / "cases", REPO / "tests" / "compat" / "categories")

# (name, old, new, Confluent's BACKWARD verdict, format mode)
Pair = tuple[str, Any, Any, bool | None, str]


def confluent_pairs() -> list[Pair]:
    if not CORPUS.exists():
        return []
    cases = json.loads(CORPUS.read_text(encoding="utf-8"))
    return [
        (
            f"{c['source_file']}#{c['index']}",
            c["original_schema"],
            c["update_schema"],
            c["compatible"],
            "assertion",
        )
        for c in cases
    ]


def fixture_pairs() -> list[Pair]:
    out: list[Pair] = []
    for folder in FIXTURE_DIRS:
        for path in sorted(folder.glob("*/*.json")):
            data = json.loads(path.read_text(encoding="utf-8"))
            formats = data.get("formats", "assertion")
            out.append((f"{path.parent.name}/{path.stem}", data["old"], data["new"], None, formats))
    return out


def _valid_schema(schema: Any) -> bool:
    import jsonschema  # type: ignore[import-untyped]

    cls = jsonschema.validators.validator_for(schema, default=jsonschema.Draft202012Validator)
    try:
        cls.check_schema(schema)
    except jsonschema.exceptions.SchemaError:
        return False
    return True


def measure(pairs: list[Pair]) -> dict[str, Any]:
    """Both directions of every pair: counts of undecided verdicts and input errors."""
    from eventkit.compat import check_compatibility
    from eventkit.errors import CompatibilityError

    undecided: list[str] = []
    errors: list[str] = []
    agree = compared = 0
    for name, old, new, expected, formats in pairs:
        for direction, (a, b) in (("old->new", (old, new)), ("new->old", (new, old))):
            try:
                verdict = check_compatibility(a, b, mode="BACKWARD", formats=formats).compatible
            except CompatibilityError as error:
                if _valid_schema(a) and _valid_schema(b):
                    errors.append(f"{name} {direction}: {error.message[:100]}")
                continue
            if verdict is None:
                undecided.append(f"{name} {direction}")
            if expected is not None and direction == "old->new":
                compared += 1
                agree += verdict == expected
    result: dict[str, Any] = {
        "pairs": 2 * len(pairs),
        "undecided": len(undecided),
        "undecided_pct": round(100 * len(undecided) / max(2 * len(pairs), 1), 2),
        "errors": len(errors),
    }
    if compared:
        result.update(agree=agree, compared=compared, agreement=round(agree / compared, 4))
    result["undecided_cases"] = undecided
    result["error_cases"] = errors
    return result


def sources() -> Iterator[tuple[str, list[Pair]]]:
    yield "confluent", confluent_pairs()
    yield "fixtures", fixture_pairs()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--list", action="store_true", help="name every undecided/error case")
    args = parser.parse_args()
    sys.path.insert(0, str(REPO / "src"))
    for source, pairs in sources():
        if not pairs:
            print(json.dumps({"source": source, "skipped": "no cases"}))
            continue
        result = measure(pairs)
        if not args.list:
            result.pop("undecided_cases")
            result.pop("error_cases")
        print(json.dumps({"source": source, **result}), flush=True)


if __name__ == "__main__":
    main()
