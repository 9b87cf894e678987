"""`eventkit pull` on registry content of the wrong shape: anyone with schemas:UpdateSchema
writes it, and AWS keeps unknown keywords whatever their value. Every such document is a
registry error naming the schema and the registry version (exit 2, nothing written), or, for a
keyword of the wrong type inside the detail, a pulled file that lint reports; never a
traceback, and never an example built without end."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from eventkit_registry_sync.client import make_client
from eventkit_registry_sync.standin import StandinServer
from typer.testing import CliRunner

from eventkit.cli import app
from eventkit.errors import EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE

runner = CliRunner()
DETAIL_REF = {"detail": {"$ref": "#/definitions/Detail"}}


def draft4(detail: Any, **envelope: Any) -> str:
    """A JSONSchemaDraft4 document: an AWSEvent envelope whose detail is `detail`."""
    doc = {
        "$schema": "http://json-schema.org/draft-04/schema#",
        "type": "object",
        "x-amazon-events-source": "acme.things",
        "x-amazon-events-detail-type": "Thing Happened",
        "properties": DETAIL_REF,
        "definitions": {"Detail": detail},
        **envelope,
    }
    return json.dumps(doc)


def folder(tmp_path: Path) -> Path:
    root = tmp_path / "schemas"
    root.mkdir()
    (root / "eventkit.toml").write_text('[registry]\nname = "mine"\nevent_bus = "b"\n')
    return root


def make_registry(server: StandinServer) -> None:
    client = make_client(endpoint_url=server.url, region="us-east-1")
    client.create_registry(RegistryName="acme")


def pull(server: StandinServer, root: Path, name: str) -> tuple[int, str]:
    result = runner.invoke(
        app,
        [
            "pull",
            "--registry",
            "acme",
            "--schema",
            name,
            "--schemas",
            str(root),
            "--endpoint-url",
            server.url,
        ],
    )
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, result.output


@pytest.mark.parametrize(
    ("content", "said"),
    [
        (draft4({}, **{"x-amazon-events-source": ["acme.things"]}), "x-amazon-events-source"),
        (draft4({}, **{"x-amazon-events-detail-type": {"a": 1}}), "x-amazon-events-detail-type"),
        (draft4({}, properties={"detail": {"$ref": 7}}), "no `detail` definition"),
        (draft4({}, properties=[]), "no `detail` definition"),
        (draft4([{"type": "object"}]), "the detail definition 'Detail' is not a JSON object"),
        (draft4({}, definitions=[]), "definitions is not a JSON object"),
        (
            json.dumps({"openapi": "3.0.0", "info": {}, "paths": {}, "components": []}),
            "components is not a JSON object",
        ),
    ],
)
def test_a_document_of_the_wrong_shape_is_refused_naming_schema_and_version(
    tmp_path: Path, content: str, said: str
) -> None:
    root = folder(tmp_path)
    with StandinServer() as server:
        make_registry(server)
        server.seed(
            "acme", "acme.things@ThingHappened", draft4({"type": "object"}), "JSONSchemaDraft4"
        )
        server.seed("acme", "acme.things@ThingHappened", content, "JSONSchemaDraft4")
        code, out = pull(server, root, "acme.things@ThingHappened")
    assert code == EXIT_USAGE, out
    assert "acme.things@ThingHappened registry version 2" in out
    assert said in out
    assert "Traceback" not in out
    assert sorted(p.name for p in root.rglob("*")) == ["eventkit.toml"]  # nothing written


def test_keywords_of_the_wrong_type_inside_the_detail_are_kept_for_lint(tmp_path: Path) -> None:
    detail = {
        "type": "object",
        "required": [{"not": "a name"}, "id"],
        "properties": {"id": {"$ref": 5}, "tags": {"type": "array", "minItems": "two"}},
        "dependencies": [],
        "enum": {"a": 1},
        "anyOf": {"b": 2},
    }
    root = folder(tmp_path)
    with StandinServer() as server:
        make_registry(server)
        server.seed("acme", "acme.things@ThingHappened", draft4(detail), "JSONSchemaDraft4")
        code, out = pull(server, root, "acme.things@ThingHappened")
    assert code == EXIT_PROBLEMS, out  # written, and lint names what is wrong
    pulled = json.loads((root / "acme_things/Detail/1.0.0.json").read_text())
    assert pulled["properties"]["id"] == {"$ref": 5}
    assert pulled["dependencies"] == []


def test_an_example_of_nested_arrays_is_bounded(tmp_path: Path) -> None:
    """Each level's `minItems` multiplies: 8 to the 20th values without a bound (pull hung)."""
    nested = {"type": "array", "minItems": 8, "items": {"$ref": "#/definitions/Nested"}}
    detail = {
        "type": "object",
        "required": ["n"],
        "properties": {"n": {"$ref": "#/definitions/Nested"}},
    }
    content = json.loads(draft4(detail))
    content["definitions"]["Nested"] = nested
    root = folder(tmp_path)
    env = {**os.environ, "AWS_ACCESS_KEY_ID": "t", "AWS_SECRET_ACCESS_KEY": "t"}
    with StandinServer() as server:
        make_registry(server)
        server.seed("acme", "acme.things@ThingHappened", json.dumps(content), "JSONSchemaDraft4")
        done = subprocess.run(
            [
                sys.executable,
                "-c",
                "from eventkit.cli import main; main()",
                "pull",
                "--registry",
                "acme",
                "--schemas",
                str(root),
                "--endpoint-url",
                server.url,
                "--region",
                "us-east-1",
            ],
            capture_output=True,
            text=True,
            timeout=60,
            env=env,
        )
    assert done.returncode in (EXIT_OK, EXIT_PROBLEMS), done.stdout + done.stderr
    assert "Pulled from 'acme'" in done.stdout
    assert (root / "acme_things/Detail/1.0.0.json").exists()
