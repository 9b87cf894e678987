"""`eventkit.lint.lint_registry`: every check, each problem located and with a hint."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from eventkit.errors import RegistryConfigError, RegistryNotFoundError
from eventkit.lint import LintReport, format_summary, lint_registry, print_summary
from eventkit.registry import Problem
from tests.registry._build import build, deny, schema

GOOD = Path(__file__).parents[1] / "registry" / "fixtures" / "good"
REPO = Path(__file__).resolve().parents[2]
V = "s/E/1.0.0.json"


def lint(tmp_path: Path, files: dict[str, Any], **kwargs: Any) -> LintReport:
    return lint_registry(build(tmp_path, files, **kwargs))


def only(report: LintReport) -> Problem:
    assert len(report.problems) == 1, [str(p) for p in report.problems]
    problem = report.problems[0]
    assert problem.hint, "every problem says what to do"
    return problem


def test_clean_registry(tmp_path: Path) -> None:
    report = lint_registry(GOOD)
    assert report.ok
    assert report.exit_code == 0
    assert report.counts == {
        "services": 3,
        "event_types": 4,
        "versions": 6,
        "majors": 5,
        "shared": 2,
        "foreign": 1,
        "deprecated": 1,
    }
    assert report.format_text().startswith("ok: 3 services, 4 event types, 6 versions")


def test_the_example_shop_registry_is_lint_clean() -> None:
    schemas = REPO / "schemas"
    if not (schemas / "eventkit.toml").is_file():
        pytest.skip("schemas/ is not there yet")
    report = lint_registry(schemas)
    assert [str(p) for p in report.problems] == []


def test_loader_problems_are_lint_problems(tmp_path: Path) -> None:
    report = lint(tmp_path, {V: "{", "s/E/1.1.json": schema()})
    assert [p.code for p in report.problems] == ["invalid-json", "version-name"]
    assert report.exit_code == 1


@pytest.mark.parametrize(
    ("change", "pointer", "fragment"),
    [
        ({"type": "strin"}, "/type", "'type'"),
        ({"required": "id"}, "/required", "'required'"),
        ({"properties": {"id": {"minimum": "1"}}}, "/properties/id/minimum", "'minimum'"),
        ({"properties": {"id": {"pattern": "(["}}}, "/properties/id/pattern", "'pattern'"),
        ({"anyOf": []}, "/anyOf", "'anyOf'"),
        ({"examples": {"id": "x"}}, "/examples", "'examples'"),
        ({"title": 3}, "/title", "'title'"),
    ],
)
def test_schema_must_be_valid_for_its_dialect(
    tmp_path: Path, change: dict[str, Any], pointer: str, fragment: str
) -> None:
    text = json.dumps(schema(**change), indent=2)
    problems = [p for p in lint(tmp_path, {V: text}).problems if p.code == "schema-invalid"]
    assert len(problems) == 1, [str(p) for p in problems]
    problem = problems[0]
    assert (problem.path, problem.pointer) == (V, pointer)
    assert fragment in problem.message
    assert "draft 2020-12" in problem.message
    assert problem.line is not None
    assert problem.hint


def test_all_meta_errors_of_a_file_are_reported(tmp_path: Path) -> None:
    doc = schema(type="strin", properties={"id": {"minLength": -1}, "n": {"maximum": "x"}})
    problems = lint(tmp_path, {V: doc}).problems
    assert sorted(p.pointer or "" for p in problems) == [
        "/properties/id/minLength",
        "/properties/n/maximum",
        "/type",
    ]


def test_draft_04_foreign_schema_is_meta_validated(tmp_path: Path) -> None:
    files = {
        "aws_x/service.toml": 'source = "aws.x"\nenvelope = "foreign"\n',
        "aws_x/E/1.0.0.json": schema(
            **{"$schema": "http://json-schema.org/draft-04/schema#", "required": []}
        ),
    }
    problem = only(lint(tmp_path, files))
    assert problem.code == "schema-invalid"
    assert "draft-04" in problem.message


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"title": None}, "missing-title"),
        ({"title": "  "}, "missing-title"),
        ({"description": None}, "missing-description"),
        ({"examples": None}, "missing-examples"),
        ({"examples": []}, "missing-examples"),
    ],
)
def test_version_files_need_title_description_examples(
    tmp_path: Path, change: dict[str, Any], code: str
) -> None:
    problem = only(lint(tmp_path, {V: schema(**change)}))
    assert (problem.code, problem.path) == (code, V)
    assert problem.line is not None


def test_shared_files_need_no_title_or_examples(tmp_path: Path) -> None:
    files = {"_shared/m.json": {"type": "integer"}, V: schema()}
    assert lint(tmp_path, files).ok


def test_invalid_example_names_the_field_and_line(tmp_path: Path) -> None:
    doc = schema(
        properties={
            "id": {"type": "string", "description": "Id."},
            "n": {"type": "integer", "minimum": 1, "description": "N."},
        },
        examples=[{"id": "ok", "n": 1}, {"id": "ok", "n": 0}],
    )
    text = json.dumps(doc, indent=2)
    problem = only(lint(tmp_path, {V: text}))
    assert problem.code == "example-invalid"
    assert problem.pointer == "/examples/1/n"
    assert "example 1" in problem.message
    assert "/n" in problem.message
    assert "0 is less than the minimum of 1" in problem.message
    lines = text.splitlines()
    assert lines[problem.line - 1].strip() == '"n": 0'  # type: ignore[operator]


def test_examples_are_checked_through_shared_refs(tmp_path: Path) -> None:
    files = {
        "_shared/money.json": {
            "$schema": schema()["$schema"],
            "type": "object",
            "required": ["amount", "currency"],
            "properties": {
                "amount": {"type": "integer"},
                "currency": {"$ref": "#/$defs/Currency"},
            },
            "$defs": {"Currency": {"type": "string", "pattern": "^[A-Z]{3}$"}},
        },
        V: schema(
            properties={"id": {"type": "string"}, "price": {"$ref": "../../_shared/money.json"}},
            examples=[
                {"id": "a", "price": {"amount": 1, "currency": "EUR"}},
                {"id": "b", "price": {"amount": 1, "currency": "euro"}},
                {"id": "c", "price": {"amount": "1", "currency": "EUR"}},
            ],
        ),
    }
    problems = lint(tmp_path, files).problems
    assert [(p.code, p.pointer) for p in problems] == [
        ("example-invalid", "/examples/1/price/currency"),
        ("example-invalid", "/examples/2/price/amount"),
    ]


def test_examples_of_recursive_schemas(tmp_path: Path) -> None:
    doc = schema(
        properties={"id": {"type": "string"}, "next": {"$ref": "#"}},
        examples=[{"id": "a", "next": {"id": "b", "next": {"id": 3}}}],
    )
    problem = only(lint(tmp_path, {V: doc}))
    assert problem.pointer == "/examples/0/next/next/id"


def test_example_formats_are_checked(tmp_path: Path) -> None:
    doc = schema(
        properties={
            "id": {"type": "string", "format": "uuid"},
            "at": {"type": "string", "format": "date-time"},
            "email": {"type": "string", "format": "email"},
        },
        examples=[{"id": "not-a-uuid", "at": "yesterday", "email": "nobody"}],
    )
    problems = lint(tmp_path, {V: doc}).problems
    assert sorted(p.pointer or "" for p in problems) == [
        "/examples/0/at",
        "/examples/0/email",
        "/examples/0/id",
    ]


def test_examples_with_unevaluated_properties_use_the_bundle(tmp_path: Path) -> None:
    files = {
        "_shared/base.json": {"type": "object", "properties": {"id": {"type": "string"}}},
        V: schema(
            allOf=[{"$ref": "../../_shared/base.json"}],
            properties=None,
            unevaluatedProperties=False,
            examples=[{"id": "x"}, {"id": "x", "extra": 1}],
        ),
    }
    problem = only(lint(tmp_path, files))
    assert (problem.code, problem.pointer) == ("example-invalid", "/examples/1")
    assert "extra" in problem.message


def test_foreign_draft_04_examples(tmp_path: Path) -> None:
    files = {
        "aws_x/service.toml": 'source = "aws.x"\nenvelope = "foreign"\n',
        "aws_x/E/1.0.0.json": schema(
            **{"$schema": "http://json-schema.org/draft-04/schema#"},
            properties={"id": {"$ref": "#/definitions/Id"}},
            definitions={"Id": {"type": "string"}},
            examples=[{"id": 1}],
        ),
    }
    problem = only(lint(tmp_path, files))
    assert (problem.code, problem.pointer) == ("example-invalid", "/examples/0/id")


def test_examples_of_a_schema_with_a_remote_ref_are_not_judged(tmp_path: Path) -> None:
    doc = schema(properties={"id": {"$ref": "https://example.com/id.json"}})
    assert [p.code for p in lint(tmp_path, {V: doc}).problems] == ["remote-ref"]


def test_examples_of_an_invalid_schema_are_not_judged(tmp_path: Path) -> None:
    doc = schema(properties={"id": {"type": "strin"}}, examples=[{"id": 1}])
    assert [p.code for p in lint(tmp_path, {V: doc}).problems] == ["schema-invalid"]


def test_many_errors_in_one_example_are_capped(tmp_path: Path) -> None:
    props = {f"p{i}": {"type": "integer"} for i in range(8)}
    doc = schema(properties=props, required=list(props), examples=[{}])
    problems = lint(tmp_path, {V: doc}).problems
    assert len(problems) == 5
    assert problems[-1].message.endswith("(+3 more)")


def test_todo_placeholders(tmp_path: Path) -> None:
    doc = schema(
        description="TODO: say what happened",
        properties={"id": {"type": "string", "description": "todo lowercase is prose"}},
    )
    problem = only(lint(tmp_path, {V: doc}))
    assert (problem.code, problem.pointer) == ("todo-placeholder", "/description")


def test_duplicate_keys_are_reported_with_their_line(tmp_path: Path) -> None:
    text = json.dumps(schema(), indent=2).replace(
        '"title": "Thing",', '"title": "Thing",\n  "title": "Other",'
    )
    problem = only(lint(tmp_path, {V: text}))
    assert (problem.code, problem.pointer) == ("duplicate-key", "/title")
    assert text.splitlines()[problem.line - 1].strip() == '"title": "Other",'  # type: ignore[operator]


@pytest.mark.parametrize(
    ("old", "new", "pointer"),
    [
        # a key written with an escape is the same key
        ('"title": "Thing",', '"title": "Thing",\n  "\\u0074itle": "Other",', "/title"),
        # deep inside an example (data, not a subschema)
        ('"examples": [', '"examples": [{"a": {"b": [{"c": 1, "\\u0063": 2}]}}, ', None),
        # inside a subschema's enum, and in a map of subschemas
        ('"type": "object",', '"type": "object", "enum": [{"k": 1, "k": 2}],', None),
        ('"properties": {', '"properties": {"p": {}, "p": {},', "/properties/p"),
    ],
)
def test_every_duplicate_key_is_found(
    tmp_path: Path, old: str, new: str, pointer: str | None
) -> None:
    text = json.dumps(schema(), indent=2)
    assert old in text
    problems = lint(tmp_path, {V: text.replace(old, new, 1)}).problems
    assert [p.code for p in problems if p.code == "duplicate-key"] == ["duplicate-key"], [
        str(p) for p in problems
    ]
    if pointer is not None:
        assert [p.pointer for p in problems if p.code == "duplicate-key"] == [pointer]


def test_lint_without_a_lock_file_does_not_load_the_lock_machinery(tmp_path: Path) -> None:
    import subprocess
    import sys

    build(tmp_path, {V: schema()})
    code = (
        "import sys; from eventkit.lint import lint_registry; "
        f"r = lint_registry({str(tmp_path)!r}); "
        "print(r.ok, r.notes, 'eventkit.registry.lock_status' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["True", "()", "False"]


@pytest.mark.parametrize(
    "text",
    [
        json.dumps(schema(description='has ": inside', examples=[{"id": 'x": y'}])),
        json.dumps(schema(), indent=2).replace('"title":', '"title" :'),
        json.dumps(schema(), separators=(",", ":")),
    ],
)
def test_no_false_duplicate_keys(tmp_path: Path, text: str) -> None:
    assert lint(tmp_path, {V: text}).ok


def test_unreadable_file_exits_2(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    build(tmp_path, {V: schema()})
    deny(monkeypatch, "1.0.0.json")
    report = lint_registry(tmp_path)
    assert [p.code for p in report.problems] == ["file-unreadable"]
    assert report.exit_code == 2


def test_fatal_input_raises(tmp_path: Path) -> None:
    with pytest.raises(RegistryNotFoundError):
        lint_registry(tmp_path / "nope")
    build(tmp_path, {V: schema()}, config="[registry\n")
    with pytest.raises(RegistryConfigError):
        lint_registry(tmp_path)


def test_report_json(tmp_path: Path) -> None:
    report = lint(tmp_path, {V: schema(title=None), "s/F/1.0.0.json": "["})
    data = report.to_dict()
    assert data["ok"] is False
    assert data["problem_count"] == 2
    assert data["problems_by_code"] == {"invalid-json": 1, "missing-title": 1}
    assert set(data["problems"][0]) == {
        "code",
        "message",
        "path",
        "pointer",
        "line",
        "column",
        "hint",
        "suggestion",
    }
    json.dumps(data)


def test_summary(capsys: pytest.CaptureFixture[str]) -> None:
    report = lint_registry(GOOD)
    text = format_summary(report.registry)
    assert "registry 'fixture'" in text
    assert "3 services, 4 event types (1 foreign, 1 deprecated), 6 versions in 5 majors" in text
    assert "    OrderPlaced: 1.0.0 1.1.0 | 2.0.0  [FULL_TRANSITIVE, LENIENT]" in text
    assert "    OrderCancelled ('Order Cancelled'): 1.0.0  [BACKWARD, LENIENT, deprecated]" in text
    print_summary(report)
    assert capsys.readouterr().out.endswith("lint: ok\n")
