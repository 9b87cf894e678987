"""An endpoint that answers a `NextToken` it answered before would make sync and pull list the
same page forever (a hang: thousands of requests a second); the listing is now refused when a
token comes back, as botocore's own paginators do."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from typer.testing import CliRunner

from eventkit.cli import app
from eventkit.errors import EXIT_USAGE

runner = CliRunner()
GIVE_UP = 50  # the endpoint stops repeating after this many listings (the old code then ends)


@pytest.fixture
def looping() -> Iterator[tuple[str, list[str]]]:
    listed: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            return

        def answer(self) -> None:
            self.rfile.read(int(self.headers.get("Content-Length") or 0))
            if "/schemas" in self.path:
                listed.append(self.path)
                more = {"NextToken": "again"} if len(listed) < GIVE_UP else {}
                doc: dict[str, object] = {"Schemas": [], **more}
            else:
                doc = {"RegistryArn": "arn:aws:schemas:us-east-1:1:registry/shop"}
            body = json.dumps(doc).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        do_GET = answer

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}", listed
    server.shutdown()
    server.server_close()


@pytest.mark.parametrize("command", ["sync", "pull"])
def test_a_repeated_next_token_is_refused(
    folder: Path, looping: tuple[str, list[str]], command: str
) -> None:
    url, listed = looping
    args = {
        "sync": ["sync", "--schemas", str(folder), "--dry-run"],
        "pull": ["pull", "--registry", "shop", "--schemas", str(folder)],
    }[command]
    result = runner.invoke(
        app, [*args, "--endpoint-url", url, "--region", "us-east-1", "--format", "json"]
    )
    assert result.exit_code == EXIT_USAGE, result.output
    error = json.loads(result.stdout)["error"]
    assert error["code"] == "registry-sync"
    assert "NextToken" in error["message"]
    assert len(listed) == 2
