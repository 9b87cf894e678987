"""`eventkit pull` against hostile Schema Registry content (issue 11 item 3, and item 10 for pull).

Every name pull turns into a path (`x-eventkit.event`, `x-eventkit.version`, the source and
definition names of foreign schemas) must pass the registry's naming rules and stay inside the
target folder; otherwise pull refuses, naming the schema, and writes nothing anywhere. The
registry is the project's stand-in, over HTTP.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from eventkit_registry_sync.client import make_client
from eventkit_registry_sync.pull import pull_registry
from eventkit_registry_sync.standin import StandinServer
from typer.testing import CliRunner

from eventkit.cli import app
from eventkit.errors import EXIT_OK, EXIT_USAGE, PullNameError, RegistrySyncError

runner = CliRunner()
HOSTILE = "hostile"


def document(
    marker: dict[str, Any] | None, *, source: str = "x.shop", detail: str = "Detail"
) -> str:
    """An OpenApi3 registry document as `eventkit sync` writes it (marker: its x-eventkit)."""
    data = {"type": "object", "properties": {"a": {"type": "string"}}}
    schemas: dict[str, Any] = {
        "AWSEvent": {
            "type": "object",
            "x-amazon-events-source": source,
            "x-amazon-events-detail-type": "Thing Happened",
            "properties": {"detail": {"$ref": f"#/components/schemas/{detail}"}},
        },
        detail: {"type": "object", "properties": {"data": {"$ref": "#/components/schemas/Data"}}}
        if marker is not None
        else data,
        "Data": data,
    }
    doc: dict[str, Any] = {
        "openapi": "3.0.0",
        "info": {"title": "t", "version": "1.0.0"},
        "paths": {},
        "components": {"schemas": schemas},
    }
    if marker is not None:
        doc["x-eventkit"] = marker
    return json.dumps(doc)


HOSTILE_MARKERS: dict[str, dict[str, Any]] = {
    "parent-event": {"event": "../../../escaped/X", "version": "1.0.0"},
    "parent-version": {"event": "shop/Thing", "version": "../../../escaped"},
    "absolute-event": {"event": "shop//tmp/eventkit-escaped/X", "version": "1.0.0"},
    "absolute-service": {"event": "/tmp/eventkit-escaped/X", "version": "1.0.0"},
    "nul": {"event": "shop/Thing\u0000x", "version": "1.0.0"},
    "control": {"event": "shop/Thing\nx", "version": "1.0.0"},
    "reserved-device": {"event": "shop/CON", "version": "1.0.0"},
    "reserved-shared": {"event": "_shared/Thing", "version": "1.0.0"},
    "dot": {"event": "./.", "version": "1.0.0"},
    "dotdot-version": {"event": "shop/Thing", "version": ".."},
    "slash-in-version": {"event": "shop/Thing", "version": "1.0.0/../../x"},
    "non-canonical-version": {"event": "shop/Thing", "version": "01.0.0"},
    "keyword-service": {"event": "class/Thing", "version": "1.0.0"},
    "not-a-string": {"event": ["shop", "Thing"], "version": 1},
}


def snapshot(folder: Path) -> set[str]:
    """Every path below `folder` (links not followed)."""
    return {str(p.relative_to(folder)) for p in folder.rglob("*")}


@pytest.fixture
def standin() -> Iterator[StandinServer]:
    seeded = {"huge@Thing": document({"event": "shop/Huge", "version": "1.0.0"})}
    seeded["huge@Thing"] = seeded["huge@Thing"].replace(
        '"type": "string"}', '"type": "integer", "maximum": ' + "9" * 5000 + "}", 1
    )
    with StandinServer(aws_schemas=seeded) as server:
        client = make_client(region="us-east-1", endpoint_url=server.url)
        client.create_registry(RegistryName=HOSTILE)
        for name, marker in HOSTILE_MARKERS.items():
            client.create_schema(
                RegistryName=HOSTILE, SchemaName=name, Type="OpenApi3", Content=document(marker)
            )
        for name, content in {
            "ok": document({"event": "shop/Thing", "version": "1.0.0"}),
            "overflow": document({"event": "shop/Inf", "version": "1.0.0"}).replace(
                '"type": "string"}', '"type": "number", "maximum": 1e999}', 1
            ),
            "nan": document({"event": "shop/Nan", "version": "1.0.0"}).replace(
                '"type": "string"}', '"type": "number", "maximum": NaN}', 1
            ),
            "aux@Thing": document(None, source="aux"),
            "class@Thing": document(None, source="class"),
        }.items():
            client.create_schema(
                RegistryName=HOSTILE, SchemaName=name, Type="OpenApi3", Content=content
            )
        yield server


@pytest.fixture
def client(standin: StandinServer) -> Any:
    return make_client(region="us-east-1", endpoint_url=standin.url)


@pytest.fixture
def target(tmp_path: Path) -> Path:
    root = tmp_path / "work" / "schemas"
    root.mkdir(parents=True)
    (root / "eventkit.toml").write_text('[registry]\nname = "mine"\nsource_prefix = "x."\n')
    return root


def pull(client: Any, target: Path, *names: str, registry: str = HOSTILE, **kw: Any) -> Any:
    return pull_registry(target, client=client, registry_name=registry, schemas=list(names), **kw)


@pytest.mark.parametrize("name", sorted(HOSTILE_MARKERS))
def test_hostile_marker_is_refused_and_nothing_is_written(
    client: Any, target: Path, tmp_path: Path, name: str
) -> None:
    before = snapshot(tmp_path)
    escaped = Path("/tmp/eventkit-escaped")
    with pytest.raises(PullNameError) as caught:
        pull(client, target, "ok", name)  # the good one first: still nothing written
    assert caught.value.code == "pull-name"
    assert caught.value.schema_name == name
    assert name in caught.value.message
    assert snapshot(tmp_path) == before
    assert not escaped.exists()


@pytest.mark.parametrize("name", ["aux@Thing", "class@Thing"])
def test_foreign_source_that_is_not_a_service_name_is_refused(
    client: Any, target: Path, tmp_path: Path, name: str
) -> None:
    before = snapshot(tmp_path)
    with pytest.raises(PullNameError) as caught:
        pull(client, target, name)
    assert caught.value.schema_name == name
    assert snapshot(tmp_path) == before
    report = pull(client, target, name, into="shop")  # --into gives it a valid folder
    assert report.written == ["shop/Detail/1.0.0.json"]


@pytest.mark.parametrize("into", ["..", "../x", "/tmp", "a/b", "class", "_shared"])
def test_into_must_be_a_service_name(client: Any, target: Path, tmp_path: Path, into: str) -> None:
    before = snapshot(tmp_path)
    with pytest.raises(PullNameError):
        pull(client, target, "ok", into=into)
    assert snapshot(tmp_path) == before


@pytest.mark.parametrize(
    ("name", "registry"), [("overflow", HOSTILE), ("nan", HOSTILE), ("huge@Thing", "aws.events")]
)
def test_values_json_cannot_carry_are_refused_naming_the_schema(
    client: Any, target: Path, tmp_path: Path, name: str, registry: str
) -> None:
    before = snapshot(tmp_path)
    with pytest.raises(RegistrySyncError) as caught:
        pull(client, target, name, registry=registry)
    assert caught.value.schema_name == name
    assert "/components/schemas/Data/properties/a/maximum" in caught.value.message
    assert snapshot(tmp_path) == before


def test_symlinked_service_folder_leaving_the_target_is_refused(
    client: Any, target: Path, tmp_path: Path
) -> None:
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (target / "shop").symlink_to(outside, target_is_directory=True)
    with pytest.raises(PullNameError) as caught:
        pull(client, target, "ok")
    assert caught.value.schema_name == "ok"
    assert list(outside.iterdir()) == []


def test_dangling_event_toml_symlink_is_not_written_through(
    client: Any, target: Path, tmp_path: Path
) -> None:
    folder = target / "shop" / "Thing"
    folder.mkdir(parents=True)
    planted = tmp_path / "planted.toml"
    (folder / "event.toml").symlink_to(planted)
    with pytest.raises(PullNameError) as caught:
        pull(client, target, "ok")
    assert caught.value.schema_name == "ok"
    assert not planted.exists()
    assert sorted(p.name for p in folder.iterdir()) == ["event.toml"]


def test_fifo_in_place_of_a_version_file_does_not_block(
    standin: StandinServer, target: Path
) -> None:
    folder = target / "shop" / "Thing"
    folder.mkdir(parents=True)
    os.mkfifo(folder / "1.0.0.json")
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            "from eventkit.cli import main; main()",
            *("pull", "--registry", HOSTILE, "--schema", "ok", "--schemas", str(target)),
            *("--endpoint-url", standin.url, "--region", "us-east-1", "--format", "json"),
        ],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert "Traceback" not in done.stdout + done.stderr
    assert json.loads(done.stdout)["skipped"][0].startswith("shop/Thing/1.0.0.json")


def test_cli_refusal_exits_2_naming_the_schema(
    standin: StandinServer, target: Path, tmp_path: Path
) -> None:
    before = snapshot(tmp_path)
    args = ["pull", "--registry", HOSTILE, "--schemas", str(target)]
    result = runner.invoke(app, [*args, "--endpoint-url", standin.url, "--region", "us-east-1"])
    assert result.exit_code == EXIT_USAGE
    assert "Traceback" not in result.output
    assert "error:" in result.stderr
    refused = [*HOSTILE_MARKERS, "overflow", "nan", "aux@Thing", "class@Thing"]
    named = [f"error: {name}:" for name in refused] + [
        f"error: {name} registry version " for name in refused
    ]
    assert any(start in result.stderr for start in named), result.stderr
    assert snapshot(tmp_path) == before


def test_a_clean_pull_still_writes(client: Any, target: Path) -> None:
    report = pull(client, target, "ok")
    assert report.written == ["shop/Thing/1.0.0.json"]
    result = runner.invoke(app, ["lint", "--schemas", str(target)])
    assert result.exit_code == EXIT_OK, result.output
