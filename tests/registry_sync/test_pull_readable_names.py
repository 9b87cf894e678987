"""`pull` names folders after a foreign schema's source and detail definition; letters outside
ASCII were dropped (`acme.café` -> `acme_caf`, `Détail` -> `DTail`). They are now spelt in ASCII
(`acme_cafe`, `Detail`), which `eventkit lint` accepts; detail-types that still want one
folder get the registry schema's own name (unique in its registry), and when that is taken too
the refusal says what the folder name lost."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from eventkit_registry_sync.pull import pull_registry
from eventkit_registry_sync.standin import StandinServer
from typer.testing import CliRunner

from eventkit.cli import app
from eventkit.errors import EXIT_USAGE
from eventkit.registry import load_registry

runner = CliRunner()


def _doc(source: str, detail_type: str, detail_name: str) -> str:
    envelope = {
        "type": "object",
        "required": ["detail"],
        "x-amazon-events-detail-type": detail_type,
        "x-amazon-events-source": source,
        "properties": {"detail": {"$ref": f"#/components/schemas/{detail_name}"}},
    }
    detail = {"type": "object", "properties": {"a": {"type": "string"}}}
    schemas = {"AWSEvent": envelope, detail_name: detail}
    doc = {"openapi": "3.0.0", "info": {"version": "1", "title": "E"}, "paths": {}}
    return json.dumps({**doc, "components": {"schemas": schemas}}, ensure_ascii=False)


@pytest.fixture
def root(tmp_path: Path) -> Path:
    folder = tmp_path / "schemas"
    folder.mkdir()
    (folder / "eventkit.toml").write_text('[registry]\nname = "mine"\n')
    return folder


def _pull(root: Path, standin: StandinServer) -> tuple[int, str]:
    args = ["pull", "--schemas", str(root), "--registry", "partner"]
    result = runner.invoke(app, [*args, "--endpoint-url", standin.url, "--region", "us-east-1"])
    return result.exit_code, result.stdout + result.stderr


def _files(root: Path) -> list[str]:
    return sorted(str(p.relative_to(root)) for p in root.rglob("*.json"))


def test_accented_names_are_spelt_in_ascii(
    root: Path, client: object, standin: StandinServer
) -> None:
    client.create_registry(RegistryName="partner")  # type: ignore[attr-defined]
    standin.seed("partner", "acme.cafe@DetailCree", _doc("acme.café", "Détail Créé", "Détail"))
    standin.seed("partner", "acme.cafe@Strasse", _doc("acme.café", "Straße", "Straße"))
    code, out = _pull(root, standin)
    assert code == 0, out
    assert _files(root) == ["acme_cafe/Detail/1.0.0.json", "acme_cafe/Strasse/1.0.0.json"]
    events = {e.key: e for e in load_registry(root).events}
    assert events["acme_cafe/Detail"].detail_type == "Détail Créé"  # identity as it was
    assert events["acme_cafe/Detail"].source == "acme.café"


def test_detail_types_wanting_one_folder_get_the_schema_name(
    root: Path, client: object, standin: StandinServer
) -> None:
    client.create_registry(RegistryName="partner")  # type: ignore[attr-defined]
    standin.seed("partner", "acme.cafe@Detail1", _doc("acme.café", "Détail Créé", "Détail"))
    standin.seed("partner", "acme.cafe@Detail2", _doc("acme.café", "Dëtail Créé", "Dëtail"))
    standin.seed("partner", "acme.cafe@Detail3", _doc("acme.café", "Dètail Créé", "Dètail"))
    code, out = _pull(root, standin)
    assert code == 0, out
    events = {e.key: e.detail_type for e in load_registry(root).events}
    assert events == {
        "acme_cafe/Detail": "Détail Créé",
        "acme_cafe/DetailCree": "Dëtail Créé",
        "acme_cafe/Detail3": "Dètail Créé",
    }
    before = _files(root)  # pulling again finds each in its folder
    report = pull_registry(root, client=client, registry_name="partner")  # type: ignore[arg-type]
    assert report.written == []
    assert _files(root) == before


def test_no_folder_left_is_refused_saying_what_the_name_lost(
    root: Path, client: object, standin: StandinServer
) -> None:
    client.create_registry(RegistryName="partner")  # type: ignore[attr-defined]
    standin.seed("partner", "acme.cafe@A", _doc("acme.café", "Détail Créé", "Détail"))
    standin.seed("partner", "acme.cafe@B", _doc("acme.café", "Dètail Créé", "Détail"))
    standin.seed("partner", "acme.cafe@DetailCree", _doc("acme.café", "Dëtail Créé", "Dëtail"))
    args = ["pull", "--schemas", str(root), "--registry", "partner", "--format", "json"]
    result = runner.invoke(app, [*args, "--endpoint-url", standin.url, "--region", "us-east-1"])
    assert result.exit_code == EXIT_USAGE
    error = json.loads(result.stdout)["error"]
    assert error["code"] == "pull-conflict"
    assert "'Dëtail Créé' -> 'DetailCree'" in error["message"]
    assert "ASCII letters and digits" in error["message"]
    assert _files(root) == []


def test_a_folder_named_by_an_older_pull_is_found_again(
    root: Path, client: object, standin: StandinServer
) -> None:
    """Pulled before as `acme_caf/DTail`: pulling again adds to that folder (the event type it
    holds), not to a second folder for the same event type."""
    client.create_registry(RegistryName="partner")  # type: ignore[attr-defined]
    standin.seed("partner", "acme.cafe@DetailCree", _doc("acme.café", "Détail Créé", "Détail"))
    old = root / "acme_caf/DTail"
    old.mkdir(parents=True)
    (old / "event.toml").write_text(
        'source = "acme.café"\ndetail_type = "Détail Créé"\nenvelope = "foreign"\n',
        encoding="utf-8",
    )
    code, out = _pull(root, standin)
    assert code == 0, out
    assert _files(root) == ["acme_caf/DTail/1.0.0.json"]
