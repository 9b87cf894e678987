"""A small, stateful stand-in for the EventBridge Schema Registry API, served over real HTTP.

Neither moto nor LocalStack implements the Schema Registry, so tests and `eventkit demo` run
`eventkit sync` / `pull` against this server. boto3 talks to it exactly as to AWS (request
serialisation, response parsing and retries all run), because routes and shapes come from
botocore's own service model (`_wire.py`).

Example:
    >>> with serve() as url:  # doctest: +SKIP
    ...     client = boto3.client("schemas", endpoint_url=url, region_name="us-east-1")

Behaviour (AWS's where it is documented; the rest is marked *assumed* in docs/sync.md):

- registries, schemas, versions, tags, pagination (`Limit` 1-100, opaque `NextToken`);
- versions are decimal strings from "1", one per UpdateSchema that carries Content, never
  reused after a delete; an UpdateSchema repeating a `ClientTokenId` is answered without a new
  version (idempotent retry);
- `aws.events` is an AWS-scope registry (read-only; seed it with `aws_schemas=`);
- every error has AWS's code and HTTP status; operations it does not implement (discoverers,
  code bindings, policies, export) answer `UnknownOperationException` (404) as AWS does for an
  unknown operation;
- failure injection (`fail`), an optional artificial per-request latency, and a call log.
"""

from __future__ import annotations

import argparse
import base64
import datetime as dt
import json
import re
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from eventkit_registry_sync._wire import WireError, load_model, match_route, parse_input, serialize

__all__ = ["AWS_REGISTRY", "CONTENT_LIMIT", "Fault", "StandinServer", "serve"]

ACCOUNT = "123456789012"
AWS_REGISTRY = "aws.events"
CONTENT_LIMIT = 100_000
DEFAULT_PAGE = 100
WRITE_OPERATIONS = frozenset(
    {
        "CreateRegistry",
        "UpdateRegistry",
        "DeleteRegistry",
        "CreateSchema",
        "UpdateSchema",
        "DeleteSchema",
        "DeleteSchemaVersion",
        "TagResource",
        "UntagResource",
    }
)
_REGISTRY_NAME = re.compile(r"^[.\-_A-Za-z0-9]{1,64}$")
_SCHEMA_NAME = re.compile(r"^[.\-_A-Za-z0-9@]{1,385}$")


def _bad(message: str) -> WireError:
    return WireError(400, "BadRequestException", message)


def _not_found(message: str) -> WireError:
    return WireError(404, "NotFoundException", message)


@dataclass
class _Version:
    number: int
    content: str
    type: str
    created: dt.datetime


@dataclass
class _Schema:
    registry: str
    name: str
    arn: str
    description: str | None
    tags: dict[str, str]
    versions: list[_Version] = field(default_factory=list)
    next_number: int = 1
    tokens: dict[str, dict[str, Any]] = field(default_factory=dict)
    modified: dt.datetime = field(default_factory=lambda: dt.datetime.now(dt.UTC))


@dataclass
class _Registry:
    name: str
    arn: str
    description: str | None
    tags: dict[str, str]
    scope: str
    schemas: dict[str, _Schema] = field(default_factory=dict)


@dataclass
class Fault:
    """Fail matching calls: skip `after` of them, then fail the next `times` with `status`/`code`.

    `applied=True` fails *after* the call took effect (a lost response), as a timeout would.
    """

    operation: str | None = None
    after: int = 0
    times: int = 1
    status: int = 500
    code: str = "InternalServerErrorException"
    applied: bool = False
    seen: int = 0

    def hit(self, operation: str) -> bool:
        if self.operation not in (None, operation) or self.times <= 0:
            return False
        self.seen += 1
        if self.seen <= self.after:
            return False
        self.times -= 1
        return True


class _State:
    """All registries; every handler runs under one lock."""

    def __init__(self, region: str) -> None:
        self.region = region
        self.lock = threading.Lock()
        self.registries: dict[str, _Registry] = {}
        self.registries[AWS_REGISTRY] = _Registry(
            AWS_REGISTRY, self._arn("registry", AWS_REGISTRY), "AWS service events", {}, "AWS"
        )

    def _arn(self, kind: str, name: str) -> str:
        return f"arn:aws:schemas:{self.region}:{ACCOUNT}:{kind}/{name}"

    # --- lookups -------------------------------------------------------------------------
    def registry(self, name: str) -> _Registry:
        reg = self.registries.get(name)
        if reg is None:
            raise _not_found(f"Registry with name '{name}' does not exist.")
        return reg

    def schema(self, registry: str, name: str) -> _Schema:
        schema = self.registry(registry).schemas.get(name)
        if schema is None:
            raise _not_found(f"Schema with name '{name}' does not exist in registry '{registry}'.")
        return schema

    def writable(self, registry: str) -> _Registry:
        reg = self.registry(registry)
        if reg.scope == "AWS":
            raise WireError(403, "ForbiddenException", f"Registry '{registry}' is read-only.")
        return reg

    def resource(self, arn: str) -> _Registry | _Schema:
        for reg in self.registries.values():
            if reg.arn == arn:
                return reg
            for schema in reg.schemas.values():
                if schema.arn == arn:
                    return schema
        raise _not_found(f"Resource '{arn}' does not exist.")

    # --- shapes ---------------------------------------------------------------------------
    @staticmethod
    def registry_out(reg: _Registry) -> dict[str, Any]:
        return {
            "RegistryName": reg.name,
            "RegistryArn": reg.arn,
            "Description": reg.description,
            "Tags": dict(reg.tags),
        }

    @staticmethod
    def schema_out(schema: _Schema, version: _Version, content: bool = False) -> dict[str, Any]:
        out = {
            "SchemaArn": schema.arn,
            "SchemaName": schema.name,
            "SchemaVersion": str(version.number),
            "Type": version.type,
            "Description": schema.description,
            "LastModified": schema.modified,
            "VersionCreatedDate": version.created,
            "Tags": dict(schema.tags),
        }
        if content:
            out["Content"] = version.content
        return out


def _check_tags(tags: Mapping[str, str]) -> dict[str, str]:
    if len(tags) > 50:
        raise _bad("A resource can have at most 50 tags.")
    for key, value in tags.items():
        if not 1 <= len(key) <= 128 or len(value) > 256 or key.lower().startswith("aws:"):
            raise _bad(f"Invalid tag {key!r}: keys are 1-128 characters, values at most 256.")
    return dict(tags)


def _check_content(content: str, kind: str) -> None:
    if not 1 <= len(content) <= CONTENT_LIMIT:
        raise _bad(f"Content must be 1-{CONTENT_LIMIT} characters, got {len(content)}.")
    if kind not in ("OpenApi3", "JSONSchemaDraft4"):
        raise _bad(f"Invalid Type '{kind}': expected OpenApi3 or JSONSchemaDraft4.")
    try:
        parsed = json.loads(content)
    except ValueError:
        raise _bad("Content is not valid JSON.") from None
    if not isinstance(parsed, dict) or (
        kind == "OpenApi3" and not str(parsed.get("openapi", "")).startswith("3.")
    ):
        raise _bad(f"Content is not a valid {kind} document.")


def _page(items: list[Any], params: Mapping[str, Any], scope: str) -> tuple[list[Any], str | None]:
    limit = params.get("Limit", DEFAULT_PAGE)
    if not 1 <= limit <= 100:
        raise _bad("Limit must be between 1 and 100.")
    start = 0
    if "NextToken" in params:
        try:
            tscope, tstart = base64.urlsafe_b64decode(params["NextToken"]).decode().split("|")
            start = int(tstart)
        except ValueError:
            raise _bad("Invalid NextToken.") from None
        if tscope != scope:
            raise _bad("Invalid NextToken.")
    end = start + limit
    token = (
        base64.urlsafe_b64encode(f"{scope}|{end}".encode()).decode() if end < len(items) else None
    )
    return items[start:end], token


Handler = Callable[[_State, dict[str, Any]], dict[str, Any] | None]
_HANDLERS: dict[str, Handler] = {}


def _op(func: Handler) -> Handler:
    _HANDLERS[func.__name__.lstrip("_")] = func
    return func


@_op
def _CreateRegistry(s: _State, p: dict[str, Any]) -> dict[str, Any]:
    name = p["RegistryName"]
    if not _REGISTRY_NAME.match(name) or name.lower().startswith("aws."):
        raise _bad(f"Invalid registry name '{name}': 1-64 of [.-_A-Za-z0-9], not 'aws.'.")
    if name in s.registries:
        raise WireError(409, "ConflictException", f"Registry with name '{name}' already exists.")
    reg = _Registry(
        name,
        s._arn("registry", name),
        p.get("Description"),
        _check_tags(p.get("Tags", {})),
        "Local",
    )
    s.registries[name] = reg
    return s.registry_out(reg)


@_op
def _DescribeRegistry(s: _State, p: dict[str, Any]) -> dict[str, Any]:
    return s.registry_out(s.registry(p["RegistryName"]))


@_op
def _UpdateRegistry(s: _State, p: dict[str, Any]) -> dict[str, Any]:
    reg = s.writable(p["RegistryName"])
    if "Description" in p:
        reg.description = p["Description"]
    return s.registry_out(reg)


@_op
def _DeleteRegistry(s: _State, p: dict[str, Any]) -> None:
    s.writable(p["RegistryName"])
    del s.registries[p["RegistryName"]]


@_op
def _ListRegistries(s: _State, p: dict[str, Any]) -> dict[str, Any]:
    regs = sorted(s.registries.values(), key=lambda r: r.name)
    scope = p.get("Scope")
    if scope is not None and scope not in ("Local", "AWS"):
        raise _bad("Scope must be Local or AWS.")
    regs = [r for r in regs if (scope is None or r.scope == scope)]
    regs = [r for r in regs if r.name.startswith(p.get("RegistryNamePrefix", ""))]
    page, token = _page(regs, p, "registries")
    items = [{"RegistryName": r.name, "RegistryArn": r.arn, "Tags": dict(r.tags)} for r in page]
    return {"Registries": items, "NextToken": token}


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


@_op
def _CreateSchema(s: _State, p: dict[str, Any]) -> dict[str, Any]:
    reg = s.writable(p["RegistryName"])
    name = p["SchemaName"]
    if not _SCHEMA_NAME.match(name):
        raise _bad(f"Invalid schema name '{name}': 1-385 of [.-_A-Za-z0-9@].")
    if name in reg.schemas:
        # Not modelled for CreateSchema; assumed (docs/sync.md).
        raise WireError(409, "ConflictException", f"Schema with name '{name}' already exists.")
    _check_content(p["Content"], p["Type"])
    schema = _Schema(
        reg.name,
        name,
        s._arn("schema", f"{reg.name}/{name}"),
        p.get("Description"),
        _check_tags(p.get("Tags", {})),
    )
    version = _Version(1, p["Content"], p["Type"], _now())
    schema.versions.append(version)
    schema.next_number = 2
    reg.schemas[name] = schema
    return s.schema_out(schema, version)


@_op
def _UpdateSchema(s: _State, p: dict[str, Any]) -> dict[str, Any]:
    s.writable(p["RegistryName"])
    schema = s.schema(p["RegistryName"], p["SchemaName"])
    token = p.get("ClientTokenId")
    if token is not None and len(token) > 36:
        raise _bad("ClientTokenId must be at most 36 characters.")
    if token in schema.tokens:
        return schema.tokens[token]
    if "Description" in p:
        schema.description = p["Description"]
    latest = schema.versions[-1]
    if "Content" in p or "Type" in p:
        kind = p.get("Type", latest.type)
        content = p.get("Content", latest.content)
        _check_content(content, kind)
        latest = _Version(schema.next_number, content, kind, _now())
        schema.versions.append(latest)
        schema.next_number += 1
    schema.modified = _now()
    out = s.schema_out(schema, latest)
    if token is not None:
        schema.tokens[token] = out
    return out


def _find_version(schema: _Schema, version: str | None) -> _Version:
    if version is None:
        return schema.versions[-1]
    for v in schema.versions:
        if str(v.number) == version:
            return v
    raise _not_found(f"Version '{version}' of schema '{schema.name}' does not exist.")


@_op
def _DescribeSchema(s: _State, p: dict[str, Any]) -> dict[str, Any]:
    schema = s.schema(p["RegistryName"], p["SchemaName"])
    return s.schema_out(schema, _find_version(schema, p.get("SchemaVersion")), content=True)


@_op
def _DeleteSchema(s: _State, p: dict[str, Any]) -> None:
    s.writable(p["RegistryName"])
    s.schema(p["RegistryName"], p["SchemaName"])
    del s.registries[p["RegistryName"]].schemas[p["SchemaName"]]


@_op
def _DeleteSchemaVersion(s: _State, p: dict[str, Any]) -> None:
    s.writable(p["RegistryName"])
    schema = s.schema(p["RegistryName"], p["SchemaName"])
    version = _find_version(schema, p["SchemaVersion"])
    if len(schema.versions) == 1:
        raise _bad("Cannot delete the only version of a schema; delete the schema instead.")
    schema.versions.remove(version)


@_op
def _ListSchemas(s: _State, p: dict[str, Any]) -> dict[str, Any]:
    reg = s.registry(p["RegistryName"])
    prefix = p.get("SchemaNamePrefix", "")
    schemas = [reg.schemas[n] for n in sorted(reg.schemas) if n.startswith(prefix)]
    page, token = _page(schemas, p, f"schemas/{reg.name}")
    items = [
        {
            "SchemaName": x.name,
            "SchemaArn": x.arn,
            "LastModified": x.modified,
            "VersionCount": len(x.versions),
            "Tags": dict(x.tags),
        }
        for x in page
    ]
    return {"Schemas": items, "NextToken": token}


@_op
def _ListSchemaVersions(s: _State, p: dict[str, Any]) -> dict[str, Any]:
    schema = s.schema(p["RegistryName"], p["SchemaName"])
    page, token = _page(schema.versions, p, f"versions/{schema.arn}")
    items = [
        {
            "SchemaArn": schema.arn,
            "SchemaName": schema.name,
            "SchemaVersion": str(v.number),
            "Type": v.type,
        }
        for v in page
    ]
    return {"SchemaVersions": items, "NextToken": token}


@_op
def _SearchSchemas(s: _State, p: dict[str, Any]) -> dict[str, Any]:
    reg = s.registry(p["RegistryName"])
    words = p["Keywords"].lower()
    hits = [reg.schemas[n] for n in sorted(reg.schemas) if words in n.lower()]
    page, token = _page(hits, p, f"search/{reg.name}/{words}")
    items = [
        {
            "RegistryName": reg.name,
            "SchemaArn": x.arn,
            "SchemaName": x.name,
            "SchemaVersions": [
                {"SchemaVersion": str(v.number), "Type": v.type, "CreatedDate": v.created}
                for v in x.versions
            ],
        }
        for x in page
    ]
    return {"Schemas": items, "NextToken": token}


@_op
def _TagResource(s: _State, p: dict[str, Any]) -> None:
    res = s.resource(p["ResourceArn"])
    res.tags = _check_tags({**res.tags, **p["Tags"]})


@_op
def _UntagResource(s: _State, p: dict[str, Any]) -> None:
    res = s.resource(p["ResourceArn"])
    for key in p["TagKeys"]:
        res.tags.pop(key, None)


@_op
def _ListTagsForResource(s: _State, p: dict[str, Any]) -> dict[str, Any]:
    return {"Tags": dict(s.resource(p["ResourceArn"]).tags)}


IMPLEMENTED = frozenset(_HANDLERS)


class StandinServer:
    """The stand-in, running on 127.0.0.1 in a daemon thread.

    Args:
        port: 0 picks a free port.
        latency: seconds slept per request (outside the state lock), to behave like a remote
            service when measuring concurrency; 0 by default.
        aws_schemas: `{schema name: OpenApi3 content}` to seed the read-only `aws.events`.
    """

    def __init__(
        self,
        *,
        port: int = 0,
        latency: float = 0.0,
        region: str = "us-east-1",
        aws_schemas: Mapping[str, str] | None = None,
    ) -> None:
        load_model()
        self.latency = latency
        self.state = _State(region)
        self.calls: list[str] = []
        self.faults: list[Fault] = []
        for name, content in (aws_schemas or {}).items():
            self.seed(AWS_REGISTRY, name, content)
        self._httpd = ThreadingHTTPServer(("127.0.0.1", port), self._handler_class())
        self._httpd.daemon_threads = True
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        host, port = self._httpd.server_address[:2]
        return f"http://{host!s}:{port}"

    def seed(self, registry: str, name: str, content: str, kind: str = "OpenApi3") -> None:
        """Put a schema straight into any registry (including read-only `aws.events`)."""
        with self.state.lock:
            reg = self.state.registry(registry)
            schema = reg.schemas.get(name)
            if schema is None:
                arn = self.state._arn("schema", f"{registry}/{name}")
                schema = reg.schemas[name] = _Schema(registry, name, arn, None, {})
            schema.versions.append(_Version(schema.next_number, content, kind, _now()))
            schema.next_number += 1

    def fail(self, operation: str | None = None, **kwargs: Any) -> Fault:
        """Inject a failure (see `Fault`); returns it so a test can inspect it."""
        fault = Fault(operation, **kwargs)
        with self.state.lock:
            self.faults.append(fault)
        return fault

    def write_calls(self) -> list[str]:
        """The write operations received so far, in order."""
        return [c for c in self.calls if c in WRITE_OPERATIONS]

    def start(self) -> StandinServer:
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()
        if self._thread is not None:
            self._thread.join()

    def __enter__(self) -> StandinServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def _dispatch(self, method: str, path: str, body: bytes) -> tuple[int, Any]:
        found = match_route(method, path)
        name = found[0].operation.name if found else "?"
        if found is None or name not in IMPLEMENTED:
            raise WireError(
                404, "UnknownOperationException", f"Unknown operation {method} {path.split('?')[0]}"
            )
        route, labels = found
        with self.state.lock:
            self.calls.append(name)
            fault = next((f for f in self.faults if f.hit(name)), None)
        if fault is not None and not fault.applied:
            raise WireError(fault.status, fault.code, f"injected {fault.code}")
        params = parse_input(route, labels, path, body)
        with self.state.lock:
            result = _HANDLERS[name](self.state, params)
        if fault is not None:
            raise WireError(fault.status, fault.code, f"injected {fault.code} (after applying)")
        return route.operation.http.get("responseCode", 200), serialize(
            route.operation.output_shape, result
        )

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class _Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            disable_nagle_algorithm = True  # headers and body go out as separate writes

            def log_message(self, format: str, *args: Any) -> None:  # quiet
                return

            def _serve(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                if server.latency:
                    time.sleep(server.latency)
                headers: dict[str, str] = {}
                try:
                    status, payload = server._dispatch(self.command, self.path, body)
                except WireError as err:
                    status, headers = err.status, {"x-amzn-ErrorType": err.code}
                    payload = {"Code": err.code, "Message": err.message}
                    if err.code == "UnknownOperationException":
                        payload = {"message": err.message}
                except Exception as exc:  # a stand-in bug must still answer like AWS
                    status, headers = 500, {"x-amzn-ErrorType": "InternalServerErrorException"}
                    payload = {"Code": "InternalServerErrorException", "Message": repr(exc)}
                data = b"" if payload is None else json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.send_header("x-amzn-RequestId", "standin")
                for key, value in headers.items():
                    self.send_header(key, value)
                self.end_headers()
                self.wfile.write(data)

            do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = do_HEAD = _serve

        return _Handler


@contextmanager
def serve(*, latency: float = 0.0, aws_schemas: Mapping[str, str] | None = None) -> Iterator[str]:
    """Run a stand-in for the duration of the block and yield its endpoint URL."""
    with StandinServer(latency=latency, aws_schemas=aws_schemas) as server:
        yield server.url


def main(argv: list[str] | None = None) -> None:
    """`python -m eventkit_registry_sync.standin [--port N] [--latency S]`."""
    parser = argparse.ArgumentParser(description="Schema Registry stand-in on 127.0.0.1")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--latency", type=float, default=0.0, help="seconds per request")
    args = parser.parse_args(argv)
    with StandinServer(port=args.port, latency=args.latency) as server:
        print(f"Schema Registry stand-in on {server.url} (Ctrl-C stops)", flush=True)
        with suppress(KeyboardInterrupt):
            threading.Event().wait()


if __name__ == "__main__":
    main()
