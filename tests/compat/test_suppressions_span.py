"""`[[check.suppressions]]` through `eventkit check`: a finding spanning several events (a
`_shared/` file reached by each) is hidden when every event it names is covered, by one entry
or by several, and never by an entry that leaves one out; a used entry is never listed as
matching nothing, whatever spaces its reason carries."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from eventkit.cli import app
from eventkit.errors import EXIT_BREAKING, EXIT_OK
from tests._child_cli import git as _git
from tests.compat.conftest import DIALECT, Writer, version_schema

RULE = "RELEASED_MEANING_CHANGED"
SHARED = "_shared/currency.json"
CURRENCY: dict[str, Any] = {"$schema": DIALECT, "type": "string", "enum": ["EUR", "USD"]}
REF = {"$ref": "../../_shared/currency.json"}
AFFECTED = ["billing/InvoiceSent@1.0.0", "orders/OrderPlaced@1.0.0"]
runner = CliRunner()


def _entry(event: str, reason: str, rule: str = RULE, version: str | None = None) -> str:
    pinned = f'version = "{version}"\n' if version else ""
    return (
        f'[[check.suppressions]]\nevent = "{event}"\nrule = "{rule}"\n{pinned}'
        f"reason = {json.dumps(reason)}\n"
    )


def _narrowed_shared_file(make_registry: Writer, tmp_path: Path, *entries: str) -> Path:
    """Two released events reach `_shared/currency.json`; the change drops "USD" from it and
    adds `entries` to eventkit.toml."""
    version = version_schema({"id": {"type": "string"}, "currency": REF}, ["id"])
    files = {
        SHARED: CURRENCY,
        "orders/OrderPlaced/1.0.0.json": version,
        "billing/InvoiceSent/1.0.0.json": version,
    }
    root = make_registry(files)
    _git(tmp_path, "init", "-q", "-b", "main")
    _git(tmp_path, "add", ".")
    _git(tmp_path, "commit", "-q", "-m", "release")
    make_registry({SHARED: {**CURRENCY, "enum": ["EUR"]}}, toml="".join(entries))
    return root


def _check(root: Path, *extra: str) -> tuple[int, dict[str, Any]]:
    result = runner.invoke(app, ["check", "--schemas", str(root), *extra, "--format", "json"])
    return result.exit_code, json.loads(result.stdout)


def test_the_finding_without_suppressions_names_both_events(
    make_registry: Writer, tmp_path: Path
) -> None:
    code, out = _check(_narrowed_shared_file(make_registry, tmp_path), "--against", "main")
    assert code == EXIT_BREAKING
    (finding,) = out["findings"]
    assert (finding["rule"], finding["affected"]) == (RULE, AFFECTED)


def test_one_suppression_per_event_hides_the_shared_finding(
    make_registry: Writer, tmp_path: Path
) -> None:
    root = _narrowed_shared_file(
        make_registry,
        tmp_path,
        _entry("orders/OrderPlaced", "orders only ever sent EUR"),
        _entry("billing/InvoiceSent", "billing only ever sent EUR"),
    )
    code, out = _check(root, "--against", "main")
    assert code == EXIT_OK, out["findings"]
    assert out["findings"] == []
    (hidden,) = out["suppressed"]
    assert (hidden["rule"], hidden["affected"]) == (RULE, AFFECTED)
    reason = hidden["suppressed"]["reason"]
    assert "orders only ever sent EUR" in reason
    assert "billing only ever sent EUR" in reason
    assert out["unused_suppressions"] == []  # both were needed, so both are used


def test_one_entry_per_event_with_the_versions_named_hides_it_too(
    make_registry: Writer, tmp_path: Path
) -> None:
    root = _narrowed_shared_file(
        make_registry,
        tmp_path,
        _entry("orders/OrderPlaced", "EUR only", version="1.0.0"),
        _entry("billing/InvoiceSent", "EUR only", version="1.0.0"),
    )
    code, out = _check(root, "--against", "main")
    assert code == EXIT_OK, out["findings"]
    assert out["suppressed"][0]["suppressed"]["reason"] == "EUR only"  # said once
    assert out["unused_suppressions"] == []


def test_an_event_left_uncovered_keeps_the_finding(make_registry: Writer, tmp_path: Path) -> None:
    root = _narrowed_shared_file(
        make_registry,
        tmp_path,
        _entry("orders/OrderPlaced", "orders only ever sent EUR"),
        _entry("billing/InvoiceSent", "another version", version="2.0.0"),  # not 1.0.0
        _entry("users/UserSignedUp", "not affected at all"),
    )
    code, out = _check(root, "--against", "main")
    assert code == EXIT_BREAKING
    (finding,) = out["findings"]
    assert finding["affected"] == AFFECTED
    assert out["suppressed"] == []
    assert len(out["unused_suppressions"]) == 3


def test_an_entry_for_an_event_the_finding_does_not_name_is_unused(
    make_registry: Writer, tmp_path: Path
) -> None:
    root = _narrowed_shared_file(
        make_registry,
        tmp_path,
        _entry("orders/OrderPlaced", "EUR only"),
        _entry("billing/InvoiceSent", "EUR only"),
        _entry("users/UserSignedUp", "not affected at all"),
    )
    code, out = _check(root, "--against", "main")
    assert code == EXIT_OK
    assert [s["event"] for s in out["unused_suppressions"]] == ["users/UserSignedUp"]


def test_a_used_consumer_suppression_is_not_listed_as_unused_whatever_its_spaces(
    make_registry: Writer,
) -> None:
    version = version_schema({"id": {"type": "string"}}, ["id"])
    root = make_registry(
        {"svc/Old/1.0.0.json": version, "other/Ev2/1.0.0.json": version},
        toml=_entry("svc/Old", "  moving consumers next sprint ", "CONSUMED_EVENT_DEPRECATED"),
    )
    (root / "svc/Old/event.toml").write_text('[deprecated]\nsince = "2024-01-01"\nreason = "r"\n')
    (root / "other/service.toml").write_text('consumes = ["svc/Old@1"]\n')
    code, out = _check(root)
    assert code == EXIT_OK, out["findings"]
    (hidden,) = out["suppressed"]
    assert hidden["rule"] == "CONSUMED_EVENT_DEPRECATED"
    assert hidden["suppressed"]["reason"] == "moving consumers next sprint"
    assert out["unused_suppressions"] == []
    text = runner.invoke(app, ["check", "--schemas", str(root)]).stdout
    assert "matched nothing" not in text
