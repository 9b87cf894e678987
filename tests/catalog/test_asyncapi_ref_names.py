"""`eventkit asyncapi` with `$defs` names a JSON Pointer or a URI fragment must escape (`/`, `~`,
a space, `%`, non-ASCII): every `$ref` of the document is a valid URI fragment that resolves
inside it (JSON Pointer after percent-decoding), and every component key is one AsyncAPI allows."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote

import pytest
from typer.testing import CliRunner

from eventkit.cli import app
from eventkit.errors import EXIT_OK
from tests.registry._build import CONFIG, build, schema

runner = CliRunner()

NAMES = ["geo/point", "x~y", "a b", "100%", "größe", "~1/~0", "a/b~c d%", "#"]  # "#": not the root
# RFC 3986: what a fragment holds as is (pchar, "/", "?") besides percent-encoded octets
FRAGMENT = re.compile(r"#(?:[A-Za-z0-9\-._~!$&'()*+,;=:@/?]|%[0-9A-Fa-f]{2})*")
COMPONENT_KEY = re.compile(r"[A-Za-z0-9._-]+")  # AsyncAPI 3.0 components keys


def pointer_token(name: str) -> str:
    return quote(name.replace("~", "~0").replace("/", "~1"), safe="")


def refs(node: Any) -> list[str]:
    if isinstance(node, dict):
        found = [node["$ref"]] if isinstance(node.get("$ref"), str) else []
        keys = ("examples", "enum", "const", "default")
        return found + [r for key, v in node.items() if key not in keys for r in refs(v)]
    if isinstance(node, list):
        return [r for item in node for r in refs(item)]
    return []


def resolve(document: Any, ref: str) -> Any:
    """Follow `ref` (a URI fragment: percent-decoded, then a JSON Pointer) inside `document`."""
    assert FRAGMENT.fullmatch(ref), f"not a valid URI fragment: {ref!r}"
    pointer = unquote(ref.removeprefix("#"), errors="strict")
    assert pointer.startswith("/"), ref
    node = document
    for token in pointer[1:].split("/"):
        key = token.replace("~1", "/").replace("~0", "~")
        if isinstance(node, list):
            node = node[int(key)]
        else:
            assert isinstance(node, dict), f"{ref!r} dangles at {key!r}"
            assert key in node, f"{ref!r} dangles at {key!r}"
            node = node[key]
    return node


def _definition(name: str) -> dict[str, Any]:
    return {
        "type": "object",
        "description": f"def {name}",
        "properties": {"v": {"type": "string", "description": "A value."}},
    }


def export(tmp_path: Path, names: list[str]) -> dict[str, Any]:
    defs = {name: _definition(name) for name in names}
    properties: dict[str, Any] = {"id": {"type": "string", "description": "The id."}}
    for i, name in enumerate(names):
        properties[f"p{i}"] = {"$ref": f"#/$defs/{pointer_token(name)}"}
    # a ref into a definition's inside, and one into the schema's own properties
    properties["inner"] = {"$ref": f"#/$defs/{pointer_token(names[0])}/properties/v"}
    properties["own"] = {"$ref": "#/properties/id"}
    example = {"id": "t-1", "inner": "x", "own": "y"} | {
        f"p{i}": {"v": "x"} for i in range(len(names))
    }
    schemas = build(
        tmp_path / "schemas",
        {
            "svc/Thing/1.0.0.json": schema(
                properties=properties, examples=[example], **{"$defs": defs}
            )
        },
        config=CONFIG,
    )
    lint = runner.invoke(app, ["lint", "--schemas", str(schemas)])
    assert lint.exit_code == EXIT_OK, lint.output
    out = tmp_path / "api.json"
    result = runner.invoke(
        app, ["asyncapi", "--schemas", str(schemas), "--format", "json", "--out", str(out)]
    )
    assert result.exit_code == EXIT_OK, result.output
    document: dict[str, Any] = json.loads(out.read_text(encoding="utf-8"))
    return document


@pytest.mark.parametrize("name", NAMES)
def test_a_def_name_to_escape_is_referenced_inside_the_document(tmp_path: Path, name: str) -> None:
    document = export(tmp_path, [name])
    payload = document["components"]["schemas"]["svc.Thing.v1"]
    assert resolve(document, payload["properties"]["p0"]["$ref"]) == _definition(name)
    inner = resolve(document, payload["properties"]["inner"]["$ref"])
    assert inner == _definition(name)["properties"]["v"]
    assert resolve(document, payload["properties"]["own"]["$ref"]) == payload["properties"]["id"]


def test_every_ref_resolves_and_every_key_is_an_asyncapi_key(tmp_path: Path) -> None:
    document = export(tmp_path, [*NAMES, "plain"])
    found = refs(document)
    assert len(found) > len(NAMES)
    for ref in found:
        resolve(document, ref)
    schemas = document["components"]["schemas"]
    assert all(COMPONENT_KEY.fullmatch(key) for key in schemas), list(schemas)
    # one component per definition: names that differ only in escaped characters stay apart
    descriptions = [s.get("description") for s in schemas.values()]
    for name in [*NAMES, "plain"]:
        assert descriptions.count(f"def {name}") == 1, name
    assert "svc.Thing.v1.plain" in schemas  # a plain name keeps its documented key


def test_names_that_differ_only_in_escaped_characters_stay_apart(tmp_path: Path) -> None:
    document = export(tmp_path, ["a/b", "a b", "a_b"])
    payload = document["components"]["schemas"]["svc.Thing.v1"]
    got = [resolve(document, payload["properties"][f"p{i}"]["$ref"]) for i in range(3)]
    assert [g["description"] for g in got] == ["def a/b", "def a b", "def a_b"]


def every_ref(node: Any) -> list[str]:
    """Every `$ref` string anywhere (the test's data holds no `$ref` key of its own)."""
    if isinstance(node, dict):
        found = [node["$ref"]] if isinstance(node.get("$ref"), str) else []
        return found + [r for value in node.values() for r in every_ref(value)]
    if isinstance(node, list):
        return [r for item in node for r in every_ref(item)]
    return []


@pytest.mark.parametrize("where", ["properties", "patternProperties", "$defs"])
def test_properties_named_like_data_keywords_have_their_refs_rewritten(
    tmp_path: Path, where: str
) -> None:
    """A property (or pattern, or nested definition) NAMED `default`, `enum`, `const` or
    `examples` is a schema: its `$ref`s point into the document like any other."""
    money = {"$ref": "#/$defs/Money", "description": "Money."}
    named = {name: dict(money) for name in ("default", "enum", "const", "examples")}
    defs: dict[str, Any] = {"Money": {"type": "string", "description": "An amount."}}
    properties: dict[str, Any] = {"id": {"type": "string", "description": "The id."}}
    extra: dict[str, Any] = {}
    if where == "properties":
        properties |= named
    elif where == "patternProperties":
        extra["patternProperties"] = named
    else:  # definitions nested in a property (the schema's own `$defs` are bundled apart)
        properties["m"] = {"type": "object", "description": "Nested defs.", "$defs": named}
    schemas = build(
        tmp_path / "schemas",
        {
            "svc/Thing/1.0.0.json": schema(
                properties=properties, **extra, **{"$defs": defs}, examples=[{"id": "t-1"}]
            )
        },
        config=CONFIG,
    )
    out = tmp_path / "api.json"
    result = runner.invoke(
        app, ["asyncapi", "--schemas", str(schemas), "--format", "json", "--out", str(out)]
    )
    assert result.exit_code == EXIT_OK, result.output
    document = json.loads(out.read_text(encoding="utf-8"))
    found = every_ref(document["components"]["schemas"])
    assert len(found) >= 4
    for ref in found:
        assert resolve(document, ref) is not None
