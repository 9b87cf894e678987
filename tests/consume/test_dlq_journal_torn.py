"""The redrive journal after a crash in the middle of a write: the next runs keep counting
what was sent. A line cut after its message id still counts (lines are written only for
messages already sent); a later run's lines never merge into the torn one; garbage a crash
or a disk left behind (NUL bytes, a deeply nested line) is skipped, never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

from eventkit.deadletters import Journal

QUEUE = "https://sqs.us-east-1.amazonaws.com/123456789012/dlq"
TARGET = "bus:shop-events"


def journal(folder: Path) -> Journal:
    return Journal(folder, QUEUE, TARGET)


@pytest.mark.parametrize(
    "tail",
    [
        '{"message_id": "m-2", "ev',  # cut after the id: m-2 was sent
        '{"message_id": "m-2", "event_id": "e-2", "at": "2026-12-08T00:0',
        '{"message_id": "m-2"',
    ],
)
def test_a_line_cut_after_its_message_id_counts(tmp_path: Path, tail: str) -> None:
    first = journal(tmp_path)
    first.record([("m-1", "e-1")])
    with first.path.open("a") as file:
        file.write(tail)
    assert "m-2" in journal(tmp_path)


@pytest.mark.parametrize(
    "tail",
    ['{"message_id": "m-9', "\x00" * 64, '{"message_id": "m-9", "ev' + "\x00" * 16, "[" * 100_000],
)
def test_the_next_runs_lines_after_a_torn_tail_are_read_by_the_one_after(
    tmp_path: Path, tail: str
) -> None:
    first = journal(tmp_path)
    first.record([("m-1", "e-1")])
    with first.path.open("a") as file:
        file.write(tail)  # a crash mid-write: no line break at the end
    second = journal(tmp_path)  # garbage in it is no traceback
    assert "m-1" in second
    second.record([("m-3", "e-3"), ("m-4", "e-4")])
    third = journal(tmp_path)
    assert {"m-1", "m-3", "m-4"} <= third.done
    third.record([("m-5", "e-5")])
    assert {"m-1", "m-3", "m-4", "m-5"} <= journal(tmp_path).done
