"""`eventkit dlq inspect` and `redrive` print what dead-lettered messages hold (source,
detail-type, Lambda's error message, the keys of an unreadable body) on one line each, with
control characters escaped: a message's text never drives the operator's terminal (an escape
sequence) nor forges a line of its own (a line break)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from eventkit.testing import MotoServer
from tests.consume.dlq_queues import cli, detail, event_text, queue

pytestmark = pytest.mark.moto

ESC = "\x1b]52;c;ZXZpbA==\x07"  # OSC 52: writes the clipboard
FORGED = "\nerror: forged line"


def assert_safe(output: str) -> None:
    assert "\x1b" not in output
    assert "\x07" not in output
    assert not any(line.startswith("error: forged") for line in output.splitlines())


def test_inspect_escapes_what_the_messages_hold(moto_server: MotoServer) -> None:
    sqs = moto_server.client("sqs")
    dlq = queue(sqs, "dlq-text")
    sqs.send_message(
        QueueUrl=dlq,
        MessageBody=event_text(detail("e-1"), source=f"shop{ESC}{FORGED}"),
        MessageAttributes={
            "RequestID": {"DataType": "String", "StringValue": "r-1"},
            "ErrorCode": {"DataType": "Number", "StringValue": "200"},
            "ErrorMessage": {"DataType": "String", "StringValue": f"boom{ESC}"},
        },
    )
    sqs.send_message(QueueUrl=dlq, MessageBody=json.dumps({f"k{ESC}{FORGED}": 1}))
    result = cli(moto_server, "inspect", dlq)
    assert result.exit_code == 0, result.output
    assert "\\x1b" in result.output  # shown, escaped
    assert_safe(result.output)


def test_redrive_escapes_the_problems_it_lists(moto_server: MotoServer, tmp_path: Path) -> None:
    sqs = moto_server.client("sqs")
    dlq = queue(sqs, "dlq-text")
    sqs.send_message(
        QueueUrl=dlq, MessageBody=event_text(detail("e-1"), source=f"aws.x{ESC}{FORGED}")
    )
    result = cli(moto_server, "redrive", dlq, "--to-bus", "default", "--journal", str(tmp_path))
    assert result.exit_code == 3, result.output
    assert "skipped" in result.output
    assert_safe(result.output)
