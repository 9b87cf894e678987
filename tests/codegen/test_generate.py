"""generate(): determinism, incremental runs, --check, and bad input (nothing half-written)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from eventkit_codegen import MANIFEST, generate
from typer.testing import CliRunner

from eventkit.cli import app
from eventkit.errors import EXIT_PROBLEMS, EXIT_USAGE, CodegenError

HOSTILE = Path(__file__).parent / "registries" / "hostile"
FEATURES = Path(__file__).parent / "registries" / "features"


def _tree(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and "__pycache__" not in p.parts
    }


@pytest.fixture
def registry(tmp_path: Path) -> Path:
    target = tmp_path / "registry"
    shutil.copytree(HOSTILE, target)
    return target


def test_byte_identical_on_rerun_and_in_another_folder(registry: Path, tmp_path: Path) -> None:
    a = tmp_path / "a" / "events"
    b = tmp_path / "b" / "events"
    generate(registry, a)
    generate(registry, b)
    assert _tree(a) == _tree(b)
    again = generate(registry, a)
    assert again.written == ()
    assert again.removed == ()
    assert again.regenerated == ()
    assert _tree(a) == _tree(b)


def test_incremental_regenerates_only_what_changed(registry: Path, tmp_path: Path) -> None:
    out = tmp_path / "events"
    generate(registry, out)
    before = {p: p.stat().st_mtime_ns for p in out.rglob("*.py")}
    schema = json.loads((registry / "evil/Plain/1.1.0.json").read_text())
    schema["properties"]["extra_note"] = {"type": "string", "description": "added in 1.2.0"}
    schema["examples"] = [{"id": "x", "extra_note": "e"}]
    (registry / "evil/Plain/1.2.0.json").write_text(json.dumps(schema))
    result = generate(registry, out)
    assert result.regenerated == ("evil/Plain@1",)
    assert result.written == ("evil/plain_v1.py",)
    for path, mtime in before.items():
        if path.name != "plain_v1.py":
            assert path.stat().st_mtime_ns == mtime, path
    # The incremental result equals a full run from scratch.
    fresh = tmp_path / "fresh" / "events"
    generate(registry, fresh)
    assert _tree(out) == _tree(fresh)


def test_check_names_stale_missing_and_extra_files(registry: Path, tmp_path: Path) -> None:
    out = tmp_path / "events"
    generate(registry, out)
    assert generate(registry, out, check=True).stale == ()
    (out / "evil" / "plain_v1.py").write_text("# edited by hand\n")
    (out / "evil" / "hostile_thing_v2.py").unlink()
    (out / "evil" / "stray.py").write_text("")
    result = generate(registry, out, check=True)
    assert set(result.stale) >= {"evil/plain_v1.py", "evil/hostile_thing_v2.py", "evil/stray.py"}
    assert (
        out / "evil" / "plain_v1.py"
    ).read_text() == "# edited by hand\n"  # check writes nothing
    runner = CliRunner()
    cli = runner.invoke(app, ["codegen", "--schemas", str(registry), "--out", str(out), "--check"])
    assert cli.exit_code == EXIT_PROBLEMS
    assert "plain_v1.py" in cli.output
    # A normal run repairs everything, the stray file included.
    repaired = generate(registry, out)
    assert "evil/stray.py" in repaired.removed
    assert generate(registry, out, check=True).ok


def test_a_schema_the_models_cannot_express(registry: Path, tmp_path: Path) -> None:
    out = tmp_path / "events"
    generate(registry, out)
    before = _tree(out)
    bad = json.loads((registry / "evil/Plain/1.1.0.json").read_text())
    bad["properties"]["weird"] = {"enum": [{"an": "object"}, [1]]}
    text = json.dumps(bad, indent=2)
    (registry / "evil/Plain/1.2.0.json").write_text(text)
    line = text.splitlines().index('    "weird": {') + 2  # where its "enum" starts
    with pytest.raises(
        CodegenError,
        match=rf"evil/Plain/1\.2\.0\.json:{line}: enum .*\(at /properties/weird/enum\)",
    ):
        generate(registry, out)
    assert _tree(out) == before
    bad["properties"]["weird"] = {"type": "string", "pattern": "([unclosed"}
    (registry / "evil/Plain/1.2.0.json").write_text(json.dumps(bad))
    with pytest.raises(CodegenError, match="not a valid regular expression"):
        generate(registry, out)
    assert _tree(out) == before
    assert not [p for p in out.parent.iterdir() if p.name.startswith(".events.codegen-")]


def test_two_events_with_the_same_class_name(registry: Path, tmp_path: Path) -> None:
    shutil.copytree(registry / "evil", registry / "other")
    (registry / "other" / "service.toml").write_text('description = "copy"\n')
    with pytest.raises(CodegenError, match="would both generate the class"):
        generate(registry, tmp_path / "events")
    assert not (tmp_path / "events").exists()


def test_output_folder_that_is_not_a_generated_package(registry: Path, tmp_path: Path) -> None:
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "important.py").write_text("x = 1\n")
    with pytest.raises(CodegenError, match="not empty and was not generated"):
        generate(registry, mine)
    assert (mine / "important.py").read_text() == "x = 1\n"
    afile = tmp_path / "afile"
    afile.write_text("")
    with pytest.raises(CodegenError, match="not a directory"):
        generate(registry, afile)
    with pytest.raises(CodegenError, match="not a valid Python package name"):
        generate(registry, tmp_path / "not-a-package")
    cli = CliRunner().invoke(app, ["codegen", "--schemas", str(registry), "--out", str(mine)])
    assert cli.exit_code == EXIT_USAGE
    assert "not generated by eventkit codegen" in cli.output


def test_output_folder_that_cannot_be_written(registry: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "blocker"
    blocker.write_text("")  # a file where a parent folder should be: unwritable even as root
    with pytest.raises(CodegenError, match="cannot write"):
        generate(registry, blocker / "events")
    if os.geteuid() != 0:
        ro = tmp_path / "ro"
        ro.mkdir()
        ro.chmod(0o555)
        try:
            with pytest.raises(CodegenError, match="cannot write"):
                generate(registry, ro / "events")
        finally:
            ro.chmod(0o755)


def test_manifest_records_inputs(registry: Path, tmp_path: Path) -> None:
    out = tmp_path / "events"
    generate(registry, out)
    manifest = json.loads((out / MANIFEST).read_text())
    assert manifest["units"]["evil/Plain@1"]["file"] == "evil/plain_v1.py"
    assert all(d.startswith("sha256:") for d in manifest["files"].values())


def test_recursive_schemas_and_root_all_of(tmp_path: Path) -> None:
    out = tmp_path / "rec_events"
    generate(FEATURES, out)
    # allOf at the root: the event class also derives from the referenced shared class
    assert (
        "class ThingDoneV1(_eventkit.Event, Base):"
        in (out / "svc" / "thing_done_v1.py").read_text()
    )
    code = (out / "svc" / "tree_built_v1.py").read_text()
    assert "self_ref: TreeBuiltV1 | None" in code
    assert "tail: Cons | None" in code
    assert "children: list[Node] | None" in (out / "shared" / "node.py").read_text()
    script = (
        "import json, sys; sys.path.insert(0, sys.argv[1]); import rec_events as e; "
        "ex = {'root': {'name': 'a', 'children': [{'name': 'b', 'children': []}]}, "
        "'local': {'head': 1, 'tail': {'head': 2}}, 'self_ref': {'root': {'name': 'c'}}}; "
        "m = e.TreeBuiltV1.model_validate(ex); "
        "out = m.model_dump(mode='json', by_alias=True, exclude_unset=True); "
        "assert json.dumps(out) == json.dumps(ex), out; "
        "t = e.ThingDoneV1.model_validate({'tenant': 't', 'x': 1, 'extra': 2}); "
        "assert t.model_dump() == {'tenant': 't', 'x': 1}; "
        "assert isinstance(t, e.ThingDoneV1.__mro__[1])"
    )
    subprocess.run([sys.executable, "-c", script, str(tmp_path)], check=True)


def test_a_shared_change_regenerates_its_users(registry: Path, tmp_path: Path) -> None:
    out = tmp_path / "events"
    generate(registry, out)
    money = json.loads((registry / "_shared" / "money.json").read_text())
    money["properties"]["note"] = {"type": "string", "description": "new"}
    (registry / "_shared" / "money.json").write_text(json.dumps(money))
    result = generate(registry, out)
    assert set(result.regenerated) == {
        "shared",
        "evil/HostileThing@1",
        "evil/HostileThing@2",
        "evil/Plain@1",
    }
    assert "shared/money.py" in result.written
    assert "aws_evil/foreign_thing_v1.py" not in result.written


def test_output_folder_from_eventkit_toml(registry: Path, tmp_path: Path) -> None:
    toml = registry / "eventkit.toml"
    toml.write_text(toml.read_text() + '\n[codegen]\nout = "../gen/hostile_events"\n')
    result = generate(registry)
    assert result.out_dir == (tmp_path / "gen" / "hostile_events").absolute()
    assert (tmp_path / "gen" / "hostile_events" / "evil" / "plain_v1.py").is_file()
    cli = CliRunner().invoke(app, ["codegen", "--schemas", str(registry), "--check"])
    assert cli.exit_code == 0, cli.output
    assert "up to date" in cli.output


@pytest.mark.parametrize("out", ["src/hostile_events", "."])
def test_an_output_package_inside_the_registry_is_refused(
    registry: Path, tmp_path: Path, out: str
) -> None:
    """`out` is relative to the registry folder: written as if from the project's folder
    (`src/...`), the package would land in the registry and break every later command."""
    toml = registry / "eventkit.toml"
    toml.write_text(toml.read_text() + f'\n[codegen]\nout = "{out}"\n')
    before = _tree(registry)
    for args in (["codegen"], ["codegen", "--check"]):
        cli = CliRunner().invoke(app, [*args, "--schemas", str(registry)])
        assert cli.exit_code == EXIT_USAGE, cli.output
    with pytest.raises(CodegenError):
        generate(registry, registry / "evil" / "gen_events")
    assert _tree(registry) == before
    assert not [p for p in tmp_path.iterdir() if p.name != "registry"]


def test_a_registry_inside_the_output_package_is_refused(tmp_path: Path) -> None:
    out = tmp_path / "hostile_events"
    generate(HOSTILE, out)  # a generated package (it has a manifest) ...
    registry = out / "schemas"
    shutil.copytree(HOSTILE, registry)  # ... that now holds the registry
    before = _tree(registry)
    with pytest.raises(CodegenError):
        generate(registry, out)  # its files would be removed as files codegen does not write
    assert _tree(registry) == before


def test_no_output_folder_at_all(registry: Path) -> None:
    with pytest.raises(CodegenError, match="no output package"):
        generate(registry)


def test_an_event_schema_that_is_not_an_object(tmp_path: Path) -> None:
    registry = tmp_path / "features"
    shutil.copytree(FEATURES, registry)
    (registry / "svc" / "ThingDone" / "2.0.0.json").write_text(
        json.dumps(
            {
                "$schema": "https://json-schema.org/draft/2020-12/schema",
                "title": "ThingDone",
                "description": "a bare string",
                "type": "string",
                "examples": ["x"],
            }
        )
    )
    with pytest.raises(CodegenError, match=r"svc/ThingDone/2\.0\.0\.json: .* JSON object"):
        generate(registry, tmp_path / "events")


def test_a_ref_by_anchor_names_the_definition(tmp_path: Path) -> None:
    registry = tmp_path / "features"
    shutil.copytree(FEATURES, registry)
    path = registry / "svc" / "TreeBuilt" / "1.0.0.json"
    schema = json.loads(path.read_text())
    schema["$defs"]["Cons"]["$anchor"] = "cons"
    schema["properties"]["by_anchor"] = {"$ref": "#cons"}
    path.write_text(json.dumps(schema))
    generate(registry, tmp_path / "events")
    code = (tmp_path / "events" / "svc" / "tree_built_v1.py").read_text()
    assert "by_anchor: Cons | None" in code


def test_a_recursive_ref_into_a_non_definition(tmp_path: Path) -> None:
    registry = tmp_path / "features"
    shutil.copytree(FEATURES, registry)
    path = registry / "svc" / "TreeBuilt" / "1.0.0.json"
    schema = json.loads(path.read_text())
    schema["properties"]["loop"] = {
        "type": "object",
        "properties": {"again": {"$ref": "#/properties/loop"}},
    }
    path.write_text(json.dumps(schema))
    with pytest.raises(
        CodegenError,
        match=r"svc/TreeBuilt/1\.0\.0\.json:1: .*recursive reference into a non-definition"
        r".*\(at /properties/loop/properties/again\)",
    ):
        generate(registry, tmp_path / "events")
    assert not (tmp_path / "events").exists()


def test_unchanged_files_are_copied_where_links_fail(
    registry: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    linked, copied = tmp_path / "linked" / "events", tmp_path / "copied" / "events"
    generate(registry, linked)
    generate(registry, copied)
    before = {p: p.stat().st_mtime_ns for p in copied.rglob("*.py")}
    schema = json.loads((registry / "evil/Plain/1.1.0.json").read_text())
    schema["description"] = "Described again."
    (registry / "evil/Plain/1.1.0.json").write_text(json.dumps(schema))
    generate(registry, linked)

    def no_links(*args: object, **kwargs: object) -> None:
        raise PermissionError(1, "Operation not permitted")

    monkeypatch.setattr(os, "link", no_links)
    result = generate(registry, copied)
    assert result.written == ("evil/plain_v1.py",)
    assert _tree(linked) == _tree(copied)
    for path, mtime in before.items():
        if path.name != "plain_v1.py":
            assert path.stat().st_mtime_ns == mtime, path


def test_unchanged_files_never_tie_the_package_to_a_file_outside_it(
    registry: Path, tmp_path: Path
) -> None:
    out = tmp_path / "events"
    generate(registry, out)
    # Same content as generated, but a symlink out of the package and a file with a second
    # name outside it: codegen must write them as its own files, not link what they point to.
    outside_link, outside_twin = tmp_path / "outside-link.py", tmp_path / "outside-twin.py"
    by_link, by_twin = out / "evil" / "__init__.py", out / "shared" / "__init__.py"
    shutil.copyfile(by_link, outside_link)
    by_link.unlink()
    by_link.symlink_to(outside_link)
    os.link(by_twin, outside_twin)
    schema = json.loads((registry / "evil/Plain/1.1.0.json").read_text())
    schema["description"] = "Described again."
    (registry / "evil/Plain/1.1.0.json").write_text(json.dumps(schema))

    result = generate(registry, out)

    # The link is not read (nor followed): the file it stands for is written afresh.
    assert result.written == ("evil/__init__.py", "evil/plain_v1.py")
    assert [rel for rel, _ in result.refused] == ["evil/__init__.py"]
    for path, outside in ((by_link, outside_link), (by_twin, outside_twin)):
        assert not path.is_symlink()
        assert path.stat().st_nlink == 1
        assert path.read_bytes() == outside.read_bytes()
        assert outside.stat().st_nlink == 1
