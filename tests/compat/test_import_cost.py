"""Comparing two schemas imports only the comparison (compat.cold_pass_vs_jsoncompat): not the
registry loader behind `eventkit.registry`'s names, nor pathlib, until a `$ref` needs a file."""

from __future__ import annotations

from pathlib import Path

import eventkit.registry
from eventkit.compat import check_compatibility
from tests._modules import modules_after

_LOADER = ("eventkit.registry._model", "eventkit.registry._scan", "tomllib", "pathlib")


def test_a_comparison_does_not_import_the_registry_loader() -> None:
    modules = modules_after(
        "from eventkit.compat import check_compatibility\n"
        "old = {'type': 'object', 'properties': {'a': {'$ref': '#/$defs/A'}},"
        " '$defs': {'A': {'type': 'string', 'pattern': '^a'}}}\n"
        "new = {'type': 'object', 'properties': {'a': {'type': 'string', 'format': 'date'}}}\n"
        "assert check_compatibility(old, new, mode='FULL').compatible is False"
    )
    assert [name for name in _LOADER if name in modules] == []


def test_every_registry_name_still_resolves() -> None:
    for name in eventkit.registry.__all__:
        assert getattr(eventkit.registry, name) is not None, name
    assert set(eventkit.registry.__all__) <= set(dir(eventkit.registry))


def test_file_refs_and_percent_escapes_still_resolve(tmp_path: Path) -> None:
    (tmp_path / "shared.json").write_text('{"$defs": {"a b": {"type": "string"}}}', "utf-8")
    old = {"$ref": "shared.json#/$defs/a%20b"}
    new = {"type": "integer"}
    report = check_compatibility(old, new, old_dir=tmp_path, new_dir=tmp_path)
    assert report.compatible is False
    assert [f.rule_id for f in report.findings] == ["TYPE_NARROWED"]
