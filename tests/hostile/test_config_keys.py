"""Typos and wrong types in eventkit.toml / service.toml / event.toml are findings, not ignored;
control characters in a source or detail-type are flagged; each finding is printed once."""

from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from eventkit.cli import app
from eventkit.errors import EXIT_PROBLEMS, EXIT_USAGE
from eventkit.lint import lint_registry
from eventkit.registry import Problem
from eventkit.registry._config_schema import EVENT_TOML, EVENTKIT_TOML, SERVICE_TOML, check_keys
from tests.registry._build import CONFIG, build, schema

runner = CliRunner()
REPO = Path(__file__).resolve().parents[2]
V = "s/E/1.0.0.json"


def lint_cli(root: Path, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["lint", "--schemas", str(root), *args])
    return result.exit_code, result.stdout, result.stderr


def problems(tmp_path: Path, files: dict[str, Any], config: str = CONFIG) -> list[Problem]:
    return list(lint_registry(build(tmp_path, {V: schema(), **files}, config=config)).problems)


def only(found: list[Problem]) -> Problem:
    assert len(found) == 1, [str(p) for p in found]
    assert found[0].hint, "every problem says what to do"
    return found[0]


# -- unknown tables and keys -----------------------------------------------------------------


def test_typo_table_in_eventkit_toml_is_a_lint_error(tmp_path: Path) -> None:
    config = CONFIG + '\n[codgen]\nout = "../gen"\n'
    build(tmp_path, {V: schema()}, config=config)
    code, out, err = lint_cli(tmp_path)
    assert code == EXIT_PROBLEMS
    assert "Traceback" not in out + err
    assert "eventkit.toml:6:" in out  # the file and the line of the [codgen] header
    problem = only(list(lint_registry(tmp_path).problems))
    assert (problem.code, problem.path, problem.pointer, problem.line) == (
        "config-invalid",
        "eventkit.toml",
        "/codgen",
        6,
    )
    assert problem.suggestion == "codegen"
    assert "codgen" in problem.message


@pytest.mark.parametrize(
    ("files", "config", "path", "pointer", "line", "suggestion"),
    [
        (
            {},
            CONFIG + '[codegen]\not = "../gen"\n',
            "eventkit.toml",
            "/codegen/ot",
            6,
            "codegen.out",
        ),
        ({}, CONFIG + '[sync]\ntyp = "OpenApi3"\n', "eventkit.toml", "/sync/typ", 6, "sync.type"),
        (
            {"s/service.toml": 'owner = "t"\nownr = "x"\n'},
            CONFIG,
            "s/service.toml",
            "/ownr",
            2,
            "owner",
        ),
        (
            {"s/E/event.toml": '# the event\ndetial_type = "E2"\n'},
            CONFIG,
            "s/E/event.toml",
            "/detial_type",
            2,
            "detail_type",
        ),
        (
            {"s/E/event.toml": '[deprecated]\nsince = "2026-01-01"\nreplacment = "s/F"\n'},
            CONFIG,
            "s/E/event.toml",
            "/deprecated/replacment",
            3,
            "deprecated.replacement",
        ),
    ],
)
def test_typo_key_in_each_file(
    tmp_path: Path,
    files: dict[str, str],
    config: str,
    path: str,
    pointer: str,
    line: int,
    suggestion: str,
) -> None:
    problem = only(problems(tmp_path, files, config))
    assert (problem.code, problem.path, problem.pointer, problem.line) == (
        "config-invalid",
        path,
        pointer,
        line,
    )
    assert problem.suggestion == suggestion
    assert suggestion.rsplit(".", 1)[-1] in (problem.hint or "")
    code, out, err = lint_cli(tmp_path, "--format", "json")
    assert code == EXIT_PROBLEMS
    assert "Traceback" not in out + err
    (found,) = json.loads(out)["problems"]
    assert (found["path"], found["line"], found["suggestion"]) == (path, line, suggestion)


@pytest.mark.parametrize(
    ("config", "pointer", "line", "suggestion"),
    [
        (CONFIG + "[registry.extra]\nx = 1\n", "/registry/extra", 5, None),
        (CONFIG + "[codegen.options]\nfast = true\n", "/codegen/options", 5, None),
        (
            CONFIG + '[[check.suppressions]]\nevent = "s/E"\n[[check.suppressions]]\nrul = "X"\n',
            "/check/suppressions/1/rul",
            8,
            "check.suppressions[1].rule",
        ),
        (
            CONFIG + '[check]\nsuppressions = [{event = "s/E", vers = "1"}]\n',
            "/check/suppressions/0/vers",
            6,  # inside an inline table: the line of the key that holds it
            "check.suppressions[0].version",
        ),
    ],
)
def test_nested_unknown_keys(
    tmp_path: Path, config: str, pointer: str, line: int, suggestion: str | None
) -> None:
    problem = only(problems(tmp_path, {}, config))
    assert (problem.code, problem.path, problem.pointer, problem.line) == (
        "config-invalid",
        "eventkit.toml",
        pointer,
        line,
    )
    assert problem.suggestion == suggestion


def test_a_key_in_the_wrong_table_names_the_right_one(tmp_path: Path) -> None:
    config = 'name = "x"\n[registry]\nname = "n"\nmode = "FULL"\n'
    found = problems(tmp_path, {}, config)
    assert [(p.pointer, p.line, p.suggestion) for p in found] == [
        ("/name", 1, "registry.name"),
        ("/registry/mode", 4, "compatibility.mode"),
    ]


def test_a_per_event_key_in_service_toml_says_where_it_belongs(tmp_path: Path) -> None:
    problem = only(problems(tmp_path, {"s/service.toml": 'detail_type = "X"\n'}))
    assert (problem.code, problem.path, problem.line) == ("config-invalid", "s/service.toml", 1)
    assert "event.toml" in (problem.hint or "")


# -- wrong types -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("files", "config", "path", "pointer", "expected", "actual"),
    [
        ({}, CONFIG + "[codegen]\nout = 5\n", "eventkit.toml", "/codegen/out", "string", "integer"),
        ({}, "codegen = 5\n" + CONFIG, "eventkit.toml", "/codegen", "table", "integer"),
        ({}, CONFIG + "[[codegen]]\nout = 'x'\n", "eventkit.toml", "/codegen", "table", "array"),
        ({}, CONFIG + "[compatibility]\npolicy = 1.5\n", "eventkit.toml", "/compatibility/policy", "string", "float"),
        ({}, CONFIG + "[check]\nsuppressions = 3\n", "eventkit.toml", "/check/suppressions", "array of tables", "integer"),
        ({"s/E/event.toml": "compatibility = 3"}, CONFIG, "s/E/event.toml", "/compatibility", "string", "integer"),
        ({"s/E/event.toml": 'deprecated = "yes"'}, CONFIG, "s/E/event.toml", "/deprecated", "table", "string"),
        ({"s/E/event.toml": "[deprecated]\nsince = 2026-10-01"}, CONFIG, "s/E/event.toml", "/deprecated/since", "string", "date"),
        ({"s/E/event.toml": "detail_type = true"}, CONFIG, "s/E/event.toml", "/detail_type", "string", "boolean"),
        ({"s/service.toml": 'owner = ["a", "b"]'}, CONFIG, "s/service.toml", "/owner", "string", "array"),
    ],
)  # fmt: skip
def test_wrong_types_name_the_key_and_both_types(
    tmp_path: Path,
    files: dict[str, str],
    config: str,
    path: str,
    pointer: str,
    expected: str,
    actual: str,
) -> None:
    problem = only(problems(tmp_path, files, config))
    assert (problem.code, problem.path, problem.pointer) == ("config-invalid", path, pointer)
    assert problem.line is not None
    key = pointer.rsplit("/", 1)[-1]
    assert re.search(rf"\b{key}\b.*\b{expected}\b.*\b{actual}\b", problem.message), problem.message
    code, out, err = lint_cli(tmp_path)
    assert code == EXIT_PROBLEMS
    assert f"{path}:{problem.line}:" in out
    assert "Traceback" not in out + err


def test_a_value_not_allowed_suggests_the_close_one(tmp_path: Path) -> None:
    problem = only(problems(tmp_path, {"s/E/event.toml": 'envelope = "Foreign"\nsource = "x.y"'}))
    assert (problem.pointer, problem.suggestion) == ("/envelope", "foreign")


# -- other commands refuse such a registry ---------------------------------------------------


def test_codegen_refuses_a_typo_in_codegen_table_and_writes_nothing(tmp_path: Path) -> None:
    root = build(tmp_path / "reg", {V: schema()}, config=CONFIG + '[codegen]\nuot = "../gen"\n')
    out = tmp_path / "elsewhere"
    result = runner.invoke(app, ["codegen", "--schemas", str(root), "--out", str(out)])
    assert result.exit_code == EXIT_USAGE
    assert not out.exists()
    assert "eventkit.toml" in result.stderr
    assert "uot" in result.stderr
    assert "Traceback" not in result.output


@pytest.mark.parametrize("command", [["check"], ["new", "s/Other"]])
def test_other_commands_refuse_a_config_typo(tmp_path: Path, command: list[str]) -> None:
    root = build(tmp_path, {V: schema()}, config=CONFIG + '[codgen]\nout = "../gen"\n')
    result = runner.invoke(app, [*command, "--schemas", str(root)])
    assert result.exit_code == EXIT_USAGE
    assert "codgen" in result.stderr
    assert "eventkit.toml" in result.stderr
    assert not (root / "s" / "Other").exists()


# -- control characters ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("files", "config", "code", "path", "codepoint"),
    [
        ({"s/E/event.toml": 'detail_type = "Order\\u0007Placed"'}, CONFIG, "detail-type-invalid", "s/E/event.toml", "U+0007"),
        ({"s/E/event.toml": 'detail_type = "Order\\u2028Placed"'}, CONFIG, "detail-type-invalid", "s/E/event.toml", "U+2028"),
        ({"s/E/event.toml": 'detail_type = "Order\\u0085Placed"'}, CONFIG, "detail-type-invalid", "s/E/event.toml", "U+0085"),
        ({"s/E/event.toml": 'detail_type = "Order\\u007fPlaced"'}, CONFIG, "detail-type-invalid", "s/E/event.toml", "U+007F"),
        ({"s/E/event.toml": 'detail_type = "Order\\u001b[31mPlaced"'}, CONFIG, "detail-type-invalid", "s/E/event.toml", "U+001B"),
        ({"s/service.toml": 'source = "shop.\\u0000orders"'}, CONFIG, "source-invalid", "s/service.toml", "U+0000"),
        ({"s/E/event.toml": 'source = "shop.\\u2029x"'}, CONFIG, "source-invalid", "s/E/event.toml", "U+2029"),
        ({}, CONFIG.replace('"test."', '"test.\\t"'), "source-invalid", "eventkit.toml", "U+0009"),
    ],
)  # fmt: skip
def test_control_characters_in_source_or_detail_type(
    tmp_path: Path, files: dict[str, str], config: str, code: str, path: str, codepoint: str
) -> None:
    clean = {"s/F/1.0.0.json": schema(), "s/F/event.toml": 'detail_type = "Objet Créé, ok"'}
    problem = only(problems(tmp_path, {**files, **clean}, config))  # spaces, accents are fine
    assert (problem.code, problem.path) == (code, path)
    assert codepoint in problem.message
    cli_code, out, _ = lint_cli(tmp_path)
    assert cli_code == EXIT_PROBLEMS
    assert codepoint in out
    assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f\u2028\u2029]", out), "printed escaped"


def test_control_character_in_an_event_folder_name(tmp_path: Path) -> None:
    found = problems(tmp_path, {"s/Bell\x07/1.0.0.json": schema()})
    detail_type = [p for p in found if p.code == "detail-type-invalid"]
    assert [(p.path, "U+0007" in p.message) for p in detail_type] == [("s/Bell\x07", True)]


# -- each problem blamed on its own file -----------------------------------------------------


def test_a_source_set_in_service_toml_is_blamed_on_service_toml(tmp_path: Path) -> None:
    found = problems(tmp_path, {"s/F/1.0.0.json": schema(), "s/service.toml": 'source = "aws.x"'})
    assert [(p.code, p.path) for p in found] == [("source-invalid", "s/service.toml")]


def test_a_source_prefix_is_blamed_on_eventkit_toml(tmp_path: Path) -> None:
    found = problems(tmp_path, {}, CONFIG.replace('"test."', '"aws."'))
    assert [(p.code, p.path) for p in found] == [("source-invalid", "eventkit.toml")]


def test_foreign_without_source_is_blamed_where_envelope_is_set(tmp_path: Path) -> None:
    found = problems(tmp_path, {"s/service.toml": 'envelope = "foreign"'})
    assert [(p.code, p.path) for p in found] == [("source-invalid", "s/service.toml")]


# -- each finding once -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "content",
    [
        schema(properties={"a": {"type": "array", "items": 5}}),  # reached by 8 meta paths
        '{"$schema": "https://json-schema.org/draft/2020-12/schema", "title": "t", '
        '"title": "t", "title": "t", "description": "d", "examples": [{}]}',
    ],
)
def test_a_duplicate_finding_is_printed_once(tmp_path: Path, content: Any) -> None:
    build(tmp_path, {V: content})
    report = lint_registry(tmp_path)
    keys = [(p.path, p.line, p.pointer, p.code, p.message) for p in report.problems]
    assert len(keys) == len(set(keys)) == 1, keys
    code, out, _ = lint_cli(tmp_path)
    assert code == EXIT_PROBLEMS
    assert out.count(report.problems[0].message) == 1
    assert out.rstrip().splitlines()[-1].startswith("1 problem(s)")


# -- the declared keys and the docs agree ----------------------------------------------------


def _docs() -> str:
    return (REPO / "docs" / "registry.md").read_text(encoding="utf-8")


def test_docs_document_exactly_the_declared_keys() -> None:
    """The eventkit.toml example and the settings table of docs/registry.md."""
    section = _docs().split("## `eventkit.toml`", 1)[1]
    block = section.split("```toml\n", 1)[1].split("```", 1)[0]
    example = tomllib.loads(block)
    assert check_keys(example, EVENTKIT_TOML) == []

    def paths(schema: Any, prefix: str = "") -> set[str]:
        out = set()
        for name, key in schema.items():
            out.add(prefix + name)
            out |= paths(key.keys, f"{prefix}{name}.")
        return out

    def present(data: Any, prefix: str = "") -> set[str]:
        out = set()
        for name, value in data.items():
            out.add(prefix + name)
            entries = value if isinstance(value, list) else [value]
            for entry in entries:
                if isinstance(entry, dict):
                    out |= present(entry, f"{prefix}{name}.")
        return out

    assert present(example) == paths(EVENTKIT_TOML)

    section = _docs().split("## `service.toml` and `event.toml`", 1)[1].split("\n## ", 1)[0]
    keys: dict[str, str] = {}  # key -> its table row
    for row in section.splitlines():
        match = re.match(r"\| `\[?(\w+)\]?`", row)
        if match:
            keys[match[1]] = row
    event_only = {name for name, row in keys.items() if "(event.toml only)" in row}
    service_only = {name for name, row in keys.items() if "(service.toml only)" in row}
    assert set(keys) - service_only == set(EVENT_TOML)
    assert set(keys) - event_only == set(SERVICE_TOML)
    for name in EVENT_TOML["deprecated"].keys:
        assert f"`{name}`" in keys["deprecated"]


def test_docs_show_an_unknown_key_example() -> None:
    assert "did you mean [codegen]?" in _docs()


def test_an_invalid_shared_file_behind_an_example_is_reported_not_a_crash(tmp_path: Path) -> None:
    ref = {"$ref": "../../_shared/inner.json"}
    files = {
        V: schema(properties={"id": {"$ref": "../../_shared/outer.json"}}),
        "s/F/1.0.0.json": schema(properties={"id": ref}),
        "_shared/outer.json": {"$ref": "inner.json"},
        "_shared/inner.json": {"type": 5},
    }
    build(tmp_path, files)
    code, out, err = lint_cli(tmp_path)
    assert "Traceback" not in out + err
    assert code == EXIT_PROBLEMS
    found = lint_registry(tmp_path).problems
    assert [(p.code, p.path) for p in found] == [("schema-invalid", "_shared/inner.json")]


# -- one wrong entry in an array: the entry is named, not the array ---------------------------


def test_a_non_string_in_consumes_names_the_entry_not_the_array(tmp_path: Path) -> None:
    service = 'consumes = ["s/E@1", 42]\n'
    problem = only(problems(tmp_path, {"s/service.toml": service}))
    assert (problem.code, problem.path, problem.pointer) == (
        "config-invalid",
        "s/service.toml",
        "/consumes/1",
    )
    assert "consumes[1]" in problem.message
    assert "not an array" not in problem.message  # it is an array: one entry is wrong


def test_a_non_table_among_suppressions_names_the_entry(tmp_path: Path) -> None:
    config = CONFIG + '[check]\nsuppressions = [{event = "s/E", rule = "X", reason = "r"}, 3]\n'
    problem = only(problems(tmp_path, {}, config=config))
    assert (problem.code, problem.path, problem.pointer) == (
        "config-invalid",
        "eventkit.toml",
        "/check/suppressions/1",
    )
    assert "integer" in problem.message
