"""Schema names that used to reach generated code as code, or take names eventkit relies on:
a `required` name that is no property (pasted into the service docstring's example), a nested
class named like the event class (which got the contract), and nested classes `Event`,
`EventContract` and `ForeignEvent` (which shadowed eventkit's imports)."""

from __future__ import annotations

import ast
import json
import textwrap
from pathlib import Path
from typing import Any

import pytest
from eventkit_codegen import generate

from tests.codegen._lint import assert_mypy_clean, assert_ruff_clean
from tests.codegen._script import script_result

_DRAFT = "https://json-schema.org/draft/2020-12/schema"
# A `required` name that closes the service docstring and runs code on import, if pasted raw.
_INJECTED = 'x"""\n__import__("pathlib").Path("PWNED_req").touch()\n"""'


def _registry(root: Path, events: dict[str, dict[str, Any]], **services: str) -> Path:
    """A registry under `root` with one 1.0.0 schema per "service/Event" key; `services`:
    service -> its service.toml."""
    schemas = root / "schemas"
    schemas.mkdir(parents=True)
    (schemas / "eventkit.toml").write_text(
        '[registry]\nname = "names"\nsource_prefix = "names."\n', encoding="utf-8"
    )
    for service, toml in services.items():
        (schemas / service).mkdir(parents=True, exist_ok=True)
        (schemas / service / "service.toml").write_text(toml, encoding="utf-8")
    for key, schema in events.items():
        folder = schemas / key
        folder.mkdir(parents=True)
        document = {"$schema": _DRAFT, "type": "object", **schema}
        (folder / "1.0.0.json").write_text(json.dumps(document, indent=2), encoding="utf-8")
    return schemas


def _generate(root: Path, events: dict[str, dict[str, Any]], **services: str) -> Path:
    out = root / "gen" / "names_events"
    result = generate(_registry(root, events, **services), out)
    assert result.ok
    return out


def _run(package: Path, code: str) -> Any:
    """The JSON `code` prints last, run in a fresh interpreter in `package`'s parent folder
    (the package importable, files it creates land there)."""
    prelude = f"import json, os, sys\nos.chdir({str(package.parent)!r})\nsys.path.insert(0, '.')\n"
    return script_result(prelude + textwrap.dedent(code))


# --- a `required` name that is not a property ----------------------------------------------


def _thing(*required: str) -> dict[str, Any]:
    return {
        "description": "A thing.",
        "required": ["id", *required],
        "properties": {"id": {"type": "string"}},
        "examples": [{"id": "x", **dict.fromkeys(required, 1)}],
    }


@pytest.fixture(scope="module")
def required_pkg(tmp_path_factory: pytest.TempPathFactory) -> Path:
    thing = _thing(_INJECTED, "no such field")
    return _generate(tmp_path_factory.mktemp("required"), {"svc/Thing": thing})


def test_a_required_name_that_is_no_property_executes_nothing(required_pkg: Path) -> None:
    created = _run(
        required_pkg,
        """
        import names_events, names_events.svc
        names_events.all_events()
        print(json.dumps(os.path.exists("PWNED_req")))
        """,
    )
    assert created is False


def test_the_example_names_only_declared_fields(required_pkg: Path) -> None:
    tree = ast.parse((required_pkg / "svc" / "__init__.py").read_text(encoding="utf-8"))
    # a docstring, the re-export and __all__: nothing that runs
    assert [type(n) for n in tree.body] == [ast.Expr, ast.ImportFrom, ast.Assign]
    doc = ast.get_docstring(tree)
    assert doc is not None
    assert "event = ThingV1(id=...)\n" in doc
    assert "PWNED" not in doc


def test_a_required_name_with_a_backslash_generates(tmp_path: Path) -> None:
    # "\\N" pasted raw made a docstring escape ruff cannot format (and Python cannot parse)
    package = _generate(tmp_path, {"svc/Thing": _thing("\\N", "\\x", "a\\")})
    doc = ast.get_docstring(ast.parse((package / "svc" / "__init__.py").read_text("utf-8")))
    assert doc is not None
    assert "event = ThingV1(id=...)\n" in doc


# --- a nested class named like the event class ---------------------------------------------


_SHIPMENT_EXAMPLE = {"shipment_id": "s1", "shipment_v1": {"carrier": "UPS"}}


@pytest.fixture(scope="module")
def shipment_pkg(tmp_path_factory: pytest.TempPathFactory) -> Path:
    shipment = {
        "description": "A shipment left.",
        "required": ["shipment_id"],
        "properties": {
            "shipment_id": {"type": "string"},
            "shipment_v1": {
                "type": "object",
                "description": "the legacy v1 payload",
                "properties": {"carrier": {"type": "string"}},
            },
        },
        "examples": [_SHIPMENT_EXAMPLE],
    }
    return _generate(tmp_path_factory.mktemp("shipment"), {"logistics/Shipment": shipment})


def test_the_contract_is_on_the_root_class_not_a_nested_namesake(shipment_pkg: Path) -> None:
    seen = _run(
        shipment_pkg,
        f"""
        import eventkit
        from names_events.logistics import ShipmentV1
        from names_events import all_events
        nested = ShipmentV1.model_fields["shipment_v1"].annotation
        try:
            ShipmentV1(carrier="UPS")
            rejected = False
        except Exception:
            rejected = True
        parsed = ShipmentV1.model_validate({_SHIPMENT_EXAMPLE!r})
        print(json.dumps({{
            "fields": sorted(ShipmentV1.model_fields),
            "event": issubclass(ShipmentV1, eventkit.Event),
            "contract": ShipmentV1.__contract__.schema_path,
            "nested": str(nested),
            "nested_is_event": "__contract__" in vars(nested.__args__[0]),
            "rejected": rejected,
            "parsed": parsed.model_dump(mode="json", by_alias=True, exclude_unset=True),
            "all": [c.__name__ for c in all_events()],
        }}))
        """,
    )
    assert seen["fields"] == ["shipment_id", "shipment_v1"]
    assert seen["event"] is True
    assert seen["contract"] == "logistics/Shipment/1.0.0.json"
    assert "ShipmentV1Model" in seen["nested"]
    assert seen["nested_is_event"] is False
    assert seen["rejected"] is True  # the required shipment_id is missing
    assert seen["parsed"] == _SHIPMENT_EXAMPLE
    assert seen["all"] == ["ShipmentV1"]


def test_the_renamed_module_is_clean(shipment_pkg: Path) -> None:
    code = (shipment_pkg / "logistics" / "shipment_v1.py").read_text(encoding="utf-8")
    assert "eventkit-root-" not in code  # the root's mark is removed
    assert "class ShipmentV1(_eventkit.Event):" in code
    assert '    """\n    A shipment left.\n    """' in code
    assert_ruff_clean(shipment_pkg, ignore="E501")
    assert_mypy_clean(shipment_pkg.parent, "-p", shipment_pkg.name)


# --- nested classes named like eventkit's imports ------------------------------------------


def _object(*names: str) -> dict[str, Any]:
    return {"type": "object", "properties": {n: {"type": "string"} for n in names}}


@pytest.fixture(scope="module")
def shadow_pkg(tmp_path_factory: pytest.TempPathFactory) -> Path:
    shadowing = {
        "event": _object("code"),
        "event_contract": _object("id"),
        "foreign_event": _object("source"),
        "eventkit_model": _object("x"),
        "uses_defs": {
            "type": "object",
            "properties": {
                "a": {"$ref": "#/$defs/Event"},
                "b": {"$ref": "#/$defs/EventContract"},
                "c": {"$ref": "#/$defs/ForeignEvent"},
            },
        },
    }
    defs = {"Event": _object("d"), "EventContract": _object("e"), "ForeignEvent": _object("f")}
    example = {"event": {"code": "PU"}, "event_contract": {"id": "c1"}, "uses_defs": {}}
    schema = {"description": "x", "properties": shadowing, "$defs": defs, "examples": [example]}
    events = {"orders/Shipped": schema, "aws_thing/Changed": schema}
    foreign = 'source = "aws.thing"\nenvelope = "foreign"\n'
    return _generate(tmp_path_factory.mktemp("shadow"), events, aws_thing=foreign)


def test_nested_classes_named_like_eventkit_imports_shadow_nothing(shadow_pkg: Path) -> None:
    seen = _run(
        shadow_pkg,
        """
        import eventkit
        from eventkit.contract import EventContract
        from names_events import ShippedV1, ChangedV1
        print(json.dumps({
            "shipped": issubclass(ShippedV1, eventkit.Event),
            "changed": issubclass(ChangedV1, eventkit.ForeignEvent),
            "contracts": [
                isinstance(c.__contract__, EventContract) for c in (ShippedV1, ChangedV1)
            ],
            "foreign": [ShippedV1.__contract__.foreign, ChangedV1.__contract__.foreign],
            "parsed": ShippedV1.model_validate({"event": {"code": "PU"}}).event.code,
        }))
        """,
    )
    assert seen == {
        "shipped": True,
        "changed": True,
        "contracts": [True, True],
        "foreign": [False, True],
        "parsed": "PU",
    }


def test_shadowing_names_pass_ruff_and_mypy_strict(shadow_pkg: Path) -> None:
    assert_ruff_clean(shadow_pkg, ignore="E501")
    assert_mypy_clean(shadow_pkg.parent, "-p", shadow_pkg.name)


# --- service folders named like what the package index uses -------------------------------


def test_service_names_the_index_uses_get_a_module_of_their_own(tmp_path: Path) -> None:
    """A service `importlib` rebound the index's `importlib` on import (every later lazy
    export failed); one named `all_events` replaced the function."""
    thing = {"properties": {"id": {"type": "string"}}, "examples": [{"id": "x"}]}
    services = ["importlib/Alpha", "all_events/Beta", "annotations/Delta", "zeta/Gamma"]
    out = _generate(tmp_path, {key: {"description": "E.", **thing} for key in services})
    found = _run(
        out,
        """
        import names_events
        from names_events import AlphaV1, BetaV1, DeltaV1
        from names_events import GammaV1
        print(json.dumps([[c.__name__ for c in names_events.all_events()],
                          list(names_events.SERVICES)]))
        """,
    )
    assert found == [
        ["AlphaV1", "BetaV1", "DeltaV1", "GammaV1"],
        ["all_events_", "annotations_", "importlib_", "zeta"],
    ]


# --- shared files and definitions named like what a generated module imports ---------------


def test_shared_modules_named_annotations_rebind_nothing(tmp_path: Path) -> None:
    """A shared file (or a definition of a split file) `annotations` became the module
    `annotations`, imported by the events using it as `from ..shared import annotations`:
    that rebound `from __future__ import annotations` (mypy --strict failed on the package)."""
    obj = {"type": "object", "properties": {"v": {"type": "string"}}}
    events = {
        "svc/Thing": {
            "description": "A thing.",
            "properties": {
                "whole": {"$ref": "../../_shared/annotations.json"},
                "part": {"$ref": "../../_shared/parts.json#/$defs/annotations"},
            },
            "examples": [{}],
        }
    }
    schemas = _registry(tmp_path, events)
    (schemas / "_shared").mkdir()
    (schemas / "_shared" / "annotations.json").write_text(json.dumps(obj), encoding="utf-8")
    split = {"$defs": {"annotations": obj, "other": obj}}
    (schemas / "_shared" / "parts.json").write_text(json.dumps(split), encoding="utf-8")
    out = tmp_path / "gen" / "names_events"
    assert generate(schemas, out).ok
    (tmp_path / "gen" / "use.py").write_text(
        "from names_events.svc import ThingV1\nevent = ThingV1(whole=None, part=None)\n",
        encoding="utf-8",
    )
    assert_mypy_clean(tmp_path / "gen", "names_events", "use.py")
