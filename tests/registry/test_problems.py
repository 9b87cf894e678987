"""Bad registries: every problem is reported with its code, file, line/pointer and a hint."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from eventkit.errors import (
    RegistryConfigError,
    RegistryError,
    RegistryNotFoundError,
    SchemaFileError,
    SchemaNameError,
    SchemaRefError,
)
from eventkit.registry import MAX_SCHEMA_BYTES, Problem, load_registry, scan_registry

from ._build import CONFIG, build, deny, schema

V = "s/E/1.0.0.json"


def problems_of(tmp_path: Path, files: dict[str, Any], **kwargs: Any) -> list[Problem]:
    _, problems = scan_registry(build(tmp_path, files, **kwargs))
    return problems


def only(problems: list[Problem]) -> Problem:
    assert len(problems) == 1, [str(p) for p in problems]
    assert problems[0].hint, "every problem says what to do"
    return problems[0]


def test_invalid_json_has_line_and_column(tmp_path: Path) -> None:
    problem = only(
        problems_of(tmp_path, {V: '{\n  "type": "object",\n  "title": "x"\n  "a": 1\n}\n'})
    )
    assert (problem.code, problem.path, problem.line, problem.column) == ("invalid-json", V, 4, 3)
    assert "Expecting ',' delimiter" in problem.message
    assert str(problem).startswith(f"{V}:4:3: invalid-json: not valid JSON")


@pytest.mark.parametrize(
    ("text", "fragment"),
    [('{"a": NaN}', "NaN"), ('{"a": Infinity}', "Infinity"), ("", "Expecting value")],
)
def test_non_json_values_are_rejected(tmp_path: Path, text: str, fragment: str) -> None:
    problem = only(problems_of(tmp_path, {V: text}))
    assert problem.code == "invalid-json"
    assert fragment in problem.message


def test_not_utf8(tmp_path: Path) -> None:
    problem = only(problems_of(tmp_path, {V: b'{"title": "\xff"}'}))
    assert problem.code == "invalid-json"
    assert "not UTF-8" in problem.message


@pytest.mark.parametrize(
    ("content", "kind"),
    [([], "an array"), (True, "a boolean"), ("str", "a string"), (3, "a number"), (None, "null")],
)
def test_schema_must_be_an_object(tmp_path: Path, content: Any, kind: str) -> None:
    problem = only(problems_of(tmp_path, {V: json.dumps(content)}))
    assert (problem.code, problem.path) == ("schema-not-object", V)
    assert kind in problem.message


def test_missing_dialect(tmp_path: Path) -> None:
    problem = only(problems_of(tmp_path, {V: schema(**{"$schema": None})}))
    assert problem.code == "dialect-missing"


@pytest.mark.parametrize(
    "dialect",
    [
        "http://json-schema.org/draft-07/schema#",
        "https://example.com/my-dialect",
        "http://json-schema.org/draft-04/schema#",  # draft-04 is for foreign events only
    ],
)
def test_unknown_dialect(tmp_path: Path, dialect: str) -> None:
    problem = only(problems_of(tmp_path, {V: schema(**{"$schema": dialect})}))
    assert (problem.code, problem.pointer) == ("dialect-unknown", "/$schema")
    assert dialect in problem.message


def test_draft_04_is_accepted_for_foreign_events(tmp_path: Path) -> None:
    files = {
        "aws_x/service.toml": 'source = "aws.x"\nenvelope = "foreign"\n',
        "aws_x/E/1.0.0.json": schema(**{"$schema": "http://json-schema.org/draft-04/schema#"}),
    }
    assert problems_of(tmp_path, files) == []


@pytest.mark.parametrize(
    "ref",
    [
        "https://example.com/money.json",
        "http://example.com/schema#/$defs/X",
        "urn:example:money",
        "file:///etc/passwd",
        "//example.com/money.json",
    ],
)
def test_remote_ref_is_an_error_never_a_fetch(tmp_path: Path, ref: str) -> None:
    doc = schema(properties={"m": {"$ref": ref}})
    text = json.dumps(doc, indent=2)
    problem = only(problems_of(tmp_path, {V: text}))
    assert (problem.code, problem.pointer) == ("remote-ref", "/properties/m/$ref")
    assert problem.line == next(i for i, row in enumerate(text.splitlines(), 1) if '"$ref"' in row)
    assert "never fetches" in problem.message


@pytest.mark.parametrize(
    ("ref", "code"),
    [
        ("../../_shared/nope.json", "ref-missing-file"),
        ("../../_shared/money.json#/$defs/Nope", "ref-missing-pointer"),
        ("#/$defs/Nope", "ref-missing-pointer"),
        ("#nope", "ref-missing-pointer"),
        ("#/required", "ref-not-schema"),
        ("../../../outside.json", "ref-outside-registry"),
        ("/etc/money.json", "ref-outside-registry"),
        ("../F/1.0.0.json", "ref-not-shared"),
    ],
)
def test_dangling_refs(tmp_path: Path, ref: str, code: str) -> None:
    files = {
        "_shared/money.json": {
            "$schema": schema()["$schema"],
            "type": "object",
            "$defs": {"A": {}},
        },
        "s/F/1.0.0.json": schema(),
        V: schema(properties={"m": {"$ref": ref}}),
    }
    problem = only(problems_of(tmp_path, files))
    assert (problem.code, problem.path, problem.pointer) == (code, V, "/properties/m/$ref")


def test_a_ref_fragment_is_percent_decoded_once(tmp_path: Path) -> None:
    """`#/$defs/a%252F` names the definition `a%2F` (it was decoded twice, to `a/`)."""
    doc = schema(
        properties={"a": {"$ref": "#/$defs/a%252F"}, "b": {"$ref": "#/$defs/b~1c"}},
        **{"$defs": {"a%2F": {"type": "string"}, "b/c": {"type": "string"}}},
    )
    assert problems_of(tmp_path, {V: doc}) == []
    doc["properties"]["b"] = {"$ref": "#/$defs/a%2F"}  # decoded: /$defs/a/ (no `a`)
    problem = only(problems_of(tmp_path / "again", {V: doc}))
    assert (problem.code, problem.pointer) == ("ref-missing-pointer", "/properties/b/$ref")


def test_a_ref_repeated_across_a_folder_is_judged_in_every_file(tmp_path: Path) -> None:
    """The same `$ref` text in each version of an event: a dangling one is reported in each
    file, a file reference is allowed only from the file itself, and a good one everywhere."""
    shared = {"$schema": schema()["$schema"], "type": "object", "$defs": {"A": {}}}
    good = "../../_shared/money.json#/$defs/A"
    files = {
        "_shared/money.json": shared,
        "s/E/1.0.0.json": schema(properties={"g": {"$ref": good}, "m": {"$ref": "1.0.0.json"}}),
        "s/E/1.1.0.json": schema(properties={"g": {"$ref": good}, "m": {"$ref": "1.0.0.json"}}),
        "s/E/1.2.0.json": schema(properties={"g": {"$ref": good}, "n": {"$ref": "#/$defs/N"}}),
        "s/F/1.0.0.json": schema(properties={"g": {"$ref": good + "/B"}}),
        "s/F/1.1.0.json": schema(properties={"g": {"$ref": good + "/B"}}),
    }
    found = [(p.code, p.path, p.pointer) for p in problems_of(tmp_path, files)]
    assert sorted(found) == [
        ("ref-missing-pointer", "s/E/1.2.0.json", "/properties/n/$ref"),
        ("ref-missing-pointer", "s/F/1.0.0.json", "/properties/g/$ref"),
        ("ref-missing-pointer", "s/F/1.1.0.json", "/properties/g/$ref"),
        ("ref-not-shared", "s/E/1.1.0.json", "/properties/m/$ref"),
    ]


def test_ref_must_be_a_string(tmp_path: Path) -> None:
    problem = only(problems_of(tmp_path, {V: schema(properties={"m": {"$ref": 3}})}))
    assert problem.code == "ref-invalid"


def test_refs_inside_data_keywords_are_not_refs(tmp_path: Path) -> None:
    doc = schema(
        examples=[{"id": "x", "$ref": "https://example.com"}],
        properties={
            "id": {"type": "string", "const": {"$ref": "http://x"}},
            "$ref": {"type": "string", "description": "a property named $ref"},
        },
    )
    assert problems_of(tmp_path, {V: doc}) == []


def test_anchor_refs_resolve(tmp_path: Path) -> None:
    doc = schema(
        properties={"id": {"$ref": "#ident"}},
        **{"$defs": {"Id": {"$anchor": "ident", "type": "string"}}},
    )
    assert problems_of(tmp_path, {V: doc}) == []


def test_pure_ref_cycle_is_reported(tmp_path: Path) -> None:
    doc = schema(
        properties={"a": {"$ref": "#/$defs/A"}},
        **{"$defs": {"A": {"$ref": "#/$defs/B"}, "B": {"allOf": [{"$ref": "#/$defs/A"}]}}},
    )
    problem = only(problems_of(tmp_path, {V: doc}))
    assert problem.code == "ref-cycle"
    assert problem.path == V
    assert "#/$defs/A" in problem.message
    assert "#/$defs/B/allOf/0" in problem.message


def test_cross_file_ref_cycle_is_reported(tmp_path: Path) -> None:
    files = {
        "_shared/a.json": {"$ref": "b.json"},
        "_shared/b.json": {"anyOf": [{"$ref": "a.json"}]},
        V: schema(properties={"a": {"$ref": "../../_shared/a.json"}}),
    }
    problem = only(problems_of(tmp_path, files))
    assert problem.code == "ref-cycle"
    assert problem.path.startswith("_shared/")


def test_self_referencing_root_is_a_cycle(tmp_path: Path) -> None:
    assert only(problems_of(tmp_path, {V: schema(**{"$ref": "#"})})).code == "ref-cycle"


def test_recursion_through_properties_is_fine(tmp_path: Path) -> None:
    doc = schema(
        properties={"parent": {"$ref": "#"}, "kids": {"type": "array", "items": {"$ref": "#"}}}
    )
    files = {
        V: doc,
        "_shared/node.json": {"type": "object", "properties": {"next": {"$ref": "node.json"}}},
        "s/F/1.0.0.json": schema(properties={"n": {"$ref": "../../_shared/node.json"}}),
    }
    assert problems_of(tmp_path, files) == []
    load_registry(tmp_path)


@pytest.mark.parametrize("name", ["1.0.json", "01.0.0.json", "v1.0.0.json", "1.0.0.JSON"])
def test_the_same_version_twice(tmp_path: Path, name: str) -> None:
    problem = only(problems_of(tmp_path, {V: schema(), f"s/E/{name}": schema()}))
    assert (problem.code, problem.path) == ("duplicate-version", f"s/E/{name}")
    assert "1.0.0.json already holds" in problem.message


@pytest.mark.parametrize(
    ("name", "hint"),
    [
        ("1.1.json", "rename it to 1.1.0.json"),
        ("01.2.0.json", "rename it to 1.2.0.json"),
        ("latest.json", "name version files like 1.0.0.json"),
        ("1.0.0-rc1.json", "name version files like 1.0.0.json"),
    ],
)
def test_file_name_is_not_a_semantic_version(tmp_path: Path, name: str, hint: str) -> None:
    problem = only(problems_of(tmp_path, {V: schema(), f"s/E/{name}": schema()}))
    assert (problem.code, problem.hint) == ("version-name", hint)


def test_names_of_services_and_events(tmp_path: Path) -> None:
    problems = problems_of(
        tmp_path, {"Orders/E/1.0.0.json": schema(), "s/order_placed/1.0.0.json": schema()}
    )
    assert sorted((p.code, p.path) for p in problems) == [
        ("event-name", "s/order_placed"),
        ("service-name", "Orders"),
    ]


def test_unexpected_files_and_folders(tmp_path: Path) -> None:
    files = {
        V: schema(),
        "s/E/notes.txt": "x",
        "s/E/old/1.0.0.json": schema(),
        "s/stray.json": schema(),
        "top.json": schema(),
        "_private/x.json": schema(),
        "s/E/README.md": "ignored",
        "s/E/.hidden": "ignored",
    }
    problems = problems_of(tmp_path, files)
    assert {p.path for p in problems} == {
        "s/E/notes.txt",
        "s/E/old",
        "s/stray.json",
        "top.json",
        "_private",
    }
    assert {p.code for p in problems} == {"unexpected-file"}


def test_event_and_service_without_versions(tmp_path: Path) -> None:
    (tmp_path / "s" / "Empty").mkdir(parents=True)
    (tmp_path / "lonely").mkdir(parents=True)
    problems = problems_of(tmp_path, {V: schema()})
    assert sorted((p.code, p.path) for p in problems) == [
        ("empty-event", "s/Empty"),
        ("empty-service", "lonely"),
    ]


def test_empty_registry(tmp_path: Path) -> None:
    problem = only(problems_of(tmp_path, {}))
    assert problem.code == "empty-registry"
    assert "eventkit new" in (problem.hint or "")
    with pytest.raises(RegistryError, match="holds no event types"):
        load_registry(tmp_path)


def test_file_too_large(tmp_path: Path) -> None:
    big = schema(description="x" * (MAX_SCHEMA_BYTES + 1))
    problem = only(problems_of(tmp_path, {V: big}))
    assert problem.code == "file-too-large"
    assert "1 MiB" in problem.message


def test_unreadable_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    build(tmp_path, {V: schema(), "s/E/1.1.0.json": schema()})
    deny(monkeypatch, "1.1.0.json")
    registry, problems = scan_registry(tmp_path)
    problem = only(problems)
    assert (problem.code, problem.path) == ("file-unreadable", "s/E/1.1.0.json")
    assert "Permission denied" in problem.message
    # the rest of the registry is still there
    assert [str(v.version) for v in registry.event("s/E").versions] == ["1.0.0"]


def test_ref_to_a_broken_shared_file_is_reported_once(tmp_path: Path) -> None:
    files = {
        "_shared/m.json": "{nope",
        V: schema(properties={"m": {"$ref": "../../_shared/m.json"}}),
    }
    problem = only(problems_of(tmp_path, files))
    assert (problem.code, problem.path) == ("invalid-json", "_shared/m.json")


def test_id_is_not_supported(tmp_path: Path) -> None:
    problem = only(problems_of(tmp_path, {V: schema(**{"$id": "https://example.com/e.json"})}))
    assert (problem.code, problem.pointer) == ("id-not-supported", "/$id")


def test_dynamic_ref_is_not_supported(tmp_path: Path) -> None:
    problem = only(problems_of(tmp_path, {V: schema(properties={"a": {"$dynamicRef": "#x"}})}))
    assert problem.code == "ref-unsupported"


@pytest.mark.parametrize(
    ("files", "code", "fragment"),
    [
        ({"s/E/event.toml": f'detail_type = "{"D" * 129}"'}, "detail-type-invalid", "1-128"),
        ({"s/E/event.toml": 'source = "aws.orders"'}, "source-invalid", "reserves"),
        ({"s/E/event.toml": f'source = "{"s" * 257}"'}, "source-invalid", "1-256"),
        ({"s/E/event.toml": 'envelope = "foreign"'}, "source-invalid", "explicit source"),
        ({"s/E/event.toml": 'compatibility = "SIDEWAYS"'}, "config-invalid", "SIDEWAYS"),
        ({"s/E/event.toml": 'ownr = "x"'}, "config-invalid", "unknown key ownr"),
        ({"s/E/event.toml": "owner = 3"}, "config-invalid", "must be a string"),
        ({"s/E/event.toml": "[deprecated]\nwhen = 1"}, "config-invalid", "deprecated.when"),
        ({"s/E/event.toml": "owner = "}, "config-invalid", "not valid TOML"),
        ({"s/service.toml": 'detail_type = "X"'}, "config-invalid", "unknown key detail_type"),
    ],
)
def test_settings_and_eventbridge_limits(
    tmp_path: Path, files: dict[str, str], code: str, fragment: str
) -> None:
    problem = only(problems_of(tmp_path, {V: schema(), **files}))
    assert problem.code == code
    assert fragment in problem.message


def test_unknown_key_suggests_the_known_one(tmp_path: Path) -> None:
    problem = only(problems_of(tmp_path, {V: schema(), "s/E/event.toml": 'ownr = "x"'}))
    assert problem.hint == "did you mean owner?"


def test_two_events_with_the_same_route(tmp_path: Path) -> None:
    files = {V: schema(), "s/F/1.0.0.json": schema(), "s/F/event.toml": 'detail_type = "E"'}
    problem = only(problems_of(tmp_path, files))
    assert (problem.code, problem.path) == ("duplicate-detail-type", "s/F")


def test_all_problems_are_reported_in_one_scan(tmp_path: Path) -> None:
    files = {
        V: "{",
        "s/E/1.1.json": schema(),
        "s/F/1.0.0.json": schema(properties={"x": {"$ref": "https://x"}}),
        "s/G/1.0.0.json": [],
    }
    assert [p.code for p in problems_of(tmp_path, files)] == [
        "invalid-json",
        "version-name",
        "remote-ref",
        "schema-not-object",
    ]


@pytest.mark.parametrize(
    ("files", "error", "code"),
    [
        ({V: "{"}, SchemaFileError, "schema-file"),
        ({"s/E/1.0.json": schema()}, SchemaNameError, "schema-name"),
        ({V: schema(properties={"x": {"$ref": "http://x"}})}, SchemaRefError, "schema-ref"),
        ({V: schema(), "s/E/event.toml": "x = 1"}, RegistryConfigError, "registry-config"),
    ],
)
def test_load_registry_raises_the_first_problem(
    tmp_path: Path, files: dict[str, Any], error: type[RegistryError], code: str
) -> None:
    build(tmp_path, {**files, "s/Z/1.0.0.json": "["})
    with pytest.raises(error) as caught:
        load_registry(tmp_path)
    assert caught.value.code == code
    assert "and 1 more problem(s)" in caught.value.message
    assert caught.value.path is not None
    assert caught.value.path.startswith("s/")


def test_missing_registry_folder(tmp_path: Path) -> None:
    with pytest.raises(RegistryNotFoundError, match="does not exist"):
        scan_registry(tmp_path / "nope")


def test_registry_path_is_a_file(tmp_path: Path) -> None:
    (tmp_path / "f").write_text("x")
    with pytest.raises(RegistryNotFoundError, match="is not a folder"):
        scan_registry(tmp_path / "f")


def test_missing_eventkit_toml(tmp_path: Path) -> None:
    build(tmp_path, {V: schema()}, config=None)
    with pytest.raises(RegistryNotFoundError, match=r"eventkit\.toml is missing") as caught:
        scan_registry(tmp_path)
    assert caught.value.exit_code == 2


@pytest.mark.parametrize(
    ("config", "fragment"),
    [
        ("[registry\nname = 1", "not valid TOML"),
        ("", "a [registry] table is required"),
        ("[registry]\nevent_bus = 'b'", "registry.name is required"),
        ("[registry]\nname = 'has space'", "not a valid Schema Registry name"),
        ("[registry]\nname = 5", "registry.name must be a string"),
        ("registry = 3", "a [registry] table is required"),
    ],
)
def test_malformed_eventkit_toml(tmp_path: Path, config: str, fragment: str) -> None:
    build(tmp_path, {V: schema()}, config=config)
    with pytest.raises(RegistryConfigError) as caught:
        scan_registry(tmp_path)
    assert fragment in caught.value.message
    assert caught.value.path == "eventkit.toml"
    assert caught.value.hint


@pytest.mark.parametrize(
    ("config", "fragment"),
    [
        ("[registry]\nname = 'n'\nevent_bus = 'a b'", "not a valid bus name"),
        ("[registry]\nname = 'n'\nnmae = 'x'", "unknown key registry.nmae"),
        ("[registry]\nname = 'n'\n[compatibility]\nmode = 'SOMETIMES'", "compatibility.mode"),
        ("[registry]\nname = 'n'\n[compatibility]\npolicy = 'LAX'", "compatibility.policy"),
    ],
)
def test_problems_in_eventkit_toml(tmp_path: Path, config: str, fragment: str) -> None:
    """Listed by the scan (lint shows them all); load_registry refuses the registry."""
    problem = only(problems_of(tmp_path, {V: schema()}, config=config))
    assert (problem.code, problem.path) == ("config-invalid", "eventkit.toml")
    assert fragment in problem.message
    assert problem.hint
    with pytest.raises(RegistryConfigError) as caught:
        load_registry(tmp_path)
    assert caught.value.path == "eventkit.toml"


def test_eventkit_toml_defaults(tmp_path: Path) -> None:
    registry, _ = scan_registry(build(tmp_path, {V: schema()}, config='[registry]\nname = "n"\n'))
    config = registry.config
    assert (config.event_bus, config.source_prefix, config.compatibility, config.policy) == (
        "default",
        "",
        "FULL_TRANSITIVE",
        "LENIENT",
    )
    assert registry.event("s/E").source == "s"
    assert CONFIG  # the helper's default config is used everywhere else


def test_deeply_nested_schema_does_not_crash(tmp_path: Path) -> None:
    deep = (
        '{"$schema": "https://json-schema.org/draft/2020-12/schema", "x": '
        + "[" * 100_000
        + "]" * 100_000
        + "}"
    )
    problem = only(problems_of(tmp_path, {V: deep}))
    assert problem.code == "invalid-json"
    assert "nested too deeply" in problem.message
    # no line or column to fix "at": the hint must not send the reader looking for one
    assert problem.line is None
    assert "line and column" not in (problem.hint or "")
