"""`eventkit new` and `eventkit bump`: scaffolds, copies, and refusals (never overwrite)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from eventkit.cli import app
from eventkit.errors import EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, ScaffoldError, SchemaNameError
from eventkit.lint import lint_registry
from eventkit.registry import load_registry
from eventkit.scaffold import bump_version, new_event, parse_event_key
from tests.registry._build import build, deny, schema

runner = CliRunner()


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return build(tmp_path / "reg", {})


def test_new_scaffolds_a_valid_schema_whose_todos_lint_reports(root: Path) -> None:
    code, out, _ = run("new", "orders/OrderShipped", "--schemas", str(root), "--owner", "team-x")
    assert code == EXIT_OK
    path = root / "orders" / "OrderShipped" / "1.0.0.json"
    assert f"created {path}" in out
    document = json.loads(path.read_text())
    assert document["title"] == "OrderShipped"
    assert document["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert (root / "orders" / "OrderShipped" / "event.toml").read_text() == 'owner = "team-x"\n'
    event = load_registry(root).event("orders/OrderShipped")  # loads without problems
    assert event.owner == "team-x"
    report = lint_registry(root)
    assert report.exit_code == EXIT_PROBLEMS
    assert {p.code for p in report.problems} == {"todo-placeholder"}
    assert {p.pointer for p in report.problems} == {"/description", "/properties/id/description"}


def test_new_with_description_leaves_only_the_field_placeholder(root: Path) -> None:
    new_event(root, "orders/OrderShipped", description="The parcel left the warehouse.")
    problems = lint_registry(root).problems
    assert [p.pointer for p in problems] == ["/properties/id/description"]


def test_new_refuses_an_existing_event(root: Path) -> None:
    new_event(root, "orders/OrderShipped")
    code, _, err = run("new", "orders/OrderShipped", "--schemas", str(root))
    assert code == EXIT_USAGE
    assert "already exists (latest version 1.0.0)" in err
    assert "eventkit bump orders/OrderShipped --minor" in err


@pytest.mark.parametrize(
    "existing", ['detail_type = "Order Shipped"\n', 'owner = "team-y"\n', "owner = [\n"]
)
def test_new_refuses_an_owner_an_existing_event_toml_would_drop(root: Path, existing: str) -> None:
    """`new --owner` beside an event.toml (written before the first version) that sets no owner,
    another one, or cannot be read: `new` never edits that file, so the owner was dropped in
    silence; now nothing is written and the error names the file."""
    event_file = root / "orders" / "OrderShipped" / "event.toml"
    event_file.parent.mkdir(parents=True)
    event_file.write_text(existing)
    before = sorted(p.relative_to(root).as_posix() for p in root.rglob("*"))
    code, _, _ = run("new", "orders/OrderShipped", "--schemas", str(root), "--owner", "team-x")
    assert code == EXIT_USAGE
    assert sorted(p.relative_to(root).as_posix() for p in root.rglob("*")) == before
    assert event_file.read_text() == existing
    with pytest.raises(ScaffoldError) as caught:
        new_event(root, "orders/OrderShipped", owner="team-x")
    assert caught.value.code == "scaffold"
    assert caught.value.path == str(event_file)


def test_new_with_the_owner_an_existing_event_toml_sets(root: Path) -> None:
    event_file = root / "orders" / "OrderShipped" / "event.toml"
    event_file.parent.mkdir(parents=True)
    event_file.write_text('owner = "team-x"\ndetail_type = "Order Shipped"\n')
    code, _, _ = run("new", "orders/OrderShipped", "--schemas", str(root), "--owner", "team-x")
    assert code == EXIT_OK
    assert event_file.read_text() == 'owner = "team-x"\ndetail_type = "Order Shipped"\n'
    assert load_registry(root).event("orders/OrderShipped").owner == "team-x"


@pytest.mark.parametrize("option", ["--owner", "--description"])
@pytest.mark.parametrize("value", ["", "  "])
def test_new_refuses_an_empty_owner_or_description(root: Path, option: str, value: str) -> None:
    """`--description ""` was dropped for the TODO placeholder and `--owner ""` written as
    an owner lint accepts; both are refused now, before anything is written."""
    code, _, _ = run("new", "orders/OrderShipped", "--schemas", str(root), option, value)
    assert code == EXIT_USAGE
    assert not (root / "orders").exists()
    with pytest.raises(ScaffoldError) as caught:
        new_event(root, "orders/OrderShipped", **{option.removeprefix("--"): value})
    assert caught.value.path == "orders/OrderShipped"


@pytest.mark.parametrize(
    ("key", "fragment"),
    [
        ("OrderShipped", "is not SERVICE/EventName"),
        ("orders/shipped", "must be PascalCase"),
        ("Orders/OrderShipped", "lower_snake_case"),
        ("class/OrderShipped", "lower_snake_case"),
        ("a/B/C", "is not SERVICE/EventName"),
    ],
)
def test_bad_event_keys(root: Path, key: str, fragment: str) -> None:
    code, _, err = run("new", key, "--schemas", str(root))
    assert code == EXIT_USAGE
    assert fragment in err
    with pytest.raises(SchemaNameError):
        parse_event_key(key)


@pytest.mark.parametrize(
    "key",
    [
        "orders/" + "A" * 129,  # detail-type over EventBridge's 128 characters
        "s" * 252 + "/OrderShipped",  # source (source_prefix + service) over 256 characters
    ],
)
def test_new_refuses_a_name_eventbridge_would_reject(root: Path, key: str) -> None:
    before = sorted(p.name for p in root.iterdir())
    code, _, _ = run("new", key, "--schemas", str(root))
    assert code == EXIT_USAGE
    assert sorted(p.name for p in root.iterdir()) == before  # no folder, no lock written
    with pytest.raises(SchemaNameError) as caught:
        new_event(root, key)
    assert caught.value.path == key


def test_new_at_the_limits_scaffolds_what_lint_accepts_but_for_the_todos(root: Path) -> None:
    new_event(root, "orders/" + "A" * 128)
    assert {p.code for p in lint_registry(root).problems} == {"todo-placeholder"}


def test_new_and_bump_say_which_versions_a_lock_they_create_holds_as_released(
    root: Path,
) -> None:
    """Without eventkit.lock, `new` / `bump` write one that locks every version already there:
    from then on an edit of one fails `eventkit lint`, so the command says which."""
    new_event(root, "orders/OrderPlaced")
    (root / "eventkit.lock").unlink()
    bumped = bump_version(root, "orders/OrderPlaced", "minor")
    assert bumped.locked == ("orders/OrderPlaced@1.0.0",)
    assert new_event(root, "orders/OrderShipped").locked == ()  # the lock existed
    (root / "eventkit.lock").unlink()
    code, out, _ = run("new", "orders/OrderCancelled", "--schemas", str(root))
    assert code == EXIT_OK
    assert "orders/OrderPlaced@1.1.0" in out  # the command names them
    assert "orders/OrderShipped@1.0.0" in out


def test_new_outside_a_registry(tmp_path: Path) -> None:
    code, _, err = run("new", "orders/OrderShipped", "--schemas", str(tmp_path))
    assert code == EXIT_USAGE
    assert "eventkit.toml is missing" in err
    assert not (tmp_path / "orders").exists()


def test_bump_copies_the_newest_version_byte_for_byte(root: Path) -> None:
    text = json.dumps(schema(), indent=4) + "\n"
    build(root, {"s/E/1.0.0.json": schema(), "s/E/1.1.0.json": text}, config=None)
    code, out, _ = run("bump", "s/E", "--minor", "--schemas", str(root))
    assert code == EXIT_OK
    assert "created" in out
    assert "copy of 1.1.0.json" in out
    assert (root / "s/E/1.2.0.json").read_text() == text
    assert bump_version(root, "s/E", "major").path.name == "2.0.0.json"
    assert bump_version(root, "s/E", "patch").path.name == "2.0.1.json"


def test_bump_from_an_older_version(root: Path) -> None:
    build(root, {"s/E/1.0.0.json": schema(), "s/E/2.0.0.json": schema()}, config=None)
    code, _, _ = run("bump", "s/E", "--minor", "--from", "1.0.0", "--schemas", str(root))
    assert code == EXIT_OK
    assert (root / "s/E/1.1.0.json").is_file()


def test_bump_never_overwrites(root: Path) -> None:
    build(root, {"s/E/1.0.0.json": schema(), "s/E/1.1.0.json": schema()}, config=None)
    before = (root / "s/E/1.1.0.json").read_bytes()
    code, _, err = run("bump", "s/E", "--minor", "--from", "1.0.0", "--schemas", str(root))
    assert code == EXIT_USAGE
    assert "1.1.0 already exists" in err
    assert (root / "s/E/1.1.0.json").read_bytes() == before
    with pytest.raises(ScaffoldError):
        bump_version(root, "s/E", "minor", base="1.0.0")


def test_bump_of_an_unreadable_version_is_a_clear_error(
    root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    build(root, {"s/E/1.0.0.json": schema()}, config=None)
    deny(monkeypatch, "1.0.0.json")  # bump reads with os.open, as the loader does
    code, _, err = run("bump", "s/E", "--minor", "--schemas", str(root))
    assert code == EXIT_USAGE
    assert "cannot read" in err
    assert "1.0.0.json: Permission denied" in err
    assert not (root / "s/E/1.1.0.json").exists()


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["s/E"], "exactly one of --major, --minor, --patch"),
        (["s/E", "--major", "--minor"], "exactly one of --major, --minor, --patch"),
        (["s/Nope", "--minor"], "has no version to bump"),
        (["s/E", "--minor", "--from", "3.0.0"], "has no version 3.0.0 (versions: 1.0.0)"),
        (["s/E", "--minor", "--from", "1.0"], "not a semantic version"),
    ],
)
def test_bump_errors(root: Path, args: list[str], fragment: str) -> None:
    build(root, {"s/E/1.0.0.json": schema()}, config=None)
    code, _, err = run("bump", *args, "--schemas", str(root))
    assert code == EXIT_USAGE
    assert fragment in err
    assert "Traceback" not in err


@pytest.mark.parametrize(
    ("key", "hint"),
    [
        ("orders/order-shipped", "did you mean orders/OrderShipped?"),
        ("Orders/OrderShipped", "did you mean orders/OrderShipped?"),
        ("file-uploads/upload_done", "did you mean file_uploads/UploadDone?"),
        ("orders/Ordér", "in ASCII letters and digits"),  # no suggestion that drops a letter
        ("orders/9lives", "in ASCII letters and digits"),  # no valid spelling to suggest
    ],
)
def test_a_misspelt_key_gets_the_registry_spelling_not_a_folder_to_rename(
    root: Path, key: str, hint: str
) -> None:
    # `new` was told "rename the folder": there is no folder yet, the user typed the name
    code, _, err = run("new", key, "--schemas", str(root))
    assert code == EXIT_USAGE
    assert hint in err
    assert "rename the folder" not in err
    if "did you mean" in hint:
        suggested = hint.removeprefix("did you mean ").removesuffix("?")
        assert run("new", suggested, "--schemas", str(root))[0] == EXIT_OK
