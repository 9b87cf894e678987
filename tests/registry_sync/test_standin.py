"""The Schema Registry stand-in, driven through boto3 over HTTP and checked against botocore's
service model: every operation it implements, its errors, pagination and failure injection."""

from __future__ import annotations

import datetime as dt
from typing import Any

import botocore.exceptions
import botocore.session
import pytest
from botocore.model import ListShape, MapShape, Shape, StructureShape
from eventkit_registry_sync.standin import IMPLEMENTED, StandinServer, serve

MODEL = botocore.session.get_session().get_service_model("schemas")
CONTENT = '{"openapi": "3.0.0", "info": {"version": "1", "title": "T"}, "paths": {}, "components": {"schemas": {}}}'


def conforms(shape: Shape, value: Any, where: str = "") -> list[str]:
    """Problems with `value` (parsed by boto3) against `shape`."""
    kind = shape.type_name
    if isinstance(shape, StructureShape):
        if not isinstance(value, dict):
            return [f"{where}: not an object"]
        members = shape.members
        out = [f"{where}.{k}: not in {shape.name}" for k in value if k not in members]
        out += [f"{where}.{k}: required" for k in shape.required_members if k not in value]
        for k, v in value.items():
            if k in members:
                out += conforms(members[k], v, f"{where}.{k}")
        return out
    if isinstance(shape, ListShape):
        return [p for i, v in enumerate(value) for p in conforms(shape.member, v, f"{where}[{i}]")]
    if isinstance(shape, MapShape):
        return [p for k, v in value.items() for p in conforms(shape.value, v, f"{where}[{k}]")]
    expected = {
        "string": str, "integer": int, "long": int, "boolean": bool, "timestamp": dt.datetime, "blob": bytes,
    }[kind]  # fmt: skip
    return [] if isinstance(value, expected) else [f"{where}: {type(value).__name__} is not {kind}"]


def call(client: Any, op: str, **kwargs: Any) -> dict[str, Any]:
    method = getattr(client, "".join("_" + c.lower() if c.isupper() else c for c in op).lstrip("_"))
    response: dict[str, Any] = method(**kwargs)
    response.pop("ResponseMetadata")
    shape = MODEL.operation_model(op).output_shape
    assert conforms(shape, response) == [] if shape is not None else response == {}
    return response


def error_of(excinfo: pytest.ExceptionInfo[botocore.exceptions.ClientError]) -> tuple[str, int]:
    resp = excinfo.value.response
    return resp["Error"]["Code"], resp["ResponseMetadata"]["HTTPStatusCode"]


def test_every_implemented_operation_round_trips_through_boto3(
    client: Any, standin: StandinServer
) -> None:
    reg = call(client, "CreateRegistry", RegistryName="shop", Description="d", Tags={"a": "1"})
    assert reg["RegistryArn"].endswith(":registry/shop")
    assert call(client, "DescribeRegistry", RegistryName="shop")["Tags"] == {"a": "1"}
    assert (
        call(client, "UpdateRegistry", RegistryName="shop", Description="e")["Description"] == "e"
    )
    created = call(
        client,
        "CreateSchema",
        RegistryName="shop",
        SchemaName="s.a@B-v1",
        Type="OpenApi3",
        Content=CONTENT,
        Tags={"t": "1"},
    )
    assert created["SchemaVersion"] == "1"
    updated = call(
        client, "UpdateSchema", RegistryName="shop", SchemaName="s.a@B-v1", Content=CONTENT + " "
    )
    assert updated["SchemaVersion"] == "2"
    described = call(
        client, "DescribeSchema", RegistryName="shop", SchemaName="s.a@B-v1", SchemaVersion="1"
    )
    assert described["Content"] == CONTENT
    assert (
        call(client, "DescribeSchema", RegistryName="shop", SchemaName="s.a@B-v1")["SchemaVersion"]
        == "2"
    )
    listed = call(client, "ListSchemas", RegistryName="shop")["Schemas"]
    assert [(s["SchemaName"], s["VersionCount"], s["Tags"]) for s in listed] == [
        ("s.a@B-v1", 2, {"t": "1"})
    ]
    versions = call(client, "ListSchemaVersions", RegistryName="shop", SchemaName="s.a@B-v1")[
        "SchemaVersions"
    ]
    assert [v["SchemaVersion"] for v in versions] == ["1", "2"]
    hits = call(client, "SearchSchemas", RegistryName="shop", Keywords="a@b")["Schemas"]
    assert [h["SchemaName"] for h in hits] == ["s.a@B-v1"]
    arn = created["SchemaArn"]
    call(client, "TagResource", ResourceArn=arn, Tags={"k": "v"})
    assert call(client, "ListTagsForResource", ResourceArn=arn)["Tags"] == {"t": "1", "k": "v"}
    call(client, "UntagResource", ResourceArn=arn, TagKeys=["t"])
    assert call(client, "ListTagsForResource", ResourceArn=arn)["Tags"] == {"k": "v"}
    call(
        client, "DeleteSchemaVersion", RegistryName="shop", SchemaName="s.a@B-v1", SchemaVersion="1"
    )
    call(client, "DeleteSchema", RegistryName="shop", SchemaName="s.a@B-v1")
    names = [r["RegistryName"] for r in call(client, "ListRegistries")["Registries"]]
    assert names == ["aws.events", "shop"]
    assert [
        r["RegistryName"] for r in call(client, "ListRegistries", Scope="AWS")["Registries"]
    ] == ["aws.events"]
    call(client, "DeleteRegistry", RegistryName="shop")
    assert set(standin.calls) == IMPLEMENTED


def test_versions_are_decimal_strings_never_reused(client: Any) -> None:
    client.create_registry(RegistryName="r")
    client.create_schema(RegistryName="r", SchemaName="x", Type="JSONSchemaDraft4", Content="{}")
    for n in range(2, 12):
        got = client.update_schema(RegistryName="r", SchemaName="x", Content=f'{{"n": {n}}}')
        assert got["SchemaVersion"] == str(n)
    client.delete_schema_version(RegistryName="r", SchemaName="x", SchemaVersion="11")
    got = client.update_schema(RegistryName="r", SchemaName="x", Content='{"n": 12}')
    assert got["SchemaVersion"] == "12"
    assert client.describe_schema(RegistryName="r", SchemaName="x")["SchemaVersion"] == "12"


def test_client_token_makes_a_retried_update_idempotent(client: Any) -> None:
    client.create_registry(RegistryName="r")
    client.create_schema(RegistryName="r", SchemaName="x", Type="JSONSchemaDraft4", Content="{}")
    first = client.update_schema(
        RegistryName="r", SchemaName="x", Content='{"a": 1}', ClientTokenId="t-1"
    )
    again = client.update_schema(
        RegistryName="r", SchemaName="x", Content='{"a": 1}', ClientTokenId="t-1"
    )
    assert first["SchemaVersion"] == again["SchemaVersion"] == "2"


@pytest.mark.parametrize(
    ("op", "kwargs", "code", "status"),
    [
        ("describe_registry", {"RegistryName": "nope"}, "NotFoundException", 404),
        ("create_registry", {"RegistryName": "bad name!"}, "BadRequestException", 400),
        ("create_registry", {"RegistryName": "aws.mine"}, "BadRequestException", 400),
        (
            "describe_schema",
            {"RegistryName": "aws.events", "SchemaName": "nope"},
            "NotFoundException",
            404,
        ),
        (
            "create_schema",
            {
                "RegistryName": "aws.events",
                "SchemaName": "x",
                "Type": "OpenApi3",
                "Content": CONTENT,
            },
            "ForbiddenException",
            403,
        ),
        ("list_schemas", {"RegistryName": "aws.events", "Limit": 101}, "BadRequestException", 400),
        (
            "list_schemas",
            {"RegistryName": "aws.events", "NextToken": "garbage"},
            "BadRequestException",
            400,
        ),
        (
            "list_tags_for_resource",
            {"ResourceArn": "arn:aws:schemas:us-east-1:1:registry/x"},
            "NotFoundException",
            404,
        ),
        # Not implemented: answered as AWS answers an unknown operation.
        ("describe_discoverer", {"DiscovererId": "d"}, "UnknownOperationException", 404),
        (
            "export_schema",
            {"RegistryName": "aws.events", "SchemaName": "x", "Type": "JSONSchemaDraft4"},
            "UnknownOperationException",
            404,
        ),
        ("get_resource_policy", {}, "UnknownOperationException", 404),
    ],
)
def test_errors_have_aws_codes_and_statuses(
    client: Any, op: str, kwargs: dict[str, Any], code: str, status: int
) -> None:
    with pytest.raises(botocore.exceptions.ClientError) as excinfo:
        getattr(client, op)(**kwargs)
    assert error_of(excinfo) == (code, status)


def test_schema_errors(client: Any) -> None:
    client.create_registry(RegistryName="r")
    with pytest.raises(botocore.exceptions.ClientError) as excinfo:
        client.create_registry(RegistryName="r")
    assert error_of(excinfo) == ("ConflictException", 409)
    for content, kind in [
        ("x" * 100_001, "JSONSchemaDraft4"),
        ("not json", "JSONSchemaDraft4"),
        ("{}", "OpenApi3"),
    ]:
        with pytest.raises(botocore.exceptions.ClientError) as excinfo:
            client.create_schema(RegistryName="r", SchemaName="s", Type=kind, Content=content)
        assert error_of(excinfo) == ("BadRequestException", 400)
    with pytest.raises(botocore.exceptions.ClientError) as excinfo:
        client.update_schema(RegistryName="r", SchemaName="missing", Content="{}")
    assert error_of(excinfo) == ("NotFoundException", 404)
    client.create_schema(RegistryName="r", SchemaName="s", Type="JSONSchemaDraft4", Content="{}")
    with pytest.raises(botocore.exceptions.ClientError) as excinfo:
        client.delete_schema_version(RegistryName="r", SchemaName="s", SchemaVersion="1")
    assert error_of(excinfo) == ("BadRequestException", 400)  # the only version (assumed)


def test_pagination_with_boto3_paginators(client: Any) -> None:
    client.create_registry(RegistryName="r")
    for n in range(25):
        client.create_schema(
            RegistryName="r", SchemaName=f"s{n:02}", Type="JSONSchemaDraft4", Content="{}"
        )
    pages = list(
        client.get_paginator("list_schemas").paginate(
            RegistryName="r", PaginationConfig={"PageSize": 10}
        )
    )
    assert [len(p["Schemas"]) for p in pages] == [10, 10, 5]
    assert [s["SchemaName"] for p in pages for s in p["Schemas"]] == [f"s{n:02}" for n in range(25)]
    regs = client.get_paginator("list_registries").paginate(PaginationConfig={"PageSize": 1})
    assert [r["RegistryName"] for p in regs for r in p["Registries"]] == ["aws.events", "r"]


def test_throttling_is_retried_by_botocore(client: Any, standin: StandinServer) -> None:
    standin.fail("DescribeRegistry", times=2, status=429, code="TooManyRequestsException")
    with pytest.raises(botocore.exceptions.ClientError):
        client.describe_registry(RegistryName="nope")
    assert standin.calls.count("DescribeRegistry") == 3  # two throttled, the third answered


def test_fault_on_nth_call(client: Any, standin: StandinServer) -> None:
    fault = standin.fail(after=1, times=1, status=500)
    client.list_registries()
    client.list_registries()  # second call fails once, botocore retries it
    assert fault.times == 0
    assert standin.calls == ["ListRegistries"] * 3


def test_fault_after_applying_is_a_lost_response(standin: StandinServer) -> None:
    from eventkit_registry_sync.client import make_client

    client = make_client(region="us-east-1", endpoint_url=standin.url, max_attempts=1)
    standin.fail("CreateRegistry", applied=True, status=503, code="ServiceUnavailableException")
    with pytest.raises(botocore.exceptions.ClientError):
        client.create_registry(RegistryName="r")
    assert client.describe_registry(RegistryName="r")["RegistryName"] == "r"


def test_latency_and_serve_context_manager() -> None:
    import boto3

    with serve(latency=0.05) as url:
        c = boto3.client("schemas", endpoint_url=url, region_name="us-east-1")
        start = dt.datetime.now()
        c.list_registries()
        assert (dt.datetime.now() - start).total_seconds() >= 0.05


def test_server_side_validation_when_the_client_skips_it(standin: StandinServer) -> None:
    import boto3
    from botocore.config import Config

    raw = boto3.client(
        "schemas",
        endpoint_url=standin.url,
        region_name="us-east-1",
        config=Config(parameter_validation=False, retries={"total_max_attempts": 1}),
    )
    raw.create_registry(RegistryName="r")
    with pytest.raises(botocore.exceptions.ClientError) as excinfo:
        raw.create_schema(RegistryName="r", SchemaName="s", Type="OpenApi3")  # type: ignore[call-arg]  # no Content
    assert error_of(excinfo) == ("BadRequestException", 400)
