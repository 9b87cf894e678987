"""A shared file of several `$defs` (no root model): one module per definition, re-exported.

An event's module imports only the definitions it uses (what its import builds), and the
file's own module still offers every class, the same class objects, on first access.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from eventkit_codegen import generate

from tests.codegen._lint import assert_mypy_clean
from tests.codegen._things import package_files

FEATURES = Path(__file__).parent / "registries" / "features"
KINDS = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$defs": {
        "Tag": {"type": "string", "maxLength": 8, "description": "a tag"},
        "Label": {
            "type": "object",
            "properties": {"tag": {"$ref": "#/$defs/Tag"}, "text": {"type": "string"}},
            "required": ["text"],
        },
        "Unused": {"type": "object", "properties": {"n": {"type": "integer", "minimum": 1}}},
    },
}


@pytest.fixture
def registry(tmp_path: Path) -> Path:
    target = tmp_path / "registry"
    shutil.copytree(FEATURES, target)
    (target / "_shared/kinds.json").write_text(json.dumps(KINDS))
    path = target / "svc/ThingDone/1.0.0.json"
    schema = json.loads(path.read_text())
    schema["allOf"][1]["properties"]["label"] = {"$ref": "../../_shared/kinds.json#/$defs/Label"}
    path.write_text(json.dumps(schema))
    return target


def _run(out: Path, code: str) -> str:
    done = subprocess.run(
        [sys.executable, "-c", code],
        cwd=out.parent,
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout.strip()


def test_each_definition_has_its_module_and_events_import_only_theirs(
    registry: Path, tmp_path: Path
) -> None:
    out = tmp_path / "pkg"
    generate(registry, out)
    files = sorted(p.relative_to(out).as_posix() for p in (out / "shared").rglob("*.py"))
    assert "shared/kinds.py" in files
    assert {"shared/kinds_defs/label.py", "shared/kinds_defs/tag.py"} <= set(files)
    assert "shared/kinds_defs/unused.py" in files
    loaded = _run(
        out,
        "import sys, pkg.svc\n"
        "print(sorted(m for m in sys.modules if m.startswith('pkg.shared.kinds')))",
    )
    assert "pkg.shared.kinds_defs.label" in loaded
    assert "pkg.shared.kinds_defs.unused" not in loaded
    assert "'pkg.shared.kinds'" not in loaded  # the re-exporting module is not needed
    same = _run(
        out,
        "from pkg.shared.kinds import Label, Unused\n"
        "from pkg.shared.kinds_defs.label import Label as L\n"
        "from pkg.svc import ThingDoneV1\n"
        "print(Label is L, ThingDoneV1.model_fields['label'].annotation == (Label | None),"
        " Unused(n=2).n)",
    )
    assert same == "True True 2"
    assert generate(registry, out, check=True).ok


def test_a_file_that_gains_a_second_definition_changes_layout_cleanly(
    registry: Path, tmp_path: Path
) -> None:
    out = tmp_path / "pkg"
    single = {"$defs": {"Tag": {"type": "string", "maxLength": 8}}}
    (registry / "_shared/kinds.json").write_text(json.dumps(single))
    path = registry / "svc/ThingDone/1.0.0.json"
    schema = json.loads(path.read_text())
    schema["allOf"][1]["properties"]["label"] = {"$ref": "../../_shared/kinds.json#/$defs/Tag"}
    path.write_text(json.dumps(schema))
    generate(registry, out)
    assert (out / "shared/kinds.py").is_file()
    assert not (out / "shared/kinds_defs").exists()  # one definition: one module, as before
    (registry / "_shared/kinds.json").write_text(json.dumps(KINDS))
    result = generate(registry, out)
    assert "shared/kinds_defs/tag.py" in result.written
    assert generate(registry, out, check=True).ok
    (registry / "_shared/kinds.json").write_text(json.dumps(single))
    result = generate(registry, out)
    assert "shared/kinds_defs/tag.py" in result.removed
    assert generate(registry, out, check=True).ok


def test_a_new_shared_file_that_ends_a_split_regenerates_the_events_importing_it(
    registry: Path, tmp_path: Path
) -> None:
    # `_shared/kinds_defs.json` takes the module name of kinds.json's split package, so
    # kinds.json goes back to one module: the event's import of shared.kinds_defs.label must
    # change with it, though neither its schema nor kinds.json changed.
    out = tmp_path / "run" / "pkg"
    generate(registry, out)
    assert (out / "shared/kinds_defs/label.py").is_file()
    other = {"$defs": {"Other": {"type": "object", "properties": {"x": {"type": "string"}}}}}
    (registry / "_shared/kinds_defs.json").write_text(json.dumps(other))
    generate(registry, out)
    full = tmp_path / "full" / "pkg"
    generate(registry, full)
    assert package_files(out) == package_files(full)
    assert generate(registry, out, check=True).ok
    assert _run(out, "from pkg.svc import ThingDoneV1; print(ThingDoneV1.__name__)") == (
        "ThingDoneV1"
    )


# Definitions the generator names otherwise than their key, or makes no class of: `Alpha` has a
# property `alpha` whose nested class takes the name (the definition becomes `AlphaModel`),
# `Field` is a name its module imports (pydantic's), `Any` one the re-exporting module imports,
# `Code` and `Codes` are inlined where used (a string, an enum).
NAMESAKES = {
    "$defs": {
        "Alpha": {
            "type": "object",
            "properties": {"alpha": {"type": "object", "properties": {"x": {"type": "string"}}}},
        },
        "Field": {"type": "object", "properties": {"v": {"type": "string", "maxLength": 3}}},
        "Any": {"type": "object", "properties": {"n": {"type": "integer"}}},
        "Code": {"type": "string", "pattern": "^[A-Z]{3}$"},
        "Codes": {"enum": ["a", "b"]},
    },
}


def test_the_file_offers_each_definition_s_own_class_whatever_the_generator_named_it(
    registry: Path, tmp_path: Path
) -> None:
    (registry / "_shared/kinds.json").write_text(json.dumps(NAMESAKES))
    path = registry / "svc/ThingDone/1.0.0.json"
    schema = json.loads(path.read_text())
    schema["allOf"][1]["properties"]["label"] = {
        "type": "object",
        "properties": {
            name.lower(): {"$ref": f"../../_shared/kinds.json#/$defs/{name}"}
            for name in NAMESAKES["$defs"]
        },
    }
    path.write_text(json.dumps(schema))
    out = tmp_path / "pkg"
    generate(registry, out)
    offered = _run(
        out,
        "import pkg.shared.kinds as kinds\n"
        "from pkg.svc.thing_done_v1 import Label\n"
        "fields = Label.model_fields\n"
        "print(sorted(kinds.__all__),"
        " [getattr(kinds, n) is fields[f].annotation.__args__[0]"
        "  for n, f in [('Alpha', 'alpha'), ('Field', 'field_'), ('Any', 'any_')]])",
    )
    assert offered == "['Alpha', 'Any', 'Field'] [True, True, True]"
    (tmp_path / "check.py").write_text(
        "from pkg.shared.kinds import Alpha, Any, Field\n"
        "Alpha(alpha=None)\nField(v='abc')\nAny(n=1)\n"
    )
    assert_mypy_clean(tmp_path, "pkg", "check.py")
