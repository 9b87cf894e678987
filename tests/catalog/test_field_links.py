"""A field whose `$ref` points at part of a definition (`#/$defs/Address/properties/street`,
`money.json#/properties/amount`) links to an id the site has: the page held no id for the
part, so the link led nowhere."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from eventkit.catalog import render_site
from eventkit.registry import load_registry
from tests.catalog.test_site import assert_links_resolve
from tests.registry._build import build, schema


def _object(**properties: Any) -> dict[str, Any]:
    return {"type": "object", "description": "An object.", "properties": properties}


STREET = {"type": "string", "description": "The street."}
CODE = {"type": "string", "description": "ISO 4217."}


def test_refs_to_part_of_a_definition_link_to_an_id_that_exists(tmp_path: Path) -> None:
    money = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "Money",
        "description": "An amount.",
        "type": "object",
        "properties": {
            "amount": {"type": "integer", "description": "Cents."},
            "currency": {"$ref": "#/$defs/Currency"},
        },
        "$defs": {"Currency": _object(code=CODE)},
    }
    event = schema(
        properties={
            "address": {"$ref": "#/$defs/Address"},
            "street": {"$ref": "#/$defs/Address/properties/street"},
            "deep": {"$ref": "#/$defs/Address/$defs/Line"},
            "money": {"$ref": "../../_shared/money.json"},
            "amount": {"$ref": "../../_shared/money.json#/properties/amount"},
            "currency": {"$ref": "../../_shared/money.json#/$defs/Currency"},
            "code": {"$ref": "../../_shared/money.json#/$defs/Currency/properties/code"},
        },
        examples=[{"id": "t-1"}],
    )
    event["$defs"] = {"Address": {**_object(street=STREET), "$defs": {"Line": STREET}}}
    files = {"s/E/1.0.0.json": event, "_shared/money.json": money}
    site = render_site(load_registry(build(tmp_path / "reg", files)))
    assert_links_resolve(site)
    found = re.findall(r'<a class="ref" href="([^"]*)">([^<]*)</a>', site["events/s/E.html"])
    links = {label: href for href, label in found}
    # a part links to the definition holding it
    assert links["Address/properties/street"] == links["Address"] == "#v1.0.0-def-Address"
    assert links["Address/$defs/Line"] == "#v1.0.0-def-Address"
    assert links["amount"] == links["money"] == "../../shared.html#_shared.money"
    code = links["code"]
    assert code == links["Currency"] == "../../shared.html#_shared.money~2f~~24~defs~2f~Currency"
