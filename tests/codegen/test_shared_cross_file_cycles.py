"""`$ref` cycles across shared files: the classes whose modules would import each other in a
cycle are generated in one module (the first file's), and every file's module still offers
its classes under their names; never a module ``_internal`` the package does not have.

Each layout is pinned against an equivalent single-file layout (the same definitions in one
``_shared/one.json``): the same JSON schemas, class by class.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

from eventkit_codegen import generate

from tests.codegen._lint import assert_mypy_clean

FEATURES = Path(__file__).parent / "registries" / "features"
SCHEMA = "https://json-schema.org/draft/2020-12/schema"

# What the generated package reports: every class's JSON schema through the module of the file
# that defines it, the event's, and a sample validated through the event.
_REPORT = """
import importlib, json, sys
from pathlib import Path
import pkg.svc
classes, sample = json.loads(sys.argv[1])
event = pkg.svc.ThingDoneV1.model_validate({"tenant": "t", "x": 1, "tree": sample})
found = {}
for module, name in classes:
    cls = getattr(importlib.import_module(f"pkg.shared.{module}"), name)
    found[f"{module}.{name}"] = cls.model_json_schema()
print(json.dumps({
    "files": sorted(str(p.relative_to("pkg/shared")) for p in Path("pkg/shared").rglob("*.py")),
    "event": pkg.svc.ThingDoneV1.model_json_schema(),
    "classes": found,
    "dumped": event.model_dump(mode="json", exclude_none=True)["tree"],
}, sort_keys=True))
"""


def _obj(**properties: Any) -> dict[str, Any]:
    return {"type": "object", "properties": properties}


def _ref(target: str) -> dict[str, Any]:
    return {"$ref": target}


def _registry(target: Path, files: dict[str, Any], tree_ref: str) -> Path:
    """The features registry with `files` in ``_shared/`` (name -> schema) and ThingDone's
    ``tree`` property a `$ref` to `tree_ref` (relative to ``_shared/``)."""
    shutil.copytree(FEATURES, target)
    for name, schema in files.items():
        path = target / "_shared" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps({"$schema": SCHEMA, **schema}))
    path = target / "svc/ThingDone/1.0.0.json"
    schema = json.loads(path.read_text())
    schema["allOf"][1]["properties"]["tree"] = {"$ref": f"../../_shared/{tree_ref}"}
    path.write_text(json.dumps(schema))
    return target


def _generate(
    base: Path, files: dict[str, Any], tree_ref: str, classes: list[tuple[str, str]], sample: Any
) -> dict[str, Any]:
    """Generate, check the check mode agrees, import in a fresh process: its report."""
    registry = _registry(base / "registry", files, tree_ref)
    out = base / "pkg"
    generate(registry, out)
    assert generate(registry, out, check=True).ok
    assert not list(out.rglob("_internal*"))
    done = subprocess.run(
        [sys.executable, "-c", _REPORT, json.dumps([classes, sample])],
        cwd=base,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    report: dict[str, Any] = json.loads(done.stdout)
    return report


def _same_as_one_file(
    tmp_path: Path,
    files: dict[str, Any],
    tree_ref: str,
    classes: list[tuple[str, str]],
    one: dict[str, Any],
    sample: Any,
    *,
    one_ref: str,
) -> dict[str, Any]:
    """The cross-file layout's report, its schemas checked against the single-file layout's
    (`one`: ``_shared/one.json``, holding every class under the same name)."""
    split = _generate(tmp_path / "files", files, tree_ref, classes, sample)
    plain = _generate(
        tmp_path / "one",
        {"one.json": one},
        f"one.json#/$defs/{one_ref}",
        [("one", name) for _, name in classes],
        sample,
    )
    assert split["event"] == plain["event"]
    assert split["dumped"] == plain["dumped"] == sample
    assert list(split["classes"].values()) == list(plain["classes"].values())
    return split


def test_two_files_referring_to_each_other(tmp_path: Path) -> None:
    files = {
        "a.json": {"$defs": {"X": _obj(z=_ref("b.json#/$defs/Z"), v={"type": "string"})}},
        "b.json": {"$defs": {"Z": _obj(x=_ref("a.json#/$defs/X"), n={"type": "integer"})}},
    }
    one = {
        "$defs": {
            "X": _obj(z=_ref("#/$defs/Z"), v={"type": "string"}),
            "Z": _obj(x=_ref("#/$defs/X"), n={"type": "integer"}),
        }
    }
    sample = {"v": "a", "z": {"n": 1, "x": {"v": "b"}}}
    report = _same_as_one_file(
        tmp_path, files, "a.json#/$defs/X", [("a", "X"), ("b", "Z")], one, sample, one_ref="X"
    )
    assert {"a.py", "b.py"} <= set(report["files"])
    assert "_defs" not in "".join(report["files"])


def test_three_files_and_a_split_file(tmp_path: Path) -> None:
    files = {
        # two definitions: split, X in the cycle's module, Lone in its own
        "a.json": {
            "$defs": {
                "X": _obj(y={"type": "array", "items": _ref("b.json#/$defs/Y")}),
                "Lone": {"type": "string", "maxLength": 4},
            }
        },
        "b.json": {"$defs": {"Y": _obj(z=_ref("c.json#/$defs/Z"))}},
        "c.json": {"$defs": {"Z": _obj(x={"anyOf": [_ref("a.json#/$defs/X"), {"type": "null"}]})}},
    }
    one = {
        "$defs": {
            "X": _obj(y={"type": "array", "items": _ref("#/$defs/Y")}),
            "Lone": {"type": "string", "maxLength": 4},
            "Y": _obj(z=_ref("#/$defs/Z")),
            "Z": _obj(x={"anyOf": [_ref("#/$defs/X"), {"type": "null"}]}),
        }
    }
    sample: dict[str, Any] = {"y": [{"z": {"x": {"y": []}}}]}
    report = _same_as_one_file(
        tmp_path,
        files,
        "a.json#/$defs/X",
        [("a", "X"), ("b", "Y"), ("c", "Z")],
        one,
        sample,
        one_ref="X",
    )
    assert {"a_defs/x.py", "a_defs/lone.py", "b.py", "c.py"} <= set(report["files"])
    assert not {"a_defs/y.py", "b_defs/y.py"} & set(report["files"])


def test_a_root_model_file_in_a_cycle(tmp_path: Path) -> None:
    # r.json is a model itself (class R); d.json (two definitions) is split, and sorts first:
    # R joins the module of D
    files = {
        "r.json": {"type": "object", "properties": {"d": _ref("d.json#/$defs/D")}},
        "d.json": {
            "$defs": {
                "D": _obj(r=_ref("r.json"), e=_ref("#/$defs/E")),
                "E": {"type": "string", "enum": ["p", "q"]},
            }
        },
    }
    one = {
        "$defs": {
            "R": {"type": "object", "properties": {"d": _ref("#/$defs/D")}},
            "D": _obj(r=_ref("#/$defs/R"), e=_ref("#/$defs/E")),
            "E": {"type": "string", "enum": ["p", "q"]},
        }
    }
    sample = {"d": {"e": "p", "r": {}}}
    report = _same_as_one_file(
        tmp_path, files, "r.json", [("r", "R"), ("d", "D")], one, sample, one_ref="R"
    )
    assert {"d_defs/d.py", "d_defs/e.py", "r.py"} <= set(report["files"])


# The same class name in two files of a cycle, one of them in a sub-folder.
_CLASH = {
    "a.json": {
        "$defs": {
            "X": _obj(y={"type": "array", "items": _ref("b.json#/$defs/X")}),
            "Lone": {"type": "string"},
        }
    },
    "b.json": {"$defs": {"X": _obj(z=_ref("sub/c.json#/$defs/Z"))}},
    "sub/c.json": {"$defs": {"Z": _obj(x=_ref("../a.json#/$defs/X"))}},
}
_USE = """
from pkg.shared.a import X
from pkg.shared.b import X as BX
from pkg.shared.sub.c import Z
from pkg.svc import ThingDoneV1

inner: BX = BX(z=Z(x=None))
event = ThingDoneV1(tenant="t", x=1, tree=X(y=[inner]))
assert event.tree is not None and event.tree.y == [inner]
print(X.__name__, BX.__name__, Z.__module__)
"""


def test_a_name_clash_in_a_cycle_is_offered_under_its_own_name(tmp_path: Path) -> None:
    registry = _registry(tmp_path / "registry", _CLASH, "a.json#/$defs/X")
    out = tmp_path / "pkg"
    generate(registry, out)
    assert generate(registry, out, check=True).ok
    (tmp_path / "use_it.py").write_text(_USE)
    done = subprocess.run(
        [sys.executable, "use_it.py"], cwd=tmp_path, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["X", "X2", "pkg.shared.a_defs.x"]
    assert_mypy_clean(tmp_path, "pkg", "use_it.py")


def _shared_files(out: Path) -> dict[str, str]:
    return {str(p.relative_to(out)): p.read_text() for p in sorted((out / "shared").rglob("*.py"))}


def test_files_outside_the_cycle_keep_their_layout(tmp_path: Path) -> None:
    common = {"$defs": {"Tag": {"type": "string"}, "Label": _obj(tag=_ref("#/$defs/Tag"))}}
    alone = _registry(tmp_path / "alone", {"common.json": common}, "common.json#/$defs/Label")
    generate(alone, tmp_path / "alone_pkg")
    files = {"common.json": common, **_CLASH}
    both = _registry(tmp_path / "both", files, "common.json#/$defs/Label")
    generate(both, tmp_path / "both_pkg")
    assert generate(both, tmp_path / "both_pkg", check=True).ok
    before = _shared_files(tmp_path / "alone_pkg")
    after = _shared_files(tmp_path / "both_pkg")
    assert before == {path: after[path] for path in before}
    assert {"shared/common_defs/tag.py", "shared/base.py", "shared/node.py"} <= set(before)
