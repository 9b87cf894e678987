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
import json
import threading
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from eventkit_registry_sync._standin_ops import (
    CONTENT_LIMIT,
    HANDLERS,
    IMPLEMENTED,
    WRITE_OPERATIONS,
)
from eventkit_registry_sync._standin_state import AWS_REGISTRY, State
from eventkit_registry_sync._wire import WireError, load_model, match_route, parse_input, serialize

__all__ = [
    "AWS_REGISTRY",
    "CONTENT_LIMIT",
    "IMPLEMENTED",
    "LIST_TAGS",
    "Fault",
    "StandinServer",
    "serve",
]

LIST_TAGS = ("full", "empty", "absent")


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


class _Server(ThreadingHTTPServer):
    request_queue_size = 128  # concurrent syncs open many connections at once
    daemon_threads = True


class StandinServer:
    """The stand-in, running on 127.0.0.1 in a daemon thread.

    Args:
        port: 0 picks a free port.
        latency: seconds slept per request (outside the state lock), to behave like a remote
            service when measuring concurrency; 0 by default.
        aws_schemas: `{schema name: OpenApi3 content}` to seed the read-only `aws.events`.
        list_tags: what `ListSchemas` items carry as `Tags`: `"full"` (the schema's tags),
            `"empty"` (`{}`) or `"absent"` (no member). AWS does not document which it does;
            `ListTagsForResource` always answers the tags.
    """

    def __init__(
        self,
        *,
        port: int = 0,
        latency: float = 0.0,
        region: str = "us-east-1",
        aws_schemas: Mapping[str, str] | None = None,
        list_tags: str = "full",
    ) -> None:
        load_model()
        if list_tags not in LIST_TAGS:
            raise ValueError(f"list_tags must be one of {LIST_TAGS}, not {list_tags!r}")
        self.latency = latency
        self.state = State(region, list_tags)
        self.calls: list[str] = []
        self.faults: list[Fault] = []
        for name, content in (aws_schemas or {}).items():
            self.seed(AWS_REGISTRY, name, content)
        self._httpd = _Server(("127.0.0.1", port), self._handler_class())
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        host, port = self._httpd.server_address[:2]
        return f"http://{host!s}:{port}"

    def seed(self, registry: str, name: str, content: str, kind: str = "OpenApi3") -> None:
        """Put a schema straight into any registry (including read-only `aws.events`)."""
        with self.state.lock:
            self.state.seed(registry, name, content, kind)

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
            result = HANDLERS[name](self.state, params)
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
def serve(
    *,
    latency: float = 0.0,
    aws_schemas: Mapping[str, str] | None = None,
    list_tags: str = "full",
) -> Iterator[str]:
    """Run a stand-in for the duration of the block and yield its endpoint URL."""
    with StandinServer(latency=latency, aws_schemas=aws_schemas, list_tags=list_tags) as server:
        yield server.url


def main(argv: list[str] | None = None) -> None:
    """`python -m eventkit_registry_sync.standin [--port N] [--latency S]`."""
    parser = argparse.ArgumentParser(description="Schema Registry stand-in on 127.0.0.1")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--latency", type=float, default=0.0, help="seconds per request")
    parser.add_argument(
        "--list-tags", choices=LIST_TAGS, default="full", help="Tags in ListSchemas items"
    )
    args = parser.parse_args(argv)
    with StandinServer(port=args.port, latency=args.latency, list_tags=args.list_tags) as server:
        print(f"Schema Registry stand-in on {server.url} (Ctrl-C stops)", flush=True)
        with suppress(KeyboardInterrupt):
            threading.Event().wait()


if __name__ == "__main__":
    main()
