"""C0 and C1 control characters from the registry (an escape sequence, NUL, DEL, U+009B) are
shown as visible escapes on every page and written as JSON/YAML escapes in the AsyncAPI
document: they were written raw, invisible on a page (NUL shown as U+FFFD) and, in the JSON
document printed to stdout, reaching the terminal (U+009B starts a control sequence)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from eventkit.catalog import render_site
from eventkit.cli import app
from eventkit.errors import EXIT_OK
from eventkit.registry import load_registry
from tests.registry._build import build, schema

# an OSC 52 sequence (writes the clipboard) ended by BEL, CSI as one C1 character, NUL, DEL
SAID = "a\x1b]52;c;aGk=\x07b\x9b31m\x00\x7f\x85z"
SHOWN = r"a\x1b]52;c;aGk=\x07b\x9b31m\x00\x7f\x85z"
RAW = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def _registry(root: Path) -> Path:
    version = schema(
        description=f"line one\n\tline two {SAID}",
        title=f"Title {SAID}",
        properties={
            "id": {"type": "string", "description": f"The id {SAID}", "enum": [SAID, "b"]},
            f"name{SAID}": {"type": "string", "description": "A name."},
        },
        examples=[{"id": SAID}],
    )
    files = {
        "s/E/1.0.0.json": version,
        "s/E/event.toml": 'owner = "team \\u001b[31m\\u009b"\n[deprecated]\nreason = "old\\u0000"\n',
        "s/service.toml": 'owner = "svc \\u001b\\u0085"\ndescription = "about \\u007f"\n',
        "t/service.toml": 'consumes = ["s/E@1"]\n',
        "t/F/1.0.0.json": schema(),
        "_shared/m.json": {**schema(description=f"shared {SAID}"), "title": f"M {SAID}"},
    }
    config = '[registry]\nname = "t"\nsource_prefix = "x."\ndescription = "reg \\u009b"\n'
    return build(root, files, config=config)


def test_every_page_shows_control_characters_as_escapes(tmp_path: Path) -> None:
    site = render_site(load_registry(_registry(tmp_path / "reg")))
    for path, text in site.items():
        assert not RAW.findall(text), path
    event = site["events/s/E.html"]
    assert f"line one\n\tline two {SHOWN}" in event  # tab and line break stay white space
    assert f"Title {SHOWN}" in event
    assert f"The id {SHOWN}" in event
    assert f"<code>name{SHOWN}</code>" in event  # the property name
    assert SHOWN.replace("x", "u00") in event  # the enum value and example, as JSON
    assert r"team \x1b[31m\x9b" in event
    assert r"old\x00" in event
    assert r"reg \x9b" in site["index.html"]
    assert r"svc \x1b\x85" in site["services/s.html"]
    assert r"about \x7f" in site["services/s.html"]
    assert f"shared {SHOWN}" in site["shared.html"]


@pytest.mark.parametrize("fmt", ["json", "yaml"])
def test_the_asyncapi_document_escapes_control_characters_and_keeps_their_text(
    tmp_path: Path, fmt: str
) -> None:
    registry = _registry(tmp_path / "reg")
    result = CliRunner().invoke(app, ["asyncapi", "--schemas", str(registry), "--format", fmt])
    assert result.exit_code == EXIT_OK, result.output
    assert not RAW.findall(result.stdout)
    document = json.loads(result.stdout) if fmt == "json" else yaml.safe_load(result.stdout)
    schemas = document["components"]["schemas"]
    assert schemas["s.E.v1"]["properties"]["id"]["enum"] == [SAID, "b"]  # the same strings
    assert f"name{SAID}" in schemas["s.E.v1"]["properties"]
    assert document["channels"]["s.E"]["description"].endswith(SAID)
