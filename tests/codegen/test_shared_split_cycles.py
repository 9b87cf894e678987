"""A split shared file whose definitions refer to each other: one module per strongly connected
component of their `$ref` graph, so that the modules never import each other in a cycle; and a
file whose split package would collide with another shared module is not split.

Each layout is pinned against the one-module layout of the same definitions (the one a file
has when its split would collide: a sibling ``_shared/<file>_defs.json``): the same JSON
schemas, class by class.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

from eventkit_codegen import generate
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

FEATURES = Path(__file__).parent / "registries" / "features"
SCHEMA = "https://json-schema.org/draft/2020-12/schema"
# A file that only takes the name `shared.tree_defs`, to keep `tree.json` in one module.
BLOCKER = {"$defs": {"Pad": {"type": "integer"}, "Fill": {"type": "boolean"}}}

# What the generated package reports: the files of the tree, the event's and every class's
# JSON schema, and a sample validated through the event.
_REPORT = """
import json, sys
from pathlib import Path
import pkg.svc
from pkg.shared import tree
names, sample = json.loads(sys.argv[1])
event = pkg.svc.ThingDoneV1.model_validate({"tenant": "t", "x": 1, "tree": sample})
print(json.dumps({
    "files": sorted(p.name for p in Path("pkg/shared/tree_defs").glob("*.py")),
    "loaded": sorted(m for m in sys.modules if m.startswith("pkg.shared.tree")),
    "event": pkg.svc.ThingDoneV1.model_json_schema(),
    "classes": {n: getattr(tree, n).model_json_schema() for n in names},
    "dumped": event.model_dump(mode="json", exclude_none=True)["tree"],
}, sort_keys=True))
"""


def _obj(**properties: Any) -> dict[str, Any]:
    return {"type": "object", "properties": properties}


def _ref(name: str) -> dict[str, Any]:
    return {"$ref": f"#/$defs/{name}"}


def _registry(target: Path, defs: dict[str, Any], root: str, *, blocked: bool = False) -> Path:
    """The features registry with ``_shared/tree.json`` (`defs`), ThingDone's ``tree``
    property a `$ref` to its definition `root`; `blocked`: a ``_shared/tree_defs.json`` too."""
    shutil.copytree(FEATURES, target)
    (target / "_shared/tree.json").write_text(json.dumps({"$schema": SCHEMA, "$defs": defs}))
    if blocked:
        (target / "_shared/tree_defs.json").write_text(json.dumps(BLOCKER))
    path = target / "svc/ThingDone/1.0.0.json"
    schema = json.loads(path.read_text())
    ref = f"../../_shared/tree.json#/$defs/{root}"
    schema["allOf"][1]["properties"]["tree"] = {"$ref": ref}
    path.write_text(json.dumps(schema))
    return target


def _generate(base: Path, defs: dict[str, Any], root: str, sample: Any, *, blocked: bool) -> Any:
    """Generate, check the check mode agrees, import in a fresh process: its report."""
    registry = _registry(base / "registry", defs, root, blocked=blocked)
    out = base / "pkg"
    generate(registry, out)
    assert generate(registry, out, check=True).ok
    assert not list(out.rglob("_internal*"))
    done = subprocess.run(
        [sys.executable, "-c", _REPORT, json.dumps([sorted(defs), sample])],
        cwd=base,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def _both(
    tmp_path: Path, defs: dict[str, Any], root: str, sample: Any
) -> tuple[dict[str, Any], dict[str, Any]]:
    """The split layout's report, and the one-module layout's."""
    split = _generate(tmp_path / "split", defs, root, sample, blocked=False)
    plain = _generate(tmp_path / "plain", defs, root, sample, blocked=True)
    assert plain["files"] == []  # tree.json in one module: shared/tree.py
    for key in ("event", "classes", "dumped"):
        assert split[key] == plain[key], key
    return split, plain


def test_mutual_recursion_shares_a_module(tmp_path: Path) -> None:
    defs = {
        "Node": _obj(
            kids={"type": "array", "items": _ref("Edge")}, v={"type": "string", "maxLength": 3}
        ),
        "Edge": _obj(to=_ref("Node"), w={"type": "integer"}),
        "Lone": {"type": "object", "properties": {"n": {"type": "integer", "minimum": 1}}},
    }
    sample = {"kids": [{"to": {"v": "ab", "kids": []}, "w": 1}]}
    split, _ = _both(tmp_path, defs, "Node", sample)
    assert split["files"] == ["__init__.py", "lone.py", "node.py"]
    assert split["dumped"] == sample
    assert "pkg.shared.tree_defs.lone" not in split["loaded"]


def test_self_recursion_stays_in_its_own_module(tmp_path: Path) -> None:
    defs = {
        "Leaf": _obj(name={"type": "string"}),
        "Dir": _obj(sub={"type": "array", "items": _ref("Dir")}, leaf=_ref("Leaf")),
    }
    sample = {"sub": [{"sub": [], "leaf": {"name": "a"}}]}
    split, _ = _both(tmp_path, defs, "Dir", sample)
    assert split["files"] == ["__init__.py", "dir.py", "leaf.py"]
    assert split["dumped"] == sample


def test_a_three_cycle_and_a_definition_referring_into_it(tmp_path: Path) -> None:
    defs = {
        "Outside": _obj(into=_ref("B"), n={"type": "integer", "maximum": 9}),
        "A": _obj(b=_ref("B")),
        "B": _obj(c={"anyOf": [_ref("C"), {"type": "null"}]}),
        "C": _obj(a={"type": "array", "items": {"allOf": [_ref("A")]}}),
        "Free": {"type": "string", "enum": ["x", "y"]},
    }
    sample = {"into": {"c": {"a": [{"b": {"c": None}}]}}, "n": 3}
    split, _ = _both(tmp_path, defs, "Outside", sample)
    # the cycle's module is named after its first definition in document order
    assert split["files"] == ["__init__.py", "a.py", "free.py", "outside.py"]
    assert split["dumped"] == {"into": {"c": {"a": [{"b": {}}]}}, "n": 3}


def test_components_that_refer_to_each_other(tmp_path: Path) -> None:
    defs = {
        "Top": _obj(p=_ref("P"), q=_ref("Q")),
        "P": _obj(q=_ref("Q"), back=_ref("P2")),
        "P2": _obj(p=_ref("P")),
        "Q": _obj(r=_ref("R"), more=_ref("Q2")),
        "Q2": _obj(q=_ref("Q")),
        "R": _obj(v={"type": "string", "pattern": "^[a-z]+$"}),
    }
    sample = {"p": {"q": {"r": {"v": "abc"}}, "back": {"p": {}}}, "q": {"more": {"q": {}}}}
    split, _ = _both(tmp_path, defs, "Top", sample)
    assert split["files"] == ["__init__.py", "p.py", "q.py", "r.py", "top.py"]
    assert split["dumped"] == sample


def test_a_split_package_name_taken_by_another_file_keeps_one_module(tmp_path: Path) -> None:
    defs = {"Tag": {"type": "string", "maxLength": 8}, "Label": _obj(tag=_ref("Tag"))}
    registry = _registry(tmp_path / "registry", defs, "Label", blocked=True)
    out = tmp_path / "pkg"
    result = generate(registry, out)
    assert "shared/tree.py" in result.written
    assert "shared/tree_defs.py" in result.written  # the other file, as before splits
    assert "shared/tree_defs_defs/pad.py" in result.written  # which is split itself
    assert generate(registry, out, check=True).ok
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            "from pkg.shared.tree import Label\nfrom pkg.shared.tree_defs import Pad, Fill\n"
            "from pkg.svc import ThingDoneV1\n"
            "print(ThingDoneV1(tenant='t', x=1, tree=Label(tag='ok')).tree.tag, Pad, Fill)",
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("ok ")


def _components(edges: list[set[int]]) -> list[list[int]]:
    """Strongly connected components by reachability (the plain definition)."""
    count = len(edges)
    reach = [set(e) for e in edges]
    changed = True
    while changed:
        changed = False
        for i in range(count):
            wider = reach[i].union(*(reach[j] for j in reach[i]))
            changed |= wider != reach[i]
            reach[i] = wider
    groups: dict[frozenset[int], list[int]] = {}
    for i in range(count):
        same = frozenset({i} | {j for j in reach[i] if i in reach[j]})
        groups.setdefault(same, []).append(i)
    return sorted(groups.values())


@st.composite
def _graphs(draw: st.DrawFn) -> tuple[int, list[set[int]], list[bool]]:
    count = draw(st.integers(2, 6))
    edges = [draw(st.sets(st.integers(0, count - 1), max_size=3)) for _ in range(count)]
    in_arrays = draw(st.lists(st.booleans(), min_size=count, max_size=count))
    return count, edges, in_arrays


@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(graph=_graphs())
def test_any_ref_graph_generates_importable_modules_with_the_same_schemas(
    tmp_path: Path, graph: tuple[int, list[set[int]], list[bool]]
) -> None:
    count, edges, in_arrays = graph
    defs: dict[str, Any] = {}
    for i in range(count):
        properties: dict[str, Any] = {"v": {"type": "string", "maxLength": i + 1}}
        for j in sorted(edges[i]):
            ref = _ref(f"D{j}")
            properties[f"r{j}"] = {"type": "array", "items": ref} if in_arrays[i] else ref
        defs[f"D{i}"] = {"type": "object", "properties": properties}
    base = tmp_path / f"run{len(list(tmp_path.iterdir()))}"
    split, _ = _both(base, defs, "D0", {"v": "a"})
    leaders = {f"d{component[0]}.py" for component in _components(edges)}
    assert split["files"] == sorted({"__init__.py"} | leaders)
