"""Bidi controls (U+202A-U+202E, U+2066-U+2069) from the registry are shown as escapes: in a
page they reordered the text around them, so ``\\u202eevil\\u202c`` read "live" in a
description, an owner, a source or a detail-type."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from eventkit.catalog import render_site
from eventkit.registry import load_registry
from tests.registry._build import build, schema

CONTROLS = [chr(c) for c in [*range(0x202A, 0x202F), *range(0x2066, 0x206A)]]
RLO, PDF = "\u202e", "\u202c"


def evil(text: str) -> str:
    return f"{text} {RLO}evil{PDF}"


@pytest.mark.parametrize("control", CONTROLS)
def test_every_bidi_control_is_shown_as_an_escape_on_every_page(
    tmp_path: Path, control: str
) -> None:
    said = f"before {control}after"
    version = schema(
        description=evil("An event") + f" {said}",
        title=evil("Title"),
        properties={
            "id": {"type": "string", "description": evil("The id"), "enum": [said, "b"]},
            evil("name"): {"type": "string", "description": "A name.", "pattern": f"^{said}$"},
        },
        examples=[{"id": said}],
    )
    files = {
        "s/E/1.0.0.json": version,
        "s/E/event.toml": f'owner = "{evil("team")}"\ndetail_type = "{evil("Thing")}"\n'
        f'[deprecated]\nreason = "{evil("old")}"\n',
        "s/service.toml": f'owner = "{evil("o")}"\ndescription = "{evil("svc")}"\n',
        "_shared/m.json": {**schema(description=evil("shared")), "title": evil("M")},
    }
    config = f'[registry]\nname = "t"\nsource_prefix = "x.{RLO}y."\ndescription = "{said}"\n'
    site = render_site(load_registry(build(tmp_path / "reg", files, config=config)))
    for path, text in site.items():
        assert not any(c in text for c in CONTROLS), path
    event = site["events/s/E.html"]
    escaped = re.escape(f"\\u{ord(control):04x}")
    assert re.search(rf"before {escaped}after", event)  # enum, pattern, description
    assert event.count("\\u202eevil\\u202c") >= 7  # descriptions, owner, detail-type, title ...
    assert "x.\\u202ey.s" in event  # the source
    assert "before " + f"\\u{ord(control):04x}" + "after" in site["index.html"]
