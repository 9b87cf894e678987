"""Schema names that used to reach generated code as code: a `required` name that is no
property (pasted into the service docstring's example)."""

from __future__ import annotations

import ast
import json
import textwrap
from pathlib import Path
from typing import Any

import pytest
from eventkit_codegen import generate

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
