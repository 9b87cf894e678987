"""Reading one HTTP request off a socket, for the tests' fault-injecting proxies in front of
moto_server (they forward it, then lose, replace or pass on the answer)."""

from __future__ import annotations

import contextlib
import http.client
import socket
import threading

from eventkit.testing import MotoServer, free_port


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


class ProxyInFront:
    """A one-thread HTTP server in front of moto_server for fault injection: `serve` (the
    subclass's) takes each connection with `accept`, sends some to moto_server with `forward`
    and answers others itself with `answer`. Set the subclass's own attributes before calling
    `__init__`: it starts serving."""

    def __init__(self, moto: MotoServer) -> None:
        self.moto = moto
        self.port = free_port()
        self.forwarded: list[int] = []  # moto_server's status for each forwarded request
        self._listener = socket.socket()
        self._listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._listener.bind(("127.0.0.1", self.port))
        self._listener.listen(8)
        self._listener.settimeout(30)
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def serve(self) -> None:
        raise NotImplementedError

    def _run(self) -> None:
        with contextlib.suppress(OSError):  # the listener closed: the test is over
            self.serve()

    def accept(self) -> socket.socket:
        conn, _ = self._listener.accept()
        conn.settimeout(10)
        return conn

    def forward(self, conn: socket.socket) -> None:
        """Send the request on `conn` to moto_server; its answer is not passed back."""
        method, path, headers, body = read_request(conn)
        upstream = http.client.HTTPConnection(self.moto.host, self.moto.port, timeout=10)
        upstream.request(method, path, body, headers)
        self.forwarded.append(upstream.getresponse().status)
        upstream.close()

    def relay(self, conn: socket.socket, request: tuple[str, str, dict[str, str], bytes]) -> None:
        """Send `request` (read off `conn`) to moto_server and its answer back on `conn`."""
        method, path, headers, body = request
        upstream = http.client.HTTPConnection(self.moto.host, self.moto.port, timeout=10)
        upstream.request(method, path, body, headers)
        response = upstream.getresponse()
        self.forwarded.append(response.status)
        answer(conn, f"{response.status} {response.reason}", response.read())
        upstream.close()

    def stop_listening(self) -> None:
        """From now on: connection refused."""
        self._listener.close()

    def close(self) -> None:
        self._listener.close()
        self._thread.join(timeout=5)


def answer(conn: socket.socket, status: str, body: bytes) -> None:
    """An AWS JSON answer (`status`: "200 OK") on `conn`."""
    conn.sendall(
        f"HTTP/1.1 {status}\r\n".encode()
        + b"Content-Type: application/x-amz-json-1.1\r\n"
        + b"Connection: close\r\n"
        + f"Content-Length: {len(body)}\r\n\r\n".encode()
        + body
    )
