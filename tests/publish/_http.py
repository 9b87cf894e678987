"""Reading one HTTP request off a socket, for the tests' fault-injecting proxies in front of
moto_server (they forward it, then lose or replace the answer)."""

from __future__ import annotations

import socket


def read_request(conn: socket.socket) -> tuple[str, str, dict[str, str], bytes]:
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = conn.recv(65536)
        if not chunk:
            raise ConnectionError("client went away")
        data += chunk
    head, body = data.split(b"\r\n\r\n", 1)
    lines = head.decode().split("\r\n")
    method, path, _ = lines[0].split(" ", 2)
    headers = dict(line.split(": ", 1) for line in lines[1:])
    length = int(next(v for k, v in headers.items() if k.lower() == "content-length"))
    while len(body) < length:
        chunk = conn.recv(65536)
        if not chunk:
            raise ConnectionError("client went away")
        body += chunk
    return method, path, headers, body
