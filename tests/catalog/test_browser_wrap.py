"""Unbreakable text (a 5,000-character word, a long regular expression, a long property name)
wraps inside the page: it widened every page it was on far beyond the viewport."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page

from eventkit.catalog import build_catalog
from eventkit.registry import load_registry
from tests.registry._build import build, schema

WORD = "x" * 5000


def _long_registry(root: Path) -> Path:
    long_name = "p" + "q" * 400
    definition = "D" + "e" * 300
    version = schema(
        title="T" + "t" * 600,
        description=f"An event {WORD} end.",
        properties={
            "id": {
                "type": "string",
                "description": f"The id {WORD}",
                "pattern": "^(" + "a|" * 800 + "b)$",
            },
            long_name: {"type": "string", "description": "A name.", "enum": ["v" * 1000, "w"]},
            "ref": {"$ref": f"#/$defs/{definition}"},
        },
        examples=[{"id": "b"}],
    )
    version["$defs"] = {
        definition: {
            "type": "object",
            "description": WORD,
            "properties": {"z": {"type": "string", "description": WORD}},
        }
    }
    files: dict[str, Any] = {
        "svc/Thing/1.0.0.json": version,
        "svc/Thing/1.1.0.json": version,
        "svc/Thing/event.toml": f'owner = "team-{"o" * 700}"\n',
        "svc/service.toml": f'owner = "{"o" * 700}"\ndescription = "{WORD}"\n',
        "other/service.toml": 'consumes = ["svc/Thing@1"]\n',
        "other/X/1.0.0.json": schema(),
        "_shared/m.json": {**schema(description=WORD), "title": "M" * 500},
    }
    return build(root, files)


@pytest.mark.parametrize("width", [1280, 600])
def test_unbreakable_text_keeps_every_page_within_the_viewport(
    tmp_path: Path, page: Page, width: int
) -> None:
    out = tmp_path / "site"
    build_catalog(load_registry(_long_registry(tmp_path / "reg")), out)
    page.set_viewport_size({"width": width, "height": 800})
    pages = ["index.html", "events/svc/Thing.html", "services/svc.html", "shared.html"]
    for name in pages:
        page.goto((out / name).as_uri())
        assert page.evaluate("document.documentElement.scrollWidth") <= width, name
