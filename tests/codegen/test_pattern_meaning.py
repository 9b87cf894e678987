"""A generated model checks `pattern` with the meaning JSON Schema gives it (ECMA-262):
pydantic-core runs it with Rust's regex crate, which reads `\\d`, `\\w`, `\\b` as Unicode and
`.` as anything but a newline, so the model took (and built) `"١٢"` for `^\\d+$` and
`"a\\rb"` for `^a.b$`, values the schema refuses for every consumer that reads it as
specified, and refused `"é"` for `^\\W$`, which the schema accepts."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

from eventkit_codegen import generate

from eventkit import schema_regex
from tests.registry._build import build, schema

V = "svc/Thing/1.0.0.json"
PATTERNS = {
    "digits": r"^\d+$",
    "word": r"^\w+$",
    "other": r"^\W$",
    "not_digit": r"^[^\d]$",
    "dot": r"^a.b$",
    "boundary": r"\bfoo\b",
    "no_space": r"^\S+$",
    "plain": r"^[A-Z]{2}-[0-9]$",
}
VALUES = ["١٢", "12", "é", "a_1", "a\rb", "a\u2028b", "axb", "éfooé", "afoo", "\ufeff", "٣", "AB-1"]
SCRIPT = textwrap.dedent(
    """
    import json, sys
    sys.path.insert(0, sys.argv[1])
    from pydantic import ValidationError
    from eventkit.errors import EventValidationError
    from pattern_events.svc import ThingV1

    seen = {}
    for name in json.loads(sys.argv[2]):
        for value in json.loads(sys.argv[3]):
            try:
                ThingV1.model_validate({"id": "t", name: value})
                parsed = True
            except ValidationError:
                parsed = False
            try:
                ThingV1(id="t", **{name: value})
                built = True
            except EventValidationError:
                built = False
            seen[f"{name} {value!r}"] = [parsed, built]
    print(json.dumps(seen))
    """
)


def test_a_pattern_means_what_ecma_262_says(tmp_path: Path) -> None:
    properties = {"id": {"type": "string", "description": "The id."}}
    properties.update({name: {"type": "string", "pattern": p} for name, p in PATTERNS.items()})
    registry = build(tmp_path / "registry", {V: schema(properties=properties, examples=None)})
    out = tmp_path / "gen" / "pattern_events"
    generate(registry, out)
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            SCRIPT,
            str(out.parent),
            json.dumps(list(PATTERNS)),
            json.dumps(VALUES),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    seen = json.loads(done.stdout.splitlines()[-1])
    expected = {
        f"{name} {value!r}": [bool(schema_regex.search(p, value))] * 2
        for name, p in PATTERNS.items()
        for value in VALUES
    }
    assert seen == expected
    # a pattern both read alike is written as the schema has it
    assert '"^[A-Z]{2}-[0-9]$"' in (out / "svc" / "thing_v1.py").read_text(encoding="utf-8")
