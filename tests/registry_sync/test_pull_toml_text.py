"""The event.toml `pull` writes holds the source and detail-type as they are: a character
outside the BMP (an emoji) was written as JSON's surrogate-pair escape ("\\ud83d\\udcb3"),
which TOML refuses, so the pulled folder failed lint (config-invalid) and every other command
refused it (exit 2)."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path
from typing import Any

import pytest
from eventkit_registry_sync.pull import pull_registry
from eventkit_registry_sync.standin import StandinServer

from eventkit.lint import lint_registry
from eventkit.registry import load_registry


def _doc(source: str, detail_type: str) -> str:
    envelope = {
        "type": "object",
        "x-amazon-events-detail-type": detail_type,
        "x-amazon-events-source": source,
        "properties": {"detail": {"$ref": "#/components/schemas/Detail"}},
    }
    detail = {"type": "object", "properties": {"n": {"type": "string"}}}
    return json.dumps(
        {
            "openapi": "3.0.0",
            "info": {"version": "1.0.0", "title": "Event"},
            "paths": {},
            "components": {"schemas": {"AWSEvent": envelope, "Detail": detail}},
        }
    )


@pytest.mark.parametrize(
    ("source", "detail_type"),
    [
        ("acme.café", "Paid 💳 order"),
        ("acme.\U0001d51filling", "Ördre Placé ✓"),
        ("acme.x", "注文 発送"),
    ],
)
def test_pulled_names_read_back_as_they_were(
    tmp_path: Path, client: Any, standin: StandinServer, source: str, detail_type: str
) -> None:
    client.create_registry(RegistryName="partner")
    standin.seed("partner", "acme.x@Paid", _doc(source, detail_type))
    root = tmp_path / "schemas"
    root.mkdir()
    (root / "eventkit.toml").write_text('[registry]\nname = "mine"\n', encoding="utf-8")
    report = pull_registry(root, client=client, registry_name="partner", into="acme")
    assert report.problems == []  # was config-invalid: not valid TOML
    (toml,) = root.glob("acme/*/event.toml")
    settings = tomllib.loads(toml.read_text(encoding="utf-8"))
    assert (settings["source"], settings["detail_type"]) == (source, detail_type)
    (event,) = load_registry(root).events
    assert (event.source, event.detail_type) == (source, detail_type)


def test_a_control_character_is_named_by_lint_not_a_toml_error(
    tmp_path: Path, client: Any, standin: StandinServer
) -> None:
    client.create_registry(RegistryName="partner")
    standin.seed("partner", "acme.x@Paid", _doc("acme.x", "Paid\x7f"))
    root = tmp_path / "schemas"
    root.mkdir()
    (root / "eventkit.toml").write_text('[registry]\nname = "mine"\n', encoding="utf-8")
    report = pull_registry(root, client=client, registry_name="partner", into="acme")
    (toml,) = root.glob("acme/*/event.toml")
    assert tomllib.loads(toml.read_text(encoding="utf-8"))["detail_type"] == "Paid\x7f"
    assert report.problems  # lint's, on the pulled folder
    problems = lint_registry(root).problems
    assert [(p.code, p.path) for p in problems] == [
        ("detail-type-invalid", toml.relative_to(root).as_posix())
    ]
