"""The stand-in and the sync code agree with botocore's `schemas` service model.

Sync, pull and the stand-in's own operations run through a real boto3 client over HTTP. Every
request is checked against the operation's input shape (botocore's `ParamValidator`), and
every raw HTTP answer, before botocore's lenient parsing, is walked against the model: the
status code, each member's name and JSON type, timestamps in the modelled format, required
members, no member the model does not have, and errors carrying a code the operation models
with that code's HTTP status. The operations named in eventkit_registry_sync's source are the
ones exercised here, and each is one the stand-in implements.
"""

from __future__ import annotations

import ast
import base64
import datetime as dt
import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import botocore.exceptions
import botocore.session
import eventkit_registry_sync
import pytest
from botocore.model import ListShape, MapShape, OperationModel, Shape, StructureShape
from botocore.validate import ParamValidator
from eventkit_registry_sync import sync as sync_module
from eventkit_registry_sync.client import make_client
from eventkit_registry_sync.pull import pull_registry
from eventkit_registry_sync.standin import IMPLEMENTED, StandinServer
from eventkit_registry_sync.sync import CheckGate, sync_registry

from eventkit.errors import RegistrySyncError
from eventkit.registry import load_registry

MODEL = botocore.session.get_session().get_service_model("schemas")
PACKAGE = Path(eventkit_registry_sync.__file__).parent
SHOP = Path(__file__).resolve().parents[2] / "schemas"
# Answered although the model does not list it for the operation (docs/sync.md, "Assumed").
ASSUMED_ERRORS = {("CreateSchema", "ConflictException")}


def body_problems(shape: Shape, value: Any, where: str) -> list[str]:
    """Where the decoded JSON `value` breaks `shape` (rest-json wire form)."""
    if isinstance(shape, StructureShape):
        if not isinstance(value, dict):
            return [f"{where}: {type(value).__name__} is not an object"]
        members = {m.serialization.get("name", n): (n, m) for n, m in shape.members.items()}
        out = [f"{where}.{k}: not a member of {shape.name}" for k in value if k not in members]
        wire = {n: k for k, (n, _) in members.items()}
        out += [f"{where}.{n}: required" for n in shape.required_members if wire[n] not in value]
        for key, item in value.items():
            if key in members:
                out += body_problems(members[key][1], item, f"{where}.{key}")
        return out
    if isinstance(shape, ListShape):
        if not isinstance(value, list):
            return [f"{where}: not a list"]
        return [
            p for i, v in enumerate(value) for p in body_problems(shape.member, v, f"{where}[{i}]")
        ]
    if isinstance(shape, MapShape):
        if not isinstance(value, dict):
            return [f"{where}: not a map"]
        return [p for k, v in value.items() for p in body_problems(shape.value, v, f"{where}[{k}]")]
    return _scalar_problems(shape, value, where)


def _scalar_problems(shape: Shape, value: Any, where: str) -> list[str]:
    kind = shape.type_name
    if kind == "timestamp":
        fmt = shape.serialization.get("timestampFormat", "unixtimestamp")
        if fmt == "iso8601":
            try:
                dt.datetime.fromisoformat(str(value).replace("Z", "+00:00"))
            except ValueError:
                return [f"{where}: {value!r} is not an ISO 8601 timestamp"]
            return [] if isinstance(value, str) else [f"{where}: not a string"]
        ok = isinstance(value, int | float) and not isinstance(value, bool)
        return [] if ok else [f"{where}: {value!r} is not epoch seconds"]
    if kind == "blob":
        try:
            base64.b64decode(value, validate=True)
        except (ValueError, TypeError):
            return [f"{where}: not base64"]
        return []
    expected: Any = {"string": str, "boolean": bool, "integer": int, "long": int, "float": float}
    wanted = expected.get(kind, float if kind == "double" else object)
    if isinstance(value, bool) and wanted is not bool:
        return [f"{where}: a boolean is not {kind}"]
    if not isinstance(value, wanted):
        return [f"{where}: {type(value).__name__} is not {kind}"]
    if kind == "string" and shape.enum and value not in shape.enum:  # type: ignore[attr-defined]
        return [f"{where}: {value!r} is not one of {shape.enum}"]  # type: ignore[attr-defined]
    return []


def answer_problems(op: OperationModel, status: int, headers: Any, body: bytes) -> list[str]:
    """Where one raw HTTP answer to `op` breaks the model."""
    name = op.name
    if status >= 300:
        code = str(headers.get("x-amzn-ErrorType", "")).split(":")[0]
        modelled = {e.name: e for e in op.error_shapes}
        if code not in modelled:
            return [] if (name, code) in ASSUMED_ERRORS else [f"{name}: {code} is not modelled"]
        out = []
        if modelled[code].metadata["error"]["httpStatusCode"] != status:
            out.append(f"{name}: {code} answered with HTTP {status}")
        return out + body_problems(modelled[code], json.loads(body), f"{name}!{code}")
    out = []
    if status != op.http.get("responseCode", 200):
        out.append(f"{name}: HTTP {status}, model says {op.http.get('responseCode', 200)}")
    shape = op.output_shape
    if shape is None or not shape.members:
        return out + ([f"{name}: body {body[:60]!r} where the model has none"] if body else [])
    return out + body_problems(shape, json.loads(body or b"{}"), name)


class Recorder:
    """Hooks on a boto3 client: checks every request and raw answer against the model."""

    def __init__(self, client: Any) -> None:
        self.used: set[str] = set()
        self.problems: list[str] = []
        self.errors: set[tuple[str, str]] = set()
        events = client.meta.events
        events.register("before-parameter-build.schemas", self._request)
        events.register("before-parse.schemas", self._answer)

    def _request(self, params: Any, model: OperationModel, **_: Any) -> None:
        self.used.add(model.name)
        assert model.input_shape is not None  # every Schemas operation takes input
        report = ParamValidator().validate(params, model.input_shape)
        if report.has_errors():
            self.problems.append(f"{model.name} request: {report.generate_report()}")

    def _answer(self, operation_model: OperationModel, response_dict: Any, **_: Any) -> None:
        status, headers = response_dict["status_code"], response_dict["headers"]
        if status >= 300:
            code = str(headers.get("x-amzn-ErrorType", "")).split(":")[0]
            self.errors.add((operation_model.name, code))
        self.problems += answer_problems(operation_model, status, headers, response_dict["body"])


def operations_named_in_source() -> set[str]:
    """Every model operation name written as a string in eventkit_registry_sync's code."""
    names = set(MODEL.operation_names)
    found = set()
    for path in PACKAGE.glob("*.py"):
        if path.name.startswith("_standin"):
            continue  # the stand-in's own handlers are covered by IMPLEMENTED
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Constant) and node.value in names:
                found.add(node.value)
    return found


@pytest.fixture
def recorded(boto_session: Any) -> Iterator[tuple[StandinServer, Any, Recorder]]:
    with StandinServer(list_tags="absent") as server:
        client = make_client(endpoint_url=server.url, region="us-east-1", session=boto_session)
        yield server, client, Recorder(client)


def test_sync_and_pull_speak_the_model(
    recorded: tuple[StandinServer, Any, Recorder],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    server, client, recorder = recorded
    monkeypatch.setattr(sync_module, "_run_check", lambda registry: CheckGate(True, True))
    folder = tmp_path / "shop"
    shutil.copytree(SHOP, folder)
    sync_registry(load_registry(folder), client=client, override_reason="model test")
    sync_registry(load_registry(folder), client=client, schema_type="JSONSchemaDraft4")
    shutil.rmtree(folder / "campaigns")
    (folder / "orders/OrderPlaced/1.0.0.json").unlink()
    sync_registry(load_registry(folder), client=client, prune=True, schema_type="JSONSchemaDraft4")
    # A schema created meanwhile (ConflictException on CreateSchema, then re-planned).
    client.delete_schema(RegistryName="shop", SchemaName="shop.users@UserEmailVerified-v1")
    server.fail("CreateSchema", applied=True, status=409, code="ConflictException")
    sync_registry(load_registry(folder), client=client, schema_type="JSONSchemaDraft4")
    pulled = tmp_path / "pulled"
    pulled.mkdir()
    (pulled / "eventkit.toml").write_text((SHOP / "eventkit.toml").read_text())
    pull_registry(pulled, client=client, registry_name="shop")
    with pytest.raises(RegistrySyncError):
        pull_registry(pulled, client=client, registry_name="shop", schemas=["no-such"])
    assert recorder.problems == []
    named = operations_named_in_source()
    assert named <= IMPLEMENTED, named - IMPLEMENTED
    assert named <= recorder.used, f"not exercised here: {sorted(named - recorder.used)}"
    assert ("CreateSchema", "ConflictException") in recorder.errors
    assert ("ListSchemaVersions", "NotFoundException") in recorder.errors


def _call(client: Any, op: str, **params: Any) -> Any:
    return getattr(client, botocore.xform_name(op))(**params)


def test_every_implemented_operation_answers_as_modelled(
    recorded: tuple[StandinServer, Any, Recorder],
) -> None:
    _, client, recorder = recorded
    content = '{"openapi": "3.0.0", "info": {"title": "t", "version": "1"}, "paths": {}}'
    _call(client, "CreateRegistry", RegistryName="r", Description="d", Tags={"a": "1"})
    _call(client, "DescribeRegistry", RegistryName="r")
    _call(client, "UpdateRegistry", RegistryName="r", Description="e")
    _call(client, "ListRegistries", Limit=1)
    _call(client, "ListRegistries", Scope="AWS")
    schema = {"RegistryName": "r", "SchemaName": "s"}
    made = _call(
        client, "CreateSchema", **schema, Type="OpenApi3", Content=content, Tags={"t": "1"}
    )
    _call(client, "UpdateSchema", **schema, Content=content, ClientTokenId="token-1")
    _call(client, "UpdateSchema", **schema, Description="only the description")
    _call(client, "DescribeSchema", **schema, SchemaVersion="1")
    _call(client, "ListSchemas", RegistryName="r", SchemaNamePrefix="s", Limit=1)
    _call(client, "ListSchemaVersions", **schema, Limit=1)
    _call(client, "SearchSchemas", RegistryName="r", Keywords="s")
    _call(client, "TagResource", ResourceArn=made["SchemaArn"], Tags={"k": "v"})
    _call(client, "ListTagsForResource", ResourceArn=made["SchemaArn"])
    _call(client, "UntagResource", ResourceArn=made["SchemaArn"], TagKeys=["k"])
    _call(client, "DeleteSchemaVersion", **schema, SchemaVersion="1")
    failing = [
        ("CreateRegistry", {"RegistryName": "r"}),  # ConflictException
        ("CreateSchema", {**schema, "Type": "OpenApi3", "Content": content}),  # Conflict
        ("DescribeRegistry", {"RegistryName": "nope"}),  # NotFoundException
        ("UpdateSchema", {"RegistryName": "nope", "SchemaName": "s"}),
        ("DeleteSchemaVersion", {**schema, "SchemaVersion": "99"}),
        ("ListSchemas", {"RegistryName": "aws.events", "NextToken": "garbage"}),  # BadRequest
        (
            "CreateSchema",
            {**schema, "RegistryName": "aws.events", "Type": "OpenApi3", "Content": content},
        ),
        ("ListTagsForResource", {"ResourceArn": "arn:aws:schemas:us-east-1:1:registry/x"}),
    ]
    for op, params in failing:
        with pytest.raises(botocore.exceptions.ClientError):
            _call(client, op, **params)
    _call(client, "DeleteSchema", **schema)
    _call(client, "DeleteRegistry", RegistryName="r")
    assert recorder.problems == []
    assert recorder.used >= IMPLEMENTED
    assert {
        ("CreateRegistry", "ConflictException"),
        ("CreateSchema", "ConflictException"),
        ("CreateSchema", "ForbiddenException"),
        ("DescribeRegistry", "NotFoundException"),
        ("ListSchemas", "BadRequestException"),
    } <= recorder.errors


@pytest.mark.parametrize("op", sorted(set(MODEL.operation_names) - IMPLEMENTED))
def test_unimplemented_operations_answer_as_aws_answers_an_unknown_one(
    recorded: tuple[StandinServer, Any, Recorder], op: str
) -> None:
    """AWS's common errors: `UnknownOperationException`, HTTP 404. The stand-in never answers
    an operation it does not implement with a made-up success or a modelled error."""
    server, client, _ = recorded
    shape = MODEL.operation_model(op).input_shape
    samples = {"string": "x", "integer": 1, "long": 1, "boolean": True, "blob": b"x"}
    params: dict[str, Any] = {}
    assert shape is not None  # every Schemas operation takes input
    for name in shape.required_members:
        member = shape.members[name]
        value = samples[member.type_name] if member.type_name != "list" else ["{}"]
        if member.type_name == "string":
            value = "x" * max(1, member.metadata.get("min", 1))
        params[name] = value
    with pytest.raises(botocore.exceptions.ClientError) as excinfo:
        _call(client, op, **params)
    response = excinfo.value.response
    assert response["Error"]["Code"] == "UnknownOperationException"
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 404
    assert server.calls == []  # not logged as a call the stand-in served
