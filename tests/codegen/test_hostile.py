"""The hostile registry: any text a schema can hold reaches generated code only as inert data."""

from __future__ import annotations

import ast
import json
import py_compile
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from eventkit_codegen import generate

from tests.codegen._lint import assert_mypy_clean, assert_ruff_clean

HOSTILE = Path(__file__).parent / "registries" / "hostile"
# The only calls generated modules may make (at import time or ever).
ALLOWED_CALLS = {
    "Field",
    "_eventkit.EventContract",
    "getattr",
    "importlib.import_module",
    "AttributeError",
    "globals",
    "sorted",
    "tuple",
    "__getattr__",
    "_EXPORTS.get",
}
REBUILD = re.compile(r"^[A-Z][A-Za-z0-9_]*\.model_rebuild$")  # recursive models


@pytest.fixture(scope="module")
def hostile_pkg(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("gen") / "hostile_events"
    result = generate(HOSTILE, out)
    assert result.written
    return out


def _call_name(node: ast.Call) -> str:
    return ast.unparse(node.func)


def test_every_module_compiles_and_calls_nothing_unexpected(hostile_pkg: Path) -> None:
    files = sorted(hostile_pkg.rglob("*.py"))
    assert len(files) >= 8
    for path in files:
        py_compile.compile(str(path), doraise=True)
        tree = ast.parse(path.read_text(encoding="utf-8"))
        calls = {_call_name(n) for n in ast.walk(tree) if isinstance(n, ast.Call)}
        unexpected = {c for c in calls - ALLOWED_CALLS if not REBUILD.match(c)}
        assert not unexpected, (path, unexpected)
        # No schema text becomes code: no lambdas, no comprehensions (but in the package
        # index's all_events, which is ours), no decorators.
        banned: tuple[type[ast.AST], ...] = (ast.Lambda, ast.ListComp, ast.Await)
        if path != hostile_pkg / "__init__.py":
            banned = (*banned, ast.GeneratorExp)
        for node in ast.walk(tree):
            assert not isinstance(node, banned)
            if isinstance(node, ast.ClassDef):
                assert not node.decorator_list


def test_imports_round_trips_and_executes_nothing(hostile_pkg: Path, tmp_path: Path) -> None:
    script = textwrap.dedent(
        """
        import json, sys
        from pathlib import Path
        sys.path.insert(0, sys.argv[1])
        import hostile_events
        from eventkit.registry import load_registry
        from eventkit.errors import EventValidationError

        registry = load_registry(sys.argv[2])
        classes = {c.__contract__.schema_path: c for c in hostile_events.all_events()}
        checked = 0
        for event in registry.events:
            for version in event.versions:
                cls = classes[event.latest_in(version.version.major).relpath]
                assert cls.__contract__.source == event.source
                assert cls.__contract__.detail_type == event.detail_type
                for example in version.schema["examples"]:
                    model = cls.model_validate(example)
                    out = model.model_dump(mode="json", by_alias=True, exclude_unset=True)
                    assert json.dumps(out, ensure_ascii=False) == json.dumps(
                        example, ensure_ascii=False
                    ), (cls.__name__, out, example)
                    # tolerant: unknown fields are ignored
                    cls.model_validate({**example, "undeclared": 1})
                    # producer side: construct by the Python names, same bytes on the wire
                    built = cls(**{name: getattr(model, name) for name in model.model_fields_set})
                    again = built.model_dump(mode="json", by_alias=True, exclude_unset=True)
                    assert json.dumps(again, ensure_ascii=False) == json.dumps(
                        example, ensure_ascii=False
                    ), (cls.__name__, again)
                    checked += 1
        # strict construction: an undeclared keyword is refused
        try:
            hostile_events.PlainV1(id="x", undeclared=1)
        except EventValidationError:
            pass
        else:
            raise AssertionError("undeclared field accepted")
        print(checked)
        """
    )
    proc = subprocess.run(
        [sys.executable, "-c", script, str(hostile_pkg.parent), str(HOSTILE)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert int(proc.stdout.strip()) == 5
    assert not list(tmp_path.glob("PWNED*")), "schema text was executed"
    assert not list(Path.cwd().glob("PWNED*"))


def test_names_are_safe_and_aliased(hostile_pkg: Path) -> None:
    code = (hostile_pkg / "evil" / "hostile_thing_v1.py").read_text(encoding="utf-8")
    tree = ast.parse(code)
    cls = next(n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == "HostileThingV1")
    names = [
        n.target.id
        for n in cls.body
        if isinstance(n, ast.AnnAssign) and isinstance(n.target, ast.Name)
    ]
    assert len(names) == len(set(names))  # "ﬁle"/"file", NFC/NFD "café", "Foo"/"foo" stay apart
    for name in names:
        assert name.isascii()
        assert name.isidentifier()
        assert not name.startswith("_")
        assert len(name) <= 64
    assert {"class_", "init", "self_", "publish_", "f_model_config", "empty"} <= set(names)
    assert "__contract__ = _eventkit.EventContract(" in code


def test_descriptions_survive_as_text(hostile_pkg: Path) -> None:
    sys.path.insert(0, str(hostile_pkg.parent))
    try:
        # generated into a temporary folder by the fixture, so mypy cannot see it
        import hostile_events.evil.hostile_thing_v1 as mod  # type: ignore[import-not-found]

        doc = mod.HostileThingV1.__doc__ or ""
        assert "__import__('pathlib').Path('PWNED_doc').touch()" in doc
        assert '"""' in doc
    finally:
        sys.path.remove(str(hostile_pkg.parent))
        for name in [m for m in sys.modules if m.startswith("hostile_events")]:
            del sys.modules[name]


def test_foreign_event_is_consume_only(hostile_pkg: Path) -> None:
    code = (hostile_pkg / "aws_evil" / "foreign_thing_v1.py").read_text(encoding="utf-8")
    assert "class ForeignThingV1(_eventkit.ForeignEvent):" in code
    assert "foreign=True" in code
    assert "extra=" not in code  # additionalProperties: false does not make parsing strict


def test_generated_code_is_lint_clean(hostile_pkg: Path) -> None:
    # Schema text may hold ambiguous characters (RUF001-003) and long literals (E501).
    assert_ruff_clean(hostile_pkg, ignore="E501,RUF001,RUF002,RUF003")


def test_manifest_is_plain_data(hostile_pkg: Path) -> None:
    manifest = json.loads((hostile_pkg / "_manifest.json").read_text(encoding="utf-8"))
    assert set(manifest["units"]) >= {"evil/HostileThing@1", "evil/HostileThing@2", "shared"}
    assert str(hostile_pkg) not in json.dumps(manifest)  # no absolute paths


def test_generated_code_passes_mypy_strict(hostile_pkg: Path) -> None:
    assert_mypy_clean(hostile_pkg.parent, "-p", hostile_pkg.name)
