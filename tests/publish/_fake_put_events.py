"""A tiny PutEvents endpoint on 127.0.0.1 for what moto_server cannot answer (entries failed
in a 200, throttling, a dropped connection), and a bus that publishes to it through the real
EventBridge transport (boto3 does the serialization)."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from botocore.config import Config

from eventkit.publishing import EventBus, RetryPolicy
from eventkit.transports import EventBridgeTransport

__all__ = ["Answer", "FakePutEvents", "bus_on", "drop", "fail_at", "ok_all", "throttle"]

Answer = Callable[[list[dict[str, Any]]], tuple[int, dict[str, Any]] | None]


class FakePutEvents:
    """A PutEvents endpoint on 127.0.0.1: `answers` decide each response (None: drop the connection)."""

    def __init__(self) -> None:
        self.requests: list[list[dict[str, Any]]] = []
        self.answers: list[Answer] = []
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                assert self.headers["X-Amz-Target"] == "AWSEvents.PutEvents"
                entries = body["Entries"]
                fake.requests.append(entries)
                answer = fake.answers.pop(0) if fake.answers else ok_all
                reply = answer(entries)
                if reply is None:
                    self.close_connection = True
                    return
                status, payload = reply
                data = json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/x-amz-json-1.1")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, args=(0.05,), daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def ok_all(entries: list[dict[str, Any]]) -> tuple[int, dict[str, Any]]:
    return 200, {
        "FailedEntryCount": 0,
        "Entries": [{"EventId": f"id-{i}"} for i in range(len(entries))],
    }


def fail_at(*positions: int, code: str = "ThrottlingException") -> Answer:
    def answer(entries: list[dict[str, Any]]) -> tuple[int, dict[str, Any]]:
        results = [
            {"ErrorCode": code, "ErrorMessage": "Rate exceeded"}
            if i in positions
            else {"EventId": f"id-{i}"}
            for i in range(len(entries))
        ]
        return 200, {"FailedEntryCount": len(positions), "Entries": results}

    return answer


def throttle(entries: list[dict[str, Any]]) -> tuple[int, dict[str, Any]]:
    return 400, {"__type": "ThrottlingException", "message": "Rate exceeded"}


def drop(entries: list[dict[str, Any]]) -> None:
    return None


def bus_on(url: str, *, attempts: int = 2) -> EventBus:
    transport = EventBridgeTransport(
        endpoint_url=url,
        region_name="us-east-1",
        config=Config(
            retries={"mode": "standard", "total_max_attempts": attempts},
            connect_timeout=2,
            read_timeout=5,
        ),
    )
    return EventBus(
        "shop-events",
        transport=transport,
        producer="orders",
        retry=RetryPolicy(jitter=False, sleep=lambda s: None),
    )
