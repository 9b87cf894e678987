"""A real local EventBridge + SQS: `moto_server` started on 127.0.0.1 and a free port.

`MotoServer` starts the server as a child process (``python -m moto.server``), waits
until it answers, and stops it by its process id. `provision_bus` creates a bus, one
rule per pattern and an SQS queue as each rule's target; `receive_events` drains a
queue into the delivered EventBridge envelopes. Tests and `eventkit demo` use them.
"""

from __future__ import annotations

import atexit
import contextlib
import hashlib
import importlib.util
import json
import os
import re
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Mapping
from dataclasses import dataclass
from types import TracebackType
from typing import Any, Self

from eventkit.errors import SettingError

__all__ = ["MotoServer", "RuleQueue", "free_port", "provision_bus", "receive_events"]


# What `python -m moto.server` imports before it can serve (moto, and its `server` extra's
# web framework).
_SERVER_MODULES = ("moto", "flask", "flask_cors")


# Servers started and not yet stopped: stopped when the interpreter exits, so a server whose
# owner never called stop() (a test that failed before it, a script that forgot) does not
# outlive the process as an orphan holding its port.
_running: set[subprocess.Popen[bytes]] = set()


@atexit.register
def _stop_left_running() -> None:
    for process in list(_running):
        _end(process)


def _end(process: subprocess.Popen[bytes]) -> None:
    """Terminate `process` (kill it after 5 s) and reap it."""
    _running.discard(process)
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)


def free_port(host: str = "127.0.0.1") -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((host, 0))
        return int(s.getsockname()[1])


class MotoServer:
    """`moto_server` in a child process, for the length of a `with` block (one never stopped
    is stopped when the interpreter exits).

    Args:
        host: interface to bind (default 127.0.0.1: never reachable from elsewhere).
        port: TCP port (default: a free one).
        region: region of the clients made by `client()`.
        startup_timeout: seconds to wait for the server to answer.

    Example:
        ```python
        with MotoServer() as moto:
            events = moto.client("events")
            sqs = moto.client("sqs")
            routes = provision_bus(events, sqs, "shop-events", {"payments": {"source": ["shop.orders"]}})
        ```
    """

    def __init__(
        self,
        *,
        host: str = "127.0.0.1",
        port: int | None = None,
        region: str = "us-east-1",
        startup_timeout: float = 30.0,
    ) -> None:
        self.host = host
        self.port = port or free_port(host)
        self.region = region
        self.startup_timeout = startup_timeout
        self.process: subprocess.Popen[bytes] | None = None
        self._log: Any = None

    @property
    def url(self) -> str:
        """The endpoint URL to give boto3 (``endpoint_url=``)."""
        return f"http://{self.host}:{self.port}"

    @property
    def pid(self) -> int | None:
        return self.process.pid if self.process else None

    def start(self) -> Self:
        """Start the server and wait until it answers; raise RuntimeError with its log if not.

        Raises:
            SettingError: something already listens on `port` (``setting="port"``).
            RuntimeError: moto is not installed, or the server did not start (its log).
        """
        if self.process is not None:
            return self
        # moto is no dependency of eventkit (nor of an extra): say so at once rather than
        # report a server that "did not start". Plain `moto` (for its in-process mocks) lacks
        # what its server imports first (flask, flask_cors: the `server` extra).
        missing = [name for name in _SERVER_MODULES if importlib.util.find_spec(name) is None]
        if missing:
            raise RuntimeError(
                f"moto_server needs moto with its server extra; not installed: "
                f"{', '.join(missing)}: pip install 'moto[server]' in the test environment"
            )
        if self._listening():
            # Answers on that port would come from the other server (another test session's
            # moto_server, say): this one would share its state and stop a process it never ran.
            raise SettingError(
                f"MotoServer cannot start on {self.url}: something already listens on port "
                f"{self.port} (another moto_server?); it starts a server of its own, never "
                "shares one",
                setting="port",
                value=str(self.port),
                hint="pass no port (a free one is picked), or stop what listens there",
            )
        self._log = tempfile.TemporaryFile()  # noqa: SIM115 - lives as long as the server
        env = {**os.environ, "MOTO_PORT": str(self.port)}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "moto.server", "-H", self.host, "-p", str(self.port)],
            stdout=self._log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            env=env,
        )
        _running.add(self.process)
        deadline = time.monotonic() + self.startup_timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                break
            # Ours only once it says it bound the port: until then (or if it cannot bind),
            # an answer would come from whatever took the port meanwhile.
            if self._bound() and self._answers():
                return self
            time.sleep(0.05)
        log = self._read_log()
        self.stop()
        raise RuntimeError(
            f"moto_server did not start on {self.url} within {self.startup_timeout}s; "
            f"its output:\n{log[-2000:]}"
        )

    def _listening(self) -> bool:
        try:
            with socket.create_connection((self.host, self.port), timeout=0.5):
                return True
        except OSError:  # refused, or a host that cannot be reached: nothing to attach to
            return False

    def _bound(self) -> bool:
        """Whether the child said it serves on its port (werkzeug's "Running on" line)."""
        if self._log is None:
            return False
        # pread: the child writes at the offset it shares with this file object; moving it
        # (seek) while the child runs would have it write over its own log
        fd = self._log.fileno()
        log = os.pread(fd, os.fstat(fd).st_size, 0).decode(errors="replace")
        return "Running on" in log and f":{self.port}" in log

    def _answers(self) -> bool:
        try:
            with urllib.request.urlopen(f"{self.url}/moto-api/", timeout=0.5) as response:
                return bool(response.status == 200)
        except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
            return False

    def _read_log(self) -> str:
        if self._log is None:
            return ""
        self._log.seek(0)
        return str(self._log.read().decode(errors="replace"))

    def stop(self) -> None:
        """Stop the server by its process id (terminate, then kill after 5 s)."""
        process, self.process = self.process, None
        if process is not None:
            _end(process)
        if self._log is not None:
            self._log.close()
            self._log = None

    def reset(self) -> None:
        """Forget every resource (buses, rules, queues): a clean slate between tests."""
        request = urllib.request.Request(f"{self.url}/moto-api/reset", method="POST")
        with urllib.request.urlopen(request, timeout=5):
            pass

    def client(self, service: str, **kwargs: Any) -> Any:
        """A boto3 client for `service` pointed at this server (fake credentials)."""
        import boto3

        options: dict[str, Any] = {
            "endpoint_url": self.url,
            "region_name": self.region,
            "aws_access_key_id": "testing",
            "aws_secret_access_key": "testing",
        }
        options.update(kwargs)
        session: Any = boto3.session.Session()
        return session.client(service, **options)

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    def __repr__(self) -> str:
        return f"MotoServer({self.url}, pid={self.pid})"


@dataclass(frozen=True, slots=True)
class RuleQueue:
    """A rule and the SQS queue it delivers to."""

    rule_name: str
    rule_arn: str
    queue_url: str
    queue_arn: str


def provision_bus(
    events: Any,
    sqs: Any,
    bus_name: str,
    rules: Mapping[str, Mapping[str, Any] | str],
    *,
    queue_prefix: str | None = None,
) -> dict[str, RuleQueue]:
    """Create `bus_name` (unless it exists), and for each `rules` item (name -> event
    pattern) an SQS queue and a rule targeting it. Idempotent; returns name -> RuleQueue.
    Each queue is named `<queue_prefix or bus_name>-<rule>`; where SQS would refuse that
    (a `.` or `/`, more than 80 characters), a name SQS takes, ending in a digest of it.

    The patterns are validated with `eventkit.patterns.validate_pattern` first: moto
    accepts most patterns AWS rejects.
    """
    from eventkit.patterns import validate_pattern

    for pattern in rules.values():
        validate_pattern(pattern if isinstance(pattern, str) else dict(pattern))
    with contextlib.suppress(events.exceptions.ResourceAlreadyExistsException):
        events.create_event_bus(Name=bus_name)
    created: dict[str, RuleQueue] = {}
    for name, pattern in rules.items():
        queue_name = _queue_name(f"{queue_prefix or bus_name}-{name}")
        queue_url = sqs.create_queue(QueueName=queue_name)["QueueUrl"]
        queue_arn = sqs.get_queue_attributes(QueueUrl=queue_url, AttributeNames=["QueueArn"])[
            "Attributes"
        ]["QueueArn"]
        text = pattern if isinstance(pattern, str) else json.dumps(pattern)
        rule_arn = events.put_rule(Name=name, EventBusName=bus_name, EventPattern=text)["RuleArn"]
        events.put_targets(
            Rule=name,
            EventBusName=bus_name,
            Targets=[{"Id": f"{name}-queue"[:64], "Arn": queue_arn}],
        )
        policy = {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Effect": "Allow",
                    "Principal": {"Service": "events.amazonaws.com"},
                    "Action": "sqs:SendMessage",
                    "Resource": queue_arn,
                    "Condition": {"ArnEquals": {"aws:SourceArn": rule_arn}},
                }
            ],
        }
        sqs.set_queue_attributes(QueueUrl=queue_url, Attributes={"Policy": json.dumps(policy)})
        created[name] = RuleQueue(name, rule_arn, queue_url, queue_arn)
    return created


# What SQS accepts in a (standard) queue name; bus and rule names may also hold `.` and `/`.
_QUEUE_CHARACTERS = re.compile(r"[^A-Za-z0-9_-]")
_QUEUE_NAME_MAX = 80


def _queue_name(wanted: str) -> str:
    """`wanted` as an SQS queue name, unchanged when SQS accepts it; else its characters SQS
    refuses made `-`, shortened, and a digest of `wanted` appended, so two rules never share a
    queue (each rule's queue must receive only what that rule matched) and a re-run finds its
    own queue again."""
    name = _QUEUE_CHARACTERS.sub("-", wanted)
    if name == wanted and len(name) <= _QUEUE_NAME_MAX:
        return name
    digest = hashlib.sha256(wanted.encode()).hexdigest()[:12]
    return f"{name[: _QUEUE_NAME_MAX - len(digest) - 1]}-{digest}"


def receive_events(
    sqs: Any,
    queue_url: str,
    *,
    expected: int | None = None,
    timeout: float = 5.0,
    delete: bool = True,
) -> list[dict[str, Any]]:
    """Drain `queue_url` into the EventBridge envelopes delivered there.

    Reads until the queue is empty, or until `expected` envelopes arrived (waiting up
    to `timeout` seconds for them).
    """
    envelopes: list[dict[str, Any]] = []
    deadline = time.monotonic() + timeout
    while True:
        response = sqs.receive_message(
            QueueUrl=queue_url, MaxNumberOfMessages=10, WaitTimeSeconds=0, VisibilityTimeout=30
        )
        messages = response.get("Messages", [])
        for message in messages:
            envelopes.append(json.loads(message["Body"]))
        if delete and messages:
            sqs.delete_message_batch(
                QueueUrl=queue_url,
                Entries=[
                    {"Id": str(i), "ReceiptHandle": m["ReceiptHandle"]}
                    for i, m in enumerate(messages)
                ],
            )
        if messages:
            continue
        if expected is None or len(envelopes) >= expected or time.monotonic() >= deadline:
            return envelopes
        time.sleep(0.05)
