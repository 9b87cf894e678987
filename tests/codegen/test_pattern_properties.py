"""`patternProperties` maps: the generated model accepts every map the schema accepts.

The generator types such a map ``dict[<key matching the pattern>, T]`` (a union of those for
several patterns), which refuses any other key: right only for one pattern with
`additionalProperties: false`. Otherwise the model would refuse valid events (a consumer's
parse fails, a producer cannot build them), so the map is a ``dict[str, Any]`` there.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

from eventkit_codegen import generate
from jsonschema import Draft202012Validator  # type: ignore[import-untyped]

from tests.registry._build import build, schema

V = "svc/Thing/1.0.0.json"
X_INT = {"^x": {"type": "integer"}}
MAPS: dict[str, Any] = {
    "only_pattern": {"type": "object", "patternProperties": X_INT},
    "two_patterns": {
        "type": "object",
        "patternProperties": {**X_INT, "^y": {"type": "string"}},
        "additionalProperties": False,
    },
    "typed_others": {
        "type": "object",
        "patternProperties": X_INT,
        "additionalProperties": {"type": "string"},
    },
    "closed": {"type": "object", "patternProperties": X_INT, "additionalProperties": False},
}
SAMPLES: list[dict[str, Any]] = [
    {"only_pattern": {"x1": 1, "other": "a"}},
    {"two_patterns": {"x1": 1, "y1": "a"}},
    {"typed_others": {"x1": 1, "other": "a"}},
    {"closed": {"x1": 1}},
    {"closed": {"x1": 1, "other": "a"}},  # invalid: refused by both
    {"closed": {"x1": "a"}},  # invalid: refused by both
]


def test_the_model_accepts_what_the_schema_accepts(tmp_path: Path) -> None:
    doc = schema(properties={"id": {"type": "string"}, **MAPS}, examples=[{"id": "t-1"}])
    registry = build(tmp_path / "registry", {V: json.dumps(doc, indent=2)})
    generate(registry, tmp_path / "pkg")
    validator = Draft202012Validator(doc)
    samples = [{"id": "t-1", **sample} for sample in SAMPLES]
    expected = [validator.is_valid(sample) for sample in samples]
    assert expected == [True, True, True, True, False, False]
    code = (
        "import json, sys\n"
        "from pkg.svc import ThingV1\n"
        "for line in sys.stdin:\n"
        "    try:\n"
        "        ThingV1.model_validate_json(line)\n"
        "        print(True)\n"
        "    except ValueError:\n"
        "        print(False)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        cwd=tmp_path,
        input="".join(json.dumps(sample) + "\n" for sample in samples),
        capture_output=True,
        text=True,
        check=True,
    )
    assert [line == "True" for line in done.stdout.split()] == expected
