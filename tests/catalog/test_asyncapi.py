"""`eventkit asyncapi`: one AsyncAPI 3.0 document, valid against the official JSON Schema,
self-contained, with a message per major and send/receive operations."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema  # type: ignore[import-untyped]
import pytest
import yaml
from typer.testing import CliRunner

from eventkit.catalog.asyncapi import asyncapi_document
from eventkit.cli import app
from eventkit.errors import EXIT_OK, EXIT_USAGE
from eventkit.registry import load_registry
from tests.catalog._hostile import hostile_registry
from tests.registry._build import build, schema

REPO = Path(__file__).resolve().parents[2]
OFFICIAL = REPO / "tests" / "data" / "asyncapi" / "asyncapi-3.0.0.schema.json"
runner = CliRunner()


@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft7Validator:
    return jsonschema.Draft7Validator(json.loads(OFFICIAL.read_text(encoding="utf-8")))


def errors(validator: jsonschema.Draft7Validator, document: Any) -> list[str]:
    return [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(document)]


def refs(node: Any) -> list[str]:
    if isinstance(node, dict):
        found = [node["$ref"]] if isinstance(node.get("$ref"), str) else []
        return found + [r for key, v in node.items() if key != "examples" for r in refs(v)]
    if isinstance(node, list):
        return [r for item in node for r in refs(item)]
    return []


def resolve(document: Any, ref: str) -> Any:
    node = document
    for token in ref.removeprefix("#/").split("/"):
        node = node[token.replace("~1", "/").replace("~0", "~")]
    return node


def test_the_shop_document_validates_and_is_self_contained(
    validator: jsonschema.Draft7Validator,
) -> None:
    result = runner.invoke(
        app, ["asyncapi", "--schemas", str(REPO / "schemas"), "--format", "json"]
    )
    assert result.exit_code == EXIT_OK, result.output
    document = json.loads(result.stdout)
    assert errors(validator, document) == []
    assert document["asyncapi"] == "3.0.0"
    every = refs(document)
    assert every, "payloads and channels are linked by $ref"
    for ref in every:
        assert ref.startswith("#/"), ref  # no file, no URL
        resolve(document, ref)  # and it points at something (KeyError otherwise)
    channel = document["channels"]["orders.OrderPlaced"]
    assert set(channel["messages"]) == {"v1", "v2"}
    ops = document["operations"]
    assert ops["orders.send.OrderPlaced"]["action"] == "send"
    receive = ops["payments.receive.orders.OrderPlaced"]
    assert receive["action"] == "receive"
    assert receive["messages"] == [{"$ref": "#/channels/orders.OrderPlaced/messages/v1"}]
    # Foreign events: received by their consumer, sent by no service of the registry.
    assert "aws_s3.send.ObjectCreated" not in ops
    assert ops["uploads.receive.aws_s3.ObjectCreated"]["action"] == "receive"


def test_the_validation_is_real(validator: jsonschema.Draft7Validator) -> None:
    document = asyncapi_document(load_registry(REPO / "schemas"))
    document["operations"]["orders.send.OrderPlaced"]["action"] = "publish"  # AsyncAPI 2 word
    assert errors(validator, document)


def test_three_majors_are_three_messages(
    tmp_path: Path, validator: jsonschema.Draft7Validator
) -> None:
    document = asyncapi_document(load_registry(hostile_registry(tmp_path / "reg")))
    assert errors(validator, document) == []
    messages = document["channels"]["evil.Thing"]["messages"]
    assert set(messages) == {"v1", "v2", "v3"}
    components = document["components"]["messages"]
    assert {"evil.Thing.v1", "evil.Thing.v2", "evil.Thing.v3"} <= set(components)
    # Each message's payload is its major's newest schema (1.1.0 for major 1).
    v1 = document["components"]["schemas"]["evil.Thing.v1"]
    v2 = document["components"]["schemas"]["evil.Thing.v2"]
    assert "extra" in v1["properties"]
    assert v2["properties"]["id"]["type"] == "integer"
    receive = document["operations"]["good.receive.evil.Thing"]
    assert receive["messages"] == [
        {"$ref": "#/channels/evil.Thing/messages/v1"},
        {"$ref": "#/channels/evil.Thing/messages/v3"},
    ]


def test_yaml_and_json_say_the_same(tmp_path: Path) -> None:
    out = tmp_path / "shop.asyncapi.yaml"
    result = runner.invoke(app, ["asyncapi", "--schemas", str(REPO / "schemas"), "--out", str(out)])
    assert result.exit_code == EXIT_OK, result.output
    text = out.read_text(encoding="utf-8")
    assert "&id" not in text  # no YAML anchors: every tool reads it
    assert yaml.safe_load(text) == asyncapi_document(load_registry(REPO / "schemas"))


def test_out_into_a_missing_folder_is_a_usage_error(tmp_path: Path) -> None:
    out = tmp_path / "nope" / "doc.yaml"
    result = runner.invoke(app, ["asyncapi", "--schemas", str(REPO / "schemas"), "--out", str(out)])
    assert result.exit_code == EXIT_USAGE
    assert str(out) in result.output
    assert "Traceback" not in result.output


def test_each_rule_pattern_delivers_exactly_the_versions_its_major_routes() -> None:
    """A message's `rule-pattern` matches an event of its major however the router reads the
    major (the text before the first dot: "2.1.0", "2"), and no other major ("20.0.0")."""
    from eventkit.envelope import version_major
    from eventkit.patterns import matches

    document = asyncapi_document(load_registry(REPO / "schemas"))
    native = [
        m["x-eventbridge"]
        for m in document["components"]["messages"].values()
        if m["x-eventbridge"]["envelope"] == "native"
    ]
    assert native
    for bridge in native:
        major = int(bridge["versions"][0].split(".")[0])
        for version in ("0", "1", "1.0.0", "2", "2.1.0", "3.0.0", "10.0.0", "20.0.0", "2-rc"):
            event = {
                "source": bridge["source"],
                "detail-type": bridge["detail-type"],
                "detail": {"metadata": {"version": version}, "data": {}},
            }
            routed = version_major(version) == str(major)
            assert matches(bridge["rule-pattern"], event) == routed, (bridge, version)


def test_yaml_keeps_names_and_text_holding_yaml_line_breaks(tmp_path: Path) -> None:
    """U+0085 (NEL) is a line break to YAML: PyYAML wrote it as it was in a plain or
    single-quoted scalar, and the document read back held another property name."""
    nel = "total\x85net"
    registry = build(
        tmp_path / "registry",
        {
            "s/E/1.0.0.json": schema(
                properties={nel: {"type": "string", "description": "a\x85b \u2028 c\u2029"}},
                examples=[{nel: "x\x85y"}],
            )
        },
    )
    out = tmp_path / "doc.yaml"
    result = runner.invoke(app, ["asyncapi", "--schemas", str(registry), "--out", str(out)])
    assert result.exit_code == EXIT_OK, result.output
    document = yaml.safe_load(out.read_text(encoding="utf-8"))
    assert document == asyncapi_document(load_registry(registry))
    assert nel in document["components"]["schemas"]["s.E.v1"]["properties"]


def test_an_address_holds_no_parameter_query_or_fragment(tmp_path: Path) -> None:
    """AsyncAPI reads `{orderId}` in an address as a channel parameter (undefined here), and
    forbids a query or a fragment; the message's x-eventbridge keeps the text as it is."""
    odd = "Order {orderId} placed #1? 100%"
    registry = build(
        tmp_path / "registry",
        {
            "s/E/1.0.0.json": schema(),
            "s/E/event.toml": f'owner = "t"\ndescription = "d"\ndetail_type = "{odd}"\n',
        },
    )
    document = asyncapi_document(load_registry(registry))
    address = document["channels"]["s.E"]["address"]
    assert not set("{}?#") & set(address)
    assert address == "test.s/Order %7BorderId%7D placed %231%3F 100%25"
    assert document["components"]["messages"]["s.E.v1"]["x-eventbridge"]["detail-type"] == odd
