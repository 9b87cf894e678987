"""`eventkit check --against REF`: the settings the gate applies, and the routing identity.

A pull request must not pass by weakening the gate beside a breaking version (compatibility
mode, policy or format mode of an event with a released major: COMPATIBILITY_WEAKENED), nor
rename what consumers' EventBridge rules match (source, detail-type: ROUTING_IDENTITY_CHANGED).
Strengthening is fine; a suppression with a reason clears either.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from eventkit.cli import app
from eventkit.errors import EXIT_BREAKING, EXIT_OK
from tests._child_cli import git
from tests.registry._build import build, schema

WEAKENED = "COMPATIBILITY_WEAKENED"
ROUTING = "ROUTING_IDENTITY_CHANGED"
EVENT = "orders/OrderPlaced"
runner = CliRunner()


def _version(**properties: Any) -> dict[str, Any]:
    props = {"id": {"type": "string", "description": "The id."}, **properties}
    return schema(properties=props, required=["id", *properties], examples=[{"id": "t-1"}])


def _repo(tmp_path: Path, config: str = "", event_toml: str = "") -> Path:
    """A released registry on `main`: orders/OrderPlaced 1.0.0, consumed by payments."""
    files: dict[str, Any] = {
        f"{EVENT}/1.0.0.json": _version(note={"type": "string", "description": "A note."}),
        "payments/PaymentCaptured/1.0.0.json": _version(),
        "payments/service.toml": f'consumes = ["{EVENT}@1"]\n',
    }
    if event_toml:
        files[f"{EVENT}/event.toml"] = event_toml
    root = build(
        tmp_path / "repo" / "schemas",
        files,
        config='[registry]\nname = "test"\nsource_prefix = "test."\n' + config,
    )
    git(root.parent, "init", "-q", "-b", "main")
    git(root.parent, "add", ".")
    git(root.parent, "commit", "-q", "-m", "release")
    return root


def _check(root: Path) -> tuple[int, dict[str, Any]]:
    result = runner.invoke(
        app, ["check", "--schemas", str(root), "--against", "main", "--format", "json"]
    )
    assert result.exit_code in (EXIT_OK, EXIT_BREAKING), result.output
    return result.exit_code, json.loads(result.stdout)


def _write(root: Path, relpath: str, text: str) -> None:
    (root / relpath).write_text(text, encoding="utf-8")


def _line(root: Path, relpath: str, number: int) -> str:
    return (root / relpath).read_text(encoding="utf-8").splitlines()[number - 1]


def test_mode_none_beside_a_breaking_version_fails_naming_file_line_and_consumers(
    tmp_path: Path,
) -> None:
    root = _repo(tmp_path)
    (root / f"{EVENT}/1.1.0.json").write_text(json.dumps(_version()), encoding="utf-8")
    _write(root, f"{EVENT}/event.toml", 'owner = "shop"\ncompatibility = "NONE"\n')
    code, out = _check(root)
    assert code == EXIT_BREAKING
    (finding,) = out["findings"]
    assert finding["rule"] == WEAKENED
    assert finding["severity"] == "release"
    assert finding["file"] == f"{EVENT}/event.toml"
    assert "compatibility" in _line(root, finding["file"], finding["line"])
    assert finding["consumers"] == ["payments"]
    assert finding["affected"] == [f"{EVENT}@1.0.0"]
    for text in ("FULL_TRANSITIVE", "NONE", "main", "payments", WEAKENED):
        assert text in finding["message"]


@pytest.mark.parametrize(
    ("relpath", "text", "setting"),
    [
        ("eventkit.toml", None, "mode"),  # registry-wide FULL_TRANSITIVE -> BACKWARD
        ("orders/service.toml", 'compatibility = "FULL"\n', "compatibility"),  # not transitive
        (f"{EVENT}/event.toml", 'compatibility = "FORWARD_TRANSITIVE"\n', "compatibility"),
    ],
)
def test_a_weaker_mode_anywhere_it_is_set_is_reported_there(
    tmp_path: Path, relpath: str, text: str | None, setting: str
) -> None:
    root = _repo(tmp_path)
    if text is None:
        config = (root / "eventkit.toml").read_text(encoding="utf-8")
        text = config + '[compatibility]\nmode = "BACKWARD"\n'
    _write(root, relpath, text)
    code, out = _check(root)
    assert code == EXIT_BREAKING
    ours = [f for f in out["findings"] if f["event"] == EVENT]
    (finding,) = ours
    assert finding["rule"] == WEAKENED
    assert finding["file"] == relpath
    assert _line(root, relpath, finding["line"]).startswith(setting)
    assert finding["consumers"] == ["payments"]
    if relpath == "eventkit.toml":  # every released event is concerned
        assert {f["event"] for f in out["findings"]} == {EVENT, "payments/PaymentCaptured"}


def test_strict_to_lenient_is_reported(tmp_path: Path) -> None:
    root = _repo(tmp_path, event_toml='policy = "STRICT"\n')
    _write(root, f"{EVENT}/event.toml", 'policy = "LENIENT"\n')
    code, out = _check(root)
    assert code == EXIT_BREAKING
    (finding,) = out["findings"]
    assert finding["rule"] == WEAKENED
    assert finding["file"] == f"{EVENT}/event.toml"
    assert finding["line"] == 1
    assert "STRICT" in finding["message"]
    assert "LENIENT" in finding["message"]


def test_format_assertion_to_annotation_is_reported(tmp_path: Path) -> None:
    root = _repo(tmp_path)
    config = (root / "eventkit.toml").read_text(encoding="utf-8")
    _write(root, "eventkit.toml", config + '[compatibility]\nformat = "annotation"\n')
    code, out = _check(root)
    assert code == EXIT_BREAKING
    assert {f["rule"] for f in out["findings"]} == {WEAKENED}
    assert {f["event"] for f in out["findings"]} == {EVENT, "payments/PaymentCaptured"}
    for finding in out["findings"]:
        assert finding["file"] == "eventkit.toml"
        assert _line(root, "eventkit.toml", finding["line"]).startswith("format")
        assert "annotation" in finding["message"]


def test_strengthening_every_setting_passes(tmp_path: Path) -> None:
    root = _repo(
        tmp_path,
        config='[compatibility]\nmode = "BACKWARD"\npolicy = "LENIENT"\nformat = "annotation"\n',
    )
    config = '[registry]\nname = "test"\nsource_prefix = "test."\n'
    _write(root, "eventkit.toml", config + '[compatibility]\npolicy = "STRICT"\n')
    _write(root, f"{EVENT}/event.toml", 'compatibility = "FULL_TRANSITIVE"\n')
    code, out = _check(root)
    assert code == EXIT_OK
    assert out["findings"] == []


def test_an_event_new_since_ref_may_start_with_any_mode(tmp_path: Path) -> None:
    root = _repo(tmp_path)
    build(
        root,
        {
            "orders/OrderShipped/1.0.0.json": _version(),
            "orders/OrderShipped/event.toml": 'compatibility = "NONE"\n',
        },
        config=None,
    )
    code, out = _check(root)
    assert code == EXIT_OK
    assert out["findings"] == []


def test_a_suppression_with_a_reason_clears_the_finding(tmp_path: Path) -> None:
    root = _repo(tmp_path)
    _write(root, f"{EVENT}/event.toml", 'compatibility = "NONE"\n')
    config = (root / "eventkit.toml").read_text(encoding="utf-8")
    reason = "orders/OrderPlaced is frozen; its consumers agreed (ticket 42)"
    _write(
        root,
        "eventkit.toml",
        config
        + f'[[check.suppressions]]\nevent = "{EVENT}"\nrule = "{WEAKENED}"\nreason = "{reason}"\n',
    )
    code, out = _check(root)
    assert code == EXIT_OK
    assert out["findings"] == []
    (suppressed,) = out["suppressed"]
    assert suppressed["rule"] == WEAKENED
    assert suppressed["suppressed"] == {"reason": reason}
    assert out["unused_suppressions"] == []


def test_a_renamed_detail_type_names_old_and_new_values_and_consumers(tmp_path: Path) -> None:
    root = _repo(tmp_path)
    _write(root, f"{EVENT}/event.toml", 'owner = "shop"\ndetail_type = "OrderWasPlaced"\n')
    code, out = _check(root)
    assert code == EXIT_BREAKING
    (finding,) = out["findings"]
    assert finding["rule"] == ROUTING
    assert finding["file"] == f"{EVENT}/event.toml"
    assert finding["line"] == 2
    assert finding["consumers"] == ["payments"]
    assert "'OrderPlaced'" in finding["message"]
    assert "'OrderWasPlaced'" in finding["message"]


def test_a_changed_source_is_reported_for_every_released_event_it_reaches(
    tmp_path: Path,
) -> None:
    root = _repo(tmp_path)
    _write(root, "orders/service.toml", 'source = "test.checkout"\n')
    code, out = _check(root)
    assert code == EXIT_BREAKING
    (finding,) = out["findings"]  # payments/PaymentCaptured keeps its source
    assert finding["rule"] == ROUTING
    assert finding["event"] == EVENT
    assert finding["file"] == "orders/service.toml"
    assert finding["line"] == 1
    assert finding["consumers"] == ["payments"]
    assert "'test.orders'" in finding["message"]
    assert "'test.checkout'" in finding["message"]


def test_a_changed_source_prefix_is_reported_at_eventkit_toml(tmp_path: Path) -> None:
    root = _repo(tmp_path)
    _write(root, "eventkit.toml", '[registry]\nname = "test"\nsource_prefix = "shop."\n')
    code, out = _check(root)
    assert code == EXIT_BREAKING
    assert {(f["rule"], f["event"]) for f in out["findings"]} == {
        (ROUTING, EVENT),
        (ROUTING, "payments/PaymentCaptured"),
    }
    for finding in out["findings"]:
        assert finding["file"] == "eventkit.toml"
        assert finding["line"] == 3


BUS = "EVENT_BUS_CHANGED"


def _rename_bus(root: Path, new: str) -> None:
    config = (root / "eventkit.toml").read_text(encoding="utf-8")
    _write(root, "eventkit.toml", config.replace('"shop-events"', f'"{new}"'))


def test_a_renamed_event_bus_is_reported_for_every_released_event(tmp_path: Path) -> None:
    root = _repo(tmp_path, config='event_bus = "shop-events"\n')
    _rename_bus(root, "shop-bus")
    code, out = _check(root)
    assert code == EXIT_BREAKING  # was 0: consumers' rules on shop-events heard nothing more
    assert {(f["rule"], f["event"]) for f in out["findings"]} == {
        (BUS, EVENT),
        (BUS, "payments/PaymentCaptured"),
    }
    placed = next(f for f in out["findings"] if f["event"] == EVENT)
    assert (placed["file"], placed["line"]) == ("eventkit.toml", 4)
    assert placed["consumers"] == ["payments"]
    assert placed["affected"] == [f"{EVENT}@1.0.0"]


def test_a_bus_set_where_there_was_none_is_reported(tmp_path: Path) -> None:
    root = _repo(tmp_path)  # the default bus
    config = (root / "eventkit.toml").read_text(encoding="utf-8")
    _write(root, "eventkit.toml", config.replace("[registry]\n", '[registry]\nevent_bus = "b"\n'))
    code, out = _check(root)
    assert code == EXIT_BREAKING
    assert {f["rule"] for f in out["findings"]} == {BUS}


def test_a_renamed_bus_passes_with_suppressions_and_spares_foreign_events(
    tmp_path: Path,
) -> None:
    root = _repo(tmp_path, config='event_bus = "shop-events"\n')
    (root / "aws_x/Thing").mkdir(parents=True)
    _write(root, "aws_x/Thing/event.toml", 'envelope = "foreign"\nsource = "aws.x"\n')
    (root / "aws_x/Thing/1.0.0.json").write_text(json.dumps(_version()), encoding="utf-8")
    git(root.parent, "add", ".")
    git(root.parent, "commit", "-q", "-m", "a foreign event")
    _rename_bus(root, "shop-bus")
    config = (root / "eventkit.toml").read_text(encoding="utf-8")
    for event in (EVENT, "payments/PaymentCaptured"):
        config += f'[[check.suppressions]]\nevent = "{event}"\nrule = "{BUS}"\nreason = "moved"\n'
    _write(root, "eventkit.toml", config)
    code, out = _check(root)
    assert code == EXIT_OK, out["findings"]  # no finding for aws_x/Thing: AWS sends it
    assert out["summary"]["events"] == 3
    assert sorted(s["event"] for s in out["suppressed"]) == [EVENT, "payments/PaymentCaptured"]
    assert out["unused_suppressions"] == []
